// Generators make files real tools accept: ssh-keygen derives the key's public half, unzip reads
// the docx and finds the external relationships, poppler parses the PDF and its URI action, and the
// in-page JS HMAC equals node's.
import { execFileSync } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newMaterial, renderFile } from './index';
import { HMAC_JS } from './fingerprint-script';

const dir = mkdtempSync(join(tmpdir(), 'canary-gen-'));
const URL_ = 'http://cp.example.test:8080/c/abcdefghijklmnop0123';

describe('canary generators', () => {
  it('makes an OpenSSH private key that ssh-keygen -y accepts, matching the stored public key', async () => {
    const m = await newMaterial('ssh_key', 'tok-1', URL_, 'n');
    const path = join(dir, 'id_ed25519');
    writeFileSync(path, m.content!, { mode: 0o600 });
    const pub = execFileSync('ssh-keygen', ['-y', '-f', path], { encoding: 'utf8' }).trim();
    expect(pub.split(' ').slice(0, 2).join(' ')).toBe(m.secret!.split(' ').slice(0, 2).join(' '));
    expect(m.content).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    // The passive match value is the fingerprint ssh-keygen -l prints (and the ssh template logs).
    const listed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', path], { encoding: 'utf8' }).split(' ')[1];
    expect(m.matchValues).toEqual([listed]);
    expect(listed).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('makes a docx that unzip tests clean, with the token URL as external template and linked picture', () => {
    const f = renderFile({ id: 'tok-2', generator: 'docx', url: URL_, dnsName: null, fileName: 'a.docx', content: null });
    const path = join(dir, 'a.docx');
    writeFileSync(path, f.body as Uint8Array);
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
    const rels = execFileSync('unzip', ['-p', path, 'word/_rels/settings.xml.rels'], { encoding: 'utf8' });
    expect(rels).toContain(`Target="${URL_}" TargetMode="External"`);
    expect(rels).toContain('attachedTemplate');
    expect(execFileSync('unzip', ['-p', path, 'word/_rels/document.xml.rels'], { encoding: 'utf8' })).toContain(`Target="${URL_}" TargetMode="External"`);
    expect(execFileSync('unzip', ['-p', path, 'word/document.xml'], { encoding: 'utf8' })).toContain('r:link="rIdImg"');
  });

  it('makes a PDF poppler parses (text, one page) whose OpenAction is a URI action to the token', () => {
    const f = renderFile({ id: 'tok-3', generator: 'pdf', url: URL_, dnsName: null, fileName: 'a.pdf', content: null });
    const path = join(dir, 'a.pdf');
    writeFileSync(path, f.body as Uint8Array);
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/Pages:\s+1/);
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(text).toMatch(/Amount due/);
    expect(Buffer.from(f.body as Uint8Array).toString('latin1')).toContain(`/OpenAction 6 0 R`);
    expect(Buffer.from(f.body as Uint8Array).toString('latin1')).toContain(`/S /URI /URI (${URL_})`);
  });

  it('puts credentials and the URL into the text bait and lists the values that trigger passively', async () => {
    const aws = await newMaterial('aws_credentials', 'tok-4', URL_, 'n');
    expect(aws.principal).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(aws.content).toContain(`aws_secret_access_key = ${aws.secret}`);
    expect(aws.matchValues).toEqual([aws.principal, aws.secret]);
    const env = await newMaterial('env', 'tok-5', URL_, 'n');
    expect(env.content).toContain(`DB_PASSWORD=${env.secret}`);
    expect(env.content).toContain(`DEPLOY_WEBHOOK_URL=${URL_}`);
    const git = await newMaterial('git_config', 'tok-6', URL_, 'n');
    writeFileSync(join(dir, 'gitconfig'), git.content!);
    expect(execFileSync('git', ['config', '-f', join(dir, 'gitconfig'), 'remote.origin.url'], { encoding: 'utf8' }).trim()).toContain(`:${git.secret}@cp.example.test:8080/c/`);
    const dump = await newMaterial('mysql_dump', 'tok-7', URL_, 'n');
    expect(dump.content).toContain(`INSERT INTO \`service_accounts\` VALUES (1,'${dump.principal}','${dump.secret}','${URL_}')`);
    // Same token id renders the same file choices.
    expect((await newMaterial('env', 'tok-5', URL_, 'n')).content!.split('\n')[0]).toBe(env.content!.split('\n')[0]);
  });

  it('the page script HMAC equals node crypto for ASCII, unicode and long input', () => {
    const hmac = runInNewContext(`${HMAC_JS}; _hmac`, { TextEncoder, Uint8Array }) as (k: string, m: string) => string;
    for (const msg of ['', 'abc', '{"userAgent":"Mozilla/5.0 ü 日本"}', 'x'.repeat(1000)]) {
      expect(hmac('0123456789abcdef0123456789abcdef', msg)).toBe(createHmac('sha256', '0123456789abcdef0123456789abcdef').update(msg).digest('hex'));
    }
  });
});
