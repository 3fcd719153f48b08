/**
 * What a pattern recognizer sees and returns. One small module per pattern (src/model/patterns/*.ts) reads the
 * merged model — and the parsed Kubernetes documents for objects the model does not keep (Istio Gateways,
 * VirtualServices, DestinationRules, PeerAuthentications, Linkerd ServiceProfiles) — and returns the pattern as
 * a fact with its evidence, or nothing when the files do not show it. Objects only test or local deployments
 * apply are not evidence: a protection only a test overlay enables is not part of the system.
 */
import type { PatternEvidence, PatternFact, Service, Source, SystemModel } from '../schema.js';

/**
 * The parsed documents discovery keeps beside the model, as much of them as the recognizers read (declared here,
 * structurally, so the model does not depend on discovery's types).
 */
export interface ParsedArtifact {
  kind: string;
  document: {
    file: string;
    data: unknown;
    locate(path: (string | number)[]): { file: string; line: number };
  };
}

/** A Kubernetes object kept only as a parsed document, with a locator for its fields. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  data: Record<string, unknown>;
  file: string;
  locate(...path: (string | number)[]): Source;
}

export interface PatternContext {
  model: SystemModel;
  /** Kubernetes objects of shipping deployments (not test/local only), in document order. */
  objects: KubeObject[];
  /** Every non-ignored path in the tree. */
  paths: string[];
  /** Business services that run code of their own: application and job roles. */
  applications: Service[];
  /** Ids of the services in the application role (not jobs): applicationRoleIds. */
  applicationIds: Set<string>;
  /** Service ids of the business system (not platform, not test). */
  business: Set<string>;
  /** True when the file belongs only to test or local deployments. */
  testOnly(file: string): boolean;
  /** True when the object (a deployable, exposure, config) belongs to a test or local deployment. */
  inTest(item: { deployment?: string; source: Source }): boolean;
  /** True when a shipping (not test/local) deployment runs the service, or it has no workloads at all. */
  shipped(serviceId: string): boolean;
}

export interface PatternRecognizer {
  /** Stable kebab-case id of the pattern (a recognizer may return several ids, e.g. telemetry pillars). */
  ids: string[];
  /** Display names by id, for patterns reported absent. */
  names: Record<string, string>;
  recognize(ctx: PatternContext): PatternFact[];
  /**
   * Why the system needs the pattern when the files show none of it (`6 services call each other
   * synchronously`), else undefined: the pattern is optional for this system.
   */
  expected?(model: SystemModel, found: PatternFact[]): Record<string, string | undefined>;
}

export const evidence = (text: string, source: Source): PatternEvidence => ({ text, source });

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

export function sortedUnique(items: Iterable<string>): string[] {
  return [...new Set(items)].sort();
}

/** A list of names for a sentence: `a, b and c`, at most `max` then `and N more`. */
export function names(items: string[], max = 6): string {
  if (items.length <= 1) return items.join('');
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Kubernetes objects of the parsed documents (Lists unrolled), each with its locator. */
export function kubeObjects(documents: ParsedArtifact[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const artifact of documents) {
    if (artifact.kind !== 'kubernetes') continue;
    const doc = artifact.document;
    const visit = (value: unknown, base: (string | number)[]): void => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return;
      const data = value as Record<string, unknown>;
      if (typeof data.kind !== 'string') return;
      if (data.kind.endsWith('List') && Array.isArray(data.items)) {
        data.items.forEach((item, i) => {
          visit(item, [...base, 'items', i]);
        });
        return;
      }
      const meta = (data.metadata ?? {}) as Record<string, unknown>;
      if (typeof meta.name !== 'string') return;
      out.push({
        apiVersion: typeof data.apiVersion === 'string' ? data.apiVersion : '',
        kind: data.kind,
        name: meta.name,
        ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
        data,
        file: doc.file,
        locate: (...path) => {
          const at = doc.locate([...base, ...path]);
          return { file: at.file, line: at.line };
        },
      });
    };
    visit(doc.data, []);
  }
  return out;
}

/** Reads a nested field of plain data: `field(obj, 'spec', 'http', 0, 'retries')`. */
export function field(value: unknown, ...path: (string | number)[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
