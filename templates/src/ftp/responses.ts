// Reply texts of the persona's FTP daemon (vsftpd 3.x or ProFTPD 1.3.x), since FTP honeypots are
// fingerprinted by their wording (D2, e.g. "500 Syntax error: PASS requires an argument").
import type { Flavor } from './listing';

export interface FtpPhrases {
  userOk(user: string): string;
  loginOk(user: string, anonymous: boolean): string;
  loginFail: string;
  needUser: string;
  needLogin: string;
  syst: string;
  pwd(path: string): string;
  cwdOk: string;
  cwdFail(path: string): string;
  cdupOk: string;
  type(t: 'A' | 'I'): string;
  typeBad: string;
  pasv(h: string, p1: number, p2: number): string;
  epsv(port: number): string;
  portOk: string;
  eprtOk: string;
  portBad: string;
  noData: string;
  dataFailed: string;
  listStart: string;
  listDone: string;
  retrStart(name: string, size: number, binary: boolean): string;
  transferDone: string;
  fileMissing(path: string): string;
  storStart(name: string): string;
  storDenied(path: string): string;
  sizeOk(n: number): string;
  sizeFail(path: string): string;
  mdtmFail(path: string): string;
  deleOk: string;
  deleFail(path: string): string;
  mkdOk(path: string): string;
  mkdFail(path: string): string;
  rmdOk: string;
  rnfrOk: string;
  rntoOk: string;
  rnfrFail(path: string): string;
  restOk(n: number): string;
  noop: string;
  quit: string;
  unknown(verb: string): string;
  feat: string[];
  help: string[];
  optsUtf8: string;
  abor: string;
  notImpl(verb: string): string;
  siteHelp: string;
  tooLong: string;
}

const vsftpd: FtpPhrases = {
  userOk: () => '331 Please specify the password.',
  loginOk: () => '230 Login successful.',
  loginFail: '530 Login incorrect.',
  needUser: '503 Login with USER first.',
  needLogin: '530 Please login with USER and PASS.',
  syst: '215 UNIX Type: L8',
  pwd: (p) => `257 "${p}" is the current directory`,
  cwdOk: '250 Directory successfully changed.',
  cwdFail: () => '550 Failed to change directory.',
  cdupOk: '250 Directory successfully changed.',
  type: (t) => (t === 'A' ? '200 Switching to ASCII mode.' : '200 Switching to Binary mode.'),
  typeBad: '500 Unrecognised TYPE command.',
  pasv: (h, p1, p2) => `227 Entering Passive Mode (${h},${p1},${p2}).`,
  epsv: (port) => `229 Entering Extended Passive Mode (|||${port}|)`,
  portOk: '200 PORT command successful. Consider using PASV.',
  eprtOk: '200 EPRT command successful. Consider using EPSV.',
  portBad: '500 Illegal PORT command.',
  noData: '425 Use PORT or PASV first.',
  dataFailed: '425 Failed to establish connection.',
  listStart: '150 Here comes the directory listing.',
  listDone: '226 Directory send OK.',
  retrStart: (n, size, bin) => `150 Opening ${bin ? 'BINARY' : 'ASCII'} mode data connection for ${n} (${size} bytes).`,
  transferDone: '226 Transfer complete.',
  fileMissing: () => '550 Failed to open file.',
  storStart: () => '150 Ok to send data.',
  storDenied: () => '553 Could not create file.',
  sizeOk: (n) => `213 ${n}`,
  sizeFail: () => '550 Could not get file size.',
  mdtmFail: () => '550 Could not get file modification time.',
  deleOk: '250 Delete operation successful.',
  deleFail: () => '550 Delete operation failed.',
  mkdOk: (p) => `257 "${p}" created`,
  mkdFail: () => '550 Create directory operation failed.',
  rmdOk: '250 Remove directory operation successful.',
  rnfrOk: '350 Ready for RNTO.',
  rntoOk: '250 Rename successful.',
  rnfrFail: () => '550 RNFR command failed.',
  restOk: (n) => `350 Restart position accepted (${n}).`,
  noop: '200 NOOP ok.',
  quit: '221 Goodbye.',
  unknown: () => '500 Unknown command.',
  feat: ['211-Features:', ' EPRT', ' EPSV', ' MDTM', ' PASV', ' REST STREAM', ' SIZE', ' TVFS', ' UTF8', '211 End'],
  help: [
    '214-The following commands are recognized.',
    ' ABOR ACCT ALLO APPE CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM MKD',
    ' MODE NLST NOOP OPTS PASS PASV PORT PWD  QUIT REIN REST RETR RMD  RNFR',
    ' RNTO SITE SIZE SMNT STAT STOR STOU STRU SYST TYPE USER XCUP XCWD XMKD',
    ' XPWD XRMD',
    '214 Help OK.',
  ],
  optsUtf8: '200 Always in UTF8 mode.',
  abor: '225 No transfer to ABOR.',
  notImpl: (v) => `502 ${v} not implemented.`,
  siteHelp: '214 CHMOD UMASK HELP',
  tooLong: '500 Input line too long.',
};

const proftpd: FtpPhrases = {
  userOk: (u) => `331 Password required for ${u}`,
  loginOk: (u, anon) => (anon ? '230 Anonymous access granted, restrictions apply' : `230 User ${u} logged in`),
  loginFail: '530 Login incorrect.',
  needUser: '503 Login with USER first',
  needLogin: '530 Please login with USER and PASS',
  syst: '215 UNIX Type: L8',
  pwd: (p) => `257 "${p}" is the current directory`,
  cwdOk: '250 CWD command successful',
  cwdFail: (p) => `550 ${p}: No such file or directory`,
  cdupOk: '250 CDUP command successful',
  type: (t) => `200 Type set to ${t}`,
  typeBad: '504 TYPE not implemented for that parameter',
  pasv: (h, p1, p2) => `227 Entering Passive Mode (${h},${p1},${p2}).`,
  epsv: (port) => `229 Entering Extended Passive Mode (|||${port}|)`,
  portOk: '200 PORT command successful',
  eprtOk: '200 EPRT command successful',
  portBad: '500 Illegal PORT command',
  noData: '425 Unable to build data connection: Connection refused',
  dataFailed: '425 Unable to build data connection: Connection timed out',
  listStart: '150 Opening ASCII mode data connection for file list',
  listDone: '226 Transfer complete',
  retrStart: (n, size, bin) => `150 Opening ${bin ? 'BINARY' : 'ASCII'} mode data connection for ${n} (${size} bytes)`,
  transferDone: '226 Transfer complete',
  fileMissing: (p) => `550 ${p}: No such file or directory`,
  storStart: (n) => `150 Opening BINARY mode data connection for ${n}`,
  storDenied: (p) => `550 ${p}: Permission denied`,
  sizeOk: (n) => `213 ${n}`,
  sizeFail: (p) => `550 ${p}: No such file or directory`,
  mdtmFail: (p) => `550 ${p}: No such file or directory`,
  deleOk: '250 DELE command successful',
  deleFail: (p) => `550 ${p}: No such file or directory`,
  mkdOk: (p) => `257 "${p}" - Directory successfully created`,
  mkdFail: (p) => `550 ${p}: Permission denied`,
  rmdOk: '250 RMD command successful',
  rnfrOk: '350 File or directory exists, ready for destination name',
  rntoOk: '250 Rename successful',
  rnfrFail: (p) => `550 ${p}: No such file or directory`,
  restOk: (n) => `350 Restarting at ${n}. Send STORE or RETRIEVE to initiate transfer`,
  noop: '200 NOOP command successful',
  quit: '221 Goodbye.',
  unknown: (v) => `500 ${v} not understood`,
  feat: ['211-Features:', ' EPRT', ' EPSV', ' MDTM', ' REST STREAM', ' SIZE', ' TVFS', ' UTF8', '211 End'],
  help: [
    "214-The following commands are recognized (* =>'s unimplemented):",
    ' CWD     XCWD    CDUP    XCUP    SMNT*   QUIT    PORT    PASV    ',
    ' EPRT    EPSV    ALLO*   RNFR    RNTO    DELE    MDTM    RMD     ',
    ' XRMD    MKD     XMKD    PWD     XPWD    SIZE    SYST    HELP    ',
    ' NOOP    FEAT    OPTS    AUTH*   CCC*    CONF*   ENC*    MIC*    ',
    ' PBSZ*   PROT*   TYPE    STRU    MODE    RETR    STOR    STOU    ',
    ' APPE    REST    ABOR    USER    PASS    ACCT*   REIN*   LIST    ',
    ' NLST    STAT    SITE    MLSD*   MLST*   ',
    '214 Direct comments to root@localhost',
  ],
  optsUtf8: '200 UTF8 set to on',
  abor: '226 Abort successful',
  notImpl: (v) => `502 ${v} command not implemented`,
  siteHelp: '214 The following SITE commands are recognized: CHMOD HELP',
  tooLong: '500 Command line too long',
};

export const FTP_PHRASES: Record<Flavor, FtpPhrases> = { vsftpd, proftpd };

export function flavorOf(product: string): Flavor {
  return /proftpd/i.test(product) ? 'proftpd' : 'vsftpd';
}

/** "220 ..." greeting; a ProFTPD "[::ffff:IP]" tail shows the address the client actually reached. */
export function greeting(banner: string, dstIp: string): string {
  const text = banner.replace(/^220[ -]/, '');
  const ip = dstIp.replace(/^::ffff:/, '');
  return `220 ${text.replace(/\[::ffff:[0-9.]+\]/, `[::ffff:${ip}]`)}`;
}
