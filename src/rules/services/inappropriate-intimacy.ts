import { formatSource } from '../../model/provenance.js';
import type { Source } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import {
  businessDatastores,
  isApplication,
  serviceName,
  storeUsers,
  uniqueSources,
} from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';

const { messages, say } = defineMessages({
  foreignStore: '{{service}} connects to {{store}}, the {{engine}} {{category}} owned by {{owner}}{{via}}',
});

export const inappropriateIntimacy: Rule = {
  id: 'services/inappropriate-intimacy',
  area: 'services',
  severity: 'high',
  title: "A service reaches into another service's datastore",
  messages,
  rationale:
    "A service that connects to a store another service owns bypasses that service's API and invariants: it depends on the " +
    "owner's private table layout, can write data the owner never validated, and breaks the moment the owner migrates. " +
    'Taibi & Lenarduzzi call this inappropriate service intimacy; it is the most direct way a set of microservices turns back ' +
    'into a distributed monolith.',
  references: [
    'Taibi & Lenarduzzi, "On the Definition of Microservice Bad Smells", IEEE Software 35(3), 2018 (inappropriate service intimacy)',
    'Newman, Building Microservices (2nd ed.), ch. 2: information hiding and "Don\'t share databases"',
    'Richardson, Microservices Patterns: Database per service (https://microservices.io/patterns/data/database-per-service.html)',
  ],
  recommendation:
    'Go through the owner: call its API, subscribe to the events it publishes, or keep a local read model fed by those events. ' +
    'If the data truly belongs to the other service, move its ownership there explicitly.',
  fix: {
    description: "Replace the direct connection to the owner's store with a call to the owner.",
    language: 'yaml',
    snippet:
      'services:\n  billing:\n    environment:\n      # was ORDERS_DATABASE_URL: postgres://billing@orders-db:5432/orders\n      ORDERS_URL: http://orders:8080',
  },
  examples: {
    fail: {
      description: "billing connects straight to orders' database",
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      DATABASE_URL: postgres://orders@orders-db:5432/orders\n  billing:\n    image: shop/billing:1.0.0\n    environment:\n      ORDERS_DATABASE_URL: postgres://billing@orders-db:5432/orders\n  orders-db:\n    image: postgres:16.3\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:9',
          messageId: 'foreignStore',
          message:
            'billing connects to orders-db, the postgres database owned by orders (env `ORDERS_DATABASE_URL=postgres://billing@orders-db:5432/orders` at docker-compose.yml:9)',
          also: ['docker-compose.yml:10'],
        },
      ],
    },
    pass: {
      description: 'billing asks the orders service',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      DATABASE_URL: postgres://orders@orders-db:5432/orders\n  billing:\n    image: shop/billing:1.0.0\n    environment:\n      ORDERS_URL: http://orders:8080\n  orders-db:\n    image: postgres:16.3\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let owned = 0;
    for (const store of businessDatastores(model)) {
      const owner = store.ownerServiceId;
      if (!owner || store.category === 'broker' || store.category === 'coordination') continue;
      const ownerService = model.services.find((s) => s.id === owner);
      if (!ownerService || !isApplication(ownerService)) continue;
      owned++;
      for (const [user, dep] of storeUsers(model, store)) {
        if (user === owner) continue;
        const locations: Source[] = uniqueSources([dep?.source ?? store.source, store.source]);
        findings.push({
          ...say.foreignStore({
            service: serviceName(model, user),
            store: store.name,
            engine: store.engine,
            category: store.category,
            owner: ownerService.name,
            via: dep ? ` (${dep.via} \`${dep.evidence}\` at ${formatSource(dep.source)})` : '',
          }),
          locations,
          element: `intimacy:${user}>${store.id}`,
          data: { service: user, datastore: store.id, owner },
        });
      }
    }
    return {
      findings,
      strength:
        owned > 0 && findings.length === 0
          ? owned === 1
            ? 'The one owned datastore is reached only by its owning service'
            : `All ${owned} owned datastores are reached only by their owning service`
          : undefined,
    };
  },
};
