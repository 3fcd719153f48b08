/** api/operation-success-response: which responses count as the success of an operation. */
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/index.js';
import { runRules } from '../../../src/review/engine.js';
import { apiRules } from '../../../src/rules/api/index.js';

const rule = apiRules.filter((r) => r.id === 'api/operation-success-response');

function messages(responses: string): string[] {
  const text = `openapi: 3.1.0\ninfo: {title: Live, version: '1'}\npaths:\n  /stream:\n    get:\n      responses: ${responses}\n`;
  const run = runRules(
    discoverFiles([{ path: 'openapi.yaml', text, bytes: text.length }]),
    { rules: {} },
    rule,
  );
  return run.findings.map((f) => f.message);
}

describe('api/operation-success-response', () => {
  it('takes 101 Switching Protocols as the success of a WebSocket upgrade', () => {
    expect(messages("{'101': {description: upgraded}, '401': {description: no}}")).toEqual([]);
  });

  it('takes a 3XX range as a success and reports an operation with only errors', () => {
    expect(messages("{'3XX': {description: moved}}")).toEqual([]);
    expect(messages("{'400': {description: bad}, default: {description: error}}")).toEqual([
      'GET /stream (openapi.yaml) documents no 2xx or 3xx response (nor 101 for a protocol upgrade)',
    ]);
  });
});
