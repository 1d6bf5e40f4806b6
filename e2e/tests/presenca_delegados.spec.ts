import * as fs from 'node:fs';
import { expect, test } from '../fixtures';
import { demoDay, login } from '../helpers';

// Pré-conferências: o articulador do CRAS Centro registra a lista de presença de
// uma reunião realizada (3 pessoas; os números por segmento saem da lista); a comissão define que
// cada unidade elege 1 titular; o articulador registra a titular eleita e o segundo titular é
// recusado com a mensagem do regimento; a comissão vê a lista por território e unidade e baixa o
// CSV para a importação de participantes; a página pública mostra só os números.
const SLUG = 'para-de-minas-2025';
// Quarenta e um dias antes do dia da conferência, dentro da etapa das reuniões das unidades.
const DAY = demoDay(-41);
const WHEN = `${DAY.br} 10:00`;

test('lista de presença e delegados(as) territoriais eleitos(as) na pré-conferência', async ({ page, axe }) => {
  test.setTimeout(120_000);
  await login(page, 'articulador.cras.centro', 'demo-articulador-2025');
  await expect(page).toHaveURL(/\/painel$/);
  await page.getByRole('link', { name: /CRAS Centro/ }).click();
  await page.getByLabel('Início (data e hora)').fill(`${DAY.iso}T10:00`);
  await page.getByLabel('Local', { exact: false }).first().fill('Associação de moradores do bairro Padre Libério');
  await page.getByRole('button', { name: 'Marcar a reunião' }).click();
  await expect(page.getByRole('status').first()).toContainText('Reuniões atualizadas');
  const reportButton = page.getByRole('button', { name: `Informar que a reunião de ${WHEN} aconteceu` });
  await page.locator('form', { has: reportButton }).getByLabel('Quantas pessoas participaram').fill('3');
  await reportButton.click();
  await page.getByRole('link', { name: `Registro da reunião de ${WHEN}: propostas, ata e fotos` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Registro da reunião de ${WHEN}`);
  await expect(page.getByRole('heading', { name: 'Lista de presença (0)' })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  // A row without a name or segment is refused, nothing saved.
  const attendance = page.locator('#form-presenca');
  await attendance.getByRole('button', { name: 'Incluir na lista' }).click();
  await expect(page.getByRole('alert')).toContainText('Preencha o nome da pessoa');
  await expect(page.getByRole('alert')).toContainText('Escolha o segmento');
  await axe.expectNoSeriousA11yViolations(page);
  const people: [string, string, string][] = [
    ['Ana Lima', 'usuarios', ''],
    ['Bruno Costa', 'usuarios', '(37) 99999-0000'],
    ['Carla Souza', 'trabalhadores', ''],
  ];
  for (const [name, segment, contact] of people) {
    const form = page.locator('#form-presenca');
    await form.getByRole('textbox', { name: /^Nome/ }).fill(name);
    await form.getByLabel('Segmento', { exact: true }).selectOption(segment);
    await form.getByLabel('Contato (telefone ou e-mail, opcional)').fill(contact);
    await form.getByRole('button', { name: 'Incluir na lista' }).click();
    await expect(page.getByRole('status')).toContainText('Pessoa incluída na lista de presença');
  }
  await expect(page.locator('#lista-presenca tbody tr')).toHaveCount(3);
  await expect(page.locator('#contagem-presenca')).toContainText(
    'Governo: 0 · Usuários(as): 2 · Trabalhadores(as) do SUAS: 1 · Entidades de assistência social: 0',
  );
  await expect(page.getByText('Realizada, com 3 participantes')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  // The commission: 1 titular per unit.
  await page.context().clearCookies();
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', `/c/${SLUG}/gestao/delegados-territoriais`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delegados(as) territoriais');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('As pré-conferências elegem delegados(as) territoriais').check();
  await page.getByLabel('Titulares por unidade').fill('1');
  await page.getByRole('button', { name: 'Salvar a definição' }).click();
  await expect(page.getByRole('status')).toContainText('Definição salva');
  await expect(page.getByLabel('Titulares por unidade')).toHaveValue('1');

  // The articulator records the titular; a second titular is refused in pt-BR.
  await page.context().clearCookies();
  await login(page, 'articulador.cras.centro', 'demo-articulador-2025');
  await page.getByRole('link', { name: /CRAS Centro/ }).click();
  await page.getByRole('link', { name: `Registro da reunião de ${WHEN}: propostas, ata e fotos` }).click();
  const elect = async (name: string, seat: string) => {
    const form = page.locator('#form-delegados');
    await form.getByLabel('Nome do(a) delegado(a)').fill(name);
    await form.getByLabel('Segmento do(a) delegado(a)').selectOption('usuarios');
    await form.getByLabel('Titular ou suplente').selectOption(seat);
    await form.getByRole('button', { name: 'Registrar o(a) delegado(a)' }).click();
  };
  await elect('Ana Lima', 'titular');
  await expect(page.getByRole('status')).toContainText('Delegado(a) registrado(a)');
  await expect(page.locator('#lista-delegados')).toContainText('Ana Lima');
  await elect('Bruno Costa', 'titular');
  await expect(page.getByRole('alert')).toContainText(
    'A unidade já tem 1 delegado(a) titular e o regimento permite 1 titular por unidade: registre como suplente ou retire um titular antes',
  );
  await expect(page.getByLabel('Nome do(a) delegado(a)')).toHaveValue('Bruno Costa');
  await expect(page.locator('#lista-delegados tbody tr')).toHaveCount(1);
  await axe.expectNoSeriousA11yViolations(page);

  // The commission's list, by territory and unit, and its CSV.
  await page.context().clearCookies();
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', `/c/${SLUG}/gestao/delegados-territoriais`);
  const row = page.getByRole('row', { name: /CRAS Centro Ana Lima/ });
  await expect(row).toContainText('Titular');
  await expect(page.locator('#sem-eleitos')).toContainText('CRAS Norte');
  await expect(page.locator('#sem-eleitos')).not.toContainText('CRAS Centro');
  await axe.expectNoSeriousA11yViolations(page);
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Baixar a lista em CSV para importar como participantes' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('delegados-territoriais.csv');
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.split('\r\n')[0]).toBe(
    'Nome completo;Categoria;Segmento;Titular ou suplente;Origem;Território;Unidade;Telefone;E-mail',
  );
  expect(text).toContain('Ana Lima;Delegado(a);Usuários(as);Titular;Eleito(a) em pré-conferência;');
  expect(text).not.toContain('Bruno Costa');

  // Public: counts per unit, no names, no attendance list.
  await page.context().clearCookies();
  await page.goto(`/c/${SLUG}`);
  await expect(page.locator('#delegados-territoriais')).toContainText('CRAS Centro: 1 titular(es), 0 suplente(s)');
  await expect(page.getByRole('main')).not.toContainText('Ana Lima');
  await axe.expectNoSeriousA11yViolations(page);
});
