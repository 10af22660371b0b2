// The asciinema player for one session's cast (its own lazily loaded chunk: the player and its CSS
// are not part of the dashboard's first load). The cast is attacker output: the player renders it
// as terminal text, never as HTML.
import * as AsciinemaPlayer from 'asciinema-player';
import 'asciinema-player/dist/bundle/asciinema-player.css';
import { useEffect, useRef } from 'preact/hooks';

export function ReplayPlayer({ cast }: { cast: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const player = AsciinemaPlayer.create({ data: cast }, el, { fit: 'width', idleTimeLimit: 2, controls: true, autoPlay: true, speed: 1.5 });
    return () => player.dispose();
  }, [cast]);
  return <div ref={ref} class="replay-player" data-testid="replay-player" />;
}
