import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import demoOrganisation from '../../../src/domain/demo/demo-organisation.json';
import type { Staff } from '../../../src/domain/organisation/organisation.schema';

/** A member of the demo county's staff, with the password the server seeds for them. */
export interface DemoStaff extends Staff {
  readonly password: string;
}

export function demoStaff(id: string): DemoStaff {
  const staff = (demoOrganisation.staff as Staff[]).find((candidate) => candidate.id === id);
  const password = (demoOrganisation.demoPasswords as Record<string, string>)[id];
  if (staff === undefined || password === undefined) throw new Error(`the demo organisation lacks ${id}`);
  return { ...staff, password };
}

/** Fills in the sign-in page (opening it first when elsewhere) and waits until the app has left it. */
export async function signIn(page: Page, staff: DemoStaff, password = staff.password): Promise<void> {
  if (!new URL(page.url()).hash.startsWith('#/sign-in')) {
    await page.evaluate(() => {
      location.hash = '#/sign-in';
    });
  }
  await submitSignIn(page, staff.id, password);
  await expect.poll(() => new URL(page.url()).hash).not.toMatch(/^#\/sign-in/);
  await page.locator('jb-app header').getByText(staff.name, { exact: true }).waitFor();
}

/** Submits the sign-in form as it is, for tests that expect a refusal. */
export async function submitSignIn(page: Page, staffId: string, password: string): Promise<void> {
  const form = page.locator('jb-page-sign-in');
  await form.getByLabel('工号').fill(staffId);
  await form.getByLabel('密码').fill(password);
  await form.getByRole('button', { name: '登录' }).click();
}

/** Signs out from the header, confirming when changes still wait to be uploaded. */
export async function signOut(page: Page): Promise<void> {
  const header = page.locator('jb-app header');
  await header.getByRole('button', { name: '退出登录' }).click();
  const anyway = header.getByRole('button', { name: '仍然退出' });
  const signInPage = page.locator('jb-page-sign-in');
  await signInPage.or(anyway).first().waitFor();
  if (await anyway.isVisible()) await anyway.click();
  await page.locator('jb-page-sign-in').waitFor();
}
