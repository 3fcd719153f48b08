import type { PathSegment } from '../../discover/parse/structured.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, isObj, type OasDoc, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  emptyTemplate: 'Path {{route}} ({{file}}) has an empty {} template',
  repeatedTemplate: 'Path {{route}} ({{file}}) uses {{template}} twice',
  notInPath: '{{operation}} ({{file}}) declares path parameter `{{name}}` that the path does not contain',
  undeclared: '{{operation}} ({{file}}) does not declare path parameter {{template}}',
  notRequired: 'Path parameter `{{name}}` of {{subject}} ({{file}}) is not marked required: true',
  declaredTwice: 'Path parameter `{{name}}` of {{subject}} ({{file}}) is declared twice',
});

const TEMPLATE = /\{;?\??([a-zA-Z0-9_.-]+)\*?\}/g;

export const pathParameters: Rule = {
  id: 'api/path-parameters',
  area: 'api',
  severity: 'medium',
  title: 'Path templates and path parameters match',
  messages,
  rationale:
    'Every `{name}` in a path must be declared as a required path parameter, and every declared path parameter must appear in ' +
    'the path. Otherwise clients cannot build the URL (an undeclared template is sent literally) or send a value the server ' +
    'never reads; empty `{}` templates and a name used twice make the route itself ill-formed.',
  references: [
    'OpenAPI 3.1 Path Templating and Parameter Object, required (https://spec.openapis.org/oas/v3.1.0#path-templating)',
    'Spectral oas: path-params, path-declarations-must-exist',
    'Redocly: path-parameters-defined, path-declaration-must-exist',
  ],
  sources: [
    'spectral:path-declarations-must-exist',
    'spectral:path-params',
    'redocly:path-declaration-must-exist',
    'redocly:path-parameters-defined',
  ],
  recommendation:
    'Declare each path template variable once as `in: path, required: true`, and drop declarations the path does not use.',
  fix: {
    description: 'Declare the path parameter.',
    language: 'yaml',
    snippet:
      '/orders/{orderId}:\n  parameters:\n    - name: orderId\n      in: path\n      required: true\n      schema: {type: string}',
  },
  examples: {
    fail: {
      description: 'The path uses {id} but declares orderId',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters: [{name: orderId, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:5:5',
          messageId: 'undeclared',
          message: 'GET /orders/{id} (openapi.yaml) does not declare path parameter {id}',
          severity: 'high',
        },
        {
          at: 'openapi.yaml:6:20',
          messageId: 'notInPath',
          message:
            'GET /orders/{id} (openapi.yaml) declares path parameter `orderId` that the path does not contain',
        },
      ],
    },
    pass: {
      description: 'A path-level declaration shared by the operations',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    get:\n      responses: {'200': {description: ok}}\n    delete:\n      responses: {'204': {description: gone}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const byItem = new Map<unknown, typeof doc.operations>();
      for (const op of doc.operations) {
        const list = byItem.get(op.item);
        if (list) list.push(op);
        else byItem.set(op.item, [op]);
      }
      for (const ops of byItem.values()) {
        const route = ops[0]!.route;
        const itemPath = ops[0]!.path.slice(0, -1);
        checked++;
        if (route.includes('{}'))
          findings.push(draftAt(doc, itemPath, say.emptyTemplate({ route, file: doc.file })));
        const names: string[] = [];
        for (const m of route.matchAll(TEMPLATE)) {
          const name = m[1]!;
          if (names.includes(name))
            findings.push(
              draftAt(doc, itemPath, say.repeatedTemplate({ route, file: doc.file, template: `{${name}}` })),
            );
          else names.push(name);
        }
        const shared = declared(doc, ops[0]!.item.parameters, [...itemPath, 'parameters'], route, findings);
        for (const op of ops) {
          const own = declared(doc, op.op.parameters, [...op.path, 'parameters'], op.label, findings);
          const all = new Map([...shared, ...own]);
          for (const [name, at] of all) {
            if (!names.includes(name)) {
              findings.push(
                draftAt(doc, at, say.notInPath({ operation: op.label, file: doc.file, name }), {
                  fix: {
                    description: `Rename it to match the template, or remove it.`,
                    language: 'yaml',
                    snippet: `- name: ${names[0] ?? name}\n  in: path\n  required: true`,
                  },
                }),
              );
            }
          }
          for (const name of names) {
            if (all.has(name)) continue;
            findings.push(
              draftAt(
                doc,
                op.path,
                say.undeclared({ operation: op.label, file: doc.file, template: `{${name}}` }),
                {
                  severity: 'high',
                  fix: {
                    description: 'Declare the path parameter (at path level to share it between operations).',
                    language: 'yaml',
                    snippet: `parameters:\n  - name: ${name}\n    in: path\n    required: true\n    schema: {type: string}`,
                  },
                },
              ),
            );
          }
        }
      }
    }
    return {
      findings,
      strength:
        checked && !findings.length
          ? `Path parameters match the templates of all ${checked} paths`
          : undefined,
    };
  },
};

/** Declared path parameters (name → where), reporting duplicates and missing `required: true`. */
function declared(
  doc: OasDoc,
  list: unknown,
  base: PathSegment[],
  label: string,
  findings: FindingDraft[],
): Map<string, PathSegment[]> {
  const out = new Map<string, PathSegment[]>();
  if (!Array.isArray(list)) return out;
  list.forEach((raw, i) => {
    const p = doc.facts.pointers.deref(raw);
    if (!isObj(p) || p.in !== 'path' || typeof p.name !== 'string') return;
    const at = [...base, i];
    if (p.required !== true) {
      findings.push(
        draftAt(doc, at, say.notRequired({ name: p.name, subject: label, file: doc.file }), {
          severity: 'low',
          fix: {
            description: 'Path parameters are always required.',
            language: 'yaml',
            snippet: `- name: ${p.name}\n  in: path\n  required: true`,
          },
        }),
      );
    }
    if (out.has(p.name)) {
      findings.push(
        draftAt(doc, at, say.declaredTwice({ name: p.name, subject: label, file: doc.file }), {
          severity: 'low',
        }),
      );
      return;
    }
    out.set(p.name, at);
  });
  return out;
}
