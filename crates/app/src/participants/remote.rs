//! Online credentialing (issue 23, ADR 0040): in an online or hybrid conference a registered
//! delegate is credentialed from where they are, with no desk and no QR. They type their
//! registration code and the e-mail of their registration; when the pair matches an active
//! delegate (and no other delegate of the conference has that e-mail), a single-use link valid
//! [`LINK_TTL_MIN`] minutes goes to that e-mail. Opening it shows whose credentialing it is and
//! asks for the registration code once more (a forwarded link alone does nothing; three wrong
//! codes kill it); confirming, inside the credentialing hours, checks them in online today and
//! pairs the device it was opened on, with the same device token as a desk pairing (256 bits,
//! hashed, revocable, one device per delegate: the earlier ones are revoked).
//!
//! The answer to a request is the same whether or not the pair matched; every request counts
//! against the code (the login limit), and a registration gets at most [`LINK_LIMIT`] links an
//! hour. Only the SHA-256 of the link's token is stored (`online_credential_link`); nothing here
//! logs a code, an e-mail or a token.

use crate::Fail;
use crate::participants::my_data::{keyed, one, plausible_token, token_hash};
use crate::platform::auth::conference_scope;
use chrono::{Duration, Utc};
use domain::participants::normalize_code;
use domain::values::ConferenceFormat;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::registration::RegistrationStatus;
use store::entities::{conference, online_credential_link as link, registration};

/// How long an e-mailed link stays valid (it works once).
pub const LINK_TTL_MIN: i64 = 30;
/// At most this many links per registration per hour.
pub const LINK_LIMIT: u64 = 3;
/// Wrong registration codes a link takes before it dies.
pub const MAX_CODE_TRIES: i32 = 3;
/// The e-mail's subject.
pub const LINK_SUBJECT: &str = "Link para o credenciamento online";
/// The one answer to a request, matched or not.
pub const LINK_SENT: &str = "Se o código e o e-mail são de um(a) delegado(a) inscrito(a) nesta conferência, enviamos agora para esse e-mail um link de credenciamento, que vale 30 minutos e funciona uma vez. Abra o link no celular ou no computador em que você vai participar. Não chegou? Confira a caixa de spam ou procure a secretaria do conselho.";
/// A link that is unknown, used, expired or dead.
pub const LINK_INVALID: &str = "Este link de credenciamento não vale mais: ele funciona uma vez, vale 30 minutos e deixa de valer depois de três códigos errados. Peça outro na página de credenciamento online.";

/// What the request form takes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RequestInput {
    #[serde(default)]
    pub codigo: String,
    #[serde(default)]
    pub email: String,
}

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    /// [`LINK_SENT`] (whether or not a link was sent).
    LinkSent,
    /// Too many requests for this code: wait.
    TooMany,
}

/// Whether a conference takes online credentialing, for its page.
#[derive(Debug, Clone, Serialize)]
pub struct Availability {
    pub slug: String,
    pub title: String,
    /// The format's label ("Online", "Híbrida", "Presencial").
    pub format: String,
    pub allowed: bool,
    /// The regimento accepts the e-mailed link, and the staff's video check.
    pub link: bool,
    pub staff: bool,
}

fn remote_allowed(c: &conference::Model) -> bool {
    ConferenceFormat::parse(&c.format).is_ok_and(|f| f != ConferenceFormat::Presencial)
}

const PRESENCIAL: &str = "Esta conferência é presencial: o credenciamento é feito na mesa do credenciamento, no local e no dia da conferência.";

/// The conference's page of online credentialing.
pub async fn availability(db: &Db, slug: &str) -> Result<Availability, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let proof = crate::plenary::seats::rules_of(&db.conn, c.id).await?.proof;
    Ok(Availability {
        link: proof.link(),
        staff: proof.staff(),
        allowed: remote_allowed(&c),
        format: ConferenceFormat::parse(&c.format)
            .map(|f| f.label())
            .unwrap_or("Presencial")
            .to_owned(),
        slug: c.slug,
        title: c.title,
    })
}

/// Code + e-mail: when they are an active delegate's (and nobody else's among the conference's
/// delegates), e-mails a single-use link. The same answer either way.
pub async fn request_link(
    db: &Db,
    public_url: &str,
    slug: &str,
    input: &RequestInput,
) -> Result<Requested, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    if !remote_allowed(&c) {
        return Err(Invalid::one("form", PRESENCIAL).into());
    }
    if !crate::plenary::seats::rules_of(&db.conn, c.id)
        .await?
        .proof
        .link()
    {
        return Err(Invalid::one(
            "form",
            "O regimento desta conferência pede a verificação por vídeo com a equipe, não o link por e-mail",
        )
        .into());
    }
    let mut inv = Invalid::default();
    if input.codigo.trim().is_empty() {
        inv.push(FieldError::new(
            "codigo",
            "Informe o código de inscrição (está no comprovante da inscrição)",
        ));
    }
    let typed = input.email.trim().to_lowercase();
    if !typed.contains('@') {
        inv.push(FieldError::new(
            "email",
            "Informe o e-mail que você deu na inscrição, como nome@exemplo.com.br",
        ));
    }
    inv.into_result()?;
    let key = keyed("credenciamento-online", c.id, &input.codigo);
    if crate::platform::accounts::blocked(db, &key).await?
        || !crate::platform::accounts::hit(db, &key).await?
    {
        return Ok(Requested::TooMany);
    }
    let reg = match normalize_code(&input.codigo) {
        Some(code) => {
            registration::Entity::find()
                .filter(registration::Column::ConferenceId.eq(c.id))
                .filter(registration::Column::Code.eq(code))
                .filter(registration::Column::Status.eq(RegistrationStatus::Active))
                .filter(registration::Column::Category.eq("delegado"))
                .one(&db.conn)
                .await?
        }
        None => None,
    };
    // Made on every path, so that the work done depends less on the pair matching.
    let token = hex::encode(rand::random::<[u8; 32]>());
    let now = Utc::now();
    let base = public_url.trim_end_matches('/');
    let mut mailed = false;
    let tx = db.write().await?;
    if let Some(r) = &reg
        && one(
            "email",
            &r.email.as_ref().map(|e| e.trim().to_lowercase()),
            &typed,
        )
        && let Some(to) = &r.email
    {
        // An e-mail several delegates gave (a CRAS mailbox typed for people without one) does
        // not identify anybody: those delegates are credentialed by the staff.
        let sharing = registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(c.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Active))
            .filter(registration::Column::Category.eq("delegado"))
            .filter(registration::Column::Email.eq(to.clone()))
            .count(&tx)
            .await?;
        let recent = link::Entity::find()
            .filter(link::Column::RegistrationId.eq(r.id))
            .filter(link::Column::CreatedAt.gt(now - Duration::hours(1)))
            .count(&tx)
            .await?;
        if sharing == 1 && recent < LINK_LIMIT {
            link::Entity::insert(link::ActiveModel {
                token_hash: Set(token_hash(&token)),
                conference_id: Set(c.id),
                registration_id: Set(r.id),
                created_at: Set(now),
                expires_at: Set(now + Duration::minutes(LINK_TTL_MIN)),
                used_at: Set(None),
                failed: Set(0),
            })
            .exec(&tx)
            .await?;
            let text = format!(
                "Recebemos um pedido de credenciamento online na {}.\n\nPara se credenciar, abra este endereço em até {LINK_TTL_MIN} minutos, no celular ou no computador em que você vai participar da plenária, e confirme com o seu código de inscrição:\n\n{base}/c/{}/credenciamento-online/link?token={token}\n\nO endereço funciona uma vez. Depois de confirmar, é por esse aparelho que você responde à chamada, pede a palavra e vota.\n\nSe não foi você quem pediu, ignore esta mensagem: sem o código de inscrição, o link não credencia ninguém.",
                c.title, c.slug,
            );
            crate::participants::mail_participant(
                &tx,
                (to, &format!("{LINK_SUBJECT}: {}", c.title)),
                r.display_name(),
                &text,
            )
            .await?;
            mailed = true;
        }
    }
    crate::participants::commit_mailing(tx, mailed).await?;
    tracing::info!(conference = %c.id, "online credentialing link requested");
    Ok(Requested::LinkSent)
}

/// The link and its registration, when the link is known, unused, unexpired and of this
/// conference, and the registration still an active delegate's.
async fn link_target(
    db: &Db,
    c: &conference::Model,
    token: &str,
) -> store::Result<Option<(link::Model, registration::Model)>> {
    let token = token.trim();
    if !plausible_token(token) {
        return Ok(None);
    }
    let Some(l) = link::Entity::find_by_id(token_hash(token))
        .one(&db.conn)
        .await?
        .filter(|l| l.conference_id == c.id && l.used_at.is_none() && l.expires_at > Utc::now())
    else {
        return Ok(None);
    };
    let r = registration::Entity::find_by_id(l.registration_id)
        .one(&db.conn)
        .await?
        .filter(|r| r.status == RegistrationStatus::Active && r.category == "delegado");
    Ok(r.map(|r| (l, r)))
}

fn invalid_link() -> Fail {
    Invalid::one("form", LINK_INVALID).into()
}

/// Whose credentialing a link is, for the page that asks to confirm it (conference title, the
/// delegate's name), without using it.
pub async fn link_name(db: &Db, slug: &str, token: &str) -> Result<(String, String), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let (_, r) = link_target(db, &c, token).await?.ok_or_else(invalid_link)?;
    Ok((c.title, r.display_name().to_owned()))
}

/// Confirms a link with the registration code: credentials the delegate online today and pairs
/// this device. Returns the device token for the cookie. Refused outside the credentialing hours
/// (the link stays valid); a wrong code counts against the link.
pub async fn confirm_link(db: &Db, slug: &str, token: &str, code: &str) -> Result<String, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    if !remote_allowed(&c) {
        return Err(Invalid::one("form", PRESENCIAL).into());
    }
    let (l, r) = link_target(db, &c, token).await?.ok_or_else(invalid_link)?;
    let typed = normalize_code(code).unwrap_or_default();
    if !one("code", &Some(r.code.clone()), &typed) {
        let failed = l.failed + 1;
        let tx = db.write().await?;
        link::Entity::update_many()
            .col_expr(
                link::Column::Failed,
                sea_orm::sea_query::Expr::value(failed),
            )
            .col_expr(
                link::Column::UsedAt,
                sea_orm::sea_query::Expr::value((failed >= MAX_CODE_TRIES).then_some(Utc::now())),
            )
            .filter(link::Column::TokenHash.eq(l.token_hash.clone()))
            .filter(link::Column::UsedAt.is_null())
            .exec(&tx)
            .await?;
        tx.commit().await?;
        if failed >= MAX_CODE_TRIES {
            return Err(invalid_link());
        }
        return Err(Invalid::one(
            "codigo",
            format!(
                "O código de inscrição não confere com o deste link. Confira no comprovante da inscrição (tentativa {failed} de {MAX_CODE_TRIES})"
            ),
        )
        .into());
    }
    crate::participants::credentialing::open_window(db, &c)
        .await
        .map_err(|e| match e {
            Fail::Invalid(inv) => Fail::Invalid(Invalid(
                inv.0
                    .into_iter()
                    .map(|f| FieldError::new("form", f.message))
                    .collect(),
            )),
            e => e,
        })?;
    let now = Utc::now();
    let tx = db.write().await?;
    let used = link::Entity::update_many()
        .col_expr(
            link::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .filter(link::Column::TokenHash.eq(l.token_hash.clone()))
        .filter(link::Column::UsedAt.is_null())
        .filter(link::Column::ExpiresAt.gt(now))
        .exec(&tx)
        .await?;
    if used.rows_affected != 1 {
        tx.rollback().await?;
        return Err(invalid_link());
    }
    crate::participants::credentialing::arrive_online(&tx, &c, &r, now).await?;
    let device = crate::participants::devices::issue_device(&tx, &c, r.id, "online").await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(registration = %r.id, "delegate credentialed online");
    Ok(device)
}
