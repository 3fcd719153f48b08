/**
 * Folds that turn many findings of one fact into one finding an architect would write, after the copies
 * across deployments are folded (deployments.ts):
 *
 * - **variant-only**: a rule's findings that hold in exactly one deployment variant and not in the others
 *   running the same services (Sock Shop's Helm chart without the NetworkPolicies the plain manifests
 *   have) are one finding about that variant, naming the workloads;
 * - **systemic**: a rule that finds the same per-service fact once on each of most of the application's
 *   services (one replica everywhere) is one systemic finding listing the services;
 * - **across workloads**: a rule that finds the same fact about the configuration of many workloads of one
 *   deployment (no `allowPrivilegeEscalation: false`, no readinessProbe, no PodDisruptionBudget on 9 of 14
 *   Deployments) is one finding for that deployment, naming the workloads: the fix is one template or
 *   policy change, not 14 reviews. A finding is about a workload's configuration when its element is
 *   `<workload>[/<container>]#<aspect>`; findings of one rule with the same aspect state the same fact.
 *
 * Every location is kept, so nothing disappears from SARIF or the recommendations; the fingerprint is the
 * rule plus what the fold is about, stable while the set of services changes.
 */
import { hash } from 'node:crypto';
import { groupBy } from '../model/model-index.js';
import { compareSources } from '../model/provenance.js';
import { BESIDE_ROLES, isStoreRole } from '../model/roles.js';
import type { Deployable, SystemModel } from '../model/schema.js';
import type { Finding } from '../rules/types.js';
import { severityRank } from '../rules/types.js';
import { serviceAttributor } from './attribution.js';
import { compareFirst, type FoldedPlace } from './folded.js';
import { PROBLEM_FAMILIES } from './scoring.js';
import { applicationServices } from './sections.js';

/** Findings of one rule in one variant from which they fold into one. */
const VARIANT_MIN = 2;
/** Services (and share of the application services) from which a per-service fact is systemic. */
const SYSTEMIC_MIN = 3;
const SYSTEMIC_SHARE = 0.5;
/** Named objects from which one rule's same sentence about each is one finding. */
const SAME_SENTENCE_MIN = 2;
/** Workloads of one deployment from which the same configuration fact about each is one finding. */
export const WORKLOADS_MIN = 3;

/** `titles`: each rule's title, which names the fact a fold across workloads states. */
export function foldFindings(
  findings: Finding[],
  model: SystemModel,
  titles: ReadonlyMap<string, string> = new Map(),
): Finding[] {
  return foldSameSentence(
    foldAcrossWorkloads(foldSystemic(foldVariantOnly(findings, model), model), model, titles),
    titles,
  );
}

/** What deployments.ts said about where a finding holds. */
interface Where {
  deployments?: string[];
  notInDeployments?: string[];
}

export function foldVariantOnly(findings: Finding[], model: SystemModel): Finding[] {
  const byId = new Map((model.deployments ?? []).map((d) => [d.id, d]));
  const groups = new Map<string, Finding[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    const where = (f.data ?? {}) as Where;
    if (where.deployments?.length !== 1 || !where.notInDeployments?.length) {
      out.push(f);
      continue;
    }
    const key = `${f.ruleId}\u0000${where.deployments[0]}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const [key, members] of groups) {
    if (members.length < VARIANT_MIN) {
      out.push(...members);
      continue;
    }
    const lead = members[0]!;
    const variant = byId.get((lead.data as Where).deployments![0]!);
    const notIn = [...new Set(members.flatMap((m) => (m.data as Where).notInDeployments ?? []))]
      .map((id) => byId.get(id)?.name ?? id)
      .sort();
    const names = [...new Set(members.map((m) => subjectOf(m)))].sort();
    const variantName = variant?.name ?? (lead.data as Where).deployments![0]!;
    out.push({
      ...withoutMessageId(lead),
      severity: highest(members),
      message:
        `${members.length} findings hold only in ${variantName} (not in ${notIn.join(', ')}), on ${names.join(', ')}: ` +
        `e.g. ${baseMessage(lead.message)}`,
      element: `variant:${variantName}#${lead.ruleId}`,
      locations: uniqueLocations(members),
      data: {
        ...(lead.data ?? {}),
        variantOnly: variant?.id ?? variantName,
        folded: foldedOf(members),
      },
      fingerprint: hash('sha256', `${key}\u0000variant`, 'hex').slice(0, 16),
    });
  }
  return out;
}

export function foldSystemic(findings: Finding[], model: SystemModel): Finding[] {
  const apps = applicationServices(model);
  if (apps.size < SYSTEMIC_MIN) return findings;
  const attribute = serviceAttributor(model);
  const roleOf = new Map(model.services.map((s) => [s.id, s.role]));
  const backing = new Set(model.services.filter((s) => isStoreRole(s.role)).map((s) => s.id));
  const candidates = new Map<string, { finding: Finding; service: string }[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    const services = attribute(f);
    const where = (f.data ?? {}) as Where & { variantOnly?: string; platformComponents?: string[] };
    // one fact about one application service, holding wherever the service runs
    const plain =
      services.length === 1 &&
      apps.has(services[0]!) &&
      !PROBLEM_FAMILIES[f.ruleId]?.action &&
      !where.notInDeployments?.length &&
      !where.variantOnly &&
      !where.platformComponents;
    if (!plain) {
      out.push(f);
      continue;
    }
    candidates.set(f.ruleId, [...(candidates.get(f.ruleId) ?? []), { finding: f, service: services[0]! }]);
  }
  for (const [ruleId, members] of candidates) {
    const services = [...new Set(members.map((m) => m.service))].sort();
    // a per-service fact: once per service, on most of them
    const systemic =
      services.length === members.length &&
      services.length >= SYSTEMIC_MIN &&
      services.length / apps.size >= SYSTEMIC_SHARE;
    if (!systemic) {
      out.push(...members.map((m) => m.finding));
      continue;
    }
    // the application's own services and its backing services (datastores, caches, brokers) said apart:
    // an old Redis image is not an application service running an old runtime
    const own = services.filter((id) => !backing.has(id));
    const behind = services.filter((id) => backing.has(id));
    const ownTotal = [...apps].filter((id) => !backing.has(id)).length;
    const counted = [
      ...(own.length ? [`${own.length} of ${ownTotal} application services (${own.join(', ')})`] : []),
      ...(behind.length
        ? [
            `${behind.length} of ${apps.size - ownTotal} backing services (${behind.map((id) => `${roleOf.get(id)} ${id}`).join(', ')})`,
          ]
        : []),
    ];
    const lead = (members.find((m) => !backing.has(m.service)) ?? members[0]!).finding;
    const list = members.map((m) => m.finding);
    out.push({
      ...withoutMessageId(lead),
      severity: highest(list),
      message: `Systemic: ${counted.join(' and ')}: e.g. ${baseMessage(lead.message)}`,
      element: `systemic#${ruleId}`,
      locations: uniqueLocations(list),
      data: {
        ...(lead.data ?? {}),
        systemicServices: services,
        folded: foldedOf(list),
      },
      fingerprint: hash('sha256', `${ruleId}\u0000systemic`, 'hex').slice(0, 16),
    });
  }
  return out;
}

export function foldAcrossWorkloads(
  findings: Finding[],
  model: SystemModel,
  titles: ReadonlyMap<string, string> = new Map(),
): Finding[] {
  const workloads = new Map(model.deployables.map((d) => [d.id, d]));
  if (workloads.size < WORKLOADS_MIN) return findings;
  const roles = new Map(model.services.map((s) => [s.id, s.role]));
  // workloads of platform, tooling and test services fold per platform in deployments.ts
  const beside = (serviceId: string): boolean => {
    const role = roles.get(serviceId);
    return role !== undefined && BESIDE_ROLES.has(role);
  };
  const deployments = new Map((model.deployments ?? []).map((d) => [d.id, d]));
  /** The workload an element is about: its head (before `#`) is the workload's id, or the id and a container. */
  const workloadOf = (element: string | undefined): { workload: Deployable; aspect: string } | undefined => {
    if (!element) return undefined;
    const hashAt = element.indexOf('#');
    if (hashAt < 0) return undefined;
    const aspect = element.slice(hashAt + 1);
    let head = element.slice(0, hashAt);
    for (let depth = 0; depth < 2 && head; depth++) {
      const workload = workloads.get(head);
      if (workload) return { workload, aspect };
      head = head.slice(0, Math.max(0, head.lastIndexOf('/')));
    }
    return undefined;
  };
  const candidates: { key: string; finding: Finding; workload: Deployable; deployment: string }[] = [];
  const out: Finding[] = [];
  for (const f of findings) {
    const data = (f.data ?? {}) as Where & {
      folded?: unknown;
      platformComponents?: unknown;
      variantOnly?: unknown;
    };
    const about =
      data.folded || data.platformComponents || data.variantOnly ? undefined : workloadOf(f.element);
    const deployment = data.deployments?.[0] ?? about?.workload.deployment;
    if (!about || !deployment || beside(about.workload.serviceId)) {
      out.push(f);
      continue;
    }
    const key = `${f.ruleId}\u0000${about.aspect}\u0000${deployment}`;
    candidates.push({ key, finding: f, workload: about.workload, deployment });
  }
  for (const [key, members] of groupBy(candidates, (c) => c.key)) {
    const names = [...new Set(members.map((m) => m.workload.name))].sort();
    if (names.length < WORKLOADS_MIN) {
      out.push(...members.map((m) => m.finding));
      continue;
    }
    const list = members.map((m) => m.finding).sort((a, b) => compareFirst(a.locations, b.locations));
    const lead = list[0]!;
    const deploymentId = members[0]!.deployment;
    // the denominator: the system's own workloads of that deployment, of the kinds the fold speaks of
    const kinds = new Set(members.map((m) => m.workload.kind));
    const of = model.deployables.filter(
      (d) => d.deployment === deploymentId && kinds.has(d.kind) && !beside(d.serviceId),
    );
    const total = new Set([...of.map((d) => d.name), ...names]).size;
    const noun = kinds.size === 1 ? kindNoun([...kinds][0]!) : 'workloads';
    const also = [
      ...new Set(
        list
          .flatMap((f) => ((f.data ?? {}) as Where).deployments?.slice(1) ?? [])
          .filter((d) => d !== deploymentId),
      ),
    ]
      .map((id) => deployments.get(id)?.name ?? id)
      .sort();
    const name = deployments.get(deploymentId)?.name ?? deploymentId;
    const title = titles.get(lead.ruleId) ?? lead.ruleId;
    out.push({
      ...withoutMessageId(lead),
      severity: highest(list),
      message:
        `${title}: ${names.length} of ${total} ${noun} in ${name} (${names.join(', ')})` +
        `${also.length ? `, the same in ${also.join(', ')}` : ''}; e.g. ${baseMessage(lead.message)}`,
      element: `workloads:${name}#${lead.ruleId}#${key.split('\u0000')[1]}`,
      locations: uniqueLocations(list),
      data: {
        ...(lead.data ?? {}),
        workloads: names,
        ofWorkloads: total,
        folded: foldedOf(list),
      },
      fingerprint: hash('sha256', `${key}\u0000workloads`, 'hex').slice(0, 16),
    });
  }
  return out;
}

/**
 * One rule saying the same sentence about several named objects (`virtualservice:frontend#0` and
 * `virtualservice:frontend-ingress#0`: two Istio routes to frontend without a timeout; `eol:carts-db` and
 * `eol:orders-db`: two stores on the same old MongoDB image) is one finding naming the objects. The
 * sentence is the message with the object's own name left out; elements are `<kind>:<name>#<aspect>`.
 */
export function foldSameSentence(
  findings: Finding[],
  titles: ReadonlyMap<string, string> = new Map(),
): Finding[] {
  const named: { finding: Finding; name: string; every: string; first: string }[] = [];
  const out: Finding[] = [];
  for (const f of findings) {
    const m = /^([a-z][\w-]*):([^#/:@]+)(?:#(.*))?$/.exec(f.element ?? '');
    const data = (f.data ?? {}) as { folded?: unknown; platformComponents?: unknown; variantOnly?: unknown };
    const message = baseMessage(f.message);
    // a message that does not name its object cannot tell the sentence apart from the object
    if (!m || data.folded || data.platformComponents || data.variantOnly || !message.includes(m[2]!)) {
      out.push(f);
      continue;
    }
    const name = m[2]!;
    const head = `${f.ruleId}\u0000${m[1]}\u0000${m[3] ?? ''}\u0000`;
    // the sentence without the object's name: everywhere (a store named in its workloads too), or only as
    // the subject (a route named `frontend` to the service `frontend`)
    named.push({
      finding: f,
      name,
      every: head + message.split(name).join('\u0001'),
      first: head + message.replace(name, '\u0001'),
    });
  }
  const groups = groupBy(named, (n) => n.every);
  const alone = [...groups].filter(([, g]) => g.length < SAME_SENTENCE_MIN);
  for (const [key, [n]] of alone) {
    groups.delete(key);
    groups.set(n!.first, [...(groups.get(n!.first) ?? []), n!]);
  }
  for (const [key, members] of groups) {
    const names = [...new Set(members.map((m) => m.name))].sort();
    if (names.length < SAME_SENTENCE_MIN) {
      out.push(...members.map((m) => m.finding));
      continue;
    }
    const list = members.map((m) => m.finding).sort((a, b) => compareFirst(a.locations, b.locations));
    const lead = list[0]!;
    const title = titles.get(lead.ruleId) ?? lead.ruleId;
    out.push({
      ...withoutMessageId(lead),
      severity: highest(list),
      message: `${title}, the same for ${names.length}: ${names.join(', ')}; e.g. ${baseMessage(lead.message)}`,
      element: `same:${names.join('+')}#${lead.ruleId}`,
      locations: uniqueLocations(list),
      data: { ...(lead.data ?? {}), objects: names, folded: foldedOf(list) },
      fingerprint: hash('sha256', `${key}\u0000same`, 'hex').slice(0, 16),
    });
  }
  return out;
}

/** A fold's message is its own: the member's message id and arguments would render another text. */
function withoutMessageId(f: Finding): Finding {
  const { messageId: _id, args: _args, ...rest } = f;
  return rest;
}

function kindNoun(kind: Deployable['kind']): string {
  return kind === 'compose-service' ? 'compose services' : `${kind}s`;
}

function foldedOf(list: Finding[]): FoldedPlace[] {
  return list
    .map((f) => ({
      ...(f.element !== undefined ? { element: f.element } : {}),
      message: f.message,
      locations: f.locations,
      fingerprint: f.fingerprint,
    }))
    .sort((a, b) => compareFirst(a.locations, b.locations));
}

/** The workload or element a finding is about: the last path segment of its element's head. */
function subjectOf(f: Finding): string {
  const head = (f.element ?? f.message).replace(/#.*$/, '').replace(/@.*$/, '');
  return head.split('/').filter(Boolean).pop() ?? head;
}

/** A folded message without what deployments.ts appended (` — in …`). */
function baseMessage(message: string): string {
  const at = message.indexOf(' — in ');
  return at < 0 ? message : message.slice(0, at);
}

function highest(list: Finding[]): Finding['severity'] {
  return list.reduce<Finding['severity']>(
    (best, f) => (severityRank(f.severity) > severityRank(best) ? f.severity : best),
    'info',
  );
}

function uniqueLocations(list: Finding[]): Finding['locations'] {
  const seen = new Map<string, Finding['locations'][number]>();
  for (const f of list) for (const l of f.locations) seen.set(`${l.file}:${l.line}:${l.column ?? 0}`, l);
  return [...seen.values()].sort(compareSources);
}
