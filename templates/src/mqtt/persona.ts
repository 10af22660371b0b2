// The mqtt persona part: the mosquitto release the distro packages, and what the broker holds as
// retained messages: one or two seeded device families (Tasmota plugs, zigbee2mqtt sensors, Shelly
// relays, plain site sensors) with ids drawn per decky; and mosquitto in `ps`.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';

export type DeviceTheme = 'tasmota' | 'zigbee2mqtt' | 'shelly' | 'sensors';

export interface MqttPersona {
  /** mosquitto release, as `$SYS/broker/version` shows it after "mosquitto version ". */
  brokerVersion: string;
  themes: DeviceTheme[];
  /** 6 upper-case hex digits: the plug's id (Tasmota and Shelly use the end of the device's own MAC). */
  deviceHex: string;
  site: string;
  rooms: string[];
  ssid: string;
  /** Seeded phases and bases so sensor values differ per decky but drift smoothly in time. */
  phase: number;
  baseTemperature: number;
  baseHumidity: number;
  /** Average PUBLISH rate the broker has seen (for $SYS counters). */
  messagesPerMinute: number;
  clientsTotal: number;
}

/** mosquitto in each distro's repository (EPEL for the RHEL family; Alpine's main). */
const MOSQUITTO: Readonly<Record<string, string>> = {
  ubuntu22: '2.0.11', ubuntu20: '1.6.9', debian: '2.0.11', arch: '2.0.11', kali: '2.0.18',
  rocky9: '2.0.18', fedora: '2.0.18', centos7: '1.6.10', alpine: '2.0.18',
};

const SITES = ['plant1', 'hq', 'warehouse', 'lab', 'home', 'site-a', 'office', 'barn', 'greenhouse'];
const ROOMS = ['livingroom', 'kitchen', 'bedroom', 'garage', 'office', 'basement', 'serverroom', 'hall', 'attic', 'cellar'];
const SSIDS = ['FRITZ!Box 7590 XQ', 'Vodafone-2C4F', 'IoT', 'iot-net', 'HomeNet', 'Telekom-8A21', 'sensors', 'NETGEAR42', 'TP-Link_5E1C'];

export function mqttPersona(b: PersonaBasis): MqttPersona {
  const rng = b.rng('mqtt');
  const all: DeviceTheme[] = ['tasmota', 'zigbee2mqtt', 'shelly', 'sensors'];
  const first = rng.pick(all);
  const themes = rng.chance(0.6) ? [first, rng.pick(all.filter((t) => t !== first))] : [first];
  const rooms = [...new Set([rng.pick(ROOMS), rng.pick(ROOMS), rng.pick(ROOMS)])];
  const brokerVersion = configValue(b, 'mqtt', 'version', 16) ?? (b.foreign ? '2.0.18' : (MOSQUITTO[b.release.slug] ?? '2.0.11'));
  return {
    brokerVersion,
    themes,
    deviceHex: rng.hex(6).toUpperCase(),
    site: rng.pick(SITES),
    rooms,
    ssid: rng.pick(SSIDS),
    phase: rng.next() * Math.PI * 2,
    baseTemperature: 18 + rng.next() * 6,
    baseHumidity: 35 + rng.next() * 25,
    messagesPerMinute: rng.int(4, 90),
    clientsTotal: rng.int(2, 14),
  };
}

export function mqttProcesses(): ShellProcessSeed[] {
  return [{ user: 'mosquitto', command: '/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf', rssKb: 6_800 }];
}
