/**
 * The distinct words of the index, for forgiving typos: finds every word within a few edits (Levenshtein) of a
 * typed one. The words are kept as one sorted array, which is a trie in disguise: words that share a prefix sit
 * together, so the edit-distance table of a shared prefix is computed once, and a prefix already too far from
 * the typed word skips every word that starts with it (found by binary search). A lookup visits a small part of
 * a 100,000-word vocabulary, and the array costs a few megabytes, not the tens a tree of nodes would.
 */
export class Vocabulary {
  private words: string[] = [];
  private pending: string[] = [];

  get size(): number {
    this.settle();
    return this.words.length;
  }

  clear(): void {
    this.words = [];
    this.pending = [];
  }

  /** Adds words (duplicates are fine); they are merged in on the next lookup. */
  add(words: Iterable<string>): void {
    for (const word of words) this.pending.push(word);
  }

  /** Words within maxEdits of `term`, nearest first, at most `limit` of them. */
  near(term: string, maxEdits: number, limit = 16): string[] {
    this.settle();
    if (maxEdits <= 0 || this.words.length === 0) return [];
    const words = this.words;
    const width = term.length + 1;
    // rows[depth] is the edit-distance row of the first `depth` letters of the current word against `term`.
    const rows: Int32Array[] = [Int32Array.from({ length: width }, (_, column) => column)];
    const found: { word: string; distance: number }[] = [];
    let previous = '';
    let validDepth = 0;
    let index = 0;
    while (index < words.length) {
      const word = words[index]!;
      let depth = 0;
      const shared = Math.min(validDepth, word.length, previous.length);
      while (depth < shared && word.charCodeAt(depth) === previous.charCodeAt(depth)) depth++;
      let pruned = false;
      for (; depth < word.length; depth++) {
        const above = rows[depth]!;
        const row = (rows[depth + 1] ??= new Int32Array(width));
        const letter = word.charCodeAt(depth);
        row[0] = depth + 1;
        let smallest = row[0];
        for (let column = 1; column < width; column++) {
          const cost = term.charCodeAt(column - 1) === letter ? 0 : 1;
          const value = Math.min(above[column]! + 1, row[column - 1]! + 1, above[column - 1]! + cost);
          row[column] = value;
          if (value < smallest) smallest = value;
        }
        if (smallest > maxEdits) {
          // No word starting with these letters can come within maxEdits: skip them all.
          validDepth = depth + 1;
          previous = word;
          index = this.firstAfterPrefix(word.slice(0, depth + 1), index + 1);
          pruned = true;
          break;
        }
      }
      if (pruned) continue;
      validDepth = word.length;
      previous = word;
      const distance = rows[word.length]![term.length]!;
      if (distance <= maxEdits) found.push({ word, distance });
      index++;
    }
    found.sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
    return found.slice(0, limit).map((entry) => entry.word);
  }

  private firstAfterPrefix(prefix: string, from: number): number {
    let low = from;
    let high = this.words.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.words[middle]!.startsWith(prefix)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private settle(): void {
    if (this.pending.length === 0) return;
    // New words are few once the first decks are in: sort them and merge, rather than sorting everything again.
    const fresh = this.pending.sort();
    this.pending = [];
    const merged: string[] = new Array<string>(this.words.length + fresh.length);
    let count = 0;
    let old = 0;
    let next = 0;
    while (old < this.words.length || next < fresh.length) {
      const word = next >= fresh.length || (old < this.words.length && this.words[old]! <= fresh[next]!) ? this.words[old++]! : fresh[next++]!;
      if (count === 0 || merged[count - 1] !== word) merged[count++] = word;
    }
    merged.length = count;
    this.words = merged;
  }
}
