//! Writes a conference's final report ([`domain::report::Report`]) as PDF, DOCX, ODT, CSV or
//! JSON (ADR 0014).
//!
//! ```no_run
//! use conferencia_reports::{Format, render}; // `reports::` where the workspace renames it
//! let report = domain::report::Report::sample();
//! let pdf: Vec<u8> = render(&report, Format::Pdf)?;
//! # Ok::<(), conferencia_reports::Error>(())
//! ```
//!
//! - **PDF**: typst used as a library (our own `World`, the Noto Sans fonts in
//!   `assets/fonts/` embedded in the binary). The template (`src/report.typ`) is fixed; the
//!   report reaches it only as a JSON file it reads with `json()`, so user text is always a
//!   string value and never typst markup. Tagged PDF, checked against PDF/UA-1.
//! - **DOCX**: docx-rs, with `Heading1`…`Heading3` styles, header rows repeated on every page
//!   and the document language pt-BR.
//! - **ODT**: OpenDocument text written as XML and zipped (`mimetype` first, stored).
//! - **JSON**: the [`Report`] itself, pretty-printed.
//! - **CSV**: open data, one file for every section (layout below).
//!
//! A report for [`Audience::Public`] never carries contact
//! data or quota groups in any format, even if the value handed in has them.
//!
//! # CSV layout
//!
//! UTF-8 with a byte-order mark (so spreadsheet programs in pt-BR open it right), `;` as the
//! separator, CRLF line ends, fields quoted when needed (RFC 4180 style). The header is
//!
//! ```text
//! secao;eixo;eixo_titulo;nivel;codigo;prioridade;tipo;texto;alterada;origens
//! ```
//!
//! - One row per deliberation, in report order: `secao` is the heading of section IV, `eixo`
//!   the eixo's number, `eixo_titulo` its title, `nivel` the level code (`municipal`,
//!   `estadual`, `federal`), `codigo` the deliberation's code (`E1-M-3`), `prioridade` its
//!   position in the priority order (empty when not ranked), `tipo` the kind code (`new`,
//!   `recommendation`), `texto` the text, `alterada` `sim`/`não`, `origens` the origins
//!   joined by ` | `.
//! - Then one row per fact of the other sections: `secao` is the section's heading, `codigo` a
//!   field key and `texto` its value; the other columns are empty. For example
//!   `I. Informações gerais;;;;total_participantes;;;120;;`. For counts
//!   (`<prefix>.<code>` keys) `tipo` holds the count's pt-BR label, for the delegates' segment
//!   and seat codes their label. Keys:
//!   - I: `titulo`, `nivel`, `municipio`, `uf`, `codigo_ibge`, `porte`, `conselho`, `edicao`,
//!     `ano_ciclo`, `tema`, `lema`, `data_inicio`, `data_fim` (ISO dates), `total_horas`
//!     (decimal point), `local`, `endereco`, `total_participantes`,
//!     `participantes_categoria.<code>`, `participantes_segmento.<code>`.
//!   - II: `delegados_segmento.<code>`.
//!   - III: `marcador.<code>`, `necessidade.<code>`.
//!   - V: `apurada`, `titulares`, `suplentes`, `titulares_segmento.<code>`, `cota_titulares`,
//!     `cota_minimo`, `cota_atendida`, `paridade`, `criterio_desempate`, and per elected
//!     person `delegado.<n>.nome`, `.segmento`, `.vaga`, `.ordem` (council audience also
//!     `.grupos_cota`, `.email`, `.telefone`).
//!   - VI: `mocao.<n>.tipo`, `mocao.<n>.destinatario`, `mocao.<n>.texto`.
//!   - VII: `recurso.<n>`.
//!   - VIII: `respondentes`, `em_papel`, `pergunta.<n>.texto`, `pergunta.<n>.tipo`,
//!     `pergunta.<n>.respostas`, `pergunta.<n>.media`, `pergunta.<n>.opcao.<code>` (the
//!     option's count), `pergunta.<n>.amostra.<m>`.
//!   - IX: `foto.<n>.legenda` (the image itself is in the other formats).
//!   - Then `Parâmetros` rows `parametro.<n>` and `Observações` row `observacoes`, and a
//!     `Relatório` block with `esquema`, `publico` and `gerado_em`.
//!
//!   `<n>` counts from 1.

use std::borrow::Cow;

use domain::report::{Audience, Report};

mod csv_out;
mod docx;
mod model;
mod odt;
mod pdf;
mod photo;
mod sample;

pub use pdf::{Template, typeset, typeset_counted};
pub use sample::large_sample;

/// An output format of the final report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Pdf,
    Docx,
    Odt,
    Csv,
    Json,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Pdf,
        Format::Docx,
        Format::Odt,
        Format::Csv,
        Format::Json,
    ];

    /// Parses an extension or name, any case, with or without a leading dot
    /// (`pdf`, `.DOCX`, `odt`, `csv`, `json`).
    pub fn parse(s: &str) -> Option<Format> {
        let s = s.trim();
        let s = s.strip_prefix('.').unwrap_or(s);
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(s))
    }

    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The `Content-Type` to serve the file with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Odt => "application/vnd.oasis.opendocument.text",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

/// Why a report could not be written. Messages are pt-BR (they may reach the commission).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A photo's data is not a PNG or JPEG in base64.
    #[error("foto {index}: {reason}")]
    Photo { index: usize, reason: String },
    /// typst refused the document (a bug in the template or an unreadable image).
    #[error("falha ao gerar o PDF: {0}")]
    Pdf(String),
    #[error("falha ao gerar o DOCX: {0}")]
    Docx(String),
    #[error("falha ao gerar o ODT: {0}")]
    Odt(String),
    #[error("falha ao gerar o CSV: {0}")]
    Csv(String),
    #[error("falha ao gerar o JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes `report` in `format`.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>, Error> {
    let report = for_audience(report);
    match format {
        Format::Json => Ok(serde_json::to_vec_pretty(report.as_ref())?),
        Format::Csv => csv_out::render(&report),
        Format::Pdf => pdf::render(&model::build(&report)?),
        Format::Docx => docx::render(&model::build(&report)?),
        Format::Odt => odt::render(&model::build(&report)?),
    }
}

/// The public audience never gets contact data or quota groups, whatever the caller filled in.
fn for_audience(report: &Report) -> Cow<'_, Report> {
    let leaks = report
        .delegation
        .delegates
        .iter()
        .any(|d| d.contact.is_some() || d.quota_groups.is_some());
    if report.audience == Audience::Public && leaks {
        let mut r = report.clone();
        for d in &mut r.delegation.delegates {
            d.contact = None;
            d.quota_groups = None;
        }
        Cow::Owned(r)
    } else {
        Cow::Borrowed(report)
    }
}

#[cfg(test)]
pub(crate) fn sample_png() -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(domain::report::SAMPLE_PNG_BASE64)
        .expect("valid base64")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_back() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.extension()), Some(f));
            assert_eq!(
                Format::parse(&format!(".{}", f.extension().to_uppercase())),
                Some(f)
            );
        }
        assert_eq!(Format::parse("xlsx"), None);
        assert_eq!(Format::parse(""), None);
    }

    #[test]
    fn a_broken_photo_is_an_error_not_a_panic() {
        let mut report = Report::sample();
        report.photos = vec![domain::report::Photo {
            caption: "x".into(),
            media_type: "image/png".into(),
            data_base64: "não é base64!".into(),
        }];
        for format in [Format::Pdf, Format::Docx, Format::Odt] {
            let err = render(&report, format).expect_err("bad photo");
            assert!(matches!(err, Error::Photo { index: 1, .. }), "{err}");
        }
        report.photos[0].data_base64 = "R0lGODlhAQABAAAAACw=".into(); // a GIF
        assert!(matches!(
            render(&report, Format::Pdf),
            Err(Error::Photo { .. })
        ));
        // CSV and JSON carry the caption and the data as they are.
        assert!(render(&report, Format::Csv).is_ok());
        assert!(render(&report, Format::Json).is_ok());
    }
}
