// `decnet-agent selftest`: the realism self-test of this host's deckies, from the host itself (nmap
// -sV, and -O when root; the detectability checks); prints a pass/fail table or the JSON reports.
import { join } from 'node:path';
import { realismPassed } from '@decnet/protocol';
import { consoleIo, type CliIo } from '../fleet/cli-io';
import { fleetContext } from '../fleet/fleet-context';
import { readLocalDesired } from '../fleet/local-desired';
import { runSelftest } from '../selftest/run';
import { selftestTargets } from '../selftest/targets';
import { parse } from './usage';

export const SELFTEST_USAGE = 'decnet-agent selftest [--decky NAME]... [--no-nmap] [--json] [--agent-config PATH] [--data-dir DIR]';

export async function selftestCommand(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const a = parse(argv, {
    decky: { type: 'string', multiple: true }, 'no-nmap': { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
    'agent-config': { type: 'string' }, 'data-dir': { type: 'string' },
  });
  const ctx = fleetContext(a);
  // An enrolled agent keeps the control plane's last desired state beside its data; else the local fleet file.
  const desired = readLocalDesired(ctx.controlPlaneUrl ? join(ctx.dataDir, 'desired-state.json') : ctx.desiredFile);
  const targets = selftestTargets(desired.deckies, ctx.localDeckies(), a.decky);
  if (targets.length === 0) {
    io.err('no running decky to test (deploy some first, or check --decky)');
    return 1;
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const reports = await runSelftest(targets, { nmap: !a['no-nmap'], osScan: root });
  if (a.json) io.out(JSON.stringify(reports, null, 2));
  else {
    for (const r of reports) {
      io.out(`${r.decky} (${r.persona}): ${realismPassed(r) ? 'PASS' : 'FAIL'}${r.nmap.available ? '' : '  [nmap not installed: apt-get install nmap]'}`);
      for (const c of r.checks) {
        io.out(`  ${c.status.toUpperCase().padEnd(5)} ${c.id.padEnd(20)} ${c.summary}`);
        for (const e of c.evidence.filter((x) => x.expected !== undefined).slice(0, 5)) io.out(`        ${e.layer}: ${JSON.stringify(e.seen)} (expected ${e.expected})`);
      }
    }
  }
  return reports.every(realismPassed) ? 0 : 1;
}
