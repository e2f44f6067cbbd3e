import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../shared/deck/parse';
import { serializeDeck } from '../../shared/deck/serialize';
import { renderCloze, findClozeDeletions } from '../../shared/deck/cloze';
import { extractCodeBlocks } from '../../shared/deck/markdown-lines';
import type { Deck } from '../../shared/deck/model';

const header = '---\nid: demo\ntitle: Demo\n---\n';

function parse(body: string, head = header) {
  return parseDeck(head + body, 'demo.md');
}

function problemLines(body: string, head = header) {
  return parse(body, head).problems.map((p) => `${p.line}: ${p.message}`);
}

describe('parseDeck', () => {
  it('reads the deck header and every card type', () => {
    const text = [
      '---',
      'id: python',
      'title: Python',
      'description: The language itself.',
      'tags: [python, interview]',
      '---',
      '',
      '## map-lazy',
      'type: basic',
      'tags: python/functional, python/builtins',
      'source: map-function',
      '',
      'What does `map()` return?',
      '',
      '### Back',
      '',
      'An **iterator**.',
      '',
      '## wraps',
      'type: cloze',
      '',
      'Use {{c1::functools.wraps}} on the wrapper.',
      '',
      '## sorted-set',
      'type: predict-output',
      '',
      '```python',
      'print(sorted({3, 1, 2}))',
      '```',
      '',
      '### Back',
      '',
      '```text',
      '[1, 2, 3]',
      '```',
      '',
    ].join('\n');
    const { deck, problems } = parseDeck(text, 'python.md');
    expect(problems).toEqual([]);
    expect(deck).toEqual<Deck>({
      id: 'python',
      title: 'Python',
      description: 'The language itself.',
      tags: ['python', 'interview'],
      cards: [
        { id: 'map-lazy', type: 'basic', front: 'What does `map()` return?', back: 'An **iterator**.', tags: ['python/functional', 'python/builtins'], source: 'map-function' },
        { id: 'wraps', type: 'cloze', front: 'Use {{c1::functools.wraps}} on the wrapper.', back: '', tags: [] },
        { id: 'sorted-set', type: 'predict-output', front: '```python\nprint(sorted({3, 1, 2}))\n```', back: '```text\n[1, 2, 3]\n```', tags: [] },
      ],
    });
  });

  it('ignores card and back markers inside code fences', () => {
    const { deck, problems } = parse('\n## c1\n\n```bash\n## not a card\n### Back\n```\n\n### Back\n\nanswer\n');
    expect(problems).toEqual([]);
    expect(deck!.cards).toHaveLength(1);
    expect(deck!.cards[0]!.front).toBe('```bash\n## not a card\n### Back\n```');
    expect(deck!.cards[0]!.back).toBe('answer');
  });

  it('accepts CRLF line endings and a byte-order mark', () => {
    const { deck, problems } = parseDeck('\uFEFF' + (header + '## a\n\nQ\n\n### Back\n\nA\n').replace(/\n/g, '\r\n'), 'crlf.md');
    expect(problems).toEqual([]);
    expect(deck!.cards[0]).toMatchObject({ front: 'Q', back: 'A' });
  });

  it('reports duplicate ids, missing answers and unknown types with their lines, and keeps the good cards', () => {
    const body = [
      '', //                         5
      '## a', //                     6
      '', //                         7
      'Q', //                        8
      '### Back', //                 9
      'A', //                        10
      '## a', //                     11
      '', //                         12
      'Q again', //                  13
      '### Back', //                 14
      'A', //                        15
      '## no-answer', //             16
      '', //                         17
      'Q', //                        18
      '## strange', //               19
      'type: flashy', //             20
      '', //                         21
      'Q', //                        22
      '### Back', //                 23
      'A', //                        24
    ].join('\n');
    const result = parse(body);
    expect(result.problems.map((p) => p.line)).toEqual([11, 16, 20]);
    expect(result.problems[0]!.message).toMatch(/duplicate card id 'a' \(first used on line 6\)/);
    expect(result.problems[1]!.message).toMatch(/no answer/);
    expect(result.problems[2]!.message).toMatch(/unknown card type 'flashy'/);
    expect(result.problems.every((p) => p.file === 'demo.md')).toBe(true);
    expect(result.deck!.cards.map((c) => c.id)).toEqual(['a']);
  });

  it('rejects a file without front matter, or with broken YAML, naming the line', () => {
    expect(parseDeck('## a\nQ\n', 'x.md')).toMatchObject({ deck: null, problems: [{ line: 1 }] });
    const broken = parseDeck('---\nid: x\ntitle: [unclosed\n---\n## a\nQ\n### Back\nA\n', 'x.md');
    expect(broken.deck).toBeNull();
    expect(broken.problems[0]!.line).toBeGreaterThanOrEqual(3);
    expect(parseDeck('---\nid: x\n', 'x.md').problems[0]!.message).toMatch(/never closed/);
    expect(problemLines('## a\nQ\n### Back\nA\n', '---\nid: x\ntitel: X\n---\n')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^3: unknown deck field 'titel'/), expect.stringMatching(/^1: the deck needs a 'title'/)]),
    );
    expect(problemLines('## a\nQ\n### Back\nA\n', '---\nid: bad id\ntitle: X\n---\n')[0]).toMatch(/^2: the deck needs an 'id'/);
  });

  it('checks the rules of each card type', () => {
    expect(problemLines('## c\ntype: cloze\n\nNo deletion here.\n')[0]).toMatch(/^5: cloze card 'c' has no deletion/);
    expect(problemLines('## c\ntype: cloze\n\nOpen {{c1::never closed\n')[0]).toMatch(/not closed/);
    expect(problemLines('## p\ntype: predict-output\n\nNo code\n\n### Back\n\n```text\n1\n```\n')[0]).toMatch(/exactly one ```python block/);
    expect(problemLines('## p\ntype: predict-output\n\n```python\nprint(1)\n```\n\n### Back\n\nIt prints one.\n')[0]).toMatch(/^12: .*```text block/);
  });

  it('reports an unclosed code fence, bad headings, unknown fields and text before the first card', () => {
    expect(problemLines('## a\n\nQ\n```python\nx = 1\n')).toEqual(expect.arrayContaining([expect.stringMatching(/^8: the code block opened here/)]));
    expect(problemLines('## Not An Id\n\nQ\n### Back\nA\n')[0]).toMatch(/^5: '## Not An Id' is not a card heading/);
    expect(problemLines('## a\ntpye: cloze\n\nQ\n### Back\nA\n')[0]).toMatch(/^6: unknown card field 'tpye'/);
    expect(problemLines('Intro text\n## a\n\nQ\n### Back\nA\n')[0]).toMatch(/^5: text before the first card/);
    expect(problemLines('\n')[0]).toMatch(/no cards/);
  });
});

describe('serializeDeck', () => {
  const deck: Deck = {
    id: 'round-trip',
    title: 'Round: trip "quoted" title',
    description: 'Line with # hash and: colon',
    tags: ['a', 'b/c'],
    cards: [
      { id: 'one', type: 'basic', front: 'type: not a field\n\n#### A heading\n\n- list', back: '```python\n## comment in code\nprint(1)\n```', tags: ['x'], source: 'gil' },
      { id: 'two', type: 'cloze', front: 'A {{c1::deletion::hint}} here', back: '', tags: [] },
      { id: 'three', type: 'predict-output', front: 'What prints?\n\n```python\nprint(2)\n```', back: '```text\n2\n```\n\nBecause.', tags: ['p', 'q'] },
    ],
  };

  it('round-trips: parse(serialize(deck)) gives the same deck', () => {
    const text = serializeDeck(deck);
    const parsed = parseDeck(text, 'rt.md');
    expect(parsed.problems).toEqual([]);
    expect(parsed.deck).toEqual(deck);
    expect(serializeDeck(parsed.deck!)).toBe(text);
  });
});

describe('cloze rendering', () => {
  it('hides deletions on the question and shows them on the answer, plain inside code', () => {
    const text = 'Use {{c1::wraps}} from `{{c2::functools}}`.\n\n```python\n@{{c1::wraps}}(fn)\n```';
    expect(findClozeDeletions(text).map((d) => d.answer)).toEqual(['wraps', 'functools', 'wraps']);
    expect(renderCloze(text, 'question')).toBe('Use [...] from `[...]`.\n\n```python\n@[...](fn)\n```');
    expect(renderCloze(text, 'answer')).toBe('Use **wraps** from `functools`.\n\n```python\n@wraps(fn)\n```');
    expect(renderCloze('The {{c1::GIL::a lock}}', 'question')).toBe('The [a lock]');
    expect(renderCloze('Call {{c1::`super().__init__()`}} first', 'question')).toBe('Call [...] first');
    expect(renderCloze('Call {{c1::`super().__init__()`}} first, then `x`', 'answer')).toBe('Call **`super().__init__()`** first, then `x`');
  });
});

describe('extractCodeBlocks', () => {
  it('finds fenced blocks with their language and line, including ~~~ and longer fences', () => {
    const blocks = extractCodeBlocks('text\n```Python title\na = 1\n```\n~~~~text\n```\n~~~~\n');
    expect(blocks).toEqual([
      { language: 'python', code: 'a = 1', line: 2 },
      { language: 'text', code: '```', line: 5 },
    ]);
  });
});
