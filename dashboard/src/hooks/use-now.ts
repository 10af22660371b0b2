// The current time, refreshed every `ms` (default 15 s), for relative timestamps.
import { useEffect, useState } from 'preact/hooks';

export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
