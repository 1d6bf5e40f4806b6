//! Registration of participants: the public form (open only during the conference's registration
//! stage), assisted registration by staff (any time, with the person's consent recorded), the
//! receipt, and the staff list. Quota self-declarations go to `registration_sensitive`, apart.
//!
//! The public form never tells whether a CPF is registered (issue 19): a self-service registration
//! with a CPF that a registration of the conference already holds registers nothing, but gets the
//! same receipt as any other ("Inscrição recebida", a code, the same e-mail to the address typed).
//! The code is that of a [`registration_attempt`]: the credentialing desk recognizes it and shows
//! the registration holding the CPF, so the real owner of a CPF someone else used can have it put
//! right there, with a document; the holder's e-mail is told that someone tried (at most once an
//! hour), and the staff list shows the attempts until someone marks them resolved.

use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use chrono::{DateTime, NaiveDate, Utc};
use domain::calendar::parse_date;
use domain::participants::{
    PRIVACY_NOTICE_VERSION, Profile, check_profile, parse_codes, registration_code,
};
use domain::policy::Action;
use domain::values::{
    AccessNeed, Category, Cpf, DelegateOrigin, Email, QuotaGroup, Seat, Segment, optional, required,
};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::{
    conference, eixo, registration, registration_attempt, registration_sensitive, stage, territory,
    unit,
};
use uuid::Uuid;

/// The registration form as typed. Checkbox lists come as repeated keys.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegistrationInput {
    pub name: String,
    pub social_name: String,
    pub category: String,
    pub segment: String,
    pub seat: String,
    pub origin: String,
    pub represents: String,
    pub territory_id: String,
    pub unit_id: String,
    /// The eixo the person wants to work on in the working groups (an eixo id; blank = "tanto
    /// faz").
    pub preferred_eixo: String,
    pub cpf: String,
    pub email: String,
    pub phone: String,
    pub birth_date: String,
    pub trust_position: bool,
    pub needs: Vec<String>,
    pub needs_other: String,
    pub quotas: Vec<String>,
    /// Read the privacy notice and agree (self) / the person agreed (assisted).
    pub consent: bool,
    /// Specific, highlighted consent for the sensitive self-declarations (LGPD art. 11 I).
    pub sensitive_consent: bool,
}

impl RegistrationInput {
    /// From form pairs (repeated keys for checkboxes).
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut i = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "name" => i.name = v.clone(),
                "social_name" => i.social_name = v.clone(),
                "category" => i.category = v.clone(),
                "segment" => i.segment = v.clone(),
                "seat" => i.seat = v.clone(),
                "origin" => i.origin = v.clone(),
                "represents" => i.represents = v.clone(),
                "territory_id" => i.territory_id = v.clone(),
                "unit_id" => i.unit_id = v.clone(),
                "preferred_eixo" => i.preferred_eixo = v.clone(),
                "cpf" => i.cpf = v.clone(),
                "email" => i.email = v.clone(),
                "phone" => i.phone = v.clone(),
                "birth_date" => i.birth_date = v.clone(),
                "trust_position" => i.trust_position = !v.is_empty(),
                "needs" => i.needs.push(v.clone()),
                "needs_other" => i.needs_other = v.clone(),
                "quotas" => i.quotas.push(v.clone()),
                "consent" => i.consent = !v.is_empty(),
                "sensitive_consent" => i.sensitive_consent = !v.is_empty(),
                _ => {}
            }
        }
        i
    }
}

/// How a registration came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The person, on the public form (only while registration is open).
    SelfService,
    /// Staff for a person without phone or e-mail, with the person's consent.
    Assisted,
    /// At the desk on the day.
    WalkIn,
    /// From a spreadsheet the council keeps (`app::participants::import`); consent attested by the importer.
    Import,
    /// Elected at the conference of the stage before and carried here (`app::plenary::elections::carry`).
    Election,
}

impl Source {
    fn code(self) -> &'static str {
        match self {
            Source::SelfService => "self",
            Source::Assisted => "assisted",
            Source::WalkIn => "walk_in",
            Source::Import => "import",
            Source::Election => "election",
        }
    }
}

/// When the public form is open: the conference's registration stages (not cancelled).
pub async fn registration_windows(
    db: &Db,
    conference_id: Uuid,
) -> store::Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    Ok(stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(conference_id))
        .filter(stage::Column::Kind.eq("registration"))
        .filter(stage::Column::Cancelled.eq(false))
        .order_by_asc(stage::Column::StartsAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|s| {
            (
                s.starts_at,
                s.ends_at.unwrap_or(s.starts_at + chrono::Duration::days(1)),
            )
        })
        .collect())
}

/// What the public registration page needs.
#[derive(Debug, Clone, Serialize)]
pub struct FormContext {
    pub slug: String,
    pub title: String,
    pub open: bool,
    /// The windows, as text in the conference zone.
    pub windows: Vec<String>,
    pub territories: Vec<(String, String)>,
    pub units: Vec<(String, String)>,
    /// (id, "Eixo N: title") for the preferred eixo.
    pub eixos: Vec<(String, String)>,
    /// (code, description with the conference's rights) for the category choice.
    pub categories: Vec<(String, String)>,
}

pub async fn form_context(db: &Db, slug: &str) -> Result<FormContext, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let tz: chrono_tz::Tz = c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
    let ws = registration_windows(db, c.id).await?;
    let now = Utc::now();
    let categories = crate::setup::categories::rights(db, c.id).await?.options();
    Ok(FormContext {
        categories,
        open: ws.iter().any(|(s, e)| *s <= now && now <= *e),
        windows: ws
            .iter()
            .map(|(s, e)| crate::setup::conference::when(*s, Some(*e), tz))
            .collect(),
        territories: territory::Entity::find()
            .filter(territory::Column::ConferenceId.eq(c.id))
            .order_by_asc(territory::Column::Position)
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|t| (t.id.to_string(), t.name))
            .collect(),
        units: unit::Entity::find()
            .filter(unit::Column::ConferenceId.eq(c.id))
            .order_by_asc(unit::Column::Name)
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|u| (u.id.to_string(), u.name))
            .collect(),
        eixos: eixo::Entity::find()
            .filter(eixo::Column::ConferenceId.eq(c.id))
            .order_by_asc(eixo::Column::Number)
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|e| (e.id.to_string(), format!("Eixo {}: {}", e.number, e.title)))
            .collect(),
        slug: c.slug,
        title: c.title,
    })
}

/// The receipt shown after registering (and sent by e-mail when there is one).
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub conference_title: String,
    pub slug: String,
    pub code: String,
    pub display_name: String,
    pub category_label: String,
    pub segment_label: Option<String>,
    pub needs: Vec<String>,
    pub emailed: bool,
    /// Gave a CPF, an e-mail or a date of birth, so can open "Meus dados" alone
    /// (`crate::participants::my_data`); otherwise the secretariat or the CRAS shows the data.
    pub can_self_serve: bool,
}

fn pick_uuid(
    field: &str,
    label: &str,
    input: &str,
    allowed: &[Uuid],
    inv: &mut Invalid,
) -> Option<Uuid> {
    if input.trim().is_empty() {
        return None;
    }
    match Uuid::parse_str(input.trim()) {
        Ok(id) if allowed.contains(&id) => Some(id),
        _ => {
            inv.push(FieldError::new(field, format!("Escolha {label} da lista")));
            None
        }
    }
}

/// A registration that passed every check that needs no database.
#[derive(Clone)]
pub(crate) struct Valid {
    pub name: String,
    pub social_name: Option<String>,
    pub category: Category,
    pub segment: Option<Segment>,
    pub seat: Option<Seat>,
    pub origin: Option<DelegateOrigin>,
    pub represents: Option<String>,
    pub territory_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub preferred_eixo_id: Option<Uuid>,
    pub cpf: Option<Cpf>,
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub trust_position: bool,
    pub needs: Vec<AccessNeed>,
    pub needs_other: Option<String>,
    pub quotas: Vec<QuotaGroup>,
}

/// Every field check of a registration (all errors at once), against the conference's
/// territories, units and eixos. Uniqueness of the CPF is the caller's (it needs the database).
pub(crate) fn validate(
    i: &RegistrationInput,
    source: Source,
    places: &Places,
) -> Result<Valid, Invalid> {
    let (territories, units) = (&places.territories[..], &places.units[..]);
    let mut inv = Invalid::default();
    let name = inv.take(required("name", "o nome completo", &i.name, 150));
    let social_name = inv.take(optional(
        "social_name",
        "O nome social",
        &i.social_name,
        150,
    ));
    let category = inv.take(Category::parse(&i.category));
    let segment = if i.segment.trim().is_empty() {
        Some(None)
    } else {
        inv.take(Segment::parse(&i.segment)).map(Some)
    };
    let seat = if i.seat.trim().is_empty() {
        Some(None)
    } else {
        inv.take(Seat::parse(&i.seat)).map(Some)
    };
    let origin = if i.origin.trim().is_empty() {
        Some(None)
    } else {
        inv.take(DelegateOrigin::parse(&i.origin)).map(Some)
    };
    let represents = inv.take(optional(
        "represents",
        "O órgão, entidade ou unidade que representa",
        &i.represents,
        200,
    ));
    let territory_id = pick_uuid(
        "territory_id",
        "o território",
        &i.territory_id,
        territories,
        &mut inv,
    );
    let unit_id = pick_uuid("unit_id", "a unidade", &i.unit_id, units, &mut inv);
    let preferred_eixo_id = pick_uuid(
        "preferred_eixo",
        "o eixo",
        &i.preferred_eixo,
        &places.eixos,
        &mut inv,
    );
    let cpf = if i.cpf.trim().is_empty() {
        Some(None)
    } else {
        inv.take(Cpf::parse(&i.cpf)).map(Some)
    };
    let email = if i.email.trim().is_empty() {
        Some(None)
    } else {
        inv.take(Email::parse(&i.email)).map(Some)
    };
    let phone = inv.take(optional("phone", "O telefone", &i.phone, 30));
    if let Some(Some(p)) = &phone
        && p.chars().filter(char::is_ascii_digit).count() < 10
    {
        inv.push(FieldError::new(
            "phone",
            "Telefone com DDD: pelo menos 10 números, como (37) 99999-1234",
        ));
    }
    let birth_date: Option<Option<NaiveDate>> = if i.birth_date.trim().is_empty() {
        Some(None)
    } else {
        inv.take(parse_date(
            "birth_date",
            "a data de nascimento",
            &i.birth_date,
        ))
        .map(Some)
    };
    if let Some(Some(b)) = birth_date
        && (b > Utc::now().date_naive() || chrono::Datelike::year(&b) < 1900)
    {
        inv.push(FieldError::new(
            "birth_date",
            "Data de nascimento fora do possível",
        ));
    }
    let needs = inv.take(parse_codes(&i.needs, AccessNeed::parse));
    let needs_other = inv.take(optional(
        "needs_other",
        "Outras necessidades",
        &i.needs_other,
        300,
    ));
    let quotas = inv.take(parse_codes(&i.quotas, QuotaGroup::parse));
    if !i.consent {
        inv.push(FieldError::new(
            "consent",
            if source == Source::SelfService {
                "Para se inscrever, leia o aviso de privacidade e marque que concorda"
            } else {
                "Confirme que a pessoa ouviu o aviso de privacidade e concordou"
            },
        ));
    }
    if quotas.as_ref().is_some_and(|q| !q.is_empty()) && !i.sensitive_consent {
        inv.push(FieldError::new(
            "sensitive_consent",
            "Para registrar a autodeclaração de cotas, marque a autorização específica logo abaixo dela (ou desmarque os grupos)",
        ));
    }
    if let (Some(category), Some(segment), Some(needs), Some(quotas)) =
        (category, segment, needs.clone(), quotas.clone())
        && let Err(e) = check_profile(&Profile {
            category,
            segment,
            trust_position: i.trust_position,
            needs,
            quotas,
        })
    {
        e.0.into_iter().for_each(|x| inv.push(x));
    }
    let (
        Some(name),
        Some(social_name),
        Some(category),
        Some(segment),
        Some(seat),
        Some(origin),
        Some(represents),
        Some(cpf),
        Some(email),
        Some(phone),
        Some(birth_date),
        Some(needs),
        Some(needs_other),
        Some(quotas),
    ) = (
        name,
        social_name,
        category,
        segment,
        seat,
        origin,
        represents,
        cpf,
        email,
        phone,
        birth_date,
        needs,
        needs_other,
        quotas,
    )
    else {
        return Err(inv);
    };
    inv.into_result()?;
    Ok(Valid {
        name,
        social_name,
        category,
        segment,
        seat,
        origin,
        represents,
        territory_id,
        unit_id,
        preferred_eixo_id,
        cpf,
        email,
        phone,
        birth_date,
        trust_position: i.trust_position,
        needs,
        needs_other,
        quotas,
    })
}

/// The ids of the conference's territories, units and eixos (what a registration may point to).
#[derive(Debug, Clone, Default)]
pub(crate) struct Places {
    pub territories: Vec<Uuid>,
    pub units: Vec<Uuid>,
    pub eixos: Vec<Uuid>,
}

pub(crate) async fn places(db: &Db, conference_id: Uuid) -> store::Result<Places> {
    let territories = territory::Entity::find()
        .filter(territory::Column::ConferenceId.eq(conference_id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    let units = unit::Entity::find()
        .filter(unit::Column::ConferenceId.eq(conference_id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let eixos = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(conference_id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    Ok(Places {
        territories,
        units,
        eixos,
    })
}

pub(crate) const CPF_TAKEN: &str = "Este CPF já está inscrito nesta conferência. Se precisa corrigir a inscrição, procure a secretaria";

/// The registration of the conference holding a CPF.
async fn holder_of(
    db: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
    cpf: &Cpf,
) -> store::Result<Option<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(conference_id))
        .filter(registration::Column::Cpf.eq(cpf.digits()))
        .one(db)
        .await?)
}

/// The refusal staff see when registering a CPF already registered. Those who may see the
/// registrations (credentialing staff, the commission) are told which one holds it, so that the
/// person in front of them can have it checked against a document and corrected.
fn cpf_taken_for_staff(may_see: bool, holder: &registration::Model) -> String {
    if may_see {
        format!(
            "Este CPF já está inscrito nesta conferência: inscrição {}, em nome de {}. Se o CPF é da pessoa à sua frente, confira um documento com foto e corrija aquela inscrição (Inscrições › Corrigir); se a inscrição não é dela, procure a comissão organizadora",
            holder.code,
            holder.display_name()
        )
    } else {
        CPF_TAKEN.to_owned()
    }
}

/// The receipt e-mail. The one for the public form says "recebemos", true both of a new
/// registration and of an attempt with a CPF already registered (which get the same e-mail).
fn receipt_mail(
    title: &str,
    display: &str,
    code: &str,
    category: &str,
    source: Source,
) -> (String, String) {
    let subject = format!("Inscrição {code}: {title}");
    let body = if source == Source::SelfService {
        format!(
            "Olá, {display}.\n\nRecebemos sua inscrição na {title}.\n\nCódigo de inscrição: {code}\nCategoria: {category}\n\nNo credenciamento, apresente este código e um documento com foto.\n"
        )
    } else {
        format!(
            "Olá, {display}.\n\nSua inscrição na {title} foi registrada.\n\nCódigo de inscrição: {code}\nCategoria: {category}\n\nApresente este código (ou o QR do seu crachá) no credenciamento.\n"
        )
    };
    (subject, body)
}

/// The receipt of a checked registration (or of an attempt: the same, from what was typed).
fn receipt_of(c: &conference::Model, code: String, v: &Valid) -> Receipt {
    Receipt {
        conference_title: c.title.clone(),
        slug: c.slug.clone(),
        code,
        display_name: v.social_name.clone().unwrap_or_else(|| v.name.clone()),
        category_label: v.category.label().into(),
        segment_label: v.segment.map(|s| s.label().into()),
        needs: v.needs.iter().map(|n| n.label().to_owned()).collect(),
        emailed: v.email.is_some(),
        can_self_serve: crate::participants::my_data::can_self_serve(
            v.cpf.is_some(),
            v.email.is_some(),
            v.birth_date.is_some(),
        ),
    }
}

/// Registers a person. `me` is the staff member for assisted and walk-in registrations (checked
/// against the policy); self-service needs no login but an open registration window. A
/// self-service registration with a CPF already registered here becomes an attempt (module docs).
pub async fn register(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &RegistrationInput,
    source: Source,
) -> Result<Receipt, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    if source != Source::SelfService {
        allow(me, Action::RegisterParticipants(scope))?;
    }
    if source == Source::SelfService {
        let now = Utc::now();
        let ws = registration_windows(db, c.id).await?;
        if !ws.iter().any(|(s, e)| *s <= now && now <= *e) {
            let tz: chrono_tz::Tz = c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
            let when: Vec<String> = ws
                .iter()
                .map(|(s, e)| crate::setup::conference::when(*s, Some(*e), tz))
                .collect();
            return Err(Invalid::one(
                "form",
                &if when.is_empty() {
                    "As inscrições desta conferência não estão abertas. Procure a secretaria do conselho ou o CRAS mais próximo.".to_owned()
                } else {
                    format!(
                        "As inscrições pela internet não estão abertas agora (período: {}). Procure a secretaria do conselho ou o CRAS mais próximo.",
                        when.join("; ")
                    )
                },
            )
            .into());
        }
    }
    let places = places(db, c.id).await?;
    let valid = validate(i, source, &places);
    let mut inv = match &valid {
        Ok(_) => Invalid::default(),
        Err(e) => e.clone(),
    };
    let holder = match Cpf::parse(&i.cpf) {
        Ok(cpf) => holder_of(&db.conn, c.id, &cpf).await?,
        Err(_) => None,
    };
    let may_see = allow(me, Action::ViewParticipants(scope)).is_ok();
    if source != Source::SelfService
        && let Some(h) = &holder
    {
        inv.push(FieldError::new("cpf", cpf_taken_for_staff(may_see, h)));
    }
    inv.into_result()?;
    let Ok(v) = valid else {
        unreachable!("errors returned above")
    };
    if source == Source::SelfService
        && let Some(h) = holder
    {
        return attempt(db, &c, &v, &h).await;
    }
    let tx = db.write().await?;
    let assisted_by = if source == Source::SelfService {
        None
    } else {
        me.map(|m| m.account.id)
    };
    let (id, code) = match insert(&tx, c.id, &v, source, assisted_by, None).await {
        Ok(x) => x,
        Err(e) if e.is_conflict_on("cpf") => {
            // Registered a moment ago by someone else.
            drop(tx);
            let h = match &v.cpf {
                Some(cpf) => holder_of(&db.conn, c.id, cpf).await?,
                None => None,
            };
            return match h {
                Some(h) if source == Source::SelfService => attempt(db, &c, &v, &h).await,
                Some(h) => Err(Invalid::one("cpf", cpf_taken_for_staff(may_see, &h)).into()),
                None => Err(Invalid::one("cpf", CPF_TAKEN).into()),
            };
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(e) = &v.email {
        let display = v.social_name.clone().unwrap_or_else(|| v.name.clone());
        let (subject, body) = receipt_mail(&c.title, &display, &code, v.category.label(), source);
        crate::platform::mail::enqueue(&tx, e.as_str(), &subject, &body).await?;
    }
    tx.commit().await?;
    if v.email.is_some() {
        crate::platform::mail::wake();
    }
    tracing::info!(registration = %id, source = source.code(), "registration created");
    Ok(receipt_of(&c, code, &v))
}

/// A self-service registration with a CPF that `holder` already holds: nothing is registered; the
/// attempt is kept for the desk, the person gets the same receipt (page and e-mail) as for a new
/// registration with the attempt's code, and the holder's e-mail is told (once an hour at most),
/// without anything the new person typed.
async fn attempt(
    db: &Db,
    c: &conference::Model,
    v: &Valid,
    holder: &registration::Model,
) -> Result<Receipt, Fail> {
    let now = Utc::now();
    let tx = db.write().await?;
    let code = fresh_code(&tx, c.id).await?;
    let told_lately = registration_attempt::Entity::find()
        .filter(registration_attempt::Column::RegistrationId.eq(holder.id))
        .filter(registration_attempt::Column::CreatedAt.gt(now - chrono::Duration::hours(1)))
        .count(&tx)
        .await?
        > 0;
    let id = Uuid::now_v7();
    registration_attempt::Entity::insert(registration_attempt::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        registration_id: Set(holder.id),
        code: Set(code.clone()),
        name: Set(v.name.clone()),
        social_name: Set(v.social_name.clone()),
        email: Set(v.email.as_ref().map(|e| e.as_str().to_owned())),
        phone: Set(v.phone.clone()),
        birth_date: Set(v.birth_date),
        created_at: Set(now),
        resolved_at: Set(None),
        resolved_by: Set(None),
    })
    .exec(&tx)
    .await?;
    let mut mailed = false;
    if let Some(e) = &v.email {
        let display = v.social_name.clone().unwrap_or_else(|| v.name.clone());
        let (subject, body) = receipt_mail(
            &c.title,
            &display,
            &code,
            v.category.label(),
            Source::SelfService,
        );
        crate::platform::mail::enqueue(&tx, e.as_str(), &subject, &body).await?;
        mailed = true;
    }
    if !told_lately && let Some(to) = &holder.email {
        let tz: chrono_tz::Tz = c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
        let when = now.with_timezone(&tz).format("%d/%m/%Y, às %H:%M");
        let body = format!(
            "Olá, {}.\n\nEm {when}, alguém preencheu o formulário de inscrição da {} com o CPF da sua inscrição (código {}).\n\nNenhuma inscrição nova foi feita: a sua continua valendo, e nada dela foi mostrado a quem preencheu o formulário.\n\nSe foi você, não precisa fazer nada.\n\nSe não foi você, ou se você não reconhece a inscrição {}, alguém pode estar usando o seu CPF: procure a secretaria do conselho ou o credenciamento da conferência com um documento com foto. A equipe vê este aviso e corrige a inscrição.\n\n-- \nConferências de Assistência Social (mensagem automática, não responda)\n",
            holder.display_name(),
            c.title,
            holder.code,
            holder.code,
        );
        crate::platform::mail::enqueue(
            &tx,
            to,
            &format!("Tentativa de inscrição com o seu CPF: {}", c.title),
            &body,
        )
        .await?;
        mailed = true;
    }
    tx.commit().await?;
    if mailed {
        crate::platform::mail::wake();
    }
    tracing::info!(registration = %holder.id, attempt = %id, "public registration with a CPF already registered");
    Ok(receipt_of(c, code, v))
}

/// An attempt (public registration with a CPF already registered) as staff see it.
#[derive(Clone, Serialize)]
pub struct AttemptRow {
    pub id: String,
    /// When, in the conference's zone.
    pub at: String,
    /// The code the person was given.
    pub code: String,
    /// The name typed (the social name when given).
    pub name: String,
    /// The e-mail, phone and date of birth typed, to reach and identify the person.
    pub contact: String,
    /// The registration holding the CPF.
    pub holder_code: String,
    pub holder_name: String,
}

impl std::fmt::Debug for AttemptRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttemptRow")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// The attempts of a conference nobody marked resolved, oldest first.
async fn open_attempts(
    db: &impl sea_orm::ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<AttemptRow>> {
    let tz: chrono_tz::Tz = c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
    let rows = registration_attempt::Entity::find()
        .filter(registration_attempt::Column::ConferenceId.eq(c.id))
        .filter(registration_attempt::Column::ResolvedAt.is_null())
        .order_by_asc(registration_attempt::Column::CreatedAt)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        let Some(h) = registration::Entity::find_by_id(a.registration_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let contact = [
            a.email.clone(),
            a.phone.clone(),
            a.birth_date
                .map(|d| format!("nascimento {}", d.format("%d/%m/%Y"))),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        out.push(AttemptRow {
            id: a.id.to_string(),
            at: a
                .created_at
                .with_timezone(&tz)
                .format("%d/%m/%Y %H:%M")
                .to_string(),
            code: a.code,
            name: a.social_name.unwrap_or(a.name),
            contact: if contact.is_empty() {
                "sem contato".into()
            } else {
                contact
            },
            holder_code: h.code.clone(),
            holder_name: h.display_name().to_owned(),
        });
    }
    Ok(out)
}

/// Marks an attempt resolved (the desk checked the documents and corrected what was needed); its
/// warning leaves the desk and the list.
pub async fn resolve_attempt(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::CorrectRegistration(scope))?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| Fail::NotFound)?;
    let tx = db.write().await?;
    let done = registration_attempt::Entity::update_many()
        .col_expr(
            registration_attempt::Column::ResolvedAt,
            sea_orm::sea_query::Expr::value(Some(Utc::now())),
        )
        .col_expr(
            registration_attempt::Column::ResolvedBy,
            sea_orm::sea_query::Expr::value(me.map(|m| m.account.id)),
        )
        .filter(registration_attempt::Column::Id.eq(id))
        .filter(registration_attempt::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    if done.rows_affected != 1 {
        return Err(Fail::NotFound);
    }
    tx.commit().await?;
    tracing::info!(attempt = %id, "registration attempt resolved");
    Ok(())
}

/// Registrations with attempts not yet resolved: id → the latest attempt's time.
pub(crate) async fn attempts_by_registration(
    db: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<HashMap<Uuid, DateTime<Utc>>> {
    let mut out: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    for a in registration_attempt::Entity::find()
        .filter(registration_attempt::Column::ConferenceId.eq(conference_id))
        .filter(registration_attempt::Column::ResolvedAt.is_null())
        .all(db)
        .await?
    {
        let e = out.entry(a.registration_id).or_insert(a.created_at);
        if a.created_at > *e {
            *e = a.created_at;
        }
    }
    Ok(out)
}

/// The attempt a receipt code belongs to (not resolved or resolved), with the registration holding
/// the CPF.
pub(crate) async fn attempt_by_code(
    db: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
    code: &str,
) -> store::Result<Option<(registration_attempt::Model, registration::Model)>> {
    let Some(a) = registration_attempt::Entity::find()
        .filter(registration_attempt::Column::ConferenceId.eq(conference_id))
        .filter(registration_attempt::Column::Code.eq(code))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(registration::Entity::find_by_id(a.registration_id)
        .one(db)
        .await?
        .map(|h| (a, h)))
}

/// A registration as the correction form shows it (staff; quota self-declarations are not part
/// of it: they are the person's own, changed only by the person). Also the CPF on file, masked.
pub async fn correction_input(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code: &str,
) -> Result<(FormContext, RegistrationInput, Option<String>), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::CorrectRegistration(scope))?;
    let r = active_by_code(db, c.id, code).await?;
    let i = RegistrationInput {
        name: r.name.clone(),
        social_name: r.social_name.clone().unwrap_or_default(),
        category: r.category.clone(),
        segment: r.segment.clone().unwrap_or_default(),
        seat: r.seat.clone().unwrap_or_default(),
        origin: r.origin.clone().unwrap_or_default(),
        represents: r.represents.clone().unwrap_or_default(),
        territory_id: r.territory_id.map(|t| t.to_string()).unwrap_or_default(),
        unit_id: r.unit_id.map(|t| t.to_string()).unwrap_or_default(),
        preferred_eixo: r
            .preferred_eixo_id
            .map(|t| t.to_string())
            .unwrap_or_default(),
        // Never shown in full: left blank, it keeps the CPF on file (shown masked beside it).
        cpf: String::new(),
        email: r.email.clone().unwrap_or_default(),
        phone: r.phone.clone().unwrap_or_default(),
        birth_date: r.birth_date.map(|d| d.to_string()).unwrap_or_default(),
        trust_position: r.trust_position,
        needs: r
            .needs
            .split(',')
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect(),
        needs_other: r.needs_other.clone().unwrap_or_default(),
        quotas: Vec::new(),
        consent: true,
        sensitive_consent: false,
    };
    let masked = r
        .cpf
        .as_deref()
        .and_then(|c| Cpf::parse(c).ok())
        .map(|c| c.masked());
    Ok((form_context(db, slug).await?, i, masked))
}

async fn active_by_code(
    db: &Db,
    conference_id: Uuid,
    code: &str,
) -> Result<registration::Model, Fail> {
    let code = domain::participants::normalize_code(code).ok_or(Fail::NotFound)?;
    registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(conference_id))
        .filter(registration::Column::Code.eq(code))
        .filter(registration::Column::Status.eq("active"))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)
}

/// Corrects a registration's data with the same checks as registering; the consent already
/// given stays, and so do the quota self-declarations. Returns the name shown.
pub async fn correct(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code: &str,
    i: &RegistrationInput,
) -> Result<String, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::CorrectRegistration(scope))?;
    let r = active_by_code(db, c.id, code).await?;
    let places = places(db, c.id).await?;
    let mut input = i.clone();
    if input.cpf.trim().is_empty()
        && let Some(c) = &r.cpf
    {
        input.cpf = c.clone();
    }
    input.consent = true;
    input.quotas.clear();
    input.sensitive_consent = false;
    let valid = validate(&input, Source::Assisted, &places);
    let mut inv = match &valid {
        Ok(_) => Invalid::default(),
        Err(e) => e.clone(),
    };
    if let Ok(cpf) = Cpf::parse(&input.cpf)
        && r.cpf.as_deref() != Some(cpf.digits())
        && let Some(h) = holder_of(&db.conn, c.id, &cpf).await?
    {
        inv.push(FieldError::new("cpf", cpf_taken_for_staff(true, &h)));
    }
    inv.into_result()?;
    let Ok(v) = valid else {
        unreachable!("errors returned above")
    };
    let tx = db.write().await?;
    let id = r.id;
    let mut am: registration::ActiveModel = r.into();
    am.search_key = Set(domain::text::search_key(&format!(
        "{} {}",
        v.name,
        v.social_name.as_deref().unwrap_or("")
    )));
    am.name = Set(v.name.clone());
    am.social_name = Set(v.social_name.clone());
    am.category = Set(v.category.code().into());
    am.segment = Set(v.segment.map(|s| s.code().into()));
    am.seat = Set(v.seat.map(|s| s.code().into()));
    am.origin = Set(v.origin.map(|s| s.code().into()));
    am.represents = Set(v.represents.clone());
    am.territory_id = Set(v.territory_id);
    am.unit_id = Set(v.unit_id);
    am.preferred_eixo_id = Set(v.preferred_eixo_id);
    am.cpf = Set(v.cpf.as_ref().map(|c| c.digits().to_owned()));
    am.email = Set(v.email.as_ref().map(|e| e.as_str().to_owned()));
    am.phone = Set(v.phone.clone());
    am.birth_date = Set(v.birth_date);
    am.trust_position = Set(v.trust_position);
    am.needs = Set(v
        .needs
        .iter()
        .map(|n| n.code())
        .collect::<Vec<_>>()
        .join(","));
    am.needs_other = Set(v.needs_other.clone());
    am.updated_at = Set(Utc::now());
    if let Err(e) = sea_orm::ActiveModelTrait::update(am, &tx).await {
        let e = store::Error::from_db(e);
        if e.is_conflict_on("cpf") {
            return Err(Invalid::one("cpf", CPF_TAKEN).into());
        }
        return Err(e.into());
    }
    tx.commit().await?;
    tracing::info!(registration = %id, by = %me.map(|m| m.account.id.to_string()).unwrap_or_default(), "registration corrected");
    Ok(v.social_name.unwrap_or(v.name))
}

/// Inserts a checked registration (and its sensitive part) inside the caller's transaction, with
/// a fresh registration code. Returns the id and the code.
pub(crate) async fn insert(
    tx: &sea_orm::DatabaseTransaction,
    conference_id: Uuid,
    v: &Valid,
    source: Source,
    assisted_by: Option<Uuid>,
    import_key: Option<String>,
) -> store::Result<(Uuid, String)> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    let code = fresh_code(tx, conference_id).await?;
    registration::Entity::insert(registration::ActiveModel {
        id: Set(id),
        conference_id: Set(conference_id),
        code: Set(code.clone()),
        search_key: Set(domain::text::search_key(&format!(
            "{} {}",
            v.name,
            v.social_name.as_deref().unwrap_or("")
        ))),
        name: Set(v.name.clone()),
        social_name: Set(v.social_name.clone()),
        category: Set(v.category.code().into()),
        segment: Set(v.segment.map(|s| s.code().into())),
        seat: Set(v.seat.map(|s| s.code().into())),
        origin: Set(v.origin.map(|s| s.code().into())),
        represents: Set(v.represents.clone()),
        territory_id: Set(v.territory_id),
        unit_id: Set(v.unit_id),
        preferred_eixo_id: Set(v.preferred_eixo_id),
        cpf: Set(v.cpf.as_ref().map(|c| c.digits().to_owned())),
        email: Set(v.email.as_ref().map(|e| e.as_str().to_owned())),
        phone: Set(v.phone.clone()),
        birth_date: Set(v.birth_date),
        trust_position: Set(v.trust_position),
        needs: Set(v
            .needs
            .iter()
            .map(|n| n.code())
            .collect::<Vec<_>>()
            .join(",")),
        needs_other: Set(v.needs_other.clone()),
        consent_version: Set(PRIVACY_NOTICE_VERSION.into()),
        consented_at: Set(now),
        source: Set(source.code().into()),
        assisted_by: Set(assisted_by),
        import_key: Set(import_key),
        status: Set("active".into()),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(tx)
    .await
    .map_err(store::Error::from_db)?;
    if !v.quotas.is_empty() {
        registration_sensitive::Entity::insert(registration_sensitive::ActiveModel {
            registration_id: Set(id),
            conference_id: Set(conference_id),
            quotas: Set(v
                .quotas
                .iter()
                .map(|q| q.code())
                .collect::<Vec<_>>()
                .join(",")),
            declared_at: Set(now),
        })
        .exec(tx)
        .await?;
    }
    Ok((id, code))
}

/// A registration code no registration and no attempt of the conference has.
async fn fresh_code(
    tx: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<String> {
    for _ in 0..5 {
        let mut r = [0u8; 5];
        r.copy_from_slice(&Uuid::new_v4().as_bytes()[..5]);
        let code = registration_code(r);
        let taken = registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(conference_id))
            .filter(registration::Column::Code.eq(&code))
            .count(tx)
            .await?
            + registration_attempt::Entity::find()
                .filter(registration_attempt::Column::ConferenceId.eq(conference_id))
                .filter(registration_attempt::Column::Code.eq(&code))
                .count(tx)
                .await?
            > 0;
        if !taken {
            return Ok(code);
        }
    }
    Err(store::Error::Other("no free registration code".into()))
}

/// One row of the staff list (CPF masked).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub code: String,
    pub display_name: String,
    pub category_label: String,
    pub segment_label: String,
    pub cpf_masked: Option<String>,
    pub source: String,
    pub needs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub label: String,
    pub n: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    pub slug: String,
    pub title: String,
    pub rows: Vec<Row>,
    pub total: u64,
    pub by_category: Vec<Count>,
    pub by_segment: Vec<Count>,
    /// Quota self-declarations as counts (only for roles allowed to see sensitive data).
    pub by_quota: Option<Vec<Count>>,
    /// Public registrations with a CPF already registered, not yet resolved.
    pub attempts: Vec<AttemptRow>,
}

/// The registrations of a conference for staff, filtered by `q` (name or code, accent-insensitive).
pub async fn listing(db: &Db, me: Option<&Me>, slug: &str, q: &str) -> Result<Listing, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ViewParticipants(scope))?;
    let all = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq("active"))
        .order_by_asc(registration::Column::SearchKey)
        .all(&db.conn)
        .await?;
    let key = domain::text::search_key(q);
    let code = domain::participants::normalize_code(q);
    let count =
        |f: &dyn Fn(&registration::Model) -> bool| all.iter().filter(|r| f(r)).count() as u64;
    let by_category = Category::ALL
        .iter()
        .map(|k| Count {
            label: k.label().into(),
            n: count(&|r| r.category == k.code()),
        })
        .collect();
    let by_segment = Segment::ALL
        .iter()
        .map(|k| Count {
            label: k.label().into(),
            n: count(&|r| r.segment.as_deref() == Some(k.code())),
        })
        .collect();
    let by_quota = if allow(me, Action::ViewSensitive(scope)).is_ok() {
        let s = registration_sensitive::Entity::find()
            .filter(registration_sensitive::Column::ConferenceId.eq(c.id))
            .all(&db.conn)
            .await?;
        Some(
            QuotaGroup::ALL
                .iter()
                .map(|g| Count {
                    label: g.label().into(),
                    n: s.iter()
                        .filter(|x| x.quotas.split(',').any(|q| q == g.code()))
                        .count() as u64,
                })
                .collect(),
        )
    } else {
        None
    };
    let rows = all
        .iter()
        .filter(|r| {
            key.is_empty()
                || r.search_key.contains(&key)
                || code.as_deref() == Some(r.code.as_str())
        })
        .take(500)
        .map(|r| Row {
            code: r.code.clone(),
            display_name: r.display_name().to_owned(),
            category_label: Category::parse(&r.category)
                .map(|c| c.label())
                .unwrap_or("")
                .into(),
            segment_label: r
                .segment
                .as_deref()
                .and_then(|s| Segment::parse(s).ok())
                .map(|s| s.label())
                .unwrap_or("—")
                .into(),
            cpf_masked: r
                .cpf
                .as_deref()
                .and_then(|c| Cpf::parse(c).ok())
                .map(|c| c.masked()),
            source: match r.source.as_str() {
                "self" => "pela internet",
                "assisted" => "assistida",
                "walk_in" => "no local",
                "import" => "planilha",
                "election" => "eleito(a) na etapa anterior",
                _ => "",
            }
            .into(),
            needs: r
                .needs
                .split(',')
                .filter_map(|n| AccessNeed::parse(n).ok())
                .map(|n| n.label().to_owned())
                .collect(),
        })
        .collect();
    let attempts = open_attempts(&db.conn, &c).await?;
    Ok(Listing {
        attempts,
        slug: c.slug,
        title: c.title,
        total: all.len() as u64,
        rows,
        by_category,
        by_segment,
        by_quota,
    })
}

/// Registrations of a conference, for tests and counts.
pub async fn count(db: &Db, conference: &conference::Model) -> store::Result<u64> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(conference.id))
        .count(&db.conn)
        .await?)
}

/// People who asked for one accessibility need, with today's presence.
#[derive(Debug, Clone, Serialize)]
pub struct NeedGroup {
    pub label: String,
    pub people: Vec<(String, bool)>,
    pub present: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NeedsReport {
    pub title: String,
    /// The day shown, DD/MM/AAAA.
    pub day: String,
    /// Whether the day shown is today (presence so far) or another day.
    pub is_today: bool,
    /// Days to choose from: (YYYY-MM-DD, DD/MM/AAAA, selected): the conference days and today.
    pub days: Vec<(String, String, bool)>,
    pub groups: Vec<NeedGroup>,
    pub other: Vec<(String, String)>,
}

/// The needs report for the commission, per day: per need, who asked and who was present that
/// day (`day` in YYYY-MM-DD; empty = today). Days offered: the conference days and today.
pub async fn needs_report(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    day: &str,
) -> Result<NeedsReport, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ViewParticipants(scope))?;
    let tz: chrono_tz::Tz = c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
    let now_day = Utc::now().with_timezone(&tz).date_naive();
    let today = if day.trim().is_empty() {
        now_day
    } else {
        NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
            .map_err(|_| Invalid::one("dia", "Dia inválido: escolha um dia da lista"))?
    };
    let mut choices: Vec<NaiveDate> = c
        .starts_on
        .iter_days()
        .take_while(|d| *d <= c.ends_on)
        .take(31)
        .collect();
    for d in [now_day, today] {
        if !choices.contains(&d) {
            choices.push(d);
        }
    }
    choices.sort();
    let days = choices
        .iter()
        .map(|d| (d.to_string(), d.format("%d/%m/%Y").to_string(), *d == today))
        .collect();
    let regs = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq("active"))
        .order_by_asc(registration::Column::SearchKey)
        .all(&db.conn)
        .await?;
    let present: Vec<Uuid> = store::entities::checkin::Entity::find()
        .filter(store::entities::checkin::Column::ConferenceId.eq(c.id))
        .filter(store::entities::checkin::Column::Day.eq(today))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|i| i.registration_id)
        .collect();
    let groups = AccessNeed::ALL
        .iter()
        .map(|n| {
            let people: Vec<(String, bool)> = regs
                .iter()
                .filter(|r| r.needs.split(',').any(|x| x == n.code()))
                .map(|r| (r.display_name().to_owned(), present.contains(&r.id)))
                .collect();
            NeedGroup {
                label: n.label().into(),
                present: people.iter().filter(|p| p.1).count(),
                people,
            }
        })
        .collect();
    Ok(NeedsReport {
        title: c.title,
        day: today.format("%d/%m/%Y").to_string(),
        is_today: today == now_day,
        days,
        groups,
        other: regs
            .iter()
            .filter_map(|r| {
                r.needs_other
                    .clone()
                    .map(|o| (r.display_name().to_owned(), o))
            })
            .collect(),
    })
}
