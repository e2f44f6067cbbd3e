/**
 * A modal <dialog> for the study-mode forms: focus moves in and comes back when it closes, Escape and the
 * backdrop close it, and keys typed inside never reach the study screen's shortcuts behind it.
 */
import { useRef, type ReactNode } from 'react';
import { handleModalKeyDown, useModalDialog } from '../../components/modal';

interface ModalDialogProps {
  title: string;
  /** Used for the heading's id and the test id. */
  name: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}

export function ModalDialog({ title, name, onClose, children, wide = false }: ModalDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModalDialog(dialog, (element) => element.querySelector<HTMLElement>('[autofocus], input, select, button'));
  return (
    <dialog
      ref={dialog}
      className={`modal mode-dialog ${wide ? 'mode-dialog--wide' : ''}`}
      aria-labelledby={`${name}-title`}
      data-testid={name}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => handleModalKeyDown(event, onClose)}
      onClick={(event) => {
        if (event.target === dialog.current) onClose();
      }}
    >
      <div className="mode-dialog__content">
        <div className="modal__header">
          <h2 id={`${name}-title`}>{title}</h2>
          <button type="button" className="button button--small" onClick={onClose}>
            Close
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}
