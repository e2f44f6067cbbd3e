/**
 * What every modal <dialog> of the app does: opens as a modal (the page behind turns inert), gives focus back to
 * where it was when it closes, keeps Tab inside, closes on Escape, and keeps its keys from reaching the study
 * screen's shortcuts behind it (a digit typed in a dialog must never grade a card).
 */
import { useEffect, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from 'react';

const FOCUSABLE = 'button:not(:disabled), [href], input:not(:disabled), select, textarea, [tabindex]:not([tabindex="-1"])';

/** Opens the dialog as a modal when it mounts; `focusFirst` picks what gets focus then (default: the browser's). */
export function useModalDialog(dialog: RefObject<HTMLDialogElement | null>, focusFirst?: (element: HTMLDialogElement) => HTMLElement | null | undefined): void {
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!element.open) element.showModal();
    focusFirst?.(element)?.focus();
    return () => {
      if (element.open) element.close();
      // Back to where the user was, if that is still on the page.
      if (previous?.isConnected) previous.focus();
    };
    // Once per mount: a dialog opens when it appears and closes when it goes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}

/** The dialog's onKeyDown: Escape closes, Tab wraps around, and no key leaves the dialog. */
export function handleModalKeyDown(event: ReactKeyboardEvent<HTMLDialogElement>, close: () => void): void {
  event.stopPropagation();
  if (event.key === 'Escape') {
    event.preventDefault();
    close();
  } else if (event.key === 'Tab') {
    // The page behind is inert, but Tab could still leave for the browser's own UI. In a radio group only the
    // checked radio takes part in Tab order.
    const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (element) => !(element instanceof HTMLInputElement && element.type === 'radio' && !element.checked),
    );
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
