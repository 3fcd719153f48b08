import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { tokens } from './lib/openapi-heuristics.js';
import {
  draftAt,
  isObj,
  type OasDoc,
  type OasOperation,
  openapiDocs,
  walkSchema,
} from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  noIdempotencyKey:
    '{{operation}} ({{file}}) {{reason}} but accepts no Idempotency-Key, so a retried request may act twice',
});

/** Resources where a duplicated request costs money or ships twice. */
const MONEY = new Set([
  'payment',
  'payments',
  'charge',
  'charges',
  'refund',
  'refunds',
  'payout',
  'payouts',
  'invoice',
  'invoices',
  'order',
  'orders',
  'checkout',
  'checkouts',
  'purchase',
  'purchases',
  'transaction',
  'transactions',
  'transfers',
  'subscription',
  'subscriptions',
  'donation',
  'donations',
]);
/** A top-level amount in a request body... */
const AMOUNT_FIELDS = /^(amount|amount_?cents|amount_?minor|total|total_?amount|value_?cents)$/i;
/** ...that is a charge when it comes with what pays it or its currency (a `price` alone describes a product). */
const PAYING_FIELDS =
  /^(currency|currency_?code|payment_?method|payment_?source|source|card|destination|account|beneficiary)$/i;

/**
 * A request header, query parameter or body field that carries an idempotency key, whatever the spelling:
 * `Idempotency-Key`, `idempotency_key`, `X-Idempotency-Token`, `ClientToken` (AWS), `X-Request-Id`,
 * `client_request_id`, `dedupe_key`.
 */
export function isIdempotencyKeyName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (
    n.includes('idempoten') ||
    /^x?(client)?requestid$/.test(n) ||
    (/^x?(client)?(request)?token$/.test(n) && n.includes('client')) ||
    /^x?dedup(e|lication)?(id|key|token)$/.test(n)
  );
}

/** The API documents an idempotency convention (`info.description`, or the operation's own text). */
function documentsIdempotency(text: unknown): boolean {
  return typeof text === 'string' && /idempoten(cy|t)[ -_]?(key|token|header)/i.test(text);
}

export const idempotencyKey: Rule = {
  id: 'api/idempotency-key',
  area: 'api',
  severity: 'medium',
  title: 'Non-idempotent money and order operations accept an idempotency key',
  messages,
  rationale:
    'POST is not idempotent: when a client times out creating a payment or an order it cannot tell whether the server ' +
    'acted, and its retry may charge or ship twice. An `Idempotency-Key` header lets the server recognise the retry and ' +
    'return the first result instead of acting again.',
  references: [
    'IETF draft The Idempotency-Key HTTP Header Field (https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/)',
    'Stripe API: Idempotent requests (https://docs.stripe.com/api/idempotent_requests)',
    'RFC 9110 section 9.2.2 Idempotent Methods (https://www.rfc-editor.org/rfc/rfc9110#section-9.2.2)',
  ],
  recommendation:
    'Accept an `Idempotency-Key` header on POST operations that create payments, orders and similar resources.',
  fix: {
    description: 'Declare the idempotency key header.',
    language: 'yaml',
    snippet:
      'parameters:\n  - name: Idempotency-Key\n    in: header\n    required: true\n    description: Unique per logical request; a retry with the same key returns the first result.\n    schema: {type: string, maxLength: 64}',
  },
  examples: {
    fail: {
      description: 'Creating a payment without an idempotency key',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Payments, version: '1'}\npaths:\n  /payments:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {amount: {type: integer}}}\n      responses: {'201': {description: created}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:5:5',
          messageId: 'noIdempotencyKey',
          message:
            'POST /payments (openapi.yaml) creates or changes payments but accepts no Idempotency-Key, so a retried request may act twice',
          severity: 'high',
        },
      ],
    },
    pass: {
      description: 'The key is declared',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Payments, version: '1'}\npaths:\n  /payments:\n    post:\n      parameters:\n        - {name: Idempotency-Key, in: header, required: true, schema: {type: string}}\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {amount: {type: integer}}}\n      responses: {'201': {description: created}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      for (const op of doc.operations) {
        if (op.method !== 'POST') continue;
        const reason = moneyReason(doc, op);
        if (!reason) continue;
        checked++;
        if (acceptsIdempotencyKey(doc, op)) continue;
        findings.push(
          draftAt(doc, op.path, say.noIdempotencyKey({ operation: op.label, file: doc.file, reason }), {
            element: `${doc.file}#${op.label}#idempotency`,
            severity: /payment|charge|refund|payout|amount|price|transfer/.test(reason) ? 'high' : undefined,
          }),
        );
      }
    }
    return {
      findings,
      strength:
        checked && !findings.length
          ? `All ${checked} money/order creations accept an idempotency key`
          : undefined,
    };
  },
};

/**
 * Evidence the operation can be retried safely: a header or query parameter, or a top-level request body
 * field, named like an idempotency key; or a documented convention (the API's description or the
 * operation's own text names an idempotency key).
 */
function acceptsIdempotencyKey(doc: OasDoc, op: OasOperation): boolean {
  if (
    op.parameters.some(
      (p) =>
        (p.value.in === 'header' || p.value.in === 'query') && isIdempotencyKeyName(String(p.value.name)),
    )
  )
    return true;
  const info = isObj(doc.data.info) ? doc.data.info : {};
  if (documentsIdempotency(info.description) || documentsIdempotency(op.op.description)) return true;
  return bodyFields(doc, op).some(isIdempotencyKeyName);
}

/** Top-level property names of the request body's schemas (through refs and allOf). */
function bodyFields(doc: OasDoc, op: OasOperation): string[] {
  const fields: string[] = [];
  const body = op.requestBody?.value.content;
  const schemas: unknown[] = [];
  if (isObj(body)) for (const media of Object.values(body)) if (isObj(media)) schemas.push(media.schema);
  // Swagger 2.0: an `in: body` parameter
  for (const p of op.parameters) if (p.value.in === 'body') schemas.push(p.value.schema);
  for (const schema of schemas) {
    walkSchema(doc, schema, [], (node) => {
      if (isObj(node.properties)) fields.push(...Object.keys(node.properties));
      // descend only through composition (allOf/oneOf/anyOf), never into a property's own schema
      return isObj(node.properties) ? false : undefined;
    });
  }
  return fields;
}

function moneyReason(doc: OasDoc, op: OasOperation): string | undefined {
  // the resource being created: the last literal segment (`/customers/{id}/charges`), not any word of the path
  // (`/subscriptions/{subscriptionId}/...` in Azure is an account scope, not a purchase)
  const target = op.route
    .split('/')
    .filter((seg) => seg && !seg.startsWith('{'))
    .pop();
  const hit = tokens(target).find((w) => MONEY.has(w));
  if (hit) return `creates or changes ${hit}`;
  const fields = bodyFields(doc, op);
  const amount = fields.find((f) => AMOUNT_FIELDS.test(f));
  const paying = fields.find((f) => PAYING_FIELDS.test(f));
  return amount && paying ? `takes an \`${amount}\` with a \`${paying}\`` : undefined;
}
