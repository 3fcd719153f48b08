import { plural } from '../../model/values.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import {
  draftAt,
  isObj,
  listSome,
  type OasDoc,
  type OasOperation,
  openapiDocs,
} from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  noVersion:
    '{{file}} declares no API version in its paths, server URLs, headers, query parameters or media types (info.version {{infoVersion}} documents the document, not the contract clients pin)',
  mixedStrategies: '{{file}} mixes versioning strategies: {{mix}}',
  partiallyVersioned:
    '{{operations}} of {{file}} {{are}} not versioned while the rest use {{strategy}} versioning: {{list}}',
});

type Strategy = 'path' | 'header' | 'query' | 'media-type';

const VERSION_SEGMENT = /^v\d+(\.\d+)*([a-z]+\d*)?$/i;
const HEADER = /^(api[-_]?version|x-api-version|accept-version|x-.*-api-version|x-version|version)$/i;
const QUERY = /^(api[-_]?version|version|v)$/i;
/** Share of operations a strategy must cover to count as the API's strategy. */
const MIN_SHARE = 0.2;
const MEDIA = /(\.v\d+[.+]|;\s*version=|\bv\d+\+json)/i;

export const versioningStrategy: Rule = {
  id: 'api/versioning-strategy',
  area: 'api',
  severity: 'medium',
  title: 'Each API has one versioning strategy, applied to every operation',
  messages,
  rationale:
    'Clients need a way to pin the contract they were built against while the API evolves. Pick one place for the version ' +
    '(URL path `/v1`, a header such as `Api-Version`, a query parameter, or a versioned media type) and use it everywhere: ' +
    'an API without a version can only change compatibly forever, and one that mixes strategies leaves clients unsure ' +
    'which version they are talking to.',
  references: [
    'Google AIP-185 API Versioning (https://google.aip.dev/185)',
    'Microsoft REST API Guidelines, versioning (https://github.com/microsoft/api-guidelines/blob/vNext/azure/Guidelines.md#api-versioning)',
    'Zalando RESTful API Guidelines, compatibility and versioning (https://opensource.zalando.com/restful-api-guidelines/#compatibility)',
  ],
  recommendation:
    'Version every operation the same way: a major version in the path (or server URL), or one version header.',
  fix: {
    description: 'Put the major version in the server URL so every path is versioned.',
    language: 'yaml',
    snippet: 'servers:\n  - url: https://api.example.com/v1',
  },
  examples: {
    fail: {
      description: 'No version anywhere',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\nservers: [{url: 'https://api.example.com'}]\npaths:\n  /orders:\n    get:\n      responses: {'200': {description: ok}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:3:1',
          messageId: 'noVersion',
          message:
            'openapi.yaml declares no API version in its paths, server URLs, headers, query parameters or media types (info.version 1 documents the document, not the contract clients pin)',
        },
      ],
    },
    pass: {
      description: 'The server URL carries v1',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\nservers: [{url: 'https://api.example.com/v1'}]\npaths:\n  /orders:\n    get:\n      responses: {'200': {description: ok}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      if (doc.operations.length === 0) continue;
      checked++;
      const serverVersioned = serverUrls(doc).some((url) =>
        urlPath(url)
          .split('/')
          .some((s) => VERSION_SEGMENT.test(s)),
      );
      const used = new Map<Strategy, OasOperation[]>();
      for (const op of doc.operations) {
        const strategies = strategiesOf(doc, op, serverVersioned);
        for (const s of strategies) {
          const list = used.get(s);
          if (list) list.push(op);
          else used.set(s, [op]);
        }
      }
      const root = [doc.data.openapi !== undefined ? 'openapi' : 'swagger'];
      // a strategy used by a handful of operations (one vendor media type) is an exception, not the API's strategy
      for (const [strategy, ops] of used)
        if (ops.length < doc.operations.length * MIN_SHARE) used.delete(strategy);
      if (used.size === 0) {
        findings.push(
          draftAt(
            doc,
            isObj(doc.data.servers) || Array.isArray(doc.data.servers) ? ['servers'] : root,
            say.noVersion({
              file: doc.file,
              infoVersion: String((doc.data.info as Record<string, unknown> | undefined)?.version ?? 'unset'),
            }),
            {
              element: `${doc.file}#versioning`,
            },
          ),
        );
        continue;
      }
      if (used.size > 1) {
        const mix = [...used.entries()].map(
          ([s, ops]) => `${s} (${ops.length} operations, e.g. ${ops[0]!.label})`,
        );
        findings.push(
          draftAt(doc, root, say.mixedStrategies({ file: doc.file, mix: mix.join('; ') }), {
            severity: 'low',
            element: `${doc.file}#versioning-mixed`,
          }),
        );
      }
      const versioned = new Set([...used.values()].flat());
      const unversioned = doc.operations.filter((op) => !versioned.has(op));
      if (unversioned.length > 0) {
        const [strategy] = [...used.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
        findings.push(
          draftAt(
            doc,
            unversioned[0]!.path,
            say.partiallyVersioned({
              operations: plural(unversioned.length, 'operation'),
              file: doc.file,
              are: unversioned.length === 1 ? 'is' : 'are',
              strategy,
              list: listSome(unversioned.map((o) => o.label)),
            }),
            {
              severity: 'low',
              element: `${doc.file}#versioning-partial`,
              also: unversioned.slice(1, 5).map((o) => doc.document.locate(o.path)),
            },
          ),
        );
      }
    }
    return {
      findings,
      strength:
        checked && !findings.length ? 'Every API applies one versioning strategy throughout' : undefined,
    };
  },
};

function strategiesOf(doc: OasDoc, op: OasOperation, serverVersioned: boolean): Strategy[] {
  const out: Strategy[] = [];
  if (serverVersioned || op.route.split('/').some((s) => VERSION_SEGMENT.test(s))) out.push('path');
  if (op.parameters.some((p) => p.value.in === 'header' && HEADER.test(String(p.value.name))))
    out.push('header');
  if (op.parameters.some((p) => p.value.in === 'query' && QUERY.test(String(p.value.name))))
    out.push('query');
  if (!out.length) {
    for (const response of op.responses.values()) {
      const content = response.value.content;
      if (isObj(content) && Object.keys(content).some((t) => MEDIA.test(t))) {
        out.push('media-type');
        break;
      }
    }
    const produces = doc.data.produces;
    if (!out.length && Array.isArray(produces) && produces.some((t) => MEDIA.test(String(t))))
      out.push('media-type');
  }
  return out;
}

function serverUrls(doc: OasDoc): string[] {
  if (doc.facts.version === '2.0') return typeof doc.data.basePath === 'string' ? [doc.data.basePath] : [];
  const servers = Array.isArray(doc.data.servers) ? doc.data.servers : [];
  return servers.filter(isObj).map((s) => String(s.url ?? ''));
}

function urlPath(url: string): string {
  const m = /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(url);
  return m ? (m[1] ?? '') : url;
}
