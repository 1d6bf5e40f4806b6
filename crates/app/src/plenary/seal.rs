//! Sealed ballots of open secret votes and election polls (ADR 0011 and 0013).
//!
//! While a secret vote or poll is open, each ballot is stored in `sealed_ballot` as
//! `lookup = HMAC(K, receipt hash)` and `sealed = XChaCha20-Poly1305(K, receipt hash ‖ choice)`,
//! one length whatever the choice, so the row written next to a voter's participation (same
//! transaction, same `xmin`, neighbouring bytes in the file) tells nothing. `K` is derived from a
//! random salt stored per vote in `ballot_seal` and the servers' root key. At closing the ballots
//! are opened and written readable, sorted by receipt hash, in the closing transaction; the sealed
//! rows and the salt are deleted (on SQLite overwritten with zeros: `secure_delete`), and the WAL
//! is truncated.
//!
//! The root key is an HMAC of the database secret `ballot_seal` (`app_secret`) and, when the
//! operator sets it, `CONFERENCIA_BALLOT_KEY` ([`configure`]), which lives outside the database:
//! with it, nobody holding only the database (a copy, a backup, its WAL, a superuser) can open a
//! sealed ballot even while the vote is open.

use crate::Fail;
use crate::plenary::lookup::delete_where;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use domain::Invalid;
use hmac::{Hmac, Mac};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::OnceLock;
use store::entities::{ballot_seal, sealed_ballot};
use store::{Backend, Db};
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// The name of the database secret mixed into every vote's key.
const DB_SECRET: &str = "ballot_seal";
/// Bytes of the choice field in a sealed ballot (a candidate's UUID as text is the longest).
const WHAT_LEN: usize = 36;
/// Bytes of a receipt hash (SHA-256, hex).
const HASH_LEN: usize = 64;
const NONCE_LEN: usize = 24;

static OPERATOR_KEY: OnceLock<[u8; 32]> = OnceLock::new();

/// Sets the operator's ballot key (`CONFERENCIA_BALLOT_KEY`: any secret of at least 32
/// characters, the same on every instance of a database), once, before serving.
pub fn configure(key: &str) -> Result<(), String> {
    let k = key.trim();
    if k.len() < 32 {
        return Err("CONFERENCIA_BALLOT_KEY must have at least 32 characters".into());
    }
    let d: [u8; 32] = Sha256::digest(k.as_bytes()).into();
    if OPERATOR_KEY.get_or_init(|| d) != &d {
        return Err("CONFERENCIA_BALLOT_KEY was already set to another value".into());
    }
    Ok(())
}

/// Whether an operator key outside the database protects the seals.
pub fn configured() -> bool {
    OPERATOR_KEY.get().is_some()
}

fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut m = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        m.update(&(p.len() as u64).to_be_bytes());
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

/// The servers' root key for sealing ballots.
#[derive(Clone, Copy)]
pub(crate) struct Root([u8; 32]);

/// Reads (creating on first use) the database secret and mixes in the operator's key. Call it
/// outside a write transaction (on SQLite the secret may have to be inserted).
pub(crate) async fn root(db: &Db) -> store::Result<Root> {
    let secret = crate::platform::secrets::bytes32(db, DB_SECRET).await?;
    let operator: &[u8] = match OPERATOR_KEY.get() {
        Some(k) => k,
        None => b"",
    };
    Ok(Root(mac(
        &secret,
        &[b"conferencia/ballot-seal/root/v1", operator],
    )))
}

impl Root {
    fn key(&self, scope: Uuid, salt: &str) -> VoteKey {
        VoteKey(mac(&self.0, &[b"vote", scope.as_bytes(), salt.as_bytes()]))
    }
}

/// The key of one open vote or poll.
pub(crate) struct VoteKey([u8; 32]);

impl VoteKey {
    fn check(&self) -> String {
        hex::encode(&mac(&self.0, &[b"check"])[..16])
    }

    /// Where a receipt's ballot is found while sealed.
    pub(crate) fn lookup(&self, receipt_hash: &str) -> String {
        hex::encode(mac(&self.0, &[b"lookup", receipt_hash.as_bytes()]))
    }

    fn aad(scope: Uuid, lookup: &str) -> Vec<u8> {
        let mut a = scope.as_bytes().to_vec();
        a.extend_from_slice(lookup.as_bytes());
        a
    }

    /// A sealed ballot row: the receipt hash and what was voted (`favor`…, or a candidate id),
    /// padded to one length.
    pub(crate) fn seal(&self, scope: Uuid, receipt_hash: &str, what: &str) -> sealed_ballot::Model {
        debug_assert!(receipt_hash.len() == HASH_LEN && what.len() <= WHAT_LEN);
        let lookup = self.lookup(receipt_hash);
        let mut plain = Vec::with_capacity(HASH_LEN + WHAT_LEN);
        plain.extend_from_slice(receipt_hash.as_bytes());
        plain.extend_from_slice(what.as_bytes());
        plain.resize(HASH_LEN + WHAT_LEN, b' ');
        let nonce: [u8; NONCE_LEN] = rand::random();
        let cipher = XChaCha20Poly1305::new(&self.0.into());
        let ct = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &plain,
                    aad: &Self::aad(scope, &lookup),
                },
            )
            .expect("sealing a ballot cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        sealed_ballot::Model {
            scope_id: scope,
            lookup,
            sealed: hex::encode(out),
        }
    }

    /// (receipt hash, what was voted) of a sealed row, or `None` when it does not open.
    fn open(&self, row: &sealed_ballot::Model) -> Option<(String, String)> {
        let raw = hex::decode(&row.sealed).ok()?;
        if raw.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, ct) = raw.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
        let cipher = XChaCha20Poly1305::new(&self.0.into());
        let plain = cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ct,
                    aad: &Self::aad(row.scope_id, &row.lookup),
                },
            )
            .ok()?;
        if plain.len() != HASH_LEN + WHAT_LEN {
            return None;
        }
        let (h, what) = plain.split_at(HASH_LEN);
        let h = String::from_utf8(h.to_vec()).ok()?;
        let what = String::from_utf8(what.to_vec()).ok()?.trim_end().to_owned();
        (self.lookup(&h) == row.lookup).then_some((h, what))
    }
}

fn wrong_key() -> Fail {
    tracing::error!(
        "this instance's ballot key is not the one that sealed the open vote: start every instance with the same CONFERENCIA_BALLOT_KEY"
    );
    Invalid::one(
        "form",
        "Este servidor não tem a chave das cédulas secretas desta votação (CONFERENCIA_BALLOT_KEY diferente entre as instâncias): nada foi gravado. Avise a equipe técnica",
    )
    .into()
}

/// Starts sealing the ballots of a new secret vote or poll (in its opening transaction).
pub(crate) async fn start(
    tx: &impl ConnectionTrait,
    root: &Root,
    scope: Uuid,
) -> store::Result<()> {
    let salt = hex::encode(rand::random::<[u8; 32]>());
    let key = root.key(scope, &salt);
    ballot_seal::Entity::insert(ballot_seal::ActiveModel {
        scope_id: Set(scope),
        salt: Set(salt),
        key_check: Set(key.check()),
    })
    .exec(tx)
    .await?;
    Ok(())
}

/// The keys of the sealed votes among `scopes` (a vote without a seal row is named, closed, or
/// was opened before sealing existed); `Err(())` for a vote this instance cannot seal for.
pub(crate) async fn keys_of(
    conn: &impl ConnectionTrait,
    root: &Root,
    scopes: &[Uuid],
) -> store::Result<HashMap<Uuid, Result<VoteKey, ()>>> {
    if scopes.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(ballot_seal::Entity::find()
        .filter(ballot_seal::Column::ScopeId.is_in(scopes.to_vec()))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| {
            let k = root.key(s.scope_id, &s.salt);
            (
                s.scope_id,
                if k.check() == s.key_check {
                    Ok(k)
                } else {
                    Err(())
                },
            )
        })
        .collect())
}

/// The key of one sealed vote, `None` when its ballots are not sealed.
pub(crate) async fn key_of(
    conn: &impl ConnectionTrait,
    root: &Root,
    scope: Uuid,
) -> Result<Option<VoteKey>, Fail> {
    match keys_of(conn, root, &[scope]).await?.remove(&scope) {
        None => Ok(None),
        Some(Ok(k)) => Ok(Some(k)),
        Some(Err(())) => Err(wrong_key()),
    }
}

/// A key-check failure, for a vote cast on an instance with another key.
pub(crate) fn refuse_wrong_key() -> Fail {
    wrong_key()
}

/// Writes sealed rows, in lookup (pseudo-random) order.
pub(crate) async fn insert(
    tx: &impl ConnectionTrait,
    mut rows: Vec<sealed_ballot::Model>,
) -> store::Result<()> {
    rows.sort_by(|a, b| a.lookup.cmp(&b.lookup));
    for chunk in rows.chunks(500) {
        sealed_ballot::Entity::insert_many(
            chunk
                .iter()
                .cloned()
                .map(sea_orm::IntoActiveModel::into_active_model),
        )
        .exec(tx)
        .await?;
    }
    Ok(())
}

/// Opens every sealed ballot of a vote or poll: (receipt hash, what was voted) sorted by receipt
/// hash. A row that does not open refuses the closing (nothing is dropped).
pub(crate) async fn open_all(
    tx: &impl ConnectionTrait,
    key: &VoteKey,
    scope: Uuid,
) -> Result<Vec<(String, String)>, Fail> {
    let rows = sealed_ballot::Entity::find()
        .filter(sealed_ballot::Column::ScopeId.eq(scope))
        .all(tx)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        match key.open(r) {
            Some(b) => out.push(b),
            None => {
                tracing::error!(scope = %scope, "a sealed ballot does not open");
                return Err(Invalid::one(
                    "form",
                    "Uma cédula secreta guardada não pôde ser aberta: a votação não foi encerrada. Avise a equipe técnica",
                )
                .into());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Deletes a vote's sealed rows and its salt (at closing, after the ballots were written).
pub(crate) async fn erase(tx: &impl ConnectionTrait, scope: Uuid) -> store::Result<()> {
    delete_where(tx, sealed_ballot::Column::ScopeId, scope).await?;
    delete_where(tx, ballot_seal::Column::ScopeId, scope).await?;
    Ok(())
}

/// What was voted with this receipt hash, while the vote or poll is open (its `status`) and its
/// ballots sealed (`None`: not open, not sealed, or no such ballot).
pub(crate) async fn find(
    db: &Db,
    status: &str,
    scope: Uuid,
    receipt_hash: &str,
) -> Result<Option<String>, Fail> {
    if status != "open" {
        return Ok(None);
    }
    let root = root(db).await?;
    let Some(key) = key_of(&db.conn, &root, scope).await? else {
        return Ok(None);
    };
    let row = sealed_ballot::Entity::find_by_id((scope, key.lookup(receipt_hash)))
        .one(&db.conn)
        .await?;
    Ok(row
        .and_then(|r| key.open(&r))
        .filter(|(h, _)| h == receipt_hash)
        .map(|(_, what)| what))
}

/// How many sealed ballots a vote or poll holds.
pub(crate) async fn count(conn: &impl ConnectionTrait, scope: Uuid) -> store::Result<u64> {
    Ok(sealed_ballot::Entity::find()
        .filter(sealed_ballot::Column::ScopeId.eq(scope))
        .count(conn)
        .await?)
}

/// After a closing committed, on SQLite: checkpoint and truncate the WAL in the background, so
/// the pages that held sealed rows and the salt, and the order of the batches, leave the `-wal`
/// file too (best effort: a long reader may delay it to a later checkpoint).
pub(crate) fn scrub(db: &Db) {
    if db.backend != Backend::Sqlite {
        return;
    }
    let db = db.clone();
    tokio::spawn(async move {
        let r = db
            .conn
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DbBackend::Sqlite,
                "PRAGMA wal_checkpoint(TRUNCATE)",
            ))
            .await;
        match r {
            Ok(Some(row)) if row.try_get_by_index::<i32>(0).unwrap_or(0) != 0 => {
                tracing::warn!("WAL checkpoint after a closing was busy; the next one truncates it")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint after a closing failed"),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_ballot_opens_only_with_its_key_and_has_one_length() {
        let root = Root([7; 32]);
        let scope = Uuid::now_v7();
        let k = root.key(scope, "salt");
        let h = "a".repeat(64);
        let favor = k.seal(scope, &h, "favor");
        let abstain = k.seal(scope, &h, "abstain");
        let cand = k.seal(scope, &h, &Uuid::now_v7().to_string());
        assert_eq!(favor.sealed.len(), abstain.sealed.len());
        assert_eq!(favor.sealed.len(), cand.sealed.len());
        assert_ne!(favor.sealed, abstain.sealed);
        assert_eq!(favor.lookup, k.lookup(&h));
        assert!(!favor.sealed.contains(&h) && !favor.lookup.contains(&h));
        assert_eq!(k.open(&favor), Some((h.clone(), "favor".to_owned())));
        let other = root.key(scope, "another salt");
        assert_eq!(other.open(&favor), None);
        assert_ne!(other.check(), k.check());
        // A row moved to another lookup or vote does not open.
        let mut moved = favor.clone();
        moved.lookup = k.lookup(&"b".repeat(64));
        assert_eq!(k.open(&moved), None);
        let mut moved = favor;
        moved.scope_id = Uuid::now_v7();
        assert_eq!(k.open(&moved), None);
    }
}
