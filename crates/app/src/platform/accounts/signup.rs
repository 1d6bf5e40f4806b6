//! Sign-up for the etapa digital: an account confirmed by an e-mailed link.

use chrono::Duration;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::Db;
use store::entities::account;
use uuid::Uuid;

use super::{RESET_LIMIT, RESET_WINDOW_MIN, bump, issue_reset_token, token_hash};

/// The subject of the sign-up e-mail.
pub const SIGNUP_SUBJECT: &str = "Confirme seu e-mail para participar das conferências";
/// A sign-up link is valid for this long.
pub const SIGNUP_TTL_HOURS: i64 = 48;

/// The sign-up form of the etapa digital (`/cadastro`).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct SignUpInput {
    pub name: String,
    pub email: String,
    /// "on" when the person read how their data is used.
    pub consent: String,
    /// Where to go back after creating the password (a path of this site).
    pub volta: String,
}

/// Whether `p` is a path of this site to send a browser back to: it starts with a
/// single `/` (`//host` is another site), has no backslash (browsers read `/\` as `//`) and no
/// control character (browsers drop tabs and line breaks from a URL, so `/<TAB>/evil.example`
/// would become `//evil.example`; a line break would also break the `Location` header), and is
/// at most 300 bytes long.
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && !p.chars().any(char::is_control)
        && p.len() <= 300
}

/// `back` when it is a path of this site ([`is_local_path`]), else the home page.
pub fn local_path(back: &str) -> &str {
    let b = back.trim();
    if is_local_path(b) { b } else { "/" }
}

/// Creates an account for someone from the public (the etapa digital; ADR 0026).
/// The account has no password until its owner opens the link e-mailed to the address, which
/// proves the address is theirs: someone typing another person's e-mail gets nothing. When an
/// account already has the address, the owner gets a link to create a new password instead, and
/// the answer on screen is the same, so the form does not reveal who has an account. At most
/// [`RESET_LIMIT`] e-mails per address per hour.
pub async fn sign_up(
    db: &Db,
    public_url: &str,
    i: &SignUpInput,
) -> std::result::Result<(), crate::Fail> {
    let mut inv = domain::Invalid::default();
    let name = inv.take(domain::values::required("name", "seu nome", &i.name, 120));
    let email = inv.take(domain::values::Email::parse(&i.email));
    if i.consent != "on" {
        inv.push(domain::FieldError::new(
            "consent",
            "Para participar, confirme que leu como usamos seus dados",
        ));
    }
    inv.into_result()?;
    let (Some(name), Some(email)) = (name, email) else {
        return Err(crate::Fail::NotFound);
    };
    let base = public_url.trim_end_matches('/');
    let back = format!("{base}{}", local_path(&i.volta));
    let acc = account::Entity::find()
        .filter(account::Column::Email.eq(email.as_str()))
        .one(&db.conn)
        .await?;
    let tx = db.write().await?;
    let hits = bump(
        &tx,
        &format!("signup:{}", token_hash(email.as_str())),
        RESET_WINDOW_MIN,
    )
    .await?;
    if hits > RESET_LIMIT || acc.as_ref().is_some_and(|a| a.disabled) {
        tx.commit().await?;
        return Ok(());
    }
    let ttl = Duration::hours(SIGNUP_TTL_HOURS);
    let body = match acc {
        Some(a) => {
            if a.password_hash.is_empty() {
                // Never activated: the name typed now is the one its owner wants.
                let mut m: account::ActiveModel = a.clone().into();
                m.display_name = Set(name.clone());
                account::Entity::update(m).exec(&tx).await?;
            }
            let token = issue_reset_token(&tx, a.id, ttl).await?;
            format!(
                "Olá, {name}.\n\n\
Este e-mail já tem uma conta na plataforma das Conferências de Assistência Social. Entre em \
{base}/entrar com ele e a sua senha.\n\n\
Se você ainda não criou a senha ou a esqueceu, crie uma nova neste endereço, em até \
{SIGNUP_TTL_HOURS} horas:\n\n\
{base}/senha/nova?token={token}\n\n\
Depois volte para {back}\n\n\
Se não foi você quem pediu, ignore esta mensagem.\n\n\
-- \n\
Conferências de Assistência Social (mensagem automática, não responda)\n"
            )
        }
        None => {
            let id = Uuid::now_v7();
            crate::platform::admin::insert_account(
                &tx,
                id,
                Some(email.as_str()),
                None,
                &name,
                "",
                false,
            )
            .await?;
            let token = issue_reset_token(&tx, id, ttl).await?;
            format!(
                "Olá, {name}.\n\n\
Para confirmar este e-mail e criar a senha da sua conta na plataforma das Conferências de \
Assistência Social, abra este endereço em até {SIGNUP_TTL_HOURS} horas:\n\n\
{base}/senha/nova?token={token}\n\n\
Depois entre em {base}/entrar com este e-mail e a senha que você criou, e volte para \
{back}\n\n\
Seu nome aparece junto das propostas e dos comentários que você enviar; seu e-mail não aparece \
para ninguém.\n\n\
Se não foi você quem pediu, ignore esta mensagem: sem a senha, a conta não pode ser usada.\n\n\
-- \n\
Conferências de Assistência Social (mensagem automática, não responda)\n"
            )
        }
    };
    crate::platform::mail::enqueue(&tx, email.as_str(), SIGNUP_SUBJECT, &body).await?;
    tx.commit().await?;
    crate::platform::mail::wake();
    Ok(())
}
