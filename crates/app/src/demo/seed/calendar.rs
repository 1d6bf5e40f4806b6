//! The demo's calendar: its stages, as a municipal process has them, and one public change.

use crate::demo::rows::{sao_paulo as at, stage_model};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Result;
use store::entities::{stage, stage_change};
use uuid::Uuid;

/// Inserts the stages of the demo conference and the one rescheduling of the sharing day;
/// returns the id of the units' meetings stage.
pub(super) async fn insert_calendar(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>> {
    let stages = [
        (
            "convocation",
            "Publicação do decreto de convocação",
            at(2025, 4, 7, 9, 0),
            None,
            None,
            false,
        ),
        (
            "unit_meeting",
            "Reuniões das unidades com seus usuários (cada unidade define e informa a data)",
            at(2025, 4, 22, 9, 0),
            Some(at(2025, 5, 30, 17, 0)),
            None,
            true,
        ),
        (
            "sharing_actions",
            "Dia de compartilhamento das ações das unidades",
            at(2025, 6, 10, 14, 0),
            None,
            Some("Auditório da Secretaria de Assistência Social"),
            false,
        ),
        (
            "registration",
            "Inscrições para a conferência",
            at(2025, 6, 2, 8, 0),
            Some(at(2025, 6, 27, 18, 0)),
            None,
            false,
        ),
        (
            "engagement_results",
            "Divulgação dos resultados de engajamento e premiação",
            at(2025, 6, 24, 15, 0),
            None,
            Some("Câmara Municipal"),
            false,
        ),
        (
            "conference",
            "XIV Conferência Municipal (dois dias)",
            at(2025, 7, 3, 8, 0),
            Some(at(2025, 7, 4, 17, 0)),
            Some("Centro Cultural Municipal"),
            false,
        ),
        (
            "final_solemnity",
            "Solenidade final: resultados das pré-conferências e delegados por território",
            at(2025, 7, 4, 16, 0),
            None,
            Some("Centro Cultural Municipal"),
            false,
        ),
        (
            "report",
            "Envio do relatório ao CEAS-MG",
            at(2025, 7, 11, 17, 0),
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
            changed_at: Set(at(2025, 5, 20, 10, 0)),
            actor_id: Set(None),
            change: Set("rescheduled".into()),
            summary: Set("Dia de compartilhamento das ações das unidades: de 05/06/2025 14:00 para 10/06/2025 14:00".into()),
            reason: Set(Some("Feriado municipal em 05/06".into())),
        })
        .exec(tx)
        .await?;
    }
    Ok(meetings_stage)
}
