/**
 * Generates a synthetic polyglot repository of `files` source files spread over services (Java, Kotlin, Go,
 * Python, TypeScript, C#), each service built from its own folder by a compose file. About one file in five
 * holds a client call, a URL constant, a broker producer or a store client; the rest is ordinary domain code
 * that the text pre-filter should skip without parsing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const LANGS = ['java', 'kotlin', 'go', 'python', 'typescript', 'csharp'] as const;
type Lang = (typeof LANGS)[number];

/** The generated TypeScript's call, with its own template literal. */
const TS_SYNC = `export async function sync(ids: string[]) {\n  for (const id of ids) await fetch(\`${'$'}{URL}/${'$'}{id}\`);\n}\n`;

const EXT: Record<Lang, string> = {
  java: 'java',
  kotlin: 'kt',
  go: 'go',
  python: 'py',
  typescript: 'ts',
  csharp: 'cs',
};

export function generateCodeRepository(dir: string, files: number, services = 50): void {
  const perService = Math.ceil(files / services);
  const compose = ['services:'];
  let written = 0;
  for (let s = 0; s < services && written < files; s++) {
    const name = `svc${s}`;
    const next = `svc${(s + 1) % services}`;
    const lang = LANGS[s % LANGS.length] as Lang;
    compose.push(`  ${name}:`, `    build: ./${name}`, `  ${name}-db:`, '    image: postgres:16.4');
    const src = path.join(dir, name, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(
      path.join(dir, name, 'application.yml'),
      `spring:\n  datasource:\n    url: jdbc:postgresql://${name}-db:5432/${name}\n`,
    );
    for (let f = 0; f < perService && written < files; f++, written++) {
      const calls = f % 5 === 0;
      writeFileSync(path.join(src, `Module${f}.${EXT[lang]}`), source(lang, f, calls ? next : undefined));
    }
  }
  writeFileSync(path.join(dir, 'docker-compose.yml'), `${compose.join('\n')}\n`);
}

/** ~60 lines of ordinary code; with `callee`, one HTTP call to it inside a loop and a URL constant. */
function source(lang: Lang, n: number, callee?: string): string {
  const body = Array.from({ length: 12 }, (_, i) => i);
  const url = callee ? `http://${callee}:8080/api/items` : '';
  switch (lang) {
    case 'java':
    case 'kotlin':
      return `package shop.m${n};\n\npublic class Module${n} {\n${callee ? `    private static final String URL = "${url}";\n` : ''}${body
        .map(
          (i) =>
            `    public int step${i}(int a, int b) {\n        int c = a * ${i} + b;\n        return c > 100 ? c - 100 : c;\n    }\n`,
        )
        .join(
          '',
        )}${callee ? '    public void sync(java.util.List<String> ids) {\n        for (String id : ids) { restTemplate.getForObject(URL + "/" + id, String.class); }\n    }\n' : ''}}\n`;
    case 'go':
      return `package m${n}\n\n${callee ? `const url = "${url}"\n\n` : ''}${body
        .map(
          (i) =>
            `func Step${i}(a, b int) int {\n\tc := a*${i} + b\n\tif c > 100 {\n\t\treturn c - 100\n\t}\n\treturn c\n}\n\n`,
        )
        .join(
          '',
        )}${callee ? 'func Sync(ids []string) {\n\tfor _, id := range ids {\n\t\thttp.Get(url + "/" + id)\n\t}\n}\n' : ''}`;
    case 'python':
      return `${callee ? `import requests\n\nURL = "${url}"\n\n` : ''}${body
        .map((i) => `def step${i}(a, b):\n    c = a * ${i} + b\n    return c - 100 if c > 100 else c\n\n\n`)
        .join(
          '',
        )}${callee ? 'def sync(ids):\n    for i in ids:\n        requests.get(f"{URL}/{i}", timeout=2)\n' : ''}`;
    case 'typescript':
      return `${callee ? `const URL = '${url}';\n\n` : ''}${body
        .map(
          (i) =>
            `export function step${i}(a: number, b: number): number {\n  const c = a * ${i} + b;\n  return c > 100 ? c - 100 : c;\n}\n\n`,
        )
        .join('')}${callee ? TS_SYNC : ''}`;
    case 'csharp':
      return `namespace Shop.M${n};\n\npublic class Module${n}\n{\n${body
        .map(
          (i) =>
            `    public int Step${i}(int a, int b)\n    {\n        var c = a * ${i} + b;\n        return c > 100 ? c - 100 : c;\n    }\n`,
        )
        .join(
          '',
        )}${callee ? `    public async Task Sync(HttpClient http, string[] ids)\n    {\n        foreach (var id in ids) await http.GetAsync($"${url}/{id}");\n    }\n` : ''}}\n`;
  }
}
