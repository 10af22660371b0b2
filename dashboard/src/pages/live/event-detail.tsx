// Expanded event: every parsed field, the message and the raw RFC 5424 line (as text in <pre>).
import type { EventItem } from '../../api/types';
import { CodeBlock } from '../../components/code-block';
import { FieldTable, KeyValues } from '../../components/field-list';
import { formatDateTime } from '../../format/time';
import { oneLine } from '../../format/text';
import { Link } from '../../router/router';

export function EventDetail({ ev }: { ev: EventItem }) {
  return (
    <div class="event-detail">
      <div class="event-detail-meta">
        <KeyValues
          items={[
            ['Time', formatDateTime(ev.ts)],
            ['Decky', oneLine(ev.decky)],
            ['Service', oneLine(ev.service)],
            ['Event type', oneLine(ev.eventType)],
            ['Source', ev.srcIp ? <Link href={`/attackers?q=${encodeURIComponent(ev.srcIp)}`} class="mono">{`${ev.srcIp}${ev.srcPort ? `:${ev.srcPort}` : ''}`}</Link> : '—'],
            ['Event id', <span class="mono small">{ev.id}</span>],
          ]}
        />
      </div>
      <div class="event-detail-fields">
        <h3 class="section-label">Fields</h3>
        <FieldTable fields={ev.fields} />
      </div>
      <div class="event-detail-raw">
        {ev.msg && <CodeBlock label="Message" text={ev.msg} />}
        <CodeBlock label="Raw line" text={ev.raw} copy />
      </div>
    </div>
  );
}
