import { APIRequestContext } from '@playwright/test';
import { backendUrl } from './backends';

/** The example org's users by tier (examples/org.yaml). */
export const USERS = {
  /** developer in team-checkout */
  bob: 'bob',
  /** lead of team-checkout */
  alice: 'alice',
  /** developer in team-search */
  dave: 'dave',
  /** lead of team-search */
  carol: 'carol',
  /** platform admin (team-platform) */
  erin: 'erin',
} as const;

const tokens = new Map<string, string>();

/**
 * A real Backstage token for one of the example users, from the local sign-in (`auth.providers.localUsers`).
 * Right after the backend starts the catalog may not have read the org yet, and a token issued then carries no
 * team; so sign in again until the token names the user's groups.
 */
export async function userToken(
  request: APIRequestContext,
  name: keyof typeof USERS,
): Promise<string> {
  const key = `${backendUrl()} ${name}`;
  const cached = tokens.get(key);
  if (cached) return cached;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await request
      .get(`${backendUrl()}/api/auth/localUsers/refresh`, {
        headers: {
          'X-Requested-With': 'XMLHttpRequest',
          'x-paved-local-user': name,
        },
      })
      .catch(() => undefined); // the backend may still be starting
    // until the catalog has read the org, sign-in answers "User not found"
    const identity = response?.ok()
      ? (await response.json()).backstageIdentity
      : undefined;
    const token: string = identity?.token ?? '';
    const ownership: string[] = identity?.identity?.ownershipEntityRefs ?? [];
    if (token && ownership.some(ref => ref.startsWith('group:'))) {
      tokens.set(key, token);
      return token;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `could not sign in as ${name} with their groups: ${
          response
            ? `${response.status()} ${await response.text()}`
            : 'no answer'
        }`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** Headers that authenticate as the user. */
export async function as(
  request: APIRequestContext,
  name: keyof typeof USERS,
): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await userToken(request, name)}` };
}
