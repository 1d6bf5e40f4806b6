import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/*
 * Testes ponta a ponta da plataforma, um projeto por banco de dados:
 *
 *   sqlite   → servidor em 127.0.0.1:18081, arquivo SQLite novo em um diretório temporário
 *   postgres → servidor em 127.0.0.1:18082, banco `conferencia_e2e` apagado e recriado a cada execução
 *
 * Variáveis de ambiente:
 *   CONFERENCIA_BIN  (obrigatória) caminho do binário `conferencia` já compilado
 *   CHROMIUM_PATH    Chromium a usar (padrão: /usr/bin/chromium, o do Debian); o Playwright
 *                    nunca baixa navegador aqui (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)
 *   E2E_SKIP_PG=1    desliga o projeto postgres (só fora de CI, quando o PostgreSQL não responde)
 *   E2E_SERVER_LOGS=1 mostra a saída padrão dos servidores (stderr é sempre mostrado)
 *
 * Os servidores são iniciados pelo Playwright antes de globalSetup, por isso a recriação do banco
 * PostgreSQL é feita no próprio comando do webServer (executado por /bin/sh).
 */

const SQLITE_PORT = 18081;
const PG_PORT = 18082;
const PG_DATABASE = 'conferencia_e2e';

/** Aspas simples para o shell POSIX. */
function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function isTruthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}

function requireServerBinary(): string {
  const raw = process.env.CONFERENCIA_BIN;
  if (!raw || raw.trim() === '') {
    throw new Error(
      'CONFERENCIA_BIN não definida: aponte-a para o binário do servidor já compilado, ' +
        'por exemplo CONFERENCIA_BIN=$CARGO_TARGET_DIR/debug/conferencia npx playwright test ' +
        '(o `cargo xtask test` faz isso sozinho).',
    );
  }
  const bin = path.resolve(raw);
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    throw new Error(`CONFERENCIA_BIN=${raw} não existe ou não é executável (resolvido para ${bin}).`);
  }
  if (!fs.statSync(bin).isFile()) {
    throw new Error(`CONFERENCIA_BIN=${raw} não é um arquivo (resolvido para ${bin}).`);
  }
  return bin;
}

const bin = requireServerBinary();
const isCI = isTruthy(process.env.CI);
const skipPg = isTruthy(process.env.E2E_SKIP_PG);
if (skipPg && isCI) {
  throw new Error('E2E_SKIP_PG=1 não é permitido em CI: os testes ponta a ponta rodam nos dois bancos.');
}

// Diretório do SQLite: um nome novo por execução. O processo principal escolhe o nome e o passa aos
// workers pelo ambiente (eles também carregam este arquivo); o diretório é criado pelo comando do
// servidor e apagado quando o processo principal termina, depois de os servidores serem encerrados.
let sqliteDir = process.env.CONFERENCIA_E2E_SQLITE_DIR;
if (!sqliteDir) {
  sqliteDir = path.join(os.tmpdir(), `conferencia-e2e-${process.pid}-${Date.now()}`);
  process.env.CONFERENCIA_E2E_SQLITE_DIR = sqliteDir;
  const dir = sqliteDir;
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}
const sqliteUrl = `sqlite://${sqliteDir}/e2e.db?mode=rwc`;

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const serverStdout = isTruthy(process.env.E2E_SERVER_LOGS) ? 'pipe' : 'ignore';
const psql = 'psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -X -q -v ON_ERROR_STOP=1';

type WebServer = NonNullable<Exclude<PlaywrightTestConfig['webServer'], unknown[]>>;

function server(port: number, databaseUrl: string, prelude: string): WebServer {
  const serve = `exec ${shq(bin)} serve --bind 127.0.0.1:${port} --database-url ${shq(databaseUrl)} --demo`;
  return {
    command: `set -e; ${prelude}; ${serve}`,
    url: `http://127.0.0.1:${port}/healthz`,
    // O banco precisa estar limpo: nunca reaproveitar um servidor que já esteja na porta.
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: serverStdout,
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  };
}

const sqliteServer = server(
  SQLITE_PORT,
  sqliteUrl,
  `mkdir -p ${shq(sqliteDir)}; rm -f ${shq(sqliteDir)}/e2e.db ${shq(sqliteDir)}/e2e.db-wal ${shq(sqliteDir)}/e2e.db-shm`,
);

const pgServer = server(
  PG_PORT,
  `postgres://postgres@127.0.0.1:5432/${PG_DATABASE}`,
  `${psql} -c ${shq(`DROP DATABASE IF EXISTS ${PG_DATABASE} WITH (FORCE)`)}; ` +
    `${psql} -c ${shq(`CREATE DATABASE ${PG_DATABASE}`)}`,
);

const browserUse = {
  browserName: 'chromium' as const,
  headless: true,
  locale: 'pt-BR',
  timezoneId: 'America/Sao_Paulo',
  launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  trace: 'off' as const,
  screenshot: 'off' as const,
  video: 'off' as const,
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: isCI,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: browserUse,
  projects: [
    { name: 'sqlite', use: { ...browserUse, baseURL: `http://127.0.0.1:${SQLITE_PORT}` } },
    ...(skipPg ? [] : [{ name: 'postgres', use: { ...browserUse, baseURL: `http://127.0.0.1:${PG_PORT}` } }]),
  ],
  webServer: skipPg ? [sqliteServer] : [sqliteServer, pgServer],
});
