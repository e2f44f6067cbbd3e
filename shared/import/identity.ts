/**
 * Stable ids for imported decks and cards. Re-importing an updated file must give the same card ids, so review
 * history stays attached: use the source's own id (Anki's note guid, a #guid column) where there is one, and a
 * hash of the front where there is not.
 */
import { ID_PATTERN } from '../deck/model';

/** FNV-1a, 52 bits (exact in a double), in base 36: short, deterministic, and the same in every runtime. */
export function stableHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & mask;
  }
  return (hash >> 12n).toString(36);
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
