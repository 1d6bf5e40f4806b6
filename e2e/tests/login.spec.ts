import { expect, test } from '../fixtures';

// Fluxo principal da fundação: achar a conferência pela busca sem acento, ver o calendário
// com suas alterações, entrar como comissão organizadora (com erro claro antes) e sair.
test('busca, página da conferência e entrada da comissão', async ({ page, axe }) => {
  await page.goto('/');
  await page.getByLabel('Buscar por município ou conferência').fill('para de minas');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await page.getByRole('link', { name: /Pará de Minas/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Pará de Minas');
  await expect(page.getByRole('heading', { name: 'Alterações no calendário' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('data definida por cada unidade');
  await axe.expectNoSeriousA11yViolations(page);

  await page.goto('/entrar');
  await page.getByLabel('E-mail ou nome de usuário').fill('comissao@demo.conferencia.local');
  await page.getByLabel('Senha').fill('senha-errada');
  await page.getByRole('button', { name: 'Entrar' }).last().click();
  await expect(page.getByRole('alert')).toContainText('incorretos');
  await expect(page.getByLabel('E-mail ou nome de usuário')).toHaveValue('comissao@demo.conferencia.local');
  await axe.expectNoSeriousA11yViolations(page);

  await page.getByLabel('Senha').fill('demo-comissao-2025');
  await page.getByRole('button', { name: 'Entrar' }).last().click();
  // Without a page to return to, the login lands where the work is: the demo conference's overview
  // when it is the commission's only conference, the panel once other specs have granted this
  // login the commission of their own conferences too.
  await expect(page).toHaveURL(/\/(painel|c\/para-de-minas-2025\/gestao)$/);
  await page.goto('/painel');
  await expect(page.getByText('Comissão organizadora', { exact: true }).first()).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page).toHaveURL(/\/$/);
});
