import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadLastSection, loadSettings, normalizeSettings, saveLastSection, saveSettings } from '../../renderer/settings';
import { CODE_BACKGROUNDS, codeTheme, contrastRatio, MIN_CONTRAST, parseColor, readableColor } from '../../renderer/code/code-themes';
import { CODE_THEMES } from '../../renderer/settings';
import { MemoryStorage } from './memory-storage';

describe('settings', () => {
  it('keeps valid values and replaces each invalid one with its default', () => {
    const valid = { newCardsPerDay: 7, rolloverHour: 0, pythonTimeLimitSeconds: 30, theme: 'dark', fontSize: 'large', codeTheme: 'night-owl', motion: 'reduce' } as const;
    expect(normalizeSettings(valid)).toEqual(valid);
    expect(
      normalizeSettings({ newCardsPerDay: -1, rolloverHour: 24, pythonTimeLimitSeconds: 1.5, theme: 'sepia', fontSize: 20, codeTheme: null, motion: 'none' }),
    ).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings({})).toEqual(DEFAULT_SETTINGS);
  });

  it('settings saved before the display settings existed load with display defaults', () => {
    const storage = new MemoryStorage();
    storage.setItem('recall.settings.v1', JSON.stringify({ newCardsPerDay: 3, rolloverHour: 5, pythonTimeLimitSeconds: 5 }));
    expect(loadSettings(storage)).toEqual({ ...DEFAULT_SETTINGS, newCardsPerDay: 3, rolloverHour: 5 });
  });

  it('round-trips through storage and survives broken stored JSON', () => {
    const storage = new MemoryStorage();
    const settings = { ...DEFAULT_SETTINGS, theme: 'light' as const, fontSize: 'small' as const, codeTheme: 'github' as const };
    saveSettings(settings, storage);
    expect(loadSettings(storage)).toEqual(settings);
    storage.setItem('recall.settings.v1', '{not json');
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
    storage.setItem('recall.settings.v1', 'null');
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
  });

  it('remembers the last section, and a study session as the deck list', () => {
    const storage = new MemoryStorage();
    expect(loadLastSection(storage)).toBe('decks');
    saveLastSection('stats', storage);
    expect(loadLastSection(storage)).toBe('stats');
    saveLastSection('browse', storage);
    expect(loadLastSection(storage)).toBe('browse');
    saveLastSection('study', storage);
    expect(loadLastSection(storage)).toBe('decks');
    storage.setItem('recall.section.v1', 'settings');
    expect(loadLastSection(storage)).toBe('decks');
  });
});

describe('code themes', () => {
  it('parses the colour notations the prism themes use', () => {
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('#0f1115')).toEqual([15, 17, 21]);
    expect(parseColor('rgb(12, 150, 155)')).toEqual([12, 150, 155]);
    expect(parseColor('hsl(0, 0%, 100%)')).toEqual([255, 255, 255]);
    expect(parseColor('hsl(230, 4%, 64%)')).toEqual([160, 161, 167]);
    expect(parseColor('rgba(0, 0, 0, 0.5)', [255, 255, 255])).toEqual([128, 128, 128]);
    expect(parseColor('inherit')).toBeNull();
  });

  it('leaves readable colours alone and darkens or lightens the others just enough', () => {
    expect(readableColor('#1b2130', '#fafbfc')).toBe('#1b2130');
    const comment = readableColor('hsl(230, 4%, 64%)', '#fafbfc');
    const ratio = contrastRatio(parseColor(comment)!, parseColor('#fafbfc')!);
    expect(ratio).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(ratio).toBeLessThan(6);
    expect(contrastRatio(parseColor(readableColor('#3e4451', '#14161b'))!, parseColor('#14161b')!)).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });

  it('every token colour of every code theme reaches 4.5:1 on the code background, in both schemes', () => {
    for (const setting of CODE_THEMES) {
      for (const scheme of ['light', 'dark'] as const) {
        const background = parseColor(CODE_BACKGROUNDS[scheme])!;
        const theme = codeTheme(setting, scheme);
        for (const style of [theme.plain, ...theme.styles.map((entry) => entry.style)]) {
          if (!style.color) continue;
          const color = parseColor(style.color, background);
          if (!color) continue;
          expect(contrastRatio(color, background), `${setting} ${scheme} ${style.color}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
          expect(style.opacity).toBeUndefined();
        }
      }
    }
  });
});

describe('theme.css', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const styles = readFileSync(path.join(root, 'renderer/styles.css'), 'utf8');
  const theme = readFileSync(path.join(root, 'renderer/theme.css'), 'utf8');
  const declarations = (block: string) => new Map([...block.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
  const blockAfter = (text: string, start: number) => {
    let depth = 0;
    const open = text.indexOf('{', start);
    for (let i = open; i < text.length; i += 1) {
      if (text[i] === '{') depth += 1;
      else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
    }
    throw new Error('unbalanced braces');
  };
  const darkQueries = [...styles.matchAll(/@media \(prefers-color-scheme: dark\)/g)].map((m) => blockAfter(styles, m.index));
  const darkValues = new Map(darkQueries.flatMap((block) => [...declarations(block)]));
  // The light values: every top-level :root rule of styles.css (the media blocks removed first).
  let lightText = styles;
  for (const block of darkQueries) lightText = lightText.replace(block, '');
  const lightValues = new Map([...lightText.matchAll(/(?:^|\n):root\s*\{([^}]*)\}/g)].flatMap((m) => [...declarations(m[1]!)]));

  it('the dark media queries of styles.css only set variables on :root', () => {
    for (const block of darkQueries) expect(block.trim()).toMatch(/^:root\s*\{[^}]*\}$/);
    expect(darkValues.size).toBeGreaterThan(10);
  });

  it('the forced dark theme sets every variable the dark media query sets, to the same value', () => {
    const forced = declarations(blockAfter(theme, theme.indexOf(":root[data-theme='dark']")));
    for (const [name, value] of darkValues) expect(forced.get(name), name).toBe(value);
  });

  it('the forced light theme sets each of those variables back to its light value', () => {
    const forced = declarations(blockAfter(theme, theme.indexOf(":root[data-theme='light']")));
    for (const name of darkValues.keys()) expect(forced.get(name), name).toBe(lightValues.get(name));
  });
});
