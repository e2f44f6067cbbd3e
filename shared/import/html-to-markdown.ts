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
  const markdown = String(processor.processSync(html));
  return markdown.replace(/\n{3,}/g, '\n\n').trim();
}

/** True when a field looks like HTML rather than plain text with a stray "<". */
export function looksLikeHtml(text: string): boolean {
  return /<\/?(?:br|div|p|b|i|u|strong|em|code|pre|ul|ol|li|a|img|span|table|tr|td|th|h[1-6]|sup|sub|font)\b[^>]*>/i.test(text) || /&(?:nbsp|amp|lt|gt|quot);/.test(text);
}
