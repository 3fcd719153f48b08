/**
 * Parity with Spectral's `spectral:oas` ruleset on real specs from ../shared/corpus/apis-guru: Spectral and
 * Plumbline run on the same files; for every Spectral rule mapped to a Plumbline rule (docs/rules/parity.md),
 * every location Spectral reports must be reported by the mapped Plumbline rule, unless it is listed below as a
 * known, deliberate deviation with its reason. Locations are compared as JSON paths into the source document
 * (both tools' paths are normalised through `$ref`s to where the value is written, because Spectral reports paths
 * in the resolved document and these minified specs are one line long).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/index.js';
import { isObj, localRef, pointerToPath } from '../../../src/discover/openapi/refs.js';
import { runRules } from '../../../src/review/engine.js';
import { apiRules } from '../../../src/rules/api/index.js';

const repo = path.resolve(__dirname, '../../..');
const corpus = path.resolve(repo, '../shared/corpus/apis-guru');
const spectralCli = path.join(repo, 'node_modules/@stoplight/spectral-cli/dist/index.js');
const ruleset = path.join(repo, 'test/fixtures/openapi/spectral-oas.yaml');

/** All 20 APIs-guru specs (20 to 880 KB; Spectral takes 1 to 9 s each); the 13 MB GitHub spec (80 s) is left out. */
const SPECS = [
  'remove.bg.json',
  'taxrates.io.json',
  'learnifier.com.json',
  'powerdns.local.json',
  'trashnothing.com.json',
  'formapi.io.json',
  'openbanking.org.uk.json',
  'adafruit.com.json',
  'ideal-postcodes.co.uk.json',
  'waterlinked.com.json',
  'apideck.com/ats.json',
  'codat.io/assess.json',
  'googleapis.com/runtimeconfig.json',
  'amazonaws.com/sso-oidc.json',
  'azure.com/policyinsights-remediations.json',
  'amazonaws.com/schemas.json',
  'amazonaws.com/iotsitewise.json',
  'googleapis.com/container.json',
  'netboxdemo.com.json',
  'box.com.json',
];

/** Spectral rule → the Plumbline rule that covers it. */
export const MAPPING: Record<string, string> = {
  'operation-operationId': 'api/operation-id',
  'operation-operationId-unique': 'api/operation-id',
  'operation-operationId-valid-in-url': 'api/operation-id',
  'operation-description': 'api/operation-description',
  'operation-tags': 'api/operation-tags',
  'operation-tag-defined': 'api/operation-tags',
  'openapi-tags-uniqueness': 'api/operation-tags',
  'operation-success-response': 'api/operation-success-response',
  'operation-parameters': 'api/operation-parameters-unique',
  'path-params': 'api/path-parameters',
  'path-declarations-must-exist': 'api/path-parameters',
  'path-keys-no-trailing-slash': 'api/path-shape',
  'path-not-include-query': 'api/path-shape',
  'duplicated-entry-in-enum': 'api/schema-hygiene',
  'typed-enum': 'api/schema-hygiene',
  'array-items': 'api/schema-hygiene',
  'info-contact': 'api/info-metadata',
  'info-description': 'api/info-metadata',
  'oas3-api-servers': 'api/servers',
  'oas3-server-trailing-slash': 'api/servers',
  'oas3-server-variables': 'api/servers',
  'oas2-api-host': 'api/servers',
  'oas2-api-schemes': 'api/servers',
  'oas2-host-trailing-slash': 'api/servers',
  'oas3-unused-component': 'api/unused-component',
  'oas2-unused-definition': 'api/unused-component',
  'oas3-valid-media-example': 'api/invalid-example',
  'oas3-valid-schema-example': 'api/invalid-example',
  'oas3-examples-value-or-externalValue': 'api/invalid-example',
  'oas2-valid-media-example': 'api/invalid-example',
  'oas2-valid-schema-example': 'api/invalid-example',
  'no-$ref-siblings': 'api/ref-siblings',
  'no-eval-in-markdown': 'api/unsafe-markdown',
  'no-script-tags-in-markdown': 'api/unsafe-markdown',
  'oas3-operation-security-defined': 'api/security-scheme-defined',
  'oas2-operation-security-defined': 'api/security-scheme-defined',
  'oas3-schema': 'api/openapi-structure',
  'oas2-schema': 'api/openapi-structure',
  'oas2-anyOf': 'api/openapi-structure',
  'oas2-oneOf': 'api/openapi-structure',
};

interface Deviation {
  spec: string;
  code: string;
  /** Source JSON path (dot-joined) of the Spectral result, or a prefix of it. */
  path: string;
  reason: string;
}

/** Spectral locations Plumbline deliberately does not report. Each one was checked by hand. */
export const KNOWN_DEVIATIONS: Deviation[] = [];

type Path = (string | number)[];

/** Walk `path` through the raw document, jumping through local `$ref`s, to where the value is written. */
export function toSourcePath(root: unknown, path: Path): string[] {
  let node: unknown = root;
  let at: string[] = [];
  for (const raw of path) {
    const seg = String(raw);
    for (let hops = 0; hops < 20; hops++) {
      const ref = localRef(node);
      if (!ref || (isObj(node) && seg in node)) break;
      at = pointerToPath(ref);
      node = at.reduce<unknown>(
        (n, k) => (isObj(n) || Array.isArray(n) ? (n as Record<string, unknown>)[k] : undefined),
        root,
      );
    }
    node = isObj(node) || Array.isArray(node) ? (node as Record<string, unknown>)[seg] : undefined;
    at = [...at, seg];
  }
  return at;
}

interface SpectralResult {
  code: string;
  path: Path;
  message: string;
  source: string;
}

/** Spectral's CLI, run asynchronously so the test worker stays responsive during the minute it takes. */
function runSpectral(files: string[]): Promise<SpectralResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [spectralCli, 'lint', '-r', ruleset, '-f', 'json', '-q', ...files]);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', () => {
      const text = stdout.trim();
      if (!text.startsWith('[')) reject(new Error(`spectral failed: ${stderr || text}`));
      else resolve(JSON.parse(text) as SpectralResult[]);
    });
  });
}

const available = existsSync(corpus) && existsSync(spectralCli);

describe.skipIf(!available)(
  `Spectral spectral:oas parity on APIs-guru specs (needs ../shared/corpus/apis-guru and Spectral${available ? '' : '; skipped: one is absent'})`,
  () => {
    it('reports every location Spectral reports for the mapped rules, except the listed deviations', {
      timeout: 300_000,
    }, async () => {
      const files = SPECS.map((s) => path.join(corpus, s));
      const spectral = await runSpectral(files);
      expect(spectral.length).toBeGreaterThan(300);

      const missing: string[] = [];
      const unusedDeviations = new Set(KNOWN_DEVIATIONS);
      const summary: Record<string, { spectral: number; matched: number; deviations: number }> = {};
      for (const spec of SPECS) {
        const abs = path.join(corpus, spec);
        const text = readFileSync(abs, 'utf8');
        const discovery = discoverFiles([{ path: spec, text, bytes: text.length }], '.');
        const data = discovery.documents[0]!.document.data;
        const ours = runRules(discovery, { rules: {} }, apiRules).findings;
        const located = new Map<string, string[][]>();
        for (const f of ours) {
          const p = f.data?.jsonPath as Path | undefined;
          if (!p) continue;
          const list = located.get(f.ruleId) ?? [];
          list.push(toSourcePath(data, p));
          for (const sibling of (f.data?.siblings as string[] | undefined) ?? [])
            list.push(sibling.split('.'));
          located.set(f.ruleId, list);
        }
        for (const r of spectral.filter((x) => path.resolve(x.source) === abs)) {
          const rule = MAPPING[r.code];
          if (!rule) continue;
          summary[r.code] ??= { spectral: 0, matched: 0, deviations: 0 };
          const s = summary[r.code]!;
          s.spectral++;
          const theirs = toSourcePath(data, r.path);
          const hit = (located.get(rule) ?? []).some(
            (mine) => isPrefix(mine, theirs) || isPrefix(theirs, mine),
          );
          if (hit) {
            s.matched++;
            continue;
          }
          const key = theirs.join('.');
          const deviation = KNOWN_DEVIATIONS.find(
            (d) => d.spec === spec && d.code === r.code && key.startsWith(d.path),
          );
          if (deviation) {
            s.deviations++;
            unusedDeviations.delete(deviation);
            continue;
          }
          missing.push(`${spec} ${r.code} → ${rule} at ${key}: ${r.message}`);
        }
      }
      console.table(summary);
      expect(missing).toEqual([]);
      expect(
        [...unusedDeviations].map((d) => `${d.spec} ${d.code} ${d.path}`),
        'stale deviations',
      ).toEqual([]);
    });
  },
);

function isPrefix(prefix: string[], of: string[]): boolean {
  return prefix.length <= of.length && prefix.every((seg, i) => seg === of[i]);
}
