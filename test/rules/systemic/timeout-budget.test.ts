import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../../src/discover/index.js';
import { runRules } from '../../../src/review/engine.js';
import { timeoutBudget, timeoutMs } from '../../../src/rules/resilience/timeout-budget.js';
import { messages, review, where } from './helpers.js';

const svc = (name: string, env: Record<string, string>) =>
  `  ${name}:\n    image: shop/${name}:1.0.0\n    environment:\n${Object.entries(env)
    .map(([k, v]) => `      ${k}: ${v}\n`)
    .join('')}`;

describe('resilience/timeout-budget', () => {
  it('reads timeouts as config, env and code write them', () => {
    expect(timeoutMs('10s')).toBe(10_000);
    expect(timeoutMs('1500ms')).toBe(1500);
    expect(timeoutMs('PT2S')).toBe(2000);
    expect(timeoutMs('5', 'Services.TimeoutSeconds')).toBe(5000);
    expect(timeoutMs('10000', 'feign.client.config.default.readTimeout')).toBe(10_000);
    expect(timeoutMs('Timeout: 3 * time.Second', '', 'go')).toBe(3000);
    expect(timeoutMs('client.Timeout = TimeSpan.FromSeconds(5)', '', 'csharp')).toBe(5000);
    expect(timeoutMs('timeout=10', '', 'python')).toBe(10_000);
    expect(timeoutMs('timeout: 2000', '', 'javascript')).toBe(2000);
    expect(timeoutMs('timeout', '', 'java')).toBeUndefined();
  });

  it('reports the uniform 10 s chain once, at the outer hop, with both settings as evidence', () => {
    const run = review(timeoutBudget, timeoutBudget.examples.fail.files);
    expect(messages(run)).toEqual([
      'Timeouts do not shrink along gateway → orders → payments: gateway waits 10 s for orders (UPSTREAM_TIMEOUT=10s), and orders waits 10 s for payments (HTTP_CLIENT_TIMEOUT=10s), the same budget on every hop, with no deadline propagated: when payments is slow, gateway gives up while orders still waits',
    ]);
    expect(where(run)).toEqual([['docker-compose.yml:6', 'docker-compose.yml:11']]);
  });

  it('uses the timeout that names the callee, and ignores database and session timeouts', () => {
    const run = review(timeoutBudget, {
      'docker-compose.yml': `services:\n${svc('web', { ORDERS_URL: 'http://orders:8080', ORDERS_TIMEOUT: '2s', SESSION_TIMEOUT: '30m' })}${svc('orders', { PAYMENTS_URL: 'http://payments:8080', STOCK_URL: 'http://stock:8080', PAYMENTS_TIMEOUT: '5s', STOCK_TIMEOUT: '1s', DB_TIMEOUT: '60s' })}${svc('payments', {})}${svc('stock', {})}`,
    });
    expect(run.findings.map((f) => f.data)).toEqual([
      { chain: ['web', 'orders'], callees: ['payments'], outerMs: 2000, innerMs: { payments: 5000 } },
    ]);
    expect(messages(run)[0]).not.toContain('the same budget on every hop');
  });

  it('says nothing when the middle service propagates a deadline', () => {
    const run = review(timeoutBudget, {
      'docker-compose.yml': `services:\n${svc('web', { ORDERS_URL: 'http://orders:8080', HTTP_TIMEOUT: '10s' })}${svc('orders', { PAYMENTS_URL: 'http://payments:8080', HTTP_TIMEOUT: '10s', PROPAGATE_DEADLINE: 'true' })}${svc('payments', {})}`,
    });
    expect(messages(run)).toEqual([]);
  });

  it('ties a code timeout to the client file it sits in (cart/internal/client/catalog.go times out catalog calls)', async () => {
    const run = runRules(
      await discoverDirectory(path.resolve(__dirname, '../../fixtures/code-polyglot')),
      { rules: {} },
      [timeoutBudget],
    );
    expect(messages(run)).toEqual([]);
  });
});
