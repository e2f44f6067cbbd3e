/**
 * prism-react-renderer bundles Python, SQL, JSON, Markdown and more, but not bash, TOML or INI. Prism's own
 * language components register themselves on a global `Prism`, so expose the bundled instance first; this
 * module must be imported before the components (ES modules evaluate in import order).
 */
import { Prism } from 'prism-react-renderer';

(globalThis as unknown as { Prism: typeof Prism }).Prism = Prism;
