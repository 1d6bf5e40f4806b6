import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from '../fixtures';
import { decodedBody, emlFiles, login, mailDir } from '../helpers';

// Etapa digital: uma pessoa do público cria a conta pelo link enviado por
// e-mail, envia uma proposta (com erro claro antes), apoia e comenta; a comissão oculta o
// comentário com um motivo, que a autora lê em "Minhas participações"; o grupo de trabalho do
// eixo traz a proposta com a origem "Etapa digital" e a sala de debate do grupo ganha o link da
// videochamada e uma mensagem. axe em cada página.
const SLUG = 'para-de-minas-2025';
const PASSWORD = 'uma senha longa da etapa digital';

/** Espera o e-mail de cadastro para `to` e devolve o link de criar a senha. */
async function signupLink(to: string): Promise<string> {
  const dir = mailDir();
  let link = '';
  await expect
    .poll(
      () => {
        for (const f of emlFiles(dir)) {
          const eml = fs.readFileSync(path.join(dir, f), 'utf8');
          if (!eml.includes(`To: ${to}`)) continue;
          const body = decodedBody(eml);
          const m = /https?:\/\/\S+\/senha\/nova\?token=[0-9a-f]{64}/.exec(body);
          if (m) {
            expect(body).toContain('Para confirmar este e-mail e criar a senha');
            link = m[0];
          }
        }
        return link;
      },
      { message: `e-mail de cadastro para ${to} em ${dir}`, timeout: 20_000 },
    )
    .not.toBe('');
  return link;
}

test('etapa digital: cadastro, proposta, apoio, comentário, moderação e grupo de trabalho', async ({
  page,
  axe,
}) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  const email = `joana.${run}@exemplo.org`;
  const name = `Joana Pereira ${run}`;
  const text = `Levar o Cadastro Único às comunidades rurais uma vez por mês (${run})`;
  const comment = `Na minha comunidade ninguém consegue ir à cidade (${run})`;

  // The public: the conference page leads to the open etapa digital.
  await page.goto(`/c/${SLUG}`);
  await page.getByRole('link', { name: 'Etapa digital aberta: envie propostas, apoie e comente' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Etapa digital');
  await expect(page.locator('#propostas-digitais')).toContainText('Ampliar o horário de atendimento dos CRAS');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: 'crie uma conta com seu e-mail' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Criar uma conta para participar');
  await page.getByRole('button', { name: 'Criar a conta' }).click();
  await expect(page.getByRole('alert')).toContainText('Nada foi salvo');
  await expect(page.getByLabel('Seu nome')).toHaveAttribute('aria-invalid', 'true');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Seu nome').fill(name);
  await page.getByLabel('Seu e-mail').fill(email);
  await page.getByRole('button', { name: 'Criar a conta' }).click();
  // The consent is still missing: the name and the e-mail stay typed.
  await expect(page.getByRole('alert')).toContainText('confirme que leu como usamos seus dados');
  await expect(page.getByLabel('Seu e-mail')).toHaveValue(email);
  await page.getByLabel(/meu nome aparece junto das propostas/).check();
  await page.getByRole('button', { name: 'Criar a conta' }).click();
  await expect(page.getByRole('status')).toContainText(`Enviamos um e-mail para ${email}`);
  await axe.expectNoSeriousA11yViolations(page);

  // The e-mailed link proves the address and creates the password.
  await page.goto(await signupLink(email));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Criar sua senha');
  await expect(page.getByRole('main')).not.toContainText('todos os aparelhos');
  await page.getByLabel('Senha', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repita a senha', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Criar a senha' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Senha criada');
  await login(page, email, PASSWORD, `/c/${SLUG}/participe`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Etapa digital');
  await expect(page.getByRole('main')).toContainText(`Você participa como ${name}`);

  // A proposal: bad input first, then the real one.
  await page.getByRole('button', { name: 'Enviar a proposta' }).click();
  await expect(page.getByRole('alert')).toContainText('Nada foi salvo');
  await expect(page.getByLabel('Texto da proposta')).toHaveAttribute('aria-invalid', 'true');
  await axe.expectNoSeriousA11yViolations(page);
  const form = page.getByRole('form', { name: 'Enviar uma proposta' });
  await form.getByLabel('Eixo', { exact: true }).selectOption({ index: 0 });
  await page.getByLabel('Texto da proposta').fill(text);
  await form.getByLabel('Dirigida a').selectOption('municipal');
  await page.getByRole('button', { name: 'Enviar a proposta' }).click();
  await expect(page.getByRole('status')).toContainText('Proposta enviada');
  await expect(page.locator('#proposta')).toContainText(text);
  await page.getByRole('button', { name: 'Apoiar esta proposta' }).click();
  await expect(page.getByRole('heading', { name: '1 apoio' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retirar meu apoio' })).toBeVisible();
  await page.getByRole('button', { name: 'Publicar o comentário' }).click();
  await expect(page.getByRole('alert')).toContainText('Escreva o comentário');
  await page.getByLabel('Seu comentário').fill(comment);
  await page.getByRole('button', { name: 'Publicar o comentário' }).click();
  await expect(page.getByRole('status')).toContainText('Comentário publicado');
  await expect(page.locator('#comentarios')).toContainText(comment);
  await axe.expectNoSeriousA11yViolations(page);
  const proposalUrl = new URL(page.url()).pathname;

  // The commission hides the comment; a reason is required and the author will read it.
  await page.context().clearCookies();
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', proposalUrl);
  const item = page.locator('#comentarios > li', { hasText: comment });
  await item.locator('summary').click();
  await item.getByRole('button', { name: 'Ocultar o comentário' }).click();
  await expect(page.getByRole('alert')).toContainText('Escreva o motivo');
  await axe.expectNoSeriousA11yViolations(page);
  await page
    .locator('#comentarios > li', { hasText: comment })
    .getByLabel(/Motivo/)
    .fill('Dado pessoal de terceiros no comentário');
  await page
    .locator('#comentarios > li', { hasText: comment })
    .getByRole('button', { name: 'Ocultar o comentário' })
    .click();
  await expect(page.getByRole('status')).toContainText('Ocultado');
  await expect(page.locator('#comentarios')).toContainText('Motivo: Dado pessoal de terceiros');

  // The working group of the eixo brings the proposal in with its origin; its debate room.
  await page.goto(`/c/${SLUG}/plenaria/grupos`);
  await page.getByLabel('Eixo', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('Nome do grupo').fill(`Grupo digital ${run}`);
  await page.getByRole('button', { name: 'Criar o grupo' }).click();
  await expect(page.getByRole('status')).toContainText('Grupo criado.');
  await page.getByRole('link', { name: `Grupo digital ${run}` }).click();
  await expect(page.locator('#etapa-digital')).toContainText(text);
  await expect(page.locator('#etapa-digital')).toContainText('Etapa digital: 1 apoio');
  await axe.expectNoSeriousA11yViolations(page);
  await page
    .locator('#etapa-digital > li', { hasText: text })
    .getByRole('button', { name: /^Trazer para o grupo/ })
    .click();
  await expect(page.getByRole('status')).toContainText('trazida para o grupo');
  const list = page.locator('ol.propostas');
  await expect(list).toContainText(text);
  await expect(list).toContainText('Etapa digital: 1 apoio');
  const groupPath = new URL(page.url()).pathname;
  const groupId = groupPath.split('/').pop();
  await page.goto(`/c/${SLUG}/participe/grupos/${groupId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Sala de debate: Grupo digital ${run}`);
  await page.getByLabel('Link da videochamada').fill('sala do zoom');
  await page.getByRole('button', { name: 'Salvar o link' }).click();
  await expect(page.getByRole('alert')).toContainText('começando com https://');
  await expect(page.getByLabel('Link da videochamada')).toHaveValue('sala do zoom');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Link da videochamada').fill(`https://meet.jit.si/grupo-${run}`);
  await page.getByRole('button', { name: 'Salvar o link' }).click();
  await expect(page.getByRole('status')).toContainText('Link da videochamada salvo');

  // The author: the reason in "Minhas participações", the proposal in its group, the room.
  await page.context().clearCookies();
  await login(page, email, PASSWORD, `/c/${SLUG}/participe/minhas`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Minhas participações');
  await expect(page.getByRole('main')).toContainText('Motivo: Dado pessoal de terceiros no comentário');
  await expect(page.getByRole('main')).toContainText(`levada ao grupo de trabalho “Grupo digital ${run}”`);
  await axe.expectNoSeriousA11yViolations(page);
  await page.goto(`/c/${SLUG}/participe/grupos/${groupId}`);
  await expect(page.getByRole('link', { name: /Entrar na videochamada do grupo/ })).toHaveAttribute(
    'href',
    `https://meet.jit.si/grupo-${run}`,
  );
  await page.getByLabel('Sua mensagem').fill('Boa tarde! Posso contar como é na zona rural.');
  await page.getByRole('button', { name: 'Publicar a mensagem' }).click();
  await expect(page.getByRole('status')).toContainText('Comentário publicado');
  await expect(page.locator('#comentarios')).toContainText('Posso contar como é na zona rural');
  await axe.expectNoSeriousA11yViolations(page);
});
