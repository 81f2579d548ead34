import { expect, Page } from '@playwright/test';
import { backendUrl } from './backends';
import { USERS } from './users';

/** Signs in with the guest provider (Alice) and waits until the app shows its navigation. */
export async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page
      .getByTestId('sidebar-root')
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** Signs in as another example user: the guest sign-in is answered with that user's local sign-in. */
export async function signInAs(page: Page, user: keyof typeof USERS) {
  await page.route('**/api/auth/guest/refresh*', async route => {
    const response = await route.fetch({
      url: `${backendUrl()}/api/auth/localUsers/refresh`,
      headers: {
        ...route.request().headers(),
        'x-paved-local-user': user,
      },
    });
    await route.fulfill({ response });
  });
  await signIn(page);
}
