//! The demo: a municipal conference of the 2025 cycle (XIV), with its CMAS, four territories,
//! eight units and a calendar like a real municipal process, live on the day it is seeded: its
//! conference day is that day (in São Paulo), the mobilization in the weeks before, and its
//! people registered, most already credentialed. All people are invented.

mod calendar;
mod consortium;
mod council;
mod logins;
mod meetings;
mod members;
mod online;
mod orientation;
mod pdf;
mod people;
mod setup;

pub use consortium::{DEMO_CHAMBER_LOGIN, DEMO_CONSORTIUM};
pub use orientation::{DEMO_QUESTIONS, DEMO_STATE_LOGIN, STATE_2025_SLUG};
pub use pdf::demo_pdf;

use super::rows::{conference_defaults, insert_body, insert_eixos, sao_paulo_day, slug_exists};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{conference, conference_unit, federative_entity as fe, territory, unit};
use store::{Db, Result};
use uuid::Uuid;

pub const DEMO_SLUG: &str = "para-de-minas-2025";

/// Demo logins (synthetic): (login, password, what it can do).
pub const DEMO_LOGINS: &[(&str, &str, &str)] = &[
    (
        "admin@demo.conferencia.local",
        "demo-admin-2025",
        "administração da plataforma",
    ),
    (
        "secretaria@demo.conferencia.local",
        "demo-secretaria-2025",
        "secretaria executiva do CMAS",
    ),
    (
        "comissao@demo.conferencia.local",
        "demo-comissao-2025",
        "comissão organizadora",
    ),
    (
        "articulador.cras.centro",
        "demo-articulador-2025",
        "articulador(a) do CRAS Centro (login sem e-mail)",
    ),
];

/// A demo account without any role: someone from the public who signed up for the etapa
/// digital.
pub const DEMO_PARTICIPANT: (&str, &str, &str) = (
    "participante@demo.conferencia.local",
    "demo-participante-2025",
    "participante da etapa digital (conta sem papel)",
);

const EIXOS_2025: &[&str] = &[
    "Universalização do SUAS: Acesso Integral com Equidade e Respeito às Diversidades",
    "Aperfeiçoamento Contínuo do SUAS: Inovação, Gestão Descentralizada e Valorização Profissional",
    "Integração de Benefícios e Serviços Socioassistenciais: Fortalecendo a Proteção Social, Segurança de Renda e a Inclusão Social no Sistema Único de Assistência Social (SUAS)",
    "Gestão Democrática, informação no SUAS e comunicação transparente: fortalecendo a participação social no SUAS",
    "Sustentabilidade Financeira e Equidade no Cofinanciamento do SUAS",
];

/// argon2id with the crate's default (OWASP) parameters. Takes tens of milliseconds of CPU:
/// async code calls [`crate::platform::passwords::hash`], which runs this on the blocking pool.
pub fn hash_password(p: &str) -> Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(p.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| store::Error::Other(e.to_string()))
}

/// Seeds the demo conference without its people (council, territories, units, calendar with
/// today as the conference day, logins, preparation, etapa digital, units' meetings) unless a
/// conference with its slug exists: what the tests build their own people on. Returns true if
/// it seeded. `conferencia demo` and `serve --demo` seed the whole demo with
/// [`seed_with_history`].
pub async fn seed(db: &Db) -> Result<bool> {
    seed_on(db, Utc::now()).await
}

/// [`seed`] as if it were `now`: the conference day is the day of `now` in São Paulo (the tests
/// seed it on a fixed day, `testkit::demo_clock`).
pub async fn seed_on(db: &Db, now: DateTime<Utc>) -> Result<bool> {
    seed_at(db, now, false).await
}

/// Seeds the demo unless a conference with its slug exists, as if it were `now`: its conference
/// day is the day of `now` in São Paulo; with `people`, its registrations and this morning's
/// check-ins too, in the same transaction. Returns true if it seeded. A demo seeded on an
/// earlier day is left as it is (its conference day stays that day; start on a new database for
/// a live one).
///
/// Safe when several instances start at once on one database: the seed runs in one exclusive
/// transaction (`Db::write_exclusive`) that checks again for the demo before writing, so exactly
/// one instance seeds and the others return false.
async fn seed_at(db: &Db, now: DateTime<Utc>, people: bool) -> Result<bool> {
    crate::platform::tenancy::ensure_entities(db).await?;
    if slug_exists(&db.conn, DEMO_SLUG).await? {
        return Ok(false);
    }
    let city = fe::Entity::find()
        .filter(fe::Column::IbgeCode.eq("3147105"))
        .one(&db.conn)
        .await?
        .ok_or(store::Error::NotFound)?;
    let day = sao_paulo_day(now);
    let mut hashes: Vec<String> = Vec::with_capacity(DEMO_LOGINS.len());
    for (_, p, _) in DEMO_LOGINS {
        hashes.push(crate::platform::passwords::hash(p).await?);
    }
    let participant_hash = crate::platform::passwords::hash(DEMO_PARTICIPANT.1).await?;

    let tx = db.write_exclusive().await?;
    if slug_exists(&tx, DEMO_SLUG).await? {
        return Ok(false); // another instance seeded it while we waited
    }
    // The porte is the one the IBGE population gives (Pará de Minas, 97,139 in 2022: Médio).
    let body_id = insert_body(
        &tx,
        (
            "cmas",
            "Conselho Municipal de Assistência Social de Pará de Minas",
            "CMAS Pará de Minas",
        ),
        city.id,
        now,
    )
    .await?;
    let conf_id = Uuid::now_v7();
    conference::Entity::insert(conference::ActiveModel {
        id: Set(conf_id),
        body_id: Set(body_id),
        slug: Set(DEMO_SLUG.into()),
        level: Set("municipal".into()),
        edition: Set(14),
        title: Set("XIV Conferência Municipal de Assistência Social de Pará de Minas".into()),
        cycle_year: Set(2025),
        theme: Set("20 anos do SUAS: construção, proteção social e resistência".into()),
        lema: Set(None),
        process_starts_on: Set(day - chrono::Duration::days(94)),
        process_ends_on: Set(day + chrono::Duration::days(8)),
        starts_on: Set(day),
        ends_on: Set(day),
        venue: Set(Some("Centro Cultural Municipal".into())),
        venue_address: Set(Some("Praça Central, s/n, Centro, Pará de Minas/MG".into())),
        format: Set("presencial".into()),
        time_zone: Set("America/Sao_Paulo".into()),
        parent_id: Set(None),
        place_name: Set("Pará de Minas/MG".into()),
        search_key: Set(domain::text::search_key(
            "Pará de Minas MG XIV Conferência Municipal de Assistência Social",
        )),
        ..conference_defaults(now)
    })
    .exec(&tx)
    .await?;
    insert_eixos(&tx, conf_id, EIXOS_2025).await?;
    let territories = [
        (
            "Território Centro",
            [("cras", "CRAS Centro"), ("centro_pop", "Centro POP")],
        ),
        (
            "Território Norte",
            [("cras", "CRAS Norte"), ("creas", "CREAS Regional Norte")],
        ),
        (
            "Território Sul",
            [("cras", "CRAS Sul"), ("cras", "CRAS São José")],
        ),
        (
            "Território Rural",
            [("cras", "CRAS Rural"), ("creas", "CREAS Municipal")],
        ),
    ];
    let mut cras_centro = None;
    let mut unit_ids: Vec<(&str, Uuid)> = Vec::new();
    for (pos, (tname, units)) in territories.iter().enumerate() {
        let tid = Uuid::now_v7();
        territory::Entity::insert(territory::ActiveModel {
            id: Set(tid),
            conference_id: Set(conf_id),
            name: Set((*tname).into()),
            position: Set(pos as i32),
            body_id: Set(body_id),
            archived_at: Set(None),
        })
        .exec(&tx)
        .await?;
        for (kind, name) in units {
            let uid = Uuid::now_v7();
            if *name == "CRAS Centro" {
                cras_centro = Some(uid);
            }
            unit_ids.push((name, uid));
            unit::Entity::insert(unit::ActiveModel {
                id: Set(uid),
                conference_id: Set(conf_id),
                territory_id: Set(tid),
                kind: Set((*kind).into()),
                name: Set((*name).into()),
                address: Set(None),
                body_id: Set(body_id),
                archived_at: Set(None),
                phone: Set(None),
            })
            .exec(&tx)
            .await?;
            conference_unit::Entity::insert(conference_unit::ActiveModel {
                conference_id: Set(conf_id),
                unit_id: Set(uid),
            })
            .exec(&tx)
            .await?;
        }
    }
    let meetings_stage = calendar::insert_calendar(&tx, conf_id, day, now).await?;
    calendar::insert_programme(&tx, conf_id, day, now).await?;
    logins::insert_logins(&tx, hashes, (body_id, conf_id, cras_centro), now).await?;
    setup::seed_setup(&tx, conf_id, day, now).await?;
    online::seed_online(&tx, conf_id, now, participant_hash).await?;
    members::seed_members(&tx, body_id, day, now).await?;
    council::seed_council(&tx, (body_id, conf_id), day, now).await?;
    if let Some(stage_id) = meetings_stage {
        meetings::seed_meetings(&tx, (conf_id, stage_id), &unit_ids, (day, now)).await?;
    }
    if people {
        let conf = conference::Entity::find_by_id(conf_id)
            .one(&tx)
            .await?
            .ok_or(store::Error::NotFound)?;
        let units: Vec<Uuid> = unit_ids.iter().map(|(_, id)| *id).collect();
        people::seed_people(&tx, &conf, &units, (day, now)).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The demo as `conferencia demo` and `serve --demo` seed it: the demo conference with its
/// people, live today (see [`seed_with_history_on`]), then the finished conference of the
/// earlier cycle with its accepted report and the reports of the neighbouring municipalities
/// (`demo::history`), then the state conference of 2025 above the demo with its published
/// orientation (`orientation`), each only if missing. Returns whether the main demo was seeded now.
pub async fn seed_with_history(db: &Db) -> Result<bool> {
    seed_with_history_on(db, Utc::now()).await
}

/// [`seed_with_history`] as if it were `now`: the main demo's conference day is the day of
/// `now` in São Paulo, its people registered and this morning's arrivals credentialed.
pub async fn seed_with_history_on(db: &Db, now: DateTime<Utc>) -> Result<bool> {
    let seeded = seed_at(db, now, true).await?;
    ensure_history(db).await?;
    crate::demo::history::neighbours(db).await?;
    orientation::seed(db, now).await?;
    consortium::seed(db, now).await?;
    Ok(seeded)
}

/// Seeds the finished conference of the earlier cycle (`demo_history`) if it is missing.
async fn ensure_history(db: &Db) -> Result<()> {
    let Some(c) = conference::Entity::find()
        .filter(conference::Column::Slug.eq(DEMO_SLUG))
        .one(&db.conn)
        .await?
    else {
        return Ok(());
    };
    crate::demo::history::seed(db, c.body_id).await?;
    Ok(())
}
