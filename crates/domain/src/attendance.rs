//! Who came to a unit's meeting (pré-conferência) and whom it elected: the attendance list and the
//! territorial delegates. Pure rules: validation of a row, the counts by segment derived from a
//! list, and the seats a unit may fill (ADR 0027).
//!
//! The list is personal data (names, a contact): never a CPF. A value that carries a valid CPF is
//! refused, so one cannot slip in through the name or the contact.

use crate::error::{FieldError, Invalid};
use crate::values::{Cpf, Seat, Segment};

/// Longest name accepted.
pub const NAME_MAX: usize = 150;
/// Longest contact (a phone or an e-mail) accepted.
pub const CONTACT_MAX: usize = 150;
/// Most seats per unit the commission may set.
pub const SEATS_MAX: i32 = 50;
/// Longest note of the commission about the territorial delegates.
pub const NOTE_MAX: usize = 1000;

/// True when `s` holds 11 digits in a row (ignoring `.`, `-`, spaces) that form a valid CPF.
fn carries_cpf(s: &str) -> bool {
    let mut run = String::new();
    let mut found = false;
    let mut check = |run: &mut String| {
        if run.len() == 11 && Cpf::parse(run).is_ok() {
            found = true;
        }
        run.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else if !matches!(c, '.' | '-' | ' ') {
            check(&mut run);
        }
    }
    check(&mut run);
    found
}

/// A person's name: trimmed, inner spaces collapsed, not empty, at most [`NAME_MAX`] characters,
/// no digits of a CPF.
pub fn name(field: &str, input: &str) -> Result<String, FieldError> {
    let s = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Err(FieldError::new(field, "Preencha o nome da pessoa"));
    }
    if s.chars().count() > NAME_MAX {
        return Err(FieldError::new(
            field,
            format!("O nome deve ter no máximo {NAME_MAX} caracteres"),
        ));
    }
    crate::values::plain_text(field, &s, false)?;
    if carries_cpf(&s) {
        return Err(FieldError::new(
            field,
            "Não registre CPF na lista: escreva só o nome da pessoa",
        ));
    }
    Ok(s)
}

/// A segment chosen from the list (the form sends its code).
pub fn segment(field: &str, input: &str) -> Result<Segment, FieldError> {
    Segment::parse(input).map_err(|_| {
        FieldError::new(
            field,
            "Escolha o segmento: governo, usuários, trabalhadores ou entidades",
        )
    })
}

/// An optional contact (phone or e-mail, as the person gave it), never a CPF.
pub fn contact(field: &str, input: &str) -> Result<Option<String>, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > CONTACT_MAX {
        return Err(FieldError::new(
            field,
            format!("O contato deve ter no máximo {CONTACT_MAX} caracteres"),
        ));
    }
    crate::values::plain_text(field, s, false)?;
    if carries_cpf(s) {
        return Err(FieldError::new(
            field,
            "Não registre CPF: informe um telefone ou e-mail, ou deixe em branco",
        ));
    }
    Ok(Some(s.to_owned()))
}

/// One row of an attendance list, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub name: String,
    pub segment: Segment,
    pub contact: Option<String>,
}

impl Attendee {
    /// Every field checked at once; the errors name the fields `name`, `segment`, `contact`.
    pub fn parse(name_in: &str, segment_in: &str, contact_in: &str) -> Result<Self, Invalid> {
        let mut inv = Invalid::default();
        let n = inv.take(name("name", name_in));
        let s = inv.take(segment("segment", segment_in));
        let c = inv.take(contact("contact", contact_in));
        match (n, s, c) {
            (Some(name), Some(segment), Some(contact)) => Ok(Attendee {
                name,
                segment,
                contact,
            }),
            _ => Err(inv),
        }
    }
}

/// People per segment, in [`Segment::ALL`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SegmentCounts(pub [i32; 4]);

impl SegmentCounts {
    pub fn total(&self) -> i32 {
        self.0.iter().sum()
    }
    pub fn add(&mut self, s: Segment, n: i32) {
        if let Some(k) = Segment::ALL.iter().position(|x| *x == s) {
            self.0[k] += n;
        }
    }
    /// "Governo: 1 · Usuários(as): 2 · …", every segment.
    pub fn describe(&self) -> String {
        Segment::ALL
            .iter()
            .zip(self.0)
            .map(|(s, n)| format!("{}: {n}", s.label()))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The counts by segment of a list.
pub fn counts(segments: impl IntoIterator<Item = Segment>) -> SegmentCounts {
    let mut c = SegmentCounts::default();
    for s in segments {
        c.add(s, 1);
    }
    c
}

/// The attendance of a meeting as it is shown and counted: the list when it has anyone on it
/// (the total is the list's length, the segments are its counts), otherwise the numbers
/// reported by hand (total and, optionally, by segment).
pub fn effective(
    reported_total: Option<i32>,
    reported_segments: [Option<i32>; 4],
    listed: Option<SegmentCounts>,
) -> (Option<i32>, [Option<i32>; 4]) {
    match listed {
        Some(l) if l.total() > 0 => (Some(l.total()), l.0.map(Some)),
        _ => (reported_total, reported_segments),
    }
}

/// The commission's setting for delegates elected at the pre-conferences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegateSetting {
    pub enabled: bool,
    pub seats_per_unit: i32,
    pub note: Option<String>,
}

impl DelegateSetting {
    /// `enabled` is a checkbox (`on`, `sim`, `true` or `1`); the seats are required when enabled
    /// (1 to [`SEATS_MAX`]) and kept as typed otherwise (blank → 1).
    pub fn parse(enabled: &str, seats: &str, note: &str) -> Result<Self, Invalid> {
        let mut inv = Invalid::default();
        let enabled = matches!(enabled.trim(), "on" | "sim" | "true" | "1");
        let seats = seats.trim();
        let seats_per_unit = match seats.parse::<i32>() {
            Ok(n) if (1..=SEATS_MAX).contains(&n) => Some(n),
            _ if seats.is_empty() && !enabled => Some(1),
            _ => {
                inv.push(FieldError::new(
                    "seats_per_unit",
                    format!(
                        "Informe quantos titulares cada unidade elege, de 1 a {SEATS_MAX} (por exemplo, 2)"
                    ),
                ));
                None
            }
        };
        let note = inv.take(crate::values::optional_multiline(
            "note",
            "A observação",
            note,
            NOTE_MAX,
        ));
        match (seats_per_unit, note) {
            (Some(seats_per_unit), Some(note)) => Ok(DelegateSetting {
                enabled,
                seats_per_unit,
                note,
            }),
            _ => Err(inv),
        }
    }
}

/// Whether a unit that already has `titulares` and `suplentes` may record one more `seat`, with
/// `seats_per_unit` titulares (and as many suplentes, one per titular) allowed.
pub fn check_seat(
    seat: Seat,
    titulares: i32,
    suplentes: i32,
    seats_per_unit: i32,
) -> Result<(), FieldError> {
    let plural = |n: i32, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    match seat {
        Seat::Titular if titulares >= seats_per_unit => Err(FieldError::new(
            "seat",
            format!(
                "A unidade já tem {} e o regimento permite {} por unidade: registre como suplente ou retire um titular antes",
                plural(titulares, "delegado(a) titular", "delegados(as) titulares"),
                plural(seats_per_unit, "titular", "titulares"),
            ),
        )),
        Seat::Suplente if suplentes >= seats_per_unit => Err(FieldError::new(
            "seat",
            format!(
                "A unidade já tem {} e o regimento permite {} por unidade (um por titular)",
                plural(suplentes, "suplente", "suplentes"),
                plural(seats_per_unit, "suplente", "suplentes"),
            ),
        )),
        _ => Ok(()),
    }
}

/// One territorial delegate, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegate {
    pub name: String,
    pub segment: Segment,
    pub seat: Seat,
    pub contact: Option<String>,
}

impl Delegate {
    /// Every field checked at once; the errors name `name`, `segment`, `seat`, `contact`.
    pub fn parse(
        name_in: &str,
        segment_in: &str,
        seat_in: &str,
        contact_in: &str,
    ) -> Result<Self, Invalid> {
        let mut inv = Invalid::default();
        let n = inv.take(name("name", name_in));
        let s = inv.take(segment("segment", segment_in));
        let seat = inv.take(
            Seat::parse(seat_in)
                .map_err(|_| FieldError::new("seat", "Escolha se a pessoa é titular ou suplente")),
        );
        let c = inv.take(contact("contact", contact_in));
        match (n, s, seat, c) {
            (Some(name), Some(segment), Some(seat), Some(contact)) => Ok(Delegate {
                name,
                segment,
                seat,
                contact,
            }),
            _ => Err(inv),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(name("n", "  Maria   da  Silva ").unwrap(), "Maria da Silva");
        assert_eq!(
            name("n", "   ").unwrap_err().message,
            "Preencha o nome da pessoa"
        );
        assert!(name("n", &"a".repeat(NAME_MAX)).is_ok());
        assert!(name("n", &"a".repeat(NAME_MAX + 1)).is_err());
        // A CPF (valid check digits) is refused, with or without punctuation; other numbers pass.
        assert!(name("n", "Maria 529.982.247-25").is_err());
        assert!(name("n", "52998224725").is_err());
        assert!(name("n", "Maria 2ª").is_ok());
        assert!(name("n", "Turma de 2025").is_ok());
    }

    #[test]
    fn contact_is_optional_and_never_a_cpf() {
        assert_eq!(contact("c", " ").unwrap(), None);
        assert_eq!(
            contact("c", " (37) 99999-0000 ").unwrap().as_deref(),
            Some("(37) 99999-0000")
        );
        assert!(contact("c", "529.982.247-25").is_err());
        assert!(contact("c", &"x".repeat(CONTACT_MAX + 1)).is_err());
    }

    #[test]
    fn segments_parse_from_their_codes() {
        assert_eq!(segment("s", "usuarios").unwrap(), Segment::Users);
        assert_eq!(segment("s", " governo ").unwrap(), Segment::Government);
        let e = segment("s", "Usuários").unwrap_err();
        assert!(e.message.contains("Escolha o segmento"));
    }

    #[test]
    fn a_row_reports_every_problem_at_once() {
        let e = Attendee::parse("", "x", "529.982.247-25").unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "segment", "contact"]);
        let a = Attendee::parse("Ana", "entidades", "").unwrap();
        assert_eq!(a.segment, Segment::Entities);
        assert_eq!(a.contact, None);
    }

    #[test]
    fn counts_come_from_the_list() {
        let c = counts([Segment::Users, Segment::Users, Segment::Workers]);
        assert_eq!(c.0, [0, 2, 1, 0]);
        assert_eq!(c.total(), 3);
        assert_eq!(
            c.describe(),
            "Governo: 0 · Usuários(as): 2 · Trabalhadores(as) do SUAS: 1 · Entidades de assistência social: 0"
        );
        assert_eq!(counts([]).total(), 0);
    }

    #[test]
    fn a_list_replaces_the_reported_numbers_while_it_has_anyone() {
        let reported = (Some(30), [Some(2), Some(20), Some(8), Some(0)]);
        assert_eq!(effective(reported.0, reported.1, None), reported);
        assert_eq!(
            effective(reported.0, reported.1, Some(SegmentCounts::default())),
            reported
        );
        let l = counts([Segment::Government, Segment::Users, Segment::Users]);
        assert_eq!(
            effective(reported.0, reported.1, Some(l)),
            (Some(3), [Some(1), Some(2), Some(0), Some(0)])
        );
        // The counts-only path without segments stays as it was.
        assert_eq!(effective(Some(12), [None; 4], None), (Some(12), [None; 4]));
    }

    #[test]
    fn the_setting_needs_seats_when_enabled() {
        let s = DelegateSetting::parse("on", "2", " Paridade por segmento ").unwrap();
        assert!(s.enabled);
        assert_eq!(s.seats_per_unit, 2);
        assert_eq!(s.note.as_deref(), Some("Paridade por segmento"));
        assert!(!DelegateSetting::parse("", "", "").unwrap().enabled);
        for bad in ["", "0", "-1", "dois", "51"] {
            let e = DelegateSetting::parse("on", bad, "").unwrap_err();
            assert_eq!(e.0[0].field, "seats_per_unit", "{bad}");
        }
    }

    #[test]
    fn seats_are_capped_per_unit() {
        assert!(check_seat(Seat::Titular, 0, 0, 1).is_ok());
        let e = check_seat(Seat::Titular, 1, 0, 1).unwrap_err();
        assert_eq!(
            e.message,
            "A unidade já tem 1 delegado(a) titular e o regimento permite 1 titular por unidade: registre como suplente ou retire um titular antes"
        );
        assert!(check_seat(Seat::Suplente, 1, 0, 1).is_ok());
        assert!(check_seat(Seat::Suplente, 1, 1, 1).is_err());
        assert!(check_seat(Seat::Titular, 2, 0, 3).is_ok());
        assert!(
            check_seat(Seat::Titular, 3, 0, 3)
                .unwrap_err()
                .message
                .contains("3 delegados(as) titulares")
        );
    }

    #[test]
    fn a_delegate_row_is_checked_whole() {
        let e = Delegate::parse(" ", "usuarios", "talvez", "").unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "seat"]);
        let d = Delegate::parse("José", "trabalhadores", "titular", "jose@x.org").unwrap();
        assert_eq!(d.seat, Seat::Titular);
    }
}
