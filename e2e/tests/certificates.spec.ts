import { expect, test } from '../fixtures';
import { login } from '../helpers';

// Crachás e certificados: a comissão faz uma inscrição assistida, baixa o crachá da pessoa (PDF),
// vê a página de impressos, emite os certificados de quem a demonstração já credenciou hoje (horas
// fora da faixa recusadas antes) e a página pública de verificação responde a um código
// desconhecido e confirma um emitido. A recusa sem ninguém credenciado é coberta pelos testes de
// aplicação e HTTP (crates/app/tests/it/badges.rs, crates/web/tests/it/badges_http.rs).
test('crachá em PDF e verificação pública de certificado', async ({ page, axe }) => {
  test.setTimeout(90_000);
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025');
  await expect(page).toHaveURL(/\/painel$/);

  await page.goto('/c/para-de-minas-2025/gestao/inscricoes/nova');
  await page.getByLabel('Nome completo').fill('Conceição Aparecida dos Santos');
  await page.getByLabel('Nome social (opcional)').fill('Ção Santos');
  await page.getByLabel('Categoria (obrigatório)').selectOption('delegado');
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

  // Certificados: a demonstração tem gente credenciada hoje, que recebe o seu; horas por dia fora
  // da faixa são recusadas antes, com a razão, e nada é emitido.
  await page.goto('/c/para-de-minas-2025/gestao/certificados');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Certificados');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Horas por dia de conferência').fill('30');
  await page.getByRole('button', { name: 'Emitir os certificados' }).click();
  await expect(page.getByRole('alert')).toContainText('de 1 a 24');
  await expect(page.locator('table.tabela caption')).toHaveText('Certificados emitidos (0)');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Horas por dia de conferência').fill('8');
  await page.getByRole('button', { name: 'Emitir os certificados' }).click();
  await expect(page.getByRole('status')).toContainText('Certificados emitidos.');
  const first = page.locator('table.tabela tbody tr').first();
  await expect(first.locator('td').nth(2)).toHaveText('8');
  const certificate = ((await first.locator('td').nth(3).textContent()) ?? '').trim();
  expect(certificate).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

  // Verificação pública, sem login.
  await page.context().clearCookies();
  await page.goto('/verificar');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verificar um certificado');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Código de verificação').fill('ZZZZ-ZZZZ-ZZZZ');
  await page.getByRole('button', { name: 'Verificar', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Nenhum certificado com este código');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Código de verificação').fill(certificate);
  await page.getByRole('button', { name: 'Verificar', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Certificado válido');
  await expect(page.getByRole('status')).toContainText('8 horas');
});
