import { expect, test } from '../fixtures';
import { login } from '../helpers';

// Sistematização das propostas recebidas. A conferência estadual de MG (2023)
// da demonstração tem na sua base as deliberações para o estado e a União do relatório aceito
// de Pará de Minas (e, quando tests/relatorio.spec.ts roda antes, também as da conferência de
// treino). A equipe do estado tenta um limiar fora da faixa (recusado, nada gravado), agrupa com
// o limiar padrão, ajusta o texto unificado do grupo do cofinanciamento estadual (eixo 1), marca o
// grupo como revisado, é avisada de que o eixo 1 não tem grupo de trabalho, cria um e envia o
// grupo: ele aparece no grupo de trabalho como proposta em discussão, com a origem de cada
// deliberação (conferência e código).
const STATE = 'minas-gerais-2023';
const PARA = 'XIII Conferência Municipal de Assistência Social de Pará de Minas';
const MERGED =
  'Regularizar o cofinanciamento estadual dos serviços de proteção social básica, com repasses fundo a fundo em dia e reajuste anual.';

test('sistematização: agrupar, revisar o texto e enviar ao grupo de trabalho com as origens', async ({ page, axe }) => {
  test.setTimeout(90_000);
  await login(page, 'admin@demo.conferencia.local', 'demo-admin-2025');
  await expect(page).toHaveURL(/\/painel/);

  await page.goto(`/c/${STATE}/gestao/relatorios-recebidos`);
  await page.getByRole('link', { name: 'Sistematizar as propostas recebidas' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${STATE}/gestao/sistematizacao`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sistematização');
  await axe.expectNoSeriousA11yViolations(page);

  // A threshold out of range is refused, the value kept, nothing grouped.
  const threshold = page.getByLabel('Limiar de semelhança (de 0,10 a 0,95)');
  await expect(threshold).toHaveValue('0,35');
  await threshold.fill('0,05');
  await page.getByRole('button', { name: 'Agrupar', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('entre 0,10 e 0,95');
  await expect(threshold).toHaveValue('0,05');
  await expect(threshold).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#totais')).toContainText(' 0 grupo(s)');
  await axe.expectNoSeriousA11yViolations(page);

  await threshold.fill('0,35');
  await page.getByRole('button', { name: 'Agrupar', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Propostas agrupadas');
  await expect(page.locator('#totais')).toContainText('0 proposta(s) ainda sem grupo');
  await expect(page.getByRole('heading', { name: 'Eixo 1: Financiamento, nível estadual' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Eixo 1: Financiamento, nível federal (União)' })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  // The group of the state's co-financing (eixo 1, state level), with its origin.
  const group = page
    .getByRole('region', { name: /^Grupo nº \d+/ })
    .filter({ hasText: 'Regularizar o cofinanciamento estadual' });
  await expect(group).toHaveCount(1);
  await expect(group.getByRole('table')).toContainText(PARA);
  await expect(group.getByRole('table')).toContainText('E1-E-');
  await expect(group.getByRole('table')).toContainText('Origem lá: Pré-conferência do CRAS Centro');
  await expect(group).toContainText('Situação: Em revisão');
  const title = (await group.getByRole('heading', { level: 3 }).textContent()) ?? '';
  const n = /Grupo nº (\d+)/.exec(title)?.[1];
  expect(n).toBeTruthy();

  // A proposal for the state cannot join a group for the Union: refused on its own field.
  const federal = page
    .getByRole('region', { name: /^Grupo nº \d+/ })
    .filter({ hasText: 'Aprovar a vinculação constitucional' });
  const fedTitle = (await federal.getByRole('heading', { level: 3 }).textContent()) ?? '';
  const fedN = /Grupo nº (\d+)/.exec(fedTitle)?.[1] ?? '';
  expect(fedN).toBeTruthy();
  await group.getByLabel(/^Mover E1-E-\d+ para o grupo nº$/).first().fill(fedN);
  await group.getByRole('button', { name: /^Mover E1-E-\d+$/ }).first().click();
  await expect(page.getByRole('alert')).toContainText('é de outro eixo ou nível');
  const refused = page
    .getByRole('region', { name: new RegExp(`^Grupo nº ${n}:`) })
    .getByLabel(/^Mover E1-E-\d+ para o grupo nº$/)
    .first();
  await expect(refused).toHaveAttribute('aria-invalid', 'true');
  await axe.expectNoSeriousA11yViolations(page);

  // The merged text: empty is refused, then saved.
  const text = page.getByLabel(`Texto unificado do grupo nº ${n}`);
  await text.fill('   ');
  await page.getByRole('button', { name: `Salvar o texto do grupo nº ${n}` }).click();
  await expect(page.getByRole('alert')).toContainText('Escreva o texto da proposta');
  await expect(page.getByLabel(`Texto unificado do grupo nº ${n}`)).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel(`Texto unificado do grupo nº ${n}`).fill(MERGED);
  await page.getByRole('button', { name: `Salvar o texto do grupo nº ${n}` }).click();
  await expect(page.getByRole('status')).toContainText('Texto unificado salvo.');
  await expect(page.getByLabel(`Texto unificado do grupo nº ${n}`)).toHaveValue(MERGED);

  await page.getByRole('button', { name: `Marcar o grupo nº ${n} como revisado` }).click();
  await expect(page.getByRole('status')).toContainText('Grupo marcado como revisado.');
  const reviewed = page.getByRole('region', { name: new RegExp(`^Grupo nº ${n}:`) });
  await expect(reviewed).toContainText('Situação: Revisado, pronto para enviar');

  // The state's eixo 1 has no working group yet: the sending says so.
  await page.getByRole('button', { name: `Enviar o grupo nº ${n} ao grupo de trabalho` }).click();
  await expect(page.getByRole('alert')).toContainText('O eixo 1 ainda não tem grupo de trabalho');
  await axe.expectNoSeriousA11yViolations(page);

  await page.goto(`/c/${STATE}/plenaria/grupos`);
  await page.getByLabel('Eixo', { exact: true }).selectOption({ label: 'Eixo 1: Financiamento' });
  await page.getByLabel('Nome do grupo').fill('Grupo 1 do eixo 1');
  await page.getByRole('button', { name: 'Criar o grupo' }).click();
  await expect(page.getByRole('link', { name: 'Grupo 1 do eixo 1' })).toBeVisible();

  await page.goto(`/c/${STATE}/gestao/sistematizacao`);
  await expect(page.getByLabel(`Grupo de trabalho que recebe o grupo nº ${n}`)).toHaveValue(/.+/);
  await page.getByRole('button', { name: `Enviar o grupo nº ${n} ao grupo de trabalho` }).click();
  await expect(page.getByRole('status')).toContainText('Grupo enviado ao grupo de trabalho');
  const sent = page.getByRole('region', { name: new RegExp(`^Grupo nº ${n}:`) });
  await expect(sent).toContainText('Situação: Enviado ao grupo de trabalho, em Grupo 1 do eixo 1');
  await expect(sent).toContainText(`Texto enviado: ${MERGED}`);
  await expect(sent.getByRole('button')).toHaveCount(0);
  await axe.expectNoSeriousA11yViolations(page);

  // In the working group: a proposal under discussion, with every origin.
  await sent.getByRole('link', { name: 'Grupo 1 do eixo 1' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Grupo 1 do eixo 1');
  const proposal = page.locator('li.proposta');
  await expect(proposal).toHaveCount(1);
  await expect(proposal.locator('strong').first()).toHaveText(MERGED);
  await expect(proposal).toContainText('em discussão no grupo');
  await expect(proposal).toContainText(new RegExp(`Origem: .*Relatório de ${PARA}, deliberação E1-E-\\d+`));
  await axe.expectNoSeriousA11yViolations(page);
});
