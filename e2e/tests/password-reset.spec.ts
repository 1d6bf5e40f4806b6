import * as fs from 'node:fs';
import * as path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from '../fixtures';
import { decodedBody, emlFiles, mailDir } from '../helpers';

// Troca de senha pelo e-mail: pedir o link, ler o e-mail que o servidor gravou na pasta de
// e-mails (sem SMTP nos testes), criar a nova senha e entrar com ela. A conta da secretaria é
// usada por outros testes: no fim, a senha de demonstração é restaurada pelo mesmo caminho.

const ACCOUNT = 'secretaria@demo.conferencia.local';
const DEMO_PASSWORD = 'demo-secretaria-2025';
const NEW_PASSWORD = 'uma frase longa para a nova senha';

/** Espera um e-mail novo (fora de `seen`) para a conta e devolve o link de troca de senha. */
async function resetLinkFromMail(seen: Set<string>): Promise<string> {
  const dir = mailDir();
  let link = '';
  await expect
    .poll(
      () => {
        for (const f of emlFiles(dir)) {
          if (seen.has(f)) continue;
          const eml = fs.readFileSync(path.join(dir, f), 'utf8');
          if (!/^To: secretaria@demo\.conferencia\.local\r?$/m.test(eml)) continue;
          const body = decodedBody(eml);
          const m = /https?:\/\/\S+\/senha\/nova\?token=[0-9a-f]{64}/.exec(body);
          if (m) {
            expect(body).toContain('Para criar uma nova senha');
            seen.add(f);
            link = m[0];
            break;
          }
        }
        return link;
      },
      { message: `e-mail de troca de senha em ${dir}`, timeout: 20_000 },
    )
    .not.toBe('');
  return link;
}

/** Volta a conta à senha de demonstração, sem navegador (o servidor aceita pedidos sem Origin). */
async function restoreDemoPassword(request: APIRequestContext, seen: Set<string>): Promise<void> {
  const asked = await request.post('/senha/esqueci', { form: { email: ACCOUNT } });
  expect(asked.status()).toBe(200);
  const token = new URL(await resetLinkFromMail(seen)).searchParams.get('token') ?? '';
  const reset = await request.post('/senha/nova', {
    form: { token, password: DEMO_PASSWORD, confirm: DEMO_PASSWORD },
  });
  expect(reset.status()).toBe(200);
  const login = await request.post('/entrar', {
    form: { login: ACCOUNT, password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(login.status(), 'a senha de demonstração voltou a valer').toBe(303);
}

test('troca de senha pelo link enviado por e-mail', async ({ page, request, baseURL, axe }) => {
  const seen = new Set(emlFiles(mailDir()));
  let changed = false;
  try {
    await page.goto('/entrar');
    await page.getByRole('link', { name: 'Esqueci minha senha' }).click();
    await expect(page).toHaveURL(/\/senha\/esqueci$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Esqueci minha senha');
    await axe.expectNoSeriousA11yViolations(page);

    // Quem entra com nome de usuário não tem e-mail: a página manda falar com a secretaria.
    const email = page.getByLabel('E-mail', { exact: true });
    await email.fill('articulador.cras.centro');
    await page.getByRole('button', { name: 'Enviar link' }).click();
    await expect(page.getByRole('alert')).toContainText('peça uma nova senha à secretaria');
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await axe.expectNoSeriousA11yViolations(page);

    await email.fill(ACCOUNT);
    await page.getByRole('button', { name: 'Enviar link' }).click();
    await expect(page.getByRole('status')).toContainText('Se houver uma conta com este e-mail');
    await axe.expectNoSeriousA11yViolations(page);

    const link = await resetLinkFromMail(seen);
    expect(link.startsWith(`${baseURL}/senha/nova?token=`), link).toBe(true);
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Criar nova senha');
    await axe.expectNoSeriousA11yViolations(page);

    // Senhas diferentes: 422, mensagem junto do campo, nada trocado.
    const password = page.getByLabel('Nova senha', { exact: true });
    const confirm = page.getByLabel('Repita a nova senha', { exact: true });
    await password.fill(NEW_PASSWORD);
    await confirm.fill(`${NEW_PASSWORD} diferente`);
    await page.getByRole('button', { name: 'Trocar a senha' }).click();
    await expect(page.getByRole('alert')).toContainText('A senha não foi trocada');
    await expect(page.getByText('As duas senhas não são iguais')).toBeVisible();
    await expect(confirm).toHaveAttribute('aria-invalid', 'true');
    await axe.expectNoSeriousA11yViolations(page);

    await password.fill(NEW_PASSWORD);
    await confirm.fill(NEW_PASSWORD);
    changed = true;
    await page.getByRole('button', { name: 'Trocar a senha' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Senha trocada');
    await axe.expectNoSeriousA11yViolations(page);

    await page.getByRole('link', { name: 'Entrar com a nova senha' }).click();
    await page.getByLabel('E-mail ou nome de usuário').fill(ACCOUNT);
    await page.getByLabel('Senha', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).last().click();
    await expect(page).toHaveURL(/\/painel$/);
    await axe.expectNoSeriousA11yViolations(page);

    // O link só vale uma vez.
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Este link não vale mais');
    await expect(page.getByRole('link', { name: 'Pedir um novo link' })).toBeVisible();
    await axe.expectNoSeriousA11yViolations(page);
  } finally {
    if (changed) await restoreDemoPassword(request, seen);
  }
});
