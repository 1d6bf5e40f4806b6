//! Builders shared by the app integration tests: logging in (and the demo accounts), reading a
//! refusal, registering people in the demo conference, checking them in today and pairing
//! their phones. The row builders that need no login come from `testkit`.

use app::Fail;
use app::participants::devices as dv;
use app::participants::registration::{self as p, RegistrationInput, Source};
use app::platform::accounts::LoginOutcome;
use app::platform::auth::Me;
use conferencia_app as app;
use store::entities::registration;
pub use testkit::{check_in_today, conference_by_slug, registration_by_code};

/// The demo conference that `app::demo::seed::seed` creates.
pub const DEMO: &str = app::demo::seed::DEMO_SLUG;

/// Logs in with a login and password and returns who that is; panics when the login fails.
pub async fn me(db: &app::Db, login: &str, pw: &str) -> Me {
    let LoginOutcome::Ok(t) = app::platform::accounts::login(db, login, pw).await.unwrap() else {
        panic!("login {login} failed");
    };
    app::platform::auth::me(db, Some(&t))
        .await
        .unwrap()
        .unwrap()
}

/// The demo organizing committee (comissão organizadora) account.
pub async fn commission(db: &app::Db) -> Me {
    me(db, "comissao@demo.conferencia.local", "demo-comissao-2025").await
}

/// The demo territorial articulator of CRAS Centro.
pub async fn articulator(db: &app::Db) -> Me {
    me(db, "articulador.cras.centro", "demo-articulador-2025").await
}

/// The errors of a refused form; panics on anything else.
pub fn invalid<T: std::fmt::Debug>(r: Result<T, Fail>) -> app::Invalid {
    match r {
        Err(Fail::Invalid(i)) => i,
        other => panic!("expected invalid, got {other:?}"),
    }
}

/// The first message of a refused form; panics on anything else.
pub fn refusal<T: std::fmt::Debug>(r: Result<T, Fail>) -> String {
    match r {
        Err(Fail::Invalid(i)) => i.0[0].message.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A registration form with consent given: `name`, `category` and `segment`, nothing else.
pub fn registration_form(name: &str, category: &str, segment: &str) -> RegistrationInput {
    RegistrationInput {
        name: name.into(),
        category: category.into(),
        segment: segment.into(),
        consent: true,
        ..Default::default()
    }
}

/// Registers `input` in the demo conference at the desk (by `who`) and returns its code.
pub async fn register_code_at_desk(db: &app::Db, who: &Me, input: &RegistrationInput) -> String {
    p::register(db, Some(who), DEMO, input, Source::Assisted)
        .await
        .unwrap()
        .code
}

/// Registers `input` in the demo conference at the desk (by `who`) and returns the row.
pub async fn register_at_desk(
    db: &app::Db,
    who: &Me,
    input: &RegistrationInput,
) -> registration::Model {
    let code = register_code_at_desk(db, who, input).await;
    registration_by_code(db, &code).await
}

/// Pairs a phone with `r` (already present today) in the demo conference; returns its token.
pub async fn pair_phone(db: &app::Db, com: &Me, r: &registration::Model) -> String {
    let pairing = dv::start_pairing(db, Some(com), DEMO, &r.code)
        .await
        .unwrap();
    dv::complete_pairing(db, DEMO, &pairing.code).await.unwrap()
}

/// Checks `r` in today and pairs a phone with it; returns the phone's token.
pub async fn present_with_phone(db: &app::Db, com: &Me, r: &registration::Model) -> String {
    check_in_today(db, r).await;
    pair_phone(db, com, r).await
}

/// Opens the credentialing desk of the demo conference for the hour around now.
pub async fn open_desk(db: &app::Db) {
    testkit::open_stage(
        db,
        DEMO,
        "credentialing",
        "Credenciamento",
        chrono::Duration::hours(1),
    )
    .await;
}

/// The demo CMAS secretariat (secretaria executiva) account.
pub async fn secretariat(db: &app::Db) -> Me {
    me(
        db,
        "secretaria@demo.conferencia.local",
        "demo-secretaria-2025",
    )
    .await
}

/// The demo platform administrator account.
pub async fn platform_admin(db: &app::Db) -> Me {
    me(db, "admin@demo.conferencia.local", "demo-admin-2025").await
}

/// A minimal XLSX (inline strings and numbers), as spreadsheet programs write it.
pub fn xlsx(rows: &[Vec<Cell>]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in row.iter().enumerate() {
            let addr = format!("{}{}", (b'A' + c as u8) as char, r + 1);
            match cell {
                Cell::S(s) => sheet.push_str(&format!(
                    r#"<c r="{addr}" t="inlineStr"><is><t>{s}</t></is></c>"#
                )),
                Cell::N(n) => sheet.push_str(&format!(r#"<c r="{addr}"><v>{n}</v></c>"#)),
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let files = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Delegados" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned(),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in files {
        w.start_file(name, opts).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub enum Cell {
    S(&'static str),
    N(String),
}

/// The demo (on the tests' fixed day, without its people) and its finished 2023 conference with
/// the report accepted by the state, without the neighbouring municipalities' reports that
/// `seed_with_history` adds: a state pool and dashboard these tests know row by row.
pub async fn demo_with_2023(db: &app::Db) {
    app::demo::seed::seed_on(db, testkit::demo_clock())
        .await
        .unwrap();
    let cmas = conference_by_slug(db, DEMO).await.body_id;
    app::demo::history::seed(db, cmas).await.unwrap();
}

/// What a poppler tool (`pdftotext`, `pdfinfo`) prints for a PDF, with `args` before the file
/// (and `-` after it for pdftotext); `None` (with a notice) when poppler is not installed outside
/// CI, a failure in CI.
pub fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> Option<String> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let path = std::env::temp_dir().join(format!("conferencia-{}.pdf", uuid::Uuid::now_v7()));
    std::fs::write(&path, pdf).unwrap();
    let mut cmd = std::process::Command::new(tool);
    cmd.args(args).arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let run = cmd.output();
    let _ = std::fs::remove_file(&path);
    match run {
        Ok(out) => {
            assert!(out.status.success(), "{tool} failed");
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) if !ci => {
            eprintln!("SKIPPED: {tool} not found ({e}); install poppler-utils");
            None
        }
        Err(e) => panic!("{tool} not found in CI: {e}"),
    }
}

/// The text of a PDF by `pdftotext`, whitespace collapsed (see [`poppler`]).
pub fn pdf_text(pdf: &[u8]) -> Option<String> {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf)
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A tagged PDF (pdfinfo says `Tagged: yes`) whose structure tree has each of `tags` (`H1`,
/// `Table`…). Nothing is checked, with a notice, where poppler is missing outside CI.
pub fn assert_tagged(pdf: &[u8], tags: &[&str]) {
    if let Some(info) = poppler("pdfinfo", &[], pdf) {
        assert!(
            info.lines()
                .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
            "{info}"
        );
    }
    if let Some(tree) = poppler("pdfinfo", &["-struct"], pdf) {
        for tag in tags {
            assert!(
                tree.lines().any(|l| l.trim_start().starts_with(tag)),
                "no {tag} in the structure tree:\n{tree}"
            );
        }
    }
}
