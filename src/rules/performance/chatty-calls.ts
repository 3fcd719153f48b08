import { defineMessages } from '../messages.js';
import { at, codeExample, serviceCalls } from '../shared/code.js';
import type { FindingDraft, Rule } from '../types.js';

const LOOP = `package com.shop.orders;

public class OrderService {
    private static final String STOCK = "http://inventory:8080/api/stock/";

    public void reserve(Order order) {
        for (OrderLine line : order.getLines()) {
            restTemplate.put(STOCK + line.getSku(), line.getQuantity());
        }
    }
}
`;

const BATCH = `package com.shop.orders;

public class OrderService {
    private static final String STOCK = "http://inventory:8080/api/stock/reservations";

    public void reserve(Order order) {
        restTemplate.postForObject(STOCK, order.getLines(), Reservation.class);
    }
}
`;

const { messages, say } = defineMessages({
  callInLoop: '{{from}} calls {{to}} inside a loop{{where}} ({{at}}): one round trip per element',
});

export const chattyCalls: Rule = {
  id: 'performance/chatty-calls',
  area: 'performance',
  severity: 'medium',
  title: 'Remote call inside a loop',
  messages,
  rationale:
    'A call to another service inside a loop makes one network round trip per element: the request takes N times the ' +
    "callee's latency (and N times its tail latency), and the callee takes N requests where one would do. This chatty " +
    'interface is the distributed form of the N+1 query problem; it grows silently with the data, then dominates the ' +
    'latency of the whole request path.',
  references: [
    'Fowler, Patterns of Enterprise Application Architecture: Remote Facade (coarse-grained interfaces for remote calls)',
    'Richardson, Microservices Patterns, ch. 8: API composition and the cost of many round trips',
    'Google SRE book, ch. 22: Addressing Cascading Failures (request fan-out)',
  ],
  recommendation:
    "Ask once for the whole set: add a batch endpoint to the callee (or a query that takes a list of ids), call it outside the loop, or keep a local read model fed by the callee's events.",
  fix: {
    description: 'One request with the whole list instead of one request per element.',
    language: 'java',
    snippet: BATCH,
  },
  examples: {
    fail: {
      description: 'orders calls inventory once per order line',
      files: codeExample(['orders', 'inventory'], {
        'orders/src/main/java/com/shop/orders/OrderService.java': LOOP,
      }),
      findings: [
        {
          at: 'orders/src/main/java/com/shop/orders/OrderService.java:8',
          messageId: 'callInLoop',
          message:
            'orders calls inventory inside a loop in OrderService.reserve (orders/src/main/java/com/shop/orders/OrderService.java:8): one round trip per element',
        },
      ],
    },
    pass: {
      description: 'orders reserves all lines in one call',
      files: codeExample(['orders', 'inventory'], {
        'orders/src/main/java/com/shop/orders/OrderService.java': BATCH,
      }),
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const calls = serviceCalls(model);
    for (const call of calls) {
      if (!call.fact.inLoop) continue;
      const where = call.fact.function ? ` in ${call.fact.function}` : '';
      findings.push({
        ...say.callInLoop({ from: call.from, to: call.to, where, at: at(call.fact) }),
        locations: [call.fact.source],
        element: `call:${call.fact.id}`,
        data: {
          from: call.from,
          to: call.to,
          function: call.fact.function ?? null,
          client: call.fact.client ?? null,
        },
      });
    }
    return {
      findings,
      strength:
        calls.length > 0 && findings.length === 0
          ? `None of the ${calls.length} service-to-service call sites found in code sits inside a loop`
          : undefined,
    };
  },
};
