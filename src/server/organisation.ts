/**
 * The organisation view: every system's latest rating and its trend, the rules violated in the most systems, and
 * the service graph across systems (which systems' and repositories' services call which). Built from the store:
 * each system's latest finished report, read once per review id (reports never change once stored).
 */

import { compareText } from '../model/values.js';
import type { Report } from '../review/report.js';
import type { Severity } from '../rules/types.js';
import type { Store, SystemRecord } from '../store/types.js';

export interface OrganisationView {
  systems: {
    name: string;
    reviews: number;
    lastReviewAt: string;
    latest?: SystemRecord['latest'];
    /** Score and rating of the latest finished reviews, oldest first. */
    trend: { id: string; finishedAt: string; score: number; rating: string }[];
  }[];
  /** Rules by the number of systems whose latest review breaks them, then by findings. */
  rules: {
    ruleId: string;
    title: string;
    severity: Severity;
    area: string;
    systems: string[];
    findings: number;
  }[];
  graph: {
    nodes: { id: string; system: string; service: string; role: string; repositories?: string[] }[];
    /** `crossSystem`: the callee is a service of another system, reached by its name. */
    edges: { from: string; to: string; protocol: string; kind: string; crossSystem: boolean }[];
  };
}

/** What one latest report contributes; kept per review id. */
interface Digest {
  rules: Map<string, { title: string; severity: Severity; area: string; findings: number }>;
  graph: Report['graph'];
}

export class OrganisationViews {
  private readonly digests = new Map<string, Digest>();

  constructor(private readonly store: Store) {}

  async view(options: { trend: number; rules: number }): Promise<OrganisationView> {
    const systems = await this.store.listSystems();
    const digests = new Map<string, Digest>();
    const out: OrganisationView['systems'] = [];
    for (const s of systems) {
      const points = await this.store.trend(s.name, options.trend);
      out.push({
        name: s.name,
        reviews: s.reviews,
        lastReviewAt: s.lastReviewAt,
        ...(s.latest ? { latest: s.latest } : {}),
        trend: points.map((p) => ({
          id: p.id,
          finishedAt: p.finishedAt,
          score: p.summary.score,
          rating: p.summary.rating,
        })),
      });
      if (s.latest) {
        const digest = await this.digest(s.latest.id);
        if (digest) digests.set(s.name, digest);
      }
    }
    return { systems: out, rules: topRules(digests, options.rules), graph: organisationGraph(digests) };
  }

  private async digest(id: string): Promise<Digest | undefined> {
    const known = this.digests.get(id);
    if (known) return known;
    const text = await this.store.getReportText(id);
    if (!text) return undefined;
    const report = JSON.parse(text) as Report;
    const rules: Digest['rules'] = new Map();
    for (const f of report.findings) {
      const r = rules.get(f.ruleId) ?? { title: f.title, severity: f.severity, area: f.area, findings: 0 };
      r.findings++;
      rules.set(f.ruleId, r);
    }
    const digest = { rules, graph: report.graph };
    if (this.digests.size > 5000) this.digests.clear();
    this.digests.set(id, digest);
    return digest;
  }
}

function topRules(digests: Map<string, Digest>, limit: number): OrganisationView['rules'] {
  const all = new Map<string, OrganisationView['rules'][number]>();
  for (const [system, d] of digests)
    for (const [ruleId, r] of d.rules) {
      const entry = all.get(ruleId) ?? {
        ruleId,
        title: r.title,
        severity: r.severity,
        area: r.area,
        systems: [],
        findings: 0,
      };
      entry.systems.push(system);
      entry.findings += r.findings;
      all.set(ruleId, entry);
    }
  return [...all.values()]
    .map((r) => ({ ...r, systems: r.systems.sort(compareText) }))
    .sort(
      (a, b) =>
        b.systems.length - a.systems.length || b.findings - a.findings || compareText(a.ruleId, b.ruleId),
    )
    .slice(0, limit);
}

/**
 * Every system's services and edges, ids `<system>/<service>`. An edge to an endpoint its own system does not
 * declare (an `external` node) whose name, or the first label of its host name, is a service of exactly one other
 * system becomes an edge to that service.
 */
function organisationGraph(digests: Map<string, Digest>): OrganisationView['graph'] {
  const nodes: OrganisationView['graph']['nodes'] = [];
  const owners = new Map<string, string[]>();
  for (const [system, d] of digests)
    for (const n of d.graph.nodes) {
      if (n.role === 'external') continue;
      nodes.push({
        id: `${system}/${n.id}`,
        system,
        service: n.id,
        role: n.role,
        ...(n.repositories?.length ? { repositories: n.repositories } : {}),
      });
      if (n.role !== 'datastore' && n.role !== 'cache' && n.role !== 'broker' && n.role !== 'search')
        owners.set(n.id, [...(owners.get(n.id) ?? []), system]);
    }
  const edges: OrganisationView['graph']['edges'] = [];
  for (const [system, d] of digests) {
    const external = new Set(d.graph.nodes.filter((n) => n.role === 'external').map((n) => n.id));
    const calls = (d.graph.externalCalls ?? []).map((c) => ({ ...c, protocol: 'http', kind: 'sync' }));
    for (const c of calls) external.add(c.to);
    for (const e of [...d.graph.edges, ...calls]) {
      if (external.has(e.from)) continue;
      if (!external.has(e.to)) {
        edges.push({
          from: `${system}/${e.from}`,
          to: `${system}/${e.to}`,
          protocol: e.protocol,
          kind: e.kind,
          crossSystem: false,
        });
        continue;
      }
      const host = e.to.toLowerCase();
      const candidates = [host, host.split('.')[0]!, host.split(':')[0]!];
      for (const name of candidates) {
        const others = (owners.get(name) ?? []).filter((s) => s !== system);
        if (others.length !== 1) continue;
        edges.push({
          from: `${system}/${e.from}`,
          to: `${others[0]}/${name}`,
          protocol: e.protocol,
          kind: e.kind,
          crossSystem: true,
        });
        break;
      }
    }
  }
  nodes.sort((a, b) => compareText(a.id, b.id));
  edges.sort(
    (a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.protocol, b.protocol),
  );
  return { nodes, edges };
}
