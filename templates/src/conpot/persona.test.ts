// The conpot persona: seeded per decky (no two share a serial, never conpot's defaults), Siemens on
// the industrial-control archetype, INI overrides applied; sessions on either port survive random
// input with only catalogued events, and a CPU without S7comm refuses the ISO connection.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startSession } from '../_testing';
import { conpotTemplate } from './index';
import { conpotPersonaFor } from './test-support';

describe('conpot persona', () => {
  it('differs per decky and never shows conpot defaults', () => {
    const personas = Array.from({ length: 40 }, (_, i) => conpotPersonaFor(`plc-${i}`).services.conpot);
    expect(new Set(personas.map((p) => p.serial)).size).toBe(personas.length);
    expect(new Set(personas.map((p) => p.processSeed)).size).toBe(personas.length);
    expect(new Set(personas.map((p) => p.profile)).size).toBeGreaterThan(1);
    for (const p of personas) {
      expect(p.vendor).toBe('siemens');
      expect(p.s7).toBeDefined();
      expect(JSON.stringify(p)).not.toMatch(/Technodrome|88111222|S7-200|Mouser Factory|conpot/i);
    }
  });

  it('applies the INI overrides', () => {
    const p = conpotPersonaFor('plc-x', { template: 'm340', system_name: 'LIFT_STN_4', plant: 'Lift Station 4', serial: '21AB123456', firmware: 'V3.1.0' }).services.conpot;
    expect(p).toMatchObject({ profile: 'm340', vendorName: 'Schneider Electric', systemName: 'LIFT_STN_4', plant: 'Lift Station 4', serial: '21AB123456', firmware: [3, 1, 0], firmwareText: 'v3.10' });
    expect(p.s7).toBeUndefined();
    expect(conpotTemplate.configSchema.safeParse({ profile: 's7-200' }).success).toBe(false);
  });

  it('a Modicon refuses an ISO-TSAP connection with a COTP DR', async () => {
    const persona = conpotPersonaFor('plc-m', { profile: 'm580' });
    const { peer, ctx } = startSession(conpotTemplate, { persona, extend: { servicePort: 102 } });
    peer.send(Buffer.from('0300001611e00000001400c1020100c2020102c0010a', 'hex'));
    await peer.untilClosed();
    expect(peer.bytes[5]).toBe(0x80);
    expect(ctx.eventsOf('request')[0]?.fields).toMatchObject({ protocol: 's7comm', pdu_type: 'cotp_cr', result: 'refused' });
  });

  it('survives random input on both ports with only catalogued events and no errors', async () => {
    const persona = conpotPersonaFor('plc-fuzz');
    const prefixes = [Buffer.alloc(0), Buffer.from('0300001611e00000001400c1020100c2020102c0010a0300001902f08032010000000000080000f0000001000101e0', 'hex')];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(502, 102), fc.constantFrom(0, 1), fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), async (port, pre, chunks) => {
        const { peer, ctx } = startSession(conpotTemplate, { persona, extend: { servicePort: port } });
        peer.send(prefixes[pre]!);
        for (const c of chunks) peer.send(c);
        await new Promise((r) => setImmediate(r));
        expect(ctx.uncatalogued()).toEqual([]);
        expect(ctx.eventsOf('error')).toEqual([]);
        peer.stream.destroy();
      }),
      { numRuns: 150 },
    );
  });
});
