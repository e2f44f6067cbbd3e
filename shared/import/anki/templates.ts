/**
 * What a card of a note type shows, read from its card template rather than from the note type's name (names
 * are translated and renamed; templates are not): the fields its question shows go on the front, the fields its
 * answer adds go on the back. This covers Anki's stock types in every language — Basic, Basic (and reversed
 * card), Basic (optional reversed card), Basic (type in the answer), Cloze — and most custom ones.
 */
import type { AnkiNoteType, AnkiTemplate } from './collection';

export interface CardShape {
  kind: 'basic' | 'cloze';
  /** Field indexes shown on the question, in template order (for cloze: the one cloze field). */
  front: number[];
  /** Field indexes the answer adds, in template order. */
  back: number[];
  /** Suffix after the note's id: '' for the first template, '-r' for a reverse card, '-t<n>' otherwise; cloze cards add '-c<n>' instead. */
  suffix: string;
}

interface Reference {
  field: number;
  filters: string[];
}

/** Every field a template refers to, with its filters ({{type:Back}}, {{cloze:Text}}, {{hint:Extra}}). */
export function templateReferences(template: string, fieldNames: string[]): Reference[] {
  const byName = new Map(fieldNames.map((name, index) => [name.trim().toLowerCase(), index]));
  const references: Reference[] = [];
  for (const match of template.matchAll(/\{\{([^{}]*)\}\}/g)) {
    const inner = match[1]!.trim();
    // Section markers ({{#Field}}, {{^Field}}, {{/Field}}) only decide whether a card exists: Anki has decided.
    if (inner === '' || /^[#^/!=]/.test(inner)) continue;
    const parts = inner.split(':');
    const field = byName.get(parts.pop()!.trim().toLowerCase());
    if (field === undefined) continue;
    references.push({ field, filters: parts.map((filter) => filter.trim().split(/\s+/)[0]!.toLowerCase()) });
  }
  return references;
}

const unique = (list: number[]) => [...new Set(list)];

function questionAndAnswerFields(template: AnkiTemplate, fieldNames: string[]): { front: number[]; back: number[] } {
  const question = templateReferences(template.qfmt, fieldNames);
  // A type-in box ({{type:Back}}) or a hint link on the question shows the field only on the answer.
  const front = unique(question.filter((ref) => !ref.filters.some((filter) => filter === 'type' || filter === 'hint')).map((ref) => ref.field));
  const hiddenOnFront = question.filter((ref) => ref.filters.some((filter) => filter === 'type' || filter === 'hint')).map((ref) => ref.field);
  const answer = templateReferences(template.afmt, fieldNames).map((ref) => ref.field);
  const back = unique([...answer, ...hiddenOnFront]).filter((field) => !front.includes(field));
  return { front, back };
}

/** How a note type's template `ord` becomes a card, or null when the note type has no such template. */
export function cardShape(noteType: AnkiNoteType, ord: number): CardShape | null {
  const fieldNames = noteType.fields;
  if (noteType.cloze) {
    // Cloze note types have one template; its question names the cloze field ({{cloze:Text}}).
    const template = noteType.templates[0];
    const clozeField = template ? templateReferences(template.qfmt, fieldNames).find((ref) => ref.filters.includes('cloze'))?.field : undefined;
    const text = clozeField ?? 0;
    const answer = template ? templateReferences(template.afmt, fieldNames).map((ref) => ref.field) : fieldNames.map((_name, index) => index);
    return { kind: 'cloze', front: [text], back: unique(answer).filter((field) => field !== text), suffix: '' };
  }
  const template = noteType.templates.find((candidate) => candidate.ord === ord);
  if (!template) return null;
  let { front, back } = questionAndAnswerFields(template, fieldNames);
  if (front.length === 0) {
    // A template that shows no field on its question: fall back to the first field and the rest.
    front = fieldNames.length > 0 ? [0] : [];
    back = fieldNames.map((_name, index) => index).slice(1);
  }
  return { kind: 'basic', front, back, suffix: suffixFor(noteType, template, fieldNames) };
}

function suffixFor(noteType: AnkiNoteType, template: AnkiTemplate, fieldNames: string[]): string {
  const first = noteType.templates[0];
  if (!first || template === first) return '';
  const a = questionAndAnswerFields(first, fieldNames);
  const b = questionAndAnswerFields(template, fieldNames);
  const same = (x: number[], y: number[]) => x.length === y.length && x.every((field) => y.includes(field));
  // The reverse of the first card: its question is what the first card answers, and the other way round.
  if (same(a.front, b.back) && same(a.back, b.front)) return '-r';
  return `-t${template.ord + 1}`;
}
