//! `conferencia`: the one binary. `serve` (default), `migrate`, `demo`.

use clap::{Args, Parser, Subcommand};

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
    Demo(DbArgs),
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
    #[arg(long, env = "CONFERENCIA_DEMO")]
    demo: bool,
}

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
            app::tenancy::ensure_entities(&db).await?;
            println!("Migrações aplicadas ({}).", db.backend.name());
        }
        Some(Command::Demo(a)) => {
            let db = store::Db::connect(&a.database_url).await?;
            db.migrate().await?;
            let seeded = app::demo::seed(&db).await?;
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
        Some(Command::Serve(s)) => serve(s).await?,
        None => serve(cli.serve).await?,
    }
    Ok(())
}

fn print_logins() {
    println!("Acessos de demonstração (dados fictícios):");
    for (login, password, what) in app::demo::DEMO_LOGINS {
        println!("  {login:<36} senha: {password:<24} {what}");
    }
}

async fn serve(s: ServeArgs) -> anyhow::Result<()> {
    let db = store::Db::connect(&s.db.database_url).await?;
    db.migrate().await?;
    app::tenancy::ensure_entities(&db).await?;
    if s.demo {
        app::demo::seed(&db).await?;
        println!("Demonstração: http://{}/c/{}", s.bind, app::demo::DEMO_SLUG);
        print_logins();
    }
    let listener = tokio::net::TcpListener::bind(&s.bind).await?;
    tracing::info!(bind = %s.bind, backend = db.backend.name(), "conferencia listening");
    println!("conferencia em http://{}", listener.local_addr()?);
    axum::serve(listener, web::router(db))
        .with_graceful_shutdown(shutdown())
        .await?;
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
