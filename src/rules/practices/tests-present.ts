import { defineMessages } from '../messages.js';
import type { Rule } from '../types.js';
import { rootLocation, TEST_PATTERNS } from './evidence.js';

const { messages, say } = defineMessages({
  noTests:
    'No test files found in the scanned tree (test/, tests/, *_test.go, *.test.ts, test_*.py, *Test.java, ...)',
});

const COMPOSE = 'services:\n  orders:\n    image: shop/orders:1.4.0\n';

export const testsPresent: Rule = {
  id: 'practices/tests-present',
  area: 'practices',
  repositoryLevel: true,
  severity: 'info',
  title: 'No automated tests in the repository',
  messages,
  rationale:
    'Tests kept with the code are what make refactoring a service boundary, upgrading a dependency or changing a ' +
    'contract safe; without them every architectural change is a production experiment. Absence is reported as ' +
    'information only: the scanned folder may be a deploy-only copy of a system whose code and tests live elsewhere.',
  references: [
    'DORA, "Capabilities: Test automation" (https://dora.dev/capabilities/test-automation/)',
    'Fowler, "The Practical Test Pyramid" (https://martinfowler.com/articles/practical-test-pyramid.html)',
  ],
  recommendation:
    'Keep unit tests beside each service and contract/integration tests for its APIs (consumer-driven contracts such as ' +
    'Pact for service-to-service calls), and run them in CI.',
  fix: {
    description: 'Add a test suite and run it in CI.',
    language: 'text',
    snippet:
      'services/orders/\n  src/order.ts\n  test/order.test.ts        # unit\n  test/contract/api.test.ts # provider contract against openapi.yaml',
  },
  examples: {
    fail: {
      description: 'a compose file and nothing else',
      files: { 'docker-compose.yml': COMPOSE },
      findings: [
        {
          at: 'docker-compose.yml:1',
          messageId: 'noTests',
          message:
            'No test files found in the scanned tree (test/, tests/, *_test.go, *.test.ts, test_*.py, *Test.java, ...)',
        },
      ],
    },
    pass: {
      description: 'a test beside the code',
      files: {
        'docker-compose.yml': COMPOSE,
        'orders/test/order.test.ts':
          "import { expect, it } from 'vitest';\nit('totals an order', () => expect(1 + 1).toBe(2));\n",
      },
    },
  },
  check(model, ctx) {
    if (ctx.paths.length === 0 && model.artifacts.length === 0) return { findings: [] }; // an empty tree
    const tests = ctx.paths.filter((p) => TEST_PATTERNS.some((re) => re.test(p)));
    if (tests.length > 0)
      return {
        findings: [],
        strength: `${tests.length} test file${tests.length === 1 ? '' : 's'} in the repository (e.g. ${tests.sort()[0]})`,
      };
    return {
      findings: [
        {
          ...say.noTests(),
          locations: [rootLocation(ctx.paths, model.artifacts)],
          element: 'practices#tests',
        },
      ],
    };
  },
};
