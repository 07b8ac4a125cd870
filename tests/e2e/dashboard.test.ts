import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../../src/domain/calendar/iso-date';
import demoOrganisation from '../../src/domain/demo/demo-organisation.json';
import { generatedCases } from './fixtures/dashboard/generated-cases';
import { type E2eHarness, startE2eHarness } from './support/e2e-harness';
import { demoStaff, signIn } from './support/staff-session';

const FIXTURE_ROOT = fileURLToPath(new URL('./fixtures/dashboard', import.meta.url));
/** Inside the served build, so the fixture shares the app's origin and IndexedDB; removed afterwards. */
const FIXTURE_BASE = '/__e2e__/dashboard/';
const FIXTURE_OUT = fileURLToPath(new URL(`../../dist${FIXTURE_BASE}`, import.meta.url));
const CASE_COUNT = 20_000;
const STATION = 'GTZX';

/** Built in production mode like the app, so the data layer runs without dev-mode checks. */
async function buildFixture(): Promise<void> {
  await build({
    configFile: false,
    root: FIXTURE_ROOT,
    base: FIXTURE_BASE,
    mode: 'production',
    logLevel: 'error',
    build: { outDir: FIXTURE_OUT, emptyOutDir: true, sourcemap: false },
  });
}

/** The dashboard's default period, this month up to today, worked out without the report code. */
function expectedThisMonth(today: string) {
  const from = `${today.slice(0, 7)}-01`;
  const inMonth = (date: string | undefined) => date !== undefined && date >= from && date <= today;
  const chinaDate = (instant: string) =>
    new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
  const ours = generatedCases(CASE_COUNT, today).filter(
    (c) => c.acceptedAtStation === STATION || c.deliveryStation === STATION,
  );
  const volume = ours.filter((c) => inMonth(c.acceptedOn)).length;
  const concluded = ours.filter((c) => c.concludedAt !== undefined && inMonth(chinaDate(c.concludedAt)));
  const onTime = concluded.filter(
    (c) => c.concludedAt !== undefined && chinaDate(c.concludedAt) <= (c.dueOn ?? ''),
  );
  return { volume, onTimeRate: `${((onTime.length / concluded.length) * 100).toFixed(1)}%` };
}

const kpiValue = (page: Page, kpi: string) =>
  page.locator(`jb-page-dashboard [data-kpi="${kpi}"] .value`).textContent({ timeout: 90_000 });

describe('station dashboard', () => {
  let harness: E2eHarness;

  beforeAll(async () => {
    await buildFixture();
    harness = await startE2eHarness();
  });

  afterAll(async () => {
    await harness?.close();
    await rm(FIXTURE_OUT, { recursive: true, force: true });
  });

  it('computes 20,000 local cases in the worker while the page keeps answering', async () => {
    const { page, context, pageErrors } = await harness.openApp(`${FIXTURE_BASE}index.html`);
    // The generated cases are for this test's figures only: the sync server must not receive them.
    await context.route('**/api/replication/*/push', (route) => route.abort());
    await page.waitForFunction(() => window.dashboardFixture !== undefined);
    const today = todayInShanghai(new Date());
    const stored = await page.evaluate(
      ([count, day]) => window.dashboardFixture.insertGeneratedCases(count, day),
      [CASE_COUNT, today] as const,
    );
    expect(stored).toBe(CASE_COUNT);

    await page.goto(harness.baseUrl);
    await signIn(page, demoStaff('clerk-gtzx-wang'));
    const header = page.locator('jb-app header');
    await header.getByRole('link', { name: '统计' }).click();
    const dashboard = page.locator('jb-page-dashboard');
    // While the worker reads and counts, the progress shows and a click on another tab is handled at once.
    await dashboard.getByText('正在统计本机办件…').waitFor();
    await header.getByRole('link', { name: '办件', exact: true }).click();
    await page.locator('jb-page-cases').waitFor({ timeout: 5_000 });
    expect(new URL(page.url()).hash).toBe('#/cases');

    await header.getByRole('link', { name: '统计' }).click();
    const expected = expectedThisMonth(today);
    expect(await kpiValue(page, 'volume')).toBe(String(expected.volume));
    expect(await kpiValue(page, 'on-time')).toBe(expected.onTimeRate);
    // The numbers are in a table too, beside their chart.
    await dashboard.locator('section[data-table="by-channel"] table').waitFor();
    await dashboard.locator('section[data-table="by-channel"] jb-bar-chart canvas').waitFor();
    await page.screenshot({ path: '/tmp/jb-dashboard.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows an administrator the county view from the server, every station ranked', async () => {
    const { page, pageErrors } = await harness.openApp();
    await signIn(page, demoStaff('admin-lin'));
    await page.locator('jb-app header').getByRole('link', { name: '统计' }).click();
    const dashboard = page.locator('jb-page-dashboard');
    await dashboard.getByRole('tab', { name: '县级视图' }).click();
    const rows = dashboard.locator('section[data-table="stations"] tbody tr');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBe(demoOrganisation.stations.length);
    expect(await rows.first().locator('td').first().textContent()).toBe('1');
    await dashboard.getByText('全县汇总').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('opens the county view for a supervisor, who handles no case', async () => {
    const { page, pageErrors } = await harness.openApp();
    await signIn(page, demoStaff('supervisor-dszw-ge'));
    const header = page.locator('jb-app header');
    await header.getByRole('link', { name: '统计' }).click();
    const dashboard = page.locator('jb-page-dashboard');
    // No station of its own, so no tabs: the county straight away.
    const rows = dashboard.locator('section[data-table="stations"] tbody tr');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBe(demoOrganisation.stations.length);
    expect(await dashboard.getByRole('tab').count()).toBe(0);
    expect(await header.getByRole('link', { name: '办件' }).count()).toBe(0);
    expect(await header.getByRole('link', { name: '管理' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
