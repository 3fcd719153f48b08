/**
 * Suppressions: `suppressions:` entries from plumbline.yaml and `plumbline-ignore` comments in artifacts.
 * Both must give a reason; a suppressed finding is moved to the report's `suppressed` list, never dropped.
 */
import type { Diagnostic } from '../model/schema.js';
import type { Finding } from '../rules/types.js';
import type { Suppression } from './config.js';
import type { SuppressedFinding } from './report.js';

/** A `plumbline-ignore <rule-id> -- <reason>` comment found in an artifact. */
export interface InlineDirective {
  file: string;
  line: number;
  ruleId?: string;
  reason?: string;
  /** Lines the directive covers: its own line and the line it stands above. */
  covers: number[];
  /** Why the directive is invalid (then it is reported and not applied). */
  problem?: string;
}

// The directive must follow a comment marker: YAML/Dockerfile/shell `#`, proto/JS `//` or `/*`, SQL `--`,
// HTML/XML `<!--`, ini `;`. This keeps the words "plumbline-ignore" inside a string value from counting.
const DIRECTIVE = /(?:#|\/\/|\/\*|--|<!--|;)\s*plumbline-ignore(?![\w-])(.*)$/;
const BODY = /^\s+(\S+)(?:\s+--(.*))?$/;
const STANDALONE = /^\s*(?:#|\/\/|\/\*|--|<!--|;)\s*plumbline-ignore(?![\w-])/;

/** Every plumbline-ignore directive in a file's text, valid or not. */
export function parseInlineDirectives(file: string, text: string): InlineDirective[] {
  if (!text.includes('plumbline-ignore')) return [];
  const lines = text.split(/\r?\n/);
  const out: InlineDirective[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!);
    if (!m) continue;
    const lineNo = i + 1;
    const body = m[1]!.replace(/\s*(?:\*\/|-->)\s*$/, '');
    // A directive on a line of its own covers the next line that is not itself a directive.
    let target = i + 1;
    if (STANDALONE.test(lines[i]!)) while (target < lines.length && STANDALONE.test(lines[target]!)) target++;
    const covers = [lineNo, target + 1];
    const b = BODY.exec(body);
    if (!b) {
      out.push({
        file,
        line: lineNo,
        covers,
        problem: 'plumbline-ignore needs a rule id and a reason: `plumbline-ignore <rule-id> -- <reason>`',
      });
      continue;
    }
    const ruleId = b[1]!;
    const reason = b[2]?.trim();
    if (b[2] === undefined) {
      out.push({
        file,
        line: lineNo,
        ruleId,
        covers,
        problem: `plumbline-ignore ${ruleId} has no reason: write \`plumbline-ignore ${ruleId} -- <why this is accepted>\``,
      });
    } else if (!reason) {
      out.push({
        file,
        line: lineNo,
        ruleId,
        covers,
        problem: `plumbline-ignore ${ruleId} has an empty reason after \`--\``,
      });
    } else {
      out.push({ file, line: lineNo, ruleId, reason, covers });
    }
  }
  return out;
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  diagnostics: Diagnostic[];
}

/**
 * Apply inline directives found in the files the findings point at. `readText` returns a file's text
 * (relative path) or undefined when it cannot be read; only files named in findings are read.
 */
export function applyInlineSuppressions(
  findings: Finding[],
  readText: (file: string) => string | undefined,
  knownRules: ReadonlySet<string>,
): SuppressionOutcome {
  const files = [...new Set(findings.flatMap((f) => f.locations.map((l) => l.file)))].sort();
  const byFile = new Map<string, InlineDirective[]>();
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const text = readText(file);
    if (text === undefined) continue;
    const directives = parseInlineDirectives(file, text);
    if (directives.length === 0) continue;
    byFile.set(file, directives);
    for (const d of directives) {
      if (d.problem) {
        diagnostics.push({
          severity: 'error',
          file,
          line: d.line,
          message: `invalid suppression: ${d.problem}; not applied`,
          origin: 'review',
        });
      } else if (d.ruleId && !knownRules.has(d.ruleId)) {
        diagnostics.push({
          severity: 'warning',
          file,
          line: d.line,
          message: `plumbline-ignore names unknown rule \`${d.ruleId}\``,
          origin: 'review',
        });
      }
    }
  }
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const hit = findDirective(finding, byFile);
    if (hit)
      suppressed.push({
        finding,
        reason: hit.reason!,
        kind: 'inline',
        source: { file: hit.file, line: hit.line },
      });
    else kept.push(finding);
  }
  return { kept, suppressed, diagnostics };
}

function findDirective(
  finding: Finding,
  byFile: Map<string, InlineDirective[]>,
): InlineDirective | undefined {
  for (const loc of finding.locations) {
    const directives = byFile.get(loc.file);
    if (!directives) continue;
    const hit = directives.find(
      (d) => !d.problem && d.ruleId === finding.ruleId && d.covers.includes(loc.line),
    );
    if (hit) return hit;
  }
  return undefined;
}

/** Apply plumbline.yaml suppressions; a suppression that matched nothing is reported (stale config). */
export function applyConfigSuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  options: { reportUnused: boolean },
): SuppressionOutcome {
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const matchers = suppressions.map((s) => ({ s, glob: s.path ? globToRegExp(s.path) : undefined }));
  for (const finding of findings) {
    const hit = matchers.find(({ s, glob }) => matchesSuppression(finding, s, glob));
    if (hit) {
      used.add(hit.s);
      suppressed.push({ finding, reason: hit.s.reason, kind: 'config', source: hit.s.source });
    } else kept.push(finding);
  }
  const diagnostics: Diagnostic[] = [];
  if (options.reportUnused) {
    for (const s of suppressions) {
      if (used.has(s)) continue;
      diagnostics.push({
        severity: 'warning',
        file: s.source.file,
        line: s.source.line,
        message: `suppression of \`${s.rule}\` matched no finding; remove it if the problem is gone`,
        origin: 'review',
      });
    }
  }
  return { kept, suppressed, diagnostics };
}

function matchesSuppression(finding: Finding, s: Suppression, glob: RegExp | undefined): boolean {
  if (s.rule !== finding.ruleId) return false;
  if (s.element !== undefined && s.element !== finding.element) return false;
  if (s.file !== undefined && !finding.locations.some((l) => l.file === s.file)) return false;
  if (glob && !finding.locations.some((l) => glob.test(l.file))) return false;
  return true;
}

/** gitignore-like globs over forward-slash paths: `**` any depth, `*` within a segment, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
