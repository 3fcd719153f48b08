/**
 * A small mutation test of the rule tests: for a sample of rules, negate one condition in the rule's `check`
 * (the first `if`, else the first filter/find/some predicate) and run the rule tests; a mutation that no test
 * notices means the rule's behaviour is not pinned. The source is restored after each run.
 *
 *   npx tsx scripts/mutate-rules.ts [--sample N] [rule-id ...]     (default: every 8th rule by id)
 *
 * Exit code 1 when a mutation survives.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { allRules } from '../src/rules/index.js';

const args = process.argv.slice(2);
const every = Number(args[args.indexOf('--sample') + 1]) || 8;
const ids = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--sample');
const sample = ids.length ? ids : allRules.map((r) => r.id).filter((_, i) => i % every === 0);

const files = (function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
})('src/rules');

interface Mutation {
  file: string;
  line: number;
  start: number;
  end: number;
  replacement: string;
}

/** The first condition inside the `check` method of the rule object declared with this id. */
function mutationFor(id: string): Mutation | undefined {
  const file = files.find((f) => readFileSync(f, 'utf8').includes(`id: '${id}'`));
  if (!file) return undefined;
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let check: ts.Node | undefined;
  const findCheck = (node: ts.Node): void => {
    if (
      ts.isObjectLiteralExpression(node) &&
      node.properties.some(
        (p) =>
          ts.isPropertyAssignment(p) && p.name.getText() === 'id' && p.initializer.getText() === `'${id}'`,
      )
    )
      check = node.properties.find((p) => p.name?.getText() === 'check');
    if (!check) ts.forEachChild(node, findCheck);
  };
  findCheck(source);
  if (!check) return undefined;
  let target: ts.Expression | undefined;
  const findCondition = (node: ts.Node): void => {
    if (target) return;
    if (ts.isIfStatement(node)) target = node.expression;
    else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ['filter', 'find', 'some', 'every'].includes(node.expression.name.text) &&
      node.arguments[0] &&
      ts.isArrowFunction(node.arguments[0]) &&
      !ts.isBlock(node.arguments[0].body)
    )
      target = node.arguments[0].body as ts.Expression;
    ts.forEachChild(node, findCondition);
  };
  findCondition(check);
  if (!target) return undefined;
  const start = target.getStart();
  return {
    file,
    line: source.getLineAndCharacterOfPosition(start).line + 1,
    start,
    end: target.end,
    replacement: `!(${text.slice(start, target.end)})`,
  };
}

let survived = 0;
const rows: string[] = [];
for (const id of sample) {
  const m = mutationFor(id);
  if (!m) {
    rows.push(`${id}: no condition found in check()`);
    continue;
  }
  const original = readFileSync(m.file, 'utf8');
  const restore = () => writeFileSync(m.file, original);
  process.once('SIGINT', () => {
    restore();
    process.exit(130);
  });
  try {
    writeFileSync(m.file, original.slice(0, m.start) + m.replacement + original.slice(m.end));
    const run = spawnSync('npx', ['vitest', 'run', 'test/rules', '--bail=1', '--reporter=dot'], {
      encoding: 'utf8',
    });
    const killed = run.status !== 0;
    if (!killed) survived++;
    rows.push(
      `${killed ? 'killed  ' : 'SURVIVED'} ${id} (${m.file}:${m.line}: ${m.replacement.slice(0, 70)})`,
    );
  } finally {
    restore();
  }
  console.log(rows.at(-1));
}
console.log(`\n${sample.length} rules, ${survived} mutation(s) survived`);
process.exitCode = survived ? 1 : 0;
