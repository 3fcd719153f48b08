/** Instances a service needs: enough for peak throughput at the target utilisation, and for availability. */
import { num } from '../decisions/table.js';
import type { Shown } from './shown.js';

export interface InstanceMath extends Shown {
  service: string;
  peakRps: number;
  perInstanceRps: number;
  targetUtilisation: number;
  forThroughput: number;
  /** Replica floor from the availability math. */
  forAvailability: number;
  /** Instances to hold the real-time connections, when the service holds them. */
  forConnections: number;
  replicas: number;
  /** Autoscaler ceiling: room for twice the stated peak at the same utilisation. */
  maxReplicas: number;
}

export function instancesFor(peakRps: number, perInstanceRps: number, targetUtilisation: number): number {
  return Math.max(1, Math.ceil(peakRps / (perInstanceRps * targetUtilisation)));
}

export function instanceMath(
  service: string,
  peakRps: number,
  perInstanceRps: number,
  targetUtilisation: number,
  forAvailability: number,
  forConnections = 0,
): InstanceMath {
  const forThroughput = instancesFor(peakRps, perInstanceRps, targetUtilisation);
  const replicas = Math.max(forThroughput, forAvailability, forConnections);
  const maxReplicas = Math.max(replicas + 1, Math.max(forThroughput, forConnections) * 2);
  const raw = peakRps / (perInstanceRps * targetUtilisation);
  return {
    service,
    peakRps,
    perInstanceRps,
    targetUtilisation,
    forThroughput,
    forAvailability,
    forConnections,
    replicas,
    maxReplicas,
    formula:
      'instances = max(⌈peak RPS ÷ (per-instance RPS × target utilisation)⌉, availability floor, connection instances)',
    shown:
      `⌈${num(peakRps)} ÷ (${num(perInstanceRps)} × ${num(targetUtilisation)})⌉ = ⌈${num(raw)}⌉ = ${forThroughput}; ` +
      `max(${forThroughput}, ${forAvailability}${forConnections ? `, ${forConnections}` : ''}) = ${replicas} replicas` +
      ` (autoscaler up to ${maxReplicas})`,
  };
}

export interface RealtimeMath extends Shown {
  capability: string;
  connections: number;
  deliveriesPerSecond: number;
  instances: number;
}

export function realtimeMath(
  capability: string,
  rt: { connections: number; messagesPerSecond: number; fanout: number },
  perInstance: number,
  targetUtilisation: number,
): RealtimeMath {
  const instances = Math.max(1, Math.ceil(rt.connections / (perInstance * targetUtilisation)));
  const deliveriesPerSecond = rt.messagesPerSecond * rt.fanout;
  return {
    capability,
    connections: rt.connections,
    deliveriesPerSecond,
    instances,
    formula:
      'connection instances = ⌈connections ÷ (connections per instance × target utilisation)⌉; deliveries/s = messages/s × fan-out',
    shown: `⌈${rt.connections} ÷ (${perInstance} × ${num(targetUtilisation)})⌉ = ${instances}; ${num(rt.messagesPerSecond)} × ${rt.fanout} = ${num(deliveriesPerSecond)} deliveries/s`,
  };
}
