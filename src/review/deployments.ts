/**
 * Findings across deployments. A repository often deploys the same service several ways (plain manifests,
 * a Kustomize build, a Helm release, a generated bundle); each rule sees every copy, so the same fact comes
 * back once per copy. Here those copies fold into one finding: the same rule about the same logical element
 * (ids with the file, compose file and namespace left out), every location kept, the deployments named, and
 * what differs said — another deployment's differing message, or the deployments that run the service
 * without the problem. Findings that hold only in test or local deployments, and findings about the objects
 * of a development deployment (the compose stack beside Kubernetes) while another deployment ships, are
 * left out unless asked for.
 */
import { hash } from 'node:crypto';
import {
  type DeployedCollections,
  deploymentsByFile,
  isDevelopmentEnvironment,
  isTestEnvironment,
} from '../model/deployments.js';
import { compareSources } from '../model/provenance.js';
import type { Deployment, SystemModel } from '../model/schema.js';
import { compareText } from '../model/values.js';
import { DEPLOYED_COLLECTIONS } from '../model/vocabulary.js';
import type { Finding } from '../rules/types.js';

/** Element ids without what differs between copies: `@file` suffixes, compose files, namespaces. */
export function logicalElement(element: string): string {
  return element
    .replace(/@[^#@]*?\.(ya?ml|json)/g, '')
    .replace(/\b(compose(?:-port|-secret|-config)?)\/[^#]*?\.ya?ml\//g, '$1/')
    .replace(
      /\b(Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|Pod|Service|Ingress|NetworkPolicy|PodDisruptionBudget|HorizontalPodAutoscaler|ConfigMap|Secret|k8s-service|ingress|gateway-route)\/[^/#]*\//g,
      '$1/',
    );
}

export interface FoldOptions {
  /**
   * As ReviewConfig.deployment: undefined leaves out test/local-only findings and the development-only
   * findings about deployment objects; `all` keeps everything.
   */
  deployment?: string;
  /** Rules whose findings hold in every environment (`Rule.anyEnvironment`): never development-only. */
  anyEnvironment?: ReadonlySet<string>;
  /** Told how many development-only findings were left out, and of which deployments. */
  onLeftOut?: (count: number, deployments: string[]) => void;
}

/** Element ids of deployment objects (a compose service, a Kubernetes workload, exposure, policy or config). */
const DEPLOYMENT_OBJECT =
  /^(compose(?:-port|-secret|-config)?|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|Pod|Service|Ingress|NetworkPolicy|PodDisruptionBudget|HorizontalPodAutoscaler|ConfigMap|Secret|k8s-service|ingress|gateway-route)\//;

export function foldAcrossDeployments(
  findings: Finding[],
  model: SystemModel,
  options: FoldOptions = {},
): Finding[] {
  if ((model.deployments ?? []).length < 2) return findings;
  const byFile = deploymentsByFile(model);
  const order = new Map(
    [...(model.deployments ?? [])]
      .sort((a, b) => Number(b.primary) - Number(a.primary) || compareText(a.id, b.id))
      .map((d, i) => [d.id, i]),
  );
  const touched = (f: Finding): Deployment[] => {
    const seen = new Map<string, Deployment>();
    for (const l of f.locations) for (const d of byFile.get(l.file) ?? []) seen.set(d.id, d);
    return [...seen.values()].sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  };
  const keepTests =
    options.deployment === 'all' || (options.deployment !== undefined && options.deployment !== '');
  // a development stack (the compose file beside Kubernetes) does not ship: its objects' own findings
  // are left out while another deployment ships, and counted for the report's note
  const ships = (model.deployments ?? []).some(
    (d) => !isTestEnvironment(d.environment) && !isDevelopmentEnvironment(d.environment),
  );
  const leftOut = new Set<string>();
  let leftOutCount = 0;
  const groups = new Map<string, { finding: Finding; deployments: Deployment[] }[]>();
  for (const finding of findings) {
    const deployments = touched(finding);
    if (!keepTests && deployments.length > 0 && deployments.every((d) => isTestEnvironment(d.environment)))
      continue;
    if (
      !keepTests &&
      ships &&
      deployments.length > 0 &&
      deployments.every((d) => isDevelopmentEnvironment(d.environment)) &&
      DEPLOYMENT_OBJECT.test(finding.element ?? '') &&
      !options.anyEnvironment?.has(finding.ruleId)
    ) {
      leftOutCount++;
      for (const d of deployments) leftOut.add(d.name);
      continue;
    }
    const key = `${finding.ruleId}\u0000${logicalElement(finding.element ?? finding.message)}`;
    const list = groups.get(key);
    if (list) list.push({ finding, deployments });
    else groups.set(key, [{ finding, deployments }]);
  }
  const runners = serviceDeployments(model);
  const out: Finding[] = [];
  for (const [key, members] of groups) {
    members.sort(
      (a, b) =>
        rank(a.deployments, order) - rank(b.deployments, order) ||
        compareSources(a.finding.locations[0]!, b.finding.locations[0]!),
    );
    const lead = members[0]!.finding;
    const all = uniqueById(members.flatMap((m) => m.deployments)).sort(
      (a, b) => order.get(a.id)! - order.get(b.id)!,
    );
    // name the deployments that ship; test/local ones only when nothing else has it
    const shipping = all.filter((d) => !isTestEnvironment(d.environment));
    const deployments = shipping.length > 0 ? shipping : all;
    const running = serviceOf(model, lead)?.flatMap((s) => runners.get(s) ?? []) ?? [];
    // compare like with like: rules judge Kubernetes workloads before a compose copy of the same service
    const family = new Set(deployments.map(familyOf));
    const without = uniqueById(running).filter(
      (d) => family.has(familyOf(d)) && !deployments.some((x) => x.id === d.id),
    );
    if (members.length === 1 && without.length === 0) {
      out.push(lead);
      continue;
    }
    const locations = uniqueLocations(members.flatMap((m) => m.finding.locations));
    const others = [
      ...new Set(
        members
          .slice(1)
          .map((m) => m.finding.message)
          .filter((m) => comparable(m) !== comparable(lead.message)),
      ),
    ].slice(0, 2);
    const where =
      deployments.length > 1
        ? ` — in ${deployments.length} deployments: ${deployments.map((d) => d.name).join(', ')}`
        : deployments.length === 1 && without.length > 0
          ? ` — in ${deployments[0]!.name}`
          : '';
    const differs = [
      ...others.map((m) => `elsewhere: ${m}`),
      ...(without.length > 0 ? [`not in ${without.map((d) => d.name).join(', ')}`] : []),
    ];
    out.push({
      ...lead,
      message: `${lead.message}${where}${differs.length ? ` (${differs.join('; ')})` : ''}`,
      locations,
      data: {
        ...(lead.data ?? {}),
        deployments: deployments.map((d) => d.id),
        ...(without.length ? { notInDeployments: without.map((d) => d.id) } : {}),
      },
      fingerprint:
        members.length === 1
          ? lead.fingerprint
          : hash('sha256', `${key}\u0000${lead.locations[0]?.file ?? ''}`, 'hex').slice(0, 16),
    });
  }
  if (leftOutCount > 0) options.onLeftOut?.(leftOutCount, [...leftOut].sort());
  return groupPlatformFindings(out, model);
}

/**
 * Findings about platform components' workloads (the logging, monitoring and tracing stacks beside the
 * system): one finding per rule naming every component, instead of one per container, so the platform's
 * hardening stays visible without drowning the review of the system itself.
 */
function groupPlatformFindings(findings: Finding[], model: SystemModel): Finding[] {
  const platform = new Set(model.services.filter((s) => s.role === 'platform').map((s) => s.id));
  if (platform.size === 0) return findings;
  const byRule = new Map<string, { finding: Finding; service: string }[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    const service = serviceOf(model, f)?.[0];
    if (!service || !platform.has(service)) {
      out.push(f);
      continue;
    }
    byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), { finding: f, service }]);
  }
  for (const [ruleId, members] of byRule) {
    if (members.length === 1) {
      out.push(members[0]!.finding);
      continue;
    }
    members.sort((a, b) => compareSources(a.finding.locations[0]!, b.finding.locations[0]!));
    const lead = members[0]!.finding;
    const names = [...new Set(members.map((m) => m.service))].sort();
    out.push({
      ...lead,
      message: `${members.length} findings on ${names.length} platform component${names.length === 1 ? '' : 's'} (logging, monitoring, tracing: ${names.join(', ')}), e.g. ${lead.message}`,
      element: `platform#${ruleId}`,
      locations: uniqueLocations(members.flatMap((m) => m.finding.locations)),
      data: { ...(lead.data ?? {}), platformComponents: names },
      fingerprint: hash('sha256', `${ruleId}\u0000platform`, 'hex').slice(0, 16),
    });
  }
  return out;
}

/** A message with namespaces and paths left out: copies that differ only there say the same. */
function comparable(message: string): string {
  return message.replace(/\b[\w.-]+\//g, '');
}

function familyOf(d: Deployment): string {
  return d.kind === 'compose' ? 'compose' : 'kubernetes';
}

function rank(deployments: Deployment[], order: Map<string, number>): number {
  return deployments.length ? Math.min(...deployments.map((d) => order.get(d.id)!)) : -1;
}

function uniqueById(list: Deployment[]): Deployment[] {
  return [...new Map(list.map((d) => [d.id, d])).values()];
}

function uniqueLocations(list: Finding['locations']): Finding['locations'] {
  const seen = new Map<string, Finding['locations'][number]>();
  for (const l of list) seen.set(`${l.file}:${l.line}:${l.column ?? 0}`, l);
  return [...seen.values()].sort(compareSources);
}

/** Deployments that run each service (non-test ones only: a load test not running it says nothing). */
function serviceDeployments(model: SystemModel): Map<string, Deployment[]> {
  const byId = new Map((model.deployments ?? []).map((d) => [d.id, d]));
  const out = new Map<string, Deployment[]>();
  for (const d of model.deployables) {
    const dep = d.deployment ? byId.get(d.deployment) : undefined;
    if (!dep || isTestEnvironment(dep.environment)) continue;
    const list = out.get(d.serviceId) ?? [];
    if (!list.includes(dep)) list.push(dep);
    out.set(d.serviceId, list);
  }
  return out;
}

/** The services a workload finding is about: its element names a deployable (`<deployable id>#…`). */
function serviceOf(model: SystemModel, finding: Finding): string[] | undefined {
  const element = finding.element;
  if (!element) return undefined;
  const hashAt = element.indexOf('#');
  const head = hashAt < 0 ? element : element.slice(0, hashAt);
  for (const d of model.deployables) {
    if (head === d.id || head.startsWith(`${d.id}/`)) return [d.serviceId];
  }
  return undefined;
}

/**
 * The model without the objects of test and local deployments (the default review): a protection that
 * only a test overlay enables (`kustomize/tests/…-with-all-components`) must not hide its absence from the
 * deployments that ship. Unchanged when there is no such deployment, or only such deployments.
 */
export function withoutTestDeployments(model: SystemModel): SystemModel {
  const tests = new Set(
    (model.deployments ?? []).filter((d) => isTestEnvironment(d.environment)).map((d) => d.id),
  );
  if (tests.size === 0 || tests.size === (model.deployments ?? []).length) return model;
  return { ...model, ...deployedWhere(model, (deployment) => !tests.has(deployment)) };
}

/** The deployed collections keeping the objects of no deployment and of the deployments `wanted` accepts. */
function deployedWhere(model: SystemModel, wanted: (deployment: string) => boolean): DeployedCollections {
  const kept: Partial<Record<keyof DeployedCollections, { deployment?: string }[]>> = {};
  for (const key of DEPLOYED_COLLECTIONS)
    kept[key] = model[key].filter((item) => !item.deployment || wanted(item.deployment));
  return kept as DeployedCollections;
}

/** The model restricted to one deployment's objects (`review --deployment <name>`); undefined when none matches. */
export function restrictToDeployment(model: SystemModel, name: string): SystemModel | undefined {
  const n = name.replace(/\/+$/, '');
  const target = (model.deployments ?? []).find(
    (d) => d.id === name || d.name.replace(/\/+$/, '') === n || d.root === n,
  );
  if (!target) return undefined;
  const kept = deployedWhere(model, (deployment) => deployment === target.id);
  const running = new Set(kept.deployables.map((d) => d.serviceId));
  const deployed = new Set(model.deployables.map((d) => d.serviceId));
  const services = model.services.filter((s) => running.has(s.id) || !deployed.has(s.id));
  const ids = new Set(services.map((s) => s.id));
  return {
    ...model,
    deployments: (model.deployments ?? []).filter((d) => d.id === target.id),
    services,
    ...kept,
    dependencies: model.dependencies.filter(
      (d) => (ids.has(d.from) || !deployed.has(d.from)) && (ids.has(d.to) || !deployed.has(d.to)),
    ),
  };
}
