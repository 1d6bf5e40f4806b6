import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from '../fixtures';
import { decodedBody, emlFiles, login, mailDir } from '../helpers';

// LGPD, autoatendimento: a secretaria faz uma inscrição assistida (com CPF, e-mail e data de
// nascimento); a pessoa abre "Meus dados" pela página da conferência, erra o dado uma vez, entra
// com o código e o CPF, vê tudo o que o conselho guarda, baixa o arquivo JSON e pede uma correção;
// a secretaria vê o pedido, responde e marca como atendido; a pessoa vê a resposta pelo link que
// recebe no e-mail (código + e-mail não mostram nada na página), e o link vale uma vez
// só. Nenhum CPF nem código vai para o endereço da página.

const SLUG = 'para-de-minas-2025';
const CPF = '529.982.247-25';
const EMAIL = 'lucia@example.org';

/** Espera um e-mail novo (fora de `seen`) para a pessoa e devolve o link de "Meus dados". */
async function dataLinkFromMail(seen: Set<string>): Promise<string> {
  const dir = mailDir();
  let link = '';
  await expect
    .poll(
      () => {
        for (const f of emlFiles(dir)) {
          if (seen.has(f)) continue;
          const eml = fs.readFileSync(path.join(dir, f), 'utf8');
          if (!/^To: lucia@example\.org\r?$/m.test(eml)) continue;
          const m = /https?:\/\/\S+\/meus-dados\/link\?token=[0-9a-f]{64}/.exec(decodedBody(eml));
          if (m) {
            seen.add(f);
            link = m[0];
            break;
          }
        }
        return link;
      },
      { message: `e-mail com o link de Meus dados em ${dir}`, timeout: 20_000 },
    )
    .not.toBe('');
  return link;
}

test('meus dados: ver, baixar e pedir correção; a equipe atende', async ({ page, axe }) => {
  test.setTimeout(120_000);
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025', `/c/${SLUG}/gestao/inscricoes/nova`);
  await page.getByLabel('Nome completo').fill('Lúcia Autoatendimento');
  await page.getByLabel('Nome social (opcional)').fill('Lu');
  await page.getByLabel('CPF (opcional)').fill(CPF);
  await page.getByLabel('Data de nascimento (opcional)').fill('1975-08-20');
  await page.getByLabel('E-mail (opcional)').fill(EMAIL);
  await page.getByLabel('Categoria').selectOption('delegado');
  await page.getByLabel('Segmento').selectOption('usuarios');
  await page.getByLabel('Pessoa negra (preta ou parda)').check();
  await page.getByLabel(/Autorizo/).check();
  await page.getByLabel(/A pessoa ouviu o aviso de privacidade/).check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscrição registrada');
  const code = ((await page.locator('.codigo').textContent()) ?? '').trim();
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await expect(page.getByRole('link', { name: 'Meus dados' })).toBeVisible();
  await page.context().clearCookies();

  // A pessoa, pela página da conferência.
  await page.goto(`/c/${SLUG}`);
  await page.getByRole('link', { name: /Meus dados/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meus dados');
  await axe.expectNoSeriousA11yViolations(page);

  // Um dado errado: a mesma mensagem de sempre, sem dizer o que errou.
  await page.getByLabel('Código de inscrição').fill(code);
  await page.getByLabel('CPF, e-mail ou data de nascimento').fill('01/01/1970');
  await page.getByRole('button', { name: 'Ver meus dados' }).click();
  await expect(page.getByRole('alert')).toContainText('Não foi possível confirmar a inscrição');
  await expect(page.getByLabel('Código de inscrição')).toHaveValue(code);
  await expect(page.getByLabel('CPF, e-mail ou data de nascimento')).toHaveValue('');
  await axe.expectNoSeriousA11yViolations(page);

  await page.getByLabel('CPF, e-mail ou data de nascimento').fill(CPF);
  await page.getByRole('button', { name: 'Ver meus dados' }).click();
  await expect(page.getByRole('heading', { name: 'Inscrição', level: 2 })).toBeVisible();
  expect(page.url()).toMatch(new RegExp(`/c/${SLUG}/meus-dados$`));
  expect(page.url()).not.toContain('52998224725');
  expect(page.url()).not.toContain(code);
  await expect(page.getByText('Lúcia Autoatendimento')).toBeVisible();
  await expect(page.getByText('***.982.247-**')).toBeVisible();
  await expect(page.getByText(CPF)).toHaveCount(0);
  await expect(page.getByText('20/08/1975')).toBeVisible();
  await expect(page.getByText(/Você se declarou: Pessoa negra/)).toBeVisible();
  await expect(page.getByText(/aviso de privacidade versão/)).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  // O arquivo JSON, baixado por POST.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Baixar meus dados (arquivo JSON)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('meus-dados.json');
  const file = await download.path();
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(data.inscricao.cpf).toBe(CPF);
  expect(data.inscricao.codigo_de_inscricao).toBe(code);
  expect(data.inscricao.email).toBe('lucia@example.org');
  expect(data.consentimento.versao_do_aviso_de_privacidade).toBeTruthy();

  // O pedido de correção (com um erro antes).
  await page.getByRole('button', { name: 'Enviar o pedido de correção' }).click();
  await expect(page.getByRole('alert')).toContainText('o que está errado');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Nome social', { exact: true }).check();
  await page.getByLabel('O que está errado e como deve ficar').fill('Meu nome social é Lu Alves.');
  await page.getByRole('button', { name: 'Enviar o pedido de correção' }).click();
  await expect(page.getByRole('status')).toContainText('Pedido de correção enviado');
  await expect(page.getByText(/correção de dados, aberto/)).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);

  // A secretaria atende.
  await page.context().clearCookies();
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025', `/c/${SLUG}/gestao/pedidos-de-dados`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Pedidos sobre dados pessoais');
  await expect(page.getByText('Meu nome social é Lu Alves.')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);
  // A correção em si, pelo formulário da equipe (o CPF nunca volta inteiro ao formulário).
  await page.getByRole('link', { name: /Corrigir os dados da inscrição/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Corrigir inscrição');
  await expect(page.getByLabel('CPF (opcional)')).toHaveValue('');
  await expect(page.getByText(/CPF atual: \*\*\*\./)).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('E-mail (opcional)').fill('lucia@');
  await page.getByRole('button', { name: 'Salvar a correção' }).click();
  await expect(page.getByRole('alert')).toContainText('mail');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('E-mail (opcional)').fill('lucia@example.org');
  await page.getByLabel('Nome social (opcional)').fill('Lu Alves');
  await page.getByRole('button', { name: 'Salvar a correção' }).click();
  await expect(page.getByRole('row', { name: /Lu Alves/ })).toBeVisible();
  await page.goto(`/c/${SLUG}/gestao/pedidos-de-dados`);
  await page.getByLabel('Resposta para a pessoa').fill('Nome social corrigido para Lu Alves.');
  await page.getByRole('button', { name: 'Marcar como atendido' }).click();
  await expect(page.getByRole('status')).toContainText('Pedido marcado como atendido');
  await expect(page.getByRole('table')).toContainText('Nome social corrigido para Lu Alves.');
  await axe.expectNoSeriousA11yViolations(page);

  // A pessoa vê a resposta. Com o código e o e-mail, a página não mostra nada: manda um link.
  await page.context().clearCookies();
  await page.goto(`/c/${SLUG}/meus-dados`);
  const seen = new Set(emlFiles(mailDir()));
  await page.getByLabel('Código de inscrição').fill(code.toLowerCase());
  await page.getByLabel('CPF, e-mail ou data de nascimento').fill(EMAIL);
  await page.getByRole('button', { name: 'Ver meus dados' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'enviamos agora para esse e-mail um link' })).toBeVisible();
  await expect(page.getByText('Lu Alves')).toHaveCount(0);
  await expect(page.getByText('***.982.247-**')).toHaveCount(0);
  await axe.expectNoSeriousA11yViolations(page);
  const link = await dataLinkFromMail(seen);
  expect(link).not.toContain(code);
  expect(link).not.toContain('52998224725');

  // O link abre uma página com um botão; o botão mostra os dados.
  await page.goto(link);
  await expect(page.getByText('Lu Alves')).toHaveCount(0);
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Abrir meus dados' }).click();
  await expect(page.getByText(/correção de dados, atendido/)).toBeVisible();
  await expect(page.getByText(/Nome social corrigido para Lu Alves\./)).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Lu Alves');
  expect(page.url()).toMatch(new RegExp(`/c/${SLUG}/meus-dados/link$`));
  await axe.expectNoSeriousA11yViolations(page);

  // O link vale uma vez só.
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('Este link não vale mais');
  await expect(page.getByText('Lu Alves')).toHaveCount(0);
});
