/**
 * Stable ids for imported decks and cards. Re-importing an updated file must give the same card ids, so review
 * history stays attached: use the source's own id (Anki's note guid, a #guid column) where there is one, and a
 * hash of the front where there is not.
 */
import { ID_PATTERN } from '../deck/model';

/**
 * FNV-1a over the UTF-8 bytes, 64 bits, of which the top 52 (exact in a double) in base 36: short,
 * deterministic, and the same in every runtime. Computed in four 16-bit limbs: an import hashes every row, and
 * BigInt arithmetic cost more than the rest of a row's work.
 */
export function stableHash(text: string): string {
  // The offset basis 0xcbf29ce484222325, low limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const mix = (byte: number) => {
    h0 ^= byte;
    // × the prime 0x100000001b3 = 2^40 + 435, modulo 2^64.
    const t0 = h0 * 435;
    let t1 = h1 * 435;
    let t2 = h2 * 435 + (h0 << 8);
    const t3 = h3 * 435 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
    h2 = t2 & 0xffff;
  };
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    // UTF-8, as TextEncoder writes it (a lone surrogate becomes U+FFFD).
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(index + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        index++;
      } else code = 0xfffd;
    }
    if (code < 0x80) mix(code);
    else if (code < 0x800) {
      mix(0xc0 | (code >> 6));
      mix(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      mix(0xe0 | (code >> 12));
      mix(0x80 | ((code >> 6) & 0x3f));
      mix(0x80 | (code & 0x3f));
    } else {
      mix(0xf0 | (code >> 18));
      mix(0x80 | ((code >> 12) & 0x3f));
      mix(0x80 | ((code >> 6) & 0x3f));
      mix(0x80 | (code & 0x3f));
    }
  }
  // The top 52 bits: hash >> 12.
  return (h3 * 2 ** 36 + h2 * 2 ** 20 + h1 * 2 ** 4 + (h0 >>> 12)).toString(36);
}

/** A card id from the front's text: whitespace-insensitive, so re-wrapping a line keeps the id. */
export function cardIdFromFront(front: string): string {
  return `h-${stableHash(front.replace(/\s+/g, ' ').trim())}`;
}

/** An id from a foreign identifier (Anki guid, a guid column): kept readable when it is already a valid id. */
export function cardIdFromForeignId(foreignId: string): string {
  const trimmed = foreignId.trim();
  if (ID_PATTERN.test(trimmed) && trimmed.length <= 64) return trimmed;
  return `g-${stableHash(trimmed)}`;
}

/** A deck id from a name ("Python::Decorators" → "python-decorators"), hash-suffixed when nothing readable is left. */
export function deckIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/::/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug !== '' ? slug : `deck-${stableHash(name)}`;
}
