import { formatSource } from '../../model/provenance.js';
import type { Datastore, Source } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { businessDatastores, serviceName, storeUsers, uniqueSources } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';

/** Stores whose sharing couples services' data models; brokers and coordination services are shared by design. */
const SHAREABLE_CATEGORIES: Datastore['category'][] = ['database', 'search', 'cache'];

const { messages, say } = defineMessages({
  sharedStore: '{{engine}} {{category}} {{store}} is used by {{count}} services ({{services}}){{evidence}}',
});

export const sharedDatabase: Rule = {
  id: 'services/shared-database',
  area: 'services',
  severity: 'high',
  title: 'Several services share one datastore',
  messages,
  rationale:
    'When two services read and write the same database, its schema becomes an unversioned API between them: neither can ' +
    'change a table, migrate or scale the store without coordinating with the other, and a slow query in one takes the other ' +
    'down with it. "Shared persistency" is one of the most frequently reported microservice smells; Newman\'s rule is that a ' +
    "service owns its data and others reach it through the service's API. (When the store has a known owner, " +
    'services/inappropriate-intimacy reports the services that reach into it instead.)',
  references: [
    'Taibi & Lenarduzzi, "On the Definition of Microservice Bad Smells", IEEE Software 35(3), 2018 (shared persistency)',
    'Newman, Building Microservices (2nd ed.), ch. 2 and ch. 3: "Don\'t share databases"',
    'Richardson, Microservices Patterns, ch. 2: Database per service (https://microservices.io/patterns/data/database-per-service.html)',
  ],
  recommendation:
    'Give each service its own database (or at least its own schema and credentials), pick one owner for the shared data, ' +
    "and let the other services read it through the owner's API or events it publishes.",
  fix: {
    description: 'One store per service; the other service asks the owner instead of reading its tables.',
    language: 'yaml',
    snippet:
      'services:\n  orders:\n    environment:\n      DATABASE_URL: postgres://orders@orders-db:5432/orders\n  billing:\n    environment:\n      DATABASE_URL: postgres://billing@billing-db:5432/billing\n      ORDERS_URL: http://orders:8080   # read orders through the API\n  orders-db:\n    image: postgres:16.3\n  billing-db:\n    image: postgres:16.3',
  },
  examples: {
    fail: {
      description: 'orders and billing both connect to the same postgres',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      DATABASE_URL: postgres://app@postgres:5432/shop\n  billing:\n    image: shop/billing:1.0.0\n    environment:\n      DATABASE_URL: postgres://app@postgres:5432/shop\n  postgres:\n    image: postgres:16.3\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:5',
          messageId: 'sharedStore',
          message:
            'postgres database postgres is used by 2 services (billing, orders): billing via env `DATABASE_URL=postgres://app@postgres:5432/shop` at docker-compose.yml:9; orders via env `DATABASE_URL=postgres://app@postgres:5432/shop` at docker-compose.yml:5',
          also: ['docker-compose.yml:9', 'docker-compose.yml:10'],
        },
      ],
    },
    pass: {
      description: 'each service has its own database',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      DATABASE_URL: postgres://orders@orders-db:5432/orders\n  billing:\n    image: shop/billing:1.0.0\n    environment:\n      DATABASE_URL: postgres://billing@billing-db:5432/billing\n  orders-db:\n    image: postgres:16.3\n  billing-db:\n    image: postgres:16.3\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let considered = 0;
    let sharedWithOwner = 0;
    for (const store of businessDatastores(model)) {
      if (!SHAREABLE_CATEGORIES.includes(store.category)) continue;
      const users = storeUsers(model, store);
      if (users.size === 0) continue;
      considered++;
      if (users.size < 2) continue;
      // A known owner among the users: the others are intruders, reported by services/inappropriate-intimacy.
      if (store.ownerServiceId && users.has(store.ownerServiceId)) {
        sharedWithOwner++;
        continue;
      }
      const names = [...users.keys()].map((id) => serviceName(model, id));
      const evidence = [...users.values()].filter((d) => d !== undefined);
      const locations: Source[] = uniqueSources([store.source, ...evidence.map((d) => d.source)]);
      findings.push({
        ...say.sharedStore({
          engine: store.engine,
          category: store.category,
          store: store.name,
          count: users.size,
          services: names.join(', '),
          evidence: evidence.length
            ? `: ${evidence.map((d) => `${d.from} via ${d.via} \`${d.evidence}\` at ${formatSource(d.source)}`).join('; ')}`
            : '',
        }),
        locations,
        element: `datastore:${store.id}`,
        severity: store.category === 'cache' ? 'medium' : 'high',
        data: {
          datastore: store.id,
          engine: store.engine,
          category: store.category,
          users: [...users.keys()],
        },
      });
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0 && sharedWithOwner === 0
          ? considered === 1
            ? 'The one datastore in use serves a single service'
            : `Each of the ${considered} datastores in use serves a single service`
          : undefined,
    };
  },
};
