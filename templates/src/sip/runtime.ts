// Per-decky sip state shared by its UDP and TCP listeners (keyed by the persona object): the PBX
// persona part and the book of nonces this decky issued.
import type { Persona } from '../persona/types';
import { NonceBook } from './digest';
import type { SipPersona } from './persona';

export interface SipRuntime {
  persona: SipPersona;
  nonces: NonceBook;
}

const runtimes = new WeakMap<object, SipRuntime>();

export function sipRuntime(persona: Persona): SipRuntime {
  let rt = runtimes.get(persona);
  if (!rt) {
    // Every registered service has its persona part; the fallback serves hand-built test personas.
    const part = (persona.services as { sip?: SipPersona }).sip ?? { userAgent: 'Asterisk PBX 20.7.0', realm: 'asterisk', stack: 'pjsip', product: 'asterisk' };
    rt = { persona: part, nonces: new NonceBook() };
    runtimes.set(persona, rt);
  }
  return rt;
}
