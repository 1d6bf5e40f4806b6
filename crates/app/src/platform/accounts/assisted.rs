//! Accounts for people without e-mail (ADR 0041): a conference's staff (the commission, the
//! secretariat, a CRAS's articulator, the credentialing staff) hands out single-use sign-up codes
//! on paper; with one, a person creates an account with a username and a password at
//! `/cadastro/codigo`, alone or with the CRAS's help. The account is like any other: it takes
//! part in the etapa digital and logs in with the username; the per-name and per-client login
//! limits hold. Codes are `K7Q4-MZP9-3HXA` (12 symbols, about 59 bits), valid until the
//! conference's process ends; only their SHA-256 is stored, and each works once.

use super::token_hash;
use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::{Duration, NaiveTime, Utc};
use domain::policy::Action;
use domain::values::{NewPassword, Username};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::{account, signup_code};
use uuid::Uuid;

/// At most this many codes at once.
pub const MAX_CODES: u32 = 50;

/// How many codes a conference handed out and how many created an account.
#[derive(Debug, Clone, Serialize)]
pub struct CodesSummary {
    pub slug: String,
    pub title: String,
    pub issued: u64,
    pub used: u64,
    /// Until when new codes are valid (DD/MM/AAAA): the end of the conference's process.
    pub valid_until: String,
}

/// The codes just issued, shown once (to print or copy); only their hashes are kept.
#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    pub codes: Vec<String>,
    pub valid_until: String,
}

/// When a code issued now expires: the end of the conference's process (at least a week ahead).
fn expiry(c: &store::entities::conference::Model) -> chrono::DateTime<Utc> {
    let end = c
        .process_ends_on
        .and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
        .and_utc()
        + Duration::hours(3);
    end.max(Utc::now() + Duration::days(7))
}

/// The staff's page: what was handed out and used.
pub async fn codes_summary(db: &Db, me: Option<&Me>, slug: &str) -> Result<CodesSummary, Fail> {
    let c = authorize(db, me, slug, Action::IssueSignupCodes).await?;
    let of_conf = || signup_code::Entity::find().filter(signup_code::Column::ConferenceId.eq(c.id));
    Ok(CodesSummary {
        issued: of_conf().count(&db.conn).await?,
        used: of_conf()
            .filter(signup_code::Column::UsedAt.is_not_null())
            .count(&db.conn)
            .await?,
        valid_until: expiry(&c).format("%d/%m/%Y").to_string(),
        slug: c.slug,
        title: c.title,
    })
}

/// Issues `count` (1 to [`MAX_CODES`]) single-use sign-up codes for the conference.
pub async fn issue_codes(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    count: &str,
) -> Result<Issued, Fail> {
    let c = authorize(db, me, slug, Action::IssueSignupCodes).await?;
    let n = match count.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_CODES).contains(&n) => n,
        _ => {
            return Err(Invalid::one(
                "quantidade",
                format!("Quantos códigos: um número de 1 a {MAX_CODES}"),
            )
            .into());
        }
    };
    let now = Utc::now();
    let expires = expiry(&c);
    let codes: Vec<String> = (0..n)
        .map(|_| domain::participants::certificate_code(rand::random()))
        .collect();
    let tx = db.write().await?;
    signup_code::Entity::insert_many(codes.iter().map(|code| signup_code::ActiveModel {
        code_hash: Set(token_hash(code)),
        conference_id: Set(c.id),
        issued_by: Set(me.map(|m| m.account.id)),
        issued_at: Set(now),
        expires_at: Set(expires),
        used_at: Set(None),
        account_id: Set(None),
    }))
    .exec(&tx)
    .await?;
    tx.commit().await?;
    tracing::info!(conference = %c.id, count = n, "sign-up codes issued");
    Ok(Issued {
        codes,
        valid_until: expires.format("%d/%m/%Y").to_string(),
    })
}

/// The sign-up form with a code (`/cadastro/codigo`).
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CodeSignUpInput {
    pub codigo: String,
    pub name: String,
    pub username: String,
    pub password: String,
    pub password2: String,
    /// "on" when the person read (or heard) how their data is used.
    pub consent: String,
}

impl std::fmt::Debug for CodeSignUpInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeSignUpInput")
            .field("name", &self.name)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// The account created: its login name, to show.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub username: String,
}

const BAD_CODE: &str = "Este código não vale: confira as letras e os números, ou peça outro a quem lhe deu o código (cada código cria uma só conta)";

/// Creates an account with a sign-up code: name, username, password typed twice, consent. The
/// code is checked first (a wrong code says nothing about usernames), then claimed in the same
/// write as the account, so a code creates one account even when sent twice at once.
pub async fn sign_up_with_code(db: &Db, i: &CodeSignUpInput) -> Result<Created, Fail> {
    let mut inv = Invalid::default();
    let code = domain::participants::normalize_certificate_code(&i.codigo);
    if code.is_none() {
        inv.push(FieldError::new(
            "codigo",
            "Digite o código como está no papel: 12 letras e números, como K7Q4-MZP9-3HXA",
        ));
    }
    let name = inv.take(domain::values::required("name", "seu nome", &i.name, 120));
    let username = inv.take(Username::parse(&i.username));
    let password = inv.take(NewPassword::parse(&i.password));
    if password.is_some() && i.password != i.password2 {
        inv.push(FieldError::new(
            "password2",
            "As duas senhas não são iguais: digite a mesma senha nos dois campos",
        ));
    }
    if i.consent != "on" {
        inv.push(FieldError::new(
            "consent",
            "Para criar a conta, confirme que leu ou ouviu como usamos seus dados",
        ));
    }
    inv.into_result()?;
    let (Some(code), Some(name), Some(username), Some(password)) = (code, name, username, password)
    else {
        return Err(Fail::NotFound);
    };
    let hash = token_hash(&code);
    let now = Utc::now();
    let found = signup_code::Entity::find_by_id(hash.clone())
        .one(&db.conn)
        .await?
        .filter(|s| s.used_at.is_none() && s.expires_at > now);
    if found.is_none() {
        return Err(Invalid::one("codigo", BAD_CODE).into());
    }
    let taken = account::Entity::find()
        .filter(account::Column::Username.eq(username.as_str()))
        .one(&db.conn)
        .await?
        .is_some();
    if taken {
        return Err(Invalid::one(
            "username",
            "Este nome de usuário já é de outra pessoa: escolha outro (por exemplo, com o ano em que nasceu)",
        )
        .into());
    }
    let password_hash = crate::platform::passwords::hash(password.expose()).await?;
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    let claimed = signup_code::Entity::update_many()
        .col_expr(signup_code::Column::UsedAt, Expr::value(Some(now)))
        .col_expr(signup_code::Column::AccountId, Expr::value(Some(id)))
        .filter(signup_code::Column::CodeHash.eq(hash))
        .filter(signup_code::Column::UsedAt.is_null())
        .filter(signup_code::Column::ExpiresAt.gt(now))
        .exec(&tx)
        .await?;
    if claimed.rows_affected != 1 {
        tx.rollback().await?;
        return Err(Invalid::one("codigo", BAD_CODE).into());
    }
    crate::platform::admin::insert_account(
        &tx,
        id,
        None,
        Some(username.as_str()),
        &name,
        &password_hash,
        false,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(account = %id, "account created with a sign-up code");
    Ok(Created {
        username: username.as_str().to_owned(),
    })
}
