//! The demo: a municipal conference of the 2025 cycle (XIV), with its CMAS, four territories,
//! eight units and a calendar like a real municipal process. All people are invented.

use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{
    account, body, conference, eixo, federative_entity as fe, role_grant, stage, stage_change,
    territory, unit,
};
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

const EIXOS_2025: &[&str] = &[
    "Universalização do SUAS: Acesso Integral com Equidade e Respeito às Diversidades",
    "Aperfeiçoamento Contínuo do SUAS: Inovação, Gestão Descentralizada e Valorização Profissional",
    "Integração de Benefícios e Serviços Socioassistenciais: Fortalecendo a Proteção Social, Segurança de Renda e a Inclusão Social no Sistema Único de Assistência Social (SUAS)",
    "Gestão Democrática, informação no SUAS e comunicação transparente: fortalecendo a participação social no SUAS",
    "Sustentabilidade Financeira e Equidade no Cofinanciamento do SUAS",
];

/// argon2id with the crate's default (OWASP) parameters.
pub fn hash_password(p: &str) -> Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(p.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| store::Error::Other(e.to_string()))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid demo date")
}

/// Seeds the demo unless a conference with its slug exists. Returns true if it seeded.
pub async fn seed(db: &Db) -> Result<bool> {
    crate::tenancy::ensure_entities(db).await?;
    if conference::Entity::find()
        .filter(conference::Column::Slug.eq(DEMO_SLUG))
        .count(&db.conn)
        .await?
        > 0
    {
        return Ok(false);
    }
    let city = fe::Entity::find()
        .filter(fe::Column::IbgeCode.eq("3147105"))
        .one(&db.conn)
        .await?
        .ok_or(store::Error::NotFound)?;
    let now = Utc::now();
    let tz = chrono_tz::America::Sao_Paulo;
    let at = |y, m, dd, h, mi| {
        tz.with_ymd_and_hms(y, m, dd, h, mi, 0)
            .single()
            .expect("demo time")
            .with_timezone(&Utc)
    };
    let hashes: Vec<String> = DEMO_LOGINS
        .iter()
        .map(|(_, p, _)| hash_password(p))
        .collect::<Result<_>>()?;

    let tx = db.write().await?;
    // Porte entered by an admin (the shipped IBGE list has no population).
    let mut c: fe::ActiveModel = city.clone().into();
    c.porte = Set(Some("MEDIO".into()));
    c.porte_source = Set(Some("admin".into()));
    fe::Entity::update(c).exec(&tx).await?;

    let body_id = Uuid::now_v7();
    body::Entity::insert(body::ActiveModel {
        id: Set(body_id),
        kind: Set("cmas".into()),
        name: Set("Conselho Municipal de Assistência Social de Pará de Minas".into()),
        acronym: Set("CMAS Pará de Minas".into()),
        entity_id: Set(Some(city.id)),
        region_id: Set(None),
        created_at: Set(now),
    })
    .exec(&tx)
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
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    for (i, t) in EIXOS_2025.iter().enumerate() {
        eixo::Entity::insert(eixo::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            number: Set(i as i32 + 1),
            title: Set((*t).into()),
            description: Set(None),
        })
        .exec(&tx)
        .await?;
    }
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
    for (kind, title, starts, ends, place, by_units) in stages {
        let sid = Uuid::now_v7();
        if kind == "sharing_actions" {
            sharing_id = Some(sid);
        }
        stage::Entity::insert(stage::ActiveModel {
            id: Set(sid),
            conference_id: Set(conf_id),
            kind: Set(kind.into()),
            title: Set(title.into()),
            description: Set(None),
            starts_at: Set(starts),
            ends_at: Set(ends),
            place: Set(place.map(Into::into)),
            online_url: Set(None),
            set_by_units: Set(by_units),
            cancelled: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(&tx)
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
        .exec(&tx)
        .await?;
    }
    // (role, body, conference, unit) of each demo login
    type Scope = (Option<Uuid>, Option<Uuid>, Option<Uuid>);
    let roles: [(&str, Scope); 4] = [
        ("platform_admin", (None, None, None)),
        ("body_secretariat", (Some(body_id), None, None)),
        (
            "organizing_commission",
            (Some(body_id), Some(conf_id), None),
        ),
        (
            "territorial_articulator",
            (Some(body_id), Some(conf_id), cras_centro),
        ),
    ];
    let names = [
        "Administração (demo)",
        "Secretaria do CMAS (demo)",
        "Comissão organizadora (demo)",
        "Articulador(a) CRAS Centro (demo)",
    ];
    for (i, ((login, _, _), hash)) in DEMO_LOGINS.iter().zip(hashes).enumerate() {
        let aid = Uuid::now_v7();
        let is_email = login.contains('@');
        account::Entity::insert(account::ActiveModel {
            id: Set(aid),
            email: Set(is_email.then(|| (*login).into())),
            username: Set((!is_email).then(|| (*login).into())),
            display_name: Set(names[i].into()),
            password_hash: Set(hash),
            disabled: Set(false),
            created_at: Set(now),
        })
        .exec(&tx)
        .await?;
        let (role, (b, c, u)) = roles[i];
        role_grant::Entity::insert(role_grant::ActiveModel {
            id: Set(Uuid::now_v7()),
            account_id: Set(aid),
            role: Set(role.into()),
            body_id: Set(b),
            conference_id: Set(c),
            unit_id: Set(u),
            created_at: Set(now),
        })
        .exec(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
