//! Online credentialing checked by the staff (ADR 0040), where the regimento accepts it: for a
//! delegate without an e-mail of their own. From the device they will use, the delegate types
//! their registration code and how the staff can reach them for a video call; the device keeps a
//! secret (a cookie; only its SHA-256 is stored). The staff (`Action::VerifyRemoteIdentity`) sees
//! the request with the registration, calls, checks the person and the document they show, and
//! confirms or refuses; the contact is erased then. Back on the device, "Entrar na plenária"
//! credentials the delegate online today and pairs that device, as the e-mailed link does.

use crate::Fail;
use crate::participants::my_data::{keyed, token_hash};
use crate::platform::auth::{Me, authorize, conference_scope};
use crate::plenary::seats::rules_of;
use chrono::Utc;
use domain::participants::normalize_code;
use domain::policy::Action;
use domain::values::ConferenceFormat;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::registration::RegistrationStatus;
use store::entities::{conference, online_verification as ov, registration};
use uuid::Uuid;

/// The request form: the registration code and how to reach the person.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CheckInput {
    #[serde(default, rename = "codigo_video")]
    pub codigo: String,
    #[serde(default)]
    pub contato: String,
}

const NOT_ACCEPTED: &str = "O regimento desta conferência não prevê a verificação por vídeo: use o link enviado ao e-mail da inscrição";

/// The conference, when it takes the staff's video check.
async fn accepting(db: &Db, slug: &str) -> Result<conference::Model, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let remote =
        ConferenceFormat::parse(&c.format).is_ok_and(|f| f != ConferenceFormat::Presencial);
    if !remote {
        return Err(Invalid::one(
            "form",
            "Esta conferência é presencial: o credenciamento é feito na mesa do credenciamento, no local e no dia da conferência.",
        )
        .into());
    }
    if !rules_of(&db.conn, c.id).await?.proof.staff() {
        return Err(Invalid::one("form", NOT_ACCEPTED).into());
    }
    Ok(c)
}

/// A delegate asks for the staff's check from the device they will use; returns the device's
/// secret (for a cookie). A new request of the same registration replaces a pending one.
pub async fn request_check(db: &Db, slug: &str, i: &CheckInput) -> Result<String, Fail> {
    let c = accepting(db, slug).await?;
    let mut inv = Invalid::default();
    let code = normalize_code(&i.codigo);
    if code.is_none() {
        inv.push(FieldError::new(
            "codigo_video",
            "Informe o código de inscrição (8 letras e números, está no comprovante da inscrição)",
        ));
    }
    let contact: String = i.contato.split_whitespace().collect::<Vec<_>>().join(" ");
    if contact.is_empty() || contact.chars().count() > 120 {
        inv.push(FieldError::new(
            "contato",
            "Diga como a equipe fala com você para a chamada de vídeo (WhatsApp, telefone ou link), em até 120 caracteres",
        ));
    }
    inv.into_result()?;
    let key = keyed("verificacao-online", c.id, &i.codigo);
    if crate::platform::accounts::blocked(db, &key).await?
        || !crate::platform::accounts::hit(db, &key).await?
    {
        return Err(Invalid::one(
            "form",
            "Muitos pedidos com este código. Espere 15 minutos e tente de novo.",
        )
        .into());
    }
    let r = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.eq(code.unwrap_or_default()))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .filter(registration::Column::Category.eq("delegado"))
        .one(&db.conn)
        .await?
        .ok_or_else(|| {
            Invalid::one(
                "codigo_video",
                "Este código não é de um(a) delegado(a) inscrito(a) nesta conferência: confira no comprovante da inscrição",
            )
        })?;
    let secret = hex::encode(rand::random::<[u8; 32]>());
    let tx = db.write().await?;
    ov::Entity::delete_many()
        .filter(ov::Column::RegistrationId.eq(r.id))
        .filter(ov::Column::Status.eq("pending"))
        .exec(&tx)
        .await?;
    ov::Entity::insert(ov::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(r.id),
        secret_hash: Set(token_hash(&secret)),
        contact: Set(Some(contact)),
        status: Set("pending".into()),
        created_at: Set(Utc::now()),
        decided_at: Set(None),
        decided_by: Set(None),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, "online credentialing check requested");
    Ok(secret)
}

/// Where a device's request stands.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub enum CheckState {
    /// Waiting for the staff's call: the person's name (to be sure it is theirs).
    Pending(String),
    /// The staff refused it.
    Refused,
    /// No request behind this device (none, or already used).
    Unknown,
}

/// The latest request behind a device's secret.
async fn request_of(
    db: &Db,
    c: &conference::Model,
    secret: Option<&str>,
) -> Result<Option<ov::Model>, Fail> {
    let Some(s) = secret.filter(|s| s.len() == 64) else {
        return Ok(None);
    };
    Ok(ov::Entity::find()
        .filter(ov::Column::ConferenceId.eq(c.id))
        .filter(ov::Column::SecretHash.eq(token_hash(s)))
        .order_by_desc(ov::Column::CreatedAt)
        .one(&db.conn)
        .await?)
}

/// What the waiting page says about this device's request.
pub async fn check_state(db: &Db, slug: &str, secret: Option<&str>) -> Result<CheckState, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    Ok(match request_of(db, &c, secret).await? {
        Some(v) if v.status == "pending" || v.status == "approved" => {
            let r = registration::Entity::find_by_id(v.registration_id)
                .one(&db.conn)
                .await?
                .ok_or(Fail::NotFound)?;
            CheckState::Pending(r.display_name().to_owned())
        }
        Some(v) if v.status == "refused" => CheckState::Refused,
        _ => CheckState::Unknown,
    })
}

/// "Entrar na plenária" on the requesting device: once the staff confirmed, credentials the
/// delegate online today and pairs this device (returns its token); before that, says so.
pub async fn enter(db: &Db, slug: &str, secret: Option<&str>) -> Result<String, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let v = request_of(db, &c, secret).await?.ok_or_else(|| {
        Invalid::one(
            "form",
            "Não há pedido de verificação neste aparelho: faça o pedido na página de credenciamento online",
        )
    })?;
    match v.status.as_str() {
        "approved" => {}
        "refused" => {
            return Err(Invalid::one(
                "form",
                "A equipe não confirmou a sua identidade. Fale com a secretaria do conselho ou faça um novo pedido",
            )
            .into());
        }
        "pending" => {
            return Err(Invalid::one(
                "form",
                "A equipe ainda não confirmou: espere a chamada de vídeo e toque de novo depois dela",
            )
            .into());
        }
        _ => {
            return Err(Invalid::one(
                "form",
                "Este pedido já foi usado: o aparelho dele já está na plenária",
            )
            .into());
        }
    }
    let r = registration::Entity::find_by_id(v.registration_id)
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    crate::participants::credentialing::open_window(db, &c).await?;
    let now = Utc::now();
    let tx = db.write().await?;
    let used = ov::Entity::update_many()
        .col_expr(ov::Column::Status, Expr::value("used"))
        .filter(ov::Column::Id.eq(v.id))
        .filter(ov::Column::Status.eq("approved"))
        .exec(&tx)
        .await?;
    if used.rows_affected != 1 {
        tx.rollback().await?;
        return Err(Invalid::one("form", "Este pedido já foi usado").into());
    }
    crate::participants::credentialing::arrive_online(&tx, &c, &r, now).await?;
    let device = crate::participants::devices::issue_device(&tx, &c, r.id, "online").await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(registration = %r.id, "delegate credentialed online after the staff's check");
    Ok(device)
}

/// A request as the staff sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PendingCheck {
    pub id: String,
    pub name: String,
    pub code: String,
    pub segment: String,
    pub seat: String,
    pub represents: Option<String>,
    pub contact: String,
    pub asked_at: String,
}

/// The staff's page: the requests waiting for a call.
#[derive(Debug, Clone, Serialize)]
pub struct Checks {
    pub slug: String,
    pub title: String,
    pub accepted: bool,
    pub pending: Vec<PendingCheck>,
}

pub async fn pending_checks(db: &Db, me: Option<&Me>, slug: &str) -> Result<Checks, Fail> {
    let c = authorize(db, me, slug, Action::VerifyRemoteIdentity).await?;
    let tz = crate::plenary::seats::tz_of(&c);
    let mut pending = Vec::new();
    for v in ov::Entity::find()
        .filter(ov::Column::ConferenceId.eq(c.id))
        .filter(ov::Column::Status.eq("pending"))
        .order_by_asc(ov::Column::CreatedAt)
        .all(&db.conn)
        .await?
    {
        let Some(r) = registration::Entity::find_by_id(v.registration_id)
            .one(&db.conn)
            .await?
        else {
            continue;
        };
        pending.push(PendingCheck {
            id: v.id.to_string(),
            name: r.display_name().to_owned(),
            code: r.code.clone(),
            segment: r
                .segment
                .as_deref()
                .and_then(|s| domain::values::Segment::parse(s).ok())
                .map(|s| s.label().to_owned())
                .unwrap_or_default(),
            seat: match r.seat.as_deref() {
                Some("suplente") => "suplente".into(),
                _ => "titular".into(),
            },
            represents: r.represents.clone(),
            contact: v.contact.unwrap_or_default(),
            asked_at: v.created_at.with_timezone(&tz).format("%H:%M").to_string(),
        });
    }
    Ok(Checks {
        accepted: rules_of(&db.conn, c.id).await?.proof.staff(),
        slug: c.slug,
        title: c.title,
        pending,
    })
}

/// The staff confirms (`approve`) or refuses a pending request; the contact is erased.
pub async fn decide_check(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    approve: bool,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::VerifyRemoteIdentity).await?;
    let id = crate::platform::auth::parse_id(id)?;
    let tx = db.write().await?;
    let done = ov::Entity::update_many()
        .col_expr(
            ov::Column::Status,
            Expr::value(if approve { "approved" } else { "refused" }),
        )
        .col_expr(ov::Column::Contact, Expr::value(Option::<String>::None))
        .col_expr(ov::Column::DecidedAt, Expr::value(Some(Utc::now())))
        .col_expr(ov::Column::DecidedBy, Expr::value(me.map(|m| m.account.id)))
        .filter(ov::Column::Id.eq(id))
        .filter(ov::Column::ConferenceId.eq(c.id))
        .filter(ov::Column::Status.eq("pending"))
        .exec(&tx)
        .await?;
    if done.rows_affected != 1 {
        tx.rollback().await?;
        return Err(Invalid::one(
            "form",
            "Este pedido já foi decidido ou foi substituído por um novo pedido da mesma pessoa",
        )
        .into());
    }
    tx.commit().await?;
    tracing::info!(conference = %c.id, approve, "online credentialing check decided");
    Ok(())
}
