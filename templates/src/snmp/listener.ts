// One snmp listener (UDP 161): parses each datagram, logs it (`get_request` with the community as an
// `snmp_community` credential, or `parse_error`), answers a known community from the persona MIB,
// stays silent on a wrong one (net-snmp drops it), and answers v3 discovery with a USM report.
import { credentialFields } from '@decnet/protocol';
import type { DatagramContext, DatagramListener, DatagramListenerContext } from '../datagram';
import { answerCommunity, type ReplyBudget } from './agent';
import { oidString } from './ber';
import type { SnmpConfig } from './config';
import { buildMib } from './mib';
import { parseMessage, pduName, type CommunityMessage, type V3Message } from './parser';
import type { SnmpPersona } from './persona';
import { USM_UNKNOWN_ENGINE, USM_UNKNOWN_USER, v3Report } from './responses';

/** OIDs logged per request (the count is logged too) and the hex bytes of a parse_error. */
const MAX_LOGGED_OIDS = 16;
const MAX_HEX_BYTES = 128;
/**
 * RFC 3417 §3.2: every SNMP engine must accept messages of 484 octets. A real agent answers a Get of
 * sysDescr (or one walk step) with a message of that order whatever the request's size, so such an
 * answer may exceed the runner's reply factor; larger ones become tooBig, and a GetBulk answer never
 * grows past the factor beyond its first varbind (agent.ts). The amplification is at most ~484 bytes.
 */
export const SMALL_REPLY_BYTES = 484;

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const hex = (b: Uint8Array, max = MAX_HEX_BYTES): string => Buffer.from(b.subarray(0, max)).toString('hex');

function logOids(oids: readonly number[][]): { oids: string; oid_count: number } {
  return { oids: oids.slice(0, MAX_LOGGED_OIDS).map(oidString).join(',').slice(0, 2048), oid_count: oids.length };
}

export function createSnmpListener(lctx: DatagramListenerContext<SnmpConfig>): DatagramListener<SnmpConfig> {
  // Every derived persona has its snmp part (registry); a hand-built one without it cannot run snmp.
  const part = (lctx.persona.services as { snmp?: SnmpPersona }).snmp;
  if (!part) throw new Error(`persona of ${lctx.decky} has no snmp part`);
  const mib = buildMib(lctx.persona, part);
  const communities = new Set(lctx.config.community);
  const engineId = Buffer.from(part.engineIdHex, 'hex');
  const counters = { unknownEngine: 0, unknownUser: 0 };
  const budgetFor = (reqLen: number): ReplyBudget => ({
    factorCap: Math.min(lctx.limits.maxDatagramBytes, lctx.limits.replyFactor * reqLen),
    smallCap: Math.min(lctx.limits.maxDatagramBytes, SMALL_REPLY_BYTES),
    maxRepetitions: lctx.config.max_repetitions,
  });

  const community = (msg: CommunityMessage, size: number, ctx: DatagramContext<SnmpConfig>): void => {
    const name = latin1(msg.community);
    const ok = communities.has(name);
    const answer = ok ? answerCommunity(msg, mib, ctx.now().getTime(), budgetFor(size)) : undefined;
    const sent = answer ? ctx.reply(answer.bytes, answer.large ? { protocolBehaviour: true } : undefined) : false;
    ctx.emit('get_request', {
      version: msg.version === 0 ? 'v1' : 'v2c', community: name.slice(0, 128), pdu: pduName(msg.pdu.type), request_id: msg.pdu.requestId,
      ...logOids(msg.pdu.oids),
      ...(msg.pdu.type === 0xa5 ? { non_repeaters: msg.pdu.errorStatus, max_repetitions: msg.pdu.errorIndex } : {}),
      answered: sent ? 1 : 0, ...(answer ? { varbinds: answer.varbinds, error_status: answer.errorStatus } : {}),
      ...credentialFields(name.slice(0, 128), msg.community, 'snmp_community', ok ? 'success' : 'failure'),
    });
  };

  const v3 = (msg: V3Message, size: number, ctx: DatagramContext<SnmpConfig>): void => {
    const user = latin1(msg.userName).slice(0, 128);
    let sent = false;
    let report: string | undefined;
    // RFC 3412 §7.2 step 3 / RFC 3414 §3.2: only a reportable message gets a report; agents without
    // v3 (the Windows SNMP service, this persona's PLC) drop it.
    if (engineId.length > 0 && msg.securityModel === 3 && (msg.flags & 0x04) !== 0) {
      const known = Buffer.compare(Buffer.from(msg.engineId), engineId) === 0;
      report = known ? 'unknown_user' : 'unknown_engine_id';
      const count = known ? ++counters.unknownUser : ++counters.unknownEngine;
      const now = ctx.now().getTime();
      const bytes = v3Report({
        msgId: msg.msgId, requestId: msg.pdu?.requestId ?? 0, engineId, boots: part.engineBoots,
        timeS: Math.max(0, Math.floor((now - lctx.persona.shell.bootedAtMs) / 1000) - part.agentStartDelayS),
        userName: known ? msg.userName.subarray(0, 32) : new Uint8Array(0), counterOid: known ? USM_UNKNOWN_USER : USM_UNKNOWN_ENGINE, count,
      });
      const cap = budgetFor(size);
      sent = bytes.length <= cap.smallCap && ctx.reply(bytes, bytes.length > cap.factorCap ? { protocolBehaviour: true } : undefined);
    }
    ctx.emit('get_request', {
      version: 'v3', principal: user, engine_id: hex(msg.engineId, 32), msg_flags: msg.flags, security_model: msg.securityModel,
      ...(msg.pdu ? { pdu: pduName(msg.pdu.type), request_id: msg.pdu.requestId, ...logOids(msg.pdu.oids) } : { encrypted: (msg.flags & 0x02) !== 0 ? 1 : 0 }),
      answered: sent ? 1 : 0, ...(report ? { report } : {}),
    });
  };

  return {
    onDatagram(bytes, ctx) {
      const r = parseMessage(bytes);
      if (!r.ok) {
        ctx.emit('parse_error', { error: r.error, size_bytes: bytes.length, data: hex(bytes) });
        return;
      }
      if (r.msg.version === 3) v3(r.msg, bytes.length, ctx);
      else community(r.msg, bytes.length, ctx);
    },
  };
}
