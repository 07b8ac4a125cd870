import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceItem } from '../../src/domain/catalog/catalog.schema';
import demoOrganisation from '../../src/domain/demo/demo-organisation.json';
import { maskIdNumber } from '../../src/domain/identity/resident-id';
import { type E2eHarness, startE2eHarness } from './support/e2e-harness';
import { acceptApplication, demoCatalog } from './support/intake-steps';
import { demoStaff, signIn, signOut, submitSignIn } from './support/staff-session';
import { waitUntilSynced } from './support/sync-indicator';

/** 社会保障卡申领: a promised item of 人社, so it goes to back-office review. */
const ITEM_CODE = 'RS-004';
const APPLICANT = { name: '赵春梅', idNumber: '11010519491231002X' };

const item = demoCatalog.items.find((candidate) => candidate.code === ITEM_CODE) as ServiceItem;
const clerk = demoStaff('clerk-gtzx-wang');
const approver = demoStaff(`approver-${item.departmentCode}-liu`);
const clerkStation = demoOrganisation.stations.find((station) => station.id === clerk.stationId);

const actionButton = (page: Page, name: string) =>
  page.locator('jb-page-case').getByRole('button', { name, exact: true });

describe('case list and case detail', () => {
  let harness: E2eHarness;

  beforeAll(async () => {
    harness = await startE2eHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('opens a new tablet on the sign-in page, refuses a wrong password and shows the signed-in clerk', async () => {
    const { page, pageErrors } = await harness.openApp();
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/sign-in');

    await submitSignIn(page, clerk.id, 'not-the-password');
    await page
      .locator('jb-page-sign-in')
      .getByRole('alert')
      .filter({ hasText: '工号或密码不正确' })
      .waitFor();
    await page.screenshot({ path: '/tmp/jb-sign-in.png' });

    await signIn(page, clerk);
    const header = page.locator('jb-app header');
    await header.getByText(`窗口人员 · ${clerkStation?.name}`).waitFor();
    await header.getByRole('button', { name: '退出登录' }).waitFor();
    await waitUntilSynced(page);
    await page.screenshot({ path: '/tmp/jb-signed-in.png' });
    expect(pageErrors).toEqual([]);
  });

  it('lists an accepted case, shows its history, and offers each role only its own actions', async () => {
    const { page, pageErrors } = await harness.openApp('#/cases');
    // A case page without a user leads to the sign-in page, and back.
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    await signIn(page, clerk);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/cases');
    await page.getByText('共 0 件').waitFor();

    await acceptApplication(page, { itemCode: ITEM_CODE, applicant: APPLICANT });
    await page.locator('jb-app nav').getByRole('link', { name: '办件', exact: true }).click();
    const list = page.locator('jb-page-cases');
    await list.getByText('共 1 件').waitFor();
    const row = list.getByRole('link').filter({ hasText: APPLICANT.name });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain(maskIdNumber(APPLICANT.idNumber));
    expect(rowText).not.toContain(APPLICANT.idNumber);
    expect(rowText).toContain(item.name);
    expect(rowText).toContain('已受理');
    expect(rowText).toContain('窗口');
    await row
      .locator('jb-deadline-light')
      .getByText(/剩 \d+ 个工作日/)
      .waitFor();
    const box = await row.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);

    // Search by name and filter by light and channel narrow the list.
    await list.getByRole('searchbox').fill('没有这个人');
    await list.getByText('共 0 件').waitFor();
    await list.getByRole('searchbox').fill(APPLICANT.name);
    await list.getByText('共 1 件').waitFor();
    await list.getByLabel('时限').selectOption('red');
    await list.getByText('共 0 件').waitFor();
    await list.getByLabel('时限').selectOption('green');
    await list.getByText('共 1 件').waitFor();
    await list.getByLabel('渠道').selectOption('door-to-door');
    await list.getByText('共 0 件').waitFor();
    await list.getByLabel('渠道').selectOption('');
    await page.screenshot({ path: '/tmp/jb-cases.png' });

    await row.click();
    const detail = page.locator('jb-page-case');
    await detail.getByRole('heading', { level: 1, name: item.name }).waitFor();
    const timeline = detail.locator('jb-case-timeline');
    await timeline.getByText('受理', { exact: true }).waitFor();
    await timeline.getByText(`${clerk.name}（窗口人员）`).waitFor();
    await actionButton(page, '提交审批').waitFor();
    expect(await actionButton(page, '审批通过').count()).toBe(0);
    await page.screenshot({ path: '/tmp/jb-case.png', fullPage: true });

    await actionButton(page, '提交审批').click();
    const dialog = detail.locator('jb-action-dialog dialog');
    await dialog.getByRole('heading', { name: '提交审批' }).waitFor();
    await dialog.getByRole('button', { name: '确定' }).click();
    await timeline.getByText('提交审批', { exact: true }).waitFor();
    // The event is written before the case, so the timeline may show it a moment before the buttons change.
    await actionButton(page, '提交审批').waitFor({ state: 'detached' });

    // The approver of the item's department, on the same tablet, sees the decision the clerk never could.
    await waitUntilSynced(page);
    const caseAddress = new URL(page.url()).hash;
    await signOut(page);
    await signIn(page, approver);
    await page.evaluate((address) => {
      location.hash = address;
    }, caseAddress);
    await detail.getByRole('heading', { level: 1, name: item.name }).waitFor();
    await actionButton(page, '审批通过').click();
    await dialog.getByRole('button', { name: '确定' }).click();
    await timeline.getByText('审批通过', { exact: true }).waitFor();
    await actionButton(page, '审批通过').waitFor({ state: 'detached' });
    expect(await actionButton(page, '出件').count()).toBe(0);

    // Back to the clerk to deliver: the applicant rates the service, and a bad rating opens a follow-up.
    await waitUntilSynced(page);
    await signOut(page);
    await signIn(page, clerk);
    await page.evaluate((address) => {
      location.hash = address;
    }, caseAddress);
    await actionButton(page, '出件').click();
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.getByText('请先选择评价等级').waitFor();
    await dialog.getByRole('button', { name: /^.?\s*不满意$/ }).click();
    await dialog.getByRole('button', { name: '确定' }).click();
    await timeline.getByText('出件', { exact: true }).waitFor();
    await detail.getByText(/须在 \d{4}-\d{2}-\d{2} 前回访/).waitFor();
    await page.screenshot({ path: '/tmp/jb-case-delivered.png', fullPage: true });

    await detail.getByRole('button', { name: '完成回访' }).click();
    await dialog.getByLabel('原因（必填）').fill('已电话回访，申请人表示理解');
    await dialog.getByRole('button', { name: '确定' }).click();
    await detail.getByText(/已于 .* 完成回访：已电话回访/).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
