//! Reading an uploaded workbook (XLSX or ODS) without trusting what it claims about itself.
//!
//! A workbook is a zip of XML, and a 1 KB file can say it has a cell at A1 and another at
//! XFD1048576, hold a zip part that unzips to gigabytes, repeat one cell across 16,384 columns and
//! a million rows, or announce a billion shared strings. calamine believes all of it: it builds the
//! sheet's whole bounding box (512 GiB for those two cells) or reserves what the file announces,
//! and the allocation failure aborts the process. So, before calamine builds anything:
//!
//! - every part is unzipped once into nothing, counting: more than [`MAX_UNZIPPED_BYTES`] in all
//!   is refused; the shared-string count an XLSX announces is checked too;
//! - an XLSX sheet is read as a stream of cells (`worksheet_cells_reader`), stopping at the first
//!   cell past the row or column cap, past [`MAX_TEXT_BYTES`] of text or past the most cells the
//!   caps allow; the rows are built only from what was kept;
//! - an ODS `content.xml` is scanned first with the same caps, counting repeated rows and columns
//!   (`number-rows-repeated`, `number-columns-repeated`, `text:s`) as calamine would expand them;
//!   only a file within them goes to calamine;
//! - XLS (Excel 97–2003) and XLSB are refused with a message: calamine parses them whole when
//!   opening, sizing its buffers from the file's own records, and there is no safe way to look
//!   first.

use crate::platform::numbers::thousands;
use calamine::{Data, DataRef, Ods, Reader, Xlsx};
use domain::FieldError;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufRead, BufReader, Cursor, Read};

/// Most bytes all the parts of an XLSX or ODS may unzip to, together.
pub const MAX_UNZIPPED_BYTES: u64 = 64 * 1024 * 1024;
/// Most columns read: data past column CV (the 100th) is refused.
pub const MAX_COLUMNS: u32 = 100;
/// Most bytes of cell text kept from one file (repeated cells counted each time).
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;
/// Rows a sheet's used area may span beyond the data rows allowed (a title, blank lines).
pub const ROW_SLACK: usize = 10;

const CFB_SIGNATURE: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const HOW_TO_SAVE: &str = "Salve a planilha como CSV (UTF-8) ou como XLSX e envie de novo";

fn refuse(msg: impl Into<String>) -> FieldError {
    FieldError::new("file", msg)
}

fn unopenable() -> FieldError {
    refuse(format!(
        "Não foi possível abrir a planilha (XLSX ou ODS): o arquivo parece corrompido ou protegido por senha. {HOW_TO_SAVE}"
    ))
}

/// The letters of a column (0 → A, 99 → CV).
fn column_name(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The caps of one read: `rows` data rows (the used area may span [`ROW_SLACK`] more), named
/// `what` in the messages ("pessoas", "deliberações").
#[derive(Debug, Clone, Copy)]
pub struct Caps<'a> {
    pub rows: usize,
    pub what: &'a str,
}

impl Caps<'_> {
    fn span(&self) -> u64 {
        (self.rows + ROW_SLACK) as u64
    }

    /// The most cells the caps allow in one file (all its sheets).
    fn cells(&self) -> u64 {
        self.span() * u64::from(MAX_COLUMNS)
    }

    fn too_many_rows(&self) -> FieldError {
        refuse(format!(
            "A planilha tem mais de {} linhas; o limite é {} {} por arquivo. Divida a lista em arquivos menores",
            thousands(self.rows as u64),
            thousands(self.rows as u64),
            self.what
        ))
    }

    fn too_many_cells(&self) -> FieldError {
        refuse(format!(
            "A planilha tem células demais nas suas abas (mais de {}). Copie só a lista para uma planilha nova e envie de novo",
            thousands(self.cells())
        ))
    }
}

fn too_many_columns() -> FieldError {
    refuse(format!(
        "A planilha tem dados depois da coluna {} (a {}ª); o limite é {} colunas. Apague as colunas que sobram, ou copie só a lista para uma planilha nova, e envie de novo",
        column_name(MAX_COLUMNS - 1),
        MAX_COLUMNS,
        MAX_COLUMNS
    ))
}

fn too_much_text() -> FieldError {
    refuse(format!(
        "A planilha tem texto demais (mais de {} MB nas células). Divida a lista em arquivos menores",
        MAX_TEXT_BYTES / (1024 * 1024)
    ))
}

fn too_big_unzipped() -> FieldError {
    refuse(format!(
        "A planilha ocupa mais de {} MB quando descompactada (abas, imagens ou formatação demais). Copie só a lista para uma planilha nova, salve como XLSX ou CSV e envie de novo",
        MAX_UNZIPPED_BYTES / (1024 * 1024)
    ))
}

/// Whether the bytes are an XLSX/ODS (a zip) or an XLS (a compound file): the files
/// [`first_sheet`] answers for.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&CFB_SIGNATURE)
}

/// The first sheet with data of an XLSX or ODS, as the rows of its used area (from its first used
/// row and column, every row as wide as the widest), within `caps`, [`MAX_COLUMNS`] and
/// [`MAX_TEXT_BYTES`]; otherwise why not, in pt-BR, for the field `file`.
pub fn first_sheet(bytes: &[u8], caps: Caps<'_>) -> Result<Vec<Vec<Data>>, FieldError> {
    if bytes.starts_with(&CFB_SIGNATURE) {
        return Err(refuse(
            "Planilhas no formato antigo do Excel (.xls, 97–2003) não são aceitas. Abra o arquivo no Excel ou no LibreOffice, salve como XLSX (Pasta de Trabalho do Excel) ou CSV (UTF-8) e envie de novo",
        ));
    }
    // A malformed file can still make a parser panic (an index past a buffer): a refusal, not a
    // dead request.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        match unzip_check(bytes, caps)? {
            Kind::Ods => {
                scan_ods(bytes, caps)?;
                read_ods(bytes)
            }
            Kind::Xlsx => read_xlsx(bytes, caps),
        }
    }))
    .unwrap_or_else(|_| Err(unopenable()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Ods,
}

/// A reader that fails once more than its share of bytes came through.
struct Capped<'a, R> {
    inner: R,
    left: &'a mut u64,
    over: &'a mut bool,
}

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > *self.left {
            *self.over = true;
            *self.left = 0;
            return Err(std::io::Error::other("unzipped size over the cap"));
        }
        *self.left -= n as u64;
        Ok(n)
    }
}

fn xml_reader<R: BufRead>(r: R) -> quick_xml::Reader<R> {
    // The configuration calamine reads with.
    let mut x = quick_xml::Reader::from_reader(r);
    let c = x.config_mut();
    c.check_end_names = false;
    c.trim_text(false);
    c.check_comments = false;
    c.expand_empty_elements = true;
    x
}

/// Unzips every part once into nothing, within [`MAX_UNZIPPED_BYTES`] together; tells an ODS
/// from an XLSX, refuses an XLSB, and checks the shared-string count an XLSX announces (calamine
/// reserves room for that many before reading one).
fn unzip_check(bytes: &[u8], caps: Caps<'_>) -> Result<Kind, FieldError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unopenable())?;
    let mut left = MAX_UNZIPPED_BYTES;
    let mut over = false;
    let mut kind = Kind::Xlsx;
    let mut xlsb = false;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|_| unopenable())?;
        let name = f
            .name()
            .map_err(|_| unopenable())?
            .replace('\\', "/")
            .to_ascii_lowercase();
        let mut r = Capped {
            inner: f,
            left: &mut left,
            over: &mut over,
        };
        let outcome = check_part(&name, &mut r, caps);
        drop(r);
        if over {
            return Err(too_big_unzipped());
        }
        match outcome? {
            Part::OdsMimetype => kind = Kind::Ods,
            Part::XlsbWorkbook => xlsb = true,
            Part::Other => {}
        }
    }
    if xlsb && kind != Kind::Ods {
        return Err(refuse(
            "Planilhas no formato binário do Excel (.xlsb) não são aceitas. Abra o arquivo no Excel, salve como XLSX (Pasta de Trabalho do Excel) ou CSV (UTF-8) e envie de novo",
        ));
    }
    Ok(kind)
}

/// What a part of the zip tells about the file.
enum Part {
    /// `mimetype` says ODS spreadsheet.
    OdsMimetype,
    /// The binary workbook of an XLSB.
    XlsbWorkbook,
    Other,
}

/// Unzips one part into nothing, noting what it tells.
fn check_part<R: Read>(name: &str, r: &mut R, caps: Caps<'_>) -> Result<Part, FieldError> {
    let mut found = Part::Other;
    if name == "mimetype" {
        let mut head = Vec::new();
        r.by_ref()
            .take(ODS_MIMETYPE.len() as u64)
            .read_to_end(&mut head)
            .map_err(|_| unopenable())?;
        if head == ODS_MIMETYPE {
            found = Part::OdsMimetype;
        }
    } else if name.ends_with("workbook.bin") {
        found = Part::XlsbWorkbook;
    } else if name.ends_with("sharedstrings.xml") {
        let mut x = xml_reader(BufReader::new(&mut *r));
        shared_strings_count(&mut x, caps)?;
        std::io::copy(x.get_mut(), &mut std::io::sink()).map_err(|_| unopenable())?;
    }
    std::io::copy(r, &mut std::io::sink()).map_err(|_| unopenable())?;
    Ok(found)
}

/// The `uniqueCount` (and `count`) of an `sst` element, which calamine reserves room for: plain
/// numbers within the most cells the caps allow.
fn shared_strings_count<R: BufRead>(
    x: &mut quick_xml::Reader<R>,
    caps: Caps<'_>,
) -> Result<(), FieldError> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match x.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|_| unopenable())?;
                    if matches!(a.key.as_ref(), "uniqueCount" | "count") {
                        let v: &str = a.value.as_ref();
                        let n = Some(v)
                            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                            .and_then(|s| s.parse::<u64>().ok());
                        match n {
                            Some(n) if n <= caps.cells() => {}
                            Some(_) => return Err(caps.too_many_cells()),
                            None => return Err(unopenable()),
                        }
                    }
                }
                return Ok(());
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(_) => return Err(unopenable()),
        }
    }
}

fn text_len(v: &DataRef<'_>) -> u64 {
    match v {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len() as u64,
        DataRef::SharedString(s) => s.len() as u64,
        _ => 0,
    }
}

/// An XLSX: its sheets read as streams of cells, the first with data kept.
fn read_xlsx(bytes: &[u8], caps: Caps<'_>) -> Result<Vec<Vec<Data>>, FieldError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| unopenable())?;
    let names = wb.sheet_names().to_vec();
    'sheets: for name in names {
        // Not a worksheet (a chart sheet) or unreadable: the next one, as before.
        let Ok(mut cells) = wb.worksheet_cells_reader(&name) else {
            continue;
        };
        let mut kept: Vec<(u32, u32, Data)> = Vec::new();
        let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0u32, u32::MAX, 0u32);
        let mut text = 0u64;
        loop {
            let cell = match cells.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(_) => continue 'sheets,
            };
            let value = cell.get_value();
            if *value == DataRef::Empty {
                continue;
            }
            let (row, col) = cell.get_position();
            if col >= MAX_COLUMNS {
                return Err(too_many_columns());
            }
            top = top.min(row);
            bottom = bottom.max(row);
            left = left.min(col);
            right = right.max(col);
            if u64::from(bottom - top) >= caps.span() {
                return Err(caps.too_many_rows());
            }
            text += text_len(value);
            if text > MAX_TEXT_BYTES {
                return Err(too_much_text());
            }
            // The same cell written over and over.
            if kept.len() as u64 >= caps.cells() {
                return Err(caps.too_many_cells());
            }
            kept.push((row, col, value.clone().into()));
        }
        if kept.is_empty() {
            continue;
        }
        let width = (right - left + 1) as usize;
        let mut rows = vec![vec![Data::Empty; width]; (bottom - top + 1) as usize];
        for (row, col, v) in kept {
            rows[(row - top) as usize][(col - left) as usize] = v;
        }
        return Ok(rows);
    }
    Err(refuse("A planilha está vazia: nenhuma aba tem dados"))
}

/// An ODS already scanned by [`scan_ods`]: calamine reads it.
fn read_ods(bytes: &[u8]) -> Result<Vec<Vec<Data>>, FieldError> {
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|_| unopenable())?;
    let names = wb.sheet_names().to_vec();
    for name in names {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        if range.is_empty() {
            continue;
        }
        return Ok(range.rows().map(|r| r.to_vec()).collect());
    }
    Err(refuse("A planilha está vazia: nenhuma aba tem dados"))
}

/// A count attribute (`table:number-rows-repeated`…): absent is 1; not a number, unreadable.
fn count_attr(e: &BytesStart<'_>, key: &str) -> Result<u64, FieldError> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|_| unopenable())?;
        if a.key.as_ref() == key {
            return a.value.trim().parse::<u64>().map_err(|_| unopenable());
        }
    }
    Ok(1)
}

/// The attributes that give an ODS cell a value (or a formula) for calamine.
const ODS_VALUE_ATTRS: [&str; 8] = [
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "office:value-type",
    "calcext:value-type",
    "table:formula",
];

/// Scans an ODS's `content.xml` as calamine will read it (every table, repeated rows and columns
/// expanded in the count, never in memory) and refuses what would go past the caps.
fn scan_ods(bytes: &[u8], caps: Caps<'_>) -> Result<(), FieldError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unopenable())?;
    let f = zip.by_name("content.xml").map_err(|_| unopenable())?;
    let mut x = xml_reader(BufReader::new(f));
    // calamine waits for some end tags by name (a table's, a note's) and, when the file ends
    // first, loops forever (found by fuzzing, crates/fuzz): only XML whose end tags match their
    // start tags, with every table closed, goes on to it.
    x.config_mut().check_end_names = true;
    let mut open_tables = 0u32;
    let mut buf = Vec::new();
    let mut cells = 0u64;
    let mut text = 0u64;
    // The table being read: the next row's index, the first and last rows with a value, and
    // the widest of them.
    let mut row = 0u64;
    let mut used: Option<(u64, u64)> = None;
    let mut width = 0u64;
    loop {
        buf.clear();
        match x.read_event_into(&mut buf).map_err(|_| unopenable())? {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                open_tables += 1;
                cells = cells.saturating_add(table_area(&mut used, &mut width));
                row = 0;
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                open_tables = open_tables.saturating_sub(1);
                cells = cells.saturating_add(table_area(&mut used, &mut width));
                if cells > caps.cells() {
                    return Err(caps.too_many_cells());
                }
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                let repeats = count_attr(&e, "table:number-rows-repeated")?;
                let (last_col, row_text) = scan_ods_row(&mut x)?;
                if let Some(last_col) = last_col {
                    if last_col >= u64::from(MAX_COLUMNS) {
                        return Err(too_many_columns());
                    }
                    let last_row = row.saturating_add(repeats.max(1) - 1);
                    let (top, _) = *used.get_or_insert((row, last_row));
                    used = Some((top, last_row));
                    if last_row - top >= caps.span() {
                        return Err(caps.too_many_rows());
                    }
                    width = width.max(last_col + 1);
                    text = text.saturating_add(row_text.saturating_mul(repeats.max(1)));
                    if text > MAX_TEXT_BYTES {
                        return Err(too_much_text());
                    }
                }
                row = row.saturating_add(repeats);
            }
            Event::Eof if open_tables > 0 => return Err(unopenable()),
            Event::Eof => break,
            _ => {}
        }
    }
    cells = cells.saturating_add(table_area(&mut used, &mut width));
    if cells > caps.cells() {
        return Err(caps.too_many_cells());
    }
    Ok(())
}

/// The cells of a table's used area (its rows with a value × the widest of them); starts the next.
fn table_area(used: &mut Option<(u64, u64)>, width: &mut u64) -> u64 {
    let area = used.map_or(0, |(top, bottom)| (bottom - top + 1).saturating_mul(*width));
    *used = None;
    *width = 0;
    area
}

/// One ODS row up to its end: the last column holding a value (repeats counted) and the text its
/// cells hold (repeats counted).
fn scan_ods_row<R: BufRead>(
    x: &mut quick_xml::Reader<R>,
) -> Result<(Option<u64>, u64), FieldError> {
    let mut buf = Vec::new();
    let mut col = 0u64;
    let mut last = None;
    let mut text = 0u64;
    loop {
        buf.clear();
        match x.read_event_into(&mut buf).map_err(|_| unopenable())? {
            Event::Start(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let repeats = count_attr(&e, "table:number-columns-repeated")?;
                let mut valued = false;
                let mut cell_text = 0u64;
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|_| unopenable())?;
                    if ODS_VALUE_ATTRS.contains(&a.key.as_ref()) {
                        valued = true;
                        cell_text += a.value.len() as u64;
                    }
                }
                cell_text = cell_text.saturating_add(scan_ods_cell(x)?);
                if valued {
                    let n = repeats.max(1);
                    last = Some(col.saturating_add(n - 1));
                    text = text.saturating_add(cell_text.saturating_mul(n));
                }
                col = col.saturating_add(repeats);
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                return Ok((last, text));
            }
            Event::Eof => return Err(unopenable()),
            _ => {}
        }
    }
}

/// The content of an ODS cell up to its end: how much text it makes (`text:s` counts its spaces).
fn scan_ods_cell<R: BufRead>(x: &mut quick_xml::Reader<R>) -> Result<u64, FieldError> {
    let mut buf = Vec::new();
    let mut depth = 1u32;
    let mut text = 0u64;
    loop {
        buf.clear();
        match x.read_event_into(&mut buf).map_err(|_| unopenable())? {
            Event::Start(e) => {
                depth += 1;
                let n = if e.name().as_ref() == "text:s" {
                    e.attributes()
                        .with_checks(false)
                        .flatten()
                        .find(|a| a.key.as_ref() == "text:c")
                        .and_then(|a| a.value.trim().parse::<u64>().ok())
                        .unwrap_or(1)
                } else {
                    1
                };
                text = text.saturating_add(n);
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return Ok(text);
                }
            }
            Event::Text(t) => text = text.saturating_add(t.len() as u64),
            Event::CData(t) => text = text.saturating_add(t.len() as u64),
            Event::GeneralRef(r) => text = text.saturating_add(r.len() as u64 + 2),
            Event::Eof => return Err(unopenable()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(99), "CV");
        assert_eq!(column_name(16_383), "XFD");
    }

    /// Found by fuzzing (crates/fuzz, target `ods`; the files are under
    /// `crates/fuzz/regressions/ods/`): calamine loops forever on a table or a note the file
    /// never closes, so the scan refuses them before calamine reads anything.
    #[test]
    fn unclosed_tables_and_notes_are_refused_before_calamine() {
        use std::io::Write;
        let head = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>"#;
        let cell = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Nome</text:p></table:table-cell></table:table-row>"#;
        let tail = "</office:spreadsheet></office:body></office:document-content>";
        let ods = |content: &str| {
            let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for (name, body) in [
                ("mimetype", ODS_MIMETYPE),
                ("content.xml", content.as_bytes()),
            ] {
                w.start_file(name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                w.write_all(body).unwrap();
            }
            w.finish().unwrap().into_inner()
        };
        let caps = Caps {
            rows: 100,
            what: "pessoas",
        };
        assert!(
            scan_ods(
                &ods(&format!(
                    r#"{head}<table:table table:name="A">{cell}</table:table>{tail}"#
                )),
                caps
            )
            .is_ok()
        );
        for bad in [
            format!(r#"{head}<table:table table:name="A">{cell}"#),
            format!(r#"{head}<table:table-row><table:table table:name="A"></table:table-row>"#),
            format!(
                r#"{head}<table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><office:annotation></table:table-cell></table:table-row></table:table-row></table:table>{tail}"#
            ),
        ] {
            let e = scan_ods(&ods(&bad), caps).unwrap_err();
            assert!(e.message.contains("corrompido"), "{bad}: {}", e.message);
        }
    }
}
