// Bus message envelope `{v:1,id,ts,type,payload}` (DESIGN §2.2), its builder and a total
// decoder. The topic travels in MQTT, never in the body, so a payload cannot spoof it.
import { z } from 'zod';
import { randomEventId } from '../events/event';

/** Largest encoded envelope a bus client accepts (DECNET's bus body cap). */
export const ENVELOPE_MAX_BYTES = 1024 * 1024;

export const EnvelopeSchema = z.object({
  v: z.literal(1),
  id: z.string().min(1).max(128),
  /** ISO 8601 UTC. */
  ts: z.iso.datetime({ offset: true }),
  /** Dotted event type, e.g. `decky.state`, `worker.health`. */
  type: z.string().min(1).max(128),
  payload: z.unknown(),
});

export interface Envelope<T = unknown> {
  v: 1;
  id: string;
  ts: string;
  type: string;
  payload: T;
}

/** Schema of an envelope whose payload is validated by `payload`. */
export function envelopeOf<P extends z.ZodType>(payload: P) {
  return EnvelopeSchema.extend({ payload });
}

export interface MakeEnvelopeOptions {
  id?: string;
  /** Epoch milliseconds; default now. */
  nowMs?: number;
}

export function makeEnvelope<T>(type: string, payload: T, options: MakeEnvelopeOptions = {}): Envelope<T> {
  return {
    v: 1,
    id: options.id ?? randomEventId(),
    ts: new Date(options.nowMs ?? Date.now()).toISOString(),
    type,
    payload,
  };
}

export type DecodeResult<T> = { ok: true; envelope: Envelope<T> } | { ok: false; error: string };

/**
 * Decode a bus message (bytes or text); never throws. Without a payload schema the payload is
 * `unknown` and must be validated by the consumer.
 */
export function decodeEnvelope<P extends z.ZodType = z.ZodUnknown>(
  data: Uint8Array | string,
  payloadSchema?: P,
): DecodeResult<z.infer<P>> {
  const size = typeof data === 'string' ? data.length : data.byteLength;
  if (size > ENVELOPE_MAX_BYTES) return { ok: false, error: `envelope larger than ${ENVELOPE_MAX_BYTES} bytes` };
  let json: unknown;
  try {
    const text = typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data);
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'envelope is not UTF-8 JSON' };
  }
  const schema = payloadSchema ? envelopeOf(payloadSchema) : EnvelopeSchema;
  const r = schema.safeParse(json);
  if (!r.success) return { ok: false, error: z.prettifyError(r.error) };
  return { ok: true, envelope: r.data as Envelope<z.infer<P>> };
}

export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}
