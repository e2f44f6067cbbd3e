import { describe, expect, it } from 'vitest';
import { CardSearchIndex } from '../../shared/search/card-search-index';
import { buildBrowseRows, cardStatus, facetsOf, hitRows, NO_FILTER, rowsByOrdinal, selectRows } from '../../shared/search/card-rows';
import { parseQuery } from '../../shared/search/search-query';
import { Vocabulary } from '../../shared/search/vocabulary';
import { deckUnits } from '../../renderer/search/search-client';
import { plainFirstLine } from '../../shared/search/plain-text';
import type { Card, Deck } from '../../shared/deck/model';
import type { CardState } from '../../shared/study/model';

const DAY = 20_500;

function card(id: string, front: string, back: string, extra: Partial<Card> = {}): Card {
  return { id, type: 'basic', front, back, tags: [], ...extra };
}

const python: Deck = {
  id: 'python',
  title: 'Python',
  description: '',
  tags: [],
  cards: [
    card('gil', 'What does the **GIL** serialise?', 'The execution of Python bytecode: one thread at a time.', { tags: ['python/gil'], source: 'threads' }),
    card('wraps', 'Decorate the wrapper with {{c1::functools.wraps}}', '', { type: 'cloze', tags: ['python/decorators'], source: 'decorators' }),
    card('sorted', '```python\nprint(sorted({3, 1, 2}))\n```', '```text\n[1, 2, 3]\n```', { type: 'predict-output' }),
  ],
};
const django: Deck = {
  id: 'django',
  title: 'Django',
  description: '',
  tags: [],
  cards: [card('orm', '# The ORM\nWhat does `select_related` do?', 'It follows foreign keys in one query with a SQL join.', { tags: ['django/orm'], source: 'orm' })],
};

function state(cardKey: string, patch: Partial<CardState>): CardState {
  const [deckId, cardId] = cardKey.split('/') as [string, string];
  return {
    cardKey,
    deckId,
    cardId,
    repetitions: 2,
    interval: 6,
    easiness: 2.5,
    due: DAY + 3,
    lapses: 0,
    suspended: 0,
    firstReviewDay: DAY - 10,
    lastReviewDay: DAY - 3,
    lastQuality: 4,
    reviewCount: 2,
    ...patch,
  };
}

/** An index over these decks in the browser's order, answering with card keys as the browser shows them. */
function searchOver(decks: Deck[]) {
  const index = new CardSearchIndex();
  const units = deckUnits(decks);
  for (const { unit, deck } of units) index.setDeck(unit, deck.cards);
  index.setOrder(units.map(({ unit, deck }) => ({ unit, cards: deck.cards.length })));
  const byOrdinal = rowsByOrdinal(buildBrowseRows(decks, new Map(), DAY));
  return { index, search: (query: string) => hitRows(index.search(query), byOrdinal).map((row) => row.key) };
}

describe('card search', () => {
  const { search } = searchOver([python, django]);

  it('finds a card by a word on its back, its front, its tags or its topic', () => {
    expect(search('bytecode')).toEqual(['python/gil']);
    expect(search('join')).toEqual(['django/orm']);
    expect(search('select_related')).toEqual(['django/orm']);
    expect(search('functools')).toEqual(['python/wraps']);
    expect(search('decorators')).toEqual(['python/wraps']);
    expect(search('threads')).toEqual(['python/gil']);
    expect(search('SQL JOIN')).toEqual(['django/orm']);
  });

  it('matches prefixes as you type, forgives a typo in a longer word, and needs every word', () => {
    expect(search('byt')).toEqual(['python/gil']);
    expect(search('bytecoed')).toEqual(['python/gil']);
    expect(search('bytcode')).toEqual(['python/gil']);
    expect(search('foreign query')).toEqual(['django/orm']);
    expect(search('foreign bytecode')).toEqual([]);
    expect(search('   ')).toEqual([]);
    expect(search('?!')).toEqual([]);
    // Two letters are a word, not a prefix: "by" is on no card, though "bytecode" starts with it.
    expect(search('by')).toEqual([]);
    // Only the last word is a prefix; the earlier ones are whole words (five letters and more within an edit).
    expect(search('forei query')).toEqual([]);
    expect(search('foreig query')).toEqual(['django/orm']);
  });

  it('ranks a card with the word on its front above one with it only on its back', () => {
    const ranked = searchOver([
      {
        ...python,
        cards: [
          card('back-only', 'What runs one thread at a time?', 'The interpreter lock around bytecode.'),
          card('front', 'What is bytecode?', 'Instructions for the interpreter.'),
        ],
      },
    ]);
    expect(ranked.search('bytecode')).toEqual(['python/front', 'python/back-only']);
    expect(ranked.search('interpreter')).toEqual(['python/back-only', 'python/front']);
  });

  it('re-indexes a changed deck, forgets a removed one, and skips a second deck with the same id', () => {
    const { index } = searchOver([python, django]);
    index.setDeck('python', [card('gil', 'Which lock serialises threads?', 'The GIL.')]);
    index.setDeck('django', []);
    index.setOrder([
      { unit: 'python', cards: 1 },
      { unit: 'django', cards: 0 },
    ]);
    expect(index.search('bytecode')).toEqual(new Int32Array([]));
    expect(index.search('lock')).toEqual(new Int32Array([0]));
    index.removeDeck('python');
    expect(index.search('lock')).toEqual(new Int32Array([]));
    expect(index.size).toBe(0);

    const copy: Deck = { ...python, title: 'Python (copy)', cards: [python.cards[0]!, card('extra', 'Only in the copy: bytecode caches', '')] };
    const withCopy = searchOver([python, django, copy]);
    expect(deckUnits([python, django, copy]).map((entry) => entry.unit)).toEqual(['python', 'django', 'python#1']);
    // The copy's own card is found (on its front: ranked first); its copy of the GIL card is the original's.
    expect(withCopy.search('bytecode')).toEqual(['python/extra', 'python/gil']);
  });

  it('reads a query as the browser always has', () => {
    expect(parseQuery('Select_Related  que')).toEqual([
      { text: 'select', prefix: false, maxEdits: 1 },
      { text: 'related', prefix: false, maxEdits: 1 },
      { text: 'que', prefix: true, maxEdits: 0 },
    ]);
    expect(parseQuery('Café middleware').map((term) => [term.text, term.maxEdits])).toEqual([
      ['cafe', 0],
      ['middleware', 2],
    ]);
  });
});

describe('vocabulary', () => {
  it('finds the words within a few edits, nearest first', () => {
    const vocabulary = new Vocabulary();
    vocabulary.add(['bytecode', 'bytecodes', 'byte', 'decorator', 'decorated', 'generator']);
    vocabulary.add(['bytecode', 'middleware']);
    expect(vocabulary.size).toBe(7);
    expect(vocabulary.near('bytecoed', 2)).toEqual(['bytecode', 'bytecodes']);
    expect(vocabulary.near('decorater', 1)).toEqual(['decorated', 'decorator']);
    expect(vocabulary.near('generater', 1)).toEqual(['generator']);
    expect(vocabulary.near('midleware', 1)).toEqual(['middleware']);
    expect(vocabulary.near('zzzzzzz', 2)).toEqual([]);
    expect(vocabulary.near('bytecode', 0)).toEqual([]);
  });
});

describe('plain first line', () => {
  it('strips Markdown and shows the first line that says something', () => {
    expect(plainFirstLine('What does the **GIL** serialise?')).toBe('What does the GIL serialise?');
    expect(plainFirstLine('# The ORM\nWhat does `select_related` do?')).toBe('The ORM');
    expect(plainFirstLine('Decorate with {{c1::functools.wraps::decorator}} now')).toBe('Decorate with functools.wraps now');
    expect(plainFirstLine('\n\nSee [the docs](https://example.com) and _this_')).toBe('See the docs and this');
    expect(plainFirstLine('```python\nprint(sorted({3, 1, 2}))\n```')).toBe('print(sorted({3, 1, 2}))');
    expect(plainFirstLine('```python\nx = 1\n```\nWhat is x?')).toBe('What is x?');
    expect(plainFirstLine('The page shows &lt;span&gt; &amp; more')).toBe('The page shows <span> & more');
  });
});

describe('browse rows and filters', () => {
  const states = new Map<string, CardState>([
    ['python/gil', state('python/gil', { due: DAY - 1 })],
    ['python/wraps', state('python/wraps', { lapses: 8, suspended: 1 })],
    ['django/orm', state('django/orm', { lastReviewDay: DAY, lastQuality: 1 })],
  ]);
  const rows = buildBrowseRows([python, django], states, DAY);

  it('says what each card is today', () => {
    expect(rows.map((row) => [row.key, row.status, row.leech])).toEqual([
      ['python/gil', 'due', false],
      ['python/wraps', 'suspended', true],
      ['python/sorted', 'new', false],
      ['django/orm', 'learning', false],
    ]);
    expect(cardStatus(state('x/y', {}), DAY)).toBe('review');
    expect(cardStatus(state('x/y', { due: DAY - 5, buriedUntil: DAY + 1 }), DAY)).toBe('buried');
    expect(cardStatus(state('x/y', { due: DAY - 5, buriedUntil: DAY }), DAY)).toBe('due');
  });

  it('filters by deck, tag, topic, state and leech, on search hits in their order', () => {
    const byOrdinal = rowsByOrdinal(rows);
    const keys = (filter: Partial<typeof NO_FILTER>, ordinals: number[] | null = null) =>
      selectRows(rows, { ...NO_FILTER, ...filter }, ordinals && hitRows(ordinals, byOrdinal)).map((row) => row.key);
    expect(keys({ deckId: 'django' })).toEqual(['django/orm']);
    expect(keys({ tag: 'python/gil' })).toEqual(['python/gil']);
    expect(keys({ topic: 'decorators' })).toEqual(['python/wraps']);
    expect(keys({ status: 'new' })).toEqual(['python/sorted']);
    expect(keys({ status: 'leech' })).toEqual(['python/wraps']);
    // Hits come as ordinals (the order of every card of every deck): django/orm is 3, python/gil 0; 9 is no card.
    expect(rows.map((row) => row.ordinal)).toEqual([0, 1, 2, 3]);
    expect(keys({}, [3, 0, 9])).toEqual(['django/orm', 'python/gil']);
    expect(keys({ deckId: 'python' }, [3, 0])).toEqual(['python/gil']);
    expect(keys({ status: 'due' }, [3, 0])).toEqual(['python/gil']);
    expect(keys({ status: 'learning', tag: 'django/orm' }, [3, 0])).toEqual(['django/orm']);
    expect(facetsOf(rows)).toEqual({ tags: ['django/orm', 'python/decorators', 'python/gil'], topics: ['decorators', 'orm', 'threads'] });
  });
});

describe('search over 10,000 cards', () => {
  it('finds exactly the cards a scan of every card finds, for every keystroke of a few searches', () => {
    // Article-like text: a few thousand distinct words drawn with a Zipf-like skew, as in real prose, plus the
    // topic words that queries look for.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const syllables = ['ka', 'to', 'ri', 'men', 'sel', 'dat', 'py', 'quer', 'ob', 'jet', 'lis', 'tor', 'vin', 'ex', 'cep', 'tion', 'ar', 'gu', 'ment', 'val'];
    const vocabulary = Array.from({ length: 4000 }, () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]!).join(''));
    const topics = ['decorator', 'generator', 'coroutine', 'metaclass', 'descriptor', 'closure', 'queryset', 'middleware', 'serializer', 'dependency', 'pydantic', 'validator', 'asyncio', 'bytecode', 'slots', 'property'];
    const word = () => (random() < 0.02 ? topics[Math.floor(random() * topics.length)]! : vocabulary[Math.floor(vocabulary.length * random() ** 3)]!);
    const sentence = (length: number) => Array.from({ length }, word).join(' ');
    const decks: Deck[] = Array.from({ length: 10 }, (_, deck) => ({
      id: `deck-${deck}`,
      title: `Deck ${deck}`,
      description: '',
      tags: [],
      cards: Array.from({ length: 1000 }, (_, index) => card(`c${index}`, `${sentence(12)}?`, `${sentence(40)}\n\n\`\`\`python\n${sentence(10)}\n\`\`\``, { tags: [`topic/${topics[index % topics.length]}`] })),
    }));
    const { index, search } = searchOver(decks);
    expect(index.size).toBe(10_000);

    const editDistance = (a: string, b: string) => {
      let previous = Array.from({ length: b.length + 1 }, (_, column) => column);
      for (let row = 1; row <= a.length; row++) {
        const current = [row];
        for (let column = 1; column <= b.length; column++) current[column] = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + (a[row - 1] === b[column - 1] ? 0 : 1));
        previous = current;
      }
      return previous[b.length]!;
    };
    const wordsOf = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const cardWords = decks.flatMap((deck) => deck.cards.map((candidate) => ({ key: `${deck.id}/${candidate.id}`, words: new Set(wordsOf([candidate.front, candidate.back, ...candidate.tags, candidate.source ?? ''].join(' '))) })));
    const allWords = [...new Set(cardWords.flatMap((entry) => [...entry.words]))];
    const scan = (query: string) => {
      const terms = parseQuery(query);
      if (terms.length === 0) return [];
      const matching = terms.map((term) => new Set(allWords.filter((w) => w === term.text || (term.prefix && w.startsWith(term.text)) || (term.maxEdits > 0 && Math.abs(w.length - term.text.length) <= term.maxEdits && editDistance(w, term.text) <= term.maxEdits))));
      return cardWords.filter((entry) => matching.every((words) => [...words].some((w) => entry.words.has(w)))).map((entry) => entry.key);
    };

    // What a user types: every prefix of a few queries, as keystrokes, some with a second word or a typo.
    const queries = ['decorator', 'generator closure', 'middelware', 'asyncio bytecode', vocabulary[5]!, `${vocabulary[100]!} ${vocabulary[2000]!}`];
    const keystrokes = queries.flatMap((query) => Array.from({ length: query.length }, (_, end) => query.slice(0, end + 1)));
    let found = 0;
    for (const keystroke of keystrokes) {
      const hits = search(keystroke);
      expect(new Set(hits).size, keystroke).toBe(hits.length);
      expect([...hits].sort(), keystroke).toEqual(scan(keystroke).sort());
      found += hits.length;
    }
    expect(found).toBeGreaterThan(1000);
  });
});
