// Lint rules: the recommended JavaScript and TypeScript sets plus the rules of hooks, which
// catch the bugs type-checking cannot (conditional hooks, missing effect dependencies).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
    {ignores: ['dist/', 'e2e/host/dist/', 'node_modules/']},
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ['**/*.{ts,tsx}'],
        languageOptions: {globals: globals.browser},
        plugins: {'react-hooks': reactHooks},
        rules: {
            ...reactHooks.configs.recommended.rules,
            'no-console': 'error',
        },
    },
    {
        files: ['**/*.js'],
        languageOptions: {sourceType: 'commonjs', globals: globals.node},
        rules: {'@typescript-eslint/no-require-imports': 'off'},
    },
    {
        // Node script whose waitForFunction callbacks run in the page.
        files: ['e2e/*.mjs'],
        languageOptions: {globals: {...globals.node, ...globals.browser}},
    },
);
