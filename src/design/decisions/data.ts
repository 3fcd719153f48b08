/** Data strategy: a store per context chosen by access pattern and consistency, and a cache where reads dominate. */

import { pinnedImage } from '../../knowledge/lifecycle.js';
import type { ContextLoad } from '../facts.js';
import type { Context } from '../requirements.js';
import { type DecisionRow, decide, num, pct } from './table.js';

export type StoreKind = 'postgres' | 'timescaledb' | 'mongodb' | 'redis' | 'postgres+opensearch';

export interface StoreSpec {
  kind: StoreKind;
  label: string;
  /** Container images for local development and the manifests; pinned versions, never `latest`. */
  images: { role: 'primary' | 'search'; engine: string; image: string; port: number }[];
}

export const STORES: Record<StoreKind, StoreSpec> = {
  postgres: {
    kind: 'postgres',
    label: 'PostgreSQL',
    images: [{ role: 'primary', engine: 'postgres', image: pinnedImage('postgresql'), port: 5432 }],
  },
  timescaledb: {
    kind: 'timescaledb',
    label: 'TimescaleDB (PostgreSQL with hypertables)',
    images: [{ role: 'primary', engine: 'postgres', image: 'timescale/timescaledb:2.22.0-pg17', port: 5432 }],
  },
  mongodb: {
    kind: 'mongodb',
    label: 'MongoDB',
    images: [{ role: 'primary', engine: 'mongodb', image: pinnedImage('mongodb'), port: 27017 }],
  },
  redis: {
    kind: 'redis',
    label: 'Redis with AOF persistence',
    images: [{ role: 'primary', engine: 'redis', image: pinnedImage('redis'), port: 6379 }],
  },
  'postgres+opensearch': {
    kind: 'postgres+opensearch',
    label: 'PostgreSQL (system of record) + OpenSearch (search projection)',
    images: [
      { role: 'primary', engine: 'postgres', image: pinnedImage('postgresql'), port: 5432 },
      { role: 'search', engine: 'opensearch', image: pinnedImage('opensearch'), port: 9200 },
    ],
  },
};

export const CACHE_IMAGE = pinnedImage('redis');

export interface StoreFacts {
  context: Context;
  accessPattern: NonNullable<Context['accessPattern']>;
  consistency: 'strong' | 'eventual';
  load: ContextLoad;
  rpoMinutes: number;
}

export const STORE_TABLE: DecisionRow<StoreFacts, StoreKind>[] = [
  {
    id: 'data/time-series',
    when: (f) => f.accessPattern === 'time-series',
    choose: 'timescaledb',
    because: (f) =>
      `append-only readings keyed by time (${Math.round(f.load.peakWriteRps)} writes/s at peak): hypertables partition by time, retention drops old chunks cheaply, continuous aggregates serve dashboards, and it stays SQL`,
  },
  {
    id: 'data/search',
    when: (f) => f.accessPattern === 'search',
    choose: 'postgres+opensearch',
    because: () =>
      'full-text and faceted queries need an inverted index; PostgreSQL stays the system of record and OpenSearch is a projection rebuilt from events',
  },
  {
    id: 'data/key-value-eventual',
    when: (f) => f.accessPattern === 'key-value' && f.consistency === 'eventual' && f.rpoMinutes >= 1,
    choose: 'redis',
    because: (f) =>
      `single-key reads and writes with eventual consistency; AOF fsync every second loses at most about a second, within the ${num(f.rpoMinutes)}-minute RPO`,
  },
  {
    id: 'data/document-eventual',
    when: (f) => f.accessPattern === 'document' && f.consistency === 'eventual',
    choose: 'mongodb',
    because: () => 'self-contained documents read and written whole, with a schema that varies per record',
  },
  {
    id: 'data/relational-default',
    when: () => true,
    choose: 'postgres',
    because: (f) =>
      `${f.consistency} consistency over related entities (${f.context.entities.map((e) => e.name).join(', ')}): transactions, foreign keys inside the context and mature tooling`,
  },
];

export interface CacheFacts {
  load: ContextLoad;
  store: StoreKind;
}

export const CACHE_TABLE: DecisionRow<CacheFacts, boolean>[] = [
  {
    id: 'cache/store-is-memory',
    when: (f) => f.store === 'redis',
    choose: false,
    because: () => 'the store is already in memory',
  },
  {
    id: 'cache/read-heavy',
    when: (f) => f.load.peakReadRps >= 500 && f.load.readRatio >= 0.8,
    choose: true,
    because: (f) =>
      `${Math.round(f.load.peakReadRps)} reads/s at peak (${pct(f.load.readRatio, 1)} of requests): a cache-aside Redis in front keeps the primary sized for writes`,
  },
  {
    id: 'cache/not-needed',
    when: () => true,
    choose: false,
    because: (f) =>
      `${Math.round(f.load.peakReadRps)} reads/s at peak is well within what the primary store serves`,
  },
];

export interface StoreChoice {
  context: string;
  deployable: string;
  store: StoreKind;
  label: string;
  accessPattern: StoreFacts['accessPattern'];
  consistency: 'strong' | 'eventual';
  rule: string;
  because: string;
  cache: boolean;
  cacheRule: string;
  cacheBecause: string;
  /** Name of the physical instance (shared by the modules of one deployable for the same store kind). */
  instance: string;
}

export function inferAccessPattern(c: Context): StoreFacts['accessPattern'] {
  if (c.accessPattern) return c.accessPattern;
  return c.entities.some((e) => e.timeSeries) ? 'time-series' : 'relational';
}

const INSTANCE_SUFFIX: Record<StoreKind, string> = {
  postgres: 'db',
  'postgres+opensearch': 'db',
  timescaledb: 'tsdb',
  mongodb: 'mongo',
  redis: 'kv',
};

export function chooseStore(
  context: Context,
  load: ContextLoad,
  systemConsistency: 'strong' | 'eventual',
  rpoMinutes: number,
  deployable: string,
): StoreChoice {
  const facts: StoreFacts = {
    context,
    accessPattern: inferAccessPattern(context),
    consistency: context.consistency ?? systemConsistency,
    load,
    rpoMinutes,
  };
  const store = decide(STORE_TABLE, facts);
  const cache = decide(CACHE_TABLE, { load, store: store.choice });
  return {
    context: context.name,
    deployable,
    store: store.choice,
    label: STORES[store.choice].label,
    accessPattern: facts.accessPattern,
    consistency: facts.consistency,
    rule: store.rule,
    because: store.because,
    cache: cache.choice,
    cacheRule: cache.rule,
    cacheBecause: cache.because,
    instance: `${deployable}-${INSTANCE_SUFFIX[store.choice]}`,
  };
}
