/**
 * Importing decks: choose or drop files, see what they hold (decks, card counts, what changes in decks already
 * here, a few rendered cards, every problem with its line or row), then confirm or cancel. Nothing is stored
 * before the user confirms; long imports show progress and can be cancelled.
 */
import { useEffect, useRef, useState } from 'react';
import type { Deck, DeckProblem } from '../../shared/deck/model';
import { renderCloze } from '../../shared/deck/cloze';
import { ACCEPTED_EXTENSIONS, FORMAT_LABELS, createImportRunner, type ImportFormat, type ImportRunner } from '../import-runtime';
import { combineDecks, compareDecks, type ConflictChoice, type DeckChanges } from '../../shared/import/merge';
import type { ImportedMedia, ImportedSchedule } from '../../shared/import/model';
import type { MediaFile } from '../../shared/api';
import { CardMarkdown } from '../components/CardMarkdown';
import { ProblemList } from '../components/ProblemList';
import { importSchedules } from '../db/import-history';
import { plural } from '../format';
import { usePlatform } from '../platform/context';
import { useAppState, useServices } from '../store/context';

interface PreviewDeck {
  deck: Deck;
  file: string;
  format: ImportFormat | null;
  include: boolean;
  existing: Deck | undefined;
  existingIsBundled: boolean;
  changes: DeckChanges;
  choice: ConflictChoice;
  /** Study guides: sections (first tag) the user can leave out. */
  droppedSections: Set<string>;
}

interface Preview {
  decks: PreviewDeck[];
  problems: DeckProblem[];
  media: ImportedMedia[];
  schedules: ImportedSchedule[];
}

type Phase = { name: 'choose' } | { name: 'reading'; file: string; fraction: number; startedAt: number } | { name: 'preview'; preview: Preview } | { name: 'saving' };

const SHOW_PROGRESS_AFTER_MS = 1000;

/** Measures the benchmark reads (npm run bench): file chosen → preview shown, Confirm → decks stored and shown. */
export const IMPORT_MEASURES = { parse: 'recall:import-parse', store: 'recall:import-store' } as const;

/** Measures from `startedAt` to the frame after the next paint. */
function measureAfterPaint(name: string, startedAt: number): void {
  requestAnimationFrame(() => setTimeout(() => performance.measure(name, { start: startedAt }), 0));
}

function sectionOf(tags: string[]): string {
  return tags[0]?.split('/').slice(0, 2).join('/') ?? '(no section)';
}

function mediaFor(deck: Deck, media: ImportedMedia[]): MediaFile[] {
  // Most imports bring no files; joining 100,000 cards' text to look for none would cost a good part of a second.
  if (media.length === 0) return [];
  const text = deck.cards.map((card) => `${card.front}\n${card.back}`).join('\n');
  return media.filter((file) => text.includes(`recall-media:${encodeURIComponent(file.name)}`) || text.includes(`recall-media:${file.name}`)).map((file) => ({ ...file, deckId: deck.id }));
}

export function ImportDialog({ initialFiles, onClose }: { initialFiles: File[]; onClose: () => void }) {
  const api = usePlatform();
  const { db, clock, store } = useServices();
  const decksHere = useAppState((state) => state.decks);
  const settings = useAppState((state) => state.settings);
  const loadDecks = useAppState((state) => state.loadDecks);
  const [phase, setPhase] = useState<Phase>({ name: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [bringSchedules, setBringSchedules] = useState(true);
  const [now, setNow] = useState(() => Date.now());
  const abort = useRef<AbortController | null>(null);
  const runner = useRef<ImportRunner | null>(null);
  const parseStartedAt = useRef<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  // The import worker (started with the first large file) ends with the dialog.
  useEffect(() => {
    runner.current = createImportRunner();
    return () => {
      runner.current?.dispose();
      runner.current = null;
    };
  }, []);

  useEffect(() => {
    if (phase.name !== 'preview' || parseStartedAt.current === null) return;
    measureAfterPaint(IMPORT_MEASURES.parse, parseStartedAt.current);
    parseStartedAt.current = null;
  }, [phase.name]);

  useEffect(() => {
    if (initialFiles.length > 0) void readFiles(initialFiles);
    else fileInput.current?.focus();
    // Files handed in on open are read once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (phase.name !== 'reading') return;
    const timer = window.setInterval(() => setNow(Date.now()), 200);
    return () => window.clearInterval(timer);
  }, [phase.name]);

  async function readFiles(files: File[]) {
    parseStartedAt.current = performance.now();
    setError(null);
    const controller = new AbortController();
    abort.current = controller;
    const preview: Preview = { decks: [], problems: [], media: [], schedules: [] };
    for (const file of files) {
      const startedAt = Date.now();
      setPhase({ name: 'reading', file: file.name, fraction: 0, startedAt });
      const bytes = new Uint8Array(await file.arrayBuffer());
      runner.current ??= createImportRunner();
      const result = await runner.current.importFile(
        { name: file.name, bytes },
        { signal: controller.signal, onProgress: (fraction) => setPhase({ name: 'reading', file: file.name, fraction, startedAt }) },
      );
      if (controller.signal.aborted) {
        setPhase({ name: 'choose' });
        setError('Import cancelled. Nothing was changed.');
        return;
      }
      preview.problems.push(...result.problems);
      preview.media.push(...result.media);
      preview.schedules.push(...result.schedules);
      const decksById = new Map(decksHere.map((loaded) => [loaded.deck.id, loaded]));
      for (const deck of result.decks) {
        const here = decksById.get(deck.id);
        // A deck already here is compared and merged card by card: read its cards.
        let existing: Deck | undefined;
        try {
          existing = here ? (await store.getState().loadFullDecks([here.deck.id]))[0] : undefined;
        } catch (failure) {
          setPhase({ name: 'choose' });
          setError(`The deck '${here?.deck.title}' already here could not be read to compare it with ${file.name} (${(failure as Error).message}). Nothing was changed.`);
          return;
        }
        preview.decks.push({
          deck,
          file: file.name,
          format: result.format,
          include: deck.cards.length > 0,
          existing,
          existingIsBundled: here?.origin === 'bundled',
          changes: compareDecks(existing, deck),
          choice: here?.origin === 'bundled' ? 'copy' : 'replace',
          droppedSections: new Set(),
        });
      }
    }
    setPhase({ name: 'preview', preview });
  }

  function update(index: number, change: Partial<PreviewDeck>) {
    if (phase.name !== 'preview') return;
    const decks = phase.preview.decks.map((entry, i) => (i === index ? { ...entry, ...change } : entry));
    setPhase({ name: 'preview', preview: { ...phase.preview, decks } });
  }

  async function confirm(preview: Preview) {
    const startedAt = performance.now();
    setPhase({ name: 'saving' });
    try {
      const taken = new Set(decksHere.map((loaded) => loaded.deck.id));
      const finalDecks: Deck[] = [];
      const renamed = new Map<string, string>();
      for (const entry of preview.decks.filter((candidate) => candidate.include)) {
        const kept = entry.droppedSections.size === 0 ? entry.deck : { ...entry.deck, cards: entry.deck.cards.filter((card) => !entry.droppedSections.has(sectionOf(card.tags))) };
        const deck = entry.existing ? combineDecks(entry.existing, kept, entry.choice, taken) : kept;
        taken.add(deck.id);
        if (deck.id !== entry.deck.id) renamed.set(entry.deck.id, deck.id);
        finalDecks.push(deck);
      }
      const media = finalDecks.flatMap((deck) => mediaFor(deck, preview.media));
      await api.saveUserDecks({ decks: finalDecks, media });
      let summary = '';
      if (bringSchedules && preview.schedules.length > 0) {
        const included = new Set(preview.decks.filter((entry) => entry.include).map((entry) => entry.deck.id));
        const schedules = preview.schedules.filter((schedule) => included.has(schedule.deckId)).map((schedule) => ({ ...schedule, deckId: renamed.get(schedule.deckId) ?? schedule.deckId }));
        const result = await importSchedules(db, schedules, { now: clock.now(), rolloverHour: settings.rolloverHour });
        summary = ` and the scheduling of ${plural(result.cards, 'card')}${result.skipped > 0 ? ` (${result.skipped} already studied here were left as they are)` : ''}`;
      }
      if (api.platform === 'web') store.getState().showSavedUserDecks(finalDecks);
      else await loadDecks();
      onClose();
      measureAfterPaint(IMPORT_MEASURES.store, startedAt);
      store.setState({ notice: { tone: 'info', text: `Imported ${plural(finalDecks.reduce((sum, deck) => sum + deck.cards.length, 0), 'card')} in ${plural(finalDecks.length, 'deck')}${summary}.` } });
    } catch (failure) {
      setPhase({ name: 'preview', preview });
      setError(`The decks could not be saved (${(failure as Error).message}). Nothing was changed.`);
    }
  }

  const reading = phase.name === 'reading' ? phase : null;
  return (
    <div className="modal-backdrop" role="presentation" onKeyDown={(event) => event.key === 'Escape' && phase.name !== 'saving' && (abort.current?.abort(), onClose())}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="import-title" ref={dialog} data-testid="import-dialog">
        <header className="modal__header">
          <h2 id="import-title">Import decks</h2>
          <button type="button" className="button button--small" onClick={() => (abort.current?.abort(), onClose())} disabled={phase.name === 'saving'}>
            Close
          </button>
        </header>

        {error && (
          <p className="save-error" role="alert">
            {error}
          </p>
        )}

        {phase.name === 'choose' && (
          <div className="drop-zone">
            <p>Drop files here, or choose them. Recall reads Anki packages (.apkg, .colpkg), CSV and TSV exports, Obsidian and Logseq flashcard notes, Markdown study guides and its own deck files.</p>
            <input
              ref={fileInput}
              type="file"
              multiple
              accept={ACCEPTED_EXTENSIONS.join(',')}
              aria-label="Choose files to import"
              data-testid="import-input"
              onChange={(event) => {
                const files = [...(event.target.files ?? [])];
                if (files.length > 0) void readFiles(files);
              }}
            />
          </div>
        )}

        {reading && (
          <div className="import-progress" aria-live="polite">
            <p>Reading {reading.file}…</p>
            {now - reading.startedAt > SHOW_PROGRESS_AFTER_MS && (
              <>
                <progress max={1} value={reading.fraction} aria-label={`Reading ${reading.file}`} />
                <button type="button" className="button button--small" onClick={() => abort.current?.abort()}>
                  Cancel
                </button>
              </>
            )}
          </div>
        )}

        {phase.name === 'preview' && (
          <PreviewView
            preview={phase.preview}
            onChange={update}
            bringSchedules={bringSchedules}
            onBringSchedules={setBringSchedules}
            onConfirm={() => void confirm(phase.preview)}
            onCancel={onClose}
          />
        )}

        {phase.name === 'saving' && <p aria-live="polite">Saving…</p>}
      </div>
    </div>
  );
}

function PreviewView({
  preview,
  onChange,
  bringSchedules,
  onBringSchedules,
  onConfirm,
  onCancel,
}: {
  preview: Preview;
  onChange: (index: number, change: Partial<PreviewDeck>) => void;
  bringSchedules: boolean;
  onBringSchedules: (value: boolean) => void;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const chosen = preview.decks.filter((entry) => entry.include);
  const cardCount = chosen.reduce(
    (sum, entry) => sum + (entry.droppedSections.size === 0 ? entry.deck.cards.length : entry.deck.cards.filter((card) => !entry.droppedSections.has(sectionOf(card.tags))).length),
    0,
  );
  return (
    <div className="import-preview" data-testid="import-preview">
      {preview.decks.length === 0 && <p className="empty-note">No cards could be read from these files.</p>}
      {preview.decks.map((entry, index) => (
        <article className="import-deck" key={`${entry.file}:${entry.deck.id}:${index}`} data-testid="import-deck">
          <label className="import-deck__title">
            <input type="checkbox" checked={entry.include} onChange={(event) => onChange(index, { include: event.target.checked })} />
            <strong>{entry.deck.title}</strong>
            <span className="import-deck__meta">
              {plural(entry.deck.cards.length, 'card')} · {entry.format ? FORMAT_LABELS[entry.format] : ''} · {entry.file}
            </span>
          </label>
          {entry.existing && (
            <div className="import-deck__conflict">
              <p data-testid="import-changes">
                A deck with this id is already here{entry.existingIsBundled ? ' (bundled)' : ''}: {entry.changes.added} new, {entry.changes.changed} changed, {entry.changes.unchanged} unchanged,{' '}
                {entry.changes.gone} no longer in the file.
              </p>
              <label>
                <select value={entry.choice} onChange={(event) => onChange(index, { choice: event.target.value as ConflictChoice })} aria-label={`How to import ${entry.deck.title}`}>
                  {!entry.existingIsBundled && <option value="replace">Replace the deck (history stays with unchanged ids)</option>}
                  {!entry.existingIsBundled && <option value="merge">Merge: add and update cards, keep the rest</option>}
                  <option value="copy">Import as a separate copy</option>
                </select>
              </label>
            </div>
          )}
          {entry.format === 'study-guide' && <SectionPicker entry={entry} onChange={(dropped) => onChange(index, { droppedSections: dropped })} />}
          <div className="import-deck__samples">
            {entry.deck.cards.slice(0, 3).map((card) => (
              <div className="sample-card" key={card.id}>
                <CardMarkdown markdown={card.type === 'cloze' ? renderCloze(card.front, 'answer') : card.front} />
              </div>
            ))}
          </div>
        </article>
      ))}
      {preview.problems.length > 0 && <ProblemList problems={preview.problems} />}
      {preview.schedules.length > 0 && (
        <label className="import-schedules">
          <input type="checkbox" checked={bringSchedules} onChange={(event) => onBringSchedules(event.target.checked)} />
          Bring the scheduling and review history of {plural(preview.schedules.length, 'card')} along, so due dates continue where they were
        </label>
      )}
      <div className="modal__actions">
        <button type="button" className="button button--primary" onClick={onConfirm} disabled={cardCount === 0} data-testid="import-confirm">
          Import {plural(cardCount, 'card')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function SectionPicker({ entry, onChange }: { entry: PreviewDeck; onChange: (dropped: Set<string>) => void }) {
  const counts = new Map<string, number>();
  for (const card of entry.deck.cards) counts.set(sectionOf(card.tags), (counts.get(sectionOf(card.tags)) ?? 0) + 1);
  return (
    <details className="section-picker">
      <summary>Sections ({counts.size}): untick the ones to leave out</summary>
      <ul>
        {[...counts].map(([section, count]) => (
          <li key={section}>
            <label>
              <input
                type="checkbox"
                checked={!entry.droppedSections.has(section)}
                onChange={(event) => {
                  const dropped = new Set(entry.droppedSections);
                  if (event.target.checked) dropped.delete(section);
                  else dropped.add(section);
                  onChange(dropped);
                }}
              />
              {section} <span className="import-deck__meta">({plural(count, 'card')})</span>
            </label>
          </li>
        ))}
      </ul>
    </details>
  );
}
