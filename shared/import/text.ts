/** Reading an imported file as text: UTF-8 (with or without BOM), refusing binary files with a clear message. */
import { MAX_IMPORT_BYTES, type ImportSource } from './model';

export type TextRead = { text: string } | { problem: string };

export function readImportText(source: ImportSource): TextRead {
  if (source.bytes.byteLength === 0) return { problem: 'the file is empty' };
  if (source.bytes.byteLength > MAX_IMPORT_BYTES) return { problem: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most Recall imports` };
  const sample = source.bytes.subarray(0, 8192);
  if (sample.includes(0)) return { problem: 'this is not a text file (it contains binary data)' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(source.bytes) };
  } catch {
    return { problem: 'the file is not UTF-8 text; save it as UTF-8 and import it again' };
  }
}
