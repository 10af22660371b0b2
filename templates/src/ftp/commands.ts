// Post-login FTP commands (RFC 959 §4.1, RFC 3659 SIZE/MDTM, RFC 2389 FEAT/OPTS): navigation and
// file management in the chrooted tree, with the daemon's replies; transfers live in transfers.ts.
import { listLine, mdtm } from './listing';
import { reply, canWrite, type FtpState } from './state';
import { list, pasv, port, retr, stor } from './transfers';
import { resolvePath } from './vfs';

export async function handleCommand(s: FtpState, verb: string, arg: string): Promise<void> {
  const fs = s.fs;
  if (!fs) return;
  const p = s.phr;
  const path = (): string => resolvePath(s.cwd, arg);
  switch (verb) {
    case 'SYST':
      return reply(s, p.syst);
    case 'PWD':
    case 'XPWD':
      return reply(s, p.pwd(s.cwd));
    case 'CWD':
    case 'XCWD': {
      const target = path();
      if (fs.get(target)?.kind !== 'dir') return reply(s, p.cwdFail(arg));
      s.cwd = target;
      return reply(s, p.cwdOk);
    }
    case 'CDUP':
    case 'XCUP':
      s.cwd = resolvePath(s.cwd, '..');
      return reply(s, p.cdupOk);
    case 'TYPE': {
      const t = arg.trim().toUpperCase();
      if (t === 'A' || t === 'A N') s.type = 'A';
      else if (t === 'I' || t === 'L 8') s.type = 'I';
      else return reply(s, p.typeBad);
      return reply(s, p.type(s.type));
    }
    case 'MODE':
      return reply(s, arg.trim().toUpperCase() === 'S' ? '200 Mode set to S.' : '504 Bad MODE command.');
    case 'STRU':
      return reply(s, arg.trim().toUpperCase() === 'F' ? '200 Structure set to F.' : '504 Bad STRU command.');
    case 'PASV':
    case 'EPSV':
      return pasv(s, verb === 'EPSV', arg.trim());
    case 'PORT':
    case 'EPRT':
      return port(s, verb === 'EPRT', arg.trim());
    case 'LIST':
    case 'NLST':
      return list(s, arg, verb === 'NLST');
    case 'RETR':
      return retr(s, arg);
    case 'STOR':
    case 'APPE':
      return stor(s, arg, verb === 'APPE');
    case 'STOU':
      return stor(s, `${arg || 'file'}.${Math.floor(s.ctx.now().getTime() / 1000) % 100000}`, false);
    case 'SIZE': {
      const n = fs.get(path());
      return reply(s, n?.kind === 'file' ? p.sizeOk(n.size) : p.sizeFail(arg));
    }
    case 'MDTM': {
      const n = fs.get(path());
      return reply(s, n?.kind === 'file' ? `213 ${mdtm(n.mtimeMs)}` : p.mdtmFail(arg));
    }
    case 'DELE': {
      const target = path();
      if (!canWrite(s) || fs.get(target)?.kind !== 'file') return reply(s, p.deleFail(arg));
      fs.remove(target);
      return reply(s, p.deleOk);
    }
    case 'MKD':
    case 'XMKD': {
      const target = path();
      if (!canWrite(s) || !arg || fs.get(target) || fs.get(resolvePath(target, '..'))?.kind !== 'dir') return reply(s, p.mkdFail(arg));
      const u = s.login?.user;
      fs.put(target, { kind: 'dir', mode: 0o755, owner: u?.name ?? 'ftp', group: u?.name ?? 'ftp', uid: u?.uid ?? 0, gid: u?.gid ?? u?.uid ?? 0, mtimeMs: s.ctx.now().getTime(), size: 4096 });
      return reply(s, p.mkdOk(target));
    }
    case 'RMD':
    case 'XRMD': {
      const target = path();
      if (!canWrite(s) || target === '/' || fs.get(target)?.kind !== 'dir' || fs.list(target).length > 0) {
        return reply(s, s.flavor === 'vsftpd' ? '550 Remove directory operation failed.' : p.cwdFail(arg));
      }
      fs.remove(target);
      return reply(s, p.rmdOk);
    }
    case 'RNFR': {
      const target = path();
      if (!canWrite(s) || !fs.get(target) || target === '/') return reply(s, p.rnfrFail(arg));
      s.renameFrom = target;
      return reply(s, p.rnfrOk);
    }
    case 'RNTO': {
      const from = s.renameFrom;
      s.renameFrom = undefined;
      if (!from) return reply(s, s.flavor === 'vsftpd' ? '503 RNFR required first.' : '503 Bad sequence of commands');
      const to = path();
      if (fs.get(resolvePath(to, '..'))?.kind !== 'dir') return reply(s, s.flavor === 'vsftpd' ? '550 Rename failed.' : p.rnfrFail(arg));
      fs.rename(from, to);
      return reply(s, p.rntoOk);
    }
    case 'REST': {
      const n = Number(arg.trim());
      if (!/^\d{1,15}$/.test(arg.trim())) return reply(s, '501 REST: Invalid parameter');
      s.rest = n;
      return reply(s, p.restOk(n));
    }
    case 'NOOP':
      return reply(s, p.noop);
    case 'QUIT':
      return s.io.end(`${p.quit}\r\n`);
    case 'FEAT':
      return reply(s, ...p.feat);
    case 'HELP':
      return reply(s, ...p.help);
    case 'OPTS':
      return reply(s, /^UTF8 ON$/i.test(arg.trim()) ? p.optsUtf8 : '501 Option not understood.');
    case 'STAT':
      return stat(s, arg);
    case 'SITE':
      return site(s, arg);
    case 'ABOR':
      return reply(s, p.abor);
    case 'ALLO':
      return reply(s, '202 ALLO command ignored.');
    case 'ACCT':
    case 'REIN':
    case 'SMNT':
      return reply(s, p.notImpl(verb));
    default:
      return reply(s, p.unknown(verb));
  }
}

function stat(s: FtpState, arg: string): void {
  const fs = s.fs;
  if (!fs) return;
  if (arg.trim()) {
    const target = resolvePath(s.cwd, arg.trim());
    const entries = fs.get(target)?.kind === 'dir' ? fs.list(target) : [];
    const now = s.ctx.now().getTime();
    return reply(s, '213-Status follows:', ...entries.map(([n, node]) => listLine(s.flavor, n, node, now)), '213 End of status');
  }
  const ftp = s.ctx.persona.services.ftp;
  reply(
    s,
    '211-FTP server status:',
    `     Connected to ${s.ctx.src.ip.replace(/^::ffff:/, '')}`,
    `     Logged in as ${s.login?.anonymous ? 'ftp' : (s.login?.name ?? '')}`,
    `     TYPE: ${s.type === 'A' ? 'ASCII' : 'BINARY'}`,
    '     No session bandwidth limit',
    '     Session timeout in seconds is 300',
    '     Control connection is plain text',
    '     Data connections will be plain text',
    '     At session startup, client count was 1',
    `     ${s.flavor === 'vsftpd' ? `vsFTPd ${ftp.version} - secure, fast, stable` : `ProFTPD ${ftp.version} Server`}`,
    '211 End of status',
  );
}

function site(s: FtpState, arg: string): void {
  const [sub = '', ...rest] = arg.trim().split(/\s+/);
  const cmd = sub.toUpperCase();
  if (cmd === 'HELP') return reply(s, s.phr.siteHelp);
  if (cmd === 'CHMOD' && rest.length >= 2) {
    const target = resolvePath(s.cwd, rest.slice(1).join(' '));
    const node = s.fs?.get(target);
    if (!canWrite(s) || !node || !/^[0-7]{3,4}$/.test(rest[0] ?? '')) return reply(s, '550 SITE CHMOD command failed.');
    node.mode = Number.parseInt(rest[0] ?? '644', 8) & 0o777;
    return reply(s, '200 SITE CHMOD command ok.');
  }
  if (cmd === 'UMASK') return reply(s, '200 UMASK set to 0077 (was 0077).');
  reply(s, s.flavor === 'vsftpd' ? '500 Unknown SITE command.' : `500 'SITE ${cmd}' not understood`);
}
