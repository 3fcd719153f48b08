import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';

const file = 'k8s/external-name.yaml';
const text = readFileSync(path.resolve(__dirname, '../fixtures/kubernetes/external-name.yaml'), 'utf8');
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const { model } = discoverFiles([{ path: file, text, bytes: Buffer.byteLength(text) }]);
const edge = (to: string) => model.dependencies.find((d) => d.from === 'orders' && d.to === to);

describe('Kubernetes ExternalName Services are followed to the name they alias', () => {
  it('an alias of an in-cluster name in another namespace is an edge to that service', () => {
    const d = edge('payments');
    expect(d).toMatchObject({ protocol: 'http', kind: 'sync', via: 'env' });
    expect(d?.evidence).toBe(
      'PAYMENTS_URL=http://payments:8080 (ExternalName shop/payments → payments.billing.svc.cluster.local)',
    );
    expect(d?.source).toEqual({ file, line: lineOf('name: PAYMENTS_URL') });
  });

  it('an alias of a managed database is an external store of the engine its URL or port names', () => {
    const db = model.datastores.find((x) => x.name === 'orders.c9akciq32.eu-west-1.rds.amazonaws.com');
    expect(db).toMatchObject({ engine: 'postgres', external: true, usedBy: ['orders'] });
    expect(edge(db!.id)).toMatchObject({ protocol: 'sql', kind: 'data' });
    expect(edge(db!.id)?.evidence).toContain('orders:***@orders-db'); // the password stays masked

    const cache = model.datastores.find((x) => x.name === 'shop-cache.abc123.cache.amazonaws.com');
    expect(cache).toMatchObject({ engine: 'redis', external: true });
    expect(edge(cache!.id)).toMatchObject({ protocol: 'redis', kind: 'data' });
  });

  it('an alias of an outside host is an external system, and nothing is left unresolved', () => {
    expect(model.externals).toEqual([
      {
        id: 'ledger.corp.example.com',
        name: 'ledger.corp.example.com',
        kind: 'http',
        url: 'https://ledger.corp.example.com:8443',
        usedBy: ['orders'],
        source: { file, line: lineOf('name: LEDGER_URL') },
      },
    ]);
    expect(model.diagnostics).toEqual([]);
  });

  it('a name with no ExternalName Service behind it is still reported as unresolved', () => {
    const extra = text.replace('value: http://payments:8080', 'value: http://refunds:8080');
    const other = discoverFiles([{ path: file, text: extra, bytes: Buffer.byteLength(extra) }]).model;
    expect(other.diagnostics.map((d) => d.message)).toEqual([
      'orders: `PAYMENTS_URL=http://refunds:8080` names host `refunds`, which no discovered service answers to',
    ]);
  });
});
