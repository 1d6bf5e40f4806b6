import { expect, test, type Browser, type Page } from '../fixtures';
import { conferenceOpenNow, pairPhone as pairPhoneAt, walkIn as walkInAt } from '../helpers';

// Uma conferência pequena de ponta a ponta, com o telão aberto o tempo todo em outra janela:
//  1. regimento: uma delegada pede destaque pelo celular; a votação do destaque junta os
//     celulares e a contagem dos crachás; o regimento é aprovado;
//  2. dois grupos de trabalho (eixos 1 e 2) escrevem e votam as propostas;
//  3. plenária final: um destaque de nova redação pedido pelo celular, o bloco do eixo 1 votado
//     pelos celulares, o destaque aprovado com a nova redação, o bloco do eixo 2 contado;
//  4. uma moção proposta pelo celular, assinada pelo celular e no papel, admitida e aprovada;
//  5. eleição de cada segmento com titular e suplente: desempate pelo mais velho e a cota de 30%
//     contada entre titulares e suplentes (Res. CNAS/MDS 187/2025);
// e o telão mostra cada resultado assim que a mesa o registra. A ata em PDF sai no fim.
const SLUG = 'conferencia-completa-e2e';
test.use({ actionTimeout: 15_000 });

type Person = { name: string; segment: string; born: string; quota?: boolean };

const walkIn = (page: Page, p: Person): Promise<string> =>
  walkInAt(page, SLUG, { name: p.name, segment: p.segment, born: p.born, quota: p.quota });

const pairPhone = (page: Page, browser: Browser, code: string, name: string): Promise<Page> =>
  pairPhoneAt(page, browser, SLUG, code, name);

const PEOPLE: Person[] = [
  { name: 'Gil Governo', segment: 'governo', born: '1960-03-01' },
  { name: 'Gal Governo', segment: 'governo', born: '1965-03-01' },
  { name: 'Guto Governo', segment: 'governo', born: '1970-03-01' },
  { name: 'Gina Governo', segment: 'governo', born: '1990-03-01', quota: true },
  { name: 'Ana Usuária', segment: 'usuarios', born: '1980-05-05' },
  { name: 'Ugo Usuário', segment: 'usuarios', born: '1985-05-05', quota: true },
  { name: 'Ivo Usuário', segment: 'usuarios', born: '1990-05-05' },
  { name: 'Téo Trabalhador', segment: 'trabalhadores', born: '1975-07-07' },
  { name: 'Tina Trabalhadora', segment: 'trabalhadores', born: '1980-07-07', quota: true },
  { name: 'Eva Entidade', segment: 'entidades', born: '1970-09-09' },
  { name: 'Édson Entidade', segment: 'entidades', born: '1985-09-09' },
];

test('uma conferência inteira: regimento, grupos, plenária final, moção e eleição, com o telão', async ({
  page,
  browser,
  axe,
}) => {
  test.setTimeout(360_000);
  await conferenceOpenNow(page, SLUG, 'credentialing', 'Credenciamento');
  await page.goto(`/c/${SLUG}/gestao/regimento`);
  await page
    .getByLabel('Texto do regimento')
    .fill('Art. 1º A conferência avalia o SUAS.\nArt. 2º Votam os delegados.\nArt. 3º Casos omissos: a comissão decide.');
  await page.getByRole('button', { name: 'Salvar o regimento' }).click();

  const code: Record<string, string> = {};
  for (const p of PEOPLE) code[p.name] = await walkIn(page, p);
  const ana = await pairPhone(page, browser, code['Ana Usuária'], 'Ana Usuária');
  const teo = await pairPhone(page, browser, code['Téo Trabalhador'], 'Téo Trabalhador');

  // The projector, open all along in its own window, never reloaded.
  const screen = await (await browser.newContext()).newPage();
  await screen.goto(`/c/${SLUG}/telao`);
  await expect(screen.locator('#t-presentes')).toHaveText('11');
  const last = {
    subject: screen.locator('#t-assunto'),
    outcome: screen.locator('#t-resultado'),
    channel: screen.locator('#t-canal'),
    favor: screen.locator('#t-favor'),
  };

  // 1. Regimento: Ana asks for a destaque from her phone.
  await ana.getByLabel('Artigo', { exact: true }).selectOption('2');
  await ana.getByRole('radio', { name: 'Mudar o texto' }).check();
  await ana.getByLabel('Como o artigo deve ficar (para mudar o texto)').fill('Votam os delegados credenciados e presentes.');
  await ana.getByRole('button', { name: 'Enviar o destaque' }).click();
  await expect(ana.getByRole('status')).toContainText('Destaque enviado');

  await page.goto(`/c/${SLUG}/plenaria/regimento`);
  await expect(page.getByRole('main')).toContainText(`pedido por Ana Usuária (${code['Ana Usuária']})`);
  await expect(screen.locator('#t-etapa')).toContainText('1 destaque(s) para votar (art. 2º)', { timeout: 10_000 });
  await page.getByRole('button', { name: 'Abrir a votação pelos celulares do destaque ao art. 2º' }).click();
  await expect(page.getByRole('status')).toContainText('Votação aberta');
  await expect(screen.locator('#t-aberta-assunto')).toContainText('Destaque ao art. 2º', { timeout: 10_000 });
  for (const phone of [ana, teo]) {
    await expect(phone.getByRole('button', { name: 'A favor', exact: true })).toBeVisible({ timeout: 10_000 });
    await phone.getByRole('button', { name: 'A favor', exact: true }).click();
    await phone.getByRole('button', { name: 'Confirmar', exact: true }).click();
    await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Voto registrado');
  }
  await expect(screen.locator('#t-votantes')).toHaveText('2', { timeout: 10_000 });
  await page.getByLabel('A favor (sala)').fill('7');
  await page.getByLabel('Contra (sala)').fill('2');
  await page.getByRole('button', { name: 'Encerrar a votação e publicar o resultado' }).click();
  await expect(page.getByRole('status')).toContainText('Votação registrada: aprovado.');
  await expect(last.subject).toContainText('Destaque ao art. 2º', { timeout: 10_000 });
  await expect(last.favor).toHaveText('9');
  await expect(last.outcome).toContainText('aprovado');
  await expect(last.channel).toHaveText('2 voto(s) pelo celular e 9 contado(s) na sala');

  await page.getByLabel('A favor do regimento').fill('11');
  await page.getByRole('button', { name: 'Registrar a votação do regimento' }).click();
  await expect(page.getByRole('status')).toContainText('Regimento aprovado e publicado');
  await expect(screen.locator('#t-etapa')).toHaveText('Regimento interno aprovado', { timeout: 10_000 });
  await axe.expectNoSeriousA11yViolations(page);

  // 2. Two working groups write and vote their proposals.
  await page.goto(`/c/${SLUG}/plenaria/grupos`);
  for (const [index, name] of [[1, 'Grupo do eixo 1'], [2, 'Grupo do eixo 2']] as const) {
    await page.getByLabel('Eixo', { exact: true }).selectOption({ index });
    await page.getByLabel('Nome do grupo').fill(name);
    await page.getByRole('button', { name: 'Criar o grupo' }).click();
    await expect(page.getByRole('status')).toContainText('Grupo criado.');
  }
  await page.getByRole('button', { name: 'Distribuir quem está sem grupo' }).click();
  await expect(page.getByRole('main')).toContainText('0 pessoa(s) com direito a voz ainda sem grupo');
  const groupWork = async (group: string, proposals: [string, string][]) => {
    await page.goto(`/c/${SLUG}/plenaria/grupos`);
    await page.getByRole('link', { name: group }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(group);
    for (const [text, level] of proposals) {
      await page.locator('#text').fill(text);
      await page.locator('#level').selectOption(level);
      await page.getByRole('button', { name: 'Registrar a proposta' }).click();
      await expect(page.getByRole('status')).toContainText('Proposta registrada.');
    }
    const present = ((await page.locator('#pessoas-t + p strong').textContent()) ?? '0').trim();
    for (let n = 1; n <= proposals.length; n++) {
      await page.getByLabel('A favor', { exact: true }).first().fill(present);
      await page.getByRole('button', { name: `Registrar a votação do grupo da proposta ${n}` }).first().click();
      await expect(page.getByRole('status')).toContainText('aprovada, vai à plenária');
    }
  };
  await groupWork('Grupo do eixo 1', [
    ['Ampliar o horário dos CRAS', 'municipal'],
    ['Criar um CREAS regional', 'municipal'],
  ]);
  // Group 2 writes a recommendation on a past deliberation, then corrects its wording: the
  // correction keeps the kind.
  await page.goto(`/c/${SLUG}/plenaria/grupos`);
  await page.getByRole('link', { name: 'Grupo do eixo 2' }).click();
  await page.locator('#text').fill('Cofinanciamento estadual dos benefício eventuais');
  await page.locator('#level').selectOption('estadual');
  await page.locator('#kind').selectOption('recommendation');
  await page.getByRole('button', { name: 'Registrar a proposta' }).click();
  await expect(page.getByRole('status')).toContainText('Proposta registrada.');
  await page.getByText('Alterar ou juntar a proposta 1').click();
  await page.getByLabel('Texto da proposta 1').fill('Cofinanciamento estadual dos benefícios eventuais');
  await page.getByRole('button', { name: 'Salvar a proposta 1' }).click();
  await expect(page.getByRole('status')).toContainText('Proposta alterada.');
  await expect(page.locator('li.proposta').first()).toContainText('recomendação sobre deliberação anterior');
  const present2 = ((await page.locator('#pessoas-t + p strong').textContent()) ?? '0').trim();
  await page.getByLabel('A favor', { exact: true }).first().fill(present2);
  await page.getByRole('button', { name: 'Registrar a votação do grupo da proposta 1' }).click();
  await expect(page.getByRole('status')).toContainText('aprovada, vai à plenária');
  await axe.expectNoSeriousA11yViolations(page);
  await expect(screen.locator('#t-etapa')).toContainText('Plenária final: 3 proposta(s) para votar', { timeout: 10_000 });

  // 3. Final plenary. Téo asks from his phone for a new wording of the first proposal.
  await teo.goto(`/c/${SLUG}/meu-celular`);
  await teo.getByLabel('Proposta', { exact: true }).selectOption({ label: 'Eixo 1, proposta 1: Ampliar o horário dos CRAS' });
  await teo.getByLabel('Mudar a redação').check();
  await teo.getByLabel('Nova redação (para mudar)').fill('Ampliar o horário dos CRAS até as 20h');
  await teo.getByRole('button', { name: 'Pedir destaque na proposta' }).click();
  await expect(teo.getByRole('status')).toContainText('Destaque');
  await axe.expectNoSeriousA11yViolations(teo);

  await page.goto(`/c/${SLUG}/plenaria/final`);
  await expect(page.getByRole('main')).toContainText('Ampliar o horário dos CRAS até as 20h');
  await expect(page.getByRole('main')).toContainText('1 proposta(s) sem destaque para votar em bloco no eixo 1');

  // The block of eixo 1, from the phones plus the room.
  await page.getByRole('button', { name: 'Abrir a votação do bloco do eixo 1 pelos celulares' }).click();
  await expect(page.getByRole('status')).toContainText('Votação aberta');
  await expect(screen.locator('#t-aberta-assunto')).toContainText('eixo 1', { timeout: 10_000 });
  // Ana's phone still shows her last receipt: it stays, with a link to the new vote.
  await expect(ana.locator('#comprovante')).toBeVisible();
  await ana.getByRole('link', { name: 'Votar agora' }).click({ timeout: 10_000 });
  for (const phone of [ana, teo]) {
    await expect(phone.getByRole('button', { name: 'A favor', exact: true })).toBeVisible({ timeout: 10_000 });
    await phone.getByRole('button', { name: 'A favor', exact: true }).click();
    await phone.getByRole('button', { name: 'Confirmar', exact: true }).click();
    await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Voto registrado');
  }
  await expect(page.locator('#v-votantes')).toHaveText('2', { timeout: 10_000 });
  await page.getByLabel('A favor (sala)').fill('8');
  await page.getByLabel('Abstenções (sala)').fill('1');
  await page.getByRole('button', { name: 'Encerrar a votação e publicar o resultado' }).click();
  await expect(page.getByRole('status')).toContainText('Votação registrada: aprovado.');
  await expect(last.subject).toContainText('eixo 1 em bloco', { timeout: 10_000 });
  await expect(last.favor).toHaveText('10');
  await expect(last.channel).toHaveText('2 voto(s) pelo celular e 9 contado(s) na sala');

  // The destaque: for and against, then the new wording wins, counted in the room.
  await page.getByLabel('Nome de quem fala').fill('Téo Trabalhador');
  await page.getByRole('button', { name: 'Inscrever a fala' }).click();
  await page.getByRole('button', { name: 'Dar a palavra a Téo Trabalhador' }).click();
  await expect(screen.locator('#t-fala-nome')).toHaveText('Téo Trabalhador', { timeout: 10_000 });
  await page.getByLabel('A favor do destaque').fill('7');
  await page.getByLabel('Contra o destaque').fill('4');
  await page.getByRole('button', { name: 'Registrar a votação do destaque' }).click();
  await expect(page.getByRole('status')).toContainText('Votação registrada: aprovado.');
  await expect(screen.locator('#t-fala')).toBeHidden({ timeout: 10_000 });
  await expect(last.subject).toContainText('nova redação');
  await expect(last.favor).toHaveText('7');

  // The block of eixo 2, counted.
  await page.getByLabel('A favor do bloco').fill('11');
  await page.getByRole('button', { name: 'Registrar a votação em bloco do eixo 2' }).click();
  await expect(page.getByRole('status')).toContainText('Votação registrada: aprovado.');
  await expect(last.subject).toContainText('eixo 2 em bloco', { timeout: 10_000 });
  await expect(last.favor).toHaveText('11');
  await axe.expectNoSeriousA11yViolations(page);

  // 4. A moção from Ana's phone, signed by Téo's phone and by Ivo on paper.
  await ana.goto(`/c/${SLUG}/meu-celular`);
  await ana.getByText('Propor uma moção').click();
  await ana.getByLabel('Tipo', { exact: true }).selectOption('apoio');
  await ana.getByLabel('A quem se dirige').fill('Câmara Municipal');
  await ana.getByLabel('Texto da moção').fill('Apoio ao projeto de lei do SUAS municipal.');
  await ana.getByRole('button', { name: 'Enviar a moção' }).click();
  await expect(ana.getByRole('status')).toContainText('Moção');
  await teo.goto(`/c/${SLUG}/meu-celular`);
  await teo.getByRole('button', { name: 'Assinar a moção de apoio' }).click();
  await expect(teo.getByRole('main')).toContainText('Você assinou esta moção.');

  await page.goto(`/c/${SLUG}/plenaria/mocoes`);
  await expect(page.getByRole('main')).toContainText('Câmara Municipal');
  await page
    .getByLabel('Assinaturas do formulário em papel: códigos de inscrição, um por linha')
    .fill(code['Ivo Usuário']);
  await page.getByRole('button', { name: 'Registrar as assinaturas do papel' }).click();
  await expect(page.getByRole('main')).toContainText('3 assinatura(s) (1 do papel); necessárias: 3');
  await page.getByRole('button', { name: 'Admitir a moção' }).click();
  await expect(page.getByRole('status')).toContainText('Moção admitida');
  await page.getByLabel('A favor da moção').fill('10');
  await page.getByLabel('Contra a moção').fill('1');
  await page.getByRole('button', { name: 'Registrar a votação da moção' }).click();
  await expect(page.getByRole('status')).toContainText('aprovada');
  await expect(last.subject).toContainText('Moção de apoio', { timeout: 10_000 });
  await expect(last.favor).toHaveText('10');
  await axe.expectNoSeriousA11yViolations(page);

  // 5. Elections: six titular seats (3 government, 1 users, 1 workers, 1 entities), ties go to the
  // older candidate, every delegate a candidate except Ivo.
  await page.goto(`/c/${SLUG}/plenaria/eleicao`);
  await page.getByLabel('Número de vagas titulares').fill('6');
  await page.getByLabel('Mais velho(a) primeiro', { exact: false }).check();
  await page.getByRole('button', { name: 'Salvar vagas e desempate' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  for (const p of PEOPLE.filter((p) => p.name !== 'Ivo Usuário')) {
    await page.getByLabel('Código de inscrição (no crachá)').fill(code[p.name]);
    await page.getByRole('button', { name: 'Registrar candidatura' }).click();
    await expect(page.getByRole('status')).toContainText('Candidatura registrada.');
  }
  const segments = ['Governo', 'Usuários(as)', 'Trabalhadores(as)', 'Entidades'];
  for (const s of segments) {
    await page.getByRole('button', { name: new RegExp(`^Abrir a votação do segmento ${s.replace(/[()]/g, '\\$&')}`) }).click();
    await expect(page.getByRole('status')).toContainText('Votação do segmento aberta');
  }
  await expect(screen.locator('#t-eleicao')).toContainText('segmento Usuários(as)', { timeout: 10_000 });
  // Ana votes for herself, Téo for himself; the rest is counted in the room.
  await expect(ana.getByRole('button', { name: 'Votar em Ana Usuária' })).toBeVisible({ timeout: 10_000 });
  await ana.getByRole('button', { name: 'Votar em Ana Usuária' }).click();
  await ana.getByRole('button', { name: 'Confirmar', exact: true }).click();
  await expect(ana.getByRole('heading', { level: 1 })).toHaveText('Voto registrado na eleição');
  const anaReceipt = ((await ana.locator('#comprovante').textContent()) ?? '').trim();
  const anaCheck = ((await ana.getByRole('link', { name: 'Conferir meu voto na eleição' }).getAttribute('href')) ?? '').trim();
  await expect(teo.getByRole('button', { name: 'Votar em Téo Trabalhador' })).toBeVisible({ timeout: 10_000 });
  await teo.getByRole('button', { name: 'Votar em Téo Trabalhador' }).click();
  await teo.getByRole('button', { name: 'Confirmar', exact: true }).click();
  await expect(teo.getByRole('heading', { level: 1 })).toHaveText('Voto registrado na eleição');
  await expect(screen.locator('#t-eleicao')).toContainText('1 voto(s) pelo celular', { timeout: 10_000 });
  await axe.expectNoSeriousA11yViolations(screen);

  await page.reload();
  // Each segment's closing form carries its own room counts (paper ballots of those without a phone).
  const room: Record<string, string[]> = {
    Governo: ['Gil Governo', 'Gal Governo', 'Guto Governo', 'Gina Governo'],
    'Usuários(as)': ['Ana Usuária', 'Ugo Usuário'],
    'Trabalhadores(as)': ['Tina Trabalhadora'],
    Entidades: ['Eva Entidade', 'Édson Entidade'],
  };
  for (const s of segments) {
    for (const name of room[s]) await page.getByLabel(`Votos na sala para ${name}`).fill('1');
    await page.getByRole('button', { name: `Encerrar a votação do segmento ${s}` }).click();
    await expect(page.getByRole('status')).toContainText('Votação do segmento encerrada.');
  }
  await page.getByRole('button', { name: 'Apurar o resultado' }).click();
  await expect(page.getByRole('status')).toContainText('Resultado apurado.');
  await axe.expectNoSeriousA11yViolations(page);

  // Ranking by votes, ties to the older; then the 30% quota over titulares and suplentes (3 of
  // 10): Gina, Ugo and Tina, elected suplentes, are of quota groups, so no swap is needed.
  const titulares = page.locator('#titulares');
  const suplentes = page.locator('#suplentes');
  for (const n of ['Gil Governo', 'Gal Governo', 'Guto Governo', 'Ana Usuária', 'Téo Trabalhador', 'Eva Entidade']) {
    await expect(titulares).toContainText(n);
  }
  for (const n of ['Gina Governo', 'Ugo Usuário', 'Tina Trabalhadora', 'Édson Entidade']) {
    await expect(suplentes).toContainText(n);
  }
  await expect(page.getByRole('region', { name: /Cota/ })).toContainText('Nenhum ajuste foi necessário.');
  await expect(screen.locator('#t-eleicao')).toContainText('Titular · Usuários(as): Ana Usuária', { timeout: 10_000 });
  await expect(screen.locator('#t-eleicao')).toContainText('Suplente · Entidades de assistência social: Édson Entidade');
  await expect(screen.locator('#t-eleicao')).toContainText('3 de 10 eleitos(as) (titulares e suplentes) de grupos de cota (mínimo 3)');
  await axe.expectNoSeriousA11yViolations(screen);

  // Public outputs: the deliberations with the amended wording, the moção, the elected; the
  // quota only as counts.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/c/${SLUG}/deliberacoes`);
  await expect(visitor.getByRole('main')).toContainText('Ampliar o horário dos CRAS até as 20h');
  await expect(visitor.getByRole('main')).toContainText('Criar um CREAS regional');
  await expect(visitor.getByRole('main')).toContainText('Cofinanciamento estadual dos benefícios eventuais');
  await expect(visitor.getByRole('region', { name: 'Moções aprovadas' })).toContainText('Câmara Municipal');
  await axe.expectNoSeriousA11yViolations(visitor);
  await visitor.goto(`/c/${SLUG}/eleicao`);
  await expect(visitor.locator('#titulares')).toContainText('Ana Usuária');
  await expect(visitor.locator('#cota-contagem')).toContainText('3 de 10 eleitos(as) (titulares e suplentes) de grupos de cota');
  await expect(visitor.getByRole('main')).not.toContainText('entrou pelo ajuste da cota');
  await axe.expectNoSeriousA11yViolations(visitor);
  await visitor.goto(`/c/${SLUG}/regimento`);
  await expect(visitor.getByRole('main')).toContainText('Art. 2º Votam os delegados credenciados e presentes.');

  // Ana checks that her election ballot is in the count.
  await ana.goto(anaCheck);
  await ana.getByLabel('Código do comprovante').fill(anaReceipt);
  await ana.getByRole('button', { name: 'Conferir' }).click();
  await expect(ana.getByRole('status')).toContainText('Ana Usuária');
  expect(ana.url()).not.toContain(anaReceipt);

  // The minutes.
  const ata = await page.request.get(`/c/${SLUG}/plenaria/ata.pdf`);
  expect(ata.status()).toBe(200);
  expect((await ata.body()).subarray(0, 4).toString()).toBe('%PDF');

  for (const p of [ana, teo, screen, visitor]) await p.context().close();
});
