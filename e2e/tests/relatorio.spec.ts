import { expect, test, type Browser, type Page } from '../fixtures';
import { login } from '../helpers';

// Relatório final e envio à etapa seguinte. A conferência de treino `relatorio-e2e` (uma
// conferência municipal de 2023 já realizada, criada por `conferencia demo --practice` antes do
// servidor subir) tem presenças, deliberações, eleição e avaliação. A secretaria do CMAS digita
// um formulário de avaliação em papel, confere o relatório (prévia com todas as seções) e baixa o
// PDF; a administração confere também e envia. A conferência estadual de MG (2023) vê o
// relatório na caixa de entrada, com as verificações, e o devolve com um comentário. O CMAS vê o
// comentário, corrige, confere de novo e reenvia; o estado aceita: os(as) 12 eleitos(as) viram
// inscrições da conferência estadual e as deliberações para o estado e a União entram nas
// propostas recebidas.
const SLUG = 'relatorio-e2e';
const STATE = 'minas-gerais-2023';
/** A 16×8 PNG (domain::report::SAMPLE_PNG_BASE64). */
const SAMPLE_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAICAIAAAB/FOjAAAAAGElEQVR42mOQi1qAFT1boIEVMYxqoIUGADxisYFYZMi1AAAAAElFTkSuQmCC';
const COMMENT = 'Detalhe os recursos de acessibilidade oferecidos em cada dia.';

async function asAdmin(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, 'admin@demo.conferencia.local', 'demo-admin-2025');
  await expect(page).toHaveURL(/\/painel/);
  return page;
}

test('relatório: conferido, enviado, devolvido, reenviado e aceito pelo estado', async ({ page, browser, axe }) => {
  test.setTimeout(120_000);
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025');
  await expect(page).toHaveURL(/\/painel/);

  // The evaluation: one paper form typed in; a number typed twice is refused with nothing saved.
  await page.goto(`/c/${SLUG}/gestao/questionarios`);
  await page.getByRole('link', { name: 'Avaliação da XIII Conferência' }).click();
  await page.getByRole('link', { name: 'Digitar formulários em papel' }).click();
  await axe.expectNoSeriousA11yViolations(page);
  const typeForm = async (n: string) => {
    await page.getByLabel('Número do formulário em papel').fill(n);
    await page.getByRole('group', { name: /Você participou como/ }).getByLabel('Delegado(a)').check();
    for (const q of [/organização/, /acessibilidade/, /debates/]) {
      await page.getByRole('group', { name: q }).getByLabel('4', { exact: true }).check();
    }
    await page.getByLabel(/O que pode melhorar/).fill('Mais intérpretes de Libras.');
    await page.getByRole('button', { name: 'Salvar este formulário' }).click();
  };
  await typeForm('77');
  await expect(page.getByRole('status')).toContainText('Formulário nº 77 digitado.');
  await typeForm('77');
  await expect(page.getByRole('alert')).toContainText('O formulário em papel nº 77 já foi digitado');
  await page.goto(`/c/${SLUG}/gestao/questionarios`);
  await page.getByRole('link', { name: 'Avaliação da XIII Conferência' }).click();
  await page.getByRole('link', { name: 'Resultados' }).click();
  await expect(page.locator('#total')).toContainText('27 resposta(s)');
  await expect(page.locator('#total')).toContainText('7 digitada(s) de papel');
  await axe.expectNoSeriousA11yViolations(page);

  // The report's page: every section in the preview, nothing missing, confirmed by one.
  await page.goto(`/c/${SLUG}/gestao/relatorio`);
  for (const h of [
    'I. Informações gerais',
    'II. Delegados(as) por segmento',
    'III. Participantes por marcador social e acessibilidade',
    'IV. Deliberações por eixo e nível',
    'V. Delegados(as) eleitos(as)',
    'VI. Moções',
    'VII. Recursos de acessibilidade oferecidos',
    'VIII. Avaliação da conferência',
    'IX. Registro fotográfico',
  ]) {
    await expect(page.getByRole('heading', { name: h, exact: true })).toBeVisible();
  }
  await expect(page.locator('#faltando')).toHaveCount(0);
  await expect(page.getByText('27 questionário(s) respondido(s), 7 em papel.')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);
  const pdf = await page.request.get(`/c/${SLUG}/gestao/relatorio/baixar/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const csv = await page.request.get(`/c/${SLUG}/gestao/relatorio/baixar/csv`);
  expect((await csv.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

  // A photo for section IX: a file that is not a photo, without a caption or consent, is refused;
  // a photo with its caption and consent is included (re-encoded as a JPEG).
  const foto = page.getByLabel('Foto (JPEG ou PNG, até 10 MB)');
  await foto.setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('isto não é uma foto') });
  await page.getByRole('button', { name: 'Incluir a foto' }).click();
  await expect(page.getByRole('alert')).toContainText('não é uma foto JPEG ou PNG');
  await expect(page.getByRole('alert')).toContainText('Confirme que as pessoas que aparecem na foto autorizaram');
  await axe.expectNoSeriousA11yViolations(page);
  await foto.setInputFiles({ name: 'plenaria.png', mimeType: 'image/png', buffer: Buffer.from(SAMPLE_PNG, 'base64') });
  await page.getByLabel('Legenda').fill('Plenária final, 6 de julho');
  await page.getByLabel(/autorizaram o uso da imagem/).check();
  await page.getByRole('button', { name: 'Incluir a foto' }).click();
  await expect(page.getByRole('status')).toContainText('Foto incluída no relatório');
  await expect(page.locator('.fotos-relatorio figcaption')).toHaveText('Plenária final, 6 de julho');
  const src = (await page.locator('.fotos-relatorio img').getAttribute('src')) as string;
  const img = await page.request.get(src);
  expect(img.headers()['content-type']).toBe('image/jpeg');
  await axe.expectNoSeriousA11yViolations(page);

  // Submitting before two confirmations is refused with the reason.
  await page.getByRole('button', { name: /Conferi o relatório/ }).click();
  await expect(page.getByRole('status')).toContainText('Você confirmou esta versão');
  await page.getByRole('button', { name: /Enviar o relatório/ }).click();
  await expect(page.getByRole('alert')).toContainText('pelo menos 2 membros da comissão');

  // The second confirmation, then the submission (twice: one round).
  const admin = await asAdmin(browser);
  await admin.goto(`/c/${SLUG}/gestao/relatorio`);
  await admin.getByRole('button', { name: /Conferi o relatório/ }).click();
  await admin.getByRole('button', { name: /Enviar o relatório/ }).click();
  await expect(admin.getByRole('status')).toContainText('Relatório enviado');
  await expect(admin.locator('#situacao')).toContainText('aguardando a análise');

  // The state's inbox: checks, then returned with a comment (required).
  await admin.goto(`/c/${STATE}/gestao/relatorios-recebidos`);
  await expect(admin.locator('#caixa')).toContainText('Conferência de treino (relatorio-e2e)');
  await axe.expectNoSeriousA11yViolations(admin);
  await admin.getByRole('link', { name: 'Conferência de treino (relatorio-e2e)' }).click();
  const checks = admin.locator('#verificacoes');
  await expect(checks).toContainText('Todas as seções estão preenchidas');
  await expect(checks).toContainText('Paridade da delegação: 3 titular(es) do governo e 3 da sociedade civil');
  await expect(checks).toContainText('fora do prazo');
  await axe.expectNoSeriousA11yViolations(admin);
  await admin.getByRole('button', { name: 'Devolver com este comentário' }).click();
  await expect(admin.getByRole('alert')).toContainText('Escreva o que precisa ser corrigido');
  await admin.getByLabel('O que precisa ser corrigido').fill(COMMENT);
  await admin.getByRole('button', { name: 'Devolver com este comentário' }).click();
  await expect(admin.getByRole('status')).toContainText('Relatório devolvido');
  await expect(admin.locator('#situacao')).toHaveText('Devolvido para correção');

  // The CMAS sees the comment, corrects, confirms the new version; submits after the admin's.
  await page.goto(`/c/${SLUG}/gestao/relatorio`);
  await expect(page.locator('#envios')).toContainText(COMMENT);
  await page
    .getByRole('textbox', { name: 'Recursos de acessibilidade oferecidos' })
    .fill('Intérprete de Libras nos dois dias, em plenária e grupos\nRampa e banheiros acessíveis\nMaterial em fonte ampliada');
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Dados do relatório salvos.');
  await expect(page.getByText('conferida por 0 de pelo menos 2')).toBeVisible();
  await page.getByRole('button', { name: /Conferi o relatório/ }).click();
  await admin.goto(`/c/${SLUG}/gestao/relatorio`);
  await admin.getByRole('button', { name: /Conferi o relatório/ }).click();
  await admin.getByRole('button', { name: /Enviar o relatório/ }).click();
  await expect(admin.getByRole('status')).toContainText('Relatório enviado');

  // Accepted: the elected become state registrations.
  await admin.goto(`/c/${STATE}/gestao/relatorios-recebidos`);
  await admin.getByRole('link', { name: 'Conferência de treino (relatorio-e2e)' }).first().click();
  await expect(admin.getByRole('heading', { name: 'Envios anteriores' })).toBeVisible();
  await admin.getByRole('button', { name: 'Aceitar o relatório' }).click();
  await expect(admin.getByRole('status')).toContainText(
    'Relatório aceito: 12 inscrição(ões) nova(s) de delegados(as) eleitos(as) (0 já estava(m) inscrita(s)) e 5 deliberação(ões) recebida(s).',
  );
  await expect(admin.locator('#situacao')).toHaveText('Aceito');
  // 12 delegates came with each of the four accepted 2023 reports of the demo (Pará de Minas and
  // its three neighbours), 12 now.
  await admin.goto(`/c/${STATE}/gestao/inscricoes?q=Adriana+Martins`);
  await expect(admin.getByRole('table').first()).toContainText('Delegado(a)60');
  await expect(admin.getByRole('cell', { name: /Adriana Martins/ }).first()).toBeVisible();

  await page.goto(`/c/${SLUG}/gestao/relatorio`);
  await expect(page.locator('#situacao')).toContainText('Relatório aceito');
  await axe.expectNoSeriousA11yViolations(page);
});
