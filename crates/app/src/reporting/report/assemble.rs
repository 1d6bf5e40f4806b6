//! Reading the report at one moment, its version, and its audiences.

use super::deliberations::coded_deliberations;
use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use chrono::Utc;
use domain::policy::Action;
use domain::report::{
    self as rm, Audience, Contact, Count, Delegation, Deliberation, EixoSection, ElectedDelegate,
    General, LevelDeliberations, Report,
};
use domain::values::{AccessNeed, Category, Porte, QuotaGroup, Seat, Segment};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use store::Db;
use store::entities::{
    body, checkin, conference, election_result, federative_entity, mocao, registration,
    registration_sensitive, report_draft, report_submission,
};
use uuid::Uuid;

fn count(code: &str, label: &str, n: u32) -> Count {
    Count {
        code: code.to_owned(),
        label: label.to_owned(),
        count: n,
    }
}

pub(super) fn level_initial(level: &str) -> &'static str {
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
        .filter(mocao::Column::Status.eq(mocao::MocaoStatus::Approved))
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
    let state_label = if settings.seats_source == "state" {
        crate::plenary::elections::seats_source_text(tx, c, &settings).await?
    } else {
        String::new()
    };
    let mut used = vec![
        format!(
            "Vagas de delegados(as) titulares: {}{}",
            settings.titulares,
            match settings.seats_source.as_str() {
                "entity" => format!(" ({})", domain::elections::SAMPLE_LABEL),
                "state" => format!(" ({})", state_label),
                _ => " (definidas pela comissão)".to_owned(),
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
        preconferences: {
            let r = crate::mobilization::results::by_territory(tx, c.id).await?;
            if r.any() {
                r.territories
                    .into_iter()
                    .chain(std::iter::once(r.total))
                    .map(|t| rm::TerritoryResults {
                        territory: t.territory,
                        units: t.units,
                        meetings_held: t.meetings_held,
                        people: t.people,
                        proposals: t.proposals,
                        delegates_titular: t.delegates_titular,
                        delegates_suplente: t.delegates_suplente,
                    })
                    .collect()
            } else {
                Vec::new()
            }
        },
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
        extra_answers: super::draft::extra_answers_of(tx, c, draft.as_ref()).await?,
        consultation: crate::mobilization::online::consultation::report_section(tx, c).await?,
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
        .filter(report_submission::Column::Status.eq(report_submission::SubmissionStatus::Accepted))
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
