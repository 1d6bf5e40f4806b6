import { expect, test, WCAG22_TAGS } from '../fixtures';
import { day, login } from '../helpers';

// Membros do conselho (issue 24): a secretaria do CMAS abre "Membros e mandatos" pelo painel, vê
// a composição da demonstração, erra o formulário (tudo o que falta é dito, nada é salvo), inclui
// uma cadeira com titular e suplente, encerra o mandato antes do fim com o motivo (vai ao
// histórico) e a página pública mostra a composição sem nenhum e-mail. axe WCAG 2.2 AA.
test('membros do conselho: cadeiras, mandatos, histórico e página pública', async ({ page, axe }) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  const titular = `Joana Membro ${run}`;
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025');
  await page.getByRole('link', { name: /Membros e mandatos/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Membros e mandatos');
  const current = page.getByRole('heading', { level: 2, name: /Composição atual/ });
  const before = Number(/\((\d+)\)/.exec((await current.textContent()) ?? '')?.[1]);
  expect(before).toBeGreaterThanOrEqual(8);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // The empty form: every missing field named, nothing saved.
  await page.getByRole('button', { name: 'Incluir a cadeira' }).click();
  await expect(page.getByRole('alert')).toContainText('Nada foi salvo');
  await expect(page.getByRole('alert')).toContainText('Escolha o segmento');
  await expect(page.getByLabel('Nome do(a) titular')).toHaveAttribute('aria-invalid', 'true');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  await page.getByLabel('Segmento').selectOption('usuarios');
  await page.getByLabel('Órgão ou organização representada').fill('Associação Comunitária do Bairro Novo');
  await page.getByLabel('Nome do(a) titular').fill(titular);
  await page.getByLabel('E-mail do(a) titular (opcional)').fill(`joana.${run}@exemplo.org`);
  await page.getByLabel('Nome do(a) suplente (opcional)').fill(`Pedro Suplente ${run}`);
  await page.getByLabel('Início do mandato').fill(day(-10));
  await page.getByLabel('Fim do mandato').fill(day(5));
  await page.getByLabel('Ato de nomeação').fill('Decreto nº 9.999/2026');
  // A mistake in one field keeps everything typed.
  await page.getByLabel('Fim do mandato').fill(day(-20));
  await page.getByRole('button', { name: 'Incluir a cadeira' }).click();
  await expect(page.getByRole('alert')).toContainText('O fim do mandato deve ser depois do início');
  await expect(page.getByLabel('Nome do(a) titular')).toHaveValue(titular);
  await page.getByLabel('Fim do mandato').fill(day(700));
  await page.getByRole('button', { name: 'Incluir a cadeira' }).click();
  await expect(page.getByRole('status')).toContainText('Cadeira incluída');
  await expect(current).toContainText(`(${before + 1})`);
  const seat = page.locator('li', { hasText: titular });
  await expect(seat).toContainText(`joana.${run}@exemplo.org`);

  // Ending it early: a reason is required; then it goes to the history.
  await seat.getByText('Encerrar o mandato antes do fim').click();
  await seat.getByRole('button', { name: /Encerrar o mandato/ }).click();
  await expect(page.getByRole('alert')).toContainText('Preencha a data do fim');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.locator('#ended_on').fill(day(0));
  await page.locator('#reason').fill('Renúncia');
  await seat.getByRole('button', { name: /Encerrar o mandato/ }).click();
  await expect(page.getByRole('status')).toContainText('Mandato encerrado');
  await expect(current).toContainText(`(${before})`);
  const history = page.getByRole('region', { name: /Histórico de mandatos/ });
  await expect(history).toContainText(titular);
  await expect(history).toContainText('Renúncia');

  // The public page: the composition and the history, no e-mail.
  const id = /\/orgaos\/([0-9a-f-]+)\//.exec(page.url())?.[1];
  await page.context().clearCookies();
  await page.goto(`/orgaos/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Conselho Municipal de Assistência Social');
  await expect(page.getByRole('main')).toContainText('Helena Martins');
  await expect(page.getByRole('main')).toContainText(titular);
  await expect(page.getByRole('main')).not.toContainText('@exemplo.org');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
});
