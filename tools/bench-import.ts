/**
 * Where the time of a CSV import goes, in Node: `npx tsx tools/bench-import.ts [rows]` (default 100,000).
 * Stages are timed on their own (parse with papaparse, field conversion, the deck format round trip, the
 * preview's diff against an existing deck), then the whole importer end to end. The browser side (worker,
 * IndexedDB, the dialog) is measured by tools/bench-import-browser.ts.
 */
import Papa from 'papaparse';
import { generatedCsv } from './import-fixture';
import { importDelimitedText } from '../shared/import/csv';
import { htmlToMarkdown, looksLikeHtml } from '../shared/import/html-to-markdown';
import { serializeDeck } from '../shared/deck/serialize';
import { parseDeck } from '../shared/deck/parse';
import { compareDecks, combineDecks } from '../shared/import/merge';

const rows = Number(process.argv[2] ?? 100_000);

function time<T>(label: string, work: () => T): T {
  const started = performance.now();
  const result = work();
  console.log(`${label.padEnd(40)} ${(performance.now() - started).toFixed(0).padStart(7)} ms`);
  return result;
}

async function main(): Promise<void> {
  const text = time(`generate ${rows.toLocaleString('en')} rows`, () => generatedCsv(rows));
  console.log(`file size ${(text.length / 1024 / 1024).toFixed(1)} MB`);
  const bytes = new TextEncoder().encode(text);
  const parsed = time('papaparse, whole body', () => Papa.parse<string[]>(text, { delimiter: ',', newline: '\n', quoteChar: '"', escapeChar: '"' }).data);
  const fields = parsed.slice(1).flatMap((row) => row.slice(0, 2));
  const htmlFields = time('looksLikeHtml, every field', () => fields.filter((field) => looksLikeHtml(field)));
  console.log(`fields ${fields.length.toLocaleString('en')}, of them HTML ${htmlFields.length.toLocaleString('en')}`);
  time('htmlToMarkdown, the HTML fields', () => htmlFields.map((field) => htmlToMarkdown(field)));

  const started = performance.now();
  const result = await importDelimitedText({ name: 'bench.csv', bytes });
  const total = performance.now() - started;
  console.log(`${'importDelimitedText, end to end'.padEnd(40)} ${total.toFixed(0).padStart(7)} ms`);
  const deck = result.decks[0]!;
  console.log(`cards ${deck.cards.length.toLocaleString('en')}, problems ${result.problems.length}`);

  const serialized = time('serializeDeck (validation round trip)', () => serializeDeck(deck));
  time('parseDeck (validation round trip)', () => parseDeck(serialized, 'bench.md'));
  // An existing deck with the same cards, every tenth one edited: the preview's new/changed/unchanged counts.
  const existing = { ...deck, cards: deck.cards.filter((_, index) => index % 10 !== 0).map((card, index) => (index % 10 === 1 ? { ...card, back: `${card.back} (old)` } : card)) };
  const changes = time('compareDecks (preview diff)', () => compareDecks(existing, deck));
  console.log(`  ${JSON.stringify(changes)}`);
  time('combineDecks merge', () => combineDecks(existing, deck, 'merge', new Set()));
}

await main();
