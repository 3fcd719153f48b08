/**
 * API keys: `plb_` + 32 random bytes (base64url). Only the SHA-256 of a key is stored: keys are random and
 * long, so a fast hash is enough (as for other high-entropy tokens) and a stolen store yields no usable key.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRecord, Scope, Store } from '../store/types.js';

export const KEY_PREFIX = 'plb_';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Scopes include the ones below them: admin ⊃ write ⊃ read. */
export function scopeAllows(has: Scope, needs: Scope): boolean {
  const rank: Record<Scope, number> = { read: 0, write: 1, admin: 2 };
  return rank[has] >= rank[needs];
}

export async function createApiKey(
  store: Store,
  name: string,
  scope: Scope,
  key: string = generateKey(),
): Promise<{ key: string; record: ApiKeyRecord }> {
  const record = await store.createApiKey({
    id: randomBytes(8).toString('hex'),
    name,
    scope,
    prefix: key.slice(0, 8),
    hash: hashKey(key),
    createdAt: new Date().toISOString(),
  });
  return { key, record };
}

/** PLUMBLINE_ADMIN_KEY seeds the first admin key, only on a store that has never had a key. */
export async function seedAdminKey(store: Store, key: string | undefined): Promise<ApiKeyRecord | undefined> {
  if (!key) return undefined;
  if (key.length < 16) throw new Error('PLUMBLINE_ADMIN_KEY must be at least 16 characters');
  if ((await store.countApiKeys()) > 0) return undefined;
  return (await createApiKey(store, 'seed (PLUMBLINE_ADMIN_KEY)', 'admin', key)).record;
}
