/**
 * Chart colours from the app's CSS variables. Canvas charts cannot use var(--x) themselves, so the values are
 * read from the root element and read again when the colour scheme changes (system setting or a theme
 * attribute or class on the root).
 */
import { useEffect, useState } from 'react';

export interface ChartColors {
  text: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  series: string[];
}

function readColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const value = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const accent = value('--accent', '#3b5bdb');
  return {
    text: value('--text', '#1b2130'),
    muted: value('--muted', '#5f6878'),
    border: value('--border', '#e2e5eb'),
    surface: value('--surface', '#ffffff'),
    accent,
    series: [accent, value('--due', '#2b8a3e'), value('--repeat', '#d9480f'), value('--new', '#1c7ed6'), value('--danger', '#c92a2a'), value('--muted', '#5f6878')],
  };
}

export function useChartColors(): ChartColors {
  const [colors, setColors] = useState(readColors);
  useEffect(() => {
    const update = () => setColors(readColors());
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', update);
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
    return () => {
      scheme.removeEventListener('change', update);
      observer.disconnect();
    };
  }, []);
  return colors;
}

/** A colour with an alpha, for fills: works for #rrggbb values and leaves others as they are. */
export function withAlpha(color: string, alpha: number): string {
  const match = /^#([0-9a-f]{6})$/i.exec(color);
  if (!match) return color;
  const channel = Math.round(alpha * 255).toString(16).padStart(2, '0');
  return `#${match[1]}${channel}`;
}
