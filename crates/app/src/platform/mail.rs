//! Outgoing e-mail through the `mail_outbox` table.
//!
//! A use case calls [`enqueue`] inside the same transaction as its business write, so an e-mail
//! exists exactly when the change that causes it was committed. The worker ([`deliver_pending`],
//! run in a loop by [`worker`]) sends the pending rows through a [`Mailer`]: SMTP in production, a
//! folder of `.eml` files in development.
//!
//! Several server instances may run the worker at once (PostgreSQL): a worker first *claims* a row
//! with a guarded `UPDATE … WHERE sent_at IS NULL AND attempts = <seen>` that also pushes
//! `next_attempt_at` forward by [`LEASE`]; only the instance whose update hit the row sends it. A
//! failed attempt stores `last_error` and schedules the next one after a growing backoff, up to
//! [`MAX_ATTEMPTS`]. An instance that dies mid-send leaves the row to be retried after the lease.
//!
//! Recipients, bodies (which may carry tokens) and SMTP URLs (which may carry a password) are never
//! logged: logs name the outbox row id only.

use chrono::{DateTime, Duration, Utc};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::path::{Path, PathBuf};
use store::entities::{account, mail_outbox, role_grant};
use store::{Db, Result};
use tokio::sync::{Notify, watch};
use uuid::Uuid;

/// Attempts before a row is left undelivered for good (its `last_error` says why).
pub const MAX_ATTEMPTS: i32 = 6;
/// How long a claimed row is reserved for the worker that claimed it. Longer than [`SMTP_TIMEOUT`].
pub const LEASE: std::time::Duration = std::time::Duration::from_secs(120);
/// Time limit of one SMTP command.
pub const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
/// Rows one [`deliver_pending`] call looks at.
const BATCH: u64 = 20;
/// Default development folder for e-mail files.
pub const DEFAULT_MAIL_DIR: &str = "data/mail";

/// Wait before attempt `n + 1` after `n` failed attempts (1 min, 5 min, 15 min, 1 h, 4 h).
pub fn backoff(failed_attempts: i32) -> Duration {
    match failed_attempts {
        ..=1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(15),
        4 => Duration::hours(1),
        _ => Duration::hours(4),
    }
}

/// Wakes the worker of this process (call after committing a transaction that enqueued e-mail).
static WAKE: Notify = Notify::const_new();

pub fn wake() {
    WAKE.notify_one();
}

/// Adds an e-mail to the outbox on `conn`: pass the transaction of the business write.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let now = Utc::now();
    mail_outbox::Entity::insert(mail_outbox::ActiveModel {
        id: Set(id),
        to_addr: Set(to.to_owned()),
        subject: Set(subject.to_owned()),
        body: Set(body.to_owned()),
        created_at: Set(now),
        sent_at: Set(None),
        attempts: Set(0),
        last_error: Set(None),
        next_attempt_at: Set(Some(now)),
    })
    .exec(conn)
    .await?;
    Ok(id)
}

/// A mail configuration problem, found at startup.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MailError(String);

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// Sends e-mail: SMTP in production, `.eml` files in a folder in development.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

fn parse_from(from: &str) -> std::result::Result<Mailbox, MailError> {
    from.parse().map_err(|e| {
        MailError(format!(
            "remetente inválido (CONFERENCIA_MAIL_FROM), use `Nome <endereco@dominio>`: {e}"
        ))
    })
}

impl Mailer {
    /// SMTP from a URL such as `smtps://user:password@smtp.example.org` (TLS on port 465) or
    /// `smtp://smtp.example.org:587?tls=required` (STARTTLS).
    pub fn smtp(url: &str, from: &str) -> std::result::Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            // The error text never repeats the URL, which may hold a password.
            .map_err(|e| MailError(format!("CONFERENCIA_SMTP_URL inválida: {e}")))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Self {
            transport: Transport::Smtp(transport),
            from: parse_from(from)?,
        })
    }

    /// One `.eml` file per e-mail in `dir` (created when missing).
    pub fn file(dir: impl AsRef<Path>, from: &str) -> std::result::Result<Self, MailError> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir)
            .map_err(|e| MailError(format!("não foi possível criar {}: {e}", dir.display())))?;
        Ok(Self {
            transport: Transport::File(AsyncFileTransport::new(&dir), dir),
            from: parse_from(from)?,
        })
    }

    /// SMTP when a URL is given, else files in `dir`.
    pub fn from_settings(
        smtp_url: Option<&str>,
        dir: impl AsRef<Path>,
        from: &str,
    ) -> std::result::Result<Self, MailError> {
        match smtp_url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Self::smtp(url, from),
            None => Self::file(dir, from),
        }
    }

    /// What this mailer does, for the startup log (no host, user or password).
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP".into(),
            Transport::File(_, dir) => format!("arquivos .eml em {}", dir.display()),
        }
    }

    /// Sends one plain-text UTF-8 e-mail. Its Message-ID is `<id@sender domain>`, the same on every
    /// retry of one outbox row. The error text never contains the recipient.
    pub async fn send(
        &self,
        id: Uuid,
        to: &str,
        subject: &str,
        body: &str,
    ) -> std::result::Result<(), String> {
        let redact = |e: String| {
            if to.is_empty() {
                e
            } else {
                e.replace(to, "***")
            }
        };
        let to: Mailbox = to.parse().map_err(|e: lettre::address::AddressError| {
            redact(format!("destinatário inválido: {e}"))
        })?;
        let msg = Message::builder()
            .message_id(Some(format!("<{id}@{}>", self.from.email.domain())))
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| format!("mensagem inválida: {e}"))?;
        let r = match &self.transport {
            Transport::Smtp(t) => t.send(msg).await.map(drop).map_err(|e| e.to_string()),
            Transport::File(t, _) => t.send(msg).await.map(drop).map_err(|e| e.to_string()),
        };
        r.map_err(redact)
    }
}

/// What one [`deliver_pending`] call did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Claims a due row for one attempt; true when this caller won it.
async fn claim(db: &Db, row: &mail_outbox::Model) -> Result<bool> {
    // From the time of the claim, not of the query: earlier sends of the batch may have been slow.
    let now = Utc::now();
    let lease = Duration::from_std(LEASE).unwrap_or(Duration::minutes(2));
    let r = mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::Attempts,
            Expr::col(mail_outbox::Column::Attempts).add(1),
        )
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(now + lease))
        .filter(mail_outbox::Column::Id.eq(row.id))
        .filter(mail_outbox::Column::SentAt.is_null())
        .filter(mail_outbox::Column::Attempts.eq(row.attempts))
        .exec(&db.conn)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Sends the due, unsent e-mails of the outbox (at most a batch), once each.
pub async fn deliver_pending(db: &Db, mailer: &Mailer) -> Result<Delivery> {
    let now = Utc::now();
    let due = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::SentAt.is_null())
        .filter(mail_outbox::Column::Attempts.lt(MAX_ATTEMPTS))
        .filter(
            Condition::any()
                .add(mail_outbox::Column::NextAttemptAt.is_null())
                .add(mail_outbox::Column::NextAttemptAt.lte(now)),
        )
        .order_by_asc(mail_outbox::Column::CreatedAt)
        .limit(BATCH)
        .all(&db.conn)
        .await?;
    let mut done = Delivery::default();
    for row in due {
        if !claim(db, &row).await? {
            continue; // another instance has it
        }
        let attempt = row.attempts + 1;
        match mailer
            .send(row.id, &row.to_addr, &row.subject, &row.body)
            .await
        {
            Ok(()) => {
                mail_outbox::Entity::update_many()
                    .col_expr(mail_outbox::Column::SentAt, Expr::value(Some(Utc::now())))
                    .col_expr(
                        mail_outbox::Column::NextAttemptAt,
                        Expr::value(None::<DateTime<Utc>>),
                    )
                    .filter(mail_outbox::Column::Id.eq(row.id))
                    .exec(&db.conn)
                    .await?;
                tracing::info!(outbox_id = %row.id, attempt, "e-mail sent");
                done.sent += 1;
            }
            Err(e) => {
                let next = (attempt < MAX_ATTEMPTS).then(|| Utc::now() + backoff(attempt));
                mail_outbox::Entity::update_many()
                    .col_expr(mail_outbox::Column::LastError, Expr::value(Some(e.clone())))
                    .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(next))
                    .filter(mail_outbox::Column::Id.eq(row.id))
                    .exec(&db.conn)
                    .await?;
                if next.is_some() {
                    tracing::warn!(outbox_id = %row.id, attempt, error = %e, "e-mail not sent; will retry");
                } else {
                    tracing::error!(outbox_id = %row.id, attempt, error = %e, "e-mail not sent; giving up");
                }
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// Delivers pending e-mail every `every` (and as soon as [`wake`] is called) until `stop` turns true.
pub async fn worker(
    db: Db,
    mailer: Mailer,
    every: std::time::Duration,
    mut stop: watch::Receiver<bool>,
) {
    tracing::info!(transport = %mailer.describe(), "mail outbox worker started");
    while !*stop.borrow() {
        if let Err(e) = deliver_pending(&db, &mailer).await {
            tracing::error!(error = %e, "mail outbox worker");
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = WAKE.notified() => {}
            r = stop.changed() => if r.is_err() { break },
        }
    }
    tracing::info!("mail outbox worker stopped");
}

/// (display name, e-mail) of the enabled accounts with an e-mail that hold `role` where the
/// grant's `scope` column (unit, council…) is `id`, in the order of their ids.
pub async fn role_recipients(
    tx: &impl ConnectionTrait,
    role: &str,
    scope: role_grant::Column,
    id: Uuid,
) -> Result<Vec<(String, String)>> {
    let accounts: Vec<Uuid> = role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(role))
        .filter(scope.eq(id))
        .all(tx)
        .await?
        .into_iter()
        .map(|g| g.account_id)
        .collect();
    Ok(account::Entity::find()
        .filter(account::Column::Id.is_in(accounts))
        .filter(account::Column::Disabled.eq(false))
        .order_by_asc(account::Column::Id)
        .all(tx)
        .await?
        .into_iter()
        .filter_map(|a| a.email.map(|e| (a.display_name, e)))
        .collect())
}
