import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'scripts/*.js', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A `default` branch is an explicit decision; a switch without one must name every member.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      curly: 'error',
      eqeqeq: 'error',
    },
  },
  {
    // Module boundaries: another module is reached through its public surface (service, DTOs,
    // events, domain types), never through its persistence (schemas, repositories).
    files: ['src/modules/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/schemas/*', '../../*/schemas/*', '../../../*/schemas/*'],
              message: "Another module's schemas are private; use its service, DTOs or domain types.",
            },
            {
              group: ['../*/*.repository', '../../*/*.repository', '../../../*/*.repository'],
              message: "Another module's repositories are private; use its exported service.",
            },
          ],
        },
      ],
    },
  },
  {
    // Jest's asymmetric matchers (`expect.any(String)`) are `any` by design, and unit tests read
    // mocks loosely. Fakes implement async interfaces without awaiting anything, and must still
    // reject (not throw) like the real thing.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The e2e tests and their helpers read response bodies through test/utils/responses.ts
    // (`dataOf<Dto>(res)`, `pageOf`, `errorOf`), typed with the application's response DTOs;
    // `res.body.data.x` on supertest's `any` does not pass.
    files: ['test/e2e/**/*.ts', 'test/utils/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
);
