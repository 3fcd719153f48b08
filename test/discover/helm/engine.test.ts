/** The Go template engine and the functions, one template at a time. */
import { describe, expect, it } from 'vitest';
import { renderHelmChart } from '../../../src/discover/helm/index.js';

function render(template: string, values = '', helpers = '') {
  const files = new Map([
    ['c/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: "1.0"\n'],
    ['c/values.yaml', values],
    ['c/templates/t.yaml', template],
  ]);
  if (helpers) files.set('c/templates/_helpers.tpl', helpers);
  const r = renderHelmChart({
    chart: { dir: 'c', name: 'c', chartFile: 'c/Chart.yaml', valuesFiles: [] },
    files,
  });
  return { ...r, data: r.documents.map((d) => d.data as Record<string, unknown>) };
}

/** Render `v: <expr>` and return v. */
const value = (expr: string, values = '') => {
  const r = render(`v: ${expr}\n`, values);
  if (r.diagnostics.length) throw new Error(r.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
  return r.data[0]!.v;
};

describe('Go template language', () => {
  it('trims white space at {{- and -}} and drops comments', () => {
    expect(value('a{{- "b" -}}  c')).toBe('abc');
    expect(value('"{{- /* a comment */ -}}  x"')).toBe('x');
    expect(render('v: {{- /* trims the space after the colon */ -}} x\n').data[0]).toBe('v:x');
    expect(value('"{{ "a" }}  {{ "b" }}"')).toBe('a  b');
  });

  it('declares and assigns variables, scoped to their block', () => {
    expect(value('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}')).toBe(2);
    const r = render('{{ if true }}{{ $y := 3 }}{{ end }}v: {{ $y }}\n');
    expect(r.diagnostics[0]!.message).toContain('undefined variable: $y');
  });

  it('ranges over lists, maps (sorted keys) and integers, with else, break and continue', () => {
    expect(value('"{{ range $i, $v := list "a" "b" }}{{ $i }}{{ $v }}{{ end }}"')).toBe('0a1b');
    expect(value('"{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}"', 'm: {b: 2, a: 1}')).toBe(
      'a=1;b=2;',
    );
    expect(value('"{{ range 3 }}{{ . }}{{ end }}"')).toBe('012');
    expect(value('"{{ range .Values.none }}x{{ else }}empty{{ end }}"')).toBe('empty');
    expect(
      value(
        '"{{ range until 5 }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}"',
      ),
    ).toBe('02');
  });

  it('evaluates if / else if / else and with / else, with Go truthiness', () => {
    const t = '{{ if .Values.a }}a{{ else if .Values.b }}b{{ else }}c{{ end }}';
    expect(value(t, 'a: 0\nb: ""')).toBe('c');
    expect(value(t, 'a: []\nb: x')).toBe('b');
    expect(value(t, 'a: {k: 1}')).toBe('a');
    expect(value('{{ with .Values.x }}{{ .y }}{{ else }}none{{ end }}', 'x: {y: 5}')).toBe(5);
    expect(value('{{ with .Values.x }}{{ .y }}{{ else }}none{{ end }}', 'x: {}')).toBe('none');
  });

  it('calls defined templates with template, include and block', () => {
    const helpers = '{{- define "n" }}name-{{ . }}{{ end -}}';
    expect(render('v: {{ template "n" "x" }}\n', '', helpers).data[0]!.v).toBe('name-x');
    expect(render('v: {{ include "n" "y" | upper }}\n', '', helpers).data[0]!.v).toBe('NAME-Y');
    expect(value('{{ block "b" . }}default{{ end }}')).toBe('default');
  });

  it('pipes the previous result as the last argument, and parenthesised pipelines as arguments', () => {
    expect(value('{{ "abc" | upper | printf "%s-%d" | quote }}')).toBe('ABC-%!d(MISSING)');
    expect(value('{{ printf "%s-%d" ("a" | upper) 7 }}')).toBe('A-7');
    expect(value('{{ (dict "a" (dict "b" 3)).a.b }}')).toBe(3);
  });

  it('reports a missing value as empty and a field of a missing map as an error at its line', () => {
    expect(value('"{{ .Values.nope }}"')).toBe('');
    const r = render('a: 1\nb: {{ .Values.nope.deeper }}\n');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file: 'c/templates/t.yaml', line: 2 });
    expect(r.diagnostics[0]!.message).toContain('nil pointer evaluating interface {}.deeper');
  });

  it('reports syntax errors with their line', () => {
    const r = render('a: 1\n{{ if .Values.x }}\nb: 2\n');
    expect(r.diagnostics[0]).toMatchObject({ file: 'c/templates/t.yaml', line: 2 });
    expect(r.diagnostics[0]!.message).toContain('cannot parse template');
    expect(render('a: {{ .Values.x \n').diagnostics[0]!.message).toContain('unclosed action');
  });
});

describe('Sprig and Helm functions', () => {
  it('default, empty, coalesce, ternary, required', () => {
    expect(value('{{ .Values.x | default "d" }}')).toBe('d');
    expect(value('{{ .Values.x | default "d" }}', 'x: 0')).toBe('d');
    expect(value('{{ .Values.x | default "d" }}', 'x: v')).toBe('v');
    expect(value('{{ empty (list) }}')).toBe(true);
    expect(value('{{ coalesce .Values.a "" "c" }}')).toBe('c');
    expect(value('{{ ternary "y" "n" (gt 2 1) }}')).toBe('y');
    const r = render('v: {{ required "set image.tag" .Values.image }}\n');
    expect(r.diagnostics[0]!.message).toContain('set image.tag');
  });

  it('toYaml, toJson, fromYaml, indent and nindent', () => {
    expect(value('{{ dict "b" 1 "a" (list "x" "y") | toJson | quote }}')).toBe('{"a":["x","y"],"b":1}');
    const r = render(
      'spec:\n  {{- toYaml .Values.r | nindent 2 }}\n',
      'r:\n  z: 1\n  a:\n    - name: x\n      port: 80\n',
    );
    expect(r.data[0]).toEqual({ spec: { a: [{ name: 'x', port: 80 }], z: 1 } });
    expect(value('{{ (fromYaml "a: {b: 2}").a.b }}')).toBe(2);
    expect(value('{{ "a\\nb" | indent 2 | quote }}')).toBe('  a\n  b');
  });

  it('strings: quote, trunc, trimSuffix, replace, contains, title, printf, regex, hashes', () => {
    expect(value('{{ 80 | quote }}')).toBe('80');
    expect(value('{{ "abcdef" | trunc 3 }}')).toBe('abc');
    expect(value('{{ "name-" | trimSuffix "-" }}')).toBe('name');
    expect(value('{{ "a.b.c" | replace "." "-" }}')).toBe('a-b-c');
    expect(value('{{ contains "ell" "hello" }}')).toBe(true);
    expect(value('{{ title "hello world" }}')).toBe('Hello World');
    expect(value('{{ printf "%05.1f|%-4s|%v|%q" 3.14159 "ab" (list 1 2) "x" | quote }}')).toBe(
      '003.1|ab  |[1 2]|"x"',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Go's regexp expansion syntax
    expect(value('{{ regexReplaceAll "(a+)b" "xaab" "${1}c" }}')).toBe('xaac');
    expect(value('{{ regexMatch "^v[0-9]+$" "v12" }}')).toBe(true);
    expect(value('{{ "hi" | b64enc }}')).toBe('aGk=');
    expect(value('{{ "hi" | sha256sum | trunc 8 }}')).toBe('8f434346');
  });

  it('lists and dicts: dict, set, get, hasKey, keys, pluck, merge, mergeOverwrite, deepCopy, index', () => {
    expect(value('{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ keys $d | join "," }}')).toBe('a,b');
    expect(value('{{ hasKey (dict "a" 1) "a" }}')).toBe(true);
    expect(value('"{{ get (dict "a" 1) "z" }}"')).toBe('');
    expect(value('{{ pluck "a" (dict "a" 1) (dict "a" 2) | toJson }}')).toEqual([1, 2]);
    expect(value('{{ merge (dict "a" 1) (dict "a" 2 "b" 3) | toJson }}')).toEqual({ a: 1, b: 3 });
    expect(value('{{ mergeOverwrite (dict "a" 1) (dict "a" 2) | toJson }}')).toEqual({ a: 2 });
    expect(value('{{ index .Values.m "k" 1 }}', 'm: {k: [a, b]}')).toBe('b');
    expect(value('{{ list 1 2 3 | last }}{{ list 1 2 3 | first }}{{ len (append (list 1) 2) }}')).toBe(312);
  });

  it('comparisons and numbers', () => {
    expect(value('{{ and (eq 1 1) (ne "a" "b") (lt 1 2) (le 2 2) (ge 3 2) }}')).toBe(true);
    expect(value('{{ or 0 "" "x" }}')).toBe('x');
    expect(value('{{ eq .Values.kind "a" "b" }}', 'kind: b')).toBe(true);
    expect(value('{{ add 1 2 | mul 3 }}')).toBe(9);
    expect(value('{{ int "42" }}')).toBe(42);
    expect(value('{{ 2.5 | int }}')).toBe(2);
    expect(value('{{ .Values.f }}', 'f: 0.5')).toBe(0.5);
  });

  it('semverCompare against .Capabilities.KubeVersion', () => {
    expect(value('{{ semverCompare ">=1.19-0" .Capabilities.KubeVersion.GitVersion }}')).toBe(true);
    expect(value('{{ semverCompare "<1.19" .Capabilities.KubeVersion.Version }}')).toBe(false);
    expect(value('{{ semverCompare "^1.2.0" "1.9.3" }}')).toBe(true);
    expect(value('{{ semverCompare "~1.2.0" "1.3.0" }}')).toBe(false);
    expect(value('{{ semverCompare "1.2.x || >=2.0.0, <3" "2.5.0" }}')).toBe(true);
    expect(value('{{ .Capabilities.APIVersions.Has "networking.k8s.io/v1/Ingress" }}')).toBe(true);
  });

  it('lookup returns an empty map, as helm template does', () => {
    expect(value('{{ lookup "v1" "Secret" "ns" "name" | toJson | quote }}')).toBe('{}');
  });

  it('an unknown function inside a helper fails only the templates that call it, naming the helper line', () => {
    const helpers = '{{- define "ok" }}fine{{ end }}\n{{- define "bad" }}{{ genPrivateKey "rsa" }}{{ end }}';
    const r = render('a: {{ include "ok" . }}\nb: {{ include "bad" . }}\n', '', helpers);
    expect(r.data).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file: 'c/templates/_helpers.tpl', line: 2 });
    expect(r.diagnostics[0]!.message).toContain('"genPrivateKey" not defined');
    expect(r.diagnostics[0]!.message).toContain('while rendering c/templates/t.yaml');
  });
});

describe('bad templates', () => {
  const broken = [
    '{{',
    'a: {{ end }}',
    '{{ range }}{{ end }}',
    'a: {{ .Values.x | }}',
    'a: {{ (1 }}',
    'a: {{ $x }}',
    '{{ template }}',
    '{{ define "a" }}',
    '{{- else -}}',
    'a: {{ "unterminated }}',
    'a: {{ 1 2 }}',
    'a: {{ .Values.list.0 }}',
    '{{ break }}',
    'a: {{ index nil 1 }}',
    'a: {{ include "self" . }}{{ define "self" }}{{ include "self" . }}{{ end }}',
    'a: {{ range "str" }}x{{ end }}',
    'a: {{ printf }}',
    'a: {{ regexMatch "(" "x" }}',
    'a: [\n{{ "b" }}: c',
  ];
  it.each(broken)('reports %j as a diagnostic and never throws', (template) => {
    const r = render(template);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) {
      expect(d.file).toMatch(/^c\/templates\//);
      expect(d.line).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('chart idioms', () => {
  it('includes another template file by its path, for checksum annotations', () => {
    const files = new Map([
      ['c/Chart.yaml', 'name: c\nversion: 0.1.0\n'],
      ['c/values.yaml', 'greeting: hi\n'],
      ['c/templates/configmap.yaml', 'kind: ConfigMap\ndata:\n  g: {{ .Values.greeting }}\n'],
      [
        'c/templates/deployment.yaml',
        'kind: Deployment\nchecksum: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum | trunc 12 }}\n',
      ],
    ]);
    const r = renderHelmChart({
      chart: { dir: 'c', name: 'c', chartFile: 'c/Chart.yaml', valuesFiles: [] },
      files,
    });
    expect(r.diagnostics).toEqual([]);
    const deployment = r.documents.find((d) => (d.data as { kind: string }).kind === 'Deployment')!;
    expect((deployment.data as { checksum: string }).checksum).toMatch(/^[0-9a-f]{12}$/);
  });

  it('gives random functions a value of the right shape that is the same on every render', () => {
    const a = value('{{ randAlphaNum 5 | quote }}');
    expect(a).toMatch(/^[A-Za-z0-9]{5}$/);
    expect(value('{{ randAlphaNum 5 | quote }}')).toBe(a);
    expect(value('{{ uuidv4 }}')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('runaway templates', () => {
  it.each([
    'a: {{ len (until 1000000000) }}',
    'a: {{ range 1000000000 }}x{{ end }}',
    'a: {{ "x" | repeat 1000000000 }}',
    '{{ define "r" }}{{ template "r" . }}{{ template "r" . }}{{ end }}a: {{ template "r" . }}',
  ])('stops %j with a diagnostic instead of hanging', (template) => {
    const t = performance.now();
    const r = render(template);
    expect(r.diagnostics).toHaveLength(1);
    expect(performance.now() - t).toBeLessThan(20_000);
  });
});

describe('value switches', () => {
  it('sees objects written by a named template the switched-off branch includes', () => {
    const helpers =
      '{{- define "c.policy" }}\napiVersion: v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n{{- end }}';
    const r = render(
      'kind: ConfigMap\n---\n{{- if and .Values.policy.enabled .Values.other }}\n{{ include "c.policy" . }}\n{{- end }}\n',
      'policy:\n  enabled: false\nother: true\n',
      helpers,
    );
    expect(r.switches).toEqual([
      {
        path: 'policy.enabled',
        value: false,
        file: 'c/values.yaml',
        line: 2,
        templates: ['c/templates/t.yaml'],
      },
    ]);
  });

  it('ignores a false value that only leaves out part of an object', () => {
    const r = render(
      'kind: ConfigMap\ndata:\n  {{- if .Values.debug }}\n  debug: "1"\n  {{- end }}\n',
      'debug: false\n',
    );
    expect(r.switches).toEqual([]);
  });
});
