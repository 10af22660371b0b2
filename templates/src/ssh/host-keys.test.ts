// Host key generation survives ssh2's Ed25519 keygen bug (about 1 key in 256 unparseable): every
// generated key parses, over enough keys that the bug shows up with near certainty (1 - (255/256)^1500).
import { describe, expect, it } from 'vitest';
import { generateParsed } from './host-keys';

describe('generateParsed', () => {
  it('returns 1,500 Ed25519 host keys that all parse, with their OpenSSH PEM', async () => {
    const keys = await Promise.all(Array.from({ length: 1500 }, () => generateParsed('ed25519')));
    for (const { pem, key } of keys) {
      expect(pem).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
      expect(key.type).toBe('ssh-ed25519');
    }
  });
});
