import { useSyncExternalStore } from 'react';
import { CODE_THEMES, DEFAULT_SETTINGS, type CodeThemeSetting } from '../settings';

export type ColorScheme = 'light' | 'dark';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Changes of the system's scheme and of the attributes renderer/appearance.ts sets on <html>. */
function subscribe(onChange: () => void): () => void {
  const media = query();
  media.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'data-code-theme'] });
  return () => {
    media.removeEventListener('change', onChange);
    observer.disconnect();
  };
}

/** The scheme the app is shown in: the one chosen in Settings, or the system's when the setting is "system". */
export function effectiveColorScheme(): ColorScheme {
  const chosen = document.documentElement.getAttribute('data-theme');
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return query().matches ? 'dark' : 'light';
}

/** The effective colour scheme, live: follows both the Settings choice and, under "system", the system. */
export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribe, effectiveColorScheme);
}

function currentCodeTheme(): CodeThemeSetting {
  const value = document.documentElement.getAttribute('data-code-theme');
  return (CODE_THEMES as readonly string[]).includes(value ?? '') ? (value as CodeThemeSetting) : DEFAULT_SETTINGS.codeTheme;
}

/** The code highlighting theme chosen in Settings, live. */
export function useCodeTheme(): CodeThemeSetting {
  return useSyncExternalStore(subscribe, currentCodeTheme);
}
