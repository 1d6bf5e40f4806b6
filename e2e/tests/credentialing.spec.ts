import { expect, test } from '../fixtures';
import { conferenceOpenNow, login } from '../helpers';

// Credenciamento: a secretaria inscreve uma delegada (inscrição assistida) e a credencia pelo
// código; na tela de outra pessoa da equipe, aberta em outro navegador, os contadores mudam sem
// recarregar (SSE). Um código repetido é recusado com o horário.
const SLUG = 'credenciamento-e2e';

test('credenciar pelo código e ver os contadores mudarem em outra tela', async ({ page, browser, axe }) => {
  test.setTimeout(120_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento do primeiro dia');

  await page.goto(`/c/${SLUG}/gestao/inscricoes/nova`);
  await page.getByLabel('Nome completo').fill('Dora Delegada');
  await page.getByLabel('Categoria').selectOption('delegado');
  await page.getByLabel('Segmento').selectOption('usuarios');
  await page.getByLabel('A pessoa ouviu o aviso de privacidade e concordou').check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  const code = ((await page.locator('.codigo').textContent()) ?? '').trim();
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);

  // A segunda tela: o administrador, em outro navegador.
  const other = await browser.newContext();
  const desk2 = await other.newPage();
  await login(desk2, 'admin@demo.conferencia.local', 'demo-admin-2025', `/c/${SLUG}/credenciamento`);
  await expect(desk2.locator('#c-total')).toHaveText('0');

  await page.goto(`/c/${SLUG}/credenciamento`);
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Código de inscrição').fill(code.toLowerCase().replace('-', ' '));
  await page.getByRole('button', { name: 'Credenciar', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'credenciado(a)' })).toContainText('Dora Delegada');
  await expect(page.locator('#c-total')).toHaveText('1');
  await axe.expectNoSeriousA11yViolations(page);

  // Sem recarregar, a outra tela vê a mudança.
  await expect(desk2.locator('#c-total')).toHaveText('1', { timeout: 10_000 });
  await expect(desk2.locator('#c-delegados')).toHaveText('1');

  await page.getByLabel('Código de inscrição').fill(code);
  await page.getByRole('button', { name: 'Credenciar', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('já foi credenciado(a) hoje às');
  await axe.expectNoSeriousA11yViolations(page);

  // Pela busca por nome, sem acento.
  await page.getByLabel('Nome ou parte do nome').fill('dora');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page.getByRole('list', { name: /^Resultado da busca/ })).toContainText('Credenciado(a) às');

  // Inscrição no local: inscrita e credenciada de uma vez; a outra tela conta 2.
  await page.getByRole('link', { name: 'Inscrição no local (pessoa sem inscrição)' }).click();
  await expect(page.getByText('Inscrição no local: a pessoa é credenciada')).toBeVisible();
  await page.getByLabel('Nome completo').fill('Elias Chegou Agora');
  await page.getByLabel('Categoria').selectOption('convidado');
  await page.getByLabel('A pessoa ouviu o aviso de privacidade e concordou').check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  await expect(page.getByText('Credenciado(a) agora.')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);
  await expect(desk2.locator('#c-total')).toHaveText('2', { timeout: 10_000 });
  await expect(desk2.locator('#c-delegados')).toHaveText('1');
  await other.close();
});
