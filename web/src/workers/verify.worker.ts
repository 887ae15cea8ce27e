// Runs Jirga's verifier on an archive in the browser, away from the page's thread.
import { verifyArchive } from '../../../src/protocol/verify.ts';

self.onmessage = async (event: MessageEvent<Uint8Array>) => {
  try {
    const report = await verifyArchive(event.data, { onCheck: (check) => self.postMessage({ type: 'check', check }) });
    self.postMessage({ type: 'done', status: report.status, conclusion: report.conclusion });
  } catch (e) {
    self.postMessage({ type: 'done', status: 'unusable', conclusion: e instanceof Error ? e.message : String(e) });
  }
};
