//! Password reset by an e-mailed single-use link, and password changes.

use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use store::entities::{account, password_reset, rate_limit, session};
use store::{Db, Result};
use uuid::Uuid;

use super::{blocked, bump, hit, password_matches, token_hash};

/// A password-reset link is valid for this long.
pub const RESET_TTL_MIN: i64 = 60;
/// At most this many reset e-mails per address per window.
pub const RESET_LIMIT: i32 = 3;
pub const RESET_WINDOW_MIN: i64 = 60;

/// The answer to a reset request. `Accepted` is the same whether or not an account has the
/// address (and also when the address is over its rate limit), so it reveals nothing.
#[derive(Debug, PartialEq, Eq)]
pub enum ResetRequest {
    Accepted,
    /// No `@`: a staff-issued username. Those accounts have no e-mail; the secretariat resets them.
    AskSecretariat,
    Invalid(domain::error::FieldError),
}

/// The subject of the reset e-mail.
pub const RESET_SUBJECT: &str = "Troca de senha na plataforma das conferências";

fn reset_body(name: &str, link: &str) -> String {
    format!(
        "Olá, {name}.\n\n\
Recebemos um pedido para trocar a senha da sua conta na plataforma das Conferências de \
Assistência Social.\n\n\
Para criar uma nova senha, abra este endereço em até {RESET_TTL_MIN} minutos:\n\n\
{link}\n\n\
O endereço só pode ser usado uma vez. Ao trocar a senha, você sai da plataforma em todos os \
aparelhos.\n\n\
Se você não pediu a troca, ignore esta mensagem: sua senha continua a mesma.\n\n\
-- \n\
Conferências de Assistência Social (mensagem automática, não responda)\n"
    )
}

/// Asks for a password-reset e-mail. When an active account has this address (and the address is
/// under its rate limit), stores the SHA-256 of a new 32-byte random token, valid for
/// [`RESET_TTL_MIN`] minutes, and enqueues an e-mail with the link
/// `{public_url}/senha/nova?token=…`, in one transaction.
pub async fn request_password_reset(
    db: &Db,
    public_url: &str,
    login_or_email: &str,
) -> Result<ResetRequest> {
    let input = login_or_email.trim();
    if input.is_empty() {
        return Ok(ResetRequest::Invalid(domain::error::FieldError::new(
            "email",
            "Informe o e-mail da sua conta",
        )));
    }
    if !input.contains('@') {
        return Ok(ResetRequest::AskSecretariat);
    }
    let email = match domain::values::Email::parse(input) {
        Ok(e) => e,
        Err(e) => return Ok(ResetRequest::Invalid(e)),
    };
    let acc = account::Entity::find()
        .filter(account::Column::Email.eq(email.as_str()))
        .one(&db.conn)
        .await?
        .filter(|a| !a.disabled);
    // Made on every path, so that the work done does not depend on the account existing.
    let token = hex::encode(rand::random::<[u8; 32]>());
    let link = format!(
        "{}/senha/nova?token={token}",
        public_url.trim_end_matches('/')
    );
    let now = Utc::now();
    let tx = db.write().await?;
    let hits = bump(
        &tx,
        &format!("reset:{}", token_hash(email.as_str())),
        RESET_WINDOW_MIN,
    )
    .await?;
    let queued = match acc {
        Some(a) if hits <= RESET_LIMIT => {
            password_reset::Entity::insert(password_reset::ActiveModel {
                token_hash: Set(token_hash(&token)),
                account_id: Set(a.id),
                created_at: Set(now),
                expires_at: Set(now + Duration::minutes(RESET_TTL_MIN)),
                used_at: Set(None),
            })
            .exec(&tx)
            .await?;
            crate::platform::mail::enqueue(
                &tx,
                email.as_str(),
                RESET_SUBJECT,
                &reset_body(&a.display_name, &link),
            )
            .await?;
            true
        }
        _ => false,
    };
    tx.commit().await?;
    if queued {
        crate::platform::mail::wake();
    }
    Ok(ResetRequest::Accepted)
}

fn plausible_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The account a reset token belongs to, when the token is known, unused, unexpired and its
/// account active.
async fn reset_target(
    db: &Db,
    token: &str,
) -> Result<Option<(password_reset::Model, account::Model)>> {
    if !plausible_token(token) {
        return Ok(None);
    }
    let Some(r) = password_reset::Entity::find_by_id(token_hash(&token.to_ascii_lowercase()))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    if r.used_at.is_some() || r.expires_at <= Utc::now() {
        return Ok(None);
    }
    let acc = account::Entity::find_by_id(r.account_id)
        .one(&db.conn)
        .await?
        .filter(|a| !a.disabled);
    Ok(acc.map(|a| (r, a)))
}

/// True when `token` can still reset a password (for showing the form).
pub async fn reset_token_valid(db: &Db, token: &str) -> Result<bool> {
    Ok(reset_target(db, token).await?.is_some())
}

/// What a valid link is for: the first password of an account that never had one (an
/// invitation to staff, a sign-up being confirmed) or a new password in place of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordLink {
    /// The account has no password yet: the page is "Criar sua senha", and no session exists to end.
    FirstPassword,
    /// The account has a password: the page is "Criar nova senha", and its sessions are ended.
    NewPassword,
}

/// What `token` is for, while it is valid (`None`: unknown, used, expired or its account disabled).
pub async fn password_link(db: &Db, token: &str) -> Result<Option<PasswordLink>> {
    Ok(reset_target(db, token).await?.map(|(_, a)| {
        if has_password(&a) {
            PasswordLink::NewPassword
        } else {
            PasswordLink::FirstPassword
        }
    }))
}

/// Whether the account has a password to log in with: a PHC hash (`$argon2id$…`). Invitations
/// not accepted hold a marker, sign-ups not confirmed an empty text.
fn has_password(a: &account::Model) -> bool {
    a.password_hash.starts_with('$')
}

#[derive(Debug, PartialEq, Eq)]
pub enum ResetOutcome {
    Done,
    /// Unknown, expired or already used.
    InvalidToken,
}

/// Sets a new password with a reset token. In one transaction: marks the token used (only if it
/// still is unused and unexpired, so it works once even when submitted twice at the same time),
/// sets the argon2id hash, ends every session of the account, voids its other reset tokens and
/// clears its login rate limit.
pub async fn reset_password(
    db: &Db,
    token: &str,
    password: &domain::values::NewPassword,
) -> Result<ResetOutcome> {
    let Some((r, acc)) = reset_target(db, token).await? else {
        return Ok(ResetOutcome::InvalidToken);
    };
    let hash = crate::platform::passwords::hash(password.expose()).await?;
    let now = Utc::now();
    let tx = db.write().await?;
    let claimed = password_reset::Entity::update_many()
        .col_expr(
            password_reset::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .filter(password_reset::Column::TokenHash.eq(r.token_hash.clone()))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now))
        .exec(&tx)
        .await?;
    if claimed.rows_affected != 1 {
        tx.rollback().await?;
        return Ok(ResetOutcome::InvalidToken);
    }
    password_reset::Entity::update_many()
        .col_expr(
            password_reset::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .filter(password_reset::Column::AccountId.eq(acc.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&tx)
        .await?;
    let mut a: account::ActiveModel = acc.clone().into();
    a.password_hash = Set(hash);
    a.must_change_password = Set(false);
    account::Entity::update(a).exec(&tx).await?;
    session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(acc.id))
        .exec(&tx)
        .await?;
    for login in acc.email.iter().chain(acc.username.iter()) {
        rate_limit::Entity::delete_by_id(format!("login:{}", token_hash(login)))
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(ResetOutcome::Done)
}

/// Stores a new single-use password-reset token for `account` on `conn` (pass the transaction of
/// the write that needs it), valid for `ttl`; returns the raw token for the link. Only its SHA-256
/// is stored. Invitations use it with a longer validity than a reset.
pub(crate) async fn issue_reset_token<C: ConnectionTrait>(
    conn: &C,
    account: Uuid,
    ttl: Duration,
) -> Result<String> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    let now = Utc::now();
    password_reset::Entity::insert(password_reset::ActiveModel {
        token_hash: Set(token_hash(&token)),
        account_id: Set(account),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        used_at: Set(None),
    })
    .exec(conn)
    .await?;
    Ok(token)
}

/// Replaces the password of a logged-in person (the first login with a temporary password, or any
/// later change): sets the argon2id hash, clears `must_change_password`, and ends every other
/// session of the account (the one with `current_session` stays).
pub async fn change_password(
    db: &Db,
    account_id: Uuid,
    current_session: &str,
    password: &domain::values::NewPassword,
) -> Result<()> {
    let hash = crate::platform::passwords::hash(password.expose()).await?;
    let tx = db.write().await?;
    let acc = account::Entity::find_by_id(account_id)
        .one(&tx)
        .await?
        .ok_or(store::Error::NotFound)?;
    let mut a: account::ActiveModel = acc.into();
    a.password_hash = Set(hash);
    a.must_change_password = Set(false);
    account::Entity::update(a).exec(&tx).await?;
    session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::Id.ne(token_hash(current_session)))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
pub enum ChangeOutcome {
    Done,
    /// The current password typed is not the account's.
    WrongCurrent,
    /// Too many wrong current passwords for this account in the window.
    TooManyAttempts,
}

/// The change-password form of a logged-in person: asks for the current password (for a first
/// login, the temporary one) before [`change_password`]. Wrong current passwords count against a
/// per-account limit, so a borrowed session cannot be used to guess the password.
pub async fn change_own_password(
    db: &Db,
    account_id: Uuid,
    current_session: &str,
    current_password: &str,
    password: &domain::values::NewPassword,
) -> Result<ChangeOutcome> {
    let key = format!("password-change:{account_id}");
    if blocked(db, &key).await? {
        return Ok(ChangeOutcome::TooManyAttempts);
    }
    let acc = account::Entity::find_by_id(account_id)
        .one(&db.conn)
        .await?
        .ok_or(store::Error::NotFound)?;
    if !password_matches(&acc, current_password).await? {
        return Ok(if hit(db, &key).await? {
            ChangeOutcome::WrongCurrent
        } else {
            ChangeOutcome::TooManyAttempts
        });
    }
    change_password(db, account_id, current_session, password).await?;
    rate_limit::Entity::delete_by_id(key).exec(&db.conn).await?;
    Ok(ChangeOutcome::Done)
}
