/**
 * Anki cloze text to the front of one native cloze card. Anki makes one card per cloze number: card N hides the
 * deletions numbered N and shows every other deletion as plain text. A native cloze card hides all of its
 * deletions, so the card for N keeps only the {{cN::…}} deletions and writes the others' text in their place.
 *
 * Anki's syntax allows HTML inside deletions, hints ({{c1::answer::hint}}) and, since 2.1.56, nesting
 * ({{c1::outer {{c2::inner}}}}). Each kept deletion is swapped for a placeholder word before the HTML becomes
 * Markdown (so the conversion cannot split or escape it), then written back on one line as the deck format wants.
 */
import { closesFence, fenceOpening, type FenceOpening } from '../../deck/markdown-lines';
import { decodeEntities, fieldMarkdown } from './fields';

interface Deletion {
  number: number;
  children: Node[];
}
type Node = string | Deletion;

/** Parses deletions; an opening without its closing '}}' stays literal text, as Anki shows it. */
function parseCloze(text: string): Node[] {
  const root: Node[] = [];
  const stack: { deletion: Deletion; opening: string }[] = [];
  const children = () => (stack.length > 0 ? stack.at(-1)!.deletion.children : root);
  const pushText = (value: string) => {
    if (value === '') return;
    const list = children();
    if (typeof list.at(-1) === 'string') list[list.length - 1] = (list.at(-1) as string) + value;
    else list.push(value);
  };
  const token = /\{\{c(\d+)::|\}\}/g;
  let last = 0;
  for (let match = token.exec(text); match; match = token.exec(text)) {
    pushText(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[1] !== undefined) {
      const deletion: Deletion = { number: Number(match[1]), children: [] };
      stack.push({ deletion, opening: match[0] });
    } else if (stack.length > 0) {
      const { deletion } = stack.pop()!;
      children().push(deletion);
    } else {
      pushText(match[0]);
    }
  }
  pushText(text.slice(last));
  // Unclosed openings: put their text back where they were.
  while (stack.length > 0) {
    const { deletion, opening } = stack.pop()!;
    const parent = children();
    pushText(opening);
    for (const child of deletion.children) {
      if (typeof child === 'string') pushText(child);
      else parent.push(child);
    }
  }
  return root;
}

/** The answer part and the hint part of a deletion: split at the first '::' in its own text. */
function splitHint(children: Node[]): { answer: Node[]; hint: Node[] | null } {
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!;
    if (typeof child !== 'string') continue;
    const at = child.indexOf('::');
    if (at < 0) continue;
    return {
      answer: [...children.slice(0, index), child.slice(0, at)],
      hint: [child.slice(at + 2), ...children.slice(index + 1)],
    };
  }
  return { answer: children, hint: null };
}

/** Nodes as HTML with every deletion replaced by its answer. */
function flatten(nodes: Node[]): string {
  return nodes.map((node) => (typeof node === 'string' ? node : flatten(splitHint(node.children).answer))).join('');
}

/** The cloze numbers a text uses. */
export function clozeNumbers(text: string): number[] {
  const numbers = new Set<number>();
  const visit = (nodes: Node[]) => {
    for (const node of nodes) {
      if (typeof node === 'string') continue;
      numbers.add(node.number);
      visit(node.children);
    }
  };
  visit(parseCloze(text));
  return [...numbers].sort((a, b) => a - b);
}

const placeholder = (index: number) => `QZCLOZE${index}ZQ`;

/**
 * The Markdown front of the card for cloze `number`, or null when the text has no deletion with that number
 * (Anki would show an empty card).
 */
export function clozeFront(html: string, number: number): string | null {
  const kept: { answer: string; hint: string | null }[] = [];
  const render = (nodes: Node[]): string =>
    nodes
      .map((node) => {
        if (typeof node === 'string') return node;
        const { answer, hint } = splitHint(node.children);
        if (node.number !== number) return render(answer);
        kept.push({ answer: flatten(answer), hint: hint ? flatten(hint) : null });
        return placeholder(kept.length - 1);
      })
      .join('');
  const withPlaceholders = render(parseCloze(html));
  if (kept.length === 0) return null;
  let markdown = fieldMarkdown(withPlaceholders);

  // Placeholders inside code (fenced or inline) take the deletion's plain text; elsewhere its Markdown.
  const lines = markdown.split('\n');
  let fence: FenceOpening | null = null;
  markdown = lines
    .map((line) => {
      let inFence = false;
      if (fence) {
        if (closesFence(line, fence)) fence = null;
        else inFence = true;
      } else {
        fence = fenceOpening(line);
      }
      return line.replace(/QZCLOZE(\d+)ZQ/g, (whole, index: string, offset: number) => {
        const deletion = kept[Number(index)];
        if (!deletion) return whole;
        const inCode = inFence || (line.slice(0, offset).match(/`/g)?.length ?? 0) % 2 === 1;
        const answer = oneLine(inCode ? plainText(deletion.answer) : fieldMarkdown(deletion.answer)).replace(/\}\}/g, '} }');
        const hint = deletion.hint === null ? '' : oneLine(plainText(deletion.hint)).replace(/[{}]/g, '');
        return `{{c${number}::${answer}${hint !== '' ? `::${hint}` : ''}}}`;
      });
    })
    .join('\n');
  return markdown;
}

function oneLine(text: string): string {
  return text
    .replace(/\\\n/g, ' ')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

function plainText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '')).replace(/\u00a0/g, ' ');
}
