/**
 * AsyncAPI after merge: find the service that owns each AsyncAPI document (explicit `x-service`, else the
 * title or a directory of the file matched against discovered services), fill the producers and consumers of
 * its channels, unite the same channel described by several documents into one topic, and add an async
 * dependency from every producer to every consumer of a topic.
 */
import { asyncDirection } from './async-direction.js';
import { compactKey, matchService, type ServiceNameIndex, serviceNameIndex } from './infer-grpc.js';
import { isStoreRole } from './roles.js';
import type { Api, Dependency, Service, SystemModel, Topic } from './schema.js';

const PROTOCOLS: Record<string, Dependency['protocol']> = {
  kafka: 'kafka',
  'kafka-secure': 'kafka',
  amqp: 'amqp',
  amqps: 'amqp',
  nats: 'nats',
  redis: 'redis',
  http: 'http',
  https: 'http',
};

export function mapAsyncApisToServices(model: SystemModel): void {
  const asyncApis = model.apis.filter((a) => a.kind === 'asyncapi');
  if (asyncApis.length === 0) return;
  // brokers and stores never own an application's event contract
  const owners = model.services.filter((s) => !isStoreRole(s.role) && s.role !== 'tooling');
  const index = serviceNameIndex(owners);
  const byId = new Map(model.services.map((s) => [s.id, s]));
  for (const api of asyncApis) {
    const service = api.serviceId ? byId.get(api.serviceId) : ownerByName(index, api);
    if (!service) continue;
    api.serviceId = service.id;
    if (!service.apis.includes(api.id)) service.apis = [...service.apis, api.id].sort();
  }

  model.topics = uniteTopics(model.topics);
  const topics = new Map(model.topics.map((t) => [t.name, t]));
  const apiById = new Map(asyncApis.map((a) => [a.id, a]));
  for (const op of model.operations) {
    const api = apiById.get(op.apiId);
    const topic = topics.get(op.path);
    if (!api?.serviceId || !topic) continue;
    const direction = asyncDirection(op.method);
    const list =
      direction === 'produces' ? topic.producers : direction === 'consumes' ? topic.consumers : undefined;
    if (list && !list.includes(api.serviceId)) list.push(api.serviceId);
  }

  const seen = new Set(model.dependencies.map((d) => `${d.from}>${d.to}>${d.via}`));
  for (const topic of model.topics) {
    topic.producers.sort();
    topic.consumers.sort();
    const protocol = protocolOf(topic, model.operations, apiById);
    for (const from of topic.producers) {
      for (const to of topic.consumers) {
        if (from === to) continue;
        const key = `${from}>${to}>asyncapi`;
        if (seen.has(key)) continue;
        seen.add(key);
        model.dependencies.push({
          from,
          to,
          protocol,
          kind: 'async',
          via: 'asyncapi',
          evidence: `${topic.kind} ${topic.name}`,
          source: topic.source,
        });
      }
    }
  }
}

/** Title ("Orders Service Events", "Notifications API") or the nearest directory named like a service. */
function ownerByName(index: ServiceNameIndex, api: Api): Service | undefined {
  const title = api.title.replace(/\b(async\s*api|events?|api|messages?|spec)\b/gi, ' ').trim();
  const fromTitle = title ? matchService(index, title) : undefined;
  if (fromTitle) return fromTitle;
  const dirs = api.file.split('/').slice(0, -1).reverse();
  for (const dir of dirs) {
    if (compactKey(dir).length < 3) continue;
    const hit = matchService(index, dir);
    if (hit) return hit;
  }
  return undefined;
}

function uniteTopics(topics: Topic[]): Topic[] {
  const byId = new Map<string, Topic>();
  for (const t of topics) {
    const seen = byId.get(t.id);
    if (!seen) {
      byId.set(t.id, {
        ...t,
        producers: [...t.producers],
        consumers: [...t.consumers],
        messageTypes: [...t.messageTypes],
      });
      continue;
    }
    seen.producers = [...new Set([...seen.producers, ...t.producers])];
    seen.consumers = [...new Set([...seen.consumers, ...t.consumers])];
    seen.messageTypes = [...new Set([...seen.messageTypes, ...t.messageTypes])].sort();
    seen.deadLetter ??= t.deadLetter;
    seen.datastoreId ??= t.datastoreId;
    if (seen.kind === 'channel') seen.kind = t.kind;
  }
  return [...byId.values()];
}

function protocolOf(
  topic: Topic,
  operations: SystemModel['operations'],
  apis: Map<string, Api>,
): Dependency['protocol'] {
  for (const op of operations) {
    if (op.path !== topic.name) continue;
    const server = apis.get(op.apiId)?.servers[0];
    const scheme = server?.slice(0, server.indexOf('://'));
    if (scheme && PROTOCOLS[scheme]) return PROTOCOLS[scheme];
  }
  return 'unknown';
}
