/** Generates docs/rules/*.md from the rule definitions, so the docs are the rules. */
import * as z from 'zod';
import { AREA_TITLES, AREAS, type Rule } from './types.js';

export function renderRuleDocs(rules: Rule[]): Map<string, string> {
  const files = new Map<string, string>();
  const index: string[] = [
    '# Plumbline rules',
    '',
    'Generated from the rule definitions by `npx tsx scripts/gen-rule-docs.ts`; the failing and passing examples',
    'below, with the exact findings the failing one reports, are executed by the test suite (`test/rules/examples.test.ts`).',
    '',
    '| Rule | Severity | Title |',
    '|---|---|---|',
  ];
  for (const area of AREAS) {
    const inArea = rules.filter((r) => r.area === area);
    if (inArea.length === 0) continue;
    const out: string[] = [`# ${AREA_TITLES[area]} rules`, ''];
    for (const r of inArea) {
      index.push(`| [\`${r.id}\`](${area}.md#${anchor(r.id)}) | ${r.severity} | ${escapeCell(r.title)} |`);
      out.push(`## ${r.id}`, '', `**${r.title}** · severity \`${r.severity}\``, '', r.rationale, '');
      out.push(`**Fix.** ${r.recommendation}`, '');
      if (r.fix.snippet) out.push('```' + (r.fix.language ?? ''), r.fix.snippet.trimEnd(), '```', '');
      out.push(...optionsTable(r), ...messagesTable(r));
      out.push('**References.**', '', ...r.references.map((ref) => `- ${ref}`), '');
      if (r.sources?.length) out.push(`**Covers.** ${peerList(r.sources)} (see [parity.md](parity.md))`, '');
      for (const [label, ex] of [
        ['Fails', r.examples.fail],
        ['Passes', r.examples.pass],
      ] as const) {
        out.push(`<details><summary>${label}: ${escapeHtml(ex.description)}</summary>`, '');
        for (const [file, text] of Object.entries(ex.files)) {
          out.push(`\`${file}\``, '', '```' + languageOf(file), text.trimEnd(), '```', '');
        }
        if (ex.findings?.length) {
          out.push('Reports:', '');
          for (const f of ex.findings) {
            const where = [f.at, ...(f.also ?? [])].map((l) => `\`${l}\``).join(', ');
            const id = f.messageId ? ` \`${f.messageId}\`` : '';
            out.push(`- ${where}${f.severity ? ` (${f.severity})` : ''}${id}: ${escapeHtml(f.message)}`);
          }
          out.push('');
        }
        out.push('</details>', '');
      }
    }
    files.set(`${area}.md`, out.join('\n'));
  }
  index.push('');
  files.set('README.md', index.join('\n'));
  return files;
}

/** The rule's options, from its schema: name, type, default, description. */
function optionsTable(r: Rule): string[] {
  if (!r.options) return [];
  const schema = z.toJSONSchema(r.options, { io: 'input' }) as {
    properties?: Record<
      string,
      {
        type?: string;
        default?: unknown;
        description?: string;
        minimum?: number;
        maximum?: number;
        exclusiveMinimum?: number;
      }
    >;
  };
  const rows = Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const type = p.type === 'object' ? 'map of numbers' : (p.type ?? '');
    return `| \`${name}\` | ${type} | \`${JSON.stringify(p.default)}\` | ${escapeCell(p.description ?? '')} |`;
  });
  return [
    `**Options** (\`rules: { ${r.id}: { options: {...} } }\` in plumbline.yaml; an unknown or ill-typed option is an error):`,
    '',
    '| Option | Type | Default | Meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ];
}

/** What the rule says, by message id: the ids tests pin, suppressions may name and SARIF lists. */
function messagesTable(r: Rule): string[] {
  if (!r.messages) return [];
  return [
    '**Messages.**',
    '',
    '| Id | Message |',
    '|---|---|',
    ...Object.entries(r.messages).map(([id, text]) => `| \`${id}\` | ${escapeCell(escapeHtml(text))} |`),
    '',
  ];
}

const TOOL_NAMES: Record<string, string> = {
  spectral: 'Spectral',
  redocly: 'Redocly',
  'kube-linter': 'kube-linter',
  'kube-score': 'kube-score',
  checkov: 'Checkov',
  hadolint: 'hadolint',
  squawk: 'Squawk',
  'dependency-cruiser': 'dependency-cruiser',
  threagile: 'Threagile',
};

function peerList(sources: string[]): string {
  const byTool = new Map<string, string[]>();
  for (const s of sources) {
    const [tool = '', name = ''] = s.split(':');
    byTool.set(tool, [...(byTool.get(tool) ?? []), `\`${name}\``]);
  }
  return [...byTool].map(([tool, names]) => `${TOOL_NAMES[tool] ?? tool} ${names.join(', ')}`).join('; ');
}

function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 -]/g, '');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function languageOf(file: string): string {
  if (/\.ya?ml$/.test(file)) return 'yaml';
  if (/\.json$/.test(file)) return 'json';
  if (/\.sql$/.test(file)) return 'sql';
  if (/\.proto$/.test(file)) return 'proto';
  if (/\.graphqls?$|\.gql$/.test(file)) return 'graphql';
  if (/Dockerfile/i.test(file)) return 'dockerfile';
  if (/\.[cm]?[jt]sx?$/.test(file)) return 'ts';
  return '';
}
