// One LDAP connection (RFC 4511): binds (simple captured and refused with invalidCredentials as the
// persona's server words it; anonymous accepted), rootDSE answered like an AD DC or slapd, other
// anonymous searches refused like AD (or answered like an empty slapd), StartTLS, unbind.
import type { Duplex } from 'node:stream';
import { bytesToHex, credentialFields } from '@decnet/protocol';
import { NEG_STATE, negTokenResp, ntlmIdentity, ntlmServerExchange, OID, unwrapSpnego, type NtlmExchange } from '../_ntlm';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import { BerError, octets } from './ber';
import type { LdapConfig } from './config';
import { decodeMessage, LdapReader, type LdapOp } from './parser';
import { adRootDse, openldapRootDse, selectAttrs } from './root-dse';
import { APP, entry, message, RC, responseTagFor, result, TEXT } from './responses';

const STARTTLS = '1.3.6.1.4.1.1466.20037';
const MAX_MESSAGE = 64 * 1024;
/** AD's MaxConnIdleTime default (900 s) is longer than the runner's idle limit; this bounds a bind-less session. */
const MAX_REQUESTS = 200;
const SCOPES = ['base', 'one', 'sub', 'children'];

export function createLdapSession(stream: Duplex, ctx: TemplateContext<LdapConfig>): SessionHandle {
  const p = ctx.persona.services.ldap;
  const reader = new LdapReader(MAX_MESSAGE);
  let tls = false;
  let upgrading = false;
  let requests = 0;
  let ntlm: NtlmExchange | undefined;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      reader.push(chunk);
      for (let f = reader.next(); f && !io.closed && !upgrading; f = reader.next()) {
        if (f.kind === 'error') {
          if (f.length !== undefined) io.oversized('ldap message', f.length, MAX_MESSAGE);
          else ctx.emit('protocol_error', { error: f.error });
          return io.destroy('protocol_error');
        }
        let req;
        try {
          req = decodeMessage(f.bytes);
        } catch (e) {
          // AD and slapd drop a connection that sends undecodable PDUs.
          ctx.emit('protocol_error', { error: e instanceof BerError ? e.message : 'decode', head_hex: bytesToHex(f.bytes.subarray(0, 24)) });
          return io.destroy('protocol_error');
        }
        if (++requests > MAX_REQUESTS) return io.destroy('too_many_requests');
        handle(req.id, req.op);
      }
    },
  });

  const send = (id: number, op: Buffer): void => io.write(message(id, op));

  function handle(id: number, op: LdapOp): void {
    switch (op.type) {
      case 'bind':
        return bind(id, op);
      case 'search':
        return search(id, op);
      case 'extended':
        return extended(id, op.name);
      case 'unbind':
        return io.end();
      case 'abandon':
        return;
      default:
        return send(id, result(responseTagFor(op.tag), RC.operationsError, p.flavor === 'ad' ? TEXT.bindRequired(p) : 'modifications require authentication'));
    }
  }

  function bind(id: number, op: Extract<LdapOp, { type: 'bind' }>): void {
    if (op.version !== 3 && op.version !== 2) return send(id, result(APP.bind, RC.protocolError, TEXT.protocolVersion(p)));
    if (op.method === 'sicily') return sicily(id, op);
    if (op.method === 'sasl') {
      if (p.flavor === 'ad' && op.mechanism === 'GSS-SPNEGO' && op.credentials) return spnego(id, op.name, op.credentials);
      ctx.emit('bind', { dn: op.name, method: 'sasl', mechanism: op.mechanism, version: op.version, outcome: 'failure' });
      return send(id, result(APP.bind, RC.authMethodNotSupported, TEXT.authMethod(p)));
    }
    if (op.password.length === 0) {
      // RFC 4513 §5.1.1/§5.1.2: anonymous (or unauthenticated) bind succeeds.
      ctx.emit('bind', { dn: op.name, method: 'anonymous', version: op.version, outcome: 'success' });
      return send(id, result(APP.bind, RC.success, ''));
    }
    const principal = op.name.slice(0, 512);
    ctx.emit('bind', { ...credentialFields(principal, op.password, 'plaintext', 'failure', principal), dn: op.name, method: 'simple', version: op.version, tls: tls ? 1 : 0 });
    send(id, result(APP.bind, RC.invalidCredentials, TEXT.invalidCredentials(p)));
  }

  /** NTLMSSP AUTHENTICATE: log the NTLMv2 capture (hashcat -m 5600 line) and refuse it. */
  function ntlmAuthenticate(id: number, dn: string, token: Buffer | undefined, method: string, text: string): void {
    const cap = token && ntlm ? ntlm.authenticate(token, 'failure') : null;
    ntlm = undefined;
    if (!cap) {
      ctx.emit('protocol_error', { error: `malformed ${method} NTLM token` });
      return send(id, result(APP.bind, RC.protocolError, ''));
    }
    ctx.emit('bind', { ...cap.fields, dn: dn || undefined, principal: cap.principal, method, tls: tls ? 1 : 0 });
    send(id, result(APP.bind, RC.invalidCredentials, text));
  }

  function sicily(id: number, op: Extract<LdapOp, { method: 'sicily' }>): void {
    if (p.flavor !== 'ad') return send(id, result(APP.bind, RC.authMethodNotSupported, ''));
    if (op.step === 'discovery') return send(id, result(APP.bind, RC.success, '', 'NTLM'));
    if (op.step === 'negotiate') {
      ntlm = ntlmServerExchange(ntlmIdentity(ctx.persona), ctx.now);
      const challenge = ntlm.challenge(op.token);
      if (!challenge) return send(id, result(APP.bind, RC.protocolError, ''));
      // The CHALLENGE travels in matchedDN (MS-ADTS Sicily negotiate).
      return send(id, result(APP.bind, RC.success, '', challenge));
    }
    ntlmAuthenticate(id, op.name, op.token, 'sicily', TEXT.invalidCredentials(p));
  }

  function spnego(id: number, dn: string, creds: Buffer): void {
    const t = unwrapSpnego(creds);
    if (!ntlm) {
      ntlm = ntlmServerExchange(ntlmIdentity(ctx.persona), ctx.now);
      const challenge = t?.token ? ntlm.challenge(t.token) : null;
      if (!challenge) {
        ntlm = undefined;
        ctx.emit('bind', { dn, method: 'sasl', mechanism: 'GSS-SPNEGO', outcome: 'failure', error: 'not ntlm' });
        return send(id, result(APP.bind, RC.invalidCredentials, TEXT.saslFailed(p)));
      }
      const reply = t?.kind === 'raw' ? challenge : negTokenResp({ negState: NEG_STATE.acceptIncomplete, supportedMech: OID.NTLMSSP, token: challenge });
      return send(id, result(APP.bind, RC.saslBindInProgress, '', '', octets(reply, 0x87)));
    }
    ntlmAuthenticate(id, dn, t?.token, 'sasl', TEXT.saslFailed(p));
  }

  function search(id: number, op: Extract<LdapOp, { type: 'search' }>): void {
    const rootDse = op.base === '' && op.scope === 0;
    let outcome = 'refused';
    if (rootDse) {
      const attrs = p.flavor === 'ad' ? selectAttrs(adRootDse(p, ctx.now()), op.attributes) : openldapRootDse(p, op.attributes);
      send(id, entry('', op.typesOnly ? attrs.map(([n]) => [n, []]) : attrs));
      send(id, result(APP.searchDone, RC.success, ''));
      outcome = 'rootdse';
    } else if (p.flavor === 'ad') {
      send(id, result(APP.searchDone, RC.operationsError, TEXT.bindRequired(p)));
    } else if (op.base.toLowerCase() === p.baseDn && op.scope !== 1) {
      // An empty slapd tree: only the suffix entry exists.
      const dc = p.baseDn.split(',')[0]!.slice(3);
      if (/objectclass=\*/i.test(op.filter)) send(id, entry(p.baseDn, [['objectClass', ['top', 'dcObject', 'organization']], ['o', [p.dnsDomain]], ['dc', [dc]]]));
      send(id, result(APP.searchDone, RC.success, ''));
      outcome = 'suffix';
    } else {
      const under = op.base.toLowerCase().endsWith(p.baseDn);
      send(id, result(APP.searchDone, RC.noSuchObject, TEXT.noSuchObject(p, op.base), under ? p.baseDn : ''));
      outcome = 'no_such_object';
    }
    ctx.emit('search', {
      base: op.base, scope: SCOPES[op.scope] ?? String(op.scope), filter: op.filter, attributes: op.attributes.join(',').slice(0, 512),
      size_limit: op.sizeLimit, result: outcome,
    });
  }

  function extended(id: number, name: string): void {
    if (name !== STARTTLS) return send(id, result(APP.extended, RC.protocolError, TEXT.unknownExtended(p, name)));
    if (tls || !ctx.startTls) return send(id, result(APP.extended, RC.operationsError, TEXT.tlsAlready(p)));
    send(id, result(APP.extended, RC.success, '', '', octets(STARTTLS, 0x8a)));
    upgrading = true;
    reader.clear();
    void ctx.startTls().then((secured) => {
      if (!secured) return io.destroy('tls_failed');
      io.upgrade(secured);
      tls = true;
      upgrading = false;
    });
  }

  return { close: (reason) => io.destroy(reason) };
}
