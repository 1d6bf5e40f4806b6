import { expect, test, type Browser, type Page } from '../fixtures';
import { conferenceOpenNow, pairPhone as pairPhoneAt, walkIn as walkInAt } from '../helpers';

// Votação pelo celular: três delegados credenciados agora, dois com o celular ligado. A mesa
// registra um destaque e abre a votação secreta pelos celulares; o telão mostra quantos votaram e,
// ao encerrar, o resultado; os celulares recebem os botões sem recarregar; um segundo voto é
// recusado; a mesa soma o crachá de quem não tem celular (e é impedida de contar alguém duas
// vezes); o comprovante confere o voto.
const SLUG = 'votacao-e2e';

const walkIn = (page: Page, name: string, segment: string): Promise<string> =>
  walkInAt(page, SLUG, { name, segment });

const pairPhone = (page: Page, browser: Browser, code: string, name: string): Promise<Page> =>
  pairPhoneAt(page, browser, SLUG, code, name);

test('votação secreta pelos celulares, somada à contagem da sala, com comprovante', async ({
  page,
  browser,
  axe,
  baseURL,
}) => {
  test.setTimeout(150_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
  await page.goto(`/c/${SLUG}/gestao/regimento`);
  await page
    .getByLabel('Texto do regimento')
    .fill('Art. 1º A conferência avalia o SUAS.\nArt. 2º Votam os delegados.\nArt. 3º Casos omissos: a comissão decide.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();

  const rita = await walkIn(page, 'Rita Votante', 'usuarios');
  const ze = await walkIn(page, 'Zé Votante', 'trabalhadores');
  await walkIn(page, 'Lia Sem Celular', 'governo');
  const ritaPhone = await pairPhone(page, browser, rita, 'Rita Votante');
  const zePhone = await pairPhone(page, browser, ze, 'Zé Votante');

  // The projector, open all along in its own window.
  const screenCtx = await browser.newContext();
  const screen = await screenCtx.newPage();
  await screen.goto(`/c/${SLUG}/telao`);
  await expect(screen.locator('#t-aberta')).toBeHidden();

  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await page.getByLabel('Artigo', { exact: true }).selectOption('2');
  await page.getByLabel('Modificar o texto').check();
  await page.getByLabel('Novo texto proposto (para modificar)').fill('Votam os delegados credenciados.');
  await page.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Destaque registrado.');
  const box = page.getByRole('group', { name: 'Votar pelos celulares: destaque ao art. 2º' });
  await box.getByLabel('Secreta').check();
  await page.getByRole('button', { name: 'Abrir a votação pelos celulares do destaque ao art. 2º' }).click();
  await expect(page.getByRole('status')).toContainText('Votação aberta');
  const open = page.getByRole('region', { name: 'Votação aberta pelos celulares' });
  await expect(open).toContainText('votação secreta');
  await expect(open).toContainText('0 voto(s) recebido(s) pelo celular, de 3 delegado(s) presente(s)');
  await axe.expectNoSeriousA11yViolations(page);

  // The telão and the phones learn of the open vote by themselves.
  await expect(screen.locator('#t-aberta')).toBeVisible({ timeout: 10_000 });
  await expect(screen.locator('#t-aberta-assunto')).toContainText('Destaque ao art. 2º');
  await expect(ritaPhone.getByRole('button', { name: 'A favor', exact: true })).toBeVisible({ timeout: 10_000 });
  await expect(ritaPhone.getByRole('main')).toContainText('Votação secreta');
  await expect(ritaPhone.getByRole('main')).toContainText('Votam os delegados credenciados.');
  await axe.expectNoSeriousA11yViolations(ritaPhone);
  await ritaPhone.getByRole('button', { name: 'A favor', exact: true }).click();
  // A second screen shows the choice; nothing is counted until it is confirmed.
  await expect(ritaPhone.getByRole('heading', { level: 1 })).toHaveText('Confirme seu voto');
  await expect(ritaPhone.locator('#escolha')).toHaveText('Você escolheu: A favor.');
  await axe.expectNoSeriousA11yViolations(ritaPhone);
  await expect(page.locator('#v-votantes')).toHaveText('0');
  await ritaPhone.getByRole('button', { name: 'Confirmar', exact: true }).click();
  await expect(ritaPhone.getByRole('heading', { level: 1 })).toHaveText('Voto registrado');
  await expect(ritaPhone.getByRole('status')).toContainText('a favor');
  const receipt = ((await ritaPhone.locator('#comprovante').textContent()) ?? '').trim();
  expect(receipt).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  expect(ritaPhone.url()).not.toContain(receipt);
  await axe.expectNoSeriousA11yViolations(ritaPhone);

  // Voting again is refused, with the reason, and nothing counted.
  await ritaPhone.goto(`/c/${SLUG}/meu-celular`);
  await expect(ritaPhone.getByRole('status')).toContainText('Seu voto nesta votação já foi registrado');
  const vote = ((await page.locator('form[action$="/encerrar"]').getAttribute('action')) ?? '').split('/')[5];
  const again = await ritaPhone.request.post(`/c/${SLUG}/meu-celular/votar`, {
    form: { vote, choice: 'against' },
    headers: { Origin: baseURL ?? '' },
  });
  expect(again.status()).toBe(422);
  expect(await again.text()).toContain('Você já votou nesta votação');

  await expect(zePhone.getByRole('button', { name: 'Contra', exact: true })).toBeVisible({ timeout: 10_000 });
  // Zé first picks "A favor", changes it, and confirms "Contra".
  await zePhone.getByRole('button', { name: 'A favor', exact: true }).click();
  await expect(zePhone.locator('#escolha')).toHaveText('Você escolheu: A favor.');
  await zePhone.getByRole('button', { name: 'Mudar', exact: true }).click();
  await zePhone.getByRole('button', { name: 'Contra', exact: true }).click();
  await expect(zePhone.locator('#escolha')).toHaveText('Você escolheu: Contra.');
  await zePhone.getByRole('button', { name: 'Confirmar', exact: true }).click();
  await expect(zePhone.getByRole('status')).toContainText('contra');

  // The console and the telão count voters live (never how they voted).
  await expect(page.locator('#v-votantes')).toHaveText('2', { timeout: 10_000 });
  await expect(screen.locator('#t-votantes')).toHaveText('2', { timeout: 10_000 });

  // Lia has no phone: her raised badge is counted in the room; the room cannot count 2.
  await page.getByLabel('A favor (sala)').fill('2');
  await page.getByRole('button', { name: 'Encerrar a votação e publicar o resultado' }).click();
  await expect(page.getByRole('alert')).toContainText('só 1 delegado(s) presente(s) não votaram pelo celular');
  await expect(page.getByLabel('A favor (sala)')).toHaveValue('2');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('A favor (sala)').fill('1');
  await page.getByRole('button', { name: 'Encerrar a votação e publicar o resultado' }).click();
  await expect(page.getByRole('status')).toContainText('Votação registrada: aprovado.');
  await expect(page.getByRole('main')).toContainText('2 a favor, 1 contra, 0 abstenções (2 voto(s) pelo celular e 1 contado(s) na sala)');

  // The telão shows the result as soon as it is recorded.
  await expect(screen.locator('#t-aberta')).toBeHidden({ timeout: 10_000 });
  await expect(screen.locator('#t-resultado')).toContainText('Resultado: aprovado');
  await expect(screen.locator('#t-canal')).toHaveText('2 voto(s) pelo celular e 1 contado(s) na sala');
  await expect(screen.locator('#t-favor')).toHaveText('2');
  // Each option's count, with its word, visible (not only "aprovado").
  const counts = screen.locator('#t-placar');
  await expect(counts).toBeVisible();
  await expect(counts).toContainText('A favor');
  await expect(counts).toContainText('Contra');
  await expect(counts).toContainText('Abstenção');
  await expect(screen.locator('#t-contra')).toHaveText('1');
  await expect(screen.locator('#t-abstencao')).toHaveText('0');
  await axe.expectNoSeriousA11yViolations(screen);

  // The receipt checks the vote (the code goes in a form, not in the URL).
  await ritaPhone.goto(`/c/${SLUG}/votacoes/${vote}/comprovante`);
  await axe.expectNoSeriousA11yViolations(ritaPhone);
  await ritaPhone.getByLabel('Código do comprovante').fill('AAAA');
  await ritaPhone.getByRole('button', { name: 'Conferir' }).click();
  await expect(ritaPhone.getByRole('alert')).toContainText('três grupos');
  await ritaPhone.getByLabel('Código do comprovante').fill(receipt.toLowerCase());
  await ritaPhone.getByRole('button', { name: 'Conferir' }).click();
  await expect(ritaPhone.getByRole('status')).toContainText('com o voto a favor');
  await expect(ritaPhone.getByRole('status')).toContainText('contado no resultado: aprovado');
  expect(ritaPhone.url()).not.toContain(receipt);
  await axe.expectNoSeriousA11yViolations(ritaPhone);

  // The public record: the chain holds and holds three links (open, ballots…, close).
  const rec = await (await ritaPhone.request.get(`/c/${SLUG}/votacoes/${vote}/registro.json`)).json();
  expect(rec.intact).toBe(true);
  expect(rec.links[0].kind).toBe('open');
  expect(rec.links[rec.links.length - 1].kind).toBe('close');

  await screenCtx.close();
  await ritaPhone.context().close();
  await zePhone.context().close();
});
