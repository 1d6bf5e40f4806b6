import { expect, test, WCAG22_TAGS } from '../fixtures';
import { conferenceOpenNow, login } from '../helpers';

// Biblioteca do conselho: a comissão envia um caderno em PDF (um arquivo que não é PDF é recusado,
// com o que foi digitado mantido) e o compartilha com o conselho; a página pública da conferência o
// lista e o PDF abre; uma conferência nova do mesmo conselho (outro ciclo) também o mostra.
// axe (WCAG 2.2 AA) em cada página.
const SLUG = 'para-de-minas-2025';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

test('biblioteca: caderno em PDF compartilhado com as conferências do conselho', async ({ page, axe }) => {
  test.setTimeout(90_000);
  const run = Date.now().toString(36);
  const title = `Caderno de orientações ${run}`;
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', `/c/${SLUG}/gestao/documentos`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Biblioteca de documentos');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.getByLabel('Título').fill(title);
  await page.getByLabel('Tipo').selectOption('cartilha');
  await page.getByLabel('Arquivo PDF (em vez do link, até 10 MB)').setInputFiles({
    name: 'caderno.docx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('PK\x03\x04nao e pdf'),
  });
  await page.getByLabel(/Compartilhar com o conselho/).check();
  await page.getByRole('button', { name: 'Incluir na biblioteca' }).click();
  await expect(page.getByRole('alert')).toContainText('PDF');
  await expect(page.getByLabel('Título')).toHaveValue(title);
  await expect(page.getByLabel(/Compartilhar com o conselho/)).toBeChecked();
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.getByLabel('Arquivo PDF (em vez do link, até 10 MB)').setInputFiles({
    name: 'caderno.pdf',
    mimeType: 'application/pdf',
    buffer: PDF,
  });
  await page.getByRole('button', { name: 'Incluir na biblioteca' }).click();
  await expect(page.getByRole('status')).toContainText('Biblioteca atualizada.');
  await expect(page.getByRole('main')).toContainText(`${title}`);
  await expect(page.getByRole('main')).toContainText('compartilhado com o conselho');

  // The public page lists it; the PDF opens.
  await page.goto(`/c/${SLUG}`);
  const link = page.getByRole('link', { name: title });
  await expect(link).toBeVisible();
  const href = (await link.getAttribute('href')) ?? '';
  expect(href).toMatch(new RegExp(`^/c/${SLUG}/documentos/[0-9a-f-]+\\.pdf$`));
  const pdf = await page.request.get(href);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');

  // A new conference of the same council (the next cycle) shows it too.
  const next = `proximo-ciclo-${run}`;
  await conferenceOpenNow(page, next, 'registration', 'Inscrições');
  await page.goto(`/c/${next}`);
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('do conselho');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
});
