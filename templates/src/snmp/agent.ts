// The command responder (RFC 3413 §3.2) over the persona MIB for v1/v2c: Get, GetNext, GetBulk and a
// refused Set, with v1's noSuchName and v2c's exception values (RFC 3416 §4.2, RFC 2576 §4.3), and the
// reply-size policy: a bulk answer grows only up to the runner's amplification cap.
import { encNull, TAG } from './ber';
import type { Mib } from './mib';
import { PDU, type CommunityMessage } from './parser';
import { communityMessage, encVarBind, ERR, responsePdu } from './responses';

/** Varbinds one GetBulk answer may hold at most, whatever max-repetitions asks. */
export const MAX_BULK_VARBINDS = 64;

export interface ReplyBudget {
  /** Bytes an answer may have without vouching for it (runner's replyFactor x request). */
  factorCap: number;
  /** The most a single Get/GetNext answer (or one bulk varbind) may have when vouched for. */
  smallCap: number;
  /** Configured cap on max-repetitions. */
  maxRepetitions: number;
}

export interface Answer {
  bytes: Uint8Array;
  /** Larger than factorCap: must be sent with protocolBehaviour. */
  large: boolean;
  varbinds: number;
  errorStatus: number;
}

type Vb = [readonly number[], Uint8Array];

export function answerCommunity(msg: CommunityMessage, mib: Mib, nowMs: number, budget: ReplyBudget): Answer | undefined {
  const { pdu, version } = msg;
  const v1 = version === 0;
  const build = (vbs: readonly Vb[], err: number, idx: number): Uint8Array =>
    communityMessage(version, msg.community, responsePdu(PDU.RESPONSE, pdu.requestId, err, idx, vbs.map(encVarBind)));
  const echo = (): Vb[] => pdu.oids.map((o) => [o, encNull()]);
  const allowed = Math.max(budget.smallCap, budget.factorCap);
  const finish = (vbs: readonly Vb[], err = 0, idx = 0): Answer | undefined => {
    const full = build(vbs, err, idx);
    if (full.length <= allowed) return { bytes: full, large: full.length > budget.factorCap, varbinds: vbs.length, errorStatus: err };
    // RFC 3416 §4.2.1 / RFC 1157 §4.1.2: too big for the answer we allow ourselves -> tooBig.
    const tooBig = build(v1 ? echo() : [], ERR.tooBig, 0);
    return tooBig.length <= allowed ? { bytes: tooBig, large: tooBig.length > budget.factorCap, varbinds: 0, errorStatus: ERR.tooBig } : undefined;
  };

  switch (pdu.type) {
    case PDU.GET:
    case PDU.GETNEXT: {
      const out: Vb[] = [];
      for (let i = 0; i < pdu.oids.length; i++) {
        const oid = pdu.oids[i]!;
        const e = pdu.type === PDU.GET ? mib.get(oid) : mib.next(oid);
        if (e) out.push([e.oid, e.value(nowMs)]);
        else if (v1) return finish(echo(), ERR.noSuchName, i + 1);
        else out.push([oid, encNull(pdu.type === PDU.GET ? mib.missingTag(oid) : TAG.END_OF_MIB_VIEW)]);
      }
      return finish(out);
    }
    case PDU.SET:
      // A read-only community: net-snmp answers noAccess (v2c) and noSuchName (v1) on the first varbind.
      return finish(echo(), v1 ? ERR.noSuchName : ERR.noAccess, pdu.oids.length ? 1 : 0);
    case PDU.GETBULK:
      return v1 ? undefined : bulk(msg, mib, nowMs, budget, build);
    default:
      // Response, Report, Trap and Inform are not requests to an agent: no answer.
      return undefined;
  }
}

/** RFC 3416 §4.2.3, with fewer repetitions when the answer would exceed the budget. */
function bulk(msg: CommunityMessage, mib: Mib, nowMs: number, budget: ReplyBudget, build: (vbs: readonly Vb[], err: number, idx: number) => Uint8Array): Answer {
  const { pdu } = msg;
  const n = pdu.oids.length;
  const nonRep = Math.min(Math.max(pdu.errorStatus, 0), n);
  const maxRep = Math.min(Math.max(pdu.errorIndex, 0), budget.maxRepetitions);
  // Three nested lengths may each grow by two octets once the list passes 127 and 255 bytes.
  const overhead = build([], 0, 0).length + 6;
  const out: Vb[] = [];
  let size = overhead;
  const push = (vb: Vb): boolean => {
    const len = encVarBind(vb).length;
    if (out.length >= MAX_BULK_VARBINDS) return false;
    if (size + len > budget.factorCap) {
      // Always at least one varbind (a walk must progress), within the small vouched-for bound.
      if (out.length > 0 || overhead + len > budget.smallCap) return false;
    }
    out.push(vb);
    size += len;
    return true;
  };
  const nextOf = (oid: readonly number[]): Vb => {
    const e = mib.next(oid);
    return e ? [e.oid, e.value(nowMs)] : [oid, encNull(TAG.END_OF_MIB_VIEW)];
  };
  let full = true;
  for (let i = 0; i < nonRep && full; i++) full = push(nextOf(pdu.oids[i]!));
  const cursors: Array<readonly number[]> = pdu.oids.slice(nonRep);
  for (let r = 0; r < maxRep && full && cursors.length; r++) {
    let allEnd = true;
    for (let j = 0; j < cursors.length && full; j++) {
      const vb = nextOf(cursors[j]!);
      if (vb[1][0] !== TAG.END_OF_MIB_VIEW) allEnd = false;
      full = push(vb);
      cursors[j] = vb[0];
    }
    if (allEnd) break;
  }
  const bytes = build(out, 0, 0);
  return { bytes, large: bytes.length > budget.factorCap, varbinds: out.length, errorStatus: 0 };
}
