// Flow control between the archive's download and the verifier's worker: at most a bound
// of bytes handed to the worker and not yet taken by its verifier, so that a large
// archive waits in the network, not in the worker's memory (the worker says 'taken' as
// its verifier takes each piece off its queue).

/** Bytes handed to the worker and not yet taken by its verifier, at most (then the download waits). */
export const IN_FLIGHT = 8 * 2 ** 20;

/** One download handed to the worker (one round: the first reading, or a second download). */
export class ArchiveFeed {
  private inFlight = 0;
  private wake: (() => void) | null = null;

  constructor(
    readonly round: number,
    private readonly bound = IN_FLIGHT,
  ) {}

  /** The verifier took `bytes` of this download off its queue. */
  taken(bytes: number): void {
    this.inFlight -= bytes;
    this.wake?.();
    this.wake = null;
  }

  /**
   * Hands the stream's pieces to `send` in order, holding the next one while the worker
   * already has bytes it has not taken and the piece would bring them over the bound (a
   * piece larger than the bound goes alone). True at the end of the stream, false when
   * `signal` aborted.
   */
  async pump(reader: ReadableStreamDefaultReader<Uint8Array>, send: (piece: Uint8Array) => void, signal: AbortSignal): Promise<boolean> {
    const onAbort = () => {
      this.wake?.();
      this.wake = null;
    };
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        if (signal.aborted) return false;
        const { done, value } = await reader.read();
        if (done) return true;
        while (this.inFlight > 0 && this.inFlight + value.length > this.bound && !signal.aborted) await new Promise<void>((r) => (this.wake = r));
        if (signal.aborted) return false;
        this.inFlight += value.length;
        send(value);
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
