//! Small helpers shared by the table's modules (regimento, final plenary, moções, working
//! groups): finding a conference's row, refusing an item in the wrong state, committing a write
//! that live pages must see, reading a recorded vote's outcome, finding a registration by code.

use crate::Fail;
use domain::plenary::Outcome;
use domain::{FieldError, Invalid};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PrimaryKeyTrait, QueryFilter,
};
use store::Db;
use store::entities::{conference, plenary_vote, registration};
use uuid::Uuid;

/// The row `id` of the entity whose conference column is `conference_col`, when it belongs to
/// `conference`; `NotFound` otherwise.
pub(crate) async fn of_conference<C>(
    db: &impl ConnectionTrait,
    conference_col: C,
    conference: Uuid,
    id: Uuid,
) -> Result<<C::EntityName as EntityTrait>::Model, Fail>
where
    C: ColumnTrait,
    C::EntityName: EntityTrait<Column = C>,
    Uuid: Into<<<C::EntityName as EntityTrait>::PrimaryKey as PrimaryKeyTrait>::ValueType>,
{
    <C::EntityName as EntityTrait>::find_by_id(id)
        .filter(conference_col.eq(conference))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)
}

/// A form error saying `why` unless `ok` (the item is not in the state the action needs).
pub(crate) fn refuse_unless(ok: bool, why: &str) -> Result<(), Fail> {
    if ok {
        Ok(())
    } else {
        Err(Invalid::one("form", why).into())
    }
}

/// Commits a write and tells the conference's live pages (console, telão, phones) to refresh.
pub(crate) async fn commit_and_signal(
    tx: DatabaseTransaction,
    conference: Uuid,
) -> Result<(), Fail> {
    tx.commit().await?;
    crate::platform::events::bump(conference);
    Ok(())
}

/// Who raised a destaque, as typed at the table or taken from the phone: at most 120 characters.
pub(crate) fn check_raised_by(raised_by: Option<&str>, inv: &mut Invalid) {
    if raised_by.is_some_and(|r| r.chars().count() > 120) {
        inv.push(FieldError::new(
            "raised_by",
            "Quem pediu o destaque: até 120 caracteres",
        ));
    }
}

/// A name or line as typed, with runs of white space made one space and the ends trimmed.
pub(crate) fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Stores one of the conference's optional numeric settings (the table's settings forms).
pub(crate) async fn save_conference_setting(
    db: &Db,
    c: &conference::Model,
    column: conference::Column,
    value: Option<i32>,
) -> Result<(), Fail> {
    let tx = db.write().await?;
    conference::Entity::update_many()
        .col_expr(column, value.into())
        .filter(conference::Column::Id.eq(c.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The outcome a closed vote recorded.
pub(crate) fn outcome_of(v: &plenary_vote::Model) -> Outcome {
    if v.outcome == "approved" {
        Outcome::Approved
    } else {
        Outcome::Rejected
    }
}

/// The registration the table typed the code of (an active one only, if `only_active`), or a
/// form error on `field`.
pub(crate) async fn registration_by_code(
    db: &Db,
    c: &conference::Model,
    code: &str,
    field: &str,
    only_active: bool,
) -> Result<registration::Model, Fail> {
    let code = domain::participants::normalize_code(code)
        .ok_or_else(|| Invalid::one(field, "Código de inscrição inválido: confira no crachá"))?;
    let mut q = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.eq(code));
    if only_active {
        q = q.filter(registration::Column::Status.eq(registration::RegistrationStatus::Active));
    }
    q.one(&db.conn).await?.ok_or_else(|| {
        let missing = if only_active {
            "Nenhuma inscrição ativa com este código"
        } else {
            "Nenhuma inscrição com este código"
        };
        Invalid::one(field, missing).into()
    })
}
