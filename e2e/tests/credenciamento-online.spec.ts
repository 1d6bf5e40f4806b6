import { expect, test, type Page } from '../fixtures';
import { asClient, conferenceOpenNow, onlineLinkFor, pairPhone, walkIn } from '../helpers';

// Conferência híbrida (ADR 0040): a comissão muda o formato; uma delegada inscrita com e-mail se
// credencia de casa (código + e-mail, o link que chega no e-mail, o código de novo) e o aparelho
// dela vira o da plenária; a mesa abre a chamada, ela responde "Estou presente" e o telão mostra
// quem está na sala e quem está a distância; a votação não abre durante a chamada; ela vota de
// casa e um delegado na sala vota pelo celular, na mesma votação, cada um contado uma vez. O axe
// (WCAG 2.2 AA) roda em cada página nova.

const SLUG = 'hibrida-e2e';
const EMAIL = 'ana.casa@example.org';

async function register(page: Page, name: string, email: string): Promise<string> {
  await page.goto(`/c/${SLUG}/gestao/inscricoes/nova`);
  await page.getByLabel('Nome completo').fill(name);
  await page.getByLabel('E-mail (opcional)').fill(email);
  await page.getByLabel('Categoria').selectOption('delegado');
  await page.getByLabel('Segmento').selectOption('usuarios');
  await page.getByLabel('Delegado(a) titular ou suplente').selectOption('titular');
  await page.getByLabel(/A pessoa ouviu o aviso de privacidade/).check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscrição registrada');
  return ((await page.locator('.codigo').first().textContent()) ?? '').trim();
}

test('conferência híbrida: credenciamento online, chamada e votação da sala e de casa', async ({ page, browser, axe }) => {
  test.setTimeout(180_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
  await page.goto(`/c/${SLUG}/gestao/regimento`);
  await page
    .getByLabel('Texto do regimento')
    .fill('Art. 1º A conferência é híbrida.\nArt. 2º Votam os delegados presentes, na sala ou a distância.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();
  await page.goto(`/c/${SLUG}/gestao/dados`);
  await page.getByLabel('Formato').selectOption('hibrida');
  await page.getByRole('button', { name: 'Salvar os dados' }).click();
  await expect(page.getByRole('status')).toBeVisible();

  const code = await register(page, 'Ana Casa', EMAIL);
  const zeCode = await walkIn(page, SLUG, { name: 'Zé Sala', segment: 'trabalhadores' });
  const ze = await pairPhone(page, browser, SLUG, zeCode, 'Zé Sala');

  // Ana, de casa: a página pública leva ao credenciamento online.
  const ctx = await browser.newContext(asClient(21));
  const ana = await ctx.newPage();
  await ana.goto(`/c/${SLUG}`);
  await ana.getByRole('link', { name: 'Credenciamento online de delegados(as)' }).click();
  await expect(ana.getByRole('heading', { level: 1 })).toHaveText('Credenciamento online');
  await axe.expectNoSeriousA11yViolations(ana);
  // Em branco: cada campo com o seu problema, nada enviado.
  await ana.getByRole('button', { name: 'Enviar o link para o meu e-mail' }).click();
  await expect(ana.getByRole('alert')).toContainText('Corrija os 2 problemas');
  await ana.getByRole('form', { name: 'Link no seu e-mail' }).getByLabel('Código de inscrição').fill(code.toLowerCase());
  await ana.getByLabel('E-mail da inscrição').fill(EMAIL);
  await ana.getByRole('button', { name: 'Enviar o link para o meu e-mail' }).click();
  await expect(ana.getByRole('status')).toContainText('enviamos agora para esse e-mail um link');
  await expect(ana.getByRole('form', { name: 'Link no seu e-mail' }).getByLabel('Código de inscrição')).toHaveValue('');

  const link = await onlineLinkFor(EMAIL);
  await ana.goto(link);
  await expect(ana.getByRole('main')).toContainText('Este link credencia Ana Casa');
  await axe.expectNoSeriousA11yViolations(ana);
  // Um código errado: conta, e o link continua valendo.
  await ana.getByLabel('Código de inscrição').fill('ZZZZ-ZZZZ');
  await ana.getByRole('button', { name: 'Confirmar e entrar na plenária' }).click();
  await expect(ana.getByRole('alert')).toContainText('tentativa 1 de 3');
  await ana.getByLabel('Código de inscrição').fill(code);
  await ana.getByRole('button', { name: 'Confirmar e entrar na plenária' }).click();
  await expect(ana.getByRole('heading', { level: 1 })).toHaveText('Plenária: Ana Casa');
  await expect(ana.getByRole('status')).toContainText('Credenciamento online feito');
  await expect(ana.locator('#chamada')).toContainText('Quando a mesa abrir a chamada');
  await expect(ana.locator('#sem-voto')).toContainText('ainda não fez a chamada');
  await axe.expectNoSeriousA11yViolations(ana);
  // O link não vale duas vezes.
  await ana.goto(link);
  await expect(ana.getByRole('alert')).toContainText('não vale mais');
  await ana.goto(`/c/${SLUG}/meu-celular`);
  await expect(ana.getByRole('heading', { level: 1 })).toHaveText('Plenária: Ana Casa');

  // O telão, no projetor.
  const screen = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await screen.goto(`/c/${SLUG}/telao`);
  await expect(screen.locator('#t-presentes')).toHaveText('1');

  // A mesa abre a chamada; a votação não abre enquanto ela está aberta.
  await page.goto(`/c/${SLUG}/plenaria/chamada`);
  await expect(page.locator('#c-sala')).toHaveText('1');
  await expect(page.locator('#c-distancia')).toHaveText('0');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Duração da chamada, em segundos').fill('5');
  await page.getByRole('button', { name: 'Abrir a chamada' }).click();
  await expect(page.getByRole('alert')).toContainText('de 30 a 900');
  await page.getByLabel('Duração da chamada, em segundos').fill('300');
  await page.getByRole('button', { name: 'Abrir a chamada' }).click();
  await expect(page.getByRole('status')).toContainText('Chamada aberta');
  await expect(screen.locator('#t-chamada')).toBeVisible({ timeout: 10_000 });

  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await page.getByLabel('Artigo', { exact: true }).selectOption('2');
  await page.getByLabel('Modificar o texto').check();
  await page.getByLabel('Novo texto proposto (para modificar)').fill('Votam os delegados credenciados, na sala ou a distância.');
  await page.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Destaque registrado.');
  await page.getByRole('button', { name: 'Abrir a votação pelos celulares do destaque ao art. 2º' }).click();
  await expect(page.getByRole('alert')).toContainText('A chamada está aberta');

  // Ana responde "Estou presente" (a página dela se atualiza sozinha quando a chamada abre).
  await expect(ana.getByRole('button', { name: 'Estou presente' })).toBeVisible({ timeout: 10_000 });
  const box = await ana.getByRole('button', { name: 'Estou presente' }).boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await axe.expectNoSeriousA11yViolations(ana);
  await ana.getByRole('button', { name: 'Estou presente' }).click();
  await expect(ana.getByRole('status')).toContainText('Presença registrada');
  await expect(ana.locator('#chamada')).toContainText('Presente a distância');
  await expect(screen.locator('#t-presentes')).toHaveText('2', { timeout: 10_000 });
  await expect(screen.locator('#t-sala')).toHaveText('1');
  await expect(screen.locator('#t-distancia')).toHaveText('1');
  await axe.expectNoSeriousA11yViolations(screen);

  // A mesa encerra a chamada e abre a votação: os dois votam, cada um pelo seu aparelho.
  await page.goto(`/c/${SLUG}/plenaria/chamada`);
  await expect(page.locator('#c-distancia')).toHaveText('1');
  await page.getByRole('button', { name: 'Encerrar a chamada agora' }).click();
  await expect(page.getByRole('status')).toContainText('Chamada encerrada');
  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await page.getByRole('button', { name: 'Abrir a votação pelos celulares do destaque ao art. 2º' }).click();
  await expect(page.getByRole('status')).toContainText('Votação aberta');
  for (const phone of [ana, ze]) {
    await expect(phone.getByRole('button', { name: 'A favor', exact: true })).toBeVisible({ timeout: 10_000 });
    await phone.getByRole('button', { name: 'A favor', exact: true }).click();
    await phone.getByRole('button', { name: 'Confirmar', exact: true }).click();
    await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Voto registrado');
  }
  await expect(screen.locator('#t-votantes')).toHaveText('2', { timeout: 10_000 });
  // Ninguém levanta crachá por quem está a distância: a sala não tem mais ninguém para contar.
  await page.getByLabel('A favor (sala)').fill('1');
  await page.getByRole('button', { name: 'Encerrar a votação e publicar o resultado' }).click();
  await expect(page.getByRole('alert')).toContainText('não votaram pelo celular');
  await page.getByLabel('A favor (sala)').fill('');
  await page.getByRole('button', { name: 'Encerrar a votação e publicar o resultado' }).click();
  await expect(screen.locator('#t-favor')).toHaveText('2', { timeout: 10_000 });

  // Ana sai da plenária a distância: deixa de contar.
  await ana.goto(`/c/${SLUG}/meu-celular`);
  await ana.getByRole('button', { name: 'Sair da plenária' }).click();
  await expect(ana.getByRole('status')).toContainText('Você saiu da plenária a distância');
  await expect(screen.locator('#t-presentes')).toHaveText('1', { timeout: 10_000 });

  await ctx.close();
  await screen.context().close();
  await ze.context().close();
});
