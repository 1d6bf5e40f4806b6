//! The orientation a state (or regional) conference publishes for the conferences below it
//! (ADR 0036): the seat table by porte (titulares and suplentes per segment, with parity), the
//! report deadline, extra report questions, and (read from the state conference itself) its eixos.
//!
//! - [`parse`]: the commission's form into an [`Orientation`], every problem in pt-BR next to its
//!   field ([`cell_field`] names a cell: `t_PP1_governo`, `s_GRANDE_usuarios`).
//! - [`allocation_differences`]: a delegation against the table (what is over, what is under).

use crate::calendar::parse_date;
use crate::elections::{SEGMENTS, Seats};
use crate::values::{Porte, Seat, Segment};
use crate::{FieldError, Invalid};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Most seats of one segment and seat in one porte.
pub const MAX_CELL: u32 = 200;
/// Most extra report questions.
pub const MAX_QUESTIONS: usize = 10;
/// Longest extra question, in characters.
pub const MAX_QUESTION_CHARS: usize = 500;
/// Longest answer to an extra question, in characters.
pub const MAX_ANSWER_CHARS: usize = 5_000;

/// The label of seats taken from a state's table, e.g. "Tabela do Conselho Estadual (… ): Médio Porte".
pub fn state_table_label(state_title: &str, porte: Porte) -> String {
    format!(
        "Tabela do Conselho Estadual, publicada pela {state_title}, para {}",
        porte.label()
    )
}

/// The form field of one cell: `t_` (titulares) or `s_` (suplentes), the porte code, the
/// segment code.
pub fn cell_field(seat: Seat, porte: Porte, segment: Segment) -> String {
    let k = if seat == Seat::Titular { "t" } else { "s" };
    format!("{k}_{}_{}", porte.code(), segment.code())
}

/// One porte's row of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PorteRow {
    /// `Porte` code.
    pub porte: String,
    /// `(titulares, suplentes)` per segment, in the order of [`SEGMENTS`].
    pub seats: [(u32, u32); 4],
}

/// A published orientation (what is stored, as JSON for the table and the questions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Orientation {
    pub table: Vec<PorteRow>,
    pub deadline: NaiveDate,
    pub questions: Vec<String>,
}

impl Orientation {
    /// The seats of a porte in the table.
    pub fn seats_for(&self, porte: Porte) -> Option<Seats> {
        self.table
            .iter()
            .find(|r| r.porte == porte.code())
            .map(|r| Seats::from_table(r.seats))
    }
}

/// What the commission typed: every cell by its field name ([`cell_field`]), the deadline, the
/// questions one per line.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub cells: HashMap<String, String>,
    pub deadline: String,
    pub questions: String,
}

fn parse_cell(field: &str, what: &str, raw: Option<&String>) -> Result<u32, FieldError> {
    let t = raw.map(|s| s.trim()).unwrap_or("");
    if t.is_empty() {
        return Err(FieldError::new(
            field,
            format!("{what}: preencha (0 se não há vagas)"),
        ));
    }
    let n: u32 = t
        .parse()
        .map_err(|_| FieldError::new(field, format!("{what}: digite um número inteiro")))?;
    if n > MAX_CELL {
        return Err(FieldError::new(
            field,
            format!("{what}: no máximo {MAX_CELL} vagas"),
        ));
    }
    Ok(n)
}

/// The questions typed one per line (blank lines ignored).
pub fn parse_questions(input: &str) -> Result<Vec<String>, FieldError> {
    let qs: Vec<String> = input
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    if qs.len() > MAX_QUESTIONS {
        return Err(FieldError::new(
            "questions",
            format!(
                "Perguntas adicionais: no máximo {MAX_QUESTIONS}, uma por linha (há {})",
                qs.len()
            ),
        ));
    }
    if let Some(q) = qs.iter().find(|q| q.chars().count() > MAX_QUESTION_CHARS) {
        let start: String = q.chars().take(40).collect();
        return Err(FieldError::new(
            "questions",
            format!(
                "Perguntas adicionais: cada pergunta tem no máximo {MAX_QUESTION_CHARS} caracteres (a que começa com \"{start}…\" passa disso)"
            ),
        ));
    }
    Ok(qs)
}

/// Checks the whole form: every cell a whole number, each porte with at least one government
/// titular, governo = sociedade civil (users + workers + entities) for titulares and for suplentes,
/// the deadline a date, the questions within their limits.
pub fn parse(i: &Input) -> Result<Orientation, Invalid> {
    let mut inv = Invalid::default();
    let mut table = Vec::new();
    for porte in Porte::ALL {
        let mut seats = [(0u32, 0u32); 4];
        let mut complete = true;
        for (k, segment) in SEGMENTS.iter().enumerate() {
            for seat in [Seat::Titular, Seat::Suplente] {
                let f = cell_field(seat, *porte, *segment);
                let what = format!(
                    "{}, {}, {}",
                    porte.label(),
                    segment.label(),
                    if seat == Seat::Titular {
                        "titulares"
                    } else {
                        "suplentes"
                    }
                );
                match inv.take(parse_cell(&f, &what, i.cells.get(&f))) {
                    Some(n) if seat == Seat::Titular => seats[k].0 = n,
                    Some(n) => seats[k].1 = n,
                    None => complete = false,
                }
            }
        }
        if !complete {
            continue;
        }
        let civil = |j: usize| -> u32 {
            seats[1..]
                .iter()
                .map(|s| if j == 0 { s.0 } else { s.1 })
                .sum()
        };
        let gov = Segment::Government;
        if seats[0].0 == 0 {
            inv.push(FieldError::new(
                cell_field(Seat::Titular, *porte, gov),
                format!(
                    "{}: a delegação precisa de pelo menos 1 titular do governo",
                    porte.label()
                ),
            ));
        } else if seats[0].0 != civil(0) {
            inv.push(FieldError::new(
                cell_field(Seat::Titular, *porte, gov),
                format!(
                    "{}: sem paridade nos titulares: {} do governo e {} da sociedade civil (usuários, trabalhadores e entidades); o governo precisa ter tantos quanto a sociedade civil",
                    porte.label(),
                    seats[0].0,
                    civil(0)
                ),
            ));
        }
        if seats[0].1 != civil(1) {
            inv.push(FieldError::new(
                cell_field(Seat::Suplente, *porte, gov),
                format!(
                    "{}: sem paridade nos suplentes: {} do governo e {} da sociedade civil; o governo precisa ter tantos quanto a sociedade civil",
                    porte.label(),
                    seats[0].1,
                    civil(1)
                ),
            ));
        }
        table.push(PorteRow {
            porte: porte.code().to_owned(),
            seats,
        });
    }
    let deadline = inv.take(parse_date(
        "deadline",
        "o prazo de envio do relatório",
        &i.deadline,
    ));
    let questions = inv.take(parse_questions(&i.questions));
    inv.into_result()?;
    match (deadline, questions) {
        (Some(deadline), Some(questions)) => Ok(Orientation {
            table,
            deadline,
            questions,
        }),
        _ => Err(Invalid::one("form", "Confira os campos")),
    }
}

/// The seat table the sample seats give (so a state that keeps the sample numbers may start
/// from them): one suplente per titular, parity and proportionality as in
/// [`Seats::apportion`].
pub fn sample_table() -> Vec<PorteRow> {
    crate::elections::SAMPLE_TITULARES
        .iter()
        .map(|(p, n)| PorteRow {
            porte: p.code().to_owned(),
            seats: Seats::apportion(*n).table(),
        })
        .collect()
}

/// A delegation against the table, segment by segment: one pt-BR sentence for each segment and
/// seat that is over or under (empty: it matches). `elected` is `(titulares, suplentes)` per
/// segment, in the order of [`SEGMENTS`].
pub fn allocation_differences(allowed: &Seats, elected: [(u32, u32); 4]) -> Vec<String> {
    let mut out = Vec::new();
    for (k, s) in SEGMENTS.iter().enumerate() {
        let want = allowed.table()[k];
        for (seat, have, want) in [
            ("titular(es)", elected[k].0, want.0),
            ("suplente(s)", elected[k].1, want.1),
        ] {
            if have > want {
                out.push(format!(
                    "{}: {have} {seat}, {} acima das {want} vagas da tabela",
                    s.label(),
                    have - want
                ));
            } else if have < want {
                out.push(format!(
                    "{}: {have} {seat}, {} abaixo das {want} vagas da tabela",
                    s.label(),
                    want - have
                ));
            }
        }
    }
    out
}

pub use crate::report::ExtraAnswer;

/// The answers typed for the questions (`extra_1` …, in the questions' order), checked.
pub fn parse_answers(
    questions: &[String],
    typed: &HashMap<String, String>,
) -> Result<Vec<ExtraAnswer>, Invalid> {
    let mut inv = Invalid::default();
    let mut out = Vec::new();
    for (n, q) in questions.iter().enumerate() {
        let f = answer_field(n);
        let a = typed.get(&f).map(|s| s.trim()).unwrap_or("").to_owned();
        if a.chars().count() > MAX_ANSWER_CHARS {
            inv.push(FieldError::new(
                f,
                format!("Resposta: no máximo {MAX_ANSWER_CHARS} caracteres"),
            ));
        }
        out.push(ExtraAnswer {
            question: q.clone(),
            answer: a,
        });
    }
    inv.into_result().map(|_| out)
}

/// The form field of the answer to the `n`-th question (from 0): `extra_1`, `extra_2`, …
pub fn answer_field(n: usize) -> String {
    format!("extra_{}", n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(table: &[(Porte, [(u32, u32); 4])]) -> Input {
        let mut cells = HashMap::new();
        for (p, seats) in table {
            for (k, s) in SEGMENTS.iter().enumerate() {
                cells.insert(cell_field(Seat::Titular, *p, *s), seats[k].0.to_string());
                cells.insert(cell_field(Seat::Suplente, *p, *s), seats[k].1.to_string());
            }
        }
        Input {
            cells,
            deadline: "2025-09-30".into(),
            questions: "Como foi a mobilização?\n\n  Quantas pré-conferências?  \n".into(),
        }
    }

    fn sample_input() -> Input {
        let rows: Vec<(Porte, [(u32, u32); 4])> = sample_table()
            .iter()
            .map(|r| (Porte::parse(&r.porte).unwrap(), r.seats))
            .collect();
        filled(&rows)
    }

    #[test]
    fn the_sample_numbers_publish() {
        let o = parse(&sample_input()).unwrap();
        assert_eq!(o.table.len(), 5);
        assert_eq!(o.seats_for(Porte::Medio), Some(Seats::apportion(6)));
        assert_eq!(o.deadline, NaiveDate::from_ymd_opt(2025, 9, 30).unwrap());
        assert_eq!(
            o.questions,
            vec!["Como foi a mobilização?", "Quantas pré-conferências?"]
        );
    }

    #[test]
    fn parity_and_cells_are_checked_with_pt_br_messages() {
        let mut i = sample_input();
        // Médio: 3 government titulares, civil 2+1+1 = 4.
        i.cells.insert(
            cell_field(Seat::Titular, Porte::Medio, Segment::Users),
            "2".into(),
        );
        i.cells.insert(
            cell_field(Seat::Suplente, Porte::Grande, Segment::Workers),
            "dois".into(),
        );
        i.cells.remove(&cell_field(
            Seat::Titular,
            Porte::PequenoI,
            Segment::Entities,
        ));
        i.deadline = "31/02/2025".into();
        let e = parse(&i).unwrap_err();
        let m = e
            .message_for(&cell_field(
                Seat::Titular,
                Porte::Medio,
                Segment::Government,
            ))
            .unwrap();
        assert!(
            m.contains("sem paridade nos titulares: 3 do governo e 4"),
            "{m}"
        );
        assert!(
            e.message_for("s_GRANDE_trabalhadores")
                .unwrap()
                .contains("número inteiro")
        );
        assert!(
            e.message_for("t_PP1_entidades")
                .unwrap()
                .contains("preencha")
        );
        assert!(e.message_for("deadline").unwrap().contains("data inválida"));
    }

    #[test]
    fn suplentes_need_parity_too_and_a_government_titular() {
        let mut i = sample_input();
        i.cells.insert("s_PP2_governo".into(), "1".into());
        for s in SEGMENTS {
            i.cells
                .insert(cell_field(Seat::Titular, Porte::Metropole, s), "0".into());
        }
        let e = parse(&i).unwrap_err();
        assert!(
            e.message_for("s_PP2_governo")
                .unwrap()
                .contains("suplentes")
        );
        assert!(
            e.message_for("t_METROPOLE_governo")
                .unwrap()
                .contains("pelo menos 1 titular")
        );
    }

    #[test]
    fn too_many_questions() {
        let mut i = sample_input();
        i.questions = (1..=11).map(|n| format!("Pergunta {n}\n")).collect();
        let e = parse(&i).unwrap_err();
        assert!(e.message_for("questions").unwrap().contains("no máximo 10"));
    }

    #[test]
    fn differences_say_over_and_under() {
        let allowed = Seats::from_table([(2, 2), (1, 1), (1, 1), (0, 0)]);
        assert!(allocation_differences(&allowed, [(2, 2), (1, 1), (1, 1), (0, 0)]).is_empty());
        let d = allocation_differences(&allowed, [(3, 2), (1, 0), (1, 1), (0, 0)]);
        assert_eq!(
            d,
            vec![
                "Governo: 3 titular(es), 1 acima das 2 vagas da tabela",
                "Usuários(as): 0 suplente(s), 1 abaixo das 1 vagas da tabela",
            ]
        );
    }

    #[test]
    fn answers_follow_the_questions() {
        let qs = vec!["A?".to_owned(), "B?".to_owned()];
        let mut typed = HashMap::new();
        typed.insert("extra_2".into(), "  sim ".into());
        let a = parse_answers(&qs, &typed).unwrap();
        assert_eq!(a[0].answer, "");
        assert_eq!(a[1].answer, "sim");
        typed.insert("extra_1".into(), "x".repeat(5_001));
        assert!(
            parse_answers(&qs, &typed)
                .unwrap_err()
                .message_for("extra_1")
                .is_some()
        );
    }
}
