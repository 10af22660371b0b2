// Verifying a browser-fingerprint report: HMAC-SHA256(nonce, json) must match, then the JSON is
// parsed into the bounded fingerprint shape (never trusted beyond that).
import { FingerprintReportSchema, FingerprintSchema, type Fingerprint } from '@decnet/protocol';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const enc = new TextEncoder();

export function signFingerprint(nonce: string, json: string): string {
  return bytesToHex(hmac(sha256, enc.encode(nonce), enc.encode(json)));
}

function equalHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

export interface FingerprintResult {
  verified: boolean;
  fingerprint: Fingerprint | { raw: string } | null;
}

/** `body` is the raw text the script posted; anything malformed is kept as bounded raw text, unverified. */
export function verifyFingerprint(nonce: string, body: string): FingerprintResult {
  let report: unknown;
  try {
    report = JSON.parse(body);
  } catch {
    return { verified: false, fingerprint: body ? { raw: body.slice(0, 1024) } : null };
  }
  const r = FingerprintReportSchema.safeParse(report);
  if (!r.success) return { verified: false, fingerprint: { raw: body.slice(0, 1024) } };
  const verified = equalHex(signFingerprint(nonce, r.data.json), r.data.sig);
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.data.json);
  } catch {
    return { verified: false, fingerprint: { raw: r.data.json.slice(0, 1024) } };
  }
  const fp = FingerprintSchema.safeParse(parsed);
  return fp.success ? { verified, fingerprint: fp.data } : { verified: false, fingerprint: { raw: r.data.json.slice(0, 1024) } };
}
