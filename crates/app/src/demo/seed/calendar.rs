//! The demo's calendar: its stages, as a municipal process has them, laid out around the
//! conference day (the day of seeding), and one public change.

use crate::demo::rows::{around, stage_model};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Result;
use store::entities::{stage, stage_change};
use uuid::Uuid;

/// Inserts the stages of the demo conference, whose conference day is `day`: mobilization in
/// the weeks before, registration open until the day, credentialing open all of it, the report
/// due eight days after; and the one rescheduling of the sharing day. Returns the id of the units'
/// meetings stage.
pub(super) async fn insert_calendar(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>> {
    let at = |days: i64, h: u32, mi: u32| around(day, days, h, mi);
    let stages = [
        (
            "convocation",
            "Publicação do decreto de convocação",
            at(-87, 9, 0),
            None,
            None,
            false,
        ),
        (
            "unit_meeting",
            "Reuniões das unidades com seus usuários (cada unidade define e informa a data)",
            at(-72, 9, 0),
            Some(at(-34, 17, 0)),
            None,
            true,
        ),
        (
            "sharing_actions",
            "Dia de compartilhamento das ações das unidades",
            at(-23, 14, 0),
            None,
            Some("Auditório da Secretaria de Assistência Social"),
            false,
        ),
        (
            "registration",
            "Inscrições para a conferência",
            at(-31, 8, 0),
            Some(at(0, 23, 59)),
            None,
            false,
        ),
        (
            "engagement_results",
            "Divulgação dos resultados de engajamento e premiação",
            at(-9, 15, 0),
            None,
            Some("Câmara Municipal"),
            false,
        ),
        (
            "credentialing",
            "Credenciamento (aberto o dia todo)",
            at(0, 0, 0),
            Some(at(0, 23, 59)),
            Some("Centro Cultural Municipal"),
            false,
        ),
        (
            "conference",
            "XIV Conferência Municipal",
            at(0, 8, 0),
            Some(at(0, 17, 0)),
            Some("Centro Cultural Municipal"),
            false,
        ),
        (
            "final_solemnity",
            "Solenidade final: resultados das pré-conferências e delegados por território",
            at(0, 16, 0),
            None,
            Some("Centro Cultural Municipal"),
            false,
        ),
        (
            "report",
            "Envio do relatório ao CEAS-MG",
            at(8, 17, 0),
            None,
            None,
            false,
        ),
    ];
    let mut sharing_id = None;
    let mut meetings_stage = None;
    for (kind, title, starts, ends, place, by_units) in stages {
        let sid = Uuid::now_v7();
        if kind == "sharing_actions" {
            sharing_id = Some(sid);
        }
        if kind == "unit_meeting" {
            meetings_stage = Some(sid);
        }
        stage::Entity::insert(stage::ActiveModel {
            place: Set(place.map(Into::into)),
            set_by_units: Set(by_units),
            ..stage_model(sid, conf_id, (kind, title), (starts, ends), now)
        })
        .exec(tx)
        .await?;
    }
    // A real calendar changes: the sharing day was moved once; the change stays public.
    if let Some(sid) = sharing_id {
        stage_change::Entity::insert(stage_change::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            stage_id: Set(sid),
            changed_at: Set(at(-44, 10, 0)),
            actor_id: Set(None),
            change: Set("rescheduled".into()),
            summary: Set(format!(
                "Dia de compartilhamento das ações das unidades: de {} para {}",
                shown(at(-28, 14, 0)),
                shown(at(-23, 14, 0))
            )),
            reason: Set(Some(format!(
                "Feriado municipal em {}",
                &shown(at(-28, 14, 0))[..5]
            ))),
        })
        .exec(tx)
        .await?;
    }
    Ok(meetings_stage)
}

/// "05/06/2025 14:00" in São Paulo, as the calendar's changes say it.
fn shown(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::America::Sao_Paulo)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}
