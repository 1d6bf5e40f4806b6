import { expect, test } from '../fixtures';

/*
 * VLibras ligado (projeto `vlibras`: servidor com --vlibras). Os testes não têm internet, então o
 * script do governo (https://vlibras.gov.br/app/vlibras-plugin.js) é trocado por um dublê que só
 * registra a chamada de `new VLibras.Widget(...)` feita pelo nosso /static/vlibras.js. Assim se
 * verifica, num navegador de verdade, que a CSP deixa o script do VLibras carregar, que a
 * inicialização (fora da página, sem script inline) acontece, que nada é bloqueado e que a página
 * com a marcação do widget continua sem violações axe graves. O widget real não é testado aqui.
 */

const STUB = 'window.VLibras = { Widget: function (url) { window.__vlibrasIniciado = url; } };';

test.beforeEach(async ({ page }) => {
  await page.route('https://vlibras.gov.br/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: STUB }),
  );
  // Toda violação de CSP fica registrada na página.
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
});

test('o widget VLibras aparece em toda página e é iniciado pelo nosso script', async ({ page, axe }) => {
  for (const path of ['/', '/c/para-de-minas-2025', '/acessibilidade', '/entrar']) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(200);
    expect(response!.headers()['content-security-policy'], path).toContain('https://vlibras.gov.br');
    await expect(page.locator('div[vw].enabled'), path).toHaveCount(1);
    await expect(page.locator('div[vw] [vw-access-button]'), path).toHaveCount(1);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __vlibrasIniciado?: string }).__vlibrasIniciado))
      .toBe('https://vlibras.gov.br/app');
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), path).toEqual([]);
    await axe.expectNoSeriousA11yViolations();
  }
  await page.goto('/acessibilidade');
  await expect(page.locator('#vlibras-estado')).toContainText('ativado');
  await expect(page.getByText('Clique no ícone azul de mãos')).toBeVisible();
});

test('a CSP com VLibras continua barrando scripts de outros lugares', async ({ page }) => {
  await page.goto('/');
  const blocked = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          seen.push(e.blockedURI);
          if (seen.length === 2) resolve(seen);
        });
        // Outro pacote no mesmo CDN do VLibras, e um host qualquer.
        for (const src of ['https://cdn.jsdelivr.net/npm/outro-pacote/index.js', 'https://example.org/x.js']) {
          const s = document.createElement('script');
          s.src = src;
          document.head.appendChild(s);
        }
        setTimeout(() => resolve(seen), 3000);
      }),
  );
  expect(blocked.sort()).toEqual(['https://cdn.jsdelivr.net/npm/outro-pacote/index.js', 'https://example.org/x.js']);
  // Script inline também continua proibido.
  const inlineRan = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true;';
    document.head.appendChild(s);
    return (window as unknown as { __inline?: boolean }).__inline === true;
  });
  expect(inlineRan).toBe(false);
});
