import { formatSource } from '../model/provenance.js';
import type { SystemModel } from '../model/schema.js';
import { safeStrings } from './sanitize.js';

/** A human-readable overview of a discovered model: what was read, the services and their edges. */
export function renderModelSummary(unsafe: SystemModel): string {
  // repository strings: controls, newlines and bidi characters shown escaped (sanitize.ts)
  const model = safeStrings(unsafe);
  const out: string[] = [`System: ${model.name}`, ''];
  const kinds = new Map<string, number>();
  for (const a of model.artifacts) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  const diagsByKind = new Map<string, number>();
  for (const d of model.diagnostics) diagsByKind.set(d.origin, (diagsByKind.get(d.origin) ?? 0) + 1);
  out.push('Files read:');
  for (const [kind, n] of [...kinds].sort())
    out.push(`  ${kind.padEnd(12)} ${String(n).padStart(5)}   diagnostics ${diagsByKind.get(kind) ?? 0}`);
  out.push('');
  if ((model.deployments ?? []).length) {
    out.push(`Deployments (${(model.deployments ?? []).length}; * = primary):`);
    const workloads = new Map<string, number>();
    for (const d of model.deployables)
      if (d.deployment) workloads.set(d.deployment, (workloads.get(d.deployment) ?? 0) + 1);
    for (const d of model.deployments ?? []) {
      out.push(
        `  ${d.primary ? '*' : ' '} ${d.name.padEnd(44)} ${d.kind.padEnd(9)} ${d.environment.padEnd(11)} ${String(workloads.get(d.id) ?? 0).padStart(3)} workloads`,
      );
      for (const o of d.options)
        out.push(`      option ${o.kind} ${o.name}${o.provides.length ? ` → ${o.provides.join(', ')}` : ''}`);
    }
    out.push('');
  }
  out.push(`Services (${model.services.length}):`);
  for (const s of model.services)
    out.push(`  ${s.name.padEnd(28)} ${s.role.padEnd(12)} ${formatSource(s.source)}`);
  out.push('');
  out.push(`Dependencies (${model.dependencies.length}):`);
  for (const d of model.dependencies)
    out.push(`  ${d.from} -> ${d.to} [${d.protocol}, ${d.via}] ${formatSource(d.source)}`);
  if (model.datastores.length) {
    out.push('', `Datastores (${model.datastores.length}):`);
    for (const d of model.datastores)
      out.push(`  ${d.name.padEnd(28)} ${d.engine.padEnd(14)} used by ${d.usedBy.join(', ') || '-'}`);
  }
  if (model.apis.length) {
    out.push('', `APIs (${model.apis.length}):`);
    for (const a of model.apis) out.push(`  ${a.kind.padEnd(9)} ${a.title} ${formatSource(a.source)}`);
  }
  if (model.diagnostics.length) {
    out.push('', `Diagnostics (${model.diagnostics.length}):`);
    for (const d of model.diagnostics)
      out.push(`  ${d.severity} ${formatSource({ file: d.file, line: d.line ?? 1 })} ${d.message}`);
  }
  return `${out.join('\n')}\n`;
}
