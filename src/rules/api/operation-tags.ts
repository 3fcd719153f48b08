import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, isObj, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  duplicateTag: 'Tag `{{tag}}` is declared twice ({{file}})',
  tagWithoutDescription: 'Tag `{{tag}}` ({{file}}) has no description',
  noTags: '{{operation}} ({{file}}) has no tags',
  undeclaredTag: '{{operation}} ({{file}}) uses tag `{{tag}}` that is not declared in the top-level tags',
});

export const operationTags: Rule = {
  id: 'api/operation-tags',
  area: 'api',
  severity: 'info',
  title: 'Operations are tagged with tags declared (once, with a description) at the top level',
  messages,
  rationale:
    'Tags group operations in documentation and split generated SDKs into clients per resource. An untagged operation lands ' +
    'in a catch-all group; a tag that is used but not declared has no description and no stable order; a tag declared twice ' +
    'is ambiguous.',
  references: [
    'OpenAPI 3.1 Tag Object (https://spec.openapis.org/oas/v3.1.0#tag-object)',
    'Spectral oas: operation-tags, operation-tag-defined, openapi-tags-uniqueness, tag-description',
    'Redocly: operation-tag-defined, tag-description, no-duplicated-tag-names',
  ],
  sources: [
    'spectral:openapi-tags',
    'spectral:openapi-tags-uniqueness',
    'spectral:operation-tag-defined',
    'spectral:operation-tags',
    'spectral:tag-description',
    'redocly:no-duplicated-tag-names',
    'redocly:tag-description',
  ],
  recommendation:
    'Tag every operation and declare each tag once under the top-level `tags` with a description.',
  fix: {
    description: 'Declare the tags the operations use.',
    language: 'yaml',
    snippet: 'tags:\n  - name: orders\n    description: Placing, tracking and cancelling orders',
  },
  examples: {
    fail: {
      description: 'One operation untagged, another tagged with an undeclared tag',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses: {'200': {description: ok}}\n    post:\n      tags: [orders]\n      responses: {'201': {description: created}}\n",
      },
      findings: [
        { at: 'openapi.yaml:5:5', messageId: 'noTags', message: 'GET /orders (openapi.yaml) has no tags' },
        {
          at: 'openapi.yaml:8:14',
          messageId: 'undeclaredTag',
          message: 'POST /orders (openapi.yaml) uses tag `orders` that is not declared in the top-level tags',
        },
      ],
    },
    pass: {
      description: 'Tags declared and used',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\ntags:\n  - name: orders\n    description: Orders\npaths:\n  /orders:\n    get:\n      tags: [orders]\n      responses: {'200': {description: ok}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      const declared = new Set<string>();
      const tags = Array.isArray(doc.data.tags) ? doc.data.tags : [];
      tags.forEach((tag, i) => {
        if (!isObj(tag) || typeof tag.name !== 'string') return;
        if (declared.has(tag.name)) {
          findings.push(
            draftAt(doc, ['tags', i], say.duplicateTag({ tag: tag.name, file: doc.file }), {
              severity: 'low',
            }),
          );
        }
        declared.add(tag.name);
        if (typeof tag.description !== 'string' || !tag.description.trim()) {
          findings.push(
            draftAt(doc, ['tags', i], say.tagWithoutDescription({ tag: tag.name, file: doc.file })),
          );
        }
      });
      const undeclared = new Map<string, number>();
      for (const op of doc.operations) {
        checked++;
        const opTags = op.op.tags;
        if (!Array.isArray(opTags) || opTags.length === 0) {
          findings.push(draftAt(doc, op.path, say.noTags({ operation: op.label, file: doc.file })));
          continue;
        }
        opTags.forEach((tag, i) => {
          if (typeof tag !== 'string' || declared.has(tag)) return;
          undeclared.set(tag, (undeclared.get(tag) ?? 0) + 1);
          findings.push(
            draftAt(
              doc,
              [...op.path, 'tags', i],
              say.undeclaredTag({ operation: op.label, file: doc.file, tag }),
              {
                fix: {
                  description: 'Declare the tag.',
                  language: 'yaml',
                  snippet: `tags:\n  - name: ${tag}\n    description: <what the ${tag} operations do>`,
                },
              },
            ),
          );
        });
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? `All ${checked} operations carry declared tags` : undefined,
    };
  },
};
