// One SSH connection (RFC 4252 authentication on top of ssh2's RFC 4253 transport): every password
// and public key is logged as `auth_attempt`; only the persona's accounts get in, after OpenSSH's
// failure delay; MaxAuthTries and LoginGraceTime end stubborn or silent clients as sshd does.
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { AuthContext, Connection, ParsedKey } from 'ssh2';
import { credentialFields } from '@decnet/protocol';
import { checkLogin } from '../runner/shell-bridge';
import type { SessionHandle, TemplateContext } from '../template';
import { serveSession, type LoginInfo } from './channels';
import { ssh2Lib } from './ssh2-lib';
import { algorithmsFor, AUTH_METHODS, identOf, LOGIN_GRACE_MS, MAX_AUTH_TRIES } from './responses';
import type { SshConfig } from './config';

const MAX_FIELD_CHARS = 256;

/** OpenSSH's public key fingerprint: "SHA256:" + unpadded base64 of the key blob's digest. */
export function keyFingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function keysFor(keys: ParsedKey[], hostKeyAlgos: readonly string[]): ParsedKey[] {
  // ssh2 announces every key it is given; keep only the types the persona's build offers.
  return keys.filter((k) => (k.type === 'ssh-rsa' ? hostKeyAlgos.some((a) => a.startsWith('rsa-') || a === 'ssh-rsa') : hostKeyAlgos.includes(k.type)));
}

function homeOf(ctx: TemplateContext<unknown>, user: string): string {
  return ctx.persona.shell.users.find((u) => u.name === user)?.home ?? (user === 'root' ? '/root' : `/home/${user}`);
}

export function startSshSession(stream: Duplex, ctx: TemplateContext<SshConfig>, hostKeys: ParsedKey[]): SessionHandle {
  const ident = identOf(ctx.persona.services.ssh.banner);
  const algorithms = algorithmsFor(ident, ctx.persona.shell.family === 'rhel');
  // ssh2 re-parses host keys per Server; wrapped, already parsed keys pass through as they are.
  const keys = keysFor(hostKeys, (algorithms.serverHostKey as string[] | undefined) ?? []).map((key) => ({ key }));
  const server = new (ssh2Lib().Server)({ hostKeys: keys, ident, algorithms });
  let client: Connection | undefined;
  let clientBanner = '';
  let failures = 0;
  let authenticated = false;
  let login: LoginInfo | undefined;
  const delay = ctx.config.auth_failure_delay_ms;
  const seenKeys = new Set<string>();
  // sshd's LoginGraceTime: no successful login within 120 s ends the connection.
  const grace = setTimeout(() => {
    if (authenticated) return;
    client?.end();
    stream.destroy();
  }, LOGIN_GRACE_MS);
  grace.unref?.();
  stream.once('close', () => clearTimeout(grace));

  const tooMany = (): void => {
    // sshd: "Too many authentication failures" (SSH_DISCONNECT_PROTOCOL_ERROR, RFC 4253 §11.1).
    (client as unknown as { _protocol?: { disconnect?: (r: number) => void } })._protocol?.disconnect?.(2);
    client?.end();
  };

  const onAuth = (auth: AuthContext): void => {
    const user = auth.username.slice(0, MAX_FIELD_CHARS);
    if (auth.method === 'password') {
      const ok = checkLogin(ctx.persona, auth.username, auth.password);
      ctx.emit('auth_attempt', { ...credentialFields(user, auth.password, 'plaintext', ok ? 'success' : 'failure', user), method: 'password', client_version: clientBanner });
      if (ok) {
        authenticated = true;
        clearTimeout(grace);
        login = { user: auth.username, password: auth.password, home: homeOf(ctx, auth.username) };
        return auth.accept();
      }
    } else if (auth.method === 'publickey') {
      const fp = keyFingerprint(auth.key.data);
      // A client first asks whether a key would do (no signature); log each key once.
      if (!seenKeys.has(fp) && seenKeys.size < 32) {
        seenKeys.add(fp);
        ctx.emit('auth_attempt', { principal: user, username: user, method: 'publickey', key_type: auth.key.algo.slice(0, 64), key_fingerprint: fp, outcome: 'failure', client_version: clientBanner });
      }
      // sshd counts every refused key towards MaxAuthTries, without PAM's delay.
      if (++failures >= MAX_AUTH_TRIES) return tooMany();
      return auth.reject([...AUTH_METHODS]);
    } else if (auth.method === 'none') {
      return auth.reject([...AUTH_METHODS]);
    }
    failures++;
    const reject = (): void => (failures >= MAX_AUTH_TRIES ? tooMany() : auth.reject([...AUTH_METHODS]));
    // PAM's failure delay (pam_unix, ~2 s) with jitter, as attackers measure it.
    if (delay > 0) setTimeout(reject, delay * (0.85 + Math.random() * 0.3));
    else reject();
  };

  server.on('connection', (conn, info) => {
    client = conn;
    clientBanner = (info.header?.identRaw ?? '').slice(0, MAX_FIELD_CHARS);
    ctx.emit('connection', { client_banner: clientBanner, client_software: (info.header?.versions?.software ?? '').slice(0, MAX_FIELD_CHARS) });
    conn.on('authentication', onAuth);
    // Registered up front: a client may open its channel in the same flight as the auth request.
    conn.on('session', (accept, reject) => (login ? serveSession(accept(), ctx, login) : reject()));
    conn.on('error', () => {
      // Transport errors (bad packets, resets) end this connection only.
    });
    conn.on('request', (accept, reject) => reject?.());
    conn.on('tcpip', (_accept, reject) => reject());
    conn.on('openssh.streamlocal', (_accept, reject) => reject());
  });
  server.injectSocket(stream as unknown as import('node:net').Socket);
  return {
    close: () => {
      clearTimeout(grace);
      client?.end();
      stream.destroy();
    },
  };
}
