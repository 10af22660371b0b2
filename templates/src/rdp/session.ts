// One RDP connection up to the end of NLA: X.224 Connection Request (mstshash cookie, requested
// protocols) -> Connection Confirm as the persona's Windows or xrdp -> in-band TLS -> CredSSP with
// NTLMSSP (CHALLENGE from the persona's identity) -> AUTHENTICATE captured -> STATUS_LOGON_FAILURE.
import type { Duplex } from 'node:stream';
import { bytesToHex } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import { negTokenResp, NEG_STATE, ntlmIdentity, ntlmMessageType, ntlmServerExchange, OID, unwrapSpnego, type NtlmExchange } from '../_ntlm';
import type { SessionHandle, TemplateContext } from '../template';
import type { RdpConfig } from './config';
import { encodeTsRequest, parseTsRequest, TsRequestReader, type TsRequest } from './credssp';
import { selectProtocol } from './negotiate';
import { parseConnectionRequest, PROTOCOL, protocolNames, TpktReader } from './parser';
import { connectionConfirm, connectionConfirmLegacy, connectionFailure } from './responses';

/** A Connection Request is tiny; MCS Connect Initial with many channels stays well under this. */
const MAX_TPKT = 16 * 1024;
/** TSRequests carry NTLM messages (<= 16 KiB) plus pubKeyAuth/nonce. */
const MAX_TSREQUEST = 32 * 1024;
/** MS-ERREF 2.3.1: STATUS_LOGON_FAILURE. */
const STATUS_LOGON_FAILURE = 0xc000006d;

type State = 'x224' | 'tls' | 'after_cc' | 'credssp_negotiate' | 'credssp_authenticate' | 'done';

export function createRdpSession(stream: Duplex, ctx: TemplateContext<RdpConfig>): SessionHandle {
  const persona = ctx.persona.services.rdp;
  const nla = persona.flavor === 'windows' ? (ctx.config.nla ?? persona.nla) : false;
  const tpkts = new TpktReader(MAX_TPKT);
  const tsReader = new TsRequestReader(MAX_TSREQUEST);
  let state: State = 'x224';
  let selected = -1;
  let cookieUser: string | undefined;
  let ntlm: NtlmExchange | undefined;
  let spnego = false;
  let clientVersion = 0;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      if (state === 'credssp_negotiate' || state === 'credssp_authenticate') {
        tsReader.push(chunk);
        for (let f = tsReader.next(); f && (state as State) !== 'done'; f = tsReader.next()) {
          if (f.kind === 'oversized') {
            io.oversized('tsrequest', f.bytes, MAX_TSREQUEST);
            return finish();
          }
          if (f.kind === 'bad') {
            ctx.emit('protocol_error', { error: 'not a TSRequest', phase: state, head_hex: bytesToHex(f.head) });
            return finish();
          }
          credssp(f.bytes);
        }
        return;
      }
      if (state !== 'x224' && state !== 'after_cc') return;
      tpkts.push(chunk);
      for (let f = tpkts.next(); f && (state === 'x224' || state === 'after_cc'); f = tpkts.next()) {
        if (f.kind === 'oversized') {
          io.oversized('tpkt', f.bytes, MAX_TPKT);
          return finish();
        }
        if (f.kind === 'not_tpkt') {
          ctx.emit('protocol_error', { error: 'not a TPKT', phase: state, head_hex: bytesToHex(f.head) });
          return finish();
        }
        if (state === 'x224') connectionRequest(f.payload);
        else {
          // MCS Connect Initial (standard RDP security or TLS): not emulated further; Windows
          // requiring NLA, and this decky in any case, hang up here.
          ctx.emit('protocol_error', { error: 'connection sequence not emulated past X.224', selected: protocolNames(Math.max(0, selected)), head_hex: bytesToHex(f.payload.subarray(0, 16)) });
          return finish();
        }
      }
    },
  });

  function finish(last?: Buffer): void {
    state = 'done';
    io.end(last);
  }

  function connectionRequest(payload: Buffer): void {
    const cr = parseConnectionRequest(payload);
    if (!cr) {
      ctx.emit('protocol_error', { error: 'not an X.224 Connection Request', head_hex: bytesToHex(payload.subarray(0, 16)) });
      return finish();
    }
    if (cr.cookieUser !== undefined) {
      cookieUser = cr.cookieUser;
      ctx.emit('rdp_cookie', { username: cr.cookieUser, cookie: `mstshash=${cr.cookieUser}` });
    }
    const sel = selectProtocol(persona, nla, cr);
    ctx.emit('connection_request', {
      requested_protocols: cr.negReq ? cr.requestedProtocols : undefined,
      requested: cr.negReq ? protocolNames(cr.requestedProtocols) : 'legacy',
      neg_flags: cr.negReq ? cr.negFlags : undefined,
      routing_token: cr.routingToken,
      correlation_id: cr.correlationId,
      selected: sel.kind === 'selected' ? protocolNames(sel.protocol) : sel.kind,
      failure_code: sel.kind === 'failure' ? sel.code : undefined,
      nla_required: nla,
    });
    if (sel.kind === 'failure') return finish(connectionFailure(persona.srcRef, sel.code));
    if (sel.kind === 'legacy' || sel.protocol === PROTOCOL.RDP) {
      selected = 0;
      state = 'after_cc';
      io.write(sel.kind === 'legacy' ? connectionConfirmLegacy(persona.srcRef) : connectionConfirm(persona.srcRef, persona.negRspFlags, 0));
      return;
    }
    selected = sel.protocol;
    io.write(connectionConfirm(persona.srcRef, persona.negRspFlags, sel.protocol));
    upgrade();
  }

  function upgrade(): void {
    if (!ctx.startTls) return finish();
    state = 'tls';
    io.hold();
    void ctx.startTls().then((secured) => {
      io.release();
      if (!secured || io.closed) return io.destroy('tls_failed');
      io.upgrade(secured);
      if (selected === PROTOCOL.HYBRID || selected === PROTOCOL.HYBRID_EX) {
        ntlm = ntlmServerExchange(ntlmIdentity(ctx.persona), () => ctx.now());
        state = 'credssp_negotiate';
      } else state = 'after_cc';
    });
  }

  function reply(token: Buffer): void {
    io.write(encodeTsRequest({ version: persona.credsspVersion, negoToken: spnego ? negTokenResp({ negState: NEG_STATE.acceptIncomplete, supportedMech: OID.NTLMSSP, token }) : token }));
  }

  function credssp(bytes: Buffer): void {
    const req = parseTsRequest(bytes);
    const raw = req?.negoTokens[0];
    if (!req || !raw || !ntlm) {
      ctx.emit('protocol_error', { error: req ? 'TSRequest without negoTokens' : 'malformed TSRequest', phase: state, head_hex: bytesToHex(bytes.subarray(0, 16)) });
      return finish();
    }
    clientVersion = req.version;
    const unwrapped = unwrapSpnego(raw);
    if (unwrapped && unwrapped.kind !== 'raw') spnego = true;
    const token = unwrapped?.token;
    const type = token ? ntlmMessageType(token) : undefined;
    if (state === 'credssp_negotiate') {
      if (type !== 1 && spnego) {
        // An optimistic Kerberos token: name NTLMSSP as the mechanism and wait for its NEGOTIATE.
        io.write(encodeTsRequest({ version: persona.credsspVersion, negoToken: negTokenResp({ negState: NEG_STATE.acceptIncomplete, supportedMech: OID.NTLMSSP }) }));
        return;
      }
      const challenge = token && type === 1 ? ntlm.challenge(token) : null;
      if (!challenge) {
        ctx.emit('protocol_error', { error: 'expected NTLM NEGOTIATE', phase: state, head_hex: bytesToHex(raw.subarray(0, 16)) });
        return finish();
      }
      state = 'credssp_authenticate';
      return reply(challenge);
    }
    const capture = token && type === 3 ? ntlm.authenticate(token, 'failure') : null;
    if (!capture) {
      ctx.emit('protocol_error', { error: 'expected NTLM AUTHENTICATE', phase: state, head_hex: bytesToHex(raw.subarray(0, 16)) });
      return finish();
    }
    authAttempt(req, capture.fields);
    // MS-CSSP 3.1.5: a v3+ client is told why (errorCode), older ones see the connection close.
    finish(clientVersion >= 3 ? encodeTsRequest({ version: persona.credsspVersion, errorCode: STATUS_LOGON_FAILURE }) : undefined);
  }

  function authAttempt(req: TsRequest, fields: Record<string, string>): void {
    ctx.emit('auth_attempt', {
      auth_path: 'nla',
      ...fields,
      cookie_user: cookieUser,
      credssp_version: req.version,
      selected: protocolNames(selected),
      spnego,
      client_nonce: req.clientNonce ? bytesToHex(req.clientNonce.subarray(0, 32)) : undefined,
      result: 'STATUS_LOGON_FAILURE',
    });
  }

  return { close: (reason) => io.destroy(reason) };
}
