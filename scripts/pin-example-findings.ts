/**
 * Prints the findings each rule reports on its failing example, in the `findings:` shape the example pins
 * (test/rules/examples.test.ts asserts them exactly). With `--write`, records them in the rule's source, replacing
 * any `findings` already there: read the diff before committing it, since a pinned finding is a claim that the
 * rule is right.
 *
 *   npx tsx scripts/pin-example-findings.ts [--write] [rule-id ...]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { allRules } from '../src/rules/index.js';
import type { ExpectedFinding, Rule } from '../src/rules/types.js';
import { observed, runExample } from '../test/helpers/rule-examples.js';

const args = process.argv.slice(2);
const write = args.includes('--write');
const ids = args.filter((a) => !a.startsWith('--'));
const rules = ids.length ? allRules.filter((r) => ids.includes(r.id)) : allRules;
if (ids.length && rules.length !== ids.length) throw new Error(`unknown rule id among ${ids.join(', ')}`);

const files = (function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
})('src/rules');

for (const rule of rules) {
  const findings = observed(rule, runExample(rule, rule.examples.fail).run);
  const literal = render(findings);
  if (!write) {
    console.log(`${rule.id}:\n  findings: ${literal.replace(/\n/g, '\n  ')},`);
    continue;
  }
  const file = files.find((f) => readFileSync(f, 'utf8').includes(`id: '${rule.id}'`));
  if (!file) throw new Error(`no source file declares ${rule.id}`);
  writeFileSync(file, insert(readFileSync(file, 'utf8'), file, rule, literal));
  console.log(`${rule.id}: ${findings.length} finding(s) recorded in ${file}`);
}

function render(findings: ExpectedFinding[]): string {
  const q = (s: string) => JSON.stringify(s);
  const items = findings.map((f) => {
    const parts = [`at: ${q(f.at)}`];
    if (f.messageId) parts.push(`messageId: ${q(f.messageId)}`);
    parts.push(`message: ${q(f.message)}`);
    if (f.also) parts.push(`also: [${f.also.map(q).join(', ')}]`);
    if (f.severity) parts.push(`severity: ${q(f.severity)}`);
    return `  { ${parts.join(', ')} },`;
  });
  return items.length ? `[\n${items.join('\n')}\n]` : '[]';
}

/** Puts `findings: <literal>` into the `examples.fail` object of the rule declared with this id. */
function insert(text: string, file: string, rule: Rule, literal: string): string {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let target: ts.ObjectLiteralExpression | undefined;
  const prop = (o: ts.ObjectLiteralExpression, name: string) =>
    o.properties.find(
      (p): p is ts.PropertyAssignment =>
        ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name,
    );
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const id = prop(node, 'id');
      if (id && ts.isStringLiteral(id.initializer) && id.initializer.text === rule.id) {
        const examples = prop(node, 'examples')?.initializer;
        const fail = examples && ts.isObjectLiteralExpression(examples) ? prop(examples, 'fail') : undefined;
        if (fail && ts.isObjectLiteralExpression(fail.initializer)) target = fail.initializer;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!target) throw new Error(`${file}: no inline examples.fail object for ${rule.id}`);
  const existing = prop(target, 'findings');
  if (existing)
    return text.slice(0, existing.initializer.getStart()) + literal + text.slice(existing.initializer.end);
  const last = target.properties[target.properties.length - 1]!;
  const comma = text.slice(last.end).match(/^\s*,/)?.[0].length ?? 0;
  const at = last.end + comma;
  return `${text.slice(0, at)}${comma ? '' : ','}\nfindings: ${literal},${text.slice(at)}`;
}
