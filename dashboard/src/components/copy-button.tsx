// Copies a string to the clipboard (Clipboard API, with a selection fallback on plain HTTP).
import { useState } from 'preact/hooks';
import { Icon } from './icons';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'offscreen';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  const copy = async () => {
    setState((await copyText(text)) ? 'done' : 'failed');
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" class="btn btn-sm" onClick={copy} aria-live="polite">
      <Icon name={state === 'done' ? 'check' : 'copy'} size={14} />
      {state === 'done' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
