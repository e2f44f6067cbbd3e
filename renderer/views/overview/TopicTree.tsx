import { useId, useMemo, useState } from 'react';
import { buildTopicTree, type MasteryState, type TopicNode } from '../../../shared/study/mastery';
import type { DeckOutline } from '../../../shared/api';
import { plural } from '../../format';
import { ARTICLE_TOPICS } from './article-topics';
import { MasteryBar } from './MasteryBar';
import './overview.css';

interface TopicTreeProps {
  deck: DeckOutline;
  /** Undefined while the deck's states are read: the tree then shows its topics and card counts, mastery after. */
  states: ReadonlyMap<string, MasteryState> | undefined;
  onCram: (topic: TopicNode) => void;
}

const NO_STATES: ReadonlyMap<string, MasteryState> = new Map();

/**
 * The article topics a deck's cards come from, behind a disclosure button: each topic with its subsections, its
 * card count and mastery, weak topics marked, in the article's order (the order the user learnt them in).
 */
export function TopicTree({ deck, states, onCram }: TopicTreeProps) {
  const [expanded, setExpanded] = useState(false);
  const listId = useId();
  const topics = useMemo(() => buildTopicTree(deck.cards, states ?? NO_STATES, ARTICLE_TOPICS), [deck.cards, states]);
  if (topics.length === 0) return null;
  const weak = states ? topics.filter((topic) => topic.weak).length : 0;

  return (
    <div className="topic-tree">
      <button
        type="button"
        className="topic-tree__toggle"
        aria-expanded={expanded}
        aria-controls={listId}
        data-testid="topics-toggle"
        onClick={() => setExpanded((shown) => !shown)}
      >
        <span className="topic-tree__chevron" aria-hidden="true" />
        {expanded ? 'Hide' : 'Show'} {plural(topics.length, 'topic')}
        {weak > 0 && <span className="topic-tree__weak-count"> · {weak} weak</span>}
      </button>
      {expanded && (
        <ul className="topic-tree__list" id={listId} aria-label={`Topics of ${deck.title}`}>
          {topics.map((topic) => (
            <TopicItem key={topic.slug} topic={topic} loaded={states !== undefined} onCram={onCram} />
          ))}
        </ul>
      )}
    </div>
  );
}

function TopicItem({ topic, loaded, onCram }: { topic: TopicNode; loaded: boolean; onCram: (topic: TopicNode) => void }) {
  return (
    <li className="topic" data-testid={`topic-${topic.slug}`}>
      <div className={`topic__row ${loaded && topic.weak ? 'topic__row--weak' : ''}`}>
        <span className="topic__title">
          {sentenceCase(topic.title)}
          {loaded && topic.weak && (
            <span className="badge badge--weak" data-testid="topic-weak">
              Weak
              <span className="overview-sr-only">: {plural(topic.mastery.struggling, 'card')} to work on</span>
            </span>
          )}
        </span>
        <span className="topic__cards" data-testid="topic-cards">
          {plural(topic.cardCount, 'card')}
        </span>
        <MasteryBar mastery={loaded ? topic.mastery : undefined} variant="topic" />
        <button type="button" className="button button--small" aria-label={`Cram ${sentenceCase(topic.title)}`} onClick={() => onCram(topic)}>
          Cram
        </button>
      </div>
      {topic.subsections.length > 0 && (
        <ul className="topic__subsections" aria-label={`Subsections of ${sentenceCase(topic.title)}`}>
          {topic.subsections.map((subsection) => (
            <TopicItem key={subsection.slug} topic={subsection} loaded={loaded} onCram={onCram} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The article writes some headings in lower case ("object-oriented programming (OOP)"); a list reads better capitalised. */
function sentenceCase(title: string): string {
  return title.length === 0 ? title : title[0]!.toUpperCase() + title.slice(1);
}
