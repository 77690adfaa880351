// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What the pure core may not touch: I/O, the database, the network, the process, the clock. */
const FORBIDDEN_IN_DOMAIN = {
  patterns: [
    {
      group: [
        'node:*',
        'fs',
        'fs/*',
        'path',
        'os',
        'child_process',
        'http',
        'https',
        'net',
        'crypto',
        'worker_threads',
        'stream',
        'url',
      ],
      message: 'src/domain is pure: no Node.js I/O modules. Pass data in from a service.',
    },
    {
      group: [
        'pg',
        'pg-*',
        '@electric-sql/*',
        'drizzle-orm',
        'drizzle-orm/*',
        'postgres',
        'redis',
        'ioredis',
      ],
      message: 'src/domain is pure: no database. Repositories live in src/db.',
    },
    {
      group: ['fastify', 'fastify-*', '@fastify/*', 'nodemailer', 'undici', 'axios', 'pino'],
      message: 'src/domain is pure: no HTTP, mail or logging.',
    },
    {
      group: [
        '../db/*',
        '../services/*',
        '../api/*',
        '../cli/*',
        '../delivery/*',
        '../documents/*',
        '../server/*',
        '../formats/*',
      ],
      message: 'src/domain depends on nothing outside src/domain.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The web app runs in the browser.
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        localStorage: 'readonly',
        fetch: 'readonly',
        FormData: 'readonly',
        Blob: 'readonly',
        File: 'readonly',
        FileList: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        XMLHttpRequest: 'readonly',
        HTMLElement: 'readonly',
        HTMLDivElement: 'readonly',
        HTMLDetailsElement: 'readonly',
        MouseEvent: 'readonly',
        KeyboardEvent: 'readonly',
        Node: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
      },
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', FORBIDDEN_IN_DOMAIN],
      'no-restricted-globals': [
        'error',
        {
          name: 'Date',
          message:
            'src/domain has no clock and no time zones: use CalendarDate and take `today` as a parameter.',
        },
        { name: 'process', message: 'src/domain must not read the environment or the process.' },
        { name: 'fetch', message: 'src/domain does no I/O.' },
        { name: 'setTimeout', message: 'src/domain does not schedule work.' },
        { name: 'setInterval', message: 'src/domain does not schedule work.' },
        { name: 'performance', message: 'src/domain has no clock.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Temporal',
          property: 'Now',
          message: 'src/domain has no clock: take `today` as a parameter.',
        },
        { object: 'Math', property: 'random', message: 'src/domain is deterministic.' },
      ],
    },
  },
);
