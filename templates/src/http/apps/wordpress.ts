// fake_app=wordpress: a fresh WordPress site (home page with the generator tag, wp-login.php with
// WordPress's own error wording and user enumeration, /wp-admin redirect, readme, REST users, and
// xmlrpc.php whose wp.getUsersBlogs-style calls yield credentials).
import { makeRng } from '../../_shell/sys/rng';
import { credentialFields } from '@decnet/protocol';
import { parseUrlencoded } from '../credentials';
import { escapeHtml } from '../responses';
import { html, type AppEnv, type AppResult, type FakeApp, type SiteRequest } from './types';

function site(env: AppEnv): { title: string; version: string; users: string[] } {
  const rng = makeRng(`${env.persona.seed}:wordpress`);
  const first = env.persona.shell.users.find((u) => u.uid >= 1000)?.name ?? 'editor';
  const company = (env.persona.domain.split('.')[0] ?? 'site').replace(/^\w/, (c) => c.toUpperCase());
  return { title: `${company} ${rng.pick(['Blog', 'News', 'Team', 'Updates'])}`, version: rng.pick(['6.4.3', '6.5.2', '6.5.5', '6.6.1']), users: ['admin', first] };
}

const noCache: Array<[string, string]> = [['Expires', 'Wed, 11 Jan 1984 05:00:00 GMT'], ['Cache-Control', 'no-cache, must-revalidate, max-age=0']];

function powered(env: AppEnv): Array<[string, string]> {
  return env.poweredBy ? [['X-Powered-By', env.poweredBy]] : [];
}

function loginPage(env: AppEnv, error: string, log: string): string {
  const s = site(env);
  const b = env.baseUrl;
  return `<!DOCTYPE html>
\t<html lang="en-US">
\t<head>
\t<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
\t<title>Log In &lsaquo; ${escapeHtml(s.title)} &#8212; WordPress</title>
\t<meta name='robots' content='max-image-preview:large, noindex, noarchive' />
<link rel='stylesheet' id='login-css' href='${b}/wp-admin/css/login.min.css?ver=${s.version}' media='all' />
\t<meta name='referrer' content='strict-origin-when-cross-origin' />
\t\t<meta name="viewport" content="width=device-width" />
\t\t</head>
\t<body class="login no-js login-action-login wp-core-ui  locale-en-us">
\t<div id="login">
\t\t<h1><a href="https://wordpress.org/">Powered by WordPress</a></h1>
\t${error ? `<div id="login_error" class="notice notice-error"><p>${error}</p></div>` : ''}
\t\t<form name="loginform" id="loginform" action="${b}/wp-login.php" method="post">
\t\t\t<p>
\t\t\t\t<label for="user_login">Username or Email Address</label>
\t\t\t\t<input type="text" name="log" id="user_login" class="input" value="${escapeHtml(log)}" size="20" autocapitalize="off" autocomplete="username" required="required" />
\t\t\t</p>
\t\t\t<div class="user-pass-wrap">
\t\t\t\t<label for="user_pass">Password</label>
\t\t\t\t<div class="wp-pwd">
\t\t\t\t\t<input type="password" name="pwd" id="user_pass" class="input password-input" value="" size="20" autocomplete="current-password" spellcheck="false" required="required" />
\t\t\t\t</div>
\t\t\t</div>
\t\t\t<p class="forgetmenot"><input name="rememberme" type="checkbox" id="rememberme" value="forever"  /> <label for="rememberme">Remember Me</label></p>
\t\t\t<p class="submit">
\t\t\t\t<input type="submit" name="wp-submit" id="wp-submit" class="button button-primary button-large" value="Log In" />
\t\t\t\t<input type="hidden" name="redirect_to" value="${b}/wp-admin/" />
\t\t\t\t<input type="hidden" name="testcookie" value="1" />
\t\t\t</p>
\t\t</form>
\t\t<p id="nav"><a class="wp-login-lost-password" href="${b}/wp-login.php?action=lostpassword">Lost your password?</a></p>
\t\t<p id="backtoblog"><a href="${b}/">&larr; Go to ${escapeHtml(s.title)}</a></p>
\t</div>
\t</body>
\t</html>
`;
}

function login(req: SiteRequest, env: AppEnv): AppResult {
  const headers: Array<[string, string]> = [...powered(env), ...noCache, ['X-Frame-Options', 'SAMEORIGIN'], ['Referrer-Policy', 'strict-origin-when-cross-origin'], ['Set-Cookie', 'wordpress_test_cookie=WP%20Cookie%20check; path=/; HttpOnly']];
  if (req.method !== 'POST') return { response: html(200, loginPage(env, '', ''), headers) };
  const f = parseUrlencoded(req.body.toString('latin1'));
  const log = (f.get('log') ?? '').slice(0, 200);
  const pwd = f.get('pwd') ?? '';
  const lost = `<a href="${env.baseUrl}/wp-login.php?action=lostpassword">Lost your password?</a>`;
  let error: string;
  if (!log) error = '<strong>Error:</strong> The username field is empty.';
  else if (!pwd) error = '<strong>Error:</strong> The password field is empty.';
  else if (site(env).users.includes(log)) error = `<strong>Error:</strong> The password you entered for the username <strong>${escapeHtml(log)}</strong> is incorrect. ${lost}`;
  else error = `<strong>Error:</strong> The username <strong>${escapeHtml(log)}</strong> is not registered on this site. If you are unsure of your username, try your email address instead.`;
  return { response: html(200, loginPage(env, error, log), headers) };
}

const fault = (code: number, text: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse>\n  <fault>\n    <value>\n      <struct>\n        <member>\n          <name>faultCode</name>\n          <value><int>${code}</int></value>\n        </member>\n        <member>\n          <name>faultString</name>\n          <value><string>${escapeHtml(text)}</string></value>\n        </member>\n      </struct>\n    </value>\n  </fault>\n</methodResponse>\n`;

/** Position of (username, password) among the string params of XML-RPC methods that authenticate. */
const AUTH_METHODS: Record<string, number> = {
  'wp.getUsersBlogs': 0, 'metaWeblog.getUsersBlogs': 1, 'blogger.getUsersBlogs': 1, 'wp.getProfile': 1, 'wp.getUsers': 1,
  'wp.getOptions': 1, 'wp.getPosts': 1, 'metaWeblog.newPost': 1, 'wp.newPost': 1, 'wp.uploadFile': 1, 'system.multicall': -1,
};

function xmlrpc(req: SiteRequest, env: AppEnv): AppResult {
  const headers: Array<[string, string]> = powered(env);
  if (req.method !== 'POST') return { response: html(405, 'XML-RPC server accepts POST requests only.', headers, 'text/plain;charset=UTF-8') };
  const xml = req.body.toString('utf8').slice(0, 64 * 1024);
  const method = /<methodName>\s*([\w.]{1,100})\s*<\/methodName>/.exec(xml)?.[1] ?? '';
  const strings = [...xml.matchAll(/<value>\s*(?:<string>)?([^<]{0,1024})(?:<\/string>)?\s*<\/value>/g)].map((m) => m[1] ?? '').slice(0, 20);
  const xmlHeaders = headers;
  const type = 'text/xml; charset=UTF-8';
  if (method === 'system.listMethods') {
    const list = ['system.multicall', 'system.listMethods', 'system.getCapabilities', 'demo.addTwoNumbers', 'demo.sayHello', 'pingback.extensions.getPingbacks', 'pingback.ping', 'mt.publishPost', 'wp.getUsersBlogs', 'wp.getProfile', 'wp.getUsers', 'wp.getPosts', 'wp.newPost', 'wp.uploadFile', 'metaWeblog.getUsersBlogs', 'blogger.getUsersBlogs'];
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse>\n  <params>\n    <param>\n      <value>\n      <array><data>\n${list.map((m) => `  <value><string>${m}</string></value>\n`).join('')}</data></array>\n      </value>\n    </param>\n  </params>\n</methodResponse>\n`;
    return { response: html(200, body, xmlHeaders, type) };
  }
  const pos = AUTH_METHODS[method];
  if (pos !== undefined) {
    const at = pos < 0 ? 0 : pos;
    const user = strings[at] ?? '';
    const pass = strings[at + 1] ?? '';
    const credential = { ...credentialFields(user, pass, 'plaintext'), auth_scheme: 'xmlrpc', xmlrpc_method: method };
    return { response: html(200, fault(403, 'Incorrect username or password.'), xmlHeaders, type), credential };
  }
  if (method === 'pingback.ping') return { response: html(200, fault(0, ''), xmlHeaders, type) };
  return { response: html(200, fault(-32601, `server error. requested method ${method} does not exist.`), xmlHeaders, type) };
}

function home(env: AppEnv): string {
  const s = site(env);
  const b = env.baseUrl;
  return `<!DOCTYPE html>
<html lang="en-US">
<head>
\t<meta charset="UTF-8" />
\t<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name='robots' content='max-image-preview:large' />
<title>${escapeHtml(s.title)}</title>
<link rel="alternate" type="application/rss+xml" title="${escapeHtml(s.title)} &raquo; Feed" href="${b}/feed/" />
<link rel='stylesheet' id='wp-block-library-css' href='${b}/wp-includes/css/dist/block-library/style.min.css?ver=${s.version}' media='all' />
<link rel="https://api.w.org/" href="${b}/wp-json/" /><link rel="EditURI" type="application/rsd+xml" title="RSD" href="${b}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress ${s.version}" />
</head>
<body class="home blog wp-embed-responsive">
<div class="wp-site-blocks"><header class="wp-block-template-part"><p class="wp-block-site-title"><a href="${b}" target="_self" rel="home">${escapeHtml(s.title)}</a></p></header>
<main class="wp-block-group"><h2 class="wp-block-post-title"><a href="${b}/hello-world/" target="_self" >Hello world!</a></h2>
<div class="wp-block-post-content"><p>Welcome to WordPress. This is your first post. Edit or delete it, then start writing!</p></div></main>
<footer class="wp-block-template-part"><p class="has-text-align-center">Proudly powered by <a href="https://wordpress.org" rel="nofollow">WordPress</a></p></footer></div>
</body>
</html>
`;
}

export const wordpress: FakeApp = {
  handle(req, env) {
    const p = req.path;
    const b = env.baseUrl;
    if (p === '/' || p === '/index.php') {
      if (req.query.get('author')) return { response: html(301, '', [...powered(env), ['Location', `${b}/author/${site(env).users[0]}/`]]) };
      return { response: html(200, home(env), [...powered(env), ['Link', `<${b}/wp-json/>; rel="https://api.w.org/"`]]) };
    }
    if (p === '/wp-login.php') return login(req, env);
    if (p === '/xmlrpc.php') return xmlrpc(req, env);
    if (p === '/wp-admin' || p === '/wp-admin/' || p === '/wp-admin/index.php') {
      const to = encodeURIComponent(`${b}/wp-admin/`);
      return { response: html(302, '', [...powered(env), ...noCache, ['Location', `${b}/wp-login.php?redirect_to=${to}&reauth=1`]]) };
    }
    if (p === '/wp-admin/admin-ajax.php') return { response: html(400, '0', [...powered(env), ...noCache]) };
    if (p === '/readme.html') {
      return { response: html(200, `<!DOCTYPE html>\n<html lang="en">\n<head>\n\t<meta name="viewport" content="width=device-width" />\n\t<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n\t<title>WordPress &#8250; ReadMe</title>\n\t<link rel="stylesheet" href="wp-admin/css/install.css?ver=20100228" type="text/css" />\n</head>\n<body>\n<h1 id="logo">\n\t<a href="https://wordpress.org/"><img alt="WordPress" src="wp-admin/images/wordpress-logo.png" /></a>\n</h1>\n<p style="text-align: center">Semantic Personal Publishing Platform</p>\n\n<h2>First Things First</h2>\n<p>Welcome. WordPress is a very special project to me. Every developer and contributor adds something unique to the mix, and together we create something beautiful that I am proud to be a part of. Thousands of hours have gone into WordPress, and we are dedicated to making it better every day. Thank you for making it part of your world.</p>\n<p style="text-align: right">&#8212; Matt Mullenweg</p>\n</body>\n</html>\n`) };
    }
    if (p === '/wp-json/wp/v2/users') {
      const users = site(env).users.map((u, i) => ({ id: i + 1, name: u, url: '', description: '', link: `${b}/author/${u}/`, slug: u }));
      return { response: html(200, JSON.stringify(users), [...powered(env), ['X-WP-Total', String(users.length)], ['X-WP-TotalPages', '1']], 'application/json; charset=UTF-8') };
    }
    if (p === '/wp-content/' || p === '/wp-content/plugins/' || p === '/wp-content/themes/') return { response: html(200, '', powered(env)) };
    return undefined;
  },
};
