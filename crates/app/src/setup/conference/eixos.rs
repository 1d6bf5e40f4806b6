//! Eixos and guiding questions.

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use domain::policy::Action;
use domain::values::required;
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::{eixo, guiding_question};
use uuid::Uuid;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct EixoInput {
    pub title: String,
    pub description: String,
    /// One guiding question per line.
    pub questions: String,
}

/// The conference's eixos in order, and their guiding questions in order.
pub(crate) async fn eixos_with_questions(
    db: &Db,
    conference_id: Uuid,
) -> store::Result<(Vec<eixo::Model>, Vec<guiding_question::Model>)> {
    let eixos = crate::mobilization::shared::eixos_of(&db.conn, conference_id).await?;
    let questions = guiding_question::Entity::find()
        .filter(guiding_question::Column::ConferenceId.eq(conference_id))
        .order_by_asc(guiding_question::Column::Position)
        .all(&db.conn)
        .await?;
    Ok((eixos, questions))
}

pub async fn eixos_input(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<EixoInput>, Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let (eixos, qs) = eixos_with_questions(db, c.id).await?;
    Ok(eixos_as_input(eixos, &qs))
}

/// Eixos and their guiding questions as the eixos form holds them (one question per line).
pub(crate) fn eixos_as_input(
    eixos: Vec<eixo::Model>,
    qs: &[guiding_question::Model],
) -> Vec<EixoInput> {
    eixos
        .into_iter()
        .map(|e| EixoInput {
            questions: qs
                .iter()
                .filter(|q| q.eixo_id == e.id)
                .map(|q| q.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            title: e.title,
            description: e.description.unwrap_or_default(),
        })
        .collect()
}

/// Saves the eixos in order (eixo N keeps its identity; blank rows at the end are dropped).
pub async fn save_eixos(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    input: &[EixoInput],
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let mut inv = Invalid::default();
    let rows: Vec<&EixoInput> = {
        let mut v: Vec<&EixoInput> = input.iter().collect();
        while v.last().is_some_and(|e| {
            e.title.trim().is_empty()
                && e.description.trim().is_empty()
                && e.questions.trim().is_empty()
        }) {
            v.pop();
        }
        v
    };
    if rows.is_empty() {
        inv.push(FieldError::new(
            "eixo_1_title",
            "A conferência precisa de pelo menos um eixo",
        ));
    }
    if rows.len() > 12 {
        inv.push(FieldError::new("eixo_13_title", "No máximo 12 eixos"));
    }
    let mut clean = Vec::new();
    for (n, e) in rows.iter().enumerate() {
        let n = n + 1;
        let title = inv.take(required(
            &format!("eixo_{n}_title"),
            &format!("o título do eixo {n}"),
            &e.title,
            400,
        ));
        let desc = inv.take(domain::values::optional_multiline(
            &format!("eixo_{n}_description"),
            &format!("A ementa do eixo {n}"),
            &e.description,
            2000,
        ));
        let qs: Vec<String> = e
            .questions
            .lines()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned)
            .collect();
        if qs.len() > 20 || qs.iter().any(|q| q.chars().count() > 500) {
            inv.push(FieldError::new(
                format!("eixo_{n}_questions"),
                format!("Eixo {n}: até 20 perguntas, cada uma com até 500 caracteres"),
            ));
        }
        if let (Some(t), Some(d)) = (title, desc) {
            clean.push((n as i32, t, d, qs));
        }
    }
    inv.into_result()?;
    let tx = db.write().await?;
    let existing = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .all(&tx)
        .await?;
    for e in existing.iter().filter(|e| e.number > clean.len() as i32) {
        // Whoever chose this eixo for the working groups goes back to "tanto faz".
        store::entities::registration::Entity::update_many()
            .col_expr(
                store::entities::registration::Column::PreferredEixoId,
                sea_orm::sea_query::Expr::value(Option::<Uuid>::None),
            )
            .filter(store::entities::registration::Column::PreferredEixoId.eq(e.id))
            .exec(&tx)
            .await?;
        eixo::Entity::delete_by_id(e.id).exec(&tx).await?;
    }
    for (n, title, desc, qs) in clean {
        let id = match existing.iter().find(|e| e.number == n) {
            Some(e) => {
                let mut m: eixo::ActiveModel = e.clone().into();
                m.title = Set(title);
                m.description = Set(desc);
                m.update(&tx).await?;
                e.id
            }
            None => {
                let id = Uuid::now_v7();
                eixo::Entity::insert(eixo::ActiveModel {
                    id: Set(id),
                    conference_id: Set(c.id),
                    number: Set(n),
                    title: Set(title),
                    description: Set(desc),
                })
                .exec(&tx)
                .await?;
                id
            }
        };
        guiding_question::Entity::delete_many()
            .filter(guiding_question::Column::EixoId.eq(id))
            .exec(&tx)
            .await?;
        for (p, q) in qs.into_iter().enumerate() {
            guiding_question::Entity::insert(guiding_question::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(c.id),
                eixo_id: Set(id),
                position: Set(p as i32 + 1),
                text: Set(q),
            })
            .exec(&tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
