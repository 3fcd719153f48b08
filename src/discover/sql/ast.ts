/** Readers over node-sql-parser's AST (its shapes differ a little between the PostgreSQL and MySQL grammars). */

// biome-ignore lint/suspicious/noExplicitAny: node-sql-parser's AST types are loose unions; we read them defensively.
export type AstNode = any;

/** Name from a column_ref, a `{expr:{value}}` wrapper or a plain string. */
export function nameOf(node: AstNode): string | undefined {
  if (node == null) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node.value === 'string') return node.value;
  if (node.expr) return nameOf(node.expr);
  if (node.column !== undefined) return nameOf(node.column);
  return undefined;
}

/** Column names of a constraint/index definition list; expressions become undefined. */
export function columnNames(list: AstNode): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list) {
    if (item?.type === 'column_ref') {
      const n = nameOf(item.column);
      if (n) out.push(n);
    }
  }
  return out;
}

/** Every column referenced anywhere inside an expression (for CHECK constraints). */
export function referencedColumns(node: AstNode, out = new Set<string>()): Set<string> {
  if (node == null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const n of node) referencedColumns(n, out);
    return out;
  }
  if (node.type === 'column_ref') {
    const n = nameOf(node.column);
    if (n) out.add(n);
    return out;
  }
  for (const value of Object.values(node)) referencedColumns(value, out);
  return out;
}

/** `varchar(255)`, `numeric(10,2)`, `timestamp(6) with time zone`, `int unsigned`, `enum('a','b')`. */
export function typeOf(definition: AstNode): string {
  if (!definition?.dataType) return 'unknown';
  let type = String(definition.dataType).toLowerCase();
  if (definition.expr?.type === 'expr_list' && Array.isArray(definition.expr.value)) {
    const values = definition.expr.value.map((v: AstNode) =>
      typeof v?.value === 'string' ? `'${v.value}'` : String(v?.value),
    );
    type += `(${values.join(',')})`;
  } else if (definition.length !== undefined && definition.length !== null) {
    type += `(${definition.length}${definition.scale !== undefined && definition.scale !== null ? `,${definition.scale}` : ''})`;
  }
  if (Array.isArray(definition.suffix) && definition.suffix.length) {
    type += ` ${definition.suffix.map((s: unknown) => String(s).toLowerCase()).join(' ')}`;
  }
  return type;
}

/** The first `{db, table}` of a statement's table list. */
export function tableRef(node: AstNode): { schema?: string; name: string } | undefined {
  const t = Array.isArray(node) ? node[0] : node;
  if (!t?.table) return undefined;
  return { schema: t.db ?? t.schema ?? undefined, name: String(t.table) };
}

export function constraintKind(def: AstNode): 'primary' | 'unique' | 'foreign' | 'check' | undefined {
  const type = String(def?.constraint_type ?? '').toLowerCase();
  if (type.startsWith('primary')) return 'primary';
  if (type.startsWith('unique')) return 'unique';
  if (type.startsWith('foreign')) return 'foreign';
  if (type === 'check') return 'check';
  return undefined;
}
