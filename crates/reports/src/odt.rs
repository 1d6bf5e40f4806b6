//! ODT: an OpenDocument text package written by hand. `mimetype` comes first and is stored
//! uncompressed (ODF 1.3 §3.3), then `META-INF/manifest.xml`, `content.xml`, `styles.xml`,
//! `meta.xml` and the photos under `Pictures/`.

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use crate::Error;
use crate::model::{Block, Doc};

const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3""#;

/// Whether XML 1.0 can carry `c` (control characters other than tab and line ends cannot).
pub(crate) fn xml_char(c: char) -> bool {
    ((c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r')) && c != '\u{FFFE}' && c != '\u{FFFF}'
}

/// Escapes text for XML content or attributes and drops characters XML 1.0 cannot carry.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Paragraph content: escaped, line breaks and tabs as ODF elements, runs of spaces kept.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut lines = s.split('\n').peekable();
    while let Some(line) = lines.next() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let escaped = esc(line);
        let mut prev_space = false;
        for ch in escaped.chars() {
            match ch {
                '\t' => out.push_str("<text:tab/>"),
                ' ' if prev_space => out.push_str("<text:s/>"),
                c => out.push(c),
            }
            prev_space = ch == ' ';
        }
        if lines.peek().is_some() {
            out.push_str("<text:line-break/>");
        }
    }
    out
}

fn para(out: &mut String, style: &str, body: &str) {
    let _ = write!(out, r#"<text:p text:style-name="{style}">{body}</text:p>"#);
}

fn content_xml(doc: &Doc) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:automatic-styles><style:style style:name="Bold" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="TableColumn" style:family="table-column"/><style:style style:name="Table" style:family="table"><style:table-properties style:width="17cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.3cm"/></style:style><style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #8c8c8c"/></style:style></office:automatic-styles><office:body><office:text>"#
    );
    para(&mut o, "Title", &text(&doc.title));
    for line in &doc.subtitle {
        para(&mut o, "Subtitle", &text(line));
    }
    let mut tables = 0;
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text: t } => {
                let _ = write!(
                    o,
                    r#"<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{}</text:h>"#,
                    text(t)
                );
            }
            Block::Para { text: t } => para(&mut o, "Text_20_body", &text(t)),
            Block::Empty { text: t } => para(&mut o, "Empty", &text(t)),
            Block::Fields { items } => {
                for f in items {
                    para(
                        &mut o,
                        "Text_20_body",
                        &format!(
                            r#"<text:span text:style-name="Bold">{}:</text:span> {}"#,
                            text(&f.label),
                            text(&f.value)
                        ),
                    );
                }
            }
            Block::List { items } => {
                o.push_str(r#"<text:list text:style-name="Bullets">"#);
                for item in items {
                    o.push_str("<text:list-item>");
                    para(&mut o, "List_20_Contents", &text(item));
                    o.push_str("</text:list-item>");
                }
                o.push_str("</text:list>");
            }
            Block::Table {
                caption,
                header,
                rows,
                ..
            } => {
                tables += 1;
                para(&mut o, "Table_20_Caption", &text(caption));
                let _ = write!(
                    o,
                    r#"<table:table table:name="Tabela{tables}" table:style-name="Table"><table:table-column table:style-name="TableColumn" table:number-columns-repeated="{}"/><table:table-header-rows><table:table-row>"#,
                    header.len()
                );
                for h in header {
                    o.push_str(
                        r#"<table:table-cell table:style-name="Cell" office:value-type="string">"#,
                    );
                    para(&mut o, "Table_20_Heading", &text(h));
                    o.push_str("</table:table-cell>");
                }
                o.push_str("</table:table-row></table:table-header-rows>");
                for row in rows {
                    o.push_str("<table:table-row>");
                    for cell in row {
                        o.push_str(r#"<table:table-cell table:style-name="Cell" office:value-type="string">"#);
                        para(&mut o, "Table_20_Contents", &text(cell));
                        o.push_str("</table:table-cell>");
                    }
                    o.push_str("</table:table-row>");
                }
                o.push_str("</table:table>");
            }
            Block::Entry {
                head,
                text: t,
                foot,
            } => {
                para(&mut o, "Entry_20_Head", &text(head));
                para(&mut o, "Text_20_body", &text(t));
                if let Some(f) = foot {
                    para(&mut o, "Entry_20_Foot", &text(f));
                }
            }
            // The chart's counts are in the table that always follows it.
            Block::Chart { .. } => {}
            Block::Photo { index, caption, .. } => {
                let Some(p) = doc.photos.get(*index) else {
                    continue;
                };
                let width_cm = 12.0_f64;
                let height_cm = width_cm * f64::from(p.height) / f64::from(p.width);
                let _ = write!(
                    o,
                    r#"<text:p text:style-name="Figure"><draw:frame draw:name="Foto{n}" text:anchor-type="as-char" svg:width="{width_cm:.2}cm" svg:height="{height_cm:.2}cm"><draw:image xlink:href="Pictures/{file}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/><svg:title>{alt}</svg:title><svg:desc>{alt}</svg:desc></draw:frame></text:p>"#,
                    n = index + 1,
                    file = p.file_name(*index),
                    alt = esc(caption),
                );
                para(&mut o, "Figure_20_Caption", &text(caption));
            }
        }
    }
    o.push_str("</office:text></office:body></office:document-content>");
    o
}

fn styles_xml() -> String {
    let mut headings = String::new();
    for (level, size) in [(1, "15pt"), (2, "12.5pt"), (3, "11pt")] {
        let _ = write!(
            headings,
            r#"<style:style style:name="Heading_20_{level}" style:display-name="Heading {level}" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="{level}" style:class="text"><style:text-properties fo:font-size="{size}" fo:font-weight="bold"/></style:style>"#
        );
    }
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}><office:font-face-decls><style:font-face style:name="Noto Sans" svg:font-family="'Noto Sans'" style:font-family-generic="swiss"/></office:font-face-decls><office:styles><style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/><style:text-properties style:font-name="Noto Sans" fo:font-size="10.5pt" fo:language="pt" fo:country="BR"/></style:default-style><style:style style:name="Standard" style:family="paragraph" style:class="text"/><style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/></style:style><style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text"><style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.25cm" fo:keep-with-next="always"/></style:style>{headings}<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading" style:class="chapter"><style:text-properties fo:font-size="19pt" fo:font-weight="bold"/></style:style><style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter"><style:text-properties fo:font-size="11pt"/></style:style><style:style style:name="Empty" style:family="paragraph" style:parent-style-name="Text_20_body"><style:text-properties fo:font-style="italic"/></style:style><style:style style:name="Entry_20_Head" style:display-name="Entry Head" style:family="paragraph" style:parent-style-name="Text_20_body"><style:paragraph-properties fo:margin-top="0.3cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Entry_20_Foot" style:display-name="Entry Foot" style:family="paragraph" style:parent-style-name="Text_20_body"><style:text-properties fo:font-size="9pt" fo:color="#464646"/></style:style><style:style style:name="List_20_Contents" style:display-name="List Contents" style:family="paragraph" style:parent-style-name="Standard"/><style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"><style:paragraph-properties fo:margin-bottom="0cm"/></style:style><style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Table_20_Caption" style:display-name="Table Caption" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"><style:paragraph-properties fo:margin-top="0.2cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Figure" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:keep-with-next="always"/></style:style><style:style style:name="Figure_20_Caption" style:display-name="Figure Caption" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"><style:text-properties fo:font-style="italic"/></style:style><text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.6cm" fo:text-indent="-0.4cm" fo:margin-left="0.6cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style></office:styles><office:automatic-styles><style:page-layout style:name="Page"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles><office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Page"><style:footer><text:p text:style-name="Standard">Página <text:page-number text:select-page="current"/> de <text:page-count/></text:p></style:footer></style:master-page></office:master-styles></office:document-styles>"##
    )
}

fn meta_xml(doc: &Doc) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NS}><office:meta><meta:generator>conferencia</meta:generator><dc:title>{title}</dc:title><meta:initial-creator>{author}</meta:initial-creator><dc:creator>{author}</dc:creator><dc:language>pt-BR</dc:language><meta:creation-date>{date}</meta:creation-date></office:meta></office:document-meta>"#,
        title = esc(&doc.title),
        author = esc(&doc.author),
        date = esc(doc.generated_at.trim_end_matches('Z')),
    )
}

fn manifest_xml(doc: &Doc) -> String {
    let mut m = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>"#,
    );
    for (i, p) in doc.photos.iter().enumerate() {
        let _ = write!(
            m,
            r#"<manifest:file-entry manifest:full-path="Pictures/{}" manifest:media-type="{}"/>"#,
            p.file_name(i),
            p.kind.media_type()
        );
    }
    m.push_str("</manifest:manifest>");
    m
}

pub(crate) fn render(doc: &Doc) -> Result<Vec<u8>, Error> {
    let err = |e: &dyn std::fmt::Display| Error::Odt(e.to_string());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);

    zip.start_file("mimetype", stored).map_err(|e| err(&e))?;
    zip.write_all(MIMETYPE.as_bytes()).map_err(|e| err(&e))?;
    let parts = [
        ("META-INF/manifest.xml", manifest_xml(doc)),
        ("content.xml", content_xml(doc)),
        ("styles.xml", styles_xml()),
        ("meta.xml", meta_xml(doc)),
    ];
    for (name, xml) in parts {
        zip.start_file(name, deflated).map_err(|e| err(&e))?;
        zip.write_all(xml.as_bytes()).map_err(|e| err(&e))?;
    }
    for (i, p) in doc.photos.iter().enumerate() {
        zip.start_file(format!("Pictures/{}", p.file_name(i)), stored)
            .map_err(|e| err(&e))?;
        zip.write_all(&p.bytes).map_err(|e| err(&e))?;
    }
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_breaks_kept() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
        assert_eq!(esc("a\u{0}b\u{1b}c"), "abc");
        assert_eq!(
            text("a\nb  c\td"),
            "a<text:line-break/>b <text:s/>c<text:tab/>d"
        );
    }
}
