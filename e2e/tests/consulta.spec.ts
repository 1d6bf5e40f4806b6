import { expect, test, WCAG22_TAGS } from '../fixtures';
import { asClient, conferenceOpenNow, login } from '../helpers';

// A consulta on-line às propostas ("aprovar as principais ações", issue 23), de uma conferência
// nova: a secretaria cria um grupo de trabalho com duas propostas; a consulta só abre quando o
// regimento a prevê; duas pessoas com conta votam pelo celular (uma muda o voto, outra usa só o
// teclado); o grupo vê o resultado parcial; a comissão encerra; o relatório traz a seção. axe
// WCAG 2.2 AA em cada página, e os botões de voto com pelo menos 44×44 px.
const SLUG = 'consulta-e2e';
const FIRST = 'Ampliar o horário dos CRAS até as 20h';
const SECOND = 'Criar um Centro POP regional';

test('consulta on-line: regimento, abertura, votos pelo celular, resultado no grupo e no relatório', async ({
  page,
  browser,
  axe,
}) => {
  test.setTimeout(180_000);
  await conferenceOpenNow(page, SLUG, 'registration', 'Inscrições');

  // A working group with two proposals.
  await page.goto(`/c/${SLUG}/plenaria/grupos`);
  await page.getByLabel('Eixo', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('Nome do grupo').fill('Grupo da consulta');
  await page.getByRole('button', { name: 'Criar o grupo' }).click();
  await expect(page.getByRole('status')).toContainText('Grupo criado.');
  await page.getByRole('link', { name: 'Grupo da consulta' }).click();
  const group = page.url();
  for (const text of [FIRST, SECOND]) {
    await page.locator('#text').fill(text);
    await page.locator('#level').selectOption('municipal');
    await page.getByRole('button', { name: 'Registrar a proposta' }).click();
    await expect(page.getByRole('status')).toContainText('Proposta registrada.');
  }

  // Not in the regimento: the page says so and points to the rules.
  await page.goto(`/c/${SLUG}/consulta`);
  await expect(page.getByRole('heading', { level: 2, name: 'Esta conferência não tem consulta on-line' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Abrir a consulta' })).toHaveCount(0);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.getByRole('link', { name: 'Quórum e suplentes' }).click();
  await page.getByLabel(/O regimento prevê a consulta on-line/).check();
  await page.getByRole('button', { name: 'Salvar as regras' }).click();
  await expect(page.getByRole('status')).toContainText('Regras da plenária salvas.');
  await page.getByRole('link', { name: 'Consulta on-line', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 2, name: 'A consulta ainda não foi aberta' })).toBeVisible();
  await page.getByRole('button', { name: 'Abrir a consulta' }).click();
  await expect(page.getByRole('status')).toContainText('A consulta on-line está aberta');
  await expect(page.getByRole('heading', { level: 2, name: 'Aberta para votar' })).toBeVisible();

  // A person with an account, on a phone: from the conference's page, logs in, votes, changes.
  const ctx = await browser.newContext(asClient(31));
  const phone = await ctx.newPage();
  await phone.goto(`/c/${SLUG}`);
  await phone.getByRole('link', { name: /Consulta on-line aberta/ }).click();
  await expect(phone.getByRole('button', { name: 'Aprovo', exact: true })).toHaveCount(0);
  await axe.expectNoSeriousA11yViolations(phone, WCAG22_TAGS);
  await phone.getByRole('link', { name: 'entre com sua conta' }).click();
  await phone.getByLabel('E-mail ou nome de usuário').fill('participante@demo.conferencia.local');
  await phone.getByLabel('Senha').fill('demo-participante-2025');
  await phone.getByRole('button', { name: 'Entrar' }).last().click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Consulta on-line às propostas');
  await expect(phone.getByRole('main')).toContainText('Você votou em 0 de 2 proposta(s)');
  const first = phone.locator('article', { hasText: FIRST });
  const approve = first.getByRole('button', { name: 'Aprovo', exact: true });
  const box = await approve.boundingBox();
  expect(box && box.width >= 44 && box.height >= 44, `vote button ${JSON.stringify(box)}`).toBeTruthy();
  await axe.expectNoSeriousA11yViolations(phone, WCAG22_TAGS);
  await approve.click();
  await expect(phone.getByRole('status')).toContainText('você aprova esta proposta');
  await expect(phone.locator('article', { hasText: FIRST })).toContainText('1 aprova ·');
  await expect(phone.locator('article', { hasText: FIRST })).toContainText('seu voto: Aprovo');
  await expect(phone.locator('article', { hasText: FIRST }).getByRole('button', { name: 'Aprovo', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // Voting again changes the vote, never adds one.
  await phone.locator('article', { hasText: FIRST }).getByRole('button', { name: 'Abstenção' }).click();
  await expect(phone.locator('article', { hasText: FIRST })).toContainText('0 aprovam · 0 não aprovam · 1 abstenção');
  // The keyboard alone: focus the button and press Enter.
  await phone.locator('article', { hasText: SECOND }).getByRole('button', { name: 'Não aprovo' }).focus();
  await phone.keyboard.press('Enter');
  await expect(phone.getByRole('status')).toContainText('você não aprova esta proposta');
  await expect(phone.getByRole('main')).toContainText('Você votou em 2 de 2 proposta(s)');
  await axe.expectNoSeriousA11yViolations(phone, WCAG22_TAGS);

  // A second person.
  const ctx2 = await browser.newContext(asClient(32));
  const other = await ctx2.newPage();
  await login(other, 'articulador.cras.centro', 'demo-articulador-2025', `/c/${SLUG}/consulta`);
  await other.locator('article', { hasText: FIRST }).getByRole('button', { name: 'Não aprovo' }).click();
  await expect(other.getByRole('status')).toContainText('você não aprova');

  // The working group reads the partial result beside each proposal.
  await page.goto(group);
  await expect(page.locator('.consulta-resultado').first()).toHaveText(
    'Consulta on-line: 0 aprovam, 1 não aprova, 1 abstenção (parcial: a consulta está aberta).',
  );
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // Closed: no more votes, final totals.
  await page.goto(`/c/${SLUG}/consulta`);
  await page.getByRole('button', { name: 'Encerrar a consulta' }).click();
  await expect(page.getByRole('status')).toContainText('A consulta on-line foi encerrada');
  await phone.reload();
  await expect(phone.getByRole('heading', { level: 2, name: 'Consulta encerrada' })).toBeVisible();
  await expect(phone.getByRole('button', { name: 'Aprovo', exact: true })).toHaveCount(0);
  await expect(phone.getByRole('main')).toContainText('2 pessoa(s) votaram');
  await page.goto(group);
  await expect(page.locator('.consulta-resultado').first()).toHaveText(
    'Consulta on-line: 0 aprovam, 1 não aprova, 1 abstenção.',
  );

  // The final report carries the section, with counts only.
  await page.goto(`/c/${SLUG}/gestao/relatorio`);
  const table = page.locator('#relatorio-consulta');
  await expect(table).toContainText(FIRST);
  await expect(table.locator('tr', { hasText: SECOND })).toContainText('em discussão no grupo');
  await expect(page.getByRole('main')).not.toContainText('Participante da Demonstração');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await ctx.close();
  await ctx2.close();
});
