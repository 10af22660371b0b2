// Server-to-client RFB handshake messages (RFC 6143 §7.1-7.2), byte-exact as TigerVNC and TightVNC
// write them: the version line, security types (3.7+) or the server-chosen type (3.3), the
// SecurityResult failure, and TigerVNC's lock-out greeting.

export const SEC_NONE = 1;
export const SEC_VNC_AUTH = 2;

/** §7.1.1 ProtocolVersion. */
export function versionLine(minor: number): Buffer {
  return Buffer.from(`RFB 003.${String(minor).padStart(3, '0')}\n`, 'latin1');
}

/** A u32 length followed by the bytes (RFB "string"). */
export function rfbString(text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** §7.1.2: 3.7+ lists the types; 3.3 (Appendix A) gets the server's choice as a u32. */
export function securityTypes(minor: 3 | 7 | 8, types: readonly number[]): Buffer {
  if (minor === 3) return u32(types[0] ?? 0);
  return Buffer.from([types.length, ...types]);
}

/** §7.1.3 SecurityResult failed; the reason string only from 3.8 on. */
export function securityFailed(minor: 3 | 7 | 8, reason: string): Buffer {
  return minor >= 8 ? Buffer.concat([u32(1), rfbString(reason)]) : u32(1);
}

/** SConnection::failConnection during the version phase: u32 0 (3.3) or u8 0, then the reason. */
export function connectionFailed(clientIs33: boolean, reason: string): Buffer {
  return Buffer.concat([clientIs33 ? u32(0) : Buffer.from([0]), rfbString(reason)]);
}

/** VNCServerST::addSocket for a black-marked address: the shortest way to say "not welcome". */
export function blacklistedGreeting(): Buffer {
  return Buffer.concat([versionLine(3), u32(0), rfbString('Too many security failures')]);
}
