// fake_app=tomcat: Apache Tomcat (no Server header, its own error pages), the distro's ROOT page and
// the manager/host-manager webapps behind Basic auth realms whose attempts are captured.
import { makeRng } from '../../_shell/sys/rng';
import type { Persona } from '../../persona/types';
import type { ServerFlavor } from '../flavor';
import { html, type AppEnv, type FakeApp } from './types';

function tomcatVersion(persona: Persona, distro: ServerFlavor['distro']): string {
  if (distro === 'ubuntu') return '9.0.58';
  if (distro === 'debian') return '10.1.6';
  return makeRng(`${persona.seed}:tomcat`).pick(['9.0.83', '9.0.85', '9.0.87', '10.1.18']);
}

const debianRoot = (major: string): string => `<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
   "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
    <title>Apache Tomcat</title>
</head>

<body>
<h1>It works !</h1>

<p>If you're seeing this page via a web browser, it means you've setup Tomcat successfully. Congratulations!</p>
 
<p>This is the default Tomcat home page. It can be found on the local filesystem at: <code>/var/lib/tomcat${major}/webapps/ROOT/index.html</code></p>

<p>Tomcat veterans might be pleased to learn that this system instance of Tomcat is installed with <code>CATALINA_HOME</code> in <code>/usr/share/tomcat${major}</code> and <code>CATALINA_BASE</code> in <code>/var/lib/tomcat${major}</code>, following the rules from <code>/usr/share/doc/tomcat${major}-common/RUNNING.txt.gz</code>.</p>

<p>You might consider installing the following packages, if you haven't already done so:</p>

<p><b>tomcat${major}-docs</b>: This package installs a web application that allows to browse the Tomcat ${major} documentation locally. Once installed, you can access it by clicking <a href="docs/">here</a>.</p>

<p><b>tomcat${major}-examples</b>: This package installs a web application that allows to access the Tomcat ${major} Servlet and JSP examples. Once installed, you can access it by clicking <a href="examples/">here</a>.</p>

<p><b>tomcat${major}-admin</b>: This package installs two web applications that can help managing this Tomcat instance. Once installed, you can access the <a href="manager/html">manager webapp</a> and the <a href="host-manager/html">host-manager webapp</a>.</p><p>

<p>NOTE: For security reasons, using the manager webapp is restricted to users with role "manager-gui". The host-manager webapp is restricted to users with role "admin-gui". Users are defined in <code>/etc/tomcat${major}/tomcat-users.xml</code>.</p>

</body>
</html>
`;

const upstreamRoot = (v: string): string => `<!DOCTYPE html>
<html lang="en">
    <head>
        <meta charset="UTF-8" />
        <title>Apache Tomcat/${v}</title>
        <link href="favicon.ico" rel="icon" type="image/x-icon" />
        <link href="tomcat.css" rel="stylesheet" type="text/css" />
    </head>

    <body>
        <div id="wrapper">
            <div id="navigation" class="curved container">
                <span id="nav-home"><a href="https://tomcat.apache.org/">Home</a></span>
                <span id="nav-hosts"><a href="/docs/">Documentation</a></span>
                <span id="nav-config"><a href="/docs/config/">Configuration</a></span>
                <span id="nav-examples"><a href="/examples/">Examples</a></span>
                <br class="separator" />
            </div>
            <div id="asf-box">
                <h1>Apache Tomcat/${v}</h1>
            </div>
            <div id="upper" class="curved container">
                <div id="congrats" class="curved container">
                    <h2>If you're seeing this, you've successfully installed Tomcat. Congratulations!</h2>
                </div>
                <div id="actions">
                    <div class="button"><a class="container shadow" href="/manager/status"><span>Server Status</span></a></div>
                    <div class="button"><a class="container shadow" href="/manager/html"><span>Manager App</span></a></div>
                    <div class="button"><a class="container shadow" href="/host-manager/html"><span>Host Manager</span></a></div>
                </div>
                <br class="separator" />
            </div>
            <p class="copyright">Copyright &copy;1999-2024 Apache Software Foundation.  All Rights Reserved</p>
        </div>
    </body>

</html>
`;

const UNAUTHORIZED = `<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN"
 "http://www.w3.org/TR/html4/strict.dtd">
<html>
 <head>
  <title>401 Unauthorized</title>
  <style type="text/css">
    <!--
    BODY {font-family:Tahoma,Arial,sans-serif;color:black;background-color:white;font-size:12px;}
    H1 {font-family:Tahoma,Arial,sans-serif;color:white;background-color:#525D76;font-size:22px;}
    PRE, TT {border: 1px dotted #525D76}
    A {color : black;}A.name {color : black;}
    -->
  </style>
 </head>
 <body>
   <h1>401 Unauthorized</h1>
   <p>
    You are not authorized to view this page. If you have not changed
    any configuration files, please examine the file
    <tt>conf/tomcat-users.xml</tt> in your installation. That
    file must contain the credentials to let you use this webapp.
   </p>
   <p>
    For example, to add the <tt>manager-gui</tt> role to a user named
    <tt>tomcat</tt> with a password of <tt>s3cret</tt>, add the following to the
    config file listed above.
   </p>
<pre>
&lt;role rolename="manager-gui"/&gt;
&lt;user username="tomcat" password="s3cret" roles="manager-gui"/&gt;
</pre>
   <p>
    Note that for Tomcat 7 onwards, the roles required to use the manager
    application were changed from the single <tt>manager</tt> role to the
    following four roles. You will need to assign the role(s) required for
    the functionality you wish to access.
   </p>
    <ul>
      <li><tt>manager-gui</tt> - allows access to the HTML GUI and the status
          pages</li>
      <li><tt>manager-script</tt> - allows access to the text interface and the
          status pages</li>
      <li><tt>manager-jmx</tt> - allows access to the JMX proxy and the status
          pages</li>
      <li><tt>manager-status</tt> - allows access to the status pages only</li>
    </ul>
 </body>

</html>
`;

function realm(path: string): string | undefined {
  if (/^\/manager(\/|$)/.test(path)) return 'Tomcat Manager Application';
  if (/^\/host-manager(\/|$)/.test(path)) return 'Tomcat Host Manager Application';
  return undefined;
}

export const tomcat: FakeApp = {
  flavor(base, persona, serverOverride) {
    const v = tomcatVersion(persona, base.distro);
    return { ...base, kind: 'tomcat', server: serverOverride, signature: `Apache Tomcat/${v}`, maxBodyBytes: 2 * 1024 * 1024 };
  },
  handle(req, env: AppEnv) {
    const v = env.flavor.signature.replace('Apache Tomcat/', '');
    if (req.path === '/' || req.path === '/index.html' || req.path === '/index.jsp') {
      const body = env.flavor.distro === 'ubuntu' || env.flavor.distro === 'debian' ? debianRoot(v.split('.')[0] ?? '9') : upstreamRoot(v);
      return { response: html(200, body, [], 'text/html') };
    }
    if (req.path === '/manager' || req.path === '/host-manager') return { response: html(302, '', [['Location', `${req.path}/html`]]) };
    const r = realm(req.path);
    if (!r) return undefined;
    return {
      response: html(401, UNAUTHORIZED, [['Cache-Control', 'private'], ['Expires', 'Thu, 01 Jan 1970 00:00:00 GMT'], ['WWW-Authenticate', `Basic realm="${r}"`]], 'text/html;charset=ISO-8859-1'),
    };
  },
};
