import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { headerNames, successSchema, tokens } from './lib/openapi-heuristics.js';
import { draftAt, isObj, type OasDoc, type OasOperation, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  acceptedWithoutStatus:
    '{{operation}} ({{file}}) answers 202 Accepted but gives the client no status resource to follow (no Location header, no status in the body)',
  synchronousLongRunning:
    '{{operation}} ({{file}}) looks long-running ({{verb}}) but is modelled as a synchronous request: no 202 and no job resource with a status',
});

/** Verbs of work that routinely outlives an HTTP request timeout. */
const LONG_RUNNING = new Set([
  'export',
  'exports',
  'import',
  'imports',
  'backup',
  'backups',
  'migrate',
  'migration',
  'migrations',
  'reindex',
  'rebuild',
  'provision',
  'transcode',
  'report',
  'reports',
  'analysis',
  'analyses',
  'analyze',
  'scan',
  'scans',
  'train',
  'training',
]);
const STATUS_FIELDS =
  /^(status|state|phase|progress|done|completed(_at)?|operation|job|job_?id|task_?id|status_?url|monitor_?url)$/i;

export const longRunningAsync: Rule = {
  id: 'api/long-running-async',
  area: 'api',
  severity: 'low',
  title: 'Long-running operations are asynchronous (202 + a status resource)',
  messages,
  rationale:
    'Exports, imports, migrations, bulk jobs and reports take longer than proxies, load balancers and clients are willing ' +
    'to hold a connection open. Modelled as a plain request they fail at the first timeout, and the client cannot tell ' +
    'whether the work happened. Accepting the work with 202 and a Location of a status resource (or creating a job ' +
    'resource with a state) lets clients poll, resume and retry safely.',
  references: [
    'Google AIP-151 Long-running operations (https://google.aip.dev/151)',
    'RFC 9110 section 15.3.3 202 Accepted (https://www.rfc-editor.org/rfc/rfc9110#section-15.3.3)',
    'Microsoft REST API Guidelines, long-running operations (https://github.com/microsoft/api-guidelines/blob/vNext/azure/Guidelines.md#long-running-operations--jobs)',
  ],
  recommendation:
    'Answer 202 with a Location header pointing at a status resource (`GET /operations/{id}`) that reports progress and the result.',
  fix: {
    description: 'Accept the job and expose its status.',
    language: 'yaml',
    snippet:
      "/exports:\n  post:\n    responses:\n      '202':\n        description: Export started\n        headers:\n          Location:\n            description: The status resource, e.g. /operations/{id}\n            schema: {type: string, format: uri}\n/operations/{id}:\n  get:\n    responses:\n      '200':\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                status: {type: string, enum: [running, succeeded, failed]}\n                result_url: {type: string, format: uri}",
  },
  examples: {
    fail: {
      description: 'An export that answers synchronously',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Reports, version: '1'}\npaths:\n  /exports:\n    post:\n      responses:\n        '200':\n          description: The exported file\n          content: {text/csv: {schema: {type: string}}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:5:5',
          messageId: 'synchronousLongRunning',
          message:
            'POST /exports (openapi.yaml) looks long-running (exports) but is modelled as a synchronous request: no 202 and no job resource with a status',
        },
      ],
    },
    pass: {
      description: 'The export is accepted with 202 and a Location',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Reports, version: '1'}\npaths:\n  /exports:\n    post:\n      responses:\n        '202':\n          description: Started\n          headers: {Location: {schema: {type: string}}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const getRoutes = new Set(
        doc.operations.filter((o) => o.method === 'GET').map((o) => o.route.replace(/\{[^}]*\}/g, '{}')),
      );
      for (const op of doc.operations) {
        if (op.method !== 'POST' && op.method !== 'PUT') continue;
        const accepted = op.responses.get('202');
        if (accepted) {
          checked++;
          if (
            headerNames(doc, accepted.value).includes('location') ||
            hasStatusFields(doc, op, '202') ||
            hasCallbacks(op) ||
            hasStatusResource(op, getRoutes)
          )
            continue;
          findings.push(
            draftAt(
              doc,
              accepted.usePath,
              say.acceptedWithoutStatus({ operation: op.label, file: doc.file }),
              {
                element: `${doc.file}#${op.label}#202`,
                fix: {
                  description: 'Point at the status resource.',
                  language: 'yaml',
                  snippet:
                    "'202':\n  headers:\n    Location:\n      description: Status of the accepted work\n      schema: {type: string, format: uri}",
                },
              },
            ),
          );
          continue;
        }
        // what the request targets: the head word of the last literal segment (`/exports`, `/orgs/{org}/migrations`,
        // `/bulk-export`), not every word of the path (`/export-templates` is a template collection)
        const target = op.route
          .split('/')
          .filter((seg) => seg && !seg.startsWith('{'))
          .pop();
        const verb = tokens(target).pop();
        if (!verb || !LONG_RUNNING.has(verb)) continue;
        checked++;
        // evidence of asynchronous completion: a status in the answer, a status resource, or a callback
        if (hasStatusFields(doc, op) || hasStatusResource(op, getRoutes) || hasCallbacks(op)) continue;
        findings.push(
          draftAt(doc, op.path, say.synchronousLongRunning({ operation: op.label, file: doc.file, verb }), {
            element: `${doc.file}#${op.label}#async`,
          }),
        );
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? 'Long-running work is modelled asynchronously' : undefined,
    };
  },
};

/** OpenAPI 3 callbacks: the API calls the client back when the work is done. */
function hasCallbacks(op: OasOperation): boolean {
  return isObj(op.op.callbacks) && Object.keys(op.op.callbacks).length > 0;
}

/** The created/returned body is a job: it carries a status or state. */
function hasStatusFields(doc: OasDoc, op: OasOperation, status?: string): boolean {
  const schema = successSchema(doc, op, status);
  if (!schema) return false;
  const parts = [
    schema,
    ...(Array.isArray(schema.allOf) ? schema.allOf.map((s) => doc.facts.pointers.deref(s)) : []),
  ];
  return parts.some(
    (p) => isObj(p) && isObj(p.properties) && Object.keys(p.properties).some((k) => STATUS_FIELDS.test(k)),
  );
}

/**
 * The work can be followed somewhere: `POST /exports` with `GET /exports/{id}` (the created job), or work on a
 * resource that can be read (`POST /runs/{id}/cancel` → `GET /runs/{id}`).
 */
function hasStatusResource(op: OasOperation, getRoutes: Set<string>): boolean {
  const base = op.route.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');
  const parent = base.slice(0, base.lastIndexOf('/'));
  return (
    getRoutes.has(`${base}/{}`) ||
    (op.method === 'PUT' && getRoutes.has(base)) ||
    (parent !== '' && getRoutes.has(parent))
  );
}
