//! Who is asking: the actor behind a session, and the one way use cases check permissions
//! (`allow`), which asks `domain::policy::decide`.

use crate::Fail;
use domain::policy::{Action, Actor, ConferenceScope, Decision, Grant, Role, decide};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use store::Db;
use store::entities::{account, conference};

/// A logged-in person: the account and the actor the policy reasons about.
#[derive(Debug, Clone)]
pub struct Me {
    pub account: account::Model,
    pub actor: Actor,
}

/// The person behind a session token, if the session is valid.
pub async fn me(db: &Db, token: Option<&str>) -> store::Result<Option<Me>> {
    let Some(token) = token else { return Ok(None) };
    let Some((account, grants)) = crate::platform::accounts::current(db, token).await? else {
        return Ok(None);
    };
    let grants = grants
        .iter()
        .filter_map(|g| {
            Some(Grant {
                role: Role::parse(&g.role)?,
                body: g.body_id.map(Into::into),
                conference: g.conference_id.map(Into::into),
                unit: g.unit_id.map(Into::into),
            })
        })
        .collect();
    Ok(Some(Me {
        actor: Actor {
            user: account.id.into(),
            grants,
        },
        account,
    }))
}

/// Allows or refuses `action` for `me`.
pub fn allow(me: Option<&Me>, action: Action) -> Result<(), Fail> {
    match decide(me.map(|m| &m.actor), action) {
        Decision::Allow => Ok(()),
        Decision::NeedsLogin => Err(Fail::NeedsLogin),
        Decision::Forbidden => Err(Fail::Forbidden),
    }
}

/// A conference by slug, with the scope the policy needs.
pub async fn conference_scope(
    db: &Db,
    slug: &str,
) -> Result<(conference::Model, ConferenceScope), Fail> {
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let scope = ConferenceScope {
        body: c.body_id.into(),
        conference: c.id.into(),
    };
    Ok((c, scope))
}

/// The conference behind `slug`, once `action` on it is allowed for `me`: the one call a use case
/// makes before touching a conference (`authorize(db, me, slug, Action::RunPlenary)`).
pub async fn authorize(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    action: impl FnOnce(ConferenceScope) -> Action,
) -> Result<conference::Model, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, action(scope))?;
    Ok(c)
}

/// The conference behind `slug`, for someone who runs its plenary (table staff: groups, final
/// plenary, moções): `Action::RunPlenary` checked.
pub async fn plenary_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<conference::Model, Fail> {
    authorize(db, me, slug, Action::RunPlenary).await
}

/// An id from a path or form; anything unreadable is "not found".
pub fn parse_id(s: &str) -> Result<uuid::Uuid, Fail> {
    uuid::Uuid::parse_str(s.trim()).map_err(|_| Fail::NotFound)
}
