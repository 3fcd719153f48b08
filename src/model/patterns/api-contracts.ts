/**
 * API contracts: the application services other services call publish a machine-readable contract (gRPC
 * `.proto`, OpenAPI, AsyncAPI, GraphQL) tied to the service. Named after the kinds seen (`gRPC contracts`).
 * Partial when some called services have none.
 */

import { applicationRoleIds } from '../roles.js';
import type { PatternEvidence } from '../schema.js';
import { evidence, names, type PatternRecognizer, plural, sortedUnique } from './types.js';

const KIND_NAME: Record<string, string> = {
  grpc: 'gRPC',
  openapi: 'OpenAPI',
  asyncapi: 'AsyncAPI',
  graphql: 'GraphQL',
};

export const apiContracts: PatternRecognizer = {
  ids: ['api-contracts'],
  names: { 'api-contracts': 'API contracts' },
  recognize(ctx) {
    const { model, applicationIds: apps } = ctx;
    const withApi = new Map<string, PatternEvidence>();
    const kinds = new Set<string>();
    for (const api of model.apis) {
      if (!api.serviceId || !apps.has(api.serviceId)) continue;
      kinds.add(api.kind);
      if (!withApi.has(api.serviceId))
        withApi.set(
          api.serviceId,
          evidence(`${api.serviceId} serves ${KIND_NAME[api.kind]} ${api.title}`, api.source),
        );
    }
    if (withApi.size === 0) return [];
    const called = sortedUnique(
      model.dependencies
        .filter(
          (d) =>
            (d.kind === 'sync' || d.kind === 'async') &&
            apps.has(d.to) &&
            d.from !== d.to &&
            ctx.business.has(d.from),
        )
        .map((d) => d.to),
    );
    const missing = called.filter((id) => !withApi.has(id));
    const kindNames = [...kinds].map((k) => KIND_NAME[k] ?? k).sort();
    return [
      {
        id: 'api-contracts',
        name:
          kindNames.length === 1 ? `${kindNames[0]} contracts` : `API contracts (${kindNames.join(', ')})`,
        status: missing.length ? 'partial' : 'applied',
        services: sortedUnique(withApi.keys()),
        evidence: [...withApi.values()],
        gaps: missing.map((id) => ({
          text: `${id} is called by other services but publishes no contract`,
          source: model.services.find((s) => s.id === id)!.source,
        })),
        notes: missing.length
          ? `${plural(withApi.size, 'application service')} publish${withApi.size === 1 ? 'es' : ''} contracts; ${plural(missing.length, 'called service')} do${missing.length === 1 ? 'es' : ''} not: ${names(missing)}`
          : `${plural(withApi.size, 'service')} publish${withApi.size === 1 ? 'es' : ''} ${kindNames.join(' and ')} contracts${called.length ? `, covering every service others call` : ''}`,
      },
    ];
  },
  expected(model) {
    const apps = applicationRoleIds(model);
    const called = sortedUnique(
      model.dependencies
        .filter((d) => d.kind === 'sync' && apps.has(d.to) && d.from !== d.to)
        .map((d) => d.to),
    );
    return {
      'api-contracts':
        called.length >= 2
          ? `${plural(called.length, 'application service')} are called by others`
          : undefined,
    };
  },
};
