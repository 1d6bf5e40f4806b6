import { expect, test, WCAG22_TAGS, type Browser, type Page } from '../fixtures';
import { conferenceOpenNow, pairPhone as pairPhoneAt, walkIn as walkInAt } from '../helpers';

// Eleição de delegados(as) de um segmento pelos celulares: a mesa vê as vagas da tabela de
// exemplo (com o aviso de dados de amostra), registra duas candidaturas de usuários(as), abre a
// votação do segmento; dois celulares votam (voto secreto; um segundo voto é recusado), a mesa
// soma a cédula de quem não tem celular (e é impedida de contar gente demais), encerra e apura:
// um(a) titular e um(a) suplente. O telão e a página pública mostram os eleitos; a cota, só em
// números. Cada voto pelo celular dá um comprovante, que a página pública confere, e cada
// votação tem um registro encadeado (hashes) público.
const SLUG = 'eleicao-e2e';

const walkIn = (page: Page, name: string, segment: string, slug: string = SLUG): Promise<string> =>
  walkInAt(page, slug, { name, segment });

const pairPhone = (page: Page, browser: Browser, code: string, name: string): Promise<Page> =>
  pairPhoneAt(page, browser, SLUG, code, name);

test('eleição de um segmento pelos celulares: titular e suplente', async ({ page, browser, axe, baseURL }) => {
  test.setTimeout(150_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
  const rita = await walkIn(page, 'Rita Candidata', 'usuarios');
  const sol = await walkIn(page, 'Sol Candidata', 'usuarios');
  await walkIn(page, 'Téo Sem Celular', 'usuarios');
  const ritaPhone = await pairPhone(page, browser, rita, 'Rita Candidata');
  const solPhone = await pairPhone(page, browser, sol, 'Sol Candidata');

  // Seats from the municipality's porte in the sample table, labelled as sample data.
  await page.goto(`/c/${SLUG}/plenaria/eleicao`);
  const vagas = page.getByRole('region', { name: 'Vagas' });
  await expect(vagas).toContainText('Tabela de exemplo (dados de amostra, não é norma)');
  await expect(vagas).toContainText('Médio Porte');
  await expect(vagas.getByRole('table').first()).toContainText('Usuários(as)');
  await axe.expectNoSeriousA11yViolations(page);

  // Candidates by badge code; a repeat is refused.
  for (const code of [rita, sol]) {
    await page.getByLabel('Código de inscrição (no crachá)').fill(code);
    await page.getByRole('button', { name: 'Registrar candidatura' }).click();
    await expect(page.getByRole('status')).toContainText('Candidatura registrada.');
  }
  await page.getByLabel('Código de inscrição (no crachá)').fill(rita);
  await page.getByRole('button', { name: 'Registrar candidatura' }).click();
  await expect(page.getByRole('alert')).toContainText('Esta pessoa já é candidata');
  await axe.expectNoSeriousA11yViolations(page);

  // The projector, open all along.
  const screenCtx = await browser.newContext();
  const screen = await screenCtx.newPage();
  await screen.goto(`/c/${SLUG}/telao`);

  await page.getByRole('button', { name: 'Abrir a votação do segmento Usuários(as)' }).click();
  await expect(page.getByRole('status')).toContainText('Votação do segmento aberta');
  const users = page.getByRole('region', { name: /Usuários\(as\):/ });
  await expect(users).toContainText('0 voto(s) recebido(s) pelo celular, de 3 delegado(s) do segmento');
  await axe.expectNoSeriousA11yViolations(page);

  // The phones show the ballot by themselves; one vote each, secret.
  const voteSol = ritaPhone.getByRole('button', { name: 'Votar em Sol Candidata' });
  await expect(voteSol).toBeVisible({ timeout: 10_000 });
  await expect(ritaPhone.getByRole('main')).toContainText('Voto secreto');
  await axe.expectNoSeriousA11yViolations(ritaPhone);
  await voteSol.click();
  // A second screen names the choice; "Confirmar" casts it.
  await expect(ritaPhone.locator('#escolha')).toHaveText('Você escolheu: Sol Candidata.');
  await axe.expectNoSeriousA11yViolations(ritaPhone);
  await ritaPhone.getByRole('button', { name: 'Confirmar', exact: true }).click();
  // The answer is the receipt: a code shown once, never in the URL.
  await expect(ritaPhone.getByRole('heading', { level: 1 })).toHaveText('Voto registrado na eleição');
  await expect(ritaPhone.getByRole('status')).toContainText('Seu voto nesta eleição (segmento Usuários(as)) foi registrado: Sol Candidata');
  const receipt = ((await ritaPhone.locator('#comprovante').textContent()) ?? '').trim();
  expect(receipt).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  expect(ritaPhone.url()).not.toContain(receipt);
  await axe.expectNoSeriousA11yViolations(ritaPhone);
  const poll = ((await page.locator('form[action*="/eleicao/votacoes/"]').getAttribute('action')) ?? '').split('/')[6];
  const again = await ritaPhone.request.post(`/c/${SLUG}/meu-celular/eleger`, {
    form: { poll, candidate: 'x' },
    headers: { Origin: baseURL ?? '' },
  });
  expect(again.status()).toBe(422);
  expect(await again.text()).toContain('Você já votou nesta eleição');
  await expect(solPhone.getByRole('button', { name: 'Votar em Sol Candidata' })).toBeVisible({ timeout: 10_000 });
  await solPhone.getByRole('button', { name: 'Votar em Sol Candidata' }).click();
  await solPhone.getByRole('button', { name: 'Confirmar', exact: true }).click();
  await expect(solPhone.getByRole('status')).toContainText('foi registrado: Sol Candidata');
  // Back on the plenary page, the phone says the vote is in.
  await solPhone.getByRole('link', { name: 'Voltar à plenária' }).click();
  await expect(solPhone.getByRole('status')).toContainText('Seu voto nesta eleição já foi registrado');
  await expect(solPhone.getByRole('link', { name: 'Conferir meu voto na eleição' })).toBeVisible();

  // The telão counts voters (never for whom).
  await expect(screen.locator('#t-eleicao')).toContainText('segmento Usuários(as)', { timeout: 10_000 });
  await expect(screen.locator('#t-eleicao-votos-0')).toHaveText('2', { timeout: 10_000 });

  // Téo voted on paper for Rita: the room cannot count three more.
  await page.reload();
  await page.getByLabel('Votos na sala para Rita Candidata').fill('3');
  await page.getByRole('button', { name: 'Encerrar a votação do segmento Usuários(as)' }).click();
  await expect(page.getByRole('alert')).toContainText('conte de novo');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Votos na sala para Rita Candidata').fill('1');
  await page.getByRole('button', { name: 'Encerrar a votação do segmento Usuários(as)' }).click();
  await expect(page.getByRole('status')).toContainText('Votação do segmento encerrada.');
  await expect(users.getByRole('table')).toContainText('Sol Candidata');
  await expect(users.getByRole('table')).toContainText('1º turno');
  // A closed poll may run again (2º turno): the form, without JavaScript, with a label per
  // candidate; no tie here, so nobody is checked. Targets of 24×24 px at least (WCAG 2.2).
  await expect(users.getByRole('button', { name: 'Abrir 2º turno do segmento Usuários(as)' })).toBeVisible();
  await expect(users.getByLabel('Sol Candidata')).not.toBeChecked();
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // Rita checks her receipt (the code goes in a form, not in the URL).
  await ritaPhone.getByRole('link', { name: 'Conferir meu voto na eleição' }).click();
  await expect(ritaPhone.getByRole('heading', { level: 1 })).toHaveText('Conferir meu voto na eleição');
  await axe.expectNoSeriousA11yViolations(ritaPhone);
  await ritaPhone.getByLabel('Código do comprovante').fill('AAAA');
  await ritaPhone.getByRole('button', { name: 'Conferir' }).click();
  await expect(ritaPhone.getByRole('alert')).toContainText('três grupos');
  await ritaPhone.getByLabel('Código do comprovante').fill('AAAA-BBBB-CCCC');
  await ritaPhone.getByRole('button', { name: 'Conferir' }).click();
  await expect(ritaPhone.getByRole('alert')).toContainText('Nenhum voto desta eleição tem este comprovante');
  await ritaPhone.getByLabel('Código do comprovante').fill(receipt.toLowerCase());
  await ritaPhone.getByRole('button', { name: 'Conferir' }).click();
  await expect(ritaPhone.getByRole('status')).toContainText('Seu voto em Sol Candidata está na contagem');
  await expect(ritaPhone.getByRole('status')).toContainText('foi contado');
  expect(ritaPhone.url()).not.toContain(receipt);
  await axe.expectNoSeriousA11yViolations(ritaPhone);

  // The poll's public record: the hash chain holds (open, the ballots in one link sorted by
  // receipt, written at closing, the room, the closing).
  const record = await page.request.get(`/c/${SLUG}/eleicao/votacoes/${poll}/registro.json`);
  expect(record.status()).toBe(200);
  const chain = await record.json();
  expect(chain.intact).toBe(true);
  expect(chain.links.map((l: { kind: string }) => l.kind)).toEqual(['open', 'ballots', 'room', 'close']);
  expect(JSON.stringify(chain)).not.toContain(receipt);

  // The result: Sol titular (2 votes), Rita suplente (1); the quota is short and says so.
  await page.getByRole('button', { name: 'Apurar o resultado' }).click();
  await expect(page.getByRole('status')).toContainText('Resultado apurado.');
  await expect(page.locator('#titulares')).toContainText('Sol Candidata');
  await expect(page.locator('#suplentes')).toContainText('Rita Candidata');
  await expect(page.getByRole('region', { name: /Cota/ })).toContainText('A cota não foi atingida');
  await axe.expectNoSeriousA11yViolations(page);

  // Public: names and seats; the quota as counts; no votes per person.
  await page.goto(`/c/${SLUG}/eleicao`);
  await expect(page.locator('#titulares')).toContainText('Sol Candidata');
  await expect(page.locator('#suplentes')).toContainText('Rita Candidata');
  await expect(page.locator('#titulares')).not.toContainText('Votos');
  await expect(page.locator('#cota-contagem')).toContainText('0 de 2 eleitos(as) (titulares e suplentes) de grupos de cota');
  await axe.expectNoSeriousA11yViolations(page);

  // The telão shows the elected.
  await expect(screen.locator('#t-eleicao')).toContainText('Titular · Usuários(as): Sol Candidata', { timeout: 10_000 });
  await axe.expectNoSeriousA11yViolations(screen);

  await screenCtx.close();
  await ritaPhone.context().close();
  await solPhone.context().close();
});

// Delegados(as) do governo indicados(as) pelo órgão gestor (docs/domain.md §6.1): a mesa muda a
// configuração, marca os(as) três titulares do governo entre os(as) delegados(as) do segmento e
// registra o ato; sem o ato e com o número errado, nada é salvo. O segmento governo não tem votação.
test('delegados(as) do governo indicados(as) pelo órgão gestor, com o ato', async ({ page, axe }) => {
  test.setTimeout(120_000);
  const slug = 'eleicao-indicacao-e2e';
  await conferenceOpenNow(page, slug, 'credentialing', 'Credenciamento');
  for (const name of ['Gina Gestora', 'Gil Gestor', 'Gal Gestora', 'Guto Gestor']) {
    await walkIn(page, name, 'governo', slug);
  }
  await page.goto(`/c/${slug}/plenaria/eleicao`);
  await page.getByLabel('Indicados(as) pelo órgão gestor').check();
  await page.getByRole('button', { name: 'Salvar vagas e desempate' }).click();
  await expect(page.getByRole('status')).toContainText('Vagas e regra de desempate salvas.');
  const region = page.getByRole('region', { name: 'Indicação do governo pelo órgão gestor' });
  await expect(region).toContainText('exatamente 3 titular(es)');

  // Without the act and with two titulares: both problems, tied to their fields.
  await region.getByLabel('Indicação de Gina Gestora').selectOption('titular');
  await region.getByLabel('Indicação de Gil Gestor').selectOption('titular');
  await page.getByRole('button', { name: 'Registrar a indicação do governo' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Ato de indicação');
  await expect(alert).toContainText('Indique exatamente 3 titular(es) do governo');
  await expect(page.getByLabel('Ato de indicação do órgão gestor')).toHaveAttribute('aria-describedby', /ato-erro/);
  await expect(region.getByLabel('Indicação de Gil Gestor')).toHaveValue('titular');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  await page.getByLabel('Ato de indicação do órgão gestor').fill('Portaria SMAS nº 12/2027');
  await region.getByLabel('Indicação de Gal Gestora').selectOption('titular');
  await region.getByLabel('Indicação de Guto Gestor').selectOption('suplente');
  await page.getByRole('button', { name: 'Registrar a indicação do governo' }).click();
  await expect(page.getByRole('status')).toContainText('Indicação do governo registrada.');
  const table = page.locator('#indicados');
  await expect(table).toContainText('Portaria SMAS nº 12/2027');
  await expect(table).toContainText('Gal Gestora');
  await expect(table).toContainText('Suplente');
  // No poll in the government segment.
  const gov = page.getByRole('region', { name: /^Governo:/ });
  await expect(gov).toContainText('não há votação neste segmento');
  await expect(page.getByRole('button', { name: 'Abrir a votação do segmento Governo' })).toHaveCount(0);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
});
