import { expect, test, WCAG22_TAGS, type Locator, type Page } from '../fixtures';
import { conferenceOpenNow, walkIn as walkInAt } from '../helpers';

// O celular da delegada, numa tela de celular (390×844), só com o teclado (Tab, Enter e Espaço):
// ela liga o celular digitando o código que a mesa do credenciamento mostra (um código mal
// digitado é recusado e fica no campo), escolhe o voto, confere a escolha numa segunda tela
// ("Você escolheu: Contra. Confirmar / Mudar"), muda de ideia, confirma e recebe o comprovante.
// Os botões de voto têm nome acessível, 44×44 px ou mais e espaço entre eles; o axe confere as
// regras da WCAG 2.2 AA nas três telas.
const SLUG = 'teclado-e2e';
const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE });

const walkIn = (page: Page, name: string, segment: string): Promise<string> =>
  walkInAt(page, SLUG, { name, segment });

/** Tab (nada de clique) até `target` ter o foco. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** Um alvo de toque de 44×44 px ou mais. */
async function bigTarget(target: Locator) {
  const box = await target.boundingBox();
  expect(box, 'o botão aparece').not.toBeNull();
  expect(box!.width).toBeGreaterThanOrEqual(44);
  expect(box!.height).toBeGreaterThanOrEqual(44);
  return box!;
}

test('voto pelo celular só com o teclado: escolha, confirmação e comprovante', async ({ page, browser, axe }) => {
  test.setTimeout(150_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
  await page.goto(`/c/${SLUG}/gestao/regimento`);
  await page
    .getByLabel('Texto do regimento')
    .fill('Art. 1º A conferência avalia o SUAS.\nArt. 2º Votam os delegados.\nArt. 3º Casos omissos: a comissão decide.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();
  const rita = await walkIn(page, 'Rita Teclado', 'usuarios');
  await walkIn(page, 'Zé Sem Celular', 'trabalhadores');
  await walkIn(page, 'Lia Sem Celular', 'governo');

  // The desk opens Rita's access and shows the code to type.
  await page.goto(`/c/${SLUG}/credenciamento/celular`);
  await page.getByLabel('Código de inscrição (no crachá)').fill(rita);
  await page.getByRole('button', { name: 'Liberar o acesso' }).click();
  await expect(page.getByRole('status')).toContainText('Rita Teclado');
  const pairing = ((await page.locator('#codigo-celular').textContent()) ?? '').trim();
  expect(pairing).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await expect(page.getByRole('main')).toContainText(`/c/${SLUG}/celular`);

  // Rita's phone: the pairing page, the code typed in its field.
  const ctx = await browser.newContext({ viewport: PHONE });
  const phone = await ctx.newPage();
  await phone.goto(`/c/${SLUG}/celular`);
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Ligar este celular');
  const field = phone.getByLabel('Código do celular');
  await tabTo(phone, field);
  await phone.keyboard.type('ABCD-EF');
  await phone.keyboard.press('Enter');
  await expect(phone.getByRole('alert')).toContainText('incompleto');
  await expect(field).toHaveValue('ABCD-EF');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await axe.expectNoSeriousA11yViolations(phone, WCAG22_TAGS);
  await tabTo(phone, field);
  await phone.keyboard.press('ControlOrMeta+A');
  await phone.keyboard.type(pairing.toLowerCase());
  await phone.keyboard.press('Enter');
  await expect(phone.getByText('Este celular vai ser usado por Rita Teclado')).toBeVisible();
  await tabTo(phone, phone.getByRole('button', { name: 'Sou eu: ligar este celular' }));
  await phone.keyboard.press('Enter');
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Plenária: Rita Teclado');

  // The table opens a secret vote on a destaque; the phone shows the buttons by itself.
  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await page.getByLabel('Artigo', { exact: true }).selectOption('2');
  await page.getByLabel('Modificar o texto').check();
  await page.getByLabel('Novo texto proposto (para modificar)').fill('Votam os delegados credenciados.');
  await page.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Destaque registrado.');
  await page.getByRole('group', { name: 'Votar pelos celulares: destaque ao art. 2º' }).getByLabel('Secreta').check();
  await page.getByRole('button', { name: 'Abrir a votação pelos celulares do destaque ao art. 2º' }).click();
  await expect(page.getByRole('status')).toContainText('Votação aberta');

  const favor = phone.getByRole('button', { name: 'A favor', exact: true });
  const contra = phone.getByRole('button', { name: 'Contra', exact: true });
  const abst = phone.getByRole('button', { name: 'Abstenção', exact: true });
  await expect(favor).toBeVisible({ timeout: 10_000 });
  await expect(contra).toBeVisible();
  await expect(abst).toBeVisible();
  // Large targets, apart from each other.
  const boxes = [await bigTarget(favor), await bigTarget(contra), await bigTarget(abst)];
  for (let i = 1; i < boxes.length; i++) {
    expect(boxes[i].y - (boxes[i - 1].y + boxes[i - 1].height)).toBeGreaterThanOrEqual(8);
  }
  await axe.expectNoSeriousA11yViolations(phone, WCAG22_TAGS);

  // Contra, then "Mudar" (Space), then A favor (Space), then "Confirmar" (Enter).
  await tabTo(phone, contra);
  await phone.keyboard.press('Enter');
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Confirme seu voto');
  await expect(phone.locator('#escolha')).toHaveText('Você escolheu: Contra.');
  const confirm = phone.getByRole('button', { name: 'Confirmar', exact: true });
  const change = phone.getByRole('button', { name: 'Mudar', exact: true });
  await bigTarget(confirm);
  await bigTarget(change);
  await axe.expectNoSeriousA11yViolations(phone, WCAG22_TAGS);
  await tabTo(phone, change);
  await phone.keyboard.press('Space');
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Plenária: Rita Teclado');
  await expect(phone.getByRole('main')).not.toContainText('já foi registrado');
  await tabTo(phone, favor);
  await phone.keyboard.press('Space');
  await expect(phone.locator('#escolha')).toHaveText('Você escolheu: A favor.');
  await tabTo(phone, confirm);
  await phone.keyboard.press('Enter');

  // The receipt: the vote counted once, a code shown once.
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Voto registrado');
  await expect(phone.getByRole('status')).toContainText('a favor');
  const receipt = ((await phone.locator('#comprovante').textContent()) ?? '').trim();
  expect(receipt).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  expect(phone.url()).not.toContain(receipt);
  await axe.expectNoSeriousA11yViolations(phone, WCAG22_TAGS);
  await expect(page.locator('#v-votantes')).toHaveText('1', { timeout: 10_000 });

  await ctx.close();
});
