import type { Source, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { isApplication } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';

/** Base-image repository name (last path segment, no tag) → the language it runs or builds. */
const IMAGE_LANGUAGES: [RegExp, string][] = [
  [/^(node|nodejs|bun|deno)$/, 'javascript'],
  [/^(python|pypy)$/, 'python'],
  [/^(golang|go)$/, 'go'],
  [
    /^(openjdk|eclipse-temurin|amazoncorretto|maven|gradle|java|ibm-semeru-runtimes|adoptopenjdk|sapmachine)$/,
    'java',
  ],
  [/^(sbt|scala)$/, 'scala'],
  [/^(sdk|aspnet|runtime|runtime-deps)$/, 'csharp'], // mcr.microsoft.com/dotnet/<x>
  [/^(ruby|jruby)$/, 'ruby'],
  [/^php(-fpm)?$/, 'php'],
  [/^rust$/, 'rust'],
  [/^(elixir|erlang)$/, 'elixir'],
  [/^swift$/, 'swift'],
  [/^(haskell)$/, 'haskell'],
  [/^clojure$/, 'clojure'],
];

const LANGUAGE_ALIASES: Record<string, string> = {
  typescript: 'javascript',
  ts: 'javascript',
  js: 'javascript',
  nodejs: 'javascript',
  'node.js': 'javascript',
  node: 'javascript',
  golang: 'go',
  'c#': 'csharp',
  dotnet: 'csharp',
  '.net': 'csharp',
  kotlin: 'java',
};

export function imageLanguage(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] as string;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const repo = (lastSegment.split(':')[0] as string).toLowerCase();
  if (/^(sdk|aspnet|runtime|runtime-deps)$/.test(repo) && !withoutDigest.includes('dotnet')) return undefined;
  return IMAGE_LANGUAGES.find(([re]) => re.test(repo))?.[1];
}

function normaliseLanguage(language: string): string {
  const l = language.trim().toLowerCase();
  return LANGUAGE_ALIASES[l] ?? l;
}

/** language → where it was seen (service, evidence source). */
export function languagesInUse(model: SystemModel): Map<string, { service: string; source: Source }[]> {
  const out = new Map<string, { service: string; source: Source }[]>();
  const add = (language: string | undefined, service: string, source: Source) => {
    if (!language) return;
    const list = out.get(language) ?? [];
    if (!list.some((e) => e.service === service)) list.push({ service, source });
    out.set(language, list);
  };
  const apps = new Map(model.services.filter(isApplication).map((s) => [s.id, s]));
  for (const service of apps.values()) {
    if (service.language) add(normaliseLanguage(service.language), service.id, service.source);
  }
  for (const build of model.images) {
    if (!build.serviceId || !apps.has(build.serviceId)) continue;
    for (const stage of build.stages) add(imageLanguage(stage.image), build.serviceId, stage.source);
  }
  for (const d of model.deployables) {
    if (!apps.has(d.serviceId)) continue;
    for (const c of d.containers) if (c.image && !c.init) add(imageLanguage(c.image), d.serviceId, c.source);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Distinct store engines the system runs or connects to (databases, caches, search), with evidence. */
function storeEngines(model: SystemModel): Map<string, Source> {
  const out = new Map<string, Source>();
  for (const d of model.datastores) {
    if (d.engine === 'unknown' || !['database', 'cache', 'search'].includes(d.category)) continue;
    if (!out.has(d.engine)) out.set(d.engine, d.source);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** How many teams' worth of people: declared teams, else engineers / 7 (a two-pizza team), at least 1. */
export function teamCapacity(team: { teams?: number; engineers?: number }): number {
  if (team.teams) return team.teams;
  return Math.max(1, Math.ceil((team.engineers ?? 0) / 7));
}

export function languageBudget(capacity: number): number {
  return Math.max(2, capacity + 1);
}

export function storeBudget(capacity: number): number {
  return Math.max(3, capacity + 2);
}

function describeTeam(team: { teams?: number; engineers?: number }): string {
  const parts: string[] = [];
  if (team.teams) parts.push(`${team.teams} team${team.teams === 1 ? '' : 's'}`);
  if (team.engineers) parts.push(`${team.engineers} engineer${team.engineers === 1 ? '' : 's'}`);
  return parts.join(', ');
}

const DOCKERFILE = (base: string) => `FROM ${base}\nWORKDIR /app\nCOPY . .\nUSER 10001\nCMD ["./start"]\n`;

const { messages, say } = defineMessages({
  tooManyLanguages: '{{count}} languages for a declared team of {{team}} (budget {{budget}}): {{languages}}',
  tooManyStoreEngines:
    '{{count}} datastore engines for a declared team of {{team}} (budget {{budget}}): {{engines}}',
});

export const technologySprawl: Rule = {
  id: 'services/technology-sprawl',
  area: 'services',
  severity: 'medium',
  title: 'More languages or datastore engines than the declared team can sustain',
  messages,
  rationale:
    'Every language and every database engine needs people who can build, patch, tune and run it at 3 a.m.: build images, ' +
    'CVE upgrades, client libraries, observability, backups. Polyglot freedom pays off when teams are large enough to own ' +
    "their stacks; a small team spread over many stacks ends up with shallow knowledge of all of them (Newman's caution on " +
    'technology heterogeneity, Taibi & Lenarduzzi\'s "too many technologies"). Judged only against a team size declared in ' +
    'plumbline.yaml; the budget is one language per team plus one, and at least three store engines.',
  references: [
    'Newman, Building Microservices (2nd ed.), ch. 1: technology heterogeneity and its costs',
    'Taibi & Lenarduzzi, "On the Definition of Microservice Bad Smells", IEEE Software 35(3), 2018 (too many standards)',
    'Skelton & Pais, Team Topologies (2019): cognitive load as the limit on what a team owns',
  ],
  recommendation:
    'Converge on fewer stacks (pick a default language and a default database, and require a reason to deviate), or grow ' +
    'the team structure to match — and update `team:` in plumbline.yaml if it is out of date.',
  fix: {
    description:
      'Record the default stack and any deliberate exception as an architecture decision, and migrate the outliers.',
    language: 'text',
    snippet:
      '# docs/adr/0007-default-stack.md\nStatus: accepted\nDecision: new services use Go and PostgreSQL. Existing Python services are\nported when next substantially changed. Exceptions need an ADR naming the owning team.',
  },
  examples: {
    fail: {
      description: 'one team of four runs services in four languages',
      files: {
        'plumbline.yaml': 'system: shop\nteam:\n  teams: 1\n  engineers: 4\n',
        'docker-compose.yml':
          'services:\n  orders:\n    build: ./orders\n  payments:\n    build: ./payments\n  search:\n    build: ./search\n  emails:\n    build: ./emails\n',
        'orders/Dockerfile': DOCKERFILE('golang:1.22.5'),
        'payments/Dockerfile': DOCKERFILE('eclipse-temurin:21.0.3_9-jre'),
        'search/Dockerfile': DOCKERFILE('python:3.12.4-slim'),
        'emails/Dockerfile': DOCKERFILE('node:20.15.1-alpine'),
      },
      findings: [
        {
          at: 'emails/Dockerfile:1',
          messageId: 'tooManyLanguages',
          message:
            '4 languages for a declared team of 1 team, 4 engineers (budget 2): go (orders); java (payments); javascript (emails); python (search)',
          also: ['orders/Dockerfile:1', 'payments/Dockerfile:1', 'plumbline.yaml:1', 'search/Dockerfile:1'],
        },
      ],
    },
    pass: {
      description: 'one team of four runs two languages',
      files: {
        'plumbline.yaml': 'system: shop\nteam:\n  teams: 1\n  engineers: 4\n',
        'docker-compose.yml':
          'services:\n  orders:\n    build: ./orders\n  payments:\n    build: ./payments\n  web:\n    build: ./web\n',
        'orders/Dockerfile': DOCKERFILE('golang:1.22.5'),
        'payments/Dockerfile': DOCKERFILE('golang:1.22.5'),
        'web/Dockerfile': DOCKERFILE('node:20.15.1-alpine'),
      },
    },
  },
  check(model) {
    const team = model.declared.team;
    if (!team || (!team.teams && !team.engineers)) return { findings: [] };
    const capacity = teamCapacity(team);
    const teamText = describeTeam(team);
    const teamSource = model.declared.source ? [model.declared.source] : [];
    const findings: FindingDraft[] = [];

    const languages = languagesInUse(model);
    const maxLanguages = languageBudget(capacity);
    if (languages.size > maxLanguages) {
      const detail = [...languages].map(([l, seen]) => `${l} (${seen.map((s) => s.service).join(', ')})`);
      findings.push({
        ...say.tooManyLanguages({
          count: languages.size,
          team: teamText,
          budget: maxLanguages,
          languages: detail.join('; '),
        }),
        locations: [
          ...teamSource,
          ...[...languages.values()].map((seen) => (seen[0] as { source: Source }).source),
        ],
        element: 'sprawl:languages',
        data: {
          languages: Object.fromEntries([...languages].map(([l, seen]) => [l, seen.map((s) => s.service)])),
          budget: maxLanguages,
          team,
        },
      });
    }

    const engines = storeEngines(model);
    const maxStores = storeBudget(capacity);
    if (engines.size > maxStores) {
      findings.push({
        ...say.tooManyStoreEngines({
          count: engines.size,
          team: teamText,
          budget: maxStores,
          engines: [...engines.keys()].join(', '),
        }),
        locations: [...teamSource, ...engines.values()],
        element: 'sprawl:stores',
        data: { engines: [...engines.keys()], budget: maxStores, team },
      });
    }
    return {
      findings,
      strength:
        findings.length === 0 && languages.size + engines.size > 0
          ? `${languages.size} language${languages.size === 1 ? '' : 's'} and ${engines.size} store engine${engines.size === 1 ? '' : 's'}: within what a team of ${teamText} can sustain`
          : undefined,
    };
  },
};
