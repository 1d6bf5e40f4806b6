import { expect, test, WCAG22_TAGS } from '../fixtures';
import { login } from '../helpers';

/** "AAAA-MM-DDTHH:MM" em São Paulo, daqui a `minutes` minutos (o fuso das reuniões do conselho). */
function saoPaulo(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000)
    .toLocaleString('sv-SE', { timeZone: 'America/Sao_Paulo' })
    .slice(0, 16)
    .replace(' ', 'T');
}

// Na reunião do conselho (issue 24): a secretaria marca uma reunião extraordinária para hoje, com
// um item para deliberação; registra a presença (tudo em branco é recusado, cadeira por cadeira;
// uma suplente no lugar da titular), vota o item (mais votos que cadeiras presentes é recusado),
// encerra a reunião, publica a resolução e a ata (PDFs) e a página pública mostra a presença,
// o resultado, a ata e a resolução, que a busca encontra. A página da conferência da demonstração
// aponta para as resoluções que a convocaram e nomearam os articuladores. axe WCAG 2.2 AA.
test('na reunião do conselho: presença com suplente, votação, ata e resolução', async ({ page, axe }) => {
  test.setTimeout(150_000);
  const run = Date.now().toString(36);
  const subject = `Cofinanciamento dos benefícios eventuais ${run}`;
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025');
  await page.getByRole('link', { name: /^Reuniões de Conselho/ }).first().click();
  await page.getByRole('link', { name: 'Marcar uma reunião extraordinária' }).click();
  await page.getByLabel('Data e hora de início').fill(saoPaulo(5));
  await page.getByLabel('Formato').selectOption('presencial');
  await page.getByLabel('Local').fill('Casa dos Conselhos');
  await page.getByRole('button', { name: 'Marcar a reunião' }).click();
  await expect(page.getByRole('status')).toContainText('Reunião marcada');
  await page.getByLabel('Assunto').fill(subject);
  await page.getByLabel(/Para deliberação/).check();
  await page.getByRole('button', { name: 'Incluir o item' }).click();
  await expect(page.getByRole('status')).toContainText('Item incluído na pauta');

  // Attendance: nothing marked is refused seat by seat; then a suplente in a titular's place.
  const attendance = page.locator('form.presenca');
  await attendance.getByRole('button', { name: 'Registrar a presença' }).click();
  await expect(page.getByRole('alert')).toContainText('Marque a presença da cadeira de');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  const seats = attendance.locator('fieldset');
  const total = await seats.count();
  expect(total).toBeGreaterThanOrEqual(8);
  for (let i = 0; i < total; i++) {
    await seats.nth(i).getByRole('radio').first().check();
  }
  const withSuplente = seats.filter({ has: page.getByRole('radio', { name: /suplente, no lugar/ }) }).first();
  await withSuplente.getByRole('radio', { name: /suplente, no lugar/ }).check();
  await attendance.getByRole('button', { name: 'Registrar a presença' }).click();
  await expect(page.getByRole('status')).toContainText(`Presença registrada: ${total} cadeira(s) presente(s).`);
  await expect(page.getByRole('main')).toContainText('Há quórum para deliberar.');

  // The vote: more votes than seats present is refused; then approved.
  const result = page.locator('form.resultado-item', { hasText: subject });
  await result.getByLabel('Resultado').selectOption('aprovado');
  await result.getByLabel('Votação', { exact: true }).selectOption('contado');
  await result.getByLabel('Votos a favor').fill(String(total + 5));
  await result.getByRole('button', { name: /Registrar o resultado/ }).click();
  await expect(page.getByRole('alert')).toContainText('cada cadeira vota uma vez');
  await expect(result.getByLabel('Votos a favor')).toHaveValue(String(total + 5));
  await result.getByLabel('Votos a favor').fill(String(total - 2));
  await result.getByLabel('Votos contra').fill('1');
  await result.getByLabel('Abstenções').fill('1');
  await result.getByLabel('Registro do debate e declarações de voto (opcional)').fill('A conselheira do Fórum de Usuários declarou voto contrário.');
  await result.getByRole('button', { name: /Registrar o resultado/ }).click();
  await expect(page.getByRole('status')).toContainText('Resultado do item registrado.');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  await page.getByLabel(/Registro da reunião: abertura/).fill('Aberta pela presidente às 9h; encerrada às 11h.');
  await page.getByRole('button', { name: 'Encerrar e registrar a reunião como realizada' }).click();
  await expect(page.getByRole('status')).toContainText('Reunião encerrada e registrada');
  await expect(page.getByRole('main')).toContainText('Minuta da ata: a aprovar na próxima reunião');

  // The resolution, numbered.
  await page.getByLabel('Item aprovado').selectOption({ label: `1. ${subject}` });
  await page.getByLabel('Ementa').fill(`Aprova os critérios de ${subject}`);
  await page.getByLabel('Texto da resolução').fill('Art. 1º Ficam aprovados os critérios.\nArt. 2º Esta resolução entra em vigor na data de sua publicação.');
  await page.getByRole('button', { name: 'Publicar a resolução' }).click();
  await expect(page.getByRole('status')).toContainText('Resolução publicada.');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  const [, body, meeting] = /\/orgaos\/([0-9a-f-]+)\/gestao\/reunioes\/([0-9a-f-]+)/.exec(page.url()) ?? [];

  // Public: attendance, result, ata and resolution.
  await page.context().clearCookies();
  await page.goto(`/orgaos/${body}/reunioes/${meeting}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Reunião realizada' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('(suplente, no lugar de');
  await expect(page.getByRole('main')).toContainText(`Aprovado por ${total - 2} voto(s) a favor, 1 contra e 1 abstenção(ões)`);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  const ata = await page.request.get(`/orgaos/${body}/reunioes/${meeting}/ata`);
  expect(ata.headers()['content-type']).toBe('application/pdf');
  await page.getByRole('link', { name: /^Resolução .* nº \d+\/\d{4}$/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Resolução .* nº \d+\/\d{4}$/);
  await expect(page.getByRole('main')).toContainText('Art. 1º Ficam aprovados os critérios.');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  const pdf = await page.request.get(page.url() + '/pdf');
  expect(pdf.headers()['content-type']).toBe('application/pdf');

  // The search finds it.
  await page.goto(`/orgaos/${body}/resolucoes`);
  await page.getByLabel('Buscar por número, ementa ou texto').fill(`criterios ${run}`);
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page.getByRole('main')).toContainText('1 de ');
  await expect(page.getByRole('main')).toContainText(subject);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // The demo conference's page links to the council's resolutions that made its acts.
  await page.goto('/c/para-de-minas-2025');
  await expect(page.getByRole('main')).toContainText('Resoluções do conselho sobre esta conferência');
  await page.getByRole('link', { name: /^Resolução .* nº \d+\/\d{4}$/ }).last().click();
  await expect(page.getByRole('main')).toContainText('Nomeação dos articuladores territoriais');
});
