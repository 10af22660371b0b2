// The conpot persona part: one PLC per decky (vendor, CPU, order number, firmware, serial, station
// and plant names, the process it runs and its memory sizes), all seeded, INI overrides applied.
// A Siemens NIC (the industrial-control archetype) always gets a Siemens CPU, so MAC, S7 and Modbus agree.
import type { ShellProcessSeed } from '../_shell/persona';
import type { PersonaBasis } from '../service';
import { conpotConfigSchema } from './config';
import type { ProcessKind } from './process';
import { PROFILES, type PlcProfileId, type PlcVendor } from './profiles';

export interface ConpotPersona {
  profile: PlcProfileId;
  vendor: PlcVendor;
  vendorName: string;
  family: string;
  module: string;
  orderNumber: string;
  firmware: [number, number, number];
  firmwareText: string;
  serial: string;
  /** AS / station name. */
  systemName: string;
  /** Plant identification; empty as shipped unless the integrator set one. */
  plant: string;
  /** Memory card serial (SZL 0x001C index 8), empty when the CPU has none. */
  memoryCard: string;
  /** S7comm parameters; undefined for CPUs without S7comm (port 102 then refuses the connection). */
  s7?: { slots: number[]; maxPdu: number; maxAmq: number };
  process: ProcessKind;
  /** Sizes of the four Modbus tables (coils, discrete inputs, holding and input registers). */
  tables: { coils: number; discrete: number; holding: number; input: number };
  /** Seeds the process values (levels, setpoints, counter bases). */
  processSeed: number;
}

const PLANT_SITES = ['North', 'South', 'East', 'West', 'Riverside', 'Hill Rd', 'Site B', 'Plant 2', 'Works 1', 'Harbour'];
const PLANT_UNITS: Readonly<Record<ProcessKind, readonly string[]>> = {
  water: ['Pump Station', 'Filtration', 'Lift Station', 'Reservoir', 'Clarifier'],
  boiler: ['Boiler House', 'Heat Plant', 'Steam Gen'],
  compressor: ['Compressor Hall', 'Air Plant', 'Compressor Stn'],
  packaging: ['Packaging Line', 'Filler', 'Palletizer', 'Conveyor Line'],
};
const AREA_CODES = ['PS', 'WT', 'BH', 'CH', 'PK', 'L1', 'L2', 'UT', 'HV', 'AUX'];

const L = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const D = '0123456789';

function draw(rng: ReturnType<PersonaBasis['rng']>, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

export function conpotPersona(b: PersonaBasis): ConpotPersona {
  const rng = b.rng('conpot');
  const parsed = conpotConfigSchema.safeParse(b.config['conpot'] ?? {});
  const cfg = parsed.success ? parsed.data : {};
  const siemensNic = b.archetype === 'industrial-control';
  const seeded: PlcProfileId = siemensNic
    ? rng.weighted<PlcProfileId>(['s7-300', 's7-1200', 's7-1500'], [4, 4, 2])
    : rng.weighted<PlcProfileId>(['s7-300', 's7-1200', 's7-1500', 'm340', 'm580', 'ac500'], [3, 3, 1, 2, 1, 1]);
  const id = cfg.profile ?? cfg.template ?? seeded;
  const p = PROFILES[id];
  const model = rng.pick(p.models);
  const fwDrawn = rng.pick(model.firmware);
  const fwCfg = cfg.firmware?.replace(/^[^\d]+/, '').split('.').map(Number);
  const firmware: [number, number, number] = fwCfg ? [fwCfg[0] ?? 0, fwCfg[1] ?? 0, fwCfg[2] ?? 0] : [fwDrawn[0], fwDrawn[1], fwDrawn[2]];
  const year = rng.int(2012, 2022);
  const serial =
    p.vendor === 'siemens'
      ? `S ${id === 's7-300' ? 'C' : 'V'}-${draw(rng, L, 1)}${draw(rng, L + D, 1)}${draw(rng, L, 2)}${draw(rng, D, 4)}${year}`
      : p.vendor === 'schneider'
        ? `${String(year % 100).padStart(2, '0')}${draw(rng, L, 2)}${draw(rng, D, 6)}`
        : `${draw(rng, L, 2)}${draw(rng, D, 8)}`;
  const process = rng.pick<ProcessKind>(['water', 'boiler', 'compressor', 'packaging']);
  const area = rng.pick(AREA_CODES);
  const systemName = rng.weighted(
    [() => rng.pick(p.defaultStationNames), () => b.hostname.toUpperCase().slice(0, 24), () => `${area}_PLC${String(rng.int(1, 12)).padStart(2, '0')}`],
    [35, 35, 30],
  )();
  const plant = rng.chance(0.3) ? '' : `${rng.pick(PLANT_UNITS[process])} ${rng.pick(PLANT_SITES)}`;
  const memoryCard = id === 's7-300' ? `MMC ${rng.hex(8).toUpperCase()}` : id === 's7-1500' ? `SMC ${rng.hex(8).toUpperCase()}` : '';
  const sizes = [100, 128, 200, 256, 500, 512, 1000] as const;
  return {
    profile: id,
    vendor: p.vendor,
    vendorName: p.vendorName,
    family: p.family,
    module: model.module,
    orderNumber: model.orderNumber,
    firmware,
    firmwareText: p.formatFirmware(firmware),
    serial: cfg.serial ?? serial,
    systemName: cfg.system_name ?? systemName,
    plant: cfg.plant ?? plant,
    memoryCard,
    ...(p.s7Slots ? { s7: { slots: [...p.s7Slots], maxPdu: p.s7MaxPdu ?? 240, maxAmq: p.s7MaxAmq ?? 1 } } : {}),
    process,
    tables: { coils: rng.pick([64, 128, 256, 512]), discrete: rng.pick([64, 128, 256]), holding: rng.pick(sizes), input: rng.pick([64, 100, 128, 256]) },
    processSeed: rng.int(1, 0x7fffffff),
  };
}

/** A PLC runs no process a shell could list; the decky's other services (snmp) bring their own. */
export function conpotProcesses(): ShellProcessSeed[] {
  return [];
}
