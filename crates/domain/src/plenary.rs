//! Plenary rules (docs/domain.md §4 stages 5 and 7, §7, §13): quorum, counted votes (crachá raised),
//! simple majority, and the regimento's destaques (keep, modify with new text, or suppress).

use crate::FieldError;
use crate::setup::Article;

/// How many delegates must be present for a vote to be opened. The regimento chooses it; the
/// commission records it per conference (`app::plenary::seats`), and every vote stores its code and the
/// minimum it required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuorumRule {
    /// More than half of the voting seats credentialed in the conference (docs/domain.md, the
    /// default).
    #[default]
    MajorityOfCredentialed,
    /// More than half of the voting seats registered (titulares, natos and, where the regimento
    /// says so, suplentes who vote on their own).
    MajorityOfRegistered,
    /// At least this percentage (1 to 100) of the voting seats credentialed, rounded up.
    PercentOfCredentialed(u8),
    /// A fixed number of delegates present.
    Fixed(u32),
}

/// What a quorum is counted on: voting seats credentialed (on any day) and registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QuorumBase {
    pub credentialed: u32,
    pub registered: u32,
}

/// The kinds of rule, as the settings form offers them.
pub const QUORUM_KINDS: [(&str, &str); 4] = [
    (
        "majority_of_credentialed",
        "Maioria absoluta dos(as) delegados(as) credenciados(as)",
    ),
    (
        "majority_of_registered",
        "Maioria absoluta dos(as) delegados(as) inscritos(as)",
    ),
    (
        "percent_of_credentialed",
        "Percentual dos(as) delegados(as) credenciados(as)",
    ),
    ("fixed", "Número fixo de delegados(as) presentes"),
];

impl QuorumRule {
    /// The stored code: `majority_of_credentialed`, `majority_of_registered`,
    /// `percent_of_credentialed:60`, `fixed:25`.
    pub fn code(self) -> String {
        match self {
            QuorumRule::MajorityOfCredentialed => "majority_of_credentialed".into(),
            QuorumRule::MajorityOfRegistered => "majority_of_registered".into(),
            QuorumRule::PercentOfCredentialed(p) => format!("percent_of_credentialed:{p}"),
            QuorumRule::Fixed(n) => format!("fixed:{n}"),
        }
    }

    /// The kind part of the code (the form's select value).
    pub fn kind(self) -> &'static str {
        match self {
            QuorumRule::MajorityOfCredentialed => "majority_of_credentialed",
            QuorumRule::MajorityOfRegistered => "majority_of_registered",
            QuorumRule::PercentOfCredentialed(_) => "percent_of_credentialed",
            QuorumRule::Fixed(_) => "fixed",
        }
    }

    /// The number of a percentage or fixed rule.
    pub fn number(self) -> Option<u32> {
        match self {
            QuorumRule::PercentOfCredentialed(p) => Some(u32::from(p)),
            QuorumRule::Fixed(n) => Some(n),
            _ => None,
        }
    }

    /// Reads a stored code; unknown codes read as the default.
    pub fn from_code(code: &str) -> Self {
        let (kind, n) = code.split_once(':').unwrap_or((code, ""));
        Self::parse(kind, n).unwrap_or_default()
    }

    /// The settings form: a kind and, for a percentage or a fixed number, the number typed.
    pub fn parse(kind: &str, number: &str) -> Result<Self, FieldError> {
        let n = number.trim();
        match kind.trim() {
            "majority_of_credentialed" => Ok(QuorumRule::MajorityOfCredentialed),
            "majority_of_registered" => Ok(QuorumRule::MajorityOfRegistered),
            "percent_of_credentialed" => match n.trim_end_matches('%').trim().parse::<u8>() {
                Ok(p @ 1..=100) => Ok(QuorumRule::PercentOfCredentialed(p)),
                _ => Err(FieldError::new(
                    "quorum_number",
                    "Informe o percentual: um número inteiro de 1 a 100",
                )),
            },
            "fixed" => match n.parse::<u32>() {
                Ok(v @ 1..=100_000) => Ok(QuorumRule::Fixed(v)),
                _ => Err(FieldError::new(
                    "quorum_number",
                    "Informe o número de delegados(as) presentes exigido: um número inteiro maior que zero",
                )),
            },
            _ => Err(FieldError::new(
                "quorum_kind",
                "Escolha uma regra de quórum",
            )),
        }
    }

    pub fn label(self) -> String {
        match self {
            QuorumRule::MajorityOfCredentialed => {
                "maioria absoluta dos(as) delegados(as) credenciados(as)".into()
            }
            QuorumRule::MajorityOfRegistered => {
                "maioria absoluta dos(as) delegados(as) inscritos(as)".into()
            }
            QuorumRule::PercentOfCredentialed(p) => {
                format!("{p}% dos(as) delegados(as) credenciados(as)")
            }
            QuorumRule::Fixed(n) => format!("{n} delegados(as) presentes, no mínimo"),
        }
    }

    /// The least number of delegates present for a vote.
    pub fn minimum(self, base: QuorumBase) -> u32 {
        match self {
            QuorumRule::MajorityOfCredentialed => base.credentialed / 2 + 1,
            QuorumRule::MajorityOfRegistered => base.registered / 2 + 1,
            QuorumRule::PercentOfCredentialed(p) => {
                (base.credentialed * u32::from(p)).div_ceil(100).max(1)
            }
            QuorumRule::Fixed(n) => n.max(1),
        }
    }

    /// Whether a vote may be opened, with the reason in pt-BR when not.
    pub fn check(self, present: u32, base: QuorumBase) -> Result<(), FieldError> {
        if base.credentialed == 0 {
            return Err(FieldError::new(
                "quorum",
                "Nenhum(a) delegado(a) foi credenciado(a) ainda: sem quórum não há votação",
            ));
        }
        let min = self.minimum(base);
        if present < min {
            let of = match self {
                QuorumRule::MajorityOfRegistered => {
                    format!(" de {} inscritos", base.registered)
                }
                QuorumRule::Fixed(_) => String::new(),
                _ => format!(" de {} credenciados", base.credentialed),
            };
            return Err(FieldError::new(
                "quorum",
                format!(
                    "Sem quórum: {present} delegado(s) presente(s); são necessários {min} ({}{of})",
                    self.label()
                ),
            ));
        }
        Ok(())
    }
}

/// Counts of a vote by raised badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub favor: u32,
    pub against: u32,
    pub abstain: u32,
}

/// What a vote decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Approved,
    Rejected,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::Rejected => "rejected",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Approved => "aprovado",
            Outcome::Rejected => "rejeitado",
        }
    }
}

impl Tally {
    /// Parses counts typed by the staff member at the table.
    pub fn parse(favor: &str, against: &str, abstain: &str) -> Result<Self, crate::Invalid> {
        let mut inv = crate::Invalid::default();
        let mut n = |field: &str, label: &str, v: &str| -> u32 {
            let t = v.trim();
            if t.is_empty() {
                return 0;
            }
            match t.parse::<u32>() {
                Ok(x) if x <= 100_000 => x,
                _ => {
                    inv.push(FieldError::new(
                        field,
                        format!("{label}: digite um número inteiro, 0 ou mais"),
                    ));
                    0
                }
            }
        };
        let t = Tally {
            favor: n("favor", "Votos a favor", favor),
            against: n("against", "Votos contra", against),
            abstain: n("abstain", "Abstenções", abstain),
        };
        inv.into_result()?;
        Ok(t)
    }

    pub fn total(self) -> u32 {
        self.favor + self.against + self.abstain
    }

    /// A count can never exceed the delegates present, and an empty count is not a vote.
    pub fn check(self, present: u32) -> Result<(), FieldError> {
        if self.total() == 0 {
            return Err(FieldError::new(
                "favor",
                "Registre a contagem: nenhum voto foi informado",
            ));
        }
        if self.total() > present {
            return Err(FieldError::new(
                "favor",
                format!(
                    "A contagem soma {} votos, mais do que os {present} delegado(s) presente(s): conte de novo",
                    self.total()
                ),
            ));
        }
        Ok(())
    }

    /// Simple majority of the votes cast (abstentions do not count either way); a tie keeps
    /// what stood before the vote, so it is `Rejected`.
    pub fn simple_majority(self) -> Outcome {
        if self.favor > self.against {
            Outcome::Approved
        } else {
            Outcome::Rejected
        }
    }
}

/// A delegate's choice in an electronic vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Choice {
    Favor,
    Against,
    Abstain,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Favor, Choice::Against, Choice::Abstain];

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "favor" => Some(Choice::Favor),
            "against" => Some(Choice::Against),
            "abstain" => Some(Choice::Abstain),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Choice::Favor => "favor",
            Choice::Against => "against",
            Choice::Abstain => "abstain",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Choice::Favor => "a favor",
            Choice::Against => "contra",
            Choice::Abstain => "abstenção",
        }
    }
}

impl Tally {
    /// Counts the choices (the phones' part of a vote).
    pub fn of(choices: impl IntoIterator<Item = Choice>) -> Self {
        let mut t = Tally::default();
        for c in choices {
            match c {
                Choice::Favor => t.favor += 1,
                Choice::Against => t.against += 1,
                Choice::Abstain => t.abstain += 1,
            }
        }
        t
    }

    pub fn plus(self, other: Tally) -> Tally {
        Tally {
            favor: self.favor + other.favor,
            against: self.against + other.against,
            abstain: self.abstain + other.abstain,
        }
    }

    /// A mixed vote: the room's raised badges (`self`) are counted only among the delegates present
    /// who did not vote by phone, so nobody is counted twice.
    pub fn check_room(self, present: u32, phone_voters: u32) -> Result<(), FieldError> {
        let left = present.saturating_sub(phone_voters);
        if self.total() > left {
            return Err(FieldError::new(
                "favor",
                format!(
                    "A contagem da sala soma {} votos, mas só {left} delegado(s) presente(s) não votaram pelo celular ({present} presentes, {phone_voters} pelo celular): quem votou pelo celular não levanta o crachá. Conte de novo",
                    self.total()
                ),
            ));
        }
        Ok(())
    }
}

/// What a destaque asks for an article of the regimento.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DestaqueKind {
    /// Replace the article's text.
    Modify(String),
    /// Remove the article.
    Suppress,
}

impl DestaqueKind {
    pub fn parse(kind: &str, text: &str) -> Result<Self, FieldError> {
        match kind.trim() {
            "modify" => {
                let t = text.trim();
                if t.is_empty() {
                    Err(FieldError::new(
                        "proposed_text",
                        "Escreva o novo texto proposto para o artigo",
                    ))
                } else if t.chars().count() > 5_000 {
                    Err(FieldError::new(
                        "proposed_text",
                        "O texto proposto passa de 5.000 caracteres",
                    ))
                } else {
                    crate::values::plain_text("proposed_text", t, true)?;
                    Ok(DestaqueKind::Modify(t.to_owned()))
                }
            }
            "suppress" => Ok(DestaqueKind::Suppress),
            _ => Err(FieldError::new(
                "kind",
                "Escolha o que o destaque pede: modificar o texto ou suprimir o artigo",
            )),
        }
    }
    pub fn code(&self) -> &'static str {
        match self {
            DestaqueKind::Modify(_) => "modify",
            DestaqueKind::Suppress => "suppress",
        }
    }
}

/// The regimento as approved: each article kept, replaced by the approved text of its destaque,
/// or removed; the remaining articles renumbered in order. `changes` holds (article number in
/// the draft, the approved change).
pub fn approved_text(draft: &[Article], changes: &[(i32, DestaqueKind)]) -> Vec<Article> {
    let mut out = Vec::new();
    for a in draft {
        match changes.iter().find(|(n, _)| *n == a.number).map(|(_, k)| k) {
            Some(DestaqueKind::Suppress) => continue,
            Some(DestaqueKind::Modify(t)) => out.push(Article {
                number: 0,
                chapter: a.chapter.clone(),
                text: t.clone(),
            }),
            None => out.push(a.clone()),
        }
    }
    for (i, a) in out.iter_mut().enumerate() {
        a.number = i as i32 + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quorum_is_more_than_half_of_the_credentialed() {
        let q = QuorumRule::MajorityOfCredentialed;
        let b = |credentialed| QuorumBase {
            credentialed,
            registered: 40,
        };
        assert_eq!(q.minimum(b(10)), 6);
        assert_eq!(q.minimum(b(11)), 6);
        assert!(q.check(6, b(10)).is_ok());
        let e = q.check(5, b(10)).unwrap_err();
        assert!(e.message.contains("Sem quórum: 5"), "{}", e.message);
        assert!(e.message.contains("necessários 6"));
        assert!(q.check(0, b(0)).unwrap_err().message.contains("Nenhum"));
    }

    #[test]
    fn quorum_rules_from_the_regimento() {
        let base = QuorumBase {
            credentialed: 30,
            registered: 50,
        };
        assert_eq!(QuorumRule::MajorityOfRegistered.minimum(base), 26);
        assert_eq!(QuorumRule::PercentOfCredentialed(60).minimum(base), 18);
        assert_eq!(QuorumRule::PercentOfCredentialed(1).minimum(base), 1);
        assert_eq!(QuorumRule::Fixed(25).minimum(base), 25);
        let e = QuorumRule::MajorityOfRegistered
            .check(25, base)
            .unwrap_err();
        assert!(e.message.contains("necessários 26"), "{}", e.message);
        assert!(e.message.contains("de 50 inscritos"), "{}", e.message);
        assert!(QuorumRule::Fixed(25).check(25, base).is_ok());
        for r in [
            QuorumRule::MajorityOfCredentialed,
            QuorumRule::MajorityOfRegistered,
            QuorumRule::PercentOfCredentialed(60),
            QuorumRule::Fixed(25),
        ] {
            assert_eq!(QuorumRule::from_code(&r.code()), r);
            assert_eq!(
                QuorumRule::parse(
                    r.kind(),
                    &r.number().map(|n| n.to_string()).unwrap_or_default()
                ),
                Ok(r)
            );
        }
        assert_eq!(
            QuorumRule::parse("percent_of_credentialed", "0")
                .unwrap_err()
                .field,
            "quorum_number"
        );
        assert_eq!(
            QuorumRule::parse("percent_of_credentialed", "101")
                .unwrap_err()
                .field,
            "quorum_number"
        );
        assert!(QuorumRule::parse("fixed", "abc").is_err());
        assert_eq!(QuorumRule::parse("", "").unwrap_err().field, "quorum_kind");
        assert_eq!(QuorumRule::from_code("nonsense"), QuorumRule::default());
    }

    #[test]
    fn tallies() {
        let t = Tally::parse("7", " 3", "").unwrap();
        assert_eq!((t.favor, t.against, t.abstain, t.total()), (7, 3, 0, 10));
        assert_eq!(t.simple_majority(), Outcome::Approved);
        assert_eq!(
            Tally::parse("3", "3", "4").unwrap().simple_majority(),
            Outcome::Rejected,
            "a tie keeps what stood"
        );
        let e = Tally::parse("-1", "x", "2.5").unwrap_err();
        assert_eq!(e.0.len(), 3);
        assert!(t.check(10).is_ok());
        assert!(t.check(9).unwrap_err().message.contains("mais do que os 9"));
        assert!(Tally::default().check(9).is_err());
    }

    #[test]
    fn destaques_change_the_text_and_renumber() {
        let a = |n: i32, t: &str| Article {
            number: n,
            chapter: Some("Cap. I".into()),
            text: t.into(),
        };
        let draft = vec![a(1, "um"), a(2, "dois"), a(3, "três")];
        let out = approved_text(
            &draft,
            &[
                (1, DestaqueKind::Suppress),
                (3, DestaqueKind::Modify("três, emendado".into())),
            ],
        );
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].number, out[0].text.as_str()), (1, "dois"));
        assert_eq!((out[1].number, out[1].text.as_str()), (2, "três, emendado"));
        assert!(DestaqueKind::parse("modify", " ").is_err());
        assert!(DestaqueKind::parse("outro", "").is_err());
        assert_eq!(
            DestaqueKind::parse("suppress", "").unwrap(),
            DestaqueKind::Suppress
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn choice() -> impl Strategy<Value = Choice> {
            prop_oneof![
                Just(Choice::Favor),
                Just(Choice::Against),
                Just(Choice::Abstain)
            ]
        }

        proptest! {
            #[test]
            fn a_tally_counts_every_choice_once(cs in proptest::collection::vec(choice(), 0..300)) {
                let t = Tally::of(cs.iter().copied());
                prop_assert_eq!(t.total() as usize, cs.len());
                prop_assert_eq!(t.favor as usize, cs.iter().filter(|c| **c == Choice::Favor).count());
                // Splitting the ballots in two channels and adding them gives the same tally.
                let (a, b) = cs.split_at(cs.len() / 2);
                prop_assert_eq!(Tally::of(a.iter().copied()).plus(Tally::of(b.iter().copied())), t);
            }

            #[test]
            fn simple_majority_needs_more_for_than_against(f in 0u32..1000, a in 0u32..1000, x in 0u32..1000) {
                let t = Tally { favor: f, against: a, abstain: x };
                prop_assert_eq!(t.simple_majority() == Outcome::Approved, f > a);
                // Abstentions never change the result.
                prop_assert_eq!(Tally { abstain: 0, ..t }.simple_majority(), t.simple_majority());
            }

            #[test]
            fn quorum_is_the_least_majority(cred in 0u32..5000, present in 0u32..5000) {
                let q = QuorumRule::MajorityOfCredentialed;
                let base = QuorumBase { credentialed: cred, registered: cred };
                let ok = q.check(present, base).is_ok();
                prop_assert_eq!(ok, cred > 0 && 2 * present > cred);
                if cred > 0 {
                    let m = q.minimum(base);
                    prop_assert!(2 * m > cred && 2 * (m - 1) <= cred);
                }
            }

            #[test]
            fn a_room_count_never_counts_a_phone_voter_again(
                present in 0u32..500, phones in 0u32..500, f in 0u32..500, a in 0u32..500, x in 0u32..500
            ) {
                let room = Tally { favor: f, against: a, abstain: x };
                let ok = room.check_room(present, phones).is_ok();
                prop_assert_eq!(ok, room.total() + phones.min(present) <= present);
                if ok && phones <= present {
                    prop_assert!(room.total() + phones <= present);
                }
            }
        }
    }
}
