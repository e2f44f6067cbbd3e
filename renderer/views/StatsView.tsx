/**
 * Statistics: what was studied, what is due, and how well each deck and topic is retained. The figures come from
 * a summary of the history kept between openings (renderer/db/stats-summary.ts): the first opening reads every
 * review in batches and shows how far it got; later ones read only what changed.
 */
import { useEffect, useMemo, useState } from 'react';
import { useAppState, useServices } from '../store/context';
import { studyDayOf } from '../../shared/study/day';
import {
  activityFromAggregates,
  activityTotals,
  easinessDistributionFromHistograms,
  forecastFromHistograms,
  intervalDistributionFromHistograms,
  intervalExtremes,
  meanEasinessFromHistograms,
  overallRetentionFromAggregates,
  retentionByDeckFromAggregates,
  retentionByTopicFromAggregates,
  retentionRate,
  studyDaysFromAggregates,
  studyStreaks,
  type RetentionGroup,
} from '../../shared/stats';
import type { LoadedDeck } from '../../shared/api';
import { loadStatsSummary, StatsAbortedError, type StatsProgress, type StatsSummary } from '../db/stats-summary';
import { ChartFigure, RangeSwitch } from './stats/ChartFigure';
import { BarChart, LineChart } from './stats/charts';
import { Heatmap } from './stats/Heatmap';
import { count, dayLabel, longDayLabel, minutes, percent } from './stats/format';
import { deckTopics } from './stats/topics';

/** 26 whole weeks: the heatmap's span. */
const HISTORY_DAYS = 26 * 7;
/** Retention over time: six periods of four weeks. */
const RETENTION = { periodDays: 28, periods: 6 };
/** Lines drawn on the retention chart; the table lists every group. */
const RETENTION_LINES = 6;
const FORECAST_DAYS = 30;
/** Performance measures the statistics benchmark reads (tools/bench-stats.ts): summary loaded, charts painted. */
export const STATS_MEASURES = { summary: 'recall:stats-summary', painted: 'recall:stats-painted' } as const;
let openedAt = 0;

function plural(value: number, one: string, many = `${one}s`): string {
  return `${count(value)} ${value === 1 ? one : many}`;
}

function progressText(progress: StatsProgress | null): string {
  if (!progress) return 'Reading the review history…';
  if (progress.phase === 'reviews') return `Reading history: ${count(progress.done)} of ${plural(progress.total, 'review')}`;
  if (progress.phase === 'states') return `Reading card schedules: ${count(progress.done)} of ${plural(progress.total, 'card')}`;
  return 'Regrouping retention by topic after a deck changed…';
}

export function StatsView() {
  const { db, clock } = useServices();
  const decks = useAppState((state) => state.decks);
  const decksStatus = useAppState((state) => state.decksStatus);
  const rolloverHour = useAppState((state) => state.settings.rolloverHour);
  const openSection = useAppState((state) => state.openSection);
  const today = studyDayOf(clock.now(), rolloverHour);
  const firstDay = today - HISTORY_DAYS + 1;
  const topics = useMemo(() => deckTopics(decks), [decks]);
  const [summary, setSummary] = useState<StatsSummary | null>(null);
  const [progress, setProgress] = useState<StatsProgress | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    // Topics come from the decks' content: wait for it, so the cached topic counts are not regrouped for nothing.
    if (decksStatus === 'loading') return;
    const controller = new AbortController();
    openedAt = performance.now();
    setFailure(null);
    loadStatsSummary(db, {
      today,
      rolloverHour,
      topicOf: (cardKey) => topics.topicOf(cardKey),
      topicFingerprint: (deckId) => topics.fingerprint(deckId),
      retentionFrom: today - RETENTION.periodDays * RETENTION.periods + 1,
      signal: controller.signal,
      onProgress: setProgress,
    }).then(
      (loaded) => {
        if (controller.signal.aborted) return;
        performance.measure(STATS_MEASURES.summary, { start: openedAt, end: performance.now() });
        setSummary(loaded);
      },
      (error: unknown) => {
        if (error instanceof StatsAbortedError || controller.signal.aborted) return;
        setFailure(error instanceof Error ? error.message : String(error));
      },
    );
    return () => controller.abort();
  }, [db, today, rolloverHour, topics, decksStatus]);

  if (failure !== null) {
    return (
      <div className="page stats-view">
        <h1>Statistics</h1>
        <p className="status-line" role="alert">
          The statistics could not be read: {failure}. Your review history is untouched.
        </p>
      </div>
    );
  }

  if (summary === null) {
    const fraction = progress && progress.total > 0 ? progress.done / progress.total : null;
    return (
      <div className="page stats-view" aria-busy="true">
        <h1>Statistics</h1>
        <p className="status-line" role="status" data-testid="stats-progress">
          {progressText(progress)}
        </p>
        {fraction !== null && <progress className="stats-progress" aria-label="Reading the history" max={1} value={fraction} />}
      </div>
    );
  }

  if (Object.keys(summary.aggregates.days).length === 0 && summary.states.inStudy + summary.states.suspended === 0) {
    return (
      <div className="page stats-view">
        <div className="empty-state" data-testid="stats-empty">
          <h1>Statistics</h1>
          <p>No reviews yet. Study a deck, and your progress shows here: what you studied each day, what is due next, and how well you remember each deck and topic.</p>
          <button type="button" className="button button--primary" onClick={() => openSection('decks')}>
            Go to the decks
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="page stats-view" data-testid="stats-view">
      <StatsContent summary={summary} today={today} firstDay={firstDay} decks={decks} />
    </div>
  );
}

function StatsContent({ summary, today, firstDay, decks }: { summary: StatsSummary; today: number; firstDay: number; decks: LoadedDeck[] }) {
  const [range, setRange] = useState<30 | 90>(30);
  const [timeRange, setTimeRange] = useState<30 | 90>(30);
  const [retentionBy, setRetentionBy] = useState<'deck' | 'topic'>('deck');
  useEffect(() => {
    requestAnimationFrame(() => setTimeout(() => performance.measure(STATS_MEASURES.painted, { start: openedAt, end: performance.now() }), 0));
  }, []);

  const { aggregates, states } = summary;
  const activity = useMemo(() => activityFromAggregates(aggregates, firstDay, today), [aggregates, firstDay, today]);
  const heatTotals = activityTotals(activity);
  const recent = activity.slice(-range);
  const recentTotals = activityTotals(recent);
  const timeDays = activity.slice(-timeRange);
  const timeTotals = activityTotals(timeDays);
  const streaks = useMemo(() => studyStreaks(studyDaysFromAggregates(aggregates), today), [aggregates, today]);

  const forecast = useMemo(() => forecastFromHistograms(states, today, FORECAST_DAYS), [states, today]);
  const forecastTotal = forecast.days.reduce((sum, entry) => sum + entry.due, 0);
  const nextWeek = forecast.days.slice(0, 7).reduce((sum, entry) => sum + entry.due, 0);

  const deckTitles = useMemo(() => new Map(decks.map((loaded) => [loaded.deck.id, loaded.deck.title])), [decks]);
  const retentionOptions = { today, ...RETENTION };
  const groups: RetentionGroup[] = useMemo(
    () =>
      retentionBy === 'deck'
        ? retentionByDeckFromAggregates(aggregates, (deckId) => deckTitles.get(deckId) ?? deckId, { today, ...RETENTION })
        : retentionByTopicFromAggregates(aggregates, { today, ...RETENTION }),
    [aggregates, retentionBy, deckTitles, today],
  );
  const retentionTotal = overallRetentionFromAggregates(aggregates, today - RETENTION.periodDays * RETENTION.periods + 1, today);
  const periodLabels = Array.from({ length: retentionOptions.periods }, (_, index) => {
    const end = today - (RETENTION.periods - 1 - index) * RETENTION.periodDays;
    return `${dayLabel(end - RETENTION.periodDays + 1)} – ${dayLabel(end)}`;
  });
  const periodShortLabels = periodLabels.map((label) => label.split(' – ')[1]!);

  const intervals = useMemo(() => intervalDistributionFromHistograms(states), [states]);
  const easiness = useMemo(() => easinessDistributionFromHistograms(states), [states]);
  const { median: medianInterval, longest: longestInterval } = intervalExtremes(states);
  const meanEasiness = meanEasinessFromHistograms(states);
  const inStudy = states.inStudy;

  const rangeOptions: [30 | 90, string][] = [
    [30, '30 days'],
    [90, '90 days'],
  ];

  const heatSummary =
    `${plural(heatTotals.reviews, 'review')} on ${plural(heatTotals.studyDays, 'day')} of the last ${HISTORY_DAYS} days` +
    (heatTotals.busiest ? `; the busiest day was ${longDayLabel(heatTotals.busiest.day)} with ${plural(heatTotals.busiest.reviews, 'review')}.` : '.');
  const perDaySummary =
    `${plural(recentTotals.reviews, 'review')} in the last ${range} days, on ${plural(recentTotals.studyDays, 'day')}` +
    (recentTotals.studyDays > 0 ? `: ${count(Math.round(recentTotals.reviews / recentTotals.studyDays))} per study day on average.` : '.');
  const timeSummary =
    `${minutes(timeTotals.answerMs)} spent answering in the last ${timeRange} days` +
    (timeTotals.studyDays > 0 ? `, about ${minutes(timeTotals.answerMs / timeTotals.studyDays)} per study day.` : '.');
  const forecastSummary =
    `${plural(forecastTotal, 'review')} due in the next ${FORECAST_DAYS} days: ${count(forecast.days[0]!.due)} today` +
    (forecast.overdue > 0 ? ` (${count(forecast.overdue)} of them overdue)` : '') +
    `, ${count(nextWeek)} within 7 days; ${count(forecast.later)} later` +
    (forecast.suspended > 0 ? `, ${plural(forecast.suspended, 'suspended card')} left out.` : '.');
  const retentionSummary =
    retentionTotal.reviews === 0
      ? `No reviews of cards seen before in the last ${RETENTION.periods * 4} weeks yet: retention counts from a card's second day on.`
      : `Retention over the last ${RETENTION.periods * 4} weeks: ${percent(retentionRate(retentionTotal))} of ${plural(retentionTotal.reviews, 'review')} passed (grade Hard or better)` +
        (groups.length > 0 ? `; by ${retentionBy}, highest ${groups.reduce((best, group) => ((retentionRate(group) ?? 0) > (retentionRate(best) ?? 0) ? group : best)).group}, lowest ${groups.reduce((worst, group) => ((retentionRate(group) ?? 1) < (retentionRate(worst) ?? 1) ? group : worst)).group}.` : '.');
  const intervalSummary =
    inStudy === 0 ? 'No cards in study.' : `${plural(inStudy, 'card')} in study; the median interval is ${plural(medianInterval ?? 0, 'day')}, the longest ${plural(longestInterval ?? 0, 'day')}.`;
  const easinessSummary = meanEasiness === null ? 'No cards in study.' : `Average easiness ${meanEasiness.toFixed(2)} over ${plural(inStudy, 'card')} (new cards start at 2.50, the least is 1.30).`;

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Statistics</h1>
          <p className="page-header__summary">Study days start at the rollover hour; today is {longDayLabel(today)}.</p>
        </div>
      </header>

      <dl className="stats-tiles" data-testid="streaks">
        <div className="stats-tile">
          <dt>Current streak</dt>
          <dd data-testid="streak-current">{plural(streaks.current, 'day')}</dd>
        </div>
        <div className="stats-tile">
          <dt>Longest streak</dt>
          <dd data-testid="streak-longest">{plural(streaks.longest, 'day')}</dd>
          {streaks.longestFrom !== null && streaks.longestTo !== null && (
            <dd className="stats-tile__note">
              {dayLabel(streaks.longestFrom)} – {dayLabel(streaks.longestTo, { day: 'numeric', month: 'short', year: 'numeric' })}
            </dd>
          )}
        </div>
        <div className="stats-tile">
          <dt>Reviews, last {HISTORY_DAYS / 7} weeks</dt>
          <dd data-testid="total-reviews">{count(heatTotals.reviews)}</dd>
        </div>
        <div className="stats-tile">
          <dt>Due today</dt>
          <dd data-testid="due-today">{count(forecast.days[0]!.due)}</dd>
        </div>
      </dl>

      <ChartFigure
        title="Reviews by day"
        summary={heatSummary}
        testId="stats-heatmap"
        table={{
          caption: 'Reviews per month, last 26 weeks',
          head: ['Month', 'Reviews', 'Study days'],
          rows: monthRows(activity),
        }}
      >
        <Heatmap days={activity} label={heatSummary} />
      </ChartFigure>

      <div className="stats-grid">
        <ChartFigure
          title="Reviews per day"
          summary={perDaySummary}
          testId="stats-reviews"
          controls={<RangeSwitch label="Reviews per day: range" options={rangeOptions} value={range} onChange={setRange} />}
          table={{ caption: `Reviews per day, last ${range} days`, head: ['Day', 'Reviews'], rows: recent.map((entry) => [longDayLabel(entry.day), entry.reviews]) }}
        >
          <BarChart labels={recent.map((entry) => dayLabel(entry.day))} series={[{ label: 'Reviews', data: recent.map((entry) => entry.reviews) }]} yTitle="reviews" label={perDaySummary} />
        </ChartFigure>

        <ChartFigure
          title="Study time per day"
          summary={timeSummary}
          testId="stats-time"
          controls={<RangeSwitch label="Study time: range" options={rangeOptions} value={timeRange} onChange={setTimeRange} />}
          table={{ caption: `Minutes spent answering per day, last ${timeRange} days`, head: ['Day', 'Minutes'], rows: timeDays.map((entry) => [longDayLabel(entry.day), (entry.answerMs / 60_000).toFixed(1)]) }}
        >
          <BarChart
            labels={timeDays.map((entry) => dayLabel(entry.day))}
            series={[{ label: 'Minutes', data: timeDays.map((entry) => Math.round(entry.answerMs / 6_000) / 10) }]}
            yTitle="minutes"
            whole={false}
            label={timeSummary}
          />
        </ChartFigure>

        <ChartFigure
          title="Due in the next 30 days"
          summary={forecastSummary}
          testId="stats-forecast"
          table={{ caption: 'Cards due per day (today includes overdue cards)', head: ['Day', 'Due'], rows: forecast.days.map((entry) => [longDayLabel(entry.day), entry.due]) }}
        >
          <BarChart
            labels={forecast.days.map((entry, index) => (index === 0 ? 'Today' : dayLabel(entry.day)))}
            series={[{ label: 'Due', data: forecast.days.map((entry) => entry.due) }]}
            yTitle="cards"
            label={forecastSummary}
          />
        </ChartFigure>

        <ChartFigure
          title="Retention"
          summary={retentionSummary}
          testId="stats-retention"
          controls={
            <RangeSwitch
              label="Retention by"
              options={[
                ['deck', 'By deck'],
                ['topic', 'By topic'],
              ]}
              value={retentionBy}
              onChange={setRetentionBy}
            />
          }
          table={{
            caption: `Share of reviews passed by ${retentionBy}, per four weeks (first grade of the day of cards seen before)`,
            head: [retentionBy === 'deck' ? 'Deck' : 'Topic', 'Reviews', 'Retention', ...periodLabels],
            rows: groups.map((group) => [group.group, group.reviews, percent(retentionRate(group)), ...group.periods.map((period) => percent(retentionRate(period)))]),
          }}
        >
          <LineChart
            labels={periodShortLabels}
            series={groups.slice(0, RETENTION_LINES).map((group) => ({ label: group.group, data: group.periods.map((period) => (period.reviews === 0 ? null : Math.round((period.passed / period.reviews) * 1000) / 10)) }))}
            yTitle="% passed"
            percent
            label={retentionSummary}
          />
        </ChartFigure>

        <ChartFigure
          title="Intervals"
          summary={intervalSummary}
          testId="stats-intervals"
          table={{ caption: 'Cards in study by interval', head: ['Interval', 'Cards'], rows: intervals.map((bucket) => [bucket.label, bucket.count]) }}
        >
          <BarChart labels={intervals.map((bucket) => bucket.label)} series={[{ label: 'Cards', data: intervals.map((bucket) => bucket.count) }]} yTitle="cards" label={intervalSummary} />
        </ChartFigure>

        <ChartFigure
          title="Easiness"
          summary={easinessSummary}
          testId="stats-easiness"
          table={{ caption: 'Cards in study by easiness factor', head: ['Easiness', 'Cards'], rows: easiness.map((bucket) => [bucket.label, bucket.count]) }}
        >
          <BarChart labels={easiness.map((bucket) => bucket.label)} series={[{ label: 'Cards', data: easiness.map((bucket) => bucket.count) }]} yTitle="cards" label={easinessSummary} />
        </ChartFigure>
      </div>
      <p className="stats-note">
        Retention is the share of reviews graded Hard or better. It counts a card's first grade of each day from its second day on: same-day repeats,
        a new card's first look and reviews imported from other apps are left out. Suspended cards are left out of the forecast and the distributions.
      </p>
    </>
  );
}

function monthRows(days: ReturnType<typeof activityFromAggregates>): (string | number)[][] {
  const months = new Map<string, { reviews: number; studyDays: number }>();
  for (const entry of days) {
    const key = dayLabel(entry.day, { month: 'long', year: 'numeric' });
    const month = months.get(key) ?? { reviews: 0, studyDays: 0 };
    month.reviews += entry.reviews;
    if (entry.reviews > 0) month.studyDays += 1;
    months.set(key, month);
  }
  return [...months].map(([month, totals]) => [month, totals.reviews, totals.studyDays]);
}
