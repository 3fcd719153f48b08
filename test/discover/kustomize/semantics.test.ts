/** Kustomize semantics on small in-memory trees: patch directives, legacy fields, generators, labels, selectors. */
import { describe, expect, it } from 'vitest';
import { buildKustomization, findKustomizations } from '../../../src/discover/kustomize/index.js';
import { parseImage } from '../../../src/discover/kustomize/transformers.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    app: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: localhost:5000/team/api:2.0
          args: ["--a", "--b"]
          ports:
            - containerPort: 8080
              protocol: TCP
          env:
            - name: A
              value: "1"
          resources:
            limits:
              cpu: 500m
              memory: 128Mi
      tolerations:
        - key: a
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
`;

function tree(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

// biome-ignore lint/suspicious/noExplicitAny: built objects are read by path in assertions
type Any = Record<string, any>;
const data = (files: Map<string, string>, dir = '.', kind = 'Deployment') =>
  buildKustomization(files, dir).documents.find((d) => (d.data as Any).kind === kind)?.data as Any;

describe('strategic merge patches', () => {
  it('merges ports by containerPort, replaces lists without a merge key, deletes keys set to null, honours $patch: replace', () => {
    const files = tree({
      'deployment.yaml': deployment,
      'kustomization.yaml': `resources: [deployment.yaml]
patches:
  - patch: |
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: api
      spec:
        template:
          spec:
            containers:
              - name: api
                args: ["--c"]
                ports:
                  - containerPort: 8080
                    name: http
                  - containerPort: 9090
                resources:
                  $patch: replace
                  requests:
                    cpu: 100m
            tolerations:
              - key: b
            restartPolicy: null
`,
    });
    const c = data(files).spec.template.spec.containers[0];
    expect(c.args).toEqual(['--c']);
    expect(c.ports).toEqual([
      { containerPort: 8080, protocol: 'TCP', name: 'http' },
      { containerPort: 9090 },
    ]);
    expect(c.resources).toEqual({ requests: { cpu: '100m' } });
    expect(data(files).spec.template.spec.tolerations).toEqual([{ key: 'b' }]);
  });

  it('deletes a whole object with $patch: delete in a legacy patchesStrategicMerge file', () => {
    const files = tree({
      'deployment.yaml': deployment,
      'service.yaml': service,
      'drop.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n$patch: delete\n',
      'kustomization.yaml':
        'resources:\n  - deployment.yaml\n  - service.yaml\npatchesStrategicMerge:\n  - drop.yaml\n',
    });
    const kinds = buildKustomization(files, '.').documents.map((d) => (d.data as Any).kind);
    expect(kinds).toEqual(['Deployment']);
  });

  it('merges Service ports by port and finds a patch by the name the object had before a prefix', () => {
    const files = tree({
      'base/service.yaml': service,
      'base/kustomization.yaml': 'namePrefix: shop-\nresources: [service.yaml]\n',
      'kustomization.yaml': `bases: [base]
patchesStrategicMerge:
  - |-
    apiVersion: v1
    kind: Service
    metadata:
      name: api
    spec:
      ports:
        - port: 80
          name: http
`,
    });
    const svc = data(files, '.', 'Service');
    expect(svc.metadata.name).toBe('shop-api');
    expect(svc.spec.ports).toEqual([{ port: 80, targetPort: 8080, name: 'http' }]);
  });
});

describe('JSON 6902 patches', () => {
  it('applies add/remove/replace/move/copy/test with escaped pointers, from a file (legacy patchesJson6902)', () => {
    const files = tree({
      'deployment.yaml': deployment,
      'ops.yaml': `- op: test
  path: /metadata/name
  value: api
- op: add
  path: /metadata/annotations
  value: {}
- op: add
  path: /metadata/annotations/example.com~1owner
  value: team
- op: copy
  from: /spec/template/spec/containers/0/env/0
  path: /spec/template/spec/containers/0/env/-
- op: replace
  path: /spec/template/spec/containers/0/env/1/name
  value: B
- op: move
  from: /spec/template/spec/tolerations
  path: /spec/template/spec/oldTolerations
- op: remove
  path: /spec/template/spec/containers/0/args/0
`,
      'kustomization.yaml': `resources: [deployment.yaml]
patchesJson6902:
  - target:
      group: apps
      version: v1
      kind: Deployment
      name: ap.
    path: ops.yaml
`,
    });
    const build = buildKustomization(files, '.');
    expect(build.diagnostics).toEqual([]);
    const d = build.documents[0]!;
    const out = d.data as Any;
    expect(out.metadata.annotations).toEqual({ 'example.com/owner': 'team' });
    expect(out.spec.template.spec.containers[0].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '1' },
    ]);
    expect(out.spec.template.spec.containers[0].args).toEqual(['--b']);
    expect(out.spec.template.spec.oldTolerations).toEqual([{ key: 'a' }]);
    expect(d.locate(['metadata', 'annotations', 'example.com/owner'])).toMatchObject({
      file: 'ops.yaml',
      line: 9,
    });
    expect(d.locate(['spec', 'template', 'spec', 'containers', 0, 'env', 1, 'name'])).toMatchObject({
      file: 'ops.yaml',
      line: 15,
    });
    expect(build.files).toEqual(['deployment.yaml', 'kustomization.yaml', 'ops.yaml']);
  });

  it('a failing test op leaves the object unchanged and names the operation line', () => {
    const files = tree({
      'deployment.yaml': deployment,
      'kustomization.yaml': `resources: [deployment.yaml]
patches:
  - target: {kind: Deployment}
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/image
        value: other
      - op: test
        path: /metadata/name
        value: nope
`,
    });
    const build = buildKustomization(files, '.');
    expect((build.documents[0]!.data as Any).spec.template.spec.containers[0].image).toBe(
      'localhost:5000/team/api:2.0',
    );
    expect(build.diagnostics).toEqual([
      expect.objectContaining({
        file: 'kustomization.yaml',
        line: 8,
        message: expect.stringContaining('test failed'),
      }),
    ]);
  });
});

describe('labels, annotations, generators, images', () => {
  it('labels without includeSelectors leave selectors alone; commonLabels reach Service selectors', () => {
    const files = tree({
      'deployment.yaml': deployment,
      'service.yaml': service,
      'kustomization.yaml': `resources: [deployment.yaml, service.yaml]
labels:
  - pairs:
      tier: backend
  - pairs:
      team: shop
    includeTemplates: true
commonLabels:
  env: prod
commonAnnotations:
  note: hi
`,
    });
    const d = data(files);
    expect(d.metadata.labels).toEqual({ app: 'api', env: 'prod', tier: 'backend', team: 'shop' });
    expect(d.spec.selector.matchLabels).toEqual({ app: 'api', env: 'prod' });
    expect(d.spec.template.metadata.labels).toEqual({ app: 'api', env: 'prod', team: 'shop' });
    expect(d.spec.template.metadata.annotations).toEqual({ note: 'hi' });
    expect(data(files, '.', 'Service').spec.selector).toEqual({ app: 'api', env: 'prod' });
  });

  it('generates Secrets (base64, type) and ConfigMaps from files; disableNameSuffixHash keeps the name', () => {
    const files = tree({
      'application.properties': 'FOO=Bar\n',
      'kustomization.yaml': `configMapGenerator:
  - name: example-configmap-1
    files:
      - application.properties
  - name: plain
    literals: [A=1]
    options:
      disableNameSuffixHash: true
secretGenerator:
  - name: creds
    type: kubernetes.io/basic-auth
    literals:
      - username=admin
`,
    });
    const docs = buildKustomization(files, '.').documents.map((d) => d.data as Any);
    // the name kubectl kustomize gives this example in the Kubernetes documentation
    expect(docs[0]!.metadata.name).toBe('example-configmap-1-8mbdf7882g');
    expect(docs[1]!.metadata.name).toBe('plain');
    expect(docs[2]!.metadata.name).toMatch(/^creds-[a-z0-9]{10}$/);
    expect(docs[0]!.data).toEqual({ 'application.properties': 'FOO=Bar\n' });
    expect(docs[2]!.type).toBe('kubernetes.io/basic-auth');
    expect(docs[2]!.data).toEqual({ username: 'YWRtaW4=' });
  });

  it('parses image references with registry ports, tags and digests', () => {
    expect(parseImage('localhost:5000/team/api:2.0')).toEqual({
      name: 'localhost:5000/team/api',
      tag: '2.0',
    });
    expect(parseImage('nginx@sha256:abc')).toEqual({ name: 'nginx', digest: 'sha256:abc' });
    expect(parseImage('nginx:1.25@sha256:abc')).toEqual({ name: 'nginx', tag: '1.25', digest: 'sha256:abc' });
    const files = tree({
      'deployment.yaml': deployment,
      'kustomization.yaml': `resources: [deployment.yaml]
images:
  - name: localhost:5000/team/api
    newName: registry.example.com/api
`,
    });
    expect(data(files).spec.template.spec.containers[0].image).toBe('registry.example.com/api:2.0');
  });
});

describe('replacements', () => {
  it('copies a field (or one delimited part) into targets selected by kind and field path, located at the source', () => {
    const files = tree({
      'deployment.yaml': deployment,
      'config.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  host: db.internal:5432\n',
      'more.yaml': `source:
  kind: ConfigMap
  name: settings
  fieldPath: data.host
  options:
    delimiter: ':'
    index: 1
targets:
  - select:
      kind: Deployment
    fieldPaths:
      - spec.template.spec.containers.[name=api].env.[name=A].value
`,
      'kustomization.yaml': `resources: [deployment.yaml, config.yaml]
replacements:
  - source:
      kind: ConfigMap
      name: settings
      fieldPath: data.host
    targets:
      - select:
          kind: Deployment
          name: api
        fieldPaths:
          - spec.template.metadata.annotations.db
        options:
          create: true
      - select:
          kind: Deployment
        reject:
          - name: api
        fieldPaths:
          - metadata.name
  - path: more.yaml
`,
    });
    const build = buildKustomization(files, '.');
    expect(build.diagnostics).toEqual([]);
    const d = build.documents.find((x) => (x.data as Any).kind === 'Deployment')!;
    const out = d.data as Any;
    expect(out.metadata.name).toBe('api');
    expect(out.spec.template.metadata.annotations).toEqual({ db: 'db.internal:5432' });
    expect(out.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '5432' }]);
    expect(d.locate(['spec', 'template', 'metadata', 'annotations', 'db'])).toMatchObject({
      file: 'config.yaml',
      line: 6,
    });
    expect(build.files).toContain('more.yaml');
  });
});

describe('layout edge cases', () => {
  it('a Component listed as a resource and a kustomization listed as a component are diagnostics', () => {
    const files = tree({
      'c/kustomization.yaml': 'kind: Component\n',
      'k/kustomization.yaml': 'resources: []\n',
      'kustomization.yaml': 'resources:\n  - c\ncomponents:\n  - k\n',
    });
    const messages = buildKustomization(files, '.').diagnostics.map((d) => `${d.line}: ${d.message}`);
    expect(messages).toEqual([
      '2: c/kustomization.yaml is a Component: list it under components, not resources',
      '4: k/kustomization.yaml is listed as a component but its kind is Kustomization',
    ]);
  });

  it('a kustomization at the repository root is the root "."', () => {
    const files = tree({
      'kustomization.yaml': 'resources: [app]\n',
      'app/kustomization.yaml': 'resources: []\n',
    });
    expect(findKustomizations(files)).toMatchObject({ roots: ['.'], included: ['app'], components: [] });
  });
});
