import * as OpenCC from 'opencc-js';

// Hong Kong and Taiwan variants are both in use by complainants; the HK table covers the common
// traditional forms plus HK variants, the TW phrase table covers TW vocabulary. Text that is
// already simplified passes through unchanged.
const fromHk = OpenCC.Converter({ from: 'hk', to: 'cn' });
const fromTw = OpenCC.Converter({ from: 'tw', to: 'cn' });

/**
 * Most complaints arrive in simplified Chinese and the conversion is the costliest step of reading
 * one, so a text none of whose characters converts on its own skips it. Each character is asked
 * once and remembered: 0 not asked yet, 1 converts, 2 stays. Exact for the HK and TW tables in
 * use: every phrase entry holds a character that converts on its own.
 */
const conversion = new Uint8Array(0x10000);

function needsConversion(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    // Characters outside the BMP are rare; convert rather than remember them.
    if (code >= 0xd800 && code <= 0xdfff) return true;
    if (conversion[code] === 0) {
      const ch = text[i];
      conversion[code] = convert(ch) === ch ? 2 : 1;
    }
    if (conversion[code] === 1) return true;
  }
  return false;
}

const convert = (text: string) => fromTw(fromHk(text));

export function toSimplified(text: string): string {
  return needsConversion(text) ? convert(text) : text;
}
