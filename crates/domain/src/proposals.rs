//! Proposals of the working groups and the final plenary (docs/domain.md §4 stages 6–7, §7, §13.3):
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
    crate::values::plain_text("text", &t, false)?;
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

/// The result of distributing people into working groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution<P, G> {
    /// (person, group), each person once.
    pub placed: Vec<(P, G)>,
    /// People who chose an eixo that has no group: placed as if they had no preference.
    pub eixo_without_group: usize,
}

/// Assigns people to groups in two passes. First, everyone who chose an eixo that has a group
/// goes to the least filled group of that eixo. Then everyone else (no choice, or an eixo
/// without a group) goes to the least filled group of all, so these even out the sizes. Ties go
/// to the group listed first; people are taken in the order given. `groups` holds (group, eixo,
/// members already in it).
pub fn distribute<P: Copy, G: Copy + Eq + std::hash::Hash, E: Eq>(
    people: &[(P, Option<E>)],
    groups: &[(G, E, usize)],
) -> Distribution<P, G> {
    let mut size: HashMap<G, usize> = groups.iter().map(|(g, _, n)| (*g, *n)).collect();
    let mut out = Distribution {
        placed: Vec::with_capacity(people.len()),
        eixo_without_group: 0,
    };
    if groups.is_empty() {
        return out;
    }
    let smallest = |size: &HashMap<G, usize>, filter: &dyn Fn(&E) -> bool| {
        groups
            .iter()
            .filter(|(_, e, _)| filter(e))
            .min_by_key(|(g, _, _)| size[g])
            .map(|(g, _, _)| *g)
    };
    let mut rest = Vec::new();
    for (p, choice) in people {
        match choice {
            Some(c) => match smallest(&size, &|e: &E| e == c) {
                Some(g) => {
                    *size.get_mut(&g).expect("known group") += 1;
                    out.placed.push((*p, g));
                }
                None => {
                    out.eixo_without_group += 1;
                    rest.push(*p);
                }
            },
            None => rest.push(*p),
        }
    }
    for p in rest {
        let g = smallest(&size, &|_| true).expect("there are groups");
        *size.get_mut(&g).expect("known group") += 1;
        out.placed.push((p, g));
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
    fn choices_first_then_the_rest_evens_out() {
        let groups = [("g1", 1, 0), ("g2", 1, 0), ("g3", 2, 0)];
        let people = [
            (1, None),
            (2, Some(1)),
            (3, Some(1)),
            (4, Some(1)),
            (5, Some(9)),
        ];
        let d = distribute(&people, &groups);
        assert_eq!(
            d.placed,
            vec![(2, "g1"), (3, "g2"), (4, "g1"), (1, "g3"), (5, "g2"),],
            "choices first (least filled group of the eixo), then the smallest group of all"
        );
        assert_eq!(d.eixo_without_group, 1, "eixo 9 has no group");
        assert_eq!(distribute::<i32, &str, i32>(&people, &[]).placed, vec![]);
    }

    fn sizes_of(out: &[(usize, usize)], g: usize, start: &[usize]) -> Vec<usize> {
        let mut sizes = start.to_vec();
        sizes.resize(g, 0);
        for (_, gr) in out {
            sizes[*gr] += 1;
        }
        sizes
    }

    proptest! {
        #[test]
        fn without_choices_groups_differ_by_at_most_one(n in 0usize..300, g in 1usize..12) {
            let groups: Vec<(usize, u8, usize)> = (0..g).map(|i| (i, (i % 3) as u8, 0)).collect();
            let people: Vec<(usize, Option<u8>)> = (0..n).map(|i| (i, None)).collect();
            let d = distribute(&people, &groups);
            prop_assert_eq!(d.placed.len(), n);
            prop_assert_eq!(d.eixo_without_group, 0);
            let sizes = sizes_of(&d.placed, g, &[]);
            let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            prop_assert!(max - min <= 1);
        }

        #[test]
        fn everyone_once_choices_honoured_the_rest_balanced(
            choices in proptest::collection::vec(proptest::option::of(0u8..5), 0..200),
            eixos in proptest::collection::vec(0u8..4, 1..8),
            start in proptest::collection::vec(0usize..6, 8),
        ) {
            // Groups get eixos from `eixos` (so some eixos have several groups, eixo 4 never has
            // one and others may not), with some people already in them.
            let groups: Vec<(usize, u8, usize)> =
                eixos.iter().enumerate().map(|(i, e)| (i, *e, start[i])).collect();
            let people: Vec<(usize, Option<u8>)> = choices.iter().copied().enumerate().collect();
            let d = distribute(&people, &groups);
            // Every person exactly once.
            let mut seen: Vec<usize> = d.placed.iter().map(|x| x.0).collect();
            seen.sort();
            prop_assert_eq!(seen, (0..people.len()).collect::<Vec<_>>());
            // A choice is honoured whenever its eixo has a group; the others are counted.
            let has_group = |e: u8| eixos.contains(&e);
            for (p, gr) in &d.placed {
                if let Some(c) = choices[*p].filter(|c| has_group(*c)) {
                    prop_assert_eq!(groups[*gr].1, c);
                }
            }
            let without = choices.iter().filter(|c| c.is_some_and(|c| !has_group(c))).count();
            prop_assert_eq!(d.eixo_without_group, without);
            // The people without a usable choice even the sizes out: a group that got one of
            // them ends at most one above the smallest group.
            let sizes = sizes_of(&d.placed, groups.len(), &start[..groups.len()]);
            let min = *sizes.iter().min().unwrap();
            for (p, gr) in &d.placed {
                if !choices[*p].is_some_and(has_group) {
                    prop_assert!(sizes[*gr] <= min + 1, "{:?}", sizes);
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

/// The kinds of moção (docs/domain.md §8).
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
