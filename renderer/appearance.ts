/**
 * Applies the display settings to the document as attributes on <html>, which renderer/theme.css turns into
 * colours, text size and motion. Components that need the outcome in script (the code highlighter, charts) read
 * it back through hooks/useColorScheme, so there is one source: the document.
 */
import type { DisplaySettings } from './settings';

export function applyAppearance(settings: DisplaySettings, root: HTMLElement = document.documentElement): void {
  setAttribute(root, 'data-theme', settings.theme === 'system' ? null : settings.theme);
  setAttribute(root, 'data-font-size', settings.fontSize === 'normal' ? null : settings.fontSize);
  setAttribute(root, 'data-code-theme', settings.codeTheme);
  setAttribute(root, 'data-motion', settings.motion === 'reduce' ? 'reduce' : null);
}

function setAttribute(root: HTMLElement, name: string, value: string | null): void {
  if (value === null) root.removeAttribute(name);
  else if (root.getAttribute(name) !== value) root.setAttribute(name, value);
}
