// The flow control between the archive's download and the verifier's worker
// (web/src/features/elections/archive-feed.ts): a download far faster than the verifier
// never leaves more than the bound (8 MiB) of bytes handed to the worker and not yet taken
// by its verifier. The slow consumer below measures what it holds itself (its own queue,
// as the worker's), not the feed's bookkeeping: without the bound it would hold the whole
// download.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ArchiveFeed, IN_FLIGHT } from '../../web/src/features/elections/archive-feed.ts';

const PIECE = 256 * 1024;

/** A download that is always ready: `total` bytes in pieces of `piece`, byte i being i mod 251. */
function fastDownload(total: number, piece = PIECE): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= total) return controller.close();
      const bytes = new Uint8Array(Math.min(piece, total - at));
      for (let i = 0; i < bytes.length; i++) bytes[i] = (at + i) % 251;
      at += bytes.length;
      controller.enqueue(bytes);
    },
  });
}

/** A verifier that takes one piece off its queue every `ms` milliseconds, as the worker's does, and says so. */
function slowWorker(feed: () => ArchiveFeed, ms: number) {
  const queue: Uint8Array[] = [];
  const state = { held: 0, highWater: 0, received: 0, inOrder: true };
  const timer = setInterval(() => {
    const piece = queue.shift();
    if (!piece) return;
    state.held -= piece.length;
    feed().taken(piece.length);
  }, ms);
  const post = (piece: Uint8Array) => {
    for (let i = 0; i < piece.length; i += 4099) if (piece[i] !== (state.received + i) % 251) state.inOrder = false;
    state.received += piece.length;
    queue.push(piece);
    state.held += piece.length;
    state.highWater = Math.max(state.highWater, state.held);
  };
  return { state, post, stop: () => clearInterval(timer) };
}

describe('flow control of the archive handed to the verifier', () => {
  test('a fast download and a slow verifier: the worker never holds more than the bound, and gets every byte in order', async () => {
    const total = 6 * IN_FLIGHT;
    const feed = new ArchiveFeed(0);
    const worker = slowWorker(() => feed, 1);
    try {
      const whole = await feed.pump(fastDownload(total).getReader(), worker.post, new AbortController().signal);
      assert.equal(whole, true);
    } finally {
      worker.stop();
    }
    assert.equal(worker.state.received, total);
    assert.ok(worker.state.inOrder, 'the pieces arrive in order');
    assert.ok(worker.state.highWater <= IN_FLIGHT, `held at most ${worker.state.highWater} bytes, over the bound of ${IN_FLIGHT}`);
    // the download did outrun the verifier: the bound, not the pace, is what held it back
    assert.ok(worker.state.highWater > IN_FLIGHT - PIECE, `held at most ${worker.state.highWater}: the bound was never reached`);
    assert.equal(IN_FLIGHT, 8 * 2 ** 20);
  });

  test('a piece larger than the bound goes alone, and the download goes on', async () => {
    const bound = 1024;
    const feed = new ArchiveFeed(0, bound);
    const worker = slowWorker(() => feed, 1);
    try {
      assert.equal(await feed.pump(fastDownload(10 * 4096, 4096).getReader(), worker.post, new AbortController().signal), true);
    } finally {
      worker.stop();
    }
    assert.equal(worker.state.received, 10 * 4096);
    assert.equal(worker.state.highWater, 4096, 'one piece at a time');
  });

  test('stopped while it waits for the verifier: it ends at once and hands nothing more', async () => {
    const feed = new ArchiveFeed(0, PIECE);
    const handed: number[] = [];
    const abort = new AbortController();
    // nothing is ever taken: the second piece waits until Stop
    const pumped = feed.pump(fastDownload(8 * PIECE).getReader(), (p) => handed.push(p.length), abort.signal);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(handed, [PIECE]);
    abort.abort();
    assert.equal(await pumped, false);
    assert.deepEqual(handed, [PIECE]);
  });
});
