import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import { runRules } from '../../src/review/engine.js';
import { allRules } from '../../src/rules/index.js';
import { defineMessages, formatMessage, placeholderNames, sarifTemplate } from '../../src/rules/messages.js';
import type { Rule } from '../../src/rules/types.js';

describe('rule messages', () => {
  it('fill their placeholders and carry the id and the values', () => {
    const { messages, say } = defineMessages({
      tooMany: '{{name}} runs {{n}} replicas; {{name}} needs {{need}}',
    });
    expect(messages.tooMany).toContain('{{n}}');
    expect(say.tooMany({ name: 'cart', n: 1, need: 2 })).toEqual({
      messageId: 'tooMany',
      message: 'cart runs 1 replicas; cart needs 2',
      args: { name: 'cart', n: 1, need: 2 },
    });
  });

  it('read a literal brace beside a placeholder as text (the argument type names `name`, not `{name`)', () => {
    const { say } = defineMessages({ templated: 'path {{{name}}} is not declared' });
    expect(say.templated({ name: 'id' }).message).toBe('path {id} is not declared');
  });

  it('refuse a template filled without one of its values, and ids that are not camelCase', () => {
    expect(() => formatMessage('{{a}} and {{b}}', { a: 1 }, 'pair')).toThrow('pair: no value for {{b}}');
    expect(() => defineMessages({ 'not-camel': 'x' })).toThrow('camelCase');
  });

  it('become SARIF message strings with numbered arguments and literal braces doubled', () => {
    expect(placeholderNames('{{b}} {{a}} {{b}}')).toEqual(['b', 'a']);
    expect(sarifTemplate('set {x} on {{name}} ({{n}} of {{name}})')).toBe('set {{x}} on {0} ({1} of {0})');
  });

  it('are declared for every id a finding names: an undeclared id is an error diagnostic naming the rule', () => {
    const { messages } = defineMessages({ known: 'known' });
    const rule: Rule = {
      ...allRules[0]!,
      id: 'api/test-undeclared',
      messages,
      check: () => ({ findings: [{ messageId: 'unknown', message: 'x', locations: [] }] }),
    };
    const run = runRules(discoverFiles([], '.'), { rules: {} }, [rule]);
    expect(run.findings[0]?.messageId).toBe('unknown');
    expect(run.diagnostics.map((d) => d.message)).toEqual([
      'rule api/test-undeclared reported message ids it does not declare in `messages`: unknown',
    ]);
  });
});
