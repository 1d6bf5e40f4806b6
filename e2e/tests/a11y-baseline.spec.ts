import type { Page } from '@playwright/test';
import { expect, test, type AxeHelper } from '../fixtures';

/*
 * Linha de base de acessibilidade (eMAG / WCAG 2.1 AA) de toda página pública:
 *   - <html lang="pt-BR">
 *   - o primeiro elemento focável (um Tab numa página recém-carregada) é o link
 *     <a href="#conteudo" class="skip">Ir para o conteúdo</a>, e o alvo #conteudo existe
 *   - teclas de atalho (accesskey) 1 conteúdo, 2 menu, 3 busca, 4 rodapé
 *   - nenhuma violação axe grave ou crítica
 * e os controles de alto contraste e de tamanho da fonte, que persistem após recarregar.
 */

const STATIC_PATHS = ['/', '/acessibilidade', '/entrar', '/cadastro', '/c/para-de-minas-2025/participe'];

async function gotoOk(page: Page, url: string): Promise<void> {
  const response = await page.goto(url);
  expect(response, `sem resposta para ${url}`).not.toBeNull();
  expect(response!.status(), `status HTTP de ${url}`).toBe(200);
}

async function expectBaseline(page: Page, axe: AxeHelper): Promise<void> {
  // Primeiro Tab numa página recém-carregada: nada pode ter recebido foco antes.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    return el && el !== document.body
      ? { tag: el.tagName.toLowerCase(), href: el.getAttribute('href'), text: (el.textContent ?? '').trim() }
      : null;
  });
  expect(focused, 'o primeiro Tab deve focar o link "Ir para o conteúdo"').not.toBeNull();
  expect(focused, 'o primeiro elemento focável deve ser o link para #conteudo').toMatchObject({
    tag: 'a',
    href: '#conteudo',
  });
  expect(focused!.text, 'o link de pular para o conteúdo precisa de texto').not.toBe('');
  await expect(page.locator('#conteudo'), 'o alvo do link de pular (#conteudo) deve existir').toHaveCount(1);

  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');

  for (const key of ['1', '2', '3', '4']) {
    await expect(page.locator(`[accesskey="${key}"]`).first(), `falta o elemento com accesskey="${key}"`).toBeAttached();
  }

  await axe.expectNoSeriousA11yViolations(page);
}

for (const path of STATIC_PATHS) {
  test(`linha de base de acessibilidade em ${path}`, async ({ page, axe }) => {
    await gotoOk(page, path);
    await expectBaseline(page, axe);
  });
}

test('linha de base de acessibilidade na primeira conferência listada na página inicial', async ({ page, axe }) => {
  await gotoOk(page, '/');
  const link = page.locator('a[href^="/c/"]').first();
  await expect(link, 'a página inicial deve listar conferências (links /c/…); o servidor subiu com --demo?').toBeAttached();
  const href = await link.getAttribute('href');
  expect(href).toBeTruthy();

  // Página nova, sem foco herdado do clique.
  await gotoOk(page, href!);
  await expectBaseline(page, axe);
});

async function htmlFontSizePx(page: Page): Promise<number> {
  return page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
}

test('o alto contraste é aplicado em <html> e persiste ao recarregar', async ({ page, axe }) => {
  await gotoOk(page, '/');
  const html = page.locator('html');
  const toggle = page.getByRole('button', { name: /alto contraste/i });

  await expect(html).not.toHaveClass(/(^|\s)alto-contraste(\s|$)/);
  await toggle.click();
  await expect(html).toHaveClass(/(^|\s)alto-contraste(\s|$)/);

  await page.reload();
  await expect(html).toHaveClass(/(^|\s)alto-contraste(\s|$)/);
  // O modo de alto contraste também tem de passar no axe (contraste AA incluído).
  await axe.expectNoSeriousA11yViolations(page);

  // É um botão de alternância: desliga e continua desligado após recarregar.
  await page.getByRole('button', { name: /alto contraste/i }).click();
  await expect(html).not.toHaveClass(/(^|\s)alto-contraste(\s|$)/);
  await page.reload();
  await expect(html).not.toHaveClass(/(^|\s)alto-contraste(\s|$)/);
});

test('aumentar a fonte muda o tamanho de <html> e persiste ao recarregar', async ({ page }) => {
  await gotoOk(page, '/');
  const before = await htmlFontSizePx(page);

  await page.getByRole('button', { name: /aumentar (a )?fonte|A\+/i }).click();
  await expect.poll(() => htmlFontSizePx(page), { message: 'o tamanho da fonte de <html> deve aumentar' }).toBeGreaterThan(before);
  const enlarged = await htmlFontSizePx(page);

  await page.reload();
  await expect
    .poll(() => htmlFontSizePx(page), { message: 'o tamanho da fonte deve persistir após recarregar' })
    .toBeCloseTo(enlarged, 1);

  await page.getByRole('button', { name: /diminuir (a )?fonte|A[-−–]/i }).click();
  await expect.poll(() => htmlFontSizePx(page), { message: 'diminuir a fonte deve reduzir o tamanho' }).toBeLessThan(enlarged);
});
