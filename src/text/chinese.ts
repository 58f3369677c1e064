import * as OpenCC from 'opencc-js';

// Hong Kong and Taiwan variants are both in use by complainants; the HK table covers the common
// traditional forms plus HK variants, the TW phrase table covers TW vocabulary. Text that is
// already simplified passes through unchanged.
const fromHk = OpenCC.Converter({ from: 'hk', to: 'cn' });
const fromTw = OpenCC.Converter({ from: 'tw', to: 'cn' });

export function toSimplified(text: string): string {
  return fromTw(fromHk(text));
}
