/**
 * One entry point for every import: picks the importer for a file from its name and first bytes, and always
 * answers with decks and problems (an unknown file is a problem that names the supported formats).
 */
import { fileProblem, type ImportOptions, type ImportResult, type ImportSource, type Importer } from './model';
import { importNativeDeck, looksLikeNativeDeck } from './native';
import { importAnkiPackage } from './anki-package';
import { importDelimitedText } from './csv';
import { importMarkdownNotes } from './markdown-notes';
import { looksLikeFlashcardNotes } from './markdown-detect';
import { importStudyGuide } from './study-guide';
import { readImportText } from './text';

export type ImportFormat = 'native' | 'csv' | 'anki' | 'markdown-notes' | 'study-guide';

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  native: 'Recall deck',
  csv: 'CSV / TSV (Anki or spreadsheet)',
  anki: 'Anki package',
  'markdown-notes': 'Markdown flashcard notes (Obsidian, Logseq)',
  'study-guide': 'Markdown study guide',
};

export const ACCEPTED_EXTENSIONS = ['.md', '.markdown', '.csv', '.tsv', '.txt', '.apkg', '.colpkg'];

const importers: Partial<Record<ImportFormat, Importer>> = {
  native: importNativeDeck,
  csv: importDelimitedText,
  anki: importAnkiPackage,
  'markdown-notes': importMarkdownNotes,
  'study-guide': importStudyGuide,
};

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

export function detectFormat(source: ImportSource): ImportFormat | null {
  const extension = extensionOf(source.name);
  const isZip = source.bytes[0] === 0x50 && source.bytes[1] === 0x4b;
  if (extension === '.apkg' || extension === '.colpkg' || (isZip && !['.csv', '.tsv', '.txt', '.md', '.markdown'].includes(extension))) return 'anki';
  if (extension === '.csv' || extension === '.tsv' || extension === '.txt') return 'csv';
  if (extension === '.md' || extension === '.markdown') {
    const read = readImportText({ ...source, bytes: source.bytes.subarray(0, 256 * 1024) });
    if ('problem' in read) return 'native';
    if (looksLikeNativeDeck(read.text)) return 'native';
    return looksLikeFlashcardNotes(read.text) ? 'markdown-notes' : 'study-guide';
  }
  return null;
}

export async function importFile(source: ImportSource, options: ImportOptions = {}): Promise<ImportResult & { format: ImportFormat | null }> {
  const format = detectFormat(source);
  const importer = format ? importers[format] : undefined;
  if (!format || !importer) {
    return {
      ...fileProblem(source, `this is not a file Recall can import. Supported: Recall decks (.md), CSV/TSV (.csv, .tsv, .txt), Anki packages (.apkg, .colpkg), Markdown notes and study guides (.md)`),
      format,
    };
  }
  try {
    return { ...(await importer(source, options)), format };
  } catch (error) {
    // Importers return problems for bad input; an exception here is a bug, but the user still gets a message.
    return { ...fileProblem(source, `the file could not be imported: ${(error as Error).message}`), format };
  }
}
