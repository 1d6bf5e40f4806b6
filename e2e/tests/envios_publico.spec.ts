import { expect, test } from '../fixtures';
import { login, PNG } from '../helpers';

// Envios do público ("unidades e participantes enviam"): pela linha do tempo,
// uma participante chega à página pública do CRAS Sul, envia uma foto (sem o consentimento é
// recusada antes, com a legenda mantida) e um PDF; nada aparece na galeria antes da revisão. A
// comissão publica a foto e recusa o PDF com um motivo (exigido) e envia uma ata só para a unidade
// e a comissão, que não aparece na página pública; a foto entra na galeria pública e a participante
// lê o motivo em "Minhas participações". axe em cada página.
const SLUG = 'para-de-minas-2025';
const FILE = 'Arquivo: foto (JPEG ou PNG) ou documento em PDF, até 10 MB';
const CONSENT = 'As pessoas que aparecem na foto ou no vídeo autorizaram o uso da imagem';

test('envios do público: foto e PDF revisados pela unidade', async ({ page, axe }) => {
  test.setTimeout(90_000);
  const run = Date.now().toString(36);
  const photo = `Oficina de artesanato no CRAS Sul (${run})`;
  const doc = `Lista de presença da oficina (${run})`;

  // Anyone finds the unit's page from the timeline; sending asks to log in.
  await page.goto(`/c/${SLUG}/acoes`);
  await page.locator('section[aria-labelledby="unidades-t"]').getByRole('link', { name: 'CRAS Sul', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CRAS Sul');
  await expect(page.locator('section[aria-labelledby="enviar-t"]')).toContainText('crie uma conta com seu e-mail');
  await axe.expectNoSeriousA11yViolations(page);
  const unitPath = new URL(page.url()).pathname;
  const unitId = unitPath.split('/').pop();

  await login(page, 'participante@demo.conferencia.local', 'demo-participante-2025', unitPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CRAS Sul');
  await page.getByLabel(FILE).setInputFiles({ name: 'oficina.png', mimeType: 'image/png', buffer: PNG });
  await page.getByLabel('Legenda').fill(photo);
  await page.getByRole('button', { name: 'Enviar para a unidade' }).click();
  await expect(page.getByRole('alert')).toContainText('autorizaram o uso da imagem');
  await expect(page.getByLabel('Legenda')).toHaveValue(photo);
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel(FILE).setInputFiles({ name: 'oficina.png', mimeType: 'image/png', buffer: PNG });
  await page.getByLabel(CONSENT).check();
  await page.getByRole('button', { name: 'Enviar para a unidade' }).click();
  await expect(page.getByRole('status')).toContainText('depois que a unidade revisar');
  await expect(page.getByRole('img', { name: photo })).toHaveCount(0);
  await page.getByLabel(FILE).setInputFiles({
    name: 'lista.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n%lista com nomes e telefones\n'),
  });
  await page.getByLabel('Legenda').fill(doc);
  await page.getByRole('button', { name: 'Enviar para a unidade' }).click();
  await expect(page.getByRole('status')).toContainText('depois que a unidade revisar');
  await axe.expectNoSeriousA11yViolations(page);

  // The commission reviews on the unit's page: publishes the photo, refuses the PDF with a reason.
  await page.context().clearCookies();
  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', `/c/${SLUG}/gestao/galeria`);
  await expect(page.locator('#envios-pendentes')).toContainText('CRAS Sul');
  await axe.expectNoSeriousA11yViolations(page);
  await page.locator('#envios-pendentes').getByRole('link', { name: 'CRAS Sul' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/unidade/${unitId}`));
  const waiting = page.locator('#envios');
  await expect(waiting).toContainText(photo);
  await expect(waiting).toContainText(doc);
  await expect(waiting).toContainText('enviado por Participante');
  await expect(waiting.getByRole('img', { name: photo })).toBeVisible();
  await axe.expectNoSeriousA11yViolations(page);
  await waiting.locator('li', { hasText: photo }).getByRole('button', { name: /^Publicar na galeria/ }).click();
  await expect(page.getByRole('status')).toContainText('Publicado na galeria da unidade');
  const docItem = page.locator('#envios > li', { hasText: doc });
  await docItem.locator('summary').click();
  await docItem.getByRole('button', { name: 'Recusar o envio' }).click();
  await expect(page.getByRole('alert')).toContainText('Escreva o motivo');
  await axe.expectNoSeriousA11yViolations(page);
  await page
    .locator('#envios > li', { hasText: doc })
    .getByLabel(/Motivo/)
    .fill('A lista tem nomes e telefones das famílias');
  await page.locator('#envios > li', { hasText: doc }).getByRole('button', { name: 'Recusar o envio' }).click();
  await expect(page.getByRole('status')).toContainText('Envio recusado');
  await expect(page.locator('section[aria-labelledby="envios-t"]')).toContainText('Nenhum envio esperando revisão');

  // An ata naming people stays with the unit and the commission.
  const ata = `Ata com a lista de presença (${run})`;
  await page.getByLabel(FILE).setInputFiles({
    name: 'ata.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n%ata com nomes\n'),
  });
  await page.getByLabel('Legenda').fill(ata);
  await page.getByLabel('Só para a unidade e a comissão (não aparece em páginas públicas)').check();
  await page.getByRole('button', { name: 'Enviar para a galeria' }).click();
  await expect(page.getByRole('status')).toContainText('Arquivo incluído na galeria da unidade');
  const own = page.locator('section[aria-labelledby="midia-t"] li', { hasText: ata });
  await expect(own).toContainText('só para a unidade e a comissão');
  await axe.expectNoSeriousA11yViolations(page);

  // The public gallery shows the photo; the sender reads what happened.
  await page.context().clearCookies();
  await page.goto(unitPath);
  const img = page.getByRole('img', { name: photo });
  await expect(img).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText(ata);
  const thumb = await page.request.get((await img.getAttribute('src'))!);
  expect(thumb.headers()['content-type']).toBe('image/jpeg');
  await login(page, 'participante@demo.conferencia.local', 'demo-participante-2025', `/c/${SLUG}/participe/minhas`);
  const sent = page.locator('section[aria-labelledby="meus-envios"]');
  await expect(sent.locator('li', { hasText: photo })).toContainText('Publicado na galeria');
  await expect(sent.locator('li', { hasText: doc })).toContainText('Recusado pela unidade');
  await expect(sent.locator('li', { hasText: doc })).toContainText('Motivo: A lista tem nomes e telefones das famílias');
  await axe.expectNoSeriousA11yViolations(page);
});
