/** Name helpers shared by the design and its scaffolds. */

export function kebab(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

export function pascal(s: string): string {
  return kebab(s)
    .split('-')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

export function camel(s: string): string {
  const p = pascal(s);
  return p ? p[0].toLowerCase() + p.slice(1) : p;
}

/** Invoice → invoices, Category → categories, Address → addresses. */
export function plural(s: string): string {
  if (/[^aeiou]y$/i.test(s)) return `${s.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(s)) return `${s}es`;
  return `${s}s`;
}

/** Money and order operations must be idempotent on create; inferred from the entity name unless declared. */
export function isMonetary(entity: { name: string; monetary?: boolean }): boolean {
  if (entity.monetary !== undefined) return entity.monetary;
  return /order|payment|invoice|charge|refund|payout|transaction|checkout|transfer|subscription/i.test(
    entity.name,
  );
}
