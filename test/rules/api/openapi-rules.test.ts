/** OpenAPI rule behaviour beyond each rule's documented examples: dialects, edge cases, system-wide checks. */
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/index.js';
import { PointerIndex } from '../../../src/discover/openapi/refs.js';
import { runRules } from '../../../src/review/engine.js';
import { apiRules } from '../../../src/rules/api/index.js';
import { validateExample } from '../../../src/rules/api/lib/openapi-example-validator.js';

function review(files: Record<string, string>, ruleId: string) {
  const rule = apiRules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const discovery = discoverFiles(
    Object.entries(files).map(([path, text]) => ({ path, text, bytes: text.length })),
    '.',
  );
  return runRules(discovery, { rules: {} }, [rule]).findings;
}

const head = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

describe('example validation', () => {
  const doc = {
    components: {
      schemas: {
        Node: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
          },
        },
        Account: {
          type: 'object',
          required: ['id', 'password'],
          properties: {
            id: { type: 'integer', readOnly: true },
            password: { type: 'string', writeOnly: true },
          },
        },
      },
    },
  };
  const pointers = new PointerIndex(doc);
  const v30 = (schema: unknown, value: unknown, direction?: 'request' | 'response') =>
    validateExample(schema, value, { version: '3.0', pointers, direction });

  it('follows recursive $refs without looping and reports the instance path', () => {
    const ref = { $ref: '#/components/schemas/Node' };
    expect(v30(ref, { name: 'a', children: [{ name: 'b', children: [] }] })).toBeUndefined();
    expect(v30(ref, { name: 'a', children: [{ children: [] }] })).toEqual({
      instancePath: '/children/0',
      message: "must have required property 'name'",
    });
  });

  it('relaxes readOnly in requests and writeOnly in responses, like Spectral', () => {
    const ref = { $ref: '#/components/schemas/Account' };
    expect(v30(ref, { password: 'x' }, 'request')).toBeUndefined();
    expect(v30(ref, { id: 1 }, 'response')).toBeUndefined();
    expect(v30(ref, { id: 1 })?.message).toBe("must have required property 'password'");
  });

  it('knows the OpenAPI dialects: nullable, boolean exclusiveMinimum, 3.1 type lists, formats', () => {
    expect(v30({ type: 'string', nullable: true }, null)).toBeUndefined();
    expect(v30({ type: 'string' }, null)?.message).toBe('must be string');
    expect(v30({ type: 'integer', minimum: 0, exclusiveMinimum: true }, 0)?.message).toBe('must be > 0');
    expect(validateExample({ type: ['string', 'null'] }, null, { version: '3.1', pointers })).toBeUndefined();
    expect(v30({ type: 'string', format: 'date' }, '2024-02-30')?.message).toBe('must match format "date"');
    expect(v30({ type: 'integer', format: 'int32' }, 2 ** 31)?.message).toBe('must match format "int32"');
    expect(v30({ type: 'string', format: 'made-up' }, 'anything')).toBeUndefined();
    expect(
      validateExample({ type: 'string', 'x-nullable': true }, null, { version: '2.0', pointers }),
    ).toBeUndefined();
  });

  it('applies oneOf as exactly one, anyOf as at least one', () => {
    const oneOf = { oneOf: [{ type: 'integer' }, { type: 'number' }] };
    expect(v30(oneOf, 1.5)).toBeUndefined();
    expect(v30(oneOf, 1)?.message).toMatch(/exactly one/);
    expect(v30({ anyOf: [{ type: 'integer' }, { type: 'string' }] }, true)?.message).toMatch(/anyOf/);
  });

  it('reports media examples and Example Objects in documents', () => {
    const findings = review(
      {
        'a.yaml': `${head}paths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {n: {type: integer}}}\n              examples:\n                good: {value: {n: 1}}\n                bad: {value: {n: one}}\n                both: {value: {n: 1}, externalValue: 'https://example.com/x.json'}\n`,
      },
      'api/invalid-example',
    );
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ['medium', 'Example `bad` of GET /x response 200 application/json (a.yaml) at /n must be integer'],
      [
        'low',
        'Example paths./x.get.responses.200.content.application/json.examples.both (a.yaml) has both value and externalValue',
      ],
    ]);
    expect(findings[0]!.locations[0]).toEqual({ file: 'a.yaml', line: 14, column: 23 });
  });
});

describe('architect rules', () => {
  it('operation-security: one API-level finding when no scheme exists, per operation otherwise; security: [] is public', () => {
    const none = review(
      {
        'a.yaml': `${head}paths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n    post: {responses: {'201': {description: ok}}}\n`,
      },
      'api/operation-security',
    );
    expect(none.map((f) => f.severity)).toEqual(['high']);
    expect(none[0]!.message).toContain('defines no security scheme');
    const partial = review(
      {
        'a.yaml': `${head}paths:\n  /a:\n    get: {security: [], responses: {'200': {description: ok}}}\n    post: {responses: {'201': {description: ok}}}\n    put: {security: [{k: []}], responses: {'200': {description: ok}}}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, in: header, name: X-Key}\n`,
      },
      'api/operation-security',
    );
    expect(partial.map((f) => [f.severity, f.message.split(' (')[0]])).toEqual([['high', 'POST /a']]);
    // login and token endpoints are public by nature: only the `security: []` that says so is missing
    const entry = review(
      {
        'a.yaml': `${head}paths:\n  /users/login:\n    post: {security: [], responses: {'200': {description: ok}}}\n  /auth/token:\n    post: {responses: {'200': {description: ok}}}\n  /orders:\n    post: {responses: {'201': {description: ok}}}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, in: header, name: X-Key}\n`,
      },
      'api/operation-security',
    );
    expect(entry.map((f) => [f.severity, f.message.split(' (')[0]])).toEqual([
      ['high', 'POST /orders'],
      ['low', 'POST /auth/token'],
    ]);
    expect(entry[1]!.message).toContain('authentication entry point');
  });

  it('versioning-strategy: server URL, header or query versions count; mixing them is reported', () => {
    const ok = (extra: string, param = '') =>
      review(
        {
          'a.yaml': `${head}${extra}paths:\n  /a:\n    get:\n${param}      responses: {'200': {description: ok}}\n`,
        },
        'api/versioning-strategy',
      );
    expect(ok("servers: [{url: 'https://x.example.com/api/v2'}]\n")).toEqual([]);
    expect(ok('', '      parameters: [{name: Api-Version, in: header, schema: {type: string}}]\n')).toEqual(
      [],
    );
    expect(ok('', '      parameters: [{name: api-version, in: query, schema: {type: string}}]\n')).toEqual(
      [],
    );
    expect(ok('').map((f) => f.severity)).toEqual(['medium']);
    const mixed = review(
      {
        'a.yaml': `${head}paths:\n  /v1/a:\n    get: {responses: {'200': {description: ok}}}\n  /b:\n    get:\n      parameters: [{name: X-API-Version, in: header, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n`,
      },
      'api/versioning-strategy',
    );
    expect(mixed[0]!.message).toMatch(/mixes versioning strategies: path .*; header/);
  });

  it('status-codes: PUT may create without Location (the target URI is the resource); POST to a collection may not', () => {
    const findings = review(
      {
        'a.yaml': `${head}paths:\n  /things:\n    post: {responses: {'201': {description: created}}}\n  /things/{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    put: {responses: {'201': {description: created}, '400': {description: bad}}}\n`,
      },
      'api/status-codes',
    );
    expect(findings.map((f) => f.message.split(' (')[0])).toEqual(['POST /things']);
  });

  it('ambiguous-paths: an integer template does not match a literal segment', () => {
    const files = (type: string) => ({
      'a.yaml': `${head}paths:\n  /issues/{number}/events:\n    get:\n      parameters: [{name: number, in: path, required: true, schema: {type: ${type}}}]\n      responses: {'200': {description: ok}}\n  /issues/comments/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n`,
    });
    expect(review(files('integer'), 'api/ambiguous-paths')).toEqual([]);
    expect(review(files('string'), 'api/ambiguous-paths')).toHaveLength(1);
  });

  it('naming-consistency: judged across every API document of the system; headers and single words do not count', () => {
    const a = `${head}paths:\n  /order-items:\n    get:\n      parameters: [{name: X-Request-Id, in: header, schema: {type: string}}, {name: page_size, in: query, schema: {type: integer}}]\n      responses: {'200': {description: ok}}\n`;
    const b = `${head}paths:\n  /line-items:\n    get:\n      parameters: [{name: pageToken, in: query, schema: {type: string}}, {name: sort_by, in: query, schema: {type: string}}, {name: status, in: query, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n`;
    const findings = review({ 'orders/openapi.yaml': a, 'items/openapi.yaml': b }, 'api/naming-consistency');
    expect(findings.map((f) => f.message)).toEqual([
      '1 parameters in items/openapi.yaml are camelCase while 66% of parameters across the 2 API documents of the system are snake_case: pageToken',
    ]);
  });

  it('unresolved-ref: a reference to a file that is not in the repository', () => {
    const spec = `${head}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: 'schemas/a.yaml'}}}\n`;
    expect(review({ 'api/openapi.yaml': spec }, 'api/unresolved-ref').map((f) => f.message)).toEqual([
      '$ref schemas/a.yaml at paths./a.get.responses.200.content.application/json.schema (api/openapi.yaml) points at api/schemas/a.yaml, which is not in the repository',
    ]);
    expect(
      review({ 'api/openapi.yaml': spec, 'api/schemas/a.yaml': 'type: object\n' }, 'api/unresolved-ref'),
    ).toEqual([]);
  });

  it('idempotency-key: money words in the path or an amount with its currency in the body; high for payments', () => {
    const findings = review(
      {
        'a.yaml': `${head}paths:\n  /payments:\n    post: {responses: {'201': {description: ok}}}\n  /carts/{id}/lines:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object, properties: {sku: {type: string}}}}}}\n      responses: {'201': {description: ok}}\n  /tips:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object, properties: {amount: {type: integer}, currency: {type: string}}}}}}\n      responses: {'201': {description: ok}}\n  /products:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object, properties: {name: {type: string}, price: {type: integer}, amount: {type: integer}}}}}}\n      responses: {'201': {description: ok}}\n`,
      },
      'api/idempotency-key',
    );
    // a product's price (or a bare amount) describes the product; it does not make creating it a charge
    expect(findings.map((f) => [f.severity, f.message.split(' (')[0]])).toEqual([
      ['high', 'POST /payments'],
      ['high', 'POST /tips'],
    ]);
  });

  it('idempotency-key: credited to a key in the body, a query parameter, any spelling, or a documented convention', () => {
    const op = (extra: string) => `    post:\n${extra}      responses: {'201': {description: ok}}\n`;
    const body = (field: string) =>
      `      requestBody: {content: {application/json: {schema: {type: object, properties: {amount: {type: integer}, ${field}: {type: string}}}}}}\n`;
    const spec =
      `${head}paths:\n` +
      `  /payments:\n${op(body('idempotency_key'))}` +
      `  /charges:\n${op('      parameters: [{name: X-Idempotency-Token, in: header, schema: {type: string}}]\n')}` +
      `  /refunds:\n${op('      parameters: [{name: client_request_id, in: query, schema: {type: string}}]\n')}` +
      `  /payouts:\n${op(body('ClientToken'))}` +
      `  /orders:\n${op('')}`;
    expect(review({ 'a.yaml': spec }, 'api/idempotency-key').map((f) => f.message.split(' (')[0])).toEqual([
      'POST /orders',
    ]);
    const documented = spec.replace(
      "info: {title: T, version: '1'}",
      "info: {title: T, version: '1', description: 'Every POST accepts an Idempotency-Key header; see the guide.'}",
    );
    expect(review({ 'a.yaml': documented }, 'api/idempotency-key')).toEqual([]);
  });

  it('error responses: every finding carries a concrete responses block for its operation', () => {
    const [finding] = review(
      {
        'a.yaml': `${head}paths:\n  /orders/{id}:\n    delete:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: ok}}\n`,
      },
      'api/operation-without-error-responses',
    );
    expect(finding!.message).toBe('DELETE /orders/{id} (a.yaml) documents no error responses (only 204)');
    expect(finding!.locations).toEqual([{ file: 'a.yaml', line: 7, column: 7 }]);
    expect(finding!.fix.snippet).toBe(
      "responses:\n  '401':\n    $ref: '#/components/responses/Problem'\n  '404':\n    $ref: '#/components/responses/Problem'\n  'default':\n    $ref: '#/components/responses/Problem'",
    );
  });
});

describe('default responses are walked like any other response', () => {
  const spec =
    head +
    "paths:\n  /orders:\n    get:\n      responses:\n        '200': {description: ok}\n        default:\n          description: Unexpected error\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n              example: {status: oops}\n" +
    'components:\n  schemas:\n    Problem:\n      type: object\n      properties:\n        status: {type: integer}\n';
  it('unused-component: a component used only by a default response is used', () => {
    expect(review({ 'openapi.yaml': spec }, 'api/unused-component')).toEqual([]);
  });
  it('invalid-example: the example of a default response is checked', () => {
    const findings = review({ 'openapi.yaml': spec }, 'api/invalid-example');
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('/status must be integer')]);
  });
  it('a schema property named default is still data, and so is a property named responses', () => {
    const data =
      head +
      "paths: {}\ncomponents:\n  schemas:\n    Settings:\n      type: object\n      properties:\n        responses:\n          type: object\n          default: {$ref: '#/components/schemas/Missing'}\n";
    expect(review({ 'openapi.yaml': data }, 'api/unresolved-ref')).toEqual([]);
  });
});

describe('long-running-async looks at how the work completes', () => {
  const exportOp = (extra: string) =>
    `${head}paths:\n  /exports:\n    post:\n${extra}      responses:\n        '200': {description: The file, content: {text/csv: {schema: {type: string}}}}\n`;
  it('a synchronous export with no status, status resource or callback is reported', () => {
    expect(review({ 'a.yaml': exportOp('') }, 'api/long-running-async')).toHaveLength(1);
  });
  it('a callback that reports completion is evidence of asynchronous work', () => {
    const callbacks =
      "      callbacks:\n        exportDone:\n          '{$request.body#/callbackUrl}':\n            post:\n              responses: {'204': {description: received}}\n";
    expect(review({ 'a.yaml': exportOp(callbacks) }, 'api/long-running-async')).toEqual([]);
  });
});

describe('oauth2-scopes: scopes on a scheme that takes none', () => {
  const spec = (version: string, scopes: string) =>
    `openapi: ${version}\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      security: [{key: [${scopes}]}]\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n`;
  it('reports scopes listed for an apiKey scheme in 3.0', () => {
    expect(review({ 'a.yaml': spec('3.0.3', 'admin') }, 'api/oauth2-scopes').map((f) => f.message)).toEqual([
      expect.stringContaining('lists scopes for `key`, a scheme of type apiKey'),
    ]);
  });
  it('accepts an empty list, and role names in 3.1', () => {
    expect(review({ 'a.yaml': spec('3.0.3', '') }, 'api/oauth2-scopes')).toEqual([]);
    expect(review({ 'a.yaml': spec('3.1.0', 'admin') }, 'api/oauth2-scopes')).toEqual([]);
  });
});
