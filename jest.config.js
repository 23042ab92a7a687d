// Unit tests live next to the code (src/**/*.test.ts); integration and end-to-end tests under test/.
// Tests run from TypeScript sources through a transpile-only transformer; `tsc -b` does the type-checking.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }] };
const moduleNameMapper = {
  '^@daytwo/(core|processor-api)$': '<rootDir>/shared/$1/src/index.ts',
  '^@daytwo/(collector-logs|collector-metrics|processor|sink|alerter)$': '<rootDir>/services/$1/src/index.ts',
};
const ESM_ONLY_PACKAGES = [
  '@kubernetes/client-node',
  'openid-client',
  'oauth4webapi',
  'jose',
  'socks-proxy-agent',
  'agent-base',
];
const common = {
  rootDir: __dirname,
  transform,
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // ESM-only packages (the Kubernetes client and its imports) are compiled to CommonJS like our sources: jest's
  // require(esm) needs --experimental-vm-modules. Node itself loads them through require(esm).
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{shared,services}/*/src/**/*.test.ts',
        '<rootDir>/bench/**/*.test.ts',
        '<rootDir>/cli/src/**/*.test.ts',
        '<rootDir>/demo/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeout.ts'],
    },
  ],
};
