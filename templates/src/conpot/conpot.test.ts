// conpot under the real runner (ports mapped, so dispatch relies on ctx.servicePort): pymodbus reads
// and writes registers and reads the device identification; nmap's modbus-discover and -sV name the
// persona; exceptions, short segments and bad lengths behave as on a PLC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, runCli } from '../_testing';
import { encodeAdu } from './mbap';
import { conpotPersonaFor, exchange, startConpot } from './test-support';

const PY_CLIENT = `
import json, sys
from pymodbus.client import ModbusTcpClient
from pymodbus.mei_message import ReadDeviceInformationRequest
c = ModbusTcpClient('127.0.0.1', port=int(sys.argv[1]))
assert c.connect()
out = {}
out['before'] = c.read_holding_registers(0, 10, slave=1).registers
w = c.write_register(40, 4321, slave=1)
out['write'] = [w.address, w.value]
out['after'] = c.read_holding_registers(40, 1, slave=1).registers
out['coils'] = c.read_coils(0, 8, slave=1).bits[:8]
out['bad'] = c.read_holding_registers(65000, 10, slave=1).exception_code
d = c.execute(ReadDeviceInformationRequest(read_code=2, object_id=0, slave=1))
out['ident'] = {str(k): v.decode('latin1') for k, v in d.information.items()}
print(json.dumps(out))
c.close()
`;

describe('conpot Modbus/TCP under the runner', () => {
  const persona = conpotPersonaFor('plc-modbus-1');
  const p = persona.services.conpot;
  let served: Awaited<ReturnType<typeof startConpot>>;
  beforeAll(async () => {
    served = await startConpot(persona);
  });
  afterAll(() => served.runner.close());

  it('answers reads from the process image, exceptions like a PLC, and logs writes as intent', async () => {
    const port = served.port('conpot');
    const read = await exchange(port, encodeAdu(7, 0, 1, Buffer.from([3, 0, 0, 0, 4])), (b) => b.length >= 17);
    expect([...read.subarray(0, 9)]).toEqual([0, 7, 0, 0, 0, 11, 1, 3, 8]);
    const out = await exchange(port, encodeAdu(8, 0, 1, Buffer.from([3, 0xff, 0xf0, 0, 16])), (b) => b.length >= 9);
    expect([...out]).toEqual([0, 8, 0, 0, 0, 3, 1, 0x83, 2]);
    const fn = await exchange(port, encodeAdu(9, 0, 1, Buffer.from([0x5a, 0, 1])), (b) => b.length >= 9);
    expect([...fn]).toEqual([0, 9, 0, 0, 0, 3, 1, 0xda, 1]);
    const coil = await exchange(port, encodeAdu(10, 0, 1, Buffer.from([5, 0, 3, 0x12, 0x34])), (b) => b.length >= 9);
    expect([...coil.subarray(7)]).toEqual([0x85, 3]);
    const write = encodeAdu(11, 0, 1, Buffer.from([16, 0, 20, 0, 2, 4, 0, 99, 1, 0]));
    expect([...(await exchange(port, write, (b) => b.length >= 12))]).toEqual([0, 11, 0, 0, 0, 6, 1, 16, 0, 20, 0, 2]);
    await served.sink.waitFor((r) => r.filter((e) => e.eventType === 'request').length >= 5);
    const w = served.sink.of('request').find((e) => e.fields['function_code'] === '16');
    expect(w?.fields).toMatchObject({ protocol: 'modbus', unit: '1', intent: 'write', address: '20', values: '99,256' });
    expect(served.sink.of('request').find((e) => e.fields['function_code'] === '3' && e.fields['exception'])?.fields['exception']).toBe('illegal_data_address');
    expect(p.vendor).toBe('siemens');
  });

  it('answers nmap\'s "\\r\\n\\r\\n" segment with exception 01 and ends a connection with a bad length', async () => {
    const port = served.port('conpot');
    const r = await exchange(port, Buffer.from('\r\n\r\n'), (b) => b.length >= 9);
    expect(r.toString('latin1')).toMatch(/^\r\n\r\n\0\x03[\0\x01]\x80[\x01-\x03]$/);
    const bad = await exchange(port, Buffer.from([0, 1, 0, 0, 0x10, 0, 1, 3]));
    expect(bad.length).toBe(0);
    expect(served.sink.of('protocol_error').some((e) => e.fields['error'] === 'bad mbap length')).toBe(true);
  });

  it.runIf(hasBinary('/usr/bin/python3'))('pymodbus reads holding registers and coils, writes a register, reads the identification', async () => {
    const r = await runCli('/usr/bin/python3', ['-c', PY_CLIENT, String(served.port('conpot'))], { timeoutMs: 30_000 });
    expect(r.stderr).not.toMatch(/Traceback/);
    const out = JSON.parse(r.stdout) as { before: number[]; write: number[]; after: number[]; coils: boolean[]; bad: number; ident: Record<string, string> };
    expect(out.before).toHaveLength(10);
    expect(out.before.some((v) => v > 0)).toBe(true);
    expect(out.write).toEqual([40, 4321]);
    expect(out.after).toEqual([4321]);
    expect(out.coils[0]).toBe(true);
    expect(out.bad).toBe(2);
    expect(out.ident).toMatchObject({ '0': 'Siemens', '1': p.orderNumber, '2': p.firmwareText, '5': p.module, '6': p.systemName });
    const write = served.sink.of('request').find((e) => e.fields['function_code'] === '6');
    expect(write?.fields).toMatchObject({ intent: 'write', address: '40', values: '4321', unit: '1' });
  }, 40_000);

  it.runIf(hasBinary('nmap'))('nmap -sV names Modbus TCP and modbus-discover reads the persona identification', async () => {
    const port = String(served.port('conpot'));
    const r = await runCli('nmap', ['-sV', '-Pn', '-n', '--script', '+modbus-discover', '-p', port, '127.0.0.1'], { timeoutMs: 90_000 });
    console.info(r.stdout);
    expect(r.stdout).toMatch(new RegExp(`${port}/tcp\\s+open\\s+modbus\\s+Modbus TCP`));
    expect(r.stdout).toContain(`Device identification: Siemens ${p.orderNumber} ${p.firmwareText}`);
    expect(r.stdout).toContain(`Slave ID data: \\x01\\xFF${p.module}`);
  }, 100_000);
});
