import { expect, test, WCAG22_TAGS } from '../fixtures';
import { login } from '../helpers';

// A orientação do estado desce às conferências abaixo. A comissão da conferência estadual de MG
// (2025, semeada pela demonstração acima de Pará de Minas) abre a página da orientação: a tabela
// de vagas por porte, o prazo do relatório e as perguntas adicionais. Um governo sem paridade no
// Médio Porte é recusado com a mensagem junto da célula e nada muda; corrigido, é publicado e a
// página pública mostra a tabela. A comissão municipal vê nas vagas da eleição a "Tabela do
// Conselho Estadual" do seu porte (sem o aviso da tabela de exemplo), a pergunta no relatório
// final e os eixos do estado (a demonstração já tem propostas nos seus eixos, então eles não são
// substituídos). No fim a tabela volta aos números da demonstração.
const STATE = 'minas-gerais-2025';
const DEMO = 'para-de-minas-2025';

test('orientação estadual: publicada pela comissão do estado, usada na eleição municipal', async ({ page, browser, axe }) => {
  test.setTimeout(120_000);
  await login(page, 'ceas@demo.conferencia.local', 'demo-ceas-2025');
  await expect(page).toHaveURL(/\/painel/);
  await page.goto(`/c/${STATE}/gestao/orientacao`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Orientação às conferências abaixo');
  await expect(page.getByLabel('Médio Porte, Governo, titulares')).toHaveValue('3');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // Parity broken: refused, the message next to the cell, what was typed kept.
  await page.getByLabel('Médio Porte, Governo, titulares').fill('4');
  await page.getByRole('button', { name: 'Publicar orientação' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Médio Porte: sem paridade nos titulares: 4 do governo e 3 da sociedade civil');
  await expect(page.locator('#t_MEDIO_governo-erro')).toContainText('sem paridade');
  await expect(page.getByLabel('Médio Porte, Governo, titulares')).toHaveValue('4');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // Fixed (4 = 2 + 1 + 1) with a new question and a deadline: published.
  await page.getByLabel('Médio Porte, Usuários(as), titulares').fill('2');
  await page.getByLabel('Prazo para as conferências abaixo enviarem o relatório final').fill('2030-09-30');
  await page.getByLabel(/Perguntas adicionais para o relatório final/).fill('Quantos CRAS fizeram pré-conferência?');
  await page.getByRole('button', { name: 'Publicar orientação' }).click();
  await expect(page.getByRole('status')).toContainText('Orientação publicada.');
  await page.getByRole('link', { name: 'Ver a página pública da orientação' }).click();
  const table = page.locator('#tabela-estadual');
  await expect(table.getByRole('row', { name: /Médio Porte/ })).toContainText('8 / 6');
  await expect(page.getByText('30/09/2030')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // The municipal commission: the elections take the state's seats for Médio Porte.
  const ctx = await browser.newContext();
  const com = await ctx.newPage();
  await login(com, 'comissao@demo.conferencia.local', 'demo-comissao-2025');
  await expect(com).toHaveURL(/\/painel/);
  await com.goto(`/c/${DEMO}/plenaria/eleicao`);
  const vagas = com.getByRole('region', { name: 'Vagas' });
  await expect(vagas).toContainText('Vagas da Tabela do Conselho Estadual, publicada pela XV Conferência Estadual de Assistência Social de Minas Gerais, para Médio Porte.');
  await expect(vagas).not.toContainText('Tabela de exemplo');
  await expect(vagas.getByRole('row', { name: /Governo/ })).toContainText('4');
  const orientation = com.getByRole('region', { name: /Orientação da XV Conferência Estadual/ });
  await expect(orientation).toContainText('30/09/2030');
  await axe.expectNoSeriousA11yViolations(com, WCAG22_TAGS);
  // The report asks the state's question; the eixos page offers the state's eixos.
  await com.goto(`/c/${DEMO}/gestao/relatorio`);
  await expect(com.getByLabel('Quantos CRAS fizeram pré-conferência?')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(com, WCAG22_TAGS);
  await com.goto(`/c/${DEMO}/gestao/eixos`);
  const eixos = com.getByRole('region', { name: 'Eixos da XV Conferência Estadual de Assistência Social de Minas Gerais' });
  await expect(eixos).toContainText('Universalização do SUAS');
  // The demo's eixos already carry proposals of the etapa digital: adjusted by hand, not replaced.
  await expect(eixos).toContainText('ajuste os eixos à mão');
  await axe.expectNoSeriousA11yViolations(com, WCAG22_TAGS);
  await ctx.close();

  // Back to the demo's numbers, so the demo's election keeps its seats.
  await page.goto(`/c/${STATE}/gestao/orientacao`);
  await page.getByLabel('Médio Porte, Governo, titulares').fill('3');
  await page.getByLabel('Médio Porte, Usuários(as), titulares').fill('1');
  await page.getByRole('button', { name: 'Publicar orientação' }).click();
  await expect(page.getByRole('status')).toContainText('Orientação publicada.');
});
