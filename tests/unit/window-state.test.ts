import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, initialBounds, isOnSomeDisplay, parseWindowState } from '../../electron/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 870 };
const monitorRight = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('reads a well-formed state and refuses anything else', () => {
    const state = { bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true };
    expect(parseWindowState(JSON.stringify(state))).toEqual(state);
    expect(parseWindowState(JSON.stringify({ bounds: state.bounds }))).toEqual({ ...state, maximized: false });
    for (const bad of ['', 'null', '[]', '{"bounds":null}', '{"bounds":{"x":0,"y":0,"width":100,"height":700}}', '{"bounds":{"x":"0","y":0,"width":1000,"height":700}}', '{"bounds":{"x":0.5,"y":0,"width":1000,"height":700}}']) {
      expect(parseWindowState(bad), bad).toBeNull();
    }
  });

  it('a window is visible when enough of its top edge is on some display', () => {
    expect(isOnSomeDisplay({ x: 100, y: 100, width: 1000, height: 700 }, [laptop])).toBe(true);
    expect(isOnSomeDisplay({ x: 2000, y: 100, width: 1000, height: 700 }, [laptop, monitorRight])).toBe(true);
    // The monitor it was on has been unplugged.
    expect(isOnSomeDisplay({ x: 2000, y: 100, width: 1000, height: 700 }, [laptop])).toBe(false);
    // Only a sliver of the title bar left on screen is not enough to grab it.
    expect(isOnSomeDisplay({ x: 1400, y: 100, width: 1000, height: 700 }, [laptop])).toBe(false);
    expect(isOnSomeDisplay({ x: 100, y: -690, width: 1000, height: 700 }, [laptop])).toBe(false);
  });

  it('starts at the saved place when visible, else at the saved size, centred', () => {
    expect(initialBounds(null, [laptop])).toEqual(DEFAULT_SIZE);
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: false };
    expect(initialBounds(saved, [laptop, monitorRight])).toEqual(saved.bounds);
    // Back on the laptop alone: no position, and the size shrinks to fit the largest display.
    expect(initialBounds(saved, [laptop])).toEqual({ width: 1440, height: 870 });
  });
});
