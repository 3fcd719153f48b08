/**
 * The gRPC/proto rules on Online Boutique's real protos. Every finding below was checked by hand against
 * demo.proto; the vendored grpc.health.v1 proto (UNKNOWN = 0 is upstream's choice) is deliberately skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDirectory, discoverFiles } from '../../../src/discover/index.js';
import { formatSource } from '../../../src/model/provenance.js';
import { runRules } from '../../../src/review/engine.js';
import { apiRules } from '../../../src/rules/api/index.js';
import { corpusPath, corpusTitle } from '../../helpers/corpus.js';

const grpcRules = apiRules.filter((r) => r.id.startsWith('api/grpc-'));
const protos = corpusPath('microservices-demo/protos');
const fixture = path.resolve(__dirname, '../../fixtures/proto/good/shop/orders/v1/orders.proto');

describe.skipIf(!existsSync(protos))(
  corpusTitle('gRPC rules on Online Boutique', 'microservices-demo/protos'),
  () => {
    it('finds exactly the hand-checked problems, at the right lines', async () => {
      const discovery = await discoverDirectory(protos);
      const run = runRules(discovery, { rules: {} }, grpcRules);
      const found = run.findings.map((f) => [f.ruleId, f.messageId, formatSource(f.locations[0])]).sort();
      expect(found).toEqual([
        // AddItem, EmptyCart, SendOrderConfirmation return it; ListProducts, GetSupportedCurrencies take it
        ['api/grpc-dedicated-messages', 'emptyMessage', 'demo.proto:24'],
        // package hipstershop;
        ['api/grpc-package-versioned', 'unversionedPackage', 'demo.proto:17'],
        // PlaceOrderRequest: 1, 2, 3, 5, 6 — field 4 was removed without `reserved 4;`
        ['api/grpc-reserved-removed-fields', 'unreservedGap', 'demo.proto:228'],
      ]);
      const empty = run.findings.find((f) => f.ruleId === 'api/grpc-dedicated-messages');
      expect(empty?.message).toContain('hipstershop.Empty');
      expect(empty?.locations.map(formatSource)).toContain('demo.proto:52');
    });
  },
);

describe('gRPC rules on a proto that follows buf STANDARD', () => {
  it('finds nothing and reports strengths', () => {
    const text = readFileSync(fixture, 'utf8');
    const discovery = discoverFiles([{ path: 'shop/orders/v1/orders.proto', text, bytes: text.length }]);
    const run = runRules(discovery, { rules: {} }, grpcRules);
    // ChatMessage is both request and response of Chat: one RPC, so not shared
    expect(run.findings.map((f) => f.message)).toEqual([]);
    expect(run.strengths.map((s) => s.ruleId).sort()).toEqual([
      'api/grpc-dedicated-messages',
      'api/grpc-enum-zero-unspecified',
      'api/grpc-package-versioned',
      'api/grpc-reserved-removed-fields',
      'api/grpc-streaming-deliberate',
    ]);
  });
});
