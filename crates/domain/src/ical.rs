//! iCalendar (RFC 5545) content lines for the public feed (`/c/{slug}/calendario.ics`).
//!
//! Every property goes through [`line`], which folds it at 75 octets; text values go through
//! [`text`] first. Together they make sure nothing typed into a stage or a meeting can end a
//! line early and add properties of its own (a bare CR in a stage's name did).

/// A TEXT value escaped per RFC 5545 §3.3.11: `\` → `\\`, `;` → `\;`, `,` → `\,`, and every line
/// break (CRLF, LF or a bare CR) → `\n`; a tab becomes a space, any other control character
/// is dropped.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value (`URL:`): control characters dropped (a URI has none; RFC 3986).
pub fn uri(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// The content line `name:value` ending in CRLF, folded (RFC 5545 §3.1) so that no line is
/// longer than 75 octets: a longer one goes on in lines that start with a space, never cutting a
/// UTF-8 character. `value` must already be escaped ([`text`], [`uri`]); control characters
/// left in it are dropped all the same, so a line can only end where this function ends it.
pub fn line(name: &str, value: &str) -> String {
    const MAX: usize = 75;
    let mut out = String::with_capacity(name.len() + value.len() + 8);
    let mut used = 0;
    for c in name
        .chars()
        .chain(std::iter::once(':'))
        .chain(value.chars())
    {
        if c.is_control() {
            continue;
        }
        let n = c.len_utf8();
        if used + n > MAX {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_escapes_per_rfc_5545() {
        assert_eq!(text("a\\b;c,d\r\ne\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
        assert_eq!(
            text("X\rDTSTART:20990101T000000Z"),
            "X\\nDTSTART:20990101T000000Z"
        );
        assert_eq!(text("a\u{0}\tb"), "a b");
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(line("SUMMARY", "Plenária"), "SUMMARY:Plenária\r\n");
        assert_eq!(
            line("URL", &uri("https://x.example/\r\nA:B")),
            "URL:https://x.example/A:B\r\n"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_cutting_characters() {
        let v = "ã".repeat(100);
        let l = line("SUMMARY", &v);
        for part in l.trim_end_matches("\r\n").split("\r\n") {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        let unfolded = l.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{v}"));
    }

    proptest! {
        #[test]
        fn nothing_typed_makes_a_new_line(v in "\\PC*|[\\r\\n;,\\\\a-zé ]*") {
            let l = line("SUMMARY", &text(&v));
            let body = l.strip_suffix("\r\n").unwrap();
            // Only folds break the line, and a fold always continues with a space.
            for (i, part) in body.split("\r\n").enumerate() {
                prop_assert!(part.len() <= 75);
                prop_assert!(!part.contains(['\r', '\n']));
                if i > 0 {
                    prop_assert!(part.starts_with(' '));
                }
            }
        }
    }
}
