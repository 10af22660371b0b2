// JARM's ten ClientHello probes (Salesforce JARM 1.0, BSD-3), built byte for byte as the reference
// scanner's packet_building() does (../shared/reference/vectors/jarm/jarm.py): the same cipher
// lists and orders, GREASE, ALPN lists, supported_versions and extension order.
import { randomBytes, randomInt } from 'node:crypto';

export type TlsVersionName = 'SSLv3' | 'TLS_1' | 'TLS_1.1' | 'TLS_1.2' | 'TLS_1.3';
export type Order = 'FORWARD' | 'REVERSE' | 'TOP_HALF' | 'BOTTOM_HALF' | 'MIDDLE_OUT';

/** One probe: the reference's `jarm_details[2..8]`. */
export interface JarmProbe {
  version: TlsVersionName;
  ciphers: 'ALL' | 'NO1.3';
  cipherOrder: Order;
  grease: boolean;
  rareAlpn: boolean;
  support: '1.2_SUPPORT' | '1.3_SUPPORT' | 'NO_SUPPORT';
  extensionOrder: 'FORWARD' | 'REVERSE';
}

const p = (version: TlsVersionName, ciphers: JarmProbe['ciphers'], cipherOrder: Order, grease: boolean, rareAlpn: boolean, support: JarmProbe['support'], extensionOrder: JarmProbe['extensionOrder']): JarmProbe =>
  ({ version, ciphers, cipherOrder, grease, rareAlpn, support, extensionOrder });

/** The reference's `queue`, in order (the hash depends on it). */
export const JARM_PROBES: readonly JarmProbe[] = [
  p('TLS_1.2', 'ALL', 'FORWARD', false, false, '1.2_SUPPORT', 'REVERSE'),
  p('TLS_1.2', 'ALL', 'REVERSE', false, false, '1.2_SUPPORT', 'FORWARD'),
  p('TLS_1.2', 'ALL', 'TOP_HALF', false, false, 'NO_SUPPORT', 'FORWARD'),
  p('TLS_1.2', 'ALL', 'BOTTOM_HALF', false, true, 'NO_SUPPORT', 'FORWARD'),
  p('TLS_1.2', 'ALL', 'MIDDLE_OUT', true, true, 'NO_SUPPORT', 'REVERSE'),
  p('TLS_1.1', 'ALL', 'FORWARD', false, false, 'NO_SUPPORT', 'FORWARD'),
  p('TLS_1.3', 'ALL', 'FORWARD', false, false, '1.3_SUPPORT', 'REVERSE'),
  p('TLS_1.3', 'ALL', 'REVERSE', false, false, '1.3_SUPPORT', 'FORWARD'),
  p('TLS_1.3', 'NO1.3', 'FORWARD', false, false, '1.3_SUPPORT', 'FORWARD'),
  p('TLS_1.3', 'ALL', 'MIDDLE_OUT', true, false, '1.3_SUPPORT', 'REVERSE'),
];

const hex = (s: string): number[] => s.split(' ').map((h) => parseInt(h, 16));
// get_ciphers(): "ALL", as two-byte suites in the reference's order.
const ALL = [
  0x0016, 0x0033, 0x0067, 0xc09e, 0xc0a2, 0x009e, 0x0039, 0x006b, 0xc09f, 0xc0a3, 0x009f, 0x0045, 0x00be, 0x0088, 0x00c4, 0x009a,
  0xc008, 0xc009, 0xc023, 0xc0ac, 0xc0ae, 0xc02b, 0xc00a, 0xc024, 0xc0ad, 0xc0af, 0xc02c, 0xc072, 0xc073, 0xcca9, 0x1302, 0x1301,
  0xcc14, 0xc007, 0xc012, 0xc013, 0xc027, 0xc02f, 0xc014, 0xc028, 0xc030, 0xc060, 0xc061, 0xc076, 0xc077, 0xcca8, 0x1305, 0x1304,
  0x1303, 0xcc13, 0xc011, 0x000a, 0x002f, 0x003c, 0xc09c, 0xc0a0, 0x009c, 0x0035, 0x003d, 0xc09d, 0xc0a1, 0x009d, 0x0041, 0x00ba,
  0x0084, 0x00c0, 0x0007, 0x0004, 0x0005,
];
// "NO1.3": ALL without the five TLS 1.3 suites.
const NO13 = ALL.filter((c) => c >> 8 !== 0x13);

const ALPN_ALL = ['http/0.9', 'http/1.0', 'http/1.1', 'spdy/1', 'spdy/2', 'spdy/3', 'h2', 'h2c', 'hq'];
const ALPN_RARE = ['http/0.9', 'http/1.0', 'spdy/1', 'spdy/2', 'spdy/3', 'h2c', 'hq'];

const GREASE = [0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a, 0x8a8a, 0x9a9a, 0xaaaa, 0xbaba, 0xcaca, 0xdada, 0xeaea, 0xfafa];
const grease = (): number[] => {
  const g = GREASE[randomInt(GREASE.length)]!;
  return [g >> 8, g & 0xff];
};

/** cipher_mung(): the reference's reorderings (also applied to ALPN and version lists). */
export function mung<T>(list: readonly T[], order: Order): T[] {
  const n = list.length;
  const half = Math.floor(n / 2);
  switch (order) {
    case 'FORWARD':
      return [...list];
    case 'REVERSE':
      return [...list].reverse();
    case 'BOTTOM_HALF':
      return list.slice(n % 2 === 1 ? half + 1 : half);
    case 'TOP_HALF':
      return [...(n % 2 === 1 ? [list[half]!] : []), ...mung(mung(list, 'REVERSE'), 'BOTTOM_HALF')];
    case 'MIDDLE_OUT': {
      const out: T[] = [];
      if (n % 2 === 1) {
        out.push(list[half]!);
        for (let i = 1; i <= half; i++) out.push(list[half + i]!, list[half - i]!);
      } else {
        for (let i = 1; i <= half; i++) out.push(list[half - 1 + i]!, list[half - i]!);
      }
      return out;
    }
  }
}

const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')];

function extensions(host: string, pr: JarmProbe): number[] {
  const all: number[] = [];
  if (pr.grease) all.push(...grease(), 0x00, 0x00);
  const name = ascii(host);
  all.push(0x00, 0x00, ...u16(name.length + 5), ...u16(name.length + 3), 0x00, ...u16(name.length), ...name); // server_name
  all.push(...hex('00 17 00 00')); // extended_master_secret
  all.push(...hex('00 01 00 01 01')); // max_fragment_length
  all.push(...hex('ff 01 00 01 00')); // renegotiation_info
  all.push(...hex('00 0a 00 0a 00 08 00 1d 00 17 00 18 00 19')); // supported_groups
  all.push(...hex('00 0b 00 02 01 00')); // ec_point_formats
  all.push(...hex('00 23 00 00')); // session_ticket
  let alpns = pr.rareAlpn ? ALPN_RARE : ALPN_ALL;
  if (pr.extensionOrder !== 'FORWARD') alpns = mung(alpns, pr.extensionOrder);
  const alpnBytes = alpns.flatMap((a) => [a.length, ...ascii(a)]);
  all.push(0x00, 0x10, ...u16(alpnBytes.length + 2), ...u16(alpnBytes.length), ...alpnBytes);
  all.push(...hex('00 0d 00 14 00 12 04 03 08 04 04 01 05 03 08 05 05 01 08 06 06 01 02 01')); // signature_algorithms
  const share = [...(pr.grease ? [...grease(), 0x00, 0x01, 0x00] : []), 0x00, 0x1d, 0x00, 0x20, ...randomBytes(32)];
  all.push(0x00, 0x33, ...u16(share.length + 2), ...u16(share.length), ...share); // key_share (x25519)
  all.push(...hex('00 2d 00 02 01 01')); // psk_key_exchange_modes
  if (pr.version === 'TLS_1.3' || pr.support === '1.2_SUPPORT') {
    let tls = pr.support === '1.2_SUPPORT' ? [0x0301, 0x0302, 0x0303] : [0x0301, 0x0302, 0x0303, 0x0304];
    if (pr.extensionOrder !== 'FORWARD') tls = mung(tls, pr.extensionOrder);
    const versions = [...(pr.grease ? grease() : []), ...tls.flatMap(u16)];
    all.push(0x00, 0x2b, ...u16(versions.length + 1), versions.length, ...versions);
  }
  return [...u16(all.length), ...all];
}

const RECORD_VERSION: Record<TlsVersionName, [number, number]> = { 'TLS_1.3': [0x0301, 0x0303], SSLv3: [0x0300, 0x0300], TLS_1: [0x0301, 0x0301], 'TLS_1.1': [0x0302, 0x0302], 'TLS_1.2': [0x0303, 0x0303] };

/** packet_building(): one TLS record holding the probe's ClientHello; `host` goes into SNI as given. */
export function buildClientHello(host: string, pr: JarmProbe): Buffer {
  const [recordVersion, helloVersion] = RECORD_VERSION[pr.version];
  let suites = pr.ciphers === 'ALL' ? ALL : NO13;
  if (pr.cipherOrder !== 'FORWARD') suites = mung(suites, pr.cipherOrder);
  const cipherBytes = [...(pr.grease ? grease() : []), ...suites.flatMap(u16)];
  const hello = [
    ...u16(helloVersion), ...randomBytes(32), 32, ...randomBytes(32),
    ...u16(cipherBytes.length), ...cipherBytes, 0x01, 0x00, ...extensions(host, pr),
  ];
  const handshake = [0x01, 0x00, ...u16(hello.length), ...hello];
  return Buffer.from([0x16, ...u16(recordVersion), ...u16(handshake.length), ...handshake]);
}
