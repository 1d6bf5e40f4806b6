//! DOCX through docx-rs. Headings use the `Heading1`…`Heading3` paragraph styles with outline
//! levels (Word's navigation pane and screen readers see them). docx-rs 0.4 has no API for
//! three things we need, so the built XML parts are patched before zipping: the document
//! language (`w:lang` pt-BR in the default run properties), the core properties (title,
//! author, language) and table header rows (`w:tblHeader`, repeated on each page and read as
//! headers).

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Footer, IndentLevel, Level, LevelJc,
    LevelText, NumPages, NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Pic,
    Run, RunFonts, SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableLayoutType,
    TableRow, WidthType,
};

use crate::Error;
use crate::model::{Block, Doc};
use crate::odt::{esc, xml_char};

/// Text width of an A4 page with 2 cm margins, in twentieths of a point.
const TEXT_WIDTH: usize = 11906 - 2 * 1134;

/// Drops characters XML 1.0 cannot carry (docx-rs escapes the rest).
fn clean(s: &str) -> String {
    s.chars().filter(|&c| xml_char(c)).collect()
}

/// One run per line, joined by line breaks.
fn runs(p: Paragraph, s: &str, style: impl Fn(Run) -> Run) -> Paragraph {
    let s = clean(s);
    let mut p = p;
    let mut lines = s.split('\n').peekable();
    while let Some(line) = lines.next() {
        let mut run = style(Run::new().add_text(line.trim_end_matches('\r')));
        if lines.peek().is_some() {
            run = run.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(run);
    }
    p
}

fn para(s: &str) -> Paragraph {
    runs(Paragraph::new(), s, |r| r)
}

fn styles(docx: Docx) -> Docx {
    let mut docx = docx;
    for (level, size) in [(1usize, 30usize), (2, 25), (3, 22)] {
        docx = docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .q_format(true)
                .size(size)
                .bold()
                .outline_lvl(level - 1),
        );
    }
    docx.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .q_format(true)
            .size(38)
            .bold(),
    )
    .add_style(
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .q_format(true)
            .bold(),
    )
}

fn table(header: &[String], rows: &[Vec<String>], numeric: &[bool], weights: &[u16]) -> Table {
    // Columns sized by their content in the PDF (weight 0) get a fixed narrow width here.
    let narrow = 1500;
    let n_narrow = weights.iter().filter(|w| **w == 0).count();
    let total: usize = weights
        .iter()
        .map(|w| usize::from(*w))
        .sum::<usize>()
        .max(1);
    let free = TEXT_WIDTH.saturating_sub(n_narrow * narrow);
    let widths: Vec<usize> = (0..header.len())
        .map(|i| match weights.get(i).copied().unwrap_or(1) {
            0 => narrow,
            w => free * usize::from(w) / total,
        })
        .collect();
    let wide = free / header.len().max(1);
    let cell = |text: &str, col: usize, bold: bool| {
        let mut p = runs(Paragraph::new(), text, |r| if bold { r.bold() } else { r });
        if numeric.get(col).copied().unwrap_or(false) {
            p = p.align(AlignmentType::Right);
        }
        TableCell::new()
            .width(widths.get(col).copied().unwrap_or(wide), WidthType::Dxa)
            .add_paragraph(p)
    };
    // `cant_split` marks the header row; `finish` turns it into `w:tblHeader`.
    let mut out = vec![
        TableRow::new(
            header
                .iter()
                .enumerate()
                .map(|(i, h)| cell(h, i, true))
                .collect(),
        )
        .cant_split(),
    ];
    for row in rows {
        out.push(TableRow::new(
            row.iter()
                .enumerate()
                .map(|(i, c)| cell(c, i, false))
                .collect(),
        ));
    }
    Table::new(out)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// Numbering id of the bulleted lists (docx-rs's defaults use 1).
const BULLETS: usize = 2;

/// EMU per centimetre.
const EMU_CM: u32 = 360_000;

pub(crate) fn render(doc: &Doc) -> Result<Vec<u8>, Error> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text("Página "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" de "))
            .add_num_pages(NumPages::new()),
    );
    let mut docx = styles(Docx::new())
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1134)
                .right(1134),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Noto Sans")
                .hi_ansi("Noto Sans")
                .cs("Noto Sans"),
        )
        .default_size(21)
        .footer(footer)
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(720),
                    Some(SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .created_at(&doc.generated_at)
        .updated_at(&doc.generated_at);

    docx = docx.add_paragraph(para(&doc.title).style("Title"));
    for line in &doc.subtitle {
        docx = docx.add_paragraph(para(line));
    }
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text } => {
                docx = docx
                    .add_paragraph(para(text).style(&format!("Heading{level}")).keep_next(true));
            }
            Block::Para { text } => docx = docx.add_paragraph(para(text)),
            Block::Empty { text } => {
                docx = docx.add_paragraph(runs(Paragraph::new(), text, |r| r.italic()));
            }
            Block::Fields { items } => {
                for f in items {
                    let p = Paragraph::new().add_run(Run::new().add_text(clean(&f.label)).bold());
                    let p = p.add_run(Run::new().add_text(": "));
                    docx = docx.add_paragraph(runs(p, &f.value, |r| r));
                }
            }
            Block::List { items } => {
                for item in items {
                    let p =
                        Paragraph::new().numbering(NumberingId::new(BULLETS), IndentLevel::new(0));
                    docx = docx.add_paragraph(runs(p, item, |r| r));
                }
            }
            Block::Table {
                caption,
                header,
                rows,
                numeric,
                weights,
            } => {
                docx = docx
                    .add_paragraph(para(caption).style("Caption").keep_next(true))
                    .add_table(table(header, rows, numeric, weights))
                    .add_paragraph(Paragraph::new());
            }
            Block::Entry { head, text, foot } => {
                docx = docx
                    .add_paragraph(runs(Paragraph::new().keep_next(true), head, |r| r.bold()))
                    .add_paragraph(para(text));
                if let Some(foot) = foot {
                    docx = docx.add_paragraph(runs(Paragraph::new(), foot, |r| r.size(18)));
                }
            }
            // The chart's counts are in the table that always follows it.
            Block::Chart { .. } => {}
            Block::Photo { index, caption, .. } => {
                let Some(p) = doc.photos.get(*index) else {
                    continue;
                };
                let width = 12 * EMU_CM;
                let height =
                    (u64::from(width) * u64::from(p.height) / u64::from(p.width.max(1))) as u32;
                let pic = Pic::new_with_dimensions(p.bytes.clone(), p.width, p.height)
                    .size(width, height);
                docx = docx
                    .add_paragraph(
                        Paragraph::new()
                            .keep_next(true)
                            .add_run(Run::new().add_image(pic)),
                    )
                    .add_paragraph(para(caption).style("Caption"));
            }
        }
    }

    let mut xml = docx.build();
    finish(&mut xml, doc);
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| Error::Docx(e.to_string()))?;
    deflate(&out.into_inner()).map_err(|e| Error::Docx(e.to_string()))
}

/// docx-rs stores every part uncompressed (a 1,000-deliberation report is 800 KB); the parts
/// are copied into a deflated archive (about a tenth of that).
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    use zip::CompressionMethod;
    use zip::write::{SimpleFileOptions, ZipWriter};

    let mut input = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut output = ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 4)));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut buf = Vec::new();
    for i in 0..input.len() {
        let mut entry = input.by_index(i)?;
        let name = entry.name()?.into_owned();
        if entry.is_dir() {
            output.add_directory(name, options)?;
            continue;
        }
        buf.clear();
        entry.read_to_end(&mut buf)?;
        output.start_file(name, options)?;
        output.write_all(&buf)?;
    }
    Ok(output.finish()?.into_inner())
}

fn replace_once(buf: &mut Vec<u8>, from: &str, to: &str) -> bool {
    let s = String::from_utf8_lossy(buf);
    if !s.contains(from) {
        return false;
    }
    *buf = s.replacen(from, to, 1).into_bytes();
    true
}

fn replace_all(buf: &mut Vec<u8>, from: &str, to: &str) {
    let s = String::from_utf8_lossy(buf);
    if s.contains(from) {
        *buf = s.replace(from, to).into_bytes();
    }
}

/// The patches docx-rs has no API for (see the module docs).
fn finish(xml: &mut docx_rs::XMLDocx, doc: &Doc) {
    let lang = r#"<w:lang w:val="pt-BR" w:eastAsia="pt-BR" w:bidi="ar-SA" />"#;
    if !replace_once(
        &mut xml.styles,
        "<w:rPrDefault><w:rPr />",
        &format!("<w:rPrDefault><w:rPr>{lang}</w:rPr>"),
    ) {
        replace_once(
            &mut xml.styles,
            "</w:rPr></w:rPrDefault>",
            &format!("{lang}</w:rPr></w:rPrDefault>"),
        );
    }
    replace_all(
        &mut xml.document,
        "<w:cantSplit />",
        "<w:cantSplit /><w:tblHeader />",
    );
    let core = String::from_utf8_lossy(&xml.doc_props.core).into_owned();
    let core = core
        .replace(
            "<dc:creator>unknown</dc:creator>",
            &format!("<dc:creator>{}</dc:creator>", esc(&doc.author)),
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            "<cp:lastModifiedBy>conferencia</cp:lastModifiedBy>",
        )
        .replace(
            "</cp:coreProperties>",
            &format!(
                "<dc:language>pt-BR</dc:language><dc:title>{}</dc:title></cp:coreProperties>",
                esc(&doc.title)
            ),
        );
    xml.doc_props.core = core.into_bytes();
}
