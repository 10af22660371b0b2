// What each telnet server says: the opening option requests (they are how nmap tells BusyBox,
// Linux netkit/inetutils, Microsoft and Cisco apart), the login prompts and the failure texts.
import type { Persona } from '../persona/types';
import { DO, IAC, WILL } from './parser';

// Option codes (RFC 857 ECHO, 858 SGA, 1091 TTYPE, 1073 NAWS, 1079 TSPEED, 1096 XDISPLOC,
// 1572 NEW-ENVIRON, 2941 AUTHENTICATION, 856 BINARY).
export const OPT = { BINARY: 0, ECHO: 1, SGA: 3, TTYPE: 24, NAWS: 31, TSPEED: 32, LFLOW: 33, XDISPLOC: 35, NEW_ENVIRON: 39, AUTH: 37 } as const;

export type TelnetStyle = 'busybox' | 'netkit' | 'microsoft' | 'cisco';

export interface TelnetFlavor {
  style: TelnetStyle;
  /** Opening negotiation, sent before the banner. */
  greeting: Uint8Array;
  /** Options we offer (WILL) and accept from the client (DO). */
  serverOptions: ReadonlySet<number>;
  clientOptions: ReadonlySet<number>;
  userPrompt: string;
  passwordPrompt: string;
  failure: string;
  /** netkit waits for the client's answer to its DO requests before WILL SGA/ECHO and the banner. */
  waitForClient: boolean;
  /** Failed logins before the connection is dropped. */
  maxTries: number;
  timeoutText: string;
}

const seq = (...pairs: Array<[number, number]>): Uint8Array => Uint8Array.from(pairs.flatMap(([verb, opt]) => [IAC, verb, opt]));

export function telnetStyle(persona: Persona): TelnetStyle {
  if (persona.osFamily === 'windows' || persona.osFamily === 'windows_server') return 'microsoft';
  if (persona.osFamily === 'cisco') return 'cisco';
  return persona.osFamily === 'embedded' || persona.shell.family === 'alpine' ? 'busybox' : 'netkit';
}

/** The prompt to repeat after a failure: the last line of the issue text. */
export function promptOf(issue: string, fallback: string): string {
  const last = issue.split(/\r?\n/).pop() ?? '';
  return last.trim() === '' ? fallback : last;
}

export function flavorFor(persona: Persona): TelnetFlavor {
  const style = telnetStyle(persona);
  const loginPrompt = promptOf(persona.services.telnet.issue, `${persona.shell.hostname} login: `);
  switch (style) {
    case 'busybox':
      // busybox telnetd.c iacs_to_send[].
      return { style, greeting: seq([DO, OPT.ECHO], [DO, OPT.NAWS], [WILL, OPT.ECHO], [WILL, OPT.SGA]), serverOptions: new Set([OPT.ECHO, OPT.SGA]), clientOptions: new Set([OPT.NAWS, OPT.TTYPE]), waitForClient: false, userPrompt: loginPrompt, passwordPrompt: 'Password: ', failure: '\r\nLogin incorrect\r\n', maxTries: 3, timeoutText: '\r\nLogin timed out after 60 seconds\r\n' };
    case 'microsoft':
      return { style, greeting: seq([DO, OPT.AUTH], [WILL, OPT.ECHO], [WILL, OPT.SGA], [DO, OPT.NEW_ENVIRON], [DO, OPT.NAWS], [DO, OPT.BINARY], [WILL, OPT.BINARY]), serverOptions: new Set([OPT.ECHO, OPT.SGA, OPT.BINARY]), clientOptions: new Set([OPT.NAWS, OPT.NEW_ENVIRON, OPT.BINARY, OPT.TTYPE]), waitForClient: false, userPrompt: 'login: ', passwordPrompt: 'password: ', failure: '\r\nThe handle is invalid.\r\n\r\nLogin Failed\r\n\r\n', maxTries: 3, timeoutText: '\r\n' };
    case 'cisco':
      return { style, greeting: seq([WILL, OPT.ECHO], [WILL, OPT.SGA], [DO, OPT.TTYPE], [DO, OPT.NAWS]), serverOptions: new Set([OPT.ECHO, OPT.SGA]), clientOptions: new Set([OPT.TTYPE, OPT.NAWS]), waitForClient: false, userPrompt: 'Username: ', passwordPrompt: 'Password: ', failure: '% Login invalid\r\n\r\n', maxTries: 3, timeoutText: '\r\n% Username:  timeout expired!\r\n' };
    default:
      // netkit/inetutils telnetd: DO TTYPE, TSPEED, XDISPLOC, NEW-ENVIRON first (nmap's "Linux telnetd").
      return { style, greeting: seq([DO, OPT.TTYPE], [DO, OPT.TSPEED], [DO, OPT.XDISPLOC], [DO, OPT.NEW_ENVIRON]), serverOptions: new Set([OPT.ECHO, OPT.SGA]), clientOptions: new Set([OPT.TTYPE, OPT.TSPEED, OPT.XDISPLOC, OPT.NEW_ENVIRON, OPT.NAWS, OPT.LFLOW]), waitForClient: true, userPrompt: loginPrompt, passwordPrompt: 'Password: ', failure: '\r\nLogin incorrect\r\n', maxTries: 3, timeoutText: '\r\nLogin timed out after 60 seconds.\r\n' };
  }
}
