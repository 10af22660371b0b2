// fake_app=jenkins: Jenkins on Jetty with security enabled: X-Jenkins/X-Hudson identity headers, a
// 403 "Authentication required" redirect for everything, /login, and /j_spring_security_check that
// fails to /loginError. JSESSIONID is random per connection (a shared one is a known honeypot tell).
import { makeRng, seededHex } from '../../_shell/sys/rng';
import { escapeHtml } from '../responses';
import { html, type AppEnv, type AppResult, type FakeApp, type SiteRequest } from './types';

const RELEASES: Array<[jenkins: string, jetty: string]> = [['2.426.3', '10.0.18'], ['2.440.3', '10.0.20'], ['2.452.3', '10.0.21']];

function release(seed: string): [string, string] {
  return makeRng(`${seed}:jenkins`).pick(RELEASES);
}

function identity(env: AppEnv): Array<[string, string]> {
  const seed = env.persona.seed;
  const session = seededHex(`${seed}:jenkins-session:${env.persona.shell.bootedAtMs}`, 4);
  // The DER prefix of an RSA-2048 SubjectPublicKeyInfo, then seeded key bytes.
  const key = Buffer.concat([Buffer.from('30820122300d06092a864886f70d01010105000382010f003082010a0282010100', 'hex'), Buffer.from(seededHex(`${seed}:jenkins-key`, 256), 'hex'), Buffer.from('0203010001', 'hex')]);
  return [['X-Hudson', '1.395'], ['X-Jenkins', release(seed)[0]], ['X-Jenkins-Session', session], ['X-Instance-Identity', key.toString('base64')]];
}

function cookie(env: AppEnv): [string, string] {
  return ['Set-Cookie', `JSESSIONID.${seededHex(`${env.persona.seed}:jenkins-cookie`, 4)}=node0${env.random(12)}${Math.floor(env.now.getTime() % 1000)}.node0; Path=/; HttpOnly`];
}

const resUrl = (env: AppEnv): string => `/static/${seededHex(`${env.persona.seed}:jenkins-static`, 4)}`;

function loginPage(env: AppEnv, from: string, error: boolean): string {
  const r = resUrl(env);
  return `<!DOCTYPE html><html lang="en-US"><head resURL="${r}" data-rooturl="" data-resurl="${r}" data-imagesurl="${r}/images"><title>Sign in [Jenkins]</title><meta name="ROBOTS" content="NOFOLLOW"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="${r}/jsbundles/simple-page.css" type="text/css"></head><body><div class="simple-page" role="main"><div class="modal login"><div id="loginIntroDefault"><div class="logo"></div><h1>Welcome to Jenkins!</h1></div>${error ? '<div class="alert alert-danger">Invalid username or password</div>' : ''}<form method="post" name="login" action="j_spring_security_check"><div class="jenkins-form-item jenkins-form-item--tight"><input autocorrect="off" autocomplete="off" name="j_username" id="j_username" placeholder="Username" type="text" class="jenkins-input normal" autocapitalize="off" aria-label="Username"></div><div class="jenkins-form-item jenkins-form-item--tight"><input name="j_password" placeholder="Password" type="password" class="jenkins-input normal" aria-label="Password"></div><div class="jenkins-checkbox jenkins-form-item jenkins-form-item--tight"><input type="checkbox" id="remember_me" name="remember_me"><label for="remember_me">Keep me signed in</label></div><input name="from" type="hidden" value="${escapeHtml(from)}"><div class="submit"><button type="submit" name="Submit" class="jenkins-button jenkins-button--primary">Sign in</button></div></form><div class="footer"></div></div></div></body></html>`;
}

const PAGE_HEADERS: Array<[string, string]> = [['X-Content-Type-Options', 'nosniff'], ['Expires', 'Thu, 01 Jan 1970 00:00:00 GMT'], ['Cache-Control', 'no-cache,no-store,must-revalidate'], ['X-Hudson-Theme', 'default'], ['Referrer-Policy', 'same-origin'], ['Cross-Origin-Opener-Policy', 'same-origin']];

function denied(req: SiteRequest, env: AppEnv): AppResult {
  const from = encodeURIComponent(req.path).slice(0, 512);
  const body = `<html><head><meta http-equiv='refresh' content='1;url=/login?from=${escapeHtml(from)}'/><script id='redirect' data-redirect-url='/login?from=${escapeHtml(from)}' src='${resUrl(env)}/scripts/redirect.js'></script></head><body style='background-color:white; color:white;'>\nAuthentication required\n<!--\n-->\n\n</body></html>${' '.repeat(300)}
`; // HudsonAuthenticationEntryPoint pads for IE
  return {
    response: html(403, body, [
      ['X-Content-Type-Options', 'nosniff'], cookie(env), ...identity(env),
      ['X-You-Are-Authenticated-As', 'anonymous'], ['X-You-Are-In-Group-Disabled', 'JENKINS-39402: use -Dhudson.security.AccessDeniedException2.REPORT_GROUP_HEADERS=true or use /whoAmI to diagnose'],
      ['X-Required-Permission', 'hudson.model.Hudson.Read'], ['X-Permission-Implied-By', 'hudson.security.Permission.GenericRead'], ['X-Permission-Implied-By', 'hudson.model.Hudson.Administer'],
    ], 'text/html;charset=utf-8'),
  };
}

export const jenkins: FakeApp = {
  flavor(base, persona, serverOverride) {
    const jetty = `Jetty(${release(persona.seed)[1]})`;
    return { ...base, kind: 'jetty', server: serverOverride ?? jetty, signature: serverOverride ?? jetty, maxBodyBytes: 4 * 1024 * 1024 };
  },
  handle(req, env) {
    const p = req.path;
    if (p === '/login' || p === '/loginError') {
      const from = (req.query.get('from') ?? '/').slice(0, 512);
      const headers: Array<[string, string]> = [...PAGE_HEADERS, cookie(env), ...identity(env), ['X-Frame-Options', 'sameorigin']];
      return { response: html(p === '/login' ? 200 : 401, loginPage(env, from, p === '/loginError'), headers, 'text/html;charset=utf-8') };
    }
    if (p === '/j_spring_security_check') {
      return { response: html(302, '', [['X-Content-Type-Options', 'nosniff'], cookie(env), ['Location', `${env.baseUrl}/loginError`]]) };
    }
    if (p.startsWith('/static/') || p.startsWith('/adjuncts/')) return undefined;
    return denied(req, env);
  },
};
