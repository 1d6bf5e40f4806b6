import { expect, test } from '../fixtures';
import { login } from '../helpers';

// Administração da plataforma: a administradora vê o porte de um município pela população do IBGE,
// define outro porte com o motivo e volta ao do IBGE, cria uma região e um conselho (vendo antes o
// erro de um código IBGE errado, e depois encontrando o município pelo nome) e dá a
// uma pessoa sem e-mail o papel de articuladora, com a senha provisória mostrada uma vez; a
// pessoa entra com ela e é levada a criar a própria senha. Verificação de acessibilidade em cada página.

test('porte com motivo, região, conselho achado pelo nome e articuladora só com nome de usuário', async ({ page, axe }) => {
  test.setTimeout(120_000);
  await login(page, 'admin@demo.conferencia.local', 'demo-admin-2025');
  await expect(page).toHaveURL(/\/painel$/);
  await page.getByRole('link', { name: /Administração da plataforma/ }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administração da plataforma');
  await axe.expectNoSeriousA11yViolations(page);

  // Porte: busca sem acento; o porte vem da população do IBGE (Censo 2022). Definir outro porte
  // pede o motivo; depois, volta-se ao porte pela população.
  await page.getByLabel('Nome ou código IBGE do município').fill('itauna');
  await page.getByRole('button', { name: 'Buscar município' }).click();
  const row = () => page.getByRole('row', { name: /Itaúna\/MG/ });
  await expect(row()).toContainText('97669 (2022)');
  await expect(row()).toContainText('Médio Porte (pela população (IBGE))');
  await expect(row().getByLabel('Porte de Itaúna/MG')).toHaveValue('MEDIO');
  await row().getByLabel('Porte de Itaúna/MG').selectOption({ label: 'Grande Porte' });
  await row().getByRole('button', { name: /Definir porte/ }).click();
  await expect(page.getByRole('alert')).toContainText('Informe o motivo de definir o porte à mão');
  await expect(row().getByLabel(/Motivo/)).toHaveAttribute('aria-invalid', 'true');
  await expect(row().getByLabel('Porte de Itaúna/MG')).toHaveValue('GRANDE');
  await axe.expectNoSeriousA11yViolations(page);
  await row().getByLabel(/Motivo/).fill('Estimativa do IBGE de 2025 acima de 100 mil habitantes');
  await row().getByRole('button', { name: /Definir porte/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Porte salvo.' })).toBeVisible();
  await expect(row()).toContainText(
    'Grande Porte (definido pela administração: Estimativa do IBGE de 2025 acima de 100 mil habitantes)',
  );
  await axe.expectNoSeriousA11yViolations(page);
  await row().getByRole('button', { name: /Voltar ao porte pela população \(Médio Porte\)/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Porte salvo.' })).toBeVisible();
  await expect(row()).toContainText('Médio Porte (pela população (IBGE))');
  // Um município sem população: nenhum porte vem escolhido.
  await page.getByLabel('Nome ou código IBGE do município').fill('Boa Esperança do Norte');
  await page.getByRole('button', { name: 'Buscar município' }).click();
  const boa = page.getByRole('row', { name: /Boa Esperança do Norte\/MT/ });
  await expect(boa).toContainText('não informada');
  await expect(boa.getByLabel('Porte de Boa Esperança do Norte/MT')).toHaveValue('');
  await axe.expectNoSeriousA11yViolations(page);

  // Região: um município de outra UF é recusado, com a mensagem no campo; nada é salvo.
  await page.getByRole('navigation', { name: 'Administração da plataforma' }).getByRole('link', { name: 'Regiões' }).click();
  await page.getByLabel('UF', { exact: true }).selectOption('MG');
  await page.getByLabel('Tipo', { exact: true }).selectOption({ label: 'Consórcio público intermunicipal' });
  await page.getByLabel('Nome da região').fill('Consórcio do Alto Paraopeba');
  await page.getByLabel('Municípios (códigos IBGE, opcional)').fill('3133808 3550308');
  await page.getByRole('button', { name: 'Criar região' }).click();
  await expect(page.getByRole('alert')).toContainText('Nada foi salvo');
  await expect(page.locator('#ibge_codes-erro')).toContainText('São Paulo (3550308) fica em SP, não em MG');
  await expect(page.getByLabel('Nome da região')).toHaveValue('Consórcio do Alto Paraopeba');
  await expect(page.getByRole('row', { name: /Consórcio do Alto Paraopeba/ })).toHaveCount(0);
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Municípios (códigos IBGE, opcional)').fill('3133808, 3147105');
  await page.getByRole('button', { name: 'Criar região' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consórcio do Alto Paraopeba (MG)');
  await expect(page.getByRole('table')).toContainText('Itaúna/MG');
  await expect(page.getByRole('table')).toContainText('Pará de Minas/MG');
  await axe.expectNoSeriousA11yViolations(page);

  // Órgão: primeiro um código IBGE que não existe; depois o município encontrado pelo nome (um que
  // ainda não tem conselho: a demonstração já cadastra o de Itaúna).
  await page.getByRole('link', { name: 'Órgãos e secretarias' }).click();
  await page.getByLabel('Tipo de órgão').selectOption('cmas');
  await page.getByLabel('Código IBGE do ente').fill('3199999');
  await page.getByRole('button', { name: 'Cadastrar órgão' }).click();
  await expect(page.getByRole('alert')).toContainText('Não há município com o código IBGE 3199999');
  await expect(page.getByLabel('Código IBGE do ente')).toHaveAttribute('aria-invalid', 'true');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Nome do município').fill('MATEUS LEME');
  await page.getByRole('button', { name: 'Buscar município' }).click();
  const found = page.getByRole('table', { name: /Municípios encontrados/ });
  await expect(found.getByRole('row', { name: /Mateus Leme\/MG/ })).toContainText('Pequeno Porte II');
  await axe.expectNoSeriousA11yViolations(page);
  await found.getByRole('button', { name: 'Escolher Mateus Leme/MG' }).click();
  await expect(page.locator('#ente-escolhido')).toContainText(
    'Mateus Leme/MG, população 37841 (2022), Pequeno Porte II (pela população do IBGE)',
  );
  await expect(page.getByLabel('Código IBGE do ente')).toHaveValue('3140704');
  await expect(page.getByLabel('Tipo de órgão')).toHaveValue('cmas');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Cadastrar órgão' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Conselho Municipal de Assistência Social de Mateus Leme',
  );
  await expect(page.getByText('Ninguém indicado ainda.')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  // Papel de articuladora para quem não tem e-mail: a senha provisória aparece uma vez.
  await page.goto('/c/para-de-minas-2025/gestao/papeis');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Papel', { exact: true }).selectOption({ label: 'Articulador(a) territorial' });
  await page.getByLabel('Unidade (para articulador territorial)').selectOption({ label: 'CRAS Norte' });
  await page.getByLabel(/Ato de nomeação/).fill('Resolução CMAS nº 5/2025');
  await page.getByLabel('Ou, para quem não tem e-mail: nome de usuário').fill('joana.teixeira');
  await page.getByLabel('Nome completo (para conta nova)').fill('Joana Teixeira');
  await page.getByRole('button', { name: 'Dar o papel' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Joana Teixeira' });
  await expect(status).toContainText('Papel de Articulador(a) territorial dado a Joana Teixeira');
  await expect(status).toContainText('não será mostrada de novo');
  const temporary = (await page.locator('.senha-provisoria').textContent())?.trim() ?? '';
  expect(temporary).toMatch(/^[a-z]+-[a-z]+-[a-z]+-\d{3}$/);
  await expect(page.getByRole('table')).toContainText('joana.teixeira');
  await expect(page.getByRole('row', { name: /Joana Teixeira/ })).toContainText('Resolução CMAS nº 5/2025');
  await axe.expectNoSeriousA11yViolations(page);
  // Recarregar não mostra a senha de novo.
  await page.goto('/c/para-de-minas-2025/gestao/papeis');
  await expect(page.locator('.senha-provisoria')).toHaveCount(0);

  // A articuladora entra com a senha provisória e cria a sua.
  await page.goto('/painel');
  await page.getByRole('button', { name: 'Sair' }).click();
  await page.goto('/entrar');
  await page.getByLabel('E-mail ou nome de usuário').fill('joana.teixeira');
  await page.getByLabel('Senha').fill(temporary);
  await page.getByRole('button', { name: 'Entrar' }).last().click();
  await expect(page).toHaveURL(/\/senha\/trocar$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Crie a sua senha');
  await axe.expectNoSeriousA11yViolations(page);
  // The temporary password is the current one: the form asks for it again.
  await page.getByLabel('Senha provisória').fill(temporary);
  await page.getByLabel('Nova senha', { exact: true }).fill('curta');
  await page.getByLabel('Repita a nova senha').fill('curta');
  await page.getByRole('button', { name: 'Salvar a senha' }).click();
  await expect(page.getByRole('alert')).toContainText('pelo menos 10 caracteres');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Senha provisória').fill(temporary);
  await page.getByLabel('Nova senha', { exact: true }).fill('minha senha da joana');
  await page.getByLabel('Repita a nova senha').fill('minha senha da joana');
  await page.getByRole('button', { name: 'Salvar a senha' }).click();
  // Her password created, she goes straight to her unit.
  await expect(page).toHaveURL(/\/c\/para-de-minas-2025\/unidade\/[0-9a-f-]+$/);
  await page.goto('/painel');
  await expect(page.getByText('Articulador(a) territorial', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Sair' }).click();
});
