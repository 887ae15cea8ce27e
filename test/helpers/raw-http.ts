// HTTP requests below fetch(): from a chosen local address (to find it, or not, in
// a log), and requests whose body is still being sent (to kill a server while a
// request is in flight).
import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
}

/** One request, sent from `localAddress` if given (any 127.x.y.z works on Linux's loopback). */
export function rawRequest(base: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string; localAddress?: string }): Promise<RawAnswer> {
  const url = new URL(options.path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: url.pathname + url.search,
        headers: { ...(options.body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface HalfSentRequest {
  /** Settles when the request ends: an answer, or the error of a cut connection. */
  outcome: Promise<{ answer?: RawAnswer; error?: Error }>;
  request: ClientRequest;
}

/**
 * A POST whose headers announce the whole body but of which only the first half
 * has been written (and flushed to the socket) when the returned promise resolves.
 * It asks `Expect: 100-continue` and writes only once the server has answered
 * "continue": the server process has then parsed the headers and handed the request
 * to its handler, which waits for the rest of the body — that never comes.
 */
export function halfSentPost(base: string, path: string, body: string): Promise<HalfSentRequest> {
  const url = new URL(path, base);
  const bytes = Buffer.from(body);
  return new Promise((resolveSent, rejectSent) => {
    let settle: (v: { answer?: RawAnswer; error?: Error }) => void = () => undefined;
    const outcome = new Promise<{ answer?: RawAnswer; error?: Error }>((r) => (settle = r));
    const req = request(
      { host: url.hostname, port: url.port, method: 'POST', path: url.pathname, headers: { 'content-type': 'application/json', 'content-length': String(bytes.length), expect: '100-continue' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => settle({ answer: { status: res.statusCode ?? 0, headers: res.headers, text } }));
        res.on('error', (error) => settle({ error }));
      },
    );
    req.on('error', (error) => {
      settle({ error });
      rejectSent(error);
    });
    req.on('continue', () => {
      req.write(bytes.subarray(0, Math.floor(bytes.length / 2)), (error) => {
        if (error) rejectSent(error);
        else resolveSent({ outcome, request: req });
      });
    });
    req.flushHeaders();
  });
}
