/**
 * Database per service: each store of the business system (database, cache, search index) is used by one
 * application service, its owner; the others reach that data through the owner's API. Contradicted by a store two
 * or more application services use (a shared database: `services/shared-database` reports it as a finding).
 */

import { applicationRoleIds } from '../roles.js';
import type { Datastore, PatternEvidence } from '../schema.js';
import { evidence, names, type PatternRecognizer, plural, sortedUnique } from './types.js';

const ENGINE: Record<string, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  mongodb: 'MongoDB',
  redis: 'Redis',
  sqlserver: 'SQL Server',
  elasticsearch: 'Elasticsearch',
};

const DATA_CATEGORIES = new Set<Datastore['category']>(['database', 'cache', 'search']);

export const databasePerService: PatternRecognizer = {
  ids: ['database-per-service'],
  names: { 'database-per-service': 'Database per service' },
  recognize(ctx) {
    const apps = new Set(ctx.applications.map((s) => s.id));
    const owned: PatternEvidence[] = [];
    const owners = new Set<string>();
    const gaps: { text: string; source: Datastore['source'] }[] = [];
    const involved = new Set<string>();
    for (const store of ctx.model.datastores) {
      if (!DATA_CATEGORIES.has(store.category)) continue;
      if (store.serviceId && !ctx.business.has(store.serviceId)) continue;
      if (store.serviceId && !ctx.shipped(store.serviceId)) continue;
      const users = sortedUnique(
        [...store.usedBy, ...(store.ownerServiceId ? [store.ownerServiceId] : [])].filter((u) => apps.has(u)),
      );
      if (users.length === 0) continue;
      const engine = ENGINE[store.engine] ?? store.engine;
      if (users.length === 1) {
        owners.add(users[0]!);
        owned.push(evidence(`${users[0]} alone uses ${store.name} (${engine})`, store.source));
      } else {
        for (const u of users) involved.add(u);
        gaps.push({ text: `${store.name} (${engine}) is shared by ${names(users)}`, source: store.source });
      }
    }
    if (owned.length === 0 && gaps.length === 0) return [];
    if (apps.size < 2) return [];
    const stateless = [...apps].filter((a) => !owners.has(a) && !involved.has(a));
    return [
      {
        id: 'database-per-service',
        name: 'Database per service',
        status: gaps.length ? 'contradicted' : 'applied',
        services: sortedUnique([...owners, ...involved]),
        evidence: owned,
        gaps,
        notes: gaps.length
          ? `${owned.length ? `${plural(owned.length, 'store')} ${owned.length === 1 ? 'has' : 'have'} a single owner, but ` : ''}${gaps.map((g) => g.text).join('; ')}`
          : `${owners.size === 1 ? `${[...owners][0]} keeps its own store` : `${plural(owners.size, 'service')} each keep their own store (${names([...owners].sort())})`}; no store is shared${stateless.length ? `; ${plural(stateless.length, 'other service')} keep${stateless.length === 1 ? 's' : ''} no state of ${stateless.length === 1 ? 'its' : 'their'} own` : ''}`,
      },
    ];
  },
  expected(model) {
    const apps = applicationRoleIds(model);
    const keeping = new Set(
      model.datastores
        .filter((d) => DATA_CATEGORIES.has(d.category))
        .flatMap((d) => [...d.usedBy, ...(d.ownerServiceId ? [d.ownerServiceId] : [])])
        .filter((u) => apps.has(u)),
    );
    return {
      'database-per-service':
        keeping.size >= 2 ? `${plural(keeping.size, 'application service')} keep data` : undefined,
    };
  },
};
