import { expect, Page } from '@playwright/test';

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
