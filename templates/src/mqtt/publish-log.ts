// The `publish` event of a client PUBLISH: topic, QoS/flags, size, a bounded printable preview (DECNET's
// `payload`), the first bytes losslessly in base64 and a SHA-256 of the whole payload.
import { createHash } from 'node:crypto';
import { printableSecret } from '@decnet/protocol';
import type { TemplateContext } from '../template';
import type { MqttConfig } from './config';
import type { Publish } from './parser';

const PREVIEW_BYTES = 256;
const B64_BYTES = 768;

export function logPublish(ctx: TemplateContext<MqttConfig>, m: Publish): void {
  ctx.emit('publish', {
    topic: m.topic.slice(0, 256),
    qos: m.qos,
    retain: m.retain,
    dup: m.dup || undefined,
    packet_id: m.packetId,
    payload_size: m.payload.length,
    payload: printableSecret(m.payload.subarray(0, PREVIEW_BYTES)),
    payload_b64: m.payload.length > 0 ? Buffer.from(m.payload.subarray(0, B64_BYTES)).toString('base64') : undefined,
    payload_truncated: m.payload.length > B64_BYTES || undefined,
    payload_sha256: createHash('sha256').update(m.payload).digest('hex'),
  });
}
