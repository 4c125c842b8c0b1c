// Two projects: `unit` (*.spec.ts, pure and fast) and `int` (*.int.spec.ts and *.e2e.spec.ts, against real
// processes). `npx jest --selectProjects unit|int` runs one. TypeScript is compiled by swc with the options in
// .swcrc (legacy decorators and decorator metadata, which Nest needs), the same as scripts/register.cjs.

const shared = {
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testEnvironment: 'node',
  // TypeScript, and the ES modules of NestJS 12 (see the transformer), compiled to CommonJS by swc.
  transform: { '^.+\\.ts$': '<rootDir>/libs/testing/jest/swc.transform.js', '^.+\\.m?js$': '<rootDir>/libs/testing/jest/swc.transform.js' },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@kubernetes/client-node|openid-client|oauth4webapi|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@tandem/(.*)$': '<rootDir>/libs/$1/src/index.ts' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'],
    },
    {
      ...shared,
      displayName: 'int',
      testMatch: ['**/*.int.spec.ts', '**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/jest/int.global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/jest/int.setup.ts'], // testTimeout 120 s
    },
  ],
};
