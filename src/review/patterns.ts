/**
 * The architecture patterns of the report: the recognised `patterns[]` facts of the model (src/model/patterns/)
 * as strengths (applied or partly applied), and the Compliance with Patterns section — every pattern found, how
 * fully it is applied, and the patterns the system needs (by what plumbline.yaml declares or the model shows)
 * that its files do not show. Contradicted patterns become findings through `services/pattern-contradicted`.
 */
import { expectedPatterns } from '../model/patterns/index.js';
import type { PatternFact, SystemModel } from '../model/schema.js';
import type { Area, Strength } from '../rules/types.js';
import type { PatternCompliance, PatternEntry } from './report.js';

/** The area a pattern belongs to, for strengths. */
const PATTERN_AREA: Record<string, Area> = {
  'api-gateway': 'services',
  'backend-for-frontend': 'services',
  'api-contracts': 'api',
  'event-bus': 'services',
  outbox: 'data',
  'idempotent-consumer': 'resilience',
  'dead-letter': 'resilience',
  saga: 'services',
  cqrs: 'data',
  'database-per-service': 'data',
  'service-mesh': 'security',
  'circuit-breakers-retries': 'resilience',
  'health-checks': 'practices',
  'centralized-logging': 'practices',
  'distributed-tracing': 'practices',
  'metrics-monitoring': 'practices',
};

export const patternStrengthId = (id: string): string => `pattern/${id}`;

/** One strength per pattern that holds (fully, or partly with what it misses), in the order of the catalogue. */
export function patternStrengths(model: SystemModel): Strength[] {
  return model.patterns
    .filter((p) => p.status !== 'contradicted')
    .map((p) => ({
      ruleId: patternStrengthId(p.id),
      area: PATTERN_AREA[p.id] ?? 'services',
      message: `${p.name}${p.status === 'partial' ? ', partly applied' : ''}: ${p.notes}`,
    }));
}

const STATUS_ORDER: Record<PatternEntry['status'], number> = {
  applied: 0,
  partial: 1,
  contradicted: 2,
  absent: 3,
};

function entryOf(p: PatternFact): PatternEntry {
  return {
    id: p.id,
    name: p.name,
    status: p.status,
    notes: p.notes,
    services: p.services,
    evidence: p.evidence.length,
    locations: p.evidence.slice(0, 3).map((e) => e.source),
    gaps: p.gaps.map((g) => g.text),
  };
}

export function patternComplianceOf(model: SystemModel): PatternCompliance {
  const found = model.patterns.map(entryOf);
  const absent: PatternEntry[] = expectedPatterns(model).map((x) => ({
    id: x.id,
    name: x.name,
    status: 'absent',
    notes: 'not seen in the files',
    services: [],
    evidence: 0,
    locations: [],
    gaps: [],
    expected: x.reason,
  }));
  const patterns = [...found, ...absent].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  const count = (s: PatternEntry['status']) => patterns.filter((p) => p.status === s).length;
  const parts = [
    `${count('applied')} applied`,
    `${count('partial')} partly applied`,
    `${count('contradicted')} contradicted`,
    `${count('absent')} expected but absent`,
  ];
  const summary =
    patterns.length === 0
      ? 'No architecture pattern recognised in the files, and none the system evidently needs.'
      : `${found.length} architecture ${found.length === 1 ? 'pattern' : 'patterns'} recognised: ${parts.join(', ')}.`;
  return { summary, patterns };
}
