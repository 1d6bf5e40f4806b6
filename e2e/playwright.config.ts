import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/*
 * Testes ponta a ponta da plataforma, um projeto por banco de dados:
 *
 *   sqlite   → servidor em 127.0.0.1:18081, arquivo SQLite novo em um diretório temporário
 *   postgres → servidor em 127.0.0.1:18082, banco `conferencia_e2e` apagado e recriado a cada execução
 *   vlibras  → servidor em 127.0.0.1:18083 com `--vlibras` (SQLite), só para tests/vlibras.spec.ts
 *   sqlite-vazio   → servidor em 127.0.0.1:18084 SEM demonstração: um SQLite novo só migrado
 *                    (`conferencia migrate`), só para tests/ciclo-vazio.spec.ts
 *   postgres-vazio → servidor em 127.0.0.1:18085 SEM demonstração: banco `conferencia_e2e_vazio`
 *                    apagado, recriado e só migrado, só para tests/ciclo-vazio.spec.ts
 *
 * Variáveis de ambiente:
 *   CONFERENCIA_BIN  (obrigatória) caminho do binário `conferencia` já compilado
 *   CHROMIUM_PATH    Chromium a usar (padrão: /usr/bin/chromium, o do Debian); o Playwright
 *                    nunca baixa navegador aqui (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)
 *   E2E_SKIP_PG=1    desliga os projetos postgres e postgres-vazio (só fora de CI, quando o
 *                    PostgreSQL não responde)
 *   E2E_SERVER_LOGS=1 mostra a saída padrão dos servidores (stderr é sempre mostrado)
 *
 * Cada servidor grava os e-mails que envia como arquivos .eml em uma pasta própria dentro do
 * diretório temporário da execução (sem SMTP); os testes a acham em `project.metadata.mailDir`.
 * Os projetos `*-vazio` dão também o endereço do banco em `project.metadata.databaseUrl`: o teste
 * roda `conferencia admin create` nele, como quem instala a plataforma.
 *
 * Os servidores são iniciados pelo Playwright antes de globalSetup, por isso a recriação do banco
 * PostgreSQL é feita no próprio comando do webServer (executado por /bin/sh).
 */

const SQLITE_PORT = 18081;
const PG_PORT = 18082;
const VLIBRAS_PORT = 18083;
const SQLITE_VAZIO_PORT = 18084;
const PG_VAZIO_PORT = 18085;
const PG_DATABASE = 'conferencia_e2e';
const PG_VAZIO_DATABASE = 'conferencia_e2e_vazio';

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

/** Pasta dos e-mails (.eml) do servidor de cada projeto. */
const mailDir = (project: string) => path.join(sqliteDir as string, `mail-${project}`);

/** Conferência de treino (finalizada, relatório por enviar) criada antes do servidor subir. */
export const PRACTICE_SLUG = 'relatorio-e2e';

function server(port: number, databaseUrl: string, mail: string, prelude: string, extraArgs = ''): WebServer {
  // `conferencia demo --practice` semeia a demonstração e uma conferência de 2023 já realizada,
  // com o relatório por enviar (tests/relatorio.spec.ts), antes de o servidor começar.
  const practice =
    extraArgs === ''
      ? `${shq(bin)} demo --practice ${PRACTICE_SLUG} --database-url ${shq(databaseUrl)} >/dev/null`
      : 'true';
  const serve =
    `exec ${shq(bin)} serve --bind 127.0.0.1:${port} --database-url ${shq(databaseUrl)} --demo ` +
    `--public-url http://127.0.0.1:${port} --mail-dir ${shq(mail)} --client-ip-header X-Forwarded-For${extraArgs}`;
  return {
    command: `set -e; ${prelude}; ${practice}; ${serve}`,
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
  mailDir('sqlite'),
  `mkdir -p ${shq(sqliteDir)}; rm -f ${shq(sqliteDir)}/e2e.db ${shq(sqliteDir)}/e2e.db-wal ${shq(sqliteDir)}/e2e.db-shm`,
);

// O widget VLibras ligado; o script do governo é substituído por um dublê no teste (sem internet).
const vlibrasServer = server(
  VLIBRAS_PORT,
  `sqlite://${sqliteDir}/e2e-vlibras.db?mode=rwc`,
  mailDir('vlibras'),
  `mkdir -p ${shq(sqliteDir)}; rm -f ${shq(sqliteDir)}/e2e-vlibras.db ${shq(sqliteDir)}/e2e-vlibras.db-wal ${shq(sqliteDir)}/e2e-vlibras.db-shm`,
  ' --vlibras',
);

/**
 * Um servidor de uma instalação nova: o banco só migrado (`conferencia migrate`, sem demonstração),
 * servido sem `--demo`. Nenhuma conta, nenhum conselho, nenhuma conferência.
 */
function emptyServer(port: number, databaseUrl: string, mail: string, prelude: string): WebServer {
  const migrate = `${shq(bin)} migrate --database-url ${shq(databaseUrl)} >/dev/null`;
  const serve =
    `exec ${shq(bin)} serve --bind 127.0.0.1:${port} --database-url ${shq(databaseUrl)} ` +
    `--public-url http://127.0.0.1:${port} --mail-dir ${shq(mail)}`;
  return {
    command: `set -e; ${prelude}; ${migrate}; ${serve}`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: serverStdout,
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  };
}

const sqliteVazioUrl = `sqlite://${sqliteDir}/e2e-vazio.db?mode=rwc`;
const sqliteVazioServer = emptyServer(
  SQLITE_VAZIO_PORT,
  sqliteVazioUrl,
  mailDir('sqlite-vazio'),
  `mkdir -p ${shq(sqliteDir)}; rm -f ${shq(sqliteDir)}/e2e-vazio.db ${shq(sqliteDir)}/e2e-vazio.db-wal ${shq(sqliteDir)}/e2e-vazio.db-shm`,
);

const pgVazioUrl = `postgres://postgres@127.0.0.1:5432/${PG_VAZIO_DATABASE}`;
const pgVazioServer = emptyServer(
  PG_VAZIO_PORT,
  pgVazioUrl,
  mailDir('postgres-vazio'),
  `${psql} -c ${shq(`DROP DATABASE IF EXISTS ${PG_VAZIO_DATABASE} WITH (FORCE)`)}; ` +
    `${psql} -c ${shq(`CREATE DATABASE ${PG_VAZIO_DATABASE}`)}`,
);

const pgServer = server(
  PG_PORT,
  `postgres://postgres@127.0.0.1:5432/${PG_DATABASE}`,
  mailDir('postgres'),
  `${psql} -c ${shq(`DROP DATABASE IF EXISTS ${PG_DATABASE} WITH (FORCE)`)}; ` +
    `${psql} -c ${shq(`CREATE DATABASE ${PG_DATABASE}`)}`,
);

/** Roda só no projeto `vlibras` (servidor com o widget ligado). */
const VLIBRAS_SPEC = /vlibras\.spec\.ts$/;
/** Roda só nos projetos `*-vazio` (instalação nova, sem demonstração). */
const VAZIO_SPEC = /ciclo-vazio\.spec\.ts$/;

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
  expect: {
    timeout: 5_000,
    // Visual baselines (tests/visual.spec.ts): what moves by the day or by the run is masked in
    // the spec; the rest may differ by 1% of the pixels (anti-aliasing of another Chromium build).
    toHaveScreenshot: { maxDiffPixelRatio: 0.01, animations: 'disabled', caret: 'hide', maskColor: '#dbe8fb' },
  },
  // One baseline per screen for both databases: the same page must look the same on either.
  snapshotPathTemplate: '{testDir}/__screenshots__/{arg}{ext}',
  use: browserUse,
  projects: [
    {
      name: 'sqlite',
      testIgnore: [VLIBRAS_SPEC, VAZIO_SPEC],
      use: { ...browserUse, baseURL: `http://127.0.0.1:${SQLITE_PORT}` },
      metadata: { mailDir: mailDir('sqlite') },
    },
    ...(skipPg
      ? []
      : [
          {
            name: 'postgres',
            testIgnore: [VLIBRAS_SPEC, VAZIO_SPEC],
            use: { ...browserUse, baseURL: `http://127.0.0.1:${PG_PORT}` },
            metadata: { mailDir: mailDir('postgres') },
          },
        ]),
    {
      name: 'vlibras',
      testMatch: VLIBRAS_SPEC,
      use: { ...browserUse, baseURL: `http://127.0.0.1:${VLIBRAS_PORT}` },
      metadata: { mailDir: mailDir('vlibras') },
    },
    {
      name: 'sqlite-vazio',
      testMatch: VAZIO_SPEC,
      use: { ...browserUse, baseURL: `http://127.0.0.1:${SQLITE_VAZIO_PORT}` },
      metadata: { mailDir: mailDir('sqlite-vazio'), databaseUrl: sqliteVazioUrl },
    },
    ...(skipPg
      ? []
      : [
          {
            name: 'postgres-vazio',
            testMatch: VAZIO_SPEC,
            use: { ...browserUse, baseURL: `http://127.0.0.1:${PG_VAZIO_PORT}` },
            metadata: { mailDir: mailDir('postgres-vazio'), databaseUrl: pgVazioUrl },
          },
        ]),
  ],
  webServer: skipPg
    ? [sqliteServer, vlibrasServer, sqliteVazioServer]
    : [sqliteServer, pgServer, vlibrasServer, sqliteVazioServer, pgVazioServer],
});
