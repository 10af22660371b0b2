// The process image a PLC persona serves: a seeded table of tags (levels, temperatures, pressures,
// setpoints, run-hour and production counters, status words) whose values move with wall-clock time,
// plus a small per-decky overlay of values an attacker wrote (bounded), so a read after a write sees it.

export type ProcessKind = 'water' | 'boiler' | 'compressor' | 'packaging';

type TagKind = 'analog' | 'setpoint' | 'counter' | 'hours' | 'status' | 'const';
/** [kind, base, amplitude, period s, noise] in engineering units already scaled to the register. */
type Tag = readonly [TagKind, number, number, number, number];

const TAGS: Readonly<Record<ProcessKind, readonly Tag[]>> = {
  // level ‰, flow m3/h x10, pressure bar x100, pump speeds rpm, temp °C x10, setpoints, hours, starts, volume, status, alarms, mode, chlorine mg/l x100
  water: [['analog', 620, 140, 5400, 4], ['analog', 1850, 300, 3600, 15], ['analog', 420, 35, 1800, 3], ['analog', 1460, 40, 900, 6], ['analog', 1420, 60, 1300, 6], ['analog', 128, 15, 86400, 1], ['setpoint', 650, 0, 0, 0], ['setpoint', 450, 0, 0, 0], ['hours', 21000, 0, 3600, 0], ['hours', 17500, 0, 3600, 0], ['counter', 3100, 0, 1900, 0], ['counter', 0, 0, 4, 0], ['status', 0, 0, 0, 0], ['const', 0, 0, 0, 0], ['const', 1, 0, 0, 0], ['analog', 45, 6, 7200, 1]],
  // steam bar x100, water °C x10, flue °C x10, drum level ‰, burner load %, O2 % x10, setpoints, hours, starts, status, alarms, mode
  boiler: [['analog', 1050, 60, 1200, 4], ['analog', 1780, 40, 2400, 3], ['analog', 1950, 120, 1500, 8], ['analog', 500, 45, 600, 5], ['analog', 64, 20, 1800, 2], ['analog', 38, 6, 900, 1], ['setpoint', 1100, 0, 0, 0], ['setpoint', 1800, 0, 0, 0], ['hours', 34000, 0, 3600, 0], ['counter', 9100, 0, 2700, 0], ['status', 0, 0, 0, 0], ['const', 0, 0, 0, 0], ['const', 1, 0, 0, 0]],
  // discharge bar x100, oil °C x10, motor A x10, speed rpm, dew point °C x10 (+400 offset), setpoints, load hours, total hours, starts, status, alarms, mode
  compressor: [['analog', 710, 25, 300, 3], ['analog', 780, 30, 3600, 2], ['analog', 1420, 180, 300, 10], ['analog', 2950, 120, 300, 8], ['analog', 430, 8, 7200, 1], ['setpoint', 720, 0, 0, 0], ['setpoint', 650, 0, 0, 0], ['hours', 28000, 0, 3600, 0], ['hours', 41000, 0, 3600, 0], ['counter', 12000, 0, 1500, 0], ['status', 0, 0, 0, 0], ['const', 0, 0, 0, 0], ['const', 1, 0, 0, 0]],
  // line speed ppm, good count, reject count, sealer °C x10, sealer setpoint, motor A x10, status, alarms, mode, batch
  packaging: [['analog', 118, 6, 600, 2], ['counter', 0, 0, 0.5, 0], ['counter', 0, 0, 40, 0], ['analog', 1650, 15, 900, 3], ['setpoint', 1650, 0, 0, 0], ['analog', 64, 8, 300, 2], ['status', 0, 0, 0, 0], ['const', 0, 0, 0, 0], ['const', 1, 0, 0, 0], ['counter', 2000, 0, 14400, 0]],
};

/** A cheap integer mix (deterministic noise per seed, address and time step). */
function mix(a: number, b: number, c: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const MAX_WRITES = 2048;
const overlays = new Map<string, Map<string, number>>();

export class ProcessImage {
  private readonly tags: readonly Tag[];
  private readonly writes: Map<string, number>;

  constructor(
    readonly kind: ProcessKind,
    private readonly seed: number,
    /** Decky key for the write overlay (the persona seed). */
    owner: string,
    /** Full-scale raw value of the input registers (27648 on Siemens analog inputs). */
    private readonly rawFullScale = 27648,
  ) {
    this.tags = TAGS[kind];
    let w = overlays.get(owner);
    if (!w) overlays.set(owner, (w = new Map()));
    if (overlays.size > 256) overlays.delete(overlays.keys().next().value as string);
    this.writes = w;
  }

  /** The persona's process seed (S7 data block sizes are drawn from it). */
  get seedValue(): number {
    return this.seed;
  }

  private tagValue(addr: number, tSec: number): number {
    const tag = this.tags[addr];
    if (!tag) {
      // Unused words: mostly zero, a few configuration constants an integrator left there.
      const h = mix(this.seed, addr, 7);
      return h % 9 === 0 ? (h >>> 8) % 1000 : 0;
    }
    const [kind, base, amp, period, noise] = tag;
    const phase = (mix(this.seed, addr, 1) % 6283) / 1000;
    switch (kind) {
      case 'analog': {
        const jitter = noise ? ((mix(this.seed, addr, Math.floor(tSec / 2)) % (2 * noise + 1)) - noise) : 0;
        return Math.round(base + amp * Math.sin((2 * Math.PI * tSec) / period + phase) + jitter);
      }
      case 'setpoint':
      case 'const':
        return base;
      case 'hours':
      case 'counter': {
        const start = base + (mix(this.seed, addr, 2) % Math.max(1, Math.floor(base / 5) + 1));
        return start + Math.floor((tSec - 1_700_000_000) / period);
      }
      case 'status':
        // bit0 auto, bit1 running, bit2 pump/burner 2 running (duty cycling), bit7 remote
        return 0x0083 | (this.coil(1, tSec) ? 0x0004 : 0);
    }
  }

  holding(addr: number, nowMs: number): number {
    const w = this.writes.get(`h${addr}`);
    if (w !== undefined) return w;
    return this.tagValue(addr, nowMs / 1000) & 0xffff;
  }

  /** Input registers: the raw analog inputs behind the first holding tags (0..full scale). */
  input(addr: number, nowMs: number): number {
    const tag = this.tags[addr];
    if (!tag || tag[0] !== 'analog') return addr < 16 ? mix(this.seed, addr, 3) % 40 : 0;
    const [, base, amp] = tag;
    const span = Math.max(1, 2 * (base + amp));
    return Math.max(0, Math.min(this.rawFullScale, Math.round((this.tagValue(addr, nowMs / 1000) / span) * this.rawFullScale)));
  }

  /** Coils: 0 main drive, 1 standby drive (duty cycle), 2..5 valves, the rest off. */
  coil(addr: number, tSec: number): boolean {
    const w = this.writes.get(`c${addr}`);
    if (w !== undefined) return w !== 0;
    if (addr === 0) return true;
    if (addr === 1) return Math.floor((tSec + (this.seed % 1200)) / 1200) % 3 === 0;
    if (addr >= 2 && addr <= 5) return mix(this.seed, addr, 4) % 3 !== 0;
    return false;
  }

  /** Discrete inputs: run feedback of the drives, then healthy/ok contacts, then spare (off). */
  discrete(addr: number, tSec: number): boolean {
    if (addr < 2) return this.coil(addr, tSec);
    if (addr < 8) return mix(this.seed, addr, 5) % 4 !== 0;
    return false;
  }

  writeHolding(addr: number, value: number): void {
    this.put(`h${addr}`, value & 0xffff);
  }

  writeCoil(addr: number, on: boolean): void {
    this.put(`c${addr}`, on ? 1 : 0);
  }

  private put(key: string, v: number): void {
    if (!this.writes.has(key) && this.writes.size >= MAX_WRITES) this.writes.delete(this.writes.keys().next().value as string);
    this.writes.set(key, v);
  }
}
