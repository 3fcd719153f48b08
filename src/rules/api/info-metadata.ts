import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, isObj, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  incompleteInfo: 'API info of {{file}} has no {{missing}}',
});

export const infoMetadata: Rule = {
  id: 'api/info-metadata',
  area: 'api',
  severity: 'info',
  title: 'The API says who owns it, what it is and under which license',
  messages,
  rationale:
    'Consumers of an API need someone to ask and terms to rely on: the `info` object is where a contract names its owning ' +
    'team (contact), its purpose (description) and its license. Without them a published spec is an orphan.',
  references: [
    'OpenAPI 3.1 Info Object (https://spec.openapis.org/oas/v3.1.0#info-object)',
    'Spectral oas: info-contact, info-description, info-license, license-url',
    'Redocly: info-license, info-license-strict',
  ],
  sources: [
    'spectral:info-contact',
    'spectral:info-description',
    'spectral:info-license',
    'spectral:license-url',
    'redocly:info-license',
    'redocly:info-license-strict',
  ],
  recommendation:
    'Fill `info.contact`, `info.description` and `info.license` (with a URL or SPDX identifier).',
  fix: {
    description: 'Complete the info object.',
    language: 'yaml',
    snippet:
      'info:\n  title: Orders API\n  version: 1.4.0\n  description: Place, track and cancel orders.\n  contact:\n    name: Orders team\n    email: orders-team@example.com\n  license:\n    name: Apache-2.0\n    identifier: Apache-2.0',
  },
  examples: {
    fail: {
      description: 'Title and version only',
      files: { 'openapi.yaml': "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths: {}\n" },
      findings: [
        {
          at: 'openapi.yaml:2:1',
          messageId: 'incompleteInfo',
          message: 'API info of openapi.yaml has no contact, description, license',
        },
      ],
    },
    pass: {
      description: 'Contact, description and license',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo:\n  title: Orders\n  version: '1'\n  description: Orders API\n  contact: {name: Orders team, email: orders@example.com}\n  license: {name: MIT, url: https://spdx.org/licenses/MIT}\npaths: {}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      checked++;
      const info = isObj(doc.data.info) ? doc.data.info : undefined;
      const at = info ? ['info'] : [];
      const missing: string[] = [];
      if (!info || !isObj(info.contact)) missing.push('contact');
      if (!info || typeof info.description !== 'string' || !info.description.trim())
        missing.push('description');
      const license = info && isObj(info.license) ? info.license : undefined;
      if (!license) missing.push('license');
      else if (typeof license.url !== 'string' && typeof license.identifier !== 'string')
        missing.push('license url');
      if (missing.length === 0) continue;
      findings.push(
        draftAt(doc, at, say.incompleteInfo({ file: doc.file, missing: missing.join(', ') }), {
          data: { missing },
          element: `${doc.file}#info`,
        }),
      );
    }
    return {
      findings,
      strength: checked && !findings.length ? 'Every API names its contact, purpose and license' : undefined,
    };
  },
};
