import { generate } from 'lean-qr';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCaseNumber } from '../../src/domain/case/case-number';
import { mergeBundle } from '../../src/domain/catalog/bundle-merge';
import type { FormField } from '../../src/domain/catalog/catalog.schema';
import { maskIdNumber } from '../../src/domain/identity/resident-id';
import { RECEIPT_QR_PADDING, RECEIPT_QR_SCALE } from '../../src/ui/components/jb-receipt-sheet';
import { type E2eHarness, startE2eHarness } from './support/e2e-harness';
import { demoCatalog, validValue } from './support/intake-steps';
import { demoStaff, signIn } from './support/staff-session';

const BUNDLE_CODE = 'YJS-001';
const APPLICANT = { name: '王丽华', idNumber: '11010519491231002X' };
/** The material the applicant forgets on the first visit. */
const FORGOTTEN_MATERIAL = 'photo';

const bundle = mergeBundle(demoCatalog, BUNDLE_CODE);
const clerk = demoStaff('clerk-gtzx-wang');

const materialName = (materialId: string): string => {
  const definition = demoCatalog.materials.find((material) => material.id === materialId);
  if (definition === undefined) throw new Error(`demo catalog lacks material ${materialId}`);
  return definition.name;
};

const fieldDefinition = (code: string): FormField => {
  const field = demoCatalog.fields.find((candidate) => candidate.code === code);
  if (field === undefined) throw new Error(`demo catalog lacks field ${code}`);
  return field;
};

const materialRow = (page: Page, materialId: string): Locator =>
  page.locator(`jb-material-checklist li[data-material="${materialId}"]`);

/** A small PNG drawn by the browser, as a tablet camera would hand over a picture. */
async function pngPhoto(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2D canvas');
    context.fillStyle = '#3a6ea5';
    context.fillRect(0, 0, 320, 240);
    context.fillStyle = '#f5d76e';
    context.fillRect(100, 60, 120, 120);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

/** Reads the modules of the receipt's QR image back from its pixels. */
async function qrModules(image: Locator, size: number): Promise<boolean[][]> {
  return image.evaluate(
    async (img: HTMLImageElement, { size, scale, pad }) => {
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      if (context === null) throw new Error('no 2D canvas');
      context.drawImage(img, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const dark = (x: number, y: number): boolean => {
        const offset = (y * canvas.width + x) * 4;
        return (pixels[offset] ?? 255) < 128;
      };
      const centre = (module: number) => Math.floor((pad + module + 0.5) * scale);
      return Array.from({ length: size }, (_, y) =>
        Array.from({ length: size }, (_, x) => dark(centre(x), centre(y))),
      );
    },
    { size, scale: RECEIPT_QR_SCALE, pad: RECEIPT_QR_PADDING },
  );
}

describe('intake at one window (一窗受理)', () => {
  let harness: E2eHarness;

  beforeAll(async () => {
    harness = await startE2eHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('takes a 新生儿出生一件事 from a stored empty draft to notice, reload, return visit with a photo and acceptance', async () => {
    const { page, pageErrors } = await harness.openApp('#/sign-in');
    await signIn(page, clerk);
    const requiredMaterials = bundle.materials.filter((material) => material.required);
    expect(requiredMaterials.map((material) => material.materialId)).toContain(FORGOTTEN_MATERIAL);

    // Start from the bundle's catalog page, at the window.
    await page.evaluate((code) => {
      location.hash = `#/catalog/bundle/${code}`;
    }, BUNDLE_CODE);
    await page
      .locator('jb-page-catalog-bundle')
      .getByRole('link', { name: /新办件/ })
      .click();
    await expect.poll(() => page.url()).toContain(`#/intake/new?bundle=${BUNDLE_CODE}`);
    await page.getByRole('button', { name: /窗口办理/ }).click();
    await expect.poll(() => page.url()).toMatch(/#\/intake\/[0-9a-f-]{36}$/);
    const draftUrl = page.url();

    // The draft is stored the moment it starts: a reload before anything is typed still finds it, photos included.
    await page.reload();
    expect(page.url()).toBe(draftUrl);
    await page.getByText('草稿已保存').waitFor();
    expect(
      await page
        .locator('jb-person-fields[data-role="applicant"]')
        .getByLabel('姓名', { exact: true })
        .inputValue(),
    ).toBe('');
    expect(await materialRow(page, FORGOTTEN_MATERIAL).getByLabel('选择文件').isEnabled()).toBe(true);

    // The applicant, checked live by the domain: a wrong check digit is named under the field.
    const applicant = page.locator('jb-person-fields[data-role="applicant"]');
    await applicant.getByLabel('姓名', { exact: true }).fill(APPLICANT.name);
    await applicant.getByLabel('证件号码', { exact: true }).fill('110105194912310021');
    await applicant.getByText('校验位错误：应为 X，实际为 1').waitFor();
    await applicant.getByLabel('证件号码', { exact: true }).fill(APPLICANT.idNumber);
    await expect.poll(() => applicant.locator('.error').allInnerTexts()).toEqual(['', '', '']);

    const form = page.locator('jb-intake-form');
    const requiredFields = bundle.fields
      .filter((field) => field.required)
      .map((field) => fieldDefinition(field.code));
    for (const field of requiredFields) {
      const input = form.getByLabel(field.label, { exact: true });
      if (field.type === 'select') await input.selectOption(validValue(field, APPLICANT));
      else await input.fill(validValue(field, APPLICANT));
    }

    for (const material of requiredMaterials) {
      if (material.materialId === FORGOTTEN_MATERIAL) continue;
      await materialRow(page, material.materialId).getByRole('radio', { name: '已提交' }).check();
    }
    await page.getByText('草稿已保存').waitFor();
    await page.getByText('还缺 1 份材料').waitFor();
    expect(await page.getByRole('button', { name: '受理' }).isDisabled()).toBe(true);

    // 一次性告知: the notice lists exactly the one material still missing, and prints without the app around it.
    await page.evaluate(() => {
      const printed = { count: 0 };
      Object.assign(window, { printed });
      window.print = () => {
        printed.count += 1;
      };
    });
    await page.getByRole('button', { name: '出具一次性告知单' }).click();
    const notice = page.locator('jb-notice-sheet');
    await notice.getByRole('heading', { name: '一次性告知单' }).waitFor();
    const noticeRows = notice.locator('tbody tr');
    await expect.poll(() => noticeRows.count()).toBe(1);
    expect(await noticeRows.first().textContent()).toContain(materialName(FORGOTTEN_MATERIAL));
    const noticeText = await notice.locator('article').textContent();
    expect(noticeText).toContain(clerk.name);
    expect(noticeText).toContain('第三十二条');
    await page.getByRole('button', { name: '打印', exact: true }).click();
    expect(
      await page.evaluate(() => (window as unknown as { printed: { count: number } }).printed.count),
    ).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('banner').isVisible()).toBe(false);
    expect(await page.locator('jb-person-fields').first().isVisible()).toBe(false);
    expect(await notice.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: '关闭' }).click();

    // After a reload (a crash, a flat battery) the draft is still there with what was typed.
    await page.reload();
    expect(page.url()).toBe(draftUrl);
    await expect
      .poll(() =>
        page
          .locator('jb-person-fields[data-role="applicant"]')
          .getByLabel('姓名', { exact: true })
          .inputValue(),
      )
      .toBe(APPLICANT.name);
    const firstField = requiredFields[0];
    if (firstField !== undefined && firstField.type !== 'select') {
      expect(
        await page.locator('jb-intake-form').getByLabel(firstField.label, { exact: true }).inputValue(),
      ).toBe(validValue(firstField, APPLICANT));
    }
    await page.getByText(/已于 .* 出具一次性告知单/).waitFor();

    // The applicant comes back with the photo.
    await page.getByRole('button', { name: '申请人补齐材料' }).click();
    await page.getByText('已登记申请人补齐材料来访').waitFor();
    const forgotten = materialRow(page, FORGOTTEN_MATERIAL);
    await forgotten.getByRole('radio', { name: '已提交' }).check();
    await forgotten.getByLabel('选择文件').setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: await pngPhoto(page),
    });
    const thumbnail = forgotten.getByRole('img', { name: `${materialName(FORGOTTEN_MATERIAL)} 照片 1` });
    await thumbnail.waitFor();
    await expect
      .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    await page.getByText('信息完整、材料齐全，可以受理').waitFor();
    await page.getByText('草稿已保存').waitFor();

    await page.getByRole('button', { name: '受理' }).click();
    await expect.poll(() => page.url()).toContain('/receipt');

    // The receipt: a valid case number, also as a QR code, and one sub-case per department.
    const receipt = page.locator('jb-receipt-sheet');
    await receipt.getByRole('heading', { name: '受理回执' }).waitFor();
    const caseNo = (await receipt.locator('[data-case-number]').getAttribute('data-case-number')) ?? '';
    expect(parseCaseNumber(caseNo).ok).toBe(true);
    const receiptText = await receipt.locator('article').textContent();
    expect(receiptText).toContain(maskIdNumber(APPLICANT.idNumber));
    expect(receiptText).not.toContain(APPLICANT.idNumber);

    const subCaseRows = receipt.locator('tbody tr');
    await expect.poll(() => subCaseRows.count()).toBe(bundle.subCases.length);
    for (const row of await subCaseRows.all()) {
      const cells = await row.locator('td').allInnerTexts();
      expect(parseCaseNumber(cells[2] ?? '').ok).toBe(true);
      expect(cells[3]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }

    const qr = generate(caseNo);
    const modules = await qrModules(receipt.getByRole('img', { name: new RegExp(caseNo) }), qr.size);
    const expected = Array.from({ length: qr.size }, (_, y) =>
      Array.from({ length: qr.size }, (_, x) => qr.get(x, y)),
    );
    expect(modules).toEqual(expected);
    expect(pageErrors).toEqual([]);
  });
});
