// Events the agent itself emits into the upload stream (not a template's): a spool drop and a
// quarantined poison event (protocol's AGENT_MSGIDS catalogue them).
import { AGENT_SERVICE, randomEventId, type AgentMsgid, type ServiceEvent } from '@decnet/protocol';

export { AGENT_SERVICE };
export const AGENT_EVENT_TYPES = ['spool_dropped', 'event_quarantined'] as const satisfies readonly AgentMsgid[];
export type AgentEventType = (typeof AGENT_EVENT_TYPES)[number];

export function agentEvent(host: string, eventType: AgentEventType, fields: Record<string, string>, nowMs = Date.now()): ServiceEvent {
  const ts = new Date(nowMs).toISOString();
  const sd = Object.entries(fields)
    .map(([k, v]) => `${k}="${v.replace(/["\\\]]/g, '\\$&')}"`)
    .join(' ');
  return {
    id: randomEventId(),
    ts,
    decky: host,
    service: AGENT_SERVICE,
    eventType,
    fields,
    // RFC 5424 form of the same event, like every template's line (facility local0, warning).
    raw: `<132>1 ${ts} ${host} ${AGENT_SERVICE} - ${eventType} [relay@55555 ${sd}]`,
  };
}
