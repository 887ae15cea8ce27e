// `jirga serve`: the convention server and web app (npm start).
import { serveOptionsFromEnv, startServer } from '../server/start.ts';

export async function serveCommand(): Promise<number> {
  const server = await startServer(serveOptionsFromEnv());
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await new Promise(() => undefined); // run until a signal
  return 0;
}
