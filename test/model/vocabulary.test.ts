import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { emptyModel } from '../../src/model/empty.js';
import { BESIDE_ROLES, PRODUCT_ROLES, STORE_ROLES } from '../../src/model/roles.js';
import { DeployableKindSchema, ServiceRoleSchema, SystemModelSchema } from '../../src/model/schema.js';
import { MODEL_COLLECTIONS, SERVICE_ROLES, WORKLOAD_KINDS } from '../../src/model/vocabulary.js';

describe('the model vocabulary (lists declared once)', () => {
  it('names every list-valued key of the model schema, in its order', () => {
    const shape = SystemModelSchema.shape as Record<string, z.ZodType>;
    const lists = Object.keys(shape).filter((key) => shape[key] instanceof z.ZodArray);
    expect([...MODEL_COLLECTIONS]).toEqual(lists);
  });

  it('builds an empty model that the schema accepts, keys in the schema order', () => {
    const model = emptyModel('.', 'shop');
    expect(SystemModelSchema.safeParse(model).success).toBe(true);
    const keys = Object.keys(SystemModelSchema.shape).filter((key) => key !== 'repositories');
    expect(Object.keys(model)).toEqual(keys);
    for (const key of MODEL_COLLECTIONS) expect(model[key]).toEqual([]);
  });

  it('gives the schema its roles and workload kinds; product, store and beside roles split the roles', () => {
    expect(ServiceRoleSchema.options).toEqual([...SERVICE_ROLES]);
    expect(DeployableKindSchema.options).toEqual(['compose-service', ...WORKLOAD_KINDS]);
    const classified = [...PRODUCT_ROLES, ...STORE_ROLES, ...BESIDE_ROLES];
    expect(classified.sort()).toEqual([...SERVICE_ROLES].sort());
    expect([...BESIDE_ROLES]).toEqual(['tooling', 'platform', 'test']);
  });
});
