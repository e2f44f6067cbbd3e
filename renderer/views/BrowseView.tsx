/** The card browser: every card of every deck, searchable and filterable, with each card's history and actions. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useAppState, useServices } from '../store/context';
import { buildBrowseRows, CARD_STATUSES, facetsOf, hitRows, NO_FILTER, rowsByOrdinal, selectRows, type BrowseFilter, type BrowseRow } from '../../shared/search/card-rows';
import { studyDayOf } from '../../shared/study/day';
import { applyCardAction } from '../../shared/study/review';
import type { CardActionKind, CardState } from '../../shared/study/model';
import { applyCardActions } from '../db/card-actions';
import { plural } from '../format';
import { CardTable, STATUS_LABELS } from './browse/CardTable';
import { CardDetail } from './browse/CardDetail';
import { useCardSearch } from './browse/useCardSearch';
import { useFullDecks } from '../hooks/useFullDecks';
import type { Deck } from '../../shared/deck/model';

const NO_DECKS: Deck[] = [];

const ACTIONS: { action: CardActionKind; label: string }[] = [
  { action: 'suspend', label: 'Suspend' },
  { action: 'unsuspend', label: 'Unsuspend' },
  { action: 'bury', label: 'Bury until tomorrow' },
  { action: 'reset', label: 'Reset progress' },
];

export function BrowseView() {
  const { db, clock } = useServices();
  const decks = useAppState((state) => state.decks);
  const status = useAppState((state) => state.decksStatus);
  const rolloverHour = useAppState((state) => state.settings.rolloverHour);
  const today = studyDayOf(clock.now(), rolloverHour);

  const states = useLiveQuery(async () => new Map((await db.cardStates.toArray()).map((state): [string, CardState] => [state.cardKey, state])), [db]);
  // Browse shows and searches every card's text: read the decks' cards (once; the store keeps them).
  const reading = useFullDecks(decks);
  const deckList = reading.decks ?? NO_DECKS;
  const rows = useMemo(() => buildBrowseRows(deckList, states ?? new Map(), today), [deckList, states, today]);
  const byOrdinal = useMemo(() => rowsByOrdinal(rows), [rows]);
  const facets = useMemo(() => facetsOf(rows), [rows]);

  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<BrowseFilter>(NO_FILTER);
  // The index lives in a worker (renderer/search): a keystroke posts the query and its hits come back as positions.
  const search = useCardSearch(deckList, query);
  const hits = useMemo(() => (search.ordinals ? hitRows(search.ordinals, byOrdinal) : null), [search.ordinals, byOrdinal]);
  const shown = useMemo(() => selectRows(rows, filter, hits), [rows, filter, hits]);
  const indexing = search.status.failed === null && search.status.indexed < search.status.total;

  const [cursorKey, setCursorKey] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const cursor = cursorKey === null ? -1 : shown.findIndex((row) => row.key === cursorKey);
  const current = cursor >= 0 ? shown[cursor] : undefined;
  // Only what is on screen can be acted on: a selection hidden by a new search or filter is dropped. (Marked by
  // ordinal in a typed array: a Set of 100,000 keys per keystroke would cost more than the search.)
  const rowByKey = useMemo(() => new Map(rows.map((row) => [row.key, row])), [rows]);
  const targets = useMemo(() => {
    if (selected.size === 0) return [];
    const isShown = new Uint8Array(byOrdinal.length);
    for (const row of shown) isShown[row.ordinal] = 1;
    return [...selected].map((key) => rowByKey.get(key)).filter((row): row is BrowseRow => row !== undefined && isShown[row.ordinal] === 1);
  }, [selected, shown, rowByKey, byOrdinal]);

  const searchBox = useRef<HTMLInputElement>(null);
  const detail = useRef<HTMLElement>(null);

  const moveCursor = useCallback(
    (index: number, mode: 'only' | 'extend' | 'toggle') => {
      const row = shown[index];
      if (!row) return;
      setCursorKey(row.key);
      if (mode === 'only') {
        setSelected(new Set([row.key]));
        setAnchor(row.key);
      } else if (mode === 'toggle') {
        setSelected((previous) => {
          const next = new Set(previous);
          if (next.has(row.key)) next.delete(row.key);
          else next.add(row.key);
          return next;
        });
        setAnchor(row.key);
      } else {
        const from = Math.max(0, shown.findIndex((candidate) => candidate.key === anchor));
        const [low, high] = from <= index ? [from, index] : [index, from];
        setSelected(new Set(shown.slice(low, high + 1).map((candidate) => candidate.key)));
      }
    },
    [shown, anchor],
  );

  // "/" focuses the search box from anywhere on the screen except a text field.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
      event.preventDefault();
      searchBox.current?.focus();
      searchBox.current?.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const act = async (action: CardActionKind) => {
    if (targets.length === 0 || busy) return;
    if (action === 'reset' && !window.confirm(`Reset the progress of ${plural(targets.length, 'card')}? They become new cards; their past reviews stay in the history.`)) return;
    setBusy(true);
    setMessage(null);
    try {
      const now = clock.now();
      const changed = await applyCardActions(db, {
        action,
        cards: targets.map((row) => ({ deckId: row.deckId, cardId: row.card.id })),
        reviewedAt: now,
        day: studyDayOf(now, rolloverHour),
      });
      const label = ACTIONS.find((entry) => entry.action === action)!.label;
      setMessage({
        tone: 'info',
        text: changed === 0 ? `${label}: nothing to change.` : `${label}: ${plural(changed, 'card')} changed.`,
      });
    } catch (error) {
      setMessage({ tone: 'error', text: `The change could not be saved (${(error as Error).message}). Nothing was recorded.` });
    } finally {
      setBusy(false);
    }
  };

  const setFilterField = <K extends keyof BrowseFilter>(field: K, value: string) =>
    setFilter((previous) => ({ ...previous, [field]: value === '' ? null : value }));

  if (status === 'loading' && decks.length === 0) return <p className="status-line">Loading decks…</p>;
  if (!reading.decks) {
    return (
      <p className="status-line" role="status" data-testid="browse-reading">
        {reading.error ? `The cards could not be read (${reading.error}). Open Browse again to retry.` : `Reading the cards… ${reading.read} of ${plural(reading.total, 'deck')}`}
      </p>
    );
  }

  // An action is offered when it would change at least one selected card (as applyCardActions decides).
  const canAct = (action: CardActionKind) => targets.some((row) => applyCardAction(row.state, action, { deckId: row.deckId, cardId: row.card.id, day: today }) !== undefined);

  return (
    <div className="browse-view">
      <div className="browse-main">
        <header className="browse-toolbar">
          <h1 className="browse-toolbar__title">Browse</h1>
          <label className="browse-search">
            <span className="browse-visually-hidden">Search cards</span>
            <input
              ref={searchBox}
              type="search"
              placeholder="Search fronts, backs and tags  ( / )"
              value={query}
              onChange={(event) => {
                search.noteKeystroke(event.target.value, event.timeStamp);
                setQuery(event.target.value);
              }}
              onKeyDown={(event) => {
                if (event.key === 'ArrowDown' || event.key === 'Enter') {
                  event.preventDefault();
                  if (shown.length > 0) moveCursor(Math.max(0, cursor), 'only');
                  document.querySelector<HTMLElement>('[data-testid="card-table"]')?.focus();
                } else if (event.key === 'Escape' && query) {
                  event.preventDefault();
                  setQuery('');
                }
              }}
              data-testid="browse-search"
            />
          </label>
          <p className="browse-toolbar__count" role="status" data-testid="browse-count">
            {shown.length === rows.length ? plural(rows.length, 'card') : `${shown.length} of ${plural(rows.length, 'card')}`}
          </p>
          {indexing && (
            // Not a live region: it changes several times a second while a large collection is indexed.
            <p className="browse-toolbar__count" data-testid="browse-indexing">
              Indexing {search.status.indexed.toLocaleString()} of {plural(search.status.total, 'card')}…
            </p>
          )}
          {search.status.failed && (
            <p className="browse-toolbar__count" role="alert" data-testid="browse-search-failed">
              Search is unavailable ({search.status.failed}); the filters still work.
            </p>
          )}
        </header>
        <div className="browse-filters" role="group" aria-label="Filters">
          <FilterSelect label="Deck" value={filter.deckId} onChange={(value) => setFilterField('deckId', value)} options={deckList.map((deck) => [deck.id, deck.title])} />
          <FilterSelect label="Tag" value={filter.tag} onChange={(value) => setFilterField('tag', value)} options={facets.tags.map((tag) => [tag, tag])} />
          <FilterSelect label="Topic" value={filter.topic} onChange={(value) => setFilterField('topic', value)} options={facets.topics.map((topic) => [topic, topic])} />
          <FilterSelect
            label="State"
            value={filter.status}
            onChange={(value) => setFilterField('status', value)}
            options={[...CARD_STATUSES.map((value): [string, string] => [value, STATUS_LABELS[value]]), ['leech', 'Leech (8+ lapses)']]}
          />
          {(filter.deckId ?? filter.tag ?? filter.topic ?? filter.status) !== null && (
            <button type="button" className="button button--small button--ghost" onClick={() => setFilter(NO_FILTER)}>
              Clear filters
            </button>
          )}
        </div>
        <div className="browse-actions" role="toolbar" aria-label="Actions on the selected cards">
          <span className="browse-actions__count" data-testid="browse-selection">
            {targets.length === 0 ? 'No card selected' : `${plural(targets.length, 'card')} selected`}
          </span>
          {ACTIONS.map(({ action, label }) => (
            <button key={action} type="button" className="button button--small" disabled={busy || !canAct(action)} onClick={() => void act(action)} data-testid={`action-${action}`}>
              {label}
            </button>
          ))}
        </div>
        {message && (
          <p className={message.tone === 'error' ? 'save-error browse-message' : 'info-note browse-message'} role={message.tone === 'error' ? 'alert' : 'status'} data-testid="browse-message">
            {message.text}
          </p>
        )}
        <CardTable
          rows={shown}
          cursor={cursor}
          selected={selected}
          rolloverHour={rolloverHour}
          onCursor={moveCursor}
          onOpen={() => detail.current?.focus()}
        />
        <p className="browse-hint">
          <kbd>/</kbd> search · <kbd>↑</kbd>
          <kbd>↓</kbd> move · <kbd>Shift</kbd> extend · <kbd>Space</kbd> add to selection · <kbd>Enter</kbd> open
        </p>
      </div>
      <aside className="browse-side" aria-label="Selected card">
        {current ? <CardDetail ref={detail} row={current} rolloverHour={rolloverHour} /> : <p className="browse-detail__none">Select a card to see it and its history.</p>}
      </aside>
    </div>
  );
}

function FilterSelect({ label, value, options, onChange }: { label: string; value: string | null; options: [string, string][]; onChange(value: string): void }) {
  return (
    <label className="browse-filter">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(event) => onChange(event.target.value)}>
        <option value="">All</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </label>
  );
}
