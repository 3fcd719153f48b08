/**
 * `plumbline mcp` as an agent meets it: the bundled CLI started as a child process, spoken to through the
 * official SDK's client over stdio. The conversation below is also the transcript shown in docs/mcp.md
 * (UPDATE_MCP_TRANSCRIPT=1 rewrites it there; otherwise the test fails when the doc and the server disagree).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/plumbline.js');
const bundle = path.join(repo, 'dist/bundle/plumbline.cjs');
const docs = path.join(repo, 'docs/mcp.md');

interface Turn {
  tool: string;
  args: Record<string, unknown>;
  result: CallToolResult;
}

const textOf = (r: CallToolResult): string =>
  r.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');

describe.skipIf(!existsSync(bundle))(
  'plumbline mcp over stdio (the bundled CLI; run `npm run build` first)',
  () => {
    let client: Client;
    const transcript: Turn[] = [];
    const scratch = mkdtempSync(path.join(tmpdir(), 'plumbline-mcp-'));

    async function call(tool: string, args: Record<string, unknown>, record = true): Promise<CallToolResult> {
      const result = (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
      if (record) transcript.push({ tool, args, result });
      return result;
    }

    beforeAll(async () => {
      client = new Client({ name: 'plumbline-test-agent', version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [bin, 'mcp', '--root', repo, '--root', scratch],
          cwd: repo,
          stderr: 'pipe',
        }),
      );
    });

    afterAll(async () => {
      await client?.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('lists its tools, each with an input and an output schema', async () => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        'design',
        'diff',
        'explain_rule',
        'list_rules',
        'review',
        'review_contract',
        'scan',
      ]);
      for (const t of tools) {
        expect(t.inputSchema.type).toBe('object');
        expect(t.outputSchema?.type).toBe('object');
      }
    });

    it('reviews the bundled example: the plaintext secret and the single replica, with file:line evidence', async () => {
      const progress: number[] = [];
      const result = (await client.callTool(
        { name: 'review', arguments: { path: 'examples/shop', limit: 200 } },
        undefined,
        { onprogress: (p) => progress.push(p.progress) },
      )) as CallToolResult;
      expect(result.isError).toBeFalsy();
      const s = result.structuredContent as {
        system: string;
        findings: { ruleId: string; evidence: string[]; message: string }[];
        strengths: string[];
      };
      expect(s.system).toBe('shop');
      const secret = s.findings.find((f) => f.ruleId === 'security/plaintext-secret');
      expect(secret?.evidence[0]).toMatch(/^docker-compose\.yml:\d+$/);
      const replica = s.findings.find((f) => f.ruleId === 'performance/single-replica');
      expect(replica?.message).toMatch(/payments/);
      expect(replica?.evidence[0]).toMatch(/^k8s\/payments\.yaml:\d+$/);
      expect(progress.at(-1)).toBe(2);
      await call('review', { path: 'examples/shop', minSeverity: 'high', limit: 5 });
    });

    it('pages large results with a cursor', async () => {
      const first = (await call('review', { path: 'examples/shop', limit: 3 }, false)).structuredContent as {
        findings: { message: string }[];
        nextCursor?: string;
        counts: { findings: number };
      };
      expect(first.findings).toHaveLength(3);
      expect(first.nextCursor).toBe('3');
      const second = (
        await call('review', { path: 'examples/shop', limit: 3, cursor: first.nextCursor }, false)
      ).structuredContent as { findings: { message: string }[] };
      expect(second.findings[0]?.message).not.toBe(first.findings[0]?.message);
    });

    it('reviews one contract given inline', async () => {
      const text = readFileSync(path.join(repo, 'examples/shop/api/orders.openapi.yaml'), 'utf8');
      const r = await call('review_contract', { text, name: 'orders.openapi.yaml', limit: 3 }, false);
      expect(r.isError).toBeFalsy();
      const s = r.structuredContent as { findings: { evidence: string[] }[] };
      expect(s.findings[0]?.evidence[0]).toMatch(/^orders\.openapi\.yaml:\d+(:\d+)?$/);
    });

    it('scans one slice of the model', async () => {
      const r = await call('scan', { path: 'examples/shop', slice: 'dependencies' }, false);
      const s = r.structuredContent as {
        items: { from: string; to: string }[];
        counts: Record<string, number>;
      };
      expect(s.items.length).toBe(s.counts.dependencies);
      expect(s.items).toContainEqual(expect.objectContaining({ from: 'orders', to: 'payments' }));
    });

    it('designs from an example requirements file and writes scaffolds only into a new directory', async () => {
      const requirements = readFileSync(path.join(repo, 'examples/design/crud-saas.yaml'), 'utf8');
      const r = await call('design', { requirements }, true);
      expect(r.isError).toBeFalsy();
      const s = r.structuredContent as { system: string; deployables: string[]; written: string[] };
      expect(s.deployables.length).toBeGreaterThan(0);
      expect(textOf(r)).toMatch(/^# /m);
      const out = path.join(scratch, 'scaffold');
      const written = await call('design', { requirements, outDir: out }, false);
      expect((written.structuredContent as { written: string[] }).written.length).toBeGreaterThan(3);
      expect(readdirSync(out)).toContain('README.md');
      const again = await call('design', { requirements, outDir: out }, false);
      expect(again.isError).toBe(true);
      expect(textOf(again)).toMatch(/not empty/);
    });

    it('diffs two fixture versions of a contract', async () => {
      const r = await call('diff', {
        base: 'test/fixtures/diff/openapi3/base',
        head: 'test/fixtures/diff/openapi3/head',
      });
      const s = r.structuredContent as { summary: { breaking: number }; changes: { kind: string }[] };
      expect(s.summary.breaking).toBeGreaterThan(0);
      expect(s.changes.some((c) => c.kind.startsWith('openapi/'))).toBe(true);
    });

    it('explains a rule and lists rules by area', async () => {
      const r = await call('explain_rule', { id: 'performance/single-replica' }, false);
      expect((r.structuredContent as { rationale: string }).rationale.length).toBeGreaterThan(20);
      const list = await call('list_rules', { area: 'resilience' }, false);
      const rules = (list.structuredContent as { rules: { id: string }[] }).rules;
      expect(rules.length).toBeGreaterThan(2);
      expect(rules.every((x) => x.id.startsWith('resilience/'))).toBe(true);
    });

    it('answers a path outside the roots and malformed requirements with tool errors, and keeps serving', async () => {
      const outside = await call('review', { path: '/etc' });
      expect(outside.isError).toBe(true);
      expect(textOf(outside)).toMatch(/outside the allowed roots/);
      const traversal = await call('scan', { path: '../../../../etc' }, false);
      expect(traversal.isError).toBe(true);
      const bad = await call('design', { requirements: 'system: [unclosed' });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toMatch(/invalid requirements/);
      const unknownRule = await call('explain_rule', { id: 'nope/nothing' }, false);
      expect(unknownRule.isError).toBe(true);
      const still = await call('list_rules', {}, false);
      expect(still.isError).toBeFalsy();
    });

    it('offers the rule catalogue and reviewed reports as resources, and the two prompts', async () => {
      const rules = await client.readResource({ uri: 'plumbline://rules' });
      const first = rules.contents[0];
      expect(first && 'text' in first ? JSON.parse(first.text as string).length : 0).toBeGreaterThan(50);
      const { resources } = await client.listResources();
      const report = resources.find((r) => r.uri.startsWith('plumbline://report/'));
      expect(report).toBeDefined();
      const read = await client.readResource({ uri: report!.uri });
      const body = read.contents[0];
      expect(body && 'text' in body ? JSON.parse(body.text as string).system.name : '').toBe('shop');
      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name).sort()).toEqual(['architecture-review', 'new-system-design']);
      const prompt = await client.getPrompt({
        name: 'architecture-review',
        arguments: { path: 'examples/shop' },
      });
      const content = prompt.messages[0]?.content;
      expect(content?.type === 'text' ? content.text : '').toMatch(/Review Summary/);
    });

    it('matches the transcript in docs/mcp.md', () => {
      const rendered = renderTranscript(transcript)
        .replaceAll(scratch, '<scratch>')
        .replaceAll(repo, '<repo>');
      if (process.env.UPDATE_MCP_TRANSCRIPT) {
        const doc = readFileSync(docs, 'utf8');
        writeFileSync(docs, doc.replace(/<!-- transcript -->[\s\S]*<!-- \/transcript -->/, rendered));
      }
      expect(readFileSync(docs, 'utf8')).toContain(rendered);
    });
  },
);

/** The recorded turns as Markdown: each call's arguments and the text the agent reads back (trimmed). */
function renderTranscript(turns: Turn[]): string {
  const out = ['<!-- transcript -->'];
  for (const t of turns) {
    const args = Object.fromEntries(
      Object.entries(t.args).map(([k, v]) =>
        typeof v === 'string' && v.length > 120
          ? [k, `${v.slice(0, 60).split('\n')[0]}… (${v.length} chars)`]
          : [k, v],
      ),
    );
    const text = textOf(t.result).trimEnd().split('\n');
    const shown = text.length > 30 ? [...text.slice(0, 30), `… (${text.length - 30} more lines)`] : text;
    out.push(
      '',
      `**Agent → \`${t.tool}\`** \`${JSON.stringify(args)}\`${t.result.isError ? ' (tool error)' : ''}`,
      '',
      '```text',
      ...shown,
      '```',
    );
  }
  out.push('<!-- /transcript -->');
  return out.join('\n');
}
