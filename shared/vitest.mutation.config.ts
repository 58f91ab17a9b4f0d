import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// The rule tests, for mutation testing (stryker.config.mjs): the seeded convergence runs cover nearly every line
// and take seconds, so running them for every mutant would take hours; they stay in `npm test`. The rule tests share
// no state between files, so they run without isolation, to spare reloading modules for each mutant (Stryker switches
// mutants at run time); on a busy machine the gain was not measurable, so drop it if it ever gets in the way.
// `*.large.test.ts` build tables of a million entries: instrumented, one takes over a minute.
export default defineProject({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { name: 'shared-rules', include: ['src/**/*.test.ts'], exclude: ['src/document/convergence.test.ts', 'src/**/*.large.test.ts'], environment: 'node', testTimeout: 60_000, isolate: false },
});
