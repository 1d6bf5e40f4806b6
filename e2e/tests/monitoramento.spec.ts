import { expect, test } from '../fixtures';
import { login } from '../helpers';

// Relatório público e monitoramento das deliberações. A conferência de 2023 da demonstração (Pará de Minas) tem 10
// deliberações aprovadas, o relatório final aceito pelo estado (público em /relatorio) e a
// situação de 7 deliberações registrada. A página pública do monitoramento mostra o
// andamento (tabela com gráfico). A secretaria do CMAS registra a situação de uma deliberação
// (sem órgão responsável é recusada), um marco com link e PDF de evidência, e envia uma planilha:
// com uma linha errada nada é importado e a linha é nomeada; corrigida, a situação muda. A
// página pública mostra a nova situação e a evidência.
const SLUG = 'para-de-minas-2023';

function tinyPdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
}

test('monitoramento: situação, marco com evidência, planilha e página pública', async ({ page, axe }) => {
  test.setTimeout(120_000);

  // Public: the accepted final report, from the conference page.
  await page.goto(`/c/${SLUG}`);
  await page.getByRole('link', { name: /Leia o relatório final da conferência/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Relatório final');
  for (const h of ['I. Informações gerais', 'IV. Deliberações por eixo e nível', 'VIII. Avaliação da conferência']) {
    await expect(page.getByRole('heading', { level: 2, name: h })).toBeVisible();
  }
  const report = await page.request.get(`/c/${SLUG}/relatorio/baixar/pdf`);
  expect(report.headers()['content-type']).toBe('application/pdf');
  await axe.expectNoSeriousA11yViolations(page);

  // Public: from the conference page to the progress page.
  await page.goto(`/c/${SLUG}`);
  await page.getByRole('link', { name: /Acompanhe as 10 deliberações aprovadas/ }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/monitoramento$`));
  const progress = page.locator('#andamento');
  await expect(progress.getByRole('row', { name: /Não iniciada 4 40%/ })).toBeVisible();
  await expect(progress.getByRole('row', { name: /Concluída 2 20%/ })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025');
  await expect(page).toHaveURL(/\/painel/);
  await page.goto(`/c/${SLUG}/gestao/monitoramento`);
  await axe.expectNoSeriousA11yViolations(page);

  // One deliberation: a status without a responsible body is refused, nothing saved.
  await page.getByRole('link', { name: /^E4-E-1 \(atualizar\)$/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deliberação E4-E-1');
  await page.getByRole('combobox', { name: 'Situação' }).selectOption({ label: 'Em andamento' });
  await page.getByRole('button', { name: 'Salvar a situação' }).click();
  await expect(page.getByRole('alert')).toContainText('Informe o órgão responsável');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Órgão responsável').fill('Secretaria de Estado de Desenvolvimento Social');
  await page.getByLabel('Observação (opcional)').fill('Estudo de regionalização em andamento.');
  await page.getByRole('button', { name: 'Salvar a situação' }).click();
  await expect(page.getByRole('status')).toContainText('Situação salva.');
  await expect(page.locator('#historico')).toContainText('Em andamento');

  // A milestone: a bad link is refused; then a link and a PDF.
  await page.getByLabel('Descrição do marco').fill('Estudo de regionalização publicado');
  await page.getByLabel('Realizado em').fill('2025-09-15');
  await page.getByLabel('Link da evidência (opcional)').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Registrar o marco' }).click();
  await expect(page.getByRole('alert')).toContainText('O link da evidência deve ser um endereço completo');
  await expect(page.getByLabel('Descrição do marco')).toHaveValue('Estudo de regionalização publicado');
  await page.getByLabel('Link da evidência (opcional)').fill('https://www.social.mg.gov.br/regionalizacao');
  await page.getByLabel(/Evidência em PDF/).setInputFiles({ name: 'estudo.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
  await page.getByRole('button', { name: 'Registrar o marco' }).click();
  await expect(page.getByRole('status')).toContainText('Marco registrado.');
  await expect(page.locator('#marcos')).toContainText('15/09/2025');
  await expect(page.locator('#marcos').getByRole('link', { name: 'estudo.pdf (PDF)' })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  // The spreadsheet: downloaded with every deliberation; a bad line refuses the whole file.
  await page.goto(`/c/${SLUG}/gestao/monitoramento`);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Baixe a planilha das deliberações (CSV)' }).click();
  const csv = await (await download).createReadStream();
  let text = '';
  for await (const chunk of csv) text += chunk.toString();
  expect(text).toContain('codigo;eixo;nivel;deliberacao;situacao;orgao_responsavel;observacao');
  expect(text).toContain('E4-E-1;4;estadual;');

  const sheet = (rows: string) => ({ name: 'monitoramento.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
  await page.getByLabel('Planilha preenchida').setInputFiles(
    sheet('codigo;situacao;orgao_responsavel\nE5-M-1;Concluída;Câmara Municipal\nE7-M-1;Concluída;SMAS\n'),
  );
  await page.getByRole('button', { name: 'Importar a planilha' }).click();
  await expect(page.getByRole('alert')).toContainText('Nada foi importado');
  await expect(page.getByRole('alert')).toContainText('Linha 3: não há deliberação com o código E7-M-1');
  await axe.expectNoSeriousA11yViolations(page);
  const e5 = page.getByRole('row', { name: /E5-M-1/ });
  await expect(e5).toContainText('Não iniciada');
  await page.getByLabel('Planilha preenchida').setInputFiles(
    sheet('codigo;situacao;orgao_responsavel\nE5-M-1;Concluída;Câmara Municipal\n'),
  );
  await page.getByRole('button', { name: 'Importar a planilha' }).click();
  await expect(page.getByRole('status')).toContainText('Planilha importada: 1 deliberação(ões) atualizada(s), 0 sem mudança.');
  await expect(e5).toContainText('Concluída');
  await expect(e5).toContainText('Câmara Municipal');

  // Public again: the new statuses and the evidence.
  await page.goto(`/c/${SLUG}/monitoramento`);
  await expect(progress.getByRole('row', { name: /Concluída 3 30%/ })).toBeVisible();
  const e4 = page.locator('[id="d-E4-E-1"]');
  await expect(e4).toContainText('Em andamento');
  await expect(e4).toContainText('Estudo de regionalização publicado: realizado em 15/09/2025');
  const pdf = await page.request.get(await e4.getByRole('link', { name: /estudo\.pdf/ }).getAttribute('href') as string);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  await axe.expectNoSeriousA11yViolations(page);
});
