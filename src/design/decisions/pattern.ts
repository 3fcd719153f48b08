/** Which architecture pattern: the first matching row decides; each row names its runner-up and why not. */
import type { SystemFacts } from '../facts.js';
import { type DecisionRow, decide, num, pct } from './table.js';

export type Pattern = 'modular-monolith' | 'microservices' | 'serverless' | 'hybrid';

export const PATTERN_LABEL: Record<Pattern, string> = {
  'modular-monolith': 'Modular monolith',
  microservices: 'Microservices',
  serverless: 'Serverless',
  hybrid: 'Hybrid (modular core + independently deployed hot-path services)',
};

interface PatternChoice {
  pattern: Pattern;
  runnerUp: Pattern;
  whyNot: (f: SystemFacts) => string;
}

const team = (f: SystemFacts) => `${f.teams} team${f.teams === 1 ? '' : 's'} (${f.engineers} engineers)`;

export const PATTERN_TABLE: DecisionRow<SystemFacts, PatternChoice>[] = [
  {
    id: 'pattern/isolate-critical-path',
    when: (f) => (f.safetyCritical || (f.realtime && f.availability >= 0.9999)) && f.teams < f.contexts,
    choose: {
      pattern: 'hybrid',
      runnerUp: 'microservices',
      whyNot: (f) =>
        `${team(f)} for ${f.contexts} contexts: one service per context adds a pipeline, an on-call surface and a network hop for every context, while only the critical and real-time paths need separate failure and scaling domains.`,
    },
    because: (f) =>
      `${f.safetyCritical ? 'Safety-critical' : 'Real-time'} workload with a ${pct(f.availability)} target: the critical path must fail, deploy and scale independently of the rest, which a single deployable cannot give.`,
  },
  {
    id: 'pattern/team-autonomy-at-scale',
    when: (f) => f.teams >= 4 && f.peakRps >= 1000,
    choose: {
      pattern: 'microservices',
      runnerUp: 'modular-monolith',
      whyNot: (f) =>
        `one deployable shared by ${team(f)} serialises every release behind the slowest team, and it must be scaled as a whole for ${num(f.peakRps, 0)} req/s although the load is ${num(f.scaleSpread, 1)}× uneven across contexts.`,
    },
    because: (f) =>
      `${team(f)} need to deploy independently (Conway's law), and ${num(f.peakRps, 0)} req/s at peak spread ${num(f.scaleSpread, 1)}× unevenly across ${f.contexts} contexts rewards scaling each one separately.`,
  },
  {
    id: 'pattern/team-autonomy',
    when: (f) => f.teams >= 4,
    choose: {
      pattern: 'microservices',
      runnerUp: 'modular-monolith',
      whyNot: (f) =>
        `the load (${num(f.peakRps, 0)} req/s at peak) alone would fit a monolith, but ${team(f)} releasing one artifact collide on every deploy.`,
    },
    because: (f) =>
      `${team(f)} need independent deploys and ownership more than the load needs separate scaling.`,
  },
  {
    id: 'pattern/spiky-low-volume',
    when: (f) => f.teams <= 2 && f.avgRps <= 5 && f.burstiness >= 20 && !f.realtime && !f.safetyCritical,
    choose: {
      pattern: 'serverless',
      runnerUp: 'modular-monolith',
      whyNot: (f) =>
        `a monolith sized for the ${num(f.peakRps, 0)} req/s peak sits idle at ${num(f.avgRps, 1)} req/s on average, paying for ${num(f.burstiness, 0)}× the capacity most of the time.`,
    },
    because: (f) =>
      `Average load of ${num(f.avgRps, 1)} req/s with ${num(f.burstiness, 0)}× bursts: pay-per-request functions scale to zero between bursts.`,
  },
  {
    id: 'pattern/small-team',
    when: (f) => f.teams <= 3 || f.engineers <= 20,
    choose: {
      pattern: 'modular-monolith',
      runnerUp: 'microservices',
      whyNot: (f) =>
        `${team(f)} would spend a large share of their time operating ${f.contexts} deployables (pipelines, distributed tracing, network failure modes, data consistency across services) instead of building features; enforced module boundaries give the same separation and can be extracted later.`,
    },
    because: (f) =>
      `${team(f)}: one deployable with enforced module boundaries per context keeps operations small; ${num(f.peakRps, 0)} req/s at peak scales horizontally as one stateless app.`,
  },
  {
    id: 'pattern/uneven-load',
    when: (f) => f.scaleSpread >= 50,
    choose: {
      pattern: 'hybrid',
      runnerUp: 'microservices',
      whyNot: () =>
        'only the hot contexts need their own scaling; splitting the quiet ones adds cost without benefit.',
    },
    because: (f) =>
      `Load is ${num(f.scaleSpread, 0)}× uneven across contexts: extract the hot ones, keep the rest together.`,
  },
  {
    id: 'pattern/default',
    when: () => true,
    choose: {
      pattern: 'modular-monolith',
      runnerUp: 'microservices',
      whyNot: () => 'nothing in the requirements pays for the operational cost of distribution yet.',
    },
    because: () => 'Start with the simplest deployable that keeps the contexts separated.',
  },
];

export interface PatternDecision {
  pattern: Pattern;
  rule: string;
  because: string;
  runnerUp: Pattern;
  whyNotRunnerUp: string;
}

export function choosePattern(facts: SystemFacts): PatternDecision {
  const d = decide(PATTERN_TABLE, facts);
  return {
    pattern: d.choice.pattern,
    rule: d.rule,
    because: d.because,
    runnerUp: d.choice.runnerUp,
    whyNotRunnerUp: d.choice.whyNot(facts),
  };
}
