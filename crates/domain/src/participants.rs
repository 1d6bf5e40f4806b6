//! Registration rules: who may register as what, what each category may do, the registration
//! code, the privacy-notice version, and the signed badge token.

use crate::error::{FieldError, Invalid};
use crate::values::{AccessNeed, Category, QuotaGroup, Segment};
use serde::Serialize;

/// Version of the privacy notice shown on the registration form; recorded with each consent.
pub const PRIVACY_NOTICE_VERSION: &str = "2026-12-v1";

/// Alphabet of registration codes: no 0/O, 1/I/L, so they can be read aloud and typed at the desk.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A registration code like `K7Q4-MZP9` from 40 random bits (8 symbols of 31).
pub fn registration_code(random: [u8; 5]) -> String {
    let n = u64::from_be_bytes([
        0, 0, 0, random[0], random[1], random[2], random[3], random[4],
    ]);
    grouped_code(n, 8)
}

/// Normalizes a code typed at the desk: upper case, no spaces or hyphens, the hyphen put back.
pub fn normalize_code(input: &str) -> Option<String> {
    normalize_grouped(input, 8)
}

/// A certificate verification code like `K7Q4-MZP9-3HXA` (12 symbols of the same alphabet as
/// registration codes, about 59 bits): printed on the certificate and typed on the public
/// verification page, so it must not be guessable from the registration code.
pub fn certificate_code(random: [u8; 8]) -> String {
    grouped_code(u64::from_be_bytes(random), 12)
}

/// Normalizes a typed certificate code (case, spaces, hyphens); `None` when it cannot be one.
pub fn normalize_certificate_code(input: &str) -> Option<String> {
    normalize_grouped(input, 12)
}

/// `symbols` symbols of `CODE_ALPHABET` read off `n`, in groups of four joined by hyphens.
fn grouped_code(mut n: u64, symbols: usize) -> String {
    let base = CODE_ALPHABET.len() as u64;
    let mut out = String::with_capacity(symbols + symbols / 4);
    for i in 0..symbols {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(CODE_ALPHABET[(n % base) as usize] as char);
        n /= base;
    }
    out
}

/// A typed code put in the form `grouped_code` writes (upper case, hyphens every four symbols),
/// or `None` when it does not have `symbols` symbols of the alphabet.
fn normalize_grouped(input: &str, symbols: usize) -> Option<String> {
    let s: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if s.len() != symbols || !s.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return None;
    }
    let groups: Vec<&str> = (0..symbols).step_by(4).map(|i| &s[i..i + 4]).collect();
    Some(groups.join("-"))
}

/// The checked choices of a registration (the free-text fields are checked where they are read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub category: Category,
    pub segment: Option<Segment>,
    pub trust_position: bool,
    pub needs: Vec<AccessNeed>,
    pub quotas: Vec<QuotaGroup>,
}

/// Segment rules: a delegate has a segment; a worker must not hold a commissioned, directing or
/// trust position (DOMAIN §2: they are excluded from the worker segment).
pub fn check_profile(p: &Profile) -> Result<(), Invalid> {
    let mut inv = Invalid::default();
    if p.category == Category::Delegate && p.segment.is_none() {
        inv.push(FieldError::new(
            "segment",
            "Delegados(as) precisam informar o segmento que representam",
        ));
    }
    if p.segment == Some(Segment::Workers) && p.trust_position {
        inv.push(FieldError::new(
            "trust_position",
            "Quem ocupa cargo comissionado, de direção ou de confiança não pode se inscrever no segmento de trabalhadores(as). Escolha o segmento governo",
        ));
    }
    inv.into_result()
}

/// What the people of one category may do at a conference. Each conference's regimento decides
/// (DOMAIN §2: delegates have voice and vote, guests voice; observers sometimes neither).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rights {
    /// Voz: may speak in the plenary and the groups.
    pub voice: bool,
    /// Voto: may vote (the quorum counts the present delegates).
    pub vote: bool,
    /// May be elected delegate to the next stage of the cascade.
    pub may_be_elected: bool,
}

/// The rights of a category when the conference has not set them: delegates have voice and vote
/// and may be elected; guests have voice; observers watch.
pub fn default_rights(c: Category) -> Rights {
    match c {
        Category::Delegate => Rights {
            voice: true,
            vote: true,
            may_be_elected: true,
        },
        Category::Guest => Rights {
            voice: true,
            vote: false,
            may_be_elected: false,
        },
        Category::Observer => Rights {
            voice: false,
            vote: false,
            may_be_elected: false,
        },
    }
}

/// Longest note of a category ("até 20 vagas"), in characters.
pub const RIGHTS_NOTE_MAX: usize = 120;

/// One category's rights as a conference sets them, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryRule {
    pub category: Category,
    pub rights: Rights,
    pub note: Option<String>,
}

/// Form field of one category's setting, such as `convidado_vote`.
pub fn rights_field(c: Category, what: &str) -> String {
    format!("{}_{what}", c.code())
}

/// Checks one category's setting: a vote needs a voice; delegates keep the vote (the quorum of
/// the votes is counted on the present delegates); the note is one short line.
pub fn check_rights(
    category: Category,
    rights: Rights,
    note: &str,
) -> Result<CategoryRule, Invalid> {
    let mut inv = Invalid::default();
    let name = category.label();
    if category == Category::Delegate && !rights.vote {
        inv.push(FieldError::new(
            rights_field(category, "vote"),
            format!("{name}: delegados(as) mantêm o voto, porque o quórum das votações é contado sobre os(as) delegados(as) presentes"),
        ));
    }
    if rights.vote && !rights.voice {
        inv.push(FieldError::new(
            rights_field(category, "voice"),
            format!("{name}: quem tem voto também tem voz. Marque \"voz\" ou desmarque \"voto\""),
        ));
    }
    let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
    if note.chars().count() > RIGHTS_NOTE_MAX {
        inv.push(FieldError::new(
            rights_field(category, "note"),
            format!("{name}: a observação pode ter até {RIGHTS_NOTE_MAX} caracteres"),
        ));
    }
    inv.into_result()?;
    Ok(CategoryRule {
        category,
        rights,
        note: (!note.is_empty()).then_some(note),
    })
}

/// What the rights say in words: "voz e voto", "voz", "sem voz e sem voto", with "pode ser
/// eleito(a) delegado(a) para a etapa seguinte" when it applies.
pub fn rights_text(r: Rights) -> String {
    let base = match (r.voice, r.vote) {
        (true, true) => "voz e voto",
        (true, false) => "voz",
        // A vote without a voice is refused by `check_rights`; say what it is anyway.
        (false, true) => "voto",
        (false, false) => "sem voz e sem voto",
    };
    if r.may_be_elected {
        format!("{base}; pode ser eleito(a) delegado(a) para a etapa seguinte")
    } else {
        base.to_owned()
    }
}

/// A category described with its rights and note: "Delegado(a): voz e voto; pode ser eleito(a)
/// delegado(a) para a etapa seguinte (até 20 vagas)".
pub fn describe(c: Category, r: Rights, note: Option<&str>) -> String {
    let mut s = format!("{}: {}", c.label(), rights_text(r));
    if let Some(n) = note.filter(|n| !n.is_empty()) {
        s.push_str(&format!(" ({n})"));
    }
    s
}

/// Parses a list of codes (checkboxes) into values, refusing unknown ones.
pub fn parse_codes<T>(
    codes: &[String],
    parse: fn(&str) -> Result<T, FieldError>,
) -> Result<Vec<T>, FieldError>
where
    T: PartialEq,
{
    let mut out = Vec::new();
    for c in codes.iter().filter(|c| !c.trim().is_empty()) {
        let v = parse(c)?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn workers_in_trust_positions_are_refused() {
        let p = Profile {
            category: Category::Delegate,
            segment: Some(Segment::Workers),
            trust_position: true,
            needs: vec![],
            quotas: vec![],
        };
        let e = check_profile(&p).unwrap_err();
        assert!(
            e.message_for("trust_position")
                .unwrap()
                .contains("cargo comissionado")
        );
        let ok = Profile {
            segment: Some(Segment::Government),
            ..p.clone()
        };
        assert!(check_profile(&ok).is_ok());
        let no_seg = Profile {
            segment: None,
            trust_position: false,
            ..p
        };
        assert!(
            check_profile(&no_seg)
                .unwrap_err()
                .message_for("segment")
                .is_some()
        );
    }

    #[test]
    fn default_rights_follow_the_domain() {
        let d = default_rights(Category::Delegate);
        assert!(d.voice && d.vote && d.may_be_elected);
        let g = default_rights(Category::Guest);
        assert!(g.voice && !g.vote && !g.may_be_elected);
        let o = default_rights(Category::Observer);
        assert!(!o.voice && !o.vote && !o.may_be_elected);
        for c in Category::ALL {
            assert!(check_rights(*c, default_rights(*c), "").is_ok());
        }
        assert_eq!(describe(Category::Guest, g, None), "Convidado(a): voz");
        assert_eq!(
            describe(Category::Delegate, d, Some("até 20 vagas")),
            "Delegado(a): voz e voto; pode ser eleito(a) delegado(a) para a etapa seguinte (até 20 vagas)"
        );
        assert_eq!(
            describe(Category::Observer, o, None),
            "Observador(a): sem voz e sem voto"
        );
    }

    #[test]
    fn rights_rules_are_checked_per_field() {
        let none = Rights {
            voice: false,
            vote: false,
            may_be_elected: false,
        };
        let e = check_rights(Category::Delegate, none, "").unwrap_err();
        assert!(
            e.message_for("delegado_vote")
                .unwrap()
                .contains("mantêm o voto")
        );
        let vote_only = Rights { vote: true, ..none };
        let e = check_rights(Category::Observer, vote_only, &"x".repeat(121)).unwrap_err();
        assert!(
            e.message_for("observador_voice")
                .unwrap()
                .contains("também tem voz")
        );
        assert!(e.message_for("observador_note").unwrap().contains("120"));
        let ok = check_rights(Category::Observer, none, "  só   acompanha \n ").unwrap();
        assert_eq!(ok.note.as_deref(), Some("só acompanha"));
        assert_eq!(check_rights(Category::Guest, none, " ").unwrap().note, None);
    }

    #[test]
    fn codes_are_readable_and_normalized() {
        let c = registration_code([1, 2, 3, 4, 5]);
        assert_eq!(c.len(), 9);
        assert_eq!(
            normalize_code(&c.to_lowercase().replace('-', " ")),
            Some(c.clone())
        );
        assert_eq!(normalize_code("abc"), None);
        assert_eq!(
            normalize_code("IIII-1111"),
            None,
            "ambiguous symbols are not in codes"
        );
    }

    #[test]
    fn certificate_codes_have_three_groups_and_normalize() {
        let c = certificate_code([9, 8, 7, 6, 5, 4, 3, 2]);
        assert_eq!(c.len(), 14);
        assert_eq!(c.matches('-').count(), 2);
        assert_eq!(
            normalize_certificate_code(&format!(" {} ", c.to_lowercase())),
            Some(c.clone())
        );
        assert_eq!(normalize_certificate_code("K7Q4-MZP9"), None);
        assert_eq!(normalize_certificate_code("K7Q4-MZP9-3HX0"), None);
    }

    proptest! {
        #[test]
        fn every_certificate_code_normalizes_to_itself(r in any::<[u8; 8]>()) {
            let c = certificate_code(r);
            prop_assert_eq!(normalize_certificate_code(&c), Some(c.clone()));
        }

        #[test]
        fn every_code_normalizes_to_itself(r in any::<[u8; 5]>()) {
            let c = registration_code(r);
            prop_assert_eq!(normalize_code(&c), Some(c.clone()));
        }
    }
}
