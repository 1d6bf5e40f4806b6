//! The roles people hold: a body's secretariat and the roles of a conference.

use super::bodies::BodyRow;
use super::bodies::body_rows;
use super::people::GrantRow;
use super::people::Granted;
use super::people::PersonInput;
use super::people::Scope;
use super::people::grant;
use super::people::grant_rows;
use super::people::person;
use crate::Fail;
use crate::platform::auth::{Me, allow, authorize};
use domain::policy::{Action, Role};
use domain::{FieldError, Invalid};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use store::Db;
use store::entities::{body, conference, role_grant, unit};
use uuid::Uuid;

/// A body's page for the platform admin: who is its secretariat, which conferences it has.
#[derive(Debug, Clone, Serialize)]
pub struct BodyView {
    pub body: BodyRow,
    pub secretariat: Vec<GrantRow>,
    /// (slug, title)
    pub conferences: Vec<(String, String)>,
}

async fn the_body(db: &Db, id: Uuid) -> Result<body::Model, Fail> {
    body::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)
}

pub async fn body_view(db: &Db, me: Option<&Me>, id: Uuid) -> Result<BodyView, Fail> {
    allow(me, Action::ManageBodyStaff(id.into()))?;
    let b = the_body(db, id).await?;
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(Role::BodySecretariat.code()))
        .filter(role_grant::Column::BodyId.eq(id))
        .all(&db.conn)
        .await?;
    let conferences = conference::Entity::find()
        .filter(conference::Column::BodyId.eq(id))
        .order_by_desc(conference::Column::StartsOn)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|c| (c.slug, c.title))
        .collect();
    Ok(BodyView {
        body: body_rows(db, vec![b]).await?.pop().ok_or(Fail::NotFound)?,
        secretariat: grant_rows(db, grants).await?,
        conferences,
    })
}

/// Gives `i`'s person the secretariat of a body (creating the account when new).
pub async fn grant_secretariat(
    db: &Db,
    me: Option<&Me>,
    public_url: &str,
    body_id: Uuid,
    i: &PersonInput,
) -> Result<Granted, Fail> {
    allow(me, Action::ManageBodyStaff(body_id.into()))?;
    let b = the_body(db, body_id).await?;
    let mut inv = Invalid::default();
    let p = person(db, i, &mut inv).await?;
    let Some(p) = p.filter(|_| inv.is_empty()) else {
        return Err(inv.into());
    };
    let scope = Scope {
        body: b.id,
        conference: None,
        unit: None,
    };
    grant(
        db,
        public_url,
        p,
        Role::BodySecretariat,
        scope,
        None,
        &b.name,
    )
    .await
}

pub async fn revoke_secretariat(
    db: &Db,
    me: Option<&Me>,
    body_id: Uuid,
    grant_id: Uuid,
) -> Result<(), Fail> {
    allow(me, Action::ManageBodyStaff(body_id.into()))?;
    let r = role_grant::Entity::delete_many()
        .filter(role_grant::Column::Id.eq(grant_id))
        .filter(role_grant::Column::BodyId.eq(body_id))
        .filter(role_grant::Column::Role.eq(Role::BodySecretariat.code()))
        .exec(&db.conn)
        .await?;
    if r.rows_affected == 0 {
        return Err(Fail::NotFound);
    }
    Ok(())
}

/// Roles a body secretariat or commission may give on a conference.
pub const CONFERENCE_ROLES: &[Role] = &[
    Role::OrganizingCommission,
    Role::TerritorialArticulator,
    Role::CredentialingStaff,
    Role::Participant,
];

#[derive(Debug, Clone, Serialize)]
pub struct RolesView {
    pub slug: String,
    pub title: String,
    pub grants: Vec<GrantRow>,
    /// (id, "unit — territory") of the conference's units.
    pub units: Vec<(String, String)>,
}

pub async fn conference_roles(db: &Db, me: Option<&Me>, slug: &str) -> Result<RolesView, Fail> {
    let c = authorize(db, me, slug, Action::ManageConferenceRoles).await?;
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?;
    let units = crate::mobilization::shared::units_by_name(&db.conn, c.id)
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), u.name))
        .collect();
    Ok(RolesView {
        grants: grant_rows(db, grants).await?,
        units,
        slug: c.slug,
        title: c.title,
    })
}

/// Gives a conference role (commission, articulator of a unit, credentialing staff, participant).
pub async fn grant_conference_role(
    db: &Db,
    me: Option<&Me>,
    public_url: &str,
    slug: &str,
    i: &PersonInput,
) -> Result<Granted, Fail> {
    let c = authorize(db, me, slug, Action::ManageConferenceRoles).await?;
    let mut inv = Invalid::default();
    let role = match Role::parse(i.role.trim()) {
        Some(r) if CONFERENCE_ROLES.contains(&r) => Some(r),
        _ => {
            inv.push(FieldError::new("role", "Escolha um papel da lista"));
            None
        }
    };
    let uid = i.unit_id.trim();
    let mut unit_id = None;
    match role {
        Some(Role::TerritorialArticulator) => {
            let u = match Uuid::parse_str(uid) {
                Ok(id) => {
                    crate::mobilization::shared::listed_units(c.id)
                        .filter(unit::Column::Id.eq(id))
                        .one(&db.conn)
                        .await?
                }
                Err(_) => None,
            };
            match u {
                Some(u) => unit_id = Some(u.id),
                None => inv.push(FieldError::new(
                    "unit_id",
                    "Escolha a unidade (CRAS, CREAS…) que o(a) articulador(a) acompanha",
                )),
            }
        }
        Some(_) if !uid.is_empty() => inv.push(FieldError::new(
            "unit_id",
            "A unidade só vale para articulador(a) territorial: deixe em branco para este papel",
        )),
        _ => {}
    }
    let act = i.act.trim();
    let act = match role {
        _ if act.is_empty() => None,
        Some(Role::TerritorialArticulator) if act.chars().count() <= 200 => Some(act.to_owned()),
        Some(Role::TerritorialArticulator) => {
            inv.push(FieldError::new(
                "act",
                "O ato de nomeação pode ter até 200 caracteres (por exemplo: Resolução CMAS nº 5/2025)",
            ));
            None
        }
        _ => {
            inv.push(FieldError::new(
                "act",
                "O ato de nomeação só vale para articulador(a) territorial: deixe em branco para este papel",
            ));
            None
        }
    };
    let p = person(db, i, &mut inv).await?;
    let (Some(role), Some(p)) = (role, p) else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let scope = Scope {
        body: c.body_id,
        conference: Some(c.id),
        unit: unit_id,
    };
    grant(db, public_url, p, role, scope, act, &c.title).await
}

pub async fn revoke_conference_role(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    grant_id: Uuid,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ManageConferenceRoles).await?;
    let r = role_grant::Entity::delete_many()
        .filter(role_grant::Column::Id.eq(grant_id))
        .filter(role_grant::Column::ConferenceId.eq(c.id))
        .exec(&db.conn)
        .await?;
    if r.rows_affected == 0 {
        return Err(Fail::NotFound);
    }
    Ok(())
}
