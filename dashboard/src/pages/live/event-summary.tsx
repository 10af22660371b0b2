// One event as a compact line (overview feed): time, decky/service, type, source, key fields.
import type { EventItem } from '../../api/types';
import { Badge } from '../../components/badge';
import { FieldPills } from '../../components/field-list';
import { formatClock } from '../../format/time';
import { oneLine } from '../../format/text';
import { eventTone } from './event-tone';

export function EventSummaryRow({ ev }: { ev: EventItem }) {
  return (
    <li class="feed-row">
      <span class="feed-ts mono">{formatClock(ev.ts)}</span>
      <span class="feed-where">
        <span class="feed-decky">{oneLine(ev.decky, 40)}</span>
        <Badge>{oneLine(ev.service, 24)}</Badge>
      </span>
      <Badge tone={eventTone(ev.eventType)}>{oneLine(ev.eventType, 32)}</Badge>
      <span class="feed-src mono">{ev.srcIp ?? '—'}</span>
      <span class="feed-fields">
        <FieldPills fields={ev.fields} max={3} />
      </span>
    </li>
  );
}
