import './prism-languages';
import 'prismjs/components/prism-bash';
import 'prismjs/components/prism-toml';
import 'prismjs/components/prism-ini';
import { Prism } from 'prism-react-renderer';

const ALIASES: Record<string, string> = { py: 'python', sh: 'bash', shell: 'bash', console: 'bash', zsh: 'bash', yml: 'yaml', txt: 'text' };

/** The Prism grammar name for a fence's language, or 'text' when Prism has no grammar for it. */
export function prismLanguage(language: string): string {
  const name = ALIASES[language] ?? language;
  return name in Prism.languages ? name : 'text';
}
