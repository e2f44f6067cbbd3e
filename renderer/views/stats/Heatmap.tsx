/**
 * A calendar heatmap of reviews: one square per study day, weeks as columns (Monday on top), in plain SVG so it
 * takes the theme's colours straight from the CSS variables.
 */
import { dayLabel, longDayLabel, weekdayOf } from './format';
import type { DayActivity } from '../../../shared/stats';

const CELL = 13;
const GAP = 3;
const LEFT = 30;
const TOP = 18;
const WEEKDAYS = ['Mon', '', 'Wed', '', 'Fri', '', ''];

/** Intensity level 0–4 of a day's count against the busiest day. */
export function heatLevel(reviews: number, max: number): number {
  if (reviews === 0 || max === 0) return 0;
  return Math.min(4, Math.ceil((reviews / max) * 4));
}

export function Heatmap({ days, label }: { days: DayActivity[]; label: string }) {
  if (days.length === 0) return null;
  const max = Math.max(...days.map((entry) => entry.reviews));
  const offset = weekdayOf(days[0]!.day);
  const weeks = Math.ceil((offset + days.length) / 7);
  const width = LEFT + weeks * (CELL + GAP);
  const height = TOP + 7 * (CELL + GAP);
  const monthStarts = days.filter((entry, index) => index === 0 || dayLabel(entry.day, { month: 'short' }) !== dayLabel(days[index - 1]!.day, { month: 'short' }));
  return (
    <div className="heatmap">
      <svg viewBox={`0 0 ${width} ${height}`} style={{ width: '100%', maxWidth: `${width * 1.6}px` }} role="img" aria-label={label} data-testid="heatmap-svg">
        {monthStarts.map((entry) => {
          const column = Math.floor((offset + entry.day - days[0]!.day) / 7);
          // A month starting in the last few columns would overflow the picture: its label is left out.
          if (column > weeks - 2) return null;
          return (
            <text key={entry.day} x={LEFT + column * (CELL + GAP)} y={11} className="heatmap__label">
              {dayLabel(entry.day, { month: 'short' })}
            </text>
          );
        })}
        {WEEKDAYS.map((name, row) =>
          name ? (
            <text key={name} x={0} y={TOP + row * (CELL + GAP) + CELL - 2} className="heatmap__label">
              {name}
            </text>
          ) : null,
        )}
        {days.map((entry, index) => {
          const position = offset + index;
          return (
            <rect
              key={entry.day}
              x={LEFT + Math.floor(position / 7) * (CELL + GAP)}
              y={TOP + (position % 7) * (CELL + GAP)}
              width={CELL}
              height={CELL}
              rx={3}
              className={`heatmap__cell heatmap__cell--${heatLevel(entry.reviews, max)}`}
            >
              <title>{`${longDayLabel(entry.day)}: ${entry.reviews} ${entry.reviews === 1 ? 'review' : 'reviews'}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="heatmap__legend" aria-hidden="true">
        Less
        {[0, 1, 2, 3, 4].map((level) => (
          <span key={level} className={`heatmap__swatch heatmap__cell--${level}`} />
        ))}
        More
      </div>
    </div>
  );
}
