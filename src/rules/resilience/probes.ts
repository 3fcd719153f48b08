/** Shared check for the probe rules: which serving containers lack a given probe. */
import type { Container, SystemModel } from '../../model/schema.js';
import type { Said } from '../messages.js';
import { kindLabel, kindsPlural, servingWorkloads } from '../shared/workloads.js';
import type { FindingDraft, RuleOutcome } from '../types.js';

export type ProbeField = 'readinessProbe' | 'livenessProbe';

/** A Kubernetes Deployment + Service pair, with `probes` inserted into the container (indented 8 spaces). */
export function exampleManifest(probes: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: orders',
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    '      app: orders',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: orders',
    '    spec:',
    '      containers:',
    '      - name: orders',
    '        image: shop/orders:1.4.0',
    '        ports:',
    '        - containerPort: 8080',
    ...(probes ? [probes] : []),
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: orders',
    'spec:',
    '  selector:',
    '    app: orders',
    '  ports:',
    '  - port: 8080',
    '    targetPort: 8080',
    '',
  ].join('\n');
}

export function checkProbes(
  model: SystemModel,
  field: ProbeField,
  describe: (workload: string, containers: Container[]) => Said,
): RuleOutcome {
  const workloads = servingWorkloads(model);
  const findings: FindingDraft[] = [];
  for (const d of workloads) {
    const missing = d.containers.filter((c) => !c.init && !c[field]);
    if (missing.length === 0) continue;
    findings.push({
      ...describe(kindLabel(d), missing),
      locations: missing.map((c) => c.source),
      element: `${d.id}#${field}`,
      data: { workload: d.id, containers: missing.map((c) => c.name) },
    });
  }
  const noun = field === 'readinessProbe' ? 'readiness' : 'liveness';
  return {
    findings,
    strength:
      workloads.length > 0 && findings.length === 0
        ? workloads.length === 1
          ? `The one ${workloads[0]?.kind} that serves traffic declares a ${noun} probe`
          : `All ${workloads.length} ${kindsPlural(workloads)} that serve traffic declare ${noun} probes`
        : undefined,
  };
}

export function containerList(containers: Container[]): string {
  return containers.map((c) => `\`${c.name}\``).join(', ');
}
