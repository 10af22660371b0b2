// SNMP response encoding: GetResponse for v1/v2c (RFC 1157 §4.1, RFC 3416 §3 Response-PDU) and the
// USM discovery report (RFC 3414 §3.2 step 3, RFC 3412 §7.1) an agent sends to an unknown engine ID.
import { concat, encInt, encOctets, encOid, encUnsigned, seq, tlv, TAG } from './ber';
import { PDU } from './parser';

export const ERR = { noError: 0, tooBig: 1, noSuchName: 2, badValue: 3, readOnly: 4, genErr: 5, noAccess: 6, notWritable: 17 } as const;

export type VarBind = [oid: readonly number[], value: Uint8Array];

export const encVarBind = ([oid, value]: VarBind): Uint8Array => seq(encOid(oid), value);

export function responsePdu(tag: number, requestId: number, errorStatus: number, errorIndex: number, varbinds: readonly Uint8Array[]): Uint8Array {
  return tlv(tag, concat([encInt(requestId), encInt(errorStatus), encInt(errorIndex), seq(...varbinds)]));
}

export function communityMessage(version: 0 | 1, community: Uint8Array, pdu: Uint8Array): Uint8Array {
  return seq(encInt(version), encOctets(community), pdu);
}

/** usmStatsUnknownEngineIDs.0 and usmStatsUnknownUserNames.0 (RFC 3414 §5). */
export const USM_UNKNOWN_ENGINE = [1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0];
export const USM_UNKNOWN_USER = [1, 3, 6, 1, 6, 3, 15, 1, 1, 3, 0];

export interface ReportArgs {
  msgId: number;
  requestId: number;
  engineId: Uint8Array;
  boots: number;
  timeS: number;
  userName: Uint8Array;
  counterOid: readonly number[];
  count: number;
}

/**
 * net-snmp's discovery report: msgMaxSize 65507, flags 0 (noAuthNoPriv, not reportable), USM
 * parameters with its engine, boots and time, and the scoped Report-PDU carrying the counter.
 */
export function v3Report(a: ReportArgs): Uint8Array {
  const global = seq(encInt(a.msgId), encInt(65507), encOctets(Uint8Array.of(0)), encInt(3));
  const usm = seq(encOctets(a.engineId), encInt(a.boots), encInt(a.timeS), encOctets(a.userName), encOctets(''), encOctets(''));
  const pdu = responsePdu(PDU.REPORT, a.requestId, 0, 0, [encVarBind([a.counterOid, encUnsigned(TAG.COUNTER32, a.count)])]);
  return seq(encInt(3), global, encOctets(usm), seq(encOctets(a.engineId), encOctets(''), pdu));
}
