import { expect, test } from '../fixtures';
import { conferenceOpenNow } from '../helpers';

// Importação de planilha: a secretaria envia a lista do conselho (com uma coluna de título
// desconhecido e linhas com problemas), vê a prévia com os motivos em português, indica a coluna
// do CPF, baixa as linhas rejeitadas e importa as válidas; importar de novo não duplica ninguém.

const SLUG = 'importacao-e2e';

const CSV = [
  'Nome completo;Documento;Segmento;Categoria;Celular',
  'Ana Importada da Silva;111.444.777-35;Usuária;Delegada;(37) 99999-0001',
  'Bruno Importado;529.982.247-25;TRABALHADORES DO SUAS;delegado(a);',
  'Carla Convidada;;Entidade;Convidado(a);',
  'Dario CPF Errado;123.456.789-00;Governo;Delegado;',
  'Elza Segmento;;Sociedade;Delegado;',
  'Ana Importada da Silva;111.444.777-35;Usuária;Delegada;',
].join('\r\n');

test('importação de planilha com prévia, mapeamento e rejeitadas', async ({ page, axe }) => {
  test.setTimeout(120_000);
  await conferenceOpenNow(page, SLUG, 'registration', 'Inscrições');
  await page.goto(`/c/${SLUG}/gestao/importar`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Importar planilha de participantes');
  await axe.expectNoSeriousA11yViolations(page);

  const file = { name: 'lista-cmas.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf-8') };
  // Sem a declaração de consentimento: a página volta com o motivo.
  await page.getByLabel(/^Planilha/).setInputFiles(file);
  await page.getByRole('button', { name: 'Enviar e ver a prévia' }).click();
  await expect(page.getByRole('alert')).toContainText('aviso de privacidade');
  await axe.expectNoSeriousA11yViolations(page);

  await page.getByLabel(/^Planilha/).setInputFiles(file);
  await page.getByLabel(/Declaro que as pessoas da lista/).check();
  await page.getByRole('button', { name: 'Enviar e ver a prévia' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Prévia da importação');
  await axe.expectNoSeriousA11yViolations(page);
  // "Documento" não é reconhecido: ignorada até a pessoa indicar que é o CPF.
  await expect(page.getByLabel('Ler a coluna “Documento” como')).toHaveValue('');
  await expect(page.getByLabel('Ler a coluna “Nome completo” como')).toHaveValue('nome');
  await page.getByLabel('Ler a coluna “Documento” como').selectOption('cpf');
  await page.getByRole('button', { name: 'Atualizar a prévia' }).click();
  await expect(page.getByLabel('Ler a coluna “Documento” como')).toHaveValue('cpf');

  const problems = page.getByRole('table', { name: 'Linhas que não serão importadas e por quê' });
  await expect(problems).toContainText('CPF');
  await expect(problems).toContainText('Segmento não reconhecido: “Sociedade”');
  await expect(problems).toContainText('a mesma pessoa já está na linha 2');
  await expect(page.getByRole('table', { name: 'Linhas prontas' })).toContainText('Bruno Importado');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Baixar as linhas rejeitadas/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('lista-cmas-rejeitadas.csv');
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const rejected = Buffer.concat(chunks).toString('utf-8');
  expect(rejected).toContain('Motivos');
  expect(rejected).toContain('Elza Segmento');

  await page.getByRole('button', { name: 'Importar 3 pessoas' }).click();
  await expect(page.getByRole('status')).toContainText('3 inscrições criadas');
  await expect(page.getByRole('status')).toContainText('3 linhas rejeitadas');
  await axe.expectNoSeriousA11yViolations(page);

  // A mesma planilha de novo: nada novo.
  await page.goto(`/c/${SLUG}/gestao/importar`);
  await page.getByLabel(/^Planilha/).setInputFiles(file);
  await page.getByLabel(/Declaro que as pessoas da lista/).check();
  await page.getByRole('button', { name: 'Enviar e ver a prévia' }).click();
  await page.getByLabel('Ler a coluna “Documento” como').selectOption('cpf');
  await page.getByRole('button', { name: 'Atualizar a prévia' }).click();
  await expect(page.getByText(/já importadas antes/)).toContainText('3');
  await expect(page.getByRole('button', { name: /^Importar \d/ })).toHaveCount(0);

  await page.goto(`/c/${SLUG}/gestao/inscricoes`);
  await expect(page.getByRole('main')).toContainText('Ana Importada da Silva');
  await expect(page.getByRole('main')).toContainText('Carla Convidada');
  await expect(page.getByRole('main')).not.toContainText('111.444.777-35');
});
