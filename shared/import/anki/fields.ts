/**
 * Anki field HTML to the Markdown of a native card: images point at the package's media (or become a visible
 * notice when the file is missing), [sound:…] tags become a notice, HTML goes through htmlToMarkdown, and the
 * result is made safe for the deck format (no '##'/'### Back' lines outside code, every code fence closed).
 */
import { htmlToMarkdown } from '../html-to-markdown';

import { closesFence, fenceOpening, type FenceOpening } from '../../deck/markdown-lines';

/** Answers whether a media file named in a field can be shown, and remembers it for the import's media list. */
export type MediaResolver = (name: string) => string | null;

export interface PreparedField {
  html: string;
  missingMedia: string[];
  sounds: string[];
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A media name as a URL path segment: everything outside unreserved characters percent-encoded. */
export function mediaUrl(name: string): string {
  return `recall-media:${encodeURIComponent(name).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

const IMG_TAG = /<img\b[^>]*>/gi;
const SRC_ATTRIBUTE = /(\bsrc\s*=\s*)("([^"]*)"|'([^']*)'|([^\s>"']+))/i;
const SOUND_TAG = /\[sound:([^\]]*)\]/g;

/** Rewrites media references in a field's HTML before it is converted. */
export function prepareField(html: string, resolve: MediaResolver): PreparedField {
  const missingMedia: string[] = [];
  const sounds: string[] = [];
  let out = html.replace(SOUND_TAG, (_whole, name: string) => {
    const file = decodeEntities(name).trim();
    sounds.push(file);
    return `<em>(sound “${escapeHtml(file)}” is not played in Recall)</em>`;
  });
  out = out.replace(IMG_TAG, (tag) => {
    const src = SRC_ATTRIBUTE.exec(tag);
    if (!src) return tag;
    const raw = decodeEntities(src[3] ?? src[4] ?? src[5] ?? '').trim();
    // Web and inline images are left to the renderer (which shows or blocks them by its own rules).
    if (raw === '' || /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(raw)) return tag;
    const name = resolve(raw);
    if (name === null) {
      missingMedia.push(raw);
      return `<em>(missing image “${escapeHtml(raw)}”)</em>`;
    }
    return tag.replace(SRC_ATTRIBUTE, (_whole, prefix: string) => `${prefix}"${mediaUrl(name)}"`);
  });
  return { html: out, missingMedia, sounds };
}

/**
 * Conversions remembered across calls: the conversion costs milliseconds per field, Anki notes repeat field
 * values (empty extras, shared explanations), and an import is often run twice (preview, then confirm).
 */
const markdownCache = new Map<string, string>();
/** Text the conversion leaves exactly as it is (a test checks this against htmlToMarkdown): it starts with a
 * letter, has single spaces, no character Markdown or HTML would treat specially, and nothing GFM would autolink. */
export const PLAIN_TEXT = /^(?!.*(?::\/\/|[wW]{3}\.))\p{L}[\p{L}\p{M}\p{N},.;:'"?!()/%$]*(?: [\p{L}\p{M}\p{N},.;:'"?!()/%$]+)*$/u;
const MARKDOWN_CACHE_SIZE = 5000;

/** HTML to Markdown. Anki fields are always HTML, so plain text is converted too (a literal '*' stays literal). */
export function fieldMarkdown(html: string): string {
  if (html.trim() === '') return '';
  // Plain words and sentences (most vocabulary fields) come out of the conversion unchanged: skip it.
  if (PLAIN_TEXT.test(html)) return html;
  const cached = markdownCache.get(html);
  if (cached !== undefined) return cached;
  const markdown = htmlToMarkdown(`<div>${html}</div>`);
  if (markdownCache.size >= MARKDOWN_CACHE_SIZE) markdownCache.clear();
  if (html.length <= 20_000) markdownCache.set(html, markdown);
  return markdown;
}

/**
 * Makes Markdown safe inside a native card: CRLF to LF; outside code fences, '#', '##' and '###' headings are
 * demoted to '####' (a '## ' line would start a new card, '### Back' would split it); an unclosed fence is closed.
 */
export function deckSafeMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let fence: FenceOpening | null = null;
  const out = lines.map((line) => {
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      return line;
    }
    fence = fenceOpening(line);
    if (fence) return line;
    return line.replace(/^#{1,3}(?=[ \t]|$)/, '####');
  });
  if (fence) out.push((fence as FenceOpening).marker);
  while (out.length > 0 && out[0]!.trim() === '') out.shift();
  while (out.length > 0 && out.at(-1)!.trim() === '') out.pop();
  return out.join('\n');
}

/** Joins several fields' Markdown with blank lines, dropping empty ones. */
export function joinParts(parts: string[]): string {
  return parts.filter((part) => part.trim() !== '').join('\n\n');
}

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jfif: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  avif: 'image/avif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
};

export function mimeOf(name: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/** A short, single-line excerpt of a card's front for messages. */
export function excerpt(markdown: string): string {
  const line = markdown.replace(/\s+/g, ' ').trim();
  return line.length > 50 ? `${line.slice(0, 47)}…` : line;
}
