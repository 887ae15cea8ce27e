// An HTTP client with a real cookie jar (cookie paths honoured: participant cookies
// are per conversation) and a chosen source address (the server may limit joins per
// address), for tests that act as many participants.
import assert from 'node:assert/strict';
import http from 'node:http';

export interface Reply {
  status: number;
  json: any;
  text: string;
  headers: http.IncomingHttpHeaders;
}

/** An HTTP client with a real cookie jar (paths honoured) and a chosen source address. */
export class Browser {
  private cookies: { name: string; value: string; path: string }[] = [];
  constructor(
    readonly base: string,
    readonly localAddress = '127.0.0.1',
  ) {}

  request(method: string, path: string, body?: unknown): Promise<Reply> {
    const url = new URL(path, this.base);
    const cookie = this.cookies
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (data !== undefined) headers['content-type'] = 'application/json';
    if (cookie) headers.cookie = cookie;
    // as a browser's fetch does: a write says which origin sent it (the server refuses cross-site writes)
    if (method !== 'GET' && method !== 'HEAD') headers.origin = url.origin;
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers, localAddress: this.localAddress }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          for (const sc of res.headers['set-cookie'] ?? []) this.keep(sc);
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode!, json, text, headers: res.headers });
        });
      });
      req.on('error', reject);
      req.end(data);
    });
  }

  async ok(method: string, path: string, body?: unknown): Promise<any> {
    const r = await this.request(method, path, body);
    assert.equal(r.status, 200, `${method} ${path}: ${r.text}`);
    return r.json;
  }

  private keep(setCookie: string): void {
    const [pair, ...attributes] = setCookie.split(';').map((s) => s.trim());
    const [name, ...v] = pair!.split('=');
    let path = '/';
    let maxAge: number | undefined;
    for (const a of attributes) {
      const [k, val] = a.split('=');
      if (k!.toLowerCase() === 'path') path = val!;
      if (k!.toLowerCase() === 'max-age') maxAge = Number(val);
    }
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
    if (maxAge !== 0) this.cookies.push({ name: name!, value: v.join('='), path });
  }
}
