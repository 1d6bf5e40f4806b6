//! The demo's finished conference of an earlier cycle: the XIII municipal conference
//! of Pará de Minas (2023) with its people present, deliberations by eixo and level, elected
//! delegates, a moção, its final report confirmed by two commission members, submitted and
//! accepted by the state conference of Minas Gerais (2023), whose pool then holds the
//! deliberations addressed to the state and the Union. A newcomer sees every output of the
//! report issue on it. Three neighbouring municipalities ([`neighbours`]) sent and had accepted
//! their reports too, with deliberations close to Pará de Minas's and to each other's, so the
//! state's systematization has near-duplicates to group. All people are invented.
//!
//! The raw data is written in one exclusive transaction (checked again inside, like
//! `demo::seed`); the submission and the acceptance go through `app::reporting::report`'s use cases, so
//! the demo's report, carried delegates and received deliberations are what the product makes.

mod evaluation;
mod finished;
mod followup;
mod neighbours;
mod outcomes;
mod people;

pub use finished::finished_conference;
pub use neighbours::{NEIGHBOURS, neighbours};

use crate::demo::rows::{sao_paulo, slug_exists};
use crate::platform::auth::Me;
use domain::policy::{Actor, Grant, Role};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{account, conference, report_signoff};
use store::{Db, Result};
use uuid::Uuid;

pub const HISTORY_SLUG: &str = "para-de-minas-2023";
pub const STATE_SLUG: &str = "minas-gerais-2023";

/// The demo admin as an actor, for the demo's use cases and the benchmarks.
pub async fn admin_for_tools(db: &Db) -> Result<Option<Me>> {
    let Some(a) = account::Entity::find()
        .filter(account::Column::Email.eq("admin@demo.conferencia.local"))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(Me {
        actor: Actor {
            user: a.id.into(),
            grants: vec![Grant {
                role: Role::PlatformAdmin,
                body: None,
                conference: None,
                unit: None,
            }],
        },
        account: a,
    }))
}

/// Seeds the finished 2023 conference, its state conference and the accepted report, unless
/// it exists. The CMAS body of the main demo (`body_id`) runs it.
pub async fn seed(db: &Db, cmas_body: Uuid) -> Result<bool> {
    if slug_exists(&db.conn, HISTORY_SLUG).await? {
        return Ok(false);
    }
    let Some(conf_id) = finished_conference(
        db,
        cmas_body,
        HISTORY_SLUG,
        "XIII Conferência Municipal de Assistência Social de Pará de Minas",
    )
    .await?
    else {
        return Ok(false);
    };
    submit_and_accept(db, conf_id, HISTORY_SLUG).await?;
    followup::followup(db, conf_id).await?;
    Ok(true)
}

/// A practice conference at `slug`: finished, of the demo council, its report not sent yet
/// (`conferencia demo --practice SLUG`). False when `slug` is taken.
pub async fn practice(db: &Db, slug: &str) -> Result<bool> {
    domain::values::Slug::parse(slug).map_err(|e| store::Error::Other(e.message))?;
    crate::demo::seed::seed(db).await?;
    let Some(c) = conference::Entity::find()
        .filter(conference::Column::Slug.eq(crate::demo::seed::DEMO_SLUG))
        .one(&db.conn)
        .await?
    else {
        return Ok(false);
    };
    Ok(finished_conference(
        db,
        c.body_id,
        slug,
        &format!("Conferência de treino ({slug})"),
    )
    .await?
    .is_some())
}

/// The report of `conf_id` (at `slug`): confirmed by the secretariat and the commission,
/// submitted and accepted by the state conference, through the use cases.
async fn submit_and_accept(db: &Db, conf_id: Uuid, slug: &str) -> Result<()> {
    let Some(me) = admin_for_tools(db).await? else {
        return Ok(());
    };
    let c = conference::Entity::find_by_id(conf_id)
        .one(&db.conn)
        .await?
        .ok_or(store::Error::NotFound)?;
    let report = crate::reporting::report::assemble(db, &c, domain::report::Audience::Council)
        .await
        .map_err(|e| store::Error::Other(e.to_string()))?;
    let hash = crate::reporting::report::content_hash(&report);
    let signers = account::Entity::find()
        .filter(account::Column::Email.is_in([
            "secretaria@demo.conferencia.local",
            "comissao@demo.conferencia.local",
        ]))
        .all(&db.conn)
        .await?;
    let tx = db.write().await?;
    for a in &signers {
        report_signoff::Entity::insert(report_signoff::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            account_id: Set(a.id),
            content_hash: Set(hash.clone()),
            confirmed_at: Set(sao_paulo(2023, 7, 12, 10, 0)),
        })
        .exec(&tx)
        .await?;
    }
    tx.commit().await?;
    let fail = |e: crate::Fail| store::Error::Other(e.to_string());
    let id = crate::reporting::report::submit(db, Some(&me), slug, &hash)
        .await
        .map_err(fail)?;
    crate::reporting::report::decide(
        db,
        Some(&me),
        STATE_SLUG,
        &id.to_string(),
        crate::reporting::report::Decision::Accept,
        "Relatório completo, recebido no prazo.",
    )
    .await
    .map_err(fail)?;
    Ok(())
}
