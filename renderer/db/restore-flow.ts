/**
 * Restoring a backup's text, from a chosen file or from an automatic backup: read and check it whole, merge it in
 * one transaction, then store the user's decks it holds. Shared so both ways say the same things.
 */
import type { RecallApi } from '../../shared/api';
import type { Deck } from '../../shared/deck/model';
import { plural } from '../format';
import { readBackup, restoreBackup, type RestoreSummary } from './backup';
import type { RecallDatabase } from './database';

export interface RestoreOutcome {
  summary: RestoreSummary;
  /** Set when the history was merged but the decks in the backup could not be stored. */
  decksError: string | null;
}

/**
 * Throws before anything is changed if the text is not a backup this version can restore (the message says why).
 * The merge itself is one transaction: it happens whole or not at all.
 */
export async function restoreBackupText(
  { api, db, currentUserDecks }: { api: Pick<RecallApi, 'saveUserDecks'>; db: RecallDatabase; currentUserDecks: Deck[] },
  text: string,
): Promise<RestoreOutcome> {
  const backup = readBackup(text);
  const summary = await restoreBackup(db, backup, currentUserDecks);
  let decksError: string | null = null;
  if (summary.decks.length > 0) {
    try {
      await api.saveUserDecks({ decks: summary.decks, media: [] });
    } catch (error) {
      decksError = (error as Error).message;
    }
  }
  return { summary, decksError };
}

/** "12 reviews added, 30 already here, 1 flagged card, study options for 2 decks, 1 deck of your own." */
export function describeRestore({ summary, decksError }: RestoreOutcome): string {
  const parts = [`${plural(summary.reviewsAdded, 'review')} added`, `${summary.reviewsAlreadyPresent} already here`];
  if (summary.flagsAdded > 0) parts.push(`${plural(summary.flagsAdded, 'flagged card')} added`);
  if (summary.deckOptionsAdded > 0) parts.push(`study options for ${plural(summary.deckOptionsAdded, 'deck')} added`);
  parts.push(`${plural(summary.decks.length, 'deck')} of your own`);
  const text = `${parts.join(', ')}.`;
  return decksError ? `${text} The history was restored, but your decks from the backup could not be saved: ${decksError}.` : text;
}
