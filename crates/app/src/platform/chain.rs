//! Hash chains and receipts shared by electronic plenary votes (ADR 0011, `ballot_log`) and
//! delegate elections (ADR 0013, `election_log`).
//!
//! A chain is a list of links per vote or poll; each link's hash is the SHA-256 of the previous
//! hash, its sequence number, its kind and its JSON body, so changing, removing or reordering a
//! link breaks every hash after it. Links of kind `ballots` list ballots as
//! `[receipt_hash, what was voted]` sorted by receipt hash; verification compares them with the
//! stored ballots, so a ballot changed in its table is caught too. A secret vote or poll has one
//! `ballots` link, written at closing (its ballots are sealed while it is open, `crate::plenary::seal`). A receipt is a random code shown once to the voter;
//! only its hash, bound to the vote or poll, is stored with the ballot.

use crate::Fail;
use domain::Invalid;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use store::entities::{ballot_log, election_log};
use uuid::Uuid;

/// The "previous hash" of the first link of a conference's first chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(crate) fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// The hash of a link of a chain.
pub fn link_hash(prev: &str, seq: i32, kind: &str, body: &str) -> String {
    sha256_hex(&format!("{prev}\n{seq}\n{kind}\n{body}"))
}

/// A link's stored body and hash.
pub(crate) fn seal(prev: &str, seq: i32, kind: &str, body: &serde_json::Value) -> (String, String) {
    let body = body.to_string();
    let hash = link_hash(prev, seq, kind, &body);
    (body, hash)
}

/// A new receipt code (`XXXX-XXXX-XXXX`), to show once and never store readable.
pub(crate) fn new_receipt_code() -> String {
    domain::participants::certificate_code(rand::random::<[u8; 8]>())
}

/// The stored form of a receipt code: normalized (case and dashes do not matter) and bound to the
/// vote or poll it was given for.
pub(crate) fn receipt_hash(scope: Uuid, code: &str) -> String {
    let norm: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    sha256_hex(&format!("{scope}:{norm}"))
}

/// Refuses, in pt-BR, a code that cannot be a receipt (before looking anything up).
pub(crate) fn well_formed(code: &str) -> Result<(), Fail> {
    if domain::participants::normalize_certificate_code(code).is_none() {
        return Err(Invalid::one(
            "codigo",
            "Digite o código do comprovante como aparece no celular (três grupos de quatro letras e números)",
        )
        .into());
    }
    Ok(())
}

/// A link as stored, whichever table holds it.
pub(crate) struct Stored {
    pub seq: i32,
    pub kind: String,
    pub body: String,
    pub prev_hash: String,
    pub hash: String,
}

/// `From<log::Model> for Stored` for each log table (they share the chain's columns).
macro_rules! stored_from {
    ($($log:ident),+) => {$(
        impl From<$log::Model> for Stored {
            fn from(r: $log::Model) -> Self {
                Stored {
                    seq: r.seq,
                    kind: r.kind,
                    body: r.body,
                    prev_hash: r.prev_hash,
                    hash: r.hash,
                }
            }
        }
    )+};
}

stored_from!(ballot_log, election_log);

/// A link as published.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub seq: i32,
    pub kind: String,
    pub body: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

/// What verifying a chain found.
pub(crate) struct Checked {
    pub links: Vec<Link>,
    /// In pt-BR; empty when the chain holds.
    pub problems: Vec<String>,
    /// The ballots listed in the `ballots` links: receipt hash → what was voted.
    pub ballots: HashMap<String, String>,
}

/// Verifies a chain read in sequence order: numbering, each link pointing at the previous one,
/// each hash against its content, the last hash against the recorded `head`, no receipt twice, and
/// the ballots in the links against the `stored` ballots (receipt hash → what was voted).
pub(crate) fn verify(
    rows: Vec<Stored>,
    head: Option<&str>,
    stored: &HashMap<String, String>,
) -> Checked {
    let mut problems = Vec::new();
    let mut prev: Option<String> = None;
    let mut ballots: HashMap<String, String> = HashMap::new();
    let mut links = Vec::with_capacity(rows.len());
    for (i, r) in rows.into_iter().enumerate() {
        if r.seq != i as i32 {
            problems.push(format!("elo {} fora de ordem", r.seq));
        }
        if let Some(p) = &prev
            && p != &r.prev_hash
        {
            problems.push(format!("elo {} não aponta para o anterior", r.seq));
        }
        if link_hash(&r.prev_hash, r.seq, &r.kind, &r.body) != r.hash {
            problems.push(format!("elo {}: o hash não confere com o conteúdo", r.seq));
        }
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
        if r.kind == "ballots" {
            let mut last: Option<&str> = None;
            for b in body["ballots"].as_array().into_iter().flatten() {
                if let (Some(h), Some(what)) = (b[0].as_str(), b[1].as_str()) {
                    if ballots.insert(h.to_owned(), what.to_owned()).is_some() {
                        problems.push(format!("comprovante repetido no elo {}", r.seq));
                    }
                    // Sorted by receipt hash, so a link never tells the order of arrival.
                    if last.is_some_and(|l| l >= h) {
                        problems.push(format!(
                            "elo {}: os votos não estão em ordem de comprovante",
                            r.seq
                        ));
                    }
                    last = Some(h);
                }
            }
        }
        prev = Some(r.hash.clone());
        links.push(Link {
            seq: r.seq,
            kind: r.kind,
            body,
            prev_hash: r.prev_hash,
            hash: r.hash,
        });
    }
    if prev.as_deref() != head {
        problems.push("o último elo não é o registrado na votação".into());
    }
    if stored != &ballots {
        problems.push("os votos guardados não são os da cadeia".into());
    }
    Checked {
        links,
        problems,
        ballots,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(bodies: &[(&str, serde_json::Value)]) -> Vec<Stored> {
        let mut prev = GENESIS.to_owned();
        let mut out = Vec::new();
        for (i, (kind, body)) in bodies.iter().enumerate() {
            let (body, hash) = seal(&prev, i as i32, kind, body);
            out.push(Stored {
                seq: i as i32,
                kind: (*kind).to_owned(),
                body,
                prev_hash: prev.clone(),
                hash: hash.clone(),
            });
            prev = hash;
        }
        out
    }

    #[test]
    fn a_chain_holds_until_a_link_or_a_ballot_changes() {
        let links = || {
            chain(&[
                ("open", serde_json::json!({"x": 1})),
                (
                    "ballots",
                    serde_json::json!({"ballots": [["h1", "a"], ["h2", "b"]]}),
                ),
                ("close", serde_json::json!({})),
            ])
        };
        let head = links().last().unwrap().hash.clone();
        let stored: HashMap<String, String> = [
            ("h1".to_owned(), "a".to_owned()),
            ("h2".to_owned(), "b".to_owned()),
        ]
        .into();
        let ok = verify(links(), Some(&head), &stored);
        assert!(ok.problems.is_empty(), "{:?}", ok.problems);
        assert_eq!(ok.ballots, stored);

        let mut changed = links();
        changed[1].body = changed[1].body.replace("\"b\"", "\"a\"");
        assert!(!verify(changed, Some(&head), &stored).problems.is_empty());

        let mut other = stored.clone();
        other.insert("h2".into(), "a".into());
        let bad = verify(links(), Some(&head), &other);
        assert_eq!(
            bad.problems,
            vec!["os votos guardados não são os da cadeia"]
        );

        let mut cut = links();
        cut.pop();
        assert!(!verify(cut, Some(&head), &stored).problems.is_empty());
    }

    #[test]
    fn receipts_ignore_case_and_dashes_and_are_bound_to_their_scope() {
        let a = Uuid::now_v7();
        let b = Uuid::now_v7();
        assert_eq!(
            receipt_hash(a, "abcd-efgh-jklm"),
            receipt_hash(a, "ABCDEFGHJKLM")
        );
        assert_ne!(
            receipt_hash(a, "ABCD-EFGH-JKLM"),
            receipt_hash(b, "ABCD-EFGH-JKLM")
        );
        assert!(well_formed(&new_receipt_code()).is_ok());
        assert!(well_formed("123").is_err());
    }
}
