//! The demo's state conference of the 2025 cycle and its orientation (ADR 0036): the XV state
//! conference of Minas Gerais (`minas-gerais-2025`, of CEAS-MG) becomes the parent of the main
//! demo, with a published orientation whose seat table has the same numbers as the sample table
//! (so the demo's elections keep their seats, now labelled as the state's table), a report
//! deadline 30 days after the demo's conference day, two extra report questions and the 2025
//! eixos; and a login for the state's commission ([`DEMO_STATE_LOGIN`]).

use super::{DEMO_SLUG, EIXOS_2025};
use crate::demo::rows::{
    account_model, conference_defaults, insert_eixos, sao_paulo_day, slug_exists,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{account, conference, role_grant, state_orientation};
use store::{Db, Result};
use uuid::Uuid;

pub const STATE_2025_SLUG: &str = "minas-gerais-2025";

/// The state commission's demo login: (login, password, what it can do).
pub const DEMO_STATE_LOGIN: (&str, &str, &str) = (
    "ceas@demo.conferencia.local",
    "demo-ceas-2025",
    "comissão organizadora da conferência estadual (CEAS-MG)",
);

/// The extra report questions of the demo's orientation.
pub const DEMO_QUESTIONS: [&str; 2] = [
    "Quantas pessoas participaram das pré-conferências, somando todos os territórios?",
    "Quais dificuldades de acesso aos serviços do SUAS as pré-conferências mais relataram?",
];

/// Seeds the state conference of 2025 with its orientation and login, and links the main demo
/// to it, unless the state conference exists. Returns whether it seeded.
pub async fn seed(db: &Db, now: DateTime<Utc>) -> Result<bool> {
    let hash = crate::platform::passwords::hash(DEMO_STATE_LOGIN.1).await?;
    let tx = db.write_exclusive().await?;
    if slug_exists(&tx, STATE_2025_SLUG).await? {
        return Ok(false);
    }
    let Some(demo) = conference::Entity::find()
        .filter(conference::Column::Slug.eq(DEMO_SLUG))
        .one(&tx)
        .await?
    else {
        return Ok(false);
    };
    let ceas = crate::demo::rows::ceas_mg(&tx, now).await?;
    let day = sao_paulo_day(now);
    let state_id = Uuid::now_v7();
    let title = "XV Conferência Estadual de Assistência Social de Minas Gerais";
    conference::Entity::insert(conference::ActiveModel {
        id: Set(state_id),
        body_id: Set(ceas),
        slug: Set(STATE_2025_SLUG.into()),
        level: Set("estadual".into()),
        edition: Set(15),
        title: Set(title.into()),
        cycle_year: Set(2025),
        theme: Set(demo.theme.clone()),
        lema: Set(None),
        process_starts_on: Set(day - chrono::Duration::days(120)),
        process_ends_on: Set(day + chrono::Duration::days(90)),
        starts_on: Set(day + chrono::Duration::days(70)),
        ends_on: Set(day + chrono::Duration::days(72)),
        venue: Set(Some("Expominas".into())),
        venue_address: Set(Some(
            "Av. Amazonas, 6200, Gameleira, Belo Horizonte/MG".into(),
        )),
        format: Set("presencial".into()),
        time_zone: Set("America/Sao_Paulo".into()),
        parent_id: Set(None),
        place_name: Set("Minas Gerais".into()),
        search_key: Set(domain::text::search_key(&format!("Minas Gerais {title}"))),
        ..conference_defaults(now)
    })
    .exec(&tx)
    .await?;
    insert_eixos(&tx, state_id, EIXOS_2025).await?;
    if demo.parent_id.is_none() {
        conference::Entity::update_many()
            .col_expr(conference::Column::ParentId, Some(state_id).into())
            .filter(conference::Column::Id.eq(demo.id))
            .exec(&tx)
            .await?;
    }
    let json = |r: serde_json::Result<String>| r.map_err(|e| store::Error::Other(e.to_string()));
    state_orientation::Entity::insert(state_orientation::ActiveModel {
        conference_id: Set(state_id),
        seat_table: Set(json(serde_json::to_string(
            &domain::orientation::sample_table(),
        ))?),
        report_deadline: Set(day + chrono::Duration::days(30)),
        questions: Set(json(serde_json::to_string(&DEMO_QUESTIONS))?),
        published_by: Set(None),
        published_at: Set(now - chrono::Duration::days(40)),
    })
    .exec(&tx)
    .await?;
    let aid = Uuid::now_v7();
    account::Entity::insert(account_model(
        aid,
        DEMO_STATE_LOGIN.0,
        "Comissão da conferência estadual (demo)",
        hash,
        now,
    ))
    .exec(&tx)
    .await?;
    role_grant::Entity::insert(role_grant::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(aid),
        role: Set("organizing_commission".into()),
        body_id: Set(Some(ceas)),
        conference_id: Set(Some(state_id)),
        unit_id: Set(None),
        appointment_act: Set(None),
        created_at: Set(now),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}
