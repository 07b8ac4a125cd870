import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, ServiceItem } from '../../src/domain/catalog/catalog.schema';
import { EXEMPTION_LABELS } from '../../src/domain/catalog/catalog-labels';
import demoCatalogJson from '../../src/domain/demo/demo-catalog.json';
import { type E2eHarness, startE2eHarness } from './support/e2e-harness';
import { syncIndicatorText } from './support/sync-indicator';

const demoCatalog = demoCatalogJson as Catalog;

const materialName = (materialId: string): string => {
  const definition = demoCatalog.materials.find((material) => material.id === materialId);
  if (definition === undefined) throw new Error(`demo catalog lacks material ${materialId}`);
  return definition.name;
};

const departmentName = (code: string): string => {
  const department = demoCatalog.departments.find((candidate) => candidate.code === code);
  if (department === undefined) throw new Error(`demo catalog lacks department ${code}`);
  return department.name;
};

const resultLink = (page: Page, entry: { name: string }) =>
  page
    .locator('jb-catalog-entry')
    .getByRole('link')
    .filter({ has: page.getByRole('heading', { name: entry.name, exact: true }) });

async function search(page: Page, query: string): Promise<void> {
  await page.getByRole('searchbox').fill(query);
}

describe('catalog browser', () => {
  let harness: E2eHarness;

  beforeAll(async () => {
    harness = await startE2eHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('finds the items whose name contains 养老 and shows an item with its materials and exemptions', async () => {
    const pensionItems = demoCatalog.items.filter((item) => item.name.includes('养老'));
    const otherItem = demoCatalog.items.find((item) => !item.name.includes('养老'));
    const opened = pensionItems[0];
    if (opened === undefined || otherItem === undefined) {
      throw new Error('the demo catalog needs an item about 养老 and one about something else');
    }

    const { page, pageErrors } = await harness.openApp('#/catalog');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await search(page, '养老');
    for (const item of pensionItems) await resultLink(page, item).waitFor();
    expect(await resultLink(page, otherItem).count()).toBe(0);
    expect(page.url()).toContain(`#/catalog?q=${encodeURIComponent('养老')}`);

    await resultLink(page, opened).click();
    await page.getByRole('heading', { level: 1, name: opened.name }).waitFor();
    expect(page.url()).toContain(`#/catalog/item/${opened.code}`);
    const materials = page.locator('jb-material-list');
    for (const requirement of opened.materials) {
      await materials.getByText(materialName(requirement.materialId), { exact: true }).waitFor();
    }
    const exempted = opened.materials.find((requirement) => requirement.exemptions.length > 0);
    if (exempted !== undefined) {
      const row = materials
        .getByRole('row')
        .filter({ has: page.getByText(materialName(exempted.materialId), { exact: true }) });
      for (const kind of exempted.exemptions) {
        await row.locator('jb-exemption-tag', { hasText: EXEMPTION_LABELS[kind].zh }).waitFor();
      }
    }
    await page.getByText(opened.resultDocument).waitFor();

    await page.getByRole('link', { name: /返回事项清单/ }).click();
    await expect.poll(() => page.getByRole('searchbox').inputValue()).toBe('养老');
    expect(pageErrors).toEqual([]);
  });

  it('finds items by the pinyin initials of their name', async () => {
    const target = demoCatalog.items.find((item): item is ServiceItem & { pinyinInitials: string } =>
      Boolean(item.pinyinInitials && item.pinyinInitials.length >= 4),
    );
    if (target === undefined) throw new Error('the demo catalog has no pinyin initials');
    const initials = target.pinyinInitials.slice(0, 4);
    const matching = demoCatalog.items.filter((item) => item.pinyinInitials?.includes(initials));
    const notMatching = demoCatalog.items.find(
      (item) => !item.pinyinInitials?.includes(initials) && !item.code.toLowerCase().includes(initials),
    );

    const { page } = await harness.openApp('#/catalog');
    await search(page, initials);
    for (const item of matching) await resultLink(page, item).waitFor();
    if (notMatching !== undefined) expect(await resultLink(page, notMatching).count()).toBe(0);
  });

  it('shows a 一件事 with its items, departments and one merged material list', async () => {
    const bundle = demoCatalog.bundles[0];
    if (bundle === undefined) throw new Error('the demo catalog has no bundle');
    const items = bundle.itemCodes.map((code) => demoCatalog.items.find((item) => item.code === code));
    const materialIds = items.flatMap((item) => item?.materials.map((material) => material.materialId) ?? []);
    const shared = materialIds.find((id, index) => materialIds.indexOf(id) !== index);

    const { page } = await harness.openApp('#/catalog');
    await search(page, bundle.name);
    const link = resultLink(page, bundle);
    await link.getByText('一件事', { exact: true }).waitFor();
    await link.click();
    await page.getByRole('heading', { level: 1, name: bundle.name }).waitFor();
    const departments = page.getByRole('list', { name: '涉及部门' });

    for (const item of items) {
      if (item === undefined) throw new Error(`bundle ${bundle.code} names an unknown item`);
      await resultLink(page, item).waitFor();
      await departments.getByText(departmentName(item.departmentCode), { exact: true }).waitFor();
    }
    if (shared !== undefined) {
      const sharedName = page.locator('jb-material-list').getByText(materialName(shared), { exact: true });
      await sharedName.first().waitFor();
      expect(await sharedName.count(), `${shared} is listed once`).toBe(1);
    }
  });

  it('switches to English, labels the page in English and keeps the choice after a reload', async () => {
    const item = demoCatalog.items[0];
    if (item === undefined) throw new Error('the demo catalog has no item');

    const { page } = await harness.openApp('#/catalog');
    await page.getByRole('heading', { level: 1, name: '事项清单' }).waitFor();
    await page.getByRole('button', { name: /切换为英文/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Service catalog' }).waitFor();
    await page.getByRole('heading', { name: item.nameEn, exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Service catalog' }).waitFor();
    await page.getByRole('button', { name: /Switch to Chinese/ }).click();
    await page.getByRole('heading', { level: 1, name: '事项清单' }).waitFor();
  });

  it('tells the clerk when the tablet goes offline and back online', async () => {
    const { page, context } = await harness.openApp('#/catalog');
    const headline = () => syncIndicatorText(page).then((text) => text.split(' ')[0]);
    await expect.poll(headline).toBe('在线');
    await context.setOffline(true);
    await expect.poll(headline).toBe('离线');
    await context.setOffline(false);
    await expect.poll(headline).toBe('在线');
  });

  it('lands on the catalog for an unknown address', async () => {
    const { page } = await harness.openApp('#/no-such-page');
    await page.getByRole('heading', { level: 1, name: '事项清单' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/catalog');
  });
});
