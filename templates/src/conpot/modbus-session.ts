// One Modbus/TCP connection to the PLC persona: ADUs in, answers out, one `request` event per
// request. A malformed length ends the connection as a PLC's TCP stack does; a short fragment left
// alone (nmap's "\r\n\r\n" probe) is answered as embedded stacks answer a short segment: exception 01.
import type { Duplex } from 'node:stream';
import { bytesToHex } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { ConpotConfig } from './config';
import { encodeAdu, MbapReader } from './mbap';
import { answerModbus, EXC } from './modbus';
import { ProcessImage } from './process';

/** A partial ADU with no function code yet, idle this long, is answered as a whole (short) segment. */
const SHORT_SEGMENT_MS = 400;
/** Requests answered per connection before it is closed (modbus-discover opens one per request). */
const MAX_REQUESTS = 5000;

export function createModbusSession(stream: Duplex, ctx: TemplateContext<ConpotConfig>): SessionHandle {
  const p = ctx.persona.services.conpot;
  const image = new ProcessImage(p.process, p.processSeed, ctx.persona.seed, p.vendor === 'siemens' ? 27648 : 10000);
  const reader = new MbapReader();
  let requests = 0;
  let stall: NodeJS.Timeout | undefined;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      clearTimeout(stall);
      reader.push(chunk);
      for (let f = reader.next(); f; f = reader.next()) {
        if (f.kind === 'bad') {
          ctx.emit('protocol_error', { protocol: 'modbus', error: 'bad mbap length', length: f.length, head_hex: bytesToHex(f.head) });
          return io.destroy('bad_mbap');
        }
        const { tid, pid, unit, pdu } = f.adu;
        if (++requests > MAX_REQUESTS) return io.destroy('request_limit');
        const a = answerModbus(pdu, unit, p, image, ctx.now().getTime());
        ctx.emit('request', { ...a.fields, transaction_id: tid, protocol_id: pid !== 0 ? pid : undefined });
        io.write(encodeAdu(tid, pid, unit, a.pdu));
      }
      if (reader.pending > 0 && reader.pending < 8) {
        stall = setTimeout(shortSegment, SHORT_SEGMENT_MS);
        stall.unref?.();
      }
    },
    onClose: () => clearTimeout(stall),
  });

  function shortSegment(): void {
    if (io.closed) return;
    const head = reader.takePartial();
    const at = (i: number): number => head[i] ?? 0;
    const fc = at(7) & 0x7f;
    ctx.emit('protocol_error', { protocol: 'modbus', error: 'short adu', head_hex: bytesToHex(head) });
    io.write(encodeAdu((at(0) << 8) | at(1), (at(2) << 8) | at(3), at(6), Buffer.from([fc | 0x80, EXC.ILLEGAL_FUNCTION])));
  }

  return {
    close: (reason) => {
      clearTimeout(stall);
      io.destroy(reason);
    },
  };
}
