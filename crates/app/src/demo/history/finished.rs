//! The finished conference of the 2023 cycle and its state conference: councils, conferences,
//! eixos and calendar; the rest of what happened in it comes from the sibling modules.

use super::outcomes::Deliberation;
use super::{STATE_SLUG, evaluation, outcomes, people};
use crate::demo::rows::{
    conference_defaults, d, insert_eixos, sao_paulo as at, slug_exists, stage_model,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{conference, report_draft, stage};
use store::{Db, Result};
use uuid::Uuid;

const EIXOS_2023: &[&str] = &[
    "Financiamento",
    "Controle social",
    "Articulação entre os segmentos",
    "Serviços, programas e projetos",
    "Benefício e transferência de renda",
];
const THEME_2023: &str = "Reconstrução do SUAS: O SUAS que temos e o SUAS que queremos";
const LEMA_2023: &str =
    "Assistência Social é direito inalienável do cidadão e dever intransferível do Estado";

/// A municipality's finished conference of the 2023 cycle, as the demo writes it.
pub(super) struct Town<'a> {
    /// Its council (CMAS).
    pub cmas_body: Uuid,
    pub slug: &'a str,
    pub title: &'a str,
    pub edition: i32,
    /// The municipality's name ("Pará de Minas").
    pub city: &'a str,
    /// What it approved: (eixo number, level, text, origin).
    pub deliberations: &'a [Deliberation],
    /// Its people's surnames (none: the invented people of Pará de Minas).
    pub surnames: &'a [&'a str],
}

/// Writes a finished municipal conference of the 2023 cycle of Pará de Minas (people present,
/// deliberations, elected delegates, a moção, the commission's part of the report) under
/// `slug`, child of the state conference `STATE_SLUG` (created if missing), in one
/// transaction. `None` when `slug` exists already. Tests use it for conferences whose report is
/// not sent yet.
pub async fn finished_conference(
    db: &Db,
    cmas_body: Uuid,
    slug: &str,
    title: &str,
) -> Result<Option<Uuid>> {
    finished_town(
        db,
        &Town {
            cmas_body,
            slug,
            title,
            edition: 13,
            city: "Pará de Minas",
            deliberations: outcomes::DELIBERATIONS,
            surnames: &[],
        },
    )
    .await
}

/// Writes the finished 2023 conference of `town` (see [`finished_conference`]).
pub(super) async fn finished_town(db: &Db, town: &Town<'_>) -> Result<Option<Uuid>> {
    let (cmas_body, slug, title) = (town.cmas_body, town.slug, town.title);
    let place = format!("{}/MG", town.city);
    let address = format!("Praça Central, s/n, Centro, {place}");
    let now = Utc::now();
    let tx = db.write_exclusive().await?;
    if slug_exists(&tx, slug).await? {
        return Ok(None);
    }
    // The state council and its conference.
    let ceas = crate::demo::rows::ceas_mg(&tx, now).await?;
    let conf = |id: Uuid,
                body_id: Uuid,
                slug: &str,
                level: &str,
                edition: i32,
                title: &str,
                place: &str,
                (starts, ends): (NaiveDate, NaiveDate),
                venue: &str,
                address: &str,
                parent: Option<Uuid>| conference::ActiveModel {
        id: Set(id),
        body_id: Set(body_id),
        slug: Set(slug.into()),
        level: Set(level.into()),
        edition: Set(edition),
        title: Set(title.into()),
        cycle_year: Set(2023),
        theme: Set(THEME_2023.into()),
        lema: Set(Some(LEMA_2023.into())),
        process_starts_on: Set(starts - chrono::Duration::days(90)),
        process_ends_on: Set(ends + chrono::Duration::days(20)),
        starts_on: Set(starts),
        ends_on: Set(ends),
        venue: Set(Some(venue.into())),
        venue_address: Set(Some(address.into())),
        format: Set("presencial".into()),
        time_zone: Set("America/Sao_Paulo".into()),
        parent_id: Set(parent),
        place_name: Set(place.into()),
        search_key: Set(domain::text::search_key(&format!("{place} {title}"))),
        ..conference_defaults(now)
    };
    let existing_state = conference::Entity::find()
        .filter(conference::Column::Slug.eq(STATE_SLUG))
        .one(&tx)
        .await?;
    let state_id = existing_state
        .as_ref()
        .map(|c| c.id)
        .unwrap_or_else(Uuid::now_v7);
    if existing_state.is_none() {
        conference::Entity::insert(conf(
            state_id,
            ceas,
            STATE_SLUG,
            "estadual",
            14,
            "XIV Conferência Estadual de Assistência Social de Minas Gerais",
            "Minas Gerais",
            (d(2023, 10, 17), d(2023, 10, 19)),
            "Expominas",
            "Av. Amazonas, 6200, Gameleira, Belo Horizonte/MG",
            None,
        ))
        .exec(&tx)
        .await?;
    }
    let conf_id = Uuid::now_v7();
    conference::Entity::insert(conf(
        conf_id,
        cmas_body,
        slug,
        "municipal",
        town.edition,
        title,
        &place,
        (d(2023, 7, 5), d(2023, 7, 6)),
        "Centro Cultural Municipal",
        &address,
        Some(state_id),
    ))
    .exec(&tx)
    .await?;
    if existing_state.is_none() {
        insert_eixos(&tx, state_id, EIXOS_2023).await?;
    }
    let eixo_ids = insert_eixos(&tx, conf_id, EIXOS_2023).await?;
    let days_title = format!("{title} (dois dias)");
    for (cid, kind, title, starts, ends) in [
        (
            conf_id,
            "conference",
            days_title.as_str(),
            at(2023, 7, 5, 8, 0),
            Some(at(2023, 7, 6, 17, 0)),
        ),
        (
            conf_id,
            "report",
            "Envio do relatório ao CEAS-MG",
            at(2023, 7, 20, 17, 0),
            None,
        ),
        (
            state_id,
            "conference",
            "XIV Conferência Estadual (três dias)",
            at(2023, 10, 17, 8, 0),
            Some(at(2023, 10, 19, 17, 0)),
        ),
    ] {
        if cid == state_id && existing_state.is_some() {
            continue;
        }
        stage::Entity::insert(stage_model(
            Uuid::now_v7(),
            cid,
            (kind, title),
            (starts, ends),
            now,
        ))
        .exec(&tx)
        .await?;
    }

    let delegates = people::insert_present(&tx, conf_id, town.surnames).await?;
    outcomes::insert_deliberations(
        &tx,
        conf_id,
        &eixo_ids,
        (town.deliberations, town.city),
        now,
    )
    .await?;
    outcomes::insert_delegation(&tx, conf_id, &delegates, now).await?;
    evaluation::insert_evaluation(&tx, conf_id, now).await?;
    report_draft::Entity::insert(report_draft::ActiveModel {
        conference_id: Set(conf_id),
        total_minutes: Set(Some(15 * 60)),
        accessibility: Set("Intérprete de Libras em todas as sessões\nAuditório com rampa e banheiros acessíveis\nMaterial em fonte ampliada".into()),
        notes: Set(None),
        extra_answers: Set(None),
        updated_by: Set(None),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(Some(conf_id))
}
