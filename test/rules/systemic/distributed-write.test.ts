import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../../src/discover/index.js';
import { runRules } from '../../../src/review/engine.js';
import { distributedWrite } from '../../../src/rules/services/distributed-write.js';
import { hasBroker } from '../../../src/rules/shared/consistency.js';
import { messages, review } from './helpers.js';

describe('services/distributed-write and the system around it', () => {
  it('says when the system has no broker: the multi-service change can only be a synchronous chain', () => {
    const run = review(distributedWrite, distributedWrite.examples.fail.files);
    expect(messages(run)).toEqual([
      'checkout PlaceOrder writes to payments and shipping in one request (checkout/order.go:9, checkout/order.go:12) with no saga, outbox or compensation in sight, and the system runs no message broker: every multi-service change is a synchronous chain',
    ]);
    expect(run.findings[0]?.data).toMatchObject({ targets: ['payments', 'shipping'], brokerInSystem: false });
  });

  it('does not add the no-broker clause when a broker runs beside the services', () => {
    const files = { ...distributedWrite.examples.fail.files };
    files['docker-compose.yml'] = `${files['docker-compose.yml']}  rabbitmq:\n    image: rabbitmq:4.1\n`;
    const run = review(distributedWrite, files);
    expect(messages(run)).toEqual([
      'checkout PlaceOrder writes to payments and shipping in one request (checkout/order.go:9, checkout/order.go:12) with no saga, outbox or compensation in sight',
    ]);
  });

  it('on the Spring fixture: orders writes inventory and payment, and the system has a broker (notifications)', async () => {
    const discovery = await discoverDirectory(path.resolve(__dirname, '../../fixtures/code-spring'));
    expect(hasBroker(discovery.model)).toBe(true);
    const run = runRules(discovery, { rules: {} }, [distributedWrite]);
    expect(run.findings.map((f) => f.data)).toEqual([
      {
        service: 'orders-service',
        function: 'OrderService.placeOrder',
        targets: ['inventory-service', 'payment-service'],
        brokerInSystem: true,
      },
    ]);
  });
});
