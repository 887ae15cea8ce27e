// The `jirga` command. Exit codes: 0 success (or "valid"), 1 verification failed
// ("invalid"), 2 unusable input or wrong usage.
import { sha256B64 } from '../protocol/hash.ts';
import { JirgaError, UnusableInput, VerificationFailure } from '../kernel/errors.ts';
import { ARCHIVE_COMMANDS, ELECTION_COMMANDS } from './election-commands.ts';
import { readStdin } from './io.ts';
import { SETUP_COMMANDS } from './setup-commands.ts';
import { simulateCommand } from './simulate-command.ts';
import { verifyCommand } from './verify-command.ts';
import { demoCommand } from './demo-command.ts';
import { serveCommand } from './serve-command.ts';
import { auditBallotCommand } from './audit-command.ts';
import { castCommand } from './cast-command.ts';
import { mirrorCommand } from './mirror-command.ts';
import { receiptCommand } from './receipt-command.ts';
import { DELIBERATION_COMMANDS } from './deliberation-command.ts';
import { INCLUSION_COMMANDS } from './inclusion-command.ts';
import { MONITOR_COMMANDS } from './monitor-command.ts';
import { SANCTIONS_COMMANDS } from './sanctions-command.ts';
import { METHOD_COMMANDS } from './method-command.ts';
import { registerOpensslEngine } from '../node/openssl-engine.ts';

const USAGE = `jirga — verifiable voting for the Jirga convention (Belenios 2.0 compatible)

  jirga verify ARCHIVE.bel [--workers N] [--max-size BYTES] [--heap-mb MB] [--json]
  jirga simulate --out FILE.bel --voters N [--trustees N] [--threshold T]
                 [--template questions.json] [--revotes K] [--weights]
                 [--workers N]    made on N threads, written as it is made (large elections)
  jirga serve [--relay-to URL]    the convention server and web app (PORT, JIRGA_DATA_DIR, DATABASE_URL);
                                  --relay-to: also keep ballots for elections held at URL and forward them
  jirga demo                      simulate, verify and explain a small election
  jirga audit-ballot FILE         check a ballot audit saved from the voting page
  jirga cast FILE --server URL [--timeout SECONDS]
                                  submit a sealed ballot someone gave you (FILE "-": standard input);
                                  exit 0 and the tracker when the board has it, 1 when refused
  jirga mirror --from URL --election UUID --dir DIR [--full] [--serve PORT [--every SECONDS] [--host H]]
                                  pull the board after what DIR/UUID.bel holds, verify it, keep it;
                                  exit 0 verified and extended, 1 the board contradicts the copy
                                  (kept as it was), 2 the source cannot be read
  jirga mirror compare A B [--election UUID]
                                  two copies (.bel files or mirror directories): exit 0 one
                                  history (one extends the other), 1 they diverge (where)
  jirga receipt RECEIPT|FILE|- --server URL [--server URL ...] [--timeout SECONDS]
                                  a voter's receipt against several copies of the board (server,
                                  onion address, mirrors): exit 0 consistent, 1 one contradicts it

Deliberation (Polis-style opinion groups):
  jirga deliberation analyze --polis DIR [--out FILE.json] [--full]
  jirga deliberation compare --polis DIR [--out FILE.json]   beside Polis's recorded groups

Inclusion (who took part, against reference shares):
  jirga inclusion rake --respondents R.csv --targets T.json --out W.csv [--trim MAX]
  jirga inclusion report --respondents R.csv --reference T.json [--min-cell K] [--warn-below R] [--min-answers N]
  jirga monitor tally --claims claims.json [--weights W.json] [--at YYYY-MM-DD] [--json]   recompute the recognition tally
  jirga monitor check --file F [--format json|csv]   check a file before importing it

Sanctions (UN 1988, UK, US OFAC lists of the Taliban/Haqqani network; bundled, or --lists DIR):
  jirga sanctions screen (--query NAME | --queries FILE) [--dob YEAR] [--threshold T] [--limit N] [--json]
  jirga sanctions entity REF [--json]        names, listings, relations with their sources
  jirga sanctions network [REF] [--depth N]  nodes and edges as JSON
  jirga sanctions coverage [--json]          who is on which list; relatives and partners on none

Step by step, as belenios-tool (files and formats are interchangeable):
  jirga setup generate-token
  jirga setup generate-credentials --uuid U --group G (--count N | --file voters.txt)
  jirga setup generate-trustee-key --group G
  jirga setup generate-trustee-key-threshold --group G --step 1..6 [...]
  jirga setup make-trustees
  jirga setup make-election --uuid U --group G --template questions.json
  jirga archive init
  jirga archive add-event --type TYPE < payload-lines
  jirga election generate-ballot --privcred FILE --ballot FILE
  jirga election compute-encrypted-tally
  jirga election decrypt --privkey FILE --trustee-id N
  jirga election decrypt-threshold --key FILE --decryption-key FILE --trustee-id N
  jirga election compute-result
  jirga election verify
  jirga sha256-b64 < FILE

Counting ranked and graded questions, as belenios-tool method (ballots as JSON on standard input):
  jirga method schulze --blank-allowed=true|false [--nchoices N]
  jirga method majority-judgment --blank-allowed=true|false --ngrades G [--nchoices N]
  jirga method stv --nseats N

Groups: BELENIOS-2048 (default for homomorphic questions), RFC-3526-2048.
See README.md and docs/ for the whole flow.`;

type Handler = (args: string[]) => number | Promise<number>;

const GROUPS: Record<string, Record<string, Handler>> = {
  setup: SETUP_COMMANDS,
  archive: ARCHIVE_COMMANDS,
  election: ELECTION_COMMANDS,
  deliberation: DELIBERATION_COMMANDS,
  inclusion: INCLUSION_COMMANDS,
  monitor: MONITOR_COMMANDS,
  sanctions: SANCTIONS_COMMANDS,
  method: METHOD_COMMANDS,
};

const TOP: Record<string, Handler> = {
  verify: verifyCommand,
  simulate: simulateCommand,
  demo: demoCommand,
  serve: serveCommand,
  'audit-ballot': auditBallotCommand,
  cast: castCommand,
  mirror: mirrorCommand,
  receipt: receiptCommand,
  'sha256-b64': async () => {
    console.log(sha256B64(await readStdin()));
    return 0;
  },
};

export async function run(argv: string[]): Promise<number> {
  registerOpensslEngine();
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  try {
    const top = TOP[command];
    if (top) return await top(argv.slice(1));
    const group = GROUPS[command];
    if (group) {
      const handler = sub ? group[sub] : undefined;
      if (!handler) {
        console.error(`jirga ${command}: ${sub ? `unknown command "${sub}"` : 'missing command'}; one of: ${Object.keys(group).join(', ')}`);
        return 2;
      }
      return await handler(rest);
    }
    console.error(`jirga: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  } catch (e) {
    if (e instanceof VerificationFailure) {
      console.error(`jirga: ${e.message}`);
      return 1;
    }
    if (e instanceof JirgaError || e instanceof UnusableInput) {
      console.error(`jirga: ${e.message}`);
      return 2;
    }
    console.error(`jirga: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.JIRGA_DEBUG) console.error(e);
    return 2;
  }
}

const code = await run(process.argv.slice(2));
process.exitCode = code;
