// Generates the voters' credentials in the credential authority's browser
// (spec 3.1 step 3): secret credentials stay here; only public ones are sent.
import { generateCredentials, parseVoterLine } from '../../../src/protocol/credentials.ts';
import { getGroup } from '../../../src/protocol/groups/index.ts';
import { secureRandomBytes } from '../../../src/protocol/random.ts';

self.onmessage = (event: MessageEvent<{ uuid: string; group: string; voters: { id: string; weight?: string }[] }>) => {
  const { uuid, group, voters } = event.data;
  try {
    const lines = voters.map((v) => parseVoterLine(v.weight !== undefined ? `${v.id},${v.id},${v.weight}` : v.id));
    const result = generateCredentials(getGroup(group), uuid, lines, secureRandomBytes, (done) => self.postMessage({ type: 'progress', done }));
    self.postMessage({ type: 'done', result });
  } catch (e) {
    self.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
