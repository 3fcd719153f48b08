import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { protoTypes } from './lib/grpc-shared.js';

const { messages, say } = defineMessages({
  meaningfulZero:
    'Enum `{{enum}}` gives its zero value a meaning (`{{value}} = 0`); unset and {{value}} cannot be told apart',
  noZeroValue: 'Enum `{{enum}}` has no zero value; proto3 readers default to 0 anyway',
});

function screamingSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

export const grpcEnumZeroUnspecified: Rule = {
  id: 'api/grpc-enum-zero-unspecified',
  area: 'api',
  severity: 'low',
  title: 'Proto enums start with an `*_UNSPECIFIED = 0` value',
  messages,
  rationale:
    'In proto3 the zero value is what a reader sees when the field was never set, or was set by a client that predates the ' +
    'field. If zero means something real (`ACTIVE = 0`, `UNKNOWN = 0` used as a state), "not set" and that state become ' +
    'indistinguishable, and adding the field later silently gives every old record that meaning.',
  references: [
    'buf lint ENUM_ZERO_VALUE_SUFFIX and ENUM_FIRST_VALUE_ZERO (https://buf.build/docs/lint/rules/#enum_zero_value_suffix)',
    'Protocol Buffers style guide: enums (https://protobuf.dev/programming-guides/style/#enums)',
    'Google AIP-126 Enumerations (https://google.aip.dev/126)',
  ],
  recommendation: 'Make the zero value `<ENUM_NAME>_UNSPECIFIED` and never give it a business meaning.',
  fix: {
    description: 'Add (or rename to) an explicit unspecified zero value.',
    language: 'proto',
    snippet: 'enum OrderStatus {\n  ORDER_STATUS_UNSPECIFIED = 0;\n  ORDER_STATUS_PLACED = 1;\n}',
  },
  examples: {
    fail: {
      description: 'The zero value is a real state',
      files: {
        'orders/v1/status.proto':
          'syntax = "proto3";\npackage orders.v1;\n\nenum OrderStatus {\n  PLACED = 0;\n  SHIPPED = 1;\n}\n',
      },
      findings: [
        {
          at: 'orders/v1/status.proto:5',
          messageId: 'meaningfulZero',
          message:
            'Enum `orders.v1.OrderStatus` gives its zero value a meaning (`PLACED = 0`); unset and PLACED cannot be told apart',
        },
      ],
    },
    pass: {
      description: 'The zero value means "not set"',
      files: {
        'orders/v1/status.proto':
          'syntax = "proto3";\npackage orders.v1;\n\nenum OrderStatus {\n  ORDER_STATUS_UNSPECIFIED = 0;\n  ORDER_STATUS_PLACED = 1;\n  ORDER_STATUS_SHIPPED = 2;\n}\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const type of protoTypes(model)) {
      if (type.kind !== 'enum') continue;
      checked++;
      const zero = type.fields.find((f) => f.number === 0);
      const short = type.name.slice(type.name.lastIndexOf('.') + 1);
      const expected = `${screamingSnake(short)}_UNSPECIFIED`;
      if (zero?.name.endsWith('_UNSPECIFIED')) continue;
      findings.push({
        ...(zero
          ? say.meaningfulZero({ enum: type.name, value: zero.name })
          : say.noZeroValue({ enum: type.name })),
        locations: [zero?.source ?? type.source],
        element: type.id,
        fix: {
          description: `Make \`${expected} = 0\` the first value and renumber the meaningful ones from 1 (a breaking change: do it in a new version if clients depend on the numbers).`,
          language: 'proto',
          snippet: `enum ${short} {\n  ${expected} = 0;\n  ...\n}`,
        },
      });
    }
    return {
      findings,
      strength:
        checked > 0 && findings.length === 0
          ? `All ${checked} proto enums start with an *_UNSPECIFIED zero value`
          : undefined,
    };
  },
};
