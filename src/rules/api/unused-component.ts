import { pathToPointer, pointerToPath } from '../../discover/openapi/refs.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { components, draftAt, type OasDoc, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  unreferenced: '{{component}} ({{file}}) is never referenced',
});

const KINDS = [
  'schemas',
  'responses',
  'parameters',
  'examples',
  'requestBodies',
  'headers',
  'links',
  'callbacks',
];

export const unusedComponent: Rule = {
  id: 'api/unused-component',
  area: 'api',
  severity: 'low',
  title: 'Reusable components are referenced',
  messages,
  rationale:
    'A component nobody references is dead contract: it is documented, generated into SDKs and maintained, yet no operation ' +
    'uses it, and readers cannot tell whether it describes something real. Often it is the leftover of an operation that was ' +
    'removed or renamed.',
  references: [
    'OpenAPI 3.1 Components Object (https://spec.openapis.org/oas/v3.1.0#components-object)',
    'Spectral oas: oas3-unused-component, oas2-unused-definition',
    'Redocly: no-unused-components',
  ],
  sources: [
    'spectral:oas2-unused-definition',
    'spectral:oas3-unused-component',
    'redocly:no-unused-components',
  ],
  recommendation: 'Reference the component where it belongs, or delete it.',
  fix: {
    description: 'Delete the unused component (or reference it).',
    language: 'yaml',
    snippet: "responses:\n  '404':\n    $ref: '#/components/responses/NotFound'",
  },
  examples: {
    fail: {
      description: 'A schema nothing references',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    LegacyOrder: {type: object}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:6:5',
          messageId: 'unreferenced',
          message: 'components.schemas.LegacyOrder (openapi.yaml) is never referenced',
        },
      ],
    },
    pass: {
      description: 'The schema is used by a response',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Order'}\ncomponents:\n  schemas:\n    Order: {type: object}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    const docs = openapiDocs(ctx);
    // what multi-file documents read from other API documents (bundled into them), as `file#/pointer`
    const importedByOthers = new Set<string>();
    for (const artifact of ctx.documents)
      for (const key of artifact.imports ?? []) {
        const hash = key.indexOf('#');
        importedByOthers.add(`${key.slice(0, hash)}${pathToPointer(pointerToPath(key.slice(hash)))}`);
      }
    for (const doc of docs) {
      const kinds = doc.facts.version === '2.0' ? ['schemas'] : KINDS;
      const referenced = new Set(
        [...doc.facts.refTargets.keys()].map((ref) => pathToPointer(pointerToPath(ref))),
      );
      const candidates: { pointer: string; path: (string | number)[] }[] = [];
      for (const kind of kinds) {
        const comps = components(doc, kind);
        if (!comps) continue;
        for (const name of Object.keys(comps.map)) {
          checked++;
          const pointer = pathToPointer([...comps.base, name]);
          if (referenced.has(pointer) || importedByOthers.has(`${doc.file}${pointer}`)) continue;
          candidates.push({ pointer, path: [...comps.base, name] });
        }
      }
      // refs written inside example data are uses too (peers resolve them); only searched when needed
      const inExamples = candidates.length > 0 ? refsInExampleData(doc) : new Set<string>();
      for (const { pointer, path } of candidates) {
        if (inExamples.has(pointer)) continue;
        findings.push(draftAt(doc, path, say.unreferenced({ component: path.join('.'), file: doc.file })));
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? `All ${checked} components are referenced` : undefined,
    };
  },
};

/** Local `$ref` targets written anywhere inside example values and schema examples/defaults. */
function refsInExampleData(doc: OasDoc): Set<string> {
  const out = new Set<string>();
  // JSON data is a tree; YAML aliases can share and loop, so only YAML needs the visited set
  const seen = doc.document.tree ? undefined : new Set<unknown>();
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (seen) {
      if (seen.has(value)) return;
      seen.add(value);
    }
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    const obj = value as Record<string, unknown>;
    if (typeof obj.$ref === 'string' && obj.$ref.startsWith('#'))
      out.add(pathToPointer(pointerToPath(obj.$ref)));
    for (const key in obj) walk(obj[key]);
  };
  for (const { node } of doc.facts.exampleObjects) walk(node.value);
  for (const { node } of doc.facts.mediaExamples) walk(node.example);
  for (const { node } of doc.facts.schemaExamples) {
    walk(node.example);
    walk(node.default);
  }
  return out;
}
