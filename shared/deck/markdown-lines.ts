/**
 * Line-level Markdown facts the deck format needs: where fenced code blocks start and end, so that markers
 * inside code (a `## comment` in a shell script, say) are never taken for deck structure.
 */

export interface FenceOpening {
  marker: string;
  info: string;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

export function fenceOpening(line: string): FenceOpening | null {
  const match = FENCE_OPEN.exec(line);
  if (!match) return null;
  const marker = match[1]!;
  const info = match[2]!.trim();
  // CommonMark: a backtick fence's info string may not contain backticks.
  if (marker[0] === '`' && info.includes('`')) return null;
  return { marker, info };
}

export function closesFence(line: string, opening: FenceOpening): boolean {
  const trimmed = line.trim();
  if (!line.startsWith('    ') && trimmed.length >= opening.marker.length) {
    const char = opening.marker[0]!;
    return [...trimmed].every((c) => c === char);
  }
  return false;
}

export interface CodeBlock {
  /** The first word of the info string, lower-cased ('python', 'text', ''). */
  language: string;
  code: string;
  /** 1-based line of the opening fence within the Markdown text. */
  line: number;
}

/** Every fenced code block in a Markdown text, in order. An unclosed fence runs to the end, as in CommonMark. */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let open: { opening: FenceOpening; line: number; body: string[] } | null = null;
  lines.forEach((line, index) => {
    if (open) {
      if (closesFence(line, open.opening)) {
        blocks.push(toBlock(open));
        open = null;
      } else {
        open.body.push(line);
      }
      return;
    }
    const opening = fenceOpening(line);
    if (opening) open = { opening, line: index + 1, body: [] };
  });
  if (open) blocks.push(toBlock(open));
  return blocks;
}

function toBlock(open: { opening: FenceOpening; line: number; body: string[] }): CodeBlock {
  const language = (open.opening.info.split(/\s+/)[0] ?? '').toLowerCase();
  return { language, code: open.body.join('\n'), line: open.line };
}
