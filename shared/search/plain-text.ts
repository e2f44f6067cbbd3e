/** Card Markdown as one line of plain text, for table cells: the first line that says something, markup removed. */

const FENCE = /^\s*(```|~~~)/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", nbsp: ' ' };

export function plainFirstLine(markdown: string): string {
  let inFence = false;
  let firstCodeLine: string | null = null;
  for (const line of markdown.split('\n')) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      if (firstCodeLine === null && line.trim()) firstCodeLine = line.trim();
      continue;
    }
    const text = stripInlineMarkdown(line);
    if (text) return text;
  }
  // A card that is only code: show its first line of code.
  return firstCodeLine ?? '';
}

export function stripInlineMarkdown(line: string): string {
  return line
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, '')
    .replace(/\{\{c\d+::(.*?)(::[^}]*)?\}\}/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_]+)[*_](?=$|[^\w*])/g, '$1$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/^\s*\|/, '')
    .replace(/&(lt|gt|amp|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/\s+/g, ' ')
    .trim();
}
