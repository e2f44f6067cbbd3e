/**
 * Card Markdown. Raw HTML in a card is shown as text, never parsed (no rehype-raw): decks come from other people.
 * Links open in the system browser; images from the web are not fetched (no remote content).
 */
import { memo, useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import Markdown, { defaultUrlTransform, type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { Element, ElementContent } from 'hast';
import { CodeBlock } from './CodeBlock';
import { RunnablePython } from './RunnablePython';
import { usePlatform } from '../platform/context';
import { MEDIA_SCHEME } from '../../shared/api';

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function fencedCode(pre: Element | undefined): { code: string; language: string } | null {
  const code = pre?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
  if (!code) return null;
  const classes = code.properties.className;
  const languageClass = (Array.isArray(classes) ? classes : []).map(String).find((name) => name.startsWith('language-'));
  return { code: code.children.map(textOf).join(''), language: languageClass?.slice('language-'.length).toLowerCase() ?? '' };
}

/** runnable: Python blocks get Run and Edit (on study cards; off where running would give the answer away). */
/** The app's own media links pass; everything else gets react-markdown's default (no javascript:, no data:). */
function urlTransform(url: string): string {
  return url.startsWith(`${MEDIA_SCHEME}:`) ? url : defaultUrlTransform(url);
}

export const CardMarkdown = memo(function CardMarkdown({ markdown, runnable = false, deckId }: { markdown: string; runnable?: boolean; deckId?: string }) {
  const api = usePlatform();
  const components: Components = {
    pre: ({ node, children }) => {
      const block = fencedCode(node);
      if (!block) return <pre>{children}</pre>;
      if (runnable && (block.language === 'python' || block.language === 'py')) return <RunnablePython code={block.code} />;
      return <CodeBlock code={block.code} language={block.language} />;
    },
    a: ({ href, children }) => (
      <a
        href={href}
        title={href}
        rel="noopener noreferrer"
        onClick={(event: MouseEvent) => {
          event.preventDefault();
          if (href) void api.openExternalLink(href);
        }}
      >
        {children}
      </a>
    ),
    img: ({ alt, src }) =>
      typeof src === 'string' && src.startsWith(`${MEDIA_SCHEME}:`) && deckId ? (
        <MediaImage deckId={deckId} name={decodeURIComponent(src.slice(MEDIA_SCHEME.length + 1))} alt={alt} />
      ) : (
        <ImageNotice alt={alt} src={typeof src === 'string' ? src : undefined} />
      ),
    table: ({ children }) => (
      <div className="table-scroll">
        <table>{children}</table>
      </div>
    ),
  };
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm]} components={components} urlTransform={urlTransform}>
        {markdown}
      </Markdown>
    </div>
  );
});

/** An image imported with the deck, from the user's own media store; a notice if it is missing. */
function MediaImage({ deckId, name, alt }: { deckId: string; name: string; alt: string | undefined }) {
  const api = usePlatform();
  const [url, setUrl] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    api.mediaUrl(deckId, name).then(
      (resolved) => current && setUrl(resolved),
      () => current && setUrl(null),
    );
    return () => {
      current = false;
    };
  }, [api, deckId, name]);
  if (url === undefined) return <span className="image-notice">Loading image…</span>;
  if (url === null) return <span className="image-notice">Image “{name}” is missing from this deck’s media.</span>;
  return <img className="card-image" src={url} alt={alt ?? name} />;
}

function ImageNotice({ alt, src }: { alt: string | undefined; src: string | undefined }): ReactNode {
  return (
    <span className="image-notice" title={src}>
      Image{alt ? ` “${alt}”` : ''} not shown: cards cannot load images from outside the app.
    </span>
  );
}
