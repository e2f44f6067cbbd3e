/**
 * The source article's sections (docs/article-topics.json, ~15 KB): the bundled decks' cards name them in
 * `source`. Compiled into the renderer so the topic tree needs no request.
 */
import data from '../../../docs/article-topics.json';
import type { ArticleTopic } from '../../../shared/study/mastery';

export const ARTICLE_TOPICS: readonly ArticleTopic[] = (data as { topics: ArticleTopic[] }).topics;
