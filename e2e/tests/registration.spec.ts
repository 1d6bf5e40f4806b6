import { expect, test } from '../fixtures';
import { login, day } from '../helpers';

// Inscrição: a secretaria abre as inscrições de uma conferência (criada agora, com datas em torno
// de hoje); a pessoa se inscreve pelo formulário público (sem categoria escolhida de antemão; as
// perguntas de delegado só aparecem para delegados; com erros antes), é levada ao comprovante
// (recarregá-lo não inscreve de novo); a secretaria a encontra na lista uma vez só, com o CPF
// mascarado, a "outra necessidade" escrita e as cotas só como totais.

const SLUG = 'inscricoes-e2e';

test('inscrição pelo formulário público', async ({ page, axe, browser }) => {
  test.setTimeout(120_000);
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025', '/gestao/nova-conferencia');
  await page.getByLabel('Endereço da página (opcional)').fill(SLUG);
  await page.getByLabel('Nome da conferência').fill('Conferência com Inscrições Abertas');
  await page.getByLabel('Ciclo nacional (modelo)').selectOption('2025');
  await page.getByLabel('Início do processo conferencial').fill(day(-10));
  await page.getByLabel('Fim do processo conferencial').fill(day(120));
  await page.getByLabel('Primeiro dia da conferência').fill(day(60));
  await page.getByLabel('Último dia da conferência').fill(day(61));
  await page.getByRole('button', { name: 'Criar a conferência' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/gestao`));
  await page.getByRole('link', { name: 'Calendário' }).first().click();
  await page.getByLabel('Tipo de etapa').selectOption('registration');
  await page.getByLabel('Nome da etapa').fill('Inscrições pela internet');
  await page.getByLabel('Início (data e hora)').fill(`${day(-1)}T08:00`);
  await page.getByLabel('Fim (data e hora, opcional)').fill(`${day(30)}T18:00`);
  await page.getByRole('button', { name: 'Incluir a etapa' }).click();
  // The form opens to the public the moment the stage is saved: the page says so first.
  await expect(page.locator('#confirm_open-erro')).toContainText('ao salvar, o formulário público de inscrições abre agora');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Sim, abrir agora').check();
  await page.getByRole('button', { name: 'Incluir a etapa' }).click();
  await expect(page.getByRole('table')).toContainText('Inscrições pela internet');
  await page.context().clearCookies();

  await page.goto(`/c/${SLUG}`);
  await page.getByRole('link', { name: /Inscrições abertas/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscrição');
  // Nada escolhido de antemão; as perguntas de delegado aparecem só para delegados(as).
  const categoria = page.getByLabel('Categoria');
  await expect(categoria).toHaveValue('');
  const soDelegados = page.getByRole('group', { name: 'Somente para delegados(as)' });
  await expect(soDelegados).toBeHidden();
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Nome completo').fill('José Ninguém dos Santos');
  await page.getByRole('button', { name: 'Fazer minha inscrição' }).click();
  await expect(page.getByRole('alert')).toContainText('Escolha a categoria: delegado(a), convidado(a) ou observador(a)');
  await expect(categoria).toHaveAttribute('aria-invalid', 'true');
  await axe.expectNoSeriousA11yViolations(page);
  await categoria.selectOption('convidado');
  await expect(soDelegados).toBeHidden();
  await page.getByLabel('Nome social (opcional)').fill('Zezé');
  await page.getByLabel('CPF (opcional)').fill('111.444.777-35');
  await categoria.selectOption('delegado');
  await expect(soDelegados).toBeVisible();
  await page.getByLabel('Segmento').selectOption('trabalhadores');
  await page.getByLabel('Ocupo cargo comissionado, de direção ou de confiança').check();
  await page.getByLabel('Intérprete de Libras').check();
  await page.getByLabel('Outra necessidade (opcional)').fill('Cão-guia no plenário');
  await page.getByLabel('Pessoa negra (preta ou parda)').check();
  const eixo = page.getByLabel('Em qual eixo você quer participar do grupo de trabalho?');
  await expect(eixo.locator('option').first()).toHaveText('Tanto faz');
  await eixo.selectOption({ index: 2 });
  const chosenEixo = await eixo.inputValue();
  await page.getByRole('button', { name: 'Fazer minha inscrição' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('cargo comissionado');
  await expect(alert).toContainText('autorização específica');
  await expect(alert).toContainText('aviso de privacidade');
  await expect(page.getByLabel('Nome completo')).toHaveValue('José Ninguém dos Santos');
  await expect(page.getByLabel('Intérprete de Libras')).toBeChecked();
  await expect(eixo).toHaveValue(chosenEixo);
  await axe.expectNoSeriousA11yViolations(page);

  await page.getByLabel('Segmento').selectOption('usuarios');
  await page.getByLabel('Ocupo cargo comissionado, de direção ou de confiança').uncheck();
  await page.getByLabel(/Autorizo/).check();
  await page.getByLabel(/Li o aviso de privacidade/).check();
  await page.getByRole('button', { name: 'Fazer minha inscrição' }).click();
  // "Recebida", a mesma resposta que um CPF já inscrito recebe (o formulário não revela quem se inscreveu).
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscrição recebida');
  // O comprovante tem endereço próprio (Post/Redirect/Get), sem dado pessoal nele.
  await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/inscricao/recibo/[0-9a-f]{64}$`));
  expect(page.url()).not.toContain('11144477735');
  expect(page.url()).not.toContain('111.444');
  const code = (await page.locator('.codigo').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await expect(page.getByText('Obrigado, Zezé')).toBeVisible();
  const ficha = page.locator('dl.ficha');
  await expect(ficha).toContainText('Intérprete de Libras; Outra: Cão-guia no plenário');
  await expect(ficha).toContainText(`${day(60).split('-').reverse().join('/')} a ${day(61).split('-').reverse().join('/')}`);
  await axe.expectNoSeriousA11yViolations(page);
  // Recarregar o comprovante mostra o mesmo código e não inscreve de novo.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscrição recebida');
  await expect(page.locator('.codigo')).toHaveText(code);

  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025', `/c/${SLUG}/gestao/inscricoes`);
  await page.getByLabel('Buscar por nome ou código').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Buscar' }).click();
  const row = page.getByRole('row', { name: /Zezé/ });
  await expect(row).toContainText('***.444.777-**');
  await expect(row).toContainText('Outra: Cão-guia no plenário');
  await expect(row).not.toContainText('111.444.777-35');
  await expect(page.getByRole('table', { name: /Autodeclarações de cotas/ })).toContainText('1');
  await axe.expectNoSeriousA11yViolations(page);
  // Uma inscrição só, mesmo depois de recarregar o comprovante.
  await page.getByLabel('Buscar por nome ou código').fill('Zezé');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page.getByRole('row', { name: /Zezé/ })).toHaveCount(1);

  // Relatório de necessidades por dia: hoje e um dia da conferência.
  await page.goto(`/c/${SLUG}/gestao/necessidades`);
  const libras = page.getByRole('heading', { name: /Intérprete de Libras: 1 pedido/ });
  await expect(libras).toContainText('presente(s) hoje');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Dia').selectOption(day(60));
  await page.getByRole('button', { name: 'Ver o dia' }).click();
  await expect(page.getByRole('heading', { name: /Intérprete de Libras: 1 pedido/ })).toContainText(
    `em ${day(60).split('-').reverse().join('/')}`,
  );
  await expect(page.getByRole('main')).toContainText('Zezé');
  await expect(page.getByRole('region', { name: /Outras necessidades/ })).toContainText('Zezé: Cão-guia no plenário');

  // Sem JavaScript, as perguntas de delegado ficam à vista, num grupo que diz para quem são.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(`/c/${SLUG}/inscricao`);
  await expect(plain.getByLabel('Categoria')).toHaveValue('');
  const grupo = plain.getByRole('group', { name: 'Somente para delegados(as)' });
  await expect(grupo).toBeVisible();
  await expect(grupo.getByLabel('Delegado(a) titular ou suplente')).toBeVisible();
  await noJs.close();
});
