// The attacker's sessions, each with its command transcript and, for SSH/Telnet, a replay of the
// recorded terminal.
import { useState } from 'preact/hooks';
import type { SessionItem } from '../../api/types';
import { Badge } from '../../components/badge';
import { Transcript } from '../../components/code-block';
import { EmptyState } from '../../components/empty-state';
import { Icon } from '../../components/icons';
import { formatCount } from '../../format/number';
import { formatDateTime, formatDuration } from '../../format/time';
import { oneLine } from '../../format/text';
import { REPLAYABLE, SessionReplay } from './session-replay';

export function AttackerSessions({ sessions }: { sessions: SessionItem[] }) {
  const [open, setOpen] = useState<string | null>(sessions.find((s) => s.commandCount > 0)?.id ?? null);
  const [replay, setReplay] = useState<SessionItem | null>(null);
  if (!sessions.length) return <EmptyState icon="terminal" title="No sessions recorded" />;
  return (
    <>
    {replay && <SessionReplay session={replay} onClose={() => setReplay(null)} />}
    <ul class="session-list">
      {sessions.map((s) => (
        <li key={s.id} class="session">
          <button type="button" class="session-head" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? null : s.id)}>
            <Icon name={open === s.id ? 'chevronDown' : 'chevronRight'} size={14} />
            <span class="strong">{oneLine(s.decky, 40)}</span>
            <Badge>{oneLine(s.service, 24)}</Badge>
            <span class="muted">{formatDateTime(s.startedAt)}</span>
            <span class="muted">{formatDuration(s.durationMs)}</span>
            <span class="session-count">
              {formatCount(s.commandCount)} command{s.commandCount === 1 ? '' : 's'} · {formatCount(s.eventCount)} events
            </span>
          </button>
          {open === s.id && (
            <div class="session-body">
              {REPLAYABLE.has(s.service) && (
                <button type="button" class="btn btn-sm" onClick={() => setReplay(s)}>
                  <Icon name="terminal" size={14} /> Replay
                </button>
              )}
              <Transcript lines={s.commands} />
            </div>
          )}
        </li>
      ))}
    </ul>
    </>
  );
}
