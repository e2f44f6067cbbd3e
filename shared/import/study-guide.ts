/**
 * A Markdown study guide (an article, lecture notes, an interview-questions document) as a deck: each heading with
 * the text under it becomes a basic card.
 *
 * - Sections: every ATX (`## Topic`) or setext (`Topic` underlined with `===`/`---`) heading of level 1 to 4 starts
 *   a card. Its body runs to the next such heading: the card is the heading's own text, and a heading's subsections
 *   are cards of their own (so a guide's text is never on two cards). Headings of level 5 and 6 are sub-points,
 *   kept in the body of their card and demoted so the shallowest of them shows as `####` and deeper ones below it
 *   (the deck format reserves `##` and `### Back`). `createStudyGuideImporter({ splitLevel })` moves that line.
 * - Front: the heading path, outermost first, joined by " › " ("FastAPI related topics › Dependency Injection in
 *   FastAPI › use cases"), so a sub-heading such as "use cases" still says what it is about. Trailing colons,
 *   inline HTML (such as `<a name>` anchors) and `{#id}` attributes are dropped; inline Markdown stays.
 * - Back: the body, code fences kept exactly. HTML comments, <script> and <style> (with their contents) are removed;
 *   HTML blocks (<div>, <table>, <details>, <pre>…) are converted to Markdown; other inline HTML stays and the app
 *   shows it as text, never runs it.
 * - Skipped: a table of contents (between `<!-- TOC -->` markers, also `<!-- /TOC -->`, `<!-- tocstop -->` and
 *   doctoc's markers, a `[TOC]` line, or a list standing alone whose every item is only a link to a heading or a
 *   relative path; a list of links to web pages is content), text before
 *   the first heading, and headings with no text under them (a group heading such as "## Python related topics:"
 *   whose subsections carry the text, or a topic left empty): they give no card, and studyGuideSections() lists
 *   them with no card ids of their own. The article advanced-python-django-fastapi.md has 96 headings: 78 cards;
 *   18 headings without text (3 group headings and 15 empty FastAPI topics at its end).
 * - Deck: the title is the front matter's `title`, else the document's heading when it is the only level-1 heading
 *   and comes first (that heading is then the deck, not a card, and the first paragraph under it is the deck's
 *   description), else the file name. The deck id comes from the title (deckIdFromName).
 * - Tags: each card has one tag, the slugs of its heading path joined by "/" (`python-related-topics/decorators`),
 *   so a section's cards are those whose tag is the section's tag or starts with it and "/": the preview can drop
 *   whole sections from the deck alone (see dropSections). Sibling headings with the same slug get "-2", "-3".
 * - Source: the heading's anchor slug in the guide, the way the article's table of contents writes them, where it
 *   is a valid `source` (lower-case letters, digits, _ and -); repeated anchors get "-1", "-2" as on GitHub.
 * - Ids: cardIdFromFront of the heading path, so re-importing an edited guide keeps each section's history as long
 *   as its heading and its parents' headings stay. Two sections with the same path get " (2)", " (3)" appended to
 *   the front (and so their own ids), in document order.
 */
import { cardIdFromFront, deckIdFromName } from './identity';
import {
  cancelledResult,
  checkRoundTrip,
  cleanCardMarkdown,
  drive,
  fileStem,
  headingSlug,
  ImportCancelled,
  markFences,
  outsideInlineCode,
  plainLine,
  readFrontMatter,
  readMarkdownText,
  removeHtmlComments,
  runToEnd,
  splitLines,
  toTag,
  trimBlankLines,
  type FencedLine,
} from './markdown-common';
import { SOURCE_PATTERN, type Card, type Deck, type DeckProblem } from '../deck/model';
import { emptyResult, type ImportOptions, type ImportResult, type ImportSource, type Importer } from './model';

export interface StudyGuideSettings {
  /** Headings of this level and above start cards; deeper ones stay in their card's body. 1–6, default 4. */
  splitLevel?: number;
}

/**
 * One heading of the guide, for a preview that lets the user leave sections out.
 * - path: the heading texts from the outermost down to this one (the deck's title heading not included);
 * - level: 1–6; line: the heading's 1-based line in the file;
 * - tag: the tag its cards carry, a prefix (followed by "/") of its subsections' tags;
 * - cardIds: the ids of the cards from this section and all its subsections, in file order ([] when none of them
 *   has text).
 */
export interface StudyGuideSection {
  path: string[];
  level: number;
  line: number;
  tag: string;
  cardIds: string[];
}

export function createStudyGuideImporter(settings: StudyGuideSettings = {}): Importer {
  return async (source: ImportSource, options?: ImportOptions): Promise<ImportResult> => {
    const read = readMarkdownText(source);
    if ('failure' in read) return read.failure;
    try {
      const parsed = await drive(parseGuide(read.text, source.name, settings), options);
      return { ...parsed.result, problems: [...read.problems, ...parsed.result.problems] };
    } catch (error) {
      if (error instanceof ImportCancelled) return cancelledResult(source);
      throw error;
    }
  };
}

export const importStudyGuide: Importer = createStudyGuideImporter();

/** The guide's sections (every card-making heading, in file order); [] for a file that cannot be read. */
export function studyGuideSections(source: ImportSource, settings: StudyGuideSettings = {}): StudyGuideSection[] {
  const read = readMarkdownText(source);
  if ('failure' in read) return [];
  return runToEnd(parseGuide(read.text, source.name, settings)).sections;
}

/** The deck without the cards of the given sections (by their tags) and of their subsections. */
export function dropSections(deck: Deck, sectionTags: Iterable<string>): Deck {
  const dropped = [...sectionTags];
  const inDropped = (card: Card) => dropped.some((tag) => card.tags[0] === tag || card.tags[0]?.startsWith(`${tag}/`));
  return { ...deck, cards: deck.cards.filter((card) => !inDropped(card)) };
}

// ---------------------------------------------------------------------------------------------------------------

interface Heading {
  level: number;
  /** The heading's text as written (inline Markdown kept). */
  text: string;
  /** 0-based index of the heading's first line (the text line of a setext heading). */
  start: number;
  /** 0-based index of the first line after the heading. */
  end: number;
}

const ATX = /^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const NOT_PARAGRAPH = /^\s*(?:[-*+][ \t]|\d+[.)][ \t]|>|\||<|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const TOC_OPEN = /^\s*<!--\s*(?:toc|start doctoc)\b[^>]*-->\s*$/i;
const TOC_CLOSE = /^\s*<!--\s*(?:\/toc|toc|tocstop|end doctoc)\b[^>]*-->\s*$/i;
const TOC_LINE = /^\s*(?:\[TOC\]|\[\[_TOC_\]\]|\$\{toc\})\s*$/i;
const LINK_ITEM = /^\s*(?:[-*+]|\d+[.)])[ \t]+\[[^\]\n]*\]\((?![a-z][a-z0-9+.-]*:)[^)\s]*\)[ \t]*$/i;

function* parseGuide(text: string, file: string, settings: StudyGuideSettings): Generator<number, { result: ImportResult; sections: StudyGuideSection[] }> {
  const splitLevel = Math.min(6, Math.max(1, Math.round(settings.splitLevel ?? 4)));
  const problems: DeckProblem[] = [];
  const report = (line: number, message: string) => problems.push({ file, line, message });

  const lines = splitLines(text);
  const front = readFrontMatter(lines);
  const marked: (FencedLine & { removed?: boolean })[] = [
    ...lines.slice(0, front.bodyStart).map((line) => ({ text: line, role: 'text' as const, removed: true })),
    ...markFences(lines.slice(front.bodyStart)),
  ];
  removeTablesOfContents(marked);
  yield 0.2;

  const headings: Heading[] = [];
  let paragraphStart = -1;
  for (let index = 0; index < marked.length; index++) {
    if (index % 8192 === 0) yield 0.2 + (0.3 * index) / marked.length;
    const { text: line, role, removed } = marked[index]!;
    if (role !== 'text' || removed) {
      paragraphStart = -1;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      headings.push({ level: atx[1]!.length, text: atx[2]!.replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim(), start: index, end: index + 1 });
      paragraphStart = -1;
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline && paragraphStart >= 0) {
      const textLines = marked.slice(paragraphStart, index).map((entry) => entry.text.trim());
      headings.push({ level: underline[1]![0] === '=' ? 1 : 2, text: textLines.join(' '), start: paragraphStart, end: index + 1 });
      paragraphStart = -1;
      continue;
    }
    if (line.trim() === '' || NOT_PARAGRAPH.test(line) || THEMATIC_BREAK.test(line)) paragraphStart = -1;
    else if (paragraphStart < 0) paragraphStart = index;
  }

  const levelOnes = headings.filter((heading) => heading.level === 1);
  const titleHeading = levelOnes.length === 1 && headings[0] === levelOnes[0] ? headings[0] : undefined;
  const splits = headings.filter((heading) => heading !== titleHeading && heading.level <= splitLevel);
  const folded = new Map(headings.filter((heading) => heading !== titleHeading && heading.level > splitLevel).map((heading) => [heading.start, heading]));

  const title =
    (typeof front.data.title === 'string' ? plainLine(front.data.title) : '') ||
    (titleHeading ? plainLine(stripMarkdown(cleanHeading(titleHeading.text))) : '') ||
    prettyFileName(file);
  const description = titleHeading ? descriptionFrom(marked, titleHeading.end, splits[0]?.start ?? marked.length) : '';

  // Anchors count every heading in the document, as GitHub numbers repeated ones.
  const anchorCount = new Map<string, number>();
  const anchorOf = new Map<Heading, string>();
  for (const heading of headings) {
    const slug = headingSlug(stripMarkdown(cleanHeading(heading.text)));
    const seen = anchorCount.get(slug) ?? 0;
    anchorCount.set(slug, seen + 1);
    anchorOf.set(heading, seen === 0 ? slug : `${slug}-${seen}`);
  }

  interface Open {
    heading: Heading;
    text: string;
    tag: string;
    childSlugs: Map<string, number>;
  }
  const stack: Open[] = [];
  const rootSlugs = new Map<string, number>();
  const sections: (StudyGuideSection & { cardId?: string })[] = [];
  const cards: Card[] = [];
  const lineOfCard = new Map<string, number>();
  const frontCount = new Map<string, number>();

  for (let position = 0; position < splits.length; position++) {
    if (position % 256 === 0) yield 0.5 + (0.45 * position) / splits.length;
    const heading = splits[position]!;
    const bodyEnd = splits[position + 1]?.start ?? marked.length;
    while (stack.length > 0 && stack.at(-1)!.heading.level >= heading.level) stack.pop();
    const parent = stack.at(-1);
    const text = cleanHeading(heading.text);
    const siblings = parent?.childSlugs ?? rootSlugs;
    const baseSlug = toTag(headingSlug(stripMarkdown(text))) ?? 'section';
    const used = siblings.get(baseSlug) ?? 0;
    siblings.set(baseSlug, used + 1);
    const slug = used === 0 ? baseSlug : `${baseSlug}-${used + 1}`;
    const tag = parent ? `${parent.tag}/${slug}` : slug;
    const open: Open = { heading, text, tag, childSlugs: new Map() };
    stack.push(open);
    const path = stack.map((entry) => entry.text);
    const section: StudyGuideSection & { cardId?: string } = { path, level: heading.level, line: heading.start + 1, tag, cardIds: [] };
    sections.push(section);

    const body = bodyOf(marked, heading, bodyEnd, folded);
    if (body === '') continue;
    if (text === '') {
      report(heading.start + 1, 'this heading has no text, so the section under it was left out; give the heading a title');
      continue;
    }
    const pathText = path.join(' › ');
    const repeat = (frontCount.get(pathText) ?? 0) + 1;
    frontCount.set(pathText, repeat);
    const frontText = escapeBlockStart(repeat === 1 ? pathText : `${pathText} (${repeat})`);
    const id = cardIdFromFront(frontText);
    if (lineOfCard.has(id)) {
      report(heading.start + 1, `this section has the same heading path as the one on line ${lineOfCard.get(id)}; it was left out`);
      continue;
    }
    const anchor = anchorOf.get(heading) ?? '';
    cards.push({ id, type: 'basic', front: frontText, back: body, tags: [tag], ...(SOURCE_PATTERN.test(anchor) ? { source: anchor } : {}) });
    lineOfCard.set(id, heading.start + 1);
    section.cardId = id;
  }

  const deck: Deck = { id: deckIdFromName(title), title, description, tags: [], cards };
  const checked = cards.length > 0 ? checkRoundTrip(deck, file, (card) => lineOfCard.get(card.id) ?? 0) : { deck, problems: [] };
  problems.push(...checked.problems);
  // Section tags are slug paths (slugs hold no "/"), so a card belongs to each "/"-prefix of its tag.
  const idsByTag = new Map<string, string[]>();
  for (const card of checked.deck.cards) {
    const segments = card.tags[0]!.split('/');
    for (let length = 1; length <= segments.length; length++) {
      const prefix = segments.slice(0, length).join('/');
      idsByTag.set(prefix, [...(idsByTag.get(prefix) ?? []), card.id]);
    }
  }
  const finalSections: StudyGuideSection[] = sections.map((section) => ({
    path: section.path,
    level: section.level,
    line: section.line,
    tag: section.tag,
    cardIds: idsByTag.get(section.tag) ?? [],
  }));

  if (checked.deck.cards.length === 0) {
    if (!problems.some((problem) => problem.line === 0)) {
      problems.push({
        file,
        line: 0,
        message:
          splits.length === 0
            ? 'no sections found: a study guide needs headings (such as "## Decorators") with text under them'
            : `none of the ${splits.length} headings in this file has text under it, so there is no card to make`,
      });
    }
    return { result: { ...emptyResult(), problems }, sections: finalSections };
  }
  problems.sort((a, b) => a.line - b.line);
  return { result: { ...emptyResult(), decks: [checked.deck], problems }, sections: finalSections };
}

/** Marks the lines of tables of contents as removed: comment-delimited blocks, [TOC] lines, link-only lists. */
function removeTablesOfContents(marked: (FencedLine & { removed?: boolean })[]): void {
  for (let index = 0; index < marked.length; index++) {
    const entry = marked[index]!;
    if (entry.role !== 'text' || entry.removed) continue;
    if (TOC_LINE.test(entry.text)) {
      entry.removed = true;
      continue;
    }
    if (TOC_OPEN.test(entry.text)) {
      let close = -1;
      for (let next = index + 1; next < marked.length; next++) {
        const candidate = marked[next]!;
        if (candidate.role === 'text' && TOC_CLOSE.test(candidate.text)) {
          close = next;
          break;
        }
      }
      const last = close < 0 ? index : close;
      for (let line = index; line <= last; line++) marked[line]!.removed = true;
      index = last;
      continue;
    }
    if (LINK_ITEM.test(entry.text)) {
      let end = index;
      while (end + 1 < marked.length && marked[end + 1]!.role === 'text' && LINK_ITEM.test(marked[end + 1]!.text)) end++;
      const after = marked[end + 1];
      const before = marked[index - 1];
      // Only a whole list: not the first items of a list that goes on with other text.
      const isolated = (!after || after.text.trim() === '' || after.role !== 'text') && (!before || before.text.trim() === '' || before.role !== 'text' || ATX.test(before.text));
      if (isolated) for (let line = index; line <= end; line++) marked[line]!.removed = true;
      index = end;
    }
  }
}

/** A section's body: its lines up to the next card heading, sub-headings demoted, cleaned for a deck file. */
function bodyOf(marked: (FencedLine & { removed?: boolean })[], heading: Heading, end: number, folded: Map<number, Heading>): string {
  let shallowest = 7;
  if (folded.size > 0) {
    for (let index = heading.end; index < end; index++) {
      const sub = marked[index]!.role === 'text' && !marked[index]!.removed ? folded.get(index) : undefined;
      if (sub) shallowest = Math.min(shallowest, sub.level);
    }
  }
  const out: string[] = [];
  for (let index = heading.end; index < end; index++) {
    const entry = marked[index]!;
    if (entry.removed) continue;
    const sub = entry.role === 'text' ? folded.get(index) : undefined;
    if (sub) {
      // The shallowest sub-heading in the body shows as ####, deeper ones below it.
      const level = Math.min(6, 4 + sub.level - shallowest);
      out.push(`${'#'.repeat(level)} ${cleanHeading(sub.text)}`.trimEnd());
      index = sub.end - 1;
      continue;
    }
    out.push(entry.text);
  }
  const body = cleanCardMarkdown(trimBlankLines(out).join('\n'));
  return body.trim() === '' ? '' : body;
}

/** Heading text for a front: inline HTML, {#id} attributes and trailing colons dropped, spaces collapsed. */
function cleanHeading(text: string): string {
  const cleaned = outsideInlineCode(text, (masked) =>
    removeHtmlComments(masked)
      .replace(/<\/?[A-Za-z][^>]*>/g, '')
      .replace(/\s*\{[#.][^}]*\}\s*$/, ''),
  );
  return plainLine(cleaned).replace(/\s*[:：]+$/, '');
}

/** The visible text of inline Markdown, for slugs: links and images give their text, code its content. */
function stripMarkdown(text: string): string {
  return text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/** A front is one line: a heading text such as "1. Basics" must not turn into a list. */
function escapeBlockStart(text: string): string {
  return text.replace(/^(\d+)([.)])(\s)/, '$1\\$2$3').replace(/^([-+*>])(\s)/, '\\$1$2').replace(/^(#{1,6})(\s)/, '\\$1$2');
}

function descriptionFrom(marked: (FencedLine & { removed?: boolean })[], start: number, end: number): string {
  const paragraph: string[] = [];
  for (let index = start; index < end; index++) {
    const entry = marked[index]!;
    if (entry.removed) continue;
    if (entry.role !== 'text') break;
    if (entry.text.trim() === '') {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(entry.text.trim());
  }
  const text = plainLine(removeHtmlComments(paragraph.join(' ')));
  if (text === '' || /^(?:!\[|\[!\[|<|\||>|[-*+] )/.test(text)) return '';
  if (text.length <= 300) return text;
  const cut = text.slice(0, 300);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 200 ? cut.lastIndexOf(' ') : 300)}…`;
}

/** "advanced-python_notes.md" → "Advanced python notes" (a file name written in lower case reads better so). */
function prettyFileName(name: string): string {
  const stem = fileStem(name);
  const spaced = stem.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (spaced === '') return plainLine(stem) || 'Study guide';
  const pretty = spaced === spaced.toLowerCase() ? spaced[0]!.toUpperCase() + spaced.slice(1) : spaced;
  return plainLine(pretty) || 'Study guide';
}
