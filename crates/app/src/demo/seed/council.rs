//! The demo council's year of meetings (issue 24): the annual calendar of the demo's year
//! ("segunda terça-feira do mês, às 14h", no ordinary meeting in January), each meeting with its
//! pauta; the meeting of the conference's convocation and the one that appointed its territorial
//! articulators among them; the convocation of the next meeting after the demo's day asked for.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use domain::bodies::{MonthlyRule, Ordinal};
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Result;
use store::entities::{body_agenda_item, body_calendar, body_meeting};
use uuid::Uuid;

const PLACE: &str = "Casa dos Conselhos, Rua Benedito Valadares, 365, Centro";

/// The pauta of the meeting in `month` of the demo's year: (title, for deliberation).
fn pauta(month: u32) -> Vec<(&'static str, bool)> {
    let mut p = vec![("Aprovação da ata da reunião anterior", true)];
    match month {
        2 => p.push(("Aprovação do calendário anual de reuniões", true)),
        3 => p.push((
            "Convocação da Conferência Municipal de Assistência Social e composição da comissão organizadora",
            true,
        )),
        4 => p.push((
            "Nomeação dos articuladores territoriais da conferência (um por CRAS, CREAS e Centro POP)",
            true,
        )),
        5 => p.push(("Prestação de contas do FMAS: 1º trimestre", true)),
        8 => p.push(("Relatório da comissão organizadora da conferência", false)),
        11 => p.push(("Proposta orçamentária do FMAS para o próximo ano", true)),
        12 => p.push(("Aprovação do Plano de Ação do próximo ano", true)),
        _ => {}
    }
    p.push(("Informes da secretaria executiva", false));
    p
}

pub(super) async fn seed_council(
    tx: &sea_orm::DatabaseTransaction,
    body_id: Uuid,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let tz = chrono_tz::America::Sao_Paulo;
    let year = day.year();
    let rule = MonthlyRule {
        ordinal: Ordinal::Second,
        weekday: Weekday::Tue,
        time: NaiveTime::from_hms_opt(14, 0, 0).expect("a time"),
    };
    body_calendar::Entity::insert(body_calendar::ActiveModel {
        id: Set(Uuid::now_v7()),
        body_id: Set(body_id),
        year: Set(year),
        ordinal: Set(rule.ordinal.code().into()),
        weekday: Set("ter".into()),
        time: Set("14:00".into()),
        duration_minutes: Set(180),
        format: Set("presencial".into()),
        place: Set(Some(PLACE.into())),
        online_url: Set(None),
        skipped_months: Set("1".into()),
        note: Set(Some(
            "Aprovado na reunião ordinária de fevereiro; em janeiro, recesso.".into(),
        )),
        created_at: Set(now),
    })
    .exec(tx)
    .await?;
    let mut convoked_next = false;
    for d in rule.dates(year, &[1]) {
        let Some(starts) = tz
            .from_local_datetime(&d.and_time(rule.time))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
        else {
            continue;
        };
        // The first meeting after the demo's day: its convocation is asked for; the reminders'
        // worker sends it to the members' (demo) addresses when its notice begins.
        let convoke = !convoked_next && d >= day;
        convoked_next |= convoke;
        let id = Uuid::now_v7();
        body_meeting::Entity::insert(body_meeting::ActiveModel {
            id: Set(id),
            body_id: Set(body_id),
            kind: Set("ordinaria".into()),
            starts_at: Set(starts),
            ends_at: Set(Some(starts + chrono::Duration::hours(3))),
            format: Set("presencial".into()),
            place: Set(Some(PLACE.into())),
            online_url: Set(None),
            status: Set("scheduled".into()),
            cancel_reason: Set(None),
            moved_from: Set(None),
            calendar_year: Set(Some(year)),
            convocation_requested_at: Set(convoke.then_some(now)),
            convoked_at: Set(None),
            recipients: Set(0),
            changed_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(tx)
        .await?;
        let items: Vec<body_agenda_item::ActiveModel> = pauta(d.month())
            .into_iter()
            .enumerate()
            .map(|(n, (title, deliberative))| body_agenda_item::ActiveModel {
                id: Set(Uuid::now_v7()),
                meeting_id: Set(id),
                position: Set(n as i32 + 1),
                title: Set(title.into()),
                description: Set(None),
                deliberative: Set(deliberative),
                created_at: Set(now),
            })
            .collect();
        body_agenda_item::Entity::insert_many(items)
            .exec(tx)
            .await?;
    }
    Ok(())
}
