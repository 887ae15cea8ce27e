// Worker entry: load TypeScript through tsx, then the real worker.
import { register } from 'tsx/esm/api';
register();
await import('./verify-worker.ts');
