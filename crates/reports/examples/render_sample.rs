//! Writes the sample report in every format, with the time each took:
//! `cargo run -p conferencia-reports --example render_sample -- OUT_DIR [DELIBERATIONS] [council]`
//! (with DELIBERATIONS the large benchmark sample is used).

use std::time::Instant;

use conferencia_reports::{Format, large_sample, render};
use domain::report::{Audience, Contact, Photo, Report};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "report-sample".into()));
    let mut report = match args.next().and_then(|n| n.parse().ok()) {
        Some(n) => large_sample(n),
        None => {
            let mut r = Report::sample();
            r.photos = vec![Photo::sample("Plenária final no Centro Cultural")];
            r
        }
    };
    if args.next().as_deref() == Some("council") {
        report.audience = Audience::Council;
        for d in &mut report.delegation.delegates {
            d.contact = Some(Contact {
                email: Some("pessoa@exemplo.org.br".into()),
                phone: Some("(31) 90000-0000".into()),
            });
            d.quota_groups = Some(vec!["Pessoa negra (preta ou parda)".into()]);
        }
    }
    std::fs::create_dir_all(&out)?;
    for format in Format::ALL {
        let t = Instant::now();
        let bytes = render(&report, format)?;
        let took = t.elapsed();
        let path = out.join(format!("relatorio.{}", format.extension()));
        std::fs::write(&path, &bytes)?;
        println!(
            "{format:?}: {took:?}, {} KB -> {}",
            bytes.len() / 1024,
            path.display()
        );
    }
    Ok(())
}
