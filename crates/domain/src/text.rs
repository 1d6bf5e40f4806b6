//! Text helpers shared by search and dedupe.

use unicode_normalization::UnicodeNormalization;

/// Lower case, accents folded, punctuation turned to spaces, spaces collapsed.
/// `search_key("  São  João d'Aliança ") == "sao joao d alianca"`.
pub fn search_key(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut last_space = true;
    for c in input.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A URL slug made from a title: `slugify("XIV Conferência de Pará de Minas") == "xiv-conferencia-de-para-de-minas"`.
pub fn slugify(input: &str) -> String {
    search_key(input).replace(' ', "-")
}

/// A positive number in Roman numerals (14 → "XIV"), as editions of conferences are numbered.
/// Zero and negative numbers give an empty string.
pub fn roman(mut n: i32) -> String {
    const TABLE: [(i32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(search_key("  São  João d'Aliança "), "sao joao d alianca");
        assert_eq!(search_key("CONFERÊNCIA Municipal"), "conferencia municipal");
        assert_eq!(search_key("Açailândia"), "acailandia");
        assert_eq!(
            slugify("XIV Conferência de Pará de Minas"),
            "xiv-conferencia-de-para-de-minas"
        );
    }

    proptest! {
        #[test]
        fn search_key_is_idempotent(s in ".{0,60}") {
            let k = search_key(&s);
            prop_assert_eq!(search_key(&k), k.clone());
            prop_assert!(!k.starts_with(' ') && !k.ends_with(' '));
        }
    }

    #[test]
    fn roman_numerals_of_editions() {
        for (n, r) in [
            (1, "I"),
            (4, "IV"),
            (9, "IX"),
            (12, "XII"),
            (14, "XIV"),
            (15, "XV"),
            (19, "XIX"),
            (40, "XL"),
            (99, "XCIX"),
        ] {
            assert_eq!(super::roman(n), r);
        }
        assert_eq!(super::roman(0), "");
    }
}
