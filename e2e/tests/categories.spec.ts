import { expect, test } from '../fixtures';
import { conferenceOpenNow, login } from '../helpers';

// O que cada categoria pode fazer: a secretaria cria uma conferência com inscrições abertas e dá o
// papel de comissão organizadora à conta da comissão do demo; a comissão tenta tirar o voto dos
// delegados (recusado, nada salvo, valores mantidos), depois dá voz aos observadores e salva; o
// formulário público de inscrição e a página da conferência passam a dizer isso. O axe roda em
// cada página, com e sem erros.

const SLUG = 'categorias-e2e';

test('a comissão define o que cada categoria pode fazer', async ({ page, axe }) => {
  test.setTimeout(120_000);
  await conferenceOpenNow(page, SLUG, 'registration', 'Inscrições pela internet');

  // Antes de qualquer definição valem os padrões.
  await page.goto(`/c/${SLUG}/inscricao`);
  await expect(page.getByLabel('Categoria')).toContainText('Observador(a): sem voz e sem voto');
  await axe.expectNoSeriousA11yViolations(page);

  await page.goto(`/c/${SLUG}/gestao/papeis`);
  await page.getByLabel('Papel', { exact: true }).selectOption({ label: 'Comissão organizadora' });
  await page.getByLabel('E-mail', { exact: true }).fill('comissao@demo.conferencia.local');
  await page.getByRole('button', { name: 'Dar o papel' }).click();
  await expect(page.getByRole('status').first()).toContainText('Comissão organizadora');
  await axe.expectNoSeriousA11yViolations(page);
  await page.context().clearCookies();

  await login(page, 'comissao@demo.conferencia.local', 'demo-comissao-2025', `/c/${SLUG}/gestao`);
  await page.getByRole('link', { name: 'Categorias', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/gestao/categorias$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quem participa e como');
  await axe.expectNoSeriousA11yViolations(page);

  const delegates = page.getByRole('group', { name: 'Delegado(a)' });
  const observers = page.getByRole('group', { name: 'Observador(a)' });
  await expect(delegates.getByLabel(/^Voto/)).toBeChecked();
  await expect(observers.getByLabel(/^Voz/)).not.toBeChecked();

  // Erro: delegados sem voto, e observadores com voto mas sem voz.
  await delegates.getByLabel(/^Voto/).uncheck();
  await observers.getByLabel(/^Voto/).check();
  await observers.getByLabel('Observação (opcional)').fill('até 30 vagas');
  await page.getByRole('button', { name: 'Salvar as categorias' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Nada foi salvo');
  await expect(alert).toContainText('delegados(as) mantêm o voto');
  await expect(alert).toContainText('quem tem voto também tem voz');
  await expect(delegates.getByLabel(/^Voto/)).toHaveAttribute('aria-invalid', 'true');
  await expect(observers.getByLabel(/^Voz/)).toHaveAttribute('aria-invalid', 'true');
  await expect(observers.getByLabel(/^Voto/)).toBeChecked();
  await expect(observers.getByLabel('Observação (opcional)')).toHaveValue('até 30 vagas');
  await axe.expectNoSeriousA11yViolations(page);

  // Corrigido: observadores com voz e sem voto.
  await delegates.getByLabel(/^Voto/).check();
  await observers.getByLabel(/^Voto/).uncheck();
  await observers.getByLabel(/^Voz/).check();
  await page.getByRole('button', { name: 'Salvar as categorias' }).click();
  await expect(page.getByRole('status')).toContainText('Categorias salvas.');
  await expect(observers.getByLabel(/^Voz/)).toBeChecked();
  await axe.expectNoSeriousA11yViolations(page);
  await page.context().clearCookies();

  // O público vê: no formulário de inscrição e na página da conferência.
  await page.goto(`/c/${SLUG}`);
  const who = page.getByRole('region', { name: 'Quem participa e como' });
  await expect(who).toContainText('Observador(a): voz (até 30 vagas).');
  await expect(who).toContainText('Delegado(a): voz e voto; pode ser eleito(a) delegado(a) para a etapa seguinte.');
  await expect(who).toContainText('Convidado(a): voz.');
  await axe.expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: /Inscrições abertas/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscrição');
  const category = page.getByLabel('Categoria');
  await expect(category.locator('option[value="observador"]')).toHaveText('Observador(a): voz (até 30 vagas)');
  await expect(category.locator('option[value="convidado"]')).toHaveText('Convidado(a): voz');
  await axe.expectNoSeriousA11yViolations(page);
});
