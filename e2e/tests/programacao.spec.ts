import { expect, test, WCAG22_TAGS } from '../fixtures';
import { demoDay, login } from '../helpers';

// A programação do dia da conferência (issue 21): a comissão inclui uma palestra (o formulário
// volta com o que foi digitado e o erro ao lado do campo), altera e vê a lista em ordem de
// horário; qualquer pessoa lê a programação pela página da conferência; a secretaria inscreve
// alguém, e a pessoa baixa o seu kit (crachá, grupo, programação, o que avançou) em "Meus dados".

const SLUG = 'para-de-minas-2025';
const CPF = '390.533.447-05';
const TITLE = 'Roda de conversa: o SUAS no território';

test('programação: a comissão edita, o público lê, a pessoa baixa o kit', async ({ page, axe }) => {
  test.setTimeout(120_000);
  const today = demoDay(0);
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', `/c/${SLUG}/gestao/programacao`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programação do dia da conferência');
  await expect(page.locator('#programacao')).toContainText('Mesa de abertura');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // Uma palestra magna sem o nome de quem fala: volta com o erro e o que foi digitado.
  await page.getByLabel('Tipo de atividade').selectOption('keynote');
  await page.getByLabel('Título').fill(TITLE);
  await page.getByLabel('Início (data e hora)').fill(`${today.iso}T19:00`);
  await page.getByLabel('Término (data e hora, opcional)').fill(`${today.iso}T18:00`);
  await page.getByRole('button', { name: 'Incluir a atividade' }).click();
  await expect(page.getByRole('alert')).toContainText('Nada foi salvo');
  await expect(page.locator('#speaker_name-erro')).toHaveText('Preencha o nome de quem faz a palestra magna');
  await expect(page.locator('#ends_at-erro')).toHaveText('O término precisa ser depois do início');
  await expect(page.getByLabel('Título')).toHaveValue(TITLE);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  await page.getByLabel('Nome de quem fala').fill('Marta Ribeiro Lopes');
  await page.getByLabel('Cargo ou função de quem fala (opcional)').fill('Educadora popular');
  await page.getByLabel('Término (data e hora, opcional)').fill(`${today.iso}T20:00`);
  await page.getByRole('button', { name: 'Incluir a atividade' }).click();
  await expect(page.getByRole('status')).toContainText('Programação atualizada');
  const row = page.locator('#programacao tr', { hasText: TITLE });
  await expect(row).toContainText('19:00–20:00');
  // The last item of the day: after the closing at 16:00.
  await expect(page.locator('#programacao tbody tr').last()).toContainText(TITLE);

  // Alterar: o local.
  await row.getByRole('link', { name: /Alterar ou remover/ }).click();
  await expect(page.getByLabel('Título')).toHaveValue(TITLE);
  await page.getByLabel('Local (opcional)').fill('Praça da Matriz');
  await page.getByRole('button', { name: 'Salvar a alteração' }).click();
  await expect(page.getByRole('status')).toContainText('Programação atualizada');
  await expect(page.locator('#programacao tr', { hasText: TITLE })).toContainText('Praça da Matriz');

  // O público, pela página da conferência.
  await page.context().clearCookies();
  await page.goto(`/c/${SLUG}`);
  await page.getByRole('link', { name: /Programação do dia da conferência/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programação');
  await expect(page.locator('#programacao')).toContainText('Palestrante: Marta Ribeiro Lopes, Educadora popular');
  await expect(page.locator('#programacao')).toContainText('Local: Praça da Matriz');
  await expect(page.locator('#programacao')).toContainText(`Mesa de abertura`);
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // A secretaria inscreve alguém com CPF; a pessoa baixa o kit em "Meus dados".
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025', `/c/${SLUG}/gestao/inscricoes/nova`);
  await page.getByLabel('Nome completo').fill('Rosa Kit Participante');
  await page.getByLabel('CPF (opcional)').fill(CPF);
  await page.getByLabel('Categoria').selectOption('delegado');
  await page.getByLabel('Segmento').selectOption('usuarios');
  await page.getByLabel(/Autorizo/).check();
  await page.getByLabel(/A pessoa ouviu o aviso de privacidade/).check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscrição registrada');
  const code = ((await page.locator('.codigo').textContent()) ?? '').trim();

  // A mesa também imprime o kit pela lista de inscrições.
  await page.goto(`/c/${SLUG}/gestao/inscricoes`);
  const deskKit = page.getByRole('link', { name: 'Kit (PDF) de Rosa Kit Participante' });
  await expect(deskKit).toBeVisible();
  const deskRes = await page.request.get((await deskKit.getAttribute('href')) ?? '');
  expect(deskRes.status()).toBe(200);
  expect(deskRes.headers()['content-type']).toBe('application/pdf');

  await page.context().clearCookies();
  await page.goto(`/c/${SLUG}/meus-dados`);
  await page.getByLabel('Código de inscrição').fill(code);
  await page.getByLabel('CPF, e-mail ou data de nascimento').fill(CPF);
  await page.getByRole('button', { name: 'Ver meus dados' }).click();
  const kitButton = page.getByRole('button', { name: /Baixar meu kit de participante/ });
  await expect(kitButton).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  const box = await kitButton.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.width).toBeGreaterThanOrEqual(24);
  expect(box!.height).toBeGreaterThanOrEqual(24);
  const access = await page.locator('form[action$="/meus-dados/kit.pdf"] input[name="acesso"]').inputValue();
  const res = await page.request.post(`/c/${SLUG}/meus-dados/kit.pdf`, { form: { acesso: access } });
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  expect(res.headers()['cache-control']).toBe('private, no-store');
  expect(res.headers()['content-disposition']).toContain(`kit-${SLUG}-${code}.pdf`);
  const pdf = await res.body();
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});
