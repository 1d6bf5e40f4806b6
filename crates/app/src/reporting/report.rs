//! The final report and its way up (issue 5 items 2–3; ADR 0016).
//!
//! - [`assemble`] reads everything the report needs inside one snapshot transaction
//!   (`Db::snapshot`), so a report generated while people keep working is consistent with one
//!   moment, and returns a `domain::report::Report` for one audience. The writers are in
//!   `crates/reports`.
//! - The commission types what the data cannot say ([`save_draft`]: total hours, accessibility
//!   resources offered, notes).
//! - A version of the report is named by [`content_hash`] (SHA-256 of its council-audience JSON
//!   without the generation time). Commission members confirm a version ([`sign_off`]); a change
//!   to the data makes a new version that needs new confirmations.
//! - [`submit`] sends the confirmed version to the parent conference: refused with every missing
//!   section named, without [`MIN_SIGNOFFS`] confirmations, or while a round waits; sending the
//!   same version twice gives back the same round.
//! - The parent's team sees its inbox ([`inbox`]), runs the checks ([`review`]: every section,
//!   parity of the delegation, deadline), and [`decide`]s: return with a comment, or accept. On
//!   acceptance, in the same transaction, the elected become registrations of the parent
//!   (`elections::carry_in`) and the deliberations addressed to the state or federal level enter
//!   its pool (`received_proposal`).

use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use chrono::{DateTime, Utc};
use domain::policy::Action;
use domain::proposals::AddressedLevel;
use domain::report::{
    self as rm, Audience, Contact, Count, Delegation, Deliberation, EixoSection, ElectedDelegate,
    General, LevelDeliberations, Report,
};
use domain::values::{AccessNeed, Category, Porte, QuotaGroup, Seat, Segment};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use store::Db;
use store::entities::{
    account, body, checkin, conference, eixo, election_result, federative_entity, mocao, proposal,
    proposal_origin, received_proposal, registration, registration_sensitive, report_draft,
    report_signoff, report_submission,
};
use uuid::Uuid;

/// Confirmations by commission members a version needs before it is submitted.
pub const MIN_SIGNOFFS: usize = 2;

fn count(code: &str, label: &str, n: u32) -> Count {
    Count {
        code: code.to_owned(),
        label: label.to_owned(),
        count: n,
    }
}

fn level_initial(level: &str) -> &'static str {
    match level {
        "municipal" => "M",
        "estadual" => "E",
        _ => "F",
    }
}

/// Reads the whole report of `c` at one moment.
pub async fn assemble(db: &Db, c: &conference::Model, audience: Audience) -> Result<Report, Fail> {
    let tx = db.snapshot().await?;
    let r = assemble_in(&tx, c, audience).await;
    // Read-only: nothing to keep.
    tx.rollback().await?;
    r
}

async fn assemble_in(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    audience: Audience,
) -> Result<Report, Fail> {
    let generated_at = Utc::now();
    let b = body::Entity::find_by_id(c.body_id)
        .one(tx)
        .await?
        .ok_or(Fail::NotFound)?;
    let entity = match b.entity_id {
        Some(id) => federative_entity::Entity::find_by_id(id).one(tx).await?,
        None => None,
    };
    let draft = report_draft::Entity::find_by_id(c.id).one(tx).await?;

    // People: everyone registered, the present are those with a check-in.
    let regs = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .all(tx)
        .await?;
    let present: HashSet<Uuid> = checkin::Entity::find()
        .filter(checkin::Column::ConferenceId.eq(c.id))
        .all(tx)
        .await?
        .into_iter()
        .map(|k| k.registration_id)
        .collect();
    let sensitive: HashMap<Uuid, String> = registration_sensitive::Entity::find()
        .filter(registration_sensitive::Column::ConferenceId.eq(c.id))
        .all(tx)
        .await?
        .into_iter()
        .map(|s| (s.registration_id, s.quotas))
        .collect();
    let here: Vec<&registration::Model> = regs.iter().filter(|r| present.contains(&r.id)).collect();
    let by_category = Category::ALL
        .iter()
        .map(|k| {
            let n = here.iter().filter(|r| r.category == k.code()).count() as u32;
            count(k.code(), k.label(), n)
        })
        .collect();
    let by_segment = Segment::ALL
        .iter()
        .map(|s| {
            let n = here
                .iter()
                .filter(|r| r.segment.as_deref() == Some(s.code()))
                .count() as u32;
            count(s.code(), s.label(), n)
        })
        .collect();
    let delegates_by_segment = Segment::ALL
        .iter()
        .map(|s| {
            let n = here
                .iter()
                .filter(|r| {
                    r.category == Category::Delegate.code()
                        && r.segment.as_deref() == Some(s.code())
                })
                .count() as u32;
            count(s.code(), s.label(), n)
        })
        .collect();
    let participants_by_marker = QuotaGroup::ALL
        .iter()
        .filter_map(|q| {
            let n = here
                .iter()
                .filter(|r| {
                    sensitive
                        .get(&r.id)
                        .is_some_and(|s| s.split(',').any(|x| x == q.code()))
                })
                .count() as u32;
            (n > 0).then(|| count(q.code(), q.label(), n))
        })
        .collect();
    let participants_by_need = AccessNeed::ALL
        .iter()
        .filter_map(|a| {
            let n = here
                .iter()
                .filter(|r| r.needs.split(',').any(|x| x == a.code()))
                .count() as u32;
            (n > 0).then(|| count(a.code(), a.label(), n))
        })
        .collect();

    // Deliberations by eixo and level, in the plenary's order, priority first where ranked.
    let mut sections = Vec::new();
    for (e, levels_of) in coded_deliberations(tx, c).await? {
        let mut levels = Vec::new();
        for (l, items) in levels_of {
            levels.push(LevelDeliberations {
                level: l.code().to_owned(),
                level_label: l.label().to_owned(),
                items: items
                    .into_iter()
                    .map(|d| Deliberation {
                        code: d.code,
                        text: d.text,
                        amended: d.proposal.final_text.is_some(),
                        kind: d.proposal.kind.clone(),
                        kind_label: domain::proposals::ProposalKind::label_of(&d.proposal.kind)
                            .to_owned(),
                        priority: d.proposal.priority_rank,
                        origins: d.origins,
                    })
                    .collect(),
            });
        }
        sections.push(EixoSection {
            number: e.number,
            title: e.title.clone(),
            levels,
        });
    }

    // The delegation elected to the next level.
    let settings = crate::plenary::elections::settings_of(tx, c).await?;
    let summary: Option<crate::plenary::elections::Summary> = settings
        .summary
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok());
    let by_id: HashMap<Uuid, &registration::Model> = regs.iter().map(|r| (r.id, r)).collect();
    let mut rows = election_result::Entity::find()
        .filter(election_result::Column::ConferenceId.eq(c.id))
        .all(tx)
        .await?;
    let seg_order = |s: &str| Segment::ALL.iter().position(|g| g.code() == s).unwrap_or(9);
    rows.sort_by_key(|r| {
        (
            r.seat != Seat::Titular.code(),
            seg_order(&r.segment),
            r.position,
        )
    });
    let council = audience == Audience::Council;
    let delegates: Vec<ElectedDelegate> = rows
        .iter()
        .map(|row| {
            let r = by_id.get(&row.registration_id);
            let seg = Segment::parse(&row.segment).ok();
            let seat = Seat::parse(&row.seat).ok();
            ElectedDelegate {
                name: r
                    .map(|r| r.display_name().to_owned())
                    .unwrap_or_else(|| "(inscrição anonimizada)".into()),
                segment: row.segment.clone(),
                segment_label: seg.map(Segment::label).unwrap_or("").to_owned(),
                seat: row.seat.clone(),
                seat_label: seat.map(Seat::label).unwrap_or("").to_owned(),
                position: row.position,
                quota_groups: council.then(|| {
                    sensitive
                        .get(&row.registration_id)
                        .map(|q| {
                            q.split(',')
                                .filter_map(|x| QuotaGroup::parse(x).ok())
                                .map(|g| g.label().to_owned())
                                .collect()
                        })
                        .unwrap_or_default()
                }),
                contact: council.then(|| Contact {
                    email: r.and_then(|r| r.email.clone()),
                    phone: r.and_then(|r| r.phone.clone()),
                }),
            }
        })
        .collect();
    let titulares_by_segment: Vec<Count> = Segment::ALL
        .iter()
        .map(|s| {
            let n = rows
                .iter()
                .filter(|r| r.seat == Seat::Titular.code() && r.segment == s.code())
                .count() as u32;
            count(s.code(), s.label(), n)
        })
        .collect();
    let gov = titulares_by_segment
        .iter()
        .find(|x| x.code == Segment::Government.code())
        .map(|x| x.count)
        .unwrap_or(0);
    let civil: u32 = titulares_by_segment
        .iter()
        .filter(|x| x.code != Segment::Government.code())
        .map(|x| x.count)
        .sum();
    let titulares = rows
        .iter()
        .filter(|r| r.seat == Seat::Titular.code())
        .count() as u32;
    let delegation = Delegation {
        computed: settings.computed_at.is_some(),
        titulares,
        suplentes: rows.len() as u32 - titulares,
        titulares_by_segment,
        quota_titulares: summary.as_ref().map(|s| s.quota_titulares).unwrap_or(0),
        quota_minimum: summary.as_ref().map(|s| s.quota_minimum).unwrap_or(0),
        quota_met: summary.as_ref().is_some_and(|s| s.quota_met),
        parity_ok: titulares > 0 && gov == civil,
        tie_rule: crate::plenary::elections::tie_rule_of(&settings)
            .label()
            .to_owned(),
        delegates,
    };

    let mocoes = mocao::Entity::find()
        .filter(mocao::Column::ConferenceId.eq(c.id))
        .filter(mocao::Column::Status.eq("approved"))
        .order_by_asc(mocao::Column::CreatedAt)
        .order_by_asc(mocao::Column::Id)
        .all(tx)
        .await?
        .into_iter()
        .map(|m| rm::Mocao {
            kind_label: domain::proposals::mocao_kind_label(&m.kind)
                .unwrap_or("")
                .to_owned(),
            addressee: m.addressee,
            text: m.text,
        })
        .collect();

    let porte = entity
        .as_ref()
        .and_then(|e| e.porte.as_deref())
        .and_then(|p| Porte::parse(p).ok());
    let mut used = vec![
        format!(
            "Vagas de delegados(as) titulares: {}{}",
            settings.titulares,
            if settings.seats_source == "entity" {
                format!(" ({})", domain::elections::SAMPLE_LABEL)
            } else {
                " (definidas pela comissão)".to_owned()
            }
        ),
        format!(
            "Desempate na eleição: {}",
            crate::plenary::elections::tie_rule_of(&settings).label()
        ),
        format!(
            "Moções: assinaturas de {}% dos(as) delegados(as) presentes",
            c.mocao_signature_pct
        ),
    ];
    if let Some(p) = c.group_minority_pct {
        used.push(format!(
            "Propostas minoritárias dos grupos: a partir de {p}% dos votos"
        ));
    }
    if let Some(cap) = c.priority_cap {
        used.push(format!(
            "Prioridades: até {cap} deliberações por eixo e nível"
        ));
    }

    Ok(Report {
        schema: rm::SCHEMA.to_owned(),
        audience,
        generated_at: generated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        conference_slug: c.slug.clone(),
        general: General {
            title: c.title.clone(),
            level: c.level.clone(),
            place_name: c.place_name.clone(),
            uf: entity.as_ref().and_then(|e| e.uf.clone()),
            ibge_code: entity.as_ref().and_then(|e| e.ibge_code.clone()),
            porte: porte.map(|p| p.code().to_owned()),
            porte_label: porte.map(|p| p.label().to_owned()),
            body: b.name.clone(),
            edition: c.edition,
            cycle_year: c.cycle_year,
            theme: c.theme.clone(),
            lema: c.lema.clone(),
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            total_hours: draft
                .as_ref()
                .and_then(|d| d.total_minutes)
                .map(|m| f64::from(m) / 60.0),
            venue: c.venue.clone(),
            venue_address: c.venue_address.clone(),
            total_participants: here.len() as u32,
            participants_by_category: by_category,
            participants_by_segment: by_segment,
        },
        delegates_by_segment,
        participants_by_marker,
        participants_by_need,
        eixos: sections,
        delegation,
        mocoes,
        accessibility: draft
            .as_ref()
            .map(|d| {
                d.accessibility
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        evaluation: crate::mobilization::questionnaires::evaluation_in(tx, c.id).await?,
        photos: crate::reporting::photos::in_report(tx, c.id).await?,
        settings: used,
        notes: draft.and_then(|d| d.notes),
    })
}

/// The version of a report: SHA-256 (hex) of its JSON without the generation time.
pub fn content_hash(r: &Report) -> String {
    let mut r = r.clone();
    r.generated_at = String::new();
    let json = serde_json::to_vec(&r).unwrap_or_default();
    hex::encode(Sha256::digest(&json))
}

/// The report for download by the conference's staff. The council audience (contacts and
/// quota groups per delegate) needs the permission to see sensitive data.
pub async fn for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    audience: Audience,
) -> Result<Report, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageReport(scope))?;
    if audience == Audience::Council {
        allow(me, Action::ViewSensitive(scope))?;
    }
    assemble(db, &c, audience).await
}

/// The report for the command line (`conferencia report`): the operator has the database.
pub async fn for_cli(db: &Db, slug: &str, audience: Audience) -> Result<Report, Fail> {
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    assemble(db, &c, audience).await
}

/// The report as accepted by the parent conference (public audience), if it was.
pub async fn published(db: &Db, slug: &str) -> Result<Option<Report>, Fail> {
    Ok(published_with_date(db, slug).await?.map(|(r, _)| r))
}

/// [`published`] with the day it was accepted (DD/MM/AAAA, Brasília; empty if unknown).
pub async fn published_with_date(db: &Db, slug: &str) -> Result<Option<(Report, String)>, Fail> {
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let accepted = report_submission::Entity::find()
        .filter(report_submission::Column::ConferenceId.eq(c.id))
        .filter(report_submission::Column::Status.eq("accepted"))
        .one(&db.conn)
        .await?;
    let Some(s) = accepted else { return Ok(None) };
    let r: Report = serde_json::from_str(&s.report_json)
        .map_err(|e| Fail::Store(store::Error::Other(format!("stored report: {e}"))))?;
    let on = s
        .decided_at
        .map(|t| {
            t.with_timezone(&chrono_tz::America::Sao_Paulo)
                .format("%d/%m/%Y")
                .to_string()
        })
        .unwrap_or_default();
    Ok(Some((public_of(r), on)))
}

/// The public audience of a council-audience report: contacts and quota groups removed.
pub fn public_of(mut r: Report) -> Report {
    r.audience = Audience::Public;
    for d in &mut r.delegation.delegates {
        d.contact = None;
        d.quota_groups = None;
    }
    r
}

// ----- What the commission types ---------------------------------------------------------------

#[derive(Debug, Clone, Default, Serialize)]
pub struct DraftInput {
    pub total_hours: String,
    pub accessibility: String,
    pub notes: String,
}

/// "12,5" or "12.5" or "12" → minutes; 0 < h ≤ 300.
pub fn parse_hours(s: &str) -> Result<Option<i32>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || {
        FieldError::new(
            "total_hours",
            "Informe o total de horas como um número, por exemplo 12 ou 12,5",
        )
    };
    let h: f64 = t.replace(',', ".").parse().map_err(|_| bad())?;
    if !h.is_finite() || h <= 0.0 {
        return Err(bad());
    }
    if h > 300.0 {
        return Err(FieldError::new(
            "total_hours",
            "O total de horas passa de 300: confira o número (some só as horas da conferência, sem os eventos preparatórios)",
        ));
    }
    Ok(Some((h * 60.0).round() as i32))
}

/// The draft's fields as the form shows them.
pub async fn draft(db: &Db, me: Option<&Me>, slug: &str) -> Result<DraftInput, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageReport(scope))?;
    Ok(
        match report_draft::Entity::find_by_id(c.id).one(&db.conn).await? {
            Some(d) => DraftInput {
                total_hours: d
                    .total_minutes
                    .map(|m| rm::hours_pt(f64::from(m) / 60.0))
                    .unwrap_or_default(),
                accessibility: d.accessibility,
                notes: d.notes.unwrap_or_default(),
            },
            None => DraftInput::default(),
        },
    )
}

/// Saves what the commission types. Every field is checked first; nothing is written on error.
pub async fn save_draft(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    input: &DraftInput,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageReport(scope))?;
    let mut errs = Invalid::default();
    let minutes = match parse_hours(&input.total_hours) {
        Ok(m) => m,
        Err(e) => {
            errs.push(e);
            None
        }
    };
    let lines: Vec<&str> = input
        .accessibility
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > 40 {
        errs.push(FieldError::new(
            "accessibility",
            "Liste no máximo 40 recursos de acessibilidade, um por linha",
        ));
    } else if lines.iter().any(|l| l.chars().count() > 300) {
        errs.push(FieldError::new(
            "accessibility",
            "Cada recurso de acessibilidade deve ter no máximo 300 caracteres",
        ));
    }
    let notes = input.notes.trim();
    if notes.chars().count() > 10_000 {
        errs.push(FieldError::new(
            "notes",
            "As observações devem ter no máximo 10.000 caracteres",
        ));
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let tx = db.write().await?;
    let row = report_draft::ActiveModel {
        conference_id: Set(c.id),
        total_minutes: Set(minutes),
        accessibility: Set(lines.join("\n")),
        notes: Set((!notes.is_empty()).then(|| notes.to_owned())),
        updated_by: Set(me.map(|m| m.account.id)),
        updated_at: Set(Utc::now()),
    };
    if report_draft::Entity::find_by_id(c.id)
        .one(&tx)
        .await?
        .is_some()
    {
        report_draft::Entity::update(row).exec(&tx).await?;
    } else {
        report_draft::Entity::insert(row).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

// ----- Sign-off and submission -----------------------------------------------------------------

/// One round as the sending side sees it.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView {
    pub id: String,
    pub round: i32,
    pub status: String,
    pub status_label: &'static str,
    pub submitted_at: String,
    pub decided_at: Option<String>,
    pub comment: Option<String>,
}

impl RoundView {
    /// A round shown in the times of conference `c`.
    fn of(c: &conference::Model, r: &report_submission::Model) -> Self {
        RoundView {
            id: r.id.to_string(),
            round: r.round,
            status: r.status.clone(),
            status_label: status_label(&r.status),
            submitted_at: fmt_time(c, r.submitted_at),
            decided_at: r.decided_at.map(|t| fmt_time(c, t)),
            comment: r.comment.clone(),
        }
    }
}

fn status_label(s: &str) -> &'static str {
    match s {
        "submitted" => "Aguardando análise",
        "returned" => "Devolvido para correção",
        "accepted" => "Aceito",
        _ => "",
    }
}

/// The report's page for the commission.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub slug: String,
    pub title: String,
    pub parent_title: Option<String>,
    pub parent_slug: Option<String>,
    pub hash: String,
    pub short_hash: String,
    pub missing: Vec<String>,
    /// Names of the members who confirmed this version.
    pub signers: Vec<String>,
    pub signed_by_me: bool,
    pub needed: usize,
    pub rounds: Vec<RoundView>,
    pub waiting: bool,
    pub accepted: bool,
    pub can_submit: bool,
    pub deliberations: usize,
    pub report: Report,
    /// The report stage's end (DD/MM/AAAA), if the calendar has one.
    pub deadline: Option<String>,
    /// The photos chosen for section IX, in order (their ids, to remove one).
    pub photos: Vec<crate::reporting::photos::Item>,
    /// How far the deadline is while nothing is waiting or accepted ("Faltam 5 dias", "O prazo
    /// terminou há 2 dias"), and whether it has passed.
    pub deadline_note: Option<(String, bool)>,
}

/// "Faltam 5 dias", "O prazo termina hoje", "O prazo terminou há 2 dias" (and whether late).
fn deadline_note(days_left: i64) -> (String, bool) {
    match days_left {
        d if d < 0 => (
            format!(
                "O prazo terminou há {} dia{}",
                -d,
                if d == -1 { "" } else { "s" }
            ),
            true,
        ),
        0 => ("O prazo termina hoje".into(), false),
        1 => ("Falta 1 dia para o fim do prazo".into(), false),
        d => (format!("Faltam {d} dias para o fim do prazo"), false),
    }
}

fn fmt_time(c: &conference::Model, t: DateTime<Utc>) -> String {
    t.with_timezone(&crate::plenary::regimento::tz_of(c))
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

async fn signers_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    hash: &str,
) -> store::Result<Vec<(Uuid, String)>> {
    let s = report_signoff::Entity::find()
        .filter(report_signoff::Column::ConferenceId.eq(conference_id))
        .filter(report_signoff::Column::ContentHash.eq(hash))
        .order_by_asc(report_signoff::Column::ConfirmedAt)
        .all(db)
        .await?;
    let names: HashMap<Uuid, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(s.iter().map(|x| x.account_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    Ok(s.into_iter()
        .map(|x| {
            let n = names.get(&x.account_id).cloned().unwrap_or_default();
            (x.account_id, n)
        })
        .collect())
}

pub async fn status(db: &Db, me: Option<&Me>, slug: &str) -> Result<Status, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageReport(scope))?;
    let report = assemble(db, &c, Audience::Council).await?;
    let hash = content_hash(&report);
    let signers = signers_of(&db.conn, c.id, &hash).await?;
    let parent = match c.parent_id {
        Some(p) => conference::Entity::find_by_id(p).one(&db.conn).await?,
        None => None,
    };
    let rounds: Vec<report_submission::Model> = report_submission::Entity::find()
        .filter(report_submission::Column::ConferenceId.eq(c.id))
        .order_by_desc(report_submission::Column::Round)
        .all(&db.conn)
        .await?;
    let waiting = rounds.iter().any(|r| r.status == "submitted");
    let accepted = rounds.iter().any(|r| r.status == "accepted");
    let missing = report.missing_sections();
    let me_id = me.map(|m| m.account.id);
    let deadline = crate::reporting::dashboard::report_deadline(&db.conn, c.id).await?;
    let tz = crate::plenary::regimento::tz_of(&c);
    let today = Utc::now().with_timezone(&tz).date_naive();
    let deadline_note = deadline
        .filter(|_| !waiting && !accepted)
        .map(|d| deadline_note((d.with_timezone(&tz).date_naive() - today).num_days()));
    let deadline = deadline.map(|d| d.with_timezone(&tz).format("%d/%m/%Y").to_string());
    let photos = crate::reporting::photos::items(&db.conn, c.id).await?;
    Ok(Status {
        deadline,
        deadline_note,
        photos,
        slug: c.slug.clone(),
        title: c.title.clone(),
        parent_slug: parent.as_ref().map(|p| p.slug.clone()),
        parent_title: parent.map(|p| p.title),
        short_hash: hash[..12].to_owned(),
        signed_by_me: signers.iter().any(|(id, _)| Some(*id) == me_id),
        can_submit: missing.is_empty()
            && signers.len() >= MIN_SIGNOFFS
            && !waiting
            && !accepted
            && c.parent_id.is_some(),
        signers: signers.into_iter().map(|(_, n)| n).collect(),
        needed: MIN_SIGNOFFS,
        hash,
        missing,
        rounds: rounds.iter().map(|r| RoundView::of(&c, r)).collect(),
        waiting,
        accepted,
        deliberations: report.deliberations().count(),
        report: public_of(report),
    })
}

fn changed() -> Fail {
    Invalid::one(
        "hash",
        "O relatório mudou desde que a página foi aberta (alguém alterou os dados da conferência). Confira a nova versão antes de confirmar ou enviar",
    )
    .into()
}

/// A commission member confirms the version `hash` they reviewed. Confirming twice is harmless.
pub async fn sign_off(db: &Db, me: Option<&Me>, slug: &str, hash: &str) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageReport(scope))?;
    let me = me.ok_or(Fail::NeedsLogin)?;
    let report = assemble(db, &c, Audience::Council).await?;
    if content_hash(&report) != hash.trim() {
        return Err(changed());
    }
    let tx = db.write().await?;
    let exists = report_signoff::Entity::find()
        .filter(report_signoff::Column::ConferenceId.eq(c.id))
        .filter(report_signoff::Column::ContentHash.eq(hash.trim()))
        .filter(report_signoff::Column::AccountId.eq(me.account.id))
        .one(&tx)
        .await?;
    if exists.is_none() {
        report_signoff::Entity::insert(report_signoff::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            account_id: Set(me.account.id),
            content_hash: Set(hash.trim().to_owned()),
            confirmed_at: Set(Utc::now()),
        })
        .exec(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The current version when it may be sent (to the parent here, or as a signed package):
/// every section filled and [`MIN_SIGNOFFS`] confirmations of this version. The report
/// (council audience), its version and the names of who confirmed it.
pub(crate) async fn ready_to_send(
    db: &Db,
    c: &conference::Model,
    expected: Option<&str>,
) -> Result<(Report, String, Vec<String>), Fail> {
    let report = assemble(db, c, Audience::Council).await?;
    let current = content_hash(&report);
    if expected.is_some_and(|h| h.trim() != current) {
        return Err(changed());
    }
    let missing = report.missing_sections();
    if !missing.is_empty() {
        return Err(Invalid::one(
            "form",
            format!(
                "O relatório não pode ser enviado: falta preencher {}",
                missing.join("; ")
            ),
        )
        .into());
    }
    let signers = signers_of(&db.conn, c.id, &current).await?;
    if signers.len() < MIN_SIGNOFFS {
        return Err(Invalid::one(
            "form",
            format!(
                "O relatório precisa ser conferido por pelo menos {MIN_SIGNOFFS} membros da comissão antes do envio (conferido por {} até agora)",
                signers.len()
            ),
        )
        .into());
    }
    Ok((
        report,
        current,
        signers.into_iter().map(|(_, n)| n).collect(),
    ))
}

/// Sends the confirmed version `hash` to the parent conference. Sending the version that
/// already waits answers with that round (one submission, however many clicks).
pub async fn submit(db: &Db, me: Option<&Me>, slug: &str, hash: &str) -> Result<Uuid, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageReport(scope))?;
    let parent_id = c.parent_id.ok_or_else(|| {
        Invalid::one(
            "form",
            "Esta conferência não está ligada a uma conferência da etapa seguinte: defina-a nos dados da conferência antes de enviar o relatório",
        )
    })?;
    let decided = |w: report_submission::Model| -> Result<Uuid, Fail> {
        if w.content_hash == hash.trim() {
            return Ok(w.id);
        }
        Err(Invalid::one(
            "form",
            if w.status == "accepted" {
                "O relatório já foi aceito pela conferência da etapa seguinte"
            } else {
                "Já há um envio aguardando a análise da conferência da etapa seguinte"
            },
        )
        .into())
    };
    let pending = || {
        report_submission::Entity::find()
            .filter(report_submission::Column::ConferenceId.eq(c.id))
            .filter(report_submission::Column::Status.is_in(["submitted", "accepted"]))
    };
    if let Some(w) = pending().one(&db.conn).await? {
        return decided(w);
    }
    let (report, current, signers) = ready_to_send(db, &c, Some(hash)).await?;
    let tx = db.write().await?;
    if let Some(w) = pending().one(&tx).await? {
        return decided(w);
    }
    let round = report_submission::Entity::find()
        .filter(report_submission::Column::ConferenceId.eq(c.id))
        .all(&tx)
        .await?
        .len() as i32
        + 1;
    let id = Uuid::now_v7();
    let json = serde_json::to_string(&report)
        .map_err(|e| Fail::Store(store::Error::Other(e.to_string())))?;
    let r = report_submission::Entity::insert(report_submission::ActiveModel {
        id: Set(id),
        conference_id: Set(Some(c.id)),
        parent_id: Set(parent_id),
        round: Set(round),
        status: Set("submitted".into()),
        content_hash: Set(current),
        report_json: Set(json),
        source_title: Set(c.title.clone()),
        source_ibge: Set(report.general.ibge_code.clone()),
        signers: Set(signers.join("\n")),
        via: Set("direct".into()),
        package_id: Set(None),
        submitted_by: Set(me.map(|m| m.account.id)),
        submitted_at: Set(Utc::now()),
        decided_by: Set(None),
        decided_at: Set(None),
        comment: Set(None),
    })
    .exec(&tx)
    .await;
    match r {
        Ok(_) => {}
        // Two clicks at once: the other one's round stands.
        Err(e)
            if store::Error::from_db(e.clone()).is_conflict_on("ux_report_submission_waiting") =>
        {
            drop(tx);
            let w = report_submission::Entity::find()
                .filter(report_submission::Column::ConferenceId.eq(c.id))
                .filter(report_submission::Column::Status.eq("submitted"))
                .one(&db.conn)
                .await?
                .ok_or(Fail::NotFound)?;
            return Ok(w.id);
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    tracing::info!(conference = %c.id, parent = %parent_id, round, "report submitted");
    Ok(id)
}

// ----- The parent's side ---------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
pub struct InboxRow {
    pub id: String,
    pub source_title: String,
    pub round: i32,
    pub status: String,
    pub status_label: &'static str,
    pub submitted_at: String,
    pub via: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Inbox {
    pub slug: String,
    pub title: String,
    pub rows: Vec<InboxRow>,
    pub waiting: usize,
}

/// The reports sent to conference `slug` (its inbox), newest first.
pub async fn inbox(db: &Db, me: Option<&Me>, slug: &str) -> Result<Inbox, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ReviewReports(scope))?;
    let rows = report_submission::Entity::find()
        .filter(report_submission::Column::ParentId.eq(c.id))
        .order_by_desc(report_submission::Column::SubmittedAt)
        .all(&db.conn)
        .await?;
    Ok(Inbox {
        slug: c.slug.clone(),
        title: c.title.clone(),
        waiting: rows.iter().filter(|r| r.status == "submitted").count(),
        rows: rows
            .iter()
            .map(|r| InboxRow {
                id: r.id.to_string(),
                source_title: r.source_title.clone(),
                round: r.round,
                status: r.status.clone(),
                status_label: status_label(&r.status),
                submitted_at: fmt_time(&c, r.submitted_at),
                via: if r.via == "package" {
                    "pacote assinado".into()
                } else {
                    "pela plataforma".into()
                },
            })
            .collect(),
    })
}

/// One completeness check on a received report.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub ok: bool,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub slug: String,
    pub id: String,
    pub source_title: String,
    pub round: i32,
    pub status: String,
    pub status_label: &'static str,
    pub submitted_at: String,
    pub signers: Vec<String>,
    pub comment: Option<String>,
    pub checks: Vec<Check>,
    pub all_ok: bool,
    pub report: Report,
    /// Earlier rounds of the same conference, with the comments given.
    pub history: Vec<RoundView>,
}

async fn load_round(
    db: &impl ConnectionTrait,
    parent: &conference::Model,
    id: &str,
) -> Result<report_submission::Model, Fail> {
    let id = Uuid::parse_str(id).map_err(|_| Fail::NotFound)?;
    report_submission::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|s| s.parent_id == parent.id)
        .ok_or(Fail::NotFound)
}

/// The `n`-th photo of a round sent to `slug` (for its reviewers).
pub async fn round_photo(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    n: usize,
) -> Result<(String, Vec<u8>), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ReviewReports(scope))?;
    let s = load_round(&db.conn, &c, id).await?;
    crate::reporting::photos::nth(&stored_report(&s)?, n)
}

/// The `n`-th photo of the accepted (public) report of `slug`.
pub async fn published_photo(db: &Db, slug: &str, n: usize) -> Result<(String, Vec<u8>), Fail> {
    let (r, _) = published_with_date(db, slug).await?.ok_or(Fail::NotFound)?;
    crate::reporting::photos::nth(&r, n)
}

fn stored_report(s: &report_submission::Model) -> Result<Report, Fail> {
    serde_json::from_str(&s.report_json)
        .map_err(|e| Fail::Store(store::Error::Other(format!("stored report: {e}"))))
}

/// The checks the parent runs: every section, parity of the delegation, the deadline (the end
/// of the sending conference's "Envio do relatório" stage, when it has one).
async fn checks(
    db: &impl ConnectionTrait,
    s: &report_submission::Model,
    r: &Report,
) -> Result<Vec<Check>, Fail> {
    let mut out = Vec::new();
    let missing = r.missing_sections();
    out.push(Check {
        ok: missing.is_empty(),
        label: if missing.is_empty() {
            "Todas as seções estão preenchidas".into()
        } else {
            format!("Faltam seções: {}", missing.join("; "))
        },
    });
    let d = &r.delegation;
    let gov = d
        .titulares_by_segment
        .iter()
        .find(|x| x.code == Segment::Government.code())
        .map(|x| x.count)
        .unwrap_or(0);
    out.push(Check {
        ok: d.parity_ok,
        label: if d.parity_ok {
            format!(
                "Paridade da delegação: {gov} titular(es) do governo e {gov} da sociedade civil"
            )
        } else {
            format!(
                "Delegação sem paridade: {gov} titular(es) do governo e {} da sociedade civil",
                d.titulares.saturating_sub(gov)
            )
        },
    });
    out.push(Check {
        ok: d.quota_met,
        label: format!(
            "Cota de 30%: {} de {} titulares de grupos de cota (mínimo {})",
            d.quota_titulares, d.titulares, d.quota_minimum
        ),
    });
    let deadline = match s.conference_id {
        Some(cid) => crate::reporting::dashboard::report_deadline(db, cid).await?,
        None => None,
    };
    out.push(match deadline {
        Some(dl) if s.submitted_at > dl => Check {
            ok: false,
            label: format!("Enviado fora do prazo (prazo: {})", dl.format("%d/%m/%Y")),
        },
        Some(dl) => Check {
            ok: true,
            label: format!("Enviado no prazo (prazo: {})", dl.format("%d/%m/%Y")),
        },
        None => Check {
            ok: true,
            label: "A conferência não definiu prazo de envio no calendário".into(),
        },
    });
    Ok(out)
}

pub async fn review(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<Review, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ReviewReports(scope))?;
    let s = load_round(&db.conn, &c, id).await?;
    let r = stored_report(&s)?;
    let checks = checks(&db.conn, &s, &r).await?;
    let history = match s.conference_id {
        Some(cid) => {
            report_submission::Entity::find()
                .filter(report_submission::Column::ConferenceId.eq(cid))
                .filter(report_submission::Column::Id.ne(s.id))
                .order_by_desc(report_submission::Column::Round)
                .all(&db.conn)
                .await?
        }
        None => Vec::new(),
    };
    Ok(Review {
        slug: c.slug.clone(),
        id: s.id.to_string(),
        source_title: s.source_title.clone(),
        round: s.round,
        status: s.status.clone(),
        status_label: status_label(&s.status),
        submitted_at: fmt_time(&c, s.submitted_at),
        signers: s.signers.lines().map(str::to_owned).collect(),
        comment: s.comment.clone(),
        all_ok: checks.iter().all(|k| k.ok),
        checks,
        report: r,
        history: history.iter().map(|r| RoundView::of(&c, r)).collect(),
    })
}

/// What the parent decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Return,
    Accept,
}

/// What acceptance brought in.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Accepted {
    pub registrations_created: u32,
    pub registrations_existing: u32,
    pub proposals_received: u32,
}

/// Returns the round with a comment (required), or accepts it: in one transaction the elected
/// become registrations of the parent and the deliberations addressed to the parent's level or
/// above enter its pool. A round already decided is not decided again.
pub async fn decide(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    decision: Decision,
    comment: &str,
) -> Result<Accepted, Fail> {
    let (parent, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ReviewReports(scope))?;
    let comment = comment.trim();
    if decision == Decision::Return && comment.chars().count() < 5 {
        return Err(Invalid::one(
            "comment",
            "Escreva o que precisa ser corrigido: o comentário vai para a comissão que enviou o relatório",
        )
        .into());
    }
    if comment.chars().count() > 5_000 {
        return Err(Invalid::one(
            "comment",
            "O comentário deve ter no máximo 5.000 caracteres",
        )
        .into());
    }
    let tx = db.write().await?;
    let s = load_round(&tx, &parent, id).await?;
    if s.status != "submitted" {
        return Err(Invalid::one(
            "form",
            format!(
                "Este envio já foi decidido: {}",
                status_label(&s.status).to_lowercase()
            ),
        )
        .into());
    }
    let now = Utc::now();
    let by = me.map(|m| m.account.id);
    let mut out = Accepted::default();
    if decision == Decision::Accept {
        let r = stored_report(&s)?;
        if let Some(cid) = s.conference_id {
            let child = conference::Entity::find_by_id(cid)
                .one(&tx)
                .await?
                .ok_or(Fail::NotFound)?;
            if r.delegation.computed {
                let carried = crate::plenary::elections::carry_in(&tx, &child, &parent, by).await?;
                out.registrations_created = carried.created;
                out.registrations_existing = carried.already;
            }
        } else if r.delegation.computed {
            // A package from another installation: the delegation as the report lists it.
            let (created, existing) = carry_from_report(&tx, &parent, &s, &r, by).await?;
            out.registrations_created = created;
            out.registrations_existing = existing;
        }
        let levels: &[&str] = match parent.level.as_str() {
            "nacional" => &["federal"],
            _ => &["estadual", "federal"],
        };
        let mut rows = Vec::new();
        for (e, l, d) in r.deliberations() {
            if !levels.contains(&l.level.as_str()) {
                continue;
            }
            rows.push(received_proposal::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(parent.id),
                submission_id: Set(s.id),
                source_title: Set(s.source_title.clone()),
                eixo_number: Set(e.number),
                eixo_title: Set(e.title.clone()),
                level: Set(l.level.clone()),
                code: Set(d.code.clone()),
                text: Set(d.text.clone()),
                priority: Set(d.priority),
                origins: Set(serde_json::to_string(&d.origins).unwrap_or_else(|_| "[]".into())),
                created_at: Set(now),
            });
        }
        out.proposals_received = rows.len() as u32;
        for chunk in rows.chunks(500) {
            received_proposal::Entity::insert_many(chunk.to_vec())
                .exec(&tx)
                .await?;
        }
    }
    report_submission::Entity::update_many()
        .col_expr(
            report_submission::Column::Status,
            match decision {
                Decision::Accept => "accepted",
                Decision::Return => "returned",
            }
            .into(),
        )
        .col_expr(report_submission::Column::DecidedBy, by.into())
        .col_expr(report_submission::Column::DecidedAt, Some(now).into())
        .col_expr(
            report_submission::Column::Comment,
            (!comment.is_empty()).then(|| comment.to_owned()).into(),
        )
        .filter(report_submission::Column::Id.eq(s.id))
        .filter(report_submission::Column::Status.eq("submitted"))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    tracing::info!(parent = %parent.id, submission = %s.id, accepted = (decision == Decision::Accept), "report decided");
    Ok(out)
}

/// Registers the elected delegates listed in a package's report (council audience: with their
/// contacts and quota groups) in the parent conference, once per person and package.
async fn carry_from_report(
    tx: &sea_orm::DatabaseTransaction,
    parent: &conference::Model,
    s: &report_submission::Model,
    r: &Report,
    by: Option<Uuid>,
) -> Result<(u32, u32), Fail> {
    let mut created = 0;
    let mut existing = 0;
    for (i, d) in r.delegation.delegates.iter().enumerate() {
        let key = format!("pacote:{}:{i}", s.package_id.as_deref().unwrap_or(""));
        let already = registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(parent.id))
            .filter(registration::Column::ImportKey.eq(key.clone()))
            .one(tx)
            .await?;
        if already.is_some() {
            existing += 1;
            continue;
        }
        let contact = d.contact.clone().unwrap_or(Contact {
            email: None,
            phone: None,
        });
        let v = crate::participants::registration::Valid {
            name: d.name.clone(),
            social_name: None,
            category: Category::Delegate,
            segment: Segment::parse(&d.segment).ok(),
            seat: Seat::parse(&d.seat).ok(),
            origin: Some(domain::values::DelegateOrigin::Eleito),
            represents: Some(s.source_title.clone()),
            territory_id: None,
            unit_id: None,
            preferred_eixo_id: None,
            cpf: None,
            email: contact
                .email
                .as_deref()
                .and_then(|e| domain::values::Email::parse(e).ok()),
            phone: contact.phone,
            birth_date: None,
            trust_position: false,
            needs: Vec::new(),
            needs_other: None,
            quotas: d
                .quota_groups
                .iter()
                .flatten()
                .filter_map(|l| QuotaGroup::ALL.iter().copied().find(|q| q.label() == l))
                .collect(),
        };
        crate::participants::registration::insert(
            tx,
            parent.id,
            &v,
            crate::participants::registration::Source::Election,
            by,
            Some(key),
        )
        .await?;
        created += 1;
    }
    Ok((created, existing))
}

/// The received deliberations of a conference's pool, by eixo number (for systematization).
pub async fn received(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<BTreeMap<i32, Vec<received_proposal::Model>>, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ReviewReports(scope))?;
    let mut out: BTreeMap<i32, Vec<received_proposal::Model>> = BTreeMap::new();
    for p in received_proposal::Entity::find()
        .filter(received_proposal::Column::ConferenceId.eq(c.id))
        .order_by_asc(received_proposal::Column::EixoNumber)
        .order_by_asc(received_proposal::Column::CreatedAt)
        .order_by_asc(received_proposal::Column::Id)
        .all(&db.conn)
        .await?
    {
        out.entry(p.eixo_number).or_default().push(p);
    }
    Ok(out)
}

/// An approved deliberation with the code the report gives it ("E1-M-2": eixo, level initial,
/// place in its eixo and level), its final text and its origins.
#[derive(Debug, Clone)]
pub(crate) struct CodedDeliberation {
    pub proposal: proposal::Model,
    pub code: String,
    pub text: String,
    pub origins: Vec<String>,
}

/// The conference's approved (or amended) deliberations by eixo and level, each level in the
/// plenary's order with the ranked ones first in rank order; the code of each is the one the
/// final report prints, which the follow-up (monitoramento) and its spreadsheet also use.
pub(crate) async fn coded_deliberations(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<(eixo::Model, Vec<(AddressedLevel, Vec<CodedDeliberation>)>)>> {
    let eixos = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .order_by_asc(eixo::Column::Number)
        .all(tx)
        .await?;
    let ps = proposal::Entity::find()
        .filter(proposal::Column::ConferenceId.eq(c.id))
        .filter(proposal::Column::Status.is_in(["approved", "amended"]))
        .order_by_asc(proposal::Column::GroupId)
        .order_by_asc(proposal::Column::Position)
        .order_by_asc(proposal::Column::Id)
        .all(tx)
        .await?;
    let mut origins: HashMap<Uuid, Vec<String>> = HashMap::new();
    for o in proposal_origin::Entity::find()
        .filter(
            proposal_origin::Column::ProposalId.is_in(ps.iter().map(|p| p.id).collect::<Vec<_>>()),
        )
        .order_by_asc(proposal_origin::Column::Id)
        .all(tx)
        .await?
    {
        origins.entry(o.proposal_id).or_default().push(o.label);
    }
    let mut out = Vec::new();
    for e in eixos {
        let mut levels = Vec::new();
        for l in AddressedLevel::ALL {
            let mut items: Vec<&proposal::Model> = ps
                .iter()
                .filter(|p| p.eixo_id == e.id && p.level == l.code())
                .collect();
            // Stable: ranked ones first in rank order, the others keep the plenary's order.
            items.sort_by_key(|p| p.priority_rank.unwrap_or(i32::MAX));
            if items.is_empty() {
                continue;
            }
            levels.push((
                l,
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| CodedDeliberation {
                        code: format!("E{}-{}-{}", e.number, level_initial(l.code()), i + 1),
                        text: p.final_text.clone().unwrap_or_else(|| p.text.clone()),
                        origins: origins.remove(&p.id).unwrap_or_default(),
                        proposal: p.clone(),
                    })
                    .collect(),
            ));
        }
        out.push((e, levels));
    }
    Ok(out)
}
