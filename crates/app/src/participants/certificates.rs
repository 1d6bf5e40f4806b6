//! Certificates of participation. The commission issues them for the people credentialed on at
//! least one day (hours = days present × hours per day); each has a verification code that is
//! the only way to reach it: the PDF at `/certificados/{code}.pdf` and the public check at
//! `/verificar` (name, conference, hours, date; never a CPF).

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::{DateTime, Utc};
use domain::FieldError;
use domain::participants::{certificate_code, normalize_certificate_code};
use domain::policy::Action;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use store::Db;
use store::entities::registration::RegistrationStatus;
use store::entities::{certificate, checkin, conference, registration};
use uuid::Uuid;

/// Hours per day when the form leaves it blank.
pub const DEFAULT_HOURS_PER_DAY: i32 = 8;

/// One issued certificate, for the staff page.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedRow {
    pub display_name: String,
    pub registration_code: String,
    pub code: String,
    pub hours: i32,
}

/// The staff page: who was credentialed, what was issued.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub slug: String,
    pub title: String,
    pub checked_in: u64,
    pub issued: Vec<IssuedRow>,
}

/// What issuing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Issued {
    pub created: u64,
    pub updated: u64,
}

/// Active registrations with their days present.
async fn days_present(db: &Db, c: &conference::Model) -> store::Result<BTreeMap<Uuid, i32>> {
    let active: Vec<Uuid> = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let mut days: BTreeMap<Uuid, i32> = BTreeMap::new();
    for k in checkin::Entity::find()
        .filter(checkin::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?
    {
        if active.contains(&k.registration_id) {
            *days.entry(k.registration_id).or_default() += 1;
        }
    }
    Ok(days)
}

pub async fn overview(db: &Db, me: Option<&Me>, slug: &str) -> Result<Overview, Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let checked_in = days_present(db, &c).await?.len() as u64;
    let regs: HashMap<Uuid, registration::Model> = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut issued: Vec<IssuedRow> = certificate::Entity::find()
        .filter(certificate::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .filter_map(|x| {
            let r = regs.get(&x.registration_id)?;
            Some(IssuedRow {
                display_name: r.display_name().to_owned(),
                registration_code: r.code.clone(),
                code: x.code,
                hours: x.hours,
            })
        })
        .collect();
    issued.sort_by(|a, b| {
        domain::text::search_key(&a.display_name).cmp(&domain::text::search_key(&b.display_name))
    });
    Ok(Overview {
        slug: c.slug,
        title: c.title,
        checked_in,
        issued,
    })
}

/// Issues (or brings up to date) the certificates of everyone credentialed on at least one day.
/// `hours_per_day` as typed (blank = 8). One transaction; nothing written on error.
pub async fn issue(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    hours_per_day: &str,
) -> Result<Issued, Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let hpd = if hours_per_day.trim().is_empty() {
        DEFAULT_HOURS_PER_DAY
    } else {
        match hours_per_day.trim().parse::<i32>() {
            Ok(h) if (1..=24).contains(&h) => h,
            _ => {
                return Err(FieldError::new(
                    "horas",
                    "Informe as horas por dia como um número inteiro de 1 a 24",
                )
                .into());
            }
        }
    };
    let days = days_present(db, &c).await?;
    if days.is_empty() {
        return Err(FieldError::new(
            "horas",
            "Ninguém foi credenciado(a) ainda: os certificados são só para quem esteve presente em pelo menos um dia",
        )
        .into());
    }
    let now = Utc::now();
    let tx = db.write().await?;
    let existing: HashMap<Uuid, certificate::Model> = certificate::Entity::find()
        .filter(certificate::Column::ConferenceId.eq(c.id))
        .all(&tx)
        .await?
        .into_iter()
        .map(|x| (x.registration_id, x))
        .collect();
    let mut out = Issued {
        created: 0,
        updated: 0,
    };
    for (rid, n) in days {
        let hours = n * hpd;
        if let Some(x) = existing.get(&rid) {
            if x.hours != hours {
                certificate::Entity::update(certificate::ActiveModel {
                    id: Set(x.id),
                    hours: Set(hours),
                    ..Default::default()
                })
                .exec(&tx)
                .await?;
                out.updated += 1;
            }
            continue;
        }
        let mut code = String::new();
        for attempt in 0..5 {
            code = certificate_code(rand::random());
            let taken = certificate::Entity::find()
                .filter(certificate::Column::Code.eq(&code))
                .count(&tx)
                .await?
                > 0;
            if !taken {
                break;
            }
            if attempt == 4 {
                return Err(store::Error::Other("no free certificate code".into()).into());
            }
        }
        certificate::Entity::insert(certificate::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            registration_id: Set(rid),
            code: Set(code),
            hours: Set(hours),
            issued_at: Set(now),
        })
        .exec(&tx)
        .await?;
        out.created += 1;
    }
    tx.commit().await?;
    tracing::info!(conference = %c.id, created = out.created, updated = out.updated, "certificates issued");
    Ok(out)
}

/// What the public verification page shows: no CPF, no contact, only what the paper says.
#[derive(Debug, Clone, Serialize)]
pub struct Verified {
    pub code: String,
    pub display_name: String,
    pub category_label: String,
    pub conference_title: String,
    pub conference_dates: String,
    pub place: String,
    pub hours: i32,
    pub issued_on: String,
}

fn dates(c: &conference::Model) -> String {
    domain::calendar::days_label(c.starts_on, c.ends_on)
}

fn issued_on(at: DateTime<Utc>, tz: &str) -> String {
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
    at.with_timezone(&tz).format("%d/%m/%Y").to_string()
}

/// A certificate by its verification code as typed (case, spaces, hyphens ignored). An unknown
/// code, or one of a cancelled or anonymized registration, is `NotFound`.
pub async fn verify(db: &Db, code: &str) -> Result<Verified, Fail> {
    let code = normalize_certificate_code(code).ok_or(Fail::NotFound)?;
    let x = certificate::Entity::find()
        .filter(certificate::Column::Code.eq(&code))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let r = registration::Entity::find_by_id(x.registration_id)
        .one(&db.conn)
        .await?
        .filter(|r| r.status == RegistrationStatus::Active)
        .ok_or(Fail::NotFound)?;
    let c = conference::Entity::find_by_id(x.conference_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    Ok(Verified {
        code: x.code,
        display_name: r.display_name().to_owned(),
        category_label: crate::participants::short_category(&r.category),
        conference_dates: dates(&c),
        place: c.place_name.clone(),
        hours: x.hours,
        issued_on: issued_on(x.issued_at, &c.time_zone),
        conference_title: c.title,
    })
}

/// The certificate as a PDF (A4 landscape), by its verification code.
pub async fn certificate_pdf(db: &Db, code: &str) -> Result<(Vec<u8>, String), Fail> {
    let v = verify(db, code).await?;
    let body = format!(
        "Certificamos que {} participou da {}, realizada em {} ({}), na condição de {}, com carga horária de {} horas.",
        v.display_name,
        v.conference_title,
        v.conference_dates,
        v.place,
        v.category_label.to_lowercase(),
        v.hours
    );
    let data = serde_json::json!({
        "title": format!("Certificado {}", v.code),
        "author": v.conference_title,
        "heading": "CERTIFICADO DE PARTICIPAÇÃO",
        "body": body,
        "issued": format!("Emitido em {}.", v.issued_on),
        "signature": "Comissão organizadora",
        "code": format!("Código de verificação: {}", v.code),
        "check": "Confira a autenticidade na página /verificar da plataforma da conferência.",
    });
    let pdf = reports::typeset(reports::Template::Certificate, &data, Vec::new(), None)
        .map_err(|e| store::Error::Other(e.to_string()))?;
    Ok((pdf, v.code))
}

/// Certificates of a conference (tests and counts).
pub async fn count(db: &Db, conference_id: Uuid) -> store::Result<u64> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::ConferenceId.eq(conference_id))
        .order_by_asc(certificate::Column::IssuedAt)
        .count(&db.conn)
        .await?)
}
