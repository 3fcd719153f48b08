/**
 * Which service serves each OpenAPI and GraphQL contract: the one its `x-service` names, else the one service
 * its title (`Orders API` → orders) or its file name or folder (`api/orders.openapi.yaml`, `services/orders/…`)
 * names. Only an unambiguous match is recorded; stores never own a contract.
 */
import { compactKey, matchService, serviceNameIndex } from './infer-grpc.js';
import { isStoreRole } from './roles.js';
import type { Api, Service, SystemModel } from './schema.js';

const GENERIC = new Set([
  'api',
  'apis',
  'openapi',
  'swagger',
  'spec',
  'specs',
  'schema',
  'graphql',
  'contracts',
  'docs',
  'src',
  'v1',
  'v2',
  'v3',
]);

function candidateNames(api: Api): string[] {
  const title = api.title.replace(/\b(api|service|rest|http|graphql|openapi)\b/gi, ' ').trim();
  const parts = api.file.split('/');
  const base = (parts.pop() ?? '').replace(
    /\.(openapi|swagger|schema|api)?\.?(ya?ml|json|graphqls?|gql)$/i,
    '',
  );
  const names = [title, base, ...parts.reverse()];
  return names.filter((n) => n && compactKey(n).length >= 3 && !GENERIC.has(n.toLowerCase()));
}

export function mapContractApisToServices(model: SystemModel): void {
  const owners = model.services.filter((s) => !isStoreRole(s.role));
  const index = serviceNameIndex(owners);
  const byId = new Map(model.services.map((s) => [s.id, s]));
  for (const api of model.apis) {
    if (api.kind !== 'openapi' && api.kind !== 'graphql') continue;
    let service: Service | undefined = api.serviceId ? byId.get(api.serviceId) : undefined;
    if (!api.serviceId) {
      for (const name of candidateNames(api)) {
        service = matchService(index, name);
        if (service) break;
      }
    }
    if (!service) continue;
    api.serviceId = service.id;
    if (!service.apis.includes(api.id)) service.apis = [...service.apis, api.id].sort();
  }
}
