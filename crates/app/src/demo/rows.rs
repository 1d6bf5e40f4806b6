//! Rows the demo writes in more than one place (councils, eixos, stages, accounts), the fields
//! every new conference, stage and proposal starts with, and the demo's dates and times.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use store::Result;
use store::entities::{account, body, conference, eixo, federative_entity as fe, proposal, stage};
use uuid::Uuid;

/// A date of the demo's calendar.
pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid demo date")
}

/// A time in the demo's time zone (São Paulo), as UTC.
pub(super) fn sao_paulo(y: i32, m: u32, day: u32, h: u32, mi: u32) -> DateTime<Utc> {
    chrono_tz::America::Sao_Paulo
        .with_ymd_and_hms(y, m, day, h, mi, 0)
        .single()
        .expect("demo time")
        .with_timezone(&Utc)
}

/// The day `now` falls on in the demo's time zone (São Paulo): the demo's conference day.
pub fn sao_paulo_day(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive()
}

/// `days` after `day` (before it when negative) at `h:mi` in São Paulo, as UTC: the demo's
/// calendar is laid out around its conference day.
pub(super) fn around(day: NaiveDate, days: i64, h: u32, mi: u32) -> DateTime<Utc> {
    use chrono::Datelike;
    let d = day + chrono::Duration::days(days);
    sao_paulo(d.year(), d.month(), d.day(), h, mi)
}

/// Whether a conference with this slug exists.
pub(super) async fn slug_exists(c: &impl ConnectionTrait, slug: &str) -> Result<bool> {
    Ok(conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .count(c)
        .await?
        > 0)
}

/// The Minas Gerais state council (CEAS-MG), inserted the first time it is needed; its id.
pub(super) async fn ceas_mg(tx: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Uuid> {
    let mg = fe::Entity::find()
        .filter(fe::Column::Kind.eq("uf"))
        .filter(fe::Column::Uf.eq("MG"))
        .one(tx)
        .await?
        .ok_or(store::Error::NotFound)?;
    let found = body::Entity::find()
        .filter(body::Column::Kind.eq("ceas"))
        .filter(body::Column::EntityId.eq(mg.id))
        .one(tx)
        .await?;
    match found {
        Some(b) => Ok(b.id),
        None => {
            insert_body(
                tx,
                (
                    "ceas",
                    "Conselho Estadual de Assistência Social de Minas Gerais",
                    "CEAS-MG",
                ),
                mg.id,
                now,
            )
            .await
        }
    }
}

/// Inserts a council (`kind` "cmas", "ceas"…) of a federative entity; returns its id.
pub(super) async fn insert_body(
    tx: &impl ConnectionTrait,
    (kind, name, acronym): (&str, &str, &str),
    entity_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    body::Entity::insert(body::ActiveModel {
        id: Set(id),
        kind: Set(kind.into()),
        name: Set(name.into()),
        acronym: Set(acronym.into()),
        entity_id: Set(Some(entity_id)),
        region_id: Set(None),
        created_at: Set(now),
    })
    .exec(tx)
    .await?;
    Ok(id)
}

/// Where a new conference's defaults live (the commission's form uses them too).
pub use crate::setup::conference::conference_defaults;

/// Inserts the eixos of a conference, numbered from 1 in this order; returns their ids.
pub(super) async fn insert_eixos(
    tx: &impl ConnectionTrait,
    conference_id: Uuid,
    titles: &[&str],
) -> Result<Vec<Uuid>> {
    let mut ids = Vec::with_capacity(titles.len());
    for (i, t) in titles.iter().enumerate() {
        let id = Uuid::now_v7();
        eixo::Entity::insert(eixo::ActiveModel {
            id: Set(id),
            conference_id: Set(conference_id),
            number: Set(i as i32 + 1),
            title: Set((*t).into()),
            description: Set(None),
        })
        .exec(tx)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// A stage of the calendar, neither cancelled nor set by the units, without place or link.
pub fn stage_model(
    id: Uuid,
    conference_id: Uuid,
    (kind, title): (&str, &str),
    (starts, ends): (DateTime<Utc>, Option<DateTime<Utc>>),
    now: DateTime<Utc>,
) -> stage::ActiveModel {
    stage::ActiveModel {
        id: Set(id),
        conference_id: Set(conference_id),
        kind: Set(kind.into()),
        title: Set(title.into()),
        description: Set(None),
        starts_at: Set(starts),
        ends_at: Set(ends),
        place: Set(None),
        online_url: Set(None),
        set_by_units: Set(false),
        cancelled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// An enabled account whose password needs no change; a `login` with '@' is its e-mail,
/// any other its username.
pub(super) fn account_model(
    id: Uuid,
    login: &str,
    display_name: &str,
    password_hash: String,
    now: DateTime<Utc>,
) -> account::ActiveModel {
    let is_email = login.contains('@');
    account::ActiveModel {
        id: Set(id),
        email: Set(is_email.then(|| login.into())),
        username: Set((!is_email).then(|| login.into())),
        display_name: Set(display_name.into()),
        password_hash: Set(password_hash),
        disabled: Set(false),
        must_change_password: Set(false),
        created_at: Set(now),
    }
}

/// The fields a new proposal starts with: not merged, without votes, final text or priority;
/// the caller sets the rest.
pub fn proposal_defaults(now: DateTime<Utc>) -> proposal::ActiveModel {
    proposal::ActiveModel {
        merged_into: Set(None),
        group_favor: Set(None),
        group_against: Set(None),
        group_abstain: Set(None),
        group_present: Set(None),
        final_text: Set(None),
        plenary_vote_id: Set(None),
        priority_paper: Set(None),
        priority_rank: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}
