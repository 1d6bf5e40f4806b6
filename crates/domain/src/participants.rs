//! Registration rules: who may register as what, the registration code, the privacy-notice
//! version, and the signed badge token.

use crate::error::{FieldError, Invalid};
use crate::values::{AccessNeed, Category, QuotaGroup, Segment};

/// Version of the privacy notice shown on the registration form; recorded with each consent.
pub const PRIVACY_NOTICE_VERSION: &str = "2026-11-v1";

/// Alphabet of registration codes: no 0/O, 1/I/L, so they can be read aloud and typed at the desk.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A registration code like `K7Q4-MZP9` from 40 random bits (8 symbols of 31).
pub fn registration_code(random: [u8; 5]) -> String {
    let mut n = u64::from_be_bytes([
        0, 0, 0, random[0], random[1], random[2], random[3], random[4],
    ]);
    let mut out = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            out.push('-');
        }
        out.push(CODE_ALPHABET[(n % CODE_ALPHABET.len() as u64) as usize] as char);
        n /= CODE_ALPHABET.len() as u64;
    }
    out
}

/// Normalizes a code typed at the desk: upper case, no spaces or hyphens, the hyphen put back.
pub fn normalize_code(input: &str) -> Option<String> {
    let s: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if s.len() != 8 || !s.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return None;
    }
    Some(format!("{}-{}", &s[..4], &s[4..]))
}

/// A certificate verification code like `K7Q4-MZP9-3HXA` (12 symbols of the same alphabet as
/// registration codes, about 59 bits): printed on the certificate and typed on the public
/// verification page, so it must not be guessable from the registration code.
pub fn certificate_code(random: [u8; 8]) -> String {
    let mut n = u64::from_be_bytes(random);
    let mut out = String::with_capacity(14);
    for i in 0..12 {
        if i == 4 || i == 8 {
            out.push('-');
        }
        out.push(CODE_ALPHABET[(n % CODE_ALPHABET.len() as u64) as usize] as char);
        n /= CODE_ALPHABET.len() as u64;
    }
    out
}

/// Normalizes a typed certificate code (case, spaces, hyphens); `None` when it cannot be one.
pub fn normalize_certificate_code(input: &str) -> Option<String> {
    let s: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if s.len() != 12 || !s.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return None;
    }
    Some(format!("{}-{}-{}", &s[..4], &s[4..8], &s[8..]))
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
