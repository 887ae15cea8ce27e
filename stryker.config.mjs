import { readdirSync } from 'node:fs';

// Mutation testing of the voting core (docs/testing.md): `npm run mutation`, or for
// one file `npm run mutation -- --mutate src/protocol/tally.ts`.
//
// Test runner: Stryker's tap runner. It starts one `node` per test file with our
// node:test files under tsx, reads node:test's TAP output, and records which
// mutants each test file reaches, so a mutant runs only the test files that reach
// it. The test set is the tests that exercise src/protocol in the same process;
// tests that run bin/jirga.mjs (test/cli, test/interop, test/server) run the
// prebuilt bundle in dist/, which never sees a mutant, so they are left out.
// Each mutant runs the test files that reach it in this order and stops at the first
// failure, so the quick, targeted files go first and the slow ones last.
const SLOW_LAST = ['test/protocol/proofs.test.ts', 'test/inclusion/election-questions.test.ts'];
const testFiles = [
  ...readdirSync('test/protocol')
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/protocol/${f}`)
    .filter((f) => !SLOW_LAST.includes(f))
    .sort(),
  ...SLOW_LAST,
];

// Property tests replay the same cases in every mutant (a fixed seed, unless one is
// given), so that two runs of the same code give the same score.
process.env.JIRGA_PROPERTY_SEED ??= '20260101';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    testFiles,
    nodeArgs: ['--import', 'tsx', '--import', './test/helpers/mutation-load-guard.mjs', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
    forceBail: true,
  },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/protocol/**/*.ts',
    // test tooling, not trusted code: random elections for the CLI's `simulate`
    '!src/protocol/simulate.ts',
  ],
  // Only what the tests need goes into the sandbox (node_modules is linked). Not
  // tsconfig.json: Stryker would rewrite it through the TypeScript compiler API,
  // which TypeScript 7 (the native compiler) no longer has; tsx needs none of it.
  // For the same reason there is no type-checking of mutants.
  ignorePatterns: ['/*', '!/src', '!/test', '!/package.json'],
  concurrency: 2,
  // A mutant is a timeout (counted as detected) after 1.5 x the time its tests took in
  // the first run, plus this margin. On a busy 2-vCPU machine a smaller margin turns
  // slow survivors (which run every test file that reaches them) into false timeouts.
  timeoutMS: 30000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportTests: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
