import { useState } from 'react';
import { Highlight } from 'prism-react-renderer';
import { prismLanguage } from '../code/highlight';
import { codeTheme } from '../code/code-themes';
import { useCodeTheme, useColorScheme } from '../hooks/useColorScheme';

const LANGUAGE_LABELS: Record<string, string> = { python: 'Python', py: 'Python', text: 'Output', bash: 'Shell', sql: 'SQL', json: 'JSON', toml: 'TOML', ini: 'INI' };

export function CodeBlock({ code, language }: { code: string; language: string }) {
  const scheme = useColorScheme();
  const theme = codeTheme(useCodeTheme(), scheme);
  const [copied, setCopied] = useState(false);
  const grammar = prismLanguage(language);
  const lines = code.replace(/\n$/, '');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(lines);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };

  return (
    <figure className={`code-block code-block--${grammar}`} data-language={grammar}>
      <figcaption className="code-block__bar">
        <span className="code-block__language">{LANGUAGE_LABELS[language] ?? (language || 'Code')}</span>
        <button type="button" className="code-block__copy" onClick={copy} aria-label="Copy code" tabIndex={-1}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </figcaption>
      <Highlight theme={theme} code={lines} language={grammar}>
        {({ className, style, tokens, getLineProps, getTokenProps }) => (
          <pre className={`${className} code-block__pre`} style={{ ...style, background: 'transparent' }}>
            <code>
              {tokens.map((line, lineIndex) => {
                const { key: _lineKey, ...lineProps } = { key: lineIndex, ...getLineProps({ line }) };
                return (
                  <span key={lineIndex} {...lineProps} className={`${lineProps.className ?? ''} code-line`}>
                    {tokens.length > 1 && <span className="code-line__number" aria-hidden="true">{lineIndex + 1}</span>}
                    <span className="code-line__text">
                      {line.map((token, tokenIndex) => (
                        <span key={tokenIndex} {...getTokenProps({ token })} />
                      ))}
                      {'\n'}
                    </span>
                  </span>
                );
              })}
            </code>
          </pre>
        )}
      </Highlight>
    </figure>
  );
}
