/**
 * The OpenAPI checks of `diffContracts`: two versions of one API (2.0 or 3.x, either side), operation by
 * operation. Follows what oasdiff reports as breaking for clients: operations, parameters, request bodies,
 * success responses, response shapes, security and media types.
 */
import type { PathSegment } from '../discover/parse/structured.js';
import type { Source } from '../model/schema.js';
import type { OasIndex, OpView, ParamView, SchemaRef } from './openapi-index.js';
import { diffSchemas, type SchemaChange } from './schema-diff.js';
import type { ChangeSeverity } from './types.js';

export interface ChangeDraft {
  kind: string;
  severity: ChangeSeverity;
  element: string;
  message: string;
  base?: Source;
  head?: Source;
}

/** Schema changes found under an operation, with the message without the operation's label. */
const schemaDrafts = new WeakMap<ChangeDraft, string>();

export function diffOpenApi(base: OasIndex, head: OasIndex): ChangeDraft[] {
  return groupSharedSchemaChanges(operationChanges(base, head));
}

/**
 * One schema change reached from many operations (a shared error or list schema) is one change, with the
 * operations counted, not one per operation: grouped by kind and the changed node's place in both versions.
 */
function groupSharedSchemaChanges(drafts: ChangeDraft[]): ChangeDraft[] {
  const keyOf = (d: ChangeDraft) => JSON.stringify([d.kind, d.base, d.head]);
  const groups = new Map<string, ChangeDraft[]>();
  for (const d of drafts) {
    if (!schemaDrafts.has(d)) continue;
    const key = keyOf(d);
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
  }
  const out: ChangeDraft[] = [];
  for (const d of drafts) {
    const bare = schemaDrafts.get(d);
    const group = bare === undefined ? undefined : groups.get(keyOf(d));
    const labels = group ? [...new Set(group.map((g) => g.element))].sort() : [];
    if (!group || labels.length < 2) out.push(d);
    else if (group[0] === d) {
      // the shortest description of the change stands for the group (`id`, not `[].id`)
      const lead = group.reduce((a, g) =>
        schemaDrafts.get(g)!.length < schemaDrafts.get(a)!.length ? g : a,
      );
      const shown =
        labels.length > 3
          ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more`
          : labels.join(', ');
      out.push({
        ...lead,
        message: `${schemaDrafts.get(lead)} (reached from ${labels.length} operations: ${shown})`,
      });
    }
  }
  return out;
}

function operationChanges(base: OasIndex, head: OasIndex): ChangeDraft[] {
  const out: ChangeDraft[] = [];
  for (const [key, bop] of base.operations) {
    const hop = head.operations.get(key);
    if (!hop) {
      out.push({
        kind: bop.deprecated ? 'openapi/deprecated-operation-removed' : 'openapi/operation-removed',
        severity: bop.deprecated ? 'warning' : 'breaking',
        element: bop.label,
        message: bop.deprecated
          ? `deprecated operation ${bop.label} was removed`
          : `operation ${bop.label} was removed`,
        base: base.locate(bop.path),
        head: head.locate(['paths']),
      });
      continue;
    }
    diffOperation(base, head, bop, hop, out);
  }
  for (const [key, hop] of head.operations) {
    if (base.operations.has(key)) continue;
    out.push({
      kind: 'openapi/operation-added',
      severity: 'info',
      element: hop.label,
      message: `operation ${hop.label} was added`,
      base: base.locate(['paths']),
      head: head.locate(hop.path),
    });
  }
  return out;
}

function diffOperation(base: OasIndex, head: OasIndex, bop: OpView, hop: OpView, out: ChangeDraft[]): void {
  const element = hop.label;
  const push = (
    kind: string,
    severity: ChangeSeverity,
    message: string,
    bPath: PathSegment[],
    hPath: PathSegment[],
  ) =>
    out.push({
      kind: `openapi/${kind}`,
      severity,
      element,
      message: `${element}: ${message}`,
      base: base.locate(bPath),
      head: head.locate(hPath),
    });
  const schemaSink = (c: SchemaChange) => {
    const draft = { ...c, element, message: `${element}: ${c.message}` };
    schemaDrafts.set(draft, c.message);
    out.push(draft);
  };
  const sides = { base, head };

  diffParameters(bop, hop, push, sides, schemaSink);

  // request body
  if (hop.body) {
    const wasRequired = bop.body?.required === true;
    if (hop.body.required && !wasRequired)
      push(
        'request-body-made-required',
        'breaking',
        bop.body ? 'request body is now required' : 'a required request body was added',
        bop.body?.path ?? bop.path,
        hop.body.path,
      );
  }
  if (bop.body && hop.body) {
    for (const [mediaType, bSchema] of bop.body.media) {
      if (!hop.body.media.has(mediaType)) {
        push(
          'request-media-type-removed',
          'breaking',
          `request body no longer accepts ${mediaType}`,
          bop.body.path,
          hop.body.path,
        );
        continue;
      }
      const hSchema = hop.body.media.get(mediaType);
      if (bSchema && hSchema)
        diffSchemas(
          {
            ...schemaSides(sides),
            direction: 'request',
            rootSubject: 'request-body',
            rootLabel: 'request body',
            emit: schemaSink,
          },
          bSchema,
          hSchema,
        );
    }
  }

  // responses
  for (const [status, bres] of bop.responses) {
    const hres = hop.responses.get(status);
    if (!hres) {
      if (/^2/.test(status))
        push(
          'success-response-removed',
          'breaking',
          `success response ${status} was removed`,
          bres.path,
          hop.path,
        );
      continue;
    }
    for (const [mediaType, bSchema] of bres.media) {
      if (!hres.media.has(mediaType)) {
        push(
          'response-media-type-removed',
          'breaking',
          `response ${status} no longer returns ${mediaType}`,
          bres.path,
          hres.path,
        );
        continue;
      }
      const hSchema = hres.media.get(mediaType);
      if (bSchema && hSchema)
        diffSchemas(
          {
            ...schemaSides(sides),
            direction: 'response',
            rootSubject: 'response-body',
            rootLabel: `response ${status}`,
            emit: schemaSink,
          },
          bSchema,
          hSchema,
        );
    }
  }

  diffSecurity(bop, hop, push);
}

type Push = (
  kind: string,
  severity: ChangeSeverity,
  message: string,
  bPath: PathSegment[],
  hPath: PathSegment[],
) => void;

function diffParameters(
  bop: OpView,
  hop: OpView,
  push: Push,
  sides: { base: OasIndex; head: OasIndex },
  schemaSink: (c: SchemaChange) => void,
): void {
  for (const [key, bp] of bop.params) {
    const hp = hop.params.get(key);
    if (!hp) {
      push(
        'parameter-removed',
        'warning',
        `${describe(bp)} was removed (clients still sending it may be rejected or ignored)`,
        bp.path,
        hop.path,
      );
      continue;
    }
    if (bp.in === 'path' && bp.name !== hp.name)
      push(
        'path-parameter-renamed',
        'info',
        `path parameter \`${bp.name}\` was renamed to \`${hp.name}\` (the URL is unchanged)`,
        bp.path,
        hp.path,
      );
    if (hp.required && !bp.required)
      push('parameter-made-required', 'breaking', `${describe(hp)} is now required`, bp.path, hp.path);
    if (bp.schema && hp.schema)
      diffSchemas(
        {
          ...schemaSides(sides),
          direction: 'request',
          rootSubject: 'parameter',
          rootLabel: describe(hp),
          emit: schemaSink,
        },
        bp.schema as SchemaRef,
        hp.schema as SchemaRef,
      );
  }
  for (const [key, hp] of hop.params) {
    if (bop.params.has(key)) continue;
    if (hp.required)
      push('required-parameter-added', 'breaking', `new required ${describe(hp)}`, bop.path, hp.path);
    else push('optional-parameter-added', 'info', `new optional ${describe(hp)}`, bop.path, hp.path);
  }
}

/**
 * Security requirements are alternatives (any one suffices), each a set of schemes (all needed). A client
 * that satisfied an old alternative keeps working when some new alternative asks for no more than it did.
 */
function diffSecurity(bop: OpView, hop: OpView, push: Push): void {
  const anonymous = (alts: string[][] | undefined) =>
    !alts || alts.length === 0 || alts.some((a) => a.length === 0);
  if (anonymous(hop.security)) return;
  const headAlts = hop.security!;
  const baseAlts = anonymous(bop.security) ? [[]] : bop.security!;
  const shown = (alts: string[][]) => alts.map((a) => a.join(' + ')).join(' or ');
  const lost = baseAlts.filter((alt) => !headAlts.some((h) => h.every((s) => alt.includes(s))));
  if (lost.length === 0) return;
  push(
    'security-requirement-added',
    'breaking',
    lost.some((alt) => alt.length === 0)
      ? `now requires authentication (${shown(headAlts)})`
      : `clients authenticating with ${shown(lost)} are no longer accepted (now ${shown(headAlts)})`,
    bop.securityPath,
    hop.securityPath,
  );
}

function describe(p: ParamView): string {
  return `${p.in} parameter \`${p.name}\``;
}

function schemaSides(sides: { base: OasIndex; head: OasIndex }) {
  return {
    base: { pointers: sides.base.pointers, locate: sides.base.locate },
    head: { pointers: sides.head.pointers, locate: sides.head.locate },
  };
}
