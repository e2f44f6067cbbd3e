/**
 * The direct conversion of simple HTML fields (the importers' fast path) must write exactly what the unified
 * pipeline writes. Thousands of generated fields, many of them tricky (entities, nesting, <br> in code,
 * whitespace, characters Markdown escapes), go through both: wherever the direct conversion answers, the answers
 * are the same; where it declines, htmlToMarkdown still gives the pipeline's answer.
 */
import { describe, expect, it } from 'vitest';
import { htmlToMarkdown, htmlToMarkdownByPipeline, simpleHtmlToMarkdown } from '../../shared/import/html-to-markdown';

/** A small seeded generator (mulberry32), so a failure names a field that can be reproduced. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['yield', 'select_related', 'Python', 'dict', 'café', 'naïve', 'Ünïcode', '日本語', 'x', 'a1', '3', '42', '__init__', 'B', 'über', '😀', 'C#', 'f(x)', 'a/b', "it's", '"quoted"', 'end.', 'Note:', 'why?', 'yes!', '{{c1::answer}}', '{{c2::hint::tip}}', 'x=1', 'a+b', 'a-b', '50%', '$5', 'x^2', '(a)', 'a,b', 'a;b'];
const TRICKY_TEXT = ['*', '_', '`', '\\', '[', ']', '|', '~', '@', '#', '>', '-', '+', '=', '!', '1.', '2)', '- ', '# ', '> ', '***', '__', 'www.example.com', 'http://x.org', 'a@b.c', ':', '::', '{', '}', '^', ' ', '  ', '\n', '\t', ' \n ', '.', ',', '’', '—', '“', '&', '<'];
const ENTITIES = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#39;', '&nbsp;', '&#60;', '&#x3C;', '&#x41;', '&#65;', '&#233;', '&#x1F600;', '&copy;', '&amp', '&lt', '&amp;amp;', '&amp;lt;', '&#0;', '&#128;', '&#10;', '&#32;', '&ne;'];
const INLINE_TAGS = ['b', 'strong', 'i', 'em', 'u', 'code', 'span', 'B', 'EM', 'Code', 'sup', 'a', 'font', 's', 'small'];

function generateField(next: () => number): string {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const piece = (depth: number): string => {
    const roll = next();
    if (roll < 0.35) return pick(WORDS);
    if (roll < 0.45) return ' ';
    if (roll < 0.55) return pick(TRICKY_TEXT);
    if (roll < 0.65) return pick(ENTITIES);
    if (roll < 0.72) return pick(['<br>', '<br/>', '<br />', '<BR>']);
    if (roll < 0.95 && depth < 2) {
      const tag = pick(INLINE_TAGS);
      const inner = Array.from({ length: 1 + Math.floor(next() * 3) }, () => piece(depth + 1)).join(next() < 0.5 ? ' ' : '');
      const attributes = next() < 0.1 ? ' class="x"' : '';
      // Now and then a tag left open or closed twice.
      const close = next() < 0.05 ? '' : `</${tag}>`;
      return `<${tag}${attributes}>${inner}${close}`;
    }
    return pick(['</b>', '<b>', '<p>', '</div>', '<pre>', '<b/>', '<', '>', '<!-- c -->', '<img src="a.png">']);
  };
  const inline = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => piece(0)).join(next() < 0.6 ? ' ' : '');
  const shape = next();
  if (shape < 0.4) return inline();
  const blocks = Array.from({ length: 1 + Math.floor(next() * 4) }, () => (next() < 0.15 ? '<div><br></div>' : `<div>${inline()}</div>`));
  return (shape < 0.55 ? inline() : '') + blocks.join(next() < 0.8 ? '' : ' ') + (next() < 0.2 ? inline() : '');
}

/** Fields as Anki and spreadsheets write them: the shapes the direct conversion is for. */
function generateSimpleField(next: () => number): string {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const sentence = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(WORDS.filter((word) => /^\p{L}/u.test(word)))).join(' ');
  const inline = () => {
    let out = sentence();
    for (let i = Math.floor(next() * 3); i > 0; i--) {
      const tag = pick(['b', 'i', 'code', 'strong', 'em', 'u']);
      out += ` <${tag}>${pick(['yield', 'dict.get(key)', 'Python', 'x', 'a1', '&lt;div&gt;'])}</${tag}> ${pick(['and', 'or', 'then', '&amp; so'])} ${sentence()}`;
      if (next() < 0.3) out += `<br>${sentence()}`;
      if (next() < 0.2) out += ` &quot;q&quot; &#39;s&#39;&nbsp;x`;
    }
    return out;
  };
  return next() < 0.5 ? inline() : Array.from({ length: 1 + Math.floor(next() * 3) }, () => `<div>${inline()}</div>`).join('');
}

const FIELDS = Number(process.env.HTML_FUZZ_FIELDS ?? 4000);

describe('the direct conversion of simple HTML fields', () => {
  it('writes exactly what the unified pipeline writes, on 4,000 generated fields of every shape', () => {
    const next = random(Number(process.env.HTML_FUZZ_SEED ?? 20260526));
    const mismatches: { html: string; direct: string; pipeline: string }[] = [];
    let answered = 0;
    for (let index = 0; index < FIELDS; index++) {
      const html = index % 3 === 0 ? generateSimpleField(next) : generateField(next);
      const direct = simpleHtmlToMarkdown(html);
      const pipeline = htmlToMarkdownByPipeline(html);
      if (direct !== null) {
        answered++;
        const written = direct.replace(/\n{3,}/g, '\n\n').trim();
        if (written !== pipeline) mismatches.push({ html, direct: written, pipeline });
      }
      // Text without '<' or '&' is not HTML at all and is kept as it is, as before the direct conversion.
      const expected = /[<&]/.test(html) ? pipeline : html.trim();
      // htmlToMarkdown itself, on a share of the fields (each call of the pipeline costs milliseconds here).
      if (index % 5 !== 0) continue;
      const converted = htmlToMarkdown(html);
      if (converted !== expected) mismatches.push({ html, direct: converted, pipeline: expected });
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    // The comparison means something only if the direct conversion answers for a good share of the fields.
    expect(answered).toBeGreaterThan(FIELDS / 4);
  });

  it('answers for the simple fields cards are made of', () => {
    const simple = [
      'What does <b>yield</b> do?',
      'It <i>pauses</i> the function<br>and returns &amp; keeps state',
      'Use <code>dict.get(key, default)</code> &lt; 3 of them',
      '<div>First line</div><div>Second line</div>',
      'Line one<br/>Line two<br />Line three',
      '<span>inline</span> and <em>e</em> <strong>s</strong>',
      'Python&nbsp;3 says &quot;hi&quot;',
    ];
    for (const html of simple) {
      expect(simpleHtmlToMarkdown(html), html).not.toBeNull();
      expect(htmlToMarkdown(html), html).toBe(htmlToMarkdownByPipeline(html));
    }
  });

  it('leaves nested tags, code with line breaks, escapes and odd whitespace to the pipeline', () => {
    for (const html of ['<b>Bold <i>and italic</i></b>', '<code>a<br>b</code>', '<b>a</b><b>b</b>', '<i>a </i>b', 'x_<b>y</b>', '&amp;amp;', 'a&lt;!b', '1. <b>x</b>', 'a  <b>b</b>', '<b>Note:</b>x', '<p>a</p>', '<div><div>a</div></div>']) {
      expect(simpleHtmlToMarkdown(html), html).toBeNull();
    }
  });
});
