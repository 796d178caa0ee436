/** @type {import('jest').Config} */
// Transpile only: type checking is `npm run lint`'s job (tsc --noEmit), which keeps tests fast.
const tsJest = ['ts-jest', { diagnostics: false }];

module.exports = {
  testEnvironment: 'node',
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      // Production's mongoose settings before any schema is loaded, also by factories.
      setupFiles: ['<rootDir>/src/database/mongoose-settings.ts'],
      globalSetup: '<rootDir>/test/utils/global-setup.ts',
      globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
    },
  ],
};
