/** Which SQL dialect a file is written in, and where it sits in an ordered migrations folder. */

export type SqlDialect = 'postgres' | 'mysql';

const MYSQL_PATH = /(^|[/_.-])(mysql|mariadb)([/_.-]|$)/i;
const POSTGRES_PATH = /(^|[/_.-])(postgres(ql)?|pg|psql|pagila)([/_.-]|$)/i;

/** Path hints first (`Chinook_MySql.sql`), then content hints; PostgreSQL when nothing says otherwise. */
export function detectDialect(path: string, head: string): SqlDialect {
  if (MYSQL_PATH.test(path)) return 'mysql';
  if (POSTGRES_PATH.test(path)) return 'postgres';
  let mysql = 0;
  let postgres = 0;
  if (/\bENGINE\s*=/i.test(head)) mysql += 2;
  if (/\bAUTO_INCREMENT\b/i.test(head)) mysql += 2;
  if (/`\w+`/.test(head)) mysql += 1;
  if (/\bUNSIGNED\b/i.test(head)) mysql += 1;
  if (/^\s*DELIMITER\s/im.test(head)) mysql += 2;
  if (/\b(BIG|SMALL)?SERIAL\b/i.test(head)) postgres += 2;
  if (/::\s*\w/.test(head)) postgres += 1;
  if (/\$\w*\$/.test(head)) postgres += 1;
  if (/\b(TIMESTAMPTZ|JSONB|BYTEA|TIMESTAMP\s+WITH(OUT)?\s+TIME\s+ZONE)\b/i.test(head)) postgres += 2;
  if (/\bCREATE\s+EXTENSION\b|\bOWNER\s+TO\b|^\\connect\b|^\\c\s/im.test(head)) postgres += 2;
  return mysql > postgres ? 'mysql' : 'postgres';
}

export interface MigrationPlace {
  /** The folder whose files form one ordered history. */
  set: string;
  /** Version components from the file (or its folder) name; [] when unversioned. */
  order: number[];
  /** True inside a migrations folder or for Flyway/numbered file names: re-created tables replace old ones. */
  ordered: boolean;
  /** Down/undo migrations revert; they are not part of the forward schema. */
  down: boolean;
}

const MIGRATION_DIR = /^(migrations?|migrate|changelog|changesets?|flyway|db-migrations)$/i;
const VERSION = /^[VvRr]?(\d+(?:[._]\d+)*)(?=__|_|-|\.|$)/;

export function migrationPlace(path: string): MigrationPlace {
  const parts = path.split('/');
  const base = parts[parts.length - 1] as string;
  const down =
    /\.down\.sql$/i.test(base) || /^U\d+(?:[._]\d+)*__/.test(base) || /(^|[_.-])down\.sql$/i.test(base);
  let dirIndex = -1;
  for (let i = parts.length - 2; i >= 0; i--) {
    if (MIGRATION_DIR.test(parts[i] as string)) {
      dirIndex = i;
      break;
    }
  }
  if (dirIndex >= 0) {
    const set = parts.slice(0, dirIndex + 1).join('/');
    // The version may sit on the file (V2__x.sql) or on its folder (prisma: 20240101_init/migration.sql).
    const below = parts.slice(dirIndex + 1);
    let order: number[] = [];
    for (const segment of below) {
      order = versionOf(segment);
      if (order.length) break;
    }
    return { set, order, ordered: true, down };
  }
  const set = parts.slice(0, -1).join('/');
  const order = versionOf(base);
  return { set, order, ordered: order.length > 0 && /^[Vv]\d/.test(base), down };
}

function versionOf(name: string): number[] {
  const m = VERSION.exec(name);
  if (!m) return [];
  return (m[1] as string).split(/[._]/).map((p) => Number(p));
}
