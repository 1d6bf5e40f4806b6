import { expect, test } from '../fixtures';
import { demoDay, login } from '../helpers';

// Etapa com data definida por cada unidade: o articulador do CRAS Centro (login sem e-mail) marca
// uma reunião (um horário fora do período é recusado antes), informa que ela aconteceu, e a
// reunião aparece no calendário público.
// A etapa das reuniões vai de 72 a 34 dias antes do dia da conferência.
const OUTSIDE = demoDay(-13);
const INSIDE = demoDay(-43);

test('a unidade marca e informa a sua reunião com os usuários', async ({ page, axe }) => {
  test.setTimeout(90_000);
  await login(page, 'articulador.cras.centro', 'demo-articulador-2025');
  await expect(page).toHaveURL(/\/painel$/);
  await page.getByRole('link', { name: /CRAS Centro/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('CRAS Centro');
  await axe.expectNoSeriousA11yViolations(page);

  await page.getByLabel('Início (data e hora)').fill(`${OUTSIDE.iso}T15:00`);
  await page.getByLabel('Local', { exact: false }).first().fill('Praça do bairro Santos Dumont');
  await page.getByRole('button', { name: 'Marcar a reunião' }).click();
  await expect(page.getByRole('alert')).toContainText('no período da etapa');
  await expect(page.getByLabel('Local', { exact: false }).first()).toHaveValue('Praça do bairro Santos Dumont');
  await axe.expectNoSeriousA11yViolations(page);

  await page.getByLabel('Início (data e hora)').fill(`${INSIDE.iso}T15:00`);
  await page.getByRole('button', { name: 'Marcar a reunião' }).click();
  await expect(page.getByRole('status').first()).toContainText('Reuniões atualizadas');
  const report = page.getByRole('button', { name: `Informar que a reunião de ${INSIDE.br} 15:00 aconteceu` });
  await expect(report).toBeVisible();
  const form = page.locator('form', { has: report });
  await form.getByLabel('Quantas pessoas participaram').fill('-3');
  await report.click();
  await expect(page.getByRole('alert')).toContainText('em números');
  await axe.expectNoSeriousA11yViolations(page);
  const again = page.locator('form', {
    has: page.getByRole('button', { name: `Informar que a reunião de ${INSIDE.br} 15:00 aconteceu` }),
  });
  await again.getByLabel('Quantas pessoas participaram').fill('40');
  // By segment: the counts must add up to the total.
  await again.getByLabel('Governo').fill('4');
  await again.getByLabel('Usuários(as)').fill('30');
  await again.getByLabel('Trabalhadores(as) do SUAS').fill('5');
  await page.getByRole('button', { name: `Informar que a reunião de ${INSIDE.br} 15:00 aconteceu` }).click();
  await expect(page.getByRole('alert')).toContainText('A soma por segmento (39) não confere com o total de participantes (40)');
  await axe.expectNoSeriousA11yViolations(page);
  await page
    .locator('form', { has: page.getByRole('button', { name: `Informar que a reunião de ${INSIDE.br} 15:00 aconteceu` }) })
    .getByLabel('Entidades de assistência social')
    .fill('1');
  await page.getByRole('button', { name: `Informar que a reunião de ${INSIDE.br} 15:00 aconteceu` }).click();
  await expect(page.getByText('realizada: 40 participantes')).toBeVisible();
  await expect(page.getByText('Governo: 4 · Usuários(as): 30')).toBeVisible();

  await page.goto('/c/para-de-minas-2025');
  await expect(page.getByRole('table')).toContainText(`CRAS Centro: ${INSIDE.br} 15:00`);
  await expect(page.getByRole('table')).toContainText('40 participantes');
  await axe.expectNoSeriousA11yViolations(page);
});
