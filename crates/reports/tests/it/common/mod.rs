//! Helpers shared by the integration tests: external tools (poppler, LibreOffice), text
//! normalisation and a report that exercises every section.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use domain::report::{Audience, Contact, Mocao, Photo, Report};

/// Whether we run in CI, where a missing tool is a failure rather than a skip.
pub fn in_ci() -> bool {
    matches!(
        std::env::var("CI").as_deref(),
        Ok("true" | "TRUE" | "True" | "1" | "yes")
    )
}

/// Finds `name` on PATH. Missing: a failure in CI, a printed notice (and `None`) elsewhere.
pub fn tool(name: &str, package: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let msg = format!("`{name}` not found; install it with `apt-get install {package}`");
        if in_ci() {
            panic!("{msg} (CI=true: a missing tool fails the test)");
        }
        eprintln!("SKIPPED: {msg}");
    }
    found
}

/// Collapses every run of whitespace into one space (long lines wrap in the PDF).
pub fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("conferencia-reports-")
        .tempdir()
        .expect("temp dir")
}

/// `pdftotext` of a PDF, `None` when poppler is missing outside CI.
pub fn pdftotext(pdf: &[u8]) -> Option<String> {
    let bin = tool("pdftotext", "poppler-utils")?;
    let dir = temp_dir();
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new(bin)
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("utf-8 text"))
}

/// `pdfinfo` with extra arguments.
pub fn pdfinfo(pdf: &[u8], args: &[&str]) -> Option<String> {
    let bin = tool("pdfinfo", "poppler-utils")?;
    let dir = temp_dir();
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new(bin)
        .args(args)
        .arg(&path)
        .output()
        .expect("run pdfinfo");
    assert!(
        out.status.success(),
        "pdfinfo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

static PROFILE: AtomicUsize = AtomicUsize::new(0);

static SOFFICE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Converts a DOCX or ODT to PDF with LibreOffice (own profile per call) and returns the PDF.
/// Calls are serialized and a crash is retried once with a fresh profile: two headless
/// instances starting together on a fresh machine (first-run profile setup) have aborted with
/// `WrappedTargetRuntimeException` in CI, which says nothing about the document.
pub fn libreoffice_to_pdf(bytes: &[u8], ext: &str) -> Option<Vec<u8>> {
    let bin = tool("libreoffice", "libreoffice-writer")?;
    let _one_at_a_time = SOFFICE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = temp_dir();
    let input = dir.path().join(format!("relatorio.{ext}"));
    std::fs::write(&input, bytes).expect("write input");
    let pdf_path: PathBuf = dir.path().join("relatorio.pdf");
    let mut failures = Vec::new();
    for _attempt in 0..2 {
        let profile = dir.path().join(format!(
            "lo-profile-{}-{}",
            std::process::id(),
            PROFILE.fetch_add(1, Ordering::SeqCst)
        ));
        let out = Command::new(&bin)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(dir.path())
            .arg(&input)
            .output()
            .expect("run libreoffice");
        if out.status.success() && pdf_path.exists() {
            return Some(std::fs::read(&pdf_path).expect("read converted pdf"));
        }
        failures.push(format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    panic!("libreoffice failed on {ext}:\n{}", failures.join("\n---\n"));
}

/// Reads one entry of a zip archive.
pub fn zip_entry(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in zip"));
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8 entry");
    s
}

pub fn write_artifact(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write artifact");
}

/// Markup characters of typst (and XML, CSV) that must print literally.
pub const TRICKY: &str =
    r#"#panic("x") *bold* $x$ <a> @b _sub_ `code` \ [c] ~ -- 'q' & "dq" ; fim"#;

/// `Report::sample()` with a moção, photos and a tricky text, so every section has content.
pub fn rich_sample() -> Report {
    let mut r = Report::sample();
    r.mocoes.push(Mocao {
        kind_label: "Repúdio".into(),
        addressee: "Governo do Estado".into(),
        text: "Repúdio ao corte de recursos do cofinanciamento estadual.".into(),
    });
    r.photos = vec![
        Photo::sample("Plenária final no Centro Cultural"),
        Photo::sample("Grupo de trabalho do eixo 2"),
    ];
    r.notes = Some("A comissão agradece a participação de todos(as).".into());
    r.extra_answers = vec![
        domain::report::ExtraAnswer {
            question: "Quantas pré-conferências foram realizadas?".into(),
            answer: "Oito, uma em cada unidade.".into(),
        },
        domain::report::ExtraAnswer {
            question: "O que mais faltou?".into(),
            answer: String::new(),
        },
    ];
    r
}

/// The council's package: contacts and quota groups filled in.
pub fn council_sample() -> Report {
    let mut r = rich_sample();
    r.audience = Audience::Council;
    for (i, d) in r.delegation.delegates.iter_mut().enumerate() {
        d.contact = Some(Contact {
            email: Some(format!("delegado{}@exemplo.org.br", i + 1)),
            phone: Some(format!("(31) 98765-43{:02}", i + 10)),
        });
        d.quota_groups = Some(vec![if i % 2 == 0 {
            "Pessoa negra (preta ou parda)".into()
        } else {
            "Pessoa com deficiência".into()
        }]);
    }
    r
}

/// Every deliberation text of a report, normalised.
pub fn deliberation_texts(r: &Report) -> Vec<String> {
    r.deliberations()
        .map(|(_, _, d)| normalize(&d.text))
        .collect()
}
