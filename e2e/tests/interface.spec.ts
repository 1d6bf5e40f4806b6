import { expect, test, WCAG22_TAGS, type Page } from '../fixtures';
import { conferenceOpenNow, login, pairPhone, walkIn } from '../helpers';

// The interface by task: the accessibility bar in one row on a phone, touch targets of 24×24 px
// and more on the pages a phone user meets, the commission's timeline of stages, the
// credentialing desk with its search first and results as cards, the delegate's phone with its
// waiting state, and the telão as a projector screen without the site's chrome. axe with the
// WCAG 2.2 AA rules on each.
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const PROJECTOR = { width: 1920, height: 1080 };
const SLUG = 'interface-e2e';

/** Every visible button, select, text field, checkbox and radio is 24×24 px or more (WCAG 2.5.8). */
async function targetsAtLeast24(page: Page) {
  const small = await page.evaluate(() => {
    const out: string[] = [];
    const els = document.querySelectorAll<HTMLElement>(
      'button, select, input:not([type=hidden]), textarea, a.botao, summary',
    );
    els.forEach((el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') return;
      if (r.width < 24 || r.height < 24) {
        out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    });
    return out;
  });
  expect(small, `alvos menores que 24×24 px em ${page.url()}`).toEqual([]);
}

test.describe('no celular (390×844)', () => {
  test.use({ viewport: PHONE });

  test('a barra de acessibilidade ocupa uma linha e mantém nomes e teclas de atalho', async ({ page, axe }) => {
    await page.goto('/');
    const bar = page.getByRole('navigation', { name: 'Acessibilidade' });
    const box = await bar.boundingBox();
    expect(box, 'a barra aparece').not.toBeNull();
    expect(box!.height, 'uma linha só (antes eram quatro, 130 px)').toBeLessThanOrEqual(40);
    // The full names stay for screen readers; the access keys stay on the links.
    await expect(page.getByRole('link', { name: 'Ir para o conteúdo' })).toHaveAttribute('accesskey', '1');
    await expect(page.getByRole('link', { name: 'Ir para o menu' })).toHaveAttribute('accesskey', '2');
    await expect(page.getByRole('link', { name: 'Ir para a busca' })).toHaveAttribute('accesskey', '3');
    await expect(page.getByRole('link', { name: 'Ir para o rodapé' })).toHaveAttribute('accesskey', '4');
    for (const name of ['Alto contraste', 'Aumentar fonte', 'Diminuir fonte']) {
      const b = page.getByRole('button', { name });
      const bb = await b.boundingBox();
      expect(bb!.width).toBeGreaterThanOrEqual(24);
      expect(bb!.height).toBeGreaterThanOrEqual(24);
    }
    // One skip link: the first thing Tab reaches.
    await expect(page.locator('a[href="#conteudo"]')).toHaveCount(1);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Ir para o conteúdo' })).toBeFocused();
    await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  });

  test('alvos de toque de 24×24 px ou mais nas páginas públicas e no login', async ({ page, axe }) => {
    for (const path of ['/', '/entrar', '/cadastro', '/c/para-de-minas-2025', '/c/para-de-minas-2025/participe', '/c/para-de-minas-2025/programacao']) {
      const r = await page.goto(path);
      expect(r!.status(), path).toBe(200);
      await targetsAtLeast24(page);
      await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
    }
  });
});

test.describe('na tela do computador (1280×800)', () => {
  test.use({ viewport: DESKTOP });

  test('a comissão vê o ciclo como linha do tempo, com a próxima etapa e o que está pendente', async ({ page, axe }) => {
    await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', '/c/para-de-minas-2025/gestao');
    const cycle = page.getByRole('region', { name: 'O ciclo da conferência' });
    await expect(cycle).toBeVisible();
    const stages = cycle.getByRole('listitem');
    expect(await stages.count()).toBeGreaterThan(3);
    // The demo runs on today: the conference is under way, earlier stages are done.
    await expect(cycle).toContainText('Em andamento');
    await expect(cycle).toContainText('Concluída');
    await expect(cycle.getByRole('link', { name: 'Calendário completo' })).toBeVisible();
    // The menu by phase of the cycle.
    for (const phase of ['Preparação', 'Mobilização', 'Inscrições e credenciamento', 'Plenária', 'Relatório e monitoramento']) {
      await expect(page.getByRole('navigation').filter({ hasText: phase }).first()).toBeVisible();
    }
    await targetsAtLeast24(page);
    await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  });

  test('a mesa do credenciamento: busca no alto da tela, resultados em cartões com código e nascimento mascarado', async ({ page, axe }) => {
    test.setTimeout(120_000);
    await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
    // Two namesakes, told apart by code and birth date (day and month; the year hidden).
    const a = await walkIn(page, SLUG, { name: 'Maria Homônima', segment: 'usuarios', born: '1980-03-14' });
    const b = await walkIn(page, SLUG, { name: 'Maria Homônima', segment: 'trabalhadores', born: '1995-11-02' });
    await page.goto(`/c/${SLUG}/credenciamento`);
    const code = page.getByLabel('Código de inscrição');
    const codeBox = await code.boundingBox();
    expect(codeBox!.y + codeBox!.height, 'o campo de código aparece na primeira tela').toBeLessThan(DESKTOP.height);
    const name = page.getByLabel('Nome ou parte do nome');
    const nameBox = await name.boundingBox();
    expect(nameBox!.y + nameBox!.height, 'a busca por nome aparece na primeira tela').toBeLessThan(DESKTOP.height);
    await name.fill('homonima');
    await page.getByRole('button', { name: 'Buscar' }).click();
    const results = page.getByRole('list', { name: /^Resultado da busca/ });
    await expect(results.getByRole('listitem')).toHaveCount(2);
    const first = results.getByRole('listitem').filter({ hasText: a });
    await expect(first).toContainText('14/03 (ano oculto)');
    await expect(first).not.toContainText('1980');
    await expect(results.getByRole('listitem').filter({ hasText: b })).toContainText('02/11 (ano oculto)');
    // One main action per card: both are in the room, so the action is their exit.
    await expect(first.getByRole('button')).toHaveCount(1);
    await expect(first.getByRole('button', { name: /Registrar saída/ })).toBeVisible();
    // The counters stay, in one slim bar above the search.
    await expect(page.locator('#c-total')).toHaveText('2');
    // Attendance by segment as a chart, the numbers in the same table.
    await page.getByText('Por categoria e por segmento').click();
    const seg = page.getByRole('table', { name: /Delegados\(as\) presentes por segmento/ });
    await expect(seg.getByRole('row', { name: /Usuários/ }).locator('rect')).toHaveAttribute('width', '100');
    await expect(seg.getByRole('row', { name: /Trabalhadores/ }).locator('rect')).toHaveAttribute('width', '100');
    await expect(seg.getByRole('row', { name: /Governo/ })).toContainText('0');
    await expect(seg.getByRole('row', { name: /Governo/ }).locator('rect')).toHaveAttribute('width', '0');
    await page.getByText('Por categoria e por segmento').click();
    const bar = await page.locator('#contadores').boundingBox();
    expect(bar!.height, 'os contadores numa barra fina').toBeLessThan(120);
    await targetsAtLeast24(page);
    await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  });
});

test('o celular mostra quando não há votação aberta; o telão é uma tela de projetor', async ({ page, browser, axe }) => {
  test.setTimeout(120_000);
  const slug = `${SLUG}-telao`;
  await conferenceOpenNow(page, slug, 'credentialing', 'Credenciamento');
  const code = await walkIn(page, slug, { name: 'Rita Delegada', segment: 'usuarios' });
  const phone = await pairPhone(page, browser, slug, code, 'Rita Delegada');
  await phone.setViewportSize(PHONE);
  const waiting = phone.getByRole('region', { name: 'Nenhuma votação aberta agora' });
  await expect(waiting).toContainText('Aguardando');
  await targetsAtLeast24(phone);
  await axe.expectNoSeriousA11yViolations(phone, WCAG22_TAGS);

  const screen = await (await browser.newContext({ viewport: PROJECTOR })).newPage();
  await screen.goto(`/c/${slug}/telao`);
  // No site chrome: no header, no menu, no footer.
  await expect(screen.locator('header.topo')).toHaveCount(0);
  await expect(screen.getByRole('navigation')).toHaveCount(0);
  await expect(screen.locator('footer')).toHaveCount(0);
  await expect(screen.locator('#t-presentes')).toHaveText('1');
  // Readable from the back of a hall: text of 40 px and more, the numbers over 100 px.
  const size = async (sel: string) =>
    screen.locator(sel).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(await size('#t-quorum')).toBeGreaterThanOrEqual(40);
  expect(await size('#t-presentes')).toBeGreaterThanOrEqual(100);
  // The quorum gauge follows the counts: present over the credentialed (or the minimum).
  const num = async (sel: string) => Number((await screen.locator(sel).textContent())?.trim());
  const full = Math.max(await num('#t-credenciados'), await num('#t-presentes'), await num('#t-minimo'), 1);
  await expect(screen.locator('#t-medidor')).toHaveAttribute('width', String(Math.floor((1 * 1000) / full)));
  await axe.expectNoSeriousA11yViolations(screen, WCAG22_TAGS);
  await screen.context().close();
  await phone.context().close();
});
