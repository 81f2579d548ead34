import { APIRequestContext, expect } from '@playwright/test';

/** The backend the tests talk to. */
export const BACKEND = 'http://localhost:7007';

/** Signs in as the guest user (Alice, lead of team-checkout) and returns a Backstage token. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const response = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const body = await response.json();
  return body.backstageIdentity.token;
}

/** The outcome of a scaffolder task: its status and the log lines it wrote. */
export interface TaskResult {
  id: string;
  status: string;
  log: string;
}

/** Runs a template through the scaffolder's task API and waits for it to end. */
export async function runTemplate(
  request: APIRequestContext,
  token: string,
  template: string,
  values: Record<string, unknown>,
  timeoutMs = 240_000,
): Promise<TaskResult> {
  const headers = { Authorization: `Bearer ${token}` };
  const created = await request.post(`${BACKEND}/api/scaffolder/v2/tasks`, {
    headers,
    data: { templateRef: `template:default/${template}`, values },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  const deadline = Date.now() + timeoutMs;
  let status = 'open';
  while (Date.now() < deadline) {
    const task = await (
      await request.get(`${BACKEND}/api/scaffolder/v2/tasks/${id}`, { headers })
    ).json();
    status = task.status;
    if (['completed', 'failed', 'cancelled'].includes(status)) break;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  const events = await (
    await request.get(`${BACKEND}/api/scaffolder/v2/tasks/${id}/events`, {
      headers,
    })
  ).json();
  const log = (events as Array<{ body?: { message?: string } }>)
    .map(e => e.body?.message)
    .filter(Boolean)
    .join('\n');
  return { id, status, log };
}

/** Reads Paved's overview of a component as the signed-in user. */
export async function overview(
  request: APIRequestContext,
  token: string,
  component: string,
) {
  const response = await request.get(
    `${BACKEND}/api/paved/entities/default/component/${component}/overview`,
    {
      headers: { Authorization: `Bearer ${token}` },
    },
  );
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}
