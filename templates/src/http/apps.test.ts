// fake_app presets: WordPress login/xmlrpc/redirects, phpMyAdmin tokens, Tomcat manager realm,
// Jenkins identity headers and per-connection session cookies, with credentials on `request`.
import { describe, expect, it } from 'vitest';
import { startSession } from '../_testing';
import { nextResponse } from './http-test-util';
import { httpTemplate } from './index';

function post(path: string, body: string, type = 'application/x-www-form-urlencoded'): string {
  return `POST ${path} HTTP/1.1\r\nHost: h\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('fake_app=wordpress', () => {
  it('shows the generator, redirects /wp-admin, and answers logins in WordPress\'s words', async () => {
    const { peer, ctx } = startSession(httpTemplate, { config: { fake_app: 'wordpress' } });
    peer.send('GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /wp-admin/ HTTP/1.1\r\nHost: h\r\n\r\n');
    const [home, o1] = await nextResponse(peer);
    const [admin, o2] = await nextResponse(peer, o1);
    expect(home.body).toMatch(/<meta name="generator" content="WordPress 6\.\d\.\d" \/>/);
    expect(home.header('X-Powered-By')).toBe(ctx.persona.services.http.poweredBy);
    expect(admin.status).toBe(302);
    expect(admin.header('Location')).toMatch(/\/wp-login\.php\?redirect_to=http%3A%2F%2F.*%2Fwp-admin%2F&reauth=1$/);
    peer.send(post('/wp-login.php', 'log=admin&pwd=letmein&wp-submit=Log+In') + post('/wp-login.php', 'log=%3Cscript%3E&pwd=x'));
    const [known, o3] = await nextResponse(peer, o2);
    const [unknown] = await nextResponse(peer, o3);
    expect(known.body).toContain('The password you entered for the username <strong>admin</strong> is incorrect.');
    expect(unknown.body).toContain('The username <strong>&lt;script&gt;</strong> is not registered on this site.');
    expect(ctx.eventsOf('request').filter((e) => e.fields.secret_b64).map((e) => [e.fields.principal, e.fields.secret_printable])).toEqual([['admin', 'letmein'], ['<script>', 'x']]);
  });

  it('captures xmlrpc.php wp.getUsersBlogs credentials and answers with the 403 fault', async () => {
    const { peer, ctx } = startSession(httpTemplate, { config: { fake_app: 'wordpress' } });
    const xml = '<?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs</methodName><params><param><value><string>admin</string></value></param><param><value><string>qwerty</string></value></param></params></methodCall>';
    peer.send(`GET /xmlrpc.php HTTP/1.1\r\nHost: h\r\n\r\n${post('/xmlrpc.php', xml, 'text/xml')}`);
    const [get, o1] = await nextResponse(peer);
    const [r] = await nextResponse(peer, o1);
    expect([get.status, get.body]).toEqual([405, 'XML-RPC server accepts POST requests only.']);
    expect(r.body).toContain('<name>faultCode</name>\n          <value><int>403</int></value>');
    expect(ctx.eventsOf('request')[1]?.fields).toMatchObject({ principal: 'admin', secret_printable: 'qwerty', xmlrpc_method: 'wp.getUsersBlogs' });
  });
});

describe('fake_app=phpmyadmin', () => {
  it('issues a fresh token per connection and reports mysqli access denied', async () => {
    const a = startSession(httpTemplate, { config: { fake_app: 'phpmyadmin' } });
    const b = startSession(httpTemplate, { config: { fake_app: 'phpmyadmin' } });
    a.peer.send('GET /phpmyadmin/ HTTP/1.1\r\nHost: h\r\n\r\n');
    b.peer.send('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    const [ra] = await nextResponse(a.peer);
    const [rb] = await nextResponse(b.peer);
    const token = (s: string): string | undefined => /name="token" value="([0-9a-f]{32})"/.exec(s)?.[1];
    expect(token(ra.body)).toBeDefined();
    expect(token(ra.body)).not.toBe(token(rb.body));
    a.peer.send(post('/phpmyadmin/index.php', `pma_username=root&pma_password=root&server=1&token=${token(ra.body)}`));
    const [denied] = await nextResponse(a.peer, a.peer.text.length);
    expect(denied.body).toContain("mysqli::real_connect(): (HY000/1045): Access denied for user 'root'@'localhost' (using password: YES)");
    expect(a.ctx.eventsOf('request')[1]?.fields).toMatchObject({ principal: 'root', secret_printable: 'root' });
  });
});

describe('fake_app=tomcat', () => {
  it('has no Server header, guards the manager with the Tomcat realm and captures Basic attempts', async () => {
    const { peer, ctx } = startSession(httpTemplate, { config: { fake_app: 'tomcat' } });
    const basic = Buffer.from('tomcat:s3cret').toString('base64');
    peer.send(`GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /manager/html HTTP/1.1\r\nHost: h\r\nAuthorization: Basic ${basic}\r\n\r\nGET /nope HTTP/1.1\r\nHost: h\r\n\r\n`);
    const [root, o1] = await nextResponse(peer);
    const [mgr, o2] = await nextResponse(peer, o1);
    const [missing] = await nextResponse(peer, o2);
    expect(root.header('Server')).toBeUndefined();
    expect(root.body).toContain('It works !');
    expect([mgr.status, mgr.header('WWW-Authenticate')]).toEqual([401, 'Basic realm="Tomcat Manager Application"']);
    expect(missing.body).toContain('<h1>HTTP Status 404 – Not Found</h1>');
    expect(missing.body).toContain('<h3>Apache Tomcat/9.0.58</h3>');
    expect(ctx.eventsOf('request')[1]?.fields).toMatchObject({ principal: 'tomcat', secret_printable: 's3cret', auth_scheme: 'basic' });
  });
});

describe('fake_app=jenkins', () => {
  it('sends Jenkins identity headers, a per-connection JSESSIONID and fails logins to /loginError', async () => {
    const a = startSession(httpTemplate, { config: { fake_app: 'jenkins' } });
    const b = startSession(httpTemplate, { config: { fake_app: 'jenkins' } });
    a.peer.send('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    b.peer.send('GET /login HTTP/1.1\r\nHost: h\r\n\r\n');
    const [ra] = await nextResponse(a.peer);
    const [rb] = await nextResponse(b.peer);
    expect(ra.status).toBe(403);
    expect(ra.header('X-Jenkins')).toMatch(/^2\.\d{3}\.\d$/);
    expect(ra.header('Server')).toMatch(/^Jetty\(10\.0\.\d+\)$/);
    expect(ra.body).toContain("url=/login?from=%2F'");
    expect(rb.body).toContain('name="j_username"');
    expect(ra.header('Set-Cookie')).not.toBe(rb.header('Set-Cookie'));
    a.peer.send(post('/j_spring_security_check', 'j_username=admin&j_password=admin&from=%2F&Submit='));
    const [login] = await nextResponse(a.peer, a.peer.text.length);
    expect(login.status).toBe(302);
    expect(login.header('Location')).toMatch(/\/loginError$/);
    expect(a.ctx.eventsOf('request')[1]?.fields).toMatchObject({ principal: 'admin', secret_printable: 'admin', form_field: 'j_password' });
  });
});
