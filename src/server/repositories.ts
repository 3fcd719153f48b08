/**
 * The repositories a Plumbline service reviews on its own: on every push (a webhook with a shared secret) and on
 * a cron schedule per repository. Read from the YAML file PLUMBLINE_REPOSITORIES names:
 *
 *   repositories:
 *     - name: acme/carts            # as the webhook names it (GitHub: repository.full_name)
 *       path: /srv/clones/carts     # a local clone inside an allowed root; Plumbline never fetches
 *       system: shop                # optional (default: the folder name)
 *       schedule: "0 3 * * *"       # optional cron (minute hour day month weekday, UTC)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cronParser from 'cron-parser';
import { parse as parseYamlText } from 'yaml';
import * as z from 'zod';

export interface ServedRepository {
  name: string;
  path: string;
  system?: string;
  schedule?: string;
}

const RepositoriesFile = z.strictObject({
  repositories: z.array(
    z.strictObject({
      name: z.string().min(1).max(200),
      path: z.string().min(1),
      system: z.string().min(1).max(200).optional(),
      schedule: z.string().min(1).optional(),
    }),
  ),
});

/** Parse and check the repositories file (every cron valid, names unique); throws with the reason. */
export function parseRepositories(text: string, file = 'repositories file'): ServedRepository[] {
  const parsed = RepositoriesFile.safeParse(parseYamlText(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const names = new Set<string>();
  for (const r of parsed.data.repositories) {
    if (names.has(r.name)) throw new Error(`${file}: repository ${r.name} is listed twice`);
    names.add(r.name);
    if (r.schedule !== undefined) {
      try {
        cronParser.parseExpression(r.schedule, { utc: true });
      } catch (err) {
        throw new Error(
          `${file}: ${r.name}: schedule "${r.schedule}" is not a cron expression (${(err as Error).message})`,
        );
      }
    }
  }
  return parsed.data.repositories;
}

export function loadRepositories(file: string): ServedRepository[] {
  return parseRepositories(readFileSync(file, 'utf8'), file);
}

/** The repositories whose schedule fires in the minute that starts at `minute` (UTC). */
export function dueRepositories(list: ServedRepository[], minute: Date): ServedRepository[] {
  const start = Math.floor(minute.getTime() / 60_000) * 60_000;
  return list.filter((r) => {
    if (!r.schedule) return false;
    const it = cronParser.parseExpression(r.schedule, { utc: true, currentDate: new Date(start + 60_000) });
    return it.prev().getTime() >= start;
  });
}

/**
 * GitHub's `X-Hub-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the raw body with the shared secret,
 * compared in constant time.
 */
export function validSignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice(7), 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function signature(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
