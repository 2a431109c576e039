import {defineConfig} from 'vitest/config';

export default defineConfig({
    test: {
        environment: 'jsdom',
        globals: true,
        setupFiles: ['./tests/setup.ts'],
        // Room for tests/setup.ts's 5 s findBy wait on a busy machine.
        testTimeout: 20000,
        include: ['src/**/*.test.{ts,tsx}', 'e2e/host/src/**/*.test.{ts,tsx}'],
    },
});
