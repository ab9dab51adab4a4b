import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The architecture's two rules, enforced where code is written (a test checks them too):
// the core and the renderer never import electron; the renderer never imports the core or server.
const noElectron = { name: 'electron', message: 'Only main/ and preload/ may import electron (DESIGN.md).' };

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.cache/', 'test-results/', 'playwright-report/', 'tests/**/fixtures/www/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', __dirname: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'console/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [{ group: ['**/src/core/**', '**/src/server/**', '**/src/host/**'], message: 'The renderer talks to the core only through window.agent and src/contract.' }],
        },
      ],
    },
  },
);
