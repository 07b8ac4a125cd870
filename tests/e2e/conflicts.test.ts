import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoOrganisation from '../../src/domain/demo/demo-organisation.json';
import { type AppPage, type E2eHarness, startE2eHarness } from './support/e2e-harness';
import { acceptApplication, demoCatalog } from './support/intake-steps';
import { demoStaff, signIn } from './support/staff-session';
import { syncIndicatorText, waitUntilSynced } from './support/sync-indicator';

/** 社会保障卡申领 (人社): its form asks for the phone, the address and, optionally, the bank. */
const ITEM_CODE = 'RS-004';
/** 衢山镇's centre (A) accepts the case for delivery at one of its village stations (B, 就近办): both may edit it. */
const clerkA = demoStaff('clerk-qszx-chen');
const clerkB = demoStaff('clerk-qs01-li');
const admin = demoStaff('admin-lin');
const stationB = demoOrganisation.stations.find((station) => station.id === clerkB.stationId);

const APPLICANT = { name: '冯秀兰', idNumber: '11010519491231002X' };
const ORIGINAL_PHONE = '13800138000';
const PHONE_AT_A = '13900000001';
const PHONE_AT_B = '13900000002';
const BANK_AT_A = '岱山农商银行';
const ADDRESS_AT_B = '衢山镇人民路 8 号';

const casePage = (page: Page) => page.locator('jb-page-case');
/** The value the case page shows for a form field, by its label. */
const formValue = (page: Page, label: string) =>
  casePage(page)
    .locator('dt', { hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]');
const conflictBanner = (page: Page) => casePage(page).locator('[data-banner="conflict"]');
const timelineEntry = (page: Page, text: string) =>
  casePage(page).locator('jb-case-timeline').getByText(text, { exact: true });

async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate((address) => {
    location.hash = address;
  }, hash);
}

/** 更正申请信息 on the case page: changes the named form fields, gives the reason and saves. */
async function correctDetails(
  page: Page,
  fields: Readonly<Record<string, string>>,
  reason: string,
  screenshot?: string,
) {
  await casePage(page).getByRole('button', { name: '更正申请信息' }).click();
  const dialog = casePage(page).locator('jb-correction-dialog dialog');
  for (const [label, value] of Object.entries(fields)) {
    await dialog.getByLabel(label, { exact: true }).fill(value);
  }
  await dialog.getByLabel('更正原因').fill(reason);
  if (screenshot !== undefined) await page.screenshot({ path: screenshot });
  await dialog.getByRole('button', { name: '保存更正' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function expectText(locator: Locator, text: string): Promise<void> {
  await expect.poll(async () => ((await locator.textContent()) ?? '').trim(), { timeout: 30_000 }).toBe(text);
}

describe('two stations edit one case offline, and the administrator settles what collided', () => {
  let harness: E2eHarness;
  let tabA: AppPage;
  let tabB: AppPage;
  let adminTab: AppPage;

  beforeAll(async () => {
    harness = await startE2eHarness();
    if (stationB === undefined || !demoCatalog.items.some((item) => item.code === ITEM_CODE)) {
      throw new Error('the demo data lacks QS01 or RS-004');
    }
    [tabA, tabB, adminTab] = await Promise.all([
      harness.openApp('#/sign-in'),
      harness.openApp('#/sign-in'),
      harness.openApp('#/sign-in'),
    ]);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('merges the different fields, raises the shared one, and both stations show the decision live', async () => {
    const a = tabA.page;
    const b = tabB.page;
    const desk = adminTab.page;
    await signIn(a, clerkA);
    await signIn(b, clerkB);
    await Promise.all([waitUntilSynced(a), waitUntilSynced(b)]);

    const caseId = await acceptApplication(a, {
      itemCode: ITEM_CODE,
      applicant: APPLICANT,
      deliveryStationName: stationB?.name ?? '',
    });
    await waitUntilSynced(a);
    await goTo(a, `#/cases/${caseId}`);
    await goTo(b, `#/cases/${caseId}`);
    for (const page of [a, b]) await expectText(formValue(page, '联系电话'), ORIGINAL_PHONE);

    // Both lose the network; each corrects a field of its own and, differently, the phone.
    await Promise.all([tabA.context.setOffline(true), tabB.context.setOffline(true)]);
    await expect.poll(() => syncIndicatorText(a)).toMatch(/^离线/);
    await expect.poll(() => syncIndicatorText(b)).toMatch(/^离线/);
    await correctDetails(
      a,
      { 联系电话: PHONE_AT_A, 开户银行: BANK_AT_A },
      '申请人来站更正',
      '/tmp/jb-conflict-correction.png',
    );
    await correctDetails(b, { 联系电话: PHONE_AT_B, 现居住地址: ADDRESS_AT_B }, '申请人来电更正');
    await timelineEntry(a, '更正申请信息').waitFor();
    await timelineEntry(b, '更正申请信息').waitFor();
    await expect.poll(() => syncIndicatorText(a)).toMatch(/^离线 \d+ 项待上传/);

    // A comes back first; B's later push meets A's version on the server.
    await tabA.context.setOffline(false);
    await waitUntilSynced(a);
    await tabB.context.setOffline(false);
    await waitUntilSynced(b);

    // Neither station lost its own field, and both carry the banner; the phone synced first stands meanwhile.
    for (const page of [a, b]) {
      await conflictBanner(page).waitFor();
      await expectText(formValue(page, '开户银行'), BANK_AT_A);
      await expectText(formValue(page, '现居住地址'), ADDRESS_AT_B);
      await expectText(formValue(page, '联系电话'), PHONE_AT_A);
    }
    await b.screenshot({ path: '/tmp/jb-conflict-station-banner.png', fullPage: true });
    // The case list marks it too, so a clerk sees it without opening every case.
    await goTo(b, '#/cases');
    await b.locator('jb-case-row [data-marker="conflict"]').first().waitFor();
    await b.goBack();
    await conflictBanner(b).waitFor();

    // The administrator finds the conflict in the console's queue.
    await signIn(desk, admin);
    await desk.locator('jb-app nav').getByRole('link', { name: '管理', exact: true }).click();
    const queue = desk.locator('jb-page-conflicts');
    const row = queue.locator('a[data-conflict]');
    await row.waitFor();
    expect(await row.count()).toBe(1);
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('申请表单 · 联系电话');
    await expect.poll(async () => (await row.textContent()) ?? '').toContain(APPLICANT.name);
    await queue.getByLabel('服务站').selectOption({ label: '秀山乡便民服务中心' });
    await queue.getByText('没有待处理的同步冲突。').waitFor();
    await queue.getByLabel('服务站').selectOption({ label: stationB?.name ?? '' });
    await row.waitFor();
    await desk.screenshot({ path: '/tmp/jb-admin-conflicts.png', fullPage: true });
    await row.click();

    // Side by side: the phone to decide, the bank and the address already merged.
    const detail = desk.locator('jb-page-conflict');
    const phone = detail.locator('fieldset[data-path="form.phone"]');
    await phone.waitFor();
    expect(await detail.locator('fieldset.decision').count()).toBe(1);
    await expect.poll(async () => (await phone.textContent()) ?? '').toContain(ORIGINAL_PHONE);
    await detail.locator('tr[data-path="form.bankName"]').waitFor();
    await detail.locator('tr[data-path="form.address"]').waitFor();
    await desk.screenshot({ path: '/tmp/jb-admin-conflict.png', fullPage: true });

    // Nothing is sent until every field is decided and the decision explained.
    await detail.getByRole('button', { name: '确认解决' }).click();
    await detail.getByText('还有 1 个字段未决定。').waitFor();
    await detail.getByText('请填写处理说明。').waitFor();
    await phone.getByRole('radio', { name: /版本二/ }).check();
    await detail.getByLabel(/处理说明/).fill('已与申请人电话核实，以衢山镇沙塘社区登记的号码为准');
    await detail.getByRole('button', { name: '确认解决' }).click();

    // Back in the queue, which is empty now.
    await expect.poll(() => new URL(desk.url()).hash).toMatch(/^#\/admin\/conflicts/);
    await queue.getByText('没有待处理的同步冲突。').waitFor();

    // Both stations, still on the case page, show the decision without a reload.
    for (const page of [a, b]) {
      await conflictBanner(page).waitFor({ state: 'detached', timeout: 30_000 });
      await expectText(formValue(page, '联系电话'), PHONE_AT_B);
      await expectText(formValue(page, '开户银行'), BANK_AT_A);
      await expectText(formValue(page, '现居住地址'), ADDRESS_AT_B);
      await timelineEntry(page, '管理员处理同步冲突').waitFor();
    }
    await a.screenshot({ path: '/tmp/jb-conflict-station-resolved.png', fullPage: true });

    // The sync monitor lists both stations' tablets and no open conflict.
    await desk.locator('jb-page-conflicts').getByRole('link', { name: '同步监控' }).click();
    const monitor = desk.locator('jb-page-sync-monitor');
    await monitor.locator('tr[data-station="QSZX"]').waitFor();
    await expectText(monitor.locator('[data-tile="conflicts"] .value'), '0');
    for (const station of ['QSZX', 'QS01']) {
      await expectText(monitor.locator(`tr[data-station="${station}"] td`).first(), '1');
    }
    // Each tablet is listed under its clerk's name, with the account id beside it.
    for (const clerk of [clerkA, clerkB]) {
      const device = monitor.locator('tr[data-device]', { hasText: clerk.id });
      await device.getByText(clerk.name, { exact: false }).waitFor();
    }
    await desk.screenshot({ path: '/tmp/jb-admin-sync-monitor.png', fullPage: true });

    expect(tabA.pageErrors).toEqual([]);
    expect(tabB.pageErrors).toEqual([]);
    expect(adminTab.pageErrors).toEqual([]);
  });

  it('keeps the console from anyone but an administrator', async () => {
    const b = tabB.page;
    await goTo(b, '#/admin/conflicts');
    await expect.poll(() => new URL(b.url()).hash).toBe('#/cases');
    expect(await b.locator('jb-app nav').getByRole('link', { name: '管理', exact: true }).count()).toBe(0);
  });
});
