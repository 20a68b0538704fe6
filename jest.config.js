/** Jest runs every test from TypeScript source: no build needed, `@realip/*` maps to `src`. */
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  moduleNameMapper: {
    '^@realip/core/adapter$': '<rootDir>/packages/core/src/adapter.ts',
    '^@realip/ranges/refresher$': '<rootDir>/packages/ranges/src/refresher.ts',
    '^@realip/(.*)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  collectCoverageFrom: ['packages/*/src/**/*.ts'],
};
