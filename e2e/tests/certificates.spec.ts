import { expect, test } from '../fixtures';
import { login } from '../helpers';

// Crachás e certificados: a comissão faz uma inscrição assistida, baixa o crachá da pessoa (PDF),
// vê a página de impressos, tenta emitir certificados antes de haver credenciamento (recusado com
// a razão) e a página pública de verificação responde a um código desconhecido.
// O caminho positivo do certificado (pessoa credenciada → código → verificação) depende do
// credenciamento, que está sendo feito em outro ramo; ele é coberto pelos testes de aplicação e
// HTTP (crates/app/tests/badges.rs, crates/web/tests/badges_http.rs) até o credenciamento chegar.
test('crachá em PDF e verificação pública de certificado', async ({ page, axe }) => {
  test.setTimeout(90_000);
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025');
  await expect(page).toHaveURL(/\/painel$/);

  await page.goto('/c/para-de-minas-2025/gestao/inscricoes/nova');
  await page.getByLabel('Nome completo').fill('Conceição Aparecida dos Santos');
  await page.getByLabel('Nome social (opcional)').fill('Ção Santos');
  await page.getByLabel('Categoria', { exact: true }).selectOption('delegado');
  await page.getByLabel('Segmento', { exact: true }).selectOption('usuarios');
  await page.getByLabel(/A pessoa ouviu o aviso de privacidade/).check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscrição registrada');
  const code = (await page.locator('.codigo').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

  // O crachá da pessoa, pela lista de códigos.
  const res = await page.request.get(`/c/para-de-minas-2025/gestao/crachas.pdf?codigos=${code}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const pdf = await res.body();
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');

  // A página de impressos, e um código errado volta com a razão (422).
  await page.goto('/c/para-de-minas-2025/gestao/impressos');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Crachás e listas de presença');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Códigos de inscrição').fill('ZZ');
  await page.getByRole('button', { name: 'Baixar os crachás (PDF)' }).click();
  await expect(page.getByRole('alert')).toContainText('Códigos de inscrição inválidos');
  await axe.expectNoSeriousA11yViolations(page);

  // Certificados: sem ninguém credenciado, a emissão é recusada com a razão.
  await page.goto('/c/para-de-minas-2025/gestao/certificados');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Certificados');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Emitir os certificados' }).click();
  await expect(page.getByRole('alert')).toContainText('pelo menos um dia');
  await axe.expectNoSeriousA11yViolations(page);

  // Verificação pública, sem login.
  await page.context().clearCookies();
  await page.goto('/verificar');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verificar um certificado');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Código de verificação').fill('ZZZZ-ZZZZ-ZZZZ');
  await page.getByRole('button', { name: 'Verificar', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Nenhum certificado com este código');
  await axe.expectNoSeriousA11yViolations(page);
});
