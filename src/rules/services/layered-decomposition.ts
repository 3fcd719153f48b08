import { defineMessages } from '../messages.js';
import { isApplication } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';

/** Names that say "I am a technical layer" rather than a business capability. Deliberately narrow. */
const LAYER_SUFFIX =
  /-(dao|dal|repository|repositories|persistence|data-access|data-layer|business-layer|logic-layer)$/;
const LAYER_NAME =
  /^(data|dao|dal|bll|persistence|repository|database|db|business|business-logic|logic|presentation|domain|service)[-_]?(service|layer|tier)$/;

export function layerName(id: string): string | undefined {
  return LAYER_SUFFIX.exec(id)?.[1] ?? LAYER_NAME.exec(id)?.[0];
}

const { messages, say } = defineMessages({
  layerNamed: '{{service}} is named after a technical layer ({{layer}}), not a business capability',
});

export const layeredDecomposition: Rule = {
  id: 'services/layered-decomposition',
  area: 'services',
  severity: 'medium',
  title: 'Services split by technical layer instead of business capability',
  messages,
  rationale:
    'A service named after a layer (a DAO, a repository, a "data service", a "business layer") means a request crosses the ' +
    'network once per layer and every feature change touches several services at once — the cost of distribution with none ' +
    'of the independence. Newman and Richardson both decompose by business capability or subdomain so that one change lands ' +
    'in one service. Only names that unmistakably denote a layer are reported.',
  references: [
    'Newman, Building Microservices (2nd ed.), ch. 2: "Technical decomposition" vs. business capability',
    'Richardson, Microservices Patterns, ch. 2: Decompose by business capability (https://microservices.io/patterns/decomposition/decompose-by-business-capability.html)',
    'Taibi & Lenarduzzi, "On the Definition of Microservice Bad Smells", IEEE Software 35(3), 2018 (wrong cuts)',
  ],
  recommendation:
    'Merge the layer service into the capability it serves (the `users` service owns its data access), so each service ' +
    'carries one capability end to end: API, logic and storage.',
  fix: {
    description: 'Fold the data-access service into the capability service that owns the data.',
    language: 'yaml',
    snippet:
      'services:\n  users:                     # was users-api + user-dao\n    image: shop/users:2.0.0\n    environment:\n      DATABASE_URL: postgres://users@users-db:5432/users\n  users-db:\n    image: postgres:16.3',
  },
  examples: {
    fail: {
      description: 'the users API calls a separate user-dao service for its data',
      files: {
        'docker-compose.yml':
          'services:\n  users-api:\n    image: shop/users-api:1.0.0\n    environment:\n      USER_DAO_URL: http://user-dao:8080\n  user-dao:\n    image: shop/user-dao:1.0.0\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:6',
          messageId: 'layerNamed',
          message: 'user-dao is named after a technical layer (dao), not a business capability',
        },
      ],
    },
    pass: {
      description: 'users and orders are capabilities, each with its own store',
      files: {
        'docker-compose.yml':
          'services:\n  users:\n    image: shop/users:1.0.0\n  orders:\n    image: shop/orders:1.0.0\n    environment:\n      USERS_URL: http://users:8080\n',
      },
    },
  },
  check(model) {
    const apps = model.services.filter(isApplication);
    const findings: FindingDraft[] = [];
    for (const service of apps) {
      const layer = layerName(service.id);
      if (!layer) continue;
      findings.push({
        ...say.layerNamed({ service: service.name, layer }),
        locations: [service.source],
        element: `service:${service.id}`,
        data: { service: service.id, layer },
      });
    }
    return {
      findings,
      strength:
        apps.length >= 2 && findings.length === 0
          ? `None of the ${apps.length} application services is named after a technical layer`
          : undefined,
    };
  },
};
