/**
 * Markdown flashcard notes: the formats of Obsidian's Spaced Repetition plugin, and Logseq's #card blocks.
 *
 * A file is one deck, titled by its front matter `title`, Logseq's `title::` page property, or else the file name
 * (an Obsidian note's title is its file name). Card ids are hashes of the front (cardIdFromFront): these formats
 * carry no ids, so editing a question makes it a new card, while editing only an answer keeps its history.
 *
 * Obsidian (used when the file has no Logseq #card block):
 * - `question::answer` on one line is a basic card; `question:::answer` gives two cards, one each way. The first
 *   separator outside `inline code` counts; a list marker before the question is dropped; `<br>` in either side is
 *   a line break. Every line of a paragraph that holds a separator is its own card, as in the plugin.
 * - Multi-line cards: question lines, a line `?` (or `??` for both ways), answer lines. The card is the paragraph
 *   around the separator: it starts after the last blank line, heading, tag line or single-line card above, and
 *   ends at the next blank line, heading, tag line or thematic break. Blank lines inside code fences belong to the
 *   card, so code keeps its blank lines. (The plugin's optional end-marker setting, which allows blank lines in
 *   cards, is not known to the file and not supported.) Only the first `?`/`??` line of a paragraph separates.
 * - Cloze cards: in a paragraph with no card separator, each `==highlight==` and `**bold**` is a deletion, as with
 *   the plugin's "convert highlights/bold to clozes" settings; `{{c1::…}}` deletions are read too. One card per
 *   deletion: that deletion is hidden as {{c1::…}}, the others show as plain text. A hint `==text==^[hint]` is
 *   kept; deletions sharing a sequence number `==a==[^1] … ==b==[^1]` are asked together. Deletions count only
 *   where a `#flashcards` tag applies (the cloze context): without it, any bold word in a note would become a
 *   card, and the plugin itself reviews only tagged notes. Curly-brace clozes are not read, as they clash with
 *   Django and Jinja templates (`{{ var }}`); the generalised overlapping clozes (`[^ahs]`) are not supported.
 * - `#flashcards` tags (also `#flashcard`): a line of tags sets the deck for the cards below it until the next tag
 *   line; a flashcards tag inside a card applies to that card only. Cards before the first tag line take the
 *   file's first flashcards tag (front matter `tags:` included), so a tag at the end of a note covers it all. The
 *   part after `flashcards/` becomes the card's tag: `#flashcards/python/decorators` → tag `python/decorators`;
 *   plain `#flashcards` adds none. Everything stays one deck: the app filters by tag, and one file is one deck.
 * - The plugin's scheduling comments `<!--SR:!2024-01-01,3,250-->` (one `!date,interval,ease` per sibling card,
 *   in order: forward then reverse, or one per deletion) are removed from the text and returned as schedules:
 *   due at local midnight of the date, the interval in days, ease 250 → easiness 2.5; the plugin keeps no count
 *   of repetitions or lapses, so repetitions are estimated from the interval (1 day → 1, up to 6 days → 2,
 *   longer → 3, so SM-2 goes on multiplying) and lapses are 0. Other HTML comments are removed, and cards inside
 *   them are ignored (the plugin's way of switching cards off).
 * - Headings are never card text. `[[links|alias]]` show their text, `![[image.png]]` becomes an image reference,
 *   a trailing block id ` ^abc123` is dropped, code fences are kept exactly.
 *
 * Logseq (used when a block is tagged #card or #[[card]]):
 * - The block's text (without #card, its properties and a heading marker) is the front; the blocks indented under
 *   it are the back (one block as plain text, several as a nested list). Other #tags on the block become card
 *   tags. `{{cloze text}}` anywhere in the card makes it a cloze card whose front holds the whole block and its
 *   children with every deletion hidden together, as Logseq shows it. Block references `((uuid))` cannot be
 *   resolved from one file and show as "(block reference)"; a card that is only a reference is skipped.
 * - Logseq's SRS properties (card-next-schedule, card-repeats, card-last-interval, card-ease-factor) are
 *   returned as schedules. Property lines (`key:: value`) are never card text.
 *
 * Problems name the line: a separator with nothing on one side, a card without an answer, a question used twice
 * (the first is kept: ids come from the question), a deletion that cannot be written. A file with no card at all
 * is one problem explaining the formats.
 */
import { cardIdFromFront, deckIdFromName } from './identity';
import {
  cancelledResult,
  checkRoundTrip,
  cleanCardMarkdown,
  clozeAnswerText,
  clozeHintText,
  codeSpans,
  drive,
  fileStem,
  frontMatterList,
  ImportCancelled,
  markFences,
  outsideInlineCode,
  plainLine,
  readFrontMatter,
  readMarkdownText,
  removeHtmlComments,
  splitLines,
  toTag,
  type FencedLine,
} from './markdown-common';
import { closesFence, fenceOpening, type FenceOpening } from '../deck/markdown-lines';
import type { Card, Deck, DeckProblem } from '../deck/model';
import { emptyResult, type ImportOptions, type ImportResult, type ImportSource, type ImportedSchedule, type Importer } from './model';

export interface MarkdownNotesSettings {
  /** `==highlight==` as cloze deletions (the plugin's default: on). */
  highlightClozes?: boolean;
  /** `**bold**` as cloze deletions (a plugin setting; on here, limited to the cloze context). */
  boldClozes?: boolean;
}

/** An importer with other cloze settings, for an app setting that mirrors the plugin's. */
export function createMarkdownNotesImporter(settings: MarkdownNotesSettings = {}): Importer {
  const resolved = { highlightClozes: settings.highlightClozes ?? true, boldClozes: settings.boldClozes ?? true };
  return async (source: ImportSource, options?: ImportOptions): Promise<ImportResult> => {
    const read = readMarkdownText(source);
    if ('failure' in read) return read.failure;
    try {
      const parsed = await drive(parseNotes(read.text, source.name, resolved), options);
      return { ...parsed, problems: [...read.problems, ...parsed.problems] };
    } catch (error) {
      if (error instanceof ImportCancelled) return cancelledResult(source);
      throw error;
    }
  };
}

export const importMarkdownNotes: Importer = createMarkdownNotesImporter();

// ---------------------------------------------------------------------------------------------------------------

interface Draft {
  card: Card;
  line: number;
  schedule?: Omit<ImportedSchedule, 'deckId' | 'cardId'>;
}

interface Collector {
  file: string;
  drafts: Draft[];
  problems: DeckProblem[];
  report: (line: number, message: string) => void;
}

const LOGSEQ_CARD_TAG = /(^|\s)#(?:card|\[\[card\]\])(?=\s|$)/i;

function* parseNotes(text: string, file: string, settings: Required<MarkdownNotesSettings>): Generator<number, ImportResult> {
  const lines = splitLines(text);
  const front = readFrontMatter(lines);
  const problems: DeckProblem[] = [];
  const collector: Collector = { file, drafts: [], problems, report: (line, message) => problems.push({ file, line, message }) };

  const logseq = isLogseqCardFile(lines, front.bodyStart);
  let title = typeof front.data.title === 'string' ? plainLine(front.data.title) : '';
  if (logseq) {
    const pageTitle = yield* parseLogseq(lines, front.bodyStart, collector);
    if (!title && pageTitle) title = pageTitle;
  } else {
    yield* parseObsidian(lines, front.bodyStart, frontMatterList(front.data.tags), collector, settings);
  }
  if (!title) title = logseq ? logseqFileTitle(file) : fileStem(file);
  title = plainLine(title) || 'Imported notes';

  if (collector.drafts.length === 0) {
    if (problems.length === 0) {
      problems.push({
        file,
        line: 0,
        message: logseq
          ? 'no flashcards found: tag a block with #card and put its answer in the blocks indented under it'
          : 'no flashcards found: write cards as "question::answer", "question:::answer", question lines then a line "?" then answer lines, or ==highlights== under a #flashcards tag',
      });
    }
    return { ...emptyResult(), problems };
  }

  const deckId = deckIdFromName(title);
  const byId = new Map<string, Draft>();
  const cards: Card[] = [];
  for (const draft of collector.drafts) {
    const earlier = byId.get(draft.card.id);
    if (earlier) {
      collector.report(
        draft.line,
        earlier.card.back === draft.card.back && earlier.card.type === draft.card.type
          ? `this card repeats the one on line ${earlier.line}; it was imported once`
          : `this card has the same question as the one on line ${earlier.line}, whose card was kept; reword one of the two questions`,
      );
      continue;
    }
    byId.set(draft.card.id, draft);
    cards.push(draft.card);
  }
  const deck: Deck = { id: deckId, title, description: '', tags: [], cards };
  const checked = checkRoundTrip(deck, file, (card) => byId.get(card.id)?.line ?? 0);
  problems.push(...checked.problems);
  const kept = new Set(checked.deck.cards.map((card) => card.id));
  const schedules: ImportedSchedule[] = [];
  for (const [cardId, draft] of byId) {
    if (draft.schedule && kept.has(cardId)) schedules.push({ ...draft.schedule, deckId: checked.deck.id, cardId });
  }
  problems.sort((a, b) => a.line - b.line);
  if (checked.deck.cards.length === 0) return { ...emptyResult(), problems };
  return { decks: [checked.deck], problems, media: [], schedules };
}

function addCard(collector: Collector, draft: Omit<Draft, 'card'> & { card: Omit<Card, 'id'> }): void {
  collector.drafts.push({ ...draft, card: { id: cardIdFromFront(draft.card.front), ...draft.card } });
}

// ---------------------------------------------------------------------------------------------------------------
// Obsidian

interface NoteLine extends FencedLine {
  /** 1-based. */
  line: number;
}

interface Context {
  /** A #flashcards tag applies: highlights and bold are deletions here. */
  active: boolean;
  tags: string[];
}

const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$/;
const TAG_TOKEN = /^#(?!\d+$)[\p{L}\p{N}_/-]+$/u;
const FLASHCARDS_TOKEN = /^#flashcards?(?:\/([\p{L}\p{N}_/-]*))?$/iu;
const FLASHCARDS_IN_TEXT = /(^|\s)#flashcards?(?:\/[\p{L}\p{N}_/-]*)?(?=\s|$)/giu;
const SR_COMMENT = /^<!--SR:([^>]*?)-->/;

interface SrEntry {
  due: string;
  interval: number;
  ease: number;
}

function* parseObsidian(
  lines: string[],
  bodyStart: number,
  frontMatterTags: string[],
  collector: Collector,
  settings: Required<MarkdownNotesSettings>,
): Generator<number, void> {
  const { kept, schedules } = yield* preprocessObsidian(lines, bodyStart);

  // Cards above the first tag line take the file's first flashcards tag: a note tagged at its end is all tagged.
  const fileTags = frontMatterTags.map((tag) => (tag.startsWith('#') ? tag : `#${tag}`)).filter((tag) => FLASHCARDS_TOKEN.test(tag));
  if (fileTags.length === 0) {
    for (const entry of kept) {
      if (entry.role !== 'text') continue;
      const found = flashcardsTokens(entry.text);
      if (found.length > 0) {
        fileTags.push(...found);
        break;
      }
    }
  }
  let context: Context = contextOf(fileTags);

  let paragraph: NoteLine[] = [];
  let paragraphContext = context;
  const flush = () => {
    if (paragraph.length > 0) cardsFromParagraph(paragraph, paragraphContext, schedules, collector, settings);
    paragraph = [];
  };
  for (let index = 0; index < kept.length; index++) {
    if (index % 2048 === 0) yield 0.3 + (0.7 * index) / kept.length;
    const entry = kept[index]!;
    if (entry.role === 'text') {
      const trimmed = entry.text.trim();
      if (trimmed === '' || THEMATIC_BREAK.test(entry.text)) {
        flush();
        continue;
      }
      if (ATX_HEADING.test(entry.text) || isTagLine(trimmed)) {
        flush();
        const found = flashcardsTokens(entry.text);
        if (found.length > 0) context = contextOf(found);
        continue;
      }
    }
    if (paragraph.length === 0) paragraphContext = context;
    paragraph.push(entry);
  }
  flush();
}

/**
 * The note's lines with HTML comments removed (a line that was only a comment goes entirely, so it does not split
 * a card), fences marked, and the SR scheduling comments collected by the line they belong to: their own line when
 * it holds text, else the line above.
 */
function* preprocessObsidian(lines: string[], bodyStart: number): Generator<number, { kept: NoteLine[]; schedules: Map<number, SrEntry[]> }> {
  const kept: NoteLine[] = [];
  const schedules = new Map<number, SrEntry[]>();
  let fence: FenceOpening | null = null;
  let depth = 0;
  for (let index = bodyStart; index < lines.length; index++) {
    if (index % 4096 === 0) yield (0.3 * index) / lines.length;
    const raw = lines[index]!;
    const line = index + 1;
    if (fence) {
      const closing = closesFence(raw, fence);
      if (closing) fence = null;
      kept.push({ text: raw, role: closing ? 'close' : 'code', line });
      continue;
    }
    if (depth === 0) {
      fence = fenceOpening(raw);
      if (fence) {
        kept.push({ text: raw, role: 'open', line });
        continue;
      }
    }
    if (depth === 0 && !raw.includes('<!--')) {
      kept.push({ text: raw, role: 'text', line });
      continue;
    }
    const stripped = stripComments(raw, depth);
    depth = stripped.depth;
    const hasText = stripped.text.trim() !== '';
    if (stripped.sr.length > 0) {
      const owner = hasText ? line : kept.at(-1)?.line;
      if (owner !== undefined) schedules.set(owner, [...(schedules.get(owner) ?? []), ...stripped.sr]);
    }
    if (hasText || !stripped.touched) kept.push({ text: stripped.text, role: 'text', line });
  }
  return { kept, schedules };
}

function stripComments(raw: string, startDepth: number): { text: string; depth: number; sr: SrEntry[]; touched: boolean } {
  let depth = startDepth;
  let text = '';
  const sr: SrEntry[] = [];
  const spans = depth === 0 ? codeSpans(raw) : [];
  let index = 0;
  while (index < raw.length) {
    if (depth === 0) {
      const span = spans.find(([start]) => start === index);
      if (span) {
        text += raw.slice(span[0], span[1]);
        index = span[1];
        continue;
      }
      const schedule = SR_COMMENT.exec(raw.slice(index));
      if (schedule) {
        sr.push(...parseSr(schedule[1]!));
        index += schedule[0].length;
        continue;
      }
    }
    if (raw.startsWith('<!--', index)) {
      depth++;
      index += 4;
      continue;
    }
    if (depth > 0 && raw.startsWith('-->', index)) {
      depth--;
      index += 3;
      continue;
    }
    if (depth === 0) text += raw[index];
    index++;
  }
  return { text: text.replace(/[ \t]+$/, ''), depth, sr, touched: true };
}

function parseSr(body: string): SrEntry[] {
  return body
    .split('!')
    .map((part) => /^\s*(\d{4}-\d{2}-\d{2}),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)\s*$/.exec(part))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ due: match[1]!, interval: Number(match[2]), ease: Number(match[3]) }));
}

function scheduleFromSr(entry: SrEntry | undefined): Draft['schedule'] {
  if (!entry) return undefined;
  const [year, month, day] = entry.due.split('-').map(Number) as [number, number, number];
  const dueAt = new Date(year, month - 1, day).getTime();
  if (!Number.isFinite(dueAt)) return undefined;
  const interval = Math.max(0, Math.round(entry.interval));
  return {
    repetitions: interval >= 7 ? 3 : interval > 1 ? 2 : 1,
    interval,
    easiness: Math.max(1.3, entry.ease / 100),
    lapses: 0,
    dueAt,
    suspended: false,
    reviews: [],
  };
}

function isTagLine(trimmed: string): boolean {
  return trimmed.startsWith('#') && trimmed.split(/\s+/).every((token) => TAG_TOKEN.test(token));
}

function flashcardsTokens(text: string): string[] {
  const found: string[] = [];
  outsideInlineCode(text, (masked) => {
    for (const match of masked.matchAll(FLASHCARDS_IN_TEXT)) found.push(match[0].trim());
    return masked;
  });
  return found;
}

function contextOf(tokens: string[]): Context {
  const tags = new Set<string>();
  for (const token of tokens) {
    const path = FLASHCARDS_TOKEN.exec(token)?.[1];
    const tag = path ? toTag(path) : null;
    if (tag) tags.add(tag);
  }
  return { active: tokens.length > 0, tags: [...tags] };
}

/** Removes flashcards tags from a card's text lines; the tags found apply to that card alone. */
function takeCardTags(entries: NoteLine[], context: Context): { entries: NoteLine[]; context: Context } {
  const found: string[] = [];
  const cleaned = entries.map((entry) => {
    if (entry.role !== 'text' || !/#flashcard/i.test(entry.text)) return entry;
    const text = outsideInlineCode(entry.text, (masked) =>
      masked.replace(FLASHCARDS_IN_TEXT, (whole, before: string) => {
        found.push(whole.trim());
        return before;
      }),
    );
    const trimmed = text.replace(/[ \t]+$/, '');
    return { ...entry, text: /^\s*#flashcard/i.test(entry.text) ? trimmed.trimStart() : trimmed };
  });
  return { entries: cleaned, context: found.length > 0 ? contextOf(found) : context };
}

function cardsFromParagraph(
  paragraph: NoteLine[],
  context: Context,
  schedules: Map<number, SrEntry[]>,
  collector: Collector,
  settings: Required<MarkdownNotesSettings>,
): void {
  const separator = paragraph.findIndex((entry) => entry.role === 'text' && (entry.text.trim() === '?' || entry.text.trim() === '??'));
  if (separator >= 0) {
    const before = paragraph.slice(0, separator);
    let questionStart = 0;
    before.forEach((entry, index) => {
      if (entry.role === 'text' && splitSingleLine(entry.text)) {
        singleLineCard(entry, context, schedules, collector);
        questionStart = index + 1;
      }
    });
    multiLineCard(before.slice(questionStart), paragraph[separator]!, paragraph.slice(separator + 1), context, schedules, collector);
    return;
  }
  const singles = paragraph.filter((entry) => entry.role === 'text' && splitSingleLine(entry.text));
  if (singles.length > 0) {
    for (const entry of singles) singleLineCard(entry, context, schedules, collector);
    return;
  }
  clozeCards(paragraph, context, schedules, collector, settings);
}

/** The first `:::` (both ways) or `::` outside inline code, as the plugin reads a line. */
function splitSingleLine(text: string): { question: string; answer: string; reversed: boolean } | null {
  if (!text.includes('::')) return null;
  const spans = codeSpans(text);
  const outside = (index: number, length: number) => !spans.some(([start, end]) => index < end && index + length > start);
  const find = (needle: string) => {
    for (let index = text.indexOf(needle); index >= 0; index = text.indexOf(needle, index + 1)) if (outside(index, needle.length)) return index;
    return -1;
  };
  const triple = find(':::');
  if (triple >= 0) return { question: text.slice(0, triple), answer: text.slice(triple + 3), reversed: true };
  const double = find('::');
  if (double >= 0) return { question: text.slice(0, double), answer: text.slice(double + 2), reversed: false };
  return null;
}

function singleLineCard(entry: NoteLine, context: Context, schedules: Map<number, SrEntry[]>, collector: Collector): void {
  const own = takeCardTags([entry], context);
  const split = splitSingleLine(own.entries[0]!.text);
  if (!split) return;
  const question = cardText(lineBreaks(split.question.replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, '').trim()));
  const answer = cardText(lineBreaks(split.answer.trim()));
  if (question === '' || answer === '') {
    collector.report(entry.line, `a card needs text on both sides of "${split.reversed ? ':::' : '::'}"; this line was skipped`);
    return;
  }
  const tags = own.context.tags;
  const sr = schedules.get(entry.line) ?? [];
  addCard(collector, { line: entry.line, card: { type: 'basic', front: question, back: answer, tags }, schedule: scheduleFromSr(sr[0]) });
  if (split.reversed) addCard(collector, { line: entry.line, card: { type: 'basic', front: answer, back: question, tags }, schedule: scheduleFromSr(sr[1]) });
}

function multiLineCard(
  questionLines: NoteLine[],
  separator: NoteLine,
  answerLines: NoteLine[],
  context: Context,
  schedules: Map<number, SrEntry[]>,
  collector: Collector,
): void {
  const reversed = separator.text.trim() === '??';
  const own = takeCardTags([...questionLines, ...answerLines], context);
  const question = cardText(own.entries.slice(0, questionLines.length).map((entry) => entry.text).join('\n'));
  const answer = cardText(own.entries.slice(questionLines.length).map((entry) => entry.text).join('\n'));
  if (question === '' || answer === '') {
    collector.report(
      separator.line,
      question === ''
        ? `the "${separator.text.trim()}" line has no question right above it (no blank line in between); this card was skipped`
        : `the "${separator.text.trim()}" line has no answer right below it (no blank line in between); this card was skipped`,
    );
    return;
  }
  const line = questionLines[0]?.line ?? separator.line;
  const sr = [...questionLines, separator, ...answerLines].flatMap((entry) => schedules.get(entry.line) ?? []);
  const tags = own.context.tags;
  addCard(collector, { line, card: { type: 'basic', front: question, back: answer, tags }, schedule: scheduleFromSr(sr[0]) });
  if (reversed) addCard(collector, { line, card: { type: 'basic', front: answer, back: question, tags }, schedule: scheduleFromSr(sr[1]) });
}

interface Deletion {
  answer: string;
  hint?: string;
  group: string;
}

/** A piece of a text line: plain text, or a deletion. */
type Piece = string | Deletion;

function clozeCards(
  paragraph: NoteLine[],
  context: Context,
  schedules: Map<number, SrEntry[]>,
  collector: Collector,
  settings: Required<MarkdownNotesSettings>,
): void {
  const own = takeCardTags(paragraph, context);
  if (!own.context.active) return;
  const pattern = deletionPattern(settings);
  let ordinal = 0;
  // Each line: code lines as they are, text lines cut into pieces around deletions (none inside inline code).
  const lines: (string | Piece[])[] = own.entries.map((entry) => {
    if (entry.role !== 'text') return entry.text;
    const pieces: Piece[] = [];
    let cursor = 0;
    const spans = codeSpans(entry.text);
    for (const match of entry.text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      // A deletion may wrap inline code (==`map()`==) but not start or end inside it.
      if (start < cursor || spans.some(([from, to]) => (from < start && start < to) || (from < end && end < to))) continue;
      const groups = match.groups!;
      const answer = groups.anki ?? groups.high ?? groups.bold ?? '';
      const hint = groups.ankiHint ?? groups.highHint ?? groups.boldHint;
      const sequence = groups.ankiNumber ?? groups.highSeq ?? groups.boldSeq;
      pieces.push(entry.text.slice(cursor, start));
      pieces.push({ answer, ...(hint !== undefined && clozeHintText(hint) !== '' ? { hint: clozeHintText(hint) } : {}), group: sequence !== undefined ? `n${Number(sequence)}` : `u${ordinal++}` });
      cursor = end;
    }
    pieces.push(entry.text.slice(cursor));
    return pieces;
  });
  const groups: string[] = [];
  for (const line of lines) if (typeof line !== 'string') for (const piece of line) if (typeof piece !== 'string' && !groups.includes(piece.group)) groups.push(piece.group);
  if (groups.length === 0) return;

  const first = paragraph[0]!.line;
  const sr = paragraph.flatMap((entry) => schedules.get(entry.line) ?? []);
  groups.forEach((group, index) => {
    let unwritable = false;
    let hidden = 0;
    const text = lines
      .map((line) => {
        if (typeof line === 'string') return line;
        return line
          .map((piece) => {
            if (typeof piece === 'string') return piece;
            if (piece.group !== group) return piece.answer;
            const answer = clozeAnswerText(piece.answer);
            if (answer === null || answer.trim() === '') {
              unwritable = true;
              return piece.answer;
            }
            hidden++;
            return `{{c1::${answer}${piece.hint ? `::${piece.hint}` : ''}}}`;
          })
          .join('');
      })
      .join('\n');
    if (unwritable) {
      collector.report(first, 'a deletion here holds "::", "{{" or "}}" inside `code`, which a cloze deletion cannot hold; it shows as plain text');
    }
    if (hidden === 0) return;
    const front = cardText(text);
    addCard(collector, { line: first, card: { type: 'cloze', front, back: '', tags: own.context.tags }, schedule: scheduleFromSr(sr[index]) });
  });
}

function deletionPattern(settings: Required<MarkdownNotesSettings>): RegExp {
  const suffix = (name: string) => `(?:\\^\\[(?<${name}Hint>[^\\]\\n]*)\\])?(?:\\[\\^(?<${name}Seq>\\d+)\\])?`;
  const parts = ['\\{\\{c(?<ankiNumber>\\d+)::(?<anki>.*?)(?:::(?<ankiHint>[^{}\\n]*?))?\\}\\}'];
  if (settings.highlightClozes) parts.push(`==(?!\\s)(?<high>[^\\n]+?)(?<!\\s)==${suffix('high')}`);
  if (settings.boldClozes) parts.push(`\\*\\*(?!\\s)(?<bold>[^\\n]+?)(?<!\\s)\\*\\*${suffix('bold')}`);
  return new RegExp(parts.join('|'), 'g');
}

function lineBreaks(text: string): string {
  if (!/<br\s*\/?>/i.test(text)) return text;
  return outsideInlineCode(text, (masked) =>
    masked
      .replace(/^(?:\s*<br\s*\/?>)+|(?:<br\s*\/?>\s*)+$/gi, '')
      .replace(/\s*(?:<br\s*\/?>\s*){2,}/gi, '\n\n')
      .replace(/\s*<br\s*\/?>\s*/gi, '\\\n'),
  );
}

/** Card Markdown from note text: block ids dropped, links shown as text, then the common cleaning. */
function cardText(text: string): string {
  const withoutIds = markFences(text.split('\n'))
    .map(({ text: line, role }) => (role === 'text' ? line.replace(/\s\^[A-Za-z0-9-]+$/, '') : line))
    .join('\n');
  return cleanCardMarkdown(withoutIds, { wikiLinks: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Logseq

interface Block {
  indent: number;
  contentColumn: number;
  line: number;
  /** Content lines, de-indented to the block's content column; properties are taken out. */
  content: FencedLine[];
  properties: Map<string, string>;
  children: Block[];
}

const BULLET = /^([ \t]*)-(?:([ \t]+)(.*))?$/;
const PROPERTY = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)::(?:[ \t]+(.*))?$/;

function isLogseqCardFile(lines: string[], bodyStart: number): boolean {
  let fence: FenceOpening | null = null;
  for (let index = bodyStart; index < lines.length; index++) {
    const trimmed = lines[index]!.trimStart();
    if (fence) {
      if (closesFence(trimmed, fence)) fence = null;
      continue;
    }
    fence = fenceOpening(trimmed);
    if (fence) continue;
    const bullet = BULLET.exec(lines[index]!);
    if (bullet && LOGSEQ_CARD_TAG.test(bullet[3] ?? '')) return true;
  }
  return false;
}

function columnsOf(whitespace: string): number {
  let column = 0;
  for (const char of whitespace) column = char === '\t' ? column + 4 - (column % 4) : column + 1;
  return column;
}

/** Removes up to `columns` columns of leading whitespace. */
function deindent(line: string, columns: number): string {
  let column = 0;
  let index = 0;
  while (index < line.length && column < columns) {
    const char = line[index]!;
    if (char === ' ') column++;
    else if (char === '\t') column = column + 4 - (column % 4);
    else break;
    index++;
  }
  return line.slice(index);
}

function* parseLogseq(lines: string[], bodyStart: number, collector: Collector): Generator<number, string> {
  const roots: Block[] = [];
  const stack: Block[] = [];
  const pageProperties = new Map<string, string>();
  let current: Block | null = null;
  let fence: FenceOpening | null = null;
  let inProperties = false;
  for (let index = bodyStart; index < lines.length; index++) {
    if (index % 4096 === 0) yield (0.5 * index) / lines.length;
    const raw = lines[index]!;
    if (current && fence) {
      const text = deindent(raw, current.contentColumn);
      const closing = closesFence(text.trimStart(), fence);
      if (closing) fence = null;
      current.content.push({ text, role: closing ? 'close' : 'code' });
      continue;
    }
    const bullet = BULLET.exec(raw);
    if (bullet) {
      const indent = columnsOf(bullet[1]!);
      const block: Block = {
        indent,
        contentColumn: indent + 1 + columnsOf(bullet[2] ?? ' '),
        line: index + 1,
        content: [],
        properties: new Map(),
        children: [],
      };
      while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
      (stack.at(-1)?.children ?? roots).push(block);
      stack.push(block);
      current = block;
      const first = bullet[3] ?? '';
      fence = fenceOpening(first);
      block.content.push({ text: first, role: fence ? 'open' : 'text' });
      inProperties = !fence;
      continue;
    }
    if (!current) {
      const property = PROPERTY.exec(raw.trim());
      if (property) pageProperties.set(property[1]!.toLowerCase(), (property[2] ?? '').trim());
      continue;
    }
    const text = deindent(raw, current.contentColumn);
    const property = inProperties ? PROPERTY.exec(text.trim()) : null;
    if (property) {
      current.properties.set(property[1]!.toLowerCase(), (property[2] ?? '').trim());
      continue;
    }
    inProperties = false;
    fence = fenceOpening(text.trimStart());
    current.content.push({ text, role: fence ? 'open' : 'text' });
  }

  let visited = 0;
  const visit = function* (blocks: Block[]): Generator<number, void> {
    for (const block of blocks) {
      if (++visited % 512 === 0) yield 0.5 + (0.5 * block.line) / lines.length;
      if (block.content.some((entry) => entry.role === 'text' && LOGSEQ_CARD_TAG.test(entry.text))) logseqCard(block, collector);
      yield* visit(block.children);
    }
  };
  yield* visit(roots);
  return plainLine(pageProperties.get('title') ?? '');
}

const LOGSEQ_CLOZE = /\{\{cloze[ \t]+([^\n]*?)[ \t]*\}\}/g;
const HAS_LOGSEQ_CLOZE = /\{\{cloze[ \t]+[^\n]*?\}\}/;
const TRAILING_TAGS = /(?:^|[ \t]+)(?:#(?:\[\[[^\]\n]+\]\]|[^\s#]+)[ \t]*)+$/u;
const HASHTAG = /(^|\s)#(?:\[\[([^\]\n]+)\]\]|([\p{L}\p{N}_/.-]*[\p{L}_][\p{L}\p{N}_/.-]*))/gu;

function logseqCard(block: Block, collector: Collector): void {
  const tags = new Set<string>();
  const frontLines = block.content.map((entry, index) => {
    if (entry.role !== 'text') return entry.text;
    let text = index === 0 ? entry.text.replace(/^#{1,6}[ \t]+/, '') : entry.text;
    text = outsideInlineCode(text, (masked) => {
      // Tags at the end of the line go; tags inside a sentence keep their word. All but #card become card tags.
      const trailing = TRAILING_TAGS.exec(masked);
      const body = trailing ? masked.slice(0, trailing.index) : masked;
      for (const match of masked.matchAll(HASHTAG)) {
        const name = match[2] ?? match[3] ?? '';
        if (name.toLowerCase() === 'card') continue;
        const tag = toTag(name);
        if (tag) tags.add(tag);
      }
      return body.replace(HASHTAG, (_whole, before: string, bracketed: string | undefined, plain: string | undefined) =>
        (bracketed ?? plain ?? '').toLowerCase() === 'card' ? before : `${before}${bracketed ?? plain ?? ''}`,
      );
    });
    return text.replace(/[ \t]+$/, '');
  });
  let front = frontLines.join('\n');
  let back = renderChildren(block.children);
  const hasCloze = HAS_LOGSEQ_CLOZE.test(front) || HAS_LOGSEQ_CLOZE.test(back);

  const bare = removeHtmlComments(front).replace(/\(\([0-9a-f-]{36}\)\)/gi, '').trim();
  if (bare === '') {
    collector.report(
      block.line,
      /\(\([0-9a-f-]{36}\)\)/i.test(front)
        ? 'this #card block only refers to another block, which is not in this file; it was skipped'
        : 'this #card block has no question text; it was skipped',
    );
    return;
  }
  const schedule = logseqSchedule(block.properties);
  const tagList = [...tags];
  if (hasCloze) {
    let unwritable = false;
    const toDeletion = (_whole: string, answer: string) => {
      const written = clozeAnswerText(answer);
      if (written === null || written.trim() === '') {
        unwritable = true;
        return answer;
      }
      return `{{c1::${written}}}`;
    };
    const text = [front, back].filter((part) => part !== '').join('\n\n');
    const clozed = cardText(rewriteProse(text, (prose) => prose.replace(LOGSEQ_CLOZE, toDeletion)));
    if (unwritable) collector.report(block.line, 'a cloze here holds "::", "{{" or "}}" inside `code`, which a cloze deletion cannot hold; it shows as plain text');
    if (!/\{\{c1::/.test(clozed)) return;
    addCard(collector, { line: block.line, card: { type: 'cloze', front: clozed, back: '', tags: tagList }, schedule });
    return;
  }
  front = cardText(front);
  back = cardText(back);
  if (back === '') {
    collector.report(block.line, 'this #card block has no answer: put the answer in the blocks indented under it; it was skipped');
    return;
  }
  addCard(collector, { line: block.line, card: { type: 'basic', front, back, tags: tagList }, schedule });
}

/** Applies a rewrite to the lines outside code fences and inline code. */
function rewriteProse(text: string, rewrite: (prose: string) => string): string {
  return markFences(text.split('\n'))
    .map(({ text: line, role }) => (role === 'text' ? outsideInlineCode(line, rewrite) : line))
    .join('\n');
}

/** The blocks under a card as Markdown: one block as its text, several as a nested list. */
function renderChildren(children: Block[]): string {
  if (children.length === 0) return '';
  if (children.length === 1 && children[0]!.children.length === 0) {
    return blockText(children[0]!, true).join('\n');
  }
  const out: string[] = [];
  const render = (blocks: Block[], indent: string) => {
    for (const block of blocks) {
      const text = blockText(block, false);
      out.push(`${indent}- ${text[0] ?? ''}`.replace(/[ \t]+$/, ''));
      for (const line of text.slice(1)) out.push(line === '' ? '' : `${indent}  ${line}`);
      render(block.children, `${indent}  `);
    }
  };
  render(children, '');
  return out.join('\n');
}

function blockText(block: Block, standalone: boolean): string[] {
  return block.content.map((entry, index) => {
    if (entry.role !== 'text') return entry.text;
    let text = entry.text;
    if (index === 0 && standalone) text = text.replace(/^#{1,6}[ \t]+/, '');
    return outsideInlineCode(text, (masked) => masked.replace(/(^|\s)#(?:card|\[\[card\]\])(?=\s|$)/gi, '$1')).replace(/[ \t]+$/, '');
  });
}

function logseqSchedule(properties: Map<string, string>): Draft['schedule'] {
  const next = properties.get('card-next-schedule');
  if (!next) return undefined;
  const dueAt = Date.parse(next);
  if (!Number.isFinite(dueAt)) return undefined;
  const number = (key: string, fallback: number) => {
    const value = Number(properties.get(key));
    return properties.has(key) && Number.isFinite(value) ? value : fallback;
  };
  return {
    repetitions: Math.max(0, Math.round(number('card-repeats', 1))),
    interval: Math.max(0, Math.round(number('card-last-interval', 0))),
    easiness: Math.max(1.3, number('card-ease-factor', 2.5)),
    lapses: 0,
    dueAt,
    suspended: false,
    reviews: [],
  };
}

/** Logseq writes namespaced page names into file names as "a___b" (or "a%2Fb"): show them as "a/b". */
function logseqFileTitle(name: string): string {
  const stem = fileStem(name).replace(/___/g, '/');
  try {
    return decodeURIComponent(stem);
  } catch {
    return stem;
  }
}
