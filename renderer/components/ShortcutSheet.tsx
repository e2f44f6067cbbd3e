/**
 * The keyboard shortcut sheet: every shortcut in one dialog, opened with `?` (or Ctrl/⌘+/, Help → Keyboard
 * Shortcuts in the desktop menu, or the app bar's button). A modal <dialog> keeps focus inside; Escape closes it
 * and focus returns to where it was.
 */
import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import { usePlatform } from '../platform/context';
import { handleModalKeyDown, useModalDialog } from './modal';
import './ShortcutSheet.css';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const MOD = isMac ? '⌘' : 'Ctrl';

type Keys = string[][];

interface Shortcut {
  /** Alternatives, each a combination of keys: [['Space'], ['Enter']] is "Space or Enter". */
  keys: Keys;
  action: string;
}

interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
  desktopOnly?: boolean;
}

export const SHORTCUT_GROUPS: ShortcutGroup[] = [
  {
    title: 'Studying',
    shortcuts: [
      { keys: [['Space'], ['Enter']], action: 'Show the answer' },
      { keys: [['1']], action: 'Grade: Again' },
      { keys: [['2']], action: 'Grade: Hard' },
      { keys: [['3']], action: 'Grade: Good' },
      { keys: [['4']], action: 'Grade: Easy' },
      { keys: [['U'], [MOD, 'Z']], action: 'Undo the last grade' },
      { keys: [['Esc']], action: 'Back to the decks' },
      { keys: [[MOD, 'Enter']], action: 'Run the code being edited' },
    ],
  },
  {
    title: 'Mock interview',
    shortcuts: [
      { keys: [['Space'], ['Enter']], action: 'Show the model answer (outside the notes box)' },
      { keys: [['1'], ['2'], ['3'], ['4']], action: 'Grade your answer' },
      { keys: [['Esc']], action: 'Leave the notes box; again: end the interview' },
    ],
  },
  {
    title: 'Decks and browsing',
    shortcuts: [
      { keys: [['Enter']], action: 'Study the focused deck' },
      { keys: [['/']], action: 'Search cards (in Browse)' },
    ],
  },
  {
    title: 'Anywhere',
    shortcuts: [
      { keys: [['?'], [MOD, '/']], action: 'Show this list of shortcuts' },
      { keys: [['Esc']], action: 'Close a dialog' },
    ],
  },
  {
    title: 'Desktop app menu',
    desktopOnly: true,
    shortcuts: [
      { keys: [[MOD, 'I']], action: 'Import decks' },
      { keys: [[MOD, 'R']], action: 'Reload decks' },
      { keys: [[MOD, 'Shift', 'O']], action: 'Open my decks folder' },
      { keys: [[MOD, 'D']], action: 'Go to the decks' },
    ],
  },
];

function KeyCombos({ keys }: { keys: Keys }): ReactNode {
  return keys.map((combo, index) => (
    <Fragment key={index}>
      {index > 0 && <span className="shortcut-sheet__or"> or </span>}
      {combo.map((key, keyIndex) => (
        <Fragment key={keyIndex}>
          {keyIndex > 0 && '+'}
          <kbd>{key}</kbd>
        </Fragment>
      ))}
    </Fragment>
  ));
}

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const api = usePlatform();
  const dialog = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useModalDialog(dialog, () => closeButton.current);

  return (
    <dialog
      ref={dialog}
      className="modal shortcut-sheet"
      aria-labelledby="shortcut-sheet-title"
      data-testid="shortcut-sheet"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => handleModalKeyDown(event, onClose)}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes the sheet.
        if (event.target === dialog.current) onClose();
      }}
    >
      <div className="shortcut-sheet__content">
        <div className="modal__header">
          <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
          <button type="button" className="button button--small" ref={closeButton} onClick={onClose}>
            Close
          </button>
        </div>
        <div className="shortcut-sheet__groups">
          {SHORTCUT_GROUPS.filter((group) => !group.desktopOnly || api.platform === 'electron').map((group) => (
            <table className="shortcut-sheet__group" key={group.title}>
              <caption>{group.title}</caption>
              <tbody>
                {group.shortcuts.map((shortcut) => (
                  <tr key={shortcut.action}>
                    <th scope="row">
                      <KeyCombos keys={shortcut.keys} />
                    </th>
                    <td>{shortcut.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      </div>
    </dialog>
  );
}

/** Opens the sheet on `?` (and Ctrl/⌘+/), unless the user is typing. */
export function useShortcutSheetKey(open: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const question = event.key === '?' && !event.ctrlKey && !event.metaKey;
      const modSlash = event.key === '/' && (event.ctrlKey || event.metaKey);
      if (question || modSlash) {
        event.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
}
