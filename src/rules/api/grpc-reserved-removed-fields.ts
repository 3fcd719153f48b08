import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { protoTypes } from './lib/grpc-shared.js';

const { messages, say } = defineMessages({
  unreservedGap: 'Message `{{name}}` skips field {{numbers}} without reserving {{pronoun}}',
});

/** Field numbers 19000-19999 are reserved by the protobuf implementation and never count as gaps. */
const IMPLEMENTATION_RESERVED = [19000, 19999];

function parseReserved(reserved: string[]): { numbers: [number, number][]; names: Set<string> } {
  const numbers: [number, number][] = [];
  const names = new Set<string>();
  for (const r of reserved) {
    const m = /^(\d+)(?: to (\d+|max))?$/.exec(r);
    if (!m) names.add(r);
    else
      numbers.push([
        Number(m[1]),
        m[2] === undefined ? Number(m[1]) : m[2] === 'max' ? Number.MAX_SAFE_INTEGER : Number(m[2]),
      ]);
  }
  return { numbers, names };
}

function formatRanges(nums: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < nums.length; i++) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
    out.push(i === j ? String(nums[i]) : `${nums[i]} to ${nums[j]}`);
    i = j;
  }
  return out;
}

export const grpcReservedRemovedFields: Rule = {
  id: 'api/grpc-reserved-removed-fields',
  area: 'api',
  severity: 'medium',
  title: 'Removed proto fields are reserved',
  messages,
  rationale:
    "A gap in a message's field numbers usually means a field was deleted. If its number (or name) is not `reserved`, a later " +
    'change can reuse it with a different type, and old clients or stored payloads will then decode garbage or fail: a silent ' +
    'wire-compatibility break that no compiler catches.',
  references: [
    'Protocol Buffers language guide: Reserved Field Numbers (https://protobuf.dev/programming-guides/proto3/#reserved)',
    'buf breaking FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED / FIELD_NO_DELETE_UNLESS_NAME_RESERVED (https://buf.build/docs/breaking/rules/)',
    'Google AIP-180 Backwards compatibility (https://google.aip.dev/180)',
  ],
  recommendation: 'Reserve the numbers (and names) of deleted fields so they can never be reused.',
  fix: {
    description: 'Add a `reserved` statement for the missing numbers and the old field names.',
    language: 'proto',
    snippet:
      'message PlaceOrderRequest {\n  reserved 4;\n  reserved "legacy_field";\n  string user_id = 1;\n  ...\n}',
  },
  examples: {
    fail: {
      description: 'Field 4 disappeared and is not reserved',
      files: {
        'orders/v1/orders.proto':
          'syntax = "proto3";\npackage orders.v1;\n\nmessage PlaceOrderRequest {\n  string user_id = 1;\n  string currency = 2;\n  string address = 3;\n  string email = 5;\n}\n',
      },
      findings: [
        {
          at: 'orders/v1/orders.proto:4',
          messageId: 'unreservedGap',
          message: 'Message `orders.v1.PlaceOrderRequest` skips field number 4 without reserving it',
        },
      ],
    },
    pass: {
      description: 'The removed field 4 is reserved',
      files: {
        'orders/v1/orders.proto':
          'syntax = "proto3";\npackage orders.v1;\n\nmessage PlaceOrderRequest {\n  reserved 4;\n  string user_id = 1;\n  string currency = 2;\n  string address = 3;\n  string email = 5;\n}\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const type of protoTypes(model)) {
      if (type.kind !== 'message' || type.fields.length === 0) continue;
      checked++;
      const used = new Set(type.fields.map((f) => f.number ?? 0));
      const { numbers } = parseReserved(type.reserved);
      const max = Math.max(...used);
      const gaps: number[] = [];
      for (let n = 1; n < max && gaps.length < 50; n++) {
        if (used.has(n)) continue;
        if (n >= IMPLEMENTATION_RESERVED[0] && n <= IMPLEMENTATION_RESERVED[1]) continue;
        if (numbers.some(([lo, hi]) => n >= lo && n <= hi)) continue;
        gaps.push(n);
      }
      // a message numbered from a high base (e.g. extensions) is deliberate, not a deletion
      if (gaps.length === 0 || gaps.length > 20) continue;
      const ranges = formatRanges(gaps);
      findings.push({
        ...say.unreservedGap({
          name: type.name,
          numbers: `number${gaps.length > 1 ? 's' : ''} ${ranges.join(', ')}`,
          pronoun: gaps.length > 1 ? 'them' : 'it',
        }),
        locations: [type.source],
        element: type.id,
        fix: {
          description: `Reserve ${ranges.join(', ')} (and the removed field names, if known) in \`${type.name}\`.`,
          language: 'proto',
          snippet: `message ${type.name.slice(type.name.lastIndexOf('.') + 1)} {\n  reserved ${ranges.join(', ')};\n  ...\n}`,
        },
      });
    }
    return {
      findings,
      strength:
        checked > 0 && findings.length === 0
          ? `No proto message leaves an unreserved gap in its field numbers (${checked} checked)`
          : undefined,
    };
  },
};
