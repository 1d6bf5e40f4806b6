import { expect, test, WCAG22_TAGS } from '../fixtures';
import { asClient, login } from '../helpers';

// Conta sem e-mail (ADR 0041): a comissão gera códigos de cadastro (uma quantidade errada é
// recusada e fica como foi digitada); uma pessoa sem e-mail, com o código no papel, cria a conta
// com nome de usuário e senha pela etapa digital (erros claros antes, a senha não volta na
// página), entra com o nome de usuário e chega à etapa digital; o mesmo código não vale de novo.
// axe (WCAG 2.2 AA) em cada página.
const SLUG = 'para-de-minas-2025';

test('conta sem e-mail: códigos da comissão, cadastro com nome de usuário e entrada', async ({ page, browser, axe }) => {
  test.setTimeout(90_000);
  const run = Date.now().toString(36);
  const username = `cida.${run}`;
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', `/c/${SLUG}/gestao/codigos-de-cadastro`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contas sem e-mail');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.getByLabel('Quantos códigos gerar').fill('80');
  await page.getByRole('button', { name: 'Gerar os códigos' }).click();
  await expect(page.getByRole('alert')).toContainText('um número de 1 a 50');
  await expect(page.getByLabel('Quantos códigos gerar')).toHaveValue('80');
  await page.getByLabel('Quantos códigos gerar').fill('2');
  await page.getByRole('button', { name: 'Gerar os códigos' }).click();
  await expect(page.getByRole('status')).toContainText('Códigos gerados');
  const codes = page.locator('ol.codigos-cadastro code');
  await expect(codes).toHaveCount(2);
  const code = ((await codes.first().textContent()) ?? '').trim();
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // The person, on a phone, from the etapa digital.
  const ctx = await browser.newContext(asClient(31));
  const p = await ctx.newPage();
  await p.goto(`/c/${SLUG}/participe`);
  await p.getByRole('link', { name: 'cria a conta com o código' }).click();
  await expect(p.getByRole('heading', { level: 1 })).toHaveText('Criar uma conta sem e-mail');
  await axe.expectNoSeriousA11yViolations(p, WCAG22_TAGS);
  await p.getByRole('button', { name: 'Criar a conta' }).click();
  await expect(p.getByRole('alert')).toContainText('Digite o código como está no papel');
  await p.getByLabel('Código que você recebeu').fill(code.toLowerCase());
  await p.getByLabel('Seu nome').fill('Cida dos Santos');
  await p.getByRole('textbox', { name: /^Nome de usuário/ }).fill(username);
  await p.locator('#password').fill('minha senha comprida');
  await p.locator('#password2').fill('outra senha comprida');
  await p.getByLabel(/Entendi/).check();
  await p.getByRole('button', { name: 'Criar a conta' }).click();
  await expect(p.getByRole('alert')).toContainText('As duas senhas não são iguais');
  await expect(p.getByRole('textbox', { name: /^Nome de usuário/ })).toHaveValue(username);
  await expect(p.locator('#password')).toHaveValue('');
  await axe.expectNoSeriousA11yViolations(p, WCAG22_TAGS);
  await p.locator('#password').fill('minha senha comprida');
  await p.locator('#password2').fill('minha senha comprida');
  await p.getByRole('button', { name: 'Criar a conta' }).click();
  await expect(p.getByRole('status')).toContainText(`nome de usuário ${username}`);
  await axe.expectNoSeriousA11yViolations(p, WCAG22_TAGS);
  await login(p, username, 'minha senha comprida', `/c/${SLUG}/participe`);
  await expect(p.getByRole('heading', { level: 1 })).toHaveText('Etapa digital');
  await expect(p.getByRole('main')).not.toContainText('entre com sua conta');

  // The same code does not create a second account.
  await p.context().clearCookies();
  await p.goto('/cadastro/codigo');
  await p.getByLabel('Código que você recebeu').fill(code);
  await p.getByLabel('Seu nome').fill('Outra Pessoa');
  await p.getByRole('textbox', { name: /^Nome de usuário/ }).fill(`outra.${run}`);
  await p.locator('#password').fill('minha senha comprida');
  await p.locator('#password2').fill('minha senha comprida');
  await p.getByLabel(/Entendi/).check();
  await p.getByRole('button', { name: 'Criar a conta' }).click();
  await expect(p.getByRole('alert')).toContainText('Este código não vale');
  await ctx.close();
});
