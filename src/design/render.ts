/** The design report as Markdown (for people) or JSON (for tools). Deterministic: same input, same bytes. */

import { safeStrings } from '../render/sanitize.js';
import { mdText } from '../render/text.js';
import { PATTERN_LABEL } from './decisions/pattern.js';
import { num, pct } from './decisions/table.js';
import type { DesignFormat } from './formats.js';
import type { DesignResult } from './result.js';

export { DESIGN_FORMATS, type DesignFormat } from './formats.js';

export function renderDesign(result: DesignResult, format: DesignFormat): string {
  return format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderMarkdown(result);
}

const cell = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** One sizing of section 9: its heading, the formula (the first item's; they share it), a row per item. */
function formulaTable<T extends { formula: string }>(
  title: string,
  items: T[],
  header: string[],
  row: (item: T) => (string | number)[],
): string[] {
  return [`### ${title}`, '', `\`${items[0]?.formula ?? ''}\``, '', ...table(header, items.map(row))];
}

function table(header: string[], rows: (string | number)[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
  ];
}

export function renderMarkdown(unsafe: DesignResult): string {
  // strings from the requirements file: controls and bidi characters escaped (render/sanitize.ts)
  const d = safeStrings(unsafe);
  const m = d.math;
  const out: string[] = [`# New System Design — ${mdText(d.system)}`, ''];
  if (d.description) out.push(mdText(d.description), '');

  out.push('## 1. Architecture Analysis', '');
  out.push(
    `**Complexity:** ${d.analysis.complexity.level} (score ${d.analysis.complexity.score}: ${d.analysis.complexity.drivers.join('; ')}).`,
    '',
    '**Scalability requirements**',
    '',
    ...table(
      ['Figure', 'Value'],
      d.analysis.scalability.map((f) => [f.name, f.value]),
    ),
    '**Top 3 success factors**',
    '',
    ...d.analysis.successFactors.map((f, i) => `${i + 1}. ${f}`),
    '',
  );

  out.push('## 2. Recommended Architecture', '');
  out.push(
    `**${PATTERN_LABEL[d.pattern.pattern]}** — decided by \`${d.pattern.rule}\`: ${d.pattern.because}`,
    '',
    `**Runner-up: ${PATTERN_LABEL[d.pattern.runnerUp]}.** Not chosen because ${d.pattern.whyNotRunnerUp}`,
    '',
    ...table(
      ['Deployable', 'Contexts', 'Peak req/s', 'Replicas (max)', 'Runtime', 'Stores'],
      d.deployables.map((x) => [
        x.name,
        x.contexts.join(', '),
        num(x.peakRps, 1),
        `${x.replicas} (${x.maxReplicas})`,
        x.runtime.framework,
        x.stores.join(', '),
      ]),
    ),
  );

  out.push('## 3. Service Boundaries', '');
  for (const g of d.boundaries) {
    out.push(
      `### ${g.name}`,
      '',
      `- **Contexts:** ${g.contexts.join(', ')} (\`${g.rule}\`: ${g.because})`,
      `- **Deployed as:** ${g.deployable} (\`${g.deployRule}\`: ${g.deployBecause})`,
      `- **Responsibilities:** ${g.responsibilities.join('; ')}`,
      `- **Owned data:** ${g.ownedData.join(', ')}`,
      `- **References to other groups (by id, no foreign keys):** ${
        g.references.length ? g.references.map((r) => `${r.from} → ${r.to} (${r.kind})`).join(', ') : 'none'
      }`,
      '',
    );
  }

  out.push('## 4. Data Strategy', '');
  out.push(
    ...table(
      ['Context', 'Store', 'Instance', 'Consistency', 'Rule', 'Rationale', 'Cache'],
      d.data.map((s) => [
        s.context,
        s.label,
        s.instance,
        s.consistency,
        `\`${s.rule}\``,
        s.because,
        `${s.cache ? 'Redis cache-aside' : 'none'} (\`${s.cacheRule}\`: ${s.cacheBecause})`,
      ]),
    ),
  );
  if (d.pattern.pattern === 'modular-monolith')
    out.push(
      'Modules of the one deployable share a database server but each owns a schema and a role that can reach only that schema.',
      '',
    );

  out.push('## 5. Integration Approach', '');
  out.push(
    `**Messaging:** ${d.integration.broker.choice} (\`${d.integration.broker.rule}\`: ${d.integration.broker.because}).`,
    '',
  );
  out.push(
    ...table(
      ['From', 'To', 'Purpose', 'Style', 'Event / channel', 'Peak rate/s', 'Rule', 'Why'],
      d.integration.interactions.map((i) => [
        i.from,
        i.to,
        i.purpose,
        i.style,
        i.event ? `${i.event} on \`${i.channel}\`` : '—',
        num(i.ratePerSecond, 1),
        `\`${i.rule}\``,
        i.because,
      ]),
    ),
  );
  if (d.integration.externals.length > 0)
    out.push(
      '**External integrations**',
      '',
      ...table(
        ['Name', 'Purpose', 'Context', 'Direction', 'Mode'],
        d.integration.externals.map((e) => [e.name, e.purpose, e.context, e.direction, e.mode]),
      ),
    );

  out.push('## 6. Implementation Roadmap', '');
  for (const p of d.roadmap)
    out.push(`### ${p.name}`, '', `Goal: ${p.goal}`, '', ...p.items.map((i) => `- ${i}`), '');

  out.push('## 7. Technical Recommendations', '');
  out.push(
    '**Stack**',
    '',
    ...table(
      ['Deployable', 'Language', 'Framework', 'Base image', 'Why'],
      d.deployables.map((x) => [
        x.name,
        x.runtime.language,
        x.runtime.framework,
        x.runtime.baseImage,
        `\`${x.languageRule}\`: ${x.languageBecause}`,
      ]),
    ),
    '**How traffic enters each deployable**',
    '',
    ...table(
      ['Deployable', 'Capability', 'Protocol', 'Why'],
      d.deployables.flatMap((x) => x.ingress.map((i) => [x.name, i.capability, i.protocol, i.because])),
    ),
    `**Infrastructure** (${d.technology.cloud}: ${d.technology.cloudBecause})`,
    '',
    ...table(
      ['Layer', 'Choice'],
      d.technology.infrastructure.map((f) => [f.name, f.value]),
    ),
    '**Security model**',
    '',
  );
  for (const s of d.technology.security)
    out.push(`*${s.regime}* (${s.reference})`, '', ...s.controls.map((c) => `- ${c}`), '');
  out.push(
    '**Monitoring: SLOs**',
    '',
    ...table(
      ['SLO', 'Objective', 'Error budget'],
      d.technology.monitoring.slos.map((s) => [s.name, s.objective, s.errorBudget]),
    ),
    '**Golden signals**',
    '',
    ...d.technology.monitoring.goldenSignals.map((g) => `- **${g.signal}:** ${g.measure}`),
    '',
    '**Alerts**',
    '',
    ...d.technology.monitoring.alerts.map((a) => `- ${a}`),
    '',
  );

  out.push('## 8. Risk Mitigation', '');
  out.push(
    ...table(
      ['Category', 'Risk', 'Countermeasure'],
      d.risks.map((r) => [r.category, r.risk, r.countermeasure]),
    ),
  );

  out.push('## 9. The Math', '');
  out.push(
    ...formulaTable('Instances per deployable', m.instances, ['Deployable', 'Computation'], (x) => [
      x.service,
      x.shown,
    ]),
  );
  if (m.realtime.length)
    out.push(
      ...formulaTable('Real-time connections', m.realtime, ['Capability', 'Computation'], (x) => [
        x.capability,
        x.shown,
      ]),
    );
  out.push(...formulaTable('Storage', m.storage, ['Scope', 'Computation'], (x) => [x.scope, x.shown]));
  if (m.retention.length)
    out.push(
      ...formulaTable(
        'Retention-sized data (hot and archive tiers)',
        m.retention,
        ['Context', 'Retention', 'Computation'],
        (x) => [x.scope, `${x.retentionDays} days`, x.shown],
      ),
    );
  if (m.partitions.length)
    out.push(
      ...formulaTable('Topic partitions', m.partitions, ['Channel', 'Computation', 'Consumers'], (x) => [
        x.channel,
        x.shown,
        x.consumers,
      ]),
    );
  if (m.cache.length)
    out.push(
      ...formulaTable('Cache memory', m.cache, ['Context', 'Computation'], (x) => [x.context, x.shown]),
    );
  if (m.connections.length)
    out.push(
      ...formulaTable('Database connections', m.connections, ['Instance', 'Computation', 'Verdict'], (x) => [
        x.instance,
        x.shown,
        x.needsPooler ? 'needs PgBouncer (transaction pooling)' : 'direct pools suffice',
      ]),
    );
  const paths = d.math.availabilityPaths;
  out.push(
    paths.length > 1
      ? `### Composite availability of each critical path (${paths.length})`
      : '### Composite availability of the critical path',
    '',
    `\`${m.availability.formula}\``,
    '',
  );
  for (const path of paths) {
    const av = path.math;
    if (paths.length > 1)
      out.push(
        `**${path.capability}** (${path.contexts.join(' → ')}${path.externals.length ? `; external: ${path.externals.join(', ')}` : ''})`,
        '',
      );
    out.push(
      ...table(
        ['Component', 'Per replica', 'Replicas', 'Availability'],
        av.proposed.components.map((c) => [c.name, pct(c.perReplica), c.replicas, pct(c.availability)]),
      ),
      av.shown,
      '',
      av.met
        ? `Meeting ${pct(av.target)} needs at least **${av.replicaFloor} replicas** per service on the path and a **${av.databaseTier}** database (baseline with one replica and a single-zone database: ${pct(av.baseline.composite)}).`
        : `**Not met:** ${av.limitedBy}. Even at ${av.replicaFloor} replicas and a ${av.databaseTier} database the path reaches ${pct(av.proposed.composite)}.`,
      ...(av.externalFixes ?? []).map((f) => `- ${f}`),
      '',
    );
  }
  const lat = m.latency;
  out.push(
    `### Latency budget (${lat.capability}, p99 ${num(lat.targetP99Ms)} ms, p50 ${num(lat.targetP50Ms)} ms)`,
    '',
    `\`${lat.formula}\``,
    '',
  );
  out.push(
    ...table(
      ['Hop', 'Kind', 'p99 budget (ms)'],
      lat.hops.map((h) => [h.hop, h.kind, num(h.budgetMs, 1)]),
    ),
    lat.shown + (lat.feasible ? '' : ' — **infeasible**: the fixed costs exceed the target.'),
    '',
  );
  out.push('### Monthly run cost (order of magnitude)', '', `\`${m.cost.formula}\``, '', m.cost.shown, '');

  out.push(
    '## 10. Assumptions',
    '',
    'Override any of these under `assumptions:` in the requirements file.',
    '',
  );
  out.push(
    ...table(
      ['Name', 'Value', 'Unit', 'Why'],
      d.assumptions.map((a) => [
        `\`${a.name}\``,
        `${num(a.value, 6)}${a.overridden ? ' (overridden)' : ''}`,
        a.unit,
        a.why,
      ]),
    ),
  );
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
