/**
 * The architecture, checked on the import graph (`npm run check:architecture`, part of `npm run check`).
 * That shared/ has no DOM or Node globals is checked by its compiler settings: shared/tsconfig.json has only the
 * ES library and no ambient types, so `window`, `fetch` or `Buffer` do not compile there.
 */
const SHARED_RUNTIME = '^shared/src/(?!testing/)(?!.*[.]test[.]ts$)';

module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'shared/ is the pure core: it imports only yjs, lib0 and y-protocols, never Node, the relay or the app.',
      severity: 'error',
      from: { path: SHARED_RUNTIME },
      to: {
        pathNot: ['^shared/src/', 'node_modules/(yjs|lib0|y-protocols)/'],
      },
    },
    {
      name: 'no-circular',
      comment: 'No package has circular run-time imports between its own modules (type-only imports vanish at run time).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'app-and-relay-apart',
      comment: 'The app and the relay meet only in shared/ (and over the wire).',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^sync-server/' },
    },
    {
      name: 'relay-and-app-apart',
      severity: 'error',
      from: { path: '^sync-server/' },
      to: { path: '^client/' },
    },
    {
      name: 'session-below-features',
      comment: 'The session (sync, local copy, presence, upkeep) knows no screen: sections, the portfolio and the shell use it.',
      severity: 'error',
      from: { path: '^client/src/session/', pathNot: '[.]test[.]ts$' },
      to: { path: '^client/src/(sections|portfolio|app)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|data|[.]tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types', 'svelte'],
      extensions: ['.ts', '.js', '.mjs', '.svelte', '.json'],
      mainFields: ['module', 'main', 'types', 'svelte'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
