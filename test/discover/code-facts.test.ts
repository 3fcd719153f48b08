// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the extractor writes `${name}` placeholders as plain text
import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../src/discover/app-config/adapter.js';
import { codeFactsOf, isTestPath } from '../../src/discover/code/adapter.js';
import { extractCodeFacts, mayHoldCodeFacts } from '../../src/discover/code/extract.js';
import { isCandidatePath } from '../../src/discover/registry.js';
import type { CodeFact } from '../../src/model/schema.js';

const file = (path: string, text: string) => ({ path, text, bytes: Buffer.byteLength(text) });
const brief = (facts: CodeFact[]) =>
  facts.map(
    (f) => `${f.source.line} ${f.kind} ${f.value}${f.key ? ` [${f.key}]` : ''}${f.inLoop ? ' loop' : ''}`,
  );

describe('code facts: Java (Spring)', () => {
  const java = `package shop;

@FeignClient(name = "customer-service", url = "\${clients.customer.url}")
interface Customers {}

public class OrderService {
    private static final String PAYMENTS = "http://payment-service:8080/api/payments";

    public void place(Order order) {
        for (Line line : order.lines()) {
            restTemplate.put("http://inventory:8080/stock/" + line.sku(), line);
        }
        restTemplate.postForObject(PAYMENTS, order, Payment.class);
        kafkaTemplate.send("orders.created", order.id());
        rabbitTemplate.convertAndSend("notifications", order.id());
    }

    @KafkaListener(topics = {"payments.settled", "payments.failed"}, groupId = "orders")
    public void settled(String id) {}

    @RabbitListener(queues = "returns")
    public void returned(String id) {}
}
`;
  const facts = extractCodeFacts('orders/src/main/java/shop/OrderService.java', java, 'java');

  it('reads RestTemplate calls with constants, concatenation, the method, the function and loops', () => {
    const calls = facts.filter((f) => f.kind === 'http-call' && f.client === 'RestTemplate');
    expect(calls.map((f) => [f.source.line, f.value, f.method, f.function, f.inLoop ?? false])).toEqual([
      [11, 'http://inventory:8080/stock/${sku}', 'PUT', 'OrderService.place', true],
      [13, 'http://payment-service:8080/api/payments', 'POST', 'OrderService.place', false],
    ]);
  });

  it('reads Feign clients, Kafka and RabbitMQ producers and listeners', () => {
    expect(brief(facts.filter((f) => f.kind !== 'http-call' || f.client === 'Feign'))).toEqual(
      expect.arrayContaining([
        '3 http-call ${clients.customer.url} [url]',
        '14 publish orders.created',
        '15 publish notifications',
        '18 consume payments.settled [topics]',
        '18 consume payments.failed [topics]',
        '21 consume returns [queues]',
        '7 address http://payment-service:8080/api/payments [PAYMENTS]',
      ]),
    );
    expect(facts.find((f) => f.value === 'orders.created')?.broker).toBe('kafka');
    expect(facts.find((f) => f.value === 'returns')?.broker).toBe('rabbitmq');
  });

  it('a Feign client without a url names the service the registry resolves', () => {
    const feign = '@FeignClient(name = "account-service")\ninterface Accounts {}\n';
    expect(brief(extractCodeFacts('n/Accounts.java', feign, 'java'))).toEqual([
      '1 http-call account-service [name]',
    ]);
  });

  it('credits a timeout set on the client in the same file', () => {
    const withTimeout = `class C { void f() { factory.setReadTimeout(2000); rest.getForObject("http://a:8080/x", String.class); } }`;
    const [call] = extractCodeFacts('a/C.java', withTimeout, 'java').filter((f) => f.kind === 'http-call');
    expect(call?.timeout).toBe(true);
  });
});

describe('code facts: other languages', () => {
  it('Kotlin: RestTemplate with a string template, a listener with an array of topics', () => {
    const kt = `class C(private val rest: RestTemplate) {
    fun get(id: String) = rest.getForObject("http://ledger:4000/entries/$id", String::class.java)
    @KafkaListener(topics = ["cart.checked-out"])
    fun on(m: String) {}
}`;
    expect(brief(extractCodeFacts('o/C.kt', kt, 'kotlin'))).toEqual([
      '2 http-call http://ledger:4000/entries/${id}',
      '3 consume cart.checked-out [topics]',
    ]);
  });

  it('Go: net/http, gRPC dial through a constant, redis options, a kafka-go writer topic', () => {
    const go = `package c
const basket = "basket:5001"
func f(ids []string) {
	for _, id := range ids { http.Get("http://catalog:8000/p/" + id) }
	grpc.NewClient(basket, grpc.WithTransportCredentials(insecure.NewCredentials()))
	redis.NewClient(&redis.Options{Addr: "redis:6379"})
	w := &kafka.Writer{Topic: "cart.checked-out"}
}`;
    const facts = extractCodeFacts('cart/c.go', go, 'go');
    expect(brief(facts)).toEqual(
      expect.arrayContaining([
        '4 http-call http://catalog:8000/p/${id} loop',
        '5 grpc-call basket:5001',
        '6 address redis:6379 [Addr]',
        '7 publish cart.checked-out [Topic]',
      ]),
    );
    expect(facts.find((f) => f.kind === 'grpc-call')?.client).toBe('grpc-go');
  });

  it('C#: HttpClient with an interpolated string, named clients, RabbitMQ named arguments', () => {
    const cs = `class C {
  async Task F(string id) {
    await _http.GetFromJsonAsync<P>($"http://catalog:8000/products/{id}");
    services.AddHttpClient("orders", c => c.BaseAddress = new Uri("http://ordering-api:80"));
    channel.BasicPublish(exchange: "basket", routingKey: "basket.updated", body: b);
  }
}`;
    expect(brief(extractCodeFacts('b/C.cs', cs, 'csharp'))).toEqual(
      expect.arrayContaining([
        '3 http-call http://catalog:8000/products/${id}',
        '4 address http://ordering-api:80',
        '5 publish basket [exchange]',
      ]),
    );
  });

  it('Python: requests with an env default, f-strings, timeouts, pika and a kafka producer', () => {
    const py = `import os, requests
LEDGER = os.getenv("LEDGER_URL", "http://ledger:4000")
def f(items):
    for i in items:
        requests.post(f"{LEDGER}/entries", json=i)
    requests.get("http://catalog:8000/x", timeout=2)
    producer.produce("prices", value=b"x")
`;
    const facts = extractCodeFacts('c/app.py', py, 'python');
    const calls = facts.filter((f) => f.kind === 'http-call');
    expect(calls.map((f) => [f.value, f.method, f.inLoop ?? false, f.timeout ?? false])).toEqual([
      ['${LEDGER_URL:http://ledger:4000}/entries', 'POST', true, false],
      ['http://catalog:8000/x', 'GET', false, true],
    ]);
    expect(brief(facts)).toContain('7 publish prices');
  });

  it('TypeScript: axios with a template literal from process.env, fetch in a forEach, kafkajs topics', () => {
    const ts = `const api = axios.create({ baseURL: process.env.ORDERS_URL, timeout: 2000 });
export async function f(ids: string[]) {
  ids.forEach((id) => fetch(\`http://stock:3000/s/\${id}\`));
  await axios.get(\`\${process.env.ORDERS_URL}/orders\`);
  await producer.send({ topic: 'orders.v1', messages: [] });
}`;
    const facts = extractCodeFacts('w/src/f.ts', ts, 'typescript');
    expect(brief(facts)).toEqual(
      expect.arrayContaining([
        '1 http-call ${ORDERS_URL} [baseURL]',
        '3 http-call http://stock:3000/s/${id} loop',
        '4 http-call ${ORDERS_URL}/orders',
        '5 publish orders.v1 [topic]',
      ]),
    );
  });
});

describe('which files are read', () => {
  it('skips files that cannot hold a fact without parsing them', () => {
    expect(mayHoldCodeFacts('public class Money { long cents; }')).toBe(false);
    expect(codeFactsOf(file('a/Money.java', 'public class Money { long cents; }'))).toEqual({});
  });

  it('leaves test code out: its URLs point at stubs', () => {
    for (const p of ['a/src/test/java/x/ATest.java', 'c/x_test.go', 'p/tests/test_api.py', 'w/src/a.spec.ts'])
      expect(isTestPath(p)).toBe(true);
    expect(isTestPath('a/src/main/java/x/Service.java')).toBe(false);
  });

  it('the walker reads source and application config files', () => {
    for (const p of [
      'a/X.java',
      'b/main.go',
      'c/C.cs',
      'd/app.py',
      'e/A.kt',
      'f/.env',
      'g/application.properties',
    ])
      expect(isCandidatePath(p)).toBe(true);
    expect(isCandidatePath('README.md')).toBe(false);
  });

  it('a file with a syntax error still gives what the recovered tree holds, never a throw', () => {
    const broken = 'class A { void f() { rest.getForObject("http://a:8080/x", String.class) ';
    expect(() => codeFactsOf(file('a/A.java', broken))).not.toThrow();
  });
});

describe('application config', () => {
  it('Spring YAML: datasource, mongo host, bootstrap servers, timeouts, and profiles as variants', () => {
    const yml = `spring:
  datasource:
    url: jdbc:mysql://\${MYSQL_HOST:mysql}:3306/orders
  data:
    mongodb:
      host: mongo
      database: orders
  kafka:
    bootstrap-servers: kafka:9092
feign:
  client:
    config:
      default:
        readTimeout: 2000
---
spring:
  config:
    activate:
      on-profile: local
  datasource:
    url: jdbc:mysql://localhost:3306/orders
`;
    const { codeFacts = [] } = parseAppConfig(file('orders/src/main/resources/application.yml', yml));
    expect(
      codeFacts.map(
        (f) => `${f.source.line} ${f.kind} ${f.key}=${f.value}${f.profile ? ` (${f.profile})` : ''}`,
      ),
    ).toEqual([
      '3 address spring.datasource.url=jdbc:mysql://${MYSQL_HOST:mysql}:3306/orders',
      '6 address spring.data.mongodb.host=mongo',
      '9 address spring.kafka.bootstrap-servers=kafka:9092',
      '14 timeout feign.client.config.default.readTimeout=2000',
      '21 address spring.datasource.url=jdbc:mysql://localhost:3306/orders (local)',
    ]);
  });

  it('.properties with a profile in the file name, appsettings.json, .env', () => {
    const props = parseAppConfig(
      file(
        'inv/application-docker.properties',
        'spring.datasource.url=jdbc:postgresql://pg:5432/inv\nserver.port=8080\n',
      ),
    ).codeFacts;
    expect(props?.map((f) => [f.key, f.profile])).toEqual([['spring.datasource.url', 'docker']]);
    const json = parseAppConfig(
      file(
        'b/appsettings.json',
        '{\n  "ConnectionStrings": { "Db": "Host=orders-db;Port=5432;Database=o" },\n  "Catalog": { "Url": "http://catalog:80" }\n}\n',
      ),
    ).codeFacts;
    expect(json?.map((f) => `${f.source.line} ${f.key}`)).toEqual([
      '2 ConnectionStrings.Db',
      '3 Catalog.Url',
    ]);
    const env = parseAppConfig(
      file('w/.env', '# local\nORDERS_URL=http://orders:8080\nLOG_LEVEL=debug\n'),
    ).codeFacts;
    expect(env?.map((f) => `${f.source.line} ${f.key}=${f.value}`)).toEqual([
      '2 ORDERS_URL=http://orders:8080',
    ]);
  });

  it('claims a Spring application.yml that has a swagger: block', async () => {
    const { adapters } = await import('../../src/discover/registry.js');
    const text = 'swagger:\n  enabled: true\nspring:\n  application:\n    name: gw\n';
    const claimed = adapters.find((a) => a.claims('gw/src/main/resources/application.yml', text));
    expect(claimed?.parse(file('gw/src/main/resources/application.yml', text)).codeFacts).toBeDefined();
  });
});

describe('application config is not an API description', () => {
  it('leaves an AsyncAPI or Swagger document named application-*.yml to its own adapter', async () => {
    const { adapters } = await import('../../src/discover/registry.js');
    const asyncapi = "asyncapi: '2.6.0'\ninfo:\n  title: Headers\n  version: 1.0.0\nchannels: {}\n";
    expect(adapters.find((a) => a.claims('examples/application-headers-asyncapi.yml', asyncapi))?.kind).toBe(
      'asyncapi',
    );
    const swagger = 'swagger: "2.0"\ninfo:\n  title: Shop\n  version: 1.0.0\npaths: {}\n';
    expect(adapters.find((a) => a.claims('src/main/resources/application-api.yml', swagger))?.kind).toBe(
      'openapi',
    );
  });
});
