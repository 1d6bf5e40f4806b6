import { expect, test, type Browser, type Page } from '../fixtures';
import { conferenceOpenNow, pairPhone as pairPhoneAt, walkIn as walkInAt } from '../helpers';

// Grupos de trabalho e plenária final: dois grupos (eixos 1 e 2), propostas com origem, uma
// repetida juntada à outra (as duas origens ficam), votação no grupo; na plenária final, um
// destaque de nova redação com falas a favor e contra (o telão mostra quem fala e o tempo),
// a votação em bloco do que não teve destaque e a do destaque; as deliberações publicadas.
const SLUG = 'plenaria-final-e2e';

const walkIn = (page: Page, name: string, segment: string, eixo?: number): Promise<string> =>
  walkInAt(page, SLUG, { name, segment, eixo });

const pairPhone = (page: Page, browser: Browser, code: string, name: string): Promise<Page> =>
  pairPhoneAt(page, browser, SLUG, code, name);

test('grupos escrevem as propostas e a plenária final as aprova', async ({ page, browser, axe, baseURL }) => {
  test.setTimeout(150_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
  await page.goto(`/c/${SLUG}/gestao/regimento`);
  await page.getByLabel('Texto do regimento').fill('Art. 1º A conferência avalia o SUAS.\nArt. 2º Votam os delegados.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();
  const codes = [
    await walkIn(page, 'Ana Grupo', 'usuarios'),
    await walkIn(page, 'Beto Grupo', 'trabalhadores'),
    await walkIn(page, 'Cida Grupo', 'governo', 2),
  ];
  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await page.getByLabel('A favor do regimento').fill('3');
  await page.getByRole('button', { name: 'Registrar a votação do regimento' }).click();
  await expect(page.getByRole('status')).toContainText('Regimento aprovado');

  // Groups.
  await page.goto(`/c/${SLUG}/plenaria/grupos`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Grupos de trabalho');
  await page.getByRole('button', { name: 'Criar o grupo' }).click();
  await expect(page.getByRole('alert')).toContainText('Escolha o eixo do grupo');
  await axe.expectNoSeriousA11yViolations(page);
  for (const [index, name] of [[1, 'Grupo A'], [2, 'Grupo B']] as const) {
    await page.getByLabel('Eixo', { exact: true }).selectOption({ index });
    await page.getByLabel('Nome do grupo').fill(name);
    await page.getByRole('button', { name: 'Criar o grupo' }).click();
    await expect(page.getByRole('status')).toContainText('Grupo criado.');
  }
  await page.getByRole('button', { name: 'Distribuir quem está sem grupo' }).click();
  await expect(page.getByRole('status')).toContainText('Pessoas distribuídas');
  await expect(page.getByRole('main')).toContainText('0 pessoa(s) com direito a voz ainda sem grupo');
  await expect(page.getByRole('region', { name: /^Eixo 2:/ })).toContainText('1 pessoa escolheu este eixo na inscrição.');
  await axe.expectNoSeriousA11yViolations(page);
  // Cida chose eixo 2 at registration: she is in its group.
  await page.getByRole('link', { name: 'Grupo B' }).click();
  await expect(page.getByRole('main')).toContainText('Cida Grupo');
  await page.goto(`/c/${SLUG}/plenaria/grupos`);
  await page.getByRole('link', { name: 'Grupo A' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Grupo A');
  await axe.expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'Registrar a proposta' }).click();
  await expect(page.getByRole('alert')).toContainText('Escreva o texto da proposta');
  await expect(page.getByRole('alert')).toContainText('Escolha a quem a proposta se dirige');
  await axe.expectNoSeriousA11yViolations(page);
  const propose = async (text: string, level: string) => {
    await page.locator('#text').fill(text);
    await page.locator('#level').selectOption(level);
    await page.getByRole('button', { name: 'Registrar a proposta' }).click();
    await expect(page.getByRole('status')).toContainText('Proposta registrada.');
  };
  await propose('Ampliar o horário dos CRAS', 'municipal');
  await propose('Ampliar horário de atendimento do CRAS', 'municipal');
  await propose('Cofinanciamento estadual dos benefícios eventuais', 'estadual');
  await propose('Criar um CREAS regional', 'municipal');

  // Merge the duplicate (proposal 2) into proposal 1.
  await page.getByText('Alterar ou juntar a proposta 1').click();
  await page.getByLabel('Juntar a esta a proposta repetida').first().selectOption({ label: 'Ampliar horário de atendimento do CRAS' });
  await page.getByRole('button', { name: 'Juntar à proposta 1' }).click();
  await expect(page.getByRole('status')).toContainText('Propostas juntadas');
  await expect(page.locator('ol.propostas > li')).toHaveCount(3);

  // Ana, the group's rapporteur, corrects a proposal from her phone; Cida's phone may not.
  const groupUrl = page.url().split('?')[0];
  await page.getByLabel('Incluir pessoa pelo código de inscrição').fill(codes[0]);
  await page.getByRole('button', { name: 'Incluir no grupo' }).click();
  await page.getByLabel('Relator(a): código de inscrição').fill(codes[0]);
  await page.getByRole('button', { name: 'Registrar facilitação e relatoria' }).click();
  await expect(page.getByRole('status')).toContainText('Facilitação e relatoria registradas.');
  const anaPhone = await pairPhone(page, browser, codes[0], 'Ana Grupo');
  const report = anaPhone.getByRole('region', { name: 'Relatoria do grupo' });
  await expect(report).toContainText('Grupo A');
  await axe.expectNoSeriousA11yViolations(anaPhone);
  await report.getByText('Corrigir a proposta 2').click();
  await report.getByLabel('Texto da proposta 2').fill('Cofinanciamento estadual dos benefícios eventuais, com reajuste anual');
  await report.getByRole('button', { name: 'Salvar a proposta 2' }).click();
  await expect(anaPhone.getByRole('status')).toContainText('Proposta do grupo alterada.');
  await expect(report).toContainText('com reajuste anual');
  await axe.expectNoSeriousA11yViolations(anaPhone);
  const edit = (await report.locator('form[action$="/editar"]').first().getAttribute('action')) ?? '';
  const cidaPhone = await pairPhone(page, browser, codes[2], 'Cida Grupo');
  await expect(cidaPhone.getByRole('region', { name: 'Relatoria do grupo' })).toHaveCount(0);
  const refused = await cidaPhone.request.post(edit, {
    form: { text: 'Invadido', level: 'municipal', kind: 'new' },
    headers: { Origin: baseURL ?? '' },
  });
  expect(refused.status()).toBe(403);
  await anaPhone.context().close();
  await cidaPhone.context().close();
  await page.goto(groupUrl);
  await expect(page.getByRole('main')).toContainText('com reajuste anual');

  // Group votes; the present delegates in the group bound the count.
  const present = Number(((await page.locator('#pessoas-t + p strong').textContent()) ?? '0').trim());
  await page.getByLabel('A favor', { exact: true }).first().fill(String(present + 1));
  await page.getByRole('button', { name: 'Registrar a votação do grupo da proposta 1' }).click();
  await expect(page.getByRole('alert')).toContainText('no grupo');
  await axe.expectNoSeriousA11yViolations(page);
  for (const n of [1, 2, 3]) {
    await page.getByLabel('A favor', { exact: true }).first().fill(String(present));
    await page.getByRole('button', { name: `Registrar a votação do grupo da proposta ${n}` }).first().click();
    await expect(page.getByRole('status')).toContainText('aprovada, vai à plenária');
  }

  // The projector, open all along.
  const screenCtx = await browser.newContext();
  const screen = await screenCtx.newPage();
  await screen.goto(`/c/${SLUG}/telao`);
  await expect(screen.locator('#t-etapa')).toContainText('Plenária final: 3 proposta(s) para votar', { timeout: 10_000 });

  // Final plenary: a destaque (new wording) on the first proposal, speakers, block, destaque vote.
  await page.goto(`/c/${SLUG}/plenaria/final`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plenária final');
  await axe.expectNoSeriousA11yViolations(page);
  const first = page.locator('li.proposta', { hasText: 'Ampliar o horário dos CRAS' });
  await first.getByText('Registrar destaque na proposta 1.1').click();
  await first.getByLabel('Nova redação', { exact: true }).check();
  await first.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('alert')).toContainText('nova redação proposta');
  await axe.expectNoSeriousA11yViolations(page);
  await first.getByLabel('Nova redação', { exact: true }).check();
  await first.getByLabel('Nova redação (para mudar o texto)').fill('Ampliar o horário dos CRAS até as 20h');
  await first.getByLabel('Quem pediu (opcional)').fill('Ana Grupo');
  await first.getByRole('button', { name: 'Registrar o destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Destaque registrado.');
  await page.getByLabel('Nome de quem fala').fill('Ana Grupo');
  await page.getByRole('button', { name: 'Inscrever a fala' }).click();
  await page.getByLabel('Lado').selectOption('against');
  await page.getByLabel('Nome de quem fala').fill('Beto Grupo');
  await page.getByRole('button', { name: 'Inscrever a fala' }).click();
  await page.getByRole('button', { name: 'Dar a palavra a Ana Grupo' }).click();
  await expect(screen.locator('#t-fala')).toBeVisible({ timeout: 10_000 });
  await expect(screen.locator('#t-fala-nome')).toHaveText('Ana Grupo');
  await expect(screen.locator('#t-fala-tempo')).toContainText('restantes');
  await axe.expectNoSeriousA11yViolations(screen);
  await page.getByRole('button', { name: 'Dar a palavra a Beto Grupo' }).click();
  await expect(screen.locator('#t-fala-nome')).toHaveText('Beto Grupo', { timeout: 10_000 });
  await axe.expectNoSeriousA11yViolations(page);

  // Block of eixo 1: the proposal without destaque.
  await expect(page.getByRole('main')).toContainText('2 proposta(s) sem destaque para votar em bloco no eixo 1');
  await page.getByLabel('A favor do bloco').fill('3');
  await page.getByRole('button', { name: 'Registrar a votação em bloco do eixo 1' }).click();
  await expect(page.getByRole('status')).toContainText('Votação registrada: aprovado.');
  await expect(screen.locator('#t-assunto')).toContainText('eixo 1 em bloco', { timeout: 10_000 });

  // The destaque: 2 for, 1 against → the new wording is approved.
  await page.getByLabel('A favor do destaque').fill('2');
  await page.getByLabel('Contra o destaque').fill('1');
  await page.getByRole('button', { name: 'Registrar a votação do destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Votação registrada: aprovado.');
  await expect(screen.locator('#t-fala')).toBeHidden({ timeout: 10_000 });
  await expect(screen.locator('#t-resultado')).toContainText('aprovado');
  await expect(screen.locator('#t-assunto')).toContainText('nova redação');

  // Priorities: at most 1 deliberation per eixo and level; eixo 1 has 2 municipal ones.
  await page.goto(`/c/${SLUG}/plenaria/prioridades`);
  await page.getByLabel('Limite de deliberações por eixo e nível').fill('1');
  await page.getByRole('button', { name: 'Salvar o limite' }).click();
  await expect(page.getByRole('status')).toContainText('Limite salvo.');
  const contest = page.getByRole('region', { name: /Eixo 1, nível municipal/ });
  await contest.getByLabel('Votos do papel: Criar um CREAS regional').fill('2');
  await contest.getByLabel('Votos do papel: Ampliar o horário dos CRAS até as 20h').fill('1');
  await contest.getByRole('button', { name: /Registrar os votos do papel/ }).click();
  await expect(page.getByRole('status')).toContainText('Votos do papel registrados.');
  await expect(contest.locator('tbody tr').first()).toContainText('Criar um CREAS regional');
  await expect(contest.locator('tbody tr').first()).toContainText('1º (segue)');
  await axe.expectNoSeriousA11yViolations(page);
  await contest.getByRole('button', { name: /Fechar as prioridades/ }).click();
  await expect(page.getByRole('status')).toContainText('Prioridades fechadas');

  // A moção delivered on paper: typed by the table, signed on paper, admitted, voted.
  await page.goto(`/c/${SLUG}/plenaria/mocoes`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moções');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Registrar a moção' }).click();
  await expect(page.getByRole('alert')).toContainText('Diga a quem a moção se dirige');
  await page.getByLabel('Tipo', { exact: true }).selectOption('apoio');
  await page.getByLabel('A quem se dirige').fill('Câmara Municipal');
  await page.getByLabel('Texto da moção').fill('Apoio ao projeto de lei do SUAS municipal.');
  await page.getByLabel('Código de inscrição de quem propõe').fill(codes[0]);
  await page.getByRole('button', { name: 'Registrar a moção' }).click();
  await expect(page.getByRole('status')).toContainText('Moção registrada.');
  await page.getByLabel('Assinaturas do formulário em papel: códigos de inscrição, um por linha').fill(`${codes[1]}\n${codes[2]}`);
  await page.getByRole('button', { name: 'Registrar as assinaturas do papel' }).click();
  await expect(page.getByRole('main')).toContainText('3 assinatura(s) (2 do papel); necessárias: 1');
  await page.getByRole('button', { name: 'Admitir a moção' }).click();
  await expect(page.getByRole('status')).toContainText('Moção admitida');
  await page.getByLabel('A favor da moção').fill('3');
  await page.getByRole('button', { name: 'Registrar a votação da moção' }).click();
  await expect(page.getByRole('status')).toContainText('aprovada');
  await expect(screen.locator('#t-assunto')).toContainText('Moção de apoio', { timeout: 10_000 });
  await axe.expectNoSeriousA11yViolations(page);

  await page.goto(`/c/${SLUG}/deliberacoes`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deliberações aprovadas');
  await expect(page.getByRole('main')).toContainText('Ampliar o horário dos CRAS até as 20h');
  await expect(page.getByRole('main')).toContainText('(redação aprovada na plenária)');
  await expect(page.getByRole('main')).toContainText('Cofinanciamento estadual');
  await expect(page.getByRole('heading', { name: 'Nível estadual' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Moções aprovadas' })).toContainText('Câmara Municipal');
  await axe.expectNoSeriousA11yViolations(page);
  await screenCtx.close();
});
