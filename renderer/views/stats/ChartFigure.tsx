/**
 * A chart with its accessible alternatives: a visible sentence that states what the chart shows (the canvas is
 * announced with the same sentence) and the numbers as a table behind a disclosure.
 */
import { useId, type ReactNode } from 'react';

export interface ChartFigureProps {
  title: string;
  summary: string;
  testId: string;
  /** Controls shown beside the title (range switches). */
  controls?: ReactNode;
  table: { caption: string; head: string[]; rows: (string | number)[][] };
  children: ReactNode;
}

export function ChartFigure({ title, summary, testId, controls, table, children }: ChartFigureProps) {
  const titleId = useId();
  return (
    <section className="stats-card" aria-labelledby={titleId} data-testid={testId}>
      <header className="stats-card__header">
        <h2 id={titleId}>{title}</h2>
        {controls}
      </header>
      <p className="stats-card__summary" data-testid={`${testId}-summary`}>
        {summary}
      </p>
      <div className="stats-card__chart">{children}</div>
      <details className="stats-card__table">
        <summary>Show as a table</summary>
        <div className="stats-card__table-scroll">
          <table>
            <caption>{table.caption}</caption>
            <thead>
              <tr>
                {table.head.map((cell) => (
                  <th key={cell} scope="col">
                    {cell}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {row.map((cell, column) =>
                    column === 0 ? (
                      <th key={column} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={column}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** A pair (or more) of toggle buttons: one choice pressed at a time. */
export function RangeSwitch<T extends string | number>({ label, options, value, onChange }: { label: string; options: [T, string][]; value: T; onChange: (value: T) => void }) {
  return (
    <div className="stats-switch" role="group" aria-label={label}>
      {options.map(([option, text]) => (
        <button key={String(option)} type="button" className="stats-switch__button" aria-pressed={option === value} onClick={() => onChange(option)}>
          {text}
        </button>
      ))}
    </div>
  );
}
