//! Questionnaires (the conference's evaluation; the same engine serves the units'
//! mobilization questionnaires): question kinds, the checks of a question as the commission
//! writes it, the checks of one person's answers, and the tally of every answer into results.

use crate::FieldError;
use crate::report::{Count, QuestionResult};
use serde::{Deserialize, Serialize};

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One of the options.
    Single,
    /// Any of the options.
    Multiple,
    /// A number on a scale (1 to 5 by default).
    Scale,
    ShortText,
    LongText,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 5] = [
        Self::Single,
        Self::Multiple,
        Self::Scale,
        Self::ShortText,
        Self::LongText,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Multiple => "multiple",
            Self::Scale => "scale",
            Self::ShortText => "short_text",
            Self::LongText => "long_text",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Single => "Escolha uma opção",
            Self::Multiple => "Escolha várias opções",
            Self::Scale => "Nota numa escala",
            Self::ShortText => "Resposta curta",
            Self::LongText => "Resposta longa",
        }
    }
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
            .ok_or_else(|| FieldError::new("kind", "Escolha o tipo de pergunta da lista"))
    }
    pub fn has_options(self) -> bool {
        matches!(self, Self::Single | Self::Multiple)
    }
    pub fn is_text(self) -> bool {
        matches!(self, Self::ShortText | Self::LongText)
    }
}

/// A question as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    pub text: String,
    /// Choices of a single or multiple choice question, in order.
    pub options: Vec<String>,
    /// Bounds of a scale question (inclusive).
    pub scale: Option<(i32, i32)>,
    pub required: bool,
}

pub const MAX_OPTIONS: usize = 20;
pub const SHORT_MAX: usize = 200;
pub const LONG_MAX: usize = 5_000;

/// Checks a question as the commission typed it: the text, the options one per line (2 to 20,
/// no repeats) for choice questions, the scale's bounds ("1 a 5" by default; up to 11 points).
pub fn question(
    kind: &str,
    text: &str,
    options: &str,
    scale_min: &str,
    scale_max: &str,
    required: bool,
) -> Result<Question, Vec<FieldError>> {
    let mut errs = Vec::new();
    let kind = match QuestionKind::parse(kind) {
        Ok(k) => Some(k),
        Err(e) => {
            errs.push(e);
            None
        }
    };
    let text = text.trim();
    if text.is_empty() {
        errs.push(FieldError::new("text", "Escreva a pergunta"));
    } else if text.chars().count() > 500 {
        errs.push(FieldError::new(
            "text",
            "A pergunta deve ter no máximo 500 caracteres",
        ));
    } else if let Err(e) = crate::values::plain_text("text", text, false) {
        errs.push(e);
    }
    let opts: Vec<String> = options
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let mut scale = None;
    match kind {
        Some(k) if k.has_options() => {
            if opts.len() < 2 {
                errs.push(FieldError::new(
                    "options",
                    "Escreva pelo menos duas opções, uma por linha",
                ));
            } else if opts.len() > MAX_OPTIONS {
                errs.push(FieldError::new(
                    "options",
                    format!("Use no máximo {MAX_OPTIONS} opções"),
                ));
            } else if opts.iter().any(|o| o.chars().count() > 200) {
                errs.push(FieldError::new(
                    "options",
                    "Cada opção deve ter no máximo 200 caracteres",
                ));
            } else {
                let mut seen = std::collections::HashSet::new();
                if !opts.iter().all(|o| seen.insert(crate::text::search_key(o))) {
                    errs.push(FieldError::new("options", "Há opções repetidas"));
                }
            }
        }
        Some(QuestionKind::Scale) => {
            let parse = |s: &str, default: i32| {
                let t = s.trim();
                if t.is_empty() {
                    Some(default)
                } else {
                    t.parse::<i32>().ok()
                }
            };
            match (parse(scale_min, 1), parse(scale_max, 5)) {
                (Some(a), Some(b)) if a < b && b - a <= 10 && a >= 0 => scale = Some((a, b)),
                _ => errs.push(FieldError::new(
                    "scale_max",
                    "A escala vai de um número inteiro a outro maior, com até 11 pontos (por exemplo, de 1 a 5)",
                )),
            }
        }
        _ => {}
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let kind = kind.expect("checked above");
    Ok(Question {
        kind,
        text: text.to_owned(),
        options: if kind.has_options() { opts } else { Vec::new() },
        scale,
        required,
    })
}

/// One checked answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// Indexes into the options (one for a single choice).
    Choices(Vec<usize>),
    Scale(i32),
    Text(String),
}

impl Answer {
    /// As stored: "0,2" for choices, the number, or the text.
    pub fn encode(&self) -> String {
        match self {
            Answer::Choices(v) => v
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
            Answer::Scale(n) => n.to_string(),
            Answer::Text(t) => t.clone(),
        }
    }

    pub fn decode(q: &Question, s: &str) -> Option<Answer> {
        match q.kind {
            QuestionKind::Single | QuestionKind::Multiple => s
                .split(',')
                .map(|x| x.trim().parse::<usize>().ok())
                .collect::<Option<Vec<_>>>()
                .map(Answer::Choices),
            QuestionKind::Scale => s.trim().parse().ok().map(Answer::Scale),
            _ => Some(Answer::Text(s.to_owned())),
        }
    }
}

/// Checks one person's raw answers (per question: the values the form sent, e.g. the chosen
/// option indexes as text, or one text) against the questions. The error's field is `q{i}`,
/// `i` the question's index, so a form can point at the question. Unanswered optional
/// questions give `None`.
pub fn answers(
    qs: &[Question],
    raw: &[Vec<String>],
) -> Result<Vec<Option<Answer>>, Vec<FieldError>> {
    let mut out = Vec::with_capacity(qs.len());
    let mut errs = Vec::new();
    for (i, q) in qs.iter().enumerate() {
        let field = format!("q{i}");
        let vals: Vec<&str> = raw
            .get(i)
            .map(|v| {
                v.iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if vals.is_empty() {
            if q.required {
                errs.push(FieldError::new(field, format!("Responda: {}", q.text)));
            }
            out.push(None);
            continue;
        }
        let a = match q.kind {
            QuestionKind::Single | QuestionKind::Multiple => {
                let mut idx = Vec::new();
                for v in &vals {
                    match v.parse::<usize>() {
                        Ok(n) if n < q.options.len() && !idx.contains(&n) => idx.push(n),
                        _ => {
                            errs.push(FieldError::new(
                                field.clone(),
                                format!("Escolha uma das opções de: {}", q.text),
                            ));
                            idx.clear();
                            break;
                        }
                    }
                }
                if q.kind == QuestionKind::Single && idx.len() > 1 {
                    errs.push(FieldError::new(
                        field.clone(),
                        format!("Escolha só uma opção em: {}", q.text),
                    ));
                    None
                } else if idx.is_empty() {
                    None
                } else {
                    idx.sort_unstable();
                    Some(Answer::Choices(idx))
                }
            }
            QuestionKind::Scale => {
                let (a, b) = q.scale.unwrap_or((1, 5));
                match vals[0].parse::<i32>() {
                    Ok(n) if (a..=b).contains(&n) && vals.len() == 1 => Some(Answer::Scale(n)),
                    _ => {
                        errs.push(FieldError::new(
                            field.clone(),
                            format!("Dê uma nota de {a} a {b} em: {}", q.text),
                        ));
                        None
                    }
                }
            }
            QuestionKind::ShortText | QuestionKind::LongText => {
                let t = vals.join(" ");
                let max = if q.kind == QuestionKind::ShortText {
                    SHORT_MAX
                } else {
                    LONG_MAX
                };
                if t.chars().count() > max {
                    errs.push(FieldError::new(
                        field.clone(),
                        format!("A resposta deve ter no máximo {max} caracteres"),
                    ));
                    None
                } else if let Err(e) =
                    crate::values::plain_text(&field, &t, q.kind == QuestionKind::LongText)
                {
                    errs.push(e);
                    None
                } else {
                    Some(Answer::Text(t))
                }
            }
        };
        out.push(a);
    }
    if errs.is_empty() { Ok(out) } else { Err(errs) }
}

/// The order in which questions are shown (forms, printed forms, results): the questions
/// without an eixo first ("Geral"), then those of each eixo by the eixo's number, each group in
/// the order the commission wrote them. `eixos[i]` is the number of question `i`'s eixo (the
/// questions given in writing order). Returns the indexes in display order.
pub fn display_order(eixos: &[Option<i32>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..eixos.len()).collect();
    order.sort_by_key(|&i| (eixos[i].is_some(), eixos[i].unwrap_or(0)));
    order
}

/// Whether two typings of the same paper form gave the same answer to a question (both as
/// `Answer::encode` stores them; `None` is unanswered). Text is compared without the spaces at
/// its ends and with runs of spaces as one: a typist's extra space is not a difference.
pub fn same_typing(first: Option<&str>, second: Option<&str>) -> bool {
    let norm = |s: Option<&str>| {
        s.map(|x| x.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|x| !x.is_empty())
    };
    norm(first) == norm(second)
}

/// How many text answers a result keeps as samples.
pub const SAMPLES: usize = 10;

/// Tallies every response's answers to question `q` into its results (counts per option or
/// scale point, the mean of a scale, a few text answers).
pub fn tally<'a>(q: &Question, given: impl IntoIterator<Item = &'a Answer>) -> QuestionResult {
    let mut answered = 0u32;
    let mut counts: Vec<u32> = match q.kind {
        QuestionKind::Single | QuestionKind::Multiple => vec![0; q.options.len()],
        QuestionKind::Scale => {
            let (a, b) = q.scale.unwrap_or((1, 5));
            vec![0; (b - a + 1).max(0) as usize]
        }
        _ => Vec::new(),
    };
    let mut sum = 0i64;
    let mut samples = Vec::new();
    for a in given {
        answered += 1;
        match a {
            Answer::Choices(v) => {
                for &i in v {
                    if let Some(c) = counts.get_mut(i) {
                        *c += 1;
                    }
                }
            }
            Answer::Scale(n) => {
                let lo = q.scale.map(|s| s.0).unwrap_or(1);
                if let Some(c) = counts.get_mut((n - lo).max(0) as usize) {
                    *c += 1;
                }
                sum += i64::from(*n);
            }
            Answer::Text(t) => {
                if samples.len() < SAMPLES {
                    samples.push(t.clone());
                }
            }
        }
    }
    let options = match q.kind {
        QuestionKind::Single | QuestionKind::Multiple => q
            .options
            .iter()
            .zip(&counts)
            .enumerate()
            .map(|(i, (o, c))| Count {
                code: i.to_string(),
                label: o.clone(),
                count: *c,
            })
            .collect(),
        QuestionKind::Scale => {
            let lo = q.scale.map(|s| s.0).unwrap_or(1);
            counts
                .iter()
                .enumerate()
                .map(|(i, c)| Count {
                    code: (lo + i as i32).to_string(),
                    label: (lo + i as i32).to_string(),
                    count: *c,
                })
                .collect()
        }
        _ => Vec::new(),
    };
    QuestionResult {
        text: q.text.clone(),
        kind: q.kind.code().to_owned(),
        answered,
        options,
        mean: (q.kind == QuestionKind::Scale && answered > 0)
            .then(|| (sum as f64 / f64::from(answered) * 100.0).round() / 100.0),
        samples,
    }
}

/// The evaluation questionnaire a commission starts from (it may change every question).
pub fn evaluation_template() -> Vec<Question> {
    let scale = |t: &str| Question {
        kind: QuestionKind::Scale,
        text: t.to_owned(),
        options: Vec::new(),
        scale: Some((1, 5)),
        required: true,
    };
    vec![
        Question {
            kind: QuestionKind::Single,
            text: "Você participou como".into(),
            options: vec![
                "Delegado(a)".into(),
                "Convidado(a)".into(),
                "Observador(a)".into(),
            ],
            scale: None,
            required: true,
        },
        scale("De 1 a 5, como você avalia a organização da conferência?"),
        scale("De 1 a 5, como você avalia a acessibilidade (local, Libras, materiais)?"),
        scale("De 1 a 5, quanto você conseguiu participar dos debates do seu grupo?"),
        Question {
            kind: QuestionKind::Multiple,
            text: "Como você ficou sabendo da conferência?".into(),
            options: vec![
                "CRAS, CREAS ou outra unidade".into(),
                "Conselho (CMAS)".into(),
                "Redes sociais ou site".into(),
                "Rádio ou carro de som".into(),
                "Amigos ou família".into(),
            ],
            scale: None,
            required: false,
        },
        Question {
            kind: QuestionKind::LongText,
            text: "O que pode melhorar na próxima conferência?".into(),
            options: Vec::new(),
            scale: None,
            required: false,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn raw(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_question_is_checked_as_typed() {
        let q = question("single", " Gostou? ", "Sim\n\nNão\n", "", "", true).unwrap();
        assert_eq!(q.options, vec!["Sim", "Não"]);
        assert_eq!(q.text, "Gostou?");
        let e = question("single", "", "Só uma", "", "", true).unwrap_err();
        assert_eq!(e.len(), 2);
        let e = question("multiple", "Qual?", "Sim\nsim", "", "", false).unwrap_err();
        assert_eq!(e[0].message, "Há opções repetidas");
        let q = question("scale", "Nota", "ignored", "", "", true).unwrap();
        assert_eq!(q.scale, Some((1, 5)));
        assert!(q.options.is_empty());
        assert!(question("scale", "Nota", "", "5", "1", true).is_err());
        assert!(question("scale", "Nota", "", "0", "11", true).is_err());
        assert!(question("scale", "Nota", "", "0", "10", true).is_ok());
        assert!(question("x", "Nota", "", "", "", true).is_err());
    }

    #[test]
    fn answers_are_checked_per_question() {
        let qs = evaluation_template();
        let ok = answers(
            &qs,
            &[
                raw(&["0"]),
                raw(&["5"]),
                raw(&["4"]),
                raw(&["3"]),
                raw(&["0", "2"]),
                raw(&["Mais tempo"]),
            ],
        )
        .unwrap();
        assert_eq!(ok[0], Some(Answer::Choices(vec![0])));
        assert_eq!(ok[4], Some(Answer::Choices(vec![0, 2])));
        assert_eq!(ok[5], Some(Answer::Text("Mais tempo".into())));
        // Required missing, two choices in a single, out of the scale, unknown option.
        let e = answers(
            &qs,
            &[
                raw(&["0", "1"]),
                raw(&[]),
                raw(&["9"]),
                raw(&["3"]),
                raw(&["7"]),
            ],
        )
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, vec!["q0", "q1", "q2", "q4"]);
        assert!(e[1].message.starts_with("Responda:"));
    }

    #[test]
    fn tally_counts_and_means() {
        let qs = evaluation_template();
        let given = [Answer::Scale(5), Answer::Scale(4), Answer::Scale(4)];
        let r = tally(&qs[1], &given);
        assert_eq!(r.answered, 3);
        assert_eq!(r.options.len(), 5);
        assert_eq!(r.options[3].count, 2);
        assert_eq!(r.mean, Some(4.33));
        let r = tally(
            &qs[4],
            &[Answer::Choices(vec![0, 1]), Answer::Choices(vec![1])],
        );
        assert_eq!(
            r.options.iter().map(|c| c.count).collect::<Vec<_>>(),
            vec![1, 2, 0, 0, 0]
        );
        assert_eq!(r.mean, None);
    }

    #[test]
    fn questions_are_shown_general_first_then_by_eixo() {
        let order = display_order(&[Some(2), None, Some(1), None, Some(2)]);
        assert_eq!(order, vec![1, 3, 2, 0, 4]);
        assert_eq!(display_order(&[]), Vec::<usize>::new());
    }

    #[test]
    fn two_typings_compare_answer_by_answer() {
        assert!(same_typing(Some("0,2"), Some("0,2")));
        assert!(!same_typing(Some("0,2"), Some("0")));
        assert!(same_typing(Some(" Mais  tempo "), Some("Mais tempo")));
        assert!(!same_typing(Some("Mais tempo"), Some("mais tempo")));
        assert!(same_typing(None, Some("  ")));
        assert!(!same_typing(None, Some("3")));
    }

    proptest! {
        /// The counts of a single-choice question add up to the answers; encoding round-trips.
        #[test]
        fn single_choice_counts_add_up(picks in proptest::collection::vec(0usize..3, 0..200)) {
            let q = question("single", "Q", "a\nb\nc", "", "", false).unwrap();
            let given: Vec<Answer> = picks.iter().map(|&p| Answer::Choices(vec![p])).collect();
            let r = tally(&q, &given);
            prop_assert_eq!(r.answered as usize, picks.len());
            prop_assert_eq!(r.options.iter().map(|c| c.count as usize).sum::<usize>(), picks.len());
            for a in &given {
                prop_assert_eq!(Answer::decode(&q, &a.encode()), Some(a.clone()));
            }
        }

        /// A scale answer is accepted exactly inside the bounds.
        #[test]
        fn scale_bounds(n in -5i32..15) {
            let q = question("scale", "Q", "", "1", "5", true).unwrap();
            let r = answers(std::slice::from_ref(&q), &[vec![n.to_string()]]);
            prop_assert_eq!(r.is_ok(), (1..=5).contains(&n));
        }
    }
}
