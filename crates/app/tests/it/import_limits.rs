//! Availability: a small spreadsheet must not claim huge memory. An XLSX with two cells,
//! A1 and XFD1048576, made calamine allocate their bounding box (512 GiB) and the process abort.
//! Each crafted file below is refused with a message in pt-BR by the participants import and by
//! the follow-up import, and nothing is written (both databases). A well-formed ODS, with the
//! repeated empty rows and columns LibreOffice writes, still imports.

use crate::support::{commission, secretariat};
use app::Fail;
use app::demo::history::HISTORY_SLUG;
use app::participants::import as imp;
use app::reporting::followup as fu;
use conferencia_app as app;
use sea_orm::{EntityTrait, PaginatorTrait};
use std::io::Write;
use store::entities::{deliberation_followup, followup_change, import_upload, registration};
use testkit::both_dbs;
use zip::write::SimpleFileOptions;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

fn refusal<T: std::fmt::Debug>(r: Result<T, Fail>) -> String {
    match r {
        Err(Fail::Invalid(i)) => i
            .message_for("file")
            .unwrap_or_else(|| panic!("no message for file: {i:?}"))
            .to_owned(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A zip of `parts` (name, bytes, deflated?), in order.
fn zip_of(parts: Vec<(&str, Vec<u8>, bool)>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body, deflate) in parts {
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        w.start_file(
            name,
            SimpleFileOptions::default()
                .compression_method(method)
                .large_file(body.len() > u32::MAX as usize / 2),
        )
        .unwrap();
        w.write_all(&body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A minimal XLSX whose only sheet is `sheet` (the whole worksheet XML), with `extra` parts.
fn xlsx(sheet: &str, extra: Vec<(&'static str, Vec<u8>, bool)>) -> Vec<u8> {
    let mut parts: Vec<(&str, Vec<u8>, bool)> = vec![
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec(),
            false,
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
            false,
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Lista" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec(),
            false,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec(),
            false,
        ),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes().to_vec(), false),
    ];
    parts.extend(extra);
    zip_of(parts)
}

fn worksheet(dimension: &str, cells: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>"#
    )
}

/// A minimal ODS whose content is `tables` (the `table:table` elements).
fn ods(tables: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(vec![
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            false,
        ),
        (
            "META-INF/manifest.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_vec(),
            false,
        ),
        ("content.xml", content.into_bytes(), false),
    ])
}

fn ods_string(s: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#
    )
}

/// The crafted files, each with what its refusal says.
fn crafted() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let a1 = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Nome</t></is></c></row>"#;
    vec![
        (
            "XLSX with A1 and XFD1048576",
            xlsx(
                &worksheet(
                    "A1:XFD1048576",
                    &format!(
                        r#"{a1}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#
                    ),
                ),
                vec![],
            ),
            "colunas",
        ),
        (
            "XLSX with A1 and A1048576",
            xlsx(
                &worksheet(
                    "A1:A1048576",
                    &format!(r#"{a1}<row r="1048576"><c r="A1048576"><v>1</v></c></row>"#),
                ),
                vec![],
            ),
            "mais de 10.000 linhas",
        ),
        (
            "XLSX with A1 and XFD1",
            xlsx(
                &worksheet(
                    "A1:XFD1",
                    r#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>"#,
                ),
                vec![],
            ),
            "depois da coluna CV",
        ),
        (
            "XLSX announcing four billion shared strings",
            xlsx(
                &worksheet("A1", r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#),
                vec![(
                    "xl/sharedStrings.xml",
                    br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>Nome</t></si></sst>"#.to_vec(),
                    false,
                )],
            ),
            "células demais",
        ),
        (
            "XLSX with one shared string in 1,000 cells a row, 10,000 rows",
            {
                let long = "x".repeat(4_000);
                let mut cells = String::new();
                for r in 1..=10_000 {
                    cells.push_str(&format!(r#"<row r="{r}">"#));
                    for c in ["A", "B", "C", "D"] {
                        cells.push_str(&format!(r#"<c r="{c}{r}" t="s"><v>0</v></c>"#));
                    }
                    cells.push_str("</row>");
                }
                xlsx(
                    &worksheet("A1:D10000", &cells),
                    vec![(
                        "xl/sharedStrings.xml",
                        format!(
                            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{long}</t></si></sst>"#
                        )
                        .into_bytes(),
                        true,
                    )],
                )
            },
            "texto demais",
        ),
        (
            "XLSX with a part that unzips to 80 MB",
            xlsx(
                &worksheet("A1", a1),
                vec![("docProps/custom.xml", vec![b' '; 80 * 1024 * 1024], true)],
            ),
            "descompactada",
        ),
        (
            "ODS with a value repeated over a million rows",
            ods(&format!(
                r#"<table:table table:name="Lista"><table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated="1048575">{}</table:table-row></table:table>"#,
                ods_string("Nome"),
                ods_string("Ana")
            )),
            "mais de 10.000 linhas",
        ),
        (
            "ODS with a value repeated over 16,384 columns",
            ods(
                r#"<table:table table:name="Lista"><table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
            ),
            "depois da coluna CV",
        ),
        (
            "ODS with two billion spaces in a cell",
            ods(
                r#"<table:table table:name="Lista"><table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>b</text:p></table:table-cell></table:table-row></table:table>"#,
            ),
            "texto demais",
        ),
        (
            "ODS with many sheets within the caps each",
            {
                let row = r#"<table:table-row table:number-rows-repeated="10000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row>"#;
                let tables: String = (0..3)
                    .map(|i| format!(r#"<table:table table:name="Aba {i}">{row}</table:table>"#))
                    .collect();
                ods(&tables)
            },
            "células demais",
        ),
        (
            "XLS (Excel 97-2003)",
            {
                let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
                b.resize(1024, 0);
                b
            },
            "formato antigo do Excel (.xls",
        ),
    ]
}

both_dbs!(
    crafted_workbooks_are_refused_and_nothing_is_written,
    |db| async move {
        app::demo::seed::seed_with_history(&db).await.unwrap();
        let com = commission(&db).await;
        let sec = secretariat(&db).await;
        let registrations = registration::Entity::find().count(&db.conn).await.unwrap();
        let followups = (
            deliberation_followup::Entity::find()
                .count(&db.conn)
                .await
                .unwrap(),
            followup_change::Entity::find()
                .count(&db.conn)
                .await
                .unwrap(),
        );
        for (what, bytes, says) in crafted() {
            assert!(
                bytes.len() <= imp::MAX_BYTES,
                "{what}: {} bytes, within the upload limit",
                bytes.len()
            );
            let e = refusal(
                imp::upload(
                    &db,
                    Some(&com),
                    SLUG,
                    "lista.xlsx",
                    &bytes,
                    &imp::DefaultsInput::default(),
                    true,
                )
                .await,
            );
            assert!(e.contains(says), "{what}: {e}");
            let e = refusal(fu::import(&db, Some(&sec), HISTORY_SLUG, &bytes).await);
            assert!(e.contains(says), "{what} (follow-up): {e}");
        }
        assert_eq!(
            import_upload::Entity::find().count(&db.conn).await.unwrap(),
            0
        );
        assert_eq!(
            registration::Entity::find().count(&db.conn).await.unwrap(),
            registrations
        );
        assert_eq!(
            (
                deliberation_followup::Entity::find()
                    .count(&db.conn)
                    .await
                    .unwrap(),
                followup_change::Entity::find()
                    .count(&db.conn)
                    .await
                    .unwrap(),
            ),
            followups
        );
    }
);

both_dbs!(an_ods_as_libreoffice_writes_it_imports, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    // The header and two people, then the empty rows and columns LibreOffice repeats to the
    // end of the sheet, and an empty second sheet.
    let row = |a: &str, b: &str| {
        format!(
            r#"<table:table-row>{}{}<table:table-cell table:number-columns-repeated="1022"/></table:table-row>"#,
            ods_string(a),
            ods_string(b)
        )
    };
    let file = ods(&format!(
        r#"<table:table table:name="Delegados"><table:table-column table:number-columns-repeated="1024"/>{}{}{}<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table><table:table table:name="Vazia"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#,
        row("Nome", "Categoria"),
        row("Ana Planilha Aberta", "Convidado"),
        row("Bruno Planilha Aberta", "Observador"),
    ));
    let id = imp::upload(
        &db,
        Some(&com),
        SLUG,
        "delegados.ods",
        &file,
        &imp::DefaultsInput::default(),
        true,
    )
    .await
    .unwrap();
    let pv = imp::preview(&db, Some(&com), SLUG, &id.to_string())
        .await
        .unwrap();
    assert_eq!(pv.total, 2);
    assert_eq!(pv.ready, 2, "{:?}", pv.rejected);
});
