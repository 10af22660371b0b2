// The page a fresh web server install shows at "/": Apache's Ubuntu/Debian default page, the RHEL
// test page (served with 403, as welcome.conf does), nginx's welcome page (Debian's 612-byte variant
// before 1.20, the color-scheme one after). Chosen from the persona's distro and server so the
// landing page agrees with the Server header (D5).
import type { ServerFlavor } from './flavor';
import { versionIn } from './flavor';
import { APACHE_UBUNTU_DEFAULT } from './default-page-apache';

export interface DefaultPage {
  status: number;
  body: string;
}

function apacheDebian(): string {
  return APACHE_UBUNTU_DEFAULT.replace(/\n {2}<!--\n {4}Modified from the Debian original for Ubuntu\n[\s\S]*?-->\n/, '\n')
    .replace('Apache2 Ubuntu Default Page', 'Apache2 Debian Default Page')
    .replace('<img src="icons/ubuntu-logo.png" alt="Ubuntu Logo"\n             style="width:184px;height:146px;" class="floating_element" />', '<img src="icons/openlogo-75.png" alt="Debian Logo" class="floating_element"/>')
    .replace(' on Ubuntu systems.\n                It is based on the equivalent page on Debian, from which the Ubuntu Apache\n                packaging is derived.', ' on Debian systems.')
    .replaceAll("Ubuntu's Apache2", "Debian's Apache2")
    .replaceAll('with Ubuntu tools', 'with Debian tools')
    .replaceAll('on Ubuntu systems', 'on Debian systems')
    .replaceAll('By default, Ubuntu does not', 'By default, Debian does not')
    .replaceAll('The default Ubuntu document root', 'The default Debian document root')
    .replace(/Please use the <tt>ubuntu-bug<\/tt> tool[\s\S]*?before reporting a new bug\./, 'Please use the <tt>reportbug</tt> tool to report bugs in the\n                Apache2 package with Debian. However, check <a\n                href="https://bugs.debian.org/cgi-bin/pkgreport.cgi?ordering=normal;archive=0;src=apache2;repeatmerged=0"\n                rel="nofollow">existing bug reports</a> before reporting a new bug.');
}

const RHEL_TEST_PAGE = (os: string): string => `<!doctype html>
<html>
  <head>
    <meta charset='utf-8'>
    <meta name='viewport' content='width=device-width, initial-scale=1'>
    <title>HTTP Server Test Page powered by: ${os}</title>
  </head>
  <body>
    <h1>HTTP Server <strong>Test Page</strong></h1>
    <div class='row'>
      <div class='col-sm-12 col-md-6 col-md-6 '></div>
        <p class="summary">This page is used to test the proper operation of
            an HTTP server after it has been installed on a ${os} system.
            If you can read this page, it means that the software is working
            correctly.</p>
      </div>
      <div class='col-sm-12 col-md-6 col-md-6 col-md-offset-12'>
        <div class='section'>
          <h2>Just visiting?</h2>
          <p>This website you are visiting is either experiencing problems or
          could be going through maintenance.</p>
          <p>If you would like the let the administrators of this website know
          that you've seen this page instead of the page you've expected, you
          should send them an email. In general, mail sent to the name
          "webmaster" and directed to the website's domain should reach the
          appropriate person.</p>
        </div>
        <div class='section'>
          <h2>Get Started</h2>
          <p>To get started, you can add content to the directory <tt>/var/www/html/</tt>.
          Note that until you do so, people visiting your website will see this page,
          and not your content.</p>
          <p>For systems using the Apache HTTP Server: You may now add content to the
          directory <tt>/var/www/html/</tt>. Note that until you do so, people visiting
          your website will see this page, and not your content. To prevent this page
          from ever being used, follow the instructions in the file
          <tt>/etc/httpd/conf.d/welcome.conf</tt>.</p>
        </div>
      </div>
    </div>
  </body>
</html>
`;

function nginxWelcome(version: string, distro: ServerFlavor['distro']): string {
  const [maj = 1, min = 18] = version ? version.split('.').map(Number) : [];
  // Without a version (server_tokens off) the distro's package decides: 1.18 on Ubuntu, newer elsewhere.
  const modern = version ? maj > 1 || min >= 20 : distro !== 'ubuntu';
  const scheme = modern ? 'html { color-scheme: light dark; }\n' : '';
  return `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
${scheme}${scheme ? 'body { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n' : '    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n'}</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;
}

/** The landing page of a default install; undefined when the server shows its 404 at "/" (Alpine nginx). */
export function defaultPage(f: ServerFlavor, osName: string): DefaultPage | undefined {
  if (f.kind === 'nginx') return f.distro === 'alpine' ? undefined : { status: 200, body: nginxWelcome(versionIn(f.signature), f.distro) };
  if (f.kind === 'other') return { status: 200, body: '<html><body><h1>It works!</h1></body></html>\n' };
  if (f.distro === 'rhel') return { status: 403, body: RHEL_TEST_PAGE(osName) };
  return { status: 200, body: f.distro === 'ubuntu' ? APACHE_UBUNTU_DEFAULT : apacheDebian() };
}
