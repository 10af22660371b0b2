// The sip persona part per OS family: Asterisk or FreePBX builds seeded per decky on Linux, 3CX on
// Windows, a Cisco IOS gateway on Cisco; realm and user_agent from the INI.
import { describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';

const at = Date.UTC(2026, 0, 1);
const sip = (deckyName: string, extra: Partial<Parameters<typeof derivePersona>[0]> = {}) => derivePersona({ nowMs: at, services: ['sip'], archetype: 'voip-server', ...extra, deckyName }).services.sip;

describe('sip persona', () => {
  it('seeds Asterisk and FreePBX builds across Linux deckies', () => {
    const uas = new Set(Array.from({ length: 24 }, (_, i) => sip(`pbx-${i}`).userAgent));
    expect(uas.size).toBeGreaterThanOrEqual(4);
    for (const ua of uas) expect(ua).toMatch(/^(Asterisk PBX \d+\.\d+\.\d+|FPBX-\d+\.\d+\.\d+(\.\d+)?\(\d+\.\d+\.\d+\))$/);
    const chan = Array.from({ length: 40 }, (_, i) => sip(`pbx-${i}`)).filter((p) => p.stack === 'chan_sip');
    for (const p of chan) expect(p.userAgent).toMatch(/^Asterisk PBX 1[0-6]\./);
  });

  it('is 3CX on Windows and a Cisco gateway on Cisco', () => {
    expect(sip('w', { nmapOs: 'windows_server' })).toMatchObject({ product: '3cx', realm: '3CXPhoneSystem', userAgent: expect.stringMatching(/^3CXPhoneSystem 18\./) as unknown });
    expect(sip('c', { nmapOs: 'cisco' })).toMatchObject({ product: 'cisco', userAgent: expect.stringMatching(/^Cisco-SIPGateway\/IOS-/) as unknown });
  });

  it('takes realm and user_agent from the INI', () => {
    expect(sip('x', { serviceConfig: { sip: { realm: 'pbx.example', user_agent: 'Asterisk PBX 13.38.3' } } })).toMatchObject({ realm: 'pbx.example', userAgent: 'Asterisk PBX 13.38.3' });
  });
});
