import { expect, test } from '../fixtures';
import { conferenceOpenNow } from '../helpers';

// Celular do(a) delegado(a): no credenciamento, a equipe libera o acesso de uma delegada presente;
// no celular dela (outro navegador), o QR leva à confirmação do nome; ela pede um destaque ao
// regimento, que aparece na mesa da plenária. Um celular sem acesso só vê como consegui-lo.
const SLUG = 'celular-e2e';

test('acesso pelo celular e destaque pedido pela delegada', async ({ page, browser, axe }) => {
  test.setTimeout(120_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
  await page.goto(`/c/${SLUG}/gestao/regimento`);
  await page
    .getByLabel('Texto do regimento')
    .fill('Art. 1º A conferência avalia o SUAS.\nArt. 2º Votam os delegados.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();

  await page.goto(`/c/${SLUG}/gestao/inscricoes/nova?no_local=1`);
  await page.getByLabel('Nome completo').fill('Rita Celular');
  await page.getByLabel('Categoria').selectOption('delegado');
  await page.getByLabel('Segmento').selectOption('usuarios');
  await page.getByLabel('A pessoa ouviu o aviso de privacidade e concordou').check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  await expect(page.getByText('Credenciado(a) agora.')).toBeVisible();
  const code = ((await page.locator('.codigo').textContent()) ?? '').trim();

  await page.goto(`/c/${SLUG}/credenciamento`);
  await page.getByRole('link', { name: 'Acesso pelo celular para delegados(as)' }).click();
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Código de inscrição (no crachá)').fill('ZZZZ-ZZZZ');
  await page.getByRole('button', { name: 'Liberar o acesso' }).click();
  await expect(page.getByRole('alert')).toContainText('Nenhuma inscrição ativa');
  await page.getByLabel('Código de inscrição (no crachá)').fill(code);
  await page.getByRole('button', { name: 'Liberar o acesso' }).click();
  await expect(page.getByRole('status')).toContainText('Rita Celular');
  await expect(page.getByRole('img', { name: 'QR do acesso pelo celular' })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);
  const url = ((await page.locator('code').textContent()) ?? '').trim();
  const path = new URL(url).pathname + new URL(url).search;
  expect(path).not.toContain(code);

  // The table's console, open meanwhile, is told when the phone's destaque arrives.
  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await expect(page.locator('#aviso-novidades')).toBeHidden();

  const phoneCtx = await browser.newContext();
  const phone = await phoneCtx.newPage();
  await phone.goto(path);
  await expect(phone.getByText('Este celular vai ser usado por Rita Celular')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(phone);
  await phone.getByRole('button', { name: 'Sou eu: ligar este celular' }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Plenária: Rita Celular');
  await axe.expectNoSeriousA11yViolations(phone);
  await phone.getByRole('button', { name: 'Enviar o destaque' }).click();
  await expect(phone.getByRole('alert')).toContainText('Escolha o artigo');
  await axe.expectNoSeriousA11yViolations(phone);
  await phone.getByLabel('Artigo', { exact: true }).selectOption('2');
  await phone.getByLabel('Tirar o artigo').check();
  await phone.getByRole('button', { name: 'Enviar o destaque' }).click();
  await expect(phone.getByRole('status')).toContainText('Destaque enviado');
  await expect(phone.getByRole('main')).toContainText('Art. 2º: suprimir — aguardando votação');

  // The same link again does nothing: single use.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await stranger.goto(path);
  await expect(stranger.getByRole('alert')).toContainText('não vale');
  await stranger.goto(`/c/${SLUG}/meu-celular`);
  await expect(stranger.getByRole('heading', { level: 1 })).toHaveText('Este celular não está ligado');
  await other.close();
  await phoneCtx.close();

  await expect(page.locator('#aviso-novidades')).toBeVisible({ timeout: 10_000 });
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: 'Atualizar a página' }).click();
  await expect(page.getByRole('main')).toContainText(`pedido por Rita Celular (${code})`);
});
