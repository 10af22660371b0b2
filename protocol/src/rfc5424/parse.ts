// Total RFC 5424 parser (RFC 5424 §6 ABNF): any number of SD-ELEMENTs, NILVALUEs, optional BOM.
// Returns a typed result or a typed error and never throws, whatever the input.
import { NILVALUE, SYSLOG_LIMITS } from './constants';
import { setOwn } from '../util/record';
import { isRfc5424Timestamp } from './timestamp';

export interface SdElement {
  id: string;
  /** In line order; a name may repeat (§6.3.3 allows it). Values are unescaped. */
  params: Array<[string, string]>;
}

export interface SyslogMessage {
  pri: number;
  facility: number;
  severity: number;
  version: 1;
  /** null for NILVALUE. */
  timestamp: string | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgid: string | null;
  structuredData: SdElement[];
  /** null when absent or empty. The BOM, if any, is removed and reported in msgHasBom. */
  msg: string | null;
  msgHasBom: boolean;
}

export type Rfc5424ErrorCode =
  | 'empty'
  | 'too_long'
  | 'bad_pri'
  | 'bad_version'
  | 'bad_header'
  | 'bad_timestamp'
  | 'bad_structured_data'
  | 'internal';

export interface Rfc5424ParseError {
  code: Rfc5424ErrorCode;
  message: string;
  /** 0-based character offset where parsing stopped. */
  offset: number;
}

export type Rfc5424ParseResult =
  | { ok: true; message: SyslogMessage }
  | { ok: false; error: Rfc5424ParseError };

export interface ParseOptions {
  maxChars?: number;
}

class Fail {
  constructor(readonly error: Rfc5424ParseError) {}
}

function fail(code: Rfc5424ErrorCode, message: string, offset: number): never {
  throw new Fail({ code, message, offset });
}

const isPrintUsAscii = (c: number): boolean => c >= 33 && c <= 126;
// SD-NAME: PRINTUSASCII except '=', SP, ']', '"' (§6.3.3).
const isSdNameChar = (c: number): boolean => isPrintUsAscii(c) && c !== 61 && c !== 93 && c !== 34;

export function parseRfc5424(input: string, options: ParseOptions = {}): Rfc5424ParseResult {
  try {
    return { ok: true, message: parseOrThrow(input, options.maxChars ?? SYSLOG_LIMITS.parseMaxChars) };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    return { ok: false, error: { code: 'internal', message: String(e), offset: 0 } };
  }
}

function parseOrThrow(input: string, maxChars: number): SyslogMessage {
  if (typeof input !== 'string' || input.length === 0) fail('empty', 'empty line', 0);
  if (input.length > maxChars) fail('too_long', `line longer than ${maxChars} characters`, maxChars);
  const line = input.endsWith('\r\n') ? input.slice(0, -2) : input.endsWith('\n') ? input.slice(0, -1) : input;
  let pos = 0;

  // PRI = "<" PRIVAL ">", PRIVAL 1*3DIGIT in 0..191 (§6.2.1).
  const pri = /^<(\d{1,3})>/.exec(line);
  if (!pri) fail('bad_pri', 'line must start with <PRI>', 0);
  const prival = Number(pri[1]);
  if (prival > 191) fail('bad_pri', `PRI ${prival} out of range 0..191`, 1);
  pos = pri[0].length;

  // VERSION = NONZERO-DIGIT 0*2DIGIT; only version 1 exists.
  if (line.slice(pos, pos + 2) !== '1 ') fail('bad_version', 'VERSION must be 1', pos);
  pos += 2;

  const token = (name: string, maxLen: number): string | null => {
    const end = line.indexOf(' ', pos);
    if (end < 0) fail('bad_header', `missing ${name}`, pos);
    const tok = line.slice(pos, end);
    if (tok.length === 0) fail('bad_header', `empty ${name}`, pos);
    if (tok.length > maxLen) fail('bad_header', `${name} longer than ${maxLen}`, pos);
    for (let i = 0; i < tok.length; i++) {
      if (!isPrintUsAscii(tok.charCodeAt(i))) fail('bad_header', `${name} must be printable ASCII`, pos + i);
    }
    pos = end + 1;
    return tok === NILVALUE ? null : tok;
  };

  const tsStart = pos;
  const timestamp = token('TIMESTAMP', 64);
  if (timestamp !== null && !isRfc5424Timestamp(timestamp)) fail('bad_timestamp', 'invalid TIMESTAMP', tsStart);
  const hostname = token('HOSTNAME', SYSLOG_LIMITS.hostnameMaxChars);
  const appName = token('APP-NAME', SYSLOG_LIMITS.appNameMaxChars);
  const procId = token('PROCID', SYSLOG_LIMITS.procIdMaxChars);
  const msgid = token('MSGID', SYSLOG_LIMITS.msgidMaxChars);

  const structuredData: SdElement[] = [];
  if (line[pos] === '-') {
    pos += 1;
  } else if (line[pos] === '[') {
    while (line[pos] === '[') pos = parseElement(line, pos + 1, structuredData);
  } else {
    fail('bad_structured_data', 'STRUCTURED-DATA must be - or [', pos);
  }

  let msg: string | null = null;
  let msgHasBom = false;
  if (pos < line.length) {
    if (line[pos] !== ' ') fail('bad_structured_data', 'expected SP after STRUCTURED-DATA', pos);
    let body = line.slice(pos + 1);
    if (body.startsWith('\uFEFF')) {
      msgHasBom = true;
      body = body.slice(1);
    }
    msg = body === '' ? null : body;
  }

  return {
    pri: prival,
    facility: prival >> 3,
    severity: prival & 7,
    version: 1,
    timestamp,
    hostname,
    appName,
    procId,
    msgid,
    structuredData,
    msg,
    msgHasBom,
  };
}

function readName(line: string, pos: number, what: string): [string, number] {
  let end = pos;
  while (end < line.length && isSdNameChar(line.charCodeAt(end))) end++;
  if (end === pos) fail('bad_structured_data', `empty ${what}`, pos);
  if (end - pos > SYSLOG_LIMITS.sdNameMaxChars) fail('bad_structured_data', `${what} longer than 32`, pos);
  return [line.slice(pos, end), end];
}

/** Parses one SD-ELEMENT after its `[`; returns the position after its `]`. */
function parseElement(line: string, start: number, out: SdElement[]): number {
  const [id, afterId] = readName(line, start, 'SD-ID');
  let pos = afterId;
  const params: Array<[string, string]> = [];
  for (;;) {
    const c = line[pos];
    if (c === ']') break;
    if (c !== ' ') fail('bad_structured_data', 'expected SP or ] in SD-ELEMENT', pos);
    const [name, afterName] = readName(line, pos + 1, 'PARAM-NAME');
    if (line.slice(afterName, afterName + 2) !== '="') fail('bad_structured_data', 'expected ="', afterName);
    pos = afterName + 2;
    let value = '';
    let chunkStart = pos;
    for (;;) {
      if (pos >= line.length) fail('bad_structured_data', 'unterminated PARAM-VALUE', pos);
      const c = line.charCodeAt(pos);
      if (c === 0x22) break; // closing "
      // §6.3.3: only \" \\ \] are escapes; any other backslash is literal.
      if (c === 0x5c) {
        const next = line.charCodeAt(pos + 1);
        if (next === 0x22 || next === 0x5c || next === 0x5d) {
          value += line.slice(chunkStart, pos);
          chunkStart = pos + 1;
          pos += 2;
          continue;
        }
      }
      pos += 1;
    }
    value += line.slice(chunkStart, pos);
    params.push([name, value]);
    pos += 1; // closing quote
  }
  out.push({ id, params });
  return pos + 1;
}

/** Params of the SD-ELEMENT(s) with the given id as a record; a later duplicate wins. */
export function sdParamsOf(message: SyslogMessage, sdId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of message.structuredData) {
    if (el.id !== sdId) continue;
    for (const [k, v] of el.params) setOwn(out, k, v);
  }
  return out;
}
