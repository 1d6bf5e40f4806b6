//! The demo: a municipal conference of the 2025 cycle (XIV), with its CMAS, four territories,
//! eight units and a calendar like a real municipal process. All people are invented.

mod calendar;
mod logins;
mod meetings;
mod online;
mod pdf;
mod setup;

pub use pdf::demo_pdf;

use super::rows::{conference_defaults, d, insert_body, insert_eixos, slug_exists};
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{conference, federative_entity as fe, territory, unit};
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

/// Seeds the demo unless a conference with its slug exists. Returns true if it seeded.
///
/// Safe when several instances start at once on one database: the seed runs in one exclusive
/// transaction (`Db::write_exclusive`) that checks again for the demo before writing, so exactly
/// one instance seeds and the others return false.
pub async fn seed(db: &Db) -> Result<bool> {
    crate::platform::tenancy::ensure_entities(db).await?;
    if slug_exists(&db.conn, DEMO_SLUG).await? {
        return Ok(false);
    }
    let city = fe::Entity::find()
        .filter(fe::Column::IbgeCode.eq("3147105"))
        .one(&db.conn)
        .await?
        .ok_or(store::Error::NotFound)?;
    let now = Utc::now();
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
        process_starts_on: Set(d(2025, 3, 31)),
        process_ends_on: Set(d(2025, 7, 11)),
        starts_on: Set(d(2025, 7, 3)),
        ends_on: Set(d(2025, 7, 4)),
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
            })
            .exec(&tx)
            .await?;
        }
    }
    let meetings_stage = calendar::insert_calendar(&tx, conf_id, now).await?;
    logins::insert_logins(&tx, hashes, (body_id, conf_id, cras_centro), now).await?;
    setup::seed_setup(&tx, conf_id, now).await?;
    online::seed_online(&tx, conf_id, now, participant_hash).await?;
    if let Some(stage_id) = meetings_stage {
        meetings::seed_meetings(&tx, (conf_id, stage_id), &unit_ids, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The demo as `conferencia demo` and `serve --demo` seed it: [`seed`], then the finished
/// conference of the earlier cycle with its accepted report (`demo_history`), each only if
/// missing. Returns whether the main demo was seeded now.
pub async fn seed_with_history(db: &Db) -> Result<bool> {
    let seeded = seed(db).await?;
    ensure_history(db).await?;
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
