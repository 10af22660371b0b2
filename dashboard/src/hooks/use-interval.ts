// Runs `fn` every `ms` while mounted (and `enabled`); pauses while the tab is hidden.
import { useEffect, useRef } from 'preact/hooks';

export function useInterval(fn: () => void, ms: number, enabled = true): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!enabled) return;
    const id = setInterval(() => {
      if (document.visibilityState !== 'hidden') ref.current();
    }, ms);
    return () => clearInterval(id);
  }, [ms, enabled]);
}

