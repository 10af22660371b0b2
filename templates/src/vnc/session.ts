// One RFB connection up to the end of VNC Authentication (RFC 6143 §7.1-7.2.2): version exchange,
// security type, a fresh 16-byte challenge, the DES response captured (challenge||response, so it
// can be cracked offline), then SecurityResult failed worded as the persona's server and close.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { bytesToHex, credentialFields } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import { blacklistFor } from './blacklist';
import type { VncConfig } from './config';
import { HandshakeReader, negotiatedMinor, parseVersion, shownLine } from './parser';
import { blacklistedGreeting, connectionFailed, SEC_VNC_AUTH, securityFailed, securityTypes, versionLine } from './responses';

/** Nothing legitimate sends more than a version line, a type byte and a response before our reply. */
const MAX_PENDING_BYTES = 4096;
/** TigerVNC delays the failure (authFailureTimer, 100 ms) to slow brute force. */
const AUTH_FAILURE_DELAY_MS = 100;
const TYPE_NAMES: Record<number, string> = { 0: 'Invalid', 1: 'None', 2: 'VNC Authentication', 16: 'Tight', 18: 'TLS', 19: 'VeNCrypt', 30: 'Apple ARD' };

export function createVncSession(stream: Duplex, ctx: TemplateContext<VncConfig>): SessionHandle {
  const persona = ctx.persona.services.vnc;
  const serverMinor = ctx.config.version ? (Number(ctx.config.version.slice(2)) as 3 | 7 | 8) : persona.minor;
  const reader = new HandshakeReader(MAX_PENDING_BYTES);
  let state: 'version' | 'type' | 'response' | 'done' = 'version';
  let minor: 3 | 7 | 8 = serverMinor;
  let clientVersion = '';
  let challenge: Buffer | undefined;
  let timer: NodeJS.Timeout | undefined;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      reader.push(chunk);
      if (reader.overflowed) {
        io.oversized('rfb_handshake', MAX_PENDING_BYTES + chunk.length, MAX_PENDING_BYTES);
        return finish();
      }
      step();
    },
    onClose: () => clearTimeout(timer),
  });

  const policy = persona.blacklist;
  const threshold = ctx.config.blacklist_threshold ?? policy?.threshold ?? 0;
  const timeoutS = ctx.config.blacklist_timeout_s ?? policy?.timeoutS ?? 10;
  if (blacklistFor(ctx.persona.seed, threshold, timeoutS).isBlackmarked(ctx.src.ip, ctx.now().getTime())) {
    ctx.emit('rate_limited', { limit: 'security_failures', threshold, reason: 'Too many security failures' });
    state = 'done';
    io.end(blacklistedGreeting());
    return { close: (reason) => io.destroy(reason) };
  }
  io.write(versionLine(serverMinor));

  function finish(last?: Buffer): void {
    state = 'done';
    io.end(last);
  }

  function sendChallenge(): void {
    challenge = randomBytes(16);
    state = 'response';
    io.write(challenge);
  }

  function step(): void {
    if (state === 'version') {
      const line = reader.take(12);
      if (!line) return;
      const v = parseVersion(line);
      if (!v) {
        // SConnection: "reading version failed: not an RFB client?" - closed without a word.
        ctx.emit('protocol_error', { error: 'not an RFB client', head: shownLine(line) });
        return finish();
      }
      clientVersion = v.text;
      const m = negotiatedMinor(v, serverMinor);
      ctx.emit('version', { client_version: v.text, server_version: `RFB 003.00${serverMinor}`, negotiated: m === null ? undefined : `3.${m}` });
      if (m === null) {
        return finish(connectionFailed(false, `Client needs protocol version ${v.major}.${v.minor}, server has 3.${serverMinor}`));
      }
      minor = m;
      if (minor === 3) {
        ctx.emit('security_choice', { type: SEC_VNC_AUTH, type_name: TYPE_NAMES[SEC_VNC_AUTH], chosen_by: 'server' });
        io.write(securityTypes(3, [SEC_VNC_AUTH]));
        return sendChallenge();
      }
      state = 'type';
      io.write(securityTypes(minor, [SEC_VNC_AUTH]));
    }
    if (state === 'type') {
      const t = reader.take(1);
      if (!t) return;
      const type = t[0] ?? 0;
      ctx.emit('security_choice', { type, type_name: TYPE_NAMES[type] ?? 'unknown', chosen_by: 'client', offered: String(SEC_VNC_AUTH) });
      // processSecurityType: "Requested security type not available" ends the connection silently.
      if (type !== SEC_VNC_AUTH) return finish();
      sendChallenge();
    }
    if (state === 'response' && challenge) {
      const response = reader.take(16);
      if (!response) return;
      capture(challenge, response);
      state = 'done';
      const reply = securityFailed(minor, persona.failureReason);
      if (persona.product === 'tigervnc') {
        timer = setTimeout(() => io.end(reply), AUTH_FAILURE_DELAY_MS);
        timer.unref?.();
      } else io.end(reply);
    }
  }

  function capture(chal: Buffer, response: Buffer): void {
    const secret = Buffer.concat([chal, response]);
    ctx.emit('auth_response', {
      ...credentialFields('', secret, 'vnc_des_response', 'failure'),
      // Hex keeps the printable form useful; secret_b64 stays lossless (challenge || response).
      secret_printable: bytesToHex(secret),
      challenge: bytesToHex(chal),
      response: bytesToHex(response),
      client_version: clientVersion,
      rfb_version: `3.${minor}`,
      john: `$vnc$*${bytesToHex(chal).toUpperCase()}*${bytesToHex(response).toUpperCase()}`,
    });
  }

  return {
    close: (reason) => {
      clearTimeout(timer);
      io.destroy(reason);
    },
  };
}
