// Option negotiation (RFC 854 "General Considerations", RFC 855, loop avoidance as in RFC 1143):
// answer only changes of state, refuse what we do not support, never answer the same option twice
// the same way, and stop answering past a bound so a hostile peer cannot make us loop.
import { DO, DONT, IAC, SB, SE, WILL, WONT } from './parser';
import type { TelnetFlavor } from './responses';
import { OPT } from './responses';

const MAX_REPLIES = 256;
const TTYPE_SEND = 1;

export class Negotiator {
  /** Options the client agreed to perform (its WILL after our DO). */
  readonly clientEnabled = new Set<number>();
  /** Options we perform (our WILL answered by DO). */
  readonly serverEnabled = new Set<number>();
  private readonly sentDo = new Set<number>();
  private readonly sentWill = new Set<number>();
  private readonly refused = new Set<string>();
  private replies = 0;
  private echoRefused = false;

  constructor(private readonly flavor: TelnetFlavor, private readonly send: (bytes: Uint8Array) => void) {}

  /** Record the greeting's requests as outstanding and return its bytes (the caller sends them). */
  greeting(): Uint8Array {
    const g = this.flavor.greeting;
    for (let i = 0; i + 2 < g.length; i += 3) {
      if (g[i + 1] === DO) this.sentDo.add(g[i + 2] ?? 0);
      if (g[i + 1] === WILL) this.sentWill.add(g[i + 2] ?? 0);
    }
    return g;
  }

  /** Send the greeting on its own (flavours that wait for the client before the banner). */
  greet(): void {
    this.send(this.greeting());
  }

  private reply(verb: number, option: number): void {
    if (this.replies++ >= MAX_REPLIES) return;
    this.send(Uint8Array.of(IAC, verb, option));
  }

  private refuseOnce(verb: number, option: number): void {
    const key = `${verb}:${option}`;
    if (this.refused.has(key)) return;
    this.refused.add(key);
    this.reply(verb, option);
  }

  handle(verb: number, option: number): void {
    if (verb === WILL) {
      if (this.clientEnabled.has(option)) return;
      if (!this.flavor.clientOptions.has(option)) return this.refuseOnce(DONT, option);
      this.clientEnabled.add(option);
      if (!this.sentDo.has(option)) {
        this.sentDo.add(option);
        this.reply(DO, option);
      }
      // RFC 1091: ask for the terminal type once the client agreed to send it.
      if (option === OPT.TTYPE && this.replies < MAX_REPLIES) this.send(Uint8Array.of(IAC, SB, OPT.TTYPE, TTYPE_SEND, IAC, SE));
    } else if (verb === WONT) {
      // A refusal of our DO needs no answer; switching an enabled option off is acknowledged.
      if (this.clientEnabled.delete(option)) this.reply(DONT, option);
    } else if (verb === DO) {
      if (this.serverEnabled.has(option)) return;
      if (!this.flavor.serverOptions.has(option)) return this.refuseOnce(WONT, option);
      this.serverEnabled.add(option);
      if (!this.sentWill.has(option)) {
        this.sentWill.add(option);
        this.reply(WILL, option);
      }
    } else if (verb === DONT) {
      if (option === OPT.ECHO) this.echoRefused = true;
      if (this.serverEnabled.delete(option)) this.reply(WONT, option);
    }
  }

  /** We echo only once the client agreed (DO ECHO); until then, or after DONT ECHO, it echoes itself. */
  get serverEchoes(): boolean {
    return !this.echoRefused && this.serverEnabled.has(OPT.ECHO);
  }

  /** Offer options after the greeting (netkit sends WILL SGA/ECHO once the terminal type is settled). */
  offer(option: number): void {
    if (this.sentWill.has(option) || this.serverEnabled.has(option)) return;
    this.sentWill.add(option);
    this.reply(WILL, option);
  }
}
