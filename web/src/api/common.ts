// "Done": the answer of actions that return nothing else, as the contract declares it
// (src/api/contract.ts).
export { zOk } from '../../../src/api/contract.ts';
