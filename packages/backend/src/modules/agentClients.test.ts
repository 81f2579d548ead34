import {
  AGENT_CLIENT_HEADER,
  currentAgentClient,
  runWithAgentClient,
} from '@paved/plugin-paved-node';
import express from 'express';
import request from 'supertest';
import { agentClientContext, forwardAgentClient } from './agentClients';

/** An app whose routes answer the client they run for, and the body they got. */
function app() {
  const server = express();
  server.use(agentClientContext);
  // the plugins' own parser, after it: it must skip the parsed body and keep the context
  server.use(express.json());
  const answer = (req: express.Request, res: express.Response) =>
    setTimeout(
      () => res.json({ client: currentAgentClient() ?? null, body: req.body }),
      5,
    );
  server.post('/api/mcp-actions/v1', answer);
  server.post(
    '/api/paved/.backstage/actions/v1/actions/paved:logs/invoke',
    answer,
  );
  server.post('/api/paved/approvals', answer);
  return server;
}

describe('agentClientContext', () => {
  it("names an MCP call by its client's User-Agent, with the body still parsed", async () => {
    const res = await request(app())
      .post('/api/mcp-actions/v1')
      .set('User-Agent', 'claude-code/2.1.0')
      .send({ jsonrpc: '2.0', method: 'tools/call', id: 1 });
    expect(res.body).toEqual({
      client: 'claude-code/2.1.0',
      body: { jsonrpc: '2.0', method: 'tools/call', id: 1 },
    });
  });

  it('names an invoked action by the forwarded header, and nothing else', async () => {
    const invoked = await request(app())
      .post('/api/paved/.backstage/actions/v1/actions/paved:logs/invoke')
      .set(AGENT_CLIENT_HEADER, 'cursor/1.7')
      .send({ entity: 'shop' });
    expect(invoked.body).toEqual({
      client: 'cursor/1.7',
      body: { entity: 'shop' },
    });
    const other = await request(app())
      .post('/api/paved/approvals')
      .set(AGENT_CLIENT_HEADER, 'cursor/1.7')
      .send({});
    expect(other.body.client).toBeNull();
  });
});

describe('forwardAgentClient', () => {
  const sent = jest.fn(
    async (_input: any, _init?: RequestInit) => new Response('{}'),
  );
  const send = forwardAgentClient(sent as unknown as typeof fetch);
  beforeEach(() => sent.mockClear());

  it("adds the client's name to an action invoked during a tool call only", async () => {
    const invoke =
      'http://localhost:7007/api/paved/.backstage/actions/v1/actions/paved%3Alogs/invoke';
    await runWithAgentClient('claude-code/2.1.0', () =>
      send(invoke, { method: 'POST', headers: { Authorization: 'Bearer t' } }),
    );
    const headers = new Headers(sent.mock.calls[0][1]!.headers);
    expect(headers.get(AGENT_CLIENT_HEADER)).toBe('claude-code/2.1.0');
    expect(headers.get('authorization')).toBe('Bearer t');

    await send(invoke, { method: 'POST' });
    await runWithAgentClient('claude-code/2.1.0', () =>
      send('http://localhost:7007/api/catalog/entities'),
    );
    for (const call of sent.mock.calls.slice(1)) {
      expect(new Headers(call[1]?.headers).get(AGENT_CLIENT_HEADER)).toBeNull();
    }
  });
});
