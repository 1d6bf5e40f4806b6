import { expect, test } from '../fixtures';
import { demoDay, login, PNG } from '../helpers';

// Mobilização: o articulador do CRAS Centro marca uma reunião com os usuários, informa
// a presença por segmento, abre o registro da reunião, registra duas propostas e envia uma foto
// (um arquivo que não é o que o nome diz é recusado antes); a comissão vê a foto na galeria e a
// escolhe para o relatório, cria o grupo de trabalho do eixo 1 e traz para ele as propostas da
// pré-conferência, que chegam com a sua origem.
const SLUG = 'para-de-minas-2025';
// Cinquenta dias antes do dia da conferência, dentro da etapa das reuniões das unidades.
const MEETING = demoDay(-50);
const P1 = 'Abrir o CRAS Centro também aos sábados pela manhã';
const P2 = 'Criar transporte gratuito para as famílias da zona rural chegarem ao CRAS';

test('a reunião da unidade gera propostas que chegam aos grupos e fotos para o relatório', async ({ page, axe }) => {
  test.setTimeout(120_000);
  await login(page, 'articulador.cras.centro', 'demo-articulador-2025');
  await expect(page).toHaveURL(/\/painel$/);
  await page.getByRole('link', { name: /CRAS Centro/ }).click();
  await page.getByLabel('Início (data e hora)').fill(`${MEETING.iso}T09:30`);
  await page.getByLabel('Local', { exact: false }).first().fill('Salão paroquial do bairro São José');
  await page.getByRole('button', { name: 'Marcar a reunião' }).click();
  await expect(page.getByRole('status').first()).toContainText('Reuniões atualizadas');
  const reportButton = page.getByRole('button', { name: `Informar que a reunião de ${MEETING.br} 09:30 aconteceu` });
  const form = page.locator('form', { has: reportButton });
  await form.getByLabel('Quantas pessoas participaram').fill('25');
  await form.getByLabel('Governo').fill('2');
  await form.getByLabel('Usuários(as)').fill('20');
  await form.getByLabel('Trabalhadores(as) do SUAS').fill('3');
  await form.getByLabel('Entidades de assistência social').fill('0');
  await reportButton.click();
  await expect(page.getByText('realizada: 25 participantes')).toBeVisible();

  await page.getByRole('link', { name: `Registro da reunião de ${MEETING.br} 09:30: propostas, ata e fotos` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Registro da reunião de ${MEETING.br} 09:30`);
  await axe.expectNoSeriousA11yViolations(page);
  // Bad input first: no text, no level.
  await page.getByRole('button', { name: 'Registrar a proposta' }).click();
  await expect(page.getByRole('alert')).toContainText('Nada foi salvo');
  await axe.expectNoSeriousA11yViolations(page);
  for (const [text, level] of [[P1, 'municipal'], [P2, 'estadual']]) {
    await page.getByLabel('Eixo', { exact: true }).selectOption({ index: 0 });
    await page.getByLabel('Texto da proposta').fill(text);
    await page.getByLabel('Dirigida a').selectOption(level);
    await page.getByRole('button', { name: 'Registrar a proposta' }).click();
    await expect(page.getByRole('status')).toContainText('Proposta registrada');
  }
  await expect(page.locator('#lista-propostas > li')).toHaveCount(2);
  await expect(page.locator('#lista-propostas')).toContainText('esperando o grupo de trabalho');

  // A PDF named as a photo is refused, the caption kept; then the real photo.
  await page.getByLabel('Arquivo: foto (JPEG ou PNG) ou documento em PDF, até 10 MB').setInputFiles({
    name: 'foto.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.from('%PDF-1.4 isto não é uma foto'),
  });
  await page.getByLabel('Legenda').fill('Roda de conversa com os usuários do CRAS Centro');
  await page.getByLabel('As pessoas que aparecem na foto ou no vídeo autorizaram o uso da imagem').check();
  await page.getByRole('button', { name: 'Enviar para a galeria' }).click();
  await expect(page.getByRole('alert')).toContainText('o conteúdo não é uma foto JPEG ou PNG');
  await expect(page.getByLabel('Legenda')).toHaveValue('Roda de conversa com os usuários do CRAS Centro');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Arquivo: foto (JPEG ou PNG) ou documento em PDF, até 10 MB').setInputFiles({
    name: 'roda.png',
    mimeType: 'image/png',
    buffer: PNG,
  });
  await page.getByLabel('As pessoas que aparecem na foto ou no vídeo autorizaram o uso da imagem').check();
  await page.getByRole('button', { name: 'Enviar para a galeria' }).click();
  await expect(page.getByRole('status')).toContainText('Arquivo incluído na galeria');
  const thumb = page.getByRole('img', { name: 'Roda de conversa com os usuários do CRAS Centro' });
  await expect(thumb).toBeVisible();
  const src = await thumb.getAttribute('src');
  const img = await page.request.get(src!);
  expect(img.headers()['content-type']).toBe('image/jpeg');
  await axe.expectNoSeriousA11yViolations(page);

  // The unit shares what it did on the public timeline, with the photo.
  await page.getByRole('link', { name: 'CRAS Centro' }).first().click();
  await page.getByLabel('O que a unidade fez').fill('Roda de conversa com 25 pessoas no bairro São José');
  await page.getByLabel('Foto: Roda de conversa com os usuários do CRAS Centro').check();
  await page.getByRole('button', { name: 'Publicar' }).click();
  await expect(page.getByRole('status')).toContainText('Publicado na linha do tempo');
  await expect(page.locator('#publicacoes')).toContainText('Roda de conversa com 25 pessoas');
  await axe.expectNoSeriousA11yViolations(page);
  await page.goto(`/c/${SLUG}/acoes`);
  const post = page.locator('#linha-do-tempo > li').first();
  await expect(post).toContainText('Roda de conversa com 25 pessoas no bairro São José');
  await expect(post.getByRole('img', { name: 'Roda de conversa com os usuários do CRAS Centro' })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);
  await post.getByRole('link', { name: 'CRAS Centro', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CRAS Centro');
  await expect(page.getByRole('main')).toContainText('participante(s) no total');
  await axe.expectNoSeriousA11yViolations(page);

  // The commission: the gallery, a photo picked for the report.
  await page.context().clearCookies();
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', `/c/${SLUG}/gestao/galeria`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Galeria das unidades');
  await axe.expectNoSeriousA11yViolations(page);
  await page
    .getByRole('button', { name: /^Incluir no relatório\s*: Roda de conversa com os usuários do CRAS Centro$/ })
    .click();
  await expect(page.getByRole('status')).toContainText('Foto incluída no relatório');

  // The working group of eixo 1 brings in the pre-conference's proposals with their origin.
  await page.goto(`/c/${SLUG}/plenaria/grupos`);
  await page.getByLabel('Eixo', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('Nome do grupo').fill('Grupo da mobilização');
  await page.getByRole('button', { name: 'Criar o grupo' }).click();
  await expect(page.getByRole('status')).toContainText('Grupo criado.');
  await page.getByRole('link', { name: 'Grupo da mobilização' }).click();
  const waiting = page.locator('#pre-conferencias');
  await expect(waiting).toContainText(P1);
  await expect(waiting).toContainText(`Pré-conferência: CRAS Centro (${MEETING.br})`);
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: /^Trazer todas as 2 para este grupo$/ }).click();
  await expect(page.getByRole('status')).toContainText('trazidas para o grupo');
  const list = page.locator('ol.propostas');
  await expect(list).toContainText(P1);
  await expect(list).toContainText(P2);
  await expect(list).toContainText(`Pré-conferência: CRAS Centro (${MEETING.br})`);
  await expect(page.locator('#pre-conferencias')).toHaveCount(0);
  await axe.expectNoSeriousA11yViolations(page);

  // The ranking moves only when the commission confirms the unit's numbers.
  const before = await scoreOf(page, 'CRAS Centro');
  // Nothing confirmed yet in this database: the page says so instead of naming winners.
  await expect(page.getByRole('main')).toContainText('ainda não confirmou os números de nenhuma unidade');
  await axe.expectNoSeriousA11yViolations(page);
  await page.goto(`/c/${SLUG}/gestao/engajamento`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Engajamento das unidades');
  await page.getByLabel('Pessoas mobilizadas nas reuniões').fill('-2');
  await page.getByRole('button', { name: 'Salvar os pesos' }).click();
  await expect(page.getByRole('alert')).toContainText('informe um número inteiro de 0 a 100');
  await expect(page.getByLabel('Pessoas mobilizadas nas reuniões')).toHaveValue('-2');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Pessoas mobilizadas nas reuniões').fill('1');
  await page.getByRole('button', { name: 'Salvar os pesos' }).click();
  await expect(page.getByRole('status')).toContainText('Pesos salvos');
  await page.getByRole('button', { name: 'Confirmar os números de CRAS Centro' }).click();
  await expect(page.getByRole('status')).toContainText('Contagem confirmada');
  await axe.expectNoSeriousA11yViolations(page);
  const after = await scoreOf(page, 'CRAS Centro');
  expect(after).toBeGreaterThan(before);
  // The demo's engagement results stage is past: the winners show.
  await expect(page.locator('#vencedores')).toContainText('CRAS Centro');
  await axe.expectNoSeriousA11yViolations(page);
});

/** The points of `unit` on the public ranking (leaves the page there). */
async function scoreOf(page: import('@playwright/test').Page, unit: string): Promise<number> {
  await page.goto(`/c/${SLUG}/ranking`);
  const row = page.locator('#ranking-unidades tbody tr', { has: page.getByRole('rowheader', { name: unit }) });
  return Number(await row.locator('td').nth(2).textContent());
}
