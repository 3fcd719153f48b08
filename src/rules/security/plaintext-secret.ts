import type { ConfigObject } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { deployment } from '../shared/example-manifests.js';
import { containerLabel, containersOf, isPlaceholderValue, plaintextSecret } from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

function configLabel(c: ConfigObject): string {
  const kind = c.kind === 'env-file' ? 'env file' : c.kind === 'compose-config' ? 'compose config' : c.kind;
  return `${kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`;
}

const { messages, say } = defineMessages({
  literalCredential: '{{owner}}: {{name}}=**** is a literal credential',
  connectionStringPassword: '{{owner}}: {{name}}={{masked}} embeds a password in a connection string',
  committedSecret:
    '{{owner}} is committed with a literal value ({{name}}=****); base64 in a manifest is not encryption',
});

/** What a finding on a literal credential says. */
function sayPlaintext(owner: string, name: string, why: NonNullable<ReturnType<typeof plaintextSecret>>) {
  return why.kind === 'connectionString'
    ? say.connectionStringPassword({ owner, name, masked: why.masked })
    : say.literalCredential({ owner, name });
}

export const plaintextSecretRule: Rule = {
  id: 'security/plaintext-secret',
  area: 'security',
  severity: 'high',
  title: 'Secret written in plain text in the repository',
  messages,
  sources: ['kube-linter:env-var-secret'],
  anyEnvironment: true,
  rationale:
    'A password, token or key written as a literal in a manifest, compose file, ConfigMap or committed env file is readable ' +
    'by everyone with access to the repository, its forks, its CI logs and every image or chart built from it — forever, ' +
    'because git history keeps it after it is deleted. Kubernetes Secrets, compose secrets or an external secret store keep ' +
    'the value out of the repository and let it be rotated without a commit. Connection strings with an embedded password ' +
    'are the same secret in another shape. The finding never prints the value.',
  references: [
    'OWASP Secrets Management Cheat Sheet (https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)',
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Secrets"',
    'CIS Docker Benchmark v1.2.0, 4.10 "Ensure secrets are not stored in Dockerfiles"; Kubernetes documentation: Good practices for Kubernetes Secrets',
    'OWASP API Security Top 10 2023, API8: Security Misconfiguration',
  ],
  recommendation:
    'Rotate the exposed credential, then load it from a Secret (`valueFrom.secretKeyRef`), a compose secret or an external ' +
    'secret store (External Secrets, Vault, SOPS-encrypted files); keep only a reference in the repository.',
  fix: {
    description: 'Reference the credential from a Secret instead of writing it into the manifest.',
    language: 'yaml',
    snippet:
      'env:\n- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef:\n      name: orders-db\n      key: password\n# compose\n# environment:\n#   DB_PASSWORD_FILE: /run/secrets/db_password\n# secrets:\n#   - db_password',
  },
  examples: {
    fail: {
      description:
        'the orders Deployment carries its database password and a connection string with a password',
      files: {
        'k8s/orders.yaml': deployment({
          container: [
            'env:',
            '- name: DB_PASSWORD',
            '  value: Tr0ub4dor-and-3',
            '- name: DATABASE_URL',
            '  value: postgres://orders:Tr0ub4dor-and-3@orders-db:5432/orders',
          ],
        }),
      },
      findings: [
        {
          at: 'k8s/orders.yaml:20',
          messageId: 'literalCredential',
          message: 'Deployment orders container `orders`: DB_PASSWORD=**** is a literal credential',
        },
        {
          at: 'k8s/orders.yaml:22',
          messageId: 'connectionStringPassword',
          message:
            'Deployment orders container `orders`: DATABASE_URL=postgres://orders:****@orders-db:5432/orders embeds a password in a connection string',
        },
      ],
    },
    pass: {
      description: 'the password comes from a Secret; the URL carries no password',
      files: {
        'k8s/orders.yaml': deployment({
          container: [
            'env:',
            '- name: DB_PASSWORD',
            '  valueFrom:',
            '    secretKeyRef:',
            '      name: orders-db',
            '      key: password',
            '- name: DATABASE_URL',
            '  value: postgres://orders@orders-db:5432/orders',
          ],
        }),
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let considered = 0;
    for (const wc of containersOf(model.deployables)) {
      for (const env of wc.container.env) {
        considered++;
        const why = plaintextSecret(env);
        if (!why) continue;
        findings.push({
          ...sayPlaintext(containerLabel(wc), env.name, why),
          locations: [env.source],
          element: `${wc.workload.id}/${wc.container.name}#env:${env.name}`,
          data: { workload: wc.workload.id, container: wc.container.name, variable: env.name },
        });
      }
    }
    for (const config of model.configs) {
      if (config.kind === 'compose-secret') continue;
      for (const entry of config.entries) {
        considered++;
        const inSecret = config.kind === 'Secret';
        const literal = entry.value !== undefined && !isPlaceholderValue(entry.value);
        const why = inSecret ? undefined : plaintextSecret({ name: entry.key, value: entry.value });
        const said = inSecret
          ? literal
            ? say.committedSecret({ owner: configLabel(config), name: entry.key })
            : undefined
          : why && sayPlaintext(configLabel(config), entry.key, why);
        if (!said) continue;
        findings.push({
          ...said,
          locations: [entry.source],
          element: `${config.id}#${entry.key}`,
          severity: inSecret ? 'medium' : 'high',
          data: { config: config.id, key: entry.key },
        });
      }
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0
          ? `No literal credentials among ${considered} environment and config entries`
          : undefined,
    };
  },
};
