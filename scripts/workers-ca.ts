// `npm run workers:ca`: creates the CA a Workers-hosted control plane signs agent certificates with
// (the Node runtime makes its own in the data directory) and prints what to put where: the Worker's
// secrets, and the CA upload plus hostname association for Cloudflare's mTLS on the agents' hostname.
// `--dev-vars FILE` also writes a .dev.vars for `wrangler dev` (CA, JWT secret, admin password).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCaMaterial, loadCa, type CaMaterial } from '../control-plane/src/pki/ca';

const USAGE = 'usage: npm run workers:ca -- [--out DIR] [--mtls-url URL] [--dev-vars FILE] [--force]';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '.data/workers-ca' },
    'mtls-url': { type: 'string' },
    'dev-vars': { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

if (values['mtls-url'] !== undefined && !/^https:\/\/[^/]/.test(values['mtls-url'])) {
  console.error(`--mtls-url must be an https:// URL (agents refuse anything else)\n${USAGE}`);
  process.exit(2);
}
const out = resolve(values.out!);
const certFile = join(out, 'ca-cert.pem');
const keyFile = join(out, 'ca-key.pem');

/** The existing CA in `out` (kept: agents enrolled with it must keep working), or a new one. */
async function caMaterial(): Promise<{ material: CaMaterial; created: boolean }> {
  if (existsSync(keyFile) && !values.force) {
    return { material: { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') }, created: false };
  }
  const material = await createCaMaterial();
  mkdirSync(out, { recursive: true, mode: 0o700 });
  writeFileSync(certFile, material.certPem);
  writeFileSync(keyFile, material.keyPem, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  return { material, created: true };
}

/** A dotenv value: double-quoted, newlines escaped (wrangler reads .dev.vars as dotenv). */
const dotenv = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const { material, created } = await caMaterial();
const ca = await loadCa(material);
const uploadFile = join(out, 'mtls-certificate-upload.json');
writeFileSync(uploadFile, JSON.stringify({ name: 'decnet-agents', ca: true, certificates: material.certPem }, null, 2) + '\n');
const mtlsUrl = values['mtls-url'] ?? 'https://agents.example.com';

console.log(`${created ? 'Created' : 'Kept the existing'} CA in ${out}`);
console.log(`  certificate: ${certFile}\n  private key: ${keyFile} (mode 0600; keep it secret)`);
console.log(`  subject: ${ca.subject}\n  SHA-256: ${ca.sha256} (install commands pin it)\n`);
console.log('1. Worker secrets:');
console.log(`   npx wrangler secret put DECNET_CA_CERT_PEM < ${certFile}`);
console.log(`   npx wrangler secret put DECNET_CA_KEY_PEM < ${keyFile}`);
console.log(`   echo ${mtlsUrl} | npx wrangler secret put DECNET_MTLS_URL   # the hostname agents reach with mTLS\n`);
console.log("2. Cloudflare mTLS (API Shield, bring your own CA): upload the CA certificate, then associate the");
console.log('   agents\' hostname with it, and add an mTLS rule requiring a client certificate on /agent/v1/*');
console.log('   except /agent/v1/enroll, /agent/v1/install.sh and /agent/v1/agent-bundle.tar.gz:');
console.log('   curl -X POST https://api.cloudflare.com/client/v4/accounts/$ACCOUNT_ID/mtls_certificates \\');
console.log('     -H "Authorization: Bearer $CF_API_TOKEN" -H "Content-Type: application/json" \\');
console.log(`     --data @${uploadFile}`);
console.log('   curl -X PUT https://api.cloudflare.com/client/v4/zones/$ZONE_ID/certificate_authorities/hostname_associations \\');
console.log('     -H "Authorization: Bearer $CF_API_TOKEN" -H "Content-Type: application/json" \\');
console.log(`     --data '{"hostnames": ["${new URL(mtlsUrl).hostname}"], "mtls_certificate_id": "<id from the first call>"}'`);

if (values['dev-vars']) {
  const file = resolve(values['dev-vars']);
  const adminPassword = randomBytes(12).toString('base64url');
  const vars = {
    DECNET_CA_CERT_PEM: material.certPem,
    DECNET_CA_KEY_PEM: material.keyPem,
    // wrangler dev has no client-certificate check, so agents enroll there but cannot upload.
    DECNET_MTLS_URL: values['mtls-url'] ?? 'https://127.0.0.1:8787',
    DECNET_JWT_SECRET: randomBytes(32).toString('base64url'),
    DECNET_ADMIN_PASSWORD: adminPassword,
  };
  writeFileSync(file, Object.entries(vars).map(([k, v]) => `${k}=${dotenv(v)}`).join('\n') + '\n', { mode: 0o600 });
  console.log(`\nWrote ${file} for \`wrangler dev\` (admin password: ${adminPassword}).`);
}
