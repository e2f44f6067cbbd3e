/** The browser's search client and its worker's logic, wired through a fake port: decks sync, stale answers are dropped. */
import { describe, expect, it } from 'vitest';
import type { Card } from '../../shared/deck/model';
import { SearchClient, type SearchWorkerPort } from '../../renderer/search/search-client';
import { SearchHost } from '../../renderer/search/search-host';
import { packDeck, unpackDeck } from '../../renderer/search/deck-payload';
import type { SearchWorkerRequest, SearchWorkerResponse } from '../../renderer/search/protocol';

function card(id: string, front: string, back = ''): Card {
  return { id, type: 'basic', front, back, tags: [] };
}

const python = { id: 'python', cards: [card('gil', 'What does the GIL serialise?', 'Python bytecode, one thread at a time.'), card('wraps', 'functools.wraps keeps __name__')] };
const django = { id: 'django', cards: [card('orm', 'What does select_related do?', 'A SQL join.')] };

/**
 * A worker in the test's hands: requests reach the host when `deliverRequests` runs, the host's steps run when
 * `runSteps` does, and its answers reach the client when `deliverResponses` does, in any order the test picks.
 */
function harness() {
  const requests: SearchWorkerRequest[] = [];
  const responses: SearchWorkerResponse[] = [];
  const steps: (() => void)[] = [];
  const sentDecks: string[] = [];
  const port: SearchWorkerPort = {
    postMessage: (request) => {
      if (request.kind === 'deck') sentDecks.push(request.unit);
      requests.push(request);
    },
    onmessage: null,
    onerror: null,
  };
  const host = new SearchHost({ post: (response) => responses.push(response), schedule: (step) => steps.push(step) });
  const deferred: (() => void)[] = [];
  const client = new SearchClient(port, (send) => {
    deferred.push(send);
    return setTimeout(() => undefined, 0);
  });
  const deliverRequests = () => {
    while (deferred.length > 0) deferred.shift()!();
    while (requests.length > 0) host.receive(requests.shift()!);
  };
  const runSteps = () => {
    while (steps.length > 0) steps.shift()!();
  };
  const deliverResponses = (pick: (all: SearchWorkerResponse[]) => SearchWorkerResponse[] = (all) => all) => {
    const chosen = pick([...responses]);
    responses.length = 0;
    for (const response of chosen) port.onmessage?.({ data: response });
  };
  const settle = () => {
    for (let round = 0; round < 20 && (requests.length > 0 || steps.length > 0 || responses.length > 0 || deferred.length > 0); round++) {
      deliverRequests();
      runSteps();
      deliverResponses();
    }
  };
  return { client, host, port, responses, sentDecks, deliverRequests, runSteps, deliverResponses, settle };
}

describe('search client and worker', () => {
  it('indexes the listed decks, reports progress, and answers with positions in the list', async () => {
    const { client, settle } = harness();
    const statuses: string[] = [];
    client.subscribe((status) => statuses.push(`${status.indexed}/${status.total}`));
    client.setDecks([python, django]);
    expect(client.current.total).toBe(3);
    settle();
    expect(client.current).toMatchObject({ indexed: 3, total: 3, failed: null });
    expect(statuses).toContain('0/3');

    const answer = client.search('join');
    settle();
    expect((await answer)?.ordinals).toEqual(new Int32Array([2]));
    const both = client.search('what does');
    settle();
    expect([...(await both)!.ordinals].sort()).toEqual([0, 2]);
  });

  it('drops the answer to an older keystroke, even when it arrives after the newer one', async () => {
    const { client, settle, deliverRequests, runSteps, deliverResponses } = harness();
    client.setDecks([python, django]);
    settle();

    // Both searches reach the worker before it runs: it answers only the latest (the older one waited in vain).
    const first = client.search('byt');
    const second = client.search('bytecode');
    expect(await first).toBeNull();
    deliverRequests();
    runSteps();
    deliverResponses();
    expect((await second)?.ordinals).toEqual(new Int32Array([0]));

    // The worker answers both, and the older answer arrives last: it is ignored.
    const third = client.search('sel');
    deliverRequests();
    runSteps();
    const fourth = client.search('functools');
    deliverRequests();
    runSteps();
    deliverResponses((all) => [...all].reverse());
    expect(await third).toBeNull();
    expect((await fourth)?.ordinals).toEqual(new Int32Array([1]));
  });

  it('sends a deck again only when its cards changed, and searches cover the new cards', async () => {
    const { client, settle, sentDecks } = harness();
    client.setDecks([python, django]);
    settle();
    expect(sentDecks).toEqual(['python', 'django']);

    // An import replaced the Django deck (a new cards array) and removed nothing else: only Django is sent.
    const importedDjango = { id: 'django', cards: [...django.cards, card('prefetch', 'When is prefetch_related the right tool?')] };
    client.setDecks([python, importedDjango]);
    settle();
    expect(sentDecks).toEqual(['python', 'django', 'django']);
    expect(client.current).toMatchObject({ indexed: 4, total: 4 });
    const answer = client.search('prefetch');
    settle();
    expect((await answer)?.ordinals).toEqual(new Int32Array([3]));

    // The Python deck removed: positions shift, its cards are no longer found.
    client.setDecks([importedDjango]);
    settle();
    const gone = client.search('bytecode');
    settle();
    expect((await gone)?.ordinals).toEqual(new Int32Array([]));
    const moved = client.search('prefetch');
    settle();
    expect((await moved)?.ordinals).toEqual(new Int32Array([1]));
  });

  it('answers searches while a large deck is still being indexed, and shows how far it got', async () => {
    let clock = 0;
    const responses: SearchWorkerResponse[] = [];
    const steps: (() => void)[] = [];
    // Each look at this clock moves it a millisecond, so a slice of indexing stops after a few hundred cards.
    const host = new SearchHost({ post: (response) => responses.push(response), schedule: (step) => steps.push(step), now: () => (clock += 1) });
    const big = Array.from({ length: 2_000 }, (_, index) => card(`c${index}`, `Card ${index} about decorators`));
    host.receive({ kind: 'order', generation: 1, units: [{ unit: 'small', cards: 1 }, { unit: 'big', cards: big.length }] });
    host.receive({ kind: 'deck', unit: 'small', cards: 1, packed: packDeck([card('one', 'bytecode')]) });
    host.receive({ kind: 'deck', unit: 'big', cards: big.length, packed: packDeck(big) });
    steps.shift()!(); // the small deck
    steps.shift()!(); // a first slice of the big one
    expect(host.progress().indexed).toBeGreaterThan(1);
    expect(host.progress().indexed).toBeLessThan(2_001);
    host.receive({ kind: 'search', id: 1, query: 'bytecode' });
    steps.shift()!(); // the search goes before the next slice
    const hits = responses.find((response) => response.kind === 'hits');
    expect(hits).toMatchObject({ kind: 'hits', id: 1, ordinals: new Int32Array([0]) });
    while (steps.length > 0) steps.shift()!();
    expect(host.progress()).toEqual({ generation: 1, indexed: 2_001, total: 2_001 });
  });

  it('packs a deck for the worker and unpacks the same searchable text, whatever the cards hold', () => {
    const cards: Card[] = [
      { ...card('a', 'Front with\u001ea separator', 'Back\u001f'), tags: ['python/gil', 'threads'], source: 'topic' },
      card('empty', '', ''),
      card('b', 'Last', 'one'),
    ];
    expect(unpackDeck(packDeck(cards), cards.length)).toEqual([
      { front: 'Front with a separator', back: 'Back ', tags: ['python/gil', 'threads', 'topic'] },
      { front: '', back: '', tags: [] },
      { front: 'Last', back: 'one', tags: [] },
    ]);
    expect(unpackDeck(packDeck([]), 0)).toEqual([]);
    expect(unpackDeck(packDeck([card('only', '', '')]), 1)).toEqual([{ front: '', back: '', tags: [] }]);
  });

  it('reports a worker that fails, and answers no more searches', async () => {
    const { client, port } = harness();
    client.setDecks([python]);
    const waiting = client.search('gil');
    port.onerror?.({ message: 'out of memory' });
    expect(await waiting).toBeNull();
    expect(client.current.failed).toBe('the search worker failed: out of memory');
    expect(await client.search('gil')).toBeNull();
  });
});
