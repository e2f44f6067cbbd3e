import { useState, type FormEvent } from 'react';
import { normalizeSettings, type AppSettings } from '../settings';

/** The settings a user may want to change: the daily new-card limit, when a study day begins, the code time limit. */
export function SettingsPanel({ settings, onSave, onClose }: { settings: AppSettings; onSave: (settings: AppSettings) => void; onClose: () => void }) {
  const [newCards, setNewCards] = useState(String(settings.newCardsPerDay));
  const [rollover, setRollover] = useState(String(settings.rolloverHour));
  const [timeLimit, setTimeLimit] = useState(String(settings.pythonTimeLimitSeconds));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(normalizeSettings({ newCardsPerDay: Number(newCards), rolloverHour: Number(rollover), pythonTimeLimitSeconds: Number(timeLimit) }));
    onClose();
  };
  return (
    <form
      className="settings"
      aria-label="Study settings"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <label>
        New cards per deck per day
        <input type="number" min={0} max={9999} required value={newCards} onChange={(e) => setNewCards(e.target.value)} autoFocus />
      </label>
      <label>
        A new study day starts at (hour, 0–23)
        <input type="number" min={0} max={23} required value={rollover} onChange={(e) => setRollover(e.target.value)} />
      </label>
      <label>
        Stop card code after (seconds)
        <input type="number" min={1} max={120} required value={timeLimit} onChange={(e) => setTimeLimit(e.target.value)} />
      </label>
      <div className="settings__actions">
        <button type="submit" className="button button--primary">
          Save
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
