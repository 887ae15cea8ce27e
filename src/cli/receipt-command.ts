// `jirga receipt RECEIPT --server URL [--server URL ...]`: check a voter's receipt (the
// booth's line `JIRGA-RECEIPT 1 <election> <height> <event hash> <tracker>`, given as the
// line itself, a file holding it, or "-" for standard input) against several copies of the
// board at once — the election's server, its onion address (through a Tor SOCKS proxy such
// as torsocks), mirrors (`jirga mirror --serve`). Each copy's records at the receipt's height
// are asked for (GET /api/elections/<uuid>/records) and judged as the election page judges
// them (src/courier/receipt.ts): consistent, contradicts, behind (not yet up to date), or
// unreachable. A server that showed this voter one history and shows another to others is
// caught by any copy that contradicts the receipt.
// Exit 0 when at least one copy is consistent and none contradicts; 1 when any contradicts;
// 2 when the receipt cannot be read or no copy could be judged.
import { existsSync } from 'node:fs';
import { zBoardPage } from '../api/elections.ts';
import { checkReceipt, readReceipt, type ReceiptVerdict } from '../courier/receipt.ts';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';
import { integerOption, parseOptions, readStdin, readText, serverBase } from './io.ts';

type Judgement = ReceiptVerdict | 'unreachable';

export async function receiptCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { server: { type: 'string', multiple: true }, timeout: { type: 'string' } }, 1);
  const given = positionals[0];
  if (!given) throw new InvalidRequest('usage: jirga receipt RECEIPT|FILE|- --server URL [--server URL ...]');
  const servers = (values.server as unknown as string[] | undefined) ?? [];
  if (servers.length === 0) throw new InvalidRequest('--server is mandatory: the addresses to ask (the election\'s server, its onion address, mirrors), each with its own --server');
  const bases = [...new Set(servers.map((s) => serverBase(s)))];
  const timeoutSeconds = integerOption(values, 'timeout', 1, 3600) ?? 30;
  const text = given === '-' ? await readStdin() : given.includes('JIRGA-RECEIPT') || !existsSync(given) ? given : readText(given, 'receipt');
  const receipt = readReceipt(text);
  if (!receipt) throw new UnusableInput('that is not a receipt: expected the line "JIRGA-RECEIPT 1 <election> <height> <event hash> <tracker>" shown by the voting page after casting');

  const after = receipt.height > 0 ? `after=${receipt.height - 1}&` : '';
  const judged = await Promise.all(
    bases.map(async (base): Promise<{ base: string; verdict: Judgement; why?: string }> => {
      try {
        const response = await fetch(`${base}/api/elections/${encodeURIComponent(receipt.election)}/records?${after}limit=1`, { signal: AbortSignal.timeout(timeoutSeconds * 1000) });
        if (!response.ok) return { base, verdict: 'unreachable', why: `HTTP ${response.status}${response.status === 404 ? ': this copy does not hold the election' : ''}` };
        const page = zBoardPage.safeParse(await response.json().catch(() => undefined));
        if (!page.success) return { base, verdict: 'unreachable', why: 'its answer is not a Jirga board page' };
        return { base, verdict: checkReceipt(receipt, page.data) };
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        return { base, verdict: 'unreachable', why: cause?.code ?? cause?.message ?? (e as Error).message };
      }
    }),
  );
  const SAYS: Record<Judgement, string> = {
    consistent: 'consistent: this board holds your ballot in the event you were shown',
    contradicts: 'CONTRADICTS your receipt: another event at that height, or one that does not hold your ballot',
    behind: 'behind: this copy does not reach that height yet (a mirror not up to date; on the election\'s own server, a contradiction)',
    unreachable: 'could not be asked',
  };
  for (const j of judged) console.log(`${j.base}\t${j.verdict}\t${SAYS[j.verdict]}${j.why ? ` (${j.why})` : ''}`);
  if (judged.some((j) => j.verdict === 'contradicts')) {
    console.error(`jirga receipt: at least one copy of the board contradicts the receipt for tracker ${receipt.tracker} at height ${receipt.height}: the board has not told everyone the same story. Keep the receipt and the output above.`);
    return 1;
  }
  if (!judged.some((j) => j.verdict === 'consistent')) {
    console.error('jirga receipt: no copy could confirm the receipt (unreachable or behind): try again later, or ask other addresses');
    return 2;
  }
  return 0;
}
