import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractDiff } from '../../src/diff/types.js';
import { at, diffFixtures, only } from './helpers.js';

const F = 'petstore.yaml';
const base = (snippet: string, after?: string) => at('openapi3/base', F, snippet, after);
const head = (snippet: string, after?: string) => at('openapi3/head', F, snippet, after);

describe('diffContracts: OpenAPI 3.0 (YAML)', () => {
  let diff: ContractDiff;
  beforeAll(async () => {
    diff = await diffFixtures('openapi3/base', 'openapi3/head');
  });

  it('names the API and pairs it by file', () => {
    expect(diff.summary.apis).toEqual({ base: 1, head: 1, paired: 1 });
    expect(new Set(diff.changes.map((c) => JSON.stringify(c.api)))).toEqual(
      new Set([JSON.stringify({ kind: 'openapi', file: F, title: 'Pet Store' })]),
    );
    expect(diff.diagnostics).toEqual([]);
  });

  it('operation removed: breaking, at the operation in base and the paths map in head', () => {
    const c = only(diff, 'openapi/operation-removed');
    expect(c).toMatchObject({ severity: 'breaking', element: 'DELETE /pets/{petId}' });
    expect(c.message).toBe('operation DELETE /pets/{petId} was removed');
    expect(c.base).toEqual(base('delete:'));
    expect(c.head).toEqual(head('paths:'));
  });

  it('a deprecated operation removed is a warning', () => {
    const c = only(diff, 'openapi/deprecated-operation-removed');
    expect(c).toMatchObject({ severity: 'warning', message: 'deprecated operation GET /legacy was removed' });
    expect(c.base).toEqual(base('get:', '/legacy:'));
  });

  it('operation added: info', () => {
    const c = only(diff, 'openapi/operation-added');
    expect(c).toMatchObject({ severity: 'info', message: 'operation GET /owners was added' });
    expect(c.head).toEqual(head('get:', '/owners:'));
    expect(c.base).toEqual(base('paths:'));
  });

  it('a renamed path parameter pairs /pets/{petId} with /pets/{id}: info, nothing removed', () => {
    const c = only(diff, 'openapi/path-parameter-renamed');
    expect(c).toMatchObject({
      severity: 'info',
      element: 'GET /pets/{id}',
      message: 'GET /pets/{id}: path parameter `petId` was renamed to `id` (the URL is unchanged)',
    });
    expect(c.base).toEqual(base('- name: petId'));
    expect(c.head).toEqual(head('- name: id'));
    expect(
      diff.changes.filter((ch) => ch.element === 'GET /pets/{id}' && ch.kind.includes('removed')),
    ).toHaveLength(
      1, // only the response property below, never the operation or the parameter
    );
  });

  it('required parameter added: breaking', () => {
    const c = only(diff, 'openapi/required-parameter-added');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'GET /pets: new required header parameter `X-Tenant`',
    });
    expect(c.head).toEqual(head('- name: X-Tenant'));
    expect(c.base).toEqual(base('get:', '/pets:'));
  });

  it('optional parameter added: info', () => {
    const c = only(diff, 'openapi/optional-parameter-added');
    expect(c).toMatchObject({
      severity: 'info',
      message: 'GET /pets: new optional query parameter `cursor`',
    });
    expect(c.head).toEqual(head('- name: cursor'));
  });

  it('optional parameter made required: breaking', () => {
    const c = only(diff, 'openapi/parameter-made-required');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'GET /pets: query parameter `sort` is now required',
    });
    expect(c.base).toEqual(base('- name: sort'));
    expect(c.head).toEqual(head('- name: sort'));
  });

  it('parameter removed: warning', () => {
    const c = only(diff, 'openapi/parameter-removed');
    expect(c.severity).toBe('warning');
    expect(c.message).toMatch(/^GET \/pets: query parameter `tag` was removed/);
    expect(c.base).toEqual(base('- name: tag'));
    expect(c.head).toEqual(head('get:', '/pets:'));
  });

  it('parameter type/format changed: breaking, at the schemas', () => {
    const c = only(diff, 'openapi/parameter-type-changed');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'GET /pets: query parameter `limit` changed type from integer(int32) to string',
    });
    expect(c.base).toEqual(base('schema:', '- name: limit'));
    expect(c.head).toEqual(head('schema:', '- name: limit'));
  });

  it('enum value removed from a request parameter: breaking', () => {
    const c = only(diff, 'openapi/parameter-enum-value-removed');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'GET /pets: query parameter `status` no longer accepts enum value "sold"',
    });
    expect(c.base).toEqual(base('schema:', '- name: status'));
    expect(c.head).toEqual(head('schema:', '- name: status'));
  });

  it('request body made required: breaking', () => {
    const c = only(diff, 'openapi/request-body-made-required');
    expect(c).toMatchObject({ severity: 'breaking', message: 'POST /pets: request body is now required' });
    expect(c.base).toEqual(base('requestBody:'));
    expect(c.head).toEqual(head('requestBody:'));
  });

  it('required request property added, optional one made required, enum narrowed: breaking', () => {
    const added = only(diff, 'openapi/request-property-required-added');
    expect(added.message).toBe('POST /pets: request body has a new required property `species`');
    expect(added.base).toEqual(base('NewPet:'));
    expect(added.head).toEqual(head('species:'));
    const required = only(diff, 'openapi/request-property-made-required');
    expect(required.message).toBe('POST /pets: request body property `age` is now required');
    expect(required.base).toEqual(base('age:'));
    expect(required.head).toEqual(head('age:'));
    const narrowed = only(diff, 'openapi/request-property-enum-value-removed');
    expect(narrowed.message).toBe(
      'POST /pets: request body property `kind` no longer accepts enum value "bird"',
    );
    expect(narrowed.base).toEqual(base('kind:', 'NewPet:'));
    expect(narrowed.head).toEqual(head('kind:', 'NewPet:'));
    for (const c of [added, required, narrowed]) expect(c.severity).toBe('breaking');
  });

  it('media types removed from the request and a response: breaking', () => {
    const req = only(diff, 'openapi/request-media-type-removed');
    expect(req.message).toBe('POST /pets: request body no longer accepts application/x-www-form-urlencoded');
    expect(req.base).toEqual(base('requestBody:'));
    expect(req.head).toEqual(head('requestBody:'));
    const res = only(diff, 'openapi/response-media-type-removed');
    expect(res.message).toBe('GET /pets: response 200 no longer returns application/xml');
    expect(res.base).toEqual(base("'200':", '/pets:'));
    expect(res.head).toEqual(head("'200':", '/pets:'));
    expect([req.severity, res.severity]).toEqual(['breaking', 'breaking']);
  });

  it('success response status removed: breaking', () => {
    const c = only(diff, 'openapi/success-response-removed');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'POST /pets: success response 201 was removed',
    });
    expect(c.base).toEqual(base("'201':"));
    expect(c.head).toEqual(head('post:'));
  });

  it('response property removed, type changed, made optional: breaking, through $refs and array items', () => {
    // Pet is reached from GET /pets (as list items) and GET /pets/{id}: each change to it is reported once
    const twice = '(reached from 2 operations: GET /pets, GET /pets/{id})';
    const removed = only(diff, 'openapi/response-property-removed', 'GET /pets/{id}');
    expect(removed.message).toBe(`response 200 property \`owner.phone\` was removed ${twice}`);
    expect(removed.base).toEqual(base('phone:'));
    expect(removed.head).toEqual(head('Owner:', 'schemas:'));
    expect(
      diff.changes.filter((c) => c.kind === 'openapi/response-property-removed' && c.element === 'GET /pets'),
    ).toEqual([]);
    const listed = removed;
    const retyped = only(diff, 'openapi/response-property-type-changed', 'GET /pets/{id}');
    expect(retyped.message).toBe(
      `response 200 property \`id\` changed type from integer(int64) to string ${twice}`,
    );
    expect(retyped.base).toEqual(base('id:'));
    expect(retyped.head).toEqual(head('id:'));
    const optional = only(diff, 'openapi/response-property-made-optional', 'GET /pets/{id}');
    expect(optional.message).toMatch(
      /^response 200 property `name` is no longer required.*reached from 2 operations/,
    );
    expect(optional.base).toEqual(base('name:', 'Pet:'));
    expect(optional.head).toEqual(head('name:', 'Pet:'));
    for (const c of [removed, listed, retyped, optional]) expect(c.severity).toBe('breaking');
  });

  it('response enum value added: warning', () => {
    const c = only(diff, 'openapi/response-property-enum-value-added', 'GET /pets/{id}');
    expect(c.severity).toBe('warning');
    expect(c.message).toBe(
      'response 200 property `status` may now return enum value "adopted" (clients may not handle it) (reached from 2 operations: GET /pets, GET /pets/{id})',
    );
    expect(c.base).toEqual(base('status:', 'Pet:'));
    expect(c.head).toEqual(head('status:', 'Pet:'));
  });

  it('security requirement added to an operation: breaking', () => {
    const c = only(diff, 'openapi/security-requirement-added');
    expect(c).toMatchObject({
      severity: 'breaking',
      message: 'GET /stores/{storeId}/orders: now requires authentication (apiKey)',
    });
    expect(c.base).toEqual(base('get:', '/stores/'));
    expect(c.head).toEqual(head('security:', '/stores/'));
  });

  it('a cyclic schema terminates and reports its change once', () => {
    const c = only(diff, 'openapi/response-property-removed', 'GET /tree');
    expect(c.message).toBe('GET /tree: response 200 property `label` was removed');
    expect(c.base).toEqual(base('label:'));
    expect(c.head).toEqual(head('Node:'));
  });

  it('reports exactly the changes above (no noise), a change to a shared schema once', () => {
    expect(diff.summary).toMatchObject({ breaking: 17, warning: 3, info: 3 });
  });
});

describe('diffContracts: identical versions', () => {
  it('gives no changes', async () => {
    for (const dir of ['openapi3/base', 'openapi3/head', 'swagger2/base', 'proto/base', 'proto/head']) {
      const diff = await diffFixtures(dir, dir);
      expect(diff.changes, dir).toEqual([]);
      expect(diff.summary.apis.paired).toBeGreaterThan(0);
    }
  });
});
