import { expect, test } from '../fixtures';
import { conferenceOpenNow } from '../helpers';

// Rede socioassistencial: a conferência nova começa com as unidades da anterior do conselho; a
// secretaria cadastra um território e uma unidade pelos formulários, importa uma planilha (com
// uma unidade repetida e uma linha sem território), importa de novo sem criar nada e nomeia a
// articuladora da unidade nova.

const SLUG = 'rede-e2e';

const CSV = [
  'Território;Nome da unidade;Tipo;Endereço',
  'Território Leste E2E;Centro POP Leste E2E;centro pop;Rua das Acácias, 12',
  '  território   leste e2e ;CRAS  LESTE e2e;CRAS;',
  ';Unidade Sem Território;CRAS;',
].join('\r\n');

test('rede socioassistencial: formulários, importação e articuladora', async ({ page, axe }) => {
  test.setTimeout(120_000);
  await conferenceOpenNow(page, SLUG, 'registration', 'Inscrições');
  await page.goto(`/c/${SLUG}/gestao/rede`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rede socioassistencial');
  // The council's units of the last conference take part in the new one.
  await expect(page.getByRole('table', { name: 'Unidades do território Território Centro' })).toContainText('CRAS Centro');
  await axe.expectNoSeriousA11yViolations(page);

  await page.getByLabel('Nome do território').fill('Território Leste E2E');
  await page.getByRole('button', { name: 'Cadastrar território' }).click();
  await expect(page.getByRole('status')).toContainText('Território salvo.');
  await expect(page.getByRole('heading', { name: 'Território Leste E2E' })).toBeVisible();

  // A unit without name and territory: every problem next to its field, nothing saved.
  await page.getByLabel('Telefone de atendimento (opcional)').fill('123');
  await page.getByRole('button', { name: 'Cadastrar unidade' }).click();
  await expect(page.getByRole('alert')).toContainText('Escolha o território');
  await expect(page.getByRole('alert')).toContainText('menos de 8 números');
  await expect(page.getByLabel('Telefone de atendimento (opcional)')).toHaveValue('123');
  await axe.expectNoSeriousA11yViolations(page);

  await page.getByLabel('Território', { exact: true }).selectOption({ label: 'Território Leste E2E' });
  await page.getByLabel('Tipo', { exact: true }).selectOption({ label: 'CRAS' });
  await page.getByLabel('Nome da unidade').fill('CRAS Leste E2E');
  await page.getByLabel('Endereço (opcional)').fill('Rua do Sol, 40');
  await page.getByLabel('Telefone de atendimento (opcional)').fill('(37) 3232-4000');
  await page.getByRole('button', { name: 'Cadastrar unidade' }).click();
  await expect(page.getByRole('status')).toContainText('Unidade salva.');
  const leste = page.getByRole('table', { name: 'Unidades do território Território Leste E2E' });
  await expect(leste).toContainText('CRAS Leste E2E');
  await expect(leste).toContainText('(37) 3232-4000');

  const file = { name: 'rede-cmas.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'latin1') };
  await page.getByLabel(/^Planilha/).setInputFiles(file);
  await page.getByRole('button', { name: 'Importar' }).click();
  const result = page.locator('#resultado');
  await expect(result).toContainText('Unidades criadas: 1');
  await expect(result).toContainText('Já estavam na rede, sem mudança: 1');
  await expect(result).toContainText('Linhas rejeitadas: 1');
  await expect(result.getByRole('table')).toContainText('Falta o território');
  await expect(leste).toContainText('Centro POP Leste E2E');
  await expect(leste).toContainText('Centro POP');
  await axe.expectNoSeriousA11yViolations(page);

  // The same sheet again creates nothing.
  await page.getByLabel(/^Planilha/).setInputFiles(file);
  await page.getByRole('button', { name: 'Importar' }).click();
  await expect(page.locator('#resultado')).toContainText('Unidades criadas: 0');
  await expect(page.locator('#resultado')).toContainText('Já estavam na rede, sem mudança: 2');

  // The commission's act appoints the new unit's articulator.
  await page.goto(`/c/${SLUG}/gestao/papeis`);
  await page.getByLabel('Papel', { exact: true }).selectOption({ label: 'Articulador(a) territorial' });
  await page.getByLabel('Unidade (para articulador territorial)').selectOption({ label: 'CRAS Leste E2E' });
  await page.getByLabel(/Ato de nomeação/).fill('Resolução CMAS nº 12/2026');
  await page.getByLabel('Ou, para quem não tem e-mail: nome de usuário').fill('lucia.leste');
  await page.getByLabel('Nome completo (para conta nova)').fill('Lúcia Leste');
  await page.getByRole('button', { name: 'Dar o papel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Lúcia Leste' })).toContainText(
    'Papel de Articulador(a) territorial dado a Lúcia Leste',
  );
  await expect(page.getByRole('row', { name: /Lúcia Leste/ })).toContainText('CRAS Leste E2E');
  await axe.expectNoSeriousA11yViolations(page);
});
