import type { PathSegment } from '../../discover/parse/structured.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, isObj, type OasDoc, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  noHost: '{{file}} declares no host',
  hostTrailingSlash: 'Host {{host}} ({{file}}) ends with a slash',
  noSchemes: '{{file}} declares no schemes (http/https)',
  noServers: '{{file}} declares no servers',
  urlTrailingSlash: 'Server URL {{url}} ({{file}}) ends with a slash',
  undefinedVariable: 'Server URL {{url}} ({{file}}) uses {{variable}} without defining it',
  variableWithoutDefault: 'Server variable {{name}} ({{file}}) has no default',
  emptyEnum: 'Server variable {{name}} ({{file}}) has an empty enum',
  defaultNotInEnum: 'Default of server variable {{name}} ({{file}}) is not one of its enum values',
  unusedVariable: 'Server variable {{name}} ({{file}}) is not used in {{url}}',
});

export const servers: Rule = {
  id: 'api/servers',
  area: 'api',
  severity: 'low',
  title: 'The API declares where it is served, with well-formed server URLs',
  messages,
  rationale:
    'Without servers, clients, mocks and "try it" consoles default to the host that served the document, which is rarely the ' +
    'API. A trailing slash doubles the slash in every joined path; a `{variable}` without a definition or default cannot be ' +
    'expanded.',
  references: [
    'OpenAPI 3.1 Server Object and Server Variable Object (https://spec.openapis.org/oas/v3.1.0#server-object)',
    'Spectral oas: oas3-api-servers, oas3-server-trailing-slash, oas3-server-variables, oas2-api-host, oas2-api-schemes, oas2-host-trailing-slash',
    'Redocly: no-empty-servers, no-server-trailing-slash, no-undefined-server-variable, no-server-variables-empty-enum',
  ],
  sources: [
    'spectral:oas2-api-host',
    'spectral:oas2-api-schemes',
    'spectral:oas2-host-trailing-slash',
    'spectral:oas3-api-servers',
    'spectral:oas3-server-trailing-slash',
    'spectral:oas3-server-variables',
    'redocly:no-empty-servers',
    'redocly:no-server-trailing-slash',
    'redocly:no-server-variables-empty-enum',
    'redocly:no-undefined-server-variable',
  ],
  recommendation:
    'List the environments under `servers` with absolute URLs without a trailing slash; define every URL variable with a default.',
  fix: {
    description: 'Declare the servers.',
    language: 'yaml',
    snippet:
      'servers:\n  - url: https://api.example.com/v1\n    description: Production\n  - url: https://{region}.api.example.com/v1\n    variables:\n      region:\n        default: eu\n        enum: [eu, us]',
  },
  examples: {
    fail: {
      description: 'A trailing slash and an undefined variable',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\nservers:\n  - url: https://api.example.com/\n  - url: https://{region}.example.com\npaths: {}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:4:5',
          messageId: 'urlTrailingSlash',
          message: 'Server URL https://api.example.com/ (openapi.yaml) ends with a slash',
        },
        {
          at: 'openapi.yaml:5:5',
          messageId: 'undefinedVariable',
          message: 'Server URL https://{region}.example.com (openapi.yaml) uses {region} without defining it',
        },
      ],
    },
    pass: {
      description: 'Clean server URLs',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\nservers:\n  - url: https://api.example.com/v1\n  - url: https://{region}.example.com\n    variables:\n      region: {default: eu, enum: [eu, us]}\npaths: {}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      checked++;
      if (doc.facts.version === '2.0') checkSwagger(doc, findings);
      else checkServers(doc, findings);
    }
    return {
      findings,
      strength: checked && !findings.length ? 'Every API declares clean server URLs' : undefined,
    };
  },
};

function checkSwagger(doc: OasDoc, findings: FindingDraft[]): void {
  const { host, schemes } = doc.data;
  if (typeof host !== 'string' || !host)
    findings.push(draftAt(doc, [], say.noHost({ file: doc.file }), { data: { peer: 'oas2-api-host' } }));
  else if (host.endsWith('/'))
    findings.push(draftAt(doc, ['host'], say.hostTrailingSlash({ host, file: doc.file })));
  if (!Array.isArray(schemes) || schemes.length === 0)
    findings.push(draftAt(doc, [], say.noSchemes({ file: doc.file }), { element: `${doc.file}#schemes` }));
}

function checkServers(doc: OasDoc, findings: FindingDraft[]): void {
  const list = doc.data.servers;
  if (!Array.isArray(list) || list.length === 0) {
    findings.push(
      draftAt(doc, Array.isArray(list) ? ['servers'] : [], say.noServers({ file: doc.file }), {
        element: `${doc.file}#servers`,
      }),
    );
    return;
  }
  const lists: { list: unknown[]; path: PathSegment[] }[] = [{ list, path: ['servers'] }];
  for (const op of [...new Set(ctxOps(doc))]) lists.push(op);
  for (const { list: servers, path } of lists) {
    servers.forEach((server, i) => {
      if (!isObj(server) || typeof server.url !== 'string') return;
      const at = [...path, i];
      const url = server.url;
      if (url.endsWith('/') && url !== '/') {
        findings.push(
          draftAt(doc, [...at, 'url'], say.urlTrailingSlash({ url, file: doc.file }), {
            fix: {
              description: 'Remove the trailing slash.',
              language: 'yaml',
              snippet: `servers:\n  - url: ${url.replace(/\/+$/, '')}`,
            },
          }),
        );
      }
      const used = [...url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const vars = isObj(server.variables) ? server.variables : {};
      for (const name of used) {
        const v = vars[name];
        if (!isObj(v))
          findings.push(
            draftAt(doc, at, say.undefinedVariable({ url, file: doc.file, variable: `{${name}}` })),
          );
        else if (v.default === undefined)
          findings.push(
            draftAt(doc, [...at, 'variables', name], say.variableWithoutDefault({ name, file: doc.file })),
          );
        else if (Array.isArray(v.enum) && v.enum.length === 0)
          findings.push(draftAt(doc, [...at, 'variables', name], say.emptyEnum({ name, file: doc.file })));
        else if (Array.isArray(v.enum) && !v.enum.includes(v.default))
          findings.push(
            draftAt(
              doc,
              [...at, 'variables', name, 'default'],
              say.defaultNotInEnum({ name, file: doc.file }),
            ),
          );
      }
      for (const name of Object.keys(vars)) {
        if (!used.includes(name))
          findings.push(
            draftAt(doc, [...at, 'variables', name], say.unusedVariable({ name, file: doc.file, url })),
          );
      }
    });
  }
}

/** Servers overridden on path items and operations. */
function ctxOps(doc: OasDoc): { list: unknown[]; path: PathSegment[] }[] {
  const out: { list: unknown[]; path: PathSegment[] }[] = [];
  const items = new Set<unknown>();
  for (const op of doc.operations) {
    if (Array.isArray(op.op.servers)) out.push({ list: op.op.servers, path: [...op.path, 'servers'] });
    if (!items.has(op.item) && Array.isArray(op.item.servers)) {
      items.add(op.item);
      out.push({ list: op.item.servers, path: [...op.path.slice(0, -1), 'servers'] });
    }
  }
  return out;
}
