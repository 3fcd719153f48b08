/**
 * Code facts from one source file, read from its syntax tree (ast-grep / tree-sitter): address literals and
 * constants, HTTP and gRPC client calls, broker producers and consumers with their topic/queue/exchange,
 * store client construction, timeout settings, and saga/outbox/compensation vocabulary. Each fact keeps
 * file:line, the name the literal is bound to, the enclosing function, and whether the call sits in a loop.
 * Only the literal text is recorded here; src/model/infer-code.ts ties the file to a service and resolves
 * hosts into edges once the whole system is known.
 */
import type { SgNode } from '@ast-grep/napi';
import { endpointsIn, isAddressKey } from '../../model/infer-endpoints.js';
import type { CodeFact } from '../../model/schema.js';
import type { CodeLanguage } from './languages.js';
import { parseCode } from './languages.js';
import {
  type Arg,
  bindingName,
  type CallParts,
  callParts,
  kindOf,
  lastName,
  SYNTAX,
  stringValue,
} from './syntax.js';

/**
 * Cheap text test before parsing: a file with no URL, no host:port and none of the client APIs' names cannot
 * hold a code fact. Most source files of an ordinary service fail it.
 */
const MAY_HOLD_FACTS =
  /:\/\/|["'`][\w.-]+:\d{2,5}["'`/]|FeignClient|KafkaListener|RabbitListener|JmsListener|RestTemplate|WebClient|HttpClient|IHttpClientFactory|requests\.|httpx|aiohttp|axios|fetch\(|got\(|grpc|Grpc|ChannelBuilder|Dial|Kafka|kafka|Rabbit|rabbit|amqp|Amqp|sarama|confluent|nats|Mongo|mongo|redis|Redis|sql\.Open|gorm|create_engine|psycopg|DriverManager|Npgsql|SqlConnection|[Tt]imeout|[Ss]aga|[Oo]utbox|[Cc]ompensat|IntegrationEventLog|[Ii]dempoten|[Dd]ead_?[Ll]etter|ReadModel|Projection|QueryHandler|CommandHandler|CircuitBreaker|Polly|[Rr]esilience4j|Hystrix|gobreaker|RetryPolicy|@Retryable|tenacity|HealthChecks/;

export function mayHoldCodeFacts(text: string): boolean {
  return MAY_HOLD_FACTS.test(text);
}

interface Classified {
  kind: CodeFact['kind'];
  client: string;
  method?: string;
  broker?: string;
  /** Which argument holds the target: index, or a key of a named argument / options object. */
  target?: number | (string | number)[];
}

type Rule = [receiver: RegExp | null, name: RegExp, classify: (c: CallParts) => Classified | undefined];

const HTTP_VERB: Record<string, string> = {
  get: 'GET',
  head: 'HEAD',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  options: 'OPTIONS',
};

function verbOf(name: string): string | undefined {
  const m = /^(get|head|post|put|patch|delete|options)/i.exec(name);
  return m ? HTTP_VERB[(m[1] as string).toLowerCase()] : undefined;
}

const http =
  (client: string, method?: string, target: number | string[] = 0) =>
  (): Classified => ({
    kind: 'http-call',
    client,
    ...(method ? { method } : {}),
    target,
  });

const RULES: Rule[] = [
  // Spring RestTemplate, WebClient, Feign builders, JAX-RS clients
  [
    /rest|template/i,
    /^(get|post|put|patch|delete)For\w+$|^(put|delete)$/,
    (c) => http('RestTemplate', verbOf(c.name))(),
  ],
  [/rest|template/i, /^exchange$/, (c) => http('RestTemplate', httpMethodArg(c))()],
  [
    /client|web/i,
    /^uri$/,
    (c) => http('WebClient', /\.(get|post|put|patch|delete)\(\)/i.exec(c.receiver)?.[1]?.toUpperCase())(),
  ],
  [/WebClient|builder/i, /^(create|baseUrl)$/, http('WebClient')],
  [/ClientBuilder|target/i, /^target$/, http('JAX-RS')],
  // Go net/http and resty
  [/^http$/, /^(Get|Head|Post|PostForm)$/, (c) => http('net/http', verbOf(c.name))()],
  [
    /^http$/,
    /^NewRequest(WithContext)?$/,
    (c) =>
      http(
        'net/http',
        stringArg(c, c.name.endsWith('Context') ? 1 : 0)?.toUpperCase(),
        c.name.endsWith('Context') ? 2 : 1,
      )(),
  ],
  [/client/i, /^(Get|Post|Head)$/, (c) => http('net/http', verbOf(c.name))()],
  [/^resty|\.R\(\)$/i, /^(Get|Post|Put|Patch|Delete)$/, (c) => http('resty', verbOf(c.name))()],
  // Python requests / httpx / aiohttp
  [
    /^requests$/,
    /^(get|post|put|patch|delete|head|request)$/,
    (c) =>
      http(
        'requests',
        c.name === 'request' ? stringArg(c, 0)?.toUpperCase() : verbOf(c.name),
        c.name === 'request' ? 1 : 0,
      )(),
  ],
  [/^httpx$/, /^(get|post|put|patch|delete|head|request|stream)$/, (c) => http('httpx', verbOf(c.name))()],
  [/^httpx$/, /^(Client|AsyncClient)$/, () => ({ kind: 'http-call', client: 'httpx', target: ['base_url'] })],
  [
    /session|client|http/i,
    /^(get|post|put|patch|delete|head)$/,
    (c) => http(/aiohttp|session/i.test(c.receiver) ? 'session' : 'http-client', verbOf(c.name))(),
  ],
  // .NET HttpClient
  [
    null,
    /^(Get|Post|Put|Patch|Delete|Send)(Async|FromJsonAsync|AsJsonAsync|StringAsync|StreamAsync|ByteArrayAsync)$/,
    (c) => http('HttpClient', verbOf(c.name))(),
  ],
  [null, /^AddHttpClient$/, () => ({ kind: 'http-call', client: 'IHttpClientFactory', target: 0 })],
  // JS fetch / axios / got / ky
  [/^$/, /^fetch$/, http('fetch')],
  [
    /^(axios|got|ky|superagent)$/,
    /^(get|post|put|patch|delete|head|request)$/,
    (c) => http(c.receiver, verbOf(c.name))(),
  ],
  [/^$/, /^(axios|got|ky)$/, (c) => http(c.name)()],
  [/^axios$/, /^create$/, () => ({ kind: 'http-call', client: 'axios', target: ['baseURL'] })],
  [
    /api|client|http|instance/i,
    /^(get|post|put|patch|delete)$/,
    (c) => http('http-client', verbOf(c.name))(),
  ],
  // gRPC channels
  [
    /^grpc$/,
    /^(Dial|DialContext|NewClient)$/,
    (c) => ({ kind: 'grpc-call', client: 'grpc-go', target: c.name === 'DialContext' ? 1 : 0 }),
  ],
  [
    /ChannelBuilder$/,
    /^(forTarget|forAddress)$/,
    () => ({ kind: 'grpc-call', client: 'grpc-java', target: 0 }),
  ],
  [/^GrpcChannel$/, /^ForAddress$/, () => ({ kind: 'grpc-call', client: 'Grpc.Net', target: 0 })],
  [
    /^grpc(\.aio)?$/,
    /^(insecure_channel|secure_channel)$/,
    () => ({ kind: 'grpc-call', client: 'grpcio', target: 0 }),
  ],
  // Kafka
  [
    /kafka/i,
    /^(send|sendDefault)$/,
    () => ({ kind: 'publish', client: 'KafkaTemplate', broker: 'kafka', target: 0 }),
  ],
  [
    /producer/i,
    /^(send|produce|Produce|ProduceAsync|SendMessage|SendMessages)$/,
    () => ({ kind: 'publish', client: 'kafka-producer', broker: 'kafka', target: ['topic', 0] }),
  ],
  [
    /consumer/i,
    /^(subscribe|Subscribe|run)$/,
    () => ({ kind: 'consume', client: 'kafka-consumer', broker: 'kafka', target: ['topic', 'topics', 0] }),
  ],
  [
    /^$|kafka/,
    /^KafkaConsumer$/,
    () => ({ kind: 'consume', client: 'kafka-python', broker: 'kafka', target: 0 }),
  ],
  // RabbitMQ / AMQP
  [
    /rabbit|amqp/i,
    /^(convertAndSend|send)$/,
    () => ({ kind: 'publish', client: 'RabbitTemplate', broker: 'rabbitmq', target: 0 }),
  ],
  [
    /ch|channel/i,
    /^(publish|Publish|PublishWithContext|basic_publish|BasicPublish|BasicPublishAsync)$/,
    (c) => ({
      kind: 'publish',
      client: 'amqp',
      broker: 'rabbitmq',
      target: ['exchange', c.name === 'PublishWithContext' ? 1 : 0],
    }),
  ],
  [
    /ch|channel/i,
    /^(sendToQueue)$/,
    () => ({ kind: 'publish', client: 'amqp', broker: 'rabbitmq', target: 0 }),
  ],
  [
    /ch|channel/i,
    /^(consume|Consume|basic_consume|BasicConsume|BasicConsumeAsync)$/,
    () => ({ kind: 'consume', client: 'amqp', broker: 'rabbitmq', target: ['queue', 0] }),
  ],
  // Streams and JMS
  [/streamBridge/i, /^send$/, () => ({ kind: 'publish', client: 'StreamBridge', target: 0 })],
  [/jms/i, /^(convertAndSend|send)$/, () => ({ kind: 'publish', client: 'JmsTemplate', target: 0 })],
  // Stores
  [
    null,
    /^(MongoClient|create|connect|createConnection|NewClient|Redis|StrictRedis|from_url|createClient|getConnection|Open|create_engine|Pool|createPool|Connect|NpgsqlConnection|MySqlConnection|SqlConnection|NpgsqlDataSource|ConnectionParameters|URLParameters)$/,
    storeClient,
  ],
];

/** Every API name the rules, timeout setters and env lookups know, followed by its argument list. */
const CALL_NAMES = new RegExp(
  `(${[
    ...RULES.map(([, name]) => name.source),
    '(set)?(connect|read|response|request|call|write|socket)?_?timeout\\w*',
    '(WithTimeout|WithDeadline|withDeadlineAfter|timeout|Timeout)',
    'getenv|Getenv|environ|GetEnvironmentVariable',
  ]
    .map((source) => source.replace(/[\^$]/g, ''))
    .join('|')})\\s*(<[^()]*>)?\\s*\\(`,
);

function storeClient(c: CallParts): Classified | undefined {
  const text = `${c.receiver}.${c.name}`;
  const engines: [RegExp, string][] = [
    [/mongo/i, 'mongodb'],
    [/redis|ConnectionMultiplexer/i, 'redis'],
    [/psycopg|Npgsql|postgres|\bpg\b|asyncpg/i, 'postgres'],
    [/mysql|MySql/i, 'mysql'],
    [/pika|ConnectionParameters|amqp/i, 'rabbitmq'],
    [/SqlConnection|mssql/i, 'sqlserver'],
    [/^sql\.Open$|gorm|DriverManager|create_engine|sqlalchemy/i, 'sql'],
  ];
  const hit = engines.find(([re]) => re.test(text));
  if (!hit) return undefined;
  return {
    kind: 'store-client',
    client: text.replace(/^\./, ''),
    broker: hit[1],
    target: ['url', 'uri', 'host', 'Addr', 'addr', 'connectionString', 0, 1],
  };
}

function stringArg(c: CallParts, index: number): string | undefined {
  const node = c.args.filter((a) => a.key === undefined)[index]?.node;
  if (!node) return undefined;
  const m = /^["'`](\w+)["'`]$/.exec(node.text());
  return m?.[1];
}

function httpMethodArg(c: CallParts): string | undefined {
  for (const a of c.args) {
    const m = /HttpMethod\.(GET|POST|PUT|PATCH|DELETE|HEAD)/.exec(a.node.text());
    if (m) return m[1];
  }
  return undefined;
}

/** Node kinds that set a named value: Go struct fields and assignments (`axios.defaults.timeout = 2000`); an options object counts only for its own call. */
const SETTING_KINDS: Record<CodeLanguage, string[]> = {
  java: ['assignment_expression'],
  kotlin: ['assignment'],
  go: ['keyed_element', 'assignment_statement'],
  csharp: ['assignment_expression'],
  python: ['assignment'],
  javascript: ['assignment_expression'],
  typescript: ['assignment_expression'],
  tsx: ['assignment_expression'],
};

const LOOP_CALLBACKS =
  /^(forEach|ForEach|map|flatMap|Select|SelectMany|each|for_each|parallelStream|forEachOrdered|mapNotNull|onEach)$/;
/** Client timeout setters and deadlines; not JS's `setTimeout`, which is a timer. */
const TIMEOUT_NAME =
  /^(set)?(connect|read|response|request|call|write|socket)?_?timeout(s|Ms|Millis|Seconds)?$|^(WithTimeout|WithDeadline|withDeadlineAfter|timeout|Timeout)$/i;
const TIMEOUT_KEY = /timeout|deadline/i;
/**
 * Pattern vocabulary, one family per pattern: the first word of each family in a file becomes a `pattern` fact
 * (value = the word as written). src/model/patterns/ reads them as evidence of sagas, outboxes, idempotent
 * consumers, dead letters, CQRS, circuit breakers and retries, and health endpoints.
 */
const PATTERN_FAMILIES: RegExp[] = [
  /\b(\w*(?:[Ss]aga|[Cc]ompensat|ProcessManager)\w*)/,
  /\b(\w*(?:[Oo]utbox|IntegrationEventLog|integration_event_log)\w*)/,
  /\b(\w*(?:[Ii]dempoten|[Ii]nbox(?:Message|Store|Table|Pattern)|ProcessedMessage|processed_messages)\w*)/,
  /\b(\w*(?:[Dd]eadLetter|dead_letter|x-dead-letter)\w*)/,
  /\b(\w*(?:ReadModel|read_model|Projection|QueryHandler|CommandHandler)\w*)/,
  /\b(\w*(?:CircuitBreaker|circuit_breaker|circuitbreaker|Polly|[Rr]esilience4j|Hystrix|gobreaker|AddStandardResilienceHandler|RetryPolicy|WaitAndRetry|@Retryable|tenacity)\w*)/,
  /\b((?:MapHealthChecks|AddHealthChecks|UseHealthChecks|HealthChecksUI|AddHealthChecksUI)\w*)/,
];

interface FileContext {
  path: string;
  lang: CodeLanguage;
  facts: CodeFact[];
  counter: Map<string, number>;
  constants: Map<string, string>;
}

/** Code facts of one file; throws only when the parser itself cannot be loaded. */
export function extractCodeFacts(path: string, text: string, lang: CodeLanguage): CodeFact[] {
  if (!mayHoldCodeFacts(text)) return [];
  const syntax = SYNTAX[lang];
  const root = parseCode(lang, text).root();
  const ctx: FileContext = { path, lang, facts: [], counter: new Map(), constants: new Map() };
  const strings = root.findAll({ rule: { any: syntax.strings.map((kind) => ({ kind })) } });
  // Only calls whose text names a known client API, matched in native code: most calls never cross to JS.
  const calls = root
    .findAll({ rule: { any: syntax.calls.map((kind) => ({ kind })) } })
    .filter((c) => CALL_NAMES.test(c.text()));
  const annotations = syntax.annotations.length
    ? root.findAll({ rule: { any: syntax.annotations.map((kind) => ({ kind })) } })
    : [];

  // Constants first, so calls that name them can be evaluated. Strings with spaces are messages, not names.
  const literalKeys = new Map<SgNode, string | undefined>();
  const values = new Map<SgNode, string>();
  for (const s of strings) {
    const value = stringValue(s, lang);
    values.set(s, value);
    if (value.length > 512 || /\s/.test(value)) continue;
    const key = bindingName(s);
    literalKeys.set(s, key);
    if (key && !ctx.constants.has(key)) ctx.constants.set(key, value);
  }
  // `ORDERS = os.getenv("ORDERS_URL", "http://orders:8080")`: the name stands for the env lookup
  for (const call of calls) {
    if (!/getenv|environ|GetEnvironmentVariable|Getenv/.test(call.text().slice(0, 64))) continue;
    const value = evaluate(call, ctx);
    const key = typeof value === 'string' ? bindingName(call) : undefined;
    if (key && typeof value === 'string') ctx.constants.set(key, value);
  }

  let fileTimeout = false;
  const callFacts: CodeFact[] = [];
  const covered = new Set<number>();
  for (const call of calls) {
    const parts = callParts(call, lang);
    if (!parts) continue;
    if (TIMEOUT_NAME.test(parts.name)) {
      fileTimeout = true;
      add(ctx, call, 'timeout', parts.name, {
        client: parts.receiver.length > 60 ? parts.name : parts.callee,
      });
      continue;
    }
    const classified = classify(parts);
    if (!classified) continue;
    const target = targetOf(parts, classified, ctx);
    if (classified.kind === 'store-client' && target === undefined) continue;
    const timeout = parts.args.some((a) => a.key !== undefined && TIMEOUT_KEY.test(a.key));
    const values = target === undefined ? [''] : Array.isArray(target.value) ? target.value : [target.value];
    for (const value of values) {
      // a generic `get(...)` whose argument names no address is a map lookup, not a request
      if (classified.kind === 'http-call' && !/:\/\/|^\$\{|^\/|:\d/.test(value)) continue;
      const fact = add(ctx, call, classified.kind, value, {
        client: classified.client,
        ...(classified.method ? { method: classified.method } : {}),
        ...(classified.broker ? { broker: classified.broker } : {}),
        ...(target?.key ? { key: target.key } : {}),
        ...(timeout ? { timeout: true } : {}),
        ...loopAndFunction(call, lang),
      });
      callFacts.push(fact);
    }
    if (target?.node) {
      covered.add(target.node.id());
      for (const inner of target.node.findAll({ rule: { any: syntax.strings.map((kind) => ({ kind })) } }))
        covered.add(inner.id());
    }
  }

  for (const a of annotations) annotationFacts(a, ctx);

  // Address literals not already the target of a call: constants, @Value defaults, config maps in code.
  for (const s of strings) {
    const value = values.get(s) as string;
    if (!literalKeys.has(s) || covered.has(s.id())) continue;
    const key = literalKeys.get(s);
    if (!looksLikeAddress(value, key)) continue;
    add(ctx, s, 'address', value, { ...(key ? { key } : {}), ...loopAndFunction(s, lang) });
  }

  // Keyed topic literals inside producer/consumer configuration (`Topic: "orders"`, `{ topic: 'orders' }`).
  for (const s of strings) {
    const key = literalKeys.get(s);
    if (!key || !/^(topic|topics|queue|queues|exchange|subject|destination)$/i.test(key)) continue;
    if (covered.has(s.id())) continue;
    const around = enclosingConstruct(s);
    const direction = /Reader|Consumer|subscribe|consume|Listener/i.test(around)
      ? 'consume'
      : /Writer|Producer|ProducerMessage|send|publish|produce|Message/i.test(around)
        ? 'publish'
        : undefined;
    if (!direction) continue;
    add(ctx, s, direction, stringValue(s, lang), {
      key,
      client: around,
      ...(/kafka|sarama|Topic/i.test(around + key) ? { broker: 'kafka' } : {}),
      ...loopAndFunction(s, lang),
    });
  }

  // `http.Client{Timeout: 3 * time.Second}`, `client.Timeout = TimeSpan.FromSeconds(5)`, `{ timeout: 2000 }`
  const settingKinds = SETTING_KINDS[lang];
  const timeoutSettings = /timeout/i.test(text)
    ? root
        .findAll({ rule: { any: settingKinds.map((kind) => ({ kind })) } })
        .filter((n) => /^\s*[\w.]*(Timeout|timeout|TIMEOUT)\w*\s*[:=]/.test(n.text()))
    : [];
  for (const t of timeoutSettings) {
    fileTimeout = true;
    add(ctx, t, 'timeout', t.text().slice(0, 80), {});
  }
  if (fileTimeout)
    for (const f of callFacts) if (f.kind === 'http-call' || f.kind === 'grpc-call') f.timeout = true;

  PATTERN_FAMILIES.forEach((family, n) => {
    const pattern = family.exec(text);
    if (!pattern) return;
    const line = text.slice(0, pattern.index).split('\n').length;
    ctx.facts.push({
      id: `${path}:${line}:pattern:${n}`,
      kind: 'pattern',
      language: lang,
      value: pattern[1] as string,
      source: { file: path, line },
    });
  });
  return ctx.facts;
}

function classify(parts: CallParts): Classified | undefined {
  for (const [receiver, name, fn] of RULES) {
    if (!name.test(parts.name)) continue;
    if (receiver && !receiver.test(parts.receiver)) continue;
    const hit = fn(parts);
    if (hit) return hit;
  }
  return undefined;
}

interface Target {
  value: string | string[];
  key?: string;
  node?: SgNode;
}

/** The argument that names where the call goes, evaluated (literals, constants, templates, concatenation). */
function targetOf(parts: CallParts, c: Classified, ctx: FileContext): Target | undefined {
  const wanted = c.target === undefined ? [0] : Array.isArray(c.target) ? c.target : [c.target];
  const positional = parts.args.filter((a) => a.key === undefined && kindOf(a.node) !== 'object');
  for (const w of wanted) {
    const arg: Arg | undefined = typeof w === 'number' ? positional[w] : parts.args.find((a) => a.key === w);
    if (!arg) continue;
    const value = evaluate(arg.node, ctx);
    if (value === undefined || value === '') continue;
    return { value, ...(arg.key ? { key: arg.key } : {}), node: arg.node };
  }
  return undefined;
}

/** A string, a constant, a list of strings, or a concatenation/template of them; `${name}` for the unknown. */
function evaluate(node: SgNode, ctx: FileContext): string | string[] | undefined {
  const kind = kindOf(node);
  const syntax = SYNTAX[ctx.lang];
  if (syntax.strings.includes(kind))
    return stringValue(node, ctx.lang).replace(
      /\$\{(\w+)\}/g,
      (whole, name: string) => ctx.constants.get(name) ?? whole,
    );
  if (/identifier$/.test(kind)) return ctx.constants.get(node.text());
  if (
    /^(field_access|member_expression|selector_expression|attribute|member_access_expression|navigation_expression)$/.test(
      kind,
    )
  ) {
    const name = lastName(node.text());
    return (
      ctx.constants.get(name) ??
      (/^(process\.env|os\.environ|System\.getenv)/.test(node.text()) ? `\${${name}}` : undefined)
    );
  }
  if (
    /^(array_initializer|element_value_array_initializer|list|array|array_creation_expression|collection_literal|composite_literal)$/.test(
      kind,
    )
  ) {
    const items = node
      .findAll({ rule: { any: syntax.strings.map((k) => ({ kind: k })) } })
      .map((s) => stringValue(s, ctx.lang));
    return items.length ? items : undefined;
  }
  if (/^(binary_expression|additive_expression|concatenated_string)$/.test(kind)) {
    const parts = node.children().filter((c) => c.isNamed());
    let out = '';
    for (const p of parts) {
      const v = evaluate(p, ctx);
      out += typeof v === 'string' ? v : `\${${lastName(p.text())}}`;
    }
    return out.includes('://') || /:\d/.test(out) || out.startsWith('${') ? out : undefined;
  }
  if (
    kind === 'call' ||
    kind === 'call_expression' ||
    kind === 'method_invocation' ||
    kind === 'invocation_expression'
  ) {
    // os.getenv("ORDERS_URL", "http://orders:8080"), System.getenv("X"), config.get("x")
    const text = node.text();
    const m =
      /^(?:os\.getenv|os\.environ\.get|System\.getenv|Environment\.GetEnvironmentVariable|os\.Getenv)\(\s*["']([\w.]+)["']\s*(?:,\s*["']([^"']*)["'])?/.exec(
        text,
      );
    if (m) return m[2] ? `\${${m[1]}:${m[2]}}` : `\${${m[1]}}`;
  }
  return undefined;
}

function looksLikeAddress(value: string, key: string | undefined): boolean {
  if (value.length > 2048 || value.length < 4) return false;
  if (value.includes('://')) return /^[\w+.-]*:\/\/|^\$\{[^}]+\}/.test(value) || /^jdbc:/.test(value);
  if (/^\$\{[\w.-]+(:[^}]*)?\}/.test(value)) return isAddressKey(key) || /:\/\/|:\d{2,5}/.test(value);
  if (/^[a-z0-9][\w.-]*:\d{2,5}$/i.test(value)) return true;
  return isAddressKey(key) && endpointsIn(value, key).length > 0 && !/\s/.test(value) && !/^\//.test(value);
}

function annotationFacts(a: SgNode, ctx: FileContext): void {
  const pairs = new Map<string, SgNode>();
  let name = '';
  const ctor = a.children().find((c) => kindOf(c) === 'constructor_invocation');
  if (ctor) {
    // Kotlin: @KafkaListener(topics = ["x"]) is a constructor invocation with value arguments
    name = ctor.find({ rule: { kind: 'type_identifier' } })?.text() ?? '';
    const list = ctor.children().find((c) => kindOf(c) === 'value_arguments');
    for (const v of list?.children() ?? []) {
      if (kindOf(v) !== 'value_argument') continue;
      const named = v.children().filter((c) => c.isNamed());
      const key =
        named.length > 1 && kindOf(named[0] as SgNode) === 'simple_identifier' ? named[0]?.text() : 'value';
      const value = named[named.length - 1];
      if (key && value) pairs.set(key, value);
    }
  } else {
    name = (a.field('name') ?? a.children().find((c) => c.isNamed()))?.text().replace(/^.*\./, '') ?? '';
    const args = a.field('arguments') ?? a.children().find((c) => /argument/.test(kindOf(c)));
    if (!args) return;
    for (const c of args.children()) {
      if (kindOf(c) === 'element_value_pair' || kindOf(c) === 'attribute_argument') {
        const key =
          c.field('key')?.text() ??
          c
            .children()
            .find((x) => kindOf(x) === 'name_equals' || kindOf(x) === 'identifier')
            ?.text()
            ?.replace(/=$/, '')
            .trim();
        const value =
          c.field('value') ??
          c
            .children()
            .filter((x) => x.isNamed())
            .pop();
        if (key && value && value.text() !== key) pairs.set(key, value);
        else if (value) pairs.set('value', value);
      } else if (c.isNamed()) pairs.set('value', c);
    }
  }
  const emit = (kind: CodeFact['kind'], keys: string[], extra: Partial<CodeFact>) => {
    for (const key of keys) {
      const node = pairs.get(key);
      if (!node) continue;
      const value = evaluate(node, ctx);
      for (const v of value === undefined ? [] : Array.isArray(value) ? value : [value])
        add(ctx, node, kind, v, { key, ...extra, ...loopAndFunction(a, ctx.lang) });
    }
  };
  // with a url, a Feign client's name is only a label; without one it is the service id the registry resolves
  if (name === 'FeignClient')
    emit('http-call', pairs.has('url') ? ['url'] : ['name', 'value'], { client: 'Feign' });
  else if (name === 'KafkaListener')
    emit('consume', ['topics', 'value', 'topicPattern'], { client: 'KafkaListener', broker: 'kafka' });
  else if (name === 'RabbitListener')
    emit('consume', ['queues', 'value'], { client: 'RabbitListener', broker: 'rabbitmq' });
  else if (name === 'JmsListener') emit('consume', ['destination'], { client: 'JmsListener' });
  else if (name === 'SqsListener')
    emit('consume', ['value', 'queueNames'], { client: 'SqsListener', broker: 'sqs' });
}

/** The type or call a keyed literal sits in: `kafka.ReaderConfig`, `producer.send`. */
function enclosingConstruct(node: SgNode): string {
  for (const a of node.ancestors().slice(0, 6)) {
    const kind = kindOf(a);
    if (kind === 'composite_literal') return a.field('type')?.text() ?? '';
    if (/call|invocation|new_expression|object_creation/.test(kind)) {
      const f = a.field('function') ?? a.field('name') ?? a.field('type') ?? a.field('constructor');
      return f?.text() ?? '';
    }
  }
  return '';
}

function loopAndFunction(node: SgNode, lang: CodeLanguage): Pick<CodeFact, 'inLoop' | 'function'> {
  const syntax = SYNTAX[lang];
  let inLoop = false;
  let fn: string | undefined;
  let cls: string | undefined;
  const ancestors = node.ancestors();
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i] as SgNode;
    const kind = kindOf(a);
    if (!fn && syntax.functions.includes(kind)) {
      fn =
        a.field('name')?.text() ??
        a
          .children()
          .find((c) => /identifier$/.test(kindOf(c)))
          ?.text();
      continue;
    }
    if (fn) {
      if (!cls && syntax.classes.includes(kind))
        cls = (a.field('name') ?? a.children().find((c) => /identifier$/.test(kindOf(c))))?.text();
      continue;
    }
    if (syntax.loops.includes(kind)) inLoop = true;
    else if (syntax.lambdas.includes(kind)) {
      // a lambda passed to forEach/map: its body runs once per element
      const call = ancestors.slice(i + 1, i + 4).find((x) => syntax.calls.includes(kindOf(x)));
      const parts = call ? callParts(call, lang) : undefined;
      if (parts && LOOP_CALLBACKS.test(parts.name)) inLoop = true;
    }
  }
  const name = fn ? (cls ? `${cls}.${fn}` : fn) : undefined;
  return { ...(inLoop ? { inLoop: true } : {}), ...(name ? { function: name } : {}) };
}

function add(
  ctx: FileContext,
  node: SgNode,
  kind: CodeFact['kind'],
  value: string,
  extra: Partial<CodeFact>,
): CodeFact {
  const line = node.range().start.line + 1;
  const key = `${line}:${kind}`;
  const n = ctx.counter.get(key) ?? 0;
  ctx.counter.set(key, n + 1);
  const fact: CodeFact = {
    id: `${ctx.path}:${String(line).padStart(6, '0')}:${kind}:${n}`,
    kind,
    language: ctx.lang,
    value,
    ...extra,
    source: { file: ctx.path, line },
  };
  ctx.facts.push(fact);
  return fact;
}
