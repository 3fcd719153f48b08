/** `plumbline mcp`: the MCP server over stdio, for agents that start it as a child process. */
import { lazyRequire } from '../discover/lazy-require.js';
import { createPlumblineMcpServer, type PlumblineMcpOptions } from './server.js';

const sdkStdio = lazyRequire<typeof import('@modelcontextprotocol/sdk/server/stdio.js')>(
  '@modelcontextprotocol/sdk/server/stdio.js',
);

/** Serve until stdin closes. Nothing but protocol messages may go to stdout. */
export async function serveMcpOverStdio(options: PlumblineMcpOptions): Promise<void> {
  const server = createPlumblineMcpServer(options);
  const transport = new (sdkStdio().StdioServerTransport)();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.on('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
