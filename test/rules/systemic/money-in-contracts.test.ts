import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../../src/discover/index.js';
import { type RuleRun, runRules } from '../../../src/review/engine.js';
import { moneyInFloatingPoint } from '../../../src/rules/data/money-in-floating-point.js';
import { corpusPath, corpusTitle } from '../../helpers/corpus.js';
import { messages, review, where } from './helpers.js';

const openapi = (props: string) => `openapi: 3.0.3
info: { title: Orders, version: 1.0.0 }
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
${props}`;

describe('data/money-in-floating-point in API contracts', () => {
  it('reports double and float money fields of a proto, not rates, weights or Money messages', () => {
    const run = review(moneyInFloatingPoint, {
      'shop.proto': `syntax = "proto3";
package shop.v1;

message Money { string currency_code = 1; int64 units = 2; int32 nanos = 3; }

message Line {
  string product_id = 1;
  double unit_price = 2;
  float total_amount = 3;
  double tax_rate = 4;
  double weight_kg = 5;
  Money cost = 6;
  int64 price_cents = 7;
}
`,
    });
    expect(messages(run)).toEqual([
      'Message shop.v1.Line field `unit_price` (shop.proto) carries money as floating point (double)',
      'Message shop.v1.Line field `total_amount` (shop.proto) carries money as floating point (float)',
    ]);
    expect(where(run)).toEqual([['shop.proto:8'], ['shop.proto:9']]);
    expect(run.findings[0]?.fix.language).toBe('proto');
    expect(run.findings[0]?.fix.snippet).toContain('google.type.Money');
  });

  it('grades OpenAPI: number with float/double format high, plain number medium, decimal strings and integers pass', () => {
    const run = review(moneyInFloatingPoint, {
      'openapi.yaml': openapi(`        price: { type: number, format: double }
        total: { type: number }
        discount: { type: string, format: decimal }
        amount_cents: { type: integer }
        discount_percent: { type: number }
        currency: { type: string }
`),
    });
    expect(run.findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'high',
        'Schema Order field `price` (openapi.yaml) carries money as floating point (number, format double)',
      ],
      [
        'medium',
        'Schema Order field `total` (openapi.yaml) carries money as a JSON number with no decimal format (`type: number`)',
      ],
    ]);
  });

  it('treats a bare `total` as a count unless its type is about money or carries a currency', () => {
    const run = review(moneyInFloatingPoint, {
      'openapi.yaml': `openapi: 3.0.3
info: { title: Search, version: 1.0.0 }
paths: {}
components:
  schemas:
    SearchPage:
      type: object
      properties:
        total: { type: number }
        total_tokens: { type: number }
`,
    });
    expect(messages(run)).toEqual([]);
  });
});

describe.skipIf(!existsSync(corpusPath('sock-shop-services')))(
  corpusTitle('Sock Shop service contracts: money', 'sock-shop-services'),
  () => {
    let run: RuleRun;
    beforeAll(async () => {
      run = runRules(await discoverDirectory(corpusPath('sock-shop-services')), { rules: {} }, [
        moneyInFloatingPoint,
      ]);
    });

    it('reports the catalogue price (double), the cart unit price and the order total (number) and the SQL float', () => {
      expect(run.findings.map((f) => [f.severity, f.element])).toEqual([
        ['high', 'api-field:openapi:catalogue/api-spec/catalogue.json#Listresponse.price'],
        ['high', 'api-field:openapi:catalogue/api-spec/catalogue.json#Getanitemresponse.price'],
        ['high', expect.stringMatching(/^column:.*sock\.price$/)],
        ['medium', 'api-field:openapi:carts/api-spec/carts.json#CartItem.unitPrice'],
        ['medium', 'api-field:openapi:orders/api-spec/orders.json#Order.total'],
      ]);
    });
  },
);

describe.skipIf(!existsSync(corpusPath('microservices-demo')))(
  corpusTitle('Online Boutique contracts: money', 'microservices-demo'),
  () => {
    it('credits the Money message (units and nanos with a currency code) on every money field', async () => {
      const run = runRules(await discoverDirectory(corpusPath('microservices-demo')), { rules: {} }, [
        moneyInFloatingPoint,
      ]);
      expect(messages(run)).toEqual([]);
      expect(run.strengths.map((s) => s.message)).toEqual([
        'All 5 money-like contract fields (hipstershop.ChargeRequest.amount, hipstershop.GetQuoteResponse.cost_usd, hipstershop.OrderItem.cost, hipstershop.OrderResult.shipping_cost, hipstershop.Product.price_usd) use exact types',
      ]);
    });
  },
);
