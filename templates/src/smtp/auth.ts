// SMTP AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms: challenge/response steps,
// "*" cancellation and base64 checks. Produces the captured username/password; the session decides.

export type AuthStep =
  | { kind: 'challenge'; reply: string }
  | { kind: 'done'; mechanism: string; user: string; authzid: string; password: Buffer }
  | { kind: 'error'; reason: 'aborted' | 'base64' | 'mechanism' };

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decode(text: string): Buffer | null {
  const t = text.trim();
  if (t === '=') return Buffer.alloc(0);
  return B64.test(t) ? Buffer.from(t, 'base64') : null;
}

/** RFC 4616: [authzid] NUL authcid NUL passwd. */
function plain(blob: Buffer): { authzid: string; user: string; password: Buffer } {
  const a = blob.indexOf(0);
  const b = a >= 0 ? blob.indexOf(0, a + 1) : -1;
  if (a < 0) return { authzid: '', user: '', password: blob };
  if (b < 0) return { authzid: '', user: blob.subarray(0, a).toString('utf8'), password: blob.subarray(a + 1) };
  return { authzid: blob.subarray(0, a).toString('utf8'), user: blob.subarray(a + 1, b).toString('utf8'), password: blob.subarray(b + 1) };
}

export class SaslExchange {
  private user = '';
  private stage: 'plain' | 'login_user' | 'login_pass' = 'plain';

  private constructor(readonly mechanism: string) {}

  /** AUTH <mechanism> [initial-response]. */
  static start(args: string): { exchange?: SaslExchange; step: AuthStep } {
    const [mechRaw = '', initial] = args.trim().split(/\s+/, 2);
    const mech = mechRaw.toUpperCase();
    if (mech !== 'PLAIN' && mech !== 'LOGIN') return { step: { kind: 'error', reason: 'mechanism' } };
    const ex = new SaslExchange(mech);
    if (mech === 'PLAIN') {
      if (initial === undefined) return { exchange: ex, step: { kind: 'challenge', reply: '334 ' } };
      return { exchange: ex, step: ex.respond(initial) };
    }
    ex.stage = 'login_user';
    if (initial === undefined) return { exchange: ex, step: { kind: 'challenge', reply: '334 VXNlcm5hbWU6' } };
    return { exchange: ex, step: ex.respond(initial) };
  }

  /** One client line during the exchange. */
  respond(line: string): AuthStep {
    if (line.trim() === '*') return { kind: 'error', reason: 'aborted' };
    const data = decode(line);
    if (data === null) return { kind: 'error', reason: 'base64' };
    if (this.stage === 'plain') {
      const p = plain(data);
      return { kind: 'done', mechanism: 'PLAIN', user: p.user.slice(0, 256), authzid: p.authzid.slice(0, 256), password: p.password };
    }
    if (this.stage === 'login_user') {
      this.user = data.toString('utf8').slice(0, 256);
      this.stage = 'login_pass';
      return { kind: 'challenge', reply: '334 UGFzc3dvcmQ6' };
    }
    return { kind: 'done', mechanism: 'LOGIN', user: this.user, authzid: '', password: data };
  }
}
