//! Building a questionnaire: the list, new ones, questions, opening and closing.

use super::PURPOSES;
use super::load;
use super::purpose_label;
use super::questions_of;
use super::status_label;
use crate::Fail;
use crate::mobilization::shared::{chosen, delete_found};
use crate::platform::auth::{Me, authorize, parse_id};
use chrono::Utc;
use domain::policy::Action;
use domain::questionnaire::{self as qn, Question};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use store::Db;
use store::entities::questionnaire::QuestionnaireStatus;
use store::entities::{eixo, question, questionnaire, questionnaire_response};
use uuid::Uuid;

/// One questionnaire in the list.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub purpose_label: &'static str,
    pub status: String,
    pub status_label: &'static str,
    pub identified: bool,
    pub questions: u64,
    pub responses: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct List {
    pub slug: String,
    pub title: String,
    pub items: Vec<Summary>,
}

pub async fn list(db: &Db, me: Option<&Me>, slug: &str) -> Result<List, Fail> {
    let c = authorize(db, me, slug, Action::ManageQuestionnaires).await?;
    let qs = questionnaire::Entity::find()
        .filter(questionnaire::Column::ConferenceId.eq(c.id))
        .order_by_asc(questionnaire::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let mut items = Vec::new();
    for q in qs {
        let questions = question::Entity::find()
            .filter(question::Column::QuestionnaireId.eq(q.id))
            .count(&db.conn)
            .await?;
        let responses = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(q.id))
            .count(&db.conn)
            .await?;
        items.push(Summary {
            id: q.id.to_string(),
            purpose_label: purpose_label(&q.purpose),
            status_label: status_label(q.status),
            status: q.status.code().into(),
            title: q.title,
            identified: q.identified,
            questions,
            responses,
        });
    }
    Ok(List {
        slug: c.slug,
        title: c.title,
        items,
    })
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NewInput {
    pub title: String,
    pub purpose: String,
    pub identified: bool,
    /// Start from the evaluation template's questions.
    pub template: bool,
}

/// Creates a questionnaire (in preparation), with the evaluation template's questions if asked.
pub async fn create(db: &Db, me: Option<&Me>, slug: &str, i: &NewInput) -> Result<Uuid, Fail> {
    let c = authorize(db, me, slug, Action::ManageQuestionnaires).await?;
    let mut errs = Invalid::default();
    let title = i.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errs.push(FieldError::new(
            "title",
            "Dê um título ao questionário (até 200 caracteres)",
        ));
    }
    if !PURPOSES.iter().any(|(c, _)| *c == i.purpose.trim()) {
        errs.push(FieldError::new("purpose", "Escolha a finalidade da lista"));
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let now = Utc::now();
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    questionnaire::Entity::insert(questionnaire::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        purpose: Set(i.purpose.trim().to_owned()),
        title: Set(title.to_owned()),
        intro: Set(None),
        identified: Set(i.identified),
        status: Set(QuestionnaireStatus::Draft),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    if i.template {
        for (pos, q) in qn::evaluation_template().iter().enumerate() {
            insert_question(&tx, id, pos as i32, q, None).await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}

async fn insert_question(
    tx: &impl ConnectionTrait,
    questionnaire_id: Uuid,
    position: i32,
    q: &Question,
    eixo_id: Option<Uuid>,
) -> store::Result<()> {
    question::Entity::insert(question::ActiveModel {
        id: Set(Uuid::now_v7()),
        questionnaire_id: Set(questionnaire_id),
        position: Set(position),
        kind: Set(q.kind.code().to_owned()),
        text: Set(q.text.clone()),
        options: Set(q.options.join("\n")),
        scale_min: Set(q.scale.map(|s| s.0)),
        scale_max: Set(q.scale.map(|s| s.1)),
        required: Set(q.required),
        eixo_id: Set(eixo_id),
    })
    .exec(tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct QuestionInput {
    pub kind: String,
    pub text: String,
    pub options: String,
    pub scale_min: String,
    pub scale_max: String,
    pub required: bool,
    /// The eixo's id, or empty for none ("Geral").
    pub eixo: String,
}

fn editable(q: &questionnaire::Model) -> Result<(), Fail> {
    if q.status != QuestionnaireStatus::Draft {
        return Err(Invalid::one(
            "form",
            "As perguntas só mudam enquanto o questionário está em preparação: depois de aberto, as respostas já dadas deixariam de corresponder a elas",
        )
        .into());
    }
    Ok(())
}

/// Adds a question at the end. Only while in preparation.
pub async fn add_question(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &QuestionInput,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ManageQuestionnaires).await?;
    let checked = qn::question(
        &i.kind,
        &i.text,
        &i.options,
        &i.scale_min,
        &i.scale_max,
        i.required,
    );
    let mut errs = Invalid::default();
    let eixo_id = if i.eixo.trim().is_empty() {
        None
    } else {
        let known = chosen::<eixo::Entity>(&db.conn, &i.eixo, |e| e.conference_id == c.id).await?;
        if known.is_none() {
            errs.push(FieldError::new(
                "eixo",
                "Escolha um dos eixos da conferência, ou nenhum",
            ));
        }
        known.map(|e| e.id)
    };
    let q = match checked {
        Ok(q) if errs.is_empty() => q,
        Ok(_) => return Err(errs.into()),
        Err(e) => {
            let mut all = Invalid(e);
            all.0.extend(errs.0);
            return Err(all.into());
        }
    };
    let tx = db.write().await?;
    let qq = load(&tx, &c, id).await?;
    editable(&qq)?;
    let next = questions_of(&tx, qq.id)
        .await?
        .last()
        .map(|x| x.position + 1)
        .unwrap_or(0);
    insert_question(&tx, qq.id, next, &q, eixo_id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_question(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    question_id: &str,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ManageQuestionnaires).await?;
    let qid = parse_id(question_id)?;
    let tx = db.write().await?;
    let qq = load(&tx, &c, id).await?;
    editable(&qq)?;
    delete_found(
        &tx,
        question::Entity::delete_many()
            .filter(question::Column::Id.eq(qid))
            .filter(question::Column::QuestionnaireId.eq(qq.id)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Opens (`open`) or closes (`closed`) a questionnaire. Opening needs at least one question.
pub async fn set_status(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    status: &str,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ManageQuestionnaires).await?;
    let status = match QuestionnaireStatus::from_code(status) {
        Some(s @ (QuestionnaireStatus::Open | QuestionnaireStatus::Closed)) => s,
        _ => return Err(Fail::NotFound),
    };
    let tx = db.write().await?;
    let qq = load(&tx, &c, id).await?;
    if status == QuestionnaireStatus::Open && questions_of(&tx, qq.id).await?.is_empty() {
        return Err(Invalid::one(
            "form",
            "Acrescente pelo menos uma pergunta antes de abrir o questionário",
        )
        .into());
    }
    questionnaire::Entity::update_many()
        .col_expr(questionnaire::Column::Status, status.into())
        .col_expr(questionnaire::Column::UpdatedAt, Utc::now().into())
        .filter(questionnaire::Column::Id.eq(qq.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
