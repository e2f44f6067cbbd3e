/**
 * The main window's size, position and maximised state, kept in userData/window-state.json between runs. The
 * checks are pure (no Electron here) so they can be tested: a stored state is used only if its numbers make
 * sense, and its position only if enough of the window would land on a display that is connected now.
 */
export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1200, height: 840 };
export const MIN_SIZE = { width: 720, height: 520 };
/** How much of the title bar must be on a display for a saved position to be reused. */
const MIN_VISIBLE = { width: 120, height: 40 };
const MAX_DIMENSION = 100_000;

const isWhole = (value: unknown, min: number, max: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** The stored state if it is well formed, else null (the window opens at its default size, centred). */
export function parseWindowState(text: string): WindowState | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as Partial<Record<keyof WindowState, unknown>>;
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Partial<Record<keyof Rectangle, unknown>>;
  if (!isWhole(x, -MAX_DIMENSION, MAX_DIMENSION) || !isWhole(y, -MAX_DIMENSION, MAX_DIMENSION)) return null;
  if (!isWhole(width, MIN_SIZE.width, MAX_DIMENSION) || !isWhole(height, MIN_SIZE.height, MAX_DIMENSION)) return null;
  return { bounds: { x, y, width, height }, maximized: maximized === true };
}

/** Whether the top of the window (where it is dragged from) is on one of the displays' work areas. */
export function isOnSomeDisplay(bounds: Rectangle, workAreas: Rectangle[]): boolean {
  const titleBar: Rectangle = { x: bounds.x, y: bounds.y, width: bounds.width, height: Math.min(bounds.height, 60) };
  return workAreas.some((area) => {
    const width = Math.min(titleBar.x + titleBar.width, area.x + area.width) - Math.max(titleBar.x, area.x);
    const height = Math.min(titleBar.y + titleBar.height, area.y + area.height) - Math.max(titleBar.y, area.y);
    return width >= MIN_VISIBLE.width && height >= MIN_VISIBLE.height;
  });
}

/**
 * The window options to start with: the saved size always (shrunk to the largest display if need be), the saved
 * position only if it is visible now; otherwise Electron centres the window.
 */
export function initialBounds(saved: WindowState | null, workAreas: Rectangle[]): Partial<Rectangle> & { width: number; height: number } {
  if (!saved) return { ...DEFAULT_SIZE };
  const largest = workAreas.reduce<Rectangle | null>((best, area) => (!best || area.width * area.height > best.width * best.height ? area : best), null);
  const width = largest ? Math.max(MIN_SIZE.width, Math.min(saved.bounds.width, largest.width)) : saved.bounds.width;
  const height = largest ? Math.max(MIN_SIZE.height, Math.min(saved.bounds.height, largest.height)) : saved.bounds.height;
  const sized = { ...saved.bounds, width, height };
  return isOnSomeDisplay(sized, workAreas) ? sized : { width, height };
}
