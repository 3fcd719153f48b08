import { defineMessages } from '../messages.js';
import type { Rule } from '../types.js';
import { ADR_PATTERN, rootLocation } from './evidence.js';

const { messages, say } = defineMessages({
  noAdrs:
    'No architecture decision records found in the scanned tree (docs/adr, doc/architecture/decisions, ...)',
});

const COMPOSE = 'services:\n  orders:\n    image: shop/orders:1.4.0\n';

export const architectureDecisionRecords: Rule = {
  id: 'practices/architecture-decision-records',
  area: 'practices',
  repositoryLevel: true,
  severity: 'info',
  title: 'No architecture decision records',
  messages,
  rationale:
    'Architecture decision records keep the why next to the what: why this service boundary, why this store, why ' +
    'synchronous here. Without them every reviewer (and this tool) sees the shape of the system but not the trade-offs ' +
    'that were accepted, and decisions get relitigated or silently reversed. Reported as information only.',
  references: [
    'Nygard, "Documenting Architecture Decisions" (2011) (https://cognitect.com/blog/2011/11/15/documenting-architecture-decisions)',
    'adr.github.io — Architectural Decision Records (https://adr.github.io/)',
    'AWS Prescriptive Guidance: ADR process',
  ],
  recommendation:
    'Keep short, numbered ADRs (context, decision, consequences) under docs/adr/ and add one for each significant ' +
    'choice (the snippet below is a starting template).',
  fix: {
    description: 'A first ADR in docs/adr/.',
    language: 'text',
    snippet:
      'docs/adr/0001-record-architecture-decisions.md\n\n# 1. Record architecture decisions\n## Status\nAccepted\n## Context\n...\n## Decision\nWe will keep ADRs in docs/adr.\n## Consequences\n...',
  },
  examples: {
    fail: {
      description: 'no decision records',
      files: { 'docker-compose.yml': COMPOSE },
      findings: [
        {
          at: 'docker-compose.yml:1',
          messageId: 'noAdrs',
          message:
            'No architecture decision records found in the scanned tree (docs/adr, doc/architecture/decisions, ...)',
        },
      ],
    },
    pass: {
      description: 'ADRs under docs/adr',
      files: {
        'docker-compose.yml': COMPOSE,
        'docs/adr/0001-use-postgres-for-orders.md': '# 1. Use PostgreSQL for orders\n\nAccepted.\n',
      },
    },
  },
  check(model, ctx) {
    if (ctx.paths.length === 0 && model.artifacts.length === 0) return { findings: [] }; // an empty tree
    const adrs = ctx.paths.filter((p) => ADR_PATTERN.test(p)).sort();
    if (adrs.length > 0)
      return {
        findings: [],
        strength: `${adrs.length} architecture decision record${adrs.length === 1 ? '' : 's'} (e.g. ${adrs[0]})`,
      };
    return {
      findings: [
        {
          ...say.noAdrs(),
          locations: [rootLocation(ctx.paths, model.artifacts)],
          element: 'practices#adr',
        },
      ],
    };
  },
};
