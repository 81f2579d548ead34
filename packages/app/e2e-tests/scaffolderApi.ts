import { APIRequestContext, expect } from '@playwright/test';
import { backendUrl } from './backends';

/** The backend the tests talk to. */
export const BACKEND = 'http://localhost:7007';

/**
 * Signs in as the guest user (Alice, lead of team-checkout) and returns a Backstage token. Right after the
 * backend starts, the catalog may not have read the org yet, and a token issued then carries no team; so
 * wait until the catalog knows Alice as a member of team-checkout, then sign in.
 */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const signIn = async () => {
    const response = await request.get(
      `${backendUrl()}/api/auth/guest/refresh`,
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      },
    );
    expect(response.ok(), await response.text()).toBe(true);
    return (await response.json()).backstageIdentity.token as string;
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    const token = await signIn();
    const alice = await request.get(
      `${backendUrl()}/api/catalog/entities/by-name/user/default/alice`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    const memberOf = alice.ok() ? (await alice.json()).relations ?? [] : [];
    if (
      memberOf.some(
        (r: any) =>
          r.type === 'memberOf' &&
          r.targetRef === 'group:default/team-checkout',
      )
    ) {
      return signIn();
    }
    if (Date.now() > deadline)
      throw new Error(
        'the catalog never listed alice as a member of team-checkout',
      );
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** The outcome of a scaffolder task: its status and the log lines it wrote. */
export interface TaskResult {
  id: string;
  status: string;
  log: string;
  /** The template's `output`, as the task's completion event reports it. */
  output?: Record<string, unknown>;
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
  await waitForTemplate(request, token, template);
  const created = await request.post(
    `${backendUrl()}/api/scaffolder/v2/tasks`,
    {
      headers,
      data: { templateRef: `template:default/${template}`, values },
    },
  );
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  const deadline = Date.now() + timeoutMs;
  let status = 'open';
  while (Date.now() < deadline) {
    const task = await (
      await request.get(`${backendUrl()}/api/scaffolder/v2/tasks/${id}`, {
        headers,
      })
    ).json();
    status = task.status;
    if (['completed', 'failed', 'cancelled'].includes(status)) break;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  const events = await (
    await request.get(`${backendUrl()}/api/scaffolder/v2/tasks/${id}/events`, {
      headers,
    })
  ).json();
  const list = events as Array<{
    type?: string;
    body?: { message?: string; output?: Record<string, unknown> };
  }>;
  const log = list
    .map(e => e.body?.message)
    .filter(Boolean)
    .join('\n');
  const output = list.find(e => e.type === 'completion')?.body?.output;
  return { id, status, log, output };
}

/** Reads Paved's overview of a component as the signed-in user. */
export async function overview(
  request: APIRequestContext,
  token: string,
  component: string,
) {
  const response = await request.get(
    `${backendUrl()}/api/paved/entities/default/component/${component}/overview`,
    {
      headers: { Authorization: `Bearer ${token}` },
    },
  );
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}

/**
 * The overview of a component once `ready` holds for it. The entity views share their cluster reads for
 * `paved.sharedReads.ttlMs` (3 s), so a change shows in them within that time, not at once; the last
 * overview is answered after 15 s either way, for the test's own expectations to name what is missing.
 */
export async function overviewWhen(
  request: APIRequestContext,
  token: string,
  component: string,
  ready: (view: any) => boolean,
) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const view = await overview(request, token, component);
    if (ready(view) || Date.now() > deadline) return view;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** Waits until the catalog has read a template from its location (right after start it may not have). */
export async function waitForTemplate(
  request: APIRequestContext,
  token: string,
  template: string,
) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await request.get(
      `${backendUrl()}/api/catalog/entities/by-name/template/default/${template}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    if (response.ok()) return;
    if (Date.now() > deadline)
      throw new Error(`template ${template} never appeared in the catalog`);
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}
