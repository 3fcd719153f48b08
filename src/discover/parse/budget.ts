/**
 * The per-file time budget (issue 16, docs/security.md): reading one file may take at most so much CPU time; a file over
 * it is skipped with a diagnostic that names it and the rest of the tree is reviewed. Parsers are synchronous, so
 * the budget is checked where Plumbline's own loops run over a document (alias expansion, depth, duplicate keys,
 * locating) and once more when the adapter returns. Work budgets that do not depend on the machine (alias
 * expansion, depth, file size) come first; this is the backstop for whatever they miss, so its default is
 * generous enough that no real file meets it.
 */

/** Default budget per file (ms). */
export const DEFAULT_FILE_TIME_BUDGET_MS = 60_000;

/** Thrown by `checkFileBudget` when the file being read is over its budget. */
export class FileBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`over the ${formatBudget(budgetMs)} budget per file`);
  }
}

/**
 * The clock the budget runs on: CPU time of this thread where Node offers it (22+ has threadCpuUsage from 23.9),
 * else of the process, so other processes on a busy machine do not make a file look slow.
 */
const usage: () => NodeJS.CpuUsage =
  typeof (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage === 'function'
    ? () => (process as unknown as { threadCpuUsage: () => NodeJS.CpuUsage }).threadCpuUsage()
    : () => process.cpuUsage();

/** CPU milliseconds used so far (see `usage`). */
export function budgetClock(): number {
  const u = usage();
  return (u.user + u.system) / 1000;
}

let deadline = Number.POSITIVE_INFINITY;
let budget = 0;
let ticks = 0;

/** Run `read` with a budget of `ms` for the current file (nested calls keep the outer deadline). */
export function withFileBudget<T>(ms: number, read: () => T): T {
  const saved = { deadline, budget };
  if (deadline === Number.POSITIVE_INFINITY) {
    deadline = budgetClock() + ms;
    budget = ms;
  }
  try {
    return read();
  } finally {
    deadline = saved.deadline;
    budget = saved.budget;
  }
}

/** Throw FileBudgetExceeded when the current file is over its budget; cheap enough for inner loops. */
export function checkFileBudget(now = false): void {
  if (!now && (++ticks & 0x3ff) !== 0) return;
  if (budgetClock() > deadline) throw new FileBudgetExceeded(budget);
}

export function formatBudget(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}-second` : `${ms}-ms`;
}
