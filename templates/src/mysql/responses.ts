// Server packets of the connection phase: Protocol::HandshakeV10 with the capability flags, charset
// and default auth plugin a real server of the persona's version sends, AuthSwitchRequest, and
// ERR_Packet texts copied from mysqld (ER_ACCESS_DENIED_ERROR, ER_HANDSHAKE_ERROR, ...).

export interface ServerFlavor {
  /** Exactly what the handshake carries (MariaDB >= 10 prefixes "5.5.5-"). */
  version: string;
  mariadb: boolean;
  capabilities: number;
  charset: number;
  plugin: 'mysql_native_password' | 'caching_sha2_password';
  /** MariaDB's extended capabilities, carried in the last 4 of the 10 reserved bytes. */
  mariadbCaps: number;
}

/** Capability flags as mysqld sends them (CLIENT_BASIC_FLAGS + optional ones); no CLIENT_SSL: TLS is not offered. */
export function flavorOf(version: string): ServerFlavor {
  const mariadb = /mariadb/i.test(version);
  if (mariadb) {
    // MariaDB >= 10 prefixes "5.5.5-" so old clients do not read "10" as a lower major than 5.
    const major = Number.parseInt(version.replace(/^5\.5\.5-/, ''), 10);
    if (major < 10) return { version, mariadb, capabilities: (0xf7ff | (0x807f << 16)) >>> 0, charset: 8, plugin: 'mysql_native_password', mariadbCaps: 0 };
    const v = /^5\.5\.5-/.test(version) ? version : `5.5.5-${version}`;
    // Debian/Ubuntu packages set character-set-server = utf8mb4 (utf8mb4_general_ci, 45).
    return { version: v, mariadb, capabilities: (0xf7fe | (0x81ff << 16)) >>> 0, charset: 45, plugin: 'mysql_native_password', mariadbCaps: 0x1d };
  }
  const [maj = 8, min = 0, patch = 0] = version.split(/[.-]/).map((x) => Number.parseInt(x, 10)).map((n) => (Number.isFinite(n) ? n : 0));
  if (maj < 8) return { version, mariadb, capabilities: (0xf7ff | (0xc1ff << 16)) >>> 0, charset: 8, plugin: 'mysql_native_password', mariadbCaps: 0 };
  let upper = 0xc3ff;
  if (maj > 8 || min > 0 || patch >= 18) upper |= 0x0400; // CLIENT_ZSTD_COMPRESSION_ALGORITHM
  if (maj > 8 || min > 0 || patch >= 23) upper |= 0x0800; // CLIENT_QUERY_ATTRIBUTES
  if (maj > 8 || min > 0 || patch >= 27) upper |= 0x1000; // MULTI_FACTOR_AUTHENTICATION
  return { version, mariadb, capabilities: (0xf7ff | (upper << 16)) >>> 0, charset: 255, plugin: 'caching_sha2_password', mariadbCaps: 0 };
}

export function packet(seq: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUIntLE(payload.length, 0, 3);
  head[3] = seq & 0xff;
  return Buffer.concat([head, payload]);
}

/** Protocol::HandshakeV10. */
export function greeting(f: ServerFlavor, connectionId: number, scramble: Buffer): Buffer {
  const fixed = Buffer.alloc(4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  let o = 0;
  o = fixed.writeUInt32LE(connectionId >>> 0, o);
  scramble.copy(fixed, o, 0, 8);
  o += 9; // part 1 + filler
  o = fixed.writeUInt16LE(f.capabilities & 0xffff, o);
  o = fixed.writeUInt8(f.charset, o);
  o = fixed.writeUInt16LE(0x0002, o); // SERVER_STATUS_AUTOCOMMIT
  o = fixed.writeUInt16LE(f.capabilities >>> 16, o);
  o = fixed.writeUInt8(21, o);
  if (f.mariadb) fixed.writeUInt32LE(f.mariadbCaps, o + 6);
  return Buffer.concat([
    Buffer.from([0x0a]), Buffer.from(`${f.version}\0`, 'latin1'), fixed,
    scramble.subarray(8, 20), Buffer.from([0]), Buffer.from(`${f.plugin}\0`, 'latin1'),
  ]);
}

/** Protocol::AuthSwitchRequest to mysql_native_password, reusing the connection's scramble. */
export function authSwitch(scramble: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xfe]), Buffer.from('mysql_native_password\0', 'latin1'), scramble, Buffer.from([0])]);
}

/** ERR_Packet with SQL state (CLIENT_PROTOCOL_41). */
export function errPacket(code: number, state: string, message: string): Buffer {
  const head = Buffer.alloc(3);
  head[0] = 0xff;
  head.writeUInt16LE(code, 1);
  return Buffer.concat([head, Buffer.from(`#${state}`, 'latin1'), Buffer.from(message, 'utf8')]);
}

export const ER = {
  accessDenied: (user: string, host: string, usedPassword: boolean): Buffer =>
    errPacket(1045, '28000', `Access denied for user '${user}'@'${host}' (using password: ${usedPassword ? 'YES' : 'NO'})`),
  handshake: (): Buffer => errPacket(1043, '08S01', 'Bad handshake'),
  outOfOrder: (): Buffer => errPacket(1156, '08S01', 'Got packets out of order'),
};
