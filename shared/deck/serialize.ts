/** Writes a deck back to format v1 text, such that parseDeck(serializeDeck(deck)) gives the same deck. */
import { stringify } from 'yaml';
import type { Card, Deck } from './model';

export function serializeDeck(deck: Deck): string {
  const header: Record<string, unknown> = { id: deck.id, title: deck.title };
  if (deck.description) header.description = deck.description;
  if (deck.tags.length > 0) header.tags = deck.tags;
  const frontMatter = stringify(header, { lineWidth: 0, flowCollectionPadding: false }).trimEnd();
  return [`---\n${frontMatter}\n---`, ...deck.cards.map(serializeCard)].join('\n\n') + '\n';
}

function serializeCard(card: Card): string {
  const fields = [`type: ${card.type}`];
  if (card.tags.length > 0) fields.push(`tags: ${card.tags.join(', ')}`);
  if (card.source) fields.push(`source: ${card.source}`);
  const parts = [`## ${card.id}\n${fields.join('\n')}`, card.front];
  if (card.back !== '') parts.push('### Back', card.back);
  return parts.join('\n\n');
}
