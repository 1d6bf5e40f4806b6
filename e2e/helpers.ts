import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';

/** AAAA-MM-DD a `offset` dias de hoje. */
export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Um dia do calendário da demonstração: `offset` dias do dia da conferência, que é o dia em que a
 * demonstração foi criada (hoje em São Paulo, já que o servidor dos testes a cria ao subir).
 * `iso` é AAAA-MM-DD (campos de data), `br` é DD/MM/AAAA (como as páginas mostram).
 */
export function demoDay(offset: number): { iso: string; br: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Sao_Paulo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const [y, m, d] = parts.split('-').map(Number);
  const iso = new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
  const [yy, mm, dd] = iso.split('-');
  return { iso, br: `${dd}/${mm}/${yy}` };
}

export async function login(page: Page, user: string, password: string, back = '/painel') {
  await page.goto(`/entrar?volta=${encodeURIComponent(back)}`);
  await page.getByLabel('E-mail ou nome de usuário').fill(user);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).last().click();
}

/**
 * Como secretaria do CMAS demo: cria uma conferência com datas em torno de hoje e uma etapa do
 * tipo `kind` aberta agora (ontem até daqui a `days` dias).
 */
export async function conferenceOpenNow(page: Page, slug: string, kind: string, stageTitle: string) {
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025', '/gestao/nova-conferencia');
  await page.getByLabel('Endereço da página (opcional)').fill(slug);
  await page.getByLabel('Nome da conferência').fill(`Conferência ${slug}`);
  // The 2025 cycle, whose eixos the flows below use (the next cycle starts without eixos).
  await page.getByLabel('Ciclo nacional (modelo)').selectOption('2025');
  await page.getByLabel('Início do processo conferencial').fill(day(-10));
  await page.getByLabel('Fim do processo conferencial').fill(day(120));
  await page.getByLabel('Primeiro dia da conferência').fill(day(60));
  await page.getByLabel('Último dia da conferência').fill(day(61));
  await page.getByRole('button', { name: 'Criar a conferência' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${slug}/gestao`));
  await page.goto(`/c/${slug}/gestao/calendario`);
  await addStageNow(page, kind, stageTitle);
}

/** Inclui, na página do calendário aberta, uma etapa de ontem a depois de amanhã; as que abrem
 * algo na hora (inscrições, credenciamento, resultado do engajamento) pedem confirmação antes. */
export async function addStageNow(page: Page, kind: string, stageTitle: string) {
  await page.getByLabel('Tipo de etapa').selectOption(kind);
  await page.getByLabel('Nome da etapa').fill(stageTitle);
  await page.getByLabel('Início (data e hora)').fill(`${day(-1)}T00:00`);
  await page.getByLabel('Fim (data e hora, opcional)').fill(`${day(2)}T23:00`);
  await page.getByRole('button', { name: 'Incluir a etapa' }).click();
  if (['registration', 'credentialing', 'engagement_results'].includes(kind)) {
    await expect(page.locator('#confirm_open-erro')).toContainText('Esta etapa já começou e ainda não terminou');
    await page.getByLabel('Sim, abrir agora').check();
    await page.getByRole('button', { name: 'Incluir a etapa' }).click();
  }
  await expect(page.getByRole('table').first()).toContainText(stageTitle);
}

/** Quem a mesa inscreve na hora (inscrição presencial, já credenciada). */
export type WalkIn = {
  name: string;
  segment: string;
  /** Data de nascimento (AAAA-MM-DD), quando preenchida. */
  born?: string;
  /** Marca a primeira cota e o consentimento para dados sensíveis. */
  quota?: boolean;
  /** O eixo preferido para o grupo de trabalho (índice da opção; 0 é "Tanto faz"). */
  eixo?: number;
};

/**
 * Inscreve um(a) delegado(a) na mesa da conferência `slug` (inscrição no local, já credenciada)
 * e devolve o código de inscrição.
 */
export async function walkIn(page: Page, slug: string, p: WalkIn): Promise<string> {
  await page.goto(`/c/${slug}/gestao/inscricoes/nova?no_local=1`);
  await page.getByLabel('Nome completo').fill(p.name);
  if (p.born !== undefined) {
    await page.getByLabel('Data de nascimento (opcional)').fill(p.born);
  }
  await page.getByLabel('Categoria').selectOption('delegado');
  await page.getByLabel('Segmento').selectOption(p.segment);
  if (p.eixo !== undefined) {
    await page.getByLabel('Em qual eixo você quer participar do grupo de trabalho?').selectOption({ index: p.eixo });
  }
  if (p.quota) {
    await page.locator('input[name="quotas"]').first().check();
    await page.locator('#sensitive_consent').check();
  }
  await page.getByLabel('A pessoa ouviu o aviso de privacidade e concordou').check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  await expect(page.getByText('Credenciado(a) agora.')).toBeVisible();
  return ((await page.locator('.codigo').textContent()) ?? '').trim();
}

/**
 * Na mesa da conferência `slug`, libera o celular de quem tem o código `code` e o liga num
 * contexto novo do navegador; devolve a página do celular, já na plenária de `name`.
 */
export async function pairPhone(page: Page, browser: Browser, slug: string, code: string, name: string): Promise<Page> {
  await page.goto(`/c/${slug}/credenciamento/celular`);
  await page.getByLabel('Código de inscrição (no crachá)').fill(code);
  await page.getByRole('button', { name: 'Liberar o acesso' }).click();
  await expect(page.getByRole('status')).toContainText(name);
  const url = new URL(((await page.locator('code').textContent()) ?? '').trim());
  const phone = await (await browser.newContext()).newPage();
  await phone.goto(url.pathname + url.search);
  await phone.getByRole('button', { name: 'Sou eu: ligar este celular' }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText(`Plenária: ${name}`);
  return phone;
}

/** A pasta onde o servidor deste projeto grava os e-mails (.eml). */
export function mailDir(): string {
  const dir = test.info().project.metadata?.mailDir;
  if (typeof dir !== 'string' || dir === '') {
    throw new Error('project.metadata.mailDir não definido em playwright.config.ts');
  }
  return dir;
}

export function emlFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
}

/** O corpo de um e-mail de uma só parte, decodificado (quoted-printable, base64 ou 7/8 bits). */
export function decodedBody(eml: string): string {
  const split = eml.search(/\r?\n\r?\n/);
  if (split < 0) return '';
  const headers = eml.slice(0, split);
  const body = eml.slice(split).replace(/^\r?\n\r?\n/, '');
  const cte = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const hex = soft.slice(i + 1, i + 3);
      if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(soft[i], 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

// A small PNG (8×6): re-encoded by the server like any photo.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAYElEQVR4nBXMMRVEIQwAwSihRgQiUqNklFBHBCJSo+j+bTvvbUQYYYUdhBNueCFiGtOa9mQ6053e/CCNtNJO0kk3vfyAwWL7d7i87xpllFV2UU655dUHbbTVdtNOu+21H11/PPF87Or0AAAAAElFTkSuQmCC',
  'base64',
);

/** Espera o e-mail para `to` e devolve o caminho (com o token) do link de credenciamento online. */
export async function onlineLinkFor(to: string): Promise<string> {
  const dir = mailDir();
  const toLine = new RegExp(`^To: ${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r?$`, 'm');
  let link = '';
  await expect
    .poll(
      () => {
        for (const f of emlFiles(dir)) {
          const eml = fs.readFileSync(path.join(dir, f), 'utf8');
          if (!toLine.test(eml)) continue;
          const m = /https?:\/\/\S+\/credenciamento-online\/link\?token=[0-9a-f]{64}/.exec(decodedBody(eml));
          if (m) link = m[0];
        }
        return link;
      },
      { message: `e-mail com o link de credenciamento para ${to} em ${dir}`, timeout: 20_000 },
    )
    .not.toBe('');
  const url = new URL(link);
  return url.pathname + url.search;
}

/**
 * Um contexto do navegador que o servidor dos testes vê como outro cliente (outro endereço, pelo
 * cabeçalho X-Forwarded-For que ele lê): os formulários públicos têm um limite por cliente, e a
 * execução inteira sai do mesmo 127.0.0.1. `n` de 1 a 254, um por pessoa simulada.
 */
export function asClient(n: number, viewport = { width: 390, height: 844 }) {
  return { viewport, extraHTTPHeaders: { 'X-Forwarded-For': `10.23.0.${n}` } };
}
