import type { FindingDraft, Rule } from '../types.js';
import { tokens } from './openapi-heuristics.js';
import { draftAt, isObj, type OasDoc, type OasOperation, openapiDocs, walkSchema } from './openapi-shared.js';

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
const MONEY_FIELDS = /^(amount|amount_?cents|price|total|currency|payment_?method)$/i;
const IDEMPOTENCY =
  /^(idempotency[-_]?key|x-idempotency[-_]?key|idempotency-token|x-request-id|request[-_]?id|client[-_]?request[-_]?id)$/i;

export const idempotencyKey: Rule = {
  id: 'api/idempotency-key',
  area: 'api',
  severity: 'medium',
  title: 'Non-idempotent money and order operations accept an idempotency key',
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
        if (op.parameters.some((p) => p.value.in === 'header' && IDEMPOTENCY.test(String(p.value.name))))
          continue;
        findings.push(
          draftAt(
            doc,
            op.path,
            `${op.label} (${doc.file}) ${reason} but accepts no Idempotency-Key, so a retried request may act twice`,
            {
              element: `${doc.file}#${op.label}#idempotency`,
              severity: /payment|charge|refund|payout|amount|price|transfer/.test(reason)
                ? 'high'
                : undefined,
            },
          ),
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

function moneyReason(doc: OasDoc, op: OasOperation): string | undefined {
  // the resource being created: the last literal segment (`/customers/{id}/charges`), not any word of the path
  // (`/subscriptions/{subscriptionId}/...` in Azure is an account scope, not a purchase)
  const target = op.route
    .split('/')
    .filter((seg) => seg && !seg.startsWith('{'))
    .pop();
  const hit = tokens(target).find((w) => MONEY.has(w));
  if (hit) return `creates or changes ${hit}`;
  const body = op.requestBody?.value.content;
  if (!isObj(body)) return undefined;
  let field: string | undefined;
  for (const media of Object.values(body)) {
    if (!isObj(media)) continue;
    walkSchema(doc, media.schema, [], (schema) => {
      if (field || !isObj(schema.properties)) return field ? false : undefined;
      field = Object.keys(schema.properties).find((k) => MONEY_FIELDS.test(k));
      return false; // top level only: nested `price` fields are descriptive, not a charge
    });
  }
  return field ? `takes a \`${field}\`` : undefined;
}
