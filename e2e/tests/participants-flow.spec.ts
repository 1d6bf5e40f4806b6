import { expect, test } from '../fixtures';
import { addStageNow, conferenceOpenNow, login } from '../helpers';

// O fluxo inteiro da participação: inscrição própria → comprovante → crachá em PDF →
// credenciamento pelo código do crachá → contadores mudam na tela de outra pessoa da equipe, sem
// recarregar → certificado emitido e conferido na página pública de verificação.
const SLUG = 'fluxo-e2e';

test('inscrição, crachá, credenciamento e certificado', async ({ page, browser, axe }) => {
  test.setTimeout(150_000);
  await conferenceOpenNow(page, SLUG, 'registration', 'Inscrições');
  await addStageNow(page, 'credentialing', 'Credenciamento');
  await page.context().clearCookies();

  // Inscrição própria.
  await page.goto(`/c/${SLUG}/inscricao`);
  await page.getByLabel('Nome completo').fill('Fátima Fluxo');
  await page.getByLabel('Categoria').selectOption('delegado');
  await page.getByLabel('Segmento').selectOption('entidades');
  await page.getByLabel(/Li o aviso de privacidade/).check();
  await page.getByRole('button', { name: 'Fazer minha inscrição' }).click();
  const code = ((await page.locator('.codigo').textContent()) ?? '').trim();
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);

  // A equipe: crachá em PDF.
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025', `/c/${SLUG}/gestao/impressos`);
  await axe.expectNoSeriousA11yViolations(page);
  const pdf = await page.request.get(`/c/${SLUG}/gestao/crachas.pdf?codigos=${encodeURIComponent(code)}`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // Outra tela de credenciamento, em outro navegador.
  const other = await browser.newContext();
  const desk2 = await other.newPage();
  await login(desk2, 'admin@demo.conferencia.local', 'demo-admin-2025', `/c/${SLUG}/credenciamento`);
  await expect(desk2.locator('#c-total')).toHaveText('0');

  await page.goto(`/c/${SLUG}/credenciamento`);
  await page.getByLabel('Código de inscrição').fill(code);
  await page.getByRole('button', { name: 'Credenciar', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'credenciado(a)' })).toContainText('Fátima Fluxo');
  await expect(desk2.locator('#c-total')).toHaveText('1', { timeout: 10_000 });
  await other.close();

  // Certificado.
  await page.goto(`/c/${SLUG}/gestao/certificados`);
  await page.getByRole('button', { name: 'Emitir os certificados' }).click();
  const row = page.getByRole('row', { name: /Fátima Fluxo/ });
  await expect(row).toBeVisible();
  const verification = ((await row.getByRole('link').textContent()) ?? '').trim();
  expect(verification.length).toBeGreaterThan(8);
  await axe.expectNoSeriousA11yViolations(page);

  await page.context().clearCookies();
  await page.goto('/verificar');
  await page.getByLabel('Código de verificação').fill(verification.toLowerCase());
  await page.getByRole('button', { name: 'Verificar' }).click();
  await expect(page.getByRole('status')).toContainText('Fátima Fluxo');
  await axe.expectNoSeriousA11yViolations(page);
});
