// Backend messages of the authentication phase ("Message Formats"): AuthenticationMD5Password,
// AuthenticationSASL / SASLContinue and ErrorResponse with the fields PostgreSQL sends (S, V since
// 9.6, C, M, F, L, R) and its exact message texts (postmaster.c, auth.c, auth-scram.c).
import type { PostgresPersona } from './persona';

function typed(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function authRequest(code: number, extra: Buffer = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(code, 0);
  return typed('R', Buffer.concat([b, extra]));
}

export const authMd5 = (salt: Buffer): Buffer => authRequest(5, salt);
export const authSasl = (mechanisms: string[]): Buffer => authRequest(10, Buffer.from(`${mechanisms.join('\0')}\0\0`, 'latin1'));
export const authSaslContinue = (data: string): Buffer => authRequest(11, Buffer.from(data, 'latin1'));

type Source = 'postmaster' | 'auth' | 'auth-scram';
const DIRS: Record<Source, string> = { postmaster: 'postmaster', auth: 'libpq', 'auth-scram': 'libpq' };

export interface PgError {
  code: string;
  message: string;
  file: Source;
  line: number;
  routine: string;
  severity?: 'FATAL' | 'ERROR';
}

/** ErrorResponse as elog.c's send_message_to_frontend builds it for this persona's build. */
export function errorResponse(p: PostgresPersona, e: PgError): Buffer {
  const sev = e.severity ?? 'FATAL';
  const file = p.windowsPaths ? `.\\src\\backend\\${DIRS[e.file]}\\${e.file}.c` : `${e.file}.c`;
  const fields: Array<[string, string]> = [['S', sev]];
  if (p.major >= 10) fields.push(['V', sev]);
  fields.push(['C', e.code], ['M', e.message], ['F', file], ['L', String(e.line)], ['R', e.routine]);
  const body = Buffer.concat([...fields.map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')), Buffer.from([0])]);
  return typed('E', body);
}

export const ERR = {
  unsupportedProtocol: (p: PostgresPersona, code: number): PgError => ({
    code: '0A000',
    message: `unsupported frontend protocol ${code >>> 16}.${code & 0xffff}: server supports ${p.major >= 14 ? '3.0' : '1.0'} to 3.0`,
    file: 'postmaster', line: p.startupLine, routine: 'ProcessStartupPacket',
  }),
  noUser: (p: PostgresPersona): PgError => ({
    code: '28000', message: 'no PostgreSQL user name specified in startup packet', file: 'postmaster', line: p.startupLine + 98, routine: 'ProcessStartupPacket',
  }),
  passwordFailed: (p: PostgresPersona, user: string): PgError => ({
    code: '28P01', message: `password authentication failed for user "${user}"`, file: 'auth', line: p.authLine, routine: 'auth_failed',
  }),
  noHbaEntry: (p: PostgresPersona, host: string, user: string, db: string, ssl: boolean): PgError => ({
    code: '28000',
    message: `no pg_hba.conf entry for host "${host}", user "${user}", database "${db}", ${p.major >= 12 ? (ssl ? 'SSL encryption' : 'no encryption') : ssl ? 'SSL on' : 'SSL off'}`,
    file: 'auth', line: p.hbaLine, routine: 'ClientAuthentication',
  }),
  expectedPassword: (p: PostgresPersona, type: string): PgError => ({
    code: '08P01', message: `expected password response, got message type ${type.charCodeAt(0)}`, file: 'auth', line: p.authLine + 370, routine: 'recv_password_packet',
  }),
  invalidMechanism: (p: PostgresPersona): PgError => ({
    code: '08P01', message: 'client selected an invalid SASL authentication mechanism', file: 'auth', line: p.authLine + 700, routine: 'CheckSASLAuth',
  }),
  malformedScram: (final: boolean): PgError => ({
    code: '08P01', message: 'malformed SCRAM message', file: 'auth-scram', line: final ? 1166 : 936,
    routine: final ? 'read_client_final_message' : 'read_client_first_message',
  }),
  nonceMismatch: (): PgError => ({
    code: '08P01', message: 'invalid SCRAM response', file: 'auth-scram', line: 1189, routine: 'read_client_final_message',
  }),
};
