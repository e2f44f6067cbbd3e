/** Study settings, kept in the browser's storage of the app's origin. Bad stored values fall back to defaults. */
import { DEFAULT_ROLLOVER_HOUR } from '../shared/study/day';
import { DEFAULT_NEW_CARDS_PER_DAY, type StudySettings } from '../shared/study/queue';

const KEY = 'recall.settings.v1';

/** Study settings plus the app's own: how long card code may run before it is stopped. */
export interface AppSettings extends StudySettings {
  pythonTimeLimitSeconds: number;
}

export const DEFAULT_SETTINGS: AppSettings = { newCardsPerDay: DEFAULT_NEW_CARDS_PER_DAY, rolloverHour: DEFAULT_ROLLOVER_HOUR, pythonTimeLimitSeconds: 5 };

export function normalizeSettings(value: Partial<Record<keyof AppSettings, unknown>>): AppSettings {
  const whole = (raw: unknown, min: number, max: number, fallback: number) =>
    typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max ? raw : fallback;
  return {
    newCardsPerDay: whole(value.newCardsPerDay, 0, 9999, DEFAULT_SETTINGS.newCardsPerDay),
    rolloverHour: whole(value.rolloverHour, 0, 23, DEFAULT_SETTINGS.rolloverHour),
    pythonTimeLimitSeconds: whole(value.pythonTimeLimitSeconds, 1, 120, DEFAULT_SETTINGS.pythonTimeLimitSeconds),
  };
}

export function loadSettings(storage: Storage = localStorage): AppSettings {
  try {
    return normalizeSettings(JSON.parse(storage.getItem(KEY) ?? '{}') as Record<string, unknown>);
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(settings: AppSettings, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(settings));
}
