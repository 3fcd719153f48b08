import type { CodeFact } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { at, codeExample, serviceCalls } from '../shared/code.js';
import { consistencyEvidence, hasBroker } from '../shared/consistency.js';
import type { FindingDraft, Rule } from '../types.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const TWO_WRITES = `package checkout

import (
	"bytes"
	"net/http"
)

func PlaceOrder(order []byte) error {
	if _, err := http.Post("http://payments:8080/charges", "application/json", bytes.NewReader(order)); err != nil {
		return err
	}
	_, err := http.Post("http://shipping:8080/shipments", "application/json", bytes.NewReader(order))
	return err
}
`;

const WITH_SAGA = `package checkout

import (
	"bytes"
	"net/http"
)

// PlaceOrder runs the order saga: a failed shipment triggers the compensation that refunds the charge.
func PlaceOrder(order []byte) error {
	if _, err := http.Post("http://payments:8080/charges", "application/json", bytes.NewReader(order)); err != nil {
		return err
	}
	if _, err := http.Post("http://shipping:8080/shipments", "application/json", bytes.NewReader(order)); err != nil {
		return compensateCharge(order)
	}
	return nil
}
`;

/** Pattern vocabulary that guards a multi-service write: saga, compensation, outbox. */

const { messages, say } = defineMessages({
  uncoordinatedWrites:
    '{{service}} {{function}} writes to {{targets}} in one request ({{calls}}) with no saga, outbox or compensation in sight',
  uncoordinatedWritesNoBroker:
    '{{service}} {{function}} writes to {{targets}} in one request ({{calls}}) with no saga, outbox or compensation in sight, and the system runs no message broker: every multi-service change is a synchronous chain',
});

export const distributedWrite: Rule = {
  id: 'services/distributed-write',
  area: 'services',
  severity: 'high',
  title: 'One request writes to several services with no saga, outbox or compensation',
  messages,
  rationale:
    'A function that changes state in two or more other services in one request has no transaction spanning them: ' +
    'when the second write fails (or times out after succeeding), the first stays, and the system is inconsistent ' +
    'with nobody to repair it. Distributed transactions (2PC) are rarely available across services; the accepted ' +
    'answers are a saga with compensating actions, or a transactional outbox that turns the follow-up writes into ' +
    'reliably delivered events. A system with no broker at all has only the first answer open to it, and usually ' +
    'neither in place: every such change is a synchronous chain of writes.',
  references: [
    'Richardson, Microservices Patterns, ch. 4: Managing transactions with sagas (https://microservices.io/patterns/data/saga.html)',
    'Richardson: Transactional outbox (https://microservices.io/patterns/data/transactional-outbox.html)',
    'Garcia-Molina & Salem, "Sagas", SIGMOD 1987',
    'Kleppmann, Designing Data-Intensive Applications, ch. 9: Atomic commit and two-phase commit',
  ],
  recommendation:
    'Make the multi-service change a saga (each step with a compensating action, orchestrated or choreographed), or write the first change and an outbox record in one local transaction and let the other services react to the event.',
  fix: {
    description: 'Compensate the steps already done when a later step fails (or publish through an outbox).',
    language: 'go',
    snippet: WITH_SAGA,
  },
  examples: {
    fail: {
      description:
        'checkout charges payments and creates a shipment in one function, with nothing to undo either',
      files: codeExample(['checkout', 'payments', 'shipping'], { 'checkout/order.go': TWO_WRITES }),
      findings: [
        {
          at: 'checkout/order.go:9',
          messageId: 'uncoordinatedWritesNoBroker',
          message:
            'checkout PlaceOrder writes to payments and shipping in one request (checkout/order.go:9, checkout/order.go:12) with no saga, outbox or compensation in sight, and the system runs no message broker: every multi-service change is a synchronous chain',
          also: ['checkout/order.go:12'],
        },
      ],
    },
    pass: {
      description: 'the same two writes with a compensating refund',
      files: codeExample(['checkout', 'payments', 'shipping'], { 'checkout/order.go': WITH_SAGA }),
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const guarded = consistencyEvidence(model);
    const broker = hasBroker(model);
    const byFunction = new Map<string, CodeFact[]>();
    for (const call of serviceCalls(model)) {
      if (!call.fact.function || !WRITES.has(call.fact.method ?? '')) continue;
      const key = `${call.from}|${call.fact.source.file}|${call.fact.function}`;
      byFunction.set(key, [...(byFunction.get(key) ?? []), call.fact]);
    }
    let multi = 0;
    for (const [key, facts] of [...byFunction].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const targets = [...new Set(facts.map((f) => f.targetId as string))].sort();
      if (targets.length < 2) continue;
      multi++;
      const from = facts[0]?.serviceId as string;
      if (guarded.has(from)) continue;
      const said = {
        service: from,
        function: facts[0]?.function ?? '',
        targets: targets.join(' and '),
        calls: facts.map(at).join(', '),
      };
      findings.push({
        ...(broker ? say.uncoordinatedWrites(said) : say.uncoordinatedWritesNoBroker(said)),
        locations: facts.map((f) => f.source),
        element: `write:${key}`,
        data: { service: from, function: facts[0]?.function ?? null, targets, brokerInSystem: broker },
      });
    }
    return {
      findings,
      strength:
        multi > 0 && findings.length === 0
          ? `Every request that writes to several services sits in a service with saga, outbox or compensation code`
          : undefined,
    };
  },
};
