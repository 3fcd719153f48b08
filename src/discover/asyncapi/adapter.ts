/**
 * AsyncAPI 2.x / 3.x adapter: channels become topics, channel operations become operations, and the owning
 * application (when known) becomes producer or consumer. Direction follows each version's own semantics:
 * - 2.x `subscribe`: messages the application PRODUCES (others subscribe); `publish`: messages it CONSUMES.
 * - 3.x `action: send`: the application produces; `action: receive`: it consumes.
 * The owner comes from `x-service` (root or info); otherwise src/model/infer-asyncapi.ts matches the title
 * or the file's directories against discovered services after merge.
 */

import { asyncDirection } from '../../model/async-direction.js';
import { toId } from '../../model/provenance.js';
import type { Api, Diagnostic, Operation, Source, Topic } from '../../model/schema.js';
import { isObj } from '../../model/values.js';
import { contractOf, declineUnclassified, mayBeContract } from '../contract-detect.js';
import { type PathSegment, parseStructured, type StructuredDocument } from '../parse/structured.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';
import { findDeadLetter } from './dead-letter.js';

type Obj = Record<string, unknown>;

export const asyncapiAdapter: Adapter = {
  kind: 'asyncapi',
  claims: (path, head, text) => /\.(ya?ml|json)$/i.test(path) && mayBeContract('asyncapi', text ?? head),
  parse: parseAsyncApiFile,
};

/** Whether a text could be an AsyncAPI document (the cheap pre-check; the parsed document decides). */
export function looksLikeAsyncApi(text: string): boolean {
  return mayBeContract('asyncapi', text);
}

export { type AsyncDirection, asyncDirection } from '../../model/async-direction.js';

export function parseAsyncApiFile(file: SourceFile): Fragment {
  const path = file.path;
  const outcome = parseStructured(path, file.text, 'asyncapi');
  const doc = outcome.documents.find((d) => contractOf(d.data)?.kind === 'asyncapi');
  if (!doc) return declineUnclassified('asyncapi', path, file.text, outcome);
  const diagnostics: Diagnostic[] = [...outcome.diagnostics];
  const data = doc.data as Obj;
  const specVersion = contractOf(data)!.version;
  const major = Number.parseInt(specVersion, 10);
  if (major !== 2 && major !== 3) {
    diagnostics.push({
      severity: 'warning',
      file: path,
      line: doc.locate(['asyncapi']).line,
      message: `AsyncAPI ${specVersion} is not supported (2.x and 3.x are); channels not read`,
      origin: 'asyncapi',
    });
    return { diagnostics };
  }
  const info = isObj(data.info) ? data.info : {};
  const apiId = `asyncapi:${path}`;
  const explicitOwner = stringOf(data['x-service']) ?? stringOf(info['x-service']);
  const owner = explicitOwner ? toId(explicitOwner) : undefined;
  const at = (p: PathSegment[]): Source => {
    const loc = doc.locate(p);
    return { file: loc.file, line: loc.line };
  };
  const ctx: Ctx = {
    doc,
    data,
    apiId,
    owner,
    at,
    protocol: serverProtocol(data),
    topics: new Map(),
    operations: [],
  };
  if (!isObj(data.channels) && data.channels !== undefined) {
    diagnostics.push({
      severity: 'error',
      file: path,
      line: at(['channels']).line,
      message: '`channels` must be a mapping',
      origin: 'asyncapi',
    });
  }
  if (major === 2) readV2(ctx);
  else readV3(ctx, diagnostics);

  const api: Api = {
    id: apiId,
    kind: 'asyncapi',
    title: stringOf(info.title) ?? path,
    version: stringOf(info.version),
    specVersion,
    file: path,
    serviceId: owner,
    servers: servers(data),
    securitySchemes: securitySchemes(data),
    source: at(['asyncapi']),
  };
  return {
    apis: [api],
    operations: ctx.operations,
    topics: [...ctx.topics.values()],
    diagnostics,
    documents: [{ kind: 'asyncapi', apiId, document: doc }],
  };
}

interface Ctx {
  doc: StructuredDocument;
  data: Obj;
  apiId: string;
  owner?: string;
  protocol?: string;
  at: (p: PathSegment[]) => Source;
  topics: Map<string, Topic>;
  operations: Operation[];
}

function readV2(ctx: Ctx): void {
  const channels = isObj(ctx.data.channels) ? ctx.data.channels : {};
  for (const [address, rawChannel] of Object.entries(channels)) {
    const channel = deref(ctx.data, rawChannel);
    if (!isObj(channel)) continue;
    const topic = ensureTopic(ctx, address, channel, ['channels', address]);
    for (const verb of ['publish', 'subscribe'] as const) {
      const op = deref(ctx.data, channel[verb]);
      if (!isObj(op)) continue;
      const messages = messageNames(ctx.data, op.message);
      addMessages(topic, messages);
      const dl = findDeadLetter(op);
      if (dl && !topic.deadLetter) topic.deadLetter = dl;
      addOperation(ctx, verb.toUpperCase(), address, op, ['channels', address, verb], topic);
    }
  }
}

function readV3(ctx: Ctx, diagnostics: Diagnostic[]): void {
  const channels = isObj(ctx.data.channels) ? ctx.data.channels : {};
  const addressOf = new Map<string, string>();
  for (const [channelId, rawChannel] of Object.entries(channels)) {
    const channel = deref(ctx.data, rawChannel);
    if (!isObj(channel)) continue;
    const address = typeof channel.address === 'string' ? channel.address : channelId;
    addressOf.set(channelId, address);
    const topic = ensureTopic(ctx, address, channel, ['channels', channelId]);
    const messages = isObj(channel.messages)
      ? Object.entries(channel.messages).map(
          ([key, m]) => refName(m) ?? messageName(deref(ctx.data, m)) ?? key,
        )
      : [];
    addMessages(topic, messages);
  }
  const operations = isObj(ctx.data.operations) ? ctx.data.operations : {};
  for (const [operationId, rawOp] of Object.entries(operations)) {
    const op = deref(ctx.data, rawOp);
    if (!isObj(op)) continue;
    const action = op.action === 'send' || op.action === 'receive' ? op.action : undefined;
    const channelRef = isObj(op.channel) ? op.channel.$ref : undefined;
    const channelId = typeof channelRef === 'string' ? channelRef.replace(/^#\/channels\//, '') : undefined;
    const address = channelId ? (addressOf.get(unescapePointer(channelId)) ?? channelId) : undefined;
    if (!action || !address) {
      diagnostics.push({
        severity: 'warning',
        file: ctx.doc.file,
        line: ctx.at(['operations', operationId]).line,
        message: `operation ${operationId} needs \`action: send|receive\` and a \`channel\` $ref`,
        origin: 'asyncapi',
      });
      continue;
    }
    const topic = ctx.topics.get(address);
    if (topic && Array.isArray(op.messages)) {
      addMessages(
        topic,
        op.messages.map((m) => refName(m)).filter((m): m is string => m !== undefined),
      );
    }
    const dl = findDeadLetter(op);
    if (topic && dl && !topic.deadLetter) topic.deadLetter = dl;
    addOperation(
      ctx,
      action.toUpperCase(),
      address,
      { ...op, operationId },
      ['operations', operationId],
      topic,
    );
  }
}

function ensureTopic(ctx: Ctx, address: string, channel: Obj, path: PathSegment[]): Topic {
  const existing = ctx.topics.get(address);
  if (existing) return existing;
  const topic: Topic = {
    id: `topic:${address}`,
    name: address,
    kind: topicKind(channel, ctx.protocol),
    producers: [],
    consumers: [],
    deadLetter: findDeadLetter(channel),
    messageTypes: [],
    source: ctx.at(path),
  };
  ctx.topics.set(address, topic);
  return topic;
}

function addOperation(
  ctx: Ctx,
  method: string,
  address: string,
  op: Obj,
  path: PathSegment[],
  topic?: Topic,
): void {
  ctx.operations.push({
    id: `${ctx.apiId}#${method} ${address}`,
    apiId: ctx.apiId,
    method,
    path: address,
    operationId: stringOf(op.operationId),
    summary: stringOf(op.summary) ?? stringOf(op.title),
    tags: Array.isArray(op.tags)
      ? op.tags.map((t) => (isObj(t) ? stringOf(t.name) : undefined)).filter((t) => t !== undefined)
      : [],
    deprecated: op.deprecated === true ? true : undefined,
    parameters: [],
    responses: [],
    security: Array.isArray(op.security)
      ? op.security.map((req) => (isObj(req) ? Object.keys(req) : [])).filter((r) => r.length > 0)
      : undefined,
    source: ctx.at(path),
  });
  if (!topic || !ctx.owner) return;
  const direction = asyncDirection(method);
  const list =
    direction === 'produces' ? topic.producers : direction === 'consumes' ? topic.consumers : undefined;
  if (list && !list.includes(ctx.owner)) list.push(ctx.owner);
}

function addMessages(topic: Topic, names: string[]): void {
  for (const n of names) if (!topic.messageTypes.includes(n)) topic.messageTypes.push(n);
  topic.messageTypes.sort();
}

/** Message names from a 2.x operation `message`: a $ref, an inline message, or `oneOf` of either. */
function messageNames(root: Obj, message: unknown): string[] {
  if (message === undefined) return [];
  if (isObj(message) && Array.isArray(message.oneOf))
    return message.oneOf.flatMap((m) => messageNames(root, m));
  const ref = refName(message);
  if (ref) return [ref];
  const name = messageName(message);
  return name ? [name] : ['(anonymous)'];
}

function messageName(message: unknown): string | undefined {
  if (!isObj(message)) return undefined;
  return stringOf(message.name) ?? stringOf(message.messageId) ?? stringOf(message.title);
}

function refName(value: unknown): string | undefined {
  if (!isObj(value) || typeof value.$ref !== 'string') return undefined;
  const last = value.$ref.slice(value.$ref.lastIndexOf('/') + 1);
  return last ? unescapePointer(last) : undefined;
}

/** Follow local `#/...` $refs (bounded, so a cycle cannot loop). External refs stay as they are. */
export function deref(root: Obj, value: unknown, depth = 0): unknown {
  if (depth > 10 || !isObj(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/'))
    return value;
  let node: unknown = root;
  for (const seg of value.$ref.slice(2).split('/')) {
    if (!isObj(node)) return value;
    node = node[unescapePointer(seg)];
  }
  return node === undefined ? value : deref(root, node, depth + 1);
}

function unescapePointer(seg: string): string {
  return decodeURIComponent(seg).replace(/~1/g, '/').replace(/~0/g, '~');
}

const TOPIC_PROTOCOLS = new Set([
  'kafka',
  'kafka-secure',
  'mqtt',
  'mqtt5',
  'nats',
  'pulsar',
  'sns',
  'googlepubsub',
  'solace',
]);

function topicKind(channel: Obj, protocol: string | undefined): Topic['kind'] {
  const bindings = isObj(channel.bindings) ? channel.bindings : {};
  const amqp = isObj(bindings.amqp) ? bindings.amqp : undefined;
  if (amqp?.is === 'queue') return 'queue';
  if (amqp?.is === 'routingKey') return 'exchange';
  if (bindings.sqs || bindings.ibmmq) return 'queue';
  if (bindings.kafka || bindings.mqtt || bindings.nats || bindings.sns || bindings.googlepubsub)
    return 'topic';
  if (protocol === 'sqs' || protocol === 'ibmmq' || protocol === 'jms') return 'queue';
  if (protocol && TOPIC_PROTOCOLS.has(protocol)) return 'topic';
  if (protocol === 'amqp' || protocol === 'amqps') return 'exchange';
  return 'channel';
}

function serverProtocol(data: Obj): string | undefined {
  if (!isObj(data.servers)) return undefined;
  for (const server of Object.values(data.servers)) {
    const s = deref(data, server);
    if (isObj(s) && typeof s.protocol === 'string') return s.protocol.toLowerCase();
  }
  return undefined;
}

function servers(data: Obj): string[] {
  if (!isObj(data.servers)) return [];
  const out: string[] = [];
  for (const server of Object.values(data.servers)) {
    const s = deref(data, server);
    if (!isObj(s)) continue;
    const host = stringOf(s.url) ?? [stringOf(s.host), stringOf(s.pathname)].filter(Boolean).join('');
    if (!host) continue;
    const protocol = stringOf(s.protocol);
    out.push(protocol && !host.includes('://') ? `${protocol}://${host}` : host);
  }
  return out.sort();
}

function securitySchemes(data: Obj): Api['securitySchemes'] {
  const components = isObj(data.components) ? data.components : {};
  const schemes = isObj(components.securitySchemes) ? components.securitySchemes : {};
  return Object.entries(schemes)
    .map(([name, raw]) => {
      const s = deref(data, raw);
      if (!isObj(s)) return undefined;
      return {
        name,
        type: stringOf(s.type) ?? 'unknown',
        in: stringOf(s.in),
        scheme: stringOf(s.scheme),
        flows: isObj(s.flows) ? Object.keys(s.flows).sort() : undefined,
      };
    })
    .filter((s) => s !== undefined);
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
}
