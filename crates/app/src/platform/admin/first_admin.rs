//! The first administrator of a new installation (and any later one added from the server).
//!
//! A fresh database has no account, so no page can grant the platform administration: whoever
//! runs the server creates it with `conferencia admin create --name … --email …`, which prints a
//! one-time link (valid [`INVITE_TTL_DAYS`] days) where that person chooses the password. The
//! command needs access to the server's database, which is what makes it safe: a web form that
//! made the first visitor the administrator would hand the platform to whoever arrived first.

use super::{INVITE_TTL_DAYS, or_conflict};
use crate::Fail;
use chrono::{Duration, Utc};
use domain::policy::Role;
use domain::values::{Email, required};
use domain::{FieldError, Invalid};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::Db;
use store::entities::{account, role_grant};
use uuid::Uuid;

/// What `create_admin` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminCreated {
    /// A new account: the link where the person chooses the password (one use).
    Invited { link: String },
    /// The account existed and now administers the platform; it keeps its password.
    Promoted,
    /// The account already administered the platform: nothing changed.
    AlreadyAdmin,
}

/// Whether some active account administers the platform.
pub async fn has_admin(db: &Db) -> Result<bool, Fail> {
    let admins: Vec<Uuid> = role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(Role::PlatformAdmin.code()))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|g| g.account_id)
        .collect();
    if admins.is_empty() {
        return Ok(false);
    }
    Ok(account::Entity::find()
        .filter(account::Column::Id.is_in(admins))
        .filter(account::Column::Disabled.eq(false))
        .count(&db.conn)
        .await?
        > 0)
}

/// Makes the person with `email` an administrator of the platform, creating the account (with
/// a link to choose the password) when there is none. Run from the server's command line only:
/// no page calls it. Nothing is written when a field is invalid.
pub async fn create_admin(
    db: &Db,
    public_url: &str,
    name: &str,
    email: &str,
) -> Result<AdminCreated, Fail> {
    let mut inv = Invalid::default();
    let email = inv.take(Email::parse(email));
    let found = match &email {
        Some(e) => {
            account::Entity::find()
                .filter(account::Column::Email.eq(e.as_str()))
                .one(&db.conn)
                .await?
        }
        None => None,
    };
    let name = match &found {
        Some(_) => None,
        None => inv.take(required(
            "name",
            "o nome completo de quem vai administrar a plataforma",
            name,
            150,
        )),
    };
    if let Some(a) = &found
        && a.disabled
    {
        inv.push(FieldError::new(
            "email",
            "Esta conta está desativada: escolha outro e-mail",
        ));
    }
    inv.into_result()?;
    let email = email.expect("validated above");
    let tx = db.write().await?;
    let (account_id, outcome) = match found {
        Some(a) => {
            let already = role_grant::Entity::find()
                .filter(role_grant::Column::AccountId.eq(a.id))
                .filter(role_grant::Column::Role.eq(Role::PlatformAdmin.code()))
                .count(&tx)
                .await?
                > 0;
            if already {
                return Ok(AdminCreated::AlreadyAdmin);
            }
            (a.id, AdminCreated::Promoted)
        }
        None => {
            let id = Uuid::now_v7();
            let name = name.expect("validated above");
            super::people::insert_account(
                &tx,
                id,
                Some(email.as_str()),
                None,
                &name,
                "!invited",
                false,
            )
            .await?;
            let token = crate::platform::accounts::issue_reset_token(
                &tx,
                id,
                Duration::days(INVITE_TTL_DAYS),
            )
            .await?;
            let link = format!(
                "{}/senha/nova?token={token}",
                public_url.trim_end_matches('/')
            );
            (id, AdminCreated::Invited { link })
        }
    };
    let r = role_grant::Entity::insert(role_grant::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(account_id),
        role: Set(Role::PlatformAdmin.code().into()),
        body_id: Set(None),
        conference_id: Set(None),
        unit_id: Set(None),
        appointment_act: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await;
    or_conflict(r, || {
        Invalid::one(
            "email",
            "Esta pessoa acabou de receber o papel: rode de novo",
        )
    })?;
    tx.commit().await?;
    Ok(outcome)
}
