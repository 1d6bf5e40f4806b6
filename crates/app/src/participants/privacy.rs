//! LGPD: anonymizing a registration after the retention period. The person's identifying data
//! (name, social name, CPF, e-mail, phone, birth date, free-text needs) is replaced or cleared,
//! the sensitive self-declarations are deleted, the texts of the person's data requests and their
//! answers are wiped, and the row stays with status `anonymized` so
//! that counts (by category, segment, days present) still add up. Badge tokens and certificate
//! codes of an anonymized registration are refused where they are used.

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::Utc;
use domain::FieldError;
use domain::participants::normalize_code;
use domain::policy::Action;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use store::Db;
use store::entities::registration::RegistrationStatus;
use store::entities::{data_request, registration, registration_sensitive};

/// The name an anonymized registration keeps.
pub const ANONYMIZED_NAME: &str = "Pessoa anonimizada";

/// Anonymizes the registration with `code` (as typed). Only roles that may see sensitive data.
pub async fn anonymize(db: &Db, me: Option<&Me>, slug: &str, code: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ViewSensitive).await?;
    let code = normalize_code(code).ok_or_else(|| {
        FieldError::new(
            "codigo",
            "Código de inscrição inválido: 8 letras e números, como K7Q4-MZP9",
        )
    })?;
    let tx = db.write().await?;
    let r = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.eq(&code))
        .one(&tx)
        .await?
        .ok_or_else(|| FieldError::new("codigo", "Nenhuma inscrição com este código"))?;
    if r.status == RegistrationStatus::Anonymized {
        return Err(FieldError::new("codigo", "Esta inscrição já foi anonimizada").into());
    }
    registration::Entity::update(registration::ActiveModel {
        id: Set(r.id),
        name: Set(ANONYMIZED_NAME.into()),
        social_name: Set(None),
        search_key: Set(domain::text::search_key(ANONYMIZED_NAME)),
        cpf: Set(None),
        email: Set(None),
        phone: Set(None),
        birth_date: Set(None),
        needs_other: Set(None),
        import_key: Set(None),
        status: Set(RegistrationStatus::Anonymized),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&tx)
    .await?;
    registration_sensitive::Entity::delete_by_id(r.id)
        .exec(&tx)
        .await?;
    // Public registrations with this CPF (what their authors typed) and e-mailed links to the data.
    store::entities::registration_attempt::Entity::delete_many()
        .filter(store::entities::registration_attempt::Column::RegistrationId.eq(r.id))
        .exec(&tx)
        .await?;
    store::entities::data_access_link::Entity::delete_many()
        .filter(store::entities::data_access_link::Column::RegistrationId.eq(r.id))
        .exec(&tx)
        .await?;
    // The receipt page of the public form, if still kept (an attempt's goes with the attempt).
    store::entities::registration_receipt::Entity::delete_many()
        .filter(store::entities::registration_receipt::Column::RegistrationId.eq(r.id))
        .exec(&tx)
        .await?;
    // The person's own words in their data requests (and the answers) are personal data too.
    data_request::Entity::update_many()
        .col_expr(data_request::Column::Text, Expr::value(""))
        .col_expr(
            data_request::Column::Response,
            Expr::value(Option::<String>::None),
        )
        .filter(data_request::Column::RegistrationId.eq(r.id))
        .exec(&tx)
        .await?;
    // Destaques asked from the person's phone name them ("Name (CODE)"); their phones stop working.
    store::entities::destaque::Entity::update_many()
        .col_expr(
            store::entities::destaque::Column::RaisedBy,
            Expr::value(Option::<String>::None),
        )
        .filter(store::entities::destaque::Column::ConferenceId.eq(r.conference_id))
        .filter(store::entities::destaque::Column::RaisedBy.ends_with(format!("({})", r.code)))
        .exec(&tx)
        .await?;
    store::entities::proposal_destaque::Entity::update_many()
        .col_expr(
            store::entities::proposal_destaque::Column::RaisedBy,
            Expr::value(Option::<String>::None),
        )
        .filter(store::entities::proposal_destaque::Column::ConferenceId.eq(r.conference_id))
        .filter(
            store::entities::proposal_destaque::Column::RaisedBy.ends_with(format!("({})", r.code)),
        )
        .exec(&tx)
        .await?;
    // A moção keeps its text (the plenary voted it) but no longer names its author.
    store::entities::mocao::Entity::update_many()
        .col_expr(
            store::entities::mocao::Column::AuthorLabel,
            Expr::value("(inscrição anonimizada)"),
        )
        .filter(store::entities::mocao::Column::AuthorId.eq(r.id))
        .exec(&tx)
        .await?;
    // Speeches and points of order asked from the person's phone name them (ADR 0040).
    store::entities::speaker::Entity::update_many()
        .col_expr(
            store::entities::speaker::Column::Name,
            Expr::value("(inscrição anonimizada)"),
        )
        .filter(store::entities::speaker::Column::RegistrationId.eq(r.id))
        .exec(&tx)
        .await?;
    store::entities::order_point::Entity::update_many()
        .col_expr(
            store::entities::order_point::Column::Name,
            Expr::value("(inscrição anonimizada)"),
        )
        .col_expr(
            store::entities::order_point::Column::Reason,
            Expr::value(Option::<String>::None),
        )
        .filter(store::entities::order_point::Column::RegistrationId.eq(r.id))
        .exec(&tx)
        .await?;
    store::entities::delegate_device::Entity::update_many()
        .col_expr(
            store::entities::delegate_device::Column::Revoked,
            Expr::value(true),
        )
        .filter(store::entities::delegate_device::Column::RegistrationId.eq(r.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    tracing::info!(registration = %r.id, "registration anonymized");
    Ok(())
}
