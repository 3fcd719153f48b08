/**
 * The MCP server over streamable HTTP, for `plumbline serve` to mount under `/mcp` behind its API keys.
 * Stateless: each POST gets a fresh server and transport, so no session state lives in the process and a
 * burst of agents cannot pin memory; GET/DELETE (server-initiated streams, session teardown) answer 405.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lazyRequire } from '../discover/lazy-require.js';
import { createPlumblineMcpServer, type PlumblineMcpOptions } from './server.js';

const sdkHttp = lazyRequire<typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js')>(
  '@modelcontextprotocol/sdk/server/streamableHttp.js',
);

export type McpHttpHandler = (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;

export function createMcpHttpHandler(options: PlumblineMcpOptions): McpHttpHandler {
  return async (req, res, body) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'application/json', allow: 'POST' });
      res.end(
        JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed' }, id: null }),
      );
      return;
    }
    const server = createPlumblineMcpServer(options);
    const transport = new (sdkHttp().StreamableHTTPServerTransport)({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
}
