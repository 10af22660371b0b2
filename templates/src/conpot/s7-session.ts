// One ISO-TSAP (102) connection to the PLC persona: COTP CR/CC (a TSAP naming another slot, or a
// CPU without S7comm, gets a DR), S7 Setup Communication, SZL reads answered from the persona, read
// var from the process image, write var acknowledged and logged as intent, clock reads; CPU control
// (stop, PI service) and session passwords (captured) logged as `warning`; everything else the
// "function not implemented" error (0x8104).
import { randomInt } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { bytesToHex, credentialFields } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { ConpotConfig } from './config';
import { ProcessImage } from './process';
import { answerVar } from './s7-var';
import { ackData, bcdClock, parseS7, ROSCTR, szl0011, szl001c, szl0424, szlIndexRecords, szlPayload, userdataItem, userdataResponse, type S7Pdu } from './s7-wire';
import { connectConfirm, dataTpdu, disconnectRequest, TpktReader, type ConnectRequest } from './tpkt';

const MAX_REQUESTS = 5000;
const NOT_IMPLEMENTED = 0x8104;
const SZL_NOT_AVAILABLE = 0xd401;
const NO_PASSWORD_TO_SET = 0xd605;

/** The 8-byte session password as clients obfuscate it (b0,b1 ^ 0x55; bn ^ 0x55 ^ b(n-2) encoded), trailing blanks cut. */
export function decodeS7Password(enc: Buffer): string {
  const out = Buffer.alloc(enc.length);
  for (let i = 0; i < enc.length; i++) out[i] = (enc[i] ?? 0) ^ 0x55 ^ (i >= 2 ? (enc[i - 2] ?? 0) : 0);
  return out.toString('latin1').replace(/[ \0]+$/, '');
}

export function createS7Session(stream: Duplex, ctx: TemplateContext<ConpotConfig>): SessionHandle {
  const p = ctx.persona.services.conpot;
  const image = new ProcessImage(p.process, p.processSeed, ctx.persona.seed, 27648);
  const reader = new TpktReader();
  const ourRef = randomInt(1, 0xffff);
  let state: 'cotp' | 'setup' | 'ready' = 'cotp';
  let pduSize = 240;
  let requests = 0;
  const emit = (fields: Record<string, string | number | undefined>, msgid: 'request' | 'warning' = 'request'): void => ctx.emit(msgid, { protocol: 's7comm', ...fields });

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      reader.push(chunk);
      for (let ev = reader.next(); ev && !io.closed; ev = reader.next()) {
        if (++requests > MAX_REQUESTS) return io.destroy('request_limit');
        if (ev.kind === 'bad') {
          ctx.emit('protocol_error', { protocol: 's7comm', error: ev.reason, length: ev.length });
          return io.destroy('bad_tpkt');
        }
        if (ev.kind === 'dr') return io.end();
        if (ev.kind === 'other') {
          ctx.emit('protocol_error', { protocol: 's7comm', error: 'unexpected tpdu', tpdu_code: ev.code });
          return io.destroy('bad_tpdu');
        }
        if (ev.kind === 'cr') {
          if (state !== 'cotp') return io.destroy('second_cr');
          connect(ev.cr);
          continue;
        }
        if (state === 'cotp') return io.destroy('data_before_cc');
        const pdu = parseS7(ev.pdu);
        if (!pdu) {
          ctx.emit('protocol_error', { protocol: 's7comm', error: 'not s7comm', head_hex: bytesToHex(ev.pdu.subarray(0, 16)) });
          return io.destroy('bad_s7');
        }
        handle(pdu);
      }
    },
  });

  function connect(cr: ConnectRequest): void {
    const dst = cr.dstTsap;
    const fields = { pdu_type: 'cotp_cr', tsap_src: cr.srcTsap ? bytesToHex(cr.srcTsap) : undefined, tsap_dst: dst ? bytesToHex(dst) : undefined };
    // Remote TSAP: connection type, then rack (3 bits) and slot (5 bits); the CPU sits in rack 0.
    const slot = dst && dst.length === 2 && (dst[1] ?? 0) >> 5 === 0 ? (dst[1] ?? 0) & 0x1f : -1;
    if (!p.s7 || !p.s7.slots.includes(slot)) {
      emit({ ...fields, result: 'refused' });
      return io.end(disconnectRequest(cr.srcRef, ourRef, dst ? 0x03 : 0x85));
    }
    emit({ ...fields, result: 'accepted' });
    state = 'setup';
    io.write(connectConfirm(cr, ourRef, Math.min(cr.tpduSize ?? 0x0a, 0x0a)));
  }

  const reply = (pdu: Buffer): void => io.write(dataTpdu(pdu));

  function handle(pdu: S7Pdu): void {
    const fn = pdu.param[0] ?? -1;
    if (pdu.rosctr === ROSCTR.JOB && fn === 0xf0 && pdu.param.length >= 8) {
      const s7 = p.s7 ?? { maxPdu: 240, maxAmq: 1 };
      const amqCalling = Math.max(1, Math.min(pdu.param.readUInt16BE(2), s7.maxAmq));
      const amqCalled = Math.max(1, Math.min(pdu.param.readUInt16BE(4), s7.maxAmq));
      pduSize = Math.max(240, Math.min(pdu.param.readUInt16BE(6), s7.maxPdu));
      emit({ pdu_type: 'setup', pdu_size: pdu.param.readUInt16BE(6), negotiated: pduSize });
      state = 'ready';
      const param = Buffer.from([0xf0, 0x00, amqCalling >> 8, amqCalling & 0xff, amqCalled >> 8, amqCalled & 0xff, pduSize >> 8, pduSize & 0xff]);
      return reply(ackData(pdu.pduRef, param, Buffer.alloc(0)));
    }
    // A CPU drops a connection that skips Setup Communication.
    if (state !== 'ready') return io.destroy('no_setup');
    if (pdu.rosctr === ROSCTR.USERDATA) return userdata(pdu);
    if (pdu.rosctr !== ROSCTR.JOB) return io.destroy('unexpected_rosctr');
    if (fn === 0x04 || fn === 0x05) {
      const a = answerVar(pdu.param, pdu.data, fn === 0x05, image, ctx.now().getTime(), pduSize - 14);
      for (const f of a.items) emit({ pdu_type: fn === 0x04 ? 'read_var' : 'write_var', intent: fn === 0x04 ? 'read' : 'write', ...f });
      return reply(ackData(pdu.pduRef, a.param, a.data, a.error));
    }
    if (fn === 0x29 || fn === 0x28) {
      // PLC STOP / PI service (start, compress, copy RAM to ROM): the attacker wants to change the CPU's state.
      const service = fn === 0x28 ? pdu.param.subarray(10).toString('latin1').replace(/[^\x20-\x7e]/g, '').slice(0, 32) : 'P_PROGRAM';
      emit({ pdu_type: 'job', function: fn === 0x29 ? 'plc_stop' : 'pi_service', service, intent: 'control' }, 'warning');
      return reply(ackData(pdu.pduRef, Buffer.from([fn]), Buffer.alloc(0)));
    }
    emit({ pdu_type: 'job', function_code: fn, intent: fn >= 0x1a && fn <= 0x1f ? 'block_transfer' : 'other', result: 'not_implemented' }, fn >= 0x1a && fn <= 0x1f ? 'warning' : 'request');
    return reply(ackData(pdu.pduRef, Buffer.alloc(0), Buffer.alloc(0), NOT_IMPLEMENTED));
  }

  function userdata(pdu: S7Pdu): void {
    const prm = pdu.param;
    if (prm.length < 8 || prm[0] !== 0x00 || prm[1] !== 0x01 || prm[2] !== 0x12) return io.destroy('bad_userdata');
    const group = (prm[5] ?? 0) & 0x0f;
    const subfn = prm[6] ?? 0;
    const seq = prm[7] ?? 0;
    const maxPayload = pduSize - 10 - 12 - 4;
    if (group === 4 && subfn === 1) {
      const id = pdu.data.length >= 8 ? pdu.data.readUInt16BE(4) : -1;
      const index = pdu.data.length >= 8 ? pdu.data.readUInt16BE(6) : -1;
      const records = szlRecords(id, index);
      emit({ pdu_type: 'szl_read', szl_id: `0x${id.toString(16).padStart(4, '0')}`, szl_index: `0x${index.toString(16).padStart(4, '0')}`, intent: 'identify', result: records ? 'ok' : 'not_available' });
      if (!records) return reply(userdataResponse(pdu.pduRef, group, subfn, seq, userdataItem(Buffer.alloc(0), 0x0a), SZL_NOT_AVAILABLE));
      return reply(userdataResponse(pdu.pduRef, group, subfn, seq, userdataItem(szlPayload(id, index, records, maxPayload))));
    }
    if (group === 7 && subfn === 1) {
      emit({ pdu_type: 'userdata', function: 'read_clock', intent: 'read' });
      return reply(userdataResponse(pdu.pduRef, group, subfn, seq, userdataItem(bcdClock(ctx.now()))));
    }
    if (group === 5 && subfn === 1 && pdu.data.length >= 12) {
      // Set session password: no protection level is configured, so the CPU answers "no password to set".
      const plain = decodeS7Password(pdu.data.subarray(4, 12));
      emit({ pdu_type: 'userdata', function: 'set_password', intent: 'password', ...credentialFields('', plain, 'plaintext', 'failure') }, 'warning');
      return reply(userdataResponse(pdu.pduRef, group, subfn, seq, userdataItem(Buffer.alloc(0), 0x0a), NO_PASSWORD_TO_SET));
    }
    emit({ pdu_type: 'userdata', function_group: group, sub_function: subfn, intent: group === 5 ? 'password' : 'other', result: 'not_implemented' }, group === 5 ? 'warning' : 'request');
    return reply(userdataResponse(pdu.pduRef, group, subfn, seq, userdataItem(Buffer.alloc(0), 0x0a), NOT_IMPLEMENTED));
  }

  function szlRecords(id: number, index: number): Array<[number, Buffer]> | undefined {
    const pickIndex = (all: Array<[number, Buffer]>): Array<[number, Buffer]> | undefined => {
      const one = all.filter(([i]) => i === index);
      return one.length ? one : undefined;
    };
    switch (id) {
      case 0x0000:
        return szlIndexRecords();
      case 0x0011:
        return szl0011(p);
      case 0x0111:
        return pickIndex(szl0011(p));
      case 0x001c:
        return szl001c(p);
      case 0x011c:
        return pickIndex(szl001c(p));
      case 0x0424:
        return szl0424(ctx.persona.shell.bootedAtMs);
      default:
        return undefined;
    }
  }

  return { close: (reason) => io.destroy(reason) };
}
