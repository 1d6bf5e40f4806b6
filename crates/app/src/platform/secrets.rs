//! The installation's secrets (table `app_secret`): 32 random bytes per name, stored as 64 hex
//! digits, created on first use. Several instances on one database may ask at the same moment:
//! the insert does nothing on conflict and everyone reads back the row that won, so all share
//! one value (ADR 0005). Used for the badge HMAC key, the package signing key and, mixed with the
//! operator's `CONFERENCIA_BALLOT_KEY`, the root of the secret-ballot seals (`crate::plenary::seal`). They
//! are in the database: whoever holds the database holds them.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Db;
use store::entities::app_secret;

/// The 32-byte secret called `name`, created if missing.
pub async fn bytes32(db: &Db, name: &str) -> store::Result<[u8; 32]> {
    if let Some(k) = read(db, name).await? {
        return Ok(k);
    }
    let fresh: [u8; 32] = rand::random();
    app_secret::Entity::insert(app_secret::ActiveModel {
        name: Set(name.into()),
        value: Set(hex::encode(fresh)),
        created_at: Set(Utc::now()),
    })
    .on_conflict_do_nothing()
    .exec(&db.conn)
    .await?;
    read(db, name)
        .await?
        .ok_or_else(|| store::Error::Other(format!("secret {name} missing after insert")))
}

async fn read(db: &Db, name: &str) -> store::Result<Option<[u8; 32]>> {
    let Some(row) = app_secret::Entity::find_by_id(name.to_owned())
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    hex::decode(row.value.trim())
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .map(Some)
        .ok_or_else(|| store::Error::Other(format!("secret {name} is not 32 bytes of hex")))
}
