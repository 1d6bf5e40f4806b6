//! Sign-off and submission: the commission confirms a version and sends it up.

use super::MIN_SIGNOFFS;
use super::assemble::assemble;
use super::assemble::content_hash;
use super::assemble::public_of;
use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::{DateTime, Utc};
use domain::Invalid;
use domain::policy::Action;
use domain::report::{Audience, Report};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::report_submission::SubmissionStatus;
use store::entities::{account, conference, report_signoff, report_submission};
use uuid::Uuid;

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
    pub(super) fn of(c: &conference::Model, r: &report_submission::Model) -> Self {
        RoundView {
            id: r.id.to_string(),
            round: r.round,
            status: r.status.code().into(),
            status_label: status_label(r.status.code()),
            submitted_at: fmt_time(c, r.submitted_at),
            decided_at: r.decided_at.map(|t| fmt_time(c, t)),
            comment: r.comment.clone(),
        }
    }
}

pub(super) fn status_label(s: &str) -> &'static str {
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

pub(super) fn fmt_time(c: &conference::Model, t: DateTime<Utc>) -> String {
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
    let c = authorize(db, me, slug, Action::ManageReport).await?;
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
    let waiting = rounds
        .iter()
        .any(|r| r.status == SubmissionStatus::Submitted);
    let accepted = rounds
        .iter()
        .any(|r| r.status == SubmissionStatus::Accepted);
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
    let c = authorize(db, me, slug, Action::ManageReport).await?;
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
    let c = authorize(db, me, slug, Action::ManageReport).await?;
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
            if w.status == SubmissionStatus::Accepted {
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
            .filter(report_submission::Column::Status.is_in([
                report_submission::SubmissionStatus::Submitted,
                report_submission::SubmissionStatus::Accepted,
            ]))
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
    let r = report_submission::Entity::insert(report_submission::ActiveModel {
        id: Set(id),
        conference_id: Set(Some(c.id)),
        parent_id: Set(parent_id),
        round: Set(round),
        content_hash: Set(current),
        source_title: Set(c.title.clone()),
        source_ibge: Set(report.general.ibge_code.clone()),
        signers: Set(signers.join("\n")),
        via: Set("direct".into()),
        package_id: Set(None),
        ..submitted_round(&report, me)?
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
                .filter(
                    report_submission::Column::Status
                        .eq(report_submission::SubmissionStatus::Submitted),
                )
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

/// A round of `report` just submitted by `me`, waiting for the parent's decision; the caller
/// sets its id, round, source, signers and channel.
pub(crate) fn submitted_round(
    report: &Report,
    me: Option<&Me>,
) -> Result<report_submission::ActiveModel, Fail> {
    Ok(report_submission::ActiveModel {
        status: Set(SubmissionStatus::Submitted),
        report_json: Set(serde_json::to_string(report)
            .map_err(|e| Fail::Store(store::Error::Other(e.to_string())))?),
        submitted_by: Set(me.map(|m| m.account.id)),
        submitted_at: Set(Utc::now()),
        decided_by: Set(None),
        decided_at: Set(None),
        comment: Set(None),
        ..Default::default()
    })
}
