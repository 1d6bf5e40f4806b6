//! Delegate elections to the next level (docs/domain.md §6 and §13.1; ADR 0013).
//!
//! - The seat table: titulares per porte (a per-conference setting; [`SAMPLE_TITULARES`] is the
//!   sample default, labelled as such wherever it is shown).
//! - Apportionment ([`Seats::apportion`]): half government, half civil society (parity); the
//!   civil-society half split among users, workers and entities as evenly as possible, the
//!   remainder to users first, then workers (proportionality); one suplente per titular of the
//!   same segment.
//! - Government seats ([`GovernmentSeats`]): elected in the segment's poll, or appointed by the
//!   manager (órgão gestor) with an act ([`parse_act`], [`check_appointed`]); the appointed are the
//!   government's titulares and suplentes as given ([`Appointed`]).
//! - Ranking ([`elect_with`]): per segment, by votes; ties by the conference's [`TieRule`] (the
//!   older first, unknown birth date last; or a draw whose seed is recorded). A later round
//!   ([`Round`]: 2º turno, …) reorders the candidates who stood in it among the places they held
//!   before, by its own votes: a round of every candidate replaces the one before, a round of the
//!   tied candidates decides their tie. Only the last round a candidate stood in counts for them.
//!   Candidates without votes are not elected. Titulares first, then suplentes.
//! - Quota (Res. CNAS/MDS 187/2025): at least 30% of the elected, titulares AND suplentes
//!   (appointed ones included), from the quota groups. When short, the most-voted quota candidate
//!   of a segment who is not elected enters in the place of the least-voted non-quota suplente of
//!   the SAME segment, or of its least-voted non-quota titular (so parity and proportionality
//!   hold), choosing each time the swap that loses the fewest votes; repeated while short and
//!   possible. Every swap is reported, and so is a quota that cannot be met.

use crate::FieldError;
use crate::values::{Porte, Seat, Segment};
use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

/// The sample seat table of docs/domain.md §13.1: titulares per porte. Sample data, not a norm: each
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

/// The least quota delegates among `elected` (titulares and suplentes): 30%, rounded up.
pub fn quota_minimum(elected: u32) -> u32 {
    (elected * 3).div_ceil(10)
}

/// Titular seats per segment, and suplente seats per segment ([`Seats::apportion`]: one suplente
/// per titular of the same segment; a state's table may say otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Seats {
    pub government: u32,
    pub users: u32,
    pub workers: u32,
    pub entities: u32,
    /// Suplente seats per segment, in the order of [`SEGMENTS`].
    pub suplentes: [u32; 4],
}

fn segment_index(s: Segment) -> usize {
    SEGMENTS.iter().position(|x| *x == s).unwrap_or(0)
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
        let (users, workers) = (base + u32::from(rem >= 1), base + u32::from(rem >= 2));
        Seats {
            government,
            users,
            workers,
            entities: base,
            suplentes: [government, users, workers, base],
        }
    }

    /// Seats as a table gives them: `(titulares, suplentes)` per segment, in the order of
    /// [`SEGMENTS`].
    pub fn from_table(t: [(u32, u32); 4]) -> Seats {
        Seats {
            government: t[0].0,
            users: t[1].0,
            workers: t[2].0,
            entities: t[3].0,
            suplentes: [t[0].1, t[1].1, t[2].1, t[3].1],
        }
    }

    /// `(titulares, suplentes)` per segment, in the order of [`SEGMENTS`].
    pub fn table(&self) -> [(u32, u32); 4] {
        SEGMENTS.map(|s| (self.of(s), self.suplentes_of(s)))
    }

    /// Suplente seats of a segment.
    pub fn suplentes_of(&self, s: Segment) -> u32 {
        self.suplentes[segment_index(s)]
    }

    /// Every suplente seat.
    pub fn suplentes_total(&self) -> u32 {
        self.suplentes.iter().sum()
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

/// How the government's delegates are chosen (docs/domain.md §6.1: "usually appointed by the manager
/// or elected among government participants").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum GovernmentSeats {
    /// In the government segment's poll, as the civil-society segments.
    Elected,
    /// Appointed by the manager (órgão gestor) with an act: no poll in the government segment.
    Appointed,
}

impl GovernmentSeats {
    pub const ALL: &'static [GovernmentSeats] =
        &[GovernmentSeats::Elected, GovernmentSeats::Appointed];
    pub fn code(self) -> &'static str {
        match self {
            GovernmentSeats::Elected => "elected",
            GovernmentSeats::Appointed => "appointed",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            GovernmentSeats::Elected => {
                "Eleitos(as) pelos(as) delegados(as) do governo, na votação do segmento"
            }
            GovernmentSeats::Appointed => {
                "Indicados(as) pelo órgão gestor, com o ato de indicação (sem votação no segmento governo)"
            }
        }
    }
    /// Blank is `Elected` (the default).
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        match s.trim() {
            "" | "elected" => Ok(GovernmentSeats::Elected),
            "appointed" => Ok(GovernmentSeats::Appointed),
            _ => Err(FieldError::new(
                "government",
                "Escolha da lista como são escolhidos(as) os(as) delegados(as) do governo",
            )),
        }
    }
}

/// Longest appointment act ("Portaria SMAS nº 12/2027, de 3 de maio de 2027").
pub const MAX_ACT: usize = 200;

/// Parses the act that appointed the government's delegates: required, trimmed, at most
/// [`MAX_ACT`] characters.
pub fn parse_act(input: &str) -> Result<String, FieldError> {
    let t = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(FieldError::new(
            "ato",
            "Ato de indicação: informe o ato do órgão gestor que indicou os(as) delegados(as) do governo (ex.: Portaria SMAS nº 12/2027)",
        ));
    }
    if t.chars().count() > MAX_ACT {
        return Err(FieldError::new(
            "ato",
            format!("Ato de indicação: até {MAX_ACT} caracteres"),
        ));
    }
    Ok(t)
}

/// Checks the numbers of an appointment: exactly the government's titular seats, and at most as
/// many suplentes. The problems, in pt-BR, on the field `indicacao`.
pub fn check_appointed(government_seats: u32, titulares: u32, suplentes: u32) -> Vec<FieldError> {
    let mut out = Vec::new();
    if titulares != government_seats {
        out.push(FieldError::new(
            "indicacao",
            format!(
                "Indique exatamente {government_seats} titular(es) do governo (as vagas do segmento): {titulares} marcado(s)"
            ),
        ));
    }
    if suplentes > government_seats {
        out.push(FieldError::new(
            "indicacao",
            format!(
                "Indique no máximo {government_seats} suplente(s) do governo (um(a) por vaga titular): {suplentes} marcado(s)"
            ),
        ));
    }
    out
}

/// A government delegate appointed by the manager, in the order of the act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointed {
    pub id: Uuid,
    pub seat: Seat,
    /// Self-declared in at least one quota group (counted for the quota, never shown).
    pub quota: bool,
}

/// A later round (2º turno, 3º turno, …) of one segment's poll: the candidates who stood in it and
/// the votes each got. Rounds are given in the order they were held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub segment: Segment,
    pub votes: Vec<(Uuid, u32)>,
}

/// A candidate with the votes counted for them (in the first round of their segment's poll).
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
    /// Votes in the last round the candidate stood in (0 for the appointed).
    pub votes: u32,
    /// Entered the elected by the quota adjustment.
    pub by_quota: bool,
    /// Appointed by the manager (government, no poll).
    pub appointed: bool,
}

/// One quota adjustment: `entered` took the `seat` of `left`, in the same segment; `left` is no
/// longer elected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Swap {
    pub segment: Segment,
    pub seat: Seat,
    pub left: Uuid,
    pub left_votes: u32,
    pub entered: Uuid,
    pub entered_votes: u32,
}

/// Candidates of one segment with the same votes whose order the tie rule decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tie {
    pub segment: Segment,
    /// The round (1, 2, …) whose votes tied.
    pub round: u32,
    pub votes: u32,
    /// In the order the rule gave.
    pub candidates: Vec<Uuid>,
    /// The tie straddles the last titular or the last suplente seat of the segment: the rule
    /// decided who is elected (a second round may decide it instead).
    pub decisive: bool,
}

/// The result of an election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Titulares (by segment, then position), then suplentes.
    pub elected: Vec<Elected>,
    pub swaps: Vec<Swap>,
    pub ties: Vec<Tie>,
    /// Titulares and suplentes elected (appointed included).
    pub titulares: u32,
    pub suplentes: u32,
    /// The least elected from quota groups: 30% of titulares and suplentes.
    pub quota_minimum: u32,
    /// Elected (titulares and suplentes) from quota groups.
    pub quota_elected: u32,
    /// Of them, titulares.
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

/// A candidate in a segment's ranking: the votes and the round that placed them.
#[derive(Debug, Clone)]
struct Ranked {
    c: Candidate,
    votes: u32,
    round: u32,
}

/// The order of a round: votes, then the tie rule, then the id (a UUIDv7: registration order) so
/// the order is total.
fn by_votes(rule: TieRule, seed: u64) -> impl Fn(&Ranked, &Ranked) -> std::cmp::Ordering {
    move |a, b| {
        b.votes.cmp(&a.votes).then_with(|| match rule {
            TieRule::OlderFirst => match (a.c.birth_date, b.c.birth_date) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| a.c.id.cmp(&b.c.id)),
            TieRule::Draw => draw_key(seed, a.c.id)
                .cmp(&draw_key(seed, b.c.id))
                .then_with(|| a.c.id.cmp(&b.c.id)),
        })
    }
}

/// Ranks one segment: the first round by votes; each later round reorders the candidates who stood
/// in it among the places they held, by its own votes (a round of everyone replaces the ranking; a
/// round of the tied decides their order). Then only candidates with votes in the last round they
/// stood in remain.
fn rank_segment(
    segment: Segment,
    cs: Vec<Candidate>,
    rounds: &[Round],
    rule: TieRule,
    seed: u64,
) -> Vec<Ranked> {
    let cmp = by_votes(rule, seed);
    let mut r: Vec<Ranked> = cs
        .into_iter()
        .map(|c| Ranked {
            votes: c.votes,
            round: 1,
            c,
        })
        .collect();
    r.sort_by(&cmp);
    for (k, round) in rounds.iter().filter(|x| x.segment == segment).enumerate() {
        let mut votes: std::collections::HashMap<Uuid, u32> = std::collections::HashMap::new();
        for (id, v) in &round.votes {
            votes.entry(*id).or_insert(*v);
        }
        let places: Vec<usize> = (0..r.len())
            .filter(|&i| votes.contains_key(&r[i].c.id))
            .collect();
        let mut block: Vec<Ranked> = places
            .iter()
            .map(|&i| Ranked {
                votes: votes[&r[i].c.id],
                round: k as u32 + 2,
                c: r[i].c.clone(),
            })
            .collect();
        block.sort_by(&cmp);
        for (i, x) in places.into_iter().zip(block) {
            r[i] = x;
        }
    }
    r.retain(|x| x.votes > 0);
    r
}

/// The ties the rule decided in a ranking: candidates placed by the same round with the same votes.
/// Decisive when the group straddles the last titular or the last suplente seat.
fn ties_of(segment: Segment, r: &[Ranked], seats: usize) -> Vec<Tie> {
    let mut groups: Vec<(u32, u32, Vec<usize>)> = Vec::new();
    for (i, x) in r.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|(round, votes, _)| *round == x.round && *votes == x.votes)
        {
            Some(g) => g.2.push(i),
            None => groups.push((x.round, x.votes, vec![i])),
        }
    }
    groups
        .into_iter()
        .filter(|g| g.2.len() > 1)
        .map(|(round, votes, idx)| {
            let (lo, hi) = (idx[0], idx[idx.len() - 1]);
            Tie {
                segment,
                round,
                votes,
                candidates: idx.iter().map(|&i| r[i].c.id).collect(),
                decisive: [seats, seats * 2]
                    .iter()
                    .any(|&b| b > 0 && lo < b && b <= hi),
            }
        })
        .collect()
}

/// The segments in the order of the seat tables: government first, then civil society.
pub const SEGMENTS: [Segment; 4] = [
    Segment::Government,
    Segment::Users,
    Segment::Workers,
    Segment::Entities,
];

/// Elects titulares and suplentes per segment in one round each, government elected, and applies
/// the quota adjustment ([`elect_with`] without later rounds or appointed delegates).
pub fn elect(seats: Seats, candidates: &[Candidate], rule: TieRule, seed: u64) -> Outcome {
    elect_with(seats, candidates, &[], None, rule, seed)
}

/// Elects titulares and suplentes per segment and applies the quota adjustment.
///
/// - `rounds`: the later rounds of the segments' polls, in the order they were held.
/// - `appointed`: `Some` when the manager appoints the government's delegates (their titulares
///   and suplentes, in the act's order); the government's candidates are then ignored.
///
/// Per segment the first *n* of the ranking are titulares and, once every titular seat is filled,
/// the next *n* suplentes. The quota counts titulares and suplentes (appointed included); while
/// short, in the segment and seat where it loses the fewest votes (then suplente before titular,
/// then the segment order), the most-voted quota candidate not elected takes the place of the
/// least-voted non-quota suplente or titular, who is no longer elected.
pub fn elect_with(
    seats: Seats,
    candidates: &[Candidate],
    rounds: &[Round],
    appointed: Option<&[Appointed]>,
    rule: TieRule,
    seed: u64,
) -> Outcome {
    // Each person once (the first row counts).
    let mut seen = std::collections::HashSet::new();
    let appointed: Option<Vec<Appointed>> =
        appointed.map(|a| a.iter().filter(|x| seen.insert(x.id)).cloned().collect());
    let all: Vec<Candidate> = candidates
        .iter()
        .filter(|c| seen.insert(c.id))
        .cloned()
        .collect();
    // Per segment: the ranking, the titulares and the suplentes (ranked positions elected).
    let mut ranked: Vec<(Segment, Vec<Ranked>)> = Vec::new();
    let mut tit: Vec<Vec<usize>> = Vec::new();
    let mut sup: Vec<Vec<usize>> = Vec::new();
    let mut ties = Vec::new();
    for s in SEGMENTS {
        let r = if s == Segment::Government && appointed.is_some() {
            Vec::new()
        } else {
            let cs = all.iter().filter(|c| c.segment == s).cloned().collect();
            rank_segment(s, cs, rounds, rule, seed)
        };
        let n = seats.of(s) as usize;
        let m = seats.suplentes_of(s) as usize;
        let t = n.min(r.len());
        // Suplentes only once every titular seat of the segment is filled.
        let k = if r.len() >= n { m.min(r.len() - n) } else { 0 };
        tit.push((0..t).collect());
        sup.push((t..t + k).collect());
        ties.extend(ties_of(s, &r, n));
        ranked.push((s, r));
    }
    let app = appointed.clone().unwrap_or_default();
    let app_quota = app.iter().filter(|a| a.quota).count() as u32;
    let total = app.len() as u32 + tit.iter().chain(&sup).map(|x| x.len() as u32).sum::<u32>();
    let need = quota_minimum(total);
    let quota_in = |sets: &[Vec<usize>]| -> u32 {
        sets.iter()
            .zip(&ranked)
            .map(|(set, (_, r))| set.iter().filter(|&&i| r[i].c.quota).count() as u32)
            .sum()
    };
    let mut swaps = Vec::new();
    let mut swapped_in = std::collections::HashSet::new();
    while quota_in(&tit) + quota_in(&sup) + app_quota < need {
        // The cheapest swap: (votes lost, suplente 0 / titular 1, segment, out, in).
        let mut best: Option<(u32, u8, usize, usize, usize)> = None;
        for (k, (_, r)) in ranked.iter().enumerate() {
            let Some(inn) =
                (0..r.len()).find(|i| r[*i].c.quota && !tit[k].contains(i) && !sup[k].contains(i))
            else {
                continue;
            };
            for (kind, set) in [(0u8, &sup[k]), (1u8, &tit[k])] {
                let Some(out) = set.iter().copied().filter(|&i| !r[i].c.quota).max() else {
                    continue;
                };
                let cost = r[out].votes.saturating_sub(r[inn].votes);
                if best.is_none_or(|b| (cost, kind) < (b.0, b.1)) {
                    best = Some((cost, kind, k, out, inn));
                }
            }
        }
        let Some((_, kind, k, out, inn)) = best else {
            break;
        };
        let r = &ranked[k].1;
        swaps.push(Swap {
            segment: ranked[k].0,
            seat: if kind == 0 {
                Seat::Suplente
            } else {
                Seat::Titular
            },
            left: r[out].c.id,
            left_votes: r[out].votes,
            entered: r[inn].c.id,
            entered_votes: r[inn].votes,
        });
        swapped_in.insert(r[inn].c.id);
        let set = if kind == 0 { &mut sup[k] } else { &mut tit[k] };
        set.retain(|&i| i != out);
        set.push(inn);
        set.sort_unstable();
    }
    let quota_elected = quota_in(&tit) + quota_in(&sup) + app_quota;
    let quota_titulares = quota_in(&tit)
        + app
            .iter()
            .filter(|a| a.quota && a.seat == Seat::Titular)
            .count() as u32;
    let mut titulares = Vec::new();
    let mut suplentes = Vec::new();
    for (k, (s, r)) in ranked.iter().enumerate() {
        if *s == Segment::Government && appointed.is_some() {
            for (out, seat) in [
                (&mut titulares, Seat::Titular),
                (&mut suplentes, Seat::Suplente),
            ] {
                for (pos, a) in app.iter().filter(|a| a.seat == seat).enumerate() {
                    out.push(Elected {
                        candidate: a.id,
                        segment: *s,
                        seat,
                        position: pos as u32 + 1,
                        votes: 0,
                        by_quota: false,
                        appointed: true,
                    });
                }
            }
            continue;
        }
        for (out, set, seat) in [
            (&mut titulares, &tit[k], Seat::Titular),
            (&mut suplentes, &sup[k], Seat::Suplente),
        ] {
            for (pos, &i) in set.iter().enumerate() {
                out.push(Elected {
                    candidate: r[i].c.id,
                    segment: *s,
                    seat,
                    position: pos as u32 + 1,
                    votes: r[i].votes,
                    by_quota: swapped_in.contains(&r[i].c.id),
                    appointed: false,
                });
            }
        }
    }
    let (nt, ns) = (titulares.len() as u32, suplentes.len() as u32);
    titulares.extend(suplentes);
    Outcome {
        elected: titulares,
        swaps,
        ties,
        titulares: nt,
        suplentes: ns,
        quota_minimum: need,
        quota_elected,
        quota_titulares,
        quota_met: quota_elected >= need,
    }
}

/// The reason, in pt-BR, when the quota was not met.
pub fn quota_shortfall(o: &Outcome) -> Option<String> {
    (!o.quota_met)
        .then(|| shortfall_text(o.quota_elected, o.titulares + o.suplentes, o.quota_minimum))
}

/// "A cota não foi atingida: x de y eleitos(as) (titulares e suplentes)…".
pub fn shortfall_text(quota: u32, elected: u32, minimum: u32) -> String {
    format!(
        "A cota não foi atingida: {quota} de {elected} eleitos(as) (titulares e suplentes) são de grupos de cota, o mínimo é {minimum} (30%). Não há mais candidatos(as) votados(as) de grupos de cota, fora da lista de eleitos(as), nos segmentos para substituir"
    )
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
    fn a_state_table_sets_suplentes_per_segment() {
        // Government: 2 titulares, 1 suplente; workers: 1 titular, no suplente.
        let seats = Seats::from_table([(2, 1), (0, 0), (1, 0), (0, 0)]);
        assert_eq!((seats.titulares(), seats.suplentes_total()), (3, 1));
        assert_eq!(
            Seats::apportion(6).table(),
            [(3, 3), (1, 1), (1, 1), (1, 1)]
        );
        let cs = [
            c(1, Segment::Government, 9, true),
            c(2, Segment::Government, 8, true),
            c(3, Segment::Government, 7, true),
            c(4, Segment::Government, 6, true),
            c(21, Segment::Workers, 5, true),
            c(22, Segment::Workers, 4, true),
        ];
        let o = elect(seats, &cs, TieRule::OlderFirst, 0);
        assert_eq!(
            ids(&o, Segment::Government, Seat::Titular),
            vec![(1, false), (2, false)]
        );
        assert_eq!(
            ids(&o, Segment::Government, Seat::Suplente),
            vec![(3, false)]
        );
        assert_eq!(ids(&o, Segment::Workers, Seat::Titular), vec![(21, false)]);
        assert!(ids(&o, Segment::Workers, Seat::Suplente).is_empty());
        assert_eq!((o.titulares, o.suplentes), (3, 1));
    }

    fn ids(o: &Outcome, segment: Segment, seat: Seat) -> Vec<(u128, bool)> {
        o.elected
            .iter()
            .filter(|e| e.segment == segment && e.seat == seat)
            .map(|e| (e.candidate.as_u128(), e.by_quota))
            .collect()
    }

    #[test]
    fn the_quota_counts_suplentes_too() {
        // 1 government and 1 users' seat. The old rule (titulares only) passes: G1 is of a quota
        // group, 1 of 2 titulares. Titulares and suplentes are 4: the minimum is 2, so the users'
        // quota candidate enters as suplente in the place of the least-voted non-quota suplente.
        let seats = Seats::apportion(2);
        let cs = [
            c(1, Segment::Government, 5, true),
            c(2, Segment::Government, 4, false),
            c(3, Segment::Government, 1, false),
            c(11, Segment::Users, 5, false),
            c(12, Segment::Users, 4, false),
            c(13, Segment::Users, 2, true),
        ];
        let o = elect(seats, &cs, TieRule::OlderFirst, 0);
        assert_eq!((o.titulares, o.suplentes), (2, 2));
        assert_eq!(o.quota_minimum, 2);
        assert_eq!((o.quota_elected, o.quota_titulares), (2, 1));
        assert!(o.quota_met);
        assert_eq!(
            o.swaps,
            vec![Swap {
                segment: Segment::Users,
                seat: Seat::Suplente,
                left: Uuid::from_u128(12),
                left_votes: 4,
                entered: Uuid::from_u128(13),
                entered_votes: 2,
            }]
        );
        assert_eq!(ids(&o, Segment::Users, Seat::Titular), vec![(11, false)]);
        assert_eq!(ids(&o, Segment::Users, Seat::Suplente), vec![(13, true)]);
        assert!(o.elected.iter().all(|e| e.candidate != Uuid::from_u128(12)));
    }

    #[test]
    fn a_quota_candidate_enters_as_titular_when_every_suplente_is_of_a_quota_group() {
        let seats = Seats::apportion(2);
        let cs = [
            c(1, Segment::Government, 5, false),
            c(2, Segment::Government, 4, true),
            c(3, Segment::Government, 3, true),
            c(11, Segment::Users, 5, false),
            c(12, Segment::Users, 4, false),
        ];
        let o = elect(seats, &cs, TieRule::OlderFirst, 0);
        assert!(o.quota_met);
        assert_eq!(o.swaps.len(), 1);
        assert_eq!(o.swaps[0].seat, Seat::Titular);
        assert_eq!(
            (o.swaps[0].left.as_u128(), o.swaps[0].entered.as_u128()),
            (1, 3)
        );
        assert_eq!(ids(&o, Segment::Government, Seat::Titular), vec![(3, true)]);
        assert_eq!(
            ids(&o, Segment::Government, Seat::Suplente),
            vec![(2, false)]
        );
    }

    #[test]
    fn appointed_government_delegates_fill_the_segment_and_count_for_the_quota() {
        let seats = Seats::apportion(2);
        let cs = [
            c(1, Segment::Government, 9, true), // ignored: the government is appointed
            c(11, Segment::Users, 5, false),
            c(12, Segment::Users, 4, false),
            c(13, Segment::Users, 1, true),
        ];
        let app = [
            Appointed {
                id: Uuid::from_u128(21),
                seat: Seat::Titular,
                quota: true,
            },
            Appointed {
                id: Uuid::from_u128(22),
                seat: Seat::Suplente,
                quota: false,
            },
        ];
        let o = elect_with(seats, &cs, &[], Some(&app), TieRule::OlderFirst, 0);
        let gov: Vec<(u128, Seat, bool, u32)> = o
            .elected
            .iter()
            .filter(|e| e.segment == Segment::Government)
            .map(|e| (e.candidate.as_u128(), e.seat, e.appointed, e.votes))
            .collect();
        assert_eq!(
            gov,
            vec![(21, Seat::Titular, true, 0), (22, Seat::Suplente, true, 0)]
        );
        // 4 elected, minimum 2: the appointed titular counts, and one users' swap completes it.
        assert_eq!((o.quota_minimum, o.quota_elected), (2, 2));
        assert_eq!(o.swaps.len(), 1);
        assert_eq!(o.swaps[0].entered, Uuid::from_u128(13));
        assert!(o.elected.iter().all(|e| e.candidate != Uuid::from_u128(1)));
    }

    #[test]
    fn appointment_numbers_and_the_act() {
        assert!(check_appointed(3, 3, 3).is_empty());
        assert!(check_appointed(3, 3, 0).is_empty());
        assert!(check_appointed(3, 2, 0)[0].message.contains("exatamente 3"));
        assert!(check_appointed(3, 3, 4)[0].message.contains("no máximo 3"));
        assert_eq!(
            parse_act("  Portaria SMAS  nº 12/2027 "),
            Ok("Portaria SMAS nº 12/2027".to_owned())
        );
        assert!(
            parse_act("   ")
                .unwrap_err()
                .message
                .contains("Ato de indicação")
        );
        assert!(parse_act(&"x".repeat(MAX_ACT + 1)).is_err());
        assert_eq!(GovernmentSeats::parse(""), Ok(GovernmentSeats::Elected));
        assert_eq!(
            GovernmentSeats::parse("appointed"),
            Ok(GovernmentSeats::Appointed)
        );
        assert!(GovernmentSeats::parse("sorteio").is_err());
    }

    #[test]
    fn a_second_round_of_everyone_replaces_the_first() {
        let seats = Seats::apportion(2); // users: 1 titular, 1 suplente
        let cs = [
            c(11, Segment::Users, 5, false),
            c(12, Segment::Users, 3, false),
            c(13, Segment::Users, 2, false),
        ];
        let again = Round {
            segment: Segment::Users,
            votes: vec![
                (Uuid::from_u128(11), 0),
                (Uuid::from_u128(12), 4),
                (Uuid::from_u128(13), 2),
            ],
        };
        let o = elect_with(seats, &cs, &[again], None, TieRule::OlderFirst, 0);
        assert_eq!(ids(&o, Segment::Users, Seat::Titular), vec![(12, false)]);
        assert_eq!(ids(&o, Segment::Users, Seat::Suplente), vec![(13, false)]);
    }

    #[test]
    fn a_second_round_of_the_tied_decides_their_places_only() {
        let seats = Seats::apportion(2);
        let cs = [
            c(11, Segment::Users, 5, false),
            c(12, Segment::Users, 3, false),
            c(13, Segment::Users, 3, false),
            c(14, Segment::Users, 1, false),
        ];
        // The tie for the suplente seat is decisive.
        let first = elect(seats, &cs, TieRule::OlderFirst, 0);
        assert_eq!(first.ties.len(), 1);
        assert!(first.ties[0].decisive);
        assert_eq!(first.ties[0].round, 1);
        let run_off = Round {
            segment: Segment::Users,
            votes: vec![(Uuid::from_u128(12), 1), (Uuid::from_u128(13), 2)],
        };
        let o = elect_with(seats, &cs, &[run_off], None, TieRule::OlderFirst, 0);
        assert_eq!(ids(&o, Segment::Users, Seat::Titular), vec![(11, false)]);
        assert_eq!(ids(&o, Segment::Users, Seat::Suplente), vec![(13, false)]);
        assert!(o.ties.is_empty());
        let sup = o.elected.iter().find(|e| e.seat == Seat::Suplente).unwrap();
        assert_eq!(
            sup.votes, 2,
            "the votes of the last round the candidate stood in"
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
        let why = quota_shortfall(&o).unwrap();
        assert!(
            why.contains("0 de 2 eleitos(as) (titulares e suplentes)"),
            "{why}"
        );
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
        assert!(
            o.ties[0].decisive,
            "the tie straddles the last titular seat"
        );
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

    /// Later rounds as (segment, [(candidate index, votes)]): made into [`Round`]s of candidates of
    /// that segment, each once.
    fn raw_rounds() -> impl Strategy<Value = Vec<(Segment, Vec<(usize, u32)>)>> {
        prop::collection::vec(
            (
                segment(),
                prop::collection::vec((0usize..40, 0u32..6), 0..8),
            ),
            0..3,
        )
    }

    fn rounds_of(cs: &[Candidate], raw: &[(Segment, Vec<(usize, u32)>)]) -> Vec<Round> {
        raw.iter()
            .map(|(s, vs)| {
                let mut seen = std::collections::HashSet::new();
                Round {
                    segment: *s,
                    votes: vs
                        .iter()
                        .filter_map(|(i, v)| cs.get(*i).map(|c| (c, *v)))
                        .filter(|(c, _)| c.segment == *s && seen.insert(c.id))
                        .map(|(c, v)| (c.id, v))
                        .collect(),
                }
            })
            .collect()
    }

    /// The government's appointed from quota flags: the first `seats` titulares, then up to
    /// `seats` suplentes.
    fn appointed_of(seats: u32, flags: &[bool]) -> Vec<Appointed> {
        flags
            .iter()
            .take(seats as usize * 2)
            .enumerate()
            .map(|(i, q)| Appointed {
                id: Uuid::from_u128(1000 + i as u128),
                seat: if (i as u32) < seats {
                    Seat::Titular
                } else {
                    Seat::Suplente
                },
                quota: *q,
            })
            .collect()
    }

    /// The votes that count for a candidate: those of the last round they stood in.
    fn last_votes(c: &Candidate, rounds: &[Round]) -> u32 {
        rounds
            .iter()
            .rev()
            .filter(|r| r.segment == c.segment)
            .find_map(|r| r.votes.iter().find(|(id, _)| *id == c.id).map(|(_, v)| *v))
            .unwrap_or(c.votes)
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
            raw in raw_rounds(),
            app in prop::option::of(prop::collection::vec(any::<bool>(), 0..16)),
            rule in rule(),
            seed in any::<u64>(),
        ) {
            let seats = Seats::apportion(half * 2);
            let rounds = rounds_of(&cs, &raw);
            let appointed = app.as_ref().map(|f| appointed_of(seats.government, f));
            let o = elect_with(seats, &cs, &rounds, appointed.as_deref(), rule, seed);
            let votes = |c: &Candidate| last_votes(c, &rounds);
            let is_quota = |id: Uuid| {
                cs.iter().any(|c| c.id == id && c.quota)
                    || appointed.iter().flatten().any(|a| a.id == id && a.quota)
            };
            // Nobody elected twice; only candidates with votes (in the last round they stood
            // in), or the appointed, and those only in the government when it is appointed.
            let mut ids = std::collections::HashSet::new();
            for e in &o.elected {
                prop_assert!(ids.insert(e.candidate));
                if e.appointed {
                    prop_assert!(appointed.is_some() && e.segment == Segment::Government);
                    prop_assert_eq!(e.votes, 0);
                } else {
                    prop_assert!(e.votes > 0);
                    let c = cs.iter().find(|c| c.id == e.candidate).unwrap();
                    prop_assert_eq!(e.votes, votes(c));
                    prop_assert!(!(appointed.is_some() && e.segment == Segment::Government));
                }
            }
            let left: std::collections::HashSet<Uuid> = o.swaps.iter().map(|sw| sw.left).collect();
            for s in SEGMENTS {
                let tit = o.elected.iter()
                    .filter(|e| e.segment == s && e.seat == Seat::Titular).count() as u32;
                let sup: Vec<&Elected> = o.elected.iter()
                    .filter(|e| e.segment == s && e.seat == Seat::Suplente).collect();
                if s == Segment::Government && let Some(a) = &appointed {
                    // The appointed, as given.
                    let at = a.iter().filter(|x| x.seat == Seat::Titular).count() as u32;
                    prop_assert_eq!(tit, at);
                    prop_assert_eq!(sup.len(), a.len() - at as usize);
                    continue;
                }
                let eligible: Vec<&Candidate> =
                    cs.iter().filter(|c| c.segment == s && votes(c) > 0).collect();
                let n = eligible.len() as u32;
                // Parity and proportionality: each segment fills its seats when it can, then
                // as many suplentes as it can, and suplentes only after every titular seat.
                prop_assert_eq!(tit, seats.of(s).min(n));
                let want_sup = if n >= seats.of(s) { seats.of(s).min(n - seats.of(s)) } else { 0 };
                prop_assert_eq!(sup.len() as u32, want_sup);
                // With one round, suplentes in order of votes, except who entered by the quota,
                // and everyone elected by votes ahead of everyone not elected (but who a swap
                // took out).
                if !rounds.iter().any(|r| r.segment == s) {
                    let by_votes: Vec<&&Elected> = sup.iter().filter(|e| !e.by_quota).collect();
                    for w in by_votes.windows(2) {
                        prop_assert!(w[0].votes >= w[1].votes);
                    }
                    let least = o.elected.iter()
                        .filter(|e| e.segment == s && !e.by_quota)
                        .map(|e| e.votes).min();
                    if let Some(least) = least {
                        for c in &eligible {
                            if !ids.contains(&c.id) && !left.contains(&c.id) {
                                prop_assert!(votes(c) <= least);
                            }
                        }
                    }
                }
                // Quota swaps stay in the segment: a quota candidate in, a non-quota one out.
                for sw in o.swaps.iter().filter(|sw| sw.segment == s) {
                    prop_assert!(eligible.iter().any(|c| c.id == sw.entered && c.quota));
                    prop_assert!(eligible.iter().any(|c| c.id == sw.left && !c.quota));
                    prop_assert!(!ids.contains(&sw.left));
                    prop_assert!(o.elected.iter().any(|e| e.candidate == sw.entered && e.by_quota));
                }
            }
            // With enough seats, parity holds exactly.
            let tit_gov = o.elected.iter()
                .filter(|e| e.segment == Segment::Government && e.seat == Seat::Titular).count();
            let tit_sc = o.elected.iter()
                .filter(|e| e.segment != Segment::Government && e.seat == Seat::Titular).count();
            let enough = SEGMENTS.iter().all(|s| match (&appointed, s) {
                (Some(a), Segment::Government) => {
                    a.iter().filter(|x| x.seat == Seat::Titular).count() as u32 == seats.government
                }
                _ => cs.iter().filter(|c| c.segment == *s && votes(c) > 0).count() as u32
                    >= seats.of(*s),
            });
            if enough {
                prop_assert_eq!(tit_gov, tit_sc);
            }
            // The quota counts titulares and suplentes: 30% of all elected, rounded up; met
            // whenever the segments hold enough quota candidates.
            prop_assert_eq!(o.titulares + o.suplentes, o.elected.len() as u32);
            prop_assert_eq!(o.quota_minimum, (o.elected.len() as u32 * 3).div_ceil(10));
            let reachable: u32 = SEGMENTS.iter().map(|s| {
                let elected = o.elected.iter().filter(|e| e.segment == *s).count() as u32;
                if *s == Segment::Government && let Some(a) = &appointed {
                    return a.iter().filter(|x| x.quota).count() as u32;
                }
                let q = cs.iter().filter(|c| c.segment == *s && votes(c) > 0 && c.quota).count() as u32;
                elected.min(q)
            }).sum();
            prop_assert!(o.quota_elected >= o.quota_minimum.min(reachable));
            prop_assert_eq!(o.quota_met, o.quota_elected >= o.quota_minimum);
            if reachable >= o.quota_minimum {
                prop_assert!(o.quota_met);
            }
            let counted = o.elected.iter().filter(|e| is_quota(e.candidate)).count() as u32;
            prop_assert_eq!(counted, o.quota_elected);
            let counted_tit = o.elected.iter()
                .filter(|e| e.seat == Seat::Titular && is_quota(e.candidate)).count() as u32;
            prop_assert_eq!(counted_tit, o.quota_titulares);
            // Swaps only while short: the last swap was needed.
            if !o.swaps.is_empty() {
                prop_assert!(o.quota_elected <= o.quota_minimum);
            }
        }

        #[test]
        fn the_result_does_not_depend_on_input_order(
            cs in candidates(),
            raw in raw_rounds(),
            app in prop::option::of(prop::collection::vec(any::<bool>(), 0..16)),
            seed in any::<u64>(),
            rule in rule(),
        ) {
            let seats = Seats::apportion(10);
            let rounds = rounds_of(&cs, &raw);
            let appointed = app.as_ref().map(|f| appointed_of(seats.government, f));
            let a = elect_with(seats, &cs, &rounds, appointed.as_deref(), rule, seed);
            let mut rev = cs.clone();
            rev.reverse();
            let rev_rounds: Vec<Round> = rounds.iter().map(|r| {
                let mut v = r.votes.clone();
                v.reverse();
                Round { segment: r.segment, votes: v }
            }).collect();
            let b = elect_with(seats, &rev, &rev_rounds, appointed.as_deref(), rule, seed);
            prop_assert_eq!(a, b);
        }
    }
}
