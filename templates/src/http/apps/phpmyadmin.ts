// fake_app=phpmyadmin: the phpMyAdmin 5 cookie-auth login page (per-connection session cookie and
// CSRF token) at / and /phpmyadmin/, answering a login with mysqli's "Access denied" as a real
// install does when MySQL refuses the account.
import { parseUrlencoded } from '../credentials';
import { escapeHtml } from '../responses';
import { html, type AppEnv, type AppResult, type FakeApp, type SiteRequest } from './types';

function pmaVersion(env: AppEnv): string {
  return env.flavor.distro === 'debian' ? '5.2.1+dfsg-1' : env.flavor.distro === 'ubuntu' ? '5.1.1deb5ubuntu1' : '5.2.1';
}

function page(env: AppEnv, token: string, error: string, user: string): string {
  const v = pmaVersion(env);
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
  <meta charset="utf-8">
  <meta name="referrer" content="no-referrer">
  <meta name="robots" content="noindex,nofollow">
  <meta http-equiv="X-UA-Compatible" content="IE=Edge">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="favicon.ico" type="image/x-icon">
  <link rel="shortcut icon" href="favicon.ico" type="image/x-icon">
  <link rel="stylesheet" type="text/css" href="./themes/pmahomme/jquery/jquery-ui.css">
  <link rel="stylesheet" type="text/css" href="js/vendor/codemirror/lib/codemirror.css?v=${v}">
  <link rel="stylesheet" type="text/css" href="./themes/pmahomme/css/theme.css?v=${v}">
  <title>phpMyAdmin</title>
    <script data-cfasync="false" type="text/javascript" src="js/vendor/jquery/jquery.min.js?v=${v}"></script>
</head>
<body id="loginform">
<div class="container">
<a href="./url.php?url=https%3A%2F%2Fwww.phpmyadmin.net%2F" target="_blank" rel="noopener noreferrer" class="logo">
  <img src="./themes/pmahomme/img/logo_right.png" id="imLogo" name="imLogo" alt="phpMyAdmin" border="0">
</a>
<h1>Welcome to <bdo dir="ltr" lang="en">phpMyAdmin</bdo></h1>
${error ? `<div class="alert alert-danger" role="alert"><img src="themes/dot.gif" title="" alt="" class="icon ic_s_error"> ${error}</div>\n` : ''}
<noscript><div class="alert alert-danger" role="alert"><img src="themes/dot.gif" title="" alt="" class="icon ic_s_error"> Javascript must be enabled past this point!</div></noscript>
<form method="post" id="login_form" action="index.php?route=/" name="login_form" class="disableAjax hide js-show">
  <fieldset>
    <legend><input type="hidden" name="set_session" value="${escapeHtml(token.slice(0, 26))}">Log in</legend>
    <div class="item">
      <label for="input_username">Username:</label>
      <input type="text" name="pma_username" id="input_username" value="${escapeHtml(user)}" size="24" class="textfield" autocomplete="username">
    </div>
    <div class="item">
      <label for="input_password">Password:</label>
      <input type="password" name="pma_password" id="input_password" value="" size="24" class="textfield" autocomplete="current-password">
    </div>
    <input type="hidden" name="server" value="1">
  </fieldset>
  <fieldset class="tblFooters">
    <input class="btn btn-primary" value="Go" type="submit" id="input_go">
    <input type="hidden" name="route" value="/">
    <input type="hidden" name="token" value="${escapeHtml(token)}">
  </fieldset>
</form>
</div>
</body>
</html>
`;
}

function serve(req: SiteRequest, env: AppEnv, base: string): AppResult {
  const sid = env.random(13);
  const token = env.random(16);
  const headers: Array<[string, string]> = [
    ...(env.poweredBy ? ([['X-Powered-By', env.poweredBy]] as Array<[string, string]>) : []),
    ['Set-Cookie', `phpMyAdmin=${sid}; path=${base}; HttpOnly`],
    ['Set-Cookie', `pma_lang=en; expires=${new Date(env.now.getTime() + 30 * 86400_000).toUTCString()}; Max-Age=2592000; path=${base}; HttpOnly`],
    ['X-ob_mode', '1'], ['X-Frame-Options', 'DENY'], ['Referrer-Policy', 'no-referrer'], ['X-XSS-Protection', '1; mode=block'],
    ['X-Content-Type-Options', 'nosniff'], ['X-Permitted-Cross-Domain-Policies', 'none'], ['X-Robots-Tag', 'noindex, nofollow'],
    ['Expires', env.now.toUTCString()], ['Cache-Control', 'no-store, no-cache, must-revalidate,  pre-check=0, post-check=0, max-age=0'], ['Pragma', 'no-cache'],
  ];
  let error = '';
  let user = '';
  if (req.method === 'POST') {
    const f = parseUrlencoded(req.body.toString('latin1'));
    user = (f.get('pma_username') ?? '').slice(0, 128);
    const used = (f.get('pma_password') ?? '') !== '';
    if (user) error = `mysqli::real_connect(): (HY000/1045): Access denied for user '${escapeHtml(user)}'@'localhost' (using password: ${used ? 'YES' : 'NO'})`;
  }
  return { response: html(200, page(env, token, error, user), headers, 'text/html; charset=utf-8') };
}

export const phpmyadmin: FakeApp = {
  handle(req, env) {
    const p = req.path;
    if (p === '/' || p === '/index.php') return serve(req, env, '/');
    if (p === '/phpmyadmin/' || p === '/phpmyadmin/index.php') return serve(req, env, '/phpmyadmin/');
    if (p === '/phpmyadmin') return { response: html(301, '', [['Location', `${env.baseUrl}/phpmyadmin/`]]) };
    return undefined;
  },
};
