// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'build/**', 'data/**', 'server/db/migrations/**', 'scripts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Fastify plugins and hooks are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through server/env.ts.' },
      ],
    },
  },
  {
    files: ['web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // domain/ stays pure: no server, database, web or environment access.
    files: ['domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '../server', '**/web/**'],
              message: 'domain/ must not import server or web code.',
            },
            {
              group: [
                'pg',
                'drizzle-orm',
                'drizzle-orm/*',
                '@electric-sql/*',
                'fastify',
                'fastify*',
                '@fastify/*',
                'node:fs',
                'fs',
                'node:net',
                'node:child_process',
                'node:http',
              ],
              message: 'domain/ is pure: no I/O, database or HTTP.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'domain/ must not read process.' }],
    },
  },
  {
    // Routes stay thin: they call services, never repositories, document writers or jobs.
    files: ['server/routes/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/repositories/*', '**/documents/*', '**/jobs/*'],
              message: 'Routes call services (route → service → domain/repository).',
            },
          ],
        },
      ],
    },
  },
  {
    // Jobs call services; services name what they need from jobs as interfaces of their own (service-context.ts).
    // Document readers and writers take plain data: no services, repositories or jobs.
    files: ['server/services/**', 'server/documents/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/jobs/*'], message: 'Services must not import jobs (jobs call services).' }],
        },
      ],
    },
  },
  {
    files: ['server/documents/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/services/*', '**/db/repositories/*', '**/jobs/*'],
              message: 'Documents take plain data: they call no service or repository.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests of pure code may read fixture files and the test configuration.
    files: ['domain/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The only readers of process.env.
    files: ['server/env.ts', 'server/test/test-config.ts', 'vitest.config.ts', 'web/vite.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
