// Hook: the newest live events (newest first, bounded), optionally filtered and pausable.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EventItem } from '../api/types';
import { subscribeLive } from './live-hub';
import { prependBounded } from './buffer';

export function useLiveEvents(opts: { max: number; accept?: (ev: EventItem) => boolean; paused?: boolean; seed?: EventItem[] }) {
  const [events, setEvents] = useState<EventItem[]>([]);
  const [missed, setMissed] = useState(0);
  const optsRef = useRef(opts);
  optsRef.current = opts;

  useEffect(() => {
    if (opts.seed) setEvents(opts.seed.slice(0, opts.max));
  }, [opts.seed, opts.max]);

  useEffect(() => {
    if (opts.accept) setEvents((prev) => prev.filter(opts.accept!));
  }, [opts.accept]);

  useEffect(
    () =>
      subscribeLive((ev) => {
        const o = optsRef.current;
        if (o.accept && !o.accept(ev)) return;
        if (o.paused) {
          setMissed((n) => n + 1);
          return;
        }
        setEvents((prev) => prependBounded(prev, ev, o.max));
      }),
    [],
  );

  useEffect(() => {
    if (!opts.paused) setMissed(0);
  }, [opts.paused]);

  return { events, setEvents, missed };
}
