//! The units' meetings with their users: two held and reported, one scheduled, the rest not
//! yet; the Centro POP one with its attendance list and elected delegates.

use crate::demo::rows::around;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Result;
use store::entities::unit_meeting::MeetingStatus;
use uuid::Uuid;

/// Inserts the meetings of the units named in `unit_ids` in the stage `stage_id`, weeks before
/// the conference day `day`.
pub(super) async fn seed_meetings(
    tx: &sea_orm::DatabaseTransaction,
    (conf_id, stage_id): (Uuid, Uuid),
    unit_ids: &[(&str, Uuid)],
    (day, now): (NaiveDate, DateTime<Utc>),
) -> Result<()> {
    let at = |days: i64, h: u32, mi: u32| around(day, days, h, mi);
    let meetings = [
        (
            "CRAS Centro",
            at(-65, 14, 0),
            "Salão do CRAS Centro",
            Some((35, "Roda de conversa sobre o acesso aos benefícios.")),
        ),
        (
            "Centro POP",
            at(-50, 9, 30),
            "Refeitório do Centro POP",
            Some((18, "Escuta das pessoas em situação de rua.")),
        ),
        (
            "CRAS Norte",
            at(-44, 18, 0),
            "Escola Municipal Padre Libério",
            None,
        ),
    ];
    for (name, starts, place, report) in meetings {
        let Some((_, uid)) = unit_ids.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        let meeting_id = Uuid::now_v7();
        store::entities::unit_meeting::Entity::insert(store::entities::unit_meeting::ActiveModel {
            id: Set(meeting_id),
            conference_id: Set(conf_id),
            stage_id: Set(stage_id),
            unit_id: Set(*uid),
            starts_at: Set(starts),
            ends_at: Set(Some(starts + chrono::Duration::hours(2))),
            place: Set(Some(place.into())),
            online_url: Set(None),
            status: Set(if report.is_some() {
                MeetingStatus::Held
            } else {
                MeetingStatus::Scheduled
            }),
            participants: Set(report.map(|r| r.0)),
            att_government: Set(None),
            att_users: Set(None),
            att_workers: Set(None),
            att_entities: Set(None),
            report_note: Set(report.map(|r| r.1.into())),
            reported_at: Set(report.map(|_| starts + chrono::Duration::days(1))),
            reported_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(tx)
        .await?;
        if name == "Centro POP" {
            seed_people(tx, conf_id, *uid, meeting_id, starts).await?;
        }
    }
    Ok(())
}

/// The Centro POP meeting's attendance list (its 18 people, so its numbers stay as reported)
/// and the territorial delegates it elected; the commission's setting: 2 titulares per unit
///. Names are invented.
async fn seed_people(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    unit_id: Uuid,
    meeting_id: Uuid,
    at: chrono::DateTime<Utc>,
) -> Result<()> {
    use store::entities::{territorial_delegate_setting, unit_attendee, unit_delegate};
    territorial_delegate_setting::Entity::insert(territorial_delegate_setting::ActiveModel {
        conference_id: Set(conf_id),
        enabled: Set(true),
        seats_per_unit: Set(2),
        note: Set(Some(
            "Regimento, art. 12: cada pré-conferência elege até 2 titulares e 2 suplentes; a sociedade civil elege os seus e o governo indica os seus.".into(),
        )),
        updated_by: Set(None),
        updated_at: Set(at),
    })
    .exec(tx)
    .await?;
    let first = [
        "Antônio",
        "Benedita",
        "Cícero",
        "Dalva",
        "Edson",
        "Francisca",
    ];
    let last = ["Ramos", "Teixeira", "Moura"];
    let names: Vec<String> = last
        .iter()
        .flat_map(|l| first.iter().map(move |f| format!("{f} {l}")))
        .collect();
    for (k, name) in names.into_iter().enumerate() {
        let segment = match k {
            0 => "governo",
            1 | 2 => "trabalhadores",
            _ => "usuarios",
        };
        unit_attendee::Entity::insert(unit_attendee::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            meeting_id: Set(meeting_id),
            name: Set(name),
            segment: Set(segment.into()),
            contact: Set(None),
            created_by: Set(None),
            created_at: Set(at + chrono::Duration::seconds(k as i64)),
        })
        .exec(tx)
        .await?;
    }
    for (k, name, seat) in [
        (0, "Dalva Ramos", "titular"),
        (1, "Edson Moura", "suplente"),
    ] {
        unit_delegate::Entity::insert(unit_delegate::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            unit_id: Set(unit_id),
            meeting_id: Set(meeting_id),
            name: Set(name.into()),
            segment: Set("usuarios".into()),
            seat: Set(seat.into()),
            contact: Set(None),
            created_by: Set(None),
            created_at: Set(at + chrono::Duration::seconds(k)),
        })
        .exec(tx)
        .await?;
    }
    Ok(())
}
