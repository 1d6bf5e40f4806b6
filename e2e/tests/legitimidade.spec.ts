import { expect, expectNoSeriousA11yViolations, test, WCAG22_TAGS, type Page } from '../fixtures';
import { conferenceOpenNow } from '../helpers';

// Um dia de plenária em tela de celular (390×844), do jeito que a mesa de credenciamento o vive:
// a comissão põe no regimento um quórum de 2 delegados(as) presentes; a suplente chega antes e
// entra no lugar da titular ausente ("No lugar de quem?"); a titular chega depois e recebe a vaga
// de volta ("Devolver a vaga"), a suplente fica só com voz; um delegado sai da plenária e o
// quórum cai abaixo da regra, então a votação não abre; ele volta e ela abre.
const SLUG = 'legitimidade-e2e';

test.use({ viewport: { width: 390, height: 844 } });

const wcag22 = (page: Page): Promise<void> => expectNoSeriousA11yViolations(page, undefined, WCAG22_TAGS);

async function register(page: Page, name: string, segment: string, seat: string): Promise<string> {
  await page.goto(`/c/${SLUG}/gestao/inscricoes/nova`);
  await page.getByLabel('Nome completo').fill(name);
  await page.getByLabel('Categoria').selectOption('delegado');
  await page.getByLabel('Segmento').selectOption(segment);
  await page.getByLabel('Delegado(a) titular ou suplente').selectOption(seat);
  await page.getByLabel('A pessoa ouviu o aviso de privacidade e concordou').check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  const code = ((await page.locator('.codigo').textContent()) ?? '').trim();
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  return code;
}

async function atTheDesk(page: Page, code: string, button = 'Credenciar') {
  await page.goto(`/c/${SLUG}/credenciamento`);
  await page.getByLabel('Código de inscrição').fill(code);
  await page.getByRole('button', { name: button, exact: true }).click();
}

test('titular substituída, vaga devolvida, saída da plenária e quórum que cai', async ({ page }) => {
  test.setTimeout(150_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
  await page.goto(`/c/${SLUG}/gestao/regimento`);
  await page
    .getByLabel('Texto do regimento')
    .fill('Art. 1º A conferência avalia o SUAS.\nArt. 2º Votam os delegados.\nArt. 3º Casos omissos: a comissão decide.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();

  // The regimento's quorum: two delegates present.
  await page.goto(`/c/${SLUG}/gestao/quorum`);
  await wcag22(page);
  await page.getByLabel('Regra de quórum').selectOption('fixed');
  await page.getByLabel(/Percentual ou número/).fill('dois');
  await page.getByRole('button', { name: 'Salvar as regras' }).click();
  await expect(page.getByRole('alert')).toContainText('Informe o número de delegados(as) presentes');
  await expect(page.getByLabel(/Percentual ou número/)).toHaveValue('dois');
  await page.getByLabel(/Percentual ou número/).fill('2');
  await page.getByRole('button', { name: 'Salvar as regras' }).click();
  await expect(page.getByRole('status')).toContainText('Regras da plenária salvas.');

  const ana = await register(page, 'Ana Titular', 'usuarios', 'titular');
  const bia = await register(page, 'Bia Suplente', 'usuarios', 'suplente');
  const caio = await register(page, 'Caio Titular', 'trabalhadores', 'titular');

  // The suplente arrives first: the desk asks whom she replaces before writing anything.
  await atTheDesk(page, bia);
  const ask = page.getByRole('group', { name: 'No lugar de quem?' });
  await expect(ask).toBeVisible();
  await expect(page.locator('#c-total')).toHaveText('0');
  await wcag22(page);
  await ask.getByLabel(/Ana Titular/).check();
  await page.getByRole('button', { name: 'Credenciar Bia Suplente' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'credenciado(a)' })).toContainText('No lugar de Ana Titular');
  await atTheDesk(page, caio);
  await expect(page.getByRole('status').filter({ hasText: 'credenciado(a)' })).toContainText('Caio Titular credenciado(a), com voto.');

  // The titular arrives after her suplente: refused, naming Bia; the desk gives the seat back.
  await atTheDesk(page, ana);
  await expect(page.getByRole('alert')).toContainText('está com Bia Suplente');
  await wcag22(page);
  await page.getByRole('button', { name: 'Devolver a vaga ao(à) titular' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Vaga devolvida' })).toContainText(
    'Bia Suplente continua com voz',
  );
  await expect(page.locator('#c-delegados')).toHaveText('2');
  await expect(page.locator('#c-voz')).toHaveText('1');

  // The search tells who votes and who has voice only.
  await page.getByLabel('Nome ou parte do nome').fill('suplente');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page.getByRole('list', { name: /^Resultado da busca/ })).toContainText('Presente, só voz');
  await wcag22(page);

  // Caio leaves the plenary: one delegate with a vote is left, below the rule.
  await atTheDesk(page, caio, 'Registrar saída');
  await expect(page.getByRole('status').filter({ hasText: 'Saída registrada' })).toContainText('Caio Titular');
  await expect(page.locator('#c-delegados')).toHaveText('1');
  await expect(page.locator('#c-fora')).toHaveText('1');

  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await expect(page.getByRole('region', { name: 'Quórum' })).toContainText('Sem quórum: 1 delegado(s) presente(s); são necessários 2');
  await page.getByLabel('Artigo', { exact: true }).selectOption('2');
  await page.getByLabel('Modificar o texto').check();
  await page.getByLabel('Novo texto proposto (para modificar)').fill('Votam os delegados com vaga.');
  await page.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Destaque registrado.');
  await page.getByRole('button', { name: 'Abrir a votação pelos celulares do destaque ao art. 2º' }).click();
  await expect(page.getByRole('alert')).toContainText('Sem quórum: 1 delegado(s) presente(s); são necessários 2');
  await wcag22(page);

  // He comes back (a check-in again): quorum is there and the vote opens.
  await atTheDesk(page, caio);
  await expect(page.getByRole('status').filter({ hasText: 'voltou à plenária' })).toContainText('Caio Titular');
  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await page.getByRole('button', { name: 'Abrir a votação pelos celulares do destaque ao art. 2º' }).click();
  await expect(page.getByRole('status')).toContainText('Votação aberta');
});
