import { pathToPointer } from '../../discover/openapi/refs.js';
import type { PathSegment } from '../../discover/parse/structured.js';
import type { Said } from '../messages.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Fix, Rule } from '../types.js';
import { draftAt, type OasDoc, openapiDocs } from './lib/openapi-shared.js';
import { checkStructure, MAX_DEPTH, type StructureProblem } from './lib/openapi-structure-walk.js';
import type { TypeTree } from './lib/openapi-types.js';
import { oas2Tree } from './lib/openapi-types-oas2.js';
import { oas3Tree } from './lib/openapi-types-oas3.js';

const { messages, say } = defineMessages({
  typo: '`{{field}}` in the {{type}} object at {{path}} ({{file}}) is not {{aSpec}} field: did you mean `{{suggestion}}`?{{elsewhere}}',
  unknownField:
    '`{{field}}` in the {{type}} object at {{path}} ({{file}}) is not {{aSpec}} field; custom data belongs in an `x-` extension{{elsewhere}}',
  misplacedField:
    '`{{field}}` in the {{type}} object at {{path}} ({{file}}) is not {{aSpec}} field: {{hint}}{{elsewhere}}',
  missingField: 'The {{type}} object at {{path}} ({{file}}) lacks the required `{{field}}`{{elsewhere}}',
  bothOf:
    'The {{type}} object at {{path}} ({{file}}) has both `{{a}}` and `{{b}}`: exactly one is allowed{{elsewhere}}',
  neitherOf:
    'The {{type}} object at {{path}} ({{file}}) has neither `{{a}}` nor `{{b}}`: exactly one is required{{elsewhere}}',
  wrongKind: '{{subject}} ({{file}}) must be {{expected}}, not {{actual}}{{hint}}{{elsewhere}}',
  unquotedScalar:
    '{{subject}} ({{file}}) must be {{expected}}, not {{actual}} (YAML reads unquoted numbers and yes/no as numbers and booleans: quote it){{hint}}{{elsewhere}}',
  badValue: '{{subject}} ({{file}}) is {{actual}}, not {{expected}}{{hint}}{{elsewhere}}',
  badValueTypo:
    '{{subject}} ({{file}}) is {{actual}}, not {{expected}} (did you mean `{{suggestion}}`?){{hint}}{{elsewhere}}',
  tooDeep:
    '{{file}} nests deeper than {{depth}} levels at {{path}}…: the structure below is not checked{{elsewhere}}',
});

export const openapiStructure: Rule = {
  id: 'api/openapi-structure',
  area: 'api',
  severity: 'medium',
  title: 'The document is a well-formed OpenAPI document (known fields, required fields, value kinds)',
  messages,
  rationale:
    'Tools read an OpenAPI document field by field and silently skip what they do not know: a `respones` typo drops every ' +
    'response of the operation from the generated client and the docs, `requried` in a schema makes every property optional, ' +
    '`type: date` or `in: body` in OpenAPI 3 is ignored or rejected depending on the tool, and a Response without a ' +
    '`description` fails strict parsers. Checking the document against the OpenAPI object model catches these before a ' +
    'generator, gateway or validator does, each at the line it is written.',
  references: [
    'OpenAPI 3.1.0, Schema: fixed fields of every object (https://spec.openapis.org/oas/v3.1.0#schema)',
    'OpenAPI 3.0.3, Schema (https://spec.openapis.org/oas/v3.0.3#schema)',
    'OpenAPI 2.0 (Swagger) specification (https://swagger.io/specification/v2/)',
    'Spectral oas: oas2-schema, oas3-schema, oas2-anyOf, oas2-oneOf',
    'Redocly: struct',
  ],
  sources: [
    'spectral:oas2-anyOf',
    'spectral:oas2-oneOf',
    'spectral:oas2-schema',
    'spectral:oas3-schema',
    'redocly:struct',
  ],
  recommendation:
    'Fix the field names the spec does not know (or prefix custom ones with `x-`), add the required fields, and give every ' +
    'field a value of the kind the spec defines.',
  fix: {
    description: 'Spell the fields as the specification does and fill the required ones.',
    language: 'yaml',
    snippet:
      "paths:\n  /orders:\n    get:\n      parameters:\n        - {name: status, in: query, schema: {type: string, enum: [open, shipped]}}\n      responses:\n        '200':\n          description: The orders\n      x-internal-owner: orders-team   # custom data goes in x- extensions",
  },
  examples: {
    fail: {
      description:
        'A misspelt `responses`, a response without description, `type: date` and `in: body` in 3.0',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      respones:\n        '200': {description: ok}\n    post:\n      parameters:\n        - {name: order, in: body, schema: {type: object}}\n      responses:\n        '201': {content: {application/json: {schema: {type: date}}}}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:6:7',
          messageId: 'typo',
          message:
            '`respones` in the Operation object at paths./orders.get (openapi.yaml) is not an OpenAPI 3.0 field: did you mean `responses`?',
        },
        {
          at: 'openapi.yaml:10:25',
          messageId: 'badValue',
          message:
            '`in` of the Parameter object at paths./orders.post.parameters.0 (openapi.yaml) is "body", not one of path, query, header, cookie: `in: body` is Swagger 2.0: OpenAPI 3 sends the body as the operation\'s `requestBody`',
        },
        {
          at: 'openapi.yaml:12:9',
          messageId: 'missingField',
          message:
            'The Response object at paths./orders.post.responses.201 (openapi.yaml) lacks the required `description`',
        },
        {
          at: 'openapi.yaml:12:55',
          messageId: 'badValue',
          message:
            '`type` of the Schema object at paths./orders.post.responses.201.content.application/json.schema (openapi.yaml) is "date", not one of array, boolean, integer, number, object, string',
        },
      ],
    },
    pass: {
      description: 'Known fields, required fields present, extensions prefixed with x-',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1', x-audience: internal}\npaths:\n  /orders:\n    get:\n      parameters:\n        - {name: status, in: query, schema: {type: string, enum: [open, shipped]}}\n      responses:\n        '200': {description: ok}\n    post:\n      requestBody:\n        content: {application/json: {schema: {type: object}}}\n      responses:\n        '201': {description: created, content: {application/json: {schema: {type: string, format: date}}}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      checked++;
      const tree = treeOf(doc);
      const problems = checkStructure(doc.data, tree, { shared: doc.document.tree !== true });
      for (const group of groupProblems(problems)) findings.push(toFinding(doc, tree, group));
    }
    return {
      findings,
      strength:
        checked && !findings.length
          ? `${checked === 1 ? 'The OpenAPI document follows' : `All ${checked} OpenAPI documents follow`} the OpenAPI object model`
          : undefined,
    };
  },
};

function treeOf(doc: OasDoc): TypeTree {
  const version = doc.facts.version;
  return version === '2.0' ? oas2Tree() : oas3Tree(version === '3.1' ? '3.1' : '3.0');
}

/** One generator slip repeats across a spec: the same problem on the same field of the same type is one finding. */
function groupProblems(problems: StructureProblem[]): StructureProblem[][] {
  const groups = new Map<string, StructureProblem[]>();
  for (const p of problems) {
    const actualKind = p.code === 'wrong-kind' ? (p.actual ?? '').split(' ').slice(0, 2).join(' ') : p.actual;
    const key = [p.code, p.type, p.field, p.expected ?? '', actualKind ?? '', p.suggestion ?? ''].join(
      '\u0000',
    );
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()];
}

function toFinding(doc: OasDoc, tree: TypeTree, group: StructureProblem[]): FindingDraft {
  const [first] = group as [StructureProblem, ...StructureProblem[]];
  const rest = group.slice(1);
  let elsewhere = '';
  if (rest.length > 0) {
    const sample = rest.slice(0, 3).map((p) => where(p.path));
    elsewhere = ` (the same in ${rest.length} more place${rest.length === 1 ? '' : 's'}: ${sample.join(', ')}${rest.length > 3 ? ', …' : ''})`;
  }
  return draftAt(doc, first.path, describeProblem(doc, tree, first, elsewhere), {
    severity: first.severity,
    element: `${doc.file}#structure:${first.code}:${first.type}.${first.field}${first.actual && first.code === 'bad-value' ? `=${first.actual}` : ''}${group.length === 1 ? `@${pathToPointer(first.path)}` : ''}`,
    also: rest.slice(0, 4).map((p) => doc.document.locate(p.path)),
    fix: fixFor(first),
    data: {
      problem: first.code,
      objectType: first.type,
      field: first.field,
      ...(rest.length ? { siblings: rest.map((p) => p.path.join('.')) } : {}),
    },
  });
}

/** What one problem says; `elsewhere` names the other places the same problem repeats (or is empty). */
function describeProblem(doc: OasDoc, tree: TypeTree, p: StructureProblem, elsewhere: string): Said {
  const file = doc.file;
  const hint = p.hint ? `: ${p.hint}` : '';
  const expected = p.expected ?? '';
  const actual = p.actual ?? '';
  switch (p.code) {
    case 'typo':
    case 'unknown-field': {
      const args = {
        field: p.field,
        type: p.type,
        path: where(p.path.slice(0, -1)),
        file,
        aSpec: `${article(tree.spec)} ${tree.spec}`,
        elsewhere,
      };
      if (p.code === 'typo') return say.typo({ ...args, suggestion: p.suggestion ?? '' });
      return p.hint ? say.misplacedField({ ...args, hint: p.hint }) : say.unknownField(args);
    }
    case 'missing':
      return say.missingField({ type: p.type, path: where(p.path), file, field: p.field, elsewhere });
    case 'one-of': {
      const [a = '', b = ''] = p.field.split('|');
      const args = { type: p.type, path: where(p.path), file, a, b, elsewhere };
      return p.actual === 'both' ? say.bothOf(args) : say.neitherOf(args);
    }
    case 'wrong-kind': {
      const args = { subject: subjectOf(p), file, expected, actual, hint, elsewhere };
      return p.severity === 'low' ? say.unquotedScalar(args) : say.wrongKind(args);
    }
    case 'bad-value': {
      const args = { subject: subjectOf(p), file, actual, expected, hint, elsewhere };
      return p.suggestion ? say.badValueTypo({ ...args, suggestion: p.suggestion }) : say.badValue(args);
    }
    case 'too-deep':
      return say.tooDeep({ file, depth: MAX_DEPTH, path: where(p.path.slice(0, 8)), elsewhere });
  }
}

function fixFor(p: StructureProblem): Fix | undefined {
  switch (p.code) {
    case 'typo':
      return {
        description: `Rename \`${p.field}\` to \`${p.suggestion}\`.`,
        language: 'yaml',
        snippet: `${p.suggestion}: ...`,
      };
    case 'unknown-field':
      return {
        description: `Remove \`${p.field}\`, or keep it as an extension.`,
        language: 'yaml',
        snippet: `x-${p.field}: ...`,
      };
    case 'missing':
      return {
        description: `Add \`${p.field}\` to the ${p.type}.`,
        language: 'yaml',
        snippet: p.field === 'description' ? 'description: <what this is>' : `${p.field}: <value>`,
      };
    default:
      return undefined;
  }
}

/** `type` of the Schema object at components.schemas.Pet; `An entry of tags` at paths./pets.get.tags.0. */
function subjectOf(p: StructureProblem): string {
  const last = p.path[p.path.length - 1];
  if (p.type === 'Reference') return `\`$ref\` at ${where(p.path)}`;
  if (last === p.field) return `\`${p.field}\` of the ${p.type} object at ${where(p.path.slice(0, -1))}`;
  return `An entry of \`${p.field}\` at ${where(p.path)}`;
}

function article(word: string): string {
  return /^[AEIOU]/i.test(word) ? 'an' : 'a';
}

function where(path: PathSegment[]): string {
  return path.length ? path.join('.') : 'the document root';
}
