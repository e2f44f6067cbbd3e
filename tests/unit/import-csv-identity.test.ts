/** Card ids from hashes must never change: re-importing a file has to give the ids its cards got before. */
import { describe, expect, it } from 'vitest';
import { cardIdFromFront, stableHash } from '../../shared/import/identity';

/** FNV-1a 64 as first written, with BigInt: the reference the faster limb arithmetic must match. */
function referenceHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & mask;
  }
  return (hash >> 12n).toString(36);
}

describe('stable hashes for card ids', () => {
  it('gives the same hash as the BigInt FNV-1a for ASCII, accents, CJK, emoji and lone surrogates', () => {
    const samples = ['', 'a', 'What does yield do?', 'café naïve', '日本語のテキスト', '😀 emoji 🐍', 'x\uD800y', '\uDC00', 'end\uD83D', '\u0000\u007f\u0080\u07ff\u0800\uffff'];
    let seed = 1;
    for (let index = 0; index < 500; index++) {
      let text = '';
      for (let length = index % 40; length > 0; length--) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const pick = seed % 5;
        text += String.fromCharCode(pick === 0 ? seed % 0x80 : pick === 1 ? 0x80 + (seed % 0x780) : pick === 2 ? 0x800 + (seed % 0xf7ff) : pick === 3 ? 0xd800 + (seed % 0x800) : 0x20 + (seed % 0x5f));
      }
      samples.push(text);
    }
    for (const text of samples) expect(stableHash(text), JSON.stringify(text)).toBe(referenceHash(text));
  });

  it('keeps the ids cards were given before', () => {
    expect(cardIdFromFront('What does yield do?')).toBe(`h-${referenceHash('What does yield do?')}`);
  });
});
