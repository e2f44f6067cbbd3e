import { useEffect, useState, type FormEvent } from 'react';
import { applyAppearance } from '../appearance';
import { CODE_THEME_LABELS } from '../code/code-themes';
import {
  CODE_THEMES,
  FONT_SIZES,
  MOTION_SETTINGS,
  normalizeSettings,
  THEMES,
  type AppSettings,
  type CodeThemeSetting,
  type DisplaySettings,
  type FontSizeSetting,
  type MotionSetting,
  type ThemeSetting,
} from '../settings';
import { useServices } from '../store/context';
import './SettingsPanel.css';

const THEME_LABELS: Record<ThemeSetting, string> = { system: 'Same as the system', light: 'Light', dark: 'Dark' };
const FONT_SIZE_LABELS: Record<FontSizeSetting, string> = { small: 'Small', normal: 'Normal', large: 'Large' };
const MOTION_LABELS: Record<MotionSetting, string> = { system: 'Same as the system', reduce: 'Reduce: no animations' };

/**
 * The settings a user may want to change: the daily new-card limit, when a study day begins, the code time limit,
 * and how the app looks. Display choices show at once as a preview; Save keeps them, Cancel (or Escape) goes back.
 */
export function SettingsPanel({ settings, onSave, onClose }: { settings: AppSettings; onSave: (settings: AppSettings) => void; onClose: () => void }) {
  const { store } = useServices();
  const [newCards, setNewCards] = useState(String(settings.newCardsPerDay));
  const [rollover, setRollover] = useState(String(settings.rolloverHour));
  const [timeLimit, setTimeLimit] = useState(String(settings.pythonTimeLimitSeconds));
  const [display, setDisplay] = useState<DisplaySettings>({ theme: settings.theme, fontSize: settings.fontSize, codeTheme: settings.codeTheme, motion: settings.motion });
  const change = (patch: Partial<DisplaySettings>) => setDisplay((current) => ({ ...current, ...patch }));

  // Preview while open; when the panel goes, whatever the store holds (saved or not) is what shows.
  useEffect(() => {
    applyAppearance(display);
  }, [display]);
  useEffect(() => () => applyAppearance(store.getState().settings), [store]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(normalizeSettings({ newCardsPerDay: Number(newCards), rolloverHour: Number(rollover), pythonTimeLimitSeconds: Number(timeLimit), ...display }));
    onClose();
  };
  return (
    <form
      className="settings"
      aria-label="Settings"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <fieldset className="settings__group">
        <legend>Study</legend>
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
      </fieldset>
      <fieldset className="settings__group">
        <legend>Display</legend>
        <label>
          Theme
          <select value={display.theme} onChange={(e) => change({ theme: e.target.value as ThemeSetting })}>
            {THEMES.map((theme) => (
              <option key={theme} value={theme}>
                {THEME_LABELS[theme]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Text size
          <select value={display.fontSize} onChange={(e) => change({ fontSize: e.target.value as FontSizeSetting })}>
            {FONT_SIZES.map((size) => (
              <option key={size} value={size}>
                {FONT_SIZE_LABELS[size]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Code colours
          <select value={display.codeTheme} onChange={(e) => change({ codeTheme: e.target.value as CodeThemeSetting })}>
            {CODE_THEMES.map((theme) => (
              <option key={theme} value={theme}>
                {CODE_THEME_LABELS[theme]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Motion
          <select value={display.motion} onChange={(e) => change({ motion: e.target.value as MotionSetting })}>
            {MOTION_SETTINGS.map((motion) => (
              <option key={motion} value={motion}>
                {MOTION_LABELS[motion]}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
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
