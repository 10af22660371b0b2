// Timeline of the attacker's latest events; each entry expands to its fields and raw line.
import { useState } from 'preact/hooks';
import type { EventItem } from '../../api/types';
import { Badge } from '../../components/badge';
import { EmptyState } from '../../components/empty-state';
import { FieldPills } from '../../components/field-list';
import { Icon } from '../../components/icons';
import { formatDateTime } from '../../format/time';
import { oneLine } from '../../format/text';
import { EventDetail } from '../live/event-detail';
import { eventTone } from '../live/event-tone';

export function AttackerTimeline({ events }: { events: EventItem[] }) {
  const [open, setOpen] = useState<string | null>(null);
  if (!events.length) return <EmptyState icon="clock" title="No events recorded" />;
  return (
    <ol class="timeline">
      {events.map((ev) => (
        <li key={ev.id} class={`timeline-item tone-${eventTone(ev.eventType)}`}>
          <button type="button" class="timeline-head" aria-expanded={open === ev.id} onClick={() => setOpen(open === ev.id ? null : ev.id)}>
            <span class="timeline-ts mono">{formatDateTime(ev.ts)}</span>
            <Badge tone={eventTone(ev.eventType)}>{oneLine(ev.eventType, 32)}</Badge>
            <span class="timeline-where">
              {oneLine(ev.decky, 40)} · {oneLine(ev.service, 24)}
            </span>
            <span class="timeline-fields">
              <FieldPills fields={ev.fields} max={3} />
            </span>
            <Icon name={open === ev.id ? 'chevronDown' : 'chevronRight'} size={14} />
          </button>
          {open === ev.id && <EventDetail ev={ev} />}
        </li>
      ))}
    </ol>
  );
}
