// Mutation testing: `npm run test:mutation` (slow, so not in CI). It changes the code one small way at a time
// (a > for a >=, a removed line, ...) and runs the tests that cover it; a change no test notices is a gap in the
// tests, or an equivalent change, which is then marked in the code with `// Stryker disable next-line …: why`.
// The report goes to reports/mutation/ (index.html, mutation.json); reports/mutation.md summarises the last run.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'shared/vitest.mutation.config.ts', related: false },
  mutate: [
    'shared/src/method/**/*.ts',
    'shared/src/document/**/*.ts',
    'shared/src/authority/**/*.ts',
    'shared/src/activity.ts',
    '!**/*.test.ts',
    '!**/index.ts',
    '!shared/src/method/testAlliance.ts',
    '!shared/src/authority/testView.ts',
  ],
  coverageAnalysis: 'perTest',
  // A mutant that makes a loop run forever is detected by its timeout; keep that short, or one file takes an hour.
  timeoutMS: 3000,
  timeoutFactor: 1.25,
  // Mutants in module-level constants would rerun every test; they are listed as ignored instead.
  ignoreStatic: true,
  // One test process: the machine is shared (2 cores). Scope a run to one folder with --mutate while working.
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.tmp/stryker',
  cleanTempDir: 'always',
};
