import { describeMastery, masteredPercent, type Mastery } from '../../../shared/study/mastery';
import './overview.css';

interface MasteryBarProps {
  /** Undefined while the states are being read: an empty bar of the same size, so nothing moves when they arrive. */
  mastery: Mastery | undefined;
  /** 'deck': the bar with its full text under it; 'topic': a short bar, the percentage shown and the rest for screen readers. */
  variant: 'deck' | 'topic';
}

/** New / learning / mature as one bar. The bar itself is decoration: its text says the same in words. */
export function MasteryBar({ mastery, variant }: MasteryBarProps) {
  const description = mastery ? describeMastery(mastery) : 'Reading mastery…';
  const share = (count: number) => (mastery && mastery.total > 0 ? `${(count / mastery.total) * 100}%` : '0%');
  return (
    <div className={`mastery mastery--${variant}`} data-testid="mastery" aria-busy={mastery === undefined}>
      <div className="mastery__bar" aria-hidden="true" title={mastery ? description : undefined}>
        {mastery && mastery.total > 0 && (
          <>
            <span className="mastery__segment mastery__segment--mature" style={{ width: share(mastery.mature) }} />
            <span className="mastery__segment mastery__segment--learning" style={{ width: share(mastery.learning) }} />
          </>
        )}
      </div>
      {variant === 'deck' ? (
        <p className="mastery__text" data-testid="mastery-text">
          {mastery === undefined ? (
            '\u00a0'
          ) : mastery.total === 0 ? (
            description
          ) : (
            // Reads exactly as describeMastery(): the swatches are empty, hidden spans.
            <>
              <strong>{masteredPercent(mastery)}% mastered</strong>: <Swatch stage="mature" />
              {mastery.mature} mature, <Swatch stage="learning" />
              {mastery.learning} learning, <Swatch stage="new" />
              {mastery.new} new{mastery.suspended > 0 ? ` (${mastery.suspended} suspended)` : ''}
            </>
          )}
        </p>
      ) : (
        <span className="mastery__text" data-testid="mastery-text">
          <span aria-hidden="true">{mastery ? (mastery.total > 0 ? `${masteredPercent(mastery)}%` : '–') : '\u00a0'}</span>
          <span className="overview-sr-only">{description}</span>
        </span>
      )}
    </div>
  );
}

function Swatch({ stage }: { stage: 'mature' | 'learning' | 'new' }) {
  return <span className={`mastery__swatch mastery__swatch--${stage}`} aria-hidden="true" />;
}
