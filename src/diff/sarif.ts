/**
 * A ContractDiff as SARIF 2.1.0 (GitHub code scanning annotates the pull request): one rule per change kind,
 * results at the head location (the file in the pull request) with the base location as related evidence.
 * A change with only a base location (a removed file) points there.
 */
import { createHash } from 'node:crypto';
import type { Source } from '../model/schema.js';
import { docsFileUri } from '../render/links.js';
import { sarifLog, sarifText } from '../render/sarif-log.js';
import { VERSION } from '../version.js';
import { CHANGE_KINDS } from './kinds.js';
import type { DiffSides } from './render.js';
import type { ChangeSeverity, ContractChange, ContractDiff } from './types.js';

const LEVELS: Record<ChangeSeverity, 'error' | 'warning' | 'note'> = {
  breaking: 'error',
  warning: 'warning',
  info: 'note',
};

export function renderDiffSarif(diff: ContractDiff, sides: DiffSides): string {
  const kinds = [...new Set(diff.changes.map((c) => c.kind))].sort();
  const index = new Map(kinds.map((k, i) => [k, i]));
  const rules = kinds.map((kind) => {
    const meta = CHANGE_KINDS[kind];
    const severity = meta?.severity ?? 'warning';
    return {
      id: kind,
      shortDescription: { text: meta?.title ?? kind },
      helpUri: docsFileUri('docs/diff.md'),
      defaultConfiguration: { level: LEVELS[severity] },
      properties: { tags: ['api-contract', 'breaking-change'], severity },
    };
  });
  return sarifText(
    sarifLog(VERSION, rules, {
      originalUriBaseIds: { SRCROOT: { description: { text: `The new version (${sides.head}).` } } },
      results: diff.changes.map((c) => result(c, index.get(c.kind)!)),
      properties: { base: sides.base, head: sides.head, summary: diff.summary },
    }),
  );
}

function result(c: ContractChange, ruleIndex: number): Record<string, unknown> {
  const primary = c.head ?? c.base;
  return {
    ruleId: c.kind,
    ruleIndex,
    level: LEVELS[c.severity],
    message: { text: c.message },
    ...(primary ? { locations: [physical(primary)] } : {}),
    ...(c.head && c.base
      ? { relatedLocations: [{ id: 1, ...physical(c.base), message: { text: 'in the base version' } }] }
      : {}),
    partialFingerprints: {
      'plumbline-diff/v1': createHash('sha256')
        .update(`${c.kind}\0${c.api.title}\0${c.message}`)
        .digest('hex'),
    },
    properties: { severity: c.severity, api: c.api, element: c.element },
  };
}

function physical(s: Source): { physicalLocation: Record<string, unknown> } {
  return {
    physicalLocation: {
      artifactLocation: { uri: s.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' },
      region: { startLine: Math.max(1, s.line) },
    },
  };
}
