// Generator dispatch: the secret material a new token gets (credential values, the stored text file)
// and the downloadable file rendered from a token row.
import { CANARY_GENERATORS, type CanaryGenerator } from '@decnet/protocol';
import { sha256 } from '@noble/hashes/sha2.js';
import { canaryDocx } from './docx';
import { canaryHtml, canarySvg } from './pages';
import { canaryPdf } from './pdf';
import { ed25519OpenSshKey } from './ssh-key';
import { awsCredentials, credentialNote, envFile, gitConfig, mysqlDump, type TextBait } from './text-files';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function randomString(alphabet: string, n: number): string {
  const b = crypto.getRandomValues(new Uint8Array(n));
  let s = '';
  for (const x of b) s += alphabet[x % alphabet.length];
  return s;
}
export const newSlug = () => randomString(ALNUM, 24);
export const newNonce = () => randomString('0123456789abcdef', 32);

/** Seeded pick from the token id, so re-rendering a token never changes its file. */
function picker(seed: string) {
  const h = sha256(new TextEncoder().encode(seed));
  let i = 0;
  return <T>(xs: readonly T[]): T => xs[h[i++ % h.length]! % xs.length]!;
}

export interface TokenMaterial {
  principal: string | null;
  secret: string | null;
  /** Values whose use on any decky service triggers the token (passive credentials). */
  matchValues: string[];
  fileName: string;
  /** Text content for text generators (stored so plants stay byte-identical across syncs). */
  content: string | null;
}

const FILE_NAMES: Record<CanaryGenerator, string> = {
  url: 'url.txt', dns: 'hostname.txt', env: '.env', git_config: 'config', aws_credentials: 'credentials', ssh_key: 'id_ed25519',
  mysql_dump: 'backup.sql', credential: 'service-account.txt', html: 'index.html', svg: 'logo.svg', docx: 'Salaries-2024.docx', pdf: 'Invoice-0042.pdf',
};

export async function newMaterial(generator: CanaryGenerator, id: string, url: string, nonce: string, principal?: string): Promise<TokenMaterial> {
  const pick = picker(id);
  const base: TokenMaterial = { principal: null, secret: null, matchValues: [], fileName: FILE_NAMES[generator], content: null };
  const bait = (p: string, s: string): TextBait => ({ url, principal: p, secret: s, pick });
  switch (generator) {
    case 'aws_credentials': {
      const p = `AKIA${randomString(UPPER32, 16)}`;
      const s = randomString(B64, 40);
      return { ...base, principal: p, secret: s, matchValues: [p, s], content: awsCredentials(bait(p, s)) };
    }
    case 'env':
    case 'git_config':
    case 'mysql_dump':
    case 'credential': {
      const p = principal ?? pick(['svc_app', 'deploy', 'backup_admin', 'ci-runner', 'reporting']);
      const s = generator === 'git_config' ? `ghp_${randomString(ALNUM + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 36)}` : `${randomString(ALNUM, 6)}-${randomString(ALNUM + 'ABCDEFGHJKLMNPQRSTUVWXYZ', 14)}`;
      const render = { env: envFile, git_config: gitConfig, mysql_dump: mysqlDump, credential: credentialNote }[generator];
      return { ...base, principal: p, secret: s, matchValues: [s], content: render(bait(p, s)) };
    }
    case 'ssh_key': {
      const p = principal ?? pick(['deploy', 'backup', 'ansible', 'git']);
      const key = await ed25519OpenSshKey(`${p}@${pick(['bastion', 'build01', 'jump', 'ops-laptop'])}`);
      // Offered to any decky's ssh, the key is logged by this fingerprint (passive-fold matches it).
      return { ...base, principal: p, secret: key.publicKey, matchValues: [key.fingerprint], content: key.privateKey };
    }
    case 'html':
      return { ...base, content: canaryHtml(url, nonce, pick(['Employee portal', 'VPN setup guide', 'Payroll export'])) };
    case 'svg':
      return { ...base, content: canarySvg(url, nonce, pick(['ACME Corp', 'Network diagram', 'Org chart 2024'])) };
    case 'url':
      return { ...base, content: `${url}\n` };
    case 'dns':
    case 'docx':
    case 'pdf':
      return base;
  }
}

export interface RenderedFile {
  fileName: string;
  contentType: string;
  body: Uint8Array | string;
}

const TYPES: Partial<Record<CanaryGenerator, string>> = {
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export function renderFile(t: { id: string; generator: string; url: string; dnsName: string | null; fileName: string; content: string | null }): RenderedFile {
  const g = t.generator as CanaryGenerator;
  const type = TYPES[g] ?? 'text/plain; charset=utf-8';
  const pick = picker(t.id);
  if (g === 'docx') {
    return { fileName: t.fileName, contentType: type, body: canaryDocx(t.url, pick(['Salary review 2024 - CONFIDENTIAL', 'Board minutes Q3']), ['Prepared by HR. Do not distribute.', 'The attached figures are final pending CFO sign-off.']) };
  }
  if (g === 'pdf') return { fileName: t.fileName, contentType: type, body: canaryPdf(t.url, pick(['Invoice 0042', 'Wire transfer confirmation']), ['Amount due: 48,250.00 EUR', 'Payment terms: 14 days net']) };
  if (g === 'dns') return { fileName: t.fileName, contentType: type, body: `${t.dnsName ?? ''}\n` };
  return { fileName: t.fileName, contentType: type, body: t.content ?? '' };
}

export const kindOf = (g: CanaryGenerator) => CANARY_GENERATORS[g];
