/** Heuristics the architect's API rules share: what a path, an operation or a response schema looks like. */
import { isObj, type OasDoc, type OasOperation, type Obj } from './openapi-shared.js';

/** Words of a path, operationId or summary: `/check-runs/{id}` + `checks/create-run` → check, runs, checks, create, run. */
export function tokens(...texts: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const part of text
      .replace(/\{[^}]*\}/g, ' ')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)) {
      if (part) out.push(part);
    }
  }
  return out;
}

/** Last literal segments that name an action rather than a resource (`/orders/{id}/cancel`). */
const ACTION_SEGMENTS =
  /^(add|remove|cancel|approve|reject|rerun|retry|merge|dispatches?|dispatch|enable|disable|archive|unarchive|lock|unlock|transfer|sync|render|raw|markdown|test|tests|pings?|redeliver|replicate|check|validate|verify|search|generate|generate-.*|preview|revoke|reset|restore|start|stop|suspend|unsuspend|block|unblock|import|export|convert|batch|bulk|.*-(request|requests)|reactions?)$/;

export function lastSegment(route: string): string {
  const parts = route.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] ?? '';
}

export function isActionPath(route: string): boolean {
  const last = lastSegment(route);
  return !last.startsWith('{') && (ACTION_SEGMENTS.test(last) || last.includes(':'));
}

/** A collection path: ends in a literal that is not an action (`/orders`, `/repos/{owner}/{repo}/issues`). */
export function isCollectionPath(route: string): boolean {
  const last = lastSegment(route);
  return last !== '' && !last.startsWith('{') && !isActionPath(route);
}

/** The first 2xx response's JSON schema (resolved one level), or undefined. */
export function successSchema(doc: OasDoc, op: OasOperation, status?: string): Obj | undefined {
  for (const [code, response] of op.responses) {
    if (status ? code !== status : !/^2/.test(code)) continue;
    const schema = responseSchema(doc, response.value);
    if (schema) return schema;
  }
  return undefined;
}

export function responseSchema(doc: OasDoc, response: Obj): Obj | undefined {
  if (doc.facts.version === '2.0') {
    const s = doc.facts.pointers.deref(response.schema);
    return isObj(s) ? s : undefined;
  }
  if (!isObj(response.content)) return undefined;
  const entries = Object.entries(response.content);
  const json = entries.find(([type]) => /json/i.test(type)) ?? entries[0];
  if (!json || !isObj(json[1])) return undefined;
  const s = doc.facts.pointers.deref(json[1].schema);
  return isObj(s) ? s : undefined;
}

const LIST_WRAPPERS = new Set([
  'items',
  'data',
  'results',
  'values',
  'value',
  'entries',
  'records',
  'list',
  'elements',
  'content',
  'rows',
  'nodes',
  'edges',
  'hits',
]);

/** Whether a schema is a list: an array, or an envelope whose only/named array property holds the items. */
export function listShape(doc: OasDoc, schema: Obj | undefined): 'array' | 'envelope' | undefined {
  if (!schema) return undefined;
  if (schema.type === 'array' || (schema.items !== undefined && schema.type === undefined)) return 'array';
  const props = isObj(schema.properties) ? schema.properties : undefined;
  if (!props) return undefined;
  const arrays = Object.entries(props).filter(([, p]) => {
    const r = doc.facts.pointers.deref(p);
    return isObj(r) && r.type === 'array';
  });
  if (arrays.some(([name]) => LIST_WRAPPERS.has(name))) return 'envelope';
  // `{total_count, <plural>: [...]}`: a counted list in an envelope
  if (
    arrays.length === 1 &&
    Object.keys(props).some((k) =>
      /^(total|total_count|totalCount|count|next|next_page|nextPageToken)$/.test(k),
    )
  )
    return 'envelope';
  return undefined;
}

export function headerNames(doc: OasDoc, response: Obj): string[] {
  const headers = doc.facts.pointers.deref(response.headers);
  return isObj(headers) ? Object.keys(headers).map((h) => h.toLowerCase()) : [];
}

export function paramNames(op: OasOperation, where?: string): string[] {
  return op.parameters.filter((p) => !where || p.value.in === where).map((p) => String(p.value.name));
}

export function isMutating(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';
}

/** `responses:` YAML for an operation, with the statuses given, for fix snippets. */
export function responsesSnippet(lines: [string, string][]): string {
  return `responses:\n${lines.map(([status, body]) => `  '${status}':\n${body.replace(/^/gm, '    ')}`).join('\n')}`;
}

export const PROBLEM_RESPONSE = "$ref: '#/components/responses/Problem'";

export const PROBLEM_COMPONENTS = `components:
  responses:
    Problem:
      description: Error (RFC 9457 problem details)
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
  schemas:
    Problem:
      type: object
      required: [type, title, status]
      properties:
        type: {type: string, format: uri}
        title: {type: string}
        status: {type: integer}
        detail: {type: string}
        instance: {type: string, format: uri}`;
