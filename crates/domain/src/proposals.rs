//! Proposals of the working groups and the final plenary (DOMAIN.md §4 stages 6–7, §7, §13.3):
//! the level a proposal is addressed to, its kind, the group's vote with an optional minority
//! threshold, and the balanced assignment of participants to groups.

use crate::FieldError;
use crate::plenary::{Outcome, Tally};
use std::collections::HashMap;

/// The level of government a proposal is addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AddressedLevel {
    Municipal,
    Estadual,
    Federal,
}

impl AddressedLevel {
    pub const ALL: [AddressedLevel; 3] = [Self::Municipal, Self::Estadual, Self::Federal];
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        match s.trim() {
            "municipal" => Ok(Self::Municipal),
            "estadual" => Ok(Self::Estadual),
            "federal" => Ok(Self::Federal),
            _ => Err(FieldError::new(
                "level",
                "Escolha a quem a proposta se dirige: município, estado ou União",
            )),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::Municipal => "municipal",
            Self::Estadual => "estadual",
            Self::Federal => "federal",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Municipal => "municipal",
            Self::Estadual => "estadual",
            Self::Federal => "federal (União)",
        }
    }
    pub fn label_of(code: &str) -> &'static str {
        Self::parse(code).map(Self::label).unwrap_or("")
    }
}

/// A new proposal, or a recommendation on a deliberation of a past conference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalKind {
    New,
    Recommendation,
}

impl ProposalKind {
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        match s.trim() {
            "" | "new" => Ok(Self::New),
            "recommendation" => Ok(Self::Recommendation),
            _ => Err(FieldError::new("kind", "Tipo de proposta inválido")),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Recommendation => "recommendation",
        }
    }
    pub fn label_of(code: &str) -> &'static str {
        match code {
            "recommendation" => "recomendação sobre deliberação anterior",
            _ => "proposta nova",
        }
    }
}

/// The text of a proposal: required, up to 2,000 characters, spaces tidied.
pub fn proposal_text(s: &str) -> Result<String, FieldError> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(FieldError::new("text", "Escreva o texto da proposta"));
    }
    if t.chars().count() > 2_000 {
        return Err(FieldError::new(
            "text",
            "A proposta passa de 2.000 caracteres: resuma",
        ));
    }
    Ok(t)
}

/// What a working group decided on a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupOutcome {
    /// Simple majority: goes to the plenary.
    Approved,
    /// Rejected, but with at least the minority threshold of the votes cast: goes to the plenary
    /// as a minority proposal.
    Minority,
    Rejected,
}

impl GroupOutcome {
    pub fn code(self) -> &'static str {
        match self {
            Self::Approved => "group_approved",
            Self::Minority => "group_minority",
            Self::Rejected => "group_rejected",
        }
    }
}

/// The group's vote: simple majority of the votes of the delegates present; an optional minority
/// threshold (percentage of the votes cast in favour) sends a rejected proposal to the plenary.
pub fn group_outcome(t: Tally, minority_pct: Option<u32>) -> GroupOutcome {
    if t.simple_majority() == Outcome::Approved {
        return GroupOutcome::Approved;
    }
    match minority_pct {
        Some(pct) if t.total() > 0 && t.favor > 0 && t.favor * 100 >= pct * t.total() => {
            GroupOutcome::Minority
        }
        _ => GroupOutcome::Rejected,
    }
}

/// Assigns people to groups: each to the least filled group of the eixo they chose, or, without
/// a choice (or no group for it), to the least filled group of all. Ties go to the group listed
/// first. `groups` holds (group, eixo, members already in it); returns (person, group).
pub fn balance<P: Copy, G: Copy + Eq + std::hash::Hash, E: Eq>(
    people: &[(P, Option<E>)],
    groups: &[(G, E, usize)],
) -> Vec<(P, G)> {
    let mut size: HashMap<G, usize> = groups.iter().map(|(g, _, n)| (*g, *n)).collect();
    let mut out = Vec::new();
    if groups.is_empty() {
        return out;
    }
    for (p, choice) in people {
        let pick = |filter: &dyn Fn(&E) -> bool, size: &HashMap<G, usize>| {
            groups
                .iter()
                .filter(|(_, e, _)| filter(e))
                .min_by_key(|(g, _, _)| size[g])
                .map(|(g, _, _)| *g)
        };
        let g = choice
            .as_ref()
            .and_then(|c| pick(&|e: &E| e == c, &size))
            .or_else(|| pick(&|_| true, &size));
        if let Some(g) = g {
            *size.get_mut(&g).expect("known group") += 1;
            out.push((*p, g));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn levels_kinds_and_text() {
        assert_eq!(
            AddressedLevel::parse("estadual").unwrap(),
            AddressedLevel::Estadual
        );
        assert!(AddressedLevel::parse("mundial").is_err());
        assert_eq!(ProposalKind::parse("").unwrap(), ProposalKind::New);
        assert_eq!(
            proposal_text("  Ampliar   o CRAS \n").unwrap(),
            "Ampliar o CRAS"
        );
        assert!(proposal_text("   ").is_err());
        assert!(proposal_text(&"a".repeat(2001)).is_err());
    }

    #[test]
    fn group_votes_with_a_minority_threshold() {
        let t = |f, a, x| Tally {
            favor: f,
            against: a,
            abstain: x,
        };
        assert_eq!(group_outcome(t(5, 4, 0), None), GroupOutcome::Approved);
        assert_eq!(group_outcome(t(4, 4, 0), None), GroupOutcome::Rejected);
        assert_eq!(group_outcome(t(3, 7, 0), Some(30)), GroupOutcome::Minority);
        assert_eq!(group_outcome(t(2, 7, 1), Some(30)), GroupOutcome::Rejected);
    }

    #[test]
    fn balance_follows_choices_then_evens_out() {
        let groups = [("g1", 1, 0), ("g2", 1, 0), ("g3", 2, 0)];
        let people = [
            (1, Some(1)),
            (2, Some(1)),
            (3, Some(1)),
            (4, None),
            (5, Some(9)),
        ];
        let out = balance(&people, &groups);
        assert_eq!(out[0], (1, "g1"));
        assert_eq!(out[1], (2, "g2"));
        assert_eq!(out[2], (3, "g1"));
        assert_eq!(out[3], (4, "g3"), "no choice: the smallest group");
        assert_eq!(
            out[4],
            (5, "g2"),
            "an eixo without a group: the smallest of all"
        );
    }

    proptest! {
        #[test]
        fn without_choices_groups_differ_by_at_most_one(n in 0usize..300, g in 1usize..12) {
            let groups: Vec<(usize, u8, usize)> = (0..g).map(|i| (i, (i % 3) as u8, 0)).collect();
            let people: Vec<(usize, Option<u8>)> = (0..n).map(|i| (i, None)).collect();
            let out = balance(&people, &groups);
            prop_assert_eq!(out.len(), n);
            let mut sizes = vec![0usize; g];
            for (_, gr) in &out { sizes[*gr] += 1; }
            let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            prop_assert!(max - min <= 1);
        }

        #[test]
        fn a_choice_is_honoured_when_its_eixo_has_a_group(choices in proptest::collection::vec(0u8..4, 0..200)) {
            // Eixos 0..3 have groups; eixo 3 has none.
            let groups = [(0usize, 0u8, 0usize), (1, 1, 0), (2, 1, 0), (3, 2, 0)];
            let people: Vec<(usize, Option<u8>)> = choices.iter().enumerate().map(|(i, c)| (i, Some(*c))).collect();
            let out = balance(&people, &groups);
            for (p, gr) in out {
                let chosen = choices[p];
                if chosen < 3 {
                    prop_assert_eq!(groups[gr].1, chosen);
                }
            }
        }

        #[test]
        fn minority_never_beats_majority(f in 0u32..200, a in 0u32..200, x in 0u32..200, pct in 1u32..100) {
            let t = Tally { favor: f, against: a, abstain: x };
            let o = group_outcome(t, Some(pct));
            if f > a { prop_assert_eq!(o, GroupOutcome::Approved); }
            if o == GroupOutcome::Minority { prop_assert!(f * 100 >= pct * t.total() && f <= a); }
            prop_assert_eq!(group_outcome(t, None) == GroupOutcome::Minority, false);
        }
    }
}

/// The kinds of moção (DOMAIN.md §8).
pub const MOCAO_KINDS: [(&str, &str); 6] = [
    ("repudio", "Repúdio"),
    ("indignacao", "Indignação"),
    ("apoio", "Apoio"),
    ("congratulacao", "Congratulação"),
    ("recomendacao", "Recomendação"),
    ("reivindicacao", "Reivindicação"),
];

pub fn mocao_kind_label(code: &str) -> Option<&'static str> {
    MOCAO_KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
}

/// Signatures a moção needs: `pct` percent of the delegates present, rounded up, at least one.
pub fn signatures_needed(pct: u32, present: u32) -> u32 {
    (pct * present).div_ceil(100).max(1)
}

#[cfg(test)]
mod mocao_tests {
    use super::*;

    #[test]
    fn twenty_percent_of_present_rounded_up() {
        assert_eq!(signatures_needed(20, 100), 20);
        assert_eq!(signatures_needed(20, 101), 21);
        assert_eq!(signatures_needed(20, 3), 1);
        assert_eq!(signatures_needed(20, 0), 1);
        assert_eq!(mocao_kind_label("apoio"), Some("Apoio"));
        assert_eq!(mocao_kind_label("x"), None);
    }
}

/// Ranks the approved proposals of one eixo and level by their priority votes: more votes first;
/// a tie goes to the proposal read first in the plenary (the order the groups sent them), so the
/// result never depends on chance. `items` holds (proposal, votes) in reading order; returns
/// (proposal, rank from 1, within the cap).
pub fn rank<P: Copy>(items: &[(P, u32)], cap: Option<u32>) -> Vec<(P, u32, bool)> {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    idx.sort_by(|a, b| items[*b].1.cmp(&items[*a].1).then(a.cmp(b)));
    idx.iter()
        .enumerate()
        .map(|(r, i)| {
            let rank = r as u32 + 1;
            (items[*i].0, rank, cap.is_none_or(|c| rank <= c))
        })
        .collect()
}

#[cfg(test)]
mod rank_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn more_votes_first_then_reading_order() {
        let r = rank(&[("a", 3), ("b", 5), ("c", 3), ("d", 0)], Some(2));
        assert_eq!(
            r,
            vec![
                ("b", 1, true),
                ("a", 2, true),
                ("c", 3, false),
                ("d", 4, false)
            ]
        );
        assert!(rank(&[("a", 1)], None)[0].2);
    }

    proptest! {
        #[test]
        fn ranking_is_a_permutation_ordered_by_votes(votes in proptest::collection::vec(0u32..20, 0..40), cap in 0u32..10) {
            let items: Vec<(usize, u32)> = votes.iter().copied().enumerate().collect();
            let r = rank(&items, Some(cap));
            prop_assert_eq!(r.len(), items.len());
            let mut seen: Vec<usize> = r.iter().map(|x| x.0).collect();
            seen.sort();
            prop_assert_eq!(seen, (0..items.len()).collect::<Vec<_>>());
            for w in r.windows(2) {
                let (a, b) = (items[w[0].0], items[w[1].0]);
                prop_assert!(a.1 > b.1 || (a.1 == b.1 && a.0 < b.0), "ties follow reading order");
            }
            prop_assert_eq!(r.iter().filter(|x| x.2).count(), items.len().min(cap as usize));
        }
    }
}
