import { expect, test, type Page } from '../fixtures';
import { conferenceOpenNow, login, pairPhone, walkIn } from '../helpers';

// Visual baselines of the key screens at phone (390×844), desktop (1280×800) and projector
// (1920×1080) sizes. The pictures live in tests/__screenshots__/ and are shown in
// docs/gallery.md. What changes by the day or by the run (dates, times, registration codes) is
// masked; a change of look shows up here as a failed comparison: look at the diff, and when the
// change is wanted, update the baselines with `npx playwright test tests/visual.spec.ts
// --update-snapshots` (see e2e/README.md).
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const PROJECTOR = { width: 1920, height: 1080 };
const SLUG = 'visual-e2e';

/** Dates, times and codes: they change with the day the tests run. */
function moving(page: Page) {
  return [
    page.locator('.meta'),
    page.locator('.codigo, .codigo-selo, .resultado-situacao, .contadores-detalhe'),
    page.locator('table.calendario, #resultados-territorios'),
    page.locator('.etapa .meta, .cartao > p:first-of-type'),
    page.locator('#t-resultado'),
    // A stage's state changes with the hour (the demo's conference starts at 08:00).
    page.locator('.etapa-estado'),
  ];
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await expect(page).toHaveScreenshot(name, { mask: moving(page), maskColor: '#dbe8fb', fullPage: false });
}

for (const [size, viewport] of [
  ['celular', PHONE],
  ['computador', DESKTOP],
] as const) {
  test.describe(`telas públicas e da comissão (${size})`, () => {
    test.use({ viewport });

    test(`acessibilidade, entrar e inscrição (${size})`, async ({ page }) => {
      // Not the home page: its list grows with the conferences other tests create.
      await page.goto('/acessibilidade');
      await shot(page, `acessibilidade-${size}.png`);
      await page.goto('/entrar');
      await shot(page, `entrar-${size}.png`);
      await page.goto('/c/para-de-minas-2025/inscricao');
      await shot(page, `inscricao-${size}.png`);
    });

    test(`resumo da comissão com a linha do tempo (${size})`, async ({ page }) => {
      await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', '/c/para-de-minas-2025/gestao');
      await expect(page.getByRole('region', { name: 'O ciclo da conferência' })).toBeVisible();
      // "Próxima etapa: …" names the next stage, which changes with the hour: masked, and kept
      // at one height so that its wrapping does not move the timeline below it.
      await page.locator('.cartao > p:first-of-type').first().evaluate((p: HTMLElement) => {
        p.style.height = '6rem';
        p.style.overflow = 'hidden';
      });
      await page.getByRole('region', { name: 'O ciclo da conferência' }).scrollIntoViewIfNeeded();
      await shot(page, `comissao-ciclo-${size}.png`);
    });
  });
}

test('mesa do credenciamento, celular do(a) delegado(a) e telão', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
  await walkIn(page, SLUG, { name: 'Maria Silva', segment: 'usuarios', born: '1980-03-14' });
  const code = await walkIn(page, SLUG, { name: 'Rita Silva', segment: 'trabalhadores', born: '1995-11-02' });

  for (const [size, viewport] of [
    ['computador', DESKTOP],
    ['celular', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.goto(`/c/${SLUG}/credenciamento?q=silva`);
    await expect(page.getByRole('list', { name: /^Resultado da busca/ }).getByRole('listitem')).toHaveCount(2);
    await shot(page, `credenciamento-${size}.png`);
  }

  const phone = await pairPhone(page, browser, SLUG, code, 'Rita Silva');
  await phone.setViewportSize(PHONE);
  await phone.reload();
  await expect(phone.getByText('Aguardando')).toBeVisible();
  await shot(phone, 'celular-aguardando-celular.png');

  for (const [size, viewport] of [
    ['projetor', PROJECTOR],
    ['computador', DESKTOP],
  ] as const) {
    const screen = await (await browser.newContext({ viewport })).newPage();
    await screen.goto(`/c/${SLUG}/telao`);
    await expect(screen.locator('#t-presentes')).toHaveText('2');
    await shot(screen, `telao-${size}.png`);
    await screen.context().close();
  }

  // A destaque to the regimento put to the vote: the phone's open vote and the telão with the
  // texts at stake; then the result as bars on the telão.
  await page.setViewportSize(DESKTOP);
  await page.goto(`/c/${SLUG}/gestao/regimento`);
  await page
    .getByLabel('Texto do regimento')
    .fill('Art. 1º A conferência avalia o SUAS no município.\nArt. 2º Votam os delegados e as delegadas.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();
  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await page.getByLabel('Artigo', { exact: true }).selectOption('2');
  await page.getByLabel('Modificar o texto').check();
  await page.getByLabel('Novo texto proposto (para modificar)').fill('Votam os delegados e as delegadas credenciados(as) no dia.');
  await page.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Destaque registrado.');
  await page.getByRole('button', { name: 'Abrir a votação pelos celulares do destaque ao art. 2º' }).click();
  await expect(page.getByRole('status')).toContainText('Votação aberta');

  await expect(phone.getByRole('button', { name: 'A favor', exact: true })).toBeVisible({ timeout: 10_000 });
  await shot(phone, 'celular-votacao-aberta-celular.png');
  const screen = await (await browser.newContext({ viewport: PROJECTOR })).newPage();
  await screen.goto(`/c/${SLUG}/telao`);
  await expect(screen.locator('#t-aberta-proposto')).toHaveText('Votam os delegados e as delegadas credenciados(as) no dia.');
  await expect(screen.locator('#t-aberta-texto')).toContainText('Votam os delegados e as delegadas.');
  await shot(screen, 'telao-votacao-aberta-projetor.png');

  await phone.getByRole('button', { name: 'A favor', exact: true }).click();
  await phone.getByRole('button', { name: 'Confirmar', exact: true }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Voto registrado');
  await page.getByRole('button', { name: 'Encerrar a votação e publicar o resultado' }).click();
  await expect(screen.locator('#t-favor')).toHaveText('1', { timeout: 10_000 });
  await expect(screen.locator('#t-aberta')).toBeHidden();
  await shot(screen, 'telao-resultado-projetor.png');
  await screen.context().close();
  await phone.context().close();
});
