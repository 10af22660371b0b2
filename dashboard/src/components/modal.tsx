// Modal dialog on the native <dialog> element: focus is trapped by the browser, Escape closes,
// focus returns to the opener. ConfirmModal asks before destructive actions.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorLine } from '../format/errors';
import { Icon } from './icons';
import { Spinner } from './spinner';

interface ModalProps {
  title: ComponentChildren;
  onClose(): void;
  children: ComponentChildren;
  footer?: ComponentChildren;
  wide?: boolean;
}

export function Modal({ title, onClose, children, footer, wide }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const dlg = ref.current;
    if (dlg && !dlg.open) dlg.showModal();
    return () => {
      dlg?.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={`modal${wide ? ' modal-wide' : ''}`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose(); // backdrop click
      }}
    >
      <div class="modal-inner">
        <header class="modal-head">
          <h2>{title}</h2>
          <button type="button" class="btn btn-icon btn-ghost" aria-label="Close" onClick={onClose}>
            <Icon name="close" />
          </button>
        </header>
        <div class="modal-body">{children}</div>
        {footer && <footer class="modal-foot">{footer}</footer>}
      </div>
    </dialog>
  );
}

interface ConfirmProps {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}

export function ConfirmModal({ title, children, confirmLabel, danger, onConfirm, onClose }: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled={busy} onClick={go}>
            {busy && <Spinner size={14} />} {confirmLabel}
          </button>
        </>
      }
    >
      <div class="stack">
        {children}
        {error && <p class="form-error" role="alert">{error}</p>}
      </div>
    </Modal>
  );
}
