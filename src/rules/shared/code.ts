/** Code facts as rules read them: calls a service makes to another service, with where they sit. */
import type { CodeFact, SystemModel } from '../../model/schema.js';

export interface ServiceCall {
  fact: CodeFact;
  from: string;
  to: string;
}

/** HTTP and gRPC call sites attributed to a service whose target resolved to another service. */
export function serviceCalls(model: SystemModel): ServiceCall[] {
  const services = new Map(model.services.map((s) => [s.id, s]));
  const out: ServiceCall[] = [];
  for (const fact of model.codeFacts) {
    if (fact.kind !== 'http-call' && fact.kind !== 'grpc-call') continue;
    if (!fact.serviceId || !fact.targetId || fact.targetId === fact.serviceId) continue;
    const target = services.get(fact.targetId);
    if (!target || target.role === 'tooling') continue;
    out.push({ fact, from: fact.serviceId, to: fact.targetId });
  }
  return out;
}

/** `a/b/OrderService.java:30` */
export function at(fact: CodeFact): string {
  return `${fact.source.file}:${fact.source.line}`;
}

/** Example system files: a compose file building each named service from its folder, plus the given sources. */
export function codeExample(services: string[], sources: Record<string, string>): Record<string, string> {
  const compose = `services:\n${services.map((s) => `  ${s}:\n    build: ./${s}\n`).join('')}`;
  return { 'docker-compose.yml': compose, ...sources };
}
