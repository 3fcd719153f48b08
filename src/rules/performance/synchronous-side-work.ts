import type { Operation, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { applicationIds, businessDependencies } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';

const SIDE_WORK =
  /^(e?mails?|mailer|notifications?|notifier|notify|sms|push|reports?|reporting|webhooks?|exports?|pdf|newsletters?)$/;

/** The kind of side work a service name says it does: `emailservice` → email, `notification-api` → notification. */
export function sideWorkKind(name: string): string | undefined {
  const tokens = name
    .toLowerCase()
    .split(/[-_.]+/)
    .map((t) => t.replace(/(service|svc|api|server|worker|sender|dispatcher)$/, ''))
    .filter(Boolean);
  return tokens.find((t) => SIDE_WORK.test(t));
}

/**
 * Deliveries to third parties: `POST /emails`, `POST /v1/orders/{id}/notifications`, `POST /sms` — the target
 * (last literal segment) names a message that is sent, and the API gives no evidence it is a resource instead:
 * a collection that can also be read (`GET /user/emails`, `GET /notifications/{id}`) holds records (a user's
 * addresses, an inbox), not deliveries. Webhooks are not deliveries of the API itself: `POST /webhooks` registers
 * a subscription. Reports and exports are long-running work that api/long-running-async reports.
 */
const DELIVERY = /^(e?mails?|notifications?|notify|sms|push|newsletters?)$/;

function sideWorkOperation(op: Operation, readable: ReadonlySet<string>): string | undefined {
  if (op.method.toUpperCase() !== 'POST') return undefined;
  const route = normalRoute(op.path);
  const target = route
    .split('/')
    .filter((s) => s && s !== '{}')
    .pop();
  if (!target || !DELIVERY.test(target) || !route.endsWith(target)) return undefined;
  if (readable.has(`${op.apiId} ${route}`) || readable.has(`${op.apiId} ${route}/{}`)) return undefined;
  return target;
}

function normalRoute(path: string): string {
  return path
    .toLowerCase()
    .replace(/\{[^}]*\}|:[a-z_]\w*/g, '{}')
    .replace(/\/+$/, '');
}

function syncResponses(op: Operation): string[] {
  return op.responses.map((r) => r.status).filter((s) => /^(200|201|204)$/.test(s));
}

const compose = (url: string) =>
  `services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      ${url}\n  email-service:\n    image: shop/email:1.0.0\n  rabbitmq:\n    image: rabbitmq:3.13.1\n`;

const { messages, say } = defineMessages({
  syncSideWorkCall:
    '{{from}} calls {{to}} synchronously ({{protocol}}, {{evidence}}): {{work}} work in the request path adds its latency and failures to {{from}}',
  syncSideWorkOperation:
    '{{method}} {{path}} ({{file}}) answers {{statuses}} rather than 202 Accepted: the caller waits while the {{work}} work runs',
});

export const synchronousSideWork: Rule = {
  id: 'performance/synchronous-side-work',
  area: 'performance',
  severity: 'medium',
  title: 'Side work done synchronously in the request path',
  messages,
  rationale:
    'Sending email, notifications and webhooks or rendering reports and exports is slow, depends on third parties and ' +
    'can be retried later — yet called synchronously it adds its latency to every request and turns its outages into the ' +
    "caller's errors. Putting the work on a queue (and answering 202 Accepted with a status resource for long operations) " +
    'decouples the two, absorbs bursts and gives retries and dead-lettering for free. The rule recognises side work by ' +
    'service name (email, notification, report, webhook, export, sms, push) and by POST operations on email, ' +
    'notification and webhook collections that answer 200/201 instead of 202 (long-running reports and exports in ' +
    'OpenAPI are api/long-running-async).',
  references: [
    'Hohpe & Woolf, Enterprise Integration Patterns: Message Channel, Guaranteed Delivery',
    'Google AIP-151: Long-running operations (https://google.aip.dev/151); RFC 9110 §15.3.3 202 Accepted',
    'Newman, Building Microservices (2nd ed.), ch. 4: asynchronous non-blocking communication',
  ],
  recommendation:
    'Publish an event or command (e.g. `order.confirmed.v1`) to a queue that the email/notification/report service ' +
    'consumes; for long-running API operations answer 202 Accepted with a Location of a status resource.',
  fix: {
    description: 'Replace the synchronous call with a queued message.',
    language: 'yaml',
    snippet:
      'services:\n  orders:\n    environment:\n      # was EMAIL_SERVICE_URL: http://email-service:8080 (blocking call per order)\n      BROKER_URL: amqp://rabbitmq:5672          # publish order.confirmed.v1\n  email-service:\n    environment:\n      BROKER_URL: amqp://rabbitmq:5672          # consume order.confirmed.v1, retry, dead-letter',
  },
  examples: {
    fail: {
      description: 'orders calls the email service over HTTP for every order',
      files: { 'docker-compose.yml': compose('EMAIL_SERVICE_URL: http://email-service:8080') },
      findings: [
        {
          at: 'docker-compose.yml:5',
          messageId: 'syncSideWorkCall',
          message:
            'orders calls email-service synchronously (http, EMAIL_SERVICE_URL=http://email-service:8080): email work in the request path adds its latency and failures to orders',
        },
      ],
    },
    pass: {
      description: 'orders publishes to RabbitMQ; the email service consumes',
      files: { 'docker-compose.yml': compose('BROKER_URL: amqp://rabbitmq:5672') },
    },
  },
  check(model: SystemModel) {
    const apps = applicationIds(model);
    const findings: FindingDraft[] = [];
    let considered = 0;
    const seen = new Set<string>();
    for (const dep of businessDependencies(model)) {
      if (!apps.has(dep.from) || dep.from === dep.to) continue;
      const kind = sideWorkKind(dep.to);
      if (!kind) continue;
      considered++;
      if (dep.kind !== 'sync') continue;
      const key = `${dep.from}>${dep.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        ...say.syncSideWorkCall({
          from: dep.from,
          to: dep.to,
          protocol: dep.protocol,
          evidence: dep.evidence,
          work: kind,
        }),
        locations: [dep.source],
        element: `dependency:${key}#sync-side-work`,
        data: { from: dep.from, to: dep.to, protocol: dep.protocol, work: kind },
      });
    }
    const apis = new Map(model.apis.map((a) => [a.id, a]));
    const readable = new Set(
      model.operations
        .filter((o) => o.method.toUpperCase() === 'GET')
        .map((o) => `${o.apiId} ${normalRoute(o.path)}`),
    );
    for (const op of model.operations) {
      if (apis.get(op.apiId)?.kind !== 'openapi') continue;
      const kind = sideWorkOperation(op, readable);
      if (!kind) continue;
      considered++;
      const statuses = op.responses.map((r) => r.status);
      const sync = syncResponses(op);
      if (statuses.includes('202') || sync.length === 0) continue;
      findings.push({
        ...say.syncSideWorkOperation({
          method: op.method,
          path: op.path,
          file: op.source.file,
          statuses: sync.join('/'),
          work: kind,
        }),
        locations: [op.source],
        element: `${op.id}#sync-side-work`,
        severity: 'low',
        data: { operation: op.id, responses: statuses, work: kind },
      });
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0
          ? `Email, notification, report, webhook and export work is reached asynchronously (${considered} place${considered === 1 ? '' : 's'} checked)`
          : undefined,
    };
  },
};
