import { expect, test } from '../fixtures';
import { login } from '../helpers';

// Questionário de mobilização na conferência demo: a comissão cria o
// questionário com uma pergunta sob o eixo 1 e outra sem eixo, abre, e copia o link do CRAS
// Centro; uma pessoa responde pelo link (a resposta conta para o CRAS Centro); a comissão
// imprime formulários numerados (uma quantidade fora do limite é recusada), digita o formulário
// nº 1 com a unidade CRAS Norte, digita-o de novo com uma resposta diferente, vê a diferença e
// adota a segunda digitação; nos resultados, filtra pela unidade. axe em cada página.
const SLUG = 'para-de-minas-2025';

test('questionário de mobilização: eixo, link por unidade, papel com conferência e resultados por unidade', async ({
  page,
  browser,
  axe,
}) => {
  test.setTimeout(120_000);
  const title = `Escuta nos territórios ${test.info().project.name}`;
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025');
  await expect(page).toHaveURL(/\/painel/);

  // Create and build it.
  await page.goto(`/c/${SLUG}/gestao/questionarios`);
  await page.getByLabel('Título').fill(title);
  await page.getByLabel('Finalidade').selectOption('mobilization');
  await page.getByLabel(/Começar com as perguntas do modelo/).uncheck();
  await page.getByRole('button', { name: 'Criar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const editor = page.url();
  await axe.expectNoSeriousA11yViolations(page);

  // An eixo's question with a missing option: refused with the values kept.
  await page.getByLabel('Tipo').selectOption('single');
  await page.getByLabel(/^Pergunta/).fill('A unidade atende bem?');
  await page.getByLabel('Eixo (opcional)').selectOption({ index: 1 });
  await page.getByLabel(/Opções/).fill('Sim');
  await page.getByRole('button', { name: 'Acrescentar' }).click();
  await expect(page.getByRole('alert')).toContainText('Escreva pelo menos duas opções');
  await expect(page.getByLabel(/^Pergunta/)).toHaveValue('A unidade atende bem?');
  const eixo1 = (await page.getByLabel('Eixo (opcional)').locator('option:checked').textContent()) ?? '';
  expect(eixo1).toMatch(/^Eixo 1: /);
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel(/Opções/).fill('Sim\nNão');
  await page.getByRole('button', { name: 'Acrescentar' }).click();
  await expect(page.getByRole('status')).toContainText('Pergunta acrescentada');
  await page.getByLabel('Tipo').selectOption('short_text');
  await page.getByLabel(/^Pergunta/).fill('Seu bairro');
  await page.getByLabel('Resposta obrigatória').uncheck();
  await page.getByRole('button', { name: 'Acrescentar' }).click();
  await expect(page.getByRole('status')).toContainText('Pergunta acrescentada');
  // Grouped: "Geral" (the question without eixo) first, then the eixo.
  await expect(page.getByRole('heading', { level: 3 })).toHaveText(['Geral', eixo1]);
  await expect(page.getByText('1. Seu bairro')).toBeVisible();
  await expect(page.getByText('2. A unidade atende bem?')).toBeVisible();
  await page.getByRole('button', { name: 'Abrir para respostas' }).click();
  await expect(page.locator('#situacao')).toHaveText('Aberto para respostas');
  await axe.expectNoSeriousA11yViolations(page);

  // The CRAS Centro's link.
  const link = await page.getByLabel('Link para CRAS Centro').inputValue();
  expect(link).toMatch(/\/questionarios\/[0-9a-f-]+\?unidade=[0-9a-f-]+$/);
  const url = new URL(link);

  // Answered online by someone through that link (not logged in).
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(url.pathname + url.search);
  await expect(visitor.locator('#unidade-do-link')).toContainText('CRAS Centro');
  await expect(visitor.locator('h2.eixo-questionario')).toHaveText(['Geral', eixo1]);
  await axe.expectNoSeriousA11yViolations(visitor);
  await visitor.getByRole('button', { name: 'Enviar respostas' }).click();
  await expect(visitor.getByRole('alert')).toContainText('Responda: A unidade atende bem?');
  await expect(visitor.locator('#unidade-do-link')).toContainText('CRAS Centro');
  await axe.expectNoSeriousA11yViolations(visitor);
  await visitor.getByRole('group', { name: /A unidade atende bem/ }).getByLabel('Sim').check();
  await visitor.getByLabel('1. Seu bairro').fill('Centro');
  await visitor.getByRole('button', { name: 'Enviar respostas' }).click();
  await expect(visitor.getByRole('heading', { name: 'Obrigado!' })).toBeVisible();
  // Without a unit in the link, an anonymous person may choose theirs.
  await visitor.goto(url.pathname);
  await expect(visitor.getByLabel('Sua unidade de referência (opcional)')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(visitor);

  // Printed forms: a quantity out of bounds is refused on the paper page; a good one is a PDF.
  await page.goto(editor);
  await page.getByRole('link', { name: 'Digitar formulários em papel' }).click();
  await page.getByLabel('Quantidade de formulários').fill('501');
  await page.getByRole('button', { name: 'Gerar o PDF dos formulários' }).click();
  await expect(page.getByRole('alert')).toContainText('A quantidade deve ser um número inteiro de 1 a 500 formulários');
  await expect(page.getByLabel('Quantidade de formulários')).toHaveValue('501');
  await axe.expectNoSeriousA11yViolations(page);
  const pdfUrl = new URL(page.url());
  pdfUrl.searchParams.set('quantidade', '2');
  const pdf = await page.request.get(pdfUrl.pathname + pdfUrl.search);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // Form nº 1 typed with its unit.
  await page.goto(`${editor}/papel`);
  await page.getByLabel('Número do formulário em papel').fill('1');
  await page.getByLabel('Unidade do formulário (opcional)').selectOption({ label: 'CRAS Norte (Território Norte)' });
  await page.getByRole('group', { name: /A unidade atende bem/ }).getByLabel('Sim').check();
  await page.getByRole('button', { name: 'Salvar este formulário' }).click();
  await expect(page.getByRole('status')).toContainText('Formulário nº 1 digitado.');
  await axe.expectNoSeriousA11yViolations(page);

  // Typed a second time with another answer: a form never typed is refused first.
  await page.getByRole('link', { name: 'Conferência da digitação (segunda digitação)' }).click();
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Número do formulário em papel').fill('2');
  await page.getByLabel('Unidade do formulário (opcional)').selectOption({ label: 'CRAS Norte (Território Norte)' });
  await page.getByRole('group', { name: /A unidade atende bem/ }).getByLabel('Não').check();
  await page.getByRole('button', { name: 'Salvar a segunda digitação' }).click();
  await expect(page.getByRole('alert')).toContainText('O formulário nº 2 ainda não foi digitado: digite-o primeiro');
  await expect(page.getByLabel('Número do formulário em papel')).toHaveValue('2');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Número do formulário em papel').fill('1');
  await page.getByRole('button', { name: 'Salvar a segunda digitação' }).click();
  await expect(page.getByRole('status')).toContainText('Formulário nº 1 conferido: 1 diferença(s)');

  // The difference, flagged; the second typing adopted.
  await page.getByRole('link', { name: 'Diferenças entre digitações' }).click();
  const table = page.getByRole('table', { name: /Formulário nº 1:/ });
  await expect(table).toContainText('2. A unidade atende bem?');
  await expect(table.getByRole('row').nth(1)).toContainText('Sim');
  await expect(table.getByRole('row').nth(1)).toContainText('Não');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Adotar a segunda digitação do formulário nº 1' }).click();
  await expect(page.getByRole('status')).toContainText('Formulário nº 1: ficou a segunda digitação');
  await expect(page.locator('#resumo-conferencia')).toContainText('1 com diferença já resolvida, 0 esperando decisão');
  await axe.expectNoSeriousA11yViolations(page);

  // Results by unit.
  await page.goto(editor);
  await page.getByRole('link', { name: 'Resultados' }).click();
  await expect(page.locator('#total')).toContainText('2 resposta(s)');
  const perUnit = page.locator('#por-unidade');
  await expect(perUnit.getByRole('row', { name: /CRAS Centro/ })).toContainText('1');
  await expect(perUnit.getByRole('row', { name: /CRAS Norte/ })).toContainText('50%');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Unidade', { exact: true }).selectOption({ label: 'CRAS Norte (Território Norte)' });
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page.locator('#total')).toContainText('1 resposta(s) de CRAS Norte (de 2 no total)');
  const q = page.getByRole('table', { name: /A unidade atende bem\?/ });
  await expect(q.getByRole('row', { name: /Não/ })).toContainText('100%');
  await axe.expectNoSeriousA11yViolations(page);
  const csv = await page.request.get(`${new URL(page.url()).pathname.replace(/\/resultados$/, '')}/resultados/unidades.csv`);
  expect(csv.status()).toBe(200);
  const text = (await csv.body()).toString('utf8');
  expect(text).toContain('Território Norte;CRAS Norte;1');
  expect(text).toContain('Território Centro;CRAS Centro;1');

  // The engagement ranking: CRAS Norte's paper form counts once the commission confirms it.
  const norteScore = async () => {
    await page.goto(`/c/${SLUG}/ranking`);
    const row = page.locator('#ranking-unidades tbody tr', { has: page.getByRole('rowheader', { name: 'CRAS Norte' }) });
    return Number(await row.locator('td').nth(2).textContent());
  };
  const before = await norteScore();
  await page.goto(`/c/${SLUG}/gestao/engajamento`);
  const board = page.locator('#contagens tbody tr', { has: page.getByRole('rowheader', { name: /CRAS Norte/ }) });
  // Columns: people, questionnaires, proposals, meetings, media.
  await expect(board.locator('td').nth(1)).toHaveText(/^1\b/);
  await page.getByRole('button', { name: 'Confirmar os números de CRAS Norte' }).click();
  await expect(page.getByRole('status')).toContainText('Contagem confirmada');
  await axe.expectNoSeriousA11yViolations(page);
  expect(await norteScore()).toBeGreaterThan(before);
  await axe.expectNoSeriousA11yViolations(page);
});
