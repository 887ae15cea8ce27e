// The only platform APIs the protocol core uses: standard Web APIs that browsers,
// workers and Node 20 all provide. src/protocol/tsconfig.json checks the core without
// Node or DOM types, so anything else would fail to type-check.
declare global {
  interface TextDecoderOptions {
    fatal?: boolean;
  }
  class TextDecoder {
    constructor(label?: string, options?: TextDecoderOptions);
    decode(input?: Uint8Array): string;
  }
  class TextEncoder {
    encode(input?: string): Uint8Array;
  }
  // eslint-disable-next-line no-var
  var crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
}
export {};
