// Data loading hook: runs `load` when deps change, keeps the last data while reloading, exposes
// loading/error and a reload() for retry buttons and polling. Results of stale runs are dropped.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const run = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const id = ++run.current;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (id !== run.current) return;
        setData(() => value);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (id !== run.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    reload();
    return () => {
      run.current++;
    };
  }, deps);

  return { data, error, loading, reload };
}
