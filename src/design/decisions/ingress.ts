/**
 * How each capability's traffic enters its deployable, by traffic class and sender: people and services call
 * REST contracts, devices publish telemetry to and receive commands from a device broker (MQTT 5), live
 * updates go out over the declared WebSocket or SSE stream, bulk jobs are accepted asynchronously.
 */
import type { Capability } from '../requirements.js';

export interface Ingress {
  capability: string;
  protocol: string;
  because: string;
}

export function ingressOf(k: Capability): Ingress {
  const at = (protocol: string, because: string): Ingress => ({ capability: k.name, protocol, because });
  if (k.clients === 'devices' && k.trafficClass === 'command')
    return at(
      'MQTT 5, QoS 1, per-device command topic, message expiry = deadline',
      `commands must reach a device that may be on a flaky link${k.deadlineMs ? ` within ${k.deadlineMs} ms` : ''}: the broker keeps the session, the device acknowledges, and an expired command is dropped instead of executed late`,
    );
  if (k.clients === 'devices')
    return at(
      'MQTT 5 over TLS (mutual TLS), QoS 0 for samples, QoS 1 for events',
      'devices keep one long-lived connection and publish at a high rate; a broker absorbs bursts and reconnects without a request per message, which HTTP cannot',
    );
  if (k.realtime)
    return at(
      k.realtime.protocol === 'sse' ? 'Server-sent events (HTTP)' : 'WebSocket (RFC 6455)',
      `${k.realtime.connections} long-lived connections receiving pushed updates`,
    );
  if (k.trafficClass === 'batch')
    return at(
      'REST, 202 Accepted + job status resource',
      'bulk work outlives a request: accept, queue, report progress',
    );
  if (k.trafficClass === 'command')
    return at(
      'REST (idempotent command resource) with an acknowledgement',
      'operators issue commands that must be acknowledged and never applied twice',
    );
  return at('REST over HTTPS (OpenAPI)', 'request and response from people or services');
}
