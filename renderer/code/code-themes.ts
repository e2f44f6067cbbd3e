/**
 * The code highlighting themes a user can choose, each a light and a dark prism-react-renderer theme, with every
 * token colour made readable on the app's code background: several stock themes colour comments or keywords
 * below WCAG's 4.5:1 contrast (oneLight's comments are 2.5:1), so a colour that falls short is mixed towards
 * black (light scheme) or white (dark scheme) in small steps until it reaches the ratio, keeping its hue.
 */
import { themes, type PrismTheme } from 'prism-react-renderer';
import type { CodeThemeSetting } from '../settings';

export type Scheme = 'light' | 'dark';

const PAIRS: Record<CodeThemeSetting, Record<Scheme, PrismTheme>> = {
  one: { light: themes.oneLight, dark: themes.oneDark },
  github: { light: themes.github, dark: themes.vsDark },
  'night-owl': { light: themes.nightOwlLight, dark: themes.nightOwl },
};

export const CODE_THEME_LABELS: Record<CodeThemeSetting, string> = {
  one: 'One Light / One Dark',
  github: 'GitHub / VS Dark',
  'night-owl': 'Night Owl Light / Night Owl',
};

/** --code-bg of renderer/styles.css (and theme.css) in each scheme: the background code is shown on. */
export const CODE_BACKGROUNDS: Record<Scheme, string> = { light: '#fafbfc', dark: '#14161b' };

export const MIN_CONTRAST = 4.5;

type Rgb = [number, number, number];

/** Parses #rgb, #rrggbb, rgb()/rgba() and hsl()/hsla(); alpha is blended over the background. */
export function parseColor(color: string, background: Rgb = [255, 255, 255]): Rgb | null {
  const value = color.trim().toLowerCase();
  let rgb: Rgb | null = null;
  let alpha = 1;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(value);
  if (hex) {
    const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d).join('') : hex[1]!;
    rgb = [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as Rgb;
  }
  const rgbMatch = /^rgba?\(([^)]+)\)$/.exec(value);
  if (rgbMatch) {
    const parts = rgbMatch[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    rgb = [parts[0]!, parts[1]!, parts[2]!];
    alpha = parts[3] ?? 1;
  }
  const hslMatch = /^hsla?\(([^)]+)\)$/.exec(value);
  if (hslMatch) {
    const parts = hslMatch[1]!.split(/[\s,/]+/).filter(Boolean).map((part) => parseFloat(part));
    const [h, s, l] = [parts[0]!, parts[1]! / 100, parts[2]! / 100];
    alpha = parts[3] ?? 1;
    const k = (n: number) => (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
    rgb = [f(0), f(8), f(4)].map((x) => Math.round(x * 255)) as Rgb;
  }
  if (!rgb || rgb.some((channel) => !Number.isFinite(channel))) return null;
  return rgb.map((channel, i) => Math.round(channel * alpha + background[i]! * (1 - alpha))) as Rgb;
}

function luminance([r, g, b]: Rgb): number {
  const linear = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const toHex = (rgb: Rgb) => `#${rgb.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;

/** The colour itself if it is readable on the background, else the nearest mix towards black or white that is. */
export function readableColor(color: string, background: string): string {
  const bg = parseColor(background)!;
  const fg = parseColor(color, bg);
  if (!fg || contrastRatio(fg, bg) >= MIN_CONTRAST) return color;
  const target: Rgb = luminance(bg) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  for (let step = 1; step <= 20; step += 1) {
    const mix = step / 20;
    const candidate = fg.map((channel, i) => Math.round(channel + (target[i]! - channel) * mix)) as Rgb;
    if (contrastRatio(candidate, bg) >= MIN_CONTRAST) return toHex(candidate);
  }
  return toHex(target);
}

function readableTheme(theme: PrismTheme, background: string): PrismTheme {
  // Translucent tokens (some themes fade namespaces) would undo the contrast: they are drawn opaque.
  const fix = <T extends { color?: string; opacity?: number | string }>(style: T): T => {
    const { opacity: _opacity, ...rest } = style;
    return (rest.color ? { ...rest, color: readableColor(rest.color, background) } : rest) as T;
  };
  return { plain: fix(theme.plain), styles: theme.styles.map((entry) => ({ ...entry, style: fix(entry.style) })) };
}

const cache = new Map<string, PrismTheme>();

/** The prism theme for a setting and scheme, with readable colours on the app's code background. */
export function codeTheme(setting: CodeThemeSetting, scheme: Scheme): PrismTheme {
  const key = `${setting}:${scheme}`;
  let theme = cache.get(key);
  if (!theme) {
    theme = readableTheme(PAIRS[setting][scheme], CODE_BACKGROUNDS[scheme]);
    cache.set(key, theme);
  }
  return theme;
}
