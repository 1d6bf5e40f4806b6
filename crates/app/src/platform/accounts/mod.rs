//! Log in by e-mail or staff-issued username; database-backed sessions (staff ones end after
//! [`STAFF_IDLE_MIN`] idle); login rate limiting per client and per name, with known devices;
//! password reset by an e-mailed single-use link.

mod assisted;
mod reset;
mod signup;

pub use assisted::*;
pub use reset::*;
pub use signup::*;

use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use store::entities::{account, rate_limit, role_grant, session};
use store::{Db, Result};
use uuid::Uuid;

/// At most this many failed logins per login name per window, from browsers this account has not
/// logged in from before (and, separately, from each browser it has: see [`KnownDevice`]).
pub const LOGIN_LIMIT: i32 = 5;
pub const LOGIN_WINDOW_MIN: i64 = 15;
/// At most this many failed logins per client (IP address, IPv6 /64) per window, whatever the
/// names tried.
pub const CLIENT_LIMIT: i32 = 30;
/// Absolute lifetime of a session.
pub const SESSION_DAYS: i64 = 7;
/// A session of an account with any staff role (any role but participant) ends after this many
/// minutes without a request: a shared computer at a CRAS does not stay logged in.
pub const STAFF_IDLE_MIN: i64 = 30;
/// `session.last_seen_at` is written at most once per this many seconds per session.
pub const LAST_SEEN_EVERY_SECS: i64 = 60;
/// A browser stays known to an account for this long after its last successful login there.
pub const KNOWN_DEVICE_DAYS: i64 = 180;
/// Accounts remembered by one browser (a shared computer), the most recent first.
const KNOWN_DEVICE_MAX: usize = 5;
/// The `app_secret` row keying the known-device cookie.
const KNOWN_DEVICE_KEY_NAME: &str = "known_device_hmac";

#[derive(Debug, PartialEq, Eq)]
pub enum LoginOutcome {
    /// The raw session token for the cookie (only its hash is stored).
    Ok(String),
    WrongCredentials,
    /// Too many failed logins for this name from browsers it never logged in from: only those are
    /// refused, until the window is over.
    TooManyAttempts,
    /// Too many failed logins for this name from this very browser (a known device).
    TooManyOnThisDevice,
    /// Too many failed logins from this client (IP address), across all names.
    TooManyFromClient,
}

/// Where a login attempt comes from (see [`login_from`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct LoginFrom<'a> {
    /// The client's address (an IP, or an IPv6 /64), when known: failed attempts are also counted
    /// per client across all names ([`CLIENT_LIMIT`]).
    pub client: Option<&'a str>,
    /// The browser's known-device cookie, if any ([`KnownDevice`]).
    pub known_device: Option<&'a str>,
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

/// Counts one hit on `key` in a window of `window_min` minutes (a new window starts when the
/// last one is over); returns the hits in the current window.
async fn bump<C: ConnectionTrait>(conn: &C, key: &str, window_min: i64) -> Result<i32> {
    let now = Utc::now();
    let row = rate_limit::Entity::find_by_id(key.to_owned())
        .one(conn)
        .await?;
    Ok(match row {
        Some(r) if now - r.window_start < Duration::minutes(window_min) => {
            let h = r.hits + 1;
            let mut a: rate_limit::ActiveModel = r.into();
            a.hits = Set(h);
            rate_limit::Entity::update(a).exec(conn).await?;
            h
        }
        Some(r) => {
            let mut a: rate_limit::ActiveModel = r.into();
            a.hits = Set(1);
            a.window_start = Set(now);
            rate_limit::Entity::update(a).exec(conn).await?;
            1
        }
        None => {
            rate_limit::Entity::insert(rate_limit::ActiveModel {
                key: Set(key.to_owned()),
                window_start: Set(now),
                hits: Set(1),
            })
            .exec(conn)
            .await?;
            1
        }
    })
}

/// Counts a failed attempt on `key` (5 per 15 minutes, as for logins); returns true while under
/// the limit. Also used by the self-service data page (`crate::participants::my_data`).
pub(crate) async fn hit(db: &Db, key: &str) -> Result<bool> {
    hit_under(db, key, LOGIN_LIMIT).await
}

/// Counts a failed attempt on `key` in a [`LOGIN_WINDOW_MIN`] window; true while at most `limit`.
async fn hit_under(db: &Db, key: &str, limit: i32) -> Result<bool> {
    let tx = db.write().await?;
    let hits = bump(&tx, key, LOGIN_WINDOW_MIN).await?;
    tx.commit().await?;
    Ok(hits <= limit)
}

/// True when `key` has used up its failed attempts in the current window.
pub(crate) async fn blocked(db: &Db, key: &str) -> Result<bool> {
    blocked_at(db, key, LOGIN_LIMIT).await
}

async fn blocked_at(db: &Db, key: &str, limit: i32) -> Result<bool> {
    let now = Utc::now();
    Ok(rate_limit::Entity::find_by_id(key.to_owned())
        .one(&db.conn)
        .await?
        .is_some_and(|r| {
            now - r.window_start < Duration::minutes(LOGIN_WINDOW_MIN) && r.hits >= limit
        }))
}

/// True when `password` is the account's password (argon2id, checked on the blocking pool a few
/// at a time: `crate::platform::passwords`). No password yet (a sign-up not activated, an invitation not
/// accepted): the same time as a real check.
async fn password_matches(a: &account::Model, password: &str) -> Result<bool> {
    crate::platform::passwords::verify(password, Some(&a.password_hash)).await
}

/// Logs in with no knowledge of the client (no per-client limit, no known device): for tests and
/// tools. The web login uses [`login_from`].
pub async fn login(db: &Db, login: &str, password: &str) -> Result<LoginOutcome> {
    Ok(login_from(db, login, password, LoginFrom::default())
        .await?
        .0)
}

/// Logs in. Failed attempts are counted per client across all names ([`CLIENT_LIMIT`]) and per
/// name ([`LOGIN_LIMIT`]). The per-name lock only refuses browsers the account never logged in
/// from: a browser holding a valid known-device entry for the account has its own count instead,
/// so someone typing wrong passwords for a known name does not lock its owner out of their own
/// phone or computer. On success, also returns the new value of the known-device cookie.
pub async fn login_from(
    db: &Db,
    login: &str,
    password: &str,
    from: LoginFrom<'_>,
) -> Result<(LoginOutcome, Option<String>)> {
    let client_key = from
        .client
        .map(|c| format!("login-client:{}", token_hash(c)));
    if let Some(k) = &client_key
        && blocked_at(db, k, CLIENT_LIMIT).await?
    {
        return Ok((LoginOutcome::TooManyFromClient, None));
    }
    let acc = find_account(db, login).await?;
    let now = Utc::now();
    let devices = match (&acc, from.known_device) {
        (Some(_), Some(_)) => Some(KnownDevice::load(db).await?),
        _ => None,
    };
    let known = match (&acc, &devices, from.known_device) {
        (Some(a), Some(d), Some(cookie)) => d.entry_for(cookie, a.id, now),
        _ => None,
    };
    let (key, on_device) = match &known {
        Some(tag) => (format!("login-device:{}", token_hash(tag)), true),
        None => (
            format!("login:{}", token_hash(&login.trim().to_lowercase())),
            false,
        ),
    };
    let locked = if on_device {
        LoginOutcome::TooManyOnThisDevice
    } else {
        LoginOutcome::TooManyAttempts
    };
    if blocked(db, &key).await? {
        return Ok((locked, None));
    }
    let ok = match &acc {
        Some(a) if !a.disabled => password_matches(a, password).await?,
        // Spend the same time as a real check, so response time does not reveal accounts.
        _ => crate::platform::passwords::verify(password, None).await?,
    };
    let Some(a) = acc.filter(|_| ok) else {
        let under = hit(db, &key).await?;
        let client_under = match &client_key {
            Some(k) => hit_under(db, k, CLIENT_LIMIT).await?,
            None => true,
        };
        return Ok((
            if !under {
                locked
            } else if !client_under {
                LoginOutcome::TooManyFromClient
            } else {
                LoginOutcome::WrongCredentials
            },
            None,
        ));
    };
    let devices = match devices {
        Some(d) => d,
        None => KnownDevice::load(db).await?,
    };
    let device_cookie = devices.remember(from.known_device.unwrap_or(""), a.id, now);
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
    // A success from a known device clears that device's count only: the lock on unknown
    // devices stays while someone else keeps guessing.
    rate_limit::Entity::delete_by_id(key).exec(&tx).await?;
    tx.commit().await?;
    Ok((LoginOutcome::Ok(token), Some(device_cookie)))
}

/// The signed known-device cookie: up to [`KNOWN_DEVICE_MAX`] entries
/// `account.issued.tag` joined by `~`, most recent first, where `account` is the account id (hex),
/// `issued` the Unix time of the successful login and `tag` 16 bytes of HMAC-SHA256 (hex) under
/// the installation's `known_device_hmac` secret. It holds nothing but that; an entry is valid for
/// [`KNOWN_DEVICE_DAYS`].
pub struct KnownDevice([u8; 32]);

impl KnownDevice {
    pub async fn load(db: &Db) -> Result<Self> {
        Ok(Self(
            crate::platform::secrets::bytes32(db, KNOWN_DEVICE_KEY_NAME).await?,
        ))
    }

    fn mac(&self, account: Uuid, issued: i64) -> hmac::Hmac<Sha256> {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("any key length");
        mac.update(b"conferencia known device");
        mac.update(account.as_bytes());
        mac.update(&issued.to_be_bytes());
        mac
    }

    fn entry(&self, account: Uuid, issued: i64) -> String {
        use hmac::Mac;
        let tag = self.mac(account, issued).finalize().into_bytes();
        format!("{}.{issued}.{}", account.simple(), hex::encode(&tag[..16]))
    }

    fn parse(e: &str) -> Option<(Uuid, i64, &str)> {
        let mut p = e.split('.');
        let account = Uuid::try_parse(p.next()?).ok()?;
        let issued = p.next()?.parse().ok()?;
        let tag = p.next()?;
        p.next().is_none().then_some((account, issued, tag))
    }

    /// The entry of `cookie` that vouches for `account` now, if one is validly signed and recent.
    pub fn entry_for(
        &self,
        cookie: &str,
        account: Uuid,
        now: chrono::DateTime<Utc>,
    ) -> Option<String> {
        use hmac::Mac;
        let now = now.timestamp();
        cookie
            .split('~')
            .take(KNOWN_DEVICE_MAX)
            .find(|e| {
                Self::parse(e).is_some_and(|(a, issued, tag)| {
                    a == account
                        && issued <= now + 300
                        && now - issued < KNOWN_DEVICE_DAYS * 86_400
                        && hex::decode(tag).is_ok_and(|t| {
                            t.len() == 16 && self.mac(a, issued).verify_truncated_left(&t).is_ok()
                        })
                })
            })
            .map(str::to_owned)
    }

    /// The cookie after a successful login of `account`: its fresh entry first, then the other
    /// accounts' entries of `cookie` (unchecked here, checked when used).
    pub fn remember(&self, cookie: &str, account: Uuid, now: chrono::DateTime<Utc>) -> String {
        let mut out = vec![self.entry(account, now.timestamp())];
        out.extend(
            cookie
                .split('~')
                .filter(|e| Self::parse(e).is_some_and(|(a, _, _)| a != account))
                .take(KNOWN_DEVICE_MAX - 1)
                .map(str::to_owned),
        );
        out.join("~")
    }
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
    let now = Utc::now();
    if s.expires_at < now {
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
    let staff = grants
        .iter()
        .any(|g| g.role != domain::policy::Role::Participant.code());
    if staff && now - s.last_seen_at > Duration::minutes(STAFF_IDLE_MIN) {
        session::Entity::delete_by_id(s.id).exec(&db.conn).await?;
        return Ok(None);
    }
    // Sliding: written at most once a minute, not on every request.
    let every = Duration::seconds(LAST_SEEN_EVERY_SECS);
    if now - s.last_seen_at >= every {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(session::Column::Id.eq(s.id))
            .filter(session::Column::LastSeenAt.lt(now - every))
            .exec(&db.conn)
            .await?;
    }
    Ok(Some((a, grants)))
}

pub async fn logout(db: &Db, token: &str) -> Result<()> {
    session::Entity::delete_by_id(token_hash(token))
        .exec(&db.conn)
        .await?;
    Ok(())
}
