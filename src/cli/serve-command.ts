// `jirga serve [--relay-to URL]`: the convention server and web app (npm start); settings in
// the environment (README), the relay's primary also as an option.
import { serveOptionsFromEnv, startServer, relayToFrom } from '../server/start.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import { parseOptions } from './io.ts';

export async function serveCommand(args: string[] = []): Promise<number> {
  const { values } = parseOptions(args, { 'relay-to': { type: 'string' } });
  const options = serveOptionsFromEnv();
  let relayTo: string | undefined;
  try {
    relayTo = typeof values['relay-to'] === 'string' ? relayToFrom(values['relay-to']) : undefined;
  } catch (e) {
    throw new InvalidRequest((e as Error).message);
  }
  const server = await startServer(relayTo ? { ...options, relayTo } : options);
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await new Promise(() => undefined); // run until a signal
  return 0;
}
