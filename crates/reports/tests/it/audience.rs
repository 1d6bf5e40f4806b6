//! The council's package shows contacts and quota groups; the public report never does.

use crate::common;

use common::*;
use conferencia_reports::{Format, render};
use domain::report::Audience;

const CONTACT_BITS: [&str; 3] = ["delegado1@exemplo.org.br", "98765-4310", "Grupos da cota"];

fn zipped_text(bytes: &[u8], format: Format) -> String {
    match format {
        Format::Docx => zip_entry(bytes, "word/document.xml"),
        Format::Odt => zip_entry(bytes, "content.xml"),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[test]
fn council_package_shows_contacts_and_quota_groups() {
    let report = council_sample();
    for format in [Format::Docx, Format::Odt, Format::Csv, Format::Json] {
        let text = zipped_text(&render(&report, format).expect("render"), format);
        assert!(
            text.contains("delegado1@exemplo.org.br"),
            "{format:?}: no e-mail"
        );
        assert!(text.contains("(31) 98765-4310"), "{format:?}: no phone");
        assert!(
            text.contains("Pessoa com deficiência"),
            "{format:?}: no quota group"
        );
    }
    let pdf = render(&report, Format::Pdf).expect("pdf");
    let Some(text) = pdftotext(&pdf) else { return };
    let text = normalize(&text);
    assert!(text.contains("delegado1@exemplo.org.br"), "{text}");
    assert!(text.contains("98765-4310"));
    assert!(text.contains("Grupos da cota"));
    assert!(text.contains("dados pessoais"));
}

#[test]
fn public_report_never_prints_contact_data() {
    // Even when the value handed in carries contacts, the public audience drops them.
    let mut report = council_sample();
    report.audience = Audience::Public;
    for format in [Format::Docx, Format::Odt, Format::Csv, Format::Json] {
        let text = zipped_text(&render(&report, format).expect("render"), format);
        for bit in CONTACT_BITS {
            assert!(!text.contains(bit), "{format:?} leaks {bit:?}");
        }
    }
    let json: domain::report::Report =
        serde_json::from_slice(&render(&report, Format::Json).expect("json")).expect("parse");
    assert!(
        json.delegation
            .delegates
            .iter()
            .all(|d| d.contact.is_none() && d.quota_groups.is_none())
    );
    let pdf = render(&report, Format::Pdf).expect("pdf");
    let Some(text) = pdftotext(&pdf) else { return };
    for bit in CONTACT_BITS {
        assert!(!text.contains(bit), "PDF leaks {bit:?}");
    }
    assert!(text.contains("Ana Souza"), "the names are public");
}
