// `jirga demo`: a small election run end to end with Jirga's own code, written
// under ./data/demo, then verified as an observer would.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { simulateElection, DEFAULT_TEMPLATE } from '../protocol/simulate.ts';
import { isHomomorphic } from '../protocol/codec.ts';
import { writeFile } from './io.ts';
import { conclusionLine, formatCheck, verifyFile } from './verify-command.ts';

export async function demoCommand(): Promise<number> {
  const dir = join(process.env.JIRGA_DATA_DIR ?? 'data', 'demo');
  mkdirSync(dir, { recursive: true });
  console.log('Simulating a convention vote: 12 voters, 3 re-votes, 2-of-3 threshold trustees plus a server key...');
  const sim = simulateElection({ voters: 12, trustees: 3, threshold: 2, revotes: 3 });
  const file = join(dir, `${sim.uuid}.bel`);
  writeFile(file, sim.archive);
  console.log(`Archive written to ${file}\n`);
  console.log('Verifying it as any observer can:');
  const report = await verifyFile(file, { onCheck: (c) => console.log('  ' + formatCheck(c)) });
  console.log(conclusionLine(report));
  console.log('\nResult:');
  DEFAULT_TEMPLATE.questions.forEach((q, i) => {
    if (!isHomomorphic(q)) return;
    console.log(`  ${q.question}`);
    const counts = sim.result![i]!;
    const offset = q.blank ? 1 : 0;
    if (q.blank) console.log(`    blank: ${counts[0]}`);
    q.answers.forEach((a, j) => console.log(`    ${a}: ${counts[j + offset]}`));
  });
  console.log(`\nCheck it independently:  npx jirga verify ${file}`);
  console.log(`or with the reference tool: cd ${dir} && belenios-tool election verify`);
  return report.status === 'valid' ? 0 : 1;
}
