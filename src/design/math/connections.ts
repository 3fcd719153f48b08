/** Database connections: Little's law for concurrent queries, spread over the instances, against max_connections. */
import { num } from '../decisions/table.js';
import type { Shown } from './shown.js';

export interface ConnectionMath extends Shown {
  instance: string;
  services: string[];
  concurrentQueries: number;
  poolPerInstance: number;
  /** Connections when every service runs at its autoscaler ceiling. */
  totalAtMax: number;
  budget: number;
  needsPooler: boolean;
}

export interface ConnectionClient {
  service: string;
  peakRps: number;
  replicas: number;
  maxReplicas: number;
}

export function connectionMath(
  instance: string,
  clients: ConnectionClient[],
  queriesPerRequest: number,
  queryMs: number,
  targetUtilisation: number,
  maxConnections: number,
  headroom: number,
): ConnectionMath {
  const peakRps = clients.reduce((a, c) => a + c.peakRps, 0);
  const concurrentQueries = (peakRps * queriesPerRequest * queryMs) / 1000;
  const replicas = clients.reduce((a, c) => a + c.replicas, 0);
  const maxReplicas = clients.reduce((a, c) => a + c.maxReplicas, 0);
  const poolPerInstance = Math.max(2, Math.ceil(concurrentQueries / (replicas * targetUtilisation)));
  const totalAtMax = poolPerInstance * maxReplicas;
  const budget = Math.floor(maxConnections * headroom);
  return {
    instance,
    services: clients.map((c) => c.service),
    concurrentQueries,
    poolPerInstance,
    totalAtMax,
    budget,
    needsPooler: totalAtMax > budget,
    formula:
      'concurrent queries L = peak RPS × queries/request × query seconds (Little’s law); pool/instance = max(2, ⌈L ÷ (replicas × utilisation)⌉); total = pool × max replicas ≤ max_connections × headroom',
    shown: `L = ${num(peakRps)} × ${num(queriesPerRequest)} × ${num(queryMs / 1000, 3)} s = ${num(concurrentQueries, 2)}; pool = max(2, ⌈${num(concurrentQueries, 2)} ÷ (${replicas} × ${num(targetUtilisation)})⌉) = ${poolPerInstance}; total = ${poolPerInstance} × ${maxReplicas} = ${totalAtMax} ${totalAtMax > budget ? '>' : '≤'} ${maxConnections} × ${num(headroom)} = ${budget}`,
  };
}
