//! `conferencia import participants` and `conferencia import units` with the real binary, on
//! SQLite and on PostgreSQL: counts on stdout, each rejected row's reason on stderr, exit 1 when a
//! row was rejected, 0 when all went in (or were already there), 2 when the file or the
//! conference cannot be used.

use std::process::{Command, Output};

fn run(database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conferencia"))
        .args(args)
        .args(["--database-url", database_url])
        .env_remove("DATABASE_URL")
        .env_remove("CONFERENCIA_IMPORT_CATEGORY")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run conferencia")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn exercise(database_url: &str) {
    let dir = std::env::temp_dir().join(format!("conferencia-cli-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = run(database_url, &["demo"]);
    assert!(out.status.success(), "demo: {}", text(&out.stderr));

    let file = dir.join("delegados.csv");
    std::fs::write(
        &file,
        "Nome;CPF;Segmento\nAna Linha;111.444.777-35;Usuária\nBeto Linha;000.000.000-00;Governo\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let slug = "para-de-minas-2025";
    let args = [
        "import",
        "participants",
        "--conference",
        slug,
        "--default-category",
        "delegado",
        f,
    ];
    let out = run(database_url, &args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("importadas: 1"), "{stdout}");
    assert!(stdout.contains("rejeitadas: 1"), "{stdout}");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("linha 3: CPF"), "{stderr}");
    assert!(
        !stderr.contains("111"),
        "no CPF of a valid row in the output"
    );

    // Fixed file: the imported row is unchanged, the corrected one goes in; exit 0.
    std::fs::write(
        &file,
        "Nome;CPF;Segmento\nAna Linha;111.444.777-35;Usuária\nBeto Linha;;Governo\n",
    )
    .unwrap();
    let out = run(database_url, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("importadas: 1\ninalteradas: 1\nrejeitadas: 0"),
        "{stdout}"
    );

    // Unusable: a missing file, an unknown conference, a file that is not a spreadsheet.
    let out = run(
        database_url,
        &[
            "import",
            "participants",
            "--conference",
            slug,
            "/nao/existe.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        database_url,
        &["import", "participants", "--conference", "nao-existe", f],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Conferência não encontrada"));
    std::fs::write(&file, [0u8, 1, 2, 3]).unwrap();
    let out = run(database_url, &args);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("codificação"),
        "{}",
        text(&out.stderr)
    );
    units(database_url, &dir, slug);
}

/// `conferencia import units` on the demo: a Windows-1252 sheet with `;`, a row without a
/// territory (exit 1); the same sheet again creates nothing; the fixed one exits 0.
fn units(database_url: &str, dir: &std::path::Path, slug: &str) {
    let file = dir.join("rede.csv");
    // "Território" in Windows-1252: ó is the byte F3.
    let cp1252: &[u8] = b"Territ\xf3rio;Equipamento;Tipo\r\nLeste;CRAS Leste;cras\r\nLESTE ; cras  leste ;CRAS\r\n;Centro POP Sem Zona;centro pop\r\n";
    std::fs::write(&file, cp1252).unwrap();
    let f = file.to_str().unwrap();
    let args = ["import", "units", "--conference", slug, f];
    let out = run(database_url, &args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("criadas: 1\natualizadas: 0\nsem mudança: 1\nrejeitadas: 1"),
        "{stdout}"
    );
    assert!(
        text(&out.stderr).contains("linha 4: Falta o território"),
        "{}",
        text(&out.stderr)
    );
    let out = run(database_url, &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("criadas: 0\natualizadas: 0\nsem mudança: 2"),
        "{}",
        text(&out.stdout)
    );
    std::fs::write(&file, "Zona;Equipamento;Tipo\nLeste;CRAS Leste;cras\n").unwrap();
    let out = run(database_url, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(
        database_url,
        &["import", "units", "--conference", "nao-existe", f],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn import_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("conferencia-cli-db-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    exercise(&format!("sqlite://{}/c.db", dir.display()));
}

#[test]
fn import_on_postgres() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = rt.block_on(testkit::postgres_url()) else {
        return;
    };
    exercise(&url);
}
