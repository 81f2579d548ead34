import { APIRequestContext, expect } from '@playwright/test';
import { backendUrl } from './backends';
import { USERS, as } from './users';

/** Waits until a user has a Backstage notification of a topic whose title matches, and returns it. */
export async function notificationFor(
  request: APIRequestContext,
  user: keyof typeof USERS,
  options: { topic: string; title: string | RegExp; timeoutMs?: number },
): Promise<{ payload: Record<string, string> }> {
  const matches = (title: string) =>
    typeof options.title === 'string'
      ? title === options.title
      : options.title.test(title);
  let found: { payload: Record<string, string> } | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(
          `${backendUrl()}/api/notifications/notifications?topic=${
            options.topic
          }&limit=100`,
          { headers: await as(request, user) },
        );
        if (!res.ok()) return `HTTP ${res.status()}`;
        const { notifications } = await res.json();
        found = notifications.find((n: any) => matches(n.payload.title));
        return found ? 'found' : `${notifications.length} others`;
      },
      {
        timeout: options.timeoutMs ?? 30_000,
        message: `a ${options.topic} notification for ${user}: ${options.title}`,
      },
    )
    .toBe('found');
  return found!;
}
