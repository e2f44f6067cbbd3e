/** The decks a cram or a mock interview draws from: one checkbox per deck. */
import type { LoadedDeck } from '../../../shared/api';

export function DeckChoice({ decks, chosen, onChange }: { decks: readonly LoadedDeck[]; chosen: readonly string[]; onChange: (deckIds: string[]) => void }) {
  return (
    <fieldset>
      <legend>Decks</legend>
      <div className="mode-form__choices">
        {decks.map(({ deck }) => (
          <label key={deck.id}>
            <input
              type="checkbox"
              checked={chosen.includes(deck.id)}
              onChange={(event) => onChange(event.target.checked ? [...chosen, deck.id] : chosen.filter((id) => id !== deck.id))}
            />
            {deck.title}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
