/** Study and display settings, kept in the browser's storage of the app's origin. Bad stored values fall back to defaults. */
import { DEFAULT_ROLLOVER_HOUR } from '../shared/study/day';
import { DEFAULT_NEW_CARDS_PER_DAY, type StudySettings } from '../shared/study/queue';

const KEY = 'recall.settings.v1';
const SECTION_KEY = 'recall.section.v1';

export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemeSetting = (typeof THEMES)[number];
export const FONT_SIZES = ['small', 'normal', 'large'] as const;
export type FontSizeSetting = (typeof FONT_SIZES)[number];
/** Code highlighting themes, each a light and a dark variant (prism-react-renderer's), chosen by the colour scheme. */
export const CODE_THEMES = ['one', 'github', 'night-owl'] as const;
export type CodeThemeSetting = (typeof CODE_THEMES)[number];
/** 'system' follows the operating system's reduced-motion preference; 'reduce' turns motion off regardless. */
export const MOTION_SETTINGS = ['system', 'reduce'] as const;
export type MotionSetting = (typeof MOTION_SETTINGS)[number];

/** How the app looks: colour scheme, text size, code colours, motion. */
export interface DisplaySettings {
  theme: ThemeSetting;
  fontSize: FontSizeSetting;
  codeTheme: CodeThemeSetting;
  motion: MotionSetting;
}

/** Study settings plus the app's own: how long card code may run before it is stopped, and how the app looks. */
export interface AppSettings extends StudySettings, DisplaySettings {
  pythonTimeLimitSeconds: number;
}

export const DEFAULT_SETTINGS: AppSettings = {
  newCardsPerDay: DEFAULT_NEW_CARDS_PER_DAY,
  rolloverHour: DEFAULT_ROLLOVER_HOUR,
  pythonTimeLimitSeconds: 5,
  theme: 'system',
  fontSize: 'normal',
  codeTheme: 'one',
  motion: 'system',
};

function oneOf<T extends string>(options: readonly T[], raw: unknown, fallback: T): T {
  return typeof raw === 'string' && (options as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

export function normalizeSettings(value: Partial<Record<keyof AppSettings, unknown>>): AppSettings {
  const whole = (raw: unknown, min: number, max: number, fallback: number) =>
    typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max ? raw : fallback;
  return {
    newCardsPerDay: whole(value.newCardsPerDay, 0, 9999, DEFAULT_SETTINGS.newCardsPerDay),
    rolloverHour: whole(value.rolloverHour, 0, 23, DEFAULT_SETTINGS.rolloverHour),
    pythonTimeLimitSeconds: whole(value.pythonTimeLimitSeconds, 1, 120, DEFAULT_SETTINGS.pythonTimeLimitSeconds),
    theme: oneOf(THEMES, value.theme, DEFAULT_SETTINGS.theme),
    fontSize: oneOf(FONT_SIZES, value.fontSize, DEFAULT_SETTINGS.fontSize),
    codeTheme: oneOf(CODE_THEMES, value.codeTheme, DEFAULT_SETTINGS.codeTheme),
    motion: oneOf(MOTION_SETTINGS, value.motion, DEFAULT_SETTINGS.motion),
  };
}

export function loadSettings(storage: Storage = localStorage): AppSettings {
  try {
    const stored: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    return normalizeSettings(typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {});
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(settings: AppSettings, storage: Storage = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Storage full or disabled: the settings still apply for this session.
  }
}

/** The app bar sections a start can reopen. A study session is never restored: it starts from the deck list. */
export const SECTIONS = ['decks', 'browse', 'stats'] as const;
export type SectionName = (typeof SECTIONS)[number];

export function loadLastSection(storage: Storage = localStorage): SectionName {
  try {
    return oneOf(SECTIONS, storage.getItem(SECTION_KEY), 'decks');
  } catch {
    return 'decks';
  }
}

/** Remembers the screen shown; any other view (a study session, …) is remembered as the deck list it starts from. */
export function saveLastSection(view: string, storage: Storage = localStorage): void {
  try {
    storage.setItem(SECTION_KEY, oneOf(SECTIONS, view, 'decks'));
  } catch {
    // Not remembering the screen costs nothing but a click.
  }
}
