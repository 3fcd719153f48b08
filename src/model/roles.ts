/**
 * What each service role is, declared once: the roles of the product's own request handling, the stores beside
 * it, and the components beside the application (platform stacks, tooling, test harnesses). Every role the
 * schema knows must be classified here (the Record over ServiceRole makes a new role a type error until it is).
 */
import type { ServiceRole } from './schema.js';

type RoleKind = 'product' | 'store' | 'beside';

const ROLE_KIND: Record<ServiceRole, RoleKind> = {
  application: 'product',
  frontend: 'product',
  gateway: 'product',
  job: 'product',
  datastore: 'store',
  cache: 'store',
  broker: 'store',
  search: 'store',
  tooling: 'beside',
  platform: 'beside',
  test: 'beside',
};

const rolesOf = (kind: RoleKind): ReadonlySet<ServiceRole> =>
  new Set((Object.keys(ROLE_KIND) as ServiceRole[]).filter((r) => ROLE_KIND[r] === kind));

/** Application code, frontends, gateways and jobs: the product's request handling. */
export const PRODUCT_ROLES = rolesOf('product');
/** Datastores, caches, brokers and search engines: they keep or carry data, never own an API contract. */
export const STORE_ROLES = rolesOf('store');
/** Platform stacks, tooling and test harnesses beside the application. */
export const BESIDE_ROLES = rolesOf('beside');

export const isStoreRole = (role: ServiceRole): boolean => ROLE_KIND[role] === 'store';
export const isProductRole = (role: ServiceRole): boolean => ROLE_KIND[role] === 'product';
