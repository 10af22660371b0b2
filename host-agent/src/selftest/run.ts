// The self-test of a fleet (issue 17): observe every decky as an attacker would, log in with a made-up
// password and with the persona's own account, and judge it all into one realism report per decky.
import { RealismReportSchema, type RealismReport } from '@decnet/protocol';
import { acceptAnyCheck, consistencyCheck, fleetChecks, impossibleOutputsCheck, nmapOsCheck, nmapServicesCheck, staticBannersCheck, timingCheck } from './checks';
import { ftpRandomLogin, sshExec, sshRandomLogin, telnetRandomLogin, type LoginOutcome } from './logins';
import { observeDecky, type DeckyView, type SelftestTarget } from './observe';

export type { SelftestTarget };

export interface SelftestOptions {
  /** Run nmap -sV (and -O when `osScan`) when it is installed. */
  nmap: boolean;
  osScan: boolean;
  /** Limit nmap to these deckies (default: all). */
  nmapDeckies?: string[];
  requestId?: string;
  /** Telnet's failure delay to wait for (the template's auth_failure_delay_ms, default 3 s). */
  telnetFailureWaitMs?: number;
}

async function loginChecks(v: DeckyView, opts: SelftestOptions) {
  const host = v.target.host;
  const tries: Array<{ service: string; port: number; outcome: LoginOutcome; seen: string }> = [];
  let shell: { uname?: string; rmCode?: number | null; procCode?: number | null } | undefined;
  let why = 'no ssh service';
  for (const ep of v.target.endpoints) {
    if (ep.service === 'telnet') tries.push({ ...ep, ...(await telnetRandomLogin(host, ep.port, opts.telnetFailureWaitMs)) });
    if (ep.service === 'ftp') tries.push({ ...ep, ...(await ftpRandomLogin(host, ep.port)) });
    if (ep.service === 'ssh') {
      const r = await sshRandomLogin(host, ep.port);
      if (r) tries.push({ ...ep, ...r });
      const login = v.persona.logins?.[0];
      if (!r) why = 'sshpass/ssh not installed';
      else if (!login) why = `the ${v.persona.osFamily} persona has no shell login`;
      else {
        const tag = `/nonexistent-selftest-${Date.now()}`;
        const out = await sshExec(host, ep.port, login.user, login.password, `uname -a; rm ${tag}; echo "rc=$?"; touch /proc/version; echo "rc=$?"`);
        const lines = (out?.stdout ?? '').split('\n');
        const codes = lines.filter((l) => l.startsWith('rc=')).map((l) => Number(l.slice(3)));
        shell = { uname: lines[0]?.trim(), rmCode: codes[0] ?? null, procCode: codes[1] ?? null };
      }
    }
  }
  return { tries, shell, why };
}

function personaLabel(v: DeckyView): string {
  return `${v.persona.osFamily}/${v.persona.distro}${v.persona.archetype ? ` ${v.persona.archetype}` : ''}`.slice(0, 200);
}

export async function runSelftest(targets: SelftestTarget[], opts: SelftestOptions): Promise<RealismReport[]> {
  const started = new Map<string, number>(targets.map((t) => [t.spec.name, Date.now()]));
  // Deckies side by side (each is its own address); one decky's probes stay sequential.
  const views: DeckyView[] = await Promise.all(targets.map((t) => observeDecky(t, { ...opts, nmap: opts.nmap && (!opts.nmapDeckies || opts.nmapDeckies.includes(t.spec.name)) })));
  const fleet = fleetChecks(views);
  const reports: RealismReport[] = [];
  for (const v of views) {
    const { tries, shell, why } = await loginChecks(v, opts);
    const name = v.target.spec.name;
    const report: RealismReport = {
      decky: name,
      ...(opts.requestId ? { requestId: opts.requestId } : {}),
      ranAt: new Date(started.get(name)!).toISOString(),
      durationMs: Date.now() - started.get(name)!,
      persona: personaLabel(v),
      nmap: { available: v.nmapAvailable, osScan: Boolean(v.nmap?.osScan) },
      attackerView: v.seen.map((s) => {
        const n = v.nmap?.ports.find((p) => p.port === s.port);
        return { service: s.service, port: s.port, text: (n ? `${s.text}  [nmap: ${n.service} ${n.version}]` : s.text).slice(0, 600) };
      }),
      checks: [
        nmapServicesCheck(v), nmapOsCheck(v), consistencyCheck(v, shell), staticBannersCheck(v), acceptAnyCheck(tries),
        ...(fleet.get(name) ?? []), impossibleOutputsCheck(v, shell, why), timingCheck(v),
      ],
    };
    reports.push(RealismReportSchema.parse(report));
  }
  return reports;
}
