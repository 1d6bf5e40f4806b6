//! Rules of a conference's setup: the convocation file, the commission's parity and the
//! draft regimento as numbered articles.

use crate::error::FieldError;

/// Largest convocation PDF we keep (10 MiB): scanned decrees are usually well under 5 MiB.
pub const MAX_PDF_BYTES: usize = 10 * 1024 * 1024;

/// Checks an uploaded convocation file: not empty, not too big, and really a PDF (its first bytes
/// are `%PDF-`, whatever its name or declared type says).
pub fn check_pdf(field: &str, bytes: &[u8]) -> Result<(), FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new(field, "O arquivo enviado está vazio"));
    }
    if bytes.len() > MAX_PDF_BYTES {
        return Err(FieldError::new(
            field,
            format!(
                "O arquivo tem {:.1} MB; o limite é {} MB. Reduza a resolução da digitalização e envie de novo",
                bytes.len() as f64 / (1024.0 * 1024.0),
                MAX_PDF_BYTES / (1024 * 1024)
            ),
        ));
    }
    // Some generators put a few bytes (a BOM, whitespace) before the header; the PDF spec allows
    // the header within the first 1024 bytes.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(FieldError::new(
            field,
            "O arquivo não é um PDF. Salve o ato como PDF (no editor de texto: Arquivo › Exportar como PDF) e envie de novo",
        ));
    }
    Ok(())
}

/// Parity of an organizing commission between government and civil society.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parity {
    pub government: usize,
    pub civil_society: usize,
}

impl Parity {
    pub fn holds(self) -> bool {
        self.government == self.civil_society && self.government > 0
    }
    /// A sentence for people, in pt-BR.
    pub fn explain(self) -> String {
        let (g, c) = (self.government, self.civil_society);
        if g == 0 && c == 0 {
            return "Nenhum membro cadastrado ainda.".into();
        }
        if self.holds() {
            return format!("Paridade respeitada: {g} do governo e {c} da sociedade civil.");
        }
        let (more, diff) = if g > c {
            ("governo", g - c)
        } else {
            ("sociedade civil", c - g)
        };
        format!(
            "Paridade não respeitada: {g} do governo e {c} da sociedade civil. Há {diff} membro(s) a mais do {more}."
        )
    }
}

/// One article of a regimento.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Article {
    pub number: i32,
    pub chapter: Option<String>,
    pub text: String,
}

/// Largest regimento we accept as text (a long municipal regimento has ~15,000 characters).
pub const MAX_REGIMENTO_CHARS: usize = 100_000;

fn is_heading(line: &str) -> bool {
    let up = line.trim_start().to_uppercase();
    [
        "CAPÍTULO",
        "CAPITULO",
        "TÍTULO",
        "TITULO",
        "SEÇÃO",
        "SECAO",
        "SEÇAO",
    ]
    .iter()
    .any(|h| up.starts_with(h))
}

/// If `line` starts an article ("Art. 1º", "Art 2o -", "Artigo 3."), the text after the number.
fn article_start(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let rest = t
        .strip_prefix("Art.")
        .or_else(|| t.strip_prefix("ART."))
        .or_else(|| t.strip_prefix("Artigo"))
        .or_else(|| t.strip_prefix("ARTIGO"))
        .or_else(|| t.strip_prefix("Art "))?;
    let rest = rest.trim_start();
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let mut rest = &rest[digits..];
    for suffix in ["º", "°", "o", "ª", "."] {
        if let Some(r) = rest.strip_prefix(suffix) {
            rest = r;
            break;
        }
    }
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('–'))
        .or_else(|| rest.strip_prefix('—'))
        .or_else(|| rest.strip_prefix('.'))
        .unwrap_or(rest);
    // Trimmed at both ends like the article's other lines: a `\r` left before the line break
    // would not survive a round trip through `regimento_text` (found by fuzzing).
    Some(rest.trim())
}

/// Splits a pasted regimento into numbered articles.
///
/// When the text has "Art. Nº" markers, each marker starts an article (numbers are redone in
/// order, so a renumbered draft stays consistent); otherwise each block separated by a blank line
/// is an article. Lines starting with CAPÍTULO / TÍTULO / SEÇÃO are headings kept with the articles
/// that follow them. Paragraphs (§) and items (I –) stay inside their article.
pub fn parse_regimento(input: &str) -> Result<Vec<Article>, FieldError> {
    let field = "regimento";
    if input.chars().count() > MAX_REGIMENTO_CHARS {
        return Err(FieldError::new(
            field,
            format!("O texto passa do limite de {MAX_REGIMENTO_CHARS} caracteres"),
        ));
    }
    let text = input.replace("\r\n", "\n");
    let marked = text.lines().any(|l| article_start(l).is_some());
    let mut out: Vec<Article> = Vec::new();
    let mut chapter: Option<String> = None;
    let mut current: Option<(Option<String>, Vec<String>)> = None;
    let flush = |cur: &mut Option<(Option<String>, Vec<String>)>, out: &mut Vec<Article>| {
        if let Some((ch, lines)) = cur.take() {
            let body = lines.join("\n").trim().to_owned();
            if !body.is_empty() {
                out.push(Article {
                    number: out.len() as i32 + 1,
                    chapter: ch,
                    text: body,
                });
            }
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if is_heading(trimmed) {
            flush(&mut current, &mut out);
            chapter = Some(trimmed.to_owned());
            continue;
        }
        if marked {
            if let Some(rest) = article_start(line) {
                flush(&mut current, &mut out);
                current = Some((chapter.clone(), vec![rest.to_owned()]));
            } else if let Some((_, lines)) = current.as_mut() {
                if !trimmed.is_empty() {
                    lines.push(trimmed.to_owned());
                }
            } else if !trimmed.is_empty() && chapter.is_some() {
                // A heading's second line ("DOS OBJETIVOS") before the first article.
                if let Some(c) = chapter.as_mut() {
                    c.push_str(" – ");
                    c.push_str(trimmed);
                }
            }
        } else if trimmed.is_empty() {
            flush(&mut current, &mut out);
        } else {
            current
                .get_or_insert_with(|| (chapter.clone(), Vec::new()))
                .1
                .push(trimmed.to_owned());
        }
    }
    flush(&mut current, &mut out);
    if out.is_empty() {
        return Err(FieldError::new(
            field,
            "Escreva ou cole o texto do regimento: cada artigo começando com \"Art. 1º\", \"Art. 2º\"…, ou separado por uma linha em branco",
        ));
    }
    // The text handed back for editing numbers every article ("Art. 12º "): a draft of many short
    // blocks without markers can grow past the limit that way and would then be refused on the
    // next save (found by fuzzing), so the limit holds for the numbered text too.
    if regimento_text(&out).chars().count() > MAX_REGIMENTO_CHARS {
        return Err(FieldError::new(
            field,
            format!(
                "Com a numeração dos artigos, o texto passa do limite de {MAX_REGIMENTO_CHARS} caracteres: junte os blocos curtos em artigos maiores"
            ),
        ));
    }
    if let Some(a) = out.iter().find(|a| a.text.chars().count() > 10_000) {
        return Err(FieldError::new(
            field,
            format!(
                "O artigo {} está longo demais (máximo de 10.000 caracteres)",
                a.number
            ),
        ));
    }
    Ok(out)
}

/// The regimento back as text, in the form `parse_regimento` reads (for editing).
pub fn regimento_text(articles: &[Article]) -> String {
    let mut s = String::new();
    let mut chapter: Option<&str> = None;
    for a in articles {
        if a.chapter.as_deref() != chapter {
            if let Some(c) = a.chapter.as_deref() {
                s.push_str(c);
                s.push_str("\n\n");
            }
            chapter = a.chapter.as_deref();
        }
        // `parse_regimento` drops one `-`, `–`, `—` or `.` after the number ("Art. 2º - São…"):
        // an article that starts with one gets a `-` of its own to drop.
        let dash = if a.text.starts_with(['-', '–', '—', '.']) {
            "- "
        } else {
            ""
        };
        s.push_str(&format!("Art. {}º {dash}{}\n\n", a.number, a.text));
    }
    s.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pdf_by_magic_bytes() {
        assert!(check_pdf("f", b"%PDF-1.7\n...").is_ok());
        assert!(check_pdf("f", b"\xEF\xBB\xBF%PDF-1.4").is_ok());
        let e = check_pdf("f", b"PK\x03\x04 docx").unwrap_err();
        assert!(e.message.contains("não é um PDF"));
        assert!(check_pdf("f", b"").is_err());
        let mut big = b"%PDF-1.7".to_vec();
        big.resize(MAX_PDF_BYTES + 1, b' ');
        assert!(check_pdf("f", &big).unwrap_err().message.contains("limite"));
    }

    #[test]
    fn parity_explained() {
        let p = Parity {
            government: 3,
            civil_society: 3,
        };
        assert!(p.holds());
        let q = Parity {
            government: 4,
            civil_society: 2,
        };
        assert!(!q.holds());
        assert!(q.explain().contains("2 membro(s) a mais do governo"));
        assert!(
            !Parity {
                government: 0,
                civil_society: 0
            }
            .holds()
        );
    }

    #[test]
    fn regimento_with_markers_and_chapters() {
        let text = "CAPÍTULO I\nDOS OBJETIVOS\nArt. 1º A XIV Conferência tem por objetivo:\nI - avaliar;\nII - propor.\nArt. 2º - São participantes:\n§ 1º Delegados.\n\nCAPÍTULO II - DA ORGANIZAÇÃO\nArt 3o A comissão organiza.\nArt. 7º Renumerado.";
        let a = parse_regimento(text).unwrap();
        assert_eq!(a.len(), 4);
        assert_eq!(a[0].number, 1);
        assert_eq!(a[0].chapter.as_deref(), Some("CAPÍTULO I – DOS OBJETIVOS"));
        assert_eq!(
            a[0].text,
            "A XIV Conferência tem por objetivo:\nI - avaliar;\nII - propor."
        );
        assert_eq!(a[1].text, "São participantes:\n§ 1º Delegados.");
        assert_eq!(
            a[2].chapter.as_deref(),
            Some("CAPÍTULO II - DA ORGANIZAÇÃO")
        );
        assert_eq!(a[2].text, "A comissão organiza.");
        assert_eq!(a[3].number, 4);
    }

    #[test]
    fn regimento_by_blank_lines() {
        let a = parse_regimento("Primeiro artigo.\n\n\nSegundo artigo,\ncontinua.\n").unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].text, "Segundo artigo,\ncontinua.");
        assert!(parse_regimento("  \n \n").is_err());
    }

    /// Found by fuzzing (crates/fuzz, target `regimento`): an article that starts with a dash or
    /// a full stop lost it when written back for editing and read again.
    #[test]
    fn regimento_round_trip_keeps_a_leading_dash() {
        for text in [".\u{FFFD}", "- item", "– item", "— item", ". ponto", "-"] {
            let arts = parse_regimento(text).unwrap();
            assert_eq!(arts[0].text, text);
            assert_eq!(
                parse_regimento(&regimento_text(&arts)).unwrap(),
                arts,
                "{text}"
            );
        }
    }

    /// Found by fuzzing: a carriage return left at the end of an article's first line became
    /// part of a CRLF when written back, and read again as a plain line break.
    #[test]
    fn regimento_round_trip_with_stray_carriage_returns() {
        let arts = parse_regimento("Art 0e\r\r\r\nD").unwrap();
        assert_eq!(arts[0].text, "e\nD");
        assert_eq!(parse_regimento(&regimento_text(&arts)).unwrap(), arts);
    }

    /// Found by fuzzing: many short blocks without "Art." markers (31 KB) read as thousands of
    /// articles whose numbered text passed the limit, so the edit form's text was refused.
    #[test]
    fn regimento_whose_numbered_text_would_pass_the_limit_is_refused() {
        let blocks = "x\n\n".repeat(MAX_REGIMENTO_CHARS / 3 - 10);
        assert!(blocks.chars().count() <= MAX_REGIMENTO_CHARS);
        let err = parse_regimento(&blocks).unwrap_err();
        assert!(err.message.contains("numeração"), "{}", err.message);
        // Just under: accepted, and its own text reads back.
        let fewer = "x\n\n".repeat(5_000);
        let arts = parse_regimento(&fewer).unwrap();
        assert_eq!(arts.len(), 5_000);
        assert_eq!(parse_regimento(&regimento_text(&arts)).unwrap(), arts);
    }

    proptest! {
        /// Writing the articles back as text and reading them again gives the same articles.
        #[test]
        fn regimento_round_trip(texts in proptest::collection::vec("[a-zA-Zçã ,;]{1,40}", 1..12)) {
            let texts: Vec<String> = texts.into_iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
            prop_assume!(!texts.is_empty());
            let arts: Vec<Article> = texts.iter().enumerate().map(|(i, t)| Article { number: i as i32 + 1, chapter: None, text: t.clone() }).collect();
            let again = parse_regimento(&regimento_text(&arts)).unwrap();
            prop_assert_eq!(again, arts);
        }
    }
}
