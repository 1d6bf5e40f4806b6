//! The state's (or the nation's) view of the conferences below: which held
//! their conference, which reported, which are late (past the deadline with no report waiting
//! or accepted; a reminder by e-mail goes to the secretariat of the late conference's council
//! through the outbox), the deliberations received by eixo and level, the delegates received
//! by segment and the quota groups among them (counts only).
//!
//! For a state conference, the municipalities of the UF that have no conference linked to it on
//! the platform are counted too (they may run theirs elsewhere and send a signed package).

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::{DateTime, Utc};
use domain::policy::Action;
use domain::report::Count;
use domain::values::{QuotaGroup, Segment, StageKind};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use store::Db;
use store::entities::registration::RegistrationStatus;
use store::entities::report_submission::SubmissionStatus;
use store::entities::{
    body, conference, federative_entity as fe, received_proposal, registration,
    registration_sensitive, report_submission, role_grant, stage,
};
use uuid::Uuid;

/// Where a conference below stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Its conference days are still ahead.
    Preparing,
    /// Held; no report sent yet, deadline not passed (or none set).
    Held,
    /// Past the deadline with nothing waiting or accepted.
    Late,
    Submitted,
    Returned,
    Accepted,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Self::Preparing => "Em preparação",
            Self::Held => "Realizada, relatório por enviar",
            Self::Late => "Relatório atrasado",
            Self::Submitted => "Relatório aguardando análise",
            Self::Returned => "Relatório devolvido para correção",
            Self::Accepted => "Relatório aceito",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub slug: String,
    pub title: String,
    pub place: String,
    pub dates: String,
    pub standing: Standing,
    pub standing_label: &'static str,
    pub deadline: Option<String>,
    /// The latest round, to open it in the inbox.
    pub round_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub slug: String,
    pub title: String,
    pub rows: Vec<Row>,
    /// (standing label, count), in `Standing` order, zeros left out.
    pub totals: Vec<(&'static str, usize)>,
    pub late: usize,
    /// Municipalities of the UF with no conference linked here (state conferences only).
    pub without_conference: Option<Vec<String>>,
    /// Received deliberations: (eixo number, eixo title, estadual, federal).
    pub proposals: Vec<(i32, String, u32, u32)>,
    pub proposals_total: u32,
    /// Delegates received (registrations carried from the conferences below), by segment.
    pub delegates: Vec<Count>,
    pub delegates_total: u32,
    /// Quota groups declared among them (counts only).
    pub quota: Vec<Count>,
}

fn deadline_of(stages: &[stage::Model]) -> Option<DateTime<Utc>> {
    stages
        .iter()
        .filter(|s| s.kind == StageKind::Report.code() && !s.cancelled)
        .map(|s| s.ends_at.unwrap_or(s.starts_at))
        .max()
}

pub async fn dashboard(db: &Db, me: Option<&Me>, slug: &str) -> Result<Dashboard, Fail> {
    let c = authorize(db, me, slug, Action::ReviewReports).await?;
    let today = Utc::now().date_naive();
    let now = Utc::now();
    let children = conference::Entity::find()
        .filter(conference::Column::ParentId.eq(c.id))
        .order_by_asc(conference::Column::PlaceName)
        .all(&db.conn)
        .await?;
    let ids: Vec<Uuid> = children.iter().map(|x| x.id).collect();
    let mut stages: HashMap<Uuid, Vec<stage::Model>> = HashMap::new();
    for s in stage::Entity::find()
        .filter(stage::Column::ConferenceId.is_in(ids.clone()))
        .all(&db.conn)
        .await?
    {
        stages.entry(s.conference_id).or_default().push(s);
    }
    let mut rounds: HashMap<Uuid, report_submission::Model> = HashMap::new();
    for r in report_submission::Entity::find()
        .filter(report_submission::Column::ParentId.eq(c.id))
        .order_by_asc(report_submission::Column::SubmittedAt)
        .all(&db.conn)
        .await?
    {
        if let Some(cid) = r.conference_id {
            rounds.insert(cid, r);
        }
    }
    let tz = crate::plenary::regimento::tz_of(&c);
    let mut rows = Vec::new();
    for x in &children {
        let deadline = deadline_of(stages.get(&x.id).map(Vec::as_slice).unwrap_or(&[]));
        let latest = rounds.get(&x.id);
        let standing = match latest.map(|r| r.status) {
            Some(SubmissionStatus::Accepted) => Standing::Accepted,
            Some(SubmissionStatus::Submitted) => Standing::Submitted,
            Some(SubmissionStatus::Returned) if deadline.is_some_and(|d| d < now) => Standing::Late,
            Some(SubmissionStatus::Returned) => Standing::Returned,
            _ if x.ends_on >= today => Standing::Preparing,
            _ if deadline.is_some_and(|d| d < now) => Standing::Late,
            _ => Standing::Held,
        };
        rows.push(Row {
            slug: x.slug.clone(),
            title: x.title.clone(),
            place: x.place_name.clone(),
            dates: format!(
                "{} a {}",
                x.starts_on.format("%d/%m/%Y"),
                x.ends_on.format("%d/%m/%Y")
            ),
            standing,
            standing_label: standing.label(),
            deadline: deadline.map(|d| d.with_timezone(&tz).format("%d/%m/%Y").to_string()),
            round_id: latest.map(|r| r.id.to_string()),
        });
    }
    let order = [
        Standing::Late,
        Standing::Returned,
        Standing::Submitted,
        Standing::Held,
        Standing::Preparing,
        Standing::Accepted,
    ];
    rows.sort_by_key(|r| order.iter().position(|s| *s == r.standing).unwrap_or(9));
    let totals: Vec<(&'static str, usize)> = order
        .iter()
        .map(|s| (s.label(), rows.iter().filter(|r| r.standing == *s).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let late = rows.iter().filter(|r| r.standing == Standing::Late).count();

    // Municipalities of the UF with no conference linked here.
    let without_conference = if c.level == "estadual" {
        let b = body::Entity::find_by_id(c.body_id).one(&db.conn).await?;
        let uf = match b.and_then(|b| b.entity_id) {
            Some(e) => fe::Entity::find_by_id(e)
                .one(&db.conn)
                .await?
                .and_then(|e| e.uf),
            None => None,
        };
        match uf {
            Some(uf) => {
                let with: HashSet<Uuid> = body::Entity::find()
                    .filter(
                        body::Column::Id
                            .is_in(children.iter().map(|x| x.body_id).collect::<Vec<_>>()),
                    )
                    .all(&db.conn)
                    .await?
                    .into_iter()
                    .filter_map(|b| b.entity_id)
                    .collect();
                Some(
                    fe::Entity::find()
                        .filter(fe::Column::Kind.eq("municipality"))
                        .filter(fe::Column::Uf.eq(uf))
                        .order_by_asc(fe::Column::SearchKey)
                        .all(&db.conn)
                        .await?
                        .into_iter()
                        .filter(|m| !with.contains(&m.id))
                        .map(|m| m.name)
                        .collect(),
                )
            }
            None => None,
        }
    } else {
        None
    };

    // Deliberations received, by eixo and level.
    let mut by_eixo: BTreeMap<i32, (String, u32, u32)> = BTreeMap::new();
    for p in received_proposal::Entity::find()
        .filter(received_proposal::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?
    {
        let e = by_eixo
            .entry(p.eixo_number)
            .or_insert_with(|| (p.eixo_title.clone(), 0, 0));
        if p.level == "federal" {
            e.2 += 1;
        } else {
            e.1 += 1;
        }
    }
    let proposals_total = by_eixo.values().map(|(_, a, b)| a + b).sum();
    let proposals = by_eixo
        .into_iter()
        .map(|(n, (t, a, b))| (n, t, a, b))
        .collect();

    // Delegates received: registrations that came from an election below.
    let carried = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Source.eq("election"))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .all(&db.conn)
        .await?;
    let delegates = count_each(
        Segment::ALL.iter().map(|s| (s.code(), s.label())),
        &carried,
        |r, code| r.segment.as_deref() == Some(code),
    );
    let sensitive: Vec<String> = registration_sensitive::Entity::find()
        .filter(
            registration_sensitive::Column::RegistrationId
                .is_in(carried.iter().map(|r| r.id).collect::<Vec<_>>()),
        )
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|s| s.quotas)
        .collect();
    let quota = count_each(
        QuotaGroup::ALL.iter().map(|q| (q.code(), q.label())),
        &sensitive,
        |s, code| s.split(',').any(|x| x == code),
    )
    .into_iter()
    .filter(|c| c.count > 0)
    .collect();
    Ok(Dashboard {
        slug: c.slug,
        title: c.title,
        rows,
        totals,
        late,
        without_conference,
        proposals,
        proposals_total,
        delegates,
        delegates_total: carried.len() as u32,
        quota,
    })
}

/// E-mails a reminder to the secretariat of each late conference's council (through the
/// outbox). Returns how many e-mails were queued; a council with no secretariat e-mail gets
/// none (the page still shows it as late).
pub async fn remind_late(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    public_url: &str,
) -> Result<u32, Fail> {
    let d = dashboard(db, me, slug).await?;
    let late: Vec<&Row> = d
        .rows
        .iter()
        .filter(|r| r.standing == Standing::Late)
        .collect();
    let tx = db.write().await?;
    let mut sent = 0;
    for r in late {
        let Some(c) = conference::Entity::find()
            .filter(conference::Column::Slug.eq(r.slug.clone()))
            .one(&tx)
            .await?
        else {
            continue;
        };
        for (name, to) in secretariat(&tx, c.body_id).await? {
            crate::platform::mail::enqueue(
                &tx,
                &to,
                &format!("Relatório da conferência em atraso: {}", c.title),
                &late_text(&name, &c, &d.title, r.deadline.as_deref(), public_url),
            )
            .await?;
            sent += 1;
        }
    }
    tx.commit().await?;
    tracing::info!(parent = %slug, sent, "late report reminders queued");
    Ok(sent)
}

/// A count per (code, label): how many of `items` are `of` that code.
fn count_each<T>(
    kinds: impl Iterator<Item = (&'static str, &'static str)>,
    items: &[T],
    of: impl Fn(&T, &str) -> bool,
) -> Vec<Count> {
    kinds
        .map(|(code, label)| Count {
            code: code.to_owned(),
            label: label.to_owned(),
            count: items.iter().filter(|x| of(x, code)).count() as u32,
        })
        .collect()
}

/// (display name, e-mail) of the active secretariat accounts of a council.
async fn secretariat(
    tx: &impl sea_orm::ConnectionTrait,
    body_id: Uuid,
) -> store::Result<Vec<(String, String)>> {
    crate::platform::mail::role_recipients(
        tx,
        "body_secretariat",
        role_grant::Column::BodyId,
        body_id,
    )
    .await
}

fn late_text(
    name: &str,
    c: &conference::Model,
    parent_title: &str,
    deadline: Option<&str>,
    public_url: &str,
) -> String {
    format!(
        "Olá, {name}.\n\nO prazo para enviar o relatório final da {} à {parent_title} terminou{}. Envie o relatório pela plataforma:\n\n{}/c/{}/gestao/relatorio\n\nSe já enviou por outro meio, responda a esta mensagem.\n",
        c.title,
        deadline.map(|x| format!(" em {x}")).unwrap_or_default(),
        public_url.trim_end_matches('/'),
        c.slug
    )
}

/// The report deadline of a conference: the end of its latest report stage not cancelled.
pub async fn report_deadline(
    db: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Option<DateTime<Utc>>> {
    Ok(deadline_of(
        &stage::Entity::find()
            .filter(stage::Column::ConferenceId.eq(conference_id))
            .filter(stage::Column::Kind.eq(StageKind::Report.code()))
            .all(db)
            .await?,
    ))
}

/// Days before the deadline when the "deadline near" alert goes out.
pub const SOON_DAYS: i64 = 7;

/// Which automatic alert is due for a report at `now`: `soon` in the last [`SOON_DAYS`] before
/// the deadline, `late` after it; none before, or once something is waiting or accepted.
pub fn alert_due(deadline: DateTime<Utc>, now: DateTime<Utc>, sent: bool) -> Option<&'static str> {
    if sent {
        None
    } else if now > deadline {
        Some("late")
    } else if now >= deadline - chrono::Duration::days(SOON_DAYS) {
        Some("soon")
    } else {
        None
    }
}

/// The automatic deadline alerts (run by `serve` every hour through `reminders::worker`): for
/// every conference with a parent and a report deadline whose report is neither waiting nor
/// accepted, one e-mail to its council's secretariat when the deadline is near and one when it
/// has passed. Each (conference, kind, deadline) is alerted once: a `report_alert` row is
/// written with the e-mails in one transaction (unique, so two instances never both send);
/// moving the deadline in the calendar makes new alerts due. Returns the e-mails queued.
pub async fn send_deadline_alerts(
    db: &Db,
    public_url: &str,
    now: DateTime<Utc>,
) -> store::Result<u32> {
    use store::entities::report_alert;
    let children = conference::Entity::find()
        .filter(conference::Column::ParentId.is_not_null())
        .all(&db.conn)
        .await?;
    let mut queued = 0;
    for c in children {
        let Some(deadline) = report_deadline(&db.conn, c.id).await? else {
            continue;
        };
        let sent = report_submission::Entity::find()
            .filter(report_submission::Column::ConferenceId.eq(c.id))
            .filter(
                report_submission::Column::Status
                    .is_in([SubmissionStatus::Submitted, SubmissionStatus::Accepted]),
            )
            .count(&db.conn)
            .await?
            > 0;
        let Some(kind) = alert_due(deadline, now, sent) else {
            continue;
        };
        let tx = db.write().await?;
        let done = report_alert::Entity::find()
            .filter(report_alert::Column::ConferenceId.eq(c.id))
            .filter(report_alert::Column::Kind.eq(kind))
            .filter(report_alert::Column::Deadline.eq(deadline))
            .count(&tx)
            .await?
            > 0;
        if done {
            continue;
        }
        let parent_title = match c.parent_id {
            Some(p) => conference::Entity::find_by_id(p)
                .one(&tx)
                .await?
                .map(|p| p.title)
                .unwrap_or_default(),
            None => String::new(),
        };
        let day = deadline
            .with_timezone(&crate::plenary::regimento::tz_of(&c))
            .format("%d/%m/%Y")
            .to_string();
        let people = secretariat(&tx, c.body_id).await?;
        let inserted = report_alert::Entity::insert(report_alert::ActiveModel {
            id: sea_orm::ActiveValue::Set(Uuid::now_v7()),
            conference_id: sea_orm::ActiveValue::Set(c.id),
            kind: sea_orm::ActiveValue::Set(kind.into()),
            deadline: sea_orm::ActiveValue::Set(deadline),
            recipients: sea_orm::ActiveValue::Set(people.len() as i32),
            sent_at: sea_orm::ActiveValue::Set(now),
        })
        .exec(&tx)
        .await;
        match inserted.map_err(store::Error::from_db) {
            Ok(_) => {}
            // Another instance alerted at the same moment.
            Err(e) if e.is_conflict_on("report_alert") => continue,
            Err(e) => return Err(e),
        }
        for (name, to) in &people {
            let (subject, text) = if kind == "late" {
                (
                    format!("Relatório da conferência em atraso: {}", c.title),
                    late_text(name, &c, &parent_title, Some(&day), public_url),
                )
            } else {
                (
                    format!("Prazo do relatório final termina em {day}: {}", c.title),
                    format!(
                        "Olá, {name}.\n\nO prazo para enviar o relatório final da {} à {parent_title} termina em {day}. Confira o relatório, peça a confirmação de dois membros da comissão e envie pela plataforma:\n\n{}/c/{}/gestao/relatorio\n",
                        c.title,
                        public_url.trim_end_matches('/'),
                        c.slug
                    ),
                )
            };
            crate::platform::mail::enqueue(&tx, to, &subject, &text).await?;
        }
        tx.commit().await?;
        queued += people.len() as u32;
        tracing::info!(conference = %c.slug, kind, "report deadline alert queued");
    }
    Ok(queued)
}

/// How many reports wait for the parent's decision (for the panel).
pub async fn waiting(db: &Db, parent_id: Uuid) -> store::Result<u64> {
    Ok(report_submission::Entity::find()
        .filter(report_submission::Column::ParentId.eq(parent_id))
        .filter(report_submission::Column::Status.eq(SubmissionStatus::Submitted))
        .count(&db.conn)
        .await?)
}
