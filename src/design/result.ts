/** The New System Design: every decision with its rule and reason, and every figure with its formula. */
import type { Assumption } from './assumptions.js';
import type { ServiceGroup } from './decisions/boundaries.js';
import type { StoreChoice } from './decisions/data.js';
import type { Ingress } from './decisions/ingress.js';
import type { BrokerKind, InteractionDecision } from './decisions/integration.js';
import type { PatternDecision } from './decisions/pattern.js';
import type { SecurityControls } from './decisions/security.js';
import type { Cloud, Runtime } from './decisions/stack.js';
import type { AvailabilityMath, AvailabilityPath } from './math/availability.js';
import type { CacheMath } from './math/cache.js';
import type { InstanceMath, RealtimeMath } from './math/capacity.js';
import type { ConnectionMath } from './math/connections.js';
import type { CostMath } from './math/cost.js';
import type { LatencyMath } from './math/latency.js';
import type { PartitionMath } from './math/partitions.js';
import type { RetentionMath, StorageMath } from './math/storage.js';
import type { Requirements } from './requirements.js';

export interface Figure {
  name: string;
  value: string;
}

export interface Analysis {
  complexity: { level: 'low' | 'medium' | 'high'; score: number; drivers: string[] };
  scalability: Figure[];
  successFactors: string[];
}

/** A unit that gets built and deployed: a container image, its replicas and the modules inside it. */
export interface DeployableDesign {
  name: string;
  /** How each of its capabilities' traffic enters it. */
  ingress: Ingress[];
  groups: string[];
  contexts: string[];
  peakRps: number;
  runtime: Runtime;
  languageRule: string;
  languageBecause: string;
  port: number;
  replicas: number;
  maxReplicas: number;
  /** Holds WebSocket/SSE client connections. */
  realtime: boolean;
  /** Stores it owns (instance names). */
  stores: string[];
  /** Deployables it calls synchronously. */
  calls: string[];
  /** Channels it publishes to and consumes from. */
  publishes: string[];
  consumes: string[];
  /** External integrations its contexts use. */
  integrations: string[];
}

export interface BrokerDecision {
  choice: BrokerKind;
  rule: string;
  because: string;
}

export interface Slo {
  name: string;
  objective: string;
  errorBudget: string;
}

export interface Monitoring {
  slos: Slo[];
  goldenSignals: { signal: 'latency' | 'traffic' | 'errors' | 'saturation'; measure: string }[];
  alerts: string[];
}

export interface Phase {
  name: string;
  goal: string;
  items: string[];
}

export interface Risk {
  category: 'technical' | 'performance' | 'security' | 'cost';
  risk: string;
  countermeasure: string;
}

export interface DesignMath {
  instances: InstanceMath[];
  realtime: RealtimeMath[];
  storage: StorageMath[];
  /** Append-only data sized by arrival rate × retention, with a hot and an archive tier. */
  retention: RetentionMath[];
  partitions: PartitionMath[];
  cache: CacheMath[];
  connections: ConnectionMath[];
  /** The binding critical path (lowest composite), with the strictest replicas and database tier of all paths. */
  availability: AvailabilityMath;
  /** Every critical path's availability. */
  availabilityPaths: AvailabilityPath[];
  latency: LatencyMath;
  cost: CostMath;
}

export interface DesignResult {
  system: string;
  slug: string;
  description?: string;
  requirements: Requirements;
  assumptions: Assumption[];
  analysis: Analysis;
  pattern: PatternDecision;
  boundaries: ServiceGroup[];
  deployables: DeployableDesign[];
  data: StoreChoice[];
  integration: {
    broker: BrokerDecision;
    interactions: InteractionDecision[];
    externals: {
      name: string;
      purpose: string;
      context: string;
      direction: string;
      mode: 'sync' | 'async';
    }[];
  };
  technology: {
    cloud: Cloud;
    cloudBecause: string;
    infrastructure: Figure[];
    security: SecurityControls[];
    monitoring: Monitoring;
  };
  roadmap: Phase[];
  risks: Risk[];
  math: DesignMath;
}
