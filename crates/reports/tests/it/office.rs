//! DOCX and ODT: LibreOffice opens and converts them; the converted PDF carries every section
//! heading and deliberation; the packages are built the way Word and Writer expect.

use crate::common;

use common::*;
use conferencia_reports::{Format, render};
use domain::report::Section;

fn check_converted(format: Format) {
    let report = rich_sample();
    let bytes = render(&report, format).expect("render");
    let Some(pdf) = libreoffice_to_pdf(&bytes, format.extension()) else {
        return;
    };
    let Some(text) = pdftotext(&pdf) else { return };
    let text = normalize(&text);
    for s in Section::ALL {
        assert!(
            text.contains(s.heading()),
            "{format:?}: missing heading {:?}",
            s.heading()
        );
    }
    for d in deliberation_texts(&report) {
        assert!(text.contains(&d), "{format:?}: missing deliberation {d:?}");
    }
    for needle in [
        "Plenária final no Centro Cultural",
        "Repúdio ao corte de recursos",
        "Ana Souza",
        "Página 1 de",
    ] {
        assert!(
            text.contains(needle),
            "{format:?}: missing {needle:?} in {text}"
        );
    }
}

#[test]
fn docx_converts_with_libreoffice() {
    check_converted(Format::Docx);
}

#[test]
fn odt_converts_with_libreoffice() {
    check_converted(Format::Odt);
}

#[test]
fn tricky_text_survives_docx_and_odt() {
    let mut report = domain::report::Report::sample();
    report.eixos[0].levels[0].items[0].text = format!("{TRICKY} <w:p/> </text:p> ]]>");
    for format in [Format::Docx, Format::Odt] {
        let bytes = render(&report, format).expect("render");
        let Some(pdf) = libreoffice_to_pdf(&bytes, format.extension()) else {
            return;
        };
        let Some(text) = pdftotext(&pdf) else { return };
        let want = normalize(&format!("{TRICKY} <w:p/> </text:p> ]]>"));
        assert!(normalize(&text).contains(&want), "{format:?}: {text}");
    }
}

#[test]
fn odt_package_layout() {
    let bytes = render(&rich_sample(), Format::Odt).expect("odt");
    // The first local file header is `mimetype`, stored (method 0), with the media type as
    // its uncompressed content right after the name (what `file` and LibreOffice sniff).
    assert_eq!(&bytes[0..4], b"PK\x03\x04");
    assert_eq!(
        u16::from_le_bytes([bytes[8], bytes[9]]),
        0,
        "mimetype must be stored"
    );
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(
        &bytes[38..38 + 39],
        b"application/vnd.oasis.opendocument.text"
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("zip");
    assert_eq!(
        zip.by_index(0).expect("first").name().expect("name"),
        "mimetype"
    );
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("name").into_owned())
        .collect();
    for name in [
        "META-INF/manifest.xml",
        "content.xml",
        "styles.xml",
        "meta.xml",
        "Pictures/foto-1.png",
    ] {
        assert!(names.iter().any(|n| n == name), "missing {name}: {names:?}");
    }
    let content = zip_entry(&bytes, "content.xml");
    assert!(content.contains(r#"<text:h text:style-name="Heading_20_1" text:outline-level="1">I. Informações gerais</text:h>"#));
    assert!(content.contains("<table:table-header-rows>"));
    assert!(content.contains("<svg:title>Plenária final no Centro Cultural</svg:title>"));
    let meta = zip_entry(&bytes, "meta.xml");
    assert!(meta.contains("<dc:language>pt-BR</dc:language>"));
    assert!(meta.contains("<dc:title>14ª Conferência Municipal"));
    let manifest = zip_entry(&bytes, "META-INF/manifest.xml");
    assert!(manifest.contains("Pictures/foto-2.png"));
}

#[test]
fn docx_package_has_headings_header_rows_and_language() {
    let bytes = render(&rich_sample(), Format::Docx).expect("docx");
    let document = zip_entry(&bytes, "word/document.xml");
    assert!(
        document.contains(r#"<w:pStyle w:val="Heading1" />"#),
        "no Heading1 paragraphs"
    );
    assert!(document.contains(r#"<w:pStyle w:val="Heading2" />"#));
    assert!(document.contains("<w:tblHeader />"), "no table header rows");
    let styles = zip_entry(&bytes, "word/styles.xml");
    assert!(
        styles.contains(r#"<w:lang w:val="pt-BR""#),
        "no document language"
    );
    assert!(styles.contains(r#"w:styleId="Heading1""#));
    assert!(styles.contains(r#"<w:outlineLvl w:val="0" />"#));
    let core = zip_entry(&bytes, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>14ª Conferência Municipal"),
        "{core}"
    );
    assert!(core.contains("<dc:language>pt-BR</dc:language>"));
    assert!(
        core.contains(
            "<dc:creator>Conselho Municipal de Assistência Social de Exemplo</dc:creator>"
        )
    );
}
