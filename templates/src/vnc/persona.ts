// The vnc persona part: which VNC server the decky runs (TigerVNC's Xtigervnc on Linux/BSD, TightVNC
// Server on Windows), its RFB version, its failure wording and lock-out policy, and its `ps` line.
import type { ShellProcessSeed } from '../_shell/persona';
import type { PersonaBasis } from '../service';

export interface VncPersona {
  product: 'tigervnc' | 'tightvnc';
  /** RFB minor version announced ("RFB 003.00N\n"). */
  minor: 3 | 7 | 8;
  /** SecurityResult reason (RFB 3.8) after a wrong password, worded as the product words it. */
  failureReason: string;
  /** TigerVNC's Blacklist defaults; TightVNC's own ban is not emulated. */
  blacklist?: { threshold: number; timeoutS: number };
  /** Screen size the daemon was started with (shown in `ps`). */
  geometry: string;
}

const GEOMETRIES = ['1920x1080', '1280x800', '1680x1050', '1600x900', '1280x1024'] as const;

export function vncPersona(b: PersonaBasis): VncPersona {
  const geometry = b.rng('vnc').pick(GEOMETRIES);
  if (b.foreign === 'windows' || b.foreign === 'windows_server') {
    // TightVNC Server 2.x for Windows: rfb 3.8, "Authentication failed".
    return { product: 'tightvnc', minor: 8, failureReason: 'Authentication failed', geometry };
  }
  // TigerVNC (rfb/SConnection.cxx): AuthFailureException's default text; Blacklist 5 / 10 s.
  return { product: 'tigervnc', minor: 8, failureReason: 'Authentication failure', blacklist: { threshold: 5, timeoutS: 10 }, geometry };
}

export function vncProcesses(b: PersonaBasis): ShellProcessSeed[] {
  const p = vncPersona(b);
  if (p.product !== 'tigervnc') return [];
  return [{
    user: 'root',
    command: `/usr/bin/Xtigervnc :0 -localhost=0 -desktop ${b.hostname}:0 (root) -auth /root/.Xauthority -geometry ${p.geometry} -depth 24 -rfbwait 30000 -rfbauth /root/.vnc/passwd -rfbport 5900 -pn -SecurityTypes VncAuth`,
    rssKb: 74_000,
  }];
}
