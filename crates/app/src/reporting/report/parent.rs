//! The parent's side: the inbox, the checks on a received report, and the decision.

use super::assemble::published_with_date;
use super::sending::RoundView;
use super::sending::fmt_time;
use super::sending::status_label;
use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::Utc;
use domain::Invalid;
use domain::policy::Action;
use domain::report::{Contact, Report};
use domain::values::{Category, QuotaGroup, Seat, Segment};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use store::Db;
use store::entities::report_submission::SubmissionStatus;
use store::entities::{conference, received_proposal, registration, report_submission};
use uuid::Uuid;

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
    let c = authorize(db, me, slug, Action::ReviewReports).await?;
    let rows = report_submission::Entity::find()
        .filter(report_submission::Column::ParentId.eq(c.id))
        .order_by_desc(report_submission::Column::SubmittedAt)
        .all(&db.conn)
        .await?;
    Ok(Inbox {
        slug: c.slug.clone(),
        title: c.title.clone(),
        waiting: rows
            .iter()
            .filter(|r| r.status == SubmissionStatus::Submitted)
            .count(),
        rows: rows
            .iter()
            .map(|r| InboxRow {
                id: r.id.to_string(),
                source_title: r.source_title.clone(),
                round: r.round,
                status: r.status.code().into(),
                status_label: status_label(r.status.code()),
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
    let c = authorize(db, me, slug, Action::ReviewReports).await?;
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

/// The checks the parent runs: every section, parity of the delegation, the quota; with a
/// published orientation (ADR 0036) the delegation against the table for the sender's porte and
/// the answers to the extra questions; the deadline: the orientation's, or else the end of the
/// sending conference's own "Envio do relatório" stage, when it has one.
async fn checks(
    db: &impl ConnectionTrait,
    parent: &conference::Model,
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
    let orientation = crate::setup::orientation::published_by(db, parent).await?;
    if let Some(o) = &orientation
        && d.computed
    {
        out.push(allocation_check(&o.orientation, r));
    }
    // The state's deadline when it published one (the end of that day where the state is);
    // else the end of the sender's own "Envio do relatório" stage.
    let (deadline, whose) = match &orientation {
        Some(o) => (
            Some(end_of_day(parent, o.orientation.deadline)),
            "prazo da orientação do Conselho Estadual",
        ),
        None => (
            match s.conference_id {
                Some(cid) => crate::reporting::dashboard::report_deadline(db, cid).await?,
                None => None,
            },
            "prazo do calendário da conferência",
        ),
    };
    out.push(match deadline {
        Some(dl) if s.submitted_at > dl => Check {
            ok: false,
            label: format!(
                "Enviado fora do prazo ({whose}: {})",
                dl.with_timezone(&crate::plenary::regimento::tz_of(parent))
                    .format("%d/%m/%Y")
            ),
        },
        Some(dl) => Check {
            ok: true,
            label: format!(
                "Enviado no prazo ({whose}: {})",
                dl.with_timezone(&crate::plenary::regimento::tz_of(parent))
                    .format("%d/%m/%Y")
            ),
        },
        None => Check {
            ok: true,
            label: "A conferência não definiu prazo de envio no calendário (e não há orientação do Conselho Estadual com prazo)".into(),
        },
    });
    if let Some(o) = &orientation {
        let blank = o
            .orientation
            .questions
            .iter()
            .filter(|q| {
                !r.extra_answers
                    .iter()
                    .any(|a| &a.question == *q && !a.answer.trim().is_empty())
            })
            .count();
        if !o.orientation.questions.is_empty() {
            out.push(Check {
                ok: blank == 0,
                label: if blank == 0 {
                    "Perguntas do Conselho Estadual: todas respondidas".into()
                } else {
                    format!(
                        "Perguntas do Conselho Estadual: {blank} de {} sem resposta",
                        o.orientation.questions.len()
                    )
                },
            });
        }
    }
    Ok(out)
}

/// The end of `day` (23:59:59) where conference `c` is.
fn end_of_day(c: &conference::Model, day: chrono::NaiveDate) -> chrono::DateTime<Utc> {
    use chrono::TimeZone;
    let local = day.and_hms_opt(23, 59, 59).unwrap_or_default();
    crate::plenary::regimento::tz_of(c)
        .from_local_datetime(&local)
        .latest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

/// The delegation of a report against the state's table for the sender's porte.
fn allocation_check(o: &domain::orientation::Orientation, r: &Report) -> Check {
    let Some(porte) = r
        .general
        .porte
        .as_deref()
        .and_then(|p| domain::values::Porte::parse(p).ok())
    else {
        return Check {
            ok: false,
            label: "Delegação: o relatório não informa o porte do município; não dá para conferir com a tabela do Conselho Estadual".into(),
        };
    };
    let Some(allowed) = o.seats_for(porte) else {
        return Check {
            ok: false,
            label: format!(
                "Delegação: a tabela do Conselho Estadual não tem vagas para {}",
                porte.label()
            ),
        };
    };
    let mut elected = [(0u32, 0u32); 4];
    for d in &r.delegation.delegates {
        let Some(k) = domain::elections::SEGMENTS
            .iter()
            .position(|s| s.code() == d.segment)
        else {
            continue;
        };
        if d.seat == Seat::Titular.code() {
            elected[k].0 += 1;
        } else {
            elected[k].1 += 1;
        }
    }
    let diff = domain::orientation::allocation_differences(&allowed, elected);
    if diff.is_empty() {
        Check {
            ok: true,
            label: format!(
                "Delegação de acordo com a tabela do Conselho Estadual para {}: {} titular(es) e {} suplente(s)",
                porte.label(),
                allowed.titulares(),
                allowed.suplentes_total()
            ),
        }
    } else {
        Check {
            ok: false,
            label: format!(
                "Delegação diferente da tabela do Conselho Estadual para {}: {}",
                porte.label(),
                diff.join("; ")
            ),
        }
    }
}

pub async fn review(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<Review, Fail> {
    let c = authorize(db, me, slug, Action::ReviewReports).await?;
    let s = load_round(&db.conn, &c, id).await?;
    let r = stored_report(&s)?;
    let checks = checks(&db.conn, &c, &s, &r).await?;
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
        status: s.status.code().into(),
        status_label: status_label(s.status.code()),
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
    let parent = authorize(db, me, slug, Action::ReviewReports).await?;
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
    if s.status != SubmissionStatus::Submitted {
        return Err(Invalid::one(
            "form",
            format!(
                "Este envio já foi decidido: {}",
                status_label(s.status.code()).to_lowercase()
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
                Decision::Accept => SubmissionStatus::Accepted,
                Decision::Return => SubmissionStatus::Returned,
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
        .filter(report_submission::Column::Status.eq(SubmissionStatus::Submitted))
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
