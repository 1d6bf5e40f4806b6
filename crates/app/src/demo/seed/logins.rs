//! The demo's logins: one account per role, with the role granted where it applies.

use super::DEMO_LOGINS;
use crate::demo::rows::account_model;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Result;
use store::entities::{account, role_grant};
use uuid::Uuid;

/// (body, conference, unit) a role is granted on.
type Scope = (Option<Uuid>, Option<Uuid>, Option<Uuid>);

/// Inserts the accounts of [`DEMO_LOGINS`] (with their password hashes, in the same order) and
/// their roles on the demo council `body_id`, conference `conf_id` and unit `cras_centro`.
pub(super) async fn insert_logins(
    tx: &sea_orm::DatabaseTransaction,
    hashes: Vec<String>,
    (body_id, conf_id, cras_centro): (Uuid, Uuid, Option<Uuid>),
    now: DateTime<Utc>,
) -> Result<()> {
    let roles: [(&str, Scope); 4] = [
        ("platform_admin", (None, None, None)),
        ("body_secretariat", (Some(body_id), None, None)),
        (
            "organizing_commission",
            (Some(body_id), Some(conf_id), None),
        ),
        (
            "territorial_articulator",
            (Some(body_id), Some(conf_id), cras_centro),
        ),
    ];
    let names = [
        "Administração (demo)",
        "Secretaria do CMAS (demo)",
        "Comissão organizadora (demo)",
        "Articulador(a) CRAS Centro (demo)",
    ];
    for (i, ((login, _, _), hash)) in DEMO_LOGINS.iter().zip(hashes).enumerate() {
        let aid = Uuid::now_v7();
        account::Entity::insert(account_model(aid, login, names[i], hash, now))
            .exec(tx)
            .await?;
        let (role, (b, c, u)) = roles[i];
        role_grant::Entity::insert(role_grant::ActiveModel {
            id: Set(Uuid::now_v7()),
            account_id: Set(aid),
            role: Set(role.into()),
            body_id: Set(b),
            conference_id: Set(c),
            unit_id: Set(u),
            appointment_act: Set(None),
            created_at: Set(now),
        })
        .exec(tx)
        .await?;
    }
    Ok(())
}
