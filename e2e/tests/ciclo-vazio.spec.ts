import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test, WCAG22_TAGS } from '../fixtures';
import { addStageNow, day, decodedBody, emlFiles, mailDir, walkIn } from '../helpers';

// O ciclo de um conselho que não é o da demonstração, numa instalação nova (banco só migrado,
// servidor sem --demo; projetos sqlite-vazio e postgres-vazio), tudo pelo navegador como as
// pessoas fariam:
//  1. a página inicial vazia diz como começar; quem instalou roda `conferencia admin create`, abre
//     o link, cria a senha e entra;
//  2. a administração registra o CEAS de Goiás e o CMAS de Pirenópolis (achado pelo nome) e dá
//     acesso às secretarias, que recebem o convite por e-mail e criam a senha;
//  3. a secretaria estadual cria a conferência estadual; a municipal cria a sua, abaixo da
//     estadual (só a do seu estado é oferecida), e convida um membro da comissão, que importa as
//     unidades de uma planilha bagunçada e nomeia a articuladora de uma unidade; a articuladora
//     (que entra direto na sua unidade) marca e informa a pré-conferência, com uma proposta;
//  4. pessoas se inscrevem pelo formulário público; a equipe da mesa, convidada pela secretaria,
//     entra direto no credenciamento, credencia essas pessoas e inscreve outras na hora;
//  5. a plenária aprova o regimento; o grupo do eixo 1 traz a proposta da pré-conferência, com a
//     origem, e a aprova; a plenária final a vota; a eleição por segmento elege os(as) delegados(as);
//  6. o relatório, conferido por duas pessoas da comissão, chega à caixa de entrada do estado,
//     que vê as verificações (seções, paridade, prazo) e o aceita.
// O axe (WCAG 2.2 AA) roda nas páginas que só uma instalação nova mostra.

test.use({ actionTimeout: 15_000 });

const STATE = 'goias-vazio-e2e';
const STATE_TITLE = 'XIV Conferência Estadual de Assistência Social de Goiás';
const EXTRA_QUESTION = 'Quantos CRAS fizeram pré-conferência?';
const MUNI = 'pirenopolis-vazio-e2e';
const MUNI_TITLE = 'XIV Conferência Municipal de Assistência Social de Pirenópolis';
const ADMIN = { name: 'Helena Instaladora', email: 'helena.ti@pirenopolis.go.gov.br', password: 'frase longa da administradora' };
const STATE_SEC = { name: 'Otávio Estadual', email: 'secretaria.ceas@go.gov.br', password: 'frase longa da secretaria estadual' };
const MUNI_SEC = { name: 'Marta Municipal', email: 'cmas@pirenopolis.go.gov.br', password: 'frase longa da secretaria municipal' };
const COMMISSION = { name: 'Caio Comissão', email: 'caio.comissao@pirenopolis.go.gov.br', password: 'frase longa do caio da comissao' };
const DESK = { name: 'Davi da Mesa', email: 'davi.mesa@pirenopolis.go.gov.br', password: 'frase longa do davi da mesa' };
const PROPOSAL = 'Abrir o CRAS Bonfim aos sábados para as famílias da zona rural';
const ARTICULATOR = { name: 'Ana Articuladora', email: 'ana.cras@pirenopolis.go.gov.br', password: 'frase longa da ana articuladora' };

// The council's SUAS network as a council keeps it: `;`, pt-BR headers, kinds in any case, a unit
// repeated with other case and spaces, a row without its territory.
const UNITS_CSV = [
  'Território;Equipamento;Tipo;Endereço;Telefone',
  'Território Centro;CRAS Bonfim;cras;Rua do Bonfim, 10;(62) 3331-1000',
  '  território   centro ;cras  BONFIM;CRAS;;',
  'Território Rural;Centro Pop Pirenópolis;Centro POP;Av. Sizenando Jayme, 200;',
  'Território Rural;CREAS Municipal;creas;;',
  ';Unidade Sem Território;Cras;;',
].join('\r\n');

/** Delegates who register themselves on the public form before the day. */
const ONLINE = [
  { name: 'Rosa Usuária', segment: 'usuarios', quota: true },
  { name: 'Tiago Trabalhador', segment: 'trabalhadores', quota: true },
  { name: 'Elisa Entidade', segment: 'entidades', quota: false },
];
/** Delegates the desk registers on the day (already credentialed). */
const AT_DESK = [
  { name: 'Gustavo Governo', segment: 'governo', born: '1970-01-10' },
  { name: 'Glória Governo', segment: 'governo', born: '1975-02-20', quota: true },
  { name: 'Gerson Governo', segment: 'governo', born: '1980-03-30' },
  { name: 'Ubirajara Usuário', segment: 'usuarios', born: '1965-04-15' },
];

function databaseUrl(): string {
  const url = test.info().project.metadata?.databaseUrl;
  if (typeof url !== 'string' || url === '') {
    throw new Error('project.metadata.databaseUrl não definido em playwright.config.ts (projetos *-vazio)');
  }
  return url;
}

/** A new browser context (one per person). */
async function person(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Logs in from /entrar without a page to return to: the person lands where their work is. */
async function enter(page: Page, login: string, password: string) {
  await page.goto('/entrar');
  await page.getByLabel('E-mail ou nome de usuário').fill(login);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).last().click();
}

/** Chooses the password on a one-time link (`/senha/nova?token=…`) and logs in. */
async function firstPassword(page: Page, link: string, login: string, password: string) {
  const url = new URL(link);
  await page.goto(url.pathname + url.search);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Criar sua senha');
  await page.getByLabel('Senha', { exact: true }).fill(password);
  await page.getByLabel('Repita a senha').fill(password);
  await page.getByRole('button', { name: 'Criar a senha' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Senha criada');
  await enter(page, login, password);
}

/** The invitation e-mail sent to `email` (not in `seen`): its link to create the password. */
async function invitation(email: string, seen: Set<string>): Promise<string> {
  const dir = mailDir();
  const to = new RegExp(`^To:.*${email.replace(/[.+]/g, '\\$&')}`, 'im');
  let link = '';
  await expect
    .poll(
      () => {
        for (const f of emlFiles(dir)) {
          if (seen.has(f)) continue;
          const eml = fs.readFileSync(path.join(dir, f), 'utf8');
          if (!to.test(eml)) continue;
          const body = decodedBody(eml);
          const m = /https?:\/\/\S+\/senha\/nova\?token=\S+/.exec(body);
          if (m) {
            expect(body).toContain('Você foi convidado(a)');
            seen.add(f);
            link = m[0];
            break;
          }
        }
        return link;
      },
      { message: `convite para ${email} em ${dir}`, timeout: 30_000 },
    )
    .not.toBe('');
  return link;
}

/** Creates a conference from /gestao/nova-conferencia, its days 60 days from now. */
async function createConference(
  page: Page,
  o: { slug: string; title: string; venue: string; parent?: string; parentOffered?: string[] },
) {
  await page.getByRole('link', { name: 'Criar uma nova conferência' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nova conferência');
  // The 2025 cycle, with its eixos (the next cycle starts without them).
  await page.getByLabel('Ciclo nacional (modelo)').selectOption('2025');
  await page.getByLabel('Endereço da página (opcional)').fill(o.slug);
  await page.getByLabel('Nome da conferência').fill(o.title);
  await page.getByLabel('Número da edição').fill('14');
  await page.getByLabel('Início do processo conferencial').fill(day(-10));
  await page.getByLabel('Fim do processo conferencial').fill(day(120));
  await page.getByLabel('Primeiro dia da conferência').fill(day(60));
  await page.getByLabel('Último dia da conferência').fill(day(60));
  await page.getByLabel('Local (opcional)', { exact: true }).fill(o.venue);
  const parent = page.getByLabel('Conferência de nível superior (opcional)');
  if (o.parentOffered) {
    const offered = (await parent.locator('option').allTextContents()).map((t) => t.trim()).filter((t) => t !== '');
    expect(offered.filter((t) => !/nenhuma/i.test(t))).toEqual(o.parentOffered);
  }
  if (o.parent) await parent.selectOption({ label: o.parent });
  await page.getByRole('button', { name: 'Criar a conferência' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${o.slug}/gestao`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(o.title);
}

test('instalação vazia: do primeiro acesso ao relatório na caixa do estado', async ({ browser, axe, baseURL }) => {
  test.setTimeout(240_000);
  const seen = new Set(emlFiles(mailDir()));

  // 1. The empty installation says how to start.
  const admin = await person(browser);
  await admin.goto('/');
  const start = admin.getByRole('region', { name: 'Nenhuma conferência publicada ainda' });
  await expect(start).toContainText('ainda não tem administração');
  await expect(start.locator('code')).toContainText('conferencia admin create');
  await axe.expectNoSeriousA11yViolations(admin, WCAG22_TAGS);

  // Whoever installed the server creates the first administrator, as the page says.
  const out = execFileSync(
    process.env.CONFERENCIA_BIN as string,
    [
      'admin', 'create', '--name', ADMIN.name, '--email', ADMIN.email,
      '--public-url', baseURL as string, '--database-url', databaseUrl(),
    ],
    { encoding: 'utf8' },
  );
  const adminLink = /https?:\/\/\S+\/senha\/nova\?token=\S+/.exec(out)?.[0] ?? '';
  expect(adminLink, out).not.toBe('');
  await admin.goto(new URL(adminLink).pathname + new URL(adminLink).search);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Criar sua senha');
  await axe.expectNoSeriousA11yViolations(admin, WCAG22_TAGS);
  await admin.getByLabel('Senha', { exact: true }).fill('curta');
  await admin.getByLabel('Repita a senha').fill('curta');
  await admin.getByRole('button', { name: 'Criar a senha' }).click();
  await expect(admin.getByRole('alert')).toContainText('A senha não foi criada');
  await expect(admin.locator('#password-erro')).toContainText('10 caracteres');
  await axe.expectNoSeriousA11yViolations(admin, WCAG22_TAGS);
  await firstPassword(admin, adminLink, ADMIN.email, ADMIN.password);
  // No conference yet: the panel.
  await expect(admin).toHaveURL(/\/painel$/);
  // With an administrator, the home page sends the councils to log in instead.
  const visitor = await person(browser);
  await visitor.goto('/');
  await expect(visitor.getByRole('region', { name: 'Nenhuma conferência publicada ainda' })).toContainText(
    'entre com sua conta',
  );

  // 2. The admin registers the state council (CEAS of Goiás, chosen by name) and the municipal one,
  // found by name.
  await admin.getByRole('link', { name: /Administração da plataforma/ }).click();
  await admin.getByRole('link', { name: 'Órgãos e secretarias' }).click();
  await expect(admin.getByText('Nenhum órgão cadastrado.')).toBeVisible();
  await admin.getByLabel('Estado', { exact: true }).selectOption({ label: 'Goiás (GO)' });
  await admin.getByRole('button', { name: 'Escolher o estado' }).click();
  await expect(admin.getByLabel('Tipo de órgão')).toHaveValue('ceas');
  await expect(admin.getByLabel('Código IBGE do ente')).toHaveValue('52');
  await admin.getByRole('button', { name: 'Cadastrar órgão' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('Goiás');
  const ceasPage = admin.url();
  await admin.getByLabel('E-mail', { exact: true }).fill(STATE_SEC.email);
  await admin.getByLabel('Nome completo (para conta nova)').fill(STATE_SEC.name);
  await admin.getByRole('button', { name: 'Dar acesso de secretaria' }).click();
  await expect(admin.getByRole('status')).toContainText(`dado a ${STATE_SEC.name}`);
  await expect(admin.getByRole('status')).toContainText('Enviamos um convite por e-mail');

  await admin.getByRole('link', { name: 'Órgãos e secretarias' }).click();
  await admin.getByLabel('Nome do município').fill('pirenopolis');
  await admin.getByRole('button', { name: 'Buscar município' }).click();
  const found = admin.getByRole('table', { name: /Municípios encontrados/ });
  await expect(found.getByRole('row', { name: /Pirenópolis\/GO/ })).toContainText('Pequeno Porte II');
  await axe.expectNoSeriousA11yViolations(admin, WCAG22_TAGS);
  await found.getByRole('button', { name: 'Escolher Pirenópolis/GO' }).click();
  await expect(admin.locator('#ente-escolhido')).toContainText('Pirenópolis/GO, população 26690 (2022), Pequeno Porte II');
  await expect(admin.getByLabel('Código IBGE do ente')).toHaveValue('5217302');
  await axe.expectNoSeriousA11yViolations(admin, WCAG22_TAGS);
  await admin.getByRole('button', { name: 'Cadastrar órgão' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Conselho Municipal de Assistência Social de Pirenópolis');
  await admin.getByLabel('E-mail', { exact: true }).fill(MUNI_SEC.email);
  await admin.getByLabel('Nome completo (para conta nova)').fill(MUNI_SEC.name);
  await admin.getByRole('button', { name: 'Dar acesso de secretaria' }).click();
  await expect(admin.getByRole('status')).toContainText(`dado a ${MUNI_SEC.name}`);
  await axe.expectNoSeriousA11yViolations(admin, WCAG22_TAGS);
  await admin.goto(ceasPage);
  await expect(admin.getByRole('table', { name: 'Pessoas da secretaria executiva' })).toContainText(STATE_SEC.email);

  // 3. The state secretariat, from the invitation, creates the state conference.
  const state = await person(browser);
  await firstPassword(state, await invitation(STATE_SEC.email, seen), STATE_SEC.email, STATE_SEC.password);
  await expect(state).toHaveURL(/\/painel$/);
  await createConference(state, { slug: STATE, title: STATE_TITLE, venue: 'Centro de Convenções de Goiânia' });
  // The state publishes its orientation for the conferences below it: Pequeno Porte II sends 3
  // government titulares and one of each civil-society segment, no suplentes; a report deadline
  // 30 days after the municipal conference; one extra report question.
  await state.goto(`/c/${STATE}/gestao/orientacao`);
  await expect(state.getByRole('heading', { level: 1 })).toHaveText('Orientação às conferências abaixo');
  for (const [segment, titulares] of [['Governo', '3'], ['Usuários(as)', '1'], ['Trabalhadores(as) do SUAS', '1'], ['Entidades de assistência social', '1']]) {
    await state.getByLabel(`Pequeno Porte II, ${segment}, titulares`).fill(titulares);
    await state.getByLabel(`Pequeno Porte II, ${segment}, suplentes`).fill('0');
  }
  await state.getByLabel('Prazo para as conferências abaixo enviarem o relatório final').fill(day(90));
  await state.getByLabel(/Perguntas adicionais para o relatório final/).fill(EXTRA_QUESTION);
  await state.getByRole('button', { name: 'Publicar orientação' }).click();
  await expect(state.getByRole('status')).toContainText('Orientação publicada.');
  await axe.expectNoSeriousA11yViolations(state, WCAG22_TAGS);

  // The municipal secretariat creates its conference under the state's: only Goiás is offered.
  const muni = await person(browser);
  await firstPassword(muni, await invitation(MUNI_SEC.email, seen), MUNI_SEC.email, MUNI_SEC.password);
  await expect(muni).toHaveURL(/\/painel$/);
  await createConference(muni, {
    slug: MUNI,
    title: MUNI_TITLE,
    venue: 'Cine Pireneus',
    parent: `${STATE_TITLE} (2025)`,
    parentOffered: [`${STATE_TITLE} (2025)`],
  });
  await muni.goto(`/c/${MUNI}/gestao/calendario`);
  await addStageNow(muni, 'preconference', 'Pré-conferências nos territórios');
  await addStageNow(muni, 'registration', 'Inscrições pela internet');
  await addStageNow(muni, 'credentialing', 'Credenciamento');
  // The municipality's own report stage; the state's inbox checks the state's deadline instead.
  await addStageNow(muni, 'report', 'Envio do relatório ao CEAS');
  await muni.goto(`/c/${MUNI}/gestao/regimento`);
  await muni
    .getByLabel('Texto do regimento')
    .fill('Art. 1º A conferência avalia o SUAS em Pirenópolis.\nArt. 2º Votam os delegados credenciados.');
  await muni.getByRole('button', { name: 'Salvar o regimento' }).click();
  await expect(muni.getByText('2 artigos')).toBeVisible();

  // The secretariat invites a member of the organizing commission.
  await muni.goto(`/c/${MUNI}/gestao/papeis`);
  await expect(muni.locator('#sem-unidades')).toContainText('Nenhuma unidade participa desta conferência ainda');
  await muni.getByLabel('Papel', { exact: true }).selectOption({ label: 'Comissão organizadora' });
  await muni.getByLabel('E-mail', { exact: true }).fill(COMMISSION.email);
  await muni.getByLabel('Nome completo (para conta nova)').fill(COMMISSION.name);
  await muni.getByRole('button', { name: 'Dar o papel' }).click();
  await expect(muni.getByRole('status')).toContainText(`Papel de Comissão organizadora dado a ${COMMISSION.name}`);

  // The commission member (one conference: lands on it) imports the units from a spreadsheet.
  const commission = await person(browser);
  await firstPassword(commission, await invitation(COMMISSION.email, seen), COMMISSION.email, COMMISSION.password);
  await expect(commission).toHaveURL(new RegExp(`/c/${MUNI}/`));
  await commission.goto(`/c/${MUNI}/gestao/rede`);
  await expect(commission.getByRole('heading', { level: 1 })).toHaveText('Rede socioassistencial');
  await commission.getByLabel(/^Planilha/).setInputFiles({
    name: 'rede-cmas-pirenopolis.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(UNITS_CSV, 'latin1'),
  });
  await commission.getByRole('button', { name: 'Importar' }).click();
  const result = commission.locator('#resultado');
  await expect(result).toContainText('Unidades criadas: 3');
  await expect(result).toContainText('Territórios criados: 2');
  await expect(result).toContainText('Linhas rejeitadas: 1');
  await expect(result.getByRole('table')).toContainText('Falta o território');
  const centro = commission.getByRole('table', { name: 'Unidades do território Território Centro' });
  await expect(centro).toContainText('CRAS Bonfim');
  await expect(centro).toContainText('(62) 3331-1000');
  const rural = commission.getByRole('table', { name: 'Unidades do território Território Rural' });
  await expect(rural).toContainText('Centro POP');
  await expect(rural).toContainText('CREAS Municipal');
  await axe.expectNoSeriousA11yViolations(commission, WCAG22_TAGS);

  // It appoints the CRAS Bonfim's articulator, with the council's act.
  await commission.goto(`/c/${MUNI}/gestao/papeis`);
  await commission.getByLabel('Papel', { exact: true }).selectOption({ label: 'Articulador(a) territorial' });
  await commission.getByLabel('Unidade (para articulador territorial)').selectOption({ label: 'CRAS Bonfim' });
  await commission.getByLabel(/Ato de nomeação/).fill('Resolução CMAS nº 3/2026');
  await commission.getByLabel('E-mail', { exact: true }).fill(ARTICULATOR.email);
  await commission.getByLabel('Nome completo (para conta nova)').fill(ARTICULATOR.name);
  await commission.getByRole('button', { name: 'Dar o papel' }).click();
  await expect(commission.getByRole('row', { name: new RegExp(ARTICULATOR.name) })).toContainText('CRAS Bonfim');

  // The articulator lands on her unit, schedules the pre-conference and reports it.
  const articulator = await person(browser);
  await firstPassword(articulator, await invitation(ARTICULATOR.email, seen), ARTICULATOR.email, ARTICULATOR.password);
  await expect(articulator).toHaveURL(new RegExp(`/c/${MUNI}/unidade/`));
  await expect(articulator.getByRole('heading', { level: 1 })).toHaveText('CRAS Bonfim: reuniões com os usuários');
  const [y, m, d] = day(-1).split('-');
  const when = `${d}/${m}/${y} 10:00`;
  await articulator.getByLabel('Início (data e hora)').fill(`${day(-1)}T10:00`);
  await articulator.getByLabel('Local', { exact: true }).fill('Salão do CRAS Bonfim');
  await articulator.getByRole('button', { name: 'Marcar a reunião' }).click();
  await expect(articulator.getByRole('status').first()).toContainText('Reuniões atualizadas');
  const reportButton = articulator.getByRole('button', { name: `Informar que a reunião de ${when} aconteceu` });
  const meeting = articulator.locator('form', { has: reportButton });
  await meeting.getByLabel('Quantas pessoas participaram').fill('18');
  await reportButton.click();
  await expect(articulator.getByText('realizada: 18 participantes')).toBeVisible();
  await axe.expectNoSeriousA11yViolations(articulator, WCAG22_TAGS);
  // The pre-conference's proposal, which the working group takes up on the day.
  await articulator.getByRole('link', { name: `Registro da reunião de ${when}: propostas, ata e fotos` }).click();
  await articulator.getByLabel('Eixo', { exact: true }).selectOption({ index: 0 });
  await articulator.getByLabel('Texto da proposta').fill(PROPOSAL);
  await articulator.getByLabel('Dirigida a').selectOption('municipal');
  await articulator.getByRole('button', { name: 'Registrar a proposta' }).click();
  await expect(articulator.getByRole('status')).toContainText('Proposta registrada');

  // 4. People register on the public form (category and segment chosen by them).
  const codes: Record<string, string> = {};
  for (const p of ONLINE) {
    const form = await person(browser);
    await form.goto(`/c/${MUNI}`);
    await form.getByRole('link', { name: /Inscrições abertas/ }).click();
    await form.getByLabel('Nome completo').fill(p.name);
    await form.getByLabel('Categoria').selectOption('delegado');
    await form.getByLabel('Segmento').selectOption(p.segment);
    if (p.quota) {
      await form.getByLabel('Pessoa negra (preta ou parda)').check();
      await form.getByLabel(/Autorizo/).check();
    }
    await form.getByLabel(/Li o aviso de privacidade/).check();
    await form.getByRole('button', { name: 'Fazer minha inscrição' }).click();
    await expect(form.getByRole('heading', { level: 1 })).toHaveText('Inscrição recebida');
    codes[p.name] = ((await form.locator('.codigo').textContent()) ?? '').trim();
    await form.context().close();
  }

  // The desk: the secretariat invites its staff, who lands on the desk; the registered are
  // credentialed by their code, others are registered on the spot.
  await muni.goto(`/c/${MUNI}/gestao/papeis`);
  await muni.getByLabel('Papel', { exact: true }).selectOption({ label: 'Equipe de credenciamento' });
  await muni.getByLabel('E-mail', { exact: true }).fill(DESK.email);
  await muni.getByLabel('Nome completo (para conta nova)').fill(DESK.name);
  await muni.getByRole('button', { name: 'Dar o papel' }).click();
  await expect(muni.getByRole('status')).toContainText(`Papel de Equipe de credenciamento dado a ${DESK.name}`);
  const desk = await person(browser);
  await firstPassword(desk, await invitation(DESK.email, seen), DESK.email, DESK.password);
  await expect(desk).toHaveURL(new RegExp(`/c/${MUNI}/credenciamento$`));
  for (const p of ONLINE) {
    await desk.getByLabel('Código de inscrição').fill(codes[p.name]);
    await desk.getByRole('button', { name: 'Credenciar', exact: true }).click();
    await expect(desk.getByRole('status').filter({ hasText: 'credenciado(a)' })).toContainText(p.name);
  }
  await expect(desk.locator('#c-total')).toHaveText('3');
  for (const p of AT_DESK) codes[p.name] = await walkIn(desk, MUNI, p);
  await desk.goto(`/c/${MUNI}/credenciamento`);
  await expect(desk.locator('#c-total')).toHaveText('7');
  await expect(desk.locator('#c-delegados')).toHaveText('7');

  // 5. The plenary approves the regimento, votes the working group's proposal, elects.
  await muni.goto(`/c/${MUNI}/plenaria/regimento`);
  await muni.getByLabel('A favor do regimento').fill('7');
  await muni.getByRole('button', { name: 'Registrar a votação do regimento' }).click();
  await expect(muni.getByRole('status')).toContainText('Regimento aprovado e publicado');

  await muni.goto(`/c/${MUNI}/plenaria/grupos`);
  await muni.getByLabel('Eixo', { exact: true }).selectOption({ index: 1 });
  await muni.getByLabel('Nome do grupo').fill('Grupo do eixo 1');
  await muni.getByRole('button', { name: 'Criar o grupo' }).click();
  await expect(muni.getByRole('status')).toContainText('Grupo criado.');
  await muni.getByRole('button', { name: 'Distribuir quem está sem grupo' }).click();
  await muni.getByRole('link', { name: 'Grupo do eixo 1' }).click();
  const origin = `Pré-conferência: CRAS Bonfim (${d}/${m}/${y})`;
  await expect(muni.locator('#pre-conferencias')).toContainText(PROPOSAL);
  await expect(muni.locator('#pre-conferencias')).toContainText(origin);
  await muni.getByRole('button', { name: 'Trazer todas as 1 para este grupo' }).click();
  await expect(muni.getByRole('status')).toContainText('trazida');
  await expect(muni.locator('ol.propostas')).toContainText(PROPOSAL);
  await expect(muni.locator('ol.propostas')).toContainText(origin);
  const present = ((await muni.locator('#pessoas-t + p strong').textContent()) ?? '0').trim();
  await muni.getByLabel('A favor', { exact: true }).first().fill(present);
  await muni.getByRole('button', { name: 'Registrar a votação do grupo da proposta 1' }).click();
  await expect(muni.getByRole('status')).toContainText('aprovada, vai à plenária');

  await muni.goto(`/c/${MUNI}/plenaria/final`);
  await muni.getByLabel('A favor do bloco').fill('7');
  await muni.getByRole('button', { name: 'Registrar a votação em bloco do eixo 1' }).click();
  await expect(muni.getByRole('status')).toContainText('Votação registrada: aprovado.');

  // Elections: the seats come from the state's table for Pirenópolis' porte (Pequeno Porte II):
  // six titulares, 3 government and one per civil-society segment; nothing typed.
  await muni.goto(`/c/${MUNI}/plenaria/eleicao`);
  await muni.getByLabel('Número de vagas titulares').fill('');
  await muni.getByLabel('Mais velho(a) primeiro', { exact: false }).check();
  await muni.getByRole('button', { name: 'Salvar vagas e desempate' }).click();
  await expect(muni.getByRole('status')).toBeVisible();
  const vagas = muni.getByRole('region', { name: 'Vagas' });
  await expect(vagas).toContainText(
    `Vagas da Tabela do Conselho Estadual, publicada pela ${STATE_TITLE}, para Pequeno Porte II.`,
  );
  await expect(vagas).not.toContainText('Tabela de exemplo');
  await expect(vagas.getByRole('row', { name: /Governo/ })).toContainText('3');
  for (const p of [...ONLINE, ...AT_DESK]) {
    await muni.getByLabel('Código de inscrição (no crachá)').fill(codes[p.name]);
    await muni.getByRole('button', { name: 'Registrar candidatura' }).click();
    await expect(muni.getByRole('status')).toContainText('Candidatura registrada.');
  }
  const segments = ['Governo', 'Usuários(as)', 'Trabalhadores(as)', 'Entidades'];
  for (const s of segments) {
    await muni.getByRole('button', { name: new RegExp(`^Abrir a votação do segmento ${s.replace(/[()]/g, '\\$&')}`) }).click();
    await expect(muni.getByRole('status')).toContainText('Votação do segmento aberta');
  }
  // Paper ballots, one per delegate present in the segment.
  const room: Record<string, [string, string][]> = {
    Governo: [['Gustavo Governo', '1'], ['Glória Governo', '1'], ['Gerson Governo', '1']],
    'Usuários(as)': [['Rosa Usuária', '2'], ['Ubirajara Usuário', '0']],
    'Trabalhadores(as)': [['Tiago Trabalhador', '1']],
    Entidades: [['Elisa Entidade', '1']],
  };
  for (const s of segments) {
    for (const [name, votes] of room[s]) await muni.getByLabel(`Votos na sala para ${name}`).fill(votes);
    await muni.getByRole('button', { name: `Encerrar a votação do segmento ${s}` }).click();
    await expect(muni.getByRole('status')).toContainText('Votação do segmento encerrada.');
  }
  await muni.getByRole('button', { name: 'Apurar o resultado' }).click();
  await expect(muni.getByRole('status')).toContainText('Resultado apurado.');
  const titulares = muni.locator('#titulares');
  for (const n of ['Gustavo Governo', 'Glória Governo', 'Gerson Governo', 'Rosa Usuária', 'Tiago Trabalhador', 'Elisa Entidade']) {
    await expect(titulares).toContainText(n);
  }
  // Ubirajara had no vote: not elected. Rosa, Tiago and Glória declared quota groups.
  await expect(muni.getByRole('main')).not.toContainText('Ubirajara Usuário');
  const quota = muni.getByRole('region', { name: /Cota/ });
  await expect(quota).toContainText('3 de 6 eleitos(as) (titulares e suplentes) de grupos de cota; o mínimo é 2');
  await expect(quota).toContainText('Nenhum ajuste foi necessário.');

  // 6. The evaluation (one paper form typed in), the report's data, two confirmations, sent.
  await muni.goto(`/c/${MUNI}/gestao/questionarios`);
  await muni.getByLabel('Título').fill('Avaliação da XIV Conferência');
  await muni.getByLabel('Finalidade').selectOption('evaluation');
  await muni.getByLabel(/Começar com as perguntas do modelo/).check();
  await muni.getByRole('button', { name: 'Criar' }).click();
  await muni.getByRole('button', { name: 'Abrir para respostas' }).click();
  await expect(muni.locator('#situacao')).toHaveText('Aberto para respostas');
  await muni.getByRole('link', { name: 'Digitar formulários em papel' }).click();
  await muni.getByLabel('Número do formulário em papel').fill('1');
  await muni.getByRole('group', { name: /Você participou como/ }).getByLabel('Delegado(a)').check();
  for (const q of [/organização/, /acessibilidade/, /debates/]) {
    await muni.getByRole('group', { name: q }).getByLabel('4', { exact: true }).check();
  }
  await muni.getByRole('button', { name: 'Salvar este formulário' }).click();
  await expect(muni.getByRole('status')).toContainText('Formulário nº 1 digitado.');

  await muni.goto(`/c/${MUNI}/gestao/relatorio`);
  await muni.getByLabel('Total de horas da conferência').fill('8');
  await muni
    .getByRole('textbox', { name: 'Recursos de acessibilidade oferecidos' })
    .fill('Intérprete de Libras em todas as sessões\nRampa de acesso ao Cine Pireneus');
  await muni.getByLabel(EXTRA_QUESTION).fill('Os três CRAS fizeram pré-conferência.');
  await muni.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(muni.getByRole('status')).toContainText('Dados do relatório salvos.');
  await expect(muni.locator('#faltando')).toHaveCount(0);
  await expect(muni.locator('#prazo')).toContainText('Prazo de envio');
  await muni.getByRole('button', { name: /Conferi o relatório/ }).click();
  await expect(muni.getByRole('status')).toContainText('Você confirmou esta versão');
  await commission.goto(`/c/${MUNI}/gestao/relatorio`);
  await commission.getByRole('button', { name: /Conferi o relatório/ }).click();
  await commission.getByRole('button', { name: new RegExp(`Enviar o relatório à ${STATE_TITLE}`) }).click();
  await expect(commission.getByRole('status')).toContainText('Relatório enviado');
  await expect(commission.locator('#situacao')).toContainText('aguardando a análise');

  // The state's inbox: the report with its checks; accepted, the elected become state delegates.
  await state.goto(`/c/${STATE}/gestao/relatorios-recebidos`);
  const row = state.locator('#caixa').getByRole('row', { name: new RegExp(MUNI_TITLE) });
  await expect(row).toContainText('pela plataforma');
  await expect(row).toContainText('Aguardando análise');
  await row.getByRole('link', { name: MUNI_TITLE }).click();
  const checks = state.locator('#verificacoes');
  await expect(checks).toContainText('Todas as seções estão preenchidas');
  await expect(checks).toContainText('Paridade da delegação: 3 titular(es) do governo e 3 da sociedade civil');
  // The delegation against the state's allocation for Pirenópolis' porte, the date against the
  // state's deadline (not the municipality's own stage), the extra question answered.
  await expect(checks).toContainText('Delegação de acordo com a tabela do Conselho Estadual para');
  const deadline = day(90).split('-').reverse().join('/');
  await expect(checks).toContainText(`Enviado no prazo (prazo da orientação do Conselho Estadual: ${deadline})`);
  await expect(state.getByRole('main')).toContainText('Os três CRAS fizeram pré-conferência.');
  await axe.expectNoSeriousA11yViolations(state, WCAG22_TAGS);
  await state.getByRole('button', { name: 'Aceitar o relatório' }).click();
  await expect(state.getByRole('status')).toContainText('Relatório aceito: 6 inscrição(ões) nova(s) de delegados(as) eleitos(as)');
  await expect(state.locator('#situacao')).toHaveText('Aceito');

  // The home page now lists both conferences.
  await visitor.goto('/');
  await expect(visitor.getByRole('main')).toContainText(MUNI_TITLE);
  await expect(visitor.getByRole('main')).toContainText(STATE_TITLE);

  for (const p of [admin, visitor, state, muni, commission, articulator, desk]) await p.context().close();
});
