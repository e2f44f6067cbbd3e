/** Study settings, kept in the browser's storage of the app's origin. Bad stored values fall back to defaults. */
import { DEFAULT_ROLLOVER_HOUR } from '../shared/study/day';
import { DEFAULT_NEW_CARDS_PER_DAY, type StudySettings } from '../shared/study/queue';

const KEY = 'recall.settings.v1';

export const DEFAULT_SETTINGS: StudySettings = { newCardsPerDay: DEFAULT_NEW_CARDS_PER_DAY, rolloverHour: DEFAULT_ROLLOVER_HOUR };

export function normalizeSettings(value: Partial<Record<keyof StudySettings, unknown>>): StudySettings {
  const whole = (raw: unknown, min: number, max: number, fallback: number) =>
    typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max ? raw : fallback;
  return {
    newCardsPerDay: whole(value.newCardsPerDay, 0, 9999, DEFAULT_SETTINGS.newCardsPerDay),
    rolloverHour: whole(value.rolloverHour, 0, 23, DEFAULT_SETTINGS.rolloverHour),
  };
}

export function loadSettings(storage: Storage = localStorage): StudySettings {
  try {
    return normalizeSettings(JSON.parse(storage.getItem(KEY) ?? '{}') as Record<string, unknown>);
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(settings: StudySettings, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(settings));
}
