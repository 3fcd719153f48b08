/**
 * Which service a Dockerfile builds: the service whose build context (compose `build:`) is the Dockerfile's
 * directory, else the one service named like that directory (`src/cartservice/Dockerfile` → cartservice).
 * Left unset when nothing or more than one service matches.
 */
import { compactKey, matchService, serviceNameIndex } from './infer-grpc.js';
import type { SystemModel } from './schema.js';

function normaliseDir(dir: string): string {
  const d = dir
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  return d === '' ? '.' : d;
}

export function associateImages(model: SystemModel): void {
  if (model.images.length === 0) return;
  const byContext = new Map<string, string[]>();
  for (const s of model.services) {
    for (const ctx of s.buildContexts) {
      const key = normaliseDir(ctx);
      byContext.set(key, [...(byContext.get(key) ?? []), s.id]);
    }
  }
  const index = serviceNameIndex(model.services.filter((s) => s.role !== 'datastore' && s.role !== 'cache'));
  for (const image of model.images) {
    if (image.serviceId) continue;
    const context = normaliseDir(image.context);
    const owners = byContext.get(context);
    if (owners?.length === 1) {
      image.serviceId = owners[0];
      continue;
    }
    if (owners && owners.length > 1) continue;
    const dir = context.slice(context.lastIndexOf('/') + 1);
    if (dir === '.' || compactKey(dir).length < 3) continue;
    const service = matchService(index, dir);
    if (!service) continue;
    image.serviceId = service.id;
    if (!service.buildContexts.includes(context)) service.buildContexts = [...service.buildContexts, context];
  }
}
