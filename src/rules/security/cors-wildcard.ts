import type { PathSegment } from '../../discover/parse/structured.js';
import type { Source } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { deployment } from '../shared/example-manifests.js';
import { containerLabel, containersOf } from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

const CORS_NAME =
  /^(CORS_?(ALLOW(ED)?_?)?ORIGINS?|(ALLOW(ED)?_?)?CORS_?ORIGINS?|ACCESS_CONTROL_ALLOW_ORIGIN|ALLOW(ED)?_ORIGINS?|CORS_?DOMAINS?|CORS_?HOSTS?)$/i;

/** `*`, or a list containing `*`. */
function isWildcard(value: string | undefined): boolean {
  if (value === undefined) return false;
  return value
    .split(/[\s,;]+/)
    .map((v) => v.replace(/^["'[]+|["'\]]+$/g, ''))
    .some((v) => v === '*');
}

interface HeaderHit {
  where: string;
  source: Source;
}

/** Response headers `Access-Control-Allow-Origin` documented with `*` as example, default or enum value. */
function openapiWildcards(data: unknown, locate: (p: readonly PathSegment[]) => Source): HeaderHit[] {
  const hits: HeaderHit[] = [];
  if (!data || typeof data !== 'object') return hits;
  const paths = (data as Record<string, unknown>).paths;
  if (!paths || typeof paths !== 'object') return hits;
  for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
    if (!item || typeof item !== 'object') continue;
    for (const [method, op] of Object.entries(item as Record<string, unknown>)) {
      const responses = (op as Record<string, unknown> | null)?.responses;
      if (!responses || typeof responses !== 'object') continue;
      for (const [status, response] of Object.entries(responses as Record<string, unknown>)) {
        const headers = (response as Record<string, unknown> | null)?.headers;
        if (!headers || typeof headers !== 'object') continue;
        for (const [name, header] of Object.entries(headers as Record<string, unknown>)) {
          if (name.toLowerCase() !== 'access-control-allow-origin' || !header || typeof header !== 'object')
            continue;
          const h = header as Record<string, unknown>;
          const schema = (h.schema ?? {}) as Record<string, unknown>;
          const values = [
            h.example,
            schema.example,
            schema.default,
            ...(Array.isArray(schema.enum) ? schema.enum : []),
          ];
          if (!values.some((v) => v === '*')) continue;
          hits.push({
            where: `${method.toUpperCase()} ${path} → ${status}`,
            source: locate(['paths', path, method, 'responses', status, 'headers', name]),
          });
        }
      }
    }
  }
  return hits;
}

const { messages, say } = defineMessages({
  wildcardEnv: '{{container}} sets {{name}}={{value}}: browsers let any web site read its responses',
  wildcardConfig: '{{config}} sets {{key}}={{value}}: browsers let any web site read the responses',
  wildcardDocumented: '{{file}}: {{response}} documents Access-Control-Allow-Origin: *',
});

export const corsWildcard: Rule = {
  id: 'security/cors-wildcard',
  area: 'security',
  severity: 'medium',
  title: 'CORS allows any origin',
  messages,
  rationale:
    "`Access-Control-Allow-Origin: *` tells browsers that any web page may read the API's responses. For a public, " +
    'anonymous, read-only API that is fine; for anything that uses cookies, tokens or serves per-user data it removes the ' +
    "same-origin protection and is a common misconfiguration in the OWASP API Top 10. Frameworks that reflect the caller's " +
    'Origin when configured with `*` and credentials make it worse.',
  references: [
    'OWASP API Security Top 10 2023, API8: Security Misconfiguration (CORS)',
    'Fetch Standard, CORS protocol (https://fetch.spec.whatwg.org/#http-cors-protocol)',
    'OWASP HTML5 Security Cheat Sheet, Cross Origin Resource Sharing',
  ],
  recommendation:
    'List the exact origins that may call the API (`https://shop.example.com`), per environment, and never combine a ' +
    'wildcard or reflected origin with credentials.',
  fix: {
    description: 'Allow the known front-end origins only.',
    language: 'yaml',
    snippet:
      'env:\n- name: CORS_ALLOWED_ORIGINS\n  value: "https://shop.example.com,https://admin.shop.example.com"',
  },
  examples: {
    fail: {
      description: 'orders allows every origin',
      files: {
        'k8s/orders.yaml': deployment({ container: ['env:', '- name: CORS_ORIGINS', '  value: "*"'] }),
      },
      findings: [
        {
          at: 'k8s/orders.yaml:20',
          messageId: 'wildcardEnv',
          message:
            'Deployment orders container `orders` sets CORS_ORIGINS=*: browsers let any web site read its responses',
        },
      ],
    },
    pass: {
      description: 'orders allows the shop front end only',
      files: {
        'k8s/orders.yaml': deployment({
          container: ['env:', '- name: CORS_ORIGINS', '  value: https://shop.example.com'],
        }),
      },
    },
  },
  check(model, ctx) {
    const findings: FindingDraft[] = [];
    let considered = 0;
    for (const wc of containersOf(model.deployables)) {
      for (const env of wc.container.env) {
        if (!CORS_NAME.test(env.name)) continue;
        considered++;
        if (!isWildcard(env.value)) continue;
        findings.push({
          ...say.wildcardEnv({ container: containerLabel(wc), name: env.name, value: env.value ?? '' }),
          locations: [env.source],
          element: `${wc.workload.id}/${wc.container.name}#cors:${env.name}`,
          data: { workload: wc.workload.id, variable: env.name },
        });
      }
    }
    for (const config of model.configs) {
      for (const entry of config.entries) {
        if (!CORS_NAME.test(entry.key)) continue;
        considered++;
        if (!isWildcard(entry.value)) continue;
        findings.push({
          ...say.wildcardConfig({
            config: `${config.kind} ${config.name}`,
            key: entry.key,
            value: entry.value ?? '',
          }),
          locations: [entry.source],
          element: `${config.id}#cors:${entry.key}`,
          data: { config: config.id, key: entry.key },
        });
      }
    }
    for (const doc of ctx.documents) {
      if (doc.kind !== 'openapi') continue;
      const hits = openapiWildcards(doc.document.data, (p) => doc.document.locate(p));
      considered += hits.length;
      for (const hit of hits) {
        findings.push({
          ...say.wildcardDocumented({ file: hit.source.file, response: hit.where }),
          locations: [hit.source],
          element: `${doc.apiId ?? hit.source.file}#cors:${hit.where}`,
          data: { api: doc.apiId ?? null, response: hit.where },
        });
      }
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0
          ? `All ${considered} CORS settings name explicit origins`
          : undefined,
    };
  },
};
