import type { Page } from '@playwright/test';
import { expect, test, WCAG22_TAGS } from '../fixtures';
import { conferenceOpenNow, login } from '../helpers';

// Mesa offline (issue 25): duas mesas guardam a lista do dia e perdem a internet
// (`setOffline`). A mesa 1 credencia a titular Tânia; a mesa 2, que não sabe disso, credencia a
// suplente Sara no lugar de Tânia e inscreve no local um visitante (código provisório); as duas
// credenciam Vera (a mesma pessoa nas duas). De volta a internet, cada mesa envia a sua fila uma
// vez só: Tânia chegou antes pelo horário dos aparelhos e fica com a vaga, a substituição vira
// conflito nas duas mesas e na página de conflitos, Vera conta uma vez e os contadores fecham.
const SLUG = 'mesa-offline-e2e';

async function register(page: Page, name: string, category: string, segment: string, seat = ''): Promise<string> {
  await page.goto(`/c/${SLUG}/gestao/inscricoes/nova`);
  await page.getByLabel('Nome completo').fill(name);
  await page.getByLabel('Categoria').selectOption(category);
  if (segment) await page.getByLabel('Segmento').selectOption(segment);
  if (seat) await page.getByLabel('Delegado(a) titular ou suplente').selectOption(seat);
  await page.getByLabel('A pessoa ouviu o aviso de privacidade e concordou').check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  const code = ((await page.locator('.codigo').textContent()) ?? '').trim();
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  return code;
}

async function openDesk(page: Page, name: string) {
  await page.goto(`/c/${SLUG}/credenciamento/offline`);
  await expect(page.locator('#estado')).toContainText('Lista guardada neste aparelho: 3 pessoa(s)');
  await page.getByLabel('Nome desta mesa').fill(name);
  await page.getByLabel('Nome desta mesa').blur();
}

async function find(page: Page, q: string) {
  await page.getByLabel('Nome, código ou QR do crachá').fill(q);
  await page.getByRole('button', { name: 'Buscar' }).click();
}

test('duas mesas offline: fila enviada uma vez, conflito nas duas mesas e na página', async ({ page, browser, axe }) => {
  test.setTimeout(180_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
  await register(page, 'Tânia Titular', 'delegado', 'usuarios', 'titular');
  await register(page, 'Sara Suplente', 'delegado', 'usuarios', 'suplente');
  await register(page, 'Vera Convidada', 'convidado', '');

  // Desk 1: this browser (the CMAS secretariat). Desk 2: another browser (the administration).
  await openDesk(page, 'Mesa 1');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  const other = await browser.newContext();
  const desk2 = await other.newPage();
  await login(desk2, 'admin@demo.conferencia.local', 'demo-admin-2025', `/c/${SLUG}/credenciamento/offline`);
  await openDesk(desk2, 'Mesa 2');

  await page.context().setOffline(true);
  await other.setOffline(true);

  // Desk 1, offline: Tânia arrives first, then Vera.
  await find(page, 'tania');
  await page.getByRole('button', { name: 'Credenciar Tânia Titular' }).click();
  await expect(page.locator('#estado')).toContainText('Offline: 1 ação(ões) a enviar');
  await find(page, 'vera');
  await page.getByRole('button', { name: 'Credenciar Vera Convidada' }).click();
  await expect(page.locator('#estado')).toContainText('Offline: 2 ação(ões) a enviar');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // Desk 2, offline and later: Sara in Tânia's place (desk 2 does not know Tânia came), Vera
  // again, and a walk-in.
  await desk2.waitForTimeout(1100);
  await find(desk2, 'sara');
  await desk2.getByLabel('No lugar de quem? (Sara Suplente)').selectOption({ label: 'Tânia Titular (titular ausente)' });
  await desk2.getByRole('button', { name: 'Credenciar Sara Suplente' }).click();
  await find(desk2, 'VERA');
  await desk2.getByRole('button', { name: 'Credenciar Vera Convidada' }).click();
  await desk2.getByLabel('Nome completo').fill('Wagner Visitante');
  await desk2.getByLabel('Categoria').selectOption('convidado');
  await desk2.getByRole('button', { name: 'Inscrever e credenciar' }).click();
  await expect(desk2.locator('#local-erro')).toContainText('aviso de privacidade');
  await desk2.getByLabel('A pessoa ouviu o aviso de privacidade e concordou').check();
  await desk2.getByRole('button', { name: 'Inscrever e credenciar' }).click();
  await expect(desk2.locator('#estado')).toContainText('código provisório P-');
  await expect(desk2.locator('#estado')).toContainText('Offline: 3 ação(ões) a enviar');
  await axe.expectNoSeriousA11yViolations(desk2, WCAG22_TAGS);

  // Back online: desk 2 first (its substitution is applied), then desk 1 (Tânia came earlier:
  // she gets the seat back and the substitution turns into a conflict).
  await other.setOffline(false);
  await expect(desk2.locator('#estado')).toContainText('Conectado: nenhuma ação a enviar', { timeout: 20_000 });
  await expect(desk2.locator('#fila')).toContainText('Código definitivo');
  await page.context().setOffline(false);
  await expect(page.locator('#estado')).toContainText('Conectado: nenhuma ação a enviar', { timeout: 20_000 });
  await expect(page.locator('#fila')).toContainText('a vaga ficou com Tânia Titular');
  await expect(page.locator('#conflitos')).toContainText('a vaga voltou para Tânia Titular; Sara Suplente continua credenciado(a), com voz');
  await expect(page.locator('#fila')).toContainText('Enviada: já estava feito por outra mesa.'); // Vera
  await desk2.getByRole('button', { name: 'Enviar agora' }).click();
  await expect(desk2.locator('#conflitos')).toContainText('a vaga voltou para Tânia Titular');
  await axe.expectNoSeriousA11yViolations(desk2, WCAG22_TAGS);

  // Sending again changes nothing: each action counted once.
  await page.getByRole('button', { name: 'Enviar agora' }).click();
  await page.goto(`/c/${SLUG}/credenciamento`);
  await expect(page.locator('#c-total')).toHaveText('4'); // Tânia, Vera, Sara, Wagner
  await expect(page.locator('#c-delegados')).toHaveText('1'); // Tânia votes
  await expect(page.locator('#c-voz')).toHaveText('1'); // Sara with voice

  // The conflicts page: listed until resolved with a note.
  await page.goto(`/c/${SLUG}/credenciamento/conflitos`);
  await expect(page.getByRole('main')).toContainText('1 conflito(s) em aberto');
  await expect(page.getByRole('main')).toContainText('Credenciamento de Sara Suplente');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.getByLabel('O que foi feito').fill('Conferido com a Sara: ficou com voz, Tânia votando.');
  await page.getByRole('button', { name: /Marcar como resolvido/ }).click();
  await expect(page.getByRole('status')).toContainText('Conflito resolvido');
  await expect(page.getByRole('main')).toContainText('Nenhum conflito em aberto.');

  // Leaving the desk wipes the device.
  await desk2.getByRole('button', { name: 'Sair da mesa e apagar os dados deste aparelho' }).click();
  await expect(desk2).toHaveURL(new RegExp(`/c/${SLUG}/credenciamento$`));
  const left = await desk2.evaluate(async (slug) => {
    const dbs = await indexedDB.databases();
    return dbs.some((d) => d.name === `mesa-offline-${slug}`);
  }, SLUG);
  expect(left).toBe(false);
  await other.close();
});
