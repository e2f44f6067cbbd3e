/**
 * Export a deck as Anki's "Notes in Plain Text" (a tab-separated file with `#` header lines), which Anki's
 * File → Import reads back as notes: one row per card with its guid, note type, deck, fields and tags.
 *
 *   #separator:tab
 *   #html:true
 *   #guid column:1
 *   #notetype column:2
 *   #deck column:3
 *   #tags column:6
 *   python/map-returns-iterator	Basic	Python	<p>What does <code>map()</code> return?</p>	<p>A lazy …</p>	python::functional
 *
 * - guid: the app's card key, `<deck id>/<card id>`. Anki matches notes by guid across the whole collection, so the
 *   deck id keeps two decks' `intro` cards apart; importing the file here again gives back the card ids.
 * - note type: basic cards → "Basic" (Front, Back), cloze cards → "Cloze" (Text, Back Extra), predict-output cards
 *   → "Basic" (Anki has no such type). These note types exist in every Anki collection.
 * - deck: the deck's title. A title with `::` is a deck hierarchy in Anki.
 * - fields: the card's Markdown as simple HTML (markdownToHtml below); Anki shows HTML, not Markdown.
 * - tags: space-separated; the app's hierarchy `django/orm` becomes Anki's `django::orm`.
 *
 * Cloze cards keep their deletions as written. This app hides all of a card's deletions together; Anki makes one
 * card per cloze number, so a card with {{c1::…}} and {{c2::…}} becomes two cards there.
 *
 * What Anki has no place for (the deck's id, description and tags; which cards are predict-output; a card's
 * source) goes into extra `#recall deck:` / `#recall card:` header lines holding JSON. Anki ignores header keys it
 * does not know, and this app's CSV importer reads them, so native → TSV → native gives the same deck.
 */
import { CARD_KEY_SEPARATOR, cardKeyOf, type Card, type Deck } from '../deck/model';
import { closesFence, fenceOpening } from '../deck/markdown-lines';

/** Header keys (after `#`, before `:`) that carry what Anki has no column for. */
export const RECALL_DECK_KEY = 'recall deck';
export const RECALL_CARD_KEY = 'recall card';

/** The JSON after `#recall deck:`: the native deck the rows whose deck column is `title` belong to. */
export interface RecallDeckMeta {
  id: string;
  title: string;
  description?: string;
  tags?: string[];
}

/** The JSON after `#recall card:`, for cards whose type or source Anki cannot hold. */
export interface RecallCardMeta {
  guid: string;
  type: Card['type'];
  source?: string;
}

export const ANKI_BASIC_NOTETYPE = 'Basic';
export const ANKI_CLOZE_NOTETYPE = 'Cloze';

export function exportAnkiTsv(deck: Deck): string {
  const lines = ['#separator:tab', '#html:true', '#guid column:1', '#notetype column:2', '#deck column:3', '#tags column:6'];
  const deckMeta: RecallDeckMeta = { id: deck.id, title: deck.title };
  if (deck.description) deckMeta.description = deck.description;
  if (deck.tags.length > 0) deckMeta.tags = deck.tags;
  lines.push(`#${RECALL_DECK_KEY}:${oneLineJson(deckMeta)}`);
  for (const card of deck.cards) {
    // Basic is what an Anki "Basic" row reads back as; everything else is said explicitly. Cloze is said too,
    // so that a card with several cloze numbers comes back as one card, not one per number.
    if (card.type === 'basic' && !card.source) continue;
    const cardMeta: RecallCardMeta = { guid: cardKeyOf(deck.id, card.id), type: card.type };
    if (card.source) cardMeta.source = card.source;
    lines.push(`#${RECALL_CARD_KEY}:${oneLineJson(cardMeta)}`);
  }
  for (const card of deck.cards) {
    const record = [
      cardKeyOf(deck.id, card.id),
      card.type === 'cloze' ? ANKI_CLOZE_NOTETYPE : ANKI_BASIC_NOTETYPE,
      deck.title,
      markdownToHtml(card.front),
      markdownToHtml(card.back),
      card.tags.map(ankiTag).join(' '),
    ];
    lines.push(record.map(tsvField).join('\t'));
  }
  return lines.join('\n') + '\n';
}

/** The app's tag hierarchy `a/b` is Anki's `a::b`. */
export function ankiTag(tag: string): string {
  return tag.split(CARD_KEY_SEPARATOR).join('::');
}

/** JSON with the line separators JSON allows raw escaped too, so the value stays on its header line. */
function oneLineJson(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Quoted as Anki's own writer (Rust's csv crate) quotes: only when needed, that is when the field holds a tab, a
 * quote or a line break, or starts with `#` (which would make the row a comment line); quotes inside are doubled.
 */
function tsvField(value: string): string {
  return /[\t"\n\r]|^#/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown → HTML
//
// A small CommonMark + GFM renderer for what cards use: paragraphs, ATX and setext headings, fenced and indented
// code (→ <pre><code class="language-x">), block quotes, bullet and ordered lists (nested, tight or loose),
// tables, thematic breaks; inline code, emphasis and strong (CommonMark's delimiter rules), strike-through, links,
// images, autolinks, hard breaks, backslash escapes and entities. Raw HTML in the Markdown is escaped and shown as
// text, as the app shows it. Reference-style links and footnotes are not resolved (their text stays as written).
// Images stored with the app (`recall-media:name`) point at `name`, the file's name in Anki's media folder.

export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  return renderBlocks(parseBlocks(lines, 0).blocks, false);
}

/** Quotes and lists nest by recursion; deeper than this, the rest is shown as text (no real card goes near it). */
const MAX_NESTING = 32;

interface Block {
  /** A paragraph's inner HTML is shown without <p> in a tight list item. */
  kind: 'paragraph' | 'other';
  html: string;
}

function renderBlocks(blocks: Block[], tight: boolean): string {
  return blocks.map((block) => (block.kind === 'paragraph' ? (tight ? block.html : `<p>${block.html}</p>`) : block.html)).join('\n');
}

const TAB_STOP = 4;

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/** Columns of leading whitespace, tabs advancing to the next multiple of four. */
function indentOf(line: string): number {
  let column = 0;
  for (const char of line) {
    if (char === ' ') column++;
    else if (char === '\t') column += TAB_STOP - (column % TAB_STOP);
    else break;
  }
  return column;
}

/** The line without `columns` columns of leading whitespace; a tab split in two leaves its remaining spaces. */
function stripColumns(line: string, columns: number): string {
  let column = 0;
  let index = 0;
  while (index < line.length && column < columns) {
    const char = line[index]!;
    if (char === ' ') column++;
    else if (char === '\t') {
      const width = TAB_STOP - (column % TAB_STOP);
      if (column + width > columns) return ' '.repeat(column + width - columns) + line.slice(index + 1);
      column += width;
    } else break;
    index++;
  }
  return line.slice(index);
}

const ATX_HEADING = /^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT_UNDERLINE = /^(=+|-+)[ \t]*$/;
const BULLET_ITEM = /^([-+*])([ \t]+|$)/;
const ORDERED_ITEM = /^(\d{1,9})([.)])([ \t]+|$)/;
const HTML_BLOCK_1 = /^<(script|pre|style|textarea)(?:[\s>]|$)/i;
const HTML_BLOCK_6 =
  /^<\/?(address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[\s>]|\/>|$)/i;
const OPEN_TAG = String.raw`<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>\x60]+|'[^']*'|"[^"]*"))?)*\s*\/?>`;
const CLOSING_TAG = String.raw`<\/[A-Za-z][A-Za-z0-9-]*\s*>`;
const HTML_BLOCK_7 = new RegExp(`^(?:${OPEN_TAG}|${CLOSING_TAG})[ \\t]*$`);

interface ListMarker {
  ordered: boolean;
  /** The bullet character, or the ordered delimiter '.' or ')': a different one starts a new list. */
  symbol: string;
  start: number;
  /** Columns from the line's start to the item's content. */
  contentOffset: number;
  /** The item's first line, from its content on ('' for an item that starts blank). */
  firstLine: string;
}

function listMarker(line: string): ListMarker | null {
  const indent = indentOf(line);
  if (indent >= 4) return null;
  const rest = stripColumns(line, indent);
  const bullet = BULLET_ITEM.exec(rest);
  const ordered = bullet ? null : ORDERED_ITEM.exec(rest);
  const match = bullet ?? ordered;
  if (!match) return null;
  const markerWidth = bullet ? 1 : ordered![1]!.length + 1;
  const afterMarker = rest.slice(markerWidth);
  const markerEnd = indent + markerWidth;
  if (isBlank(afterMarker)) {
    return { ordered: !bullet, symbol: bullet ? bullet[1]! : ordered![2]!, start: bullet ? 1 : Number(ordered![1]), contentOffset: markerEnd + 1, firstLine: '' };
  }
  // Spaces after the marker, in columns (a tab after "-" reaches the next tab stop).
  const spacesColumns = indentOf(' '.repeat(markerEnd) + afterMarker) - markerEnd;
  const contentOffset = spacesColumns >= 5 ? markerEnd + 1 : markerEnd + spacesColumns;
  const firstLine = stripColumns(' '.repeat(markerEnd) + afterMarker, contentOffset);
  return { ordered: !bullet, symbol: bullet ? bullet[1]! : ordered![2]!, start: bullet ? 1 : Number(ordered![1]), contentOffset, firstLine };
}

/** Can this line end a paragraph above it (CommonMark's "interrupt a paragraph")? */
function interruptsParagraph(line: string, next: string | undefined): boolean {
  if (indentOf(line) >= 4) return false;
  const rest = stripColumns(line, indentOf(line));
  if (fenceOpening(line) || ATX_HEADING.test(rest) || rest.startsWith('>') || THEMATIC_BREAK.test(rest)) return true;
  if (HTML_BLOCK_1.test(rest) || rest.startsWith('<!--') || HTML_BLOCK_6.test(rest)) return true;
  const marker = listMarker(line);
  if (marker && marker.firstLine !== '' && (!marker.ordered || marker.start === 1)) return true;
  return next !== undefined && startsTable(line, next);
}

function parseBlocks(lines: string[], depth: number): { blocks: Block[]; blankBetween: boolean } {
  if (depth > MAX_NESTING) return { blocks: [{ kind: 'paragraph', html: escapeHtml(lines.join('\n').trim()) }], blankBetween: false };
  const blocks: Block[] = [];
  let blankBetween = false;
  let sawBlank = false;
  let index = 0;
  const push = (block: Block) => {
    if (sawBlank && blocks.length > 0) blankBetween = true;
    sawBlank = false;
    blocks.push(block);
  };
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlank(line)) {
      sawBlank = true;
      index++;
      continue;
    }
    const indent = indentOf(line);

    if (indent >= 4) {
      const body: string[] = [];
      while (index < lines.length && (isBlank(lines[index]!) || indentOf(lines[index]!) >= 4)) body.push(stripColumns(lines[index++]!, 4));
      while (body.length > 0 && isBlank(body.at(-1)!)) body.pop();
      push({ kind: 'other', html: `<pre><code>${escapeHtml(body.join('\n'))}\n</code></pre>` });
      continue;
    }

    const rest = stripColumns(line, indent);
    const fence = fenceOpening(line);
    if (fence) {
      const body: string[] = [];
      index++;
      while (index < lines.length && !closesFence(lines[index]!, fence)) body.push(stripColumns(lines[index++]!, indent));
      index++; // the closing fence (or the end)
      const language = fence.info.split(/\s+/)[0] ?? '';
      const cls = language ? ` class="language-${escapeHtml(unescapeMarkdown(language))}"` : '';
      push({ kind: 'other', html: `<pre><code${cls}>${escapeHtml(body.join('\n'))}${body.length > 0 ? '\n' : ''}</code></pre>` });
      continue;
    }

    const heading = ATX_HEADING.exec(rest);
    if (heading) {
      const level = heading[1]!.length;
      const content = (heading[2] ?? '').replace(/(?:^|[ \t]+)#+$/, '');
      push({ kind: 'other', html: `<h${level}>${renderInline(content.trim())}</h${level}>` });
      index++;
      continue;
    }

    if (THEMATIC_BREAK.test(rest)) {
      push({ kind: 'other', html: '<hr>' });
      index++;
      continue;
    }

    if (rest.startsWith('>')) {
      const inner: string[] = [];
      let lazyAllowed = false;
      while (index < lines.length) {
        const current = lines[index]!;
        const currentIndent = indentOf(current);
        const currentRest = stripColumns(current, currentIndent);
        if (currentIndent < 4 && currentRest.startsWith('>')) {
          let content = currentRest.slice(1);
          if (content.startsWith(' ')) content = content.slice(1);
          else if (content.startsWith('\t')) content = stripColumns(' '.repeat(indent + 1) + content, indent + 2);
          inner.push(content);
          lazyAllowed = !isBlank(content) && !fenceOpening(content);
          index++;
        } else if (lazyAllowed && !isBlank(current) && !interruptsParagraph(current, lines[index + 1])) {
          inner.push(current);
          index++;
        } else break;
      }
      push({ kind: 'other', html: `<blockquote>\n${renderBlocks(parseBlocks(inner, depth + 1).blocks, false)}\n</blockquote>` });
      continue;
    }

    if (HTML_BLOCK_1.test(rest) || rest.startsWith('<!--') || HTML_BLOCK_6.test(rest) || HTML_BLOCK_7.test(rest)) {
      // Raw HTML is shown as text, as the app shows it.
      const end = HTML_BLOCK_1.exec(rest)?.[1];
      const body: string[] = [];
      if (end || rest.startsWith('<!--')) {
        const closing = end ? new RegExp(`</${end}>`, 'i') : /-->/;
        while (index < lines.length) {
          body.push(lines[index]!);
          if (closing.test(lines[index++]!)) break;
        }
      } else {
        while (index < lines.length && !isBlank(lines[index]!)) body.push(lines[index++]!);
      }
      push({ kind: 'other', html: escapeHtml(body.join('\n')) });
      continue;
    }

    if (listMarker(line)) {
      const list = parseList(lines, index, depth);
      index = list.end;
      push({ kind: 'other', html: list.html });
      continue;
    }

    if (index + 1 < lines.length && startsTable(line, lines[index + 1]!)) {
      const table = parseTable(lines, index);
      index = table.end;
      push({ kind: 'other', html: table.html });
      continue;
    }

    // A paragraph, or a setext heading when an underline follows.
    const paragraph = [rest];
    index++;
    let setextLevel = 0;
    while (index < lines.length) {
      const current = lines[index]!;
      if (isBlank(current)) break;
      if (indentOf(current) < 4 && SETEXT_UNDERLINE.test(stripColumns(current, indentOf(current)))) {
        setextLevel = current.trim().startsWith('=') ? 1 : 2;
        index++;
        break;
      }
      if (interruptsParagraph(current, lines[index + 1])) break;
      paragraph.push(current);
      index++;
    }
    const content = paragraph.map((text) => text.replace(/^[ \t]+/, '')).join('\n').replace(/[ \t]+$/, '');
    if (setextLevel > 0) push({ kind: 'other', html: `<h${setextLevel}>${renderInline(content)}</h${setextLevel}>` });
    else push({ kind: 'paragraph', html: renderInline(content) });
  }
  return { blocks, blankBetween };
}

function parseList(lines: string[], startIndex: number, depth: number): { html: string; end: number } {
  const first = listMarker(lines[startIndex]!)!;
  const items: { blocks: Block[] }[] = [];
  let loose = false;
  let index = startIndex;
  let end = startIndex;
  let blankBeforeItem = false;
  while (index < lines.length) {
    const marker = listMarker(lines[index]!);
    if (!marker || marker.ordered !== first.ordered || marker.symbol !== first.symbol) break;
    if (THEMATIC_BREAK.test(stripColumns(lines[index]!, indentOf(lines[index]!)))) break;
    if (blankBeforeItem) loose = true;
    const itemLines = [marker.firstLine];
    index++;
    // An item that starts blank may hold content only from the very next line on.
    const startsBlank = marker.firstLine === '';
    let lastContent = index;
    let inFence = fenceOpening(marker.firstLine);
    while (index < lines.length) {
      const current = lines[index]!;
      if (isBlank(current)) {
        if (startsBlank && itemLines.length === 1) break;
        itemLines.push('');
        index++;
        continue;
      }
      if (indentOf(current) >= marker.contentOffset) {
        const content = stripColumns(current, marker.contentOffset);
        if (inFence) {
          if (closesFence(content, inFence)) inFence = null;
        } else inFence = fenceOpening(content);
        itemLines.push(content);
        index++;
        lastContent = index;
        continue;
      }
      // A lazy continuation line: more text for a paragraph that is still open.
      const previous = itemLines.at(-1)!;
      if (!inFence && !isBlank(previous) && !interruptsParagraph(current, lines[index + 1]) && !listMarker(current) && paragraphIsOpen(itemLines)) {
        itemLines.push(current);
        index++;
        lastContent = index;
        continue;
      }
      break;
    }
    // Blank lines after the item belong between items (or after the list), not to the item.
    while (itemLines.length > 1 && isBlank(itemLines.at(-1)!)) itemLines.pop();
    blankBeforeItem = lastContent < index;
    index = lastContent;
    end = lastContent;
    const parsed = parseBlocks(itemLines, depth + 1);
    if (parsed.blankBetween) loose = true;
    items.push({ blocks: parsed.blocks });
    // Skip the blank lines to look at what follows; they are only consumed if another item comes.
    while (index < lines.length && isBlank(lines[index]!)) index++;
    if (index >= lines.length || !listMarker(lines[index]!)) break;
  }
  const tag = first.ordered ? 'ol' : 'ul';
  const start = first.ordered && first.start !== 1 ? ` start="${first.start}"` : '';
  const body = items
    .map(({ blocks }) => {
      if (blocks.length === 0) return '<li></li>';
      // GFM task list items: "[ ] todo", "[x] done".
      const task = blocks[0]!.kind === 'paragraph' ? /^\[([ xX])\](?=[ \t]|$)/.exec(blocks[0]!.html) : null;
      if (task) {
        const checkbox = `<input type="checkbox" disabled${task[1] === ' ' ? '' : ' checked'}>`;
        blocks = [{ ...blocks[0]!, html: checkbox + blocks[0]!.html.slice(3) }, ...blocks.slice(1)];
      }
      const inner = renderBlocks(blocks, !loose);
      return loose ? `<li>\n${inner}\n</li>` : `<li>${inner}</li>`;
    })
    .join('\n');
  return { html: `<${tag}${start}>\n${body}\n</${tag}>`, end: Math.max(end, startIndex + 1) };
}

/** Does the item's text end inside a paragraph (so that an unindented line continues it)? */
function paragraphIsOpen(itemLines: string[]): boolean {
  const last = itemLines.at(-1)!;
  if (isBlank(last) || indentOf(last) >= 4) return false;
  const rest = stripColumns(last, indentOf(last));
  if (ATX_HEADING.test(rest) || THEMATIC_BREAK.test(rest) || fenceOpening(rest)) return false;
  return true;
}

// Tables (GFM)

function splitTableRow(line: string): string[] {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === '\\' && text[index + 1] === '|') {
      current += '\\|';
      index++;
    } else if (char === '|') {
      cells.push(current);
      current = '';
    } else current += char;
  }
  cells.push(current);
  return cells.map((cell) => cell.trim());
}

const DELIMITER_CELL = /^:?-+:?$/;

function startsTable(header: string, delimiter: string): boolean {
  if (indentOf(header) >= 4 || indentOf(delimiter) >= 4 || !/(^|[^\\])\|/.test(header)) return false;
  if (!/^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/.test(delimiter)) return false;
  const cells = splitTableRow(delimiter);
  return cells.every((cell) => DELIMITER_CELL.test(cell)) && cells.length === splitTableRow(header).length;
}

function parseTable(lines: string[], startIndex: number): { html: string; end: number } {
  const header = splitTableRow(lines[startIndex]!);
  const aligns = splitTableRow(lines[startIndex + 1]!).map((cell) =>
    cell.startsWith(':') && cell.endsWith(':') ? 'center' : cell.endsWith(':') ? 'right' : cell.startsWith(':') ? 'left' : '',
  );
  const cell = (tag: string, text: string, column: number) => {
    const align = aligns[column] ? ` align="${aligns[column]}"` : '';
    return `<${tag}${align}>${renderInline(text.replace(/\\\|/g, '|'))}</${tag}>`;
  };
  const rows: string[] = [];
  let index = startIndex + 2;
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlank(line) || (interruptsParagraph(line, undefined) && !/^\s*\|/.test(line))) break;
    const cells = splitTableRow(line);
    rows.push(`<tr>${header.map((_, column) => cell('td', cells[column] ?? '', column)).join('')}</tr>`);
    index++;
  }
  const head = `<thead>\n<tr>${header.map((text, column) => cell('th', text, column)).join('')}</tr>\n</thead>`;
  const body = rows.length > 0 ? `\n<tbody>\n${rows.join('\n')}\n</tbody>` : '';
  return { html: `<table>\n${head}${body}\n</table>`, end: index };
}

// Inline content

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const ENTITY = /^&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/;
const URI_AUTOLINK = /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/;
const EMAIL_AUTOLINK = /^<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/;
const INLINE_HTML = new RegExp(`^(?:${OPEN_TAG}|${CLOSING_TAG}|<!--[\\s\\S]*?-->)`);
const LITERAL_URL = /^(?:https?:\/\/|www\.)[^\s<]*/i;
const SAFE_SCHEMES = /^(?:https?|mailto|ftp|recall-media):/i;

interface Piece {
  html: string;
  delimiter?: Delimiter;
}

interface Delimiter {
  char: '*' | '_' | '~';
  count: number;
  original: number;
  canOpen: boolean;
  canClose: boolean;
  piece: Piece;
  previous: Delimiter | null;
  next: Delimiter | null;
  openTags: string[];
  closeTags: string[];
}

interface Bracket {
  pieceIndex: number;
  image: boolean;
  active: boolean;
  /** The top of the delimiter stack when the bracket opened: emphasis inside the link text stops there. */
  delimiterBottom: Delimiter | null;
}

const isWhitespace = (char: string | undefined) => char === undefined || /\s/u.test(char);
const isPunctuation = (char: string | undefined) => char !== undefined && /[\p{P}\p{S}]/u.test(char);

function renderInline(text: string): string {
  const pieces: Piece[] = [];
  const brackets: Bracket[] = [];
  let top: Delimiter | null = null;
  let buffer = '';
  const flush = () => {
    if (buffer !== '') pieces.push({ html: buffer });
    buffer = '';
  };
  const removeDelimiter = (delimiter: Delimiter) => {
    if (delimiter.previous) delimiter.previous.next = delimiter.next;
    if (delimiter.next) delimiter.next.previous = delimiter.previous;
    else top = delimiter.previous;
  };

  const processEmphasis = (bottom: Delimiter | null) => {
    let closer: Delimiter | null = bottom ? bottom.next : firstDelimiter(top);
    const openersBottom = new Map<string, Delimiter | null>();
    while (closer) {
      if (!closer.canClose) {
        closer = closer.next;
        continue;
      }
      const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.original % 3}${closer.char === '~' ? closer.count : ''}`;
      const floor = openersBottom.has(key) ? openersBottom.get(key)! : bottom;
      let opener: Delimiter | null = closer.previous;
      while (opener && opener !== floor && opener !== bottom) {
        if (opener.char === closer.char && opener.canOpen && matches(opener, closer)) break;
        opener = opener.previous;
      }
      if (opener && opener !== floor && opener !== bottom) {
        const use = closer.char === '~' ? closer.count : closer.count >= 2 && opener.count >= 2 ? 2 : 1;
        const tag = closer.char === '~' ? 'del' : use === 2 ? 'strong' : 'em';
        opener.count -= use;
        closer.count -= use;
        opener.openTags.unshift(`<${tag}>`);
        closer.closeTags.push(`</${tag}>`);
        // Delimiters between the two can no longer match anything: they are literal text.
        for (let between = opener.next; between && between !== closer; between = between.next) removeDelimiter(between);
        if (opener.count === 0) removeDelimiter(opener);
        if (closer.count === 0) {
          const next: Delimiter | null = closer.next;
          removeDelimiter(closer);
          closer = next;
        }
      } else {
        openersBottom.set(key, closer.previous);
        const next: Delimiter | null = closer.next;
        if (!closer.canOpen) removeDelimiter(closer);
        closer = next;
      }
    }
    while (top && top !== bottom) removeDelimiter(top);
  };

  const renderPieces = (from: number) =>
    pieces
      .slice(from)
      .map((piece) => {
        const delimiter = piece.delimiter;
        if (!delimiter) return piece.html;
        return delimiter.closeTags.join('') + delimiter.char.repeat(delimiter.count) + delimiter.openTags.join('');
      })
      .join('');

  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    const rest = () => text.slice(index);

    if (char === '\\') {
      const next = text[index + 1];
      if (next === '\n') {
        buffer += '<br>\n';
        index += 2;
        skipLeadingSpaces();
      } else if (next !== undefined && ASCII_PUNCTUATION.test(next)) {
        buffer += escapeHtml(next);
        index += 2;
      } else {
        buffer += '\\';
        index++;
      }
      continue;
    }

    if (char === '`') {
      const run = /^`+/.exec(rest())![0];
      const closing = findClosingBackticks(text, index + run.length, run.length);
      if (closing < 0) {
        buffer += run;
        index += run.length;
        continue;
      }
      let code = text.slice(index + run.length, closing).replace(/\n/g, ' ');
      if (code.length >= 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
      buffer += `<code>${escapeHtml(code)}</code>`;
      index = closing + run.length;
      continue;
    }

    if (char === '*' || char === '_' || char === '~') {
      const run = (char === '*' ? /^\*+/ : char === '_' ? /^_+/ : /^~+/).exec(rest())![0];
      const before = index > 0 ? text[index - 1] : undefined;
      const after = text[index + run.length];
      const leftFlanking = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
      const rightFlanking = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
      let canOpen = leftFlanking;
      let canClose = rightFlanking;
      if (char === '_') {
        canOpen = leftFlanking && (!rightFlanking || isPunctuation(before));
        canClose = rightFlanking && (!leftFlanking || isPunctuation(after));
      }
      if (char === '~' && run.length > 2) canOpen = canClose = false;
      flush();
      const piece: Piece = { html: run };
      if (canOpen || canClose) {
        const delimiter: Delimiter = { char, count: run.length, original: run.length, canOpen, canClose, piece, previous: top, next: null, openTags: [], closeTags: [] };
        if (top) top.next = delimiter;
        top = delimiter;
        piece.delimiter = delimiter;
      }
      pieces.push(piece);
      index += run.length;
      continue;
    }

    if (char === '[' || (char === '!' && text[index + 1] === '[')) {
      flush();
      const image = char === '!';
      pieces.push({ html: image ? '![' : '[' });
      brackets.push({ pieceIndex: pieces.length - 1, image, active: true, delimiterBottom: top });
      index += image ? 2 : 1;
      continue;
    }

    if (char === ']') {
      const opener = brackets.pop();
      const link = opener?.active ? parseLinkTail(text, index + 1) : null;
      if (!opener || !link) {
        buffer += ']';
        index++;
        continue;
      }
      flush();
      processEmphasis(opener.delimiterBottom);
      const inner = renderPieces(opener.pieceIndex + 1);
      pieces.length = opener.pieceIndex;
      const title = link.title !== undefined ? ` title="${escapeHtml(link.title)}"` : '';
      if (opener.image) {
        pieces.push({ html: `<img src="${imageSource(link.destination)}" alt="${escapeHtml(textOfHtml(inner))}"${title}>` });
      } else {
        const href = safeUrl(link.destination);
        pieces.push({ html: href === '' ? inner : `<a href="${href}"${title}>${inner}</a>` });
        // No links inside links: earlier '[' can no longer open one.
        for (const bracket of brackets) if (!bracket.image) bracket.active = false;
      }
      index = link.end;
      continue;
    }

    if (char === '<') {
      const uri = URI_AUTOLINK.exec(rest());
      const email = uri ? null : EMAIL_AUTOLINK.exec(rest());
      const html = uri || email ? null : INLINE_HTML.exec(rest());
      if (uri || email) {
        const target = (uri ?? email)![1]!;
        const href = safeUrl(email ? `mailto:${target}` : target);
        buffer += href === '' ? escapeHtml(target) : `<a href="${href}">${escapeHtml(target)}</a>`;
        index += (uri ?? email)![0].length;
      } else if (html) {
        buffer += escapeHtml(html[0]);
        index += html[0].length;
      } else {
        buffer += '&lt;';
        index++;
      }
      continue;
    }

    if (char === '&') {
      const entity = ENTITY.exec(rest());
      buffer += entity ? entity[0] : '&amp;';
      index += entity ? entity[0].length : 1;
      continue;
    }

    if (char === '\n') {
      const hard = / {2,}$/.test(buffer);
      buffer = buffer.replace(/ +$/, '');
      buffer += hard ? '<br>\n' : '\n';
      index++;
      skipLeadingSpaces();
      continue;
    }

    if ((char === 'h' || char === 'H' || char === 'w' || char === 'W') && /^$|[\s*_~(]$/.test(text[index - 1] ?? '')) {
      const url = literalUrl(rest());
      if (url) {
        const href = safeUrl(url.startsWith('www.') || url.startsWith('WWW.') ? `http://${url}` : url);
        buffer += `<a href="${href}">${escapeHtml(url)}</a>`;
        index += url.length;
        continue;
      }
    }

    buffer += char === '>' ? '&gt;' : char === '"' ? '&quot;' : char;
    index++;
  }
  flush();
  processEmphasis(null);
  return renderPieces(0);

  function skipLeadingSpaces() {
    while (text[index] === ' ' || text[index] === '\t') index++;
  }
}

function firstDelimiter(top: Delimiter | null): Delimiter | null {
  let first = top;
  while (first?.previous) first = first.previous;
  return first;
}

/** CommonMark's "rule of 3" for * and _; GFM strike-through pairs runs of equal length. */
function matches(opener: Delimiter, closer: Delimiter): boolean {
  if (closer.char === '~') return opener.count === closer.count;
  if ((opener.canClose || closer.canOpen) && (opener.original + closer.original) % 3 === 0) {
    return opener.original % 3 === 0 && closer.original % 3 === 0;
  }
  return true;
}

function findClosingBackticks(text: string, from: number, length: number): number {
  const pattern = /`+/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === length) return match.index;
  }
  return -1;
}

/** `(destination "title")` right after a link text's `]`. */
function parseLinkTail(text: string, start: number): { destination: string; title?: string; end: number } | null {
  if (text[start] !== '(') return null;
  let index = start + 1;
  const skipSpace = () => {
    while (index < text.length && /[ \t\n]/.test(text[index]!)) index++;
  };
  skipSpace();
  let destination = '';
  if (text[index] === '<') {
    const close = /^<((?:[^<>\n\\]|\\.)*)>/.exec(text.slice(index));
    if (!close) return null;
    destination = close[1]!;
    index += close[0].length;
  } else {
    let depth = 0;
    const begin = index;
    while (index < text.length) {
      const char = text[index]!;
      if (char === '\\' && index + 1 < text.length && ASCII_PUNCTUATION.test(text[index + 1]!)) {
        index += 2;
        continue;
      }
      if (/[\s\x00-\x1f]/.test(char)) break;
      if (char === '(') depth++;
      if (char === ')') {
        if (depth === 0) break;
        depth--;
      }
      index++;
    }
    if (depth !== 0) return null;
    destination = text.slice(begin, index);
  }
  const beforeTitle = index;
  skipSpace();
  let title: string | undefined;
  const opening = text[index];
  if (index > beforeTitle && (opening === '"' || opening === "'" || opening === '(')) {
    const closingChar = opening === '(' ? ')' : opening;
    let end = index + 1;
    while (end < text.length && text[end] !== closingChar) end += text[end] === '\\' ? 2 : 1;
    if (end >= text.length) return null;
    title = unescapeMarkdown(text.slice(index + 1, end));
    index = end + 1;
    skipSpace();
  }
  if (text[index] !== ')') return null;
  return { destination: unescapeMarkdown(destination), ...(title !== undefined ? { title } : {}), end: index + 1 };
}

/** A bare URL as GFM links it: up to whitespace or '<', without trailing punctuation or an unbalanced ')'. */
function literalUrl(rest: string): string | null {
  const match = LITERAL_URL.exec(rest);
  if (!match) return null;
  let url: string = match[0];
  for (;;) {
    const trimmed: string = url.replace(/[?!.,:*_~'"]+$/, '');
    if (trimmed.endsWith(')') && (trimmed.match(/\(/g)?.length ?? 0) < (trimmed.match(/\)/g)?.length ?? 0)) url = trimmed.slice(0, -1);
    else if (/&[A-Za-z0-9]+;$/.test(trimmed)) url = trimmed.replace(/&[A-Za-z0-9]+;$/, '');
    else {
      url = trimmed;
      break;
    }
  }
  const domain = url.replace(/^https?:\/\//i, '').split(/[/?#]/)[0]!;
  return /^[\w-]+(?:\.[\w-]+)*$/.test(domain) && (domain.includes('.') || /^https?:\/\//i.test(url)) && domain !== '' ? url : null;
}

/** Only web, mail and relative links: a `javascript:` link from someone else's deck becomes plain text. */
function safeUrl(url: string): string {
  const trimmed = url.trim();
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(trimmed) && !SAFE_SCHEMES.test(trimmed)) return '';
  return escapeHtml(trimmed.replace(/[\s<>"]/g, (char) => encodeURIComponent(char)));
}

/** Anki refers to a media file by its plain name: `recall-media:my%20diagram.png` is `my diagram.png` there. */
function imageSource(destination: string): string {
  const media = /^recall-media:(.*)$/i.exec(destination.trim());
  if (!media) return safeUrl(destination);
  let name = media[1]!;
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded after all: the name as written.
  }
  return escapeHtml(name);
}

function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function textOfHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
