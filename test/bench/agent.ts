// Host-agent throughput: (1) uplink, events/s from the agent's spool into the control plane's
// libSQL file over mutual TLS (Node runtime, control plane in its own process, `decnet-agent run`
// in another), 1 process and 2 workers, as shares of the libSQL ceiling and of ingest measured in
// the same run with the same events; (2) MQTT messages/s through the agent's broker (QoS 0).
import type { ServiceEvent } from '@decnet/protocol';
import { EventSpool, loadConfig, readStatus } from '@decnet/host-agent';
import mqtt from 'mqtt';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { agentConfig, ControlPlane, killed, runCli, spawnAgent, tempDir } from '../agent/harness';
import { fmtRate, nativeInsertRate, shareOf, shares, treeCpuMs, type Rate } from './ceilings';
import { ingestRate, ingestRow } from './ingest';
import { syntheticBatch } from './synthetic-events';
import type { BenchRow } from './table';

const MQTT_TARGET = 50_000;

/** events/s from a full spool to the last acknowledgement, every event then checked in the DB. */
export async function uplinkRate(events: number, workers = 1): Promise<{ rate: Rate; note: string }> {
  const cp = await ControlPlane.start(workers > 1 ? { DECNET_WORKERS: String(workers) } : {});
  const dir = tempDir('bench-agent');
  try {
    const tok = await cp.enrollmentToken('bench-01');
    const { path } = agentConfig(dir, { statusIntervalMs: 100 });
    const enrolled = await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--config', path]);
    if (enrolled.code !== 0) throw new Error(enrolled.err);
    const config = loadConfig(path);
    // Fill the spool while the agent is not running, exactly as after an outage.
    const spool = await EventSpool.open({ dir: join(config.dataDir, 'spool'), ...config.spool, host: 'bench-01' });
    // The same events as the ingest row (ids made unique per run: the spool is fresh, the DB too).
    for (let i = 0; i < events; i += 5000) await spool.appendValid(syntheticBatch(i, Math.min(5000, events - i)) as ServiceEvent[]);
    await spool.spool.close();
    const { proc } = await spawnAgent(path);
    // The clock starts once the agent runs; its acknowledgements (status file) mark the end, and
    // the database is checked once after: polling count(*) would compete with ingest for the CPU.
    const t0 = performance.now();
    const cpu0 = treeCpuMs(cp.proc!.pid!);
    const agentCpu0 = treeCpuMs(proc.pid!);
    const statusFile = join(config.dataDir, 'status.json');
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const st = readStatus(statusFile);
      if (st && st.spool.pendingRecords === 0 && (st.uplink?.events ?? 0) >= events) break;
      if (performance.now() - t0 > 300_000) throw new Error(`uplink stalled: ${JSON.stringify(st?.spool)}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpCpuS = (treeCpuMs(cp.proc!.pid!) - cpu0) / 1000;
    const agentCpuS = (treeCpuMs(proc.pid!) - agentCpu0) / 1000;
    const stored = await cp.eventCounts(config.hostId);
    if (stored.total !== events || stored.distinct !== events) throw new Error(`database holds ${JSON.stringify(stored)}, expected ${events}`);
    const s = readStatus(statusFile);
    await killed(proc, 'SIGTERM');
    return {
      rate: { perS: events / seconds, perCpuS: events / cpCpuS },
      note: `${seconds.toFixed(1)} s from agent start to last ack, all ${events} in the DB once; batches of ${config.spool.batchMax}, ${config.spool.inflight} in flight; ${s?.uplink?.duplicates ?? 0} duplicates; agent CPU ${((agentCpuS * 1e6) / events).toFixed(1)} us/event`,
    };
  } finally {
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchMqtt(durationS: number): Promise<BenchRow> {
  const dir = tempDir('bench-bus');
  const { path, config } = agentConfig(dir);
  const { proc } = await spawnAgent(path, ['--offline']);
  try {
    const port = readStatus(join(config.dataDir, 'status.json'))!.bus.tcpPort!;
    const connect = () => mqtt.connectAsync({ host: '127.0.0.1', port, protocolVersion: 4, reconnectPeriod: 0 });
    const sub = await connect();
    let received = 0;
    sub.on('message', () => received++);
    await sub.subscribeAsync('decnet/bench/#', { qos: 0 });
    const payload = Buffer.alloc(100, 'x');
    const pubs = await Promise.all(Array.from({ length: 4 }, connect));
    let running = true;
    for (const [i, c] of pubs.entries()) {
      const stream = (c as unknown as { stream: { writableLength: number } }).stream;
      const loop = () => {
        if (!running) return;
        if (stream.writableLength < 256 * 1024) for (let k = 0; k < 200; k++) c.publish(`decnet/bench/${i}`, payload, { qos: 0 });
        setImmediate(loop);
      };
      loop();
    }
    await new Promise((r) => setTimeout(r, 2000)); // warm-up
    const r0 = received;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, durationS * 1000));
    const rate = (received - r0) / ((performance.now() - t0) / 1000);
    running = false;
    await Promise.all([...pubs, sub].map((c) => c.endAsync(true)));
    const alive = proc.exitCode === null;
    return {
      name: 'MQTT through the agent broker (QoS 0, 100 B, 4 pub / 1 sub)',
      value: `${Math.round(rate)} msg/s`,
      target: `>= ${MQTT_TARGET} msg/s`,
      met: rate >= MQTT_TARGET && alive,
      note: `${durationS} s measured after 2 s warm-up; broker in its own thread${alive ? '' : '; AGENT DIED'}`,
    };
  } finally {
    await killed(proc, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Uplink and ingest of the same events, 1 process and 2 workers, with the native libSQL insert
 * ceiling measured between them: uplink is a share of both (target 80 % of ingest).
 */
async function benchUplinks(events: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const workers of [1, 2]) {
    const ingest = await ingestRate(events, workers);
    const ceiling = await nativeInsertRate(events);
    const up = await uplinkRate(events, workers);
    rows.push(ingestRow(ingest, events, workers, ceiling), {
      name: `agent uplink spool -> libSQL over mTLS (${events.toLocaleString('en')} events, control plane ${workers > 1 ? `${workers} workers` : '1 process'})`,
      value: fmtRate(up.rate, 'events'),
      share: `${shareOf(up.rate.perS, ingest.perS)} of ingest, ${shares(up.rate, ceiling, ' of native insert')} (ceiling ${Math.round(ceiling.perS)} rows/s)`,
      target: '>= 80 % of ingest',
      met: up.rate.perS >= 0.8 * ingest.perS,
      note: up.note,
    });
  }
  return rows;
}

export async function benchAgent(durationS = 10, events = 200_000): Promise<BenchRow[]> {
  return [...(await benchUplinks(events)), await benchMqtt(durationS)];
}
