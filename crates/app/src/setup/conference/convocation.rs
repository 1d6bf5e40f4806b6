//! Convocation act.

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use chrono::{NaiveDate, Utc};
use domain::calendar::parse_date;
use domain::policy::Action;
use domain::setup::check_pdf;
use domain::values::{ActType, optional, required};
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::{conference, convocation_act, stored_file};
use uuid::Uuid;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ConvocationInput {
    pub act_type: String,
    pub number: String,
    pub signed_on: String,
    /// One per line: "Name — office".
    pub signatories: String,
    pub published_in: String,
}

/// A file as uploaded.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The convocation act as shown (public page and the commission's form).
#[derive(Debug, Clone, Serialize)]
pub struct ConvocationView {
    pub act_label: String,
    pub number: String,
    pub signed_on: NaiveDate,
    pub signatories: Vec<String>,
    pub published_in: Option<String>,
    pub has_file: bool,
    pub file_size_kb: Option<i32>,
}

pub async fn convocation(db: &Db, conference_id: Uuid) -> store::Result<Option<ConvocationView>> {
    let Some(a) = convocation_act::Entity::find()
        .filter(convocation_act::Column::ConferenceId.eq(conference_id))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let size = match a.file_id {
        Some(f) => stored_file::Entity::find_by_id(f)
            .one(&db.conn)
            .await?
            .map(|f| (f.size_bytes + 1023) / 1024),
        None => None,
    };
    Ok(Some(ConvocationView {
        act_label: ActType::parse(&a.act_type)
            .map(|t| t.label())
            .unwrap_or("")
            .into(),
        number: a.number,
        signed_on: a.signed_on,
        signatories: a.signatories.lines().map(str::to_owned).collect(),
        published_in: a.published_in,
        has_file: a.file_id.is_some(),
        file_size_kb: size,
    }))
}

pub async fn convocation_input(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<(ConvocationInput, Option<ConvocationView>), Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let a = convocation_act::Entity::find()
        .filter(convocation_act::Column::ConferenceId.eq(c.id))
        .one(&db.conn)
        .await?;
    let input = a
        .map(|a| ConvocationInput {
            act_type: a.act_type,
            number: a.number,
            signed_on: a.signed_on.to_string(),
            signatories: a.signatories,
            published_in: a.published_in.unwrap_or_default(),
        })
        .unwrap_or_default();
    Ok((input, convocation(db, c.id).await?))
}

/// Saves the convocation act; `file` (optional when a PDF is already attached) must be a PDF.
pub async fn save_convocation(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &ConvocationInput,
    file: Option<Upload>,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let mut inv = Invalid::default();
    let act_type = inv.take(ActType::parse(&i.act_type));
    let number = inv.take(required("number", "o número do ato", &i.number, 40));
    let signed_on = inv.take(parse_date("signed_on", "a data do ato", &i.signed_on));
    if let Some(d) = signed_on
        && d > c.starts_on
    {
        inv.push(FieldError::new(
            "signed_on",
            "O ato de convocação deve ser anterior ao primeiro dia da conferência",
        ));
    }
    let signatories: Vec<String> = i
        .signatories
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if signatories.is_empty() {
        inv.push(FieldError::new(
            "signatories",
            "Informe quem assina o ato, um por linha (por exemplo, o(a) prefeito(a) e o(a) presidente do CMAS)",
        ));
    } else if signatories.len() > 10 || signatories.iter().any(|s| s.chars().count() > 200) {
        inv.push(FieldError::new(
            "signatories",
            "Até 10 signatários, cada um com até 200 caracteres",
        ));
    }
    let published_in = inv.take(optional(
        "published_in",
        "A publicação",
        &i.published_in,
        300,
    ));
    if let Some(f) = &file
        && let Err(e) = check_pdf("file", &f.bytes)
    {
        inv.push(e);
    }
    let (Some(act_type), Some(number), Some(signed_on), Some(published_in)) =
        (act_type, number, signed_on, published_in)
    else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let now = Utc::now();
    let tx = db.write().await?;
    let existing = convocation_act::Entity::find()
        .filter(convocation_act::Column::ConferenceId.eq(c.id))
        .one(&tx)
        .await?;
    let mut file_id = existing.as_ref().and_then(|e| e.file_id);
    if let Some(f) = file {
        let id = store_pdf(&tx, &c, "convocation", f, "convocacao.pdf", now).await?;
        if let Some(old) = file_id {
            // The act points to the new file below; the old one goes.
            let mut m: convocation_act::ActiveModel = existing
                .clone()
                .expect("file_id comes from an existing act")
                .into();
            m.file_id = Set(None);
            m.update(&tx).await?;
            stored_file::Entity::delete_by_id(old).exec(&tx).await?;
        }
        file_id = Some(id);
    }
    let model = convocation_act::ActiveModel {
        id: Set(existing.as_ref().map(|e| e.id).unwrap_or_else(Uuid::now_v7)),
        conference_id: Set(c.id),
        act_type: Set(act_type.code().into()),
        number: Set(number),
        signed_on: Set(signed_on),
        signatories: Set(signatories.join("\n")),
        published_in: Set(published_in),
        file_id: Set(file_id),
        updated_at: Set(now),
        updated_by: Set(me.map(|m| m.account.id)),
    };
    if existing.is_some() {
        model.update(&tx).await?;
    } else {
        convocation_act::Entity::insert(model).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Stores an uploaded PDF (already checked with `domain::setup::check_pdf`) for `c` inside the
/// caller's transaction; the file name is cleaned of control characters, slashes and quotes
/// (`fallback` when nothing is left). Returns the `stored_file` id.
pub(crate) async fn store_pdf(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    purpose: &str,
    f: Upload,
    fallback: &str,
    now: chrono::DateTime<Utc>,
) -> store::Result<Uuid> {
    use sha2::Digest;
    let id = Uuid::now_v7();
    let name: String = f
        .file_name
        .chars()
        .filter(|ch| !ch.is_control() && *ch != '/' && *ch != '\\' && *ch != '"')
        .take(120)
        .collect();
    stored_file::Entity::insert(stored_file::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        purpose: Set(purpose.into()),
        file_name: Set(if name.is_empty() {
            fallback.into()
        } else {
            name
        }),
        content_type: Set("application/pdf".into()),
        size_bytes: Set(f.bytes.len() as i32),
        sha256: Set(hex::encode(sha2::Sha256::digest(&f.bytes))),
        bytes: Set(f.bytes),
        created_at: Set(now),
    })
    .exec(tx)
    .await?;
    Ok(id)
}

/// The convocation PDF of a conference (public): (file name, bytes).
pub async fn convocation_file(db: &Db, slug: &str) -> Result<(String, Vec<u8>), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let a = convocation_act::Entity::find()
        .filter(convocation_act::Column::ConferenceId.eq(c.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let f = stored_file::Entity::find_by_id(a.file_id.ok_or(Fail::NotFound)?)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    Ok((f.file_name, f.bytes))
}
