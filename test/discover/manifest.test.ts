import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import { manifestAdapter, parseManifest } from '../../src/discover/manifest/adapter.js';
import { MANIFEST_SECTIONS, manifestSections } from '../../src/discover/manifest/schema.js';
import { applyManifest } from '../../src/model/apply-manifest.js';
import { emptyModel, newService } from '../../src/model/empty.js';
import type { SystemModel } from '../../src/model/schema.js';

const fixtures = path.resolve(__dirname, '../fixtures/manifest');

function read(rel: string) {
  const text = readFileSync(path.join(fixtures, rel), 'utf8');
  return { path: rel, text, bytes: Buffer.byteLength(text) };
}

describe('plumbline.yaml adapter', () => {
  it('lists every section it validates, in order (the list names them before the schemas are built)', () => {
    expect(Object.keys(manifestSections())).toEqual([...MANIFEST_SECTIONS]);
  });

  it('claims only plumbline.yaml / plumbline.yml', () => {
    expect(manifestAdapter.claims('plumbline.yaml', '')).toBe(true);
    expect(manifestAdapter.claims('deploy/plumbline.yml', '')).toBe(true);
    expect(manifestAdapter.claims('plumbline.json', '')).toBe(false);
    expect(manifestAdapter.claims('my-plumbline.yaml', '')).toBe(false);
  });

  it('reads every section into declared facts, accepting the review config keys silently', () => {
    const fragment = parseManifest(read('good/plumbline.yaml'));
    expect(fragment.diagnostics).toEqual([]);
    const d = fragment.declared;
    expect(d?.system).toBe('boutique');
    expect(d?.requirements).toEqual({
      availabilityTarget: 0.999,
      p99LatencyMs: 400,
      p50LatencyMs: 80,
      peakRps: 1200,
      dataGrowthGbPerYear: 50,
      rpoMinutes: 15,
      rtoMinutes: 60,
    });
    expect(d?.slos).toEqual([
      {
        name: 'checkout-success',
        service: 'checkoutservice',
        objective: '99.9% of PlaceOrder calls succeed over 28 days',
        source: { file: 'good/plumbline.yaml', line: 12 },
      },
    ]);
    expect(d?.dataClasses?.map((c) => [c.name, c.classes, c.services, c.source.line])).toEqual([
      ['paymentservice', ['payment'], ['paymentservice'], 16],
      ['checkoutservice', ['pii', 'payment'], ['checkoutservice'], 17],
    ]);
    expect(d?.compliance).toEqual(['PCI-DSS', 'GDPR']);
    expect(d?.trustBoundaries).toEqual([
      {
        id: 'internet-edge',
        name: 'internet-edge',
        kind: 'network',
        services: ['frontend'],
        source: expect.anything(),
      },
    ]);
    expect(d?.owners?.map((o) => [o.service, o.team])).toEqual([
      ['cartservice', 'team-cart'],
      ['paymentservice', 'team-payments'],
    ]);
    expect(d?.team).toEqual({ teams: 3, engineers: 14 });
    expect(d?.criticalPaths).toEqual([
      {
        name: 'checkout',
        services: ['frontend', 'checkoutservice', 'paymentservice'],
        source: { file: 'good/plumbline.yaml', line: 30 },
      },
    ]);
    expect(d?.overrides).toEqual([
      { target: 'service', id: 'loadgenerator', set: { role: 'tooling' }, source: expect.anything() },
      {
        target: 'datastore',
        id: 'redis-cart',
        set: { replicated: true, backup: false },
        source: { file: 'good/plumbline.yaml', line: 40 },
      },
    ]);
    expect(fragment.externals).toEqual([
      {
        id: 'stripe',
        name: 'Stripe',
        kind: 'payment-provider',
        url: 'https://api.stripe.com',
        usedBy: ['paymentservice'],
        source: { file: 'good/plumbline.yaml', line: 32 },
      },
    ]);
  });

  it('accepts the list forms of dataClasses and criticalPaths and a fractional availability', () => {
    const fragment = parseManifest(read('list-form/plumbline.yml'));
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.declared?.requirements?.availabilityTarget).toBe(0.9995);
    expect(fragment.declared?.dataClasses?.[0]).toMatchObject({
      name: 'card-data',
      classes: ['payment'],
      services: ['payments', 'checkout'],
    });
    expect(fragment.declared?.criticalPaths?.[0]).toMatchObject({
      name: 'order',
      services: ['web', 'orders'],
    });
  });

  it('names the key path and line of every mistake, and keeps the valid sections', () => {
    const fragment = parseManifest(read('broken/plumbline.yaml'));
    const found = fragment.diagnostics?.map((d) => [d.severity, d.line, d.message]);
    expect(found).toEqual([
      [
        'error',
        3,
        'requirements.availabilityTarget: availabilityTarget must be between 0 and 1 (e.g. 0.999) or a percentage ("99.9%")',
      ],
      ['error', 4, 'requirements.p99LatencyMs: Invalid input: expected number, received string'],
      ['error', 8, 'slos[0].window: unknown key `window`'],
      ['error', 9, 'compliance: Invalid input: expected array, received string'],
      ['warning', 12, expect.stringMatching(/^unknown key `teams`/)],
    ]);
    expect(fragment.declared?.system).toBe('shop');
    expect(fragment.declared?.owners).toHaveLength(1);
    expect(fragment.declared?.requirements).toBeUndefined();
  });

  it('turns broken YAML into a diagnostic with a line', () => {
    const text = 'system: shop\nrequirements: [unclosed\n';
    const fragment = parseManifest({ path: 'plumbline.yaml', text, bytes: text.length });
    expect(fragment.diagnostics?.[0]).toMatchObject({ severity: 'error', origin: 'manifest' });
    expect(fragment.diagnostics?.[0].line).toBeGreaterThan(0);
  });

  it('names the system after the manifest during discovery', () => {
    const { model } = discoverFiles([read('good/plumbline.yaml')], '.', { name: 'dir-name' });
    expect(model.name).toBe('boutique');
    expect(model.declared.compliance).toEqual(['PCI-DSS', 'GDPR']);
    expect(model.externals.map((e) => e.id)).toEqual(['stripe']);
  });
});

describe('applying the manifest after merge', () => {
  function boutique(): SystemModel {
    const model = emptyModel();
    const at = { file: 'k8s.yaml', line: 1 };
    model.services.push(
      newService('cartservice', at),
      newService('checkoutservice', at),
      newService('paymentservice', at),
      newService('frontend', at, { role: 'frontend' }),
      newService('loadgenerator', at),
      newService('redis-cart', at, { role: 'cache' }),
    );
    model.datastores.push({
      id: 'redis-cart',
      name: 'redis-cart',
      engine: 'redis',
      category: 'cache',
      serviceId: 'redis-cart',
      external: false,
      usedBy: ['cartservice'],
      source: at,
    });
    return model;
  }

  it('sets owners, data classes and overrides on the discovered services and stores', () => {
    const fragment = parseManifest(read('good/plumbline.yaml'));
    const { model } = discoverFiles([read('good/plumbline.yaml')]);
    const target = boutique();
    target.declared = model.declared;
    target.externals = fragment.externals ?? [];
    applyManifest(target);
    const svc = (id: string) => target.services.find((s) => s.id === id);
    expect(svc('cartservice')?.owner).toBe('team-cart');
    expect(svc('paymentservice')?.owner).toBe('team-payments');
    expect(svc('checkoutservice')?.dataClasses).toEqual(['payment', 'pii']);
    expect(svc('paymentservice')?.dataClasses).toEqual(['payment']);
    expect(svc('loadgenerator')?.role).toBe('tooling');
    expect(target.datastores[0]).toMatchObject({ replicated: true, backup: false });
    expect(target.diagnostics).toEqual([]);
  });

  it('warns, with the manifest line, about names that match nothing', () => {
    const { model } = discoverFiles([read('list-form/plumbline.yml')]);
    const target = boutique();
    target.declared = model.declared;
    applyManifest(target);
    expect(target.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [5, 'dataClasses `card-data` names service `payments`, which is not in the discovered system'],
      [5, 'dataClasses `card-data` names service `checkout`, which is not in the discovered system'],
      [9, 'critical path `order` names service `web`, which is not in the discovered system'],
      [9, 'critical path `order` names service `orders`, which is not in the discovered system'],
    ]);
  });
});
