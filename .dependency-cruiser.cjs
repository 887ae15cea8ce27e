// The shape of Jirga, checked in `npm test` (test/architecture/dependencies.test.ts).
// docs/architecture.md explains each rule. Parsed with swc (sees `import type` too).
const CORES = '^src/(protocol|deliberation|inclusion|monitor|sanctions|courier)/';
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Modules import each other in one direction only.', from: {}, to: { circular: true } },
    {
      name: 'kernel-depends-on-nothing',
      severity: 'error',
      comment: 'src/kernel is shared by every domain; it imports nothing else of ours.',
      from: { path: '^src/kernel/' },
      to: { path: '^src/', pathNot: '^src/kernel/' },
    },
    {
      name: 'protocol-is-standalone',
      severity: 'error',
      comment: 'The Belenios core is a library of its own: it imports only itself (and the kernel).',
      from: { path: '^src/protocol/' },
      to: { path: '^src/', pathNot: '^src/(protocol|kernel)/' },
    },
    {
      name: 'cores-are-pure',
      severity: 'error',
      comment: 'The cores import no services, store, server, API, node code, CLI or web app.',
      from: { path: CORES },
      to: { path: '^(src/(services|store|server|api|node|cli)/|web/)' },
    },
    {
      name: 'api-is-a-contract',
      severity: 'error',
      comment: 'src/api (schemas shared by server and web app) imports only cores and the kernel.',
      from: { path: '^src/api/' },
      to: { path: '^(src/(services|store|server|node|cli)/|web/)' },
    },
    {
      name: 'trustee-client-speaks-the-contract',
      severity: 'error',
      comment: "The trustee's side (run in the trustee's browser and by the demo) uses the protocol and the API contract, nothing on the server's side.",
      from: { path: '^src/trustee/' },
      to: { path: '^(src/(services|store|server|node|cli)/|web/)' },
    },
    {
      name: 'store-below-services',
      severity: 'error',
      comment: 'The store is called by services; it never calls them, nor the server or the CLI. (It may use the types of the contract it stores, such as an election draft.)',
      from: { path: '^src/store/' },
      to: { path: '^(src/(services|server|node|cli|trustee)/|web/)' },
    },
    {
      name: 'services-below-edges',
      severity: 'error',
      comment: 'Services know nothing of HTTP or the command line.',
      from: { path: '^src/services/' },
      to: { path: '^(src/(server|cli)/|web/)' },
    },
    {
      name: 'only-the-store-opens-the-database',
      severity: 'error',
      comment: 'Only src/store speaks SQL: the database drivers (and pg-boss, the job queue) are imported there and nowhere else.',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: 'node_modules/(pg|pg-boss|@electric-sql/pglite)/' },
    },
    {
      name: 'web-uses-the-contract-not-the-server',
      severity: 'error',
      comment: 'The web app talks to the server over HTTP: it imports the API contract and the cores, never the server, services, store, node code or CLI.',
      from: { path: '^web/' },
      to: { path: '^src/(services|store|server|node|cli)/' },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mjs', '.js'] },
  },
};
