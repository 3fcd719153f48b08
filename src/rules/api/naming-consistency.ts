import type { PathSegment } from '../../discover/parse/structured.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { components, draftAt, isObj, listSome, type OasDoc, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  outliers:
    '{{count}} {{category}} in {{file}} are {{styles}} while {{share}}% of {{category}} across {{scope}} are {{dominant}}: {{list}}',
  noConvention:
    '{{category}} across {{scope}} follow no single convention ({{counts}}); in {{file}}: {{list}}',
});

type Style = 'kebab-case' | 'snake_case' | 'camelCase' | 'PascalCase';
type Category = 'path segments' | 'parameters' | 'properties';

const STYLES: [Style, RegExp][] = [
  ['kebab-case', /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/],
  ['snake_case', /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/],
  ['camelCase', /^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/],
  ['PascalCase', /^[A-Z][a-z0-9]+([A-Z][a-z0-9]*)+$/],
];

/** Share of the dominant style below which a system has no convention to hold files to. */
const DOMINANCE = 0.6;

interface Seen {
  doc: OasDoc;
  name: string;
  style: Style;
  path: PathSegment[];
}

export const namingConsistency: Rule = {
  id: 'api/naming-consistency',
  area: 'api',
  severity: 'low',
  title: 'Path segments, parameters and properties follow one casing convention across all APIs',
  messages,
  rationale:
    'Consumers of a system meet all of its APIs, not one file: `order_id` in one service, `orderId` in the next and ' +
    '`order-id` in a third makes every client map names by hand and every mistake a silent null. The convention matters ' +
    'less than having one, for the whole system.',
  references: [
    'Zalando RESTful API Guidelines: snake_case properties (118), kebab-case paths (129), query parameters (130) (https://opensource.zalando.com/restful-api-guidelines/#naming)',
    'Google AIP-140 Field names (https://google.aip.dev/140)',
    'Microsoft REST API Guidelines, naming (https://github.com/microsoft/api-guidelines/blob/vNext/azure/Guidelines.md)',
  ],
  recommendation:
    'Rename the outliers to the convention the rest of the system uses (or declare the convention and migrate).',
  fix: {
    description: 'Use the system-wide convention, e.g. snake_case properties and kebab-case path segments.',
    language: 'yaml',
    snippet:
      'paths:\n  /order-items/{order_item_id}:\n    get:\n      parameters:\n        - {name: order_item_id, in: path, required: true, schema: {type: string}}',
  },
  examples: {
    fail: {
      description: 'Two services, two property conventions',
      files: {
        'orders/openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        order_id: {type: string}\n        created_at: {type: string}\n        customer_id: {type: string}\n",
        'billing/openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Billing, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Invoice:\n      type: object\n      properties:\n        invoice_id: {type: string}\n        orderId: {type: string}\n        due_date: {type: string}\n",
      },
      findings: [
        {
          at: 'billing/openapi.yaml:10:9',
          messageId: 'outliers',
          message:
            '1 properties in billing/openapi.yaml are camelCase while 83% of properties across the 2 API documents of the system are snake_case: orderId',
        },
      ],
    },
    pass: {
      description: 'snake_case everywhere',
      files: {
        'orders/openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        order_id: {type: string}\n        created_at: {type: string}\n",
        'billing/openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Billing, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Invoice:\n      type: object\n      properties:\n        invoice_id: {type: string}\n        order_id: {type: string}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    const seen: Record<Category, Seen[]> = { 'path segments': [], parameters: [], properties: [] };
    for (const doc of openapiDocs(ctx)) collect(doc, seen);
    let checked = 0;
    for (const [category, names] of Object.entries(seen) as [Category, Seen[]][]) {
      if (names.length === 0) continue;
      checked++;
      const counts = new Map<Style, number>();
      for (const n of names) counts.set(n.style, (counts.get(n.style) ?? 0) + 1);
      const [dominant, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
      const share = count / names.length;
      const outliers = names.filter((n) => n.style !== dominant);
      if (outliers.length === 0) continue;
      const byDoc = new Map<OasDoc, Seen[]>();
      for (const o of outliers) byDoc.set(o.doc, [...(byDoc.get(o.doc) ?? []), o]);
      const docs = new Set(names.map((n) => n.doc)).size;
      const scope = docs > 1 ? `the ${docs} API documents of the system` : names[0]!.doc.file;
      for (const [doc, list] of byDoc) {
        const styles = [...new Set(list.map((o) => o.style))].join('/');
        const said =
          share >= DOMINANCE
            ? say.outliers({
                count: list.length,
                category,
                file: doc.file,
                styles,
                share: Math.floor(share * 100),
                scope,
                dominant,
                list: listSome(
                  list.map((o) => o.name),
                  6,
                ),
              })
            : say.noConvention({
                category,
                scope,
                counts: [...counts.entries()].map(([s, c]) => `${c} ${s}`).join(', '),
                file: doc.file,
                list: listSome(
                  list.map((o) => `${o.name} (${o.style})`),
                  6,
                ),
              });
        findings.push(
          draftAt(doc, list[0]!.path, said, {
            element: `${doc.file}#naming:${category}`,
            also: list.slice(1, 5).map((o) => doc.document.locate(o.path)),
            data: { category, dominant, share, outliers: list.map((o) => o.name) },
          }),
        );
      }
    }
    return {
      findings,
      strength:
        checked && !findings.length ? 'Names follow one casing convention across all APIs' : undefined,
    };
  },
};

function styleOf(name: string): Style | undefined {
  for (const [style, re] of STYLES) if (re.test(name)) return style;
  return undefined; // single words fit every convention
}

function collect(doc: OasDoc, seen: Record<Category, Seen[]>): void {
  const uniq = new Set<string>();
  const add = (category: Category, name: string, path: PathSegment[]) => {
    const style = styleOf(name);
    const key = `${category}\u0000${name}`;
    if (!style || uniq.has(key)) return;
    uniq.add(key);
    seen[category].push({ doc, name, style, path });
  };
  for (const route of Object.keys(isObj(doc.data.paths) ? doc.data.paths : {})) {
    for (const segment of route.split('/')) {
      if (segment && !segment.startsWith('{') && !segment.includes('.'))
        add('path segments', segment, ['paths', route]);
    }
  }
  for (const op of doc.operations) {
    for (const p of op.parameters) {
      if (p.value.in === 'header' || p.value.in === 'cookie') continue; // headers follow HTTP's Hyphen-Case
      add('parameters', String(p.value.name), p.path);
    }
  }
  const schemas = components(doc, 'schemas');
  for (const [name, schema] of Object.entries(schemas?.map ?? {})) {
    const parts = isObj(schema)
      ? [schema, ...(Array.isArray(schema.allOf) ? schema.allOf.filter(isObj) : [])]
      : [];
    for (const part of parts) {
      if (!isObj(part.properties)) continue;
      for (const prop of Object.keys(part.properties)) {
        if (prop.startsWith('_') || prop.startsWith('@') || prop.startsWith('$')) continue;
        add('properties', prop, [...schemas!.base, name, 'properties', prop]);
      }
    }
  }
}
