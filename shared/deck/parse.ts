/**
 * Parses a deck file (format v1, docs/deck-format.md): YAML front matter, then one `## card-id` section per card
 * with optional `key: value` fields, the front, `### Back` and the back. Every problem names its line; a broken
 * card is reported and skipped so the rest of the deck still loads.
 */
import { parseDocument, isSeq, isScalar } from 'yaml';
import { extractCodeBlocks, closesFence, fenceOpening, type FenceOpening } from './markdown-lines';
import { findClozeDeletions, hasUnclosedDeletion } from './cloze';
import {
  CARD_TYPES,
  DECK_FORMAT_VERSION,
  ID_PATTERN,
  SOURCE_PATTERN,
  TAG_PATTERN,
  type Card,
  type CardType,
  type Deck,
  type DeckParseResult,
  type DeckProblem,
} from './model';

const CARD_HEADING = /^##[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const BACK_HEADING = /^###[ \t]+back[ \t]*$/i;
const FIELD_LINE = /^([a-z][a-z-]*):[ \t]*(.*)$/;
const CARD_FIELDS = ['type', 'tags', 'source'] as const;
const DECK_FIELDS = ['id', 'title', 'description', 'tags', 'format'] as const;

export function parseDeck(text: string, file: string): DeckParseResult {
  const problems: DeckProblem[] = [];
  const report = (line: number, message: string) => problems.push({ file, line, message });
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);

  const header = parseFrontMatter(lines, report);
  if (!header) return { deck: null, problems };

  const sections = splitCardSections(lines, header.bodyStart, report);
  const cards: Card[] = [];
  const firstLineOfId = new Map<string, number>();
  for (const section of sections) {
    const card = parseCardSection(section, report);
    if (!card) continue;
    const earlier = firstLineOfId.get(card.id);
    if (earlier !== undefined) {
      report(section.headingLine, `duplicate card id '${card.id}' (first used on line ${earlier}); card ids must be unique in a deck`);
      continue;
    }
    firstLineOfId.set(card.id, section.headingLine);
    cards.push(card);
  }
  if (sections.length === 0) report(header.bodyStart + 1, 'the deck has no cards: each card starts with a line "## card-id"');

  return { deck: { ...header.deck, cards }, problems };
}

interface FrontMatter {
  deck: Omit<Deck, 'cards'>;
  /** 0-based index of the first line after the closing '---'. */
  bodyStart: number;
}

function parseFrontMatter(lines: string[], report: (line: number, message: string) => void): FrontMatter | null {
  if (lines[0]?.trim() !== '---') {
    report(1, "a deck file starts with front matter: a line '---', the deck's id and title, then another '---'");
    return null;
  }
  const closing = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (closing < 0) {
    report(1, "the front matter opened on line 1 is never closed with a line '---'");
    return null;
  }
  const yamlText = lines.slice(1, closing).join('\n');
  // Offsets into the YAML text become file lines: the YAML starts on line 2.
  const lineOfOffset = (offset: number | undefined) =>
    offset === undefined ? 2 : 2 + (yamlText.slice(0, offset).match(/\n/g)?.length ?? 0);
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) report(lineOfOffset(error.pos[0]), `front matter: ${firstSentence(error.message)}`);
    return null;
  }
  const contents = doc.contents;
  if (!contents || !('items' in contents) || isSeq(contents)) {
    report(2, 'front matter must be a set of `key: value` lines (id, title, description, tags)');
    return null;
  }
  const data = doc.toJS() as Record<string, unknown>;
  const fieldLine = (key: string): number => {
    const pair = contents.items.find((item) => isScalar(item.key) && item.key.value === key);
    return lineOfOffset((pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0]);
  };

  let usable = true;
  for (const key of Object.keys(data)) {
    if (!(DECK_FIELDS as readonly string[]).includes(key)) {
      report(fieldLine(key), `unknown deck field '${key}' (known fields: ${DECK_FIELDS.join(', ')})`);
    }
  }
  const id = data.id;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    report(data.id === undefined ? 1 : fieldLine('id'), "the deck needs an 'id': letters, digits, '.', '_' or '-', starting with a letter or digit");
    usable = false;
  }
  const title = data.title;
  if (typeof title !== 'string' || title.trim() === '') {
    report(data.title === undefined ? 1 : fieldLine('title'), "the deck needs a 'title'");
    usable = false;
  }
  const description = data.description ?? '';
  if (typeof description !== 'string') {
    report(fieldLine('description'), "'description' must be text");
  }
  if (data.format !== undefined && data.format !== DECK_FORMAT_VERSION) {
    report(fieldLine('format'), `this app reads deck format ${DECK_FORMAT_VERSION}; the file says format ${String(data.format)}`);
    usable = false;
  }
  const tags = readTags(data.tags, fieldLine('tags'), report);
  if (!usable) return null;
  return {
    deck: {
      id: id as string,
      title: (title as string).trim(),
      description: typeof description === 'string' ? description.trim() : '',
      tags,
    },
    bodyStart: closing + 1,
  };
}

function readTags(value: unknown, line: number, report: (line: number, message: string) => void): string[] {
  if (value === undefined || value === null) return [];
  const raw = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? splitTagList(value) : null;
  if (!raw) {
    report(line, "'tags' must be a list of tags");
    return [];
  }
  return raw.filter((tag) => {
    if (TAG_PATTERN.test(tag)) return true;
    report(line, `'${tag}' is not a valid tag (letters, digits and _ / . + : -, no spaces)`);
    return false;
  });
}

function splitTagList(value: string): string[] {
  return value.split(/[\s,]+/).filter((tag) => tag !== '');
}

interface CardSection {
  heading: string;
  /** 1-based line numbers from here on: they go straight into messages. */
  headingLine: number;
  lines: { text: string; line: number }[];
}

function splitCardSections(lines: string[], bodyStart: number, report: (line: number, message: string) => void): CardSection[] {
  const sections: CardSection[] = [];
  let fence: { opening: FenceOpening; line: number } | null = null;
  let current: CardSection | null = null;
  let reportedStrayText = false;
  for (let index = bodyStart; index < lines.length; index++) {
    const text = lines[index]!;
    const line = index + 1;
    if (fence) {
      if (closesFence(text, fence.opening)) fence = null;
    } else {
      const opening = fenceOpening(text);
      if (opening) {
        fence = { opening, line };
      } else {
        const heading = CARD_HEADING.exec(text);
        if (heading) {
          current = { heading: heading[1]!, headingLine: line, lines: [] };
          sections.push(current);
          continue;
        }
      }
    }
    if (current) {
      current.lines.push({ text, line });
    } else if (text.trim() !== '' && !reportedStrayText) {
      report(line, 'text before the first card: every card starts with a line "## card-id"');
      reportedStrayText = true;
    }
  }
  if (fence) report(fence.line, `the code block opened here with ${fence.opening.marker} is never closed`);
  return sections;
}

function parseCardSection(section: CardSection, report: (line: number, message: string) => void): Card | null {
  const problemCount = { value: 0 };
  const fail = (line: number, message: string) => {
    problemCount.value++;
    report(line, message);
  };
  const id = section.heading;
  if (!ID_PATTERN.test(id)) {
    fail(
      section.headingLine,
      `'## ${id}' is not a card heading: a card starts with "## card-id" (letters, digits, '.', '_' or '-'); use ### or deeper for headings inside a card`,
    );
    return null;
  }

  const fields = new Map<string, { value: string; line: number }>();
  let cursor = 0;
  for (; cursor < section.lines.length; cursor++) {
    const { text, line } = section.lines[cursor]!;
    const field = FIELD_LINE.exec(text);
    if (!field) break;
    const key = field[1]!;
    if (!(CARD_FIELDS as readonly string[]).includes(key)) {
      fail(
        line,
        `unknown card field '${key}' (fields: ${CARD_FIELDS.join(', ')}); if the front starts with text like this, leave a blank line after the card heading`,
      );
      continue;
    }
    if (fields.has(key)) fail(line, `card field '${key}' is given twice`);
    fields.set(key, { value: field[2]!.trim(), line });
  }

  const typeField = fields.get('type');
  const type = (typeField?.value ?? 'basic') as CardType;
  if (!CARD_TYPES.includes(type)) {
    fail(typeField!.line, `unknown card type '${typeField!.value}' (types: ${CARD_TYPES.join(', ')})`);
  }
  const tagsField = fields.get('tags');
  const tags = tagsField ? readTags(splitTagList(tagsField.value), tagsField.line, fail) : [];
  const sourceField = fields.get('source');
  if (sourceField && !SOURCE_PATTERN.test(sourceField.value)) {
    fail(sourceField.line, `'source' must be an article anchor slug such as 'prefetchrelated-and-selectrelated-in-django'`);
  }

  const body = section.lines.slice(cursor);
  const { front, back, backLine } = splitFrontAndBack(body, fail);
  const lastLine = section.lines.at(-1)?.line ?? section.headingLine;

  if (front.trim() === '') fail(section.headingLine, `card '${id}' has no front (question)`);
  checkTypeRules(type, front, back, { id, headingLine: section.headingLine, backLine: backLine ?? lastLine }, fail);

  if (problemCount.value > 0) return null;
  return {
    id,
    type,
    front,
    back,
    tags,
    ...(sourceField ? { source: sourceField.value } : {}),
  };
}

function splitFrontAndBack(
  body: { text: string; line: number }[],
  fail: (line: number, message: string) => void,
): { front: string; back: string; backLine: number | null } {
  let fence: FenceOpening | null = null;
  let backIndex = -1;
  body.forEach(({ text, line }, index) => {
    if (fence) {
      if (closesFence(text, fence)) fence = null;
      return;
    }
    fence = fenceOpening(text);
    if (fence || !BACK_HEADING.test(text)) return;
    if (backIndex >= 0) fail(line, "a second '### Back' in one card: a card has one front and one back");
    else backIndex = index;
  });
  const textOf = (part: { text: string }[]) => trimBlankLines(part.map((entry) => entry.text)).join('\n');
  if (backIndex < 0) return { front: textOf(body), back: '', backLine: null };
  return {
    front: textOf(body.slice(0, backIndex)),
    back: textOf(body.slice(backIndex + 1)),
    backLine: body[backIndex]!.line,
  };
}

function checkTypeRules(
  type: CardType,
  front: string,
  back: string,
  where: { id: string; headingLine: number; backLine: number },
  fail: (line: number, message: string) => void,
): void {
  switch (type) {
    case 'basic':
      if (back.trim() === '') fail(where.headingLine, `card '${where.id}' has no answer: add a '### Back' section`);
      return;
    case 'cloze':
      if (hasUnclosedDeletion(front)) fail(where.headingLine, `card '${where.id}' has a cloze deletion that is not closed with }} on the same line`);
      else if (findClozeDeletions(front).length === 0)
        fail(where.headingLine, `cloze card '${where.id}' has no deletion: mark the hidden part as {{c1::text}}`);
      return;
    case 'predict-output': {
      const pythonBlocks = extractCodeBlocks(front).filter((block) => block.language === 'python');
      if (pythonBlocks.length !== 1)
        fail(where.headingLine, `predict-output card '${where.id}' needs exactly one \`\`\`python block on its front (found ${pythonBlocks.length})`);
      if (back.trim() === '') fail(where.headingLine, `card '${where.id}' has no answer: add a '### Back' section`);
      else if (!extractCodeBlocks(back).some((block) => block.language === 'text'))
        fail(where.backLine, `predict-output card '${where.id}' needs its exact output in a \`\`\`text block on its back`);
      return;
    }
  }
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
