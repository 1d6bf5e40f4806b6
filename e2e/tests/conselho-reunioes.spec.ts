import fs from 'node:fs';
import path from 'node:path';
import { expect, test, WCAG22_TAGS } from '../fixtures';
import { day, decodedBody, emlFiles, login, mailDir } from '../helpers';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

// Reuniões do conselho (issue 24): a secretaria do CMAS abre "Reuniões" pelo painel, aprova o
// calendário anual do próximo ano por uma regra (segunda terça-feira, 14h, sem janeiro e julho),
// marca uma reunião extraordinária on-line, monta a pauta com um documento em PDF, convoca os
// membros (o e-mail chega com a pauta) e a página pública mostra a reunião, a pauta e o documento,
// sem nenhum e-mail; o feed iCalendar traz a reunião. axe WCAG 2.2 AA.
test('reuniões do conselho: calendário anual, pauta, documento, convocação e página pública', async ({ page, axe }) => {
  test.setTimeout(150_000);
  const run = Date.now().toString(36);
  const subject = `Reprogramação de saldo do FMAS ${run}`;
  await login(page, 'secretaria@demo.conferencia.local', 'demo-secretaria-2025');
  await page.getByRole('link', { name: /^Reuniões de Conselho/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Reuniões');
  // The demo's year: its calendar and the next meeting's convocation asked for.
  await expect(page.getByRole('region', { name: 'Calendário anual' })).toContainText('segunda terça-feira do mês, às 14h');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  // Next year's calendar: the empty form names what is missing; then the rule.
  await page.getByRole('link', { name: 'Aprovar o calendário anual' }).click();
  await page.getByRole('button', { name: 'Aprovar o calendário' }).click();
  await expect(page.getByRole('alert')).toContainText('Nada foi salvo');
  await expect(page.getByRole('alert')).toContainText('Escolha a semana do mês');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.getByLabel('Semana do mês').selectOption({ label: 'segunda' });
  await page.getByLabel('Dia da semana').selectOption({ label: 'terça-feira' });
  await page.getByLabel('Hora de início').fill('14:00');
  await page.getByLabel('Formato').selectOption('presencial');
  await page.getByLabel('Local').fill('Casa dos Conselhos, sala 2');
  await page.getByLabel('janeiro').check();
  await page.getByLabel('julho').check();
  await page.getByRole('button', { name: 'Aprovar o calendário' }).click();
  await expect(page.getByRole('status')).toContainText('Calendário aprovado: 10 reunião(ões) ordinária(s) marcada(s).');
  await expect(page.getByRole('region', { name: 'Calendário anual' })).toContainText('sem reunião ordinária em janeiro e julho');

  // An extraordinary meeting, online, in five days.
  await page.getByRole('link', { name: 'Marcar uma reunião extraordinária' }).click();
  await page.getByLabel('Data e hora de início').fill(`${day(5)}T10:00`);
  await page.getByLabel('Formato').selectOption('online');
  await page.getByRole('button', { name: 'Marcar a reunião' }).click();
  await expect(page.getByRole('alert')).toContainText('Informe o link da sala on-line');
  await page.getByLabel('Link da sala on-line').fill('https://meet.exemplo.org/cmas-extra');
  await page.getByRole('button', { name: 'Marcar a reunião' }).click();
  await expect(page.getByRole('status')).toContainText('Reunião marcada');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Reunião extraordinária');

  // Convoking without a pauta is refused; then the pauta and a PDF.
  await page.getByRole('button', { name: 'Enviar a convocação agora' }).click();
  await expect(page.getByRole('alert')).toContainText('Inclua ao menos um item na pauta');
  await page.getByLabel('Assunto').fill(subject);
  await page.getByLabel(/Para deliberação/).check();
  await page.getByRole('button', { name: 'Incluir o item' }).click();
  await expect(page.getByRole('status')).toContainText('Item incluído na pauta');
  await page.getByLabel('Título do documento').fill('Parecer da comissão de financiamento');
  await page.getByLabel('Item da pauta').selectOption({ label: `1. ${subject}` });
  await page.getByLabel('Arquivo PDF').setInputFiles({ name: 'parecer.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Incluir o documento' }).click();
  await expect(page.getByRole('status')).toContainText('Documento incluído');
  await expect(page.getByRole('region', { name: /Pauta/ })).toContainText('Parecer da comissão de financiamento');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);

  await page.getByRole('button', { name: 'Enviar a convocação agora' }).click();
  await expect(page.getByRole('status')).toContainText(/Convocação enviada por e-mail a \d+ membro\(s\)/);
  await expect(page.getByRole('main')).toContainText('Convocação enviada em');
  const meetingUrl = page.url();
  const [, body, meeting] = /\/orgaos\/([0-9a-f-]+)\/gestao\/reunioes\/([0-9a-f-]+)/.exec(meetingUrl) ?? [];

  // The e-mail reached a demo member, with the pauta and the public page.
  const dir = mailDir();
  await expect
    .poll(() =>
      emlFiles(dir)
        .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
        .filter((e) => /^To: .*helena\.martins@demo\.conferencia\.local/im.test(e))
        .map(decodedBody)
        .some((b) => b.includes(subject) && b.includes(`/orgaos/${body}/reunioes/${meeting}`)),
    { timeout: 20_000 })
    .toBe(true);

  // Public: the meeting, its pauta and the PDF; no e-mail; the iCalendar feed has it.
  await page.context().clearCookies();
  await page.goto(`/orgaos/${body}`);
  await page.getByRole('link', { name: /Reuniões: calendário/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Reuniões');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  await page.goto(`/orgaos/${body}/reunioes/${meeting}`);
  await expect(page.getByRole('main')).toContainText(subject);
  await expect(page.getByRole('main')).not.toContainText('@demo.conferencia.local');
  const pdf = await page.request.get(await page.getByRole('link', { name: 'Parecer da comissão de financiamento' }).getAttribute('href') ?? '');
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  await axe.expectNoSeriousA11yViolations(page, WCAG22_TAGS);
  const ics = await page.request.get(`/orgaos/${body}/reunioes.ics`);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  const text = await ics.text();
  expect(text).toContain('BEGIN:VCALENDAR');
  expect(text).toContain(`${meeting}@conferencia`);
  expect(text).toContain(subject.slice(0, 20));
});
