/**
 * Plumbline's MCP server: the review, scan, design, diff and rule tools an AI agent calls to answer from a
 * repository's real files, the latest report and model of each reviewed root and the rule catalogue as
 * resources, and two prompts that lead an agent into Plumbline's two response shapes (Architecture Review, New
 * System Design). Transport-free: stdio.ts and http.ts connect it.
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  McpServer as McpServerType,
  ResourceTemplate as ResourceTemplateType,
} from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { type DiscoveryResult, discoverDirectory, discoverFiles } from '../discover/index.js';
import { lazyRequire } from '../discover/lazy-require.js';
import { formatConfigProblem, loadReviewConfig } from '../review/config-load.js';
import { review as reviewDiscovery } from '../review/index.js';
import type { Report } from '../review/report.js';
import { allRules } from '../rules/index.js';
import { AREAS, type Area, SEVERITIES, type Severity } from '../rules/types.js';
import { VERSION } from '../version.js';
import { ARCHITECTURE_REVIEW_PROMPT, NEW_SYSTEM_DESIGN_PROMPT } from './prompts.js';
import { confine, confineNew, PathOutsideRootsError, realRoots, rootsFromUris } from './roots.js';
import {
  DiffShape,
  diffMarkdown,
  diffSummary,
  ReviewSummaryShape,
  reviewMarkdown,
  reviewSummary,
  SCAN_SLICES,
  ScanShape,
  scanMarkdown,
  scanSummary,
} from './summaries.js';

const sdkMcp = lazyRequire<typeof import('@modelcontextprotocol/sdk/server/mcp.js')>(
  '@modelcontextprotocol/sdk/server/mcp.js',
);

export interface PlumblineMcpOptions {
  /** Directories the tools may read (and write scaffolds into). Empty: the client's roots, else the cwd. */
  roots?: string[];
}

/** A tool failure the agent can act on: returned as `isError` content, never a crashed server. */
class ToolError extends Error {}

const DEFAULT_PAGE = 20;

export function createPlumblineMcpServer(options: PlumblineMcpOptions = {}): McpServerType {
  const { McpServer, ResourceTemplate } = sdkMcp();
  const server = new McpServer(
    { name: 'plumbline', version: VERSION },
    {
      capabilities: { logging: {} },
      instructions:
        'Plumbline reviews a backend system from its repository files (OpenAPI, AsyncAPI, GraphQL, proto, compose, Kubernetes, SQL, Dockerfiles) and designs new systems from requirements. Quote findings with their file:line evidence; do not invent facts the tools did not return.',
    },
  );
  const reports = new Map<string, { report: Report; discovery: DiscoveryResult }>();
  let clientRoots: string[] | undefined;

  async function roots(): Promise<string[]> {
    if (options.roots?.length) return realRoots(options.roots);
    if (!clientRoots) {
      clientRoots = [];
      if (server.server.getClientCapabilities()?.roots) {
        try {
          const listed = await server.server.listRoots();
          clientRoots = rootsFromUris(listed.roots.map((r) => r.uri));
        } catch {
          clientRoots = [];
        }
      }
    }
    return realRoots(clientRoots.length ? clientRoots : [process.cwd()]);
  }

  async function within(requested: string): Promise<string> {
    try {
      return await confine(requested, await roots());
    } catch (err) {
      if (err instanceof PathOutsideRootsError) throw new ToolError(err.message);
      throw err;
    }
  }

  async function reviewPath(dir: string): Promise<{ report: Report; discovery: DiscoveryResult }> {
    const loaded = await loadReviewConfig(dir);
    if (loaded.errors.length)
      throw new ToolError(`invalid plumbline.yaml: ${loaded.errors.map(formatConfigProblem).join('; ')}`);
    const discovery = await discoverDirectory(dir);
    const report = reviewDiscovery(discovery, { rules: loaded.rules, suppressions: loaded.suppressions });
    reports.set(dir, { report, discovery });
    return { report, discovery };
  }

  const pageArgs = {
    limit: z
      .number()
      .int()
      .min(1)
      .max(200)
      .optional()
      .describe(`findings per page (default ${DEFAULT_PAGE})`),
    cursor: z.string().optional().describe('nextCursor of the previous page'),
  };
  const offsetOf = (cursor: string | undefined): number => {
    if (cursor === undefined) return 0;
    const n = Number(cursor);
    if (!Number.isInteger(n) || n < 0) throw new ToolError(`invalid cursor "${cursor}"`);
    return n;
  };

  /** One page of a review's findings, as Markdown text and as structured content. */
  const summaryPage = (
    report: Report,
    args: { areas?: Area[]; minSeverity?: Severity; limit?: number; cursor?: string },
  ) => {
    const summary = reviewSummary(report, {
      ...(args.areas ? { areas: args.areas } : {}),
      minSeverity: args.minSeverity,
      limit: args.limit ?? DEFAULT_PAGE,
      offset: offsetOf(args.cursor),
    });
    return {
      content: [{ type: 'text' as const, text: reviewMarkdown(summary) }],
      structuredContent: summary,
    };
  };

  server.registerTool(
    'review',
    {
      title: 'Review a repository',
      description:
        'Review the architecture of a repository or folder: overall assessment, findings (each with file:line evidence, why it matters and a concrete fix) and strengths. Paths are confined to the declared roots.',
      inputSchema: {
        path: z
          .string()
          .describe('repository or folder to review (relative paths resolve against the first root)'),
        areas: z.array(z.enum(AREAS)).optional().describe('only findings of these areas'),
        minSeverity: z.enum(SEVERITIES).optional().describe('only findings at or above this severity'),
        ...pageArgs,
      },
      outputSchema: ReviewSummaryShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async (args, extra) => {
      const dir = await within(args.path);
      const progress = progressReporter(extra);
      await progress(0, 2, `reviewing ${args.path}`);
      const { report } = await reviewPath(dir);
      await progress(2, 2, 'review done');
      return summaryPage(report, args);
    }),
  );

  server.registerTool(
    'review_contract',
    {
      title: 'Review one API contract',
      description:
        'Review one OpenAPI/Swagger, AsyncAPI, GraphQL SDL or .proto contract, given as a file path inside the roots or as inline text with a file name that tells its kind.',
      inputSchema: {
        path: z.string().optional().describe('the contract file'),
        text: z.string().max(20_000_000).optional().describe('the contract itself, instead of a path'),
        name: z
          .string()
          .optional()
          .describe(
            'file name for inline text, e.g. openapi.yaml, schema.graphql, api.proto (default openapi.yaml)',
          ),
        minSeverity: z.enum(SEVERITIES).optional(),
        ...pageArgs,
      },
      outputSchema: ReviewSummaryShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async (args) => {
      let discovery: DiscoveryResult;
      if (args.path !== undefined) {
        const file = await within(args.path);
        if (!(await stat(file)).isFile())
          throw new ToolError(`${args.path} is not a file; use the review tool`);
        discovery = await discoverDirectory(file);
      } else if (args.text !== undefined) {
        const name = path.posix.basename(args.name ?? 'openapi.yaml');
        discovery = discoverFiles(
          [{ path: name, text: args.text, bytes: Buffer.byteLength(args.text) }],
          '.',
          {
            name,
          },
        );
      } else {
        throw new ToolError('give either path or text');
      }
      if (discovery.model.artifacts.length === 0 && discovery.model.diagnostics.length === 0)
        throw new ToolError(
          'no contract was recognised: is it OpenAPI/Swagger, AsyncAPI, GraphQL SDL or .proto?',
        );
      return summaryPage(reviewDiscovery(discovery), args);
    }),
  );

  server.registerTool(
    'scan',
    {
      title: 'Scan a repository into its system model',
      description:
        'Discover the system model (services, dependencies, datastores, APIs, each with file:line) without reviewing. Use slice to get one part.',
      inputSchema: {
        path: z.string(),
        slice: z
          .enum(SCAN_SLICES)
          .optional()
          .describe('which part of the model (default summary: counts only)'),
      },
      outputSchema: ScanShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async (args) => {
      const discovery = await discoverDirectory(await within(args.path));
      const summary = scanSummary(discovery, args.slice ?? 'summary');
      return {
        content: [{ type: 'text', text: scanMarkdown(summary, discovery) }],
        structuredContent: summary,
      };
    }),
  );

  server.registerTool(
    'design',
    {
      title: 'Design a new system',
      description:
        'Turn requirements (YAML or JSON; see docs/design.md) into a recommended architecture with the capacity and availability math, a roadmap and risks; optionally write scaffolds (OpenAPI, AsyncAPI, compose, Kubernetes, C4, ADRs) into a new directory inside the roots.',
      inputSchema: {
        requirements: z.string().max(1_000_000).describe('the requirements document, YAML or JSON'),
        outDir: z.string().optional().describe('write scaffolds here (must not exist yet, or be empty)'),
      },
      outputSchema: {
        system: z.string(),
        pattern: z.string(),
        deployables: z.array(z.string()),
        risks: z.array(z.string()),
        written: z.array(z.string()),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    guarded(async (args) => {
      const { designSystem, parseRequirements, RequirementsError, renderDesign, scaffoldFiles } =
        await import('../design/index.js');
      let requirements: ReturnType<typeof parseRequirements>;
      try {
        requirements = parseRequirements(args.requirements, 'requirements.yaml');
      } catch (err) {
        if (err instanceof RequirementsError) throw new ToolError(`invalid requirements:\n${err.message}`);
        throw err;
      }
      const result = designSystem(requirements);
      const written: string[] = [];
      if (args.outDir) written.push(...(await writeNewScaffolds(args.outDir, scaffoldFiles(result))));
      const structured = {
        system: result.system,
        pattern: String(result.pattern.pattern),
        deployables: result.deployables.map((d) => d.name),
        risks: result.risks.map((r) => r.risk),
        written,
      };
      return { content: [{ type: 'text', text: renderDesign(result, 'md') }], structuredContent: structured };
    }),
  );

  async function writeNewScaffolds(outDir: string, files: Record<string, string>): Promise<string[]> {
    let target: string;
    try {
      target = await confineNew(outDir, await roots());
    } catch (err) {
      if (err instanceof PathOutsideRootsError) throw new ToolError(err.message);
      throw err;
    }
    const existing = await readdir(target).catch(() => undefined);
    if (existing && existing.length > 0)
      throw new ToolError(`${outDir} is not empty; scaffolds are written only into a new or empty directory`);
    const written: string[] = [];
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(target, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text, { flag: 'wx' });
      written.push(path.join(outDir, rel));
    }
    return written;
  }

  server.registerTool(
    'diff',
    {
      title: 'Breaking changes between two contract versions',
      description:
        'Compare the API contracts (OpenAPI 2.0/3.x, .proto) of two versions: two paths, or one repository path and a git ref (base) of it.',
      inputSchema: {
        base: z.string().describe('old version: a file or directory, or a git ref when `path` is given'),
        head: z.string().optional().describe('new version: a file or directory'),
        path: z
          .string()
          .optional()
          .describe('repository whose working tree is the new version and `base` a git ref'),
      },
      outputSchema: DiffShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async (args) => {
      const [{ diffContracts }, { discoverContracts, discoverContractsAtRef }] = await Promise.all([
        import('../diff/diff-contracts.js'),
        import('../diff/load.js'),
      ]);
      let base: DiscoveryResult;
      let head: DiscoveryResult;
      if (args.path !== undefined) {
        const repo = await within(args.path);
        if (!/^[\w./@^~-]+$/.test(args.base) || args.base.startsWith('-'))
          throw new ToolError(`"${args.base}" is not a git ref`);
        base = await discoverContractsAtRef(repo, args.base);
        head = await discoverContracts(repo);
      } else if (args.head !== undefined) {
        base = await discoverContracts(await within(args.base));
        head = await discoverContracts(await within(args.head));
      } else {
        throw new ToolError('give base and head, or path and base (a git ref)');
      }
      const summary = diffSummary(diffContracts(base, head));
      return { content: [{ type: 'text', text: diffMarkdown(summary) }], structuredContent: summary };
    }),
  );

  const ruleMeta = (id: string) => {
    const rule = allRules.find((r) => r.id === id);
    if (!rule) throw new ToolError(`no rule "${id}"; list_rules gives the ids`);
    return rule;
  };

  server.registerTool(
    'explain_rule',
    {
      title: 'Explain a rule',
      description:
        'A rule in full: why it matters, the fix pattern, references, and its failing and passing examples.',
      inputSchema: { id: z.string().describe('rule id, e.g. resilience/missing-readiness-probe') },
      outputSchema: {
        id: z.string(),
        area: z.string(),
        severity: z.string(),
        title: z.string(),
        rationale: z.string(),
        recommendation: z.string(),
        fix: z.object({ description: z.string(), snippet: z.string().optional() }),
        references: z.array(z.string()),
        examples: z.array(z.object({ description: z.string(), files: z.record(z.string(), z.string()) })),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async (args) => {
      const r = ruleMeta(args.id);
      const examples = [r.examples.fail, r.examples.pass].flat().map((e) => ({
        description: e.description,
        files: e.files,
      }));
      const structured = {
        id: r.id,
        area: r.area,
        severity: r.severity,
        title: r.title,
        rationale: r.rationale,
        recommendation: r.recommendation,
        fix: { description: r.fix.description, snippet: r.fix.snippet },
        references: r.references,
        examples,
      };
      const text = [
        `## ${r.id} (${r.severity}, ${r.area})`,
        r.title,
        '',
        `Why: ${r.rationale}`,
        '',
        `Fix: ${r.recommendation}`,
        ...(r.fix.snippet ? ['', '```', r.fix.snippet.trimEnd(), '```'] : []),
        '',
        ...r.references.map((x) => `- ${x}`),
        '',
      ].join('\n');
      return { content: [{ type: 'text', text }], structuredContent: structured };
    }),
  );

  server.registerTool(
    'list_rules',
    {
      title: 'List the rules',
      description: 'Every rule Plumbline runs, optionally of one area.',
      inputSchema: { area: z.enum(AREAS).optional() },
      outputSchema: {
        rules: z.array(
          z.object({ id: z.string(), area: z.string(), severity: z.string(), title: z.string() }),
        ),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async (args) => {
      const rules = allRules
        .filter((r) => !args.area || r.area === args.area)
        .map((r) => ({ id: r.id, area: r.area, severity: r.severity, title: r.title }));
      const text = rules.map((r) => `- \`${r.id}\` (${r.severity}) ${r.title}`).join('\n');
      return { content: [{ type: 'text', text: `${text}\n` }], structuredContent: { rules } };
    }),
  );

  server.registerResource(
    'rules',
    'plumbline://rules',
    {
      title: 'Rule catalogue',
      description: 'Every rule with its rationale, fix and references',
      mimeType: 'application/json',
    },
    async (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: JSON.stringify(
            allRules.map(({ check: _check, examples: _examples, ...meta }) => meta),
            null,
            2,
          ),
        },
      ],
    }),
  );

  const reviewedTemplate = (kind: 'report' | 'model'): ResourceTemplateType =>
    new ResourceTemplate(`plumbline://${kind}/{root}`, {
      list: async () => ({
        resources: [...reports.keys()].map((dir) => ({
          uri: `plumbline://${kind}/${encodeURIComponent(dir)}`,
          name: `${kind} of ${dir}`,
          mimeType: 'application/json',
        })),
      }),
    });
  for (const kind of ['report', 'model'] as const) {
    server.registerResource(
      kind,
      reviewedTemplate(kind),
      {
        title:
          kind === 'report' ? 'Latest review report of a reviewed root' : 'System model of a reviewed root',
        mimeType: 'application/json',
      },
      async (uri, variables) => {
        const dir = decodeURIComponent(String(variables.root));
        const entry = reports.get(dir);
        if (!entry)
          throw new Error(`${dir} has not been reviewed in this session; call the review tool first`);
        const value = kind === 'report' ? entry.report : entry.discovery.model;
        return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value) }] };
      },
    );
  }

  server.registerPrompt(
    'architecture-review',
    {
      title: 'Architecture review',
      description:
        'Review a repository with Plumbline and answer as an architect, every claim backed by file:line',
      argsSchema: { path: z.string().describe('repository to review') },
    },
    ({ path: target }) => ({
      messages: [{ role: 'user', content: { type: 'text', text: ARCHITECTURE_REVIEW_PROMPT(target) } }],
    }),
  );
  server.registerPrompt(
    'new-system-design',
    {
      title: 'New system design',
      description:
        'Design a new backend system from requirements with Plumbline and present it as an architect',
      argsSchema: {
        requirements: z.string().describe('what the system must do, its load, targets and constraints'),
      },
    },
    ({ requirements }) => ({
      messages: [{ role: 'user', content: { type: 'text', text: NEW_SYSTEM_DESIGN_PROMPT(requirements) } }],
    }),
  );

  return server;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Turns ToolErrors and unexpected failures into `isError` results: the agent reads why, the server lives on. */
function guarded<A>(
  handler: (args: A, extra: Extra) => Promise<CallToolResult>,
): (args: A, extra: Extra) => Promise<CallToolResult> {
  return async (args, extra) => {
    try {
      return await handler(args, extra);
    } catch (err) {
      const message = err instanceof ToolError ? err.message : `internal error: ${(err as Error).message}`;
      return { isError: true, content: [{ type: 'text', text: message }] };
    }
  };
}

function progressReporter(extra: Extra): (progress: number, total: number, message: string) => Promise<void> {
  const token = extra._meta?.progressToken;
  return async (progress, total, message) => {
    if (token === undefined) return;
    await extra.sendNotification({
      method: 'notifications/progress',
      params: { progressToken: token, progress, total, message },
    });
  };
}
