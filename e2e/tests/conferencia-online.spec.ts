import { execFileSync } from 'node:child_process';
import { expect, test, WCAG22_TAGS, type Browser, type Page } from '../fixtures';
import { addStageNow, asClient, conferenceOpenNow, onlineLinkFor } from '../helpers';

// Conferência 100% online (ADR 0040), sem mesa de credenciamento: duas delegadas se inscrevem
// pela página pública, se credenciam de casa (código + e-mail, o link do e-mail, o código de
// novo), respondem à chamada e votam o regimento pelo celular; no grupo de trabalho uma proposta
// é aprovada; na plenária final uma pede a palavra contra o destaque e a outra levanta uma
// questão de ordem, que a mesa vê primeiro; o tempo de fala aparece no celular de casa; o destaque
// é votado de casa; a eleição do segmento é por voto secreto pelo celular; uma delegada sem e-mail
// se credencia depois de uma chamada de vídeo com a equipe; a ata registra a
// chamada, a questão de ordem, as falas e a presença a distância de cada votação. O axe (WCAG 2.2
// AA) roda em cada página nova.

const SLUG = 'online-e2e';

/** Inscrição pela página pública, sem login; devolve o código. */
async function selfRegister(browser: Browser, name: string, email: string, client: number): Promise<string> {
  const ctx = await browser.newContext(asClient(client));
  const p = await ctx.newPage();
  await p.goto(`/c/${SLUG}`);
  await p.getByRole('link', { name: /Inscrições abertas/ }).click();
  await p.getByLabel('Nome completo').fill(name);
  await p.getByLabel('E-mail (opcional)').fill(email);
  await p.getByLabel('Categoria').selectOption('delegado');
  await p.getByLabel('Segmento').selectOption('usuarios');
  await p.getByLabel('Delegado(a) titular ou suplente').selectOption('titular');
  await p.getByLabel(/Li o aviso de privacidade/).check();
  await p.getByRole('button', { name: 'Fazer minha inscrição' }).click();
  await expect(p.getByRole('heading', { level: 1 })).toHaveText('Inscrição recebida');
  const code = ((await p.locator('.codigo').textContent()) ?? '').trim();
  await ctx.close();
  return code;
}

/** Credenciamento online de casa; devolve o celular já na plenária. */
async function credentialOnline(browser: Browser, code: string, email: string, name: string, client: number): Promise<Page> {
  const ctx = await browser.newContext(asClient(client));
  const p = await ctx.newPage();
  await p.goto(`/c/${SLUG}/credenciamento-online`);
  await p.getByRole('form', { name: 'Link no seu e-mail' }).getByLabel('Código de inscrição').fill(code);
  await p.getByLabel('E-mail da inscrição').fill(email);
  await p.getByRole('button', { name: 'Enviar o link para o meu e-mail' }).click();
  await expect(p.getByRole('status')).toContainText('enviamos agora para esse e-mail um link');
  await p.goto(await onlineLinkFor(email));
  await p.getByLabel('Código de inscrição').fill(code);
  await p.getByRole('button', { name: 'Confirmar e entrar na plenária' }).click();
  await expect(p.getByRole('heading', { level: 1 })).toHaveText(`Plenária: ${name}`);
  return p;
}

/** O celular vota na votação aberta (a página se atualiza sozinha quando ela abre). */
async function voteFavor(phone: Page) {
  await expect(phone.getByRole('button', { name: 'A favor', exact: true })).toBeVisible({ timeout: 10_000 });
  await phone.getByRole('button', { name: 'A favor', exact: true }).click();
  await phone.getByRole('button', { name: 'Confirmar', exact: true }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Voto registrado');
  await phone.getByRole('link', { name: 'Voltar à plenária' }).click();
}

test('conferência 100% online: inscrição, credenciamento, chamada, votos, falas, eleição e ata', async ({
  page,
  browser,
  axe,
}) => {
  test.setTimeout(240_000);
  await conferenceOpenNow(page, SLUG, 'registration', 'Inscrições pela internet');
  await addStageNow(page, 'credentialing', 'Credenciamento online');
  await page.goto(`/c/${SLUG}/gestao/regimento`);
  await page
    .getByLabel('Texto do regimento')
    .fill('Art. 1º A conferência é online.\nArt. 2º Votam os delegados presentes a distância.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();
  await page.goto(`/c/${SLUG}/gestao/dados`);
  await page.getByLabel('Formato').selectOption('online');
  await page.getByRole('button', { name: 'Salvar os dados' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  // The transmission link: a bad one is refused and kept as typed.
  await page.goto(`/c/${SLUG}/gestao/quorum`);
  await page.getByLabel('Link da transmissão da plenária (opcional)').fill('youtube');
  await page.getByRole('button', { name: 'Salvar as regras' }).click();
  await expect(page.getByRole('alert')).toContainText('Informe um link completo');
  await expect(page.getByLabel('Link da transmissão da plenária (opcional)')).toHaveValue('youtube');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByLabel('Link da transmissão da plenária (opcional)').fill('https://video.example.org/plenaria-online');
  await page.getByRole('button', { name: 'Salvar as regras' }).click();
  await expect(page.getByRole('status')).toContainText('Regras da plenária salvas.');

  // Two delegates register themselves and are credentialed from home.
  const anaCode = await selfRegister(browser, 'Ana Online', 'ana.online@example.org', 11);
  const biaCode = await selfRegister(browser, 'Bia Online', 'bia.online@example.org', 12);
  const ana = await credentialOnline(browser, anaCode, 'ana.online@example.org', 'Ana Online', 11);
  const bia = await credentialOnline(browser, biaCode, 'bia.online@example.org', 'Bia Online', 12);
  await expect(ana.getByRole('link', { name: 'Assistir à transmissão da plenária' })).toHaveAttribute(
    'href',
    'https://video.example.org/plenaria-online',
  );
  await axe.expectNoSeriousA11yViolations(ana, WCAG22_TAGS);

  // The public live page: the transmission beside the live board.
  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto(`/c/${SLUG}`);
  await viewer.getByRole('link', { name: 'Plenária ao vivo' }).click();
  await expect(viewer.getByRole('link', { name: 'Assistir à transmissão' })).toBeVisible();
  await expect(viewer.locator('#t-presentes')).toHaveText('0');
  await axe.expectNoSeriousA11yViolations(viewer, WCAG22_TAGS);

  // The roll call: both answer from home.
  await page.goto(`/c/${SLUG}/plenaria/chamada`);
  await page.getByRole('button', { name: 'Abrir a chamada' }).click();
  await expect(page.getByRole('status')).toContainText('Chamada aberta');
  for (const phone of [ana, bia]) {
    await expect(phone.getByRole('button', { name: 'Estou presente' })).toBeVisible({ timeout: 10_000 });
    await phone.getByRole('button', { name: 'Estou presente' }).click();
    await expect(phone.getByRole('status')).toContainText('Presença registrada');
  }
  await expect(viewer.locator('#t-distancia')).toHaveText('2', { timeout: 10_000 });
  await page.goto(`/c/${SLUG}/plenaria/chamada`);
  await page.getByRole('button', { name: 'Encerrar a chamada agora' }).click();
  await expect(page.getByRole('status')).toContainText('Chamada encerrada');

  // The regimento, voted from home.
  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await page.getByRole('button', { name: 'Abrir a votação do regimento pelos celulares' }).click();
  await expect(page.getByRole('status')).toContainText('Votação aberta');
  for (const phone of [ana, bia]) await voteFavor(phone);
  await page.getByRole('button', { name: 'Encerrar a votação e publicar o resultado' }).click();
  await expect(page.getByRole('status')).toContainText('Votação registrada: aprovado.');
  await expect(viewer.locator('#t-etapa')).toHaveText('Regimento interno aprovado', { timeout: 10_000 });

  // A working group writes a proposal and approves it (the table records the group's vote).
  await page.goto(`/c/${SLUG}/plenaria/grupos`);
  await page.getByLabel('Eixo', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('Nome do grupo').fill('Grupo Online');
  await page.getByRole('button', { name: 'Criar o grupo' }).click();
  await expect(page.getByRole('status')).toContainText('Grupo criado.');
  await page.getByRole('button', { name: 'Distribuir quem está sem grupo' }).click();
  await page.getByRole('link', { name: 'Grupo Online' }).click();
  await page.locator('#text').fill('Ampliar o atendimento remoto dos CRAS');
  await page.locator('#level').selectOption('municipal');
  await page.getByRole('button', { name: 'Registrar a proposta' }).click();
  await expect(page.getByRole('status')).toContainText('Proposta registrada.');
  await page.getByLabel('A favor', { exact: true }).first().fill('2');
  await page.getByRole('button', { name: 'Registrar a votação do grupo da proposta 1' }).click();
  await expect(page.getByRole('status')).toContainText('aprovada, vai à plenária');

  // Final plenary: a destaque; Ana asks for the floor against it, Bia raises a point of order.
  await page.goto(`/c/${SLUG}/plenaria/final`);
  const first = page.locator('li.proposta', { hasText: 'Ampliar o atendimento remoto dos CRAS' });
  await first.getByText('Registrar destaque na proposta 1.1').click();
  await first.getByLabel('Nova redação', { exact: true }).check();
  await first.getByLabel('Nova redação (para mudar o texto)').fill('Ampliar o atendimento remoto e presencial dos CRAS');
  await first.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Destaque registrado.');

  const floor = ana.getByRole('region', { name: 'Pedir a palavra' });
  await expect(floor.getByLabel('Destaque em discussão')).toBeVisible({ timeout: 10_000 });
  await floor.getByRole('button', { name: 'Pedir a palavra' }).click();
  await expect(floor.getByRole('alert')).toContainText('O pedido não foi enviado');
  await expect(floor).toContainText('Escolha se quer falar a favor ou contra o destaque');
  await axe.expectNoSeriousA11yViolations(ana, WCAG22_TAGS);
  await floor.getByLabel('Contra o destaque').check();
  await floor.getByRole('button', { name: 'Pedir a palavra' }).click();
  await expect(ana.getByRole('status')).toContainText('Pedido de fala enviado');
  await expect(ana.getByRole('region', { name: 'Pedir a palavra' })).toContainText('Você é a próxima pessoa a falar.');
  await bia.reload();
  await bia.getByLabel('Sobre o quê (opcional, até 200 caracteres)').fill('O destaque precisa ser lido antes das falas');
  await bia.getByRole('button', { name: 'Levantar questão de ordem' }).click();
  await expect(bia.getByRole('status')).toContainText('Questão de ordem enviada');
  await axe.expectNoSeriousA11yViolations(bia, WCAG22_TAGS);

  // The table sees the point of order first, gives it the floor, then Ana's speech.
  await page.goto(`/c/${SLUG}/plenaria/final`);
  const orders = page.getByRole('region', { name: /Questões de ordem/ });
  await expect(orders).toContainText('Bia Online');
  await expect(orders).toContainText('pelo celular');
  await expect(page.getByRole('main')).toContainText('Ana Online (contra, pediu pelo celular)');
  await axe.expectNoSeriousA11yViolations(page);
  await orders.getByRole('button', { name: 'Dar a palavra a Bia Online (questão de ordem)' }).click();
  await expect(page.getByRole('status')).toContainText('Palavra dada à questão de ordem');
  await expect(viewer.locator('#t-fala-lado')).toHaveText('questão de ordem', { timeout: 10_000 });
  await page.getByRole('button', { name: 'Encerrar a questão de ordem de Bia Online' }).click();
  await expect(page.getByRole('status')).toContainText('Questão de ordem respondida');
  await page.getByRole('button', { name: 'Dar a palavra a Ana Online' }).click();
  // Ana's phone, at home, shows who speaks and the time left.
  await expect(ana.locator('#fala-agora')).toBeVisible({ timeout: 10_000 });
  await expect(ana.locator('#f-nome')).toHaveText('Ana Online');
  await expect(ana.locator('#f-tempo')).toContainText('restantes');
  await expect(ana.getByRole('region', { name: 'Pedir a palavra' })).toContainText('Você está com a palavra', { timeout: 10_000 });
  await expect(viewer.locator('#t-fala-nome')).toHaveText('Ana Online', { timeout: 10_000 });
  await axe.expectNoSeriousA11yViolations(viewer, WCAG22_TAGS);
  await page.getByRole('button', { name: 'Encerrar a fala de Ana Online' }).click();

  // The destaque, voted from home.
  await page.getByRole('button', { name: 'Abrir a votação do destaque pelos celulares' }).click();
  await expect(page.getByRole('status')).toContainText('Votação aberta');
  for (const phone of [ana, bia]) await voteFavor(phone);
  await page.getByRole('button', { name: 'Encerrar a votação e publicar o resultado' }).click();
  await expect(viewer.locator('#t-favor')).toHaveText('2', { timeout: 10_000 });

  // The election of the users' segment: secret ballot from home.
  await page.goto(`/c/${SLUG}/plenaria/eleicao`);
  for (const code of [anaCode, biaCode]) {
    await page.getByLabel('Código de inscrição (no crachá)').fill(code);
    await page.getByRole('button', { name: 'Registrar candidatura' }).click();
    await expect(page.getByRole('status')).toContainText('Candidatura registrada.');
  }
  await page.getByRole('button', { name: 'Abrir a votação do segmento Usuários(as)' }).click();
  await expect(page.getByRole('status')).toContainText('Votação do segmento aberta');
  for (const phone of [ana, bia]) {
    await expect(phone.getByRole('button', { name: 'Votar em Ana Online' })).toBeVisible({ timeout: 10_000 });
    await expect(phone.getByRole('main')).toContainText('Voto secreto');
    await phone.getByRole('button', { name: 'Votar em Ana Online' }).click();
    await phone.getByRole('button', { name: 'Confirmar', exact: true }).click();
    await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Voto registrado na eleição');
  }
  await page.reload();
  await page.getByRole('button', { name: 'Encerrar a votação do segmento Usuários(as)' }).click();
  await expect(page.getByRole('status')).toContainText('Votação do segmento encerrada.');
  await page.getByRole('button', { name: 'Apurar o resultado' }).click();
  await expect(page.getByRole('status')).toContainText('Resultado apurado.');
  await expect(page.locator('#titulares')).toContainText('Ana Online');

  // A delegate without an e-mail of her own: registered by the commission, credentialed after a
  // video call with the staff, on the device she will use.
  await page.goto(`/c/${SLUG}/gestao/inscricoes/nova`);
  await page.getByLabel('Nome completo').fill('Cida Sem Email');
  await page.getByLabel('Categoria').selectOption('delegado');
  await page.getByLabel('Segmento').selectOption('usuarios');
  await page.getByLabel('Delegado(a) titular ou suplente').selectOption('suplente');
  await page.getByLabel(/A pessoa ouviu o aviso de privacidade/).check();
  await page.getByRole('button', { name: 'Inscrever a pessoa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscrição registrada');
  const cidaCode = ((await page.locator('.codigo').first().textContent()) ?? '').trim();
  const cida = await (await browser.newContext(asClient(13))).newPage();
  await cida.goto(`/c/${SLUG}/credenciamento-online`);
  const video = cida.getByRole('form', { name: /verificação por vídeo/ });
  await video.getByRole('button', { name: 'Pedir a verificação por vídeo' }).click();
  await expect(cida.getByRole('alert')).toContainText('Diga como a equipe fala com você');
  await axe.expectNoSeriousA11yViolations(cida, WCAG22_TAGS);
  await video.getByLabel('Código de inscrição').fill(cidaCode);
  await video.getByLabel('Como a equipe fala com você').fill('WhatsApp (37) 99999-0000');
  await video.getByRole('button', { name: 'Pedir a verificação por vídeo' }).click();
  await expect(cida.getByRole('status')).toContainText('Pedido de verificação de Cida Sem Email enviado');
  await cida.getByRole('button', { name: 'Entrar na plenária' }).click();
  await expect(cida.getByRole('alert')).toContainText('ainda não confirmou');
  await axe.expectNoSeriousA11yViolations(cida, WCAG22_TAGS);
  await page.goto(`/c/${SLUG}/credenciamento-online/pedidos`);
  await expect(page.getByRole('main')).toContainText('WhatsApp (37) 99999-0000');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.getByRole('button', { name: 'Confirmar a identidade de Cida Sem Email' }).click();
  await expect(page.getByRole('status')).toContainText('Identidade confirmada');
  await expect(page.getByRole('main')).not.toContainText('WhatsApp (37) 99999-0000');
  await cida.getByRole('button', { name: 'Entrar na plenária' }).click();
  await expect(cida.getByRole('heading', { level: 1 })).toHaveText('Plenária: Cida Sem Email');
  await expect(cida.getByRole('status')).toContainText('Credenciamento online feito');

  // The minutes: the roll call, the point of order, the speech, the remote presence per vote.
  const ata = await page.request.get(`/c/${SLUG}/plenaria/ata.pdf`);
  expect(ata.status()).toBe(200);
  const text = execFileSync('pdftotext', ['-', '-'], { input: await ata.body() }).toString('utf8').replace(/\s+/g, ' ');
  expect(text).toContain('Presença a distância: chamadas da mesa');
  expect(text).toContain('2 delegado(s) responderam');
  expect(text).toContain('Questões de ordem');
  expect(text).toContain('Bia Online');
  expect(text).toContain('Falas: Ana Online (contra).');
  expect(text).toContain('(0 na sala, 2 a distância)');
  expect(text).toContain('Eleição');

  for (const p of [ana, bia, cida, viewer]) await p.context().close();
});
