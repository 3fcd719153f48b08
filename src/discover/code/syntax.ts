/**
 * The language-specific half of code facts: which tree-sitter node kinds are calls, strings, loops, functions
 * and annotations in each grammar, and how to read a call's callee and arguments and a string's value.
 * Everything above this file (src/discover/code/extract.ts) is language-neutral.
 */
import type { SgNode } from '@ast-grep/napi';
import type { CodeLanguage } from './languages.js';

export interface Syntax {
  calls: string[];
  strings: string[];
  loops: string[];
  functions: string[];
  classes: string[];
  annotations: string[];
  /** Lambdas and closures: a call inside one passed to forEach/map runs once per element. */
  lambdas: string[];
}

const JS: Syntax = {
  calls: ['call_expression', 'new_expression'],
  strings: ['string', 'template_string'],
  loops: ['for_statement', 'for_in_statement', 'while_statement', 'do_statement'],
  functions: [
    'function_declaration',
    'method_definition',
    'function_expression',
    'generator_function_declaration',
  ],
  classes: ['class_declaration'],
  annotations: [],
  lambdas: ['arrow_function', 'function_expression'],
};

export const SYNTAX: Record<CodeLanguage, Syntax> = {
  java: {
    calls: ['method_invocation', 'object_creation_expression'],
    strings: ['string_literal'],
    loops: ['for_statement', 'enhanced_for_statement', 'while_statement', 'do_statement'],
    functions: ['method_declaration', 'constructor_declaration'],
    classes: ['class_declaration', 'interface_declaration', 'record_declaration', 'enum_declaration'],
    annotations: ['annotation'],
    lambdas: ['lambda_expression'],
  },
  kotlin: {
    calls: ['call_expression'],
    strings: ['string_literal'],
    loops: ['for_statement', 'while_statement', 'do_while_statement'],
    functions: ['function_declaration'],
    classes: ['class_declaration', 'object_declaration'],
    annotations: ['annotation'],
    lambdas: ['lambda_literal', 'annotated_lambda'],
  },
  go: {
    calls: ['call_expression'],
    strings: ['interpreted_string_literal', 'raw_string_literal'],
    loops: ['for_statement'],
    functions: ['function_declaration', 'method_declaration'],
    classes: [],
    annotations: [],
    lambdas: ['func_literal'],
  },
  csharp: {
    calls: ['invocation_expression', 'object_creation_expression'],
    strings: [
      'string_literal',
      'verbatim_string_literal',
      'interpolated_string_expression',
      'raw_string_literal',
    ],
    loops: ['for_statement', 'foreach_statement', 'while_statement', 'do_statement'],
    functions: ['method_declaration', 'constructor_declaration', 'local_function_statement'],
    classes: ['class_declaration', 'interface_declaration', 'record_declaration', 'struct_declaration'],
    annotations: ['attribute'],
    lambdas: ['lambda_expression', 'anonymous_method_expression'],
  },
  python: {
    calls: ['call'],
    strings: ['string'],
    loops: [
      'for_statement',
      'while_statement',
      'list_comprehension',
      'generator_expression',
      'set_comprehension',
      'dictionary_comprehension',
    ],
    functions: ['function_definition'],
    classes: ['class_definition'],
    annotations: ['decorator'],
    lambdas: ['lambda'],
  },
  javascript: JS,
  typescript: JS,
  tsx: JS,
};

export interface CallParts {
  /** `restTemplate.getForObject`, `http.Get`, `fetch`, `new MongoClient` → `MongoClient`. */
  callee: string;
  /** The last name of the callee: `getForObject`. */
  name: string;
  /** The callee without its last name: `restTemplate`, `this.http`. */
  receiver: string;
  args: Arg[];
}

export interface Arg {
  /** Named argument, keyword argument or property of an options object literal. */
  key?: string;
  node: SgNode;
}

const ARG_LIST_KINDS = new Set(['argument_list', 'arguments', 'value_arguments', 'call_suffix']);

/** Callee and arguments of a call node, or undefined for a shape this reader does not know. */
export function callParts(node: SgNode, lang: CodeLanguage): CallParts | undefined {
  const kind = kindOf(node);
  let callee: string | undefined;
  let argList: SgNode | null = null;
  if (kind === 'method_invocation') {
    const object = node.field('object');
    const name = node.field('name')?.text() ?? '';
    callee = object ? `${object.text()}.${name}` : name;
    argList = node.field('arguments');
  } else if (kind === 'object_creation_expression' || kind === 'new_expression') {
    const type = node.field('type') ?? node.field('constructor');
    callee = type?.text();
    argList = node.field('arguments');
  } else if (lang === 'kotlin') {
    const children = node.children();
    callee = children[0]?.text();
    const suffix = children.find((c) => kindOf(c) === 'call_suffix');
    argList = suffix?.children().find((c) => kindOf(c) === 'value_arguments') ?? null;
  } else {
    callee = node.field('function')?.text();
    argList = node.field('arguments');
  }
  if (!callee) return undefined;
  callee = callee.replace(/<[^<>]*>/g, '').replace(/\s+/g, '');
  const dot = Math.max(callee.lastIndexOf('.'), callee.lastIndexOf('::'));
  const name = callee.slice(dot + 1).replace(/^:/, '');
  const receiver = dot < 0 ? '' : callee.slice(0, dot);
  const args: Arg[] = [];
  if (argList && ARG_LIST_KINDS.has(kindOf(argList))) {
    for (const a of argList.children()) {
      if (!a.isNamed() || kindOf(a) === 'comment') continue;
      args.push(...argOf(a));
    }
  }
  return { callee, name, receiver, args };
}

/** Unwrap one argument: named arguments keep their name; an options object literal spreads into its keys. */
function argOf(a: SgNode): Arg[] {
  const kind = kindOf(a);
  if (kind === 'keyword_argument') {
    const value = a.field('value');
    return value ? [{ key: a.field('name')?.text(), node: value }] : [];
  }
  if (kind === 'argument' || kind === 'value_argument') {
    const fieldName = a.field('name');
    const fieldValue = fieldName
      ? a
          .children()
          .filter((c) => c.isNamed() && c.id() !== fieldName.id())
          .pop()
      : undefined;
    if (fieldName && fieldValue) return [{ key: fieldName.text(), node: fieldValue }];
    const named = a.children().filter((c) => c.isNamed());
    const nameNode = named.find((c) => kindOf(c) === 'name_colon' || kindOf(c) === 'simple_identifier');
    const value = named[named.length - 1];
    if (!value) return [];
    if (nameNode && value !== nameNode && named.length > 1)
      return [{ key: nameNode.text().replace(/:$/, '').trim(), node: value }];
    return argOf(value);
  }
  if (kind === 'object' || kind === 'dictionary') {
    const out: Arg[] = [{ node: a }];
    for (const pair of a.children()) {
      if (kindOf(pair) !== 'pair') continue;
      const key = pair.field('key');
      const value = pair.field('value');
      if (key && value) out.push({ key: unquote(key.text()), node: value });
    }
    return out;
  }
  return [{ node: a }];
}

function unquote(text: string): string {
  return text.replace(/^['"`]|['"`]$/g, '');
}

/**
 * The value of a string literal with interpolations written as `${name}`: JS template substitutions, Python
 * f-strings, C# `$"..."`, Kotlin `$name` / `${expr}`, each reduced to the last identifier of the expression
 * (`process.env.ORDERS_URL` → `${ORDERS_URL}`).
 */
export function stringValue(node: SgNode, lang: CodeLanguage): string {
  const text = node.text();
  if (kindOf(node) === 'template_string') {
    return text.slice(1, -1).replace(/\$\{([^}]*)\}/g, (_, expr: string) => `\${${lastName(expr)}}`);
  }
  const m = /^([a-zA-Z@$]*)("""|'''|"|'|`)([\s\S]*)\2$/.exec(text);
  if (!m) return text;
  const prefix = m[1] ?? '';
  let body = m[3] ?? '';
  const interpolated =
    (lang === 'python' && /f/i.test(prefix)) || (lang === 'csharp' && prefix.includes('$'));
  if (interpolated)
    body = body.replace(/\{([^{}:]*)(:[^{}]*)?\}/g, (_, expr: string) => `\${${lastName(expr)}}`);
  if (lang === 'kotlin')
    body = body
      .replace(/\$\{([^}]*)\}/g, (_, expr: string) => `\${${lastName(expr)}}`)
      .replace(/\$([A-Za-z_]\w*)/g, (_, name: string) => `\${${name}}`);
  return body;
}

/** `process.env.ORDERS_URL` → `ORDERS_URL`; `os.environ["X"]` → `X`; `cfg.ordersUrl` → `ordersUrl`. */
export function lastName(expr: string): string {
  const quoted = /\[\s*['"]([^'"]+)['"]\s*\]\s*$/.exec(expr) ?? /\(\s*['"]([^'"]+)['"]/.exec(expr);
  if (quoted) return quoted[1] as string;
  const names = expr.match(/[A-Za-z_][\w]*/g);
  return names?.[names.length - 1] ?? '?';
}

/** The name a literal is bound to: variable, constant, field, named argument, property or annotation element. */
export function bindingName(node: SgNode): string | undefined {
  let current: SgNode | null = node;
  for (let depth = 0; depth < 4 && current; depth++) {
    const parent: SgNode | null = current.parent();
    if (!parent) return undefined;
    const kind = kindOf(parent);
    switch (kind) {
      case 'variable_declarator':
      case 'const_spec':
      case 'var_spec':
      case 'property_declaration':
      case 'field_declaration':
        return (
          parent.field('name') ?? parent.children().find((c) => kindOf(c).endsWith('identifier'))
        )?.text();
      case 'assignment':
      case 'assignment_expression':
      case 'short_var_declaration':
      case 'augmented_assignment':
        return lastName(parent.field('left')?.text() ?? '');
      case 'keyword_argument':
        return parent.field('name')?.text();
      case 'pair':
        return unquote(parent.field('key')?.text() ?? '');
      case 'element_value_pair':
        return parent.field('key')?.text();
      case 'keyed_element': {
        const first = parent.children().find((c) => c.isNamed());
        return first && first !== current ? first.text() : undefined;
      }
      case 'argument':
      case 'value_argument': {
        const name = parent
          .children()
          .find((c) => kindOf(c) === 'name_colon' || kindOf(c) === 'simple_identifier');
        return name && name !== current ? name.text().replace(/:$/, '').trim() : undefined;
      }
      case 'expression_list':
      case 'literal_value_element':
      case 'literal_element':
      case 'equals_value_clause':
      case 'variable_declaration':
      case 'parenthesized_expression':
      case 'expression_statement':
        current = parent;
        continue;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The node's grammar kind as a plain string (dynamic grammars carry no kind types). */
export function kindOf(node: SgNode): string {
  return node.kind() as string;
}
