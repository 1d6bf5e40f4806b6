//! Rules of the etapa digital: what a comment and a moderation reason may be.

use crate::FieldError;

/// The longest comment, in characters (a proposal's own limit is 2,000 as well).
pub const COMMENT_MAX: usize = 2_000;
/// The longest moderation reason.
pub const REASON_MAX: usize = 300;

/// A comment's text: trimmed, line breaks kept (at most two in a row), not empty, at most
/// [`COMMENT_MAX`] characters.
pub fn comment_text(s: &str) -> Result<String, FieldError> {
    let mut out = String::new();
    let mut blank = 0;
    for line in s.trim().lines() {
        let l = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if l.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&l);
    }
    if out.is_empty() {
        return Err(FieldError::new("text", "Escreva o comentário"));
    }
    if out.chars().count() > COMMENT_MAX {
        return Err(FieldError::new(
            "text",
            "O comentário passa de 2.000 caracteres: resuma",
        ));
    }
    crate::values::plain_text("text", &out, true)?;
    Ok(out)
}

/// Why the moderation hid something: required (the author sees it), at most [`REASON_MAX`]
/// characters.
pub fn hide_reason(s: &str) -> Result<String, FieldError> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(FieldError::new(
            "reason",
            "Escreva o motivo: quem escreveu vai ler",
        ));
    }
    if t.chars().count() > REASON_MAX {
        return Err(FieldError::new(
            "reason",
            "O motivo passa de 300 caracteres: resuma",
        ));
    }
    crate::values::plain_text("reason", &t, false)?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_keep_paragraphs_not_runs_of_blank_lines() {
        assert_eq!(
            comment_text("  Concordo.\n\n\n\n  Mas   falta o transporte. ").unwrap(),
            "Concordo.\n\nMas falta o transporte."
        );
        assert_eq!(comment_text(" \n \n").unwrap_err().field, "text");
        assert!(comment_text(&"a".repeat(COMMENT_MAX)).is_ok());
        assert!(comment_text(&"a".repeat(COMMENT_MAX + 1)).is_err());
    }

    #[test]
    fn a_reason_is_required_and_short() {
        assert_eq!(hide_reason("  ofensa  pessoal ").unwrap(), "ofensa pessoal");
        assert!(hide_reason("   ").is_err());
        assert!(hide_reason(&"x".repeat(REASON_MAX + 1)).is_err());
    }
}
