import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

/** As regras WCAG 2.2 níveis A e AA (alvos de toque de 24×24, foco visível…): o alvo da plataforma. */
export const WCAG22_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** As regras que toda página do conjunto de testes cumpre: as da WCAG 2.2 AA. */
export const WCAG_TAGS = WCAG22_TAGS;

/** Impactos que reprovam o teste: todos (nenhuma violação das regras WCAG é aceita). */
const FAILING_IMPACTS = new Set(['minor', 'moderate', 'serious', 'critical']);

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type Violation = AxeResults['violations'][number];

function describeViolation(v: Violation): string {
  const nodes = v.nodes
    .map((n) => {
      const target = n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(' ');
      const summary = (n.failureSummary ?? '').replace(/\s*\n\s*/g, ' | ').trim();
      return `      - ${target}${summary ? `\n        ${summary}` : ''}`;
    })
    .join('\n');
  return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
}

/**
 * Roda o axe na página atual com as regras WCAG 2.2 A/AA (ou as `tags` dadas) e falha se houver
 * qualquer violação, listando id, ajuda
 * e os nós afetados. O resultado completo é anexado ao relatório do teste quando `testInfo` é dado.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  testInfo?: TestInfo,
  tags: string[] = WCAG_TAGS,
): Promise<void> {
  // Live pages (the delegate's phone, the desk) reload themselves when the plenary changes: a
  // reload in the middle of the analysis is analysed again on the new page, up to three times.
  let results;
  for (let attempt = 1; ; attempt++) {
    try {
      results = await new AxeBuilder({ page }).withTags(tags).analyze();
      break;
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('Execution context was destroyed')) throw e;
      await page.waitForLoadState('load');
    }
  }
  const serious = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  if (testInfo) {
    await testInfo.attach(`axe ${page.url()}`, {
      body: JSON.stringify(results.violations, null, 2),
      contentType: 'application/json',
    });
  }
  const message =
    `${serious.length} violação(ões) de acessibilidade em ${page.url()}:\n` +
    serious.map(describeViolation).join('\n');
  expect(serious.length, message).toBe(0);
}

export type AxeHelper = {
  /** Verifica `page` (por padrão, a página do teste) com as `tags` dadas (por padrão, WCAG 2.2 A/AA). */
  expectNoSeriousA11yViolations(page?: Page, tags?: string[]): Promise<void>;
};

export const test = base.extend<{ axe: AxeHelper }>({
  axe: async ({ page }, use, testInfo) => {
    await use({
      expectNoSeriousA11yViolations: (p: Page = page, tags: string[] = WCAG_TAGS) =>
        expectNoSeriousA11yViolations(p, testInfo, tags),
    });
  },
});

export { expect };
