//! Engagement ranking of the units ("gamificação"): a score per unit from the
//! counts the commission confirmed, each multiplied by the weight the commission set. Pure rules:
//! the weights' validation, the score, and the ranking with shared places for ties.

use crate::{FieldError, Invalid};
use serde::{Deserialize, Serialize};

/// What is counted, in the order the pages show it: (code, label).
pub const METRICS: [(&str, &str); 5] = [
    ("people", "Pessoas mobilizadas nas reuniões"),
    ("questionnaires", "Questionários coletados"),
    ("proposals", "Propostas levantadas"),
    ("meetings", "Reuniões realizadas"),
    ("media", "Fotos, atas e vídeos enviados"),
];

/// Largest weight per item.
pub const MAX_WEIGHT: i32 = 100;

/// One number per metric, in [`METRICS`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts(pub [i64; 5]);

impl Counts {
    pub fn get(&self, i: usize) -> i64 {
        self.0[i]
    }
}

/// The commission's weights (points per item), in [`METRICS`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights(pub [i32; 5]);

impl Default for Weights {
    /// One point per person, five per questionnaire... a starting point the commission changes.
    fn default() -> Self {
        Weights([1, 2, 5, 10, 3])
    }
}

/// Checks the weights typed in the form (whole numbers from 0 to [`MAX_WEIGHT`]); every problem
/// at once, per field (named after the metric's code).
pub fn weights(raw: &[String; 5]) -> Result<Weights, Invalid> {
    let mut out = [0; 5];
    let mut inv = Invalid::default();
    for (k, ((code, label), v)) in METRICS.iter().zip(raw).enumerate() {
        match v.trim().parse::<i32>() {
            Ok(n) if (0..=MAX_WEIGHT).contains(&n) => out[k] = n,
            _ => inv.push(FieldError::new(
                *code,
                format!("Peso de “{label}”: informe um número inteiro de 0 a {MAX_WEIGHT}"),
            )),
        }
    }
    inv.into_result().map(|()| Weights(out))
}

/// The score of confirmed counts.
pub fn score(w: &Weights, c: &Counts) -> i64 {
    w.0.iter().zip(c.0).map(|(w, n)| *w as i64 * n).sum()
}

/// Ranks `items` (key, score) from the highest score; equal scores share a place ("1, 2, 2, 4")
/// and, within it, keep the order given (the caller gives them by name). Returns (key, score,
/// place from 1).
pub fn rank<K: Clone>(items: &[(K, i64)]) -> Vec<(K, i64, u32)> {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    idx.sort_by(|a, b| items[*b].1.cmp(&items[*a].1).then(a.cmp(b)));
    let mut out: Vec<(K, i64, u32)> = Vec::with_capacity(items.len());
    for (pos, i) in idx.iter().enumerate() {
        let (k, s) = &items[*i];
        let place = match out.last() {
            Some((_, prev, p)) if prev == s => *p,
            _ => pos as u32 + 1,
        };
        out.push((k.clone(), *s, place));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn score_is_the_weighted_sum() {
        let w = Weights([1, 2, 5, 10, 3]);
        assert_eq!(score(&w, &Counts([30, 4, 2, 1, 3])), 30 + 8 + 10 + 10 + 9);
        assert_eq!(score(&Weights([0; 5]), &Counts([9; 5])), 0);
    }

    #[test]
    fn weights_are_whole_numbers_in_range() {
        let ok = weights(&[
            "1".into(),
            " 0 ".into(),
            "100".into(),
            "7".into(),
            "2".into(),
        ])
        .unwrap();
        assert_eq!(ok, Weights([1, 0, 100, 7, 2]));
        let e = weights(&[
            "-1".into(),
            "x".into(),
            "101".into(),
            "".into(),
            "2.5".into(),
        ])
        .unwrap_err();
        assert_eq!(e.0.len(), 5);
        assert!(e.message_for("people").unwrap().contains("0 a 100"));
    }

    #[test]
    fn ties_share_a_place() {
        let r = rank(&[("a", 10), ("b", 30), ("c", 10), ("d", 5)]);
        assert_eq!(
            r,
            vec![("b", 30, 1), ("a", 10, 2), ("c", 10, 2), ("d", 5, 4)]
        );
    }

    proptest! {
        #[test]
        fn ranking_is_ordered_and_places_are_consistent(scores in proptest::collection::vec(0i64..50, 0..60)) {
            let items: Vec<(usize, i64)> = scores.iter().copied().enumerate().collect();
            let r = rank(&items);
            prop_assert_eq!(r.len(), items.len());
            for (pos, w) in r.windows(2).enumerate() {
                prop_assert!(w[0].1 >= w[1].1);
                if w[0].1 == w[1].1 {
                    prop_assert_eq!(w[0].2, w[1].2);
                    prop_assert!(w[0].0 < w[1].0);
                } else {
                    prop_assert_eq!(w[1].2 as usize, pos + 2);
                }
            }
            if let Some(first) = r.first() { prop_assert_eq!(first.2, 1); }
        }
    }
}
