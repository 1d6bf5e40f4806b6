//! Log in by e-mail or staff-issued username; database-backed sessions; login rate limiting.

use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use store::entities::{account, rate_limit, role_grant, session};
use store::{Db, Result};
use uuid::Uuid;

/// At most this many failed logins per login name per window.
pub const LOGIN_LIMIT: i32 = 5;
pub const LOGIN_WINDOW_MIN: i64 = 15;
pub const SESSION_DAYS: i64 = 7;

#[derive(Debug, PartialEq, Eq)]
pub enum LoginOutcome {
    /// The raw session token for the cookie (only its hash is stored).
    Ok(String),
    WrongCredentials,
    TooManyAttempts,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

async fn find_account(db: &Db, login: &str) -> Result<Option<account::Model>> {
    let l = login.trim().to_lowercase();
    let col = if l.contains('@') {
        account::Column::Email
    } else {
        account::Column::Username
    };
    Ok(account::Entity::find()
        .filter(col.eq(l))
        .one(&db.conn)
        .await?)
}

/// Counts a failed attempt; returns true while under the limit.
async fn hit(db: &Db, key: &str) -> Result<bool> {
    let now = Utc::now();
    let tx = db.write().await?;
    let row = rate_limit::Entity::find_by_id(key.to_owned())
        .one(&tx)
        .await?;
    let hits = match row {
        Some(r) if now - r.window_start < Duration::minutes(LOGIN_WINDOW_MIN) => {
            let h = r.hits + 1;
            let mut a: rate_limit::ActiveModel = r.into();
            a.hits = Set(h);
            rate_limit::Entity::update(a).exec(&tx).await?;
            h
        }
        Some(r) => {
            let mut a: rate_limit::ActiveModel = r.into();
            a.hits = Set(1);
            a.window_start = Set(now);
            rate_limit::Entity::update(a).exec(&tx).await?;
            1
        }
        None => {
            rate_limit::Entity::insert(rate_limit::ActiveModel {
                key: Set(key.to_owned()),
                window_start: Set(now),
                hits: Set(1),
            })
            .exec(&tx)
            .await?;
            1
        }
    };
    tx.commit().await?;
    Ok(hits <= LOGIN_LIMIT)
}

async fn blocked(db: &Db, key: &str) -> Result<bool> {
    let now = Utc::now();
    Ok(rate_limit::Entity::find_by_id(key.to_owned())
        .one(&db.conn)
        .await?
        .is_some_and(|r| {
            now - r.window_start < Duration::minutes(LOGIN_WINDOW_MIN) && r.hits >= LOGIN_LIMIT
        }))
}

pub async fn login(db: &Db, login: &str, password: &str) -> Result<LoginOutcome> {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let key = format!("login:{}", token_hash(&login.trim().to_lowercase()));
    if blocked(db, &key).await? {
        return Ok(LoginOutcome::TooManyAttempts);
    }
    let acc = find_account(db, login).await?;
    let ok = match &acc {
        Some(a) if !a.disabled => PasswordHash::new(&a.password_hash)
            .map(|h| {
                argon2::Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false),
        _ => {
            // Spend the same time as a real check, so response time does not reveal accounts.
            let _ = crate::demo::hash_password(password);
            false
        }
    };
    let Some(a) = acc.filter(|_| ok) else {
        return Ok(if hit(db, &key).await? {
            LoginOutcome::WrongCredentials
        } else {
            LoginOutcome::TooManyAttempts
        });
    };
    let token = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    let now = Utc::now();
    let tx = db.write().await?;
    session::Entity::insert(session::ActiveModel {
        id: Set(token_hash(&token)),
        account_id: Set(a.id),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(SESSION_DAYS)),
        last_seen_at: Set(now),
    })
    .exec(&tx)
    .await?;
    rate_limit::Entity::delete_by_id(key).exec(&tx).await?;
    tx.commit().await?;
    Ok(LoginOutcome::Ok(token))
}

/// The logged-in person behind a session token, with their grants.
pub async fn current(
    db: &Db,
    token: &str,
) -> Result<Option<(account::Model, Vec<role_grant::Model>)>> {
    let Some(s) = session::Entity::find_by_id(token_hash(token))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    if s.expires_at < Utc::now() {
        return Ok(None);
    }
    let Some(a) = account::Entity::find_by_id(s.account_id)
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    if a.disabled {
        return Ok(None);
    }
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(a.id))
        .all(&db.conn)
        .await?;
    Ok(Some((a, grants)))
}

pub async fn logout(db: &Db, token: &str) -> Result<()> {
    session::Entity::delete_by_id(token_hash(token))
        .exec(&db.conn)
        .await?;
    Ok(())
}
