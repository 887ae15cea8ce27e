// Which texts exist: one file per feature and language (en/<feature>.ts is the
// reference), so that a page downloads only the texts it shows — the voting page
// carries the frame's and the booth's, not the monitor's. Types only: the files
// themselves are loaded on demand by index.ts.
export const FEATURES = ['frame', 'conventions', 'vote', 'elections', 'trustee', 'credential-authority', 'deliberation', 'inclusion', 'monitor', 'sanctions', 'organiser', 'errors', 'help', 'verifier', 'courier', 'results'] as const;
export type Feature = (typeof FEATURES)[number];

interface English {
  frame: typeof import('./en/frame.ts').default;
  conventions: typeof import('./en/conventions.ts').default;
  vote: typeof import('./en/vote.ts').default;
  elections: typeof import('./en/elections.ts').default;
  trustee: typeof import('./en/trustee.ts').default;
  'credential-authority': typeof import('./en/credential-authority.ts').default;
  deliberation: typeof import('./en/deliberation.ts').default;
  inclusion: typeof import('./en/inclusion.ts').default;
  monitor: typeof import('./en/monitor.ts').default;
  sanctions: typeof import('./en/sanctions.ts').default;
  organiser: typeof import('./en/organiser.ts').default;
  errors: typeof import('./en/errors.ts').default;
  help: typeof import('./en/help.ts').default;
  verifier: typeof import('./en/verifier.ts').default;
  courier: typeof import('./en/courier.ts').default;
  results: typeof import('./en/results.ts').default;
}

/** Every text's key, across features: t() accepts no other. */
export type Key = { [F in Feature]: keyof English[F] }[Feature];
