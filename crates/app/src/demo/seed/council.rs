//! The demo council's year of meetings (issue 24): the annual calendar ("segunda terça-feira do
//! mês, às 14h", no ordinary meeting in January) of the demo's year, and of the year before when
//! the last eleven months reach into it; each meeting with its pauta. The meetings of the last
//! eleven months before the demo's day were held: attendance (one suplente in a titular's
//! place, one justified absence), every item's result, the ata approved at the next meeting (the
//! last one's still a minuta). Two of them made acts of the demo conference, by resolutions
//! linked to it: its convocation and the appointment of its territorial articulators. The
//! convocation of the next meeting after the demo's day is asked for.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use domain::bodies::{MonthlyRule, Ordinal};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::Result;
use store::entities::{
    body_agenda_item, body_attendance, body_calendar, body_meeting, body_resolution, body_seat,
    conference_act,
};
use uuid::Uuid;

const PLACE: &str = "Casa dos Conselhos, Rua Benedito Valadares, 365, Centro";
/// How far back the demo's held meetings go.
const HISTORY_DAYS: i64 = 330;

/// A pauta item: (title, for deliberation, the resolution it makes: (ementa, text, act)).
type Item = (
    &'static str,
    bool,
    Option<(&'static str, &'static str, Option<&'static str>)>,
);

const CONVOCATION: Item = (
    "Convocação da Conferência Municipal de Assistência Social e composição da comissão organizadora",
    true,
    Some((
        "Convoca a Conferência Municipal de Assistência Social e compõe a sua comissão organizadora",
        "Art. 1º Fica convocada a Conferência Municipal de Assistência Social, com o tema e os eixos da conferência nacional.\nArt. 2º A comissão organizadora é paritária, com representantes do governo e da sociedade civil deste Conselho.\nArt. 3º Esta resolução entra em vigor na data de sua publicação.",
        Some("convocacao"),
    )),
);
const ARTICULATORS: Item = (
    "Nomeação dos articuladores territoriais da conferência (um por CRAS, CREAS e Centro POP)",
    true,
    Some((
        "Nomeia os articuladores territoriais da Conferência Municipal de Assistência Social",
        "Art. 1º Ficam nomeados os articuladores territoriais da Conferência Municipal, um por unidade: CRAS, CREAS e Centro POP, para mobilizar os usuários e realizar as pré-conferências.\nArt. 2º Os articuladores prestam contas das reuniões à comissão organizadora.\nArt. 3º Esta resolução entra em vigor na data de sua publicação.",
        Some("articuladores"),
    )),
);

fn usual(month: u32) -> Vec<Item> {
    match month {
        2 => vec![("Aprovação do calendário anual de reuniões", true, None)],
        5 => vec![(
            "Prestação de contas do FMAS: 1º trimestre",
            true,
            Some((
                "Aprova a prestação de contas do FMAS do 1º trimestre",
                "Art. 1º Fica aprovada a prestação de contas do Fundo Municipal de Assistência Social referente ao 1º trimestre.",
                None,
            )),
        )],
        11 => vec![(
            "Proposta orçamentária do FMAS para o próximo ano",
            true,
            None,
        )],
        12 => vec![("Aprovação do Plano de Ação do próximo ano", true, None)],
        _ => vec![],
    }
}

struct Planned {
    day: NaiveDate,
    starts: DateTime<Utc>,
    items: Vec<Item>,
}

pub(super) async fn seed_council(
    tx: &sea_orm::DatabaseTransaction,
    (body_id, conf_id): (Uuid, Uuid),
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let tz = chrono_tz::America::Sao_Paulo;
    let rule = MonthlyRule {
        ordinal: Ordinal::Second,
        weekday: Weekday::Tue,
        time: NaiveTime::from_hms_opt(14, 0, 0).expect("a time"),
    };
    let from = day - Duration::days(HISTORY_DAYS);
    let years: Vec<i32> = (from.year()..=day.year()).collect();
    for y in &years {
        body_calendar::Entity::insert(body_calendar::ActiveModel {
            id: Set(Uuid::now_v7()),
            body_id: Set(body_id),
            year: Set(*y),
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
    }
    let mut plan: Vec<Planned> = years
        .iter()
        .flat_map(|y| rule.dates(*y, &[1]))
        .filter(|d| *d >= from)
        .filter_map(|d| {
            let starts = tz
                .from_local_datetime(&d.and_time(rule.time))
                .earliest()?
                .with_timezone(&Utc);
            Some(Planned {
                day: d,
                starts,
                items: usual(d.month()),
            })
        })
        .collect();
    // The conference's acts, at the third and the second meetings before its day.
    let held: Vec<usize> = (0..plan.len()).filter(|i| plan[*i].day < day).collect();
    if let Some(i) = held.iter().rev().nth(2).or(held.first()) {
        plan[*i].items.insert(0, CONVOCATION);
    }
    if let Some(i) = held.iter().rev().nth(1).or(held.last()) {
        plan[*i].items.insert(0, ARTICULATORS);
    }
    let seats: Vec<body_seat::Model> = body_seat::Entity::find()
        .filter(body_seat::Column::BodyId.eq(body_id))
        .filter(body_seat::Column::MandateEnd.gte(day))
        .order_by_asc(body_seat::Column::Organization)
        .all(tx)
        .await?;
    let mut ids: Vec<Uuid> = Vec::new();
    let mut numbers: std::collections::HashMap<i32, i32> = std::collections::HashMap::new();
    let mut convoked_next = false;
    for p in &plan {
        let past = p.day < day;
        let convoke = !convoked_next && !past;
        convoked_next |= convoke;
        let id = Uuid::now_v7();
        let present = seats.len().saturating_sub(1);
        body_meeting::Entity::insert(body_meeting::ActiveModel {
            id: Set(id),
            body_id: Set(body_id),
            kind: Set("ordinaria".into()),
            starts_at: Set(p.starts),
            ends_at: Set(Some(p.starts + Duration::hours(3))),
            format: Set("presencial".into()),
            place: Set(Some(PLACE.into())),
            online_url: Set(None),
            status: Set(if past { "held" } else { "scheduled" }.into()),
            cancel_reason: Set(None),
            moved_from: Set(None),
            calendar_year: Set(Some(p.day.year())),
            convocation_requested_at: Set(convoke.then_some(now)),
            convoked_at: Set(None),
            recipients: Set(0),
            changed_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            held_at: Set(past.then_some(p.starts + Duration::hours(3))),
            present_seats: Set(past.then_some(present as i32)),
            quorum_seats: Set(past.then_some((seats.len() / 2 + 1) as i32)),
            record: Set(past.then(|| {
                "A presidência abriu a reunião às 14h, verificado o quórum. Nada mais havendo a tratar, encerrou a reunião às 17h.".to_owned()
            })),
            minutes_approved_at: Set(None),
            minutes_approved_in: Set(None),
        })
        .exec(tx)
        .await?;
        ids.push(id);
        let mut items: Vec<Item> = vec![("Aprovação da ata da reunião anterior", true, None)];
        items.extend(p.items.iter().cloned());
        items.push(("Informes da secretaria executiva", false, None));
        for (n, (title, deliberative, resolution)) in items.into_iter().enumerate() {
            let item_id = Uuid::now_v7();
            let voted = past && deliberative;
            body_agenda_item::Entity::insert(body_agenda_item::ActiveModel {
                id: Set(item_id),
                meeting_id: Set(id),
                position: Set(n as i32 + 1),
                title: Set(title.into()),
                description: Set(None),
                deliberative: Set(deliberative),
                created_at: Set(now),
                outcome: Set(past.then(|| {
                    if deliberative {
                        "aprovado"
                    } else {
                        "informado"
                    }
                    .to_owned()
                })),
                vote_mode: Set(voted.then(|| "contado".to_owned())),
                votes_favor: Set(voted.then_some(present as i32 - 1)),
                votes_against: Set(voted.then_some(0)),
                votes_abstain: Set(voted.then_some(1)),
                record: Set(None),
            })
            .exec(tx)
            .await?;
            if let (true, Some((ementa, text, act))) = (past, resolution) {
                let year = p.day.year();
                let number = numbers.entry(year).or_insert(0);
                *number += 1;
                let rid = Uuid::now_v7();
                body_resolution::Entity::insert(body_resolution::ActiveModel {
                    id: Set(rid),
                    body_id: Set(body_id),
                    year: Set(year),
                    number: Set(*number),
                    meeting_id: Set(id),
                    item_id: Set(Some(item_id)),
                    title: Set(ementa.into()),
                    body_text: Set(text.into()),
                    search_key: Set(domain::text::search_key(&format!(
                        "{number}/{year} {ementa} {text}"
                    ))),
                    published_at: Set(p.starts + Duration::days(2)),
                    published_by: Set(None),
                })
                .exec(tx)
                .await?;
                if let Some(act) = act {
                    conference_act::Entity::insert(conference_act::ActiveModel {
                        conference_id: Set(conf_id),
                        act: Set(act.into()),
                        resolution_id: Set(rid),
                        linked_at: Set(now),
                    })
                    .exec(tx)
                    .await?;
                }
            }
        }
        if past && !seats.is_empty() {
            // One suplente in a titular's place, one justified absence, the others titular.
            let rows = seats.iter().enumerate().map(|(i, s)| {
                let presence = match i {
                    1 if s.suplente_name.is_some() => "suplente",
                    5 => "justificada",
                    _ => "titular",
                };
                body_attendance::ActiveModel {
                    meeting_id: Set(id),
                    seat_id: Set(s.id),
                    presence: Set(presence.into()),
                    recorded_at: Set(p.starts + Duration::hours(3)),
                }
            });
            body_attendance::Entity::insert_many(rows).exec(tx).await?;
        }
    }
    // Each held meeting's ata approved at the next held one.
    let held_ids: Vec<(usize, Uuid)> = plan
        .iter()
        .zip(&ids)
        .enumerate()
        .filter(|(_, (p, _))| p.day < day)
        .map(|(i, (_, id))| (i, *id))
        .collect();
    for w in held_ids.windows(2) {
        let (_, earlier) = w[0];
        let (i, later) = w[1];
        body_meeting::Entity::update_many()
            .col_expr(
                body_meeting::Column::MinutesApprovedAt,
                sea_orm::sea_query::Expr::value(Some(plan[i].starts + Duration::hours(1))),
            )
            .col_expr(
                body_meeting::Column::MinutesApprovedIn,
                sea_orm::sea_query::Expr::value(Some(later)),
            )
            .filter(body_meeting::Column::Id.eq(earlier))
            .exec(tx)
            .await?;
    }
    Ok(())
}
