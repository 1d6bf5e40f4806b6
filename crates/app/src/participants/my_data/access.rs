//! The signed access token the page carries after the proof.

use super::*;

const ACCESS_PURPOSE: &[u8] = b"conferencia self-service access v1";
const ACCESS_TAG: usize = 16;

pub(super) async fn sign_access(
    db: &Db,
    conference: Uuid,
    registration: Uuid,
) -> store::Result<String> {
    let key = crate::platform::tokens::badge_key(db).await?;
    let exp = (Utc::now() + Duration::minutes(ACCESS_TTL_MIN)).timestamp();
    let tag = key
        .mac(
            ACCESS_PURPOSE,
            &[
                conference.as_bytes(),
                registration.as_bytes(),
                &exp.to_be_bytes(),
            ],
        )
        .finalize()
        .into_bytes();
    let mut raw = Vec::with_capacity(16 + 8 + ACCESS_TAG);
    raw.extend_from_slice(registration.as_bytes());
    raw.extend_from_slice(&exp.to_be_bytes());
    raw.extend_from_slice(&tag[..ACCESS_TAG]);
    Ok(URL_SAFE_NO_PAD.encode(raw))
}

/// The registration an access token stands for, if it is genuine, for this conference, unexpired,
/// and the registration is not anonymized.
pub(crate) async fn open_access(
    db: &Db,
    c: &conference::Model,
    token: &str,
) -> Result<registration::Model, Fail> {
    let expired = || Fail::Invalid(Invalid::one("form", EXPIRED));
    let t = token.trim();
    if t.len() > 80 {
        return Err(expired());
    }
    let raw = URL_SAFE_NO_PAD.decode(t).map_err(|_| expired())?;
    if raw.len() != 16 + 8 + ACCESS_TAG {
        return Err(expired());
    }
    let id = Uuid::from_slice(&raw[..16]).map_err(|_| expired())?;
    let exp = i64::from_be_bytes(raw[16..24].try_into().map_err(|_| expired())?);
    let key = crate::platform::tokens::badge_key(db).await?;
    key.mac(
        ACCESS_PURPOSE,
        &[c.id.as_bytes(), id.as_bytes(), &exp.to_be_bytes()],
    )
    .verify_truncated_left(&raw[24..])
    .map_err(|_| expired())?;
    if exp < Utc::now().timestamp() {
        return Err(expired());
    }
    registration::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .filter(|r| r.conference_id == c.id && r.status != RegistrationStatus::Anonymized)
        .ok_or_else(expired)
}

/// The person's data again, from an access token (the download; the page after a request).
pub async fn view(db: &Db, slug: &str, access: &str) -> Result<MyData, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = open_access(db, &c, access).await?;
    Ok(gather(db, &c, &r).await?)
}
