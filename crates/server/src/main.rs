//! `conferencia`: the one binary. `serve` (default), `migrate`, `demo`, `import`, `report`,
//! `backup`, `restore`.

use clap::{Args, Parser, Subcommand, builder::BoolishValueParser};

const DEFAULT_DB: &str = "sqlite://data/conferencia.db";

#[derive(Parser)]
#[command(
    name = "conferencia",
    version,
    about = "Plataforma das conferências de assistência social (SUAS)"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web pages and the API (the default when no subcommand is given).
    Serve(ServeArgs),
    /// Run pending database migrations and exit.
    Migrate(DbArgs),
    /// Load the IBGE entities and seed the demo conference into the database, then exit.
    Demo(DemoArgs),
    /// Import data from files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write a conference's final report to a file: PDF, DOCX, ODT, CSV or JSON. The report is
    /// read at one moment; it is the public version (no contacts, self-declarations as counts)
    /// unless --council is given.
    Report(ReportArgs),
    /// Write a copy of the whole database (every table, uploaded files included) to one file, read
    /// at one moment while the server keeps running, from SQLite or PostgreSQL: gzip-compressed
    /// JSON lines (ADR 0031). It holds personal data and secrets: keep it as safe as the database.
    Backup(BackupArgs),
    /// Load a copy made by `backup` into a new, empty database, SQLite or PostgreSQL: this is how a
    /// council moves from the embedded SQLite to PostgreSQL. Refuses a database that has data.
    Restore(RestoreArgs),
    /// Manage the platform's administrators from the server (a new installation has none).
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Subcommand, Clone)]
enum AdminCommand {
    /// Make a person an administrator of the platform. A new account gets a one-time link, printed
    /// here, where the person chooses the password (valid 7 days); an existing account keeps its
    /// password. This is how the first administrator of a new installation is created.
    Create(AdminCreateArgs),
}

#[derive(Args, Clone)]
struct AdminCreateArgs {
    /// The person's full name (needed when the account does not exist yet).
    #[arg(long, default_value = "")]
    name: String,
    /// The person's e-mail, their login.
    #[arg(long)]
    email: String,
    /// The address people use to reach the platform, for the link.
    #[arg(
        long,
        env = "CONFERENCIA_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    public_url: String,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args, Clone)]
struct BackupArgs {
    /// The file to write (`-` for standard output); written beside it and renamed when complete.
    #[arg(long)]
    output: std::path::PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args, Clone)]
struct RestoreArgs {
    /// The file written by `conferencia backup` (`-` for standard input).
    file: std::path::PathBuf,
    /// The new, empty database to load it into: `sqlite://path/file.db` or
    /// `postgres://user@host/db` (no default: name it explicitly).
    #[arg(long)]
    database_url: String,
}

#[derive(Args, Clone)]
struct ReportArgs {
    /// Address of the conference (the `slug` in /c/{slug}).
    #[arg(long)]
    conference: String,
    /// pdf, docx, odt, csv or json.
    #[arg(long)]
    format: String,
    /// The file to write (`-` for standard output).
    #[arg(long)]
    output: std::path::PathBuf,
    /// The version for the upper council: adds the elected delegates' contacts and quota groups.
    #[arg(long)]
    council: bool,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import participants from a spreadsheet (CSV in UTF-8/UTF-16/Windows-1252 with `;`, `,` or
    /// tab; XLSX or ODS). Prints imported / unchanged / rejected counts and the reason of each
    /// rejected row; exits 1 when a row was rejected, 2 when the file could not be used at all.
    /// Importing the same file again creates nothing new.
    Participants(ImportParticipantsArgs),
    /// Import the council's social-assistance network (territories and units: CRAS, CREAS,
    /// Centro POP…) from a spreadsheet (CSV in UTF-8/UTF-16/Windows-1252 with `;`, `,` or tab;
    /// XLSX or ODS; columns Território, Unidade, Tipo, Endereço, Telefone). The units take part
    /// in the conference. Prints created / updated / unchanged / rejected counts and the reason
    /// of each rejected row; exits 1 when a row was rejected, 2 when the file could not be used
    /// at all. Importing the same file again creates nothing.
    Units(ImportUnitsArgs),
}

#[derive(Args, Clone)]
struct ImportUnitsArgs {
    /// Address of the conference (the `slug` in /c/{slug}).
    #[arg(long)]
    conference: String,
    /// The spreadsheet file.
    file: std::path::PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args, Clone)]
struct ImportParticipantsArgs {
    /// Address of the conference (the `slug` in /c/{slug}).
    #[arg(long)]
    conference: String,
    /// Category for rows without one: delegado, convidado or observador.
    #[arg(long, env = "CONFERENCIA_IMPORT_CATEGORY", default_value = "")]
    default_category: String,
    /// Origin for delegates without one: nato (council members), preconferencia or indicado.
    #[arg(long, env = "CONFERENCIA_IMPORT_ORIGIN", default_value = "")]
    default_origin: String,
    /// The spreadsheet file.
    file: std::path::PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args, Clone)]
struct DemoArgs {
    /// Also add a practice conference at this address: a finished municipal conference of the
    /// 2023 cycle (fictitious people) of the demo council, whose final report is not sent yet, so
    /// staff can rehearse the report, its confirmation and its submission to the state.
    #[arg(long)]
    practice: Option<String>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// Database URL: `sqlite://path/file.db` (embedded; created on first run) or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DB)]
    database_url: String,
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "CONFERENCIA_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    #[command(flatten)]
    db: DbArgs,
    /// Seed the demo conference when the database has none.
    #[arg(long, env = "CONFERENCIA_DEMO", value_parser = BoolishValueParser::new())]
    demo: bool,
    /// Show the VLibras widget (Portuguese → Libras, by the Federal Government) on every page;
    /// the browser then loads its script from vlibras.gov.br, which the CSP allows only then.
    #[arg(long, env = "CONFERENCIA_VLIBRAS", value_parser = BoolishValueParser::new())]
    vlibras: bool,
    /// Milliseconds the conference page and its iCalendar feed may be served from memory (any
    /// write through this instance drops them at once; 0 turns the cache off).
    #[arg(long, env = "CONFERENCIA_PUBLIC_CACHE_MS", default_value_t = 1000)]
    public_cache_ms: u64,
    /// Public address of the site as people reach it (scheme, host, optional port and path), used
    /// in links sent by e-mail, e.g. `https://conferencias.example.gov.br`.
    #[arg(
        long,
        env = "CONFERENCIA_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    public_url: String,
    /// Behind a reverse proxy (the one that serves HTTPS), the request header where it writes the
    /// client's address, e.g. `X-Forwarded-For` (its last entry counts) or `X-Real-IP`, so the
    /// per-client login limit sees each client, not the proxy. Set it only when every request
    /// comes through that proxy: otherwise clients could claim any address.
    #[arg(long, env = "CONFERENCIA_CLIENT_IP_HEADER")]
    client_ip_header: Option<String>,
    /// SMTP server for outgoing e-mail: `smtps://user:password@host` (TLS, port 465) or
    /// `smtp://user:password@host:587?tls=required` (STARTTLS). When unset, e-mails are written as
    /// `.eml` files into --mail-dir instead (development).
    #[arg(long, env = "CONFERENCIA_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// Key that seals the ballots of open secret votes and elections (at least 32 characters, the
    /// same on every instance of a database; keep it outside the database and its backups). Without
    /// it the seals depend only on a secret stored in the database (ADR 0011).
    #[arg(long, env = "CONFERENCIA_BALLOT_KEY", hide_env_values = true)]
    ballot_key: Option<String>,
    /// Folder for outgoing e-mails as `.eml` files when no SMTP URL is set.
    #[arg(long, env = "CONFERENCIA_MAIL_DIR", default_value = app::platform::mail::DEFAULT_MAIL_DIR)]
    mail_dir: std::path::PathBuf,
    /// Sender of outgoing e-mail, as `Name <address@domain>`.
    #[arg(
        long,
        env = "CONFERENCIA_MAIL_FROM",
        default_value = "Conferências de Assistência Social <nao-responda@conferencia.local>"
    )]
    mail_from: String,
}

/// How often the automatic reminders are checked (`app::platform::reminders`: report deadlines, units).
const ALERTS_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// How often the mail outbox worker looks for pending e-mail (it is also woken at once by new e-mail
/// of this instance).
const OUTBOX_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Migrate(a)) => {
            let db = store::Db::connect(&a.database_url).await?;
            db.migrate().await?;
            app::platform::tenancy::ensure_entities(&db).await?;
            println!("Migrações aplicadas ({}).", db.backend.name());
        }
        Some(Command::Demo(a)) => {
            let db = store::Db::connect(&a.db.database_url).await?;
            db.migrate().await?;
            let seeded = app::demo::seed::seed_with_history(&db).await?;
            if let Some(slug) = &a.practice {
                match app::demo::history::practice(&db, slug).await? {
                    true => println!("Conferência de treino criada em /c/{slug}."),
                    false => println!("Já existe uma conferência em /c/{slug}."),
                }
            }
            println!(
                "{}",
                if seeded {
                    "Demonstração criada."
                } else {
                    "A demonstração já existia."
                }
            );
            print_logins();
        }
        Some(Command::Import(ImportCommand::Participants(a))) => {
            std::process::exit(import_participants(a).await?);
        }
        Some(Command::Import(ImportCommand::Units(a))) => {
            std::process::exit(import_units(a).await?);
        }
        Some(Command::Report(a)) => std::process::exit(report(a).await?),
        Some(Command::Backup(a)) => std::process::exit(backup(a).await?),
        Some(Command::Restore(a)) => std::process::exit(restore(a).await?),
        Some(Command::Admin(AdminCommand::Create(a))) => std::process::exit(admin_create(a).await?),
        Some(Command::Serve(s)) => serve(s).await?,
        None => serve(cli.serve).await?,
    }
    Ok(())
}

/// The file of an import and the migrated database; `None` (after saying why) when the file
/// cannot be read.
async fn import_input(
    file: &std::path::Path,
    db: &DbArgs,
) -> anyhow::Result<Option<(Vec<u8>, store::Db)>> {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("Não foi possível ler {}: {e}", file.display());
            return Ok(None);
        }
    };
    let db = store::Db::connect(&db.database_url).await?;
    db.migrate().await?;
    Ok(Some((bytes, db)))
}

/// The exit code of an import that could not run: 2 for an unknown conference or a file that
/// could not be used (each reason on standard error).
fn import_refused(e: app::Fail, conference: &str) -> anyhow::Result<i32> {
    match e {
        app::Fail::NotFound => {
            eprintln!("Conferência não encontrada: {conference}");
            Ok(2)
        }
        app::Fail::Invalid(e) => {
            for x in e.0 {
                eprintln!("{}", x.message);
            }
            Ok(2)
        }
        e => Err(e.into()),
    }
}

/// Prints each rejected row's line and reasons on standard error; the exit code: 1 when a row
/// was rejected.
fn print_rejected(rejected: &[(usize, Vec<String>)]) -> i32 {
    for (line, problems) in rejected {
        eprintln!("linha {line}: {}", problems.join("; "));
    }
    i32::from(!rejected.is_empty())
}

/// `conferencia admin create`: returns the exit code (2 for invalid input, each reason on
/// standard error).
async fn admin_create(a: AdminCreateArgs) -> anyhow::Result<i32> {
    let db = store::Db::connect(&a.db.database_url).await?;
    db.migrate().await?;
    use app::platform::admin::AdminCreated;
    match app::platform::admin::create_admin(&db, a.public_url.trim(), &a.name, &a.email).await {
        Ok(AdminCreated::Invited { link }) => {
            println!(
                "Conta criada com o papel de administração da plataforma.\n\
Para criar a senha, abra este endereço (uma vez só, em até 7 dias):\n{link}"
            );
            Ok(0)
        }
        Ok(AdminCreated::Promoted) => {
            println!(
                "A conta já existia e agora tem o papel de administração da plataforma; a senha não mudou."
            );
            Ok(0)
        }
        Ok(AdminCreated::AlreadyAdmin) => {
            println!("Esta conta já tem o papel de administração da plataforma: nada mudou.");
            Ok(0)
        }
        Err(app::Fail::Invalid(e)) => {
            for x in e.0 {
                eprintln!("{}", x.message);
            }
            Ok(2)
        }
        Err(e) => Err(e.into()),
    }
}

/// `conferencia import units`: returns the exit code.
async fn import_units(a: ImportUnitsArgs) -> anyhow::Result<i32> {
    let Some((bytes, db)) = import_input(&a.file, &a.db).await? else {
        return Ok(2);
    };
    match app::mobilization::network::import_units_file(&db, &a.conference, &bytes).await {
        Ok(r) => {
            println!(
                "criadas: {}\natualizadas: {}\nsem mudança: {}\nrejeitadas: {}\nterritórios criados: {}",
                r.created,
                r.updated,
                r.unchanged,
                r.rejected.len(),
                r.territories_created
            );
            Ok(print_rejected(&r.rejected))
        }
        Err(e) => import_refused(e, &a.conference),
    }
}

/// `conferencia import participants`: returns the exit code.
async fn import_participants(a: ImportParticipantsArgs) -> anyhow::Result<i32> {
    let Some((bytes, db)) = import_input(&a.file, &a.db).await? else {
        return Ok(2);
    };
    match app::participants::import::import_file(
        &db,
        &a.conference,
        &bytes,
        &app::participants::import::DefaultsInput {
            category: a.default_category.clone(),
            origin: a.default_origin.clone(),
        },
    )
    .await
    {
        Ok(r) => {
            println!(
                "importadas: {}\ninalteradas: {}\nrejeitadas: {}",
                r.counts.imported, r.counts.unchanged, r.counts.rejected
            );
            print_rejected(&r.rejected);
            Ok(if r.counts.rejected > 0 { 1 } else { 0 })
        }
        Err(e) => import_refused(e, &a.conference),
    }
}

/// `conferencia report`: returns the exit code (2 for a bad format or an unknown conference).
async fn report(a: ReportArgs) -> anyhow::Result<i32> {
    let Some(format) = reports::Format::parse(&a.format) else {
        eprintln!(
            "Formato desconhecido: {} (use pdf, docx, odt, csv ou json)",
            a.format
        );
        return Ok(2);
    };
    let db = store::Db::connect(&a.db.database_url).await?;
    db.migrate().await?;
    let audience = if a.council {
        domain::report::Audience::Council
    } else {
        domain::report::Audience::Public
    };
    let r = match app::reporting::report::for_cli(&db, &a.conference, audience).await {
        Ok(r) => r,
        Err(app::Fail::NotFound) => {
            eprintln!("Conferência não encontrada: {}", a.conference);
            return Ok(2);
        }
        Err(e) => return Err(e.into()),
    };
    let bytes = reports::render(&r, format)?;
    if a.output.as_os_str() == "-" {
        use std::io::Write;
        std::io::stdout().write_all(&bytes)?;
    } else {
        // Written next to the target, then renamed: a reader never sees half a file.
        let tmp = a.output.with_extension("parcial");
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(&tmp, &a.output)?;
        eprintln!(
            "Relatório escrito em {} ({} bytes, {} deliberações).",
            a.output.display(),
            bytes.len(),
            r.deliberations().count()
        );
    }
    Ok(0)
}

/// `conferencia backup`: returns the exit code (1 when no archive was written).
async fn backup(a: BackupArgs) -> anyhow::Result<i32> {
    // Never create an empty SQLite file for a mistyped path: the source must exist.
    if let Some(path) = sqlite_path(&a.db.database_url)
        && !std::path::Path::new(path).exists()
    {
        eprintln!("O banco {path} não existe.");
        return Ok(1);
    }
    let db = store::Db::connect(&a.db.database_url).await?;
    let r = if a.output.as_os_str() == "-" {
        store::backup::backup(&db, std::io::BufWriter::new(std::io::stdout())).await
    } else {
        store::backup::backup_to_file(&db, &a.output).await
    };
    match r {
        Ok(s) => {
            if a.output.as_os_str() != "-" {
                eprintln!(
                    "Cópia de segurança escrita em {} ({} tabelas, {} registros, {}).",
                    a.output.display(),
                    s.tables,
                    s.rows,
                    db.backend.name()
                );
            }
            Ok(0)
        }
        Err(e) => {
            eprintln!("A cópia de segurança falhou: {e}");
            Ok(1)
        }
    }
}

/// `conferencia restore`: returns the exit code (1 when nothing was loaded).
async fn restore(a: RestoreArgs) -> anyhow::Result<i32> {
    let db = store::Db::connect(&a.database_url).await?;
    let r = if a.file.as_os_str() == "-" {
        store::backup::restore(&db, std::io::stdin()).await
    } else {
        store::backup::restore_from_file(&db, &a.file).await
    };
    match r {
        Ok((h, s)) => {
            eprintln!(
                "Cópia de {} ({}, feita em {}) restaurada em {}: {} tabelas, {} registros.",
                h.source,
                h.app_version,
                h.created_at,
                db.backend.name(),
                s.tables,
                s.rows
            );
            Ok(0)
        }
        Err(e) => {
            eprintln!("Nada foi restaurado: {e}");
            Ok(1)
        }
    }
}

/// The file of a `sqlite:` URL (None for PostgreSQL and in-memory databases).
fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty() && path != ":memory:").then_some(path)
}

fn print_logins() {
    println!("Acessos de demonstração (dados fictícios):");
    for (login, password, what) in app::demo::seed::DEMO_LOGINS {
        println!("  {login:<36} senha: {password:<24} {what}");
    }
    let (login, password, what) = app::demo::seed::DEMO_STATE_LOGIN;
    println!("  {login:<36} senha: {password:<24} {what}");
    let (login, password, what) = app::demo::seed::DEMO_CHAMBER_LOGIN;
    println!("  {login:<36} senha: {password:<24} {what}");
    let (login, password, what) = app::demo::seed::DEMO_PARTICIPANT;
    println!("  {login:<36} senha: {password:<24} {what}");
}

async fn serve(s: ServeArgs) -> anyhow::Result<()> {
    let public_url = s.public_url.trim().trim_end_matches('/').to_owned();
    if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
        anyhow::bail!(
            "CONFERENCIA_PUBLIC_URL deve começar com http:// ou https:// (got {public_url:?})"
        );
    }
    let mailer = app::platform::mail::Mailer::from_settings(
        s.smtp_url.as_deref(),
        &s.mail_dir,
        &s.mail_from,
    )?;
    match s.ballot_key.as_deref() {
        Some(k) => app::plenary::seal::configure(k).map_err(anyhow::Error::msg)?,
        None => tracing::warn!(
            "CONFERENCIA_BALLOT_KEY is not set: secret ballots are sealed with a key kept in the database only (ADR 0011)"
        ),
    }
    let db = store::Db::connect(&s.db.database_url).await?;
    db.migrate().await?;
    app::platform::tenancy::ensure_entities(&db).await?;
    if s.demo {
        app::demo::seed::seed_with_history(&db).await?;
        println!(
            "Demonstração: http://{}/c/{}",
            s.bind,
            app::demo::seed::DEMO_SLUG
        );
        print_logins();
    } else if !app::platform::admin::has_admin(&db).await? {
        println!(
            "Esta instalação ainda não tem administração. Crie a primeira conta (o endereço para \
criar a senha aparece na tela):\n  conferencia admin create --name \"Nome completo\" --email voce@exemplo.gov.br"
        );
    }
    let listener = tokio::net::TcpListener::bind(&s.bind).await?;
    tracing::info!(bind = %s.bind, backend = db.backend.name(), "conferencia listening");
    println!("conferencia em http://{}", listener.local_addr()?);
    println!("E-mails: {}", mailer.describe());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let outbox = tokio::spawn(app::platform::mail::worker(
        db.clone(),
        mailer,
        OUTBOX_EVERY,
        stop_rx.clone(),
    ));
    let alerts = tokio::spawn(app::platform::reminders::worker(
        db.clone(),
        public_url.clone(),
        ALERTS_EVERY,
        stop_rx.clone(),
    ));
    tokio::spawn(async move {
        shutdown().await;
        let _ = stop_tx.send(true);
    });
    let mut stopping = stop_rx;
    let settings = web::Settings {
        public_url,
        vlibras: s.vlibras,
        public_cache: std::time::Duration::from_millis(s.public_cache_ms),
        client_ip_header: s
            .client_ip_header
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_ascii_lowercase),
    };
    if settings.public_url.starts_with("https://") && settings.client_ip_header.is_none() {
        tracing::warn!(
            "CONFERENCIA_PUBLIC_URL is https but CONFERENCIA_CLIENT_IP_HEADER is not set: behind a proxy, the per-client login limit counts every client as the proxy"
        );
    }
    let router = web::router_with(db, settings);
    // `into_make_service…`: each connection gets a cheap clone of the router (an `Arc`). Serving
    // the `Router` itself rebuilds every route's middleware stack per connection (~130 KiB each),
    // which thousands of live-board connections (SSE) turn into hundreds of MiB. The peer address
    // is kept for the per-client login limit.
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    })
    .await?;
    outbox.await?;
    alerts.await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
