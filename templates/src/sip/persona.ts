// The sip persona part: which PBX answers (Asterisk with res_pjsip or legacy chan_sip, FreePBX,
// 3CX on Windows, a Cisco IOS gateway), its Server/User-Agent text, Digest realm, and the
// daemon in `ps`. Seeded per decky, so a fleet of PBXes is not one build.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';

/** pjsip: res_pjsip's headers and 401 on every failure; chan_sip: 407 for INVITE, 403 after a bad Digest. */
export type SipStack = 'pjsip' | 'chan_sip';

export interface SipPersona {
  userAgent: string;
  realm: string;
  stack: SipStack;
  product: 'asterisk' | 'freepbx' | '3cx' | 'cisco';
}

const ASTERISK: Array<[string, SipStack]> = [['16.30.0', 'chan_sip'], ['18.20.2', 'pjsip'], ['18.24.1', 'pjsip'], ['20.7.0', 'pjsip'], ['20.9.3', 'pjsip'], ['21.4.2', 'pjsip']];
const FREEPBX: string[] = ['FPBX-16.0.40.7(18.20.0)', 'FPBX-16.0.33(16.25.0)', 'FPBX-17.0.19.2(20.9.3)', 'FPBX-17.0.18.34(21.4.1)'];

function derived(b: PersonaBasis): SipPersona {
  const rng = b.rng('sip');
  if (b.foreign === 'windows' || b.foreign === 'windows_server') return { product: '3cx', userAgent: rng.pick(['3CXPhoneSystem 18.0.9.20 (20)', '3CXPhoneSystem 18.0.8.946 (946)']), realm: '3CXPhoneSystem', stack: 'pjsip' };
  if (b.foreign === 'cisco') return { product: 'cisco', userAgent: rng.pick(['Cisco-SIPGateway/IOS-15.7.3.M4', 'Cisco-SIPGateway/IOS-16.12.5']), realm: b.domain, stack: 'chan_sip' };
  if (rng.chance(0.4)) {
    const ua = rng.pick(FREEPBX);
    return { product: 'freepbx', userAgent: ua, realm: 'asterisk', stack: 'pjsip' };
  }
  const [v, stack] = rng.pick(ASTERISK);
  return { product: 'asterisk', userAgent: `Asterisk PBX ${v}`, realm: rng.chance(0.8) ? 'asterisk' : b.domain, stack };
}

export function sipPersona(b: PersonaBasis): SipPersona {
  const p = derived(b);
  return { ...p, realm: configValue(b, 'sip', 'realm', 64) ?? p.realm, userAgent: configValue(b, 'sip', 'user_agent', 128) ?? p.userAgent };
}

export function sipProcesses(b: PersonaBasis): ShellProcessSeed[] {
  if (b.foreign) return [];
  const p = derived(b);
  if (p.product === 'freepbx') return [{ user: 'asterisk', command: '/usr/sbin/asterisk -f -U asterisk -G asterisk -vvvg -c' }, { user: 'asterisk', command: 'PM2 v5.3.0: God Daemon (/home/asterisk/.pm2)' }];
  return [{ user: 'asterisk', command: '/usr/sbin/asterisk -f -U asterisk -G asterisk' }];
}
