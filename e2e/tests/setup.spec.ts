import { expect, test } from '../fixtures';

// Fluxo da preparação: a secretaria do CMAS cria uma conferência a partir do ciclo 2023 (com um
// erro de datas antes), a comissão monta o calendário (e muda uma data, com motivo), anexa o ato
// de convocação (um arquivo que não é PDF é recusado), compõe a comissão com paridade e cola o
// regimento; a página pública mostra tudo. O axe roda em cada página, com e sem erros.

const SLUG = 'teste-e2e-2023';

test('criar e preparar uma conferência', async ({ page, axe }) => {
  test.setTimeout(120_000);

  // Sem sessão, a página de criação leva ao login e volta para ela depois.
  await page.goto('/gestao/nova-conferencia');
  await expect(page).toHaveURL(/\/entrar\?volta=/);
  await page.getByLabel('E-mail ou nome de usuário').fill('secretaria@demo.conferencia.local');
  await page.getByLabel('Senha').fill('demo-secretaria-2025');
  await page.getByRole('button', { name: 'Entrar' }).last().click();
  await expect(page).toHaveURL(/\/gestao\/nova-conferencia$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nova conferência');
  await axe.expectNoSeriousA11yViolations(page);

  // The next national cycle comes first, to be filled in when CNAS publishes its theme and eixos.
  await expect(page.getByLabel('Ciclo nacional (modelo)')).toHaveValue('2027');
  await expect(page.getByLabel('Ciclo nacional (modelo)').locator('option:checked')).toContainText('próximo ciclo');
  await page.getByLabel('Ciclo nacional (modelo)').selectOption('2023');
  await page.getByLabel('Endereço da página (opcional)').fill(SLUG);
  await page.getByLabel('Nome da conferência').fill('Conferência de Teste de Pará de Minas');
  await page.getByLabel('Número da edição').fill('13');
  await page.getByLabel('Tema', { exact: false }).first().fill('Reconstrução do SUAS');
  await page.getByLabel('Início do processo conferencial').fill('2023-04-01');
  await page.getByLabel('Fim do processo conferencial').fill('2023-07-31');
  await page.getByLabel('Primeiro dia da conferência').fill('2023-07-11');
  await page.getByLabel('Último dia da conferência').fill('2023-07-10');
  await page.getByRole('button', { name: 'Criar a conferência' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Nada foi salvo');
  await expect(alert).toContainText('A conferência não pode terminar antes de começar');
  await expect(page.getByLabel('Nome da conferência')).toHaveValue('Conferência de Teste de Pará de Minas');
  await expect(page.getByLabel('Último dia da conferência')).toHaveAttribute('aria-invalid', 'true');
  await axe.expectNoSeriousA11yViolations(page);

  await page.getByLabel('Último dia da conferência').fill('2023-07-12');
  await page.getByRole('button', { name: 'Criar a conferência' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/gestao`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Conferência de Teste de Pará de Minas');
  await expect(page.locator("li.passo-feito", { hasText: "eixos e perguntas orientadoras" })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  // Calendário: uma etapa fora do período é recusada; depois entra; depois muda de data, com motivo.
  await page.getByRole('link', { name: 'Calendário' }).first().click();
  await page.getByLabel('Tipo de etapa').selectOption('sharing_actions');
  await page.getByLabel('Nome da etapa').fill('Compartilhamento das ações');
  await page.getByLabel('Início (data e hora)').fill('2023-09-01T14:00');
  await page.getByRole('button', { name: 'Incluir a etapa' }).click();
  await expect(page.getByRole('alert')).toContainText('dentro do período da conferência');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Início (data e hora)').fill('2023-06-05T14:00');
  await page.getByRole('button', { name: 'Incluir a etapa' }).click();
  await expect(page.getByRole('status').first()).toContainText('Calendário atualizado');
  await expect(page.getByRole('table')).toContainText('05/06/2023 14:00');
  await page.getByRole('link', { name: /Alterar ou cancelar/ }).first().click();
  await page.getByLabel('Início (data e hora)').fill('2023-06-12T14:00');
  await page.getByRole('button', { name: 'Salvar a alteração' }).click();
  await expect(page.getByRole('alert')).toContainText('motivo');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Motivo da mudança').fill('Feriado de Corpus Christi');
  await page.getByRole('button', { name: 'Salvar a alteração' }).click();
  await expect(page.getByRole('table')).toContainText('12/06/2023 14:00');

  // Convocação: um arquivo que não é PDF é recusado; um PDF entra.
  await page.getByRole('link', { name: 'Convocação' }).first().click();
  await page.getByLabel('Tipo de ato').selectOption('decreto');
  await page.getByLabel('Número', { exact: false }).first().fill('77/2023');
  await page.getByLabel('Data do ato').fill('2023-04-03');
  await page.getByLabel('Quem assina (um por linha)').fill('Prefeita Municipal\nPresidente do CMAS');
  await page.getByLabel(/Arquivo do ato/).setInputFiles({
    name: 'decreto.docx',
    mimeType: 'application/pdf',
    buffer: Buffer.from('PK\u0003\u0004 isto não é um PDF'),
  });
  await page.getByRole('button', { name: 'Salvar o ato' }).click();
  await expect(page.getByRole('alert')).toContainText('não é um PDF');
  await expect(page.getByLabel('Número', { exact: false }).first()).toHaveValue('77/2023');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel(/Arquivo do ato/).setInputFiles({
    name: 'decreto-77.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
  });
  await page.getByRole('button', { name: 'Salvar o ato' }).click();
  await expect(page.getByRole('status').first()).toContainText('Ato de convocação salvo');

  // Comissão: a paridade é conferida a cada inclusão.
  await page.getByRole('link', { name: 'Comissão' }).first().click();
  await expect(page.getByRole('status').last()).toContainText('Nenhum membro');
  await page.getByLabel('Nome', { exact: false }).first().fill('Maria Gestora');
  await page.getByLabel('Governo ou sociedade civil').selectOption('government');
  await page.getByLabel('Representa').fill('Secretaria de Assistência Social');
  await page.getByRole('button', { name: 'Incluir na comissão' }).click();
  await expect(page.getByText('Paridade não respeitada')).toBeVisible();
  await page.getByLabel('Nome', { exact: false }).first().fill('João Usuário');
  await page.getByLabel('Governo ou sociedade civil').selectOption('civil_society');
  await page.getByLabel('Representa').fill('Usuários do CRAS Norte');
  await page.getByRole('button', { name: 'Incluir na comissão' }).click();
  await expect(page.getByText('Paridade respeitada: 1 do governo e 1 da sociedade civil.')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  // Regimento colado como texto vira artigos numerados.
  await page.getByRole('link', { name: 'Regimento' }).first().click();
  await page.getByLabel('Texto do regimento').fill('CAPÍTULO I – DOS OBJETIVOS\nArt. 1º Avaliar o SUAS no município.\nArt. 2º Eleger delegados.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();
  await expect(page.getByText('2 artigos')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  // A página pública mostra o que foi preparado, inclusive a mudança de data com o motivo.
  await page.goto(`/c/${SLUG}`);
  await expect(page.getByRole('heading', { name: 'Alterações no calendário' })).toBeVisible();
  await expect(page.getByText(/Feriado de Corpus Christi/)).toBeVisible();
  await expect(page.getByRole('link', { name: /Ler o ato de convocação/ })).toBeVisible();
  await expect(page.getByText('Paridade respeitada')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: 'Minuta do regimento interno' }).click();
  await expect(page.getByRole('heading', { name: 'CAPÍTULO I – DOS OBJETIVOS' })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);
  const pdf = await page.request.get(`/c/${SLUG}/convocacao.pdf`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
});
