// The http persona part: the Server header (and X-Powered-By) of the persona's Apache or nginx
// build, IIS on Windows, a printer's embedded server, or the INI's `server_header`; and its daemons.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';

export interface HttpPersona {
  /** Server header, e.g. "Apache/2.4.52 (Ubuntu)" */
  server: string;
  /** X-Powered-By when the stack shows one */
  poweredBy?: string;
}

const HP_MODELS = ['HP LaserJet Pro M404dn - W1A53A', 'HP LaserJet MFP M426fdn - F6W15A', 'HP Color LaserJet Pro M454dw - W1Y45A', 'HP LaserJet Enterprise M607 - K0Q14A'];

function derived(b: PersonaBasis): HttpPersona {
  if (b.foreign === 'bsd') return { server: 'Apache/2.4.62 (FreeBSD)' };
  if (b.foreign === 'cisco') return { server: 'cisco-IOS' };
  if (b.foreign) return { server: 'Microsoft-IIS/10.0', poweredBy: 'ASP.NET' };
  const rng = b.rng('http');
  if (b.printer === 'brother') return { server: 'debut/1.30' };
  if (b.printer === 'hp') {
    const model = rng.pick(HP_MODELS);
    const serial = `${rng.pick(['PHB', 'VNB', 'CNB', 'JPB'])}${rng.pick(['C', 'L', 'R'])}${String(rng.int(10_000, 99_999))}${rng.pick(['K', 'M', 'Q', 'T'])}`;
    return { server: `HP HTTP Server; ${model}; Serial Number: ${serial}; Built:Thu Mar 17, 2022 07:49:13PM {002_2211A}` };
  }
  const full = b.web === 'nginx' ? b.snap.nginx : b.snap.apache;
  const server = b.productOnly ? full.replace(/\/.*$/, '') : full;
  return b.showPhp && b.snap.php ? { server, poweredBy: `PHP/${b.snap.php}` } : { server };
}

export function httpPersona(b: PersonaBasis): HttpPersona {
  // DECNET's `server_header` of either web service names the one web server both share.
  const server = configValue(b, 'https', 'server_header') ?? configValue(b, 'http', 'server_header');
  return server ? { server } : derived(b);
}

export function webProcesses(b: PersonaBasis): ShellProcessSeed[] {
  const family = b.release.family;
  const deb = family === 'debian';
  const workers = b.workers;
  if (b.web === 'nginx') {
    const user = deb ? 'www-data' : 'nginx';
    return [{ user: 'root', command: 'nginx: master process /usr/sbin/nginx -g daemon on; master_process on;' }, ...Array.from({ length: workers }, () => ({ user, command: 'nginx: worker process' }))];
  }
  if (deb) return [{ user: 'root', command: '/usr/sbin/apache2 -k start' }, ...Array.from({ length: workers + 1 }, () => ({ user: 'www-data', command: '/usr/sbin/apache2 -k start' }))];
  if (family === 'alpine') return [{ user: 'root', command: '/usr/sbin/httpd -k start' }, ...Array.from({ length: workers }, () => ({ user: 'apache', command: '/usr/sbin/httpd -k start' }))];
  return [{ user: 'root', command: '/usr/sbin/httpd -DFOREGROUND' }, ...Array.from({ length: workers + 1 }, () => ({ user: 'apache', command: '/usr/sbin/httpd -DFOREGROUND' }))];
}
