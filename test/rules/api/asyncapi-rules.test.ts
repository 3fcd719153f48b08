/** The AsyncAPI rules on the adapter fixtures: a 2.x producer/consumer document and a 3.x consumer. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/index.js';
import { formatSource } from '../../../src/model/provenance.js';
import { runRules } from '../../../src/review/engine.js';
import { apiRules } from '../../../src/rules/api/index.js';

const asyncRules = apiRules.filter((r) => r.id.startsWith('api/asyncapi-'));
const fixtures = path.resolve(__dirname, '../../fixtures/asyncapi');

function review(...rels: string[]) {
  const files = rels.map((rel) => {
    const text = readFileSync(path.join(fixtures, rel), 'utf8');
    return { path: rel, text, bytes: text.length };
  });
  return runRules(discoverFiles(files), { rules: {} }, asyncRules);
}

describe('AsyncAPI rules', () => {
  it('report the unversioned queue and the consumer without a failure path', () => {
    const run = review('orders/asyncapi.yaml', 'notifications.json');
    expect(run.findings.map((f) => [f.ruleId, f.messageId, f.message, formatSource(f.locations[0])])).toEqual(
      [
        [
          'api/asyncapi-dead-letter',
          'noFailurePath',
          'orders/asyncapi.yaml consumes payments.settled.v1 but describes no dead-letter channel or retry policy',
          'orders/asyncapi.yaml:19',
        ],
        [
          'api/asyncapi-channel-versioned',
          'unversioned',
          'Channel notifications.email has no version in its name; an incompatible payload change would break every consumer in place',
          'notifications.json:12',
        ],
      ],
    );
    expect(run.strengths.map((s) => s.message)).toEqual(['All 5 AsyncAPI messages have payload schemas']);
  });

  it('finds messages without payloads through $refs and oneOf', () => {
    const text = [
      'asyncapi: 2.6.0',
      'info: { title: Payments, version: 1.0.0 }',
      'channels:',
      '  payments.settled.v1:',
      '    x-dead-letter: payments.settled.v1.dlq',
      '    subscribe:',
      '      message:',
      '        oneOf:',
      "          - $ref: '#/components/messages/Settled'",
      "          - $ref: '#/components/messages/Failed'",
      'components:',
      '  messages:',
      '    Settled:',
      '      payload: { type: object }',
      '    Failed:',
      '      summary: no payload yet',
      '',
    ].join('\n');
    const run = runRules(
      discoverFiles([{ path: 'payments.yaml', text, bytes: text.length }]),
      { rules: {} },
      asyncRules,
    );
    expect(run.findings.map((f) => [f.ruleId, f.messageId, f.message, formatSource(f.locations[0])])).toEqual(
      [
        [
          'api/asyncapi-message-schema',
          'noPayloadSchema',
          'Message Failed on channel payments.settled.v1 (payments.yaml) has no payload schema',
          'payments.yaml:15:5',
        ],
      ],
    );
  });
});
