// An MQTT 3.1.1 CONNECT and a SUBSCRIBE to $SYS/broker/version: the runner smoke test's opener for
// this service (the answer carries "mosquitto version <persona release>").

export function versionProbe(): Uint8Array {
  const connect = Buffer.from('\x10\x11\x00\x04MQTT\x04\x02\x00\x3c\x00\x05smoke', 'latin1');
  const topic = '$SYS/broker/version';
  const body = Buffer.concat([Buffer.from([0, 1, 0, topic.length]), Buffer.from(topic), Buffer.from([0])]);
  return Uint8Array.from(Buffer.concat([connect, Buffer.from([0x82, body.length]), body]));
}
