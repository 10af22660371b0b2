// Server-to-client X.224 Connection Confirm TPDUs (X.224 §13.4) in TPKTs (RFC 1006 §6) with the RDP
// negotiation response or failure (MS-RDPBCGR 2.2.1.2.1, 2.2.1.2.2), byte-exact as Windows sends them.

/** MS-RDPBCGR 2.2.1.2.2 failureCode values. */
export const NEG_FAILURE = {
  SSL_REQUIRED_BY_SERVER: 1,
  SSL_NOT_ALLOWED_BY_SERVER: 2,
  SSL_CERT_NOT_ON_SERVER: 3,
  INCONSISTENT_FLAGS: 4,
  HYBRID_REQUIRED_BY_SERVER: 5,
  SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER: 6,
} as const;

export function tpkt(payload: Buffer): Buffer {
  const head = Buffer.from([3, 0, 0, 0]);
  head.writeUInt16BE(payload.length + 4, 2);
  return Buffer.concat([head, payload]);
}

function cc(srcRef: number, neg?: Buffer): Buffer {
  const x224 = Buffer.from([6, 0xd0, 0, 0, (srcRef >> 8) & 0xff, srcRef & 0xff, 0]);
  const body = neg ? Buffer.concat([x224, neg]) : x224;
  body[0] = body.length - 1;
  return tpkt(body);
}

/** CC without negotiation data: the answer to a legacy CR that carried no RDP_NEG_REQ. */
export function connectionConfirmLegacy(srcRef: number): Buffer {
  return cc(srcRef);
}

/** CC + RDP_NEG_RSP (type 0x02, flags, length 8, selectedProtocol LE). */
export function connectionConfirm(srcRef: number, flags: number, selected: number): Buffer {
  const neg = Buffer.from([2, flags, 8, 0, 0, 0, 0, 0]);
  neg.writeUInt32LE(selected >>> 0, 4);
  return cc(srcRef, neg);
}

/** CC + RDP_NEG_FAILURE (type 0x03, flags 0, length 8, failureCode LE). */
export function connectionFailure(srcRef: number, code: number): Buffer {
  const neg = Buffer.from([3, 0, 8, 0, 0, 0, 0, 0]);
  neg.writeUInt32LE(code >>> 0, 4);
  return cc(srcRef, neg);
}
