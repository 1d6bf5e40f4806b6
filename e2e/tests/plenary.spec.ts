import { expect, test } from '../fixtures';
import { conferenceOpenNow } from '../helpers';

// Plenária do regimento: com dois delegados credenciados agora, a mesa registra um destaque
// pedido no plenário, conta os crachás (com um erro de contagem antes), aprova o regimento em
// bloco, e a página pública passa a mostrar o texto aprovado com os destaques votados.
const SLUG = 'plenaria-e2e';

test('destaque, votação contada e aprovação do regimento', async ({ page, browser, axe }) => {
  test.setTimeout(120_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');

  await page.goto(`/c/${SLUG}/gestao/regimento`);
  await page
    .getByLabel('Texto do regimento')
    .fill('CAPÍTULO I – DA CONFERÊNCIA\nArt. 1º A conferência avalia o SUAS.\nArt. 2º Votam os delegados.\nArt. 3º Os casos omissos são resolvidos pela comissão.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();

  for (const [name, segment] of [
    ['Delegada Um', 'usuarios'],
    ['Delegado Dois', 'trabalhadores'],
  ]) {
    await page.goto(`/c/${SLUG}/gestao/inscricoes/nova?no_local=1`);
    await page.getByLabel('Nome completo').fill(name);
    await page.getByLabel('Categoria').selectOption('delegado');
    await page.getByLabel('Segmento').selectOption(segment);
    await page.getByLabel('A pessoa ouviu o aviso de privacidade e concordou').check();
    await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
    await expect(page.getByText('Credenciado(a) agora.')).toBeVisible();
  }

  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plenária: regimento interno');
  await expect(page.getByRole('region', { name: 'Quórum' })).toContainText('2 delegado(s) presente(s)');
  await axe.expectNoSeriousA11yViolations(page);

  // Destaque sem texto: o erro volta com o que foi escolhido.
  await page.getByLabel('Artigo', { exact: true }).selectOption('2');
  await page.getByLabel('Modificar o texto').check();
  await page.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('alert')).toContainText('novo texto proposto');
  await expect(page.getByLabel('Artigo', { exact: true })).toHaveValue('2');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Novo texto proposto (para modificar)').fill('Votam os delegados credenciados e presentes.');
  await page.getByLabel('Quem pediu (nome ou código do crachá, opcional)').fill('Delegada Um');
  await page.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Destaque registrado');

  // O telão, aberto em outro navegador (sem login), acompanha sem recarregar.
  const projector = await browser.newContext();
  const telao = await projector.newPage();
  await telao.goto(`/c/${SLUG}/telao`);
  await expect(telao.locator('#t-etapa')).toContainText('1 destaque(s) para votar (art. 2º)');
  await expect(telao.locator('#t-presentes')).toHaveText('2');
  await axe.expectNoSeriousA11yViolations(telao);

  // Mais votos do que presentes: recusado, nada contado.
  await page.getByLabel('A favor do destaque ao art. 2º').fill('5');
  await page.getByRole('button', { name: 'Registrar a votação do destaque ao art. 2º' }).click();
  await expect(page.getByRole('alert')).toContainText('mais do que os 2');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('A favor do destaque ao art. 2º').fill('2');
  await page.getByLabel('Contra o destaque ao art. 2º').fill('0');
  await page.getByRole('button', { name: 'Registrar a votação do destaque ao art. 2º' }).click();
  await expect(page.getByRole('status')).toContainText('aprovado');
  await expect(telao.locator('#t-assunto')).toHaveText('Destaque ao art. 2º do regimento (modificar o texto)', { timeout: 10_000 });
  await expect(telao.locator('#t-favor')).toHaveText('2');
  await expect(telao.locator('#t-resultado')).toContainText('aprovado');

  // Um destaque retirado por quem pediu: não é votado.
  await page.getByLabel('Artigo', { exact: true }).selectOption('3');
  await page.getByLabel('Suprimir o artigo').check();
  await page.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Destaque registrado');
  await page.getByRole('button', { name: 'Retirar o destaque ao art. 3º' }).click();
  await expect(page.getByRole('status')).toContainText('Destaque retirado');
  await expect(page.getByRole('main')).toContainText('retirado por quem pediu');

  await page.getByLabel('A favor do regimento').fill('2');
  await page.getByRole('button', { name: 'Registrar a votação do regimento' }).click();
  await expect(page.getByRole('status')).toContainText('Regimento aprovado e publicado');
  await axe.expectNoSeriousA11yViolations(page);
  await expect(telao.locator('#t-etapa')).toHaveText('Regimento interno aprovado', { timeout: 10_000 });
  const ata = await page.request.get(`/c/${SLUG}/plenaria/ata.pdf`);
  expect(ata.status()).toBe(200);
  expect(ata.headers()['content-type']).toBe('application/pdf');
  expect((await ata.body()).subarray(0, 4).toString()).toBe('%PDF');
  await projector.close();

  await page.context().clearCookies();
  await page.goto(`/c/${SLUG}/regimento`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Regimento interno');
  await expect(page.getByRole('main')).toContainText('Art. 2º Votam os delegados credenciados e presentes.');
  await expect(page.getByRole('table')).toContainText('modificar o texto');
  await expect(page.getByRole('main')).not.toContainText('Delegada Um');
  await axe.expectNoSeriousA11yViolations(page);
});
