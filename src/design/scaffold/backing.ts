/** The stateful services a design needs (stores, caches, broker), with pinned images and health checks. */
import { pinnedImage } from '../../knowledge/lifecycle.js';
import { CACHE_IMAGE, STORES } from '../decisions/data.js';
import type { DesignResult } from '../result.js';

export interface Backing {
  name: string;
  engine: 'postgres' | 'mongodb' | 'redis' | 'opensearch' | 'kafka' | 'rabbitmq';
  image: string;
  port: number;
  usedBy: string[];
  /** Database name for engines that have one. */
  database?: string;
}

export const BROKER_IMAGES = {
  kafka: { image: pinnedImage('kafka'), port: 9092 },
  rabbitmq: { image: pinnedImage('rabbitmq'), port: 5672 },
};

export function backingServices(d: DesignResult): Backing[] {
  const out = new Map<string, Backing>();
  const add = (b: Backing) => {
    const prev = out.get(b.name);
    if (prev) prev.usedBy = [...new Set([...prev.usedBy, ...b.usedBy])].sort();
    else out.set(b.name, b);
  };
  for (const s of d.data) {
    for (const img of STORES[s.store].images) {
      const name = img.role === 'search' ? `${s.deployable}-opensearch` : s.instance;
      add({
        name,
        engine: img.engine as Backing['engine'],
        image: img.image,
        port: img.port,
        usedBy: [s.deployable],
        database:
          img.engine === 'postgres' || img.engine === 'mongodb' ? s.deployable.replace(/-/g, '_') : undefined,
      });
    }
    if (s.cache)
      add({
        name: `${s.deployable}-cache`,
        engine: 'redis',
        image: CACHE_IMAGE,
        port: 6379,
        usedBy: [s.deployable],
      });
  }
  const broker = d.integration.broker.choice;
  if (broker === 'kafka' || broker === 'rabbitmq') {
    const users = d.deployables.filter((x) => x.publishes.length + x.consumes.length > 0).map((x) => x.name);
    add({
      name: broker,
      engine: broker,
      image: BROKER_IMAGES[broker].image,
      port: BROKER_IMAGES[broker].port,
      usedBy: users,
    });
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Health check command per engine, for compose. */
export function healthCommand(b: Backing): string[] {
  switch (b.engine) {
    case 'postgres':
      return ['CMD-SHELL', `pg_isready -U app -d ${b.database}`];
    case 'mongodb':
      return ['CMD', 'mongosh', '--quiet', '--eval', 'db.adminCommand("ping").ok'];
    case 'redis':
      return ['CMD', 'redis-cli', 'ping'];
    case 'opensearch':
      return ['CMD-SHELL', 'curl -fs http://localhost:9200/_cluster/health || exit 1'];
    case 'kafka':
      return [
        'CMD-SHELL',
        '/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 > /dev/null',
      ];
    case 'rabbitmq':
      return ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'];
  }
}
