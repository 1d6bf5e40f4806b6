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

/// One item of the demo's programme: kind, title, start and end (hour, minute), place,
/// speaker (name, role), description.
type DemoItem = (
    &'static str,
    &'static str,
    (u32, u32),
    Option<(u32, u32)>,
    Option<&'static str>,
    Option<(&'static str, &'static str)>,
    Option<&'static str>,
);

/// The programme of the demo's conference day `day`: the day as a municipal conference runs it,
/// from credentialing to the election of the delegates.
pub(super) async fn insert_programme(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    use store::entities::programme_item;
    let at = |h: u32, mi: u32| around(day, 0, h, mi);
    let hall = Some("Auditório do Centro Cultural Municipal");
    #[rustfmt::skip]
    let items: [DemoItem; 9] = [
        ("other", "Credenciamento e café da manhã", (7, 30), Some((8, 30)), Some("Hall do Centro Cultural Municipal"), None,
         Some("Traga o código da sua inscrição ou um documento com foto. Crachás impressos na hora.")),
        ("opening", "Mesa de abertura", (8, 30), Some((9, 15)), hall, Some(("Ana Lúcia Ferreira", "Presidenta do CMAS de Pará de Minas")),
         Some("Composição da mesa com o poder público, o CMAS, usuários(as) e trabalhadores(as) do SUAS. Execução do Hino Nacional.")),
        ("keynote", "Palestra magna: 20 anos do SUAS, o que avançou e o que falta", (9, 15), Some((10, 15)), hall,
         Some(("Profa. Dra. Helena Vasconcelos Prado", "Assistente social e professora de Política Social")),
         Some("Seguida de perguntas do público por escrito.")),
        ("other", "Leitura e aprovação do regimento interno", (10, 15), Some((11, 0)), hall, None,
         Some("Destaques pelo celular pareado ou levantando o crachá.")),
        ("groups", "Grupos de trabalho por eixo", (11, 0), Some((12, 30)), Some("Salas 1 a 5 do Centro Cultural"), None,
         Some("Cada participante vai ao grupo indicado no seu kit. Os grupos partem do material \"O que avançou\".")),
        ("break", "Almoço", (12, 30), Some((13, 30)), Some("Refeitório"), None, None),
        ("final_plenary", "Plenária final: votação das propostas e moções", (13, 30), Some((15, 30)), hall, None, None),
        ("election", "Eleição de delegados(as) para a Conferência Estadual", (15, 30), Some((16, 0)), hall, None,
         Some("Por segmento: usuários(as), trabalhadores(as), entidades e governo.")),
        ("other", "Solenidade final: resultados das pré-conferências por território e encerramento", (16, 0), Some((17, 0)), hall, None, None),
    ];
    for (kind, title, (h, mi), end, place, speaker, description) in items {
        programme_item::Entity::insert(programme_item::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            kind: Set(kind.into()),
            title: Set(title.into()),
            starts_at: Set(at(h, mi)),
            ends_at: Set(end.map(|(h, mi)| at(h, mi))),
            place: Set(place.map(Into::into)),
            speaker_name: Set(speaker.map(|s| s.0.into())),
            speaker_role: Set(speaker.map(|s| s.1.into())),
            description: Set(description.map(Into::into)),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(tx)
        .await?;
    }
    Ok(())
}
