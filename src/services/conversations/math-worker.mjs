// Worker entry: load TypeScript through tsx, then the real worker (see math-runner.ts).
import { register } from 'tsx/esm/api';
register();
await import('./math-worker.ts');
