/**
 * Semantic version constraints as Helm's semverCompare reads them (Masterminds/semver v3): comparison
 * operators, `~` and `^` ranges, x/* wildcards, partial versions, hyphen ranges, `,` or space for AND, `||`
 * for OR. Pre-releases order before their release; `-0` in a constraint admits every pre-release.
 */

interface Version {
  nums: [number, number, number];
  pre: string[];
}

function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!m) return undefined;
  return { nums: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre: m[4] ? m[4].split('.') : [] };
}

function comparePre(a: string[], b: string[]): number {
  if (!a.length || !b.length) return b.length - a.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      if (Number(x) !== Number(y)) return Number(x) - Number(y);
    } else if (xn !== yn) return xn ? -1 : 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i]! - b.nums[i]!;
  return comparePre(a.pre, b.pre);
}

type Check = (v: Version) => boolean;

function term(op: string, text: string): Check {
  const m =
    /^v?(\d+|[xX*])?(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(text);
  if (!m) throw new Error(`improper constraint: ${op}${text}`);
  const parts = [m[1], m[2], m[3]];
  const wild = (p: string | undefined) => p === undefined || /^[xX*]$/.test(p);
  const given = parts.findIndex(wild);
  const fixed = given === -1 ? 3 : given; // how many leading numbers are fixed
  const nums = parts.map((p) => (wild(p) ? 0 : Number(p))) as [number, number, number];
  const low: Version = { nums, pre: m[4] ? m[4].slice(1).split('.') : [] };
  const bump = (level: number): Version => {
    const n = [...nums] as [number, number, number];
    n[level]!++;
    for (let i = level + 1; i < 3; i++) n[i] = 0;
    return { nums: n, pre: ['0'] };
  };
  const upperWild = fixed === 0 ? undefined : bump(fixed - 1);
  switch (op) {
    case '':
    case '=':
      if (fixed === 3) return (v) => compare(v, low) === 0;
      return (v) => compare(v, low) >= 0 && (!upperWild || compare(v, upperWild) < 0);
    case '!=':
      if (fixed === 3) return (v) => compare(v, low) !== 0;
      return (v) => compare(v, low) < 0 || (!!upperWild && compare(v, upperWild) >= 0);
    case '>':
      if (fixed === 3) return (v) => compare(v, low) > 0;
      return (v) => !!upperWild && compare(v, upperWild) >= 0;
    case '>=':
    case '=>':
      return (v) => compare(v, low) >= 0;
    case '<':
      return (v) => compare(v, low) < 0;
    case '<=':
    case '=<':
      if (fixed === 3) return (v) => compare(v, low) <= 0;
      return (v) => !upperWild || compare(v, upperWild) < 0;
    case '~':
    case '~>': {
      const hi = bump(fixed >= 2 ? 1 : 0);
      return (v) => compare(v, low) >= 0 && compare(v, hi) < 0;
    }
    case '^': {
      const level = nums[0] > 0 || fixed <= 1 ? 0 : nums[1] > 0 || fixed === 2 ? 1 : 2;
      const hi = bump(level);
      return (v) => compare(v, low) >= 0 && compare(v, hi) < 0;
    }
    default:
      throw new Error(`improper constraint: ${op}${text}`);
  }
}

function parseAnd(text: string): Check[] {
  const checks: Check[] = [];
  const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(text);
  if (hyphen) return [term('>=', hyphen[1]!), term('<=', hyphen[2]!)];
  const re = /(!=|>=|=>|<=|=<|~>|[=<>~^])?\s*(v?[0-9xX*][0-9A-Za-z.+*-]*)/g;
  for (const m of text.replace(/,/g, ' ').matchAll(re)) checks.push(term(m[1] ?? '', m[2]!));
  if (!checks.length) throw new Error(`improper constraint: ${text}`);
  return checks;
}

/** Whether `version` satisfies `constraint`. Throws on a constraint or version that cannot be parsed. */
export function semverCompare(constraint: string, version: string): boolean {
  const v = parseVersion(version);
  if (!v) throw new Error(`invalid semantic version: ${version}`);
  const groups = constraint.split('||').map(parseAnd);
  return groups.some((group) => group.every((check) => check(v)));
}
