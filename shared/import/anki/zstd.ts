/**
 * Zstandard, as current Anki versions compress a package's collection, media list and media files. Like the zip
 * entries, a stream is sized before it is decompressed: its frames and block headers are walked (no decoding) to
 * get an upper bound of the output, checked against the budget; then fzstd's streaming decoder runs, its output
 * counted block by block and stopped the moment it passes that bound.
 */
import { Decompress } from 'fzstd';
import { concat, UnpackBudget, ZipError } from './zip';

const ZSTD_MAGIC = 0xfd2fb528;
const MAX_BLOCK = 128 * 1024;
/** zstd's own decoder refuses windows over 128 MB unless told otherwise; so does this one. */
const MAX_WINDOW = 128 * 1024 * 1024;
const PUSH_SLICE = 1024 * 1024;

const u32 = (bytes: Uint8Array, at: number) => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;

export function looksLikeZstd(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && u32(bytes, 0) === ZSTD_MAGIC;
}

/** The most bytes the frames can decode to, from their headers alone; throws ZipError when they are malformed. */
export function zstdUpperBound(bytes: Uint8Array, what: string): number {
  const damaged = () => new ZipError(`${what} is damaged (its compressed data is incomplete or invalid)`, 'damaged');
  let at = 0;
  let total = 0;
  if (bytes.length === 0) throw damaged();
  while (at < bytes.length) {
    if (at + 4 > bytes.length) throw damaged();
    const magic = u32(bytes, at);
    if (magic >>> 4 === 0x184d2a5) {
      // A skippable frame: a 4-byte length, then data nobody decodes.
      if (at + 8 > bytes.length) throw damaged();
      at += 8 + u32(bytes, at + 4);
      continue;
    }
    if (magic !== ZSTD_MAGIC) throw damaged();
    at += 4;
    if (at >= bytes.length) throw damaged();
    const descriptor = bytes[at++]!;
    const contentSizeFlag = descriptor >> 6;
    const singleSegment = (descriptor >> 5) & 1;
    const hasChecksum = (descriptor >> 2) & 1;
    const dictionaryFlag = descriptor & 3;
    if (descriptor & 8) throw damaged();
    let window = 0;
    if (!singleSegment) {
      if (at >= bytes.length) throw damaged();
      const windowDescriptor = bytes[at++]!;
      const base = 2 ** (10 + (windowDescriptor >> 3));
      window = base + (base / 8) * (windowDescriptor & 7);
    }
    at += [0, 1, 2, 4][dictionaryFlag]!;
    const contentSizeBytes = [singleSegment, 2, 4, 8][contentSizeFlag]!;
    let contentSize = -1;
    if (contentSizeBytes > 0) {
      if (at + contentSizeBytes > bytes.length) throw damaged();
      contentSize = 0;
      for (let index = contentSizeBytes - 1; index >= 0; index--) contentSize = contentSize * 256 + bytes[at + index]!;
      if (contentSizeBytes === 2) contentSize += 256;
      at += contentSizeBytes;
    }
    if (singleSegment) window = contentSize;
    if (window > MAX_WINDOW && !singleSegment) throw new ZipError(`${what} needs more memory to decompress than this importer allows`, 'too-large');
    const blockLimit = Math.min(MAX_BLOCK, Math.max(window, 1));
    let frameBound = 0;
    for (;;) {
      if (at + 3 > bytes.length) throw damaged();
      const header = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
      at += 3;
      const last = header & 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 0) (frameBound += size), (at += size);
      else if (type === 1) (frameBound += size), (at += 1);
      else if (type === 2) {
        if (size > blockLimit) throw damaged();
        frameBound += blockLimit;
        at += size;
      } else throw damaged();
      if (at > bytes.length) throw damaged();
      if (last) break;
    }
    if (contentSize >= 0 && contentSize > frameBound) throw damaged();
    total += contentSize >= 0 ? contentSize : frameBound;
    at += hasChecksum ? 4 : 0;
    if (at > bytes.length) throw damaged();
  }
  return total;
}

class Overflow extends Error {}

/** Decompresses within the budget; every failure is a ZipError naming `what`. */
export function zstdDecompress(bytes: Uint8Array, budget: UnpackBudget, what: string): Uint8Array {
  const bound = zstdUpperBound(bytes, what);
  if (bound > budget.remaining) throw new ZipError(`${what} would expand beyond the size limit`, 'too-large');
  const chunks: Uint8Array[] = [];
  let written = 0;
  const decoder = new Decompress((chunk) => {
    if (written + chunk.length > bound) throw new Overflow();
    chunks.push(chunk);
    written += chunk.length;
  });
  try {
    for (let offset = 0; offset < bytes.length; offset += PUSH_SLICE) {
      decoder.push(bytes.subarray(offset, offset + PUSH_SLICE), offset + PUSH_SLICE >= bytes.length);
    }
  } catch (error) {
    if (error instanceof Overflow) throw new ZipError(`${what} expands beyond the size it declares`, 'too-large');
    throw new ZipError(`${what} is damaged (its compressed data cannot be decoded)`, 'damaged');
  }
  budget.take(written);
  return concat(chunks, written);
}
