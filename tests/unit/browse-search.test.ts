import { describe, expect, it } from 'vitest';
import { buildCardIndex } from '../../shared/search/card-index';
import { buildBrowseRows, cardStatus, facetsOf, NO_FILTER, selectRows } from '../../shared/search/card-rows';
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

describe('card search', () => {
  const index = buildCardIndex([python, django]);

  it('finds a card by a word on its back, its front or its tags', () => {
    expect(index.search('bytecode')).toEqual(['python/gil']);
    expect(index.search('join')).toEqual(['django/orm']);
    expect(index.search('select_related')).toEqual(['django/orm']);
    expect(index.search('functools')).toEqual(['python/wraps']);
    expect(index.search('decorators')).toEqual(['python/wraps']);
  });

  it('matches prefixes as you type, forgives a typo in a longer word, and needs every word', () => {
    expect(index.search('byt')).toEqual(['python/gil']);
    expect(index.search('bytecoed')).toEqual(['python/gil']);
    expect(index.search('foreign query')).toEqual(['django/orm']);
    expect(index.search('foreign bytecode')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
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
    const keys = (filter: Partial<typeof NO_FILTER>, hits: string[] | null = null) => selectRows(rows, { ...NO_FILTER, ...filter }, hits).map((row) => row.key);
    expect(keys({ deckId: 'django' })).toEqual(['django/orm']);
    expect(keys({ tag: 'python/gil' })).toEqual(['python/gil']);
    expect(keys({ topic: 'decorators' })).toEqual(['python/wraps']);
    expect(keys({ status: 'new' })).toEqual(['python/sorted']);
    expect(keys({ status: 'leech' })).toEqual(['python/wraps']);
    expect(keys({}, ['django/orm', 'python/gil', 'gone/card'])).toEqual(['django/orm', 'python/gil']);
    expect(keys({ deckId: 'python' }, ['django/orm', 'python/gil'])).toEqual(['python/gil']);
    expect(facetsOf(rows)).toEqual({ tags: ['django/orm', 'python/decorators', 'python/gil'], topics: ['decorators', 'orm', 'threads'] });
  });
});

describe('search latency on 10,000 cards', () => {
  it('answers a keystroke well within a frame budget', () => {
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

    const buildStarted = performance.now();
    const index = buildCardIndex(decks);
    const buildMs = performance.now() - buildStarted;
    expect(index.size).toBe(10_000);

    // What a user types: every prefix of a few queries, as keystrokes, some with a second word or a typo.
    const queries = ['decorator', 'generator closure', 'pydantic validator', 'middelware', 'asyncio bytecode', 'slots property', vocabulary[5]!, `${vocabulary[100]!} ${vocabulary[2000]!}`];
    const keystrokes = queries.flatMap((query) => Array.from({ length: query.length }, (_, end) => query.slice(0, end + 1)));
    const wall: number[] = [];
    const cpu: number[] = [];
    for (const keystroke of keystrokes) {
      const started = performance.now();
      const startedCpu = process.cpuUsage();
      index.search(keystroke);
      const usage = process.cpuUsage(startedCpu);
      wall.push(performance.now() - started);
      cpu.push((usage.user + usage.system) / 1000);
    }
    const percentiles = (times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return { p50: sorted[Math.floor(sorted.length * 0.5)]!, p95: sorted[Math.floor(sorted.length * 0.95)]!, max: sorted.at(-1)! };
    };
    const format = ({ p50, p95, max }: { p50: number; p95: number; max: number }) => `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms`;
    // Wall time includes waiting for a busy CPU; CPU time is the work itself.
    console.log(
      `search on 10,000 cards: index built in ${buildMs.toFixed(0)} ms; ${keystrokes.length} keystrokes: wall ${format(percentiles(wall))}; CPU ${format(percentiles(cpu))}`,
    );
    const p95 = percentiles(wall).p95;
    expect(index.search('bytecode').length).toBeGreaterThan(0);
    // DESIGN §5 allows 30 ms per keystroke at 100,000 cards. The bound here is loose so a busy machine does not
    // fail the suite; the logged numbers are the measurement.
    expect(p95).toBeLessThan(150);
  });
});
