/**
 * Reading the zip archive of an Anki package, defensively. The central directory is read first, so every entry's
 * declared size is known and checked against the unpacking budget BEFORE anything is inflated; then each entry
 * that is needed is inflated through fflate's streaming `Inflate`, fed in small slices, counting the bytes it
 * really produces and stopping as soon as they pass the declared size or the budget (a zip bomb lies about its
 * sizes). CRC-32 is checked, so a damaged entry is reported rather than read as garbage.
 *
 * fflate's one-shot `unzipSync` is not used for the inflating: it writes into a buffer of the declared size,
 * silently dropping what does not fit while it keeps decoding the whole stream, and it checks no CRC.
 */
import { Inflate } from 'fflate';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; anything else is refused when read. */
  method: number;
  encrypted: boolean;
  crc32: number;
  compressedSize: number;
  /** As the archive declares it: checked before inflating, enforced while inflating. */
  size: number;
  localHeaderOffset: number;
}

/** What went wrong, in words for the person importing (the caller adds the file name). */
export class ZipError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-zip' | 'truncated' | 'damaged' | 'too-large' | 'unsupported',
  ) {
    super(message);
  }
}

/** A running allowance of unpacked bytes shared by every entry (and zstd stream) of one package. */
export class UnpackBudget {
  constructor(public remaining: number) {}
  take(bytes: number): void {
    this.remaining -= bytes;
    if (this.remaining < 0) throw new ZipError('', 'too-large');
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Inflate input slice: at most ~1032× expansion each, so one slice can never produce more than ~17 MB. */
const INFLATE_SLICE = 16 * 1024;

const u16 = (bytes: Uint8Array, at: number) => bytes[at]! | (bytes[at + 1]! << 8);
const u32 = (bytes: Uint8Array, at: number) => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
const u64 = (bytes: Uint8Array, at: number) => u32(bytes, at) + u32(bytes, at + 4) * 2 ** 32;

export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (u32(bytes, 0) === LOCAL || u32(bytes, 0) === EOCD);
}

/** The archive's entries from its central directory; throws ZipError for anything that is not a whole zip. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  if (!looksLikeZip(bytes)) throw new ZipError('not a zip archive', 'not-zip');
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) throw new ZipError('the zip archive is incomplete (its directory at the end is missing)', 'truncated');
  if (u16(bytes, eocd + 4) !== 0 || u16(bytes, eocd + 6) !== 0) throw new ZipError('split (multi-part) zip archives are not supported', 'unsupported');
  let count = u16(bytes, eocd + 10);
  let directorySize = u32(bytes, eocd + 12);
  let directoryOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator >= 0 && u32(bytes, locator) === ZIP64_LOCATOR) {
      const record = u64(bytes, locator + 8);
      if (record + 56 > bytes.length || u32(bytes, record) !== ZIP64_EOCD) throw new ZipError('the zip archive is damaged (its ZIP64 directory is missing)', 'damaged');
      count = u64(bytes, record + 32);
      directorySize = u64(bytes, record + 40);
      directoryOffset = u64(bytes, record + 48);
    }
  }
  if (directoryOffset + directorySize > bytes.length) throw new ZipError('the zip archive is incomplete (its directory points past the end of the file)', 'truncated');

  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  const decoder = new TextDecoder();
  for (let index = 0; index < count; index++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL) throw new ZipError('the zip archive is damaged (its directory is unreadable)', 'damaged');
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc32 = u32(bytes, at + 16);
    let compressedSize = u32(bytes, at + 20);
    let size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    let localHeaderOffset = u32(bytes, at + 42);
    const nameStart = at + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > bytes.length) throw new ZipError('the zip archive is damaged (its directory is cut short)', 'damaged');
    const name = decoder.decode(bytes.subarray(nameStart, extraStart));
    // ZIP64: the real values sit in extra field 0x0001, in this order, only for the fields saturated above.
    for (let extra = extraStart; extra + 4 <= extraStart + extraLength; ) {
      const id = u16(bytes, extra);
      const length = u16(bytes, extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        const end = field + length;
        if (size === 0xffffffff && field + 8 <= end) (size = u64(bytes, field)), (field += 8);
        if (compressedSize === 0xffffffff && field + 8 <= end) (compressedSize = u64(bytes, field)), (field += 8);
        if (localHeaderOffset === 0xffffffff && field + 8 <= end) localHeaderOffset = u64(bytes, field);
      }
      extra += 4 + length;
    }
    entries.push({ name, method, encrypted: (flags & 1) === 1, crc32, compressedSize, size, localHeaderOffset });
    at = next;
  }
  return entries;
}

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (u32(bytes, at) === EOCD && at + 22 + u16(bytes, at + 20) <= bytes.length) return at;
  }
  return -1;
}

/** Sum of the declared sizes: the first check against the budget, before anything is inflated. */
export function declaredTotal(entries: ZipEntry[]): number {
  return entries.reduce((sum, entry) => sum + entry.size, 0);
}

/** One entry's bytes, inflated within the budget and checked against its declared size and CRC-32. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, budget: UnpackBudget): Uint8Array {
  if (entry.encrypted) throw new ZipError(`'${entry.name}' is encrypted`, 'unsupported');
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`'${entry.name}' uses a compression method (${entry.method}) this importer does not read`, 'unsupported');
  const header = entry.localHeaderOffset;
  if (header + 30 > bytes.length || u32(bytes, header) !== LOCAL) throw new ZipError(`the zip archive is damaged ('${entry.name}' cannot be found in it)`, 'damaged');
  const dataStart = header + 30 + u16(bytes, header + 26) + u16(bytes, header + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > bytes.length) throw new ZipError(`the zip archive is incomplete ('${entry.name}' is cut off)`, 'truncated');
  const compressed = bytes.subarray(dataStart, dataEnd);
  budget.take(entry.size);

  let output: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new ZipError(`the zip archive is damaged ('${entry.name}' has the wrong size)`, 'damaged');
    output = compressed;
  } else {
    output = inflateCapped(compressed, entry);
  }
  if (crc32(output) !== entry.crc32) throw new ZipError(`the zip archive is damaged ('${entry.name}' fails its checksum)`, 'damaged');
  return output;
}

class Overflow extends Error {}

/** DEFLATE cannot expand more than about 1032:1; a declared size beyond that is a lie, refused before inflating. */
const MAX_DEFLATE_RATIO = 1032;

function inflateCapped(compressed: Uint8Array, entry: ZipEntry): Uint8Array {
  if (entry.size > compressed.length * MAX_DEFLATE_RATIO + 1024) throw new ZipError(`the zip archive is damaged ('${entry.name}' declares an impossible size)`, 'damaged');
  // Chunks are kept as they come and joined at the end: memory follows what really inflates, not what is declared.
  const chunks: Uint8Array[] = [];
  let written = 0;
  const inflater = new Inflate((chunk) => {
    // More than declared: a lying entry (a zip bomb's trick). Stop decoding at once.
    if (written + chunk.length > entry.size) throw new Overflow();
    chunks.push(chunk);
    written += chunk.length;
  });
  try {
    if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
    for (let offset = 0; offset < compressed.length; offset += INFLATE_SLICE) {
      inflater.push(compressed.subarray(offset, offset + INFLATE_SLICE), offset + INFLATE_SLICE >= compressed.length);
    }
  } catch (error) {
    if (error instanceof Overflow) throw new ZipError(`'${entry.name}' expands beyond the size it declares`, 'too-large');
    throw new ZipError(`the zip archive is damaged ('${entry.name}' cannot be decompressed)`, 'damaged');
  }
  if (written !== entry.size) throw new ZipError(`the zip archive is damaged ('${entry.name}' has the wrong size)`, 'damaged');
  return concat(chunks, written);
}

export function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const output = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    output.set(chunk, at);
    at += chunk.length;
  }
  return output;
}

let crcTable: Uint32Array | null = null;

export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let index = 0; index < bytes.length; index++) crc = crcTable[(crc ^ bytes[index]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
