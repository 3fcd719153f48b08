/**
 * The MCP server over streamable HTTP, mounted on a plain Node HTTP server on loopback with a bearer-key check
 * in front (as `plumbline serve` mounts it under /mcp), spoken to through the SDK's HTTP client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHttpHandler } from '../../src/mcp/http.js';

const repo = path.resolve(import.meta.dirname, '../..');
const KEY = 'test-key-0123456789';

describe('plumbline MCP over streamable HTTP', () => {
  let server: Server;
  let url: URL;

  beforeAll(async () => {
    const handle = createMcpHttpHandler({ roots: [repo] });
    server = createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${KEY}`) {
        res.writeHead(401, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401 }));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        void handle(req, res, text ? JSON.parse(text) : undefined);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reviews the example with a key', async () => {
    const client = new Client({ name: 'http-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: `Bearer ${KEY}` } },
      }),
    );
    const result = (await client.callTool({
      name: 'review',
      arguments: { path: 'examples/shop', minSeverity: 'high', limit: 50 },
    })) as CallToolResult;
    const ids = (result.structuredContent as { findings: { ruleId: string }[] }).findings.map(
      (f) => f.ruleId,
    );
    expect(ids).toContain('security/plaintext-secret');
    expect(ids).toContain('performance/single-replica');
    await client.close();
  });

  it('is refused without a key', async () => {
    const client = new Client({ name: 'http-agent', version: '1.0.0' });
    await expect(client.connect(new StreamableHTTPClientTransport(url))).rejects.toThrow(/401|Unauthorized/);
  });
});
