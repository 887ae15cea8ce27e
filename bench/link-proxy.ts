// A slow link as a TCP proxy in front of a test server: every byte the browser exchanges
// with the server — the page's, its workers' and its service worker's — crosses one shared
// link with a bandwidth each way and a delay. (Chromium's own emulation, CDP
// Network.emulateNetworkConditions, is set per page: requests a service worker passes on
// to the network escape it, see docs/performance.md.) Chunks are cut to 1,460 bytes and
// queued in arrival order on one queue per direction, so that connections share the link.
import { createConnection, createServer, type Socket } from 'node:net';

export interface Link {
  /** round trip added, in milliseconds: half on the way up, half on the way down */
  rttMs: number;
  downBytesPerSecond: number;
  upBytesPerSecond: number;
}

const SLICE = 1460;

/** One direction of the link: when each slice has left the sender's end, then arrives. */
class Lane {
  private free = 0; // when the link is next free to send (ms, performance.now())
  constructor(
    private readonly bytesPerSecond: number,
    private readonly delayMs: number,
  ) {}

  send(data: Buffer, to: Socket): void {
    for (let i = 0; i < data.length; i += SLICE) {
      const slice = data.subarray(i, i + SLICE);
      const now = performance.now();
      this.free = Math.max(this.free, now) + (slice.length * 1000) / this.bytesPerSecond;
      setTimeout(() => to.writable && to.write(slice), this.free + this.delayMs - now);
    }
  }

  /** ms until everything queued so far has arrived */
  drainedIn(): number {
    return Math.max(0, this.free + this.delayMs - performance.now());
  }
}

export async function startLinkProxy(target: { host: string; port: number }, link: Link): Promise<{ base: string; close: () => Promise<void> }> {
  const down = new Lane(link.downBytesPerSecond, link.rttMs / 2);
  const up = new Lane(link.upBytesPerSecond, link.rttMs / 2);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    client.on('data', (d: Buffer) => up.send(d, upstream));
    upstream.on('data', (d: Buffer) => down.send(d, client));
    // a close travels the link too: after what was sent before it
    client.on('end', () => setTimeout(() => upstream.end(), up.drainedIn()));
    upstream.on('end', () => setTimeout(() => client.end(), down.drainedIn()));
    for (const s of [client, upstream]) {
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
