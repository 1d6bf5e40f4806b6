//! The one CSV writer of the product, safe to open in a spreadsheet (OWASP "CSV
//! injection"), and its inverse for our own imports.
//!
//! Every CSV we write (questionnaire results, rejected rows of an import, territorial delegates,
//! the follow-up sheet, the report's open data) goes through [`Writer`]: `;` between cells, CRLF
//! between rows, UTF-8 with a BOM (what Excel in Brazil opens without asking), cells quoted when
//! they hold `;`, `"` or a line break.
//!
//! **Formulas.** A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! taken for a formula by Excel, LibreOffice and Google Sheets; [`neutralize`] puts a single
//! quote `'` in front of it so the spreadsheet shows it as text. The rule is OWASP's simplest one
//! and applies to *every* cell, numbers included: our numeric columns (counts, codes, positions,
//! means) are never negative, so in practice no number is touched; a negative number would come
//! out as `'-3`. A cell that already starts with `'` also gets one more, so that [`restore`]
//! (used by `app::participants::import::read_table` on every cell it reads) gives back exactly what was
//! written: a phone `+55 37 …` exported as `'+55 37 …` is imported again as `+55 37 …`.

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula (OWASP), plus our own
/// escape `'`.
const TRIGGERS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// `cell` with a `'` in front when it starts with `=`, `+`, `-`, `@`, a tab, a carriage return
/// or `'`; unchanged otherwise.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(TRIGGERS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The inverse of [`neutralize`]: drops the `'` that it added (a `'` followed by one of the
/// characters it guards against); anything else is unchanged.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) => rest,
        _ => cell,
    }
}

/// An in-memory CSV file (`;`, CRLF, UTF-8 with BOM) whose every cell goes through
/// [`neutralize`]. Rows may have different lengths.
pub struct Writer(csv::Writer<Vec<u8>>);

impl Default for Writer {
    fn default() -> Self {
        Self::new()
    }
}

impl Writer {
    pub fn new() -> Self {
        Writer(
            csv::WriterBuilder::new()
                .delimiter(b';')
                .terminator(csv::Terminator::CRLF)
                .flexible(true)
                .from_writer(b"\xEF\xBB\xBF".to_vec()),
        )
    }

    /// Appends one row.
    pub fn row<I>(&mut self, cells: I)
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        // Writing to memory with a flexible writer has no error case (csv only fails on I/O
        // errors and, when not flexible, on rows of different lengths).
        let _ = self.0.write_record(
            cells
                .into_iter()
                .map(|c| neutralize(c.as_ref()).into_owned()),
        );
    }

    /// The bytes of the file.
    pub fn finish(self) -> Vec<u8> {
        self.0.into_inner().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(w: Writer) -> String {
        let b = w.finish();
        assert!(b.starts_with(b"\xEF\xBB\xBF"));
        String::from_utf8(b[3..].to_vec()).unwrap()
    }

    #[test]
    fn formula_cells_are_written_as_text() {
        let mut w = Writer::new();
        w.row([
            "=HYPERLINK(\"http://evil.example\")",
            "+55 37 99999-1234",
            "-3",
        ]);
        w.row(["@SUM(A1)", "\tx", "\rx", "'já", "Ana", "", "3"]);
        assert_eq!(
            text(w),
            "\"'=HYPERLINK(\"\"http://evil.example\"\")\";'+55 37 99999-1234;'-3\r\n\
             '@SUM(A1);'\tx;\"'\rx\";''já;Ana;;3\r\n"
        );
    }

    #[test]
    fn restore_undoes_only_our_quote() {
        assert_eq!(restore("'=1+1"), "=1+1");
        assert_eq!(restore("'+55 37"), "+55 37");
        assert_eq!(restore("''já"), "'já");
        assert_eq!(restore("'já"), "'já");
        assert_eq!(restore("Ana"), "Ana");
        assert_eq!(restore("'"), "'");
        assert_eq!(restore(""), "");
    }

    proptest! {
        #[test]
        fn restore_inverts_neutralize(s in ".*") {
            let n = neutralize(&s);
            prop_assert_eq!(restore(&n), s.as_str());
            prop_assert!(!n.starts_with(['=', '+', '-', '@', '\t', '\r']));
        }
    }
}
