//! The demo's regional consortium (issue 24): seven municipalities around Pará de Minas, its
//! technical chamber of municipal managers (a seat per municipality, its own login
//! [`DEMO_CHAMBER_LOGIN`]), the chamber's calendar of the year ("segunda quinta-feira do mês, às
//! 9h", hybrid; the next year's too from October) with its meetings before the demo's day held
//! and their atas approved in chain, and a regional campaign under way on the demo's day with
//! two shared materials and the actions of four of the seven municipalities, two with photos.
//! The consortium, the chamber and every person are invented; the municipalities and their
//! IBGE codes are real.

use super::pdf::demo_pdf;
use crate::demo::rows::{account_model, sao_paulo_day};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use domain::bodies::{MonthlyRule, Ordinal};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use store::entities::{
    account, body, body_agenda_item, body_attendance, body_calendar, body_meeting, body_rules,
    body_seat, federative_entity as fe, region, region_campaign, region_campaign_action,
    region_campaign_material, region_campaign_photo, region_member, role_grant,
};
use store::{Db, Result};
use uuid::Uuid;

/// The chamber's secretariat's demo login: (login, password, what it can do).
pub const DEMO_CHAMBER_LOGIN: (&str, &str, &str) = (
    "consorcio@demo.conferencia.local",
    "demo-consorcio-2025",
    "secretaria executiva da câmara técnica do consórcio regional",
);

/// The consortium's name (invented).
pub const DEMO_CONSORTIUM: &str = "Consórcio Intermunicipal do Vale do Pará";

/// (IBGE code, municipal manager, suplente).
const MEMBERS: &[(&str, &str, &str)] = &[
    ("3147105", "Cristina Moreira Lage", "Anderson Pimenta"),
    ("3133808", "Rosângela Vilaça", "Túlio Faria"),
    ("3151404", "Mirela Antunes", "Caio Valadares"),
    ("3130200", "Edna Cordeiro", "Flávio Lacerda"),
    ("3126000", "Sônia Drumond", "Murilo Assunção"),
    ("3145802", "Valéria Quintão", "Jéssica Rabelo"),
    ("3163102", "Lúcia Bernardes", "Otávio Siqueira"),
];

const PLACE: &str = "Sede do consórcio, Av. Presidente Vargas, 1.200, Pará de Minas";
const ROOM: &str = "https://meet.jit.si/camara-tecnica-vale-do-para-demo";

/// Seeds the consortium unless it exists. Returns whether it seeded.
pub async fn seed(db: &Db, now: DateTime<Utc>) -> Result<bool> {
    let hash = crate::platform::passwords::hash(DEMO_CHAMBER_LOGIN.1).await?;
    let day = sao_paulo_day(now);
    let tx = db.write_exclusive().await?;
    let exists = region::Entity::find()
        .filter(region::Column::Name.eq(DEMO_CONSORTIUM))
        .one(&tx)
        .await?
        .is_some();
    if exists {
        return Ok(false);
    }
    let codes: Vec<&str> = MEMBERS.iter().map(|m| m.0).collect();
    let ents = fe::Entity::find()
        .filter(fe::Column::IbgeCode.is_in(codes))
        .all(&tx)
        .await?;
    let entity = |code: &str| {
        ents.iter()
            .find(|e| e.ibge_code.as_deref() == Some(code))
            .map(|e| (e.id, e.name.clone()))
            .ok_or(store::Error::NotFound)
    };
    let region_id = Uuid::now_v7();
    region::Entity::insert(region::ActiveModel {
        id: Set(region_id),
        uf: Set("MG".into()),
        kind: Set("consorcio".into()),
        search_key: Set(domain::text::search_key(DEMO_CONSORTIUM)),
        name: Set(DEMO_CONSORTIUM.into()),
        created_at: Set(now),
    })
    .exec(&tx)
    .await?;
    for (code, _, _) in MEMBERS {
        region_member::Entity::insert(region_member::ActiveModel {
            region_id: Set(region_id),
            entity_id: Set(entity(code)?.0),
        })
        .exec(&tx)
        .await?;
    }
    let chamber = Uuid::now_v7();
    body::Entity::insert(body::ActiveModel {
        id: Set(chamber),
        kind: Set("camara_tecnica".into()),
        name: Set(format!(
            "Câmara Técnica de Assistência Social do {DEMO_CONSORTIUM}"
        )),
        acronym: Set("CTAS Vale do Pará".into()),
        entity_id: Set(None),
        region_id: Set(Some(region_id)),
        created_at: Set(now),
    })
    .exec(&tx)
    .await?;
    let aid = Uuid::now_v7();
    account::Entity::insert(account_model(
        aid,
        DEMO_CHAMBER_LOGIN.0,
        "Secretaria da câmara técnica (demo)",
        hash,
        now,
    ))
    .exec(&tx)
    .await?;
    role_grant::Entity::insert(role_grant::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(aid),
        role: Set("body_secretariat".into()),
        body_id: Set(Some(chamber)),
        conference_id: Set(None),
        unit_id: Set(None),
        appointment_act: Set(Some(
            "Resolução da Assembleia do consórcio nº 2/2025 (demo)".into(),
        )),
        created_at: Set(now),
    })
    .exec(&tx)
    .await?;

    // The managers' seats, for the mandate of the municipal administrations.
    let start = NaiveDate::from_ymd_opt(day.year() - 1, 1, 1).expect("a day");
    let end = NaiveDate::from_ymd_opt(day.year() + 2, 12, 31).expect("a day");
    let email = |name: &str| {
        format!(
            "{}@demo.conferencia.local",
            domain::text::slugify(name).replace('-', ".")
        )
    };
    let mut seats = Vec::new();
    for (code, titular, suplente) in MEMBERS {
        let (eid, name) = entity(code)?;
        let id = Uuid::now_v7();
        seats.push(id);
        body_seat::Entity::insert(body_seat::ActiveModel {
            id: Set(id),
            body_id: Set(chamber),
            segment: Set("governo".into()),
            organization: Set(format!(
                "Secretaria Municipal de Assistência Social de {name}"
            )),
            titular_name: Set((*titular).into()),
            titular_email: Set(Some(email(titular))),
            suplente_name: Set(Some((*suplente).into())),
            suplente_email: Set(Some(email(suplente))),
            mandate_start: Set(start),
            mandate_end: Set(end),
            act: Set("Ofício de indicação do(a) prefeito(a) ao consórcio".into()),
            ended_on: Set(None),
            end_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            entity_id: Set(Some(eid)),
        })
        .exec(&tx)
        .await?;
    }
    body_rules::Entity::insert(body_rules::ActiveModel {
        body_id: Set(chamber),
        ordinary_notice_days: Set(5),
        extraordinary_notice_days: Set(2),
        time_zone: Set("America/Sao_Paulo".into()),
        quorum: Set("maioria_absoluta".into()),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    calendar(&tx, chamber, &seats, day, now).await?;
    campaign(&tx, chamber, &entity, day, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// The calendar of the demo's year (and the next from October), its meetings before the demo's
/// day held by the seven managers.
async fn calendar(
    tx: &sea_orm::DatabaseTransaction,
    chamber: Uuid,
    seats: &[Uuid],
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let tz = chrono_tz::America::Sao_Paulo;
    let rule = MonthlyRule {
        ordinal: Ordinal::Second,
        weekday: Weekday::Thu,
        time: NaiveTime::from_hms_opt(9, 0, 0).expect("a time"),
    };
    let mut years = vec![day.year()];
    if day.month() >= 10 {
        years.push(day.year() + 1);
    }
    let mut held: Vec<(Uuid, DateTime<Utc>)> = Vec::new();
    for y in years {
        body_calendar::Entity::insert(body_calendar::ActiveModel {
            id: Set(Uuid::now_v7()),
            body_id: Set(chamber),
            year: Set(y),
            ordinal: Set(rule.ordinal.code().into()),
            weekday: Set("qui".into()),
            time: Set("09:00".into()),
            duration_minutes: Set(150),
            format: Set("hibrida".into()),
            place: Set(Some(PLACE.into())),
            online_url: Set(Some(ROOM.into())),
            skipped_months: Set("1".into()),
            note: Set(Some(
                "Definido pela câmara técnica na primeira reunião do ano, com as campanhas regionais do ano."
                    .into(),
            )),
            created_at: Set(now),
        })
        .exec(tx)
        .await?;
        for d in rule.dates(y, &[1]) {
            let Some(starts) = tz
                .from_local_datetime(&d.and_time(rule.time))
                .earliest()
                .map(|t| t.with_timezone(&Utc))
            else {
                continue;
            };
            let past = d < day;
            let id = Uuid::now_v7();
            body_meeting::Entity::insert(body_meeting::ActiveModel {
                id: Set(id),
                body_id: Set(chamber),
                kind: Set("ordinaria".into()),
                starts_at: Set(starts),
                ends_at: Set(Some(starts + Duration::minutes(150))),
                format: Set("hibrida".into()),
                place: Set(Some(PLACE.into())),
                online_url: Set(Some(ROOM.into())),
                status: Set(if past { "held" } else { "scheduled" }.into()),
                cancel_reason: Set(None),
                moved_from: Set(None),
                calendar_year: Set(Some(y)),
                convocation_requested_at: Set(None),
                convoked_at: Set(past.then_some(starts - Duration::days(6))),
                recipients: Set(if past { 14 } else { 0 }),
                changed_by: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                held_at: Set(past.then_some(starts + Duration::minutes(150))),
                present_seats: Set(past.then_some(seats.len() as i32)),
                quorum_seats: Set(past.then_some((seats.len() / 2 + 1) as i32)),
                record: Set(past.then(|| {
                    "A coordenação abriu a reunião às 9h, com as sete gestoras e gestores, presencialmente e on-line. Nada mais havendo a tratar, encerrou a reunião às 11h30."
                        .to_owned()
                })),
                minutes_approved_at: Set(None),
                minutes_approved_in: Set(None),
            })
            .exec(tx)
            .await?;
            let first = d.month() == 2;
            let mut items: Vec<(&str, bool)> = Vec::new();
            if !first {
                items.push(("Aprovação da ata da reunião anterior", true));
            }
            if first {
                items.push((
                    "Campanhas regionais do ano, integradas entre os sete municípios",
                    true,
                ));
                items.push(("Calendário anual de reuniões da Câmara Técnica", true));
            } else {
                items.push(("Acompanhamento das campanhas regionais", false));
                items.push((
                    "Regionalização dos serviços de média complexidade (CREAS regional)",
                    false,
                ));
            }
            for (n, (title, deliberative)) in items.into_iter().enumerate() {
                body_agenda_item::Entity::insert(body_agenda_item::ActiveModel {
                    id: Set(Uuid::now_v7()),
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
                    vote_mode: Set((past && deliberative).then(|| "contado".to_owned())),
                    votes_favor: Set((past && deliberative).then_some(seats.len() as i32)),
                    votes_against: Set((past && deliberative).then_some(0)),
                    votes_abstain: Set((past && deliberative).then_some(0)),
                    record: Set(None),
                })
                .exec(tx)
                .await?;
            }
            if past {
                body_attendance::Entity::insert_many(seats.iter().map(|s| {
                    body_attendance::ActiveModel {
                        meeting_id: Set(id),
                        seat_id: Set(*s),
                        presence: Set("titular".into()),
                        recorded_at: Set(starts + Duration::minutes(150)),
                    }
                }))
                .exec(tx)
                .await?;
                held.push((id, starts));
            }
        }
    }
    for w in held.windows(2) {
        let (earlier, _) = w[0];
        let (later, at) = w[1];
        body_meeting::Entity::update_many()
            .col_expr(
                body_meeting::Column::MinutesApprovedAt,
                sea_orm::sea_query::Expr::value(Some(at + Duration::minutes(30))),
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

/// A poster-like picture (bands of colour) to stand for a campaign's photo.
fn picture(seed: u8) -> Vec<u8> {
    let (w, h) = (640u32, 420u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let band = (y * 5 / h) as u8;
        let shade = ((x * 60) / w) as u8;
        image::Rgb([
            200u8.wrapping_sub(band * 20).wrapping_add(seed * 13),
            90 + shade + band * 10,
            40 + seed * 30,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encoding a PNG in memory");
    out.into_inner()
}

/// (municipality, title, days before the demo's day, description, people reached, materials
/// handed out, the photo's description).
type DemoAction = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    i32,
    Option<i32>,
    Option<&'static str>,
);

/// The campaign under way: from 20 days before the demo's day to 40 days after.
async fn campaign(
    tx: &sea_orm::DatabaseTransaction,
    chamber: Uuid,
    entity: &impl Fn(&str) -> Result<(Uuid, String)>,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let id = Uuid::now_v7();
    region_campaign::Entity::insert(region_campaign::ActiveModel {
        id: Set(id),
        body_id: Set(chamber),
        title: Set("Cadastro Único em dia: campanha regional de atualização cadastral".into()),
        summary: Set("Os sete municípios do consórcio chamam as famílias com o cadastro desatualizado há mais de dois anos, com mutirões nos CRAS, busca ativa na zona rural e a mesma peça de comunicação em todas as cidades.\nCada município registra aqui as suas ações e quantas famílias alcançou.".into()),
        starts_on: Set(day - Duration::days(20)),
        ends_on: Set(day + Duration::days(40)),
        created_at: Set(now),
    })
    .exec(tx)
    .await?;
    let pdf = demo_pdf(&[
        "Cadastro Unico em dia - campanha regional",
        "Folheto para as familias (demonstracao)",
        "Procure o CRAS do seu bairro com documento de todos da casa.",
    ]);
    let poster = crate::platform::media::reencode_photo("file", &picture(1))
        .map_err(|e| store::Error::Other(e.message))?;
    for (title, kind, url, bytes) in [
        (
            "Folheto para as famílias",
            "pdf",
            None,
            Some(("folheto-cadastro-unico.pdf", pdf)),
        ),
        (
            "Cartaz da campanha",
            "photo",
            None,
            Some(("material.jpg", poster.jpeg)),
        ),
        (
            "Orientações do MDS sobre a atualização cadastral",
            "link",
            Some("https://www.gov.br/mds/pt-br/acoes-e-programas/cadastro-unico"),
            None,
        ),
    ] {
        let (file_name, size, sha, bytes) = match bytes {
            Some((n, b)) => (
                Some(n.to_owned()),
                b.len() as i32,
                Some(hex::encode(Sha256::digest(&b))),
                Some(b),
            ),
            None => (None, 0, None, None),
        };
        region_campaign_material::Entity::insert(region_campaign_material::ActiveModel {
            id: Set(Uuid::now_v7()),
            campaign_id: Set(id),
            title: Set(title.into()),
            kind: Set(kind.into()),
            url: Set(url.map(str::to_owned)),
            file_name: Set(file_name),
            size_bytes: Set(size),
            sha256: Set(sha),
            bytes: Set(bytes),
            created_at: Set(now),
        })
        .exec(tx)
        .await?;
    }
    let actions: [DemoAction; 5] = [
        (
            "3147105",
            "Mutirão de atualização no CRAS Centro",
            12,
            "Dois dias de atendimento sem agendamento no CRAS Centro, com a equipe do Cadastro Único e a busca ativa das famílias da lista do consórcio.",
            214,
            Some(400),
            Some(
                "Fila de famílias no pátio do CRAS Centro, atendidas por duas entrevistadoras em mesas com notebooks",
            ),
        ),
        (
            "3147105",
            "Busca ativa na zona rural",
            5,
            "Visitas às comunidades rurais com o carro do CRAS Rural, levando o formulário e o folheto da campanha.",
            63,
            Some(120),
            None,
        ),
        (
            "3133808",
            "Cadastro Único na feira de domingo",
            9,
            "Tenda da assistência social na feira livre, com orientação e agendamento para a atualização.",
            158,
            Some(350),
            Some(
                "Tenda azul da assistência social na feira livre, com uma técnica entregando folhetos a uma senhora",
            ),
        ),
        (
            "3151404",
            "Atualização nas escolas municipais",
            7,
            "Reunião com as famílias na saída das escolas, com a lista dos cadastros vencidos de cada bairro.",
            96,
            None,
            None,
        ),
        (
            "3130200",
            "Carro de som e atendimento estendido",
            3,
            "Chamada das famílias pelo carro de som e CRAS aberto até as 19h durante a semana da campanha.",
            41,
            Some(80),
            None,
        ),
    ];
    for (n, (code, title, ago, text, people, materials, photo)) in actions.into_iter().enumerate() {
        let aid = Uuid::now_v7();
        region_campaign_action::Entity::insert(region_campaign_action::ActiveModel {
            id: Set(aid),
            campaign_id: Set(id),
            entity_id: Set(entity(code)?.0),
            title: Set(title.into()),
            happened_on: Set(day - Duration::days(ago)),
            description: Set(text.into()),
            people_reached: Set(people),
            materials_given: Set(materials),
            created_by: Set(None),
            created_at: Set(now),
        })
        .exec(tx)
        .await?;
        if let Some(alt) = photo {
            let (p, t) = crate::platform::media::photo_and_thumb("file", &picture(n as u8 + 2))
                .map_err(|e| store::Error::Other(e.message))?;
            region_campaign_photo::Entity::insert(region_campaign_photo::ActiveModel {
                id: Set(Uuid::now_v7()),
                action_id: Set(aid),
                alt: Set(alt.into()),
                width: Set(p.width as i32),
                height: Set(p.height as i32),
                jpeg: Set(p.jpeg),
                thumb: Set(t.jpeg),
                created_at: Set(now),
            })
            .exec(tx)
            .await?;
        }
    }
    Ok(())
}
