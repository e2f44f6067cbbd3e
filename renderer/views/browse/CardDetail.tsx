/** The selected card, rendered as on the answer side, with its whole history and the actions on the selection. */
import { forwardRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { CardMarkdown } from '../../components/CardMarkdown';
import { renderCloze } from '../../../shared/deck/cloze';
import { isCardAction, type ReviewRow } from '../../../shared/study/model';
import { isUnstudied, LEECH_LAPSES } from '../../../shared/study/review';
import { formatInterval } from '../../../shared/study/grades';
import type { BrowseRow } from '../../../shared/search/card-rows';
import { useServices } from '../../store/context';
import { STATUS_LABELS } from './CardTable';
import { formatDay, formatTimestamp, gradeLabel } from './format';

const KIND_LABELS: Record<ReviewRow['kind'], string> = {
  scheduled: 'Review',
  repeat: 'Same-day repeat',
  imported: 'Imported',
  cram: 'Cram (schedule unchanged)',
  suspend: 'Suspended',
  unsuspend: 'Unsuspended',
  bury: 'Buried until tomorrow',
  reset: 'Progress reset',
};

interface CardDetailProps {
  row: BrowseRow;
  rolloverHour: number;
}

export const CardDetail = forwardRef<HTMLElement, CardDetailProps>(function CardDetail({ row, rolloverHour }, ref) {
  const { db } = useServices();
  const history = useLiveQuery(
    async () => (await db.reviews.where('cardKey').equals(row.key).toArray()).sort((a, b) => a.reviewedAt - b.reviewedAt || (a.id ?? 0) - (b.id ?? 0)),
    [db, row.key],
  );
  const { card, state } = row;
  const front = card.type === 'cloze' ? renderCloze(card.front, 'answer') : card.front;
  return (
    <article ref={ref} tabIndex={-1} className="browse-detail" aria-labelledby="browse-detail-title" data-testid="card-detail" data-card-key={row.key}>
      <h2 id="browse-detail-title" className="browse-detail__title">
        {row.deckTitle} · <span className="browse-detail__id">{card.id}</span>
      </h2>
      <p className="browse-detail__meta">
        <span className={`browse-status browse-status--${row.status}`}>{STATUS_LABELS[row.status]}</span>
        {row.leech && (
          <span className="browse-status browse-status--leech" title={`Forgotten ${LEECH_LAPSES} or more times: suspended until you rewrite or unsuspend it`}>
            Leech
          </span>
        )}
        {card.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
        {card.source && <span className="tag">§ {card.source}</span>}
      </p>
      {state && !isUnstudied(state) && (
        <dl className="browse-detail__facts">
          <div>
            <dt>Due</dt>
            <dd>{formatDay(state.due, rolloverHour)}</dd>
          </div>
          <div>
            <dt>Interval</dt>
            <dd>{formatInterval(state.interval)}</dd>
          </div>
          <div>
            <dt>Ease</dt>
            <dd>{state.easiness.toFixed(2)}</dd>
          </div>
          <div>
            <dt>Lapses</dt>
            <dd>{state.lapses}</dd>
          </div>
          <div>
            <dt>Reviews</dt>
            <dd>{state.reviewCount}</dd>
          </div>
        </dl>
      )}
      <section className="browse-detail__card" aria-label="Card">
        <CardMarkdown markdown={front} deckId={row.deckId} />
        {card.back && (
          <div className="browse-detail__back">
            <CardMarkdown markdown={card.back} deckId={row.deckId} />
          </div>
        )}
      </section>
      <section aria-labelledby="browse-history-title">
        <h3 id="browse-history-title" className="browse-detail__subtitle">
          History
        </h3>
        {history === undefined ? (
          <p className="status-line">Loading…</p>
        ) : history.length === 0 ? (
          <p className="browse-detail__none">Never studied.</p>
        ) : (
          <table className="browse-history" data-testid="card-history">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Grade</th>
                <th scope="col">Kind</th>
                <th scope="col">Interval</th>
              </tr>
            </thead>
            <tbody>
              {history.map((review) => {
                const action = isCardAction(review.kind);
                return (
                  <tr key={review.id} className={action ? 'browse-history__action' : undefined}>
                    <td>{formatTimestamp(review.reviewedAt)}</td>
                    <td>{action ? '—' : gradeLabel(review.quality)}</td>
                    <td>
                      {KIND_LABELS[review.kind]}
                      {review.mode !== 'flip' && review.mode !== 'browse' && !action && review.kind !== 'imported' ? ` · ${review.mode}` : ''}
                    </td>
                    <td>{action ? '—' : formatInterval(review.after.interval)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
});
