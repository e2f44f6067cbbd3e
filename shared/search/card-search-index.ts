/**
 * Full-text search over every card: an inverted index in typed arrays, one segment per deck, run in a worker by
 * the app (renderer/search/) and directly by the benchmark and tests.
 *
 * Why not a library: at 100,000 cards MiniSearch and FlexSearch hold ~300 MB of JavaScript objects (DESIGN §9),
 * and SQLite FTS5 (WebAssembly), measured here on the benchmark's deck, needs 15–50 ms of CPU just to walk the
 * doclist of a word that is on every card. A segment here is a sorted word list and one Int32Array of postings
 * (card position × 8 + which fields hold the word), ~4 bytes per word per card; a keystroke walks the postings
 * of its words once, and ranks every hit with one native sort of a Float64Array.
 *
 * Matching follows the browser's rules (search-query.ts): every word must match, the last as a prefix, longer
 * words also through near spellings. Ranking: for each word, its rarity (idf) × the best field it is in (front 2,
 * tags and topic 1.5, back 1), less for a prefix or a near spelling than for the word itself.
 */
import { parseQuery, tokenize, foldTerm, type QueryTerm } from './search-query';
import { Vocabulary } from './vocabulary';

export interface SearchableCard {
  front: string;
  back: string;
  tags: readonly string[];
  source?: string;
}

const FRONT = 1;
const BACK = 2;
const TAGS = 4;
const FIELD_BITS = 3;
const FIELD_WEIGHT = Array.from({ length: 8 }, (_, mask) => (mask & FRONT ? 2 : mask & TAGS ? 1.5 : mask & BACK ? 1 : 0));
/** Ordinals are packed with scores into one float for sorting: up to 2^24 cards. */
const ORDINAL_RANGE = 2 ** 24;
const SCORE_RANGE = 2 ** 28;

interface Segment {
  cards: number;
  /** Sorted. */
  words: string[];
  /** Postings of words[i] are postings[starts[i]] .. postings[starts[i + 1]], each position << 3 | fields. */
  starts: Int32Array;
  postings: Int32Array;
}

/** Builds one deck's segment a slice of cards at a time, so the worker can answer searches in between. */
export class SegmentBuilder {
  private readonly wordIds = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly lists: number[][] = [];
  private readonly lastPosition: number[] = [];
  private position = 0;

  constructor(
    private readonly cards: readonly SearchableCard[],
    private readonly intern: (word: string) => string,
  ) {}

  get done(): boolean {
    return this.position >= this.cards.length;
  }

  get added(): number {
    return this.position;
  }

  /** Indexes up to `count` more cards; returns how many it did. */
  add(count: number): number {
    const end = Math.min(this.cards.length, this.position + count);
    const started = this.position;
    for (; this.position < end; this.position++) {
      const card = this.cards[this.position]!;
      this.addText(card.front, FRONT);
      this.addText(card.back, BACK);
      for (const tag of card.tags) this.addText(tag, TAGS);
      if (card.source) this.addText(card.source, TAGS);
    }
    return end - started;
  }

  finish(): Segment {
    const order = this.words.map((_, id) => id).sort((a, b) => (this.words[a]! < this.words[b]! ? -1 : 1));
    const starts = new Int32Array(order.length + 1);
    let total = 0;
    for (const list of this.lists) total += list.length;
    const postings = new Int32Array(total);
    let at = 0;
    order.forEach((id, index) => {
      starts[index] = at;
      postings.set(this.lists[id]!, at);
      at += this.lists[id]!.length;
    });
    starts[order.length] = at;
    return { cards: this.cards.length, words: order.map((id) => this.words[id]!), starts, postings };
  }

  private addText(text: string, field: number): void {
    const position = this.position;
    for (const token of tokenize(text)) {
      const word = foldTerm(token);
      let id = this.wordIds.get(word);
      if (id === undefined) {
        id = this.words.length;
        this.wordIds.set(word, id);
        this.words.push(this.intern(word));
        this.lists.push([]);
        this.lastPosition.push(-1);
      }
      const list = this.lists[id]!;
      if (this.lastPosition[id] === position) list[list.length - 1]! |= field;
      else {
        list.push((position << FIELD_BITS) | field);
        this.lastPosition[id] = position;
      }
    }
  }
}

export class CardSearchIndex {
  private readonly segments = new Map<string, Segment>();
  /** How many cards each word is on, over every segment (for idf); its keys are the canonical word strings. */
  private readonly documentFrequency = new Map<string, number>();
  private readonly canonical = new Map<string, string>();
  private readonly vocabulary = new Vocabulary();
  private offsets = new Map<string, number>();
  private totalCards = 0;

  /** Cards in the index. */
  get size(): number {
    return this.totalCards;
  }

  hasDeck(unit: string): boolean {
    return this.segments.has(unit);
  }

  decks(): string[] {
    return [...this.segments.keys()];
  }

  /** A builder for a deck's segment; install it with installDeck when done (the old segment serves until then). */
  buildDeck(cards: readonly SearchableCard[]): SegmentBuilder {
    return new SegmentBuilder(cards, (word) => {
      const known = this.canonical.get(word);
      if (known !== undefined) return known;
      this.canonical.set(word, word);
      this.vocabulary.add([word]);
      return word;
    });
  }

  installDeck(unit: string, builder: SegmentBuilder): void {
    const segment = builder.finish();
    this.removeDeck(unit);
    this.segments.set(unit, segment);
    this.totalCards += segment.cards;
    segment.words.forEach((word, index) => this.documentFrequency.set(word, (this.documentFrequency.get(word) ?? 0) + segment.starts[index + 1]! - segment.starts[index]!));
  }

  /** Indexes a deck in one go (tests and the benchmark; the worker builds in slices). */
  setDeck(unit: string, cards: readonly SearchableCard[]): void {
    const builder = this.buildDeck(cards);
    builder.add(cards.length);
    this.installDeck(unit, builder);
  }

  removeDeck(unit: string): void {
    const segment = this.segments.get(unit);
    if (!segment) return;
    this.segments.delete(unit);
    this.totalCards -= segment.cards;
    segment.words.forEach((word, index) => {
      const left = (this.documentFrequency.get(word) ?? 0) - (segment.starts[index + 1]! - segment.starts[index]!);
      if (left > 0) this.documentFrequency.set(word, left);
      else this.documentFrequency.delete(word);
    });
  }

  /**
   * The order the browser lists cards in: every card of these decks, deck after deck. Hits are returned as
   * positions in that list; decks not listed give no hits.
   */
  setOrder(order: readonly { unit: string; cards: number }[]): void {
    const offsets = new Map<string, number>();
    let offset = 0;
    for (const { unit, cards } of order) {
      if (!offsets.has(unit)) offsets.set(unit, offset);
      offset += cards;
    }
    this.offsets = offsets;
  }

  /** Positions (see setOrder) of the cards matching `query`, best first; ties in list order. */
  search(query: string): Int32Array {
    const terms = parseQuery(query);
    if (terms.length === 0) return new Int32Array(0);
    const nearSpellings = terms.map((term) => (term.maxEdits > 0 ? this.vocabulary.near(term.text, term.maxEdits).filter((word) => word !== term.text) : []));
    // One float per hit, score and list position packed, so one native sort ranks them (boxed numbers in an
    // array would cost more than the search itself at 100,000 hits).
    const keys = new Float64Array(this.totalCards);
    let count = 0;
    for (const [unit, segment] of this.segments) {
      const offset = this.offsets.get(unit);
      if (offset === undefined) continue;
      count = this.searchSegment(segment, terms, nearSpellings, offset, keys, count);
    }
    const sorted = keys.subarray(0, count).sort();
    const ordinals = new Int32Array(count);
    for (let index = 0; index < sorted.length; index++) ordinals[index] = sorted[index]! % ORDINAL_RANGE;
    return ordinals;
  }

  /** Writes the segment's hits into keys from `count` on; returns the new count. */
  private searchSegment(segment: Segment, terms: readonly QueryTerm[], nearSpellings: readonly string[][], offset: number, keys: Float64Array, count: number): number {
    const matched = new Uint8Array(segment.cards);
    const score = new Float32Array(segment.cards);
    for (let step = 0; step < terms.length; step++) {
      const term = terms[step]!;
      let advanced = 0;
      const visit = (wordIndex: number, weight: number) => {
        const idf = this.idf(segment.words[wordIndex]!) * weight;
        const end = segment.starts[wordIndex + 1]!;
        for (let at = segment.starts[wordIndex]!; at < end; at++) {
          const posting = segment.postings[at]!;
          const position = posting >>> FIELD_BITS;
          if (matched[position] !== step) continue;
          matched[position] = step + 1;
          score[position] = score[position]! + idf * FIELD_WEIGHT[posting & 7]!;
          advanced++;
        }
      };
      const exact = findWord(segment.words, term.text);
      if (exact >= 0) visit(exact, 1);
      if (term.prefix) {
        for (let index = lowerBound(segment.words, term.text); index < segment.words.length && segment.words[index]!.startsWith(term.text); index++) {
          if (index !== exact) visit(index, term.text.length / segment.words[index]!.length);
        }
      }
      for (const spelling of nearSpellings[step]!) {
        const index = findWord(segment.words, spelling);
        if (index >= 0) visit(index, 0.5);
      }
      if (advanced === 0) return count;
    }
    const all = terms.length;
    for (let position = 0; position < segment.cards; position++) {
      if (matched[position] !== all) continue;
      const quantised = Math.min(SCORE_RANGE - 1, Math.round(score[position]! * 1000));
      keys[count++] = (SCORE_RANGE - 1 - quantised) * ORDINAL_RANGE + offset + position;
    }
    return count;
  }

  private idf(word: string): number {
    const frequency = this.documentFrequency.get(word) ?? 0;
    return Math.log(1 + (this.totalCards - frequency + 0.5) / (frequency + 0.5));
  }
}

function lowerBound(words: readonly string[], target: string): number {
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (words[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

function findWord(words: readonly string[], word: string): number {
  const index = lowerBound(words, word);
  return index < words.length && words[index] === word ? index : -1;
}
