import { expect, test, WCAG22_TAGS } from '../fixtures';
import { login, PNG } from '../helpers';

/** "AAAA-MM-DDTHH:MM" em São Paulo, daqui a `minutes` minutos. */
function saoPaulo(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000)
    .toLocaleString('sv-SE', { timeZone: 'America/Sao_Paulo' })
    .slice(0, 16)
    .replace(' ', 'T');
}

/** "AAAA-MM-DD" em São Paulo, `days` dias a partir de hoje. */
function saoPauloDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000)
    .toLocaleString('sv-SE', { timeZone: 'America/Sao_Paulo' })
    .slice(0, 10);
}

const CHAMBER = 'Câmara Técnica de Assistência Social do Consórcio Intermunicipal do Vale do Pará';

// O consórcio regional (issue 24): a secretaria da câmara técnica das gestoras municipais marca
// uma reunião extraordinária híbrida, registra a presença (uma suplente no lugar da titular), vota
// a campanha regional e encerra a reunião; cria a campanha (datas erradas recusadas, nada perdido),
// compartilha o cartaz e registra a ação de Itaúna com foto e descrição (foto sem descrição é
// recusada). A secretária do CMAS de Pará de Minas acha a campanha no painel e registra a ação do
// seu município, o único que o formulário lhe oferece. A página pública da campanha mostra os
// resultados por município, os que ainda não agiram incluídos. axe WCAG 2.2 AA em cada página.
test('câmara técnica do consórcio: reunião e campanha regional com as ações de dois municípios', async ({ page, axe }) => {
  test.setTimeout(180_000);
  const run = Date.now().toString(36);
  const campaign = `Proteção social nas férias ${run}`;

  await login(page, 'consorcio@demo.conferencia.local', 'demo-consorcio-2025');
  await expect(page.getByRole('main')).toContainText(CHAMBER);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // The chamber's composition: one seat per municipality, all seven with their manager.
  await page.getByRole('link', { name: `Membros e mandatos de ${CHAMBER}` }).click();
  await expect(page.getByRole('main')).toContainText('7 de 7 município(s) do Consórcio Intermunicipal do Vale do Pará com gestor(a) na câmara.');
  await expect(page.getByLabel('Município', { exact: true })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // A chamber meeting: extraordinary, hybrid, with the campaign for deliberation.
  await page.getByRole('link', { name: 'Reuniões' }).first().click();
  await page.getByRole('link', { name: 'Marcar uma reunião extraordinária' }).click();
  await page.getByLabel('Data e hora de início').fill(saoPaulo(5));
  await page.getByLabel('Formato').selectOption('hibrida');
  await page.getByLabel('Local').fill('Sede do consórcio');
  await page.getByLabel('Link da sala on-line').fill('https://meet.jit.si/camara-tecnica-extra');
  await page.getByRole('button', { name: 'Marcar a reunião' }).click();
  await expect(page.getByRole('status')).toContainText('Reunião marcada');
  await page.getByLabel('Assunto').fill(`Campanha regional: ${campaign}`);
  await page.getByLabel(/Para deliberação/).check();
  await page.getByRole('button', { name: 'Incluir o item' }).click();
  await expect(page.getByRole('status')).toContainText('Item incluído na pauta');
  const attendance = page.locator('form.presenca');
  const seats = attendance.locator('fieldset');
  await expect(seats).toHaveCount(7);
  for (let i = 0; i < 7; i++) {
    await seats.nth(i).getByRole('radio').first().check();
  }
  await seats.nth(1).getByRole('radio', { name: /suplente, no lugar/ }).check();
  await attendance.getByRole('button', { name: 'Registrar a presença' }).click();
  await expect(page.getByRole('status')).toContainText('Presença registrada: 7 cadeira(s) presente(s).');
  await expect(page.getByRole('main')).toContainText('Há quórum para deliberar.');
  const result = page.locator('form.resultado-item', { hasText: campaign });
  await result.getByLabel('Resultado').selectOption('aprovado');
  await result.getByLabel('Votação', { exact: true }).selectOption('contado');
  await result.getByLabel('Votos a favor').fill('7');
  await result.getByLabel('Votos contra').fill('0');
  await result.getByLabel('Abstenções').fill('0');
  await result.getByRole('button', { name: /Registrar o resultado/ }).click();
  await expect(page.getByRole('status')).toContainText('Resultado do item registrado.');
  await page.getByRole('button', { name: 'Encerrar e registrar a reunião como realizada' }).click();
  await expect(page.getByRole('status')).toContainText('Reunião encerrada e registrada');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // The campaign: wrong dates refused with what was typed kept; then created.
  await page.goto('/painel');
  await page.getByRole('link', { name: `Campanhas regionais de ${CHAMBER}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Campanhas regionais');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.getByLabel('Nome da campanha').fill(campaign);
  await page.getByLabel('O que a campanha quer e como os municípios participam').fill('Busca ativa das famílias com crianças fora da escola nas férias, nos sete municípios.');
  await page.getByLabel('Início').fill(saoPauloDay(-3));
  await page.getByLabel('Fim').fill(saoPauloDay(-10));
  await page.getByRole('button', { name: 'Criar a campanha' }).click();
  await expect(page.getByRole('alert')).toContainText('O fim da campanha deve ser no dia do início ou depois');
  await expect(page.getByLabel('Nome da campanha')).toHaveValue(campaign);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.getByLabel('Fim').fill(saoPauloDay(30));
  await page.getByRole('button', { name: 'Criar a campanha' }).click();
  await expect(page.getByRole('status')).toContainText('Campanha criada.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(campaign);

  // A shared poster.
  await page.getByText('Incluir um material').click();
  await page.getByLabel('Título do material').fill('Cartaz da campanha');
  await page.getByLabel('Arquivo (PDF, JPEG ou PNG)').setInputFiles({ name: 'cartaz.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Incluir o material' }).click();
  await expect(page.getByRole('status')).toContainText('Material incluído');
  await expect(page.getByRole('main')).toContainText('Cartaz da campanha (imagem JPEG');

  // Itaúna's action, by the chamber: a photo without its description is refused.
  await page.getByLabel('Município', { exact: true }).selectOption({ label: 'Itaúna' });
  await page.getByLabel('Nome da ação').fill('Oficina nas férias no CRAS Santanense');
  await page.getByLabel('Dia da ação').fill(saoPauloDay(-1));
  await page.getByLabel('O que foi feito, onde e com quem').fill('Oficinas de esporte e leitura com as crianças do SCFV e conversa com as famílias.');
  await page.getByLabel('Pessoas alcançadas').fill('85');
  await page.getByLabel('Materiais distribuídos (opcional)').fill('150');
  await page.getByLabel(/Uma foto da ação/).setInputFiles({ name: 'oficina.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Registrar a ação' }).click();
  await expect(page.getByRole('alert')).toContainText('Preencha a descrição da foto');
  await expect(page.getByLabel('Nome da ação')).toHaveValue('Oficina nas férias no CRAS Santanense');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.getByLabel(/Uma foto da ação/).setInputFiles({ name: 'oficina.png', mimeType: 'image/png', buffer: PNG });
  await page.getByLabel('Descrição da foto (para quem não a vê)').fill('Crianças jogando bola na quadra do CRAS com duas educadoras');
  await page.getByRole('button', { name: 'Registrar a ação' }).click();
  await expect(page.getByRole('status')).toContainText('Ação registrada');
  await expect(page.getByRole('heading', { name: 'Itaúna: Oficina nas férias no CRAS Santanense' })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  const publicUrl = page.url().replace('/gestao/campanhas/', '/campanhas/').replace(/\?.*$/, '');

  // Pará de Minas's council secretary records her municipality's action.
  await page.goto('/painel');
  await page.getByRole('button', { name: 'Sair' }).click();
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025');
  await expect(page.getByRole('heading', { name: 'Campanhas regionais do seu município' })).toBeVisible();
  await page.getByRole('link', { name: new RegExp(campaign) }).click();
  await expect(page.getByLabel('Município', { exact: true })).toHaveValue(/.+/);
  await expect(page.getByLabel('Município', { exact: true }).locator('option')).toHaveText(['Pará de Minas']);
  await expect(page.getByText('Incluir um material')).toHaveCount(0);
  await page.getByLabel('Nome da ação').fill('Busca ativa no bairro Providência');
  await page.getByLabel('Dia da ação').fill(saoPauloDay(0));
  await page.getByLabel('O que foi feito, onde e com quem').fill('Visitas das equipes do CRAS às famílias com crianças fora da escola.');
  await page.getByLabel('Pessoas alcançadas').fill('42');
  await page.getByRole('button', { name: 'Registrar a ação' }).click();
  await expect(page.getByRole('status')).toContainText('Ação registrada');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // The public page: results per municipality, the photo with its description.
  await page.context().clearCookies();
  await page.goto(publicUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(campaign);
  await expect(page.getByRole('main')).toContainText('2 de 7 município(s) com ação registrada: 2 ação(ões), 127 pessoa(s) alcançada(s), 150 material(is) distribuído(s).');
  const table = page.getByRole('table');
  await expect(table.getByRole('row', { name: /Itaúna/ })).toContainText('85');
  await expect(table.getByRole('row', { name: /Pará de Minas/ })).toContainText('42');
  await expect(table.getByRole('row', { name: /^Pitangui/ })).toContainText('ainda sem ação registrada');
  await expect(page.getByRole('img', { name: 'Crianças jogando bola na quadra do CRAS com duas educadoras' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Registrar a ação' })).toHaveCount(0);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  const poster = await page.request.get(
    (await page.getByRole('link', { name: 'Cartaz da campanha' }).getAttribute('href')) ?? '',
  );
  expect(poster.headers()['content-type']).toBe('image/jpeg');

  // The chamber's public page lists the consortium's municipalities and its campaigns.
  await page.getByRole('link', { name: 'Campanhas regionais' }).click();
  await expect(page.getByRole('main')).toContainText(campaign);
  await expect(page.getByRole('main')).toContainText('Cadastro Único em dia');
  await page.getByRole('link', { name: CHAMBER }).click();
  await expect(page.getByRole('heading', { name: 'Municípios do Consórcio Intermunicipal do Vale do Pará (7)' })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
});
