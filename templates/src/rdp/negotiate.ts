// Which security protocol the server selects for a Connection Request (MS-RDPBCGR 3.3.5.3.1), as
// Windows does with SecurityLayer "Negotiate" (CredSSP when offered, NLA required or not) and as
// xrdp does with security_layer=negotiate (TLS when offered, else standard RDP security).
import type { ConnectionRequest } from './parser';
import { PROTOCOL } from './parser';
import type { RdpPersona } from './persona';
import { NEG_FAILURE } from './responses';

export type Selection = { kind: 'legacy' } | { kind: 'selected'; protocol: number } | { kind: 'failure'; code: number };

export function selectProtocol(persona: RdpPersona, nla: boolean, cr: ConnectionRequest): Selection {
  // No RDP_NEG_REQ: a pre-RDP-5.2 client; the CC carries no negotiation data (3.3.5.3.1).
  if (!cr.negReq) return { kind: 'legacy' };
  const req = cr.requestedProtocols;
  if (persona.flavor === 'xrdp') return { kind: 'selected', protocol: req & PROTOCOL.SSL ? PROTOCOL.SSL : PROTOCOL.RDP };
  if (req & PROTOCOL.HYBRID_EX) return { kind: 'selected', protocol: PROTOCOL.HYBRID_EX };
  if (req & PROTOCOL.HYBRID) return { kind: 'selected', protocol: PROTOCOL.HYBRID };
  if (req & PROTOCOL.RDSTLS) return { kind: 'selected', protocol: PROTOCOL.RDSTLS };
  // Only TLS or standard RDP security offered while NLA is required.
  if (nla) return { kind: 'failure', code: NEG_FAILURE.HYBRID_REQUIRED_BY_SERVER };
  return { kind: 'selected', protocol: req & PROTOCOL.SSL ? PROTOCOL.SSL : PROTOCOL.RDP };
}
