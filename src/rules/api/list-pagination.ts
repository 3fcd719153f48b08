import { pathToPointer } from '../../discover/openapi/refs.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import {
  headerNames,
  isCollectionPath,
  lastSegment,
  listShape,
  successSchema,
} from './lib/openapi-heuristics.js';
import { draftAt, isObj, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  unpaginatedCatalogue:
    '{{operation}} ({{file}}) returns the whole {{resource}} catalogue unpaginated; fine while it stays small reference data',
  unpaginated:
    '{{operation}} ({{file}}) returns a list of addressable resources ({{route}}/{…}) with no pagination parameters',
  unboundedPageSize:
    'Page-size parameter `{{name}}` ({{where}}, {{file}}) has no maximum, so a client can ask for everything',
});

const PAGE_PARAMS =
  /^(page|pages|page_?number|pageNumber|page_?token|pageToken|cursor|after|before|starting_?after|ending_?before|offset|skip|\$skip|start|marker|continuation(_?token)?|next(_?token)?|since|from)$/i;
/** Small, slowly changing global reference lists (no path parameters) that are commonly served whole. */
const REFERENCE_DATA =
  /^(templates|licenses|codes_of_conduct|codes-of-conduct|versions|emojis|languages|countries|currencies|regions|locales|timezones|platforms|types|categories|scopes|features|plans)$/i;
const SIZE_PARAMS =
  /^(per_?page|perPage|page_?size|pageSize|limit|max_?results|maxResults|count|size|\$top|top|first|last|max_?items|maxItems)$/i;

export const listPagination: Rule = {
  id: 'api/list-pagination',
  area: 'api',
  severity: 'medium',
  title: 'List endpoints are paginated, with a bounded page size',
  messages,
  rationale:
    'A list that returns everything grows with the data: responses get slower, memory spikes on both sides and one client ' +
    'can take the service down. Cursor (or page) parameters with a documented maximum page size keep every response ' +
    'bounded; an unbounded `limit` is the same problem with extra steps.',
  references: [
    'Google AIP-158 Pagination (https://google.aip.dev/158)',
    'RFC 8288 Web Linking, for Link: rel="next" (https://www.rfc-editor.org/rfc/rfc8288)',
    'Zalando RESTful API Guidelines, pagination (https://opensource.zalando.com/restful-api-guidelines/#pagination)',
    'OWASP API Security Top 10 2023, API4 Unrestricted Resource Consumption (https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)',
  ],
  recommendation:
    'Accept a cursor (or page) and a page-size parameter with a `maximum`, and return the next cursor or a Link header.',
  fix: {
    description: 'Cursor pagination with a bounded page size.',
    language: 'yaml',
    snippet:
      "parameters:\n  - name: page_size\n    in: query\n    schema: {type: integer, minimum: 1, maximum: 100, default: 20}\n  - name: page_token\n    in: query\n    schema: {type: string}\nresponses:\n  '200':\n    content:\n      application/json:\n        schema:\n          type: object\n          properties:\n            items: {type: array, items: {$ref: '#/components/schemas/Order'}}\n            next_page_token: {type: string}",
  },
  examples: {
    fail: {
      description: 'A list of orders (each addressable at /orders/{id}) with no way to page',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {type: object}}\n  /orders/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:5:5',
          messageId: 'unpaginated',
          message:
            'GET /orders (openapi.yaml) returns a list of addressable resources (/orders/{…}) with no pagination parameters',
        },
      ],
    },
    pass: {
      description: 'Cursor and bounded limit',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      parameters:\n        - {name: cursor, in: query, schema: {type: string}}\n        - {name: limit, in: query, schema: {type: integer, maximum: 100}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {type: object}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const reportedSizes = new Set<string>();
      // collections whose items can be read one by one (`/orders` with `GET /orders/{id}`) grow with the data
      const itemBases = new Set(
        doc.operations
          .filter((o) => o.method === 'GET' && /\/\{[^}]+\}$/.test(o.route))
          .map((o) => o.route.replace(/\/\{[^}]+\}$/, '')),
      );
      for (const op of doc.operations) {
        if (op.method !== 'GET' || !isCollectionPath(op.route)) continue;
        const schema = successSchema(doc, op);
        const shape = listShape(doc, schema);
        if (!shape) continue;
        checked++;
        const names = op.parameters.filter((p) => p.value.in === 'query').map((p) => String(p.value.name));
        const paging = names.some((n) => PAGE_PARAMS.test(n));
        const sizes = op.parameters.filter(
          (p) => p.value.in === 'query' && SIZE_PARAMS.test(String(p.value.name)),
        );
        const linkHeader = [...op.responses.values()].some((r) => headerNames(doc, r.value).includes('link'));
        if (!paging && sizes.length === 0 && !linkHeader) {
          if (!itemBases.has(op.route)) continue; // a computed or bounded list (stats, traffic, labels, settings)
          const reference = !op.route.includes('{') && REFERENCE_DATA.test(lastSegment(op.route));
          findings.push(
            draftAt(
              doc,
              op.path,
              reference
                ? say.unpaginatedCatalogue({
                    operation: op.label,
                    file: doc.file,
                    resource: lastSegment(op.route),
                  })
                : say.unpaginated({ operation: op.label, file: doc.file, route: op.route }),
              { element: `${doc.file}#${op.label}#pagination`, severity: reference ? 'info' : undefined },
            ),
          );
          continue;
        }
        for (const size of sizes) {
          const s = doc.facts.pointers.deref(size.value.schema ?? size.value);
          const bounded =
            isObj(s) &&
            (typeof s.maximum === 'number' ||
              typeof s.exclusiveMaximum === 'number' ||
              Array.isArray(s.enum));
          const key = pathToPointer(size.path);
          if (bounded || reportedSizes.has(key)) continue;
          reportedSizes.add(key);
          const name = String(size.value.name);
          findings.push(
            draftAt(
              doc,
              size.path,
              say.unboundedPageSize({
                name,
                where:
                  size.path[0] === 'components' ? `components.parameters.${String(size.path[2])}` : op.label,
                file: doc.file,
              }),
              {
                severity: 'low',
                element: `${doc.file}${key}#max`,
                fix: {
                  description: 'Bound the page size in the schema.',
                  language: 'yaml',
                  snippet: `- name: ${name}\n  in: query\n  schema: {type: integer, minimum: 1, maximum: 100, default: 30}`,
                },
              },
            ),
          );
        }
      }
    }
    return {
      findings,
      strength:
        checked && !findings.length
          ? `All ${checked} list endpoints are paginated with bounded pages`
          : undefined,
    };
  },
};
