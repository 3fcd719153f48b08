import type { ApiType, Operation } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { graphqlOperations, graphqlTypes, isListType, namedType } from './lib/graphql-shared.js';

const { messages, say } = defineMessages({
  looseArguments:
    'Mutation {{mutation}} takes loose {{arguments}} instead of one input object{{andResult}}{{convention}}',
  severalInputs:
    'Mutation {{mutation}} takes several input objects instead of one{{andResult}}{{convention}}',
  notPayload: 'Mutation {{mutation}} returns {{returns}} instead of a payload object{{convention}}',
  sharedTypeResult:
    'Mutation {{mutation}} returns the shared type {{returns}} instead of a payload{{convention}}',
});

export const graphqlMutationInputPayload: Rule = {
  id: 'api/graphql-mutation-input-payload',
  area: 'api',
  severity: 'medium',
  title: 'Mutations take one input object and return a payload type',
  messages,
  rationale:
    'A mutation with a single `input: XInput!` argument and an `XPayload` result can gain optional input fields and new result ' +
    'fields (the changed object, user errors, a client mutation id) without breaking any client. Loose scalar arguments and ' +
    'bare scalar or entity results freeze the signature: every later addition becomes a new mutation or a breaking change, and ' +
    'there is no place to return validation errors as data. A schema that follows its own consistent convention (at least ' +
    'three quarters of five or more mutations: `id` + `input` arguments, or returning the changed object) is judged by it: ' +
    'only the mutations that break the convention are reported, and a required target `id: ID!` is never a loose argument.',
  references: [
    'GraphQL Cursor Connections / Relay mutation conventions: input objects and payloads (https://relay.dev/docs/guided-tour/updating-data/graphql-mutations/)',
    'GraphQL.org best practices: mutations (https://graphql.org/learn/mutations/)',
    'Shopify GraphQL design tutorial, rule 23-25 (https://github.com/Shopify/graphql-design-tutorial)',
  ],
  recommendation:
    'Give every mutation one `input: <Name>Input!` argument and a dedicated `<Name>Payload` result.',
  fix: {
    description: 'Wrap arguments in an input object and the result in a payload.',
    language: 'graphql',
    snippet:
      'type Mutation {\n  cancelOrder(input: CancelOrderInput!): CancelOrderPayload!\n}\n\ninput CancelOrderInput {\n  orderId: ID!\n  reason: String\n}\n\ntype CancelOrderPayload {\n  order: Order\n  userErrors: [UserError!]!\n}',
  },
  examples: {
    fail: {
      description: 'Scalar arguments and a Boolean result',
      files: {
        'schema.graphql':
          'type Query {\n  ping: String\n}\n\ntype Mutation {\n  cancelOrder(orderId: ID!, reason: String): Boolean\n}\n',
      },
      findings: [
        {
          at: 'schema.graphql:6:3',
          messageId: 'looseArguments',
          message:
            'Mutation cancelOrder takes loose argument reason instead of one input object and returns Boolean instead of a payload object',
        },
      ],
    },
    pass: {
      description: 'One input object, one payload',
      files: {
        'schema.graphql':
          'type Order {\n  id: ID!\n}\n\ntype Query {\n  ping: String\n}\n\ninput CancelOrderInput {\n  orderId: ID!\n  reason: String\n}\n\ntype CancelOrderPayload {\n  order: Order\n}\n\ntype Mutation {\n  cancelOrder(input: CancelOrderInput!): CancelOrderPayload!\n}\n',
      },
    },
  },
  check(model) {
    const types = graphqlTypes(model);
    const mutations = graphqlOperations(model, 'MUTATION');
    // how often each type is referenced by any field: a payload is referenced only by its mutation
    const references = new Map<string, number>();
    for (const t of types.values()) {
      for (const f of t.fields) {
        const name = namedType(f.type);
        references.set(name, (references.get(name) ?? 0) + 1);
      }
    }
    const shapes = mutations.map((m) => ({ m, ...mutationShape(m, types, references) }));
    // The schema's own convention: a style most mutations share is deliberate. Only the exceptions to it are
    // reported; a mixed schema (no dominant style) is held to the input-object/payload recommendation.
    const argConvention = dominant(shapes.map((s) => s.args));
    const resultConvention = dominant(shapes.map((s) => s.result));
    const argsAccepted = new Set<ArgStyle>(['none', 'input', 'id+input', 'id']);
    if (argConvention) argsAccepted.add(argConvention);
    // where every mutation wraps even its target id in an input object, a bare id argument is an exception
    if (argConvention === 'input') argsAccepted.delete('id');
    const resultsAccepted = new Set<ResultStyle>(['payload']);
    // returning the changed object itself (`createAddOn(input): AddOn`) is a consistent, common choice
    if (resultConvention) resultsAccepted.add(resultConvention);
    const payloadSuffix = dominantSuffix(
      shapes.filter((s) => s.result === 'payload').map((s) => namedType(s.m.responseType ?? '')),
    );
    const findings: FindingDraft[] = [];
    for (const { m, args, result, loose } of shapes) {
      const badArgs = !argsAccepted.has(args);
      const badResult = !resultsAccepted.has(result);
      if (!badArgs && !badResult) continue;
      const convention = describeConvention(argConvention, resultConvention);
      const returns = m.responseType ?? '';
      const unlike = convention ? `, unlike the schema's convention (its mutations ${convention})` : '';
      // both wrong: the argument problem names the finding, the result problem follows it
      const resultProblem =
        result === 'entity'
          ? `returns the shared type ${returns} instead of a payload`
          : `returns ${returns} instead of a payload object`;
      const andResult = badResult ? ` and ${resultProblem}` : '';
      const said = !badArgs
        ? result === 'entity'
          ? say.sharedTypeResult({ mutation: m.path, returns, convention: unlike })
          : say.notPayload({ mutation: m.path, returns, convention: unlike })
        : args === 'several-inputs'
          ? say.severalInputs({ mutation: m.path, andResult, convention: unlike })
          : say.looseArguments({
              mutation: m.path,
              arguments: `argument${loose.length > 1 ? 's' : ''} ${loose.join(', ')}`,
              andResult,
              convention: unlike,
            });
      const base = m.path.charAt(0).toUpperCase() + m.path.slice(1);
      const resultName =
        resultsAccepted.has('entity') && result !== 'entity'
          ? (m.responseType ?? '')
          : `${base}${payloadSuffix}!`;
      findings.push({
        ...said,
        locations: [m.source],
        element: m.id,
        fix: {
          description: convention
            ? `Follow the schema's own convention: ${convention}.`
            : `Use ${base}Input and ${base}${payloadSuffix}.`,
          language: 'graphql',
          snippet:
            argConvention === 'id+input'
              ? `${m.path}(id: ID!, input: ${base}Input!): ${resultName}`
              : `${m.path}(input: ${base}Input!): ${resultName}`,
        },
      });
    }
    const followed = describeConvention(argConvention, resultConvention);
    return {
      findings,
      strength:
        mutations.length > 0 && findings.length === 0
          ? followed && resultConvention !== 'payload'
            ? `All ${mutations.length} mutations follow one convention: they ${followed}`
            : `All ${mutations.length} mutations take an input object and return a payload`
          : undefined,
    };
  },
};

type ArgStyle = 'none' | 'input' | 'id+input' | 'id' | 'several-inputs' | 'loose';
type ResultStyle = 'payload' | 'entity' | 'list' | 'scalar';

/** Identifier arguments that address the mutation's target: `id: ID!`, `orderId: ID!`, `slug: String!`. */
function isTargetArgument(p: { name: string; type?: string }): boolean {
  const type = namedType(p.type ?? '');
  return (
    (/^(id|.+Id|.+ID|slug|key|code)$/.test(p.name) &&
      (type === 'ID' || type === 'String' || type === 'Int')) ||
    type === 'ID'
  );
}

function mutationShape(
  m: Operation,
  types: Map<string, ApiType>,
  references: Map<string, number>,
): { args: ArgStyle; result: ResultStyle; loose: string[] } {
  const inputs = m.parameters.filter((p) => types.get(namedType(p.type ?? ''))?.kind === 'input');
  const others = m.parameters.filter((p) => !inputs.includes(p));
  let args: ArgStyle;
  if (m.parameters.length === 0) args = 'none';
  else if (inputs.length === 1 && others.length === 0) args = 'input';
  // `updateOrder(id: ID!, input: OrderInput!)`: the id addresses the target, the input carries the change
  else if (inputs.length === 1 && others.every(isTargetArgument)) args = 'id+input';
  // `deleteOrder(id: ID!)`: nothing to extend but the target; a required id is right, not a loose argument
  else if (inputs.length === 0 && others.length === 1 && others.every(isTargetArgument)) args = 'id';
  else if (inputs.length > 1 && others.length === 0) args = 'several-inputs';
  else args = 'loose';
  const returns = m.responseType ?? '';
  const name = namedType(returns);
  const resultType = types.get(name);
  let result: ResultStyle;
  if (isListType(returns)) result = 'list';
  else if (
    resultType?.kind === 'object' &&
    // named as a payload, or used by this mutation alone and not an entity of its own (no `id`)
    (/Payload$|Result$|Response$/.test(name) ||
      ((references.get(name) ?? 0) <= 1 && !resultType.fields.some((f) => f.name === 'id')))
  )
    result = 'payload';
  else if (!resultType && /Payload$/.test(name))
    result = 'payload'; // declared in another file
  else if (
    resultType &&
    (resultType.kind === 'object' || resultType.kind === 'interface' || resultType.kind === 'union')
  )
    result = 'entity';
  else result = 'scalar';
  const loose = others.filter((p) => !isTargetArgument(p));
  return { args, result, loose: (loose.length > 0 ? loose : others).map((p) => p.name) };
}

/** The style at least three quarters of the mutations share (and at least 5 of them), if any. */
function dominant<T extends string>(styles: T[]): T | undefined {
  if (styles.length < 5) return undefined;
  const counts = new Map<T, number>();
  for (const s of styles) counts.set(s, (counts.get(s) ?? 0) + 1);
  const [style, n] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] as [T, number];
  return n >= 5 && n / styles.length >= 0.75 ? style : undefined;
}

function dominantSuffix(names: string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) {
    const suffix = /(Payload|Result|Response)$/.exec(n)?.[1];
    if (suffix) counts.set(suffix, (counts.get(suffix) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'Payload';
}

const ARG_WORDS: Record<ArgStyle, string> = {
  none: 'no arguments',
  input: 'one input object',
  'id+input': 'an id and one input object',
  id: 'only an id',
  'several-inputs': 'several input objects',
  loose: 'scalar arguments',
};
const RESULT_WORDS: Record<ResultStyle, string> = {
  payload: 'a payload',
  entity: 'the changed object',
  list: 'a list',
  scalar: 'a scalar',
};

function describeConvention(args: ArgStyle | undefined, result: ResultStyle | undefined): string {
  return [args ? `take ${ARG_WORDS[args]}` : '', result ? `return ${RESULT_WORDS[result]}` : '']
    .filter(Boolean)
    .join(' and ');
}
