/**
 * What each service role is, declared once: the roles of the product's own request handling, the stores beside
 * it, and the components beside the application (platform stacks, tooling, test harnesses). Every role the
 * schema knows must be classified here (a new role is a type error until it is).
 */
import type { ServiceRole, SystemModel } from './schema.js';

type RoleKind = 'product' | 'store' | 'beside';

const KINDS = {
  product: ['application', 'frontend', 'gateway', 'job'],
  store: ['datastore', 'cache', 'broker', 'search'],
  beside: ['tooling', 'platform', 'test'],
} as const satisfies Record<RoleKind, readonly ServiceRole[]>;

/** Every role classified: a role the schema gains but KINDS does not list makes this a type error. */
const ROLE_KIND: Record<ServiceRole, RoleKind> = Object.fromEntries(
  (Object.keys(KINDS) as RoleKind[]).flatMap((kind) => KINDS[kind].map((role) => [role, kind])),
) as Record<(typeof KINDS)[RoleKind][number], RoleKind>;

const rolesOf = (kind: RoleKind): ReadonlySet<ServiceRole> => new Set(KINDS[kind]);

/** Application code, frontends, gateways and jobs: the product's request handling. */
export const PRODUCT_ROLES = rolesOf('product');
/** Datastores, caches, brokers and search engines: they keep or carry data, never own an API contract. */
export const STORE_ROLES = rolesOf('store');
/** Platform stacks, tooling and test harnesses beside the application. */
export const BESIDE_ROLES = rolesOf('beside');

export const isStoreRole = (role: ServiceRole): boolean => ROLE_KIND[role] === 'store';
export const isProductRole = (role: ServiceRole): boolean => ROLE_KIND[role] === 'product';

/** Ids of the services in the application role (not jobs, stores or platform). */
export function applicationRoleIds(model: SystemModel): Set<string> {
  return new Set(model.services.filter((s) => s.role === 'application').map((s) => s.id));
}
