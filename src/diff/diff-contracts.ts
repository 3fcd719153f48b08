/**
 * `diffContracts(base, head)`: the API contract changes between two discovered versions of a system.
 * OpenAPI documents pair by file path, else by title (a moved or renamed file is the same API); gRPC
 * services and protobuf types pair by fully-qualified name. Pure: no I/O, deterministic order.
 */
import type { DiscoveryResult } from '../discover/index.js';
import { compareSources } from '../model/provenance.js';
import type { Diagnostic } from '../model/schema.js';
import { compareText } from '../model/values.js';
import { type ChangeDraft, diffOpenApi } from './openapi-diff.js';
import { type OasIndex, oasIndex } from './openapi-index.js';
import { pairVersions } from './pair.js';
import { diffProto } from './proto-diff.js';
import {
  type ChangedApi,
  type ChangeSeverity,
  type ContractChange,
  type ContractDiff,
  changeSeverityRank,
} from './types.js';

export function diffContracts(base: DiscoveryResult, head: DiscoveryResult): ContractDiff {
  const changes: ContractChange[] = [];
  const baseDocs = openapiIndexes(base);
  const headDocs = openapiIndexes(head);
  const pairs = pairVersions(
    baseDocs,
    headDocs,
    (d) => d.file,
    (d) => d.title,
  );
  for (const { base: b, head: h } of pairs.paired) {
    const api: ChangedApi = { kind: 'openapi', file: h.file, title: h.title };
    if (b.file !== h.file)
      changes.push({
        api,
        kind: 'openapi/api-moved',
        severity: 'info',
        element: h.title,
        message: `API "${h.title}" moved from ${b.file} to ${h.file}`,
        base: b.locate([]),
        head: h.locate([]),
      });
    for (const c of diffOpenApi(b, h)) changes.push({ api, ...c });
  }
  // a contract one side could not read (over the size limit, binary, unparsable) is neither added nor removed:
  // the diff reports it as unreadable and the CLI fails (docs/security.md)
  const unreadable = unreadableContracts(base, head);
  const unreadOn = (side: 'base' | 'head') =>
    new Set(unreadable.filter((u) => u.side === side).map((u) => u.file));
  const unreadBase = unreadOn('base');
  const unreadHead = unreadOn('head');
  for (const b of pairs.removed.filter((d) => !unreadHead.has(d.file)))
    changes.push(wholeApiChange(b, 'base'));
  for (const h of pairs.added.filter((d) => !unreadBase.has(d.file))) changes.push(wholeApiChange(h, 'head'));

  const proto = diffProto(base.model, head.model);
  const unread = new Set([...unreadBase, ...unreadHead]);
  changes.push(
    ...proto.changes.filter(
      (c) =>
        !/-(added|removed)$/.test(c.kind) ||
        ![c.api.file, c.base?.file, c.head?.file].some((f) => f !== undefined && unread.has(f)),
    ),
  );

  const unique = dedupe(changes).sort(compareChanges);
  const count = (s: ChangeSeverity) => unique.filter((c) => c.severity === s).length;
  const grpcCount = (r: DiscoveryResult) => r.model.apis.filter((a) => a.kind === 'grpc').length;
  return {
    changes: unique,
    summary: {
      breaking: count('breaking'),
      warning: count('warning'),
      info: count('info'),
      apis: {
        base: baseDocs.length + grpcCount(base),
        head: headDocs.length + grpcCount(head),
        paired: pairs.paired.length + proto.paired,
      },
    },
    diagnostics: sideDiagnostics(base, head),
    unreadable,
  };
}

/**
 * Contract files a side could not read, so the diff cannot say what changed in them: a file the walker skipped
 * (over the size limit, binary, unreadable) or an OpenAPI/proto adapter could not parse, that produced no
 * document or API on that side. A skipped file counts when it is known to be a contract: the other side read a
 * contract from it, or its name says so (`.proto`, `openapi`, `swagger`).
 */
function unreadableContracts(base: DiscoveryResult, head: DiscoveryResult): ContractDiff['unreadable'] {
  const produced = (r: DiscoveryResult) =>
    new Set([...r.documents.map((d) => d.document.file), ...r.model.apis.map((a) => a.file)]);
  const read = { base: produced(base), head: produced(head) };
  const out: ContractDiff['unreadable'] = [];
  for (const [side, result, other] of [
    ['base', base, read.head],
    ['head', head, read.base],
  ] as const) {
    const seen = new Set<string>();
    for (const d of result.model.diagnostics) {
      if (seen.has(d.file) || read[side].has(d.file)) continue;
      const parseFailed = (d.origin === 'openapi' || d.origin === 'proto') && d.severity === 'error';
      const skipped =
        d.origin === 'walker' && (other.has(d.file) || /\.proto$|openapi|swagger/i.test(d.file));
      if (!parseFailed && !skipped) continue;
      seen.add(d.file);
      out.push({ side, file: d.file, ...(d.line !== undefined ? { line: d.line } : {}), message: d.message });
    }
  }
  return out.sort((a, b) => compareText(a.file, b.file) || compareText(a.side, b.side));
}

function openapiIndexes(result: DiscoveryResult): OasIndex[] {
  return result.documents
    .filter((d) => d.kind === 'openapi')
    .map((d) => oasIndex(d.document))
    .sort((a, b) => compareText(a.file, b.file));
}

/** Problems in either version; one that is the same in both (an unchanged broken file) is listed once. */
function sideDiagnostics(base: DiscoveryResult, head: DiscoveryResult): ContractDiff['diagnostics'] {
  const key = (d: Diagnostic) => JSON.stringify([d.file, d.line, d.message]);
  const baseList = base.model.diagnostics.filter(isContractProblem);
  const headList = head.model.diagnostics.filter(isContractProblem);
  const inHead = new Set(headList.map(key));
  const inBase = new Set(baseList.map(key));
  return [
    ...baseList.filter((d) => !inHead.has(key(d))).map((d) => ({ ...d, side: 'base' as const })),
    ...headList.map((d) => ({ ...d, side: inBase.has(key(d)) ? ('both' as const) : ('head' as const) })),
  ];
}

/** Parse problems in the contract files (a broken spec in either version hides its changes), and files skipped. */
function isContractProblem(d: { origin: string; severity: string }): boolean {
  return (d.origin === 'openapi' || d.origin === 'proto' || d.origin === 'walker') && d.severity !== 'info';
}

function dedupe(changes: ContractChange[]): ContractChange[] {
  const seen = new Set<string>();
  return changes.filter((c) => {
    const key = JSON.stringify([c.kind, c.api.file, c.message, c.base, c.head]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compareChanges(a: ContractChange, b: ContractChange): number {
  return (
    changeSeverityRank(b.severity) - changeSeverityRank(a.severity) ||
    compareText(a.api.file, b.api.file) ||
    compareOptional(a.head ?? a.base, b.head ?? b.base) ||
    compareText(a.element, b.element) ||
    compareText(a.kind, b.kind) ||
    compareText(a.message, b.message)
  );
}

/** A contract only one side has: removed (only the base has it) or added (only the head). */
function wholeApiChange(doc: OasIndex, side: 'base' | 'head'): ContractChange {
  const removed = side === 'base';
  const where = doc.locate([]);
  return {
    api: { kind: 'openapi', file: doc.file, title: doc.title },
    kind: removed ? 'openapi/api-removed' : 'openapi/api-added',
    severity: removed ? 'breaking' : 'info',
    element: doc.title,
    message: `API "${doc.title}" (${doc.file}) was ${removed ? 'removed with its' : 'added with'} ${doc.operations.size} operations`,
    ...(removed ? { base: where } : { head: where }),
  };
}

function compareOptional(a: ContractChange['base'], b: ContractChange['base']): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return compareSources(a, b);
}

export type { ChangeDraft };
