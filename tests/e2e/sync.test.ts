import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoOrganisation from '../../src/domain/demo/demo-organisation.json';
import { type AppPage, type E2eHarness, startE2eHarness } from './support/e2e-harness';
import { acceptApplication, demoCatalog } from './support/intake-steps';
import { waitForServiceWorkerControl } from './support/service-worker';
import { demoStaff, signIn, signOut, submitSignIn } from './support/staff-session';
import { syncIndicatorText, waitUntilSynced } from './support/sync-indicator';

/** 社会保障卡申领: a promised item of 人社, so the clerk submits it for review and an approver decides. */
const ITEM_CODE = 'RS-004';
const item = demoCatalog.items.find((candidate) => candidate.code === ITEM_CODE);
/** Two stations of 衢山镇: the township's centre (A) and one of its village stations (B). */
const clerkA = demoStaff('clerk-qszx-chen');
const clerkB = demoStaff('clerk-qs01-li');
const approver = demoStaff(`approver-${item?.departmentCode}-liu`);
const stationB = demoOrganisation.stations.find((station) => station.id === clerkB.stationId);

const OFFLINE_APPLICANT = { name: '钱玉兰', idNumber: '11010519491231002X' };
const ROUTED_APPLICANT = { name: '孙大海', idNumber: '330921197506150022' };

const caseList = (page: Page) => page.locator('jb-page-cases');
const caseRow = (page: Page, applicantName: string) =>
  caseList(page).getByRole('link').filter({ hasText: applicantName });
const actionButton = (page: Page, name: string) =>
  page.locator('jb-page-case').getByRole('button', { name, exact: true });
const timelineEntry = (page: Page, text: string) =>
  page.locator('jb-page-case jb-case-timeline').getByText(text, { exact: true });

async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate((address) => {
    location.hash = address;
  }, hash);
}

/** Confirms the action dialog the case page opened. */
async function confirmAction(page: Page): Promise<void> {
  await page.locator('jb-page-case jb-action-dialog dialog').getByRole('button', { name: '确定' }).click();
}

describe('sync between stations and the back office', () => {
  let harness: E2eHarness;
  let stationA: AppPage;
  let stationBTab: AppPage;
  let approverTab: AppPage;

  beforeAll(async () => {
    harness = await startE2eHarness();
    if (item === undefined || stationB === undefined) throw new Error('the demo data lacks RS-004 or QS01');
    [stationA, stationBTab, approverTab] = await Promise.all([
      harness.openApp('#/sign-in'),
      harness.openApp('#/sign-in'),
      harness.openApp('#/sign-in'),
    ]);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('carries a case accepted offline to the approver and the decision back, and keeps it from other stations', async () => {
    const a = stationA.page;
    const b = stationBTab.page;
    const back = approverTab.page;
    await signIn(a, clerkA);
    await signIn(b, clerkB);
    await signIn(back, approver);
    await Promise.all([waitUntilSynced(a), waitUntilSynced(b), waitUntilSynced(back)]);

    // Station A loses its network and keeps working: the case and its submission wait on the tablet.
    await waitForServiceWorkerControl(a);
    await stationA.context.setOffline(true);
    await expect.poll(() => syncIndicatorText(a)).toMatch(/^离线/);
    const caseId = await acceptApplication(a, { itemCode: ITEM_CODE, applicant: OFFLINE_APPLICANT });
    await goTo(a, `#/cases/${caseId}`);
    await actionButton(a, '提交审批').click();
    await confirmAction(a);
    await timelineEntry(a, '提交审批').waitFor();
    await expect.poll(() => syncIndicatorText(a)).toMatch(/^离线 \d+ 项待上传/);
    await a.screenshot({ path: '/tmp/jb-sync-offline.png' });

    // Back online, the waiting changes go up by themselves; the approver's list shows the case live.
    await stationA.context.setOffline(false);
    await waitUntilSynced(a);
    await goTo(back, '#/cases');
    await caseRow(back, OFFLINE_APPLICANT.name).click();
    await actionButton(back, '审批通过').click();
    await confirmAction(back);
    await timelineEntry(back, '审批通过').waitFor();

    // Station A, still on the case page, sees the decision arrive without a reload, and delivers.
    await timelineEntry(a, '审批通过').waitFor();
    await actionButton(a, '出件').click();
    await a
      .locator('jb-page-case jb-action-dialog dialog')
      .getByRole('button', { name: '非常满意', exact: true })
      .click();
    await confirmAction(a);
    await timelineEntry(a, '出件').waitFor();
    await waitUntilSynced(a);
    await a.screenshot({ path: '/tmp/jb-sync-delivered.png', fullPage: true });

    // Station B, of the same township, never receives A's own case.
    await waitUntilSynced(b);
    await goTo(b, '#/cases');
    await caseList(b).getByText('共 0 件').waitFor();
    expect(await caseRow(b, OFFLINE_APPLICANT.name).count()).toBe(0);

    // 就近办: accepted at A for delivery at B, the case appears at B.
    await acceptApplication(a, {
      itemCode: ITEM_CODE,
      applicant: ROUTED_APPLICANT,
      deliveryStationName: stationB?.name ?? '',
    });
    await waitUntilSynced(a);
    await caseRow(b, ROUTED_APPLICANT.name).waitFor();
    await caseList(b).getByText('共 1 件').waitFor();
    expect(await caseRow(b, OFFLINE_APPLICANT.name).count()).toBe(0);

    expect(stationA.pageErrors).toEqual([]);
    expect(stationBTab.pageErrors).toEqual([]);
    expect(approverTab.pageErrors).toEqual([]);
  });

  it('signs a clerk out and in again without a network, and tells who cannot sign in offline', async () => {
    const a = stationA.page;
    await stationA.context.setOffline(true);
    await signOut(a);
    await expect.poll(() => syncIndicatorText(a)).toMatch(/^离线/);

    const refusal = a.locator('jb-page-sign-in').getByRole('alert');
    await submitSignIn(a, clerkB.id, clerkB.password);
    await refusal.filter({ hasText: '该账号未在本设备上登录过' }).waitFor();
    await submitSignIn(a, clerkA.id, 'not-the-password');
    await refusal.filter({ hasText: '密码错误' }).waitFor();

    await signIn(a, clerkA);
    await goTo(a, '#/cases');
    // The cases stayed on the tablet through signing out.
    await caseRow(a, OFFLINE_APPLICANT.name).waitFor();
    await caseRow(a, ROUTED_APPLICANT.name).waitFor();
    await a.screenshot({ path: '/tmp/jb-sync-offline-sign-in.png' });
    expect(stationA.pageErrors).toEqual([]);
  });
});
