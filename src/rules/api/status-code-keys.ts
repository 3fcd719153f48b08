import type { PathSegment } from '../../discover/parse/structured.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  unquotedStatusCodes:
    '{{count}} response status {{codesAre}} written unquoted in {{file}} (first at line {{line}}{{unlisted}}); YAML reads them as numbers',
});

/** How many places one finding lists before it counts the rest. */
const SHOWN = 5;

export const statusCodeKeys: Rule = {
  id: 'api/status-code-keys-quoted',
  area: 'api',
  severity: 'low',
  title: 'Response status codes are quoted in YAML',
  messages,
  rationale:
    'A YAML key written `200:` is a number, not the string `"200"` the OpenAPI Responses Object is keyed by. The ' +
    'specification requires status codes to be quoted "for compatibility between JSON and YAML": YAML 1.1 readers, ' +
    'code generators and some validators read the plain key as an integer and then miss the response or reject the ' +
    'document. Quoting costs two characters and removes the ambiguity.',
  references: [
    'OpenAPI 3.1.0 Responses Object: "This field MUST be enclosed in quotation marks (for example, \'200\') for compatibility between JSON and YAML" (https://spec.openapis.org/oas/v3.1.0#patterned-fields-0)',
    'Swagger 2.0 Responses Object: HTTP status codes (https://swagger.io/specification/v2/#responses-object)',
  ],
  recommendation: "Quote every status code key: `'200':`.",
  fix: {
    description: 'Quote the status code.',
    language: 'yaml',
    snippet: "responses:\n  '200':\n    description: OK",
  },
  examples: {
    fail: {
      description: 'Status codes written as plain YAML numbers',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        200:\n          description: the orders\n        404:\n          description: not found\n",
      },
      findings: [
        {
          at: 'openapi.yaml:7:9',
          messageId: 'unquotedStatusCodes',
          message:
            '2 response status codes are written unquoted in openapi.yaml (first at line 7); YAML reads them as numbers',
          also: ['openapi.yaml:9:9'],
        },
      ],
    },
    pass: {
      description: 'Quoted status codes (and the `default` response, which is a word)',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: the orders\n        \"404\":\n          description: not found\n        default:\n          description: error\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const plainKey = doc.document.plainKey;
      if (!plainKey) continue; // JSON keys are always strings
      const plain: PathSegment[][] = [];
      for (const op of doc.operations) {
        for (const code of op.responses.keys()) {
          if (!/^[1-5]\d\d$/.test(code)) continue;
          checked++;
          const at = [...op.path, 'responses', code];
          if (plainKey(at)) plain.push(at);
        }
      }
      if (plain.length === 0) continue;
      const shown = plain.slice(0, SHOWN).map((p) => doc.document.locate(p));
      const rest = plain.length - shown.length;
      findings.push({
        ...say.unquotedStatusCodes({
          count: plain.length,
          codesAre: plain.length > 1 ? 'codes are' : 'code is',
          file: doc.file,
          line: shown[0]?.line ?? '?',
          unlisted: rest > 0 ? `; ${rest} more not listed` : '',
        }),
        locations: shown,
        element: `${doc.file}#unquoted-status-codes`,
      });
    }
    return {
      findings,
      strength: checked && !findings.length ? 'Every YAML status code key is quoted' : undefined,
    };
  },
};
