//! The import's limits, and reading an uploaded sheet (CSV or XLSX) into text cells.

use super::*;

/// Largest file accepted (bytes).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Most data rows accepted in one file.
pub const MAX_ROWS: usize = 10_000;
/// How long an upload waits for its commit.
pub(super) const KEEP_HOURS: i64 = 24;
/// Rows shown as ready in the preview (all problems are always shown).
pub(super) const READY_SHOWN: usize = 50;

/// A spreadsheet read into text cells: the header row and the data rows (blank rows dropped; each
/// keeps its line number in the file, counting the header as line 1).
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

fn unreadable(msg: impl Into<String>) -> FieldError {
    FieldError::new("file", msg)
}

const HOW_TO_SAVE: &str = "Salve a planilha como CSV (UTF-8) ou como XLSX e envie de novo";

/// Reads a file as a spreadsheet: XLSX or ODS by their signature (XLS refused), anything else as
/// CSV text.
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet, FieldError> {
    read_table(bytes, "pessoas")
}

/// [`read_sheet`] for a spreadsheet whose rows are `what` (plural, for the messages:
/// "pessoas", "deliberações").
pub fn read_table(bytes: &[u8], what: &str) -> Result<Sheet, FieldError> {
    if bytes.is_empty() {
        return Err(unreadable("O arquivo está vazio"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(unreadable(format!(
            "O arquivo tem {:.1} MB; o limite é {} MB. Divida a lista em arquivos menores",
            bytes.len() as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        )));
    }
    let cells = if crate::platform::workbook::is_workbook(bytes) {
        read_workbook(bytes, what)?
    } else {
        read_csv(&decode(bytes)?)?
    };
    let mut it = cells
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i + 1, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
    let Some((_, headers)) = it.next() else {
        return Err(unreadable("A planilha está vazia: não há nenhuma linha"));
    };
    let headers: Vec<String> = headers.into_iter().map(|h| h.trim().to_owned()).collect();
    let rows: Vec<(usize, Vec<String>)> = it.take(MAX_ROWS + 1).collect();
    if rows.len() > MAX_ROWS {
        return Err(unreadable(format!(
            "A planilha tem mais de {} linhas; o limite é {} {what} por arquivo. Divida a lista em arquivos menores",
            fmt_int(MAX_ROWS),
            fmt_int(MAX_ROWS)
        )));
    }
    if rows.is_empty() {
        return Err(unreadable(format!(
            "A planilha só tem a linha de títulos: não há {what} para importar"
        )));
    }
    Ok(Sheet { headers, rows })
}

/// A row count as pt-BR writes it (10.000).
fn fmt_int(n: usize) -> String {
    crate::platform::numbers::thousands(n as u64)
}

/// Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 (what Excel
/// writes on Windows in Brazil). Refuses what is not text or was already corrupted.
pub fn decode(bytes: &[u8]) -> Result<String, FieldError> {
    let broken = || {
        unreadable(format!(
            "Não foi possível ler o arquivo: a codificação do texto está corrompida ou ele não é uma planilha. {HOW_TO_SAVE}"
        ))
    };
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8(rest.to_vec()).map_err(|_| broken())?
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(broken());
        }
        text.into_owned()
    } else if bytes.contains(&0) {
        return Err(broken());
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                text.into_owned()
            }
        }
    };
    let bad = text
        .chars()
        .filter(|c| *c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\r' | '\n')))
        .count();
    if bad > 0 {
        return Err(broken());
    }
    Ok(text)
}

/// A text cell as read: trimmed, without the `'` our own CSVs put in front of a cell a
/// spreadsheet would take for a formula ([`domain::csv_text::restore`]), so that a file we wrote
/// (the territorial delegates, the rejected rows, the follow-up sheet) imports as it was.
fn read_cell(c: &str) -> String {
    domain::csv_text::restore(c.trim()).trim().to_owned()
}

fn read_csv(text: &str) -> Result<Vec<Vec<String>>, FieldError> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(rules::separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            unreadable(format!(
                "O CSV está mal formado perto da linha {line} (aspas sem fechar?). {HOW_TO_SAVE}"
            ))
        })?;
        out.push(rec.iter().map(read_cell).collect());
        if out.len() > MAX_ROWS + 10 {
            // Enough to know the file is over the limit; stop reading.
            out.push(vec!["…".into()]);
            break;
        }
    }
    Ok(out)
}

/// An XLSX or ODS read within the row, column and size caps ([`crate::platform::workbook`]: nothing is
/// built past them, so a small file cannot claim huge memory); XLS and XLSB are refused.
fn read_workbook(bytes: &[u8], what: &str) -> Result<Vec<Vec<String>>, FieldError> {
    use calamine::Data;
    let caps = crate::platform::workbook::Caps {
        rows: MAX_ROWS,
        what,
    };
    let rows = crate::platform::workbook::first_sheet(bytes, caps)?;
    Ok(rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty | Data::Error(_) => String::new(),
                    Data::String(s) => read_cell(s),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => if *b { "sim" } else { "não" }.to_owned(),
                    Data::DateTime(d) => excel_date(d.as_f64()),
                    Data::DateTimeIso(s) => s.chars().take(10).collect(),
                    Data::DurationIso(s) => s.clone(),
                })
                .collect()
        })
        .collect())
}

/// A date from its spreadsheet serial number (days since 1899-12-30, the 1900 date system);
/// empty when there is no such date. `Duration::days` panics past about 2.5 × 10¹⁴ days, which a
/// date-styled cell can hold (found by fuzzing, crates/fuzz): `try_days`.
fn excel_date(serial: f64) -> String {
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .zip(Duration::try_days(serial.floor() as i64))
        .and_then(|(d, days)| d.checked_add_signed(days))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing (crates/fuzz, target `xlsx`): a date-styled cell holding 1e20 made
    /// `Duration::days` panic while the sheet was turned into text.
    #[test]
    fn serial_dates_out_of_range_are_empty_not_a_panic() {
        assert_eq!(excel_date(45_000.75), "2023-03-15");
        assert_eq!(excel_date(1.0), "1899-12-31");
        for serial in [1e20, -1e20, 1e300, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(excel_date(serial), "", "{serial}");
        }
        let _ = excel_date(f64::NAN);
    }

    #[test]
    fn rejected_rows_are_formula_safe_and_read_back() {
        // Issue 19: what a council typed goes back to it as text, and the fixed file imports
        // with the cells as they were.
        let sheet = Sheet {
            headers: vec!["Nome".into(), "Telefone".into()],
            rows: vec![(2, vec!["=1+1".into(), "+55 37 3333-0000".into()])],
        };
        let csv = rejected_to_csv(&sheet, &[(2, vec!["Falta a categoria".into()])]);
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "Linha;Nome;Telefone;Motivos\r\n2;'=1+1;'+55 37 3333-0000;Falta a categoria\r\n"
        );
        let back = read_sheet(&csv).unwrap();
        assert_eq!(back.rows[0].1[1..3], ["=1+1", "+55 37 3333-0000"]);
    }

    #[test]
    fn decodes_the_encodings_councils_send() {
        let utf8 = "Nome;Segmento\nJoão;Usuário\n";
        assert_eq!(decode(utf8.as_bytes()).unwrap(), utf8);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(utf8.as_bytes());
        assert_eq!(decode(&bom).unwrap(), utf8);
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(utf8);
        assert_ne!(&cp1252[..], utf8.as_bytes());
        assert_eq!(decode(&cp1252).unwrap(), utf8);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in utf8.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap(), utf8);
        // UTF-16 without its BOM, binary data and already-mangled text are refused.
        assert!(decode(&utf16[2..]).is_err());
        assert!(decode(&[0x00, 0x01, 0x02, 0xff]).is_err());
        assert!(decode("Jo\u{FFFD}o;Usuário".as_bytes()).is_err());
    }

    #[test]
    fn limits_are_messages() {
        let mut big = String::from("Nome\n");
        for i in 0..(MAX_ROWS + 5) {
            big.push_str(&format!("Pessoa {i}\n"));
        }
        let e = read_sheet(big.as_bytes()).unwrap_err();
        assert!(e.message.contains("10.000"), "{}", e.message);
        assert!(
            read_sheet(&vec![b'a'; MAX_BYTES + 1])
                .unwrap_err()
                .message
                .contains("limite")
        );
        assert!(read_sheet(b"").unwrap_err().message.contains("vazio"));
        assert!(
            read_sheet(b"Nome;CPF\n")
                .unwrap_err()
                .message
                .contains("títulos")
        );
        assert_eq!(fmt_int(10_000), "10.000");
        assert_eq!(fmt_int(999), "999");
    }

    #[test]
    fn recognition_gives_a_field_to_one_column() {
        let h: Vec<String> = ["Nome", "Celular", "Telefone", "Obs"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            recognize(&h),
            vec![Some(Field::Name), Some(Field::Phone), None, None]
        );
        let m = recognize(&h);
        assert_eq!(mapping_from_json(&mapping_to_json(&m), 4), m);
        assert_eq!(clean_file_name("C:\\Users\\x\\lista.csv"), "lista.csv");
        assert_eq!(clean_file_name(""), "planilha");
    }
}
