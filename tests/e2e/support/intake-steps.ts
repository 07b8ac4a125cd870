import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Catalog, FormField } from '../../../src/domain/catalog/catalog.schema';
import demoCatalogJson from '../../../src/domain/demo/demo-catalog.json';

export const demoCatalog = demoCatalogJson as Catalog;

export interface Applicant {
  readonly name: string;
  readonly idNumber: string;
}

/** A value the domain accepts for each type of field. */
export function validValue(field: FormField, applicant: Applicant): string {
  switch (field.type) {
    case 'id-number':
      return applicant.idNumber;
    case 'phone':
      return '13800138000';
    case 'date':
      return '2026-01-15';
    case 'number':
      return '3';
    case 'select':
      return field.options?.[0] ?? '';
    default:
      return `测试${field.label}`;
  }
}

export interface ApplicationToAccept {
  readonly itemCode: string;
  readonly applicant: Applicant;
  /** 出件站点 (就近办); the clerk's own station when absent. */
  readonly deliveryStationName?: string;
}

/**
 * Takes one application for a single item through the intake screens at the window, with every required field
 * filled and every required material brought, accepts it and returns its case id (the receipt's address).
 */
export async function acceptApplication(page: Page, application: ApplicationToAccept): Promise<string> {
  const item = demoCatalog.items.find((candidate) => candidate.code === application.itemCode);
  if (item === undefined) throw new Error(`the demo catalog lacks ${application.itemCode}`);
  await page.evaluate((code) => {
    location.hash = `#/intake/new?item=${code}`;
  }, item.code);
  await page.getByRole('button', { name: /窗口办理/ }).click();
  await expect.poll(() => page.url()).toMatch(/#\/intake\/[0-9a-f-]{36}$/);
  if (application.deliveryStationName !== undefined) {
    await page.getByLabel('出件站点').selectOption({ label: application.deliveryStationName });
  }
  const applicant = page.locator('jb-person-fields[data-role="applicant"]');
  await applicant.getByLabel('姓名', { exact: true }).fill(application.applicant.name);
  await applicant.getByLabel('证件号码', { exact: true }).fill(application.applicant.idNumber);
  const form = page.locator('jb-intake-form');
  for (const requirement of item.fields.filter((field) => field.required)) {
    const field = demoCatalog.fields.find((candidate) => candidate.code === requirement.code);
    if (field === undefined) throw new Error(`the demo catalog lacks field ${requirement.code}`);
    const input = form.getByLabel(field.label, { exact: true });
    if (field.type === 'select') await input.selectOption(validValue(field, application.applicant));
    else await input.fill(validValue(field, application.applicant));
  }
  for (const material of item.materials.filter((candidate) => candidate.required)) {
    await page
      .locator(`jb-material-checklist li[data-material="${material.materialId}"]`)
      .getByRole('radio', { name: '已提交' })
      .check();
  }
  await page.getByRole('button', { name: '受理' }).click();
  await expect.poll(() => page.url()).toContain('/receipt');
  const match = /#\/intake\/([0-9a-f-]{36})\/receipt/.exec(page.url());
  if (match?.[1] === undefined) throw new Error(`no case id in ${page.url()}`);
  return match[1];
}
