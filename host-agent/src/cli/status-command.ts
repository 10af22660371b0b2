// `decnet-agent status [--json]`: what the running agent last wrote to its status file.
import { isRunning, readStatus, type AgentStatus } from '../agent/status';
import { configPath, loadConfig } from '../config/load';
import { agentPaths } from '../config/paths';
import { parse } from './usage';

export async function statusCommand(argv: string[]): Promise<number> {
  const a = parse(argv, { config: { type: 'string' }, json: { type: 'boolean', default: false } });
  const config = loadConfig(configPath(a.config));
  const status = readStatus(agentPaths(config).status);
  const running = status ? isRunning(status, Math.max(10_000, config.statusIntervalMs * 3)) : false;
  if (a.json) {
    console.log(JSON.stringify({ running, enrolled: Boolean(config.hostId), hostId: config.hostId ?? null, status: status ?? null }, null, 2));
    return running ? 0 : 3;
  }
  console.log(render(config.hostId, running, status));
  return running ? 0 : 3;
}

function render(hostId: string | undefined, running: boolean, s: AgentStatus | undefined): string {
  const lines = [`enrolled:   ${hostId ? `yes, host ${hostId}` : 'no (run decnet-agent enroll)'}`];
  if (!s) return [...lines, 'agent:      not running (no status file yet)'].join('\n');
  lines.push(`agent:      ${running ? `running, pid ${s.pid}` : `NOT running (last status ${s.updatedAt})`}, version ${s.version}${s.offline ? ', OFFLINE' : ''}`);
  lines.push(`bus:        ${s.bus.socketPath}, ${s.bus.tcpHost}:${s.bus.tcpPort ?? '?'}${s.bus.stats ? `, ${s.bus.stats.clients} clients` : ''}`);
  const sp = s.spool;
  lines.push(`spool:      ${sp.pendingRecords} pending, ${sp.droppedRecords} dropped, ${sp.quarantined} quarantined, ${(sp.diskBytes / 1048576).toFixed(1)} MiB in ${sp.segments} segment(s)`);
  if (s.uplink) lines.push(`uplink:     ${s.uplink.events} events sent (${s.uplink.duplicates} duplicates), last ok ${s.uplink.lastOkMs ? new Date(s.uplink.lastOkMs).toISOString() : 'never'}`);
  const hb = s.heartbeat;
  lines.push(`heartbeat:  ${hb ? `${hb.ok ? 'ok' : `FAILED (${hb.error})`} at ${new Date(hb.atMs).toISOString()}` : 'none yet'}`);
  if (s.desiredState) lines.push(`deckies:    desired v${s.desiredState.version ?? '?'}: ${s.desiredState.deckies.map((d) => `${d.name}=${d.state}`).join(', ') || 'none'}`);
  lines.push('workers:');
  for (const w of s.workers) lines.push(`  ${w.name.padEnd(14)} ${w.status.padEnd(9)} restarts ${w.restarts}${w.message ? `  ${w.message}` : ''}`);
  return lines.join('\n');
}
