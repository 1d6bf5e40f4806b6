//! Signed badge tokens: what the QR on a badge holds. A token is
//! `base64url(version byte ‖ registration id (16 bytes) ‖ HMAC-SHA256 truncated to 16 bytes)`,
//! keyed by the instance-wide secret `badge_hmac` in `app_secret` (ADR 0005). It holds no CPF, no
//! name, nothing personal: only the registration's random id and a tag that cannot be forged
//! without the key. Whether the registration may still be used (not cancelled or anonymized) is
//! checked where the token is used ([`registration_for_token`]).

use crate::Fail;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sea_orm::EntityTrait;
use sha2::Sha256;
use store::Db;
use store::entities::registration;
use store::entities::registration::RegistrationStatus;
use uuid::Uuid;

/// The `app_secret` row holding the badge key (64 hex digits).
pub const BADGE_KEY_NAME: &str = "badge_hmac";
const VERSION: u8 = 1;
const TAG_LEN: usize = 16;
const TOKEN_BYTES: usize = 1 + 16 + TAG_LEN;

/// The key that signs badge tokens.
#[derive(Clone)]
pub struct BadgeKey([u8; 32]);

impl std::fmt::Debug for BadgeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BadgeKey(…)")
    }
}

/// Why a token was refused. The messages are shown at the credentialing desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error(
        "Este QR não é de um crachá desta plataforma ou está danificado. Digite o código de inscrição impresso no crachá."
    )]
    Garbled,
    #[error(
        "Este QR não foi emitido por esta plataforma (assinatura inválida). Confira o documento da pessoa e digite o código de inscrição."
    )]
    Forged,
    #[error(
        "Esta inscrição foi cancelada ou anonimizada; o crachá não vale mais. Procure a secretaria."
    )]
    Revoked,
}

impl BadgeKey {
    pub fn from_bytes(b: [u8; 32]) -> Self {
        Self(b)
    }

    fn tag(&self, version: u8, id: &[u8; 16]) -> [u8; TAG_LEN] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("any key length");
        mac.update(b"conferencia badge");
        mac.update(&[version]);
        mac.update(id);
        let full = mac.finalize().into_bytes();
        let mut t = [0u8; TAG_LEN];
        t.copy_from_slice(&full[..TAG_LEN]);
        t
    }

    /// HMAC-SHA256 of `parts` under this key, with `purpose` as domain separation, for other
    /// short signed values (the self-service access of `crate::participants::my_data`).
    pub(crate) fn mac(&self, purpose: &[u8], parts: &[&[u8]]) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("any key length");
        mac.update(purpose);
        for p in parts {
            mac.update(p);
        }
        mac
    }

    /// The token for a registration id.
    pub fn sign(&self, registration: Uuid) -> String {
        let id = *registration.as_bytes();
        let mut raw = Vec::with_capacity(TOKEN_BYTES);
        raw.push(VERSION);
        raw.extend_from_slice(&id);
        raw.extend_from_slice(&self.tag(VERSION, &id));
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// The registration id inside a token, if the token was signed with this key.
    pub fn verify(&self, token: &str) -> Result<Uuid, TokenError> {
        let t = token.trim();
        if t.len() > 64 {
            return Err(TokenError::Garbled);
        }
        let raw = URL_SAFE_NO_PAD.decode(t).map_err(|_| TokenError::Garbled)?;
        if raw.len() != TOKEN_BYTES || raw[0] != VERSION {
            return Err(TokenError::Garbled);
        }
        let mut id = [0u8; 16];
        id.copy_from_slice(&raw[1..17]);
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("any key length");
        mac.update(b"conferencia badge");
        mac.update(&[VERSION]);
        mac.update(&id);
        // Constant-time comparison of the truncated tag.
        mac.verify_truncated_left(&raw[17..])
            .map_err(|_| TokenError::Forged)?;
        Ok(Uuid::from_bytes(id))
    }
}

/// The instance's badge key: read from `app_secret`, created on first use. Several instances on
/// one database agree: the row is inserted only if absent (`ON CONFLICT DO NOTHING`) and then
/// read back, so whichever instance wrote first decides the key for all.
pub async fn badge_key(db: &Db) -> store::Result<BadgeKey> {
    Ok(BadgeKey(
        crate::platform::secrets::bytes32(db, BADGE_KEY_NAME).await?,
    ))
}

/// The token printed on a registration's badge.
pub async fn token_for(db: &Db, registration: Uuid) -> store::Result<String> {
    Ok(badge_key(db).await?.sign(registration))
}

/// The registration id in a token (signature checked; not whether it is still active).
pub async fn verify(db: &Db, token: &str) -> Result<Result<Uuid, TokenError>, Fail> {
    Ok(badge_key(db).await?.verify(token))
}

/// The active registration a scanned token stands for, in `conference_id`. Cancelled or
/// anonymized registrations are refused with [`TokenError::Revoked`]; a token of another
/// conference counts as forged here (it was not issued for this desk).
pub async fn registration_for_token(
    db: &Db,
    conference_id: Uuid,
    token: &str,
) -> Result<Result<registration::Model, TokenError>, Fail> {
    let id = match verify(db, token).await? {
        Ok(id) => id,
        Err(e) => return Ok(Err(e)),
    };
    let Some(r) = registration::Entity::find_by_id(id).one(&db.conn).await? else {
        return Ok(Err(TokenError::Revoked));
    };
    if r.conference_id != conference_id {
        return Ok(Err(TokenError::Forged));
    }
    if r.status != RegistrationStatus::Active {
        return Ok(Err(TokenError::Revoked));
    }
    Ok(Ok(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let k = BadgeKey([7; 32]);
        let id = Uuid::now_v7();
        let t = k.sign(id);
        assert_eq!(t.len(), 44);
        assert_eq!(k.verify(&t), Ok(id));
        let mut bytes = t.into_bytes();
        let last = bytes.len() - 3;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        assert_eq!(k.verify(&tampered), Err(TokenError::Forged));
        assert_eq!(k.verify("não é token"), Err(TokenError::Garbled));
        assert_eq!(
            BadgeKey([8; 32]).verify(&k.sign(id)),
            Err(TokenError::Forged),
            "another instance's key does not verify"
        );
    }
}
