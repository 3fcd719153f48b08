/**
 * Every number the design math rests on that the requirements do not state. Each is listed in the report
 * with its unit and reason, and can be overridden in the requirements file under `assumptions:`.
 */

export interface Assumption {
  name: AssumptionName;
  value: number;
  unit: string;
  why: string;
  /** True when the requirements file overrode the default. */
  overridden: boolean;
}

export const DEFAULT_ASSUMPTIONS = {
  instanceThroughputRps: {
    value: 200,
    unit: 'req/s per instance',
    why: 'Sustained throughput of one 1-vCPU instance of a JSON API doing one or two indexed queries per request; replace it with a load-test figure.',
  },
  targetUtilisation: {
    value: 0.6,
    unit: 'fraction of capacity',
    why: 'Plan to run at 60% at peak: the 40% headroom absorbs bursts above the stated peak, a lost zone and deploy surges.',
  },
  podAvailability: {
    value: 0.99,
    unit: 'fraction',
    why: 'One replica, counting node failures, evictions, crashes and rollouts (about 7 hours down a month).',
  },
  loadBalancerAvailability: {
    value: 0.9999,
    unit: 'fraction',
    why: 'Managed cloud load balancer SLA (AWS ELB, GCP Cloud Load Balancing, Azure Load Balancer: 99.99%).',
  },
  databaseAvailabilitySingleZone: {
    value: 0.995,
    unit: 'fraction',
    why: 'Managed relational database in one zone (AWS RDS Single-AZ SLA: 99.5%).',
  },
  databaseAvailabilityMultiZone: {
    value: 0.9995,
    unit: 'fraction',
    why: 'Managed relational database with a synchronous standby in another zone (AWS RDS Multi-AZ SLA: 99.95%).',
  },
  databaseAvailabilityMultiRegion: {
    value: 0.99999,
    unit: 'fraction',
    why: 'Distributed database replicated across regions (Cloud Spanner multi-region SLA: 99.999%).',
  },
  brokerAvailability: {
    value: 0.9995,
    unit: 'fraction',
    why: 'Broker cluster of three nodes across zones, replication factor 3, min.insync.replicas 2.',
  },
  externalAvailability: {
    value: 0.999,
    unit: 'fraction',
    why: 'Availability of a third-party API whose SLA the requirements do not state.',
  },
  edgeLatencyMs: {
    value: 15,
    unit: 'ms (p99)',
    why: 'Load balancer, TLS termination and ingress routing before the first service sees the request.',
  },
  hopLatencyMs: {
    value: 5,
    unit: 'ms (p99) per hop',
    why: 'One in-cluster network hop with serialisation, connection reuse and a service mesh sidecar.',
  },
  queryLatencyMs: {
    value: 5,
    unit: 'ms (mean)',
    why: 'Mean time a connection is held per indexed query; used in Little’s law for pool sizes.',
  },
  queryP99Ms: {
    value: 15,
    unit: 'ms (p99) per query',
    why: 'Tail latency of one indexed query on a warm primary; used in the latency budget.',
  },
  externalCallP99Ms: {
    value: 300,
    unit: 'ms (p99) per call',
    why: 'Tail latency of a third-party API over the internet (payment, e-mail, identity providers).',
  },
  queriesPerRequest: {
    value: 2,
    unit: 'queries per request',
    why: 'A typical request reads an aggregate and writes or reads one more row set.',
  },
  dbMaxConnections: {
    value: 100,
    unit: 'connections',
    why: 'PostgreSQL default max_connections; each connection is a backend process with its own memory.',
  },
  dbConnectionHeadroom: {
    value: 0.8,
    unit: 'fraction of max_connections',
    why: 'Keep 20% of connections free for migrations, admin sessions and failover bursts.',
  },
  eventBytes: {
    value: 1024,
    unit: 'bytes per message',
    why: 'A JSON event with ids, a timestamp and a handful of fields, plus headers.',
  },
  partitionWriteMBps: {
    value: 10,
    unit: 'MB/s per partition',
    why: 'Producer throughput a single Kafka partition sustains comfortably (Confluent sizing guidance).',
  },
  consumerMessagesPerSecond: {
    value: 500,
    unit: 'messages/s per consumer',
    why: 'One consumer instance doing a database write per message; partitions cap consumer parallelism.',
  },
  minPartitions: {
    value: 3,
    unit: 'partitions',
    why: 'At least one partition per broker so load and leadership spread across a three-node cluster.',
  },
  cacheHotFraction: {
    value: 0.2,
    unit: 'fraction of the data',
    why: 'Pareto: about 20% of the records serve about 80% of the reads.',
  },
  cacheOverhead: {
    value: 0.5,
    unit: 'fraction extra',
    why: 'Redis per-key overhead, encoding and allocator fragmentation on top of the raw value bytes.',
  },
  cacheFillTarget: {
    value: 0.75,
    unit: 'fraction of maxmemory',
    why: 'Leave a quarter of memory for replication buffers, forks for persistence and growth.',
  },
  storageIndexOverhead: {
    value: 0.3,
    unit: 'fraction extra',
    why: 'Indexes, TOAST and bloat on top of the raw table data.',
  },
  storageCopies: {
    value: 2,
    unit: 'copies',
    why: 'Primary plus one standby (backups and WAL archives are billed separately).',
  },
  connectionsPerRealtimeInstance: {
    value: 10000,
    unit: 'open connections per instance',
    why: 'WebSocket/SSE connections one 1-vCPU, 2 GiB instance holds with modest per-connection state.',
  },
  instanceMonthlyUsd: {
    value: 30,
    unit: 'USD per instance-month',
    why: 'On-demand price of 1 vCPU and 2 GiB of container capacity, rounded.',
  },
  databaseMonthlyUsd: {
    value: 200,
    unit: 'USD per database-month (single zone)',
    why: 'A 2-vCPU, 8 GiB managed PostgreSQL instance; multi-zone doubles it, multi-region quadruples it.',
  },
  hotTierDays: {
    value: 7,
    unit: 'days',
    why: 'Append-only data (telemetry, readings) stays queryable at full resolution in the database this long; older data moves to compressed object storage (still queryable through the archive).',
  },
  archiveCompression: {
    value: 10,
    unit: 'ratio',
    why: 'Columnar compression (Parquet, TimescaleDB compression) of numeric time series: typically 10× or better.',
  },
  messageBytes: {
    value: 512,
    unit: 'bytes per message',
    why: 'Average size of one stored message or reading when the requirements do not state `messageBytes`.',
  },
  objectStorageGbMonthlyUsd: {
    value: 0.023,
    unit: 'USD per GB-month',
    why: 'Object storage, standard tier (S3, GCS, Azure Blob hot tier list prices).',
  },
  storageGbMonthlyUsd: {
    value: 0.12,
    unit: 'USD per GB-month',
    why: 'Provisioned SSD storage for managed databases.',
  },
  brokerMonthlyUsd: {
    value: 600,
    unit: 'USD per month',
    why: 'A three-node managed broker cluster of small instances.',
  },
  cacheGbMonthlyUsd: {
    value: 15,
    unit: 'USD per GB-month of cache memory',
    why: 'Managed Redis with one replica, per GB of memory.',
  },
} as const satisfies Record<string, { value: number; unit: string; why: string }>;

export type AssumptionName = keyof typeof DEFAULT_ASSUMPTIONS;
export const ASSUMPTION_NAMES = Object.keys(DEFAULT_ASSUMPTIONS).sort() as AssumptionName[];

export type AssumptionValues = Record<AssumptionName, number>;

export function resolveAssumptions(overrides: Record<string, number> = {}): {
  values: AssumptionValues;
  list: Assumption[];
} {
  const list = ASSUMPTION_NAMES.map((name) => {
    const base = DEFAULT_ASSUMPTIONS[name];
    const overridden = Object.hasOwn(overrides, name);
    return {
      name,
      value: overridden ? overrides[name] : base.value,
      unit: base.unit,
      why: base.why,
      overridden,
    };
  });
  const values = Object.fromEntries(list.map((a) => [a.name, a.value])) as AssumptionValues;
  return { values, list };
}
