//! Delegate elections to the next level (DOMAIN.md §6 and §13.1; issue 4 item 6; ADR 0013).
//!
//! - The seat table: titulares per porte (a per-conference setting; [`SAMPLE_TITULARES`] is the
//!   sample default, labelled as such wherever it is shown).
//! - Apportionment ([`Seats::apportion`]): half government, half civil society (parity); the
//!   civil-society half split among users, workers and entities as evenly as possible, the
//!   remainder to users first, then workers (proportionality); one suplente per titular of the
//!   same segment.
//! - Ranking ([`elect`]): per segment, by votes; ties by the conference's [`TieRule`] (the older
//!   first, unknown birth date last; or a draw whose seed is recorded). Candidates without votes
//!   are not elected. Titulares first, then suplentes.
//! - Quota (Res. CNAS/MDS 187/2025): at least 30% of the titulares from the quota groups. When
//!   short, the least-voted non-quota titular of a segment gives the seat to the most-voted quota
//!   candidate of the SAME segment not elected titular (so parity and proportionality hold),
//!   choosing each time the segment where the swap costs the fewest votes; repeated while short
//!   and possible. Every swap is reported, and so is a quota that cannot be met.

use crate::FieldError;
use crate::values::{Porte, Seat, Segment};
use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

/// The sample seat table of DOMAIN.md §13.1: titulares per porte. Sample data, not a norm: each
/// CEAS fixes its own; the UI says so.
pub const SAMPLE_TITULARES: [(Porte, u32); 5] = [
    (Porte::PequenoI, 2),
    (Porte::PequenoII, 4),
    (Porte::Medio, 6),
    (Porte::Grande, 8),
    (Porte::Metropole, 10),
];

/// The label shown next to the sample table.
pub const SAMPLE_LABEL: &str = "Tabela de exemplo (dados de amostra, não é norma): confirme o número de vagas com o conselho estadual (CEAS) antes da eleição";

/// Titulares of a porte in the sample table.
pub fn sample_titulares(p: Porte) -> u32 {
    SAMPLE_TITULARES
        .iter()
        .find(|(q, _)| *q == p)
        .map(|(_, n)| *n)
        .unwrap_or(2)
}

/// Most titulares a conference may set (a state's national delegation is larger than any
/// municipality's).
pub const MAX_TITULARES: u32 = 500;

/// Parses the number of titulares typed by the commission: an even number (parity), 2 or more.
pub fn parse_titulares(input: &str) -> Result<u32, FieldError> {
    let n: u32 = input.trim().parse().map_err(|_| {
        FieldError::new(
            "titulares",
            "Número de vagas titulares: digite um número inteiro",
        )
    })?;
    if !(2..=MAX_TITULARES).contains(&n) {
        return Err(FieldError::new(
            "titulares",
            format!("Número de vagas titulares: entre 2 e {MAX_TITULARES}"),
        ));
    }
    if !n.is_multiple_of(2) {
        return Err(FieldError::new(
            "titulares",
            "Número de vagas titulares: precisa ser par, metade governo e metade sociedade civil (paridade)",
        ));
    }
    Ok(n)
}

/// The least quota titulares among `elected`: 30%, rounded up.
pub fn quota_minimum(elected: u32) -> u32 {
    (elected * 3).div_ceil(10)
}

/// Titular seats per segment (each with one suplente of the same segment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Seats {
    pub government: u32,
    pub users: u32,
    pub workers: u32,
    pub entities: u32,
}

impl Seats {
    /// Splits `titulares`: half to government (the odd one, if any, to civil society), the
    /// civil-society half among users, workers and entities as evenly as possible, the remainder
    /// first to users, then to workers.
    pub fn apportion(titulares: u32) -> Seats {
        let government = titulares / 2;
        let civil = titulares - government;
        let base = civil / 3;
        let rem = civil % 3;
        Seats {
            government,
            users: base + u32::from(rem >= 1),
            workers: base + u32::from(rem >= 2),
            entities: base,
        }
    }

    pub fn of(&self, s: Segment) -> u32 {
        match s {
            Segment::Government => self.government,
            Segment::Users => self.users,
            Segment::Workers => self.workers,
            Segment::Entities => self.entities,
        }
    }

    pub fn titulares(&self) -> u32 {
        self.government + self.civil_society()
    }

    pub fn civil_society(&self) -> u32 {
        self.users + self.workers + self.entities
    }
}

/// How a tie in votes is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TieRule {
    /// The older candidate first; an unknown birth date goes last.
    OlderFirst,
    /// A draw from a recorded seed: anyone can recompute it.
    Draw,
}

impl TieRule {
    pub const ALL: &'static [TieRule] = &[TieRule::OlderFirst, TieRule::Draw];
    pub fn code(self) -> &'static str {
        match self {
            TieRule::OlderFirst => "older_first",
            TieRule::Draw => "draw",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            TieRule::OlderFirst => {
                "Mais velho(a) primeiro (sem data de nascimento informada fica por último)"
            }
            TieRule::Draw => "Sorteio com semente registrada (qualquer pessoa pode refazer)",
        }
    }
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        match s.trim() {
            "older_first" => Ok(TieRule::OlderFirst),
            "draw" => Ok(TieRule::Draw),
            _ => Err(FieldError::new(
                "tie_rule",
                "Escolha a regra de desempate da lista",
            )),
        }
    }
}

/// A candidate with the votes counted for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: Uuid,
    pub segment: Segment,
    pub votes: u32,
    pub birth_date: Option<NaiveDate>,
    /// Self-declared in at least one quota group (sensitive: published only as counts).
    pub quota: bool,
}

/// One elected delegate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Elected {
    pub candidate: Uuid,
    pub segment: Segment,
    pub seat: Seat,
    /// 1-based order within the segment and seat (the first suplente takes the first absence).
    pub position: u32,
    pub votes: u32,
    /// Became titular by the quota adjustment.
    pub by_quota: bool,
}

/// One quota adjustment: `entered` took the titular seat of `left`, in the same segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Swap {
    pub segment: Segment,
    pub left: Uuid,
    pub left_votes: u32,
    pub entered: Uuid,
    pub entered_votes: u32,
}

/// Candidates of one segment with the same votes whose order the tie rule decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tie {
    pub segment: Segment,
    pub votes: u32,
    /// In the order the rule gave.
    pub candidates: Vec<Uuid>,
}

/// The result of an election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Titulares (by segment, then position), then suplentes.
    pub elected: Vec<Elected>,
    pub swaps: Vec<Swap>,
    pub ties: Vec<Tie>,
    /// Titulares elected and the least of them from quota groups (30%).
    pub titulares: u32,
    pub quota_minimum: u32,
    pub quota_titulares: u32,
    /// Whether the quota was met; when not, no quota candidate was left to swap in.
    pub quota_met: bool,
}

/// A 64-bit mix (SplitMix64's finalizer): the draw key of a candidate under a seed.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The position of a candidate in a seeded draw: depends only on the seed and the candidate's
/// id, never on the order the candidates were read in.
pub fn draw_key(seed: u64, id: Uuid) -> u64 {
    let (hi, lo) = id.as_u64_pair();
    mix(mix(seed ^ hi) ^ lo)
}

/// Orders the eligible candidates of one segment: votes, then the tie rule, then the id (a
/// UUIDv7: registration order) so the order is total.
fn rank(mut cs: Vec<Candidate>, rule: TieRule, seed: u64) -> Vec<Candidate> {
    cs.sort_by(|a, b| {
        b.votes.cmp(&a.votes).then_with(|| match rule {
            TieRule::OlderFirst => match (a.birth_date, b.birth_date) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| a.id.cmp(&b.id)),
            TieRule::Draw => draw_key(seed, a.id)
                .cmp(&draw_key(seed, b.id))
                .then_with(|| a.id.cmp(&b.id)),
        })
    });
    cs
}

const SEGMENTS: [Segment; 4] = [
    Segment::Government,
    Segment::Users,
    Segment::Workers,
    Segment::Entities,
];

/// Elects titulares and suplentes per segment and applies the quota adjustment.
pub fn elect(seats: Seats, candidates: &[Candidate], rule: TieRule, seed: u64) -> Outcome {
    // Each candidate once (the first row counts), only with votes.
    let mut seen = std::collections::HashSet::new();
    let eligible: Vec<Candidate> = candidates
        .iter()
        .filter(|c| c.votes > 0 && seen.insert(c.id))
        .cloned()
        .collect();
    // Per segment: the ranking and the number of titulares (ranked positions elected).
    let mut ranked: Vec<(Segment, Vec<Candidate>)> = Vec::new();
    let mut titular_sets: Vec<Vec<usize>> = Vec::new();
    let mut ties = Vec::new();
    for s in SEGMENTS {
        let r = rank(
            eligible
                .iter()
                .filter(|c| c.segment == s)
                .cloned()
                .collect(),
            rule,
            seed,
        );
        let mut i = 0;
        while i < r.len() {
            let j = (i..r.len())
                .take_while(|&k| r[k].votes == r[i].votes)
                .last()
                .unwrap_or(i);
            if j > i {
                ties.push(Tie {
                    segment: s,
                    votes: r[i].votes,
                    candidates: r[i..=j].iter().map(|c| c.id).collect(),
                });
            }
            i = j + 1;
        }
        let n = (seats.of(s) as usize).min(r.len());
        titular_sets.push((0..n).collect());
        ranked.push((s, r));
    }
    let titulares: u32 = titular_sets.iter().map(|t| t.len() as u32).sum();
    let need = quota_minimum(titulares);
    let quota_count = |sets: &[Vec<usize>]| -> u32 {
        sets.iter()
            .zip(&ranked)
            .map(|(set, (_, r))| set.iter().filter(|&&i| r[i].quota).count() as u32)
            .sum()
    };
    let mut swaps = Vec::new();
    let mut swapped_in = std::collections::HashSet::new();
    while quota_count(&titular_sets) < need {
        // The cheapest swap over the segments: (votes lost, segment index, out, in).
        let mut best: Option<(u32, usize, usize, usize)> = None;
        for (k, (_, r)) in ranked.iter().enumerate() {
            let set = &titular_sets[k];
            let out = set.iter().copied().filter(|&i| !r[i].quota).max();
            let inn = (0..r.len()).find(|i| r[*i].quota && !set.contains(i));
            if let (Some(o), Some(n)) = (out, inn) {
                let cost = r[o].votes.saturating_sub(r[n].votes);
                if best.is_none_or(|b| cost < b.0) {
                    best = Some((cost, k, o, n));
                }
            }
        }
        let Some((_, k, o, n)) = best else { break };
        let r = &ranked[k].1;
        swaps.push(Swap {
            segment: ranked[k].0,
            left: r[o].id,
            left_votes: r[o].votes,
            entered: r[n].id,
            entered_votes: r[n].votes,
        });
        swapped_in.insert(r[n].id);
        let set = &mut titular_sets[k];
        set.retain(|&i| i != o);
        set.push(n);
        set.sort_unstable();
    }
    let quota_titulares = quota_count(&titular_sets);
    let mut elected = Vec::new();
    let mut suplentes = Vec::new();
    for (k, (s, r)) in ranked.iter().enumerate() {
        let set = &titular_sets[k];
        for (pos, &i) in set.iter().enumerate() {
            elected.push(Elected {
                candidate: r[i].id,
                segment: *s,
                seat: Seat::Titular,
                position: pos as u32 + 1,
                votes: r[i].votes,
                by_quota: swapped_in.contains(&r[i].id),
            });
        }
        // Suplentes only once every titular seat of the segment is filled.
        if set.len() as u32 == seats.of(*s) {
            for (pos, i) in (0..r.len())
                .filter(|i| !set.contains(i))
                .take(seats.of(*s) as usize)
                .enumerate()
            {
                suplentes.push(Elected {
                    candidate: r[i].id,
                    segment: *s,
                    seat: Seat::Suplente,
                    position: pos as u32 + 1,
                    votes: r[i].votes,
                    by_quota: false,
                });
            }
        }
    }
    elected.extend(suplentes);
    Outcome {
        elected,
        swaps,
        ties,
        titulares,
        quota_minimum: need,
        quota_titulares,
        quota_met: quota_titulares >= need,
    }
}

/// The reason, in pt-BR, when the quota was not met.
pub fn quota_shortfall(o: &Outcome) -> Option<String> {
    (!o.quota_met).then(|| {
        format!(
            "A cota não foi atingida: {} de {} titulares são de grupos de cota, o mínimo é {} (30%). Não há mais candidatos(as) de grupos de cota votados(as) nos segmentos para substituir",
            o.quota_titulares, o.titulares, o.quota_minimum
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(n: u128, segment: Segment, votes: u32, quota: bool) -> Candidate {
        Candidate {
            id: Uuid::from_u128(n),
            segment,
            votes,
            birth_date: None,
            quota,
        }
    }

    #[test]
    fn the_sample_table_apportions_with_parity_and_users_first() {
        let got: Vec<(u32, [u32; 4])> = SAMPLE_TITULARES
            .iter()
            .map(|(_, n)| {
                let s = Seats::apportion(*n);
                (*n, [s.government, s.users, s.workers, s.entities])
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (2, [1, 1, 0, 0]),
                (4, [2, 1, 1, 0]),
                (6, [3, 1, 1, 1]),
                (8, [4, 2, 1, 1]),
                (10, [5, 2, 2, 1]),
            ]
        );
        assert_eq!(sample_titulares(Porte::Medio), 6);
    }

    #[test]
    fn titulares_must_be_even_and_in_range() {
        assert_eq!(parse_titulares(" 8 "), Ok(8));
        assert!(parse_titulares("7").unwrap_err().message.contains("par"));
        assert!(parse_titulares("0").is_err());
        assert!(parse_titulares("dez").is_err());
        assert!(parse_titulares("1000").is_err());
    }

    #[test]
    fn quota_minimum_rounds_up() {
        assert_eq!(quota_minimum(0), 0);
        assert_eq!(quota_minimum(2), 1);
        assert_eq!(quota_minimum(6), 2);
        assert_eq!(quota_minimum(10), 3);
        assert_eq!(quota_minimum(11), 4);
    }

    #[test]
    fn titulares_then_suplentes_by_votes() {
        let seats = Seats::apportion(2); // 1 government, 1 users
        let cs = [
            c(1, Segment::Users, 3, false),
            c(2, Segment::Users, 5, false),
            c(3, Segment::Users, 1, false),
            c(4, Segment::Government, 2, false),
            c(5, Segment::Users, 0, true), // no votes: not elected
        ];
        let o = elect(seats, &cs, TieRule::OlderFirst, 0);
        let seats_of = |id: u128| {
            o.elected
                .iter()
                .find(|e| e.candidate == Uuid::from_u128(id))
                .map(|e| (e.seat, e.position))
        };
        assert_eq!(seats_of(2), Some((Seat::Titular, 1)));
        assert_eq!(seats_of(1), Some((Seat::Suplente, 1)));
        assert_eq!(seats_of(4), Some((Seat::Titular, 1)));
        assert_eq!(seats_of(3), None);
        assert_eq!(seats_of(5), None);
        assert_eq!(o.quota_minimum, 1);
        assert!(!o.quota_met, "the only quota candidate had no votes");
        assert!(o.swaps.is_empty());
    }

    #[test]
    fn the_quota_swaps_inside_the_segment() {
        let seats = Seats::apportion(2);
        let cs = [
            c(1, Segment::Users, 3, true),
            c(2, Segment::Users, 5, false),
            c(4, Segment::Government, 2, false),
            c(6, Segment::Government, 1, false),
        ];
        let o = elect(seats, &cs, TieRule::OlderFirst, 0);
        assert!(o.quota_met);
        assert_eq!(
            o.swaps,
            vec![Swap {
                segment: Segment::Users,
                left: Uuid::from_u128(2),
                left_votes: 5,
                entered: Uuid::from_u128(1),
                entered_votes: 3,
            }]
        );
        let users: Vec<(Uuid, Seat, bool)> = o
            .elected
            .iter()
            .filter(|e| e.segment == Segment::Users)
            .map(|e| (e.candidate, e.seat, e.by_quota))
            .collect();
        assert_eq!(
            users,
            vec![
                (Uuid::from_u128(1), Seat::Titular, true),
                (Uuid::from_u128(2), Seat::Suplente, false),
            ]
        );
    }

    #[test]
    fn no_quota_candidate_is_reported() {
        let o = elect(
            Seats::apportion(2),
            &[
                c(1, Segment::Users, 3, false),
                c(2, Segment::Government, 3, false),
            ],
            TieRule::Draw,
            7,
        );
        assert!(!o.quota_met);
        assert!(quota_shortfall(&o).unwrap().contains("0 de 2"));
    }

    #[test]
    fn older_first_breaks_ties_and_unknown_birth_goes_last() {
        let d = |y| NaiveDate::from_ymd_opt(y, 1, 1);
        let mk = |n, b| Candidate {
            birth_date: b,
            ..c(n, Segment::Government, 4, false)
        };
        let cs = [mk(1, None), mk(2, d(1990)), mk(3, d(1960))];
        let o = elect(Seats::apportion(4), &cs, TieRule::OlderFirst, 0);
        let order: Vec<u128> = o.elected.iter().map(|e| e.candidate.as_u128()).collect();
        assert_eq!(order, vec![3, 2, 1]);
        assert_eq!(o.ties.len(), 1);
        assert_eq!(o.ties[0].candidates.len(), 3);
    }

    #[test]
    fn a_draw_depends_on_the_seed_only() {
        let cs: Vec<Candidate> = (1..=6)
            .map(|n| c(n, Segment::Government, 1, false))
            .collect();
        let a = elect(Seats::apportion(4), &cs, TieRule::Draw, 42);
        let mut rev = cs.clone();
        rev.reverse();
        let b = elect(Seats::apportion(4), &rev, TieRule::Draw, 42);
        assert_eq!(a, b);
        let others: Vec<Outcome> = (0..20)
            .map(|s| elect(Seats::apportion(4), &cs, TieRule::Draw, s))
            .collect();
        assert!(others.iter().any(|o| o.elected != a.elected));
    }

    fn segment() -> impl Strategy<Value = Segment> {
        prop::sample::select(SEGMENTS.to_vec())
    }

    fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
        prop::collection::vec(
            (
                segment(),
                0u32..6,
                any::<bool>(),
                prop::option::of(1940i32..2010),
            ),
            0..40,
        )
        .prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (segment, votes, quota, y))| Candidate {
                    id: Uuid::from_u128(i as u128 + 1),
                    segment,
                    votes,
                    birth_date: y.and_then(|y| NaiveDate::from_ymd_opt(y, 6, 1)),
                    quota,
                })
                .collect()
        })
    }

    fn rule() -> impl Strategy<Value = TieRule> {
        prop::sample::select(TieRule::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn apportionment_keeps_parity_and_proportionality(half in 1u32..250) {
            let t = half * 2;
            let s = Seats::apportion(t);
            prop_assert_eq!(s.titulares(), t);
            prop_assert_eq!(s.government, s.civil_society());
            let v = [s.users, s.workers, s.entities];
            prop_assert!(v.iter().max().unwrap() - v.iter().min().unwrap() <= 1);
            prop_assert!(s.users >= s.workers && s.workers >= s.entities);
        }

        #[test]
        fn elections_keep_every_rule(
            half in 1u32..8,
            cs in candidates(),
            rule in rule(),
            seed in any::<u64>(),
        ) {
            let seats = Seats::apportion(half * 2);
            let o = elect(seats, &cs, rule, seed);
            // Nobody elected twice; only candidates with votes.
            let mut ids = std::collections::HashSet::new();
            for e in &o.elected {
                prop_assert!(ids.insert(e.candidate));
                prop_assert!(e.votes > 0);
            }
            for s in SEGMENTS {
                let eligible: Vec<&Candidate> =
                    cs.iter().filter(|c| c.segment == s && c.votes > 0).collect();
                let tit = o.elected.iter()
                    .filter(|e| e.segment == s && e.seat == Seat::Titular).count() as u32;
                let sup: Vec<&Elected> = o.elected.iter()
                    .filter(|e| e.segment == s && e.seat == Seat::Suplente).collect();
                // Parity and proportionality: each segment fills its seats when it can.
                prop_assert_eq!(tit, seats.of(s).min(eligible.len() as u32));
                prop_assert!(sup.len() as u32 <= seats.of(s));
                // Suplentes only after every titular seat of the segment.
                if !sup.is_empty() {
                    prop_assert_eq!(tit, seats.of(s));
                }
                // Suplentes in order of votes, ahead of everyone not elected.
                for w in sup.windows(2) {
                    prop_assert!(w[0].votes >= w[1].votes);
                }
                if let Some(last) = sup.last() {
                    for c in &eligible {
                        if !ids.contains(&c.id) {
                            prop_assert!(c.votes <= last.votes);
                        }
                    }
                }
                // Quota swaps stay in the segment.
                for sw in o.swaps.iter().filter(|sw| sw.segment == s) {
                    prop_assert!(eligible.iter().any(|c| c.id == sw.entered && c.quota));
                    prop_assert!(eligible.iter().any(|c| c.id == sw.left && !c.quota));
                }
            }
            // With enough seats, parity holds exactly.
            let tit_gov = o.elected.iter()
                .filter(|e| e.segment == Segment::Government && e.seat == Seat::Titular).count();
            let tit_sc = o.elected.iter()
                .filter(|e| e.segment != Segment::Government && e.seat == Seat::Titular).count();
            let enough = SEGMENTS.iter().all(|s| {
                cs.iter().filter(|c| c.segment == *s && c.votes > 0).count() as u32 >= seats.of(*s)
            });
            if enough {
                prop_assert_eq!(tit_gov, tit_sc);
            }
            // The quota: met whenever the segments hold enough quota candidates.
            let reachable: u32 = SEGMENTS.iter().map(|s| {
                let elected = o.elected.iter()
                    .filter(|e| e.segment == *s && e.seat == Seat::Titular).count() as u32;
                let q = cs.iter().filter(|c| c.segment == *s && c.votes > 0 && c.quota).count() as u32;
                elected.min(q)
            }).sum();
            prop_assert!(o.quota_titulares >= o.quota_minimum.min(reachable));
            prop_assert_eq!(o.quota_met, o.quota_titulares >= o.quota_minimum);
            if reachable >= o.quota_minimum {
                prop_assert!(o.quota_met);
            }
            let counted = o.elected.iter().filter(|e| e.seat == Seat::Titular
                && cs.iter().any(|c| c.id == e.candidate && c.quota)).count() as u32;
            prop_assert_eq!(counted, o.quota_titulares);
            prop_assert!(o.quota_titulares >= o.quota_minimum || !o.quota_met);
        }

        #[test]
        fn the_result_does_not_depend_on_input_order(
            cs in candidates(),
            seed in any::<u64>(),
            rule in rule(),
        ) {
            let a = elect(Seats::apportion(10), &cs, rule, seed);
            let mut rev = cs.clone();
            rev.reverse();
            let b = elect(Seats::apportion(10), &rev, rule, seed);
            prop_assert_eq!(a, b);
        }
    }
}
