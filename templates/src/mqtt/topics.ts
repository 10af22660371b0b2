// The retained messages a subscriber receives: the persona's devices rendered at the current time
// (values drift smoothly, ids fixed per decky) and mosquitto's $SYS tree (version, uptime, counters
// grown from the persona's message rate since the broker started).
import type { DeviceTheme, MqttPersona } from './persona';

export interface Retained {
  topic: string;
  payload: string;
}

const round = (n: number, d: number): number => Math.round(n * 10 ** d) / 10 ** d;

/** Tasmota's "1T04:12:55" uptime format. */
function tasmotaUptime(sec: number): string {
  const d = Math.floor(sec / 86400);
  const hms = new Date((sec % 86400) * 1000).toISOString().slice(11, 19);
  return `${d}T${hms}`;
}

function themeTopics(theme: DeviceTheme, p: MqttPersona, nowMs: number, upSec: number): Retained[] {
  const wave = (periodMin: number, amp: number): number => amp * Math.sin(nowMs / (periodMin * 60_000) + p.phase);
  const temp = (i: number): number => round(p.baseTemperature + i * 0.7 + wave(47, 1.3), 1);
  const hum = (i: number): number => round(p.baseHumidity - i * 2 + wave(61, 4), 1);
  const local = new Date(nowMs).toISOString().slice(0, 19);
  switch (theme) {
    case 'tasmota': {
      const id = `tasmota_${p.deviceHex}`;
      const power = Math.max(0, Math.round(42 + wave(13, 30)));
      return [
        { topic: `tele/${id}/LWT`, payload: 'Online' },
        { topic: `stat/${id}/POWER`, payload: 'ON' },
        { topic: `tele/${id}/STATE`, payload: JSON.stringify({ Time: local, Uptime: tasmotaUptime(upSec), UptimeSec: upSec, Heap: 25, SleepMode: 'Dynamic', Sleep: 50, LoadAvg: 19, MqttCount: 1, POWER: 'ON', Wifi: { AP: 1, SSId: p.ssid, BSSId: `A0:B5:49:${p.deviceHex.slice(0, 2)}:${p.deviceHex.slice(2, 4)}:${p.deviceHex.slice(4)}`, Channel: 6, Mode: '11n', RSSI: 74, Signal: -63, LinkCount: 1, Downtime: '0T00:00:03' } }) },
        { topic: `tele/${id}/SENSOR`, payload: JSON.stringify({ Time: local, ENERGY: { TotalStartTime: '2023-11-02T17:41:09', Total: round(312.4 + upSec / 86400 * 1.1, 3), Yesterday: 1.084, Today: round(((nowMs / 3_600_000) % 24) * 0.045, 3), Period: 1, Power: power, ApparentPower: power + 9, ReactivePower: 12, Factor: 0.83, Voltage: 231, Current: round(power / 231 + 0.04, 3) } }) },
      ];
    }
    case 'zigbee2mqtt': {
      const [a = 'livingroom', b2 = 'kitchen'] = p.rooms;
      return [
        { topic: 'zigbee2mqtt/bridge/state', payload: JSON.stringify({ state: 'online' }) },
        { topic: `zigbee2mqtt/${a}_sensor`, payload: JSON.stringify({ battery: 87, humidity: hum(0), linkquality: 116, temperature: temp(0), voltage: 2985 }) },
        { topic: `zigbee2mqtt/${b2}_window`, payload: JSON.stringify({ battery: 100, contact: true, linkquality: 91, voltage: 3025 }) },
        { topic: `zigbee2mqtt/${a}_plug`, payload: JSON.stringify({ child_lock: 'UNLOCK', current: 0.12, energy: 41.72, linkquality: 144, power: 18, state: 'ON', voltage: 232 }) },
      ];
    }
    case 'shelly': {
      const id = `shellyplug-s-${p.deviceHex}`;
      return [
        { topic: `shellies/${id}/online`, payload: 'true' },
        { topic: `shellies/${id}/relay/0`, payload: 'on' },
        { topic: `shellies/${id}/relay/0/power`, payload: round(Math.max(0, 61 + wave(17, 40)), 2).toFixed(2) },
        { topic: `shellies/${id}/relay/0/energy`, payload: String(Math.floor(180_000 + upSec / 60)) },
        { topic: `shellies/${id}/temperature`, payload: temp(8).toFixed(2) },
      ];
    }
    case 'sensors':
      return p.rooms.flatMap((room, i) => [
        { topic: `sensors/${p.site}/${room}/temperature`, payload: temp(i).toFixed(1) },
        { topic: `sensors/${p.site}/${room}/humidity`, payload: hum(i).toFixed(1) },
      ]).concat([{ topic: `devices/${p.site}-gw-${p.deviceHex.toLowerCase().slice(0, 4)}/status`, payload: 'online' }]);
  }
}

function sysTopics(p: MqttPersona, upSec: number, connected: number, retainedCount: number): Retained[] {
  const received = Math.floor((upSec / 60) * p.messagesPerMinute);
  const sent = Math.floor(received * 1.7);
  const load = (f: number): string => (p.messagesPerMinute * f).toFixed(2);
  const v: Array<[string, string | number]> = [
    ['version', `mosquitto version ${p.brokerVersion}`],
    ['uptime', `${upSec} seconds`],
    ['clients/total', p.clientsTotal + 1], ['clients/connected', connected], ['clients/disconnected', p.clientsTotal + 1 - connected],
    ['clients/maximum', p.clientsTotal + 2], ['clients/expired', 0],
    ['messages/stored', retainedCount], ['messages/received', received], ['messages/sent', sent],
    ['subscriptions/count', p.clientsTotal * 2 + 1], ['retained messages/count', retainedCount],
    ['store/messages/count', retainedCount], ['store/messages/bytes', retainedCount * 97],
    ['publish/messages/received', Math.floor(received * 0.9)], ['publish/messages/sent', Math.floor(sent * 0.9)], ['publish/messages/dropped', 0],
    ['publish/bytes/received', Math.floor(received * 41)], ['publish/bytes/sent', Math.floor(sent * 44)],
    ['bytes/received', Math.floor(received * 63)], ['bytes/sent', Math.floor(sent * 58)],
    ['load/messages/received/1min', load(1.02)], ['load/messages/received/5min', load(0.98)], ['load/messages/received/15min', load(1)],
    ['load/messages/sent/1min', load(1.71)], ['load/messages/sent/5min', load(1.69)], ['load/messages/sent/15min', load(1.7)],
    ['load/connections/1min', '0.18'], ['load/connections/5min', '0.31'], ['load/connections/15min', '0.39'],
  ];
  return v.map(([k, x]) => ({ topic: `$SYS/broker/${k}`, payload: String(x) }));
}

/** Everything retained on the broker at `nowMs`, $SYS last (mosquitto publishes it on its own timer). */
export function retainedTopics(p: MqttPersona, nowMs: number, startedAtMs: number, connected: number): Retained[] {
  const upSec = Math.max(1, Math.floor((nowMs - startedAtMs) / 1000));
  const devices = p.themes.flatMap((t) => themeTopics(t, p, nowMs, upSec));
  return [...devices, ...sysTopics(p, upSec, connected, devices.length + 30)];
}
