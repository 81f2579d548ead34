import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** A tool's answer as a test reads it: the structured result, its text, its size, and whether it failed. */
export interface ToolAnswer {
  isError: boolean;
  /** The structured result (absent for an error). */
  result: any;
  /** The text content (an error's words). */
  text: string;
  /** Bytes of the result's JSON text. */
  bytes: number;
}

/**
 * The official MCP SDK client on a test backend's MCP endpoint (`/api/mcp-actions/v1`), sending
 * `authorization` with every request: what an IDE agent or chat client does.
 */
export async function connectMcp(
  server: Server,
  authorization: string,
): Promise<{
  client: Client;
  call: (name: string, args: object) => Promise<ToolAnswer>;
}> {
  const { port } = server.address() as AddressInfo;
  const transport = new StreamableHTTPClientTransport(
    new URL(`http://127.0.0.1:${port}/api/mcp-actions/v1`),
    { requestInit: { headers: { Authorization: authorization } } },
  );
  const client = new Client({ name: 'paved-tests', version: '1.0.0' });
  await client.connect(transport);
  const call = async (name: string, args: object): Promise<ToolAnswer> => {
    const answer = await client.callTool({ name, arguments: args as any });
    const text = ((answer.content as any[]) ?? [])
      .map(c => (c.type === 'text' ? c.text : ''))
      .join('');
    return {
      isError: Boolean(answer.isError),
      result: answer.structuredContent,
      text,
      bytes: Buffer.byteLength(text, 'utf8'),
    };
  };
  return { client, call };
}
