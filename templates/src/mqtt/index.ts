// The mqtt template: a mosquitto broker (MQTT 3.1/3.1.1/5.0) with anonymous access by default that
// captures CONNECT credentials, serves the persona's retained device topics and $SYS, and logs PUBLISH.
import { defineService } from '../service';
import type { Template } from '../template';
import { mqttConfigSchema, type MqttConfig } from './config';
import { mqttPersona, mqttProcesses } from './persona';
import { versionProbe } from './probe';
import { createMqttSession } from './session';

export const mqttTemplate: Template<MqttConfig> = {
  name: 'mqtt',
  defaultPorts: [1883],
  configSchema: mqttConfigSchema,
  createSession: createMqttSession,
};

export const mqttService = defineService({
  template: mqttTemplate,
  description: 'mosquitto (MQTT 3.1/3.1.1/5.0): CONNECT credentials, retained persona device topics and $SYS, PUBLISH logged',
  persona: mqttPersona,
  processes: mqttProcesses,
  smoke: { send: versionProbe(), expect: (p): string => `mosquitto version ${p.services.mqtt.brokerVersion}` },
});

export type { MqttConfig } from './config';
