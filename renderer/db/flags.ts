/** Cards a user flagged because their code printed something other than the card says. */
import { cardKeyOf } from '../../shared/deck/model';
import type { FlaggedCard, RecallDatabase } from './database';

export async function flagCard(db: RecallDatabase, flag: Omit<FlaggedCard, 'id' | 'cardKey'>): Promise<void> {
  const cardKey = cardKeyOf(flag.deckId, flag.cardId);
  await db.transaction('rw', db.flaggedCards, async () => {
    // One open flag per card: a second report replaces the first with the newer observation.
    await db.flaggedCards.where('cardKey').equals(cardKey).delete();
    await db.flaggedCards.add({ ...flag, cardKey });
  });
}

export async function unflagCard(db: RecallDatabase, cardKey: string): Promise<void> {
  await db.flaggedCards.where('cardKey').equals(cardKey).delete();
}

export function flaggedCardsJson(flags: FlaggedCard[]): string {
  return JSON.stringify(
    flags.map(({ deckId, cardId, flaggedAt, statedOutput, actualOutput, pythonVersion }) => ({
      deckId,
      cardId,
      flaggedAt: new Date(flaggedAt).toISOString(),
      pythonVersion,
      statedOutput,
      actualOutput,
    })),
    null,
    2,
  );
}
