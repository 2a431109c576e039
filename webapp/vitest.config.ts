import {defineConfig} from 'vitest/config';

export default defineConfig({
    test: {
        environment: 'jsdom',
        globals: true,
        setupFiles: ['./tests/setup.ts'],
        include: ['src/**/*.test.{ts,tsx}', 'e2e/host/src/**/*.test.{ts,tsx}'],
    },
});
