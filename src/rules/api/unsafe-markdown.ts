import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  scriptTag: '{{path}} ({{file}}) contains a <script> tag',
  evalCall: '{{path}} ({{file}}) contains eval(',
});

export const unsafeMarkdown: Rule = {
  id: 'api/unsafe-markdown',
  area: 'api',
  severity: 'medium',
  title: 'No script tags or eval( in descriptions',
  messages,
  rationale:
    'Descriptions are rendered as Markdown by documentation portals, often on the same origin as the API console that holds ' +
    "a user's token. A `<script>` tag or `eval(` in a description is script injection waiting for a renderer that does not " +
    'sanitise.',
  references: [
    'OWASP Cross Site Scripting Prevention Cheat Sheet (https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html)',
    'Spectral oas: no-script-tags-in-markdown, no-eval-in-markdown',
    'Redocly: no-unsafe-markdown',
  ],
  sources: [
    'spectral:no-eval-in-markdown',
    'spectral:no-script-tags-in-markdown',
    'redocly:no-unsafe-markdown',
  ],
  recommendation: 'Remove scripts from descriptions; show code as fenced code blocks instead.',
  fix: {
    description: 'Show code as a fenced block, not as live HTML.',
    language: 'yaml',
    snippet: "description: |\n  Example:\n  ```js\n  fetch('/orders')\n  ```",
  },
  examples: {
    fail: {
      description: 'A script tag in the API description',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo:\n  title: Orders\n  version: '1'\n  description: 'Welcome <script>alert(1)</script>'\npaths: {}\n",
      },
      findings: [
        {
          at: 'openapi.yaml:5:3',
          messageId: 'scriptTag',
          message: 'info.description (openapi.yaml) contains a <script> tag',
        },
      ],
    },
    pass: {
      description: 'Plain Markdown',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo:\n  title: Orders\n  version: '1'\n  description: Welcome to **Orders**.\npaths: {}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      checked++;
      for (const { path, text } of doc.facts.unsafeMarkdown) {
        const args = { path: path.join('.'), file: doc.file };
        findings.push(
          draftAt(doc, path, text.includes('<script') ? say.scriptTag(args) : say.evalCall(args)),
        );
      }
    }
    return { findings, strength: checked && !findings.length ? 'No scripts in API descriptions' : undefined };
  },
};
