/** YAML text for the scaffolds: stable key order as written, no line folding. */
import { stringify } from 'yaml';

export function toYaml(value: unknown, header?: string): string {
  const body = stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
  return header ? `# ${header}\n${body}` : body;
}

export function toYamlDocuments(values: unknown[], header?: string): string {
  const docs = values.map((v) => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false }));
  return `${header ? `# ${header}\n` : ''}${docs.join('---\n')}`;
}
