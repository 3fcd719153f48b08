import type { Source, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule, RuleContext } from '../types.js';

/** Regimes that require an audit trail of access to and changes of the data they protect. */
const REGIMES: Record<string, string> = {
  HIPAA: 'HIPAA §164.312(b) audit controls',
  SOX: 'SOX §404 internal controls (change and access audit trail)',
  GDPR: 'GDPR Art. 30 records of processing and Art. 32/33 (detecting and reporting breaches)',
  'PCI-DSS': 'PCI-DSS v4.0 requirement 10 (log and monitor all access)',
};

const AUDIT = /audit/i;

/** The first place the repository shows an audit trail: a topic, table, store, service, env var, config or file. */
export function auditEvidence(model: SystemModel, ctx: Pick<RuleContext, 'paths'>): string | undefined {
  const named = [
    ...model.topics.map((t) => ['topic', t.name] as const),
    ...model.tables.map((t) => ['table', t.name] as const),
    ...model.datastores.map((d) => ['datastore', d.name] as const),
    ...model.services.map((s) => ['service', s.name] as const),
    ...model.externals.map((e) => ['external system', e.name] as const),
    ...model.operations.map((o) => ['operation', o.path] as const),
  ];
  const hit = named.find(([, name]) => AUDIT.test(name));
  if (hit) return `${hit[0]} ${hit[1]}`;
  for (const d of model.deployables)
    for (const c of d.containers)
      for (const env of c.env)
        if (AUDIT.test(env.name) || (env.value && AUDIT.test(env.value)))
          return `env ${env.name} on ${d.name}`;
  for (const config of model.configs)
    for (const entry of config.entries)
      if (AUDIT.test(entry.key)) return `${config.kind} ${config.name} key ${entry.key}`;
  const path = ctx.paths.find((p) => AUDIT.test(p));
  return path ? `file ${path}` : undefined;
}

const { messages, say } = defineMessages({
  noAuditTrail:
    '{{regimes}} {{are}} declared, but nothing in the repository records an audit trail (no audit topic, table, store, service, setting or file); required by {{requirements}}',
});

export const missingAuditLogging: Rule = {
  id: 'security/missing-audit-logging',
  area: 'security',
  severity: 'medium',
  title: 'Compliance regime declared but no audit trail in evidence',
  messages,
  rationale:
    'HIPAA, SOX, GDPR and PCI-DSS all require being able to say who accessed or changed protected data, and when. That ' +
    "needs an audit trail designed in — an append-only table, an audit topic, a log sink outside the application's reach " +
    '— not ordinary application logs that rotate away. When a regime is declared and nothing in the repository looks ' +
    'like an audit trail, the requirement is probably unmet or met somewhere the architecture does not show. The rule ' +
    'looks for anything named "audit" (topics, tables, stores, services, env, config, files) and is satisfied by any.',
  references: [
    'PCI-DSS v4.0, requirement 10: Log and monitor all access to system components and cardholder data',
    'HIPAA Security Rule, 45 CFR §164.312(b): Audit controls',
    'OWASP Logging Cheat Sheet (https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html); OWASP Top 10 2021 A09: Security Logging and Monitoring Failures',
  ],
  recommendation:
    'Design an audit trail: record who did what to which protected record and when, write it append-only to a store the ' +
    'application cannot rewrite (an audit topic feeding WORM storage, a separate audit database), retain it as the regime ' +
    'requires, and show it in the architecture.',
  fix: {
    description: 'Publish audit events to a dedicated topic and keep them in append-only storage.',
    language: 'yaml',
    snippet:
      'services:\n  orders:\n    environment:\n      AUDIT_TOPIC: audit.events.v1        # who, what, which record, when, from where\n  audit-sink:\n    image: shop/audit-sink:1.0.0         # consumes audit.events.v1 → object storage with object lock (WORM)\n    environment:\n      AUDIT_BUCKET: s3://shop-audit-log',
  },
  examples: {
    fail: {
      description: 'PCI-DSS is declared, nothing records an audit trail',
      files: {
        'docker-compose.yml': 'services:\n  payments:\n    image: shop/payments:1.0.0\n',
        'plumbline.yaml': 'system: shop\ncompliance: [PCI-DSS]\n',
      },
      findings: [
        {
          at: 'plumbline.yaml:1',
          messageId: 'noAuditTrail',
          message:
            'PCI-DSS is declared, but nothing in the repository records an audit trail (no audit topic, table, store, service, setting or file); required by PCI-DSS v4.0 requirement 10 (log and monitor all access)',
        },
      ],
    },
    pass: {
      description: 'payments publishes audit events to a dedicated topic',
      files: {
        'docker-compose.yml':
          'services:\n  payments:\n    image: shop/payments:1.0.0\n    environment:\n      AUDIT_TOPIC: audit.payments.v1\n',
        'plumbline.yaml': 'system: shop\ncompliance: [PCI-DSS]\n',
      },
    },
  },
  check(model, ctx) {
    const regimes = model.declared.compliance.filter((c) => c in REGIMES);
    if (regimes.length === 0) return { findings: [] };
    const evidence = auditEvidence(model, ctx);
    if (evidence)
      return {
        findings: [],
        strength: `An audit trail is in evidence for ${regimes.join(', ')} (${evidence})`,
      };
    const source: Source = model.declared.source ?? { file: 'plumbline.yaml', line: 1 };
    const finding: FindingDraft = {
      ...say.noAuditTrail({
        regimes: regimes.join(', '),
        are: regimes.length === 1 ? 'is' : 'are',
        requirements: regimes.map((r) => REGIMES[r]).join('; '),
      }),
      locations: [source],
      element: 'compliance#audit-trail',
      data: { regimes },
    };
    return { findings: [finding] };
  },
};
