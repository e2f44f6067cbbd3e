/**
 * Card HTML (Anki fields, CSV exports with #html:true) to Markdown, through the unified toolchain: parse the HTML
 * to a syntax tree, map it to Markdown's tree, print Markdown. Nothing is executed or fetched: scripts, styles,
 * iframes and event-handler attributes simply have no Markdown counterpart and are dropped.
 */
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import type { Element, Root as HastRoot } from 'hast';

/** Code blocks from editors (Anki's, highlight.js output) come as <pre> with a language class or data attribute. */
function languageOf(pre: Element): string | undefined {
  const candidates = [pre, ...pre.children.filter((child): child is Element => child.type === 'element')];
  for (const element of candidates) {
    const classes = element.properties.className;
    const list = Array.isArray(classes) ? classes.map(String) : [];
    const fromClass = list.map((name) => /^(?:language|lang)-(.+)$/.exec(name)?.[1]).find(Boolean);
    if (fromClass) return fromClass.toLowerCase();
    const fromData = element.properties.dataLanguage ?? element.properties.dataLang;
    if (typeof fromData === 'string') return fromData.toLowerCase();
  }
  return undefined;
}

/** Anki fields use <div> for lines; <pre> bodies may hold <br> for newlines. Normalise before conversion. */
function normalizeTree() {
  return (tree: HastRoot) => {
    const visit = (node: HastRoot | Element) => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        if (child.tagName === 'pre') {
          const language = languageOf(child);
          const text = preText(child);
          child.children = [{ type: 'element', tagName: 'code', properties: language ? { className: [`language-${language}`] } : {}, children: [{ type: 'text', value: text }] }];
          continue;
        }
        visit(child);
      }
    };
    visit(tree);
  };
}

function preText(node: Element): string {
  let out = '';
  for (const child of node.children) {
    if (child.type === 'text') out += child.value;
    else if (child.type === 'element') {
      if (child.tagName === 'br') out += '\n';
      else {
        const inner = preText(child);
        out += inner;
        if ((child.tagName === 'div' || child.tagName === 'p') && !inner.endsWith('\n')) out += '\n';
      }
    }
  }
  return out.replace(/\u00a0/g, ' ');
}

const processor = unified()
  .use(rehypeParse, { fragment: true })
  .use(normalizeTree)
  .use(rehypeRemark, { newlines: true })
  .use(remarkGfm)
  .use(remarkStringify, { bullet: '-', fences: true, emphasis: '*', strong: '*', rule: '-', listItemIndent: 'one' });

export function htmlToMarkdown(html: string): string {
  if (!/[<&]/.test(html)) return html.trim();
  // The unified pipeline costs ~0.3 ms a field; most card fields are text with a few inline tags, which the
  // direct conversion below writes exactly as the pipeline does (a test compares the two on generated fields).
  const markdown = simpleHtmlToMarkdown(html) ?? String(processor.processSync(html));
  return markdown.replace(/\n{3,}/g, '\n\n').trim();
}

/** The unified pipeline alone, without the direct conversion: what the direct conversion must agree with. */
export function htmlToMarkdownByPipeline(html: string): string {
  return String(processor.processSync(html)).replace(/\n{3,}/g, '\n\n').trim();
}

// ---------------------------------------------------------------------------------------------------------------
// The direct conversion of simple fields

type InlineItem = { kind: 'text'; text: string } | { kind: 'format'; marker: '**' | '*' | '`'; text: string } | { kind: 'break' };

const FORMAT_MARKERS: Record<string, '**' | '*' | '`'> = { b: '**', strong: '**', i: '*', em: '*', u: '*', code: '`' };
const SIMPLE_TAG = /<(\/?)([a-zA-Z]+)( ?\/)?>/y;
const SIMPLE_ENTITY = /&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,5})|#[xX]([0-9a-fA-F]{1,4}));/y;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
/** Characters text may hold that the pipeline writes unchanged wherever they stand (other rules below). */
const SAFE_TEXT_CHAR = /^[\p{L}\p{M}\p{N} ,.;:'"?!()/%$={}^+\-#>\u00a0&<_]$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const LETTER = /^\p{L}$/u;

/**
 * Markdown for a field made only of text, entities and flat, well-formed inline tags (b, strong, i, em, u, code,
 * span, br) in top-level <div> lines, written as the unified pipeline writes it; null for anything else (other
 * tags, attributes, nesting, characters Markdown would escape, odd whitespace), which then takes the pipeline.
 * Conservative on purpose: a field it declines costs time, a field it gets wrong would change a card.
 */
export function simpleHtmlToMarkdown(html: string): string | null {
  const blocks: InlineItem[][] = [];
  let block: InlineItem[] = [];
  let inDiv = false;
  let format: { marker: '**' | '*' | '`'; tag: string; text: string } | null = null;
  let spanDepth = 0;
  let text = '';
  const flushText = () => {
    if (text === '') return;
    if (format) format.text += text;
    else block.push({ kind: 'text', text });
    text = '';
  };
  const endBlock = () => {
    flushText();
    blocks.push(block);
    block = [];
  };
  let index = 0;
  while (index < html.length) {
    const char = html[index]!;
    if (char === '<') {
      SIMPLE_TAG.lastIndex = index;
      const tag = SIMPLE_TAG.exec(html);
      if (!tag) return null;
      index = SIMPLE_TAG.lastIndex;
      const closing = tag[1] === '/';
      const name = tag[2]!.toLowerCase();
      const selfClosing = tag[3] !== undefined;
      if (name === 'br') {
        if (closing || format) return null;
        flushText();
        block.push({ kind: 'break' });
        continue;
      }
      if (selfClosing) return null;
      if (name === 'span') {
        spanDepth += closing ? -1 : 1;
        if (spanDepth < 0 || spanDepth > 1) return null;
        continue;
      }
      if (name === 'div') {
        // Flat divs only, outside any inline element.
        if (format || spanDepth > 0 || closing !== inDiv) return null;
        endBlock();
        inDiv = !closing;
        continue;
      }
      const marker = FORMAT_MARKERS[name];
      if (!marker) return null;
      if (!closing) {
        if (format) return null;
        flushText();
        format = { marker, tag: name, text: '' };
      } else {
        if (!format || format.tag !== name) return null;
        flushText();
        block.push({ kind: 'format', marker: format.marker, text: format.text });
        format = null;
      }
      continue;
    }
    if (char === '&') {
      SIMPLE_ENTITY.lastIndex = index;
      const entity = SIMPLE_ENTITY.exec(html);
      if (!entity) return null;
      index = SIMPLE_ENTITY.lastIndex;
      const code = entity[2] !== undefined ? Number(entity[2]) : entity[3] !== undefined ? parseInt(entity[3], 16) : -1;
      // Numeric references only for printable ASCII; the rest (and their replacement rules) go the long way.
      if (code !== -1 && (code < 0x20 || code > 0x7e)) return null;
      text += code === -1 ? NAMED_ENTITIES[entity[1]!]! : String.fromCharCode(code);
      continue;
    }
    text += char;
    index++;
  }
  if (format || spanDepth !== 0 || inDiv) return null;
  endBlock();

  const written: string[] = [];
  for (const items of blocks) {
    const line = writeBlock(items);
    if (line === null) return null;
    if (line !== '') written.push(line);
  }
  return written.join('\n\n');
}

/** One block's inline items as Markdown, or null when a rule of the pipeline's writer might apply. */
function writeBlock(items: InlineItem[]): string | null {
  // Whitespace at the block's edges is dropped, as HTML renders it; a block of only whitespace is empty.
  const trimmed: InlineItem[] = [];
  for (const item of items) if (item.kind !== 'text' || item.text !== '') trimmed.push(item);
  const blank = (item: InlineItem | undefined) => item?.kind === 'text' && /^ *$/.test(item.text);
  while (blank(trimmed[0])) trimmed.shift();
  while (blank(trimmed.at(-1))) trimmed.pop();
  if (trimmed.length === 0) return '';
  const first = trimmed[0]!;
  const last = trimmed.at(-1)!;
  if (first.kind === 'text') first.text = first.text.replace(/^ +/, '');
  if (last.kind === 'text') last.text = last.text.replace(/ +$/, '');
  // A trailing <br> ends the line anyway; the pipeline drops it. Leading ones and runs stay with the pipeline.
  if (last.kind === 'break') {
    trimmed.pop();
    const before = trimmed.at(-1);
    if (!before || (before.kind === 'text' && before.text.endsWith(' '))) return null;
  }
  if (trimmed[0]!.kind === 'break' || trimmed.at(-1)!.kind === 'break') return null;

  let out = '';
  let lineStart = true;
  for (let position = 0; position < trimmed.length; position++) {
    const item = trimmed[position]!;
    const before = trimmed[position - 1];
    const after = trimmed[position + 1];
    if (item.kind === 'break') {
      if (after?.kind === 'break') return null;
      if (before?.kind === 'text' && before.text.endsWith(' ')) return null;
      if (after?.kind === 'text' && after.text.startsWith(' ')) return null;
      out += '\\\n';
      lineStart = true;
      continue;
    }
    if (item.kind === 'format') {
      // Flat, non-empty, no whitespace at the inner edges, not touching another formatted run.
      if (before?.kind === 'format' || after?.kind === 'format') return null;
      if (item.marker === '`') {
        if (item.text === '' || /[`\n\r\t\f]/.test(item.text) || item.text.startsWith(' ') || item.text.endsWith(' ') || item.text.includes('\u00a0')) return null;
      } else {
        if (!LETTER_OR_DIGIT.test(item.text[0] ?? '') || !LETTER_OR_DIGIT.test(item.text.at(-1) ?? '')) return null;
        if (!safeText(item.text, false)) return null;
      }
      out += `${item.marker}${item.marker === '`' ? item.text : escapeAngle(item.text)}${item.marker}`;
      lineStart = false;
      continue;
    }
    if (!safeText(item.text, lineStart)) return null;
    out += escapeAngle(item.text);
    lineStart = false;
  }
  return out;
}

/** '<' before a letter could open a tag: the writer escapes it. */
function escapeAngle(text: string): string {
  return text.includes('<') ? text.replace(/<(?=[a-zA-Z])/g, '\\<') : text;
}

/** True when the pipeline would write this text as it is (but for escapeAngle). */
function safeText(text: string, atLineStart: boolean): boolean {
  if (atLineStart && !LETTER.test(text[0] ?? '')) return false;
  // Runs of spaces collapse in HTML; a space beside a no-break space is kept but rare enough to leave alone.
  if (text.includes('  ') || text.startsWith('\u00a0') || text.endsWith('\u00a0')) return false;
  // GFM would turn these into links.
  if (text.includes('://') || /www\./i.test(text)) return false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (!SAFE_TEXT_CHAR.test(char)) {
      // Astral letters and marks come as surrogate pairs; the class above sees halves.
      const code = text.codePointAt(index)!;
      if (code > 0xffff && /^[\p{L}\p{M}\p{N}]$/u.test(String.fromCodePoint(code))) {
        index++;
        continue;
      }
      return false;
    }
    const next = text[index + 1] ?? '';
    const previous = text[index - 1] ?? '';
    // '&' before a name, '<' before a tag name, and '_' at a word's edge are escaped by the writer.
    if (char === '&' && !(next === ' ' || next === '')) return false;
    if (char === '<' && !(next === ' ' || /[0-9=a-zA-Z]/.test(next))) return false;
    if (char === '_' && !(LETTER_OR_DIGIT.test(previous) && LETTER_OR_DIGIT.test(next))) return false;
  }
  return true;
}

/** True when a field looks like HTML rather than plain text with a stray "<". */
export function looksLikeHtml(text: string): boolean {
  return /<\/?(?:br|div|p|b|i|u|strong|em|code|pre|ul|ol|li|a|img|span|table|tr|td|th|h[1-6]|sup|sub|font)\b[^>]*>/i.test(text) || /&(?:nbsp|amp|lt|gt|quot);/.test(text);
}
