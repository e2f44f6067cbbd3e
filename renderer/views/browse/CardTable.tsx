/**
 * The card table: a virtualised grid (only the rows on screen are in the DOM), one focus stop. Arrow keys, Page
 * Up/Down, Home and End move the selection; Shift extends it; Enter opens the selected card.
 */
import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { BrowseRow, CardStatus } from '../../../shared/search/card-rows';
import { plainFirstLine } from '../../../shared/search/plain-text';
import { formatDay } from './format';
import { isUnstudied } from '../../../shared/study/review';

const ROW_HEIGHT = 36;
const TYPE_LABELS: Record<BrowseRow['card']['type'], string> = { basic: 'Basic', cloze: 'Cloze', 'predict-output': 'Output' };
export const STATUS_LABELS: Record<CardStatus, string> = {
  new: 'New',
  learning: 'Learning',
  due: 'Due',
  review: 'Review',
  buried: 'Buried',
  suspended: 'Suspended',
};

interface CardTableProps {
  rows: readonly BrowseRow[];
  cursor: number;
  selected: ReadonlySet<string>;
  rolloverHour: number;
  onCursor(index: number, mode: 'only' | 'extend' | 'toggle'): void;
  onOpen(): void;
}

export function CardTable({ rows, cursor, selected, rolloverHour, onCursor, onOpen }: CardTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (cursor >= 0 && cursor < rows.length) virtualizer.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, rows.length, virtualizer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    const last = rows.length - 1;
    if (last < 0) return;
    let next: number | null = null;
    if (event.key in moves) next = Math.min(last, Math.max(0, (cursor < 0 ? -1 : cursor) + moves[event.key]!));
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = last;
    else if (event.key === 'Enter' && cursor >= 0) {
      event.preventDefault();
      onOpen();
      return;
    } else if (event.key === ' ' && cursor >= 0) {
      event.preventDefault();
      onCursor(cursor, 'toggle');
      return;
    }
    if (next === null) return;
    event.preventDefault();
    onCursor(next, event.shiftKey ? 'extend' : 'only');
  };

  const onRowClick = (index: number) => (event: MouseEvent) => {
    onCursor(index, event.shiftKey ? 'extend' : event.ctrlKey || event.metaKey ? 'toggle' : 'only');
    (event.currentTarget.closest('[role="grid"]') as HTMLElement | null)?.focus();
  };

  const activeRow = rows[cursor];
  return (
    <div
      className="browse-table"
      role="grid"
      aria-label="Cards"
      aria-rowcount={rows.length + 1}
      aria-multiselectable="true"
      tabIndex={0}
      aria-activedescendant={activeRow ? rowId(activeRow.key) : undefined}
      onKeyDown={onKeyDown}
      data-testid="card-table"
    >
      <div className="browse-table__head" role="rowgroup">
        <div className="browse-table__head-row" role="row" aria-rowindex={1}>
          {['Deck', 'Front', 'Type', 'Tags · topic', 'State', 'Due', 'Lapses'].map((label) => (
            <span key={label} role="columnheader" className={`browse-cell browse-cell--${label.split(' ')[0]!.toLowerCase()}`}>
              {label}
            </span>
          ))}
        </div>
      </div>
      <div ref={scroller} className="browse-table__body" role="rowgroup">
        {rows.length === 0 ? (
          <p className="browse-table__empty" role="row">
            <span role="gridcell">No cards match.</span>
          </p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              const isSelected = selected.has(row.key);
              return (
                <div
                  key={row.key}
                  id={rowId(row.key)}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={isSelected}
                  data-card-key={row.key}
                  className={`browse-row${isSelected ? ' browse-row--selected' : ''}${item.index === cursor ? ' browse-row--cursor' : ''}`}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  onClick={onRowClick(item.index)}
                  onDoubleClick={onOpen}
                >
                  <span role="gridcell" className="browse-cell browse-cell--deck" title={row.deckTitle}>
                    {row.deckTitle}
                  </span>
                  <span role="gridcell" className="browse-cell browse-cell--front">
                    {plainFirstLine(row.card.front) || row.card.id}
                  </span>
                  <span role="gridcell" className="browse-cell browse-cell--type">
                    {TYPE_LABELS[row.card.type]}
                  </span>
                  <span role="gridcell" className="browse-cell browse-cell--tags" title={[...row.card.tags, row.card.source].filter(Boolean).join(' · ')}>
                    {[...row.card.tags, ...(row.card.source ? [`§ ${row.card.source}`] : [])].join(' · ')}
                  </span>
                  <span role="gridcell" className="browse-cell browse-cell--state">
                    <span className={`browse-status browse-status--${row.status}`}>{STATUS_LABELS[row.status]}</span>
                    {row.leech && <span className="browse-status browse-status--leech">Leech</span>}
                  </span>
                  <span role="gridcell" className="browse-cell browse-cell--due">
                    {row.state && !isUnstudied(row.state) ? formatDay(row.state.due, rolloverHour, true) : '—'}
                  </span>
                  <span role="gridcell" className="browse-cell browse-cell--lapses">
                    {row.state?.lapses ?? 0}
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

export function rowId(key: string): string {
  return `browse-row-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
