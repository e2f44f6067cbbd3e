/**
 * What the two Markdown importers (flashcard notes, study guides) share: reading the file as text, front matter,
 * cleaning card Markdown so it is safe in a deck file and shows well, tags, slugs, cancellation and progress, and
 * a last check that every card comes back unchanged from the deck format.
 */
import { parseDocument } from 'yaml';
import { parseDeck } from '../deck/parse';
import { serializeDeck } from '../deck/serialize';
import { closesFence, fenceOpening, type FenceOpening } from '../deck/markdown-lines';
import { TAG_PATTERN, type Card, type Deck, type DeckProblem } from '../deck/model';
import { htmlToMarkdown } from './html-to-markdown';
import { MAX_IMPORT_BYTES, fileProblem, type ImportOptions, type ImportResult, type ImportSource } from './model';

// ---------------------------------------------------------------------------------------------------------------
// Reading the file

export type TextOrProblem = { text: string; problems: DeckProblem[] } | { failure: ImportResult };

/**
 * The file's text: UTF-8 (BOM or not), UTF-16 with a BOM, or, when the bytes are not valid UTF-8 but still look
 * like text, Windows-1252 (what older editors on Windows save), with a note saying so. Binary data, empty files and
 * files over the size limit give a message instead.
 */
export function readMarkdownText(source: ImportSource): TextOrProblem {
  const bytes = source.bytes;
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    return { failure: fileProblem(source, `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most Recall imports; split it into smaller files`) };
  }
  if (bytes.byteLength === 0) return { failure: fileProblem(source, 'the file is empty; there is nothing to import') };
  const problems: DeckProblem[] = [];
  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  } else {
    if (looksBinary(bytes)) {
      return { failure: fileProblem(source, 'this is not a text file (it contains binary data); choose the Markdown (.md) file itself') };
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = decodeLegacy(bytes);
      problems.push({ file: source.name, line: 0, message: 'the file is not UTF-8; it was read as Windows-1252. If letters look wrong, save it as UTF-8 and import it again' });
    }
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { failure: fileProblem(source, 'the file holds only blank lines; there is nothing to import') };
  return { text, problems };
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control > sample.length * 0.05;
}

function decodeLegacy(bytes: Uint8Array): string {
  try {
    return new TextDecoder('windows-1252').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Lines without their line ends (CRLF, CR or LF): index + 1 is the line number in messages. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** File name without folders and extension: "notes/Python decorators.md" → "Python decorators". */
export function fileStem(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const stem = base.replace(/\.(md|markdown|txt)$/i, '');
  return stem.trim() !== '' ? stem.trim() : base;
}

// ---------------------------------------------------------------------------------------------------------------
// Front matter

export interface FrontMatter {
  data: Record<string, unknown>;
  /** 0-based index of the first line after the closing '---' (0 when there is no front matter). */
  bodyStart: number;
}

/** YAML front matter between '---' lines at the top. Unreadable YAML is skipped (it is not card text either). */
export function readFrontMatter(lines: string[]): FrontMatter {
  if (lines[0]?.trim() !== '---') return { data: {}, bodyStart: 0 };
  const limit = Math.min(lines.length, 500);
  for (let index = 1; index < limit; index++) {
    const line = lines[index]!.trim();
    if (line !== '---' && line !== '...') continue;
    let data: Record<string, unknown> = {};
    try {
      const doc = parseDocument(lines.slice(1, index).join('\n'), { prettyErrors: false, uniqueKeys: false });
      const value: unknown = doc.errors.length === 0 ? doc.toJS() : null;
      if (value && typeof value === 'object' && !Array.isArray(value)) data = value as Record<string, unknown>;
    } catch {
      data = {};
    }
    return { data, bodyStart: index + 1 };
  }
  return { data: {}, bodyStart: 0 };
}

/** A front-matter list or comma/space-separated string as strings. */
export function frontMatterList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string' || typeof item === 'number').map(String);
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((item) => item !== '');
  return [];
}

// ---------------------------------------------------------------------------------------------------------------
// Inline code: kept out of every text rewrite

/** [start, end) of each inline code span, as CommonMark finds them: a run of n backticks closed by exactly n. */
export function codeSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const runs = [...text.matchAll(/`+/g)].map((match) => ({ index: match.index, length: match[0].length }));
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    const closeIndex = runs.findIndex((run, j) => j > i && run.length === open.length);
    if (closeIndex < 0) continue;
    const close = runs[closeIndex]!;
    spans.push([open.index, close.index + close.length]);
    i = closeIndex;
  }
  return spans;
}

/**
 * Rewrites the text outside inline code spans. The spans are swapped for placeholders made of a private-use
 * character that does not occur in the text, so a rewrite can neither see nor break them.
 */
export function outsideInlineCode(text: string, rewrite: (text: string) => string): string {
  if (!text.includes('`')) return rewrite(text);
  const spans = codeSpans(text);
  if (spans.length === 0) return rewrite(text);
  let sentinel = '';
  for (let code = 0xe000; code < 0xe100; code++) {
    const candidate = String.fromCharCode(code);
    if (!text.includes(candidate)) {
      sentinel = candidate;
      break;
    }
  }
  if (sentinel === '') return text;
  const kept: string[] = [];
  let masked = '';
  let cursor = 0;
  for (const [start, end] of spans) {
    masked += text.slice(cursor, start) + `${sentinel}${kept.length}${sentinel}`;
    kept.push(text.slice(start, end));
    cursor = end;
  }
  masked += text.slice(cursor);
  const pattern = new RegExp(`${sentinel}(\\d+)${sentinel}`, 'g');
  return rewrite(masked).replace(pattern, (_whole, index: string) => kept[Number(index)] ?? '');
}

// ---------------------------------------------------------------------------------------------------------------
// Fences

export interface FencedLine {
  text: string;
  /** 'open' and 'close' are the fence lines themselves; 'code' lines sit between them. */
  role: 'text' | 'open' | 'code' | 'close';
}

/** Marks which lines are code, using the deck parser's own fence rules. */
export function markFences(lines: string[]): FencedLine[] {
  let fence: FenceOpening | null = null;
  return lines.map((text) => {
    if (fence) {
      if (closesFence(text, fence)) {
        fence = null;
        return { text, role: 'close' };
      }
      return { text, role: 'code' };
    }
    fence = fenceOpening(text);
    return { text, role: fence ? 'open' : 'text' };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Card Markdown

export interface CleanOptions {
  /** Obsidian and Logseq links: [[Page|alias]] → alias, ![[image.png]] → an image reference, ((block)) → a note. */
  wikiLinks?: boolean;
}

const HTML_BLOCK_START =
  /^ {0,3}<\/?(?:address|article|aside|blockquote|center|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|menu|nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)(?:\s|\/?>|$)/i;
const PRE_START = /^ {0,3}<pre(?:\s|>|$)/i;
const CARD_HEADING_LIKE = /^##[ \t]/;
const BACK_HEADING_LIKE = /^###[ \t]+back[ \t]*$/i;

/**
 * Card Markdown that is safe in a deck file and shows well:
 * - HTML comments, and <script>/<style> elements with their contents, are removed (outside code);
 * - HTML blocks (a line starting with a block tag such as <div>, <table>, <details>, <pre>, up to the next blank
 *   line) are converted to Markdown; other inline HTML stays and the app shows it as text, never runs it;
 * - a line that would read as deck structure ("## …" starts a card, "### Back" starts an answer) becomes "#### …";
 * - a code fence left open is closed, and leading and trailing blank lines go.
 * Code fences are kept exactly.
 */
export function cleanCardMarkdown(text: string, options: CleanOptions = {}): string {
  // Plain text on one line (most single-line cards) has nothing to clean.
  if (!/[\n<`~#[(]/.test(text)) return text.trim() === '' ? '' : text;
  const out: string[] = [];
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.length > 0) out.push(...cleanProse(prose.join('\n'), options).split('\n'));
    prose = [];
  };
  let open: FenceOpening | null = null;
  for (const { text: line, role } of markFences(text.split('\n'))) {
    if (role === 'text') {
      prose.push(line);
      continue;
    }
    flushProse();
    out.push(line);
    if (role === 'open') open = fenceOpening(line);
    if (role === 'close') open = null;
  }
  flushProse();
  if (open) out.push(open.marker);
  return trimBlankLines(guardStructure(out)).join('\n');
}

/** Demotes lines the deck parser would take for structure; fences are tracked again since conversion may add some. */
function guardStructure(lines: string[]): string[] {
  return markFences(lines).map(({ text, role }) => {
    if (role !== 'text') return text;
    if (CARD_HEADING_LIKE.test(text)) return `##${text}`;
    if (BACK_HEADING_LIKE.test(text)) return `#${text}`;
    return text;
  });
}

function cleanProse(text: string, options: CleanOptions): string {
  let result = outsideInlineCode(text, (masked) => {
    let value = removeHtmlComments(masked);
    value = value.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
    value = value.replace(/<(script|style)\b[\s\S]*$/i, '');
    if (options.wikiLinks) value = rewriteWikiLinks(value);
    return value;
  });
  if (/</.test(result)) result = convertHtmlBlocks(result);
  // What was removed leaves blank lines behind: one blank line separates as well as several.
  return result.replace(/\n(?:[ \t]*\n){2,}/g, '\n\n');
}

/** Removes <!-- … --> comments, nesting-aware (Obsidian users wrap commented-out cards around their own comments). */
export function removeHtmlComments(text: string): string {
  if (!text.includes('<!--')) return text;
  let out = '';
  let depth = 0;
  let index = 0;
  while (index < text.length) {
    if (text.startsWith('<!--', index)) {
      depth++;
      index += 4;
      continue;
    }
    if (depth > 0 && text.startsWith('-->', index)) {
      depth--;
      index += 3;
      continue;
    }
    if (depth === 0) out += text[index];
    index++;
  }
  return out;
}

function rewriteWikiLinks(text: string): string {
  return text
    .replace(/!\[\[([^\]\n|#]+?)(?:#[^\]\n|]*)?(?:\|[^\]\n]*)?\]\]/g, (_whole, target: string) =>
      /\.(png|jpe?g|gif|svg|webp|bmp|avif)$/i.test(target.trim()) ? `![${target.trim()}](${encodeURI(target.trim())})` : target.trim(),
    )
    .replace(/\[\[([^\]\n|]+?)\|([^\]\n]+?)\]\]/g, (_whole, _target: string, alias: string) => alias.trim())
    .replace(/\[\[([^\]\n]+?)\]\]/g, (_whole, target: string) => target.replace(/#\^?/g, ' › ').trim())
    .replace(/\(\([0-9a-f]{8}-[0-9a-f-]{27,}\)\)/gi, '(block reference)');
}

function convertHtmlBlocks(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const isPre = PRE_START.test(line);
    if (!isPre && !HTML_BLOCK_START.test(line)) {
      out.push(line);
      continue;
    }
    let end = index;
    if (isPre) {
      while (end < lines.length - 1 && !/<\/pre>/i.test(lines[end]!)) end++;
    } else {
      while (end < lines.length - 1 && lines[end + 1]!.trim() !== '') end++;
    }
    const html = lines.slice(index, end + 1).join('\n');
    const markdown = convertHtml(html);
    if (markdown !== '') out.push(...markdown.split('\n'));
    index = end;
  }
  return out.join('\n');
}

// Guides repeat the same small blocks (<details>, </div>): converting each once keeps long files fast.
const converted = new Map<string, string>();

function convertHtml(html: string): string {
  const known = converted.get(html);
  if (known !== undefined) return known;
  let markdown: string;
  try {
    markdown = htmlToMarkdown(html);
  } catch {
    markdown = html;
  }
  if (converted.size >= 500) converted.clear();
  converted.set(html, markdown);
  return markdown;
}

export function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

// ---------------------------------------------------------------------------------------------------------------
// Cloze deletions

/**
 * The text of a deletion as it can stand inside {{c1::…}}: the deck's cloze syntax reads "::" as the start of a
 * hint and "}}" as the end, so those are backslash-escaped (Markdown shows "\:" as ":"). Inside inline code an
 * escape would show, so a deletion holding such code cannot be written: null.
 */
export function clozeAnswerText(answer: string): string | null {
  if (!/::|\{\{|\}\}/.test(answer)) return answer;
  let unsafe = false;
  const escaped = outsideInlineCode(answer, (masked) => masked.replace(/::/g, ':\\:').replace(/\{\{/g, '{\\{').replace(/\}\}/g, '}\\}'));
  for (const [start, end] of codeSpans(escaped)) if (/::|\{\{|\}\}/.test(escaped.slice(start, end))) unsafe = true;
  return unsafe ? null : escaped;
}

/** A hint can hold anything but braces and line ends. */
export function clozeHintText(hint: string): string {
  return hint.replace(/[{}\n]/g, '').trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Tags and slugs

/** A tag the deck format accepts (letters, digits, _ / . + : -), or null when nothing usable is left. */
export function toTag(raw: string): string | null {
  const tag = raw
    .normalize('NFC')
    .trim()
    .replace(/^#+/, '')
    .replace(/::/g, '/')
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}_/.+:-]/gu, '')
    .replace(/\/{2,}/g, '/')
    .replace(/^[^\p{L}\p{N}_]+/u, '')
    .replace(/\/+$/, '');
  return tag !== '' && TAG_PATTERN.test(tag) ? tag : null;
}

/**
 * A heading's anchor slug, the way the article's table of contents writes them: lower case, only letters, digits,
 * spaces and hyphens kept, each space a hyphen ("prefetch_related and select_related" →
 * "prefetchrelated-and-selectrelated").
 */
export function headingSlug(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N} -]/gu, '')
    .trim()
    .replace(/ /g, '-');
}

// ---------------------------------------------------------------------------------------------------------------
// Cancelling and progress

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
  }
}

export function cancelledResult(source: ImportSource): ImportResult {
  return fileProblem(source, 'import cancelled; nothing was imported');
}

/**
 * Drives a parser written as a generator of progress fractions: reports progress, and every 30 ms gives the event
 * loop a turn so a Cancel click can land, then stops with ImportCancelled if the signal was aborted.
 */
export async function drive<T>(steps: Generator<number, T>, options: ImportOptions | undefined): Promise<T> {
  const signal = options?.signal;
  if (signal?.aborted) throw new ImportCancelled();
  let last = Date.now();
  for (;;) {
    const step = steps.next();
    if (step.done) {
      options?.onProgress?.(1);
      return step.value;
    }
    if (Date.now() - last > 30) {
      options?.onProgress?.(Math.min(1, Math.max(0, step.value)));
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      last = Date.now();
    }
    if (signal?.aborted) throw new ImportCancelled();
  }
}

/** Runs the same generator to its end without pauses (for synchronous callers). */
export function runToEnd<T>(steps: Generator<number, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The last check

/**
 * Writes the deck in the deck format and reads it back. A card that does not come back exactly as it was is left
 * out with a problem at its source line, so an import can never yield a deck the app would read differently.
 */
export function checkRoundTrip(deck: Deck, file: string, lineOf: (card: Card) => number): { deck: Deck; problems: DeckProblem[] } {
  const problems: DeckProblem[] = [];
  let current = deck;
  for (let attempt = 0; attempt < 3 && current.cards.length > 0; attempt++) {
    const parsed = parseDeck(serializeDeck(current), file).deck;
    const back = new Map((parsed?.cards ?? []).map((card) => [card.id, card]));
    const broken = current.cards.filter((card) => !sameCard(card, back.get(card.id)));
    const headerBroken = !parsed || parsed.id !== current.id || parsed.title !== current.title || parsed.description !== current.description;
    if (headerBroken) {
      // Titles and descriptions come from this file's own text; make them plain and try again.
      current = { ...current, title: plainLine(current.title) || 'Imported deck', description: plainLine(current.description) };
      continue;
    }
    if (broken.length === 0) return { deck: current, problems };
    for (const card of broken) {
      problems.push({ file, line: lineOf(card), message: 'this card could not be stored without changing its text, so it was left out; simplify its Markdown and import again' });
    }
    const drop = new Set(broken);
    current = { ...current, cards: current.cards.filter((card) => !drop.has(card)) };
  }
  return { deck: current, problems };
}

function sameCard(a: Card, b: Card | undefined): boolean {
  return (
    b !== undefined &&
    a.type === b.type &&
    a.front === b.front &&
    a.back === b.back &&
    a.source === b.source &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, index) => tag === b.tags[index])
  );
}

/** One line of visible text: control characters and runs of spaces collapsed. */
export function plainLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}
