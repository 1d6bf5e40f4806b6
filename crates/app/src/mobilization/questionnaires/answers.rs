//! Storing answers: online by registration code, from a paired phone, or typed from paper.

use super::load;
use super::questions_of;
use super::to_question;
use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use chrono::Utc;
use domain::policy::Action;
use domain::questionnaire::{self as qn, Question};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sha2::{Digest, Sha256};
use store::Db;
use store::entities::questionnaire::QuestionnaireStatus;
use store::entities::{
    conference, questionnaire, questionnaire_answer, questionnaire_response, registration, unit,
};
use uuid::Uuid;

fn respondent_key(questionnaire_id: Uuid, registration_id: Uuid) -> String {
    let mut h = Sha256::new();
    h.update(b"conferencia.questionnaire.respondent.v1");
    h.update(questionnaire_id.as_bytes());
    h.update(registration_id.as_bytes());
    hex::encode(h.finalize())
}

/// How a response arrived.
pub enum Channel<'a> {
    /// The public link; for an identified questionnaire, the registration code typed; for an
    /// anonymous one, the unit the link carried or the person chose, if any.
    Online {
        code: &'a str,
        unit: Option<unit::Model>,
    },
    /// A paired delegate phone: its registration.
    Phone { registration_id: Uuid },
    /// A paper form typed by staff.
    Paper {
        form_number: &'a str,
        typed_by: Uuid,
        unit: Option<unit::Model>,
    },
}

/// The unit named by `raw` (its id) in this conference: `Ok(None)` when blank, `Err(())` when
/// it names no unit of the conference.
pub(crate) async fn unit_in(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    raw: &str,
) -> Result<Option<unit::Model>, Fail> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let found = match Uuid::parse_str(raw.trim()) {
        Ok(id) => {
            crate::mobilization::shared::listed_units(c.id)
                .filter(unit::Column::Id.eq(id))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    found.map(Some).ok_or_else(|| {
        Invalid::one(
            "unidade",
            "Escolha a unidade da lista, ou deixe “Sem unidade”",
        )
        .into()
    })
}

/// The unit named by `raw`, as [`unit_in`] finds it, with its refusal added to `errs` (so that
/// every problem of a form is told at once).
pub(crate) async fn unit_noted(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    raw: &str,
    errs: &mut Invalid,
) -> Result<Option<unit::Model>, Fail> {
    match unit_in(db, c, raw).await {
        Ok(u) => Ok(u),
        Err(Fail::Invalid(e)) => {
            errs.0.extend(e.0);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// For staff who type paper forms (`Action::TypePaperForms`): the conference, who is typing and
/// questionnaire `id`.
pub(crate) async fn typing<'m>(
    db: &Db,
    me: Option<&'m Me>,
    slug: &str,
    id: &str,
) -> Result<(conference::Model, &'m Me, questionnaire::Model), Fail> {
    let c = authorize(db, me, slug, Action::TypePaperForms).await?;
    let me = me.ok_or(Fail::NeedsLogin)?;
    let q = load(&db.conn, &c, id).await?;
    Ok((c, me, q))
}

/// Paper forms are typed into an open questionnaire, or a closed one (forms arrive late).
pub(crate) fn typeable(q: &questionnaire::Model) -> Result<(), Fail> {
    if q.status == QuestionnaireStatus::Draft {
        return Err(Invalid::one(
            "form",
            "O questionário ainda está em preparação: abra-o antes de digitar formulários em papel",
        )
        .into());
    }
    Ok(())
}

/// A paper form's number as typed: a whole number from 1.
pub(crate) fn form_number(raw: &str) -> Result<i32, FieldError> {
    match raw.trim().parse::<i32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(FieldError::new(
            "form_number",
            "Informe o número impresso no formulário em papel (um número inteiro)",
        )),
    }
}

/// Checks and stores one response in one transaction. Every problem at once, nothing written
/// on error: an unanswered required question, a choice not in the list, an identified person
/// who answered already, a paper form number typed already.
async fn store_response(
    db: &Db,
    c: &conference::Model,
    q: &questionnaire::Model,
    raw: &[Vec<String>],
    channel: Channel<'_>,
    mut errs: Invalid,
) -> Result<Uuid, Fail> {
    let qs = questions_of(&db.conn, q.id).await?;
    let domain_qs: Vec<Question> = qs.iter().map(to_question).collect();
    let checked = match qn::answers(&domain_qs, raw) {
        Ok(a) => Some(a),
        Err(e) => {
            for x in e {
                errs.push(x);
            }
            None
        }
    };
    let mut key = None;
    let mut form_number = None;
    let mut typed_by = None;
    let mut unit = None;
    let mut territory = None;
    let channel_code = match channel {
        Channel::Online { code, unit: chosen } => {
            if q.identified {
                let code = code.trim().to_uppercase();
                match registration::Entity::find()
                    .filter(registration::Column::ConferenceId.eq(c.id))
                    .filter(registration::Column::Code.eq(code.clone()))
                    .filter(
                        registration::Column::Status.eq(registration::RegistrationStatus::Active),
                    )
                    .one(&db.conn)
                    .await?
                {
                    Some(r) if !code.is_empty() => {
                        key = Some(respondent_key(q.id, r.id));
                        unit = r.unit_id;
                        territory = r.territory_id;
                    }
                    _ => errs.push(FieldError::new(
                        "code",
                        "Informe o código da sua inscrição (está no comprovante e no crachá)",
                    )),
                }
            } else if let Some(u) = chosen {
                unit = Some(u.id);
                territory = Some(u.territory_id);
            }
            "online"
        }
        Channel::Phone { registration_id } => {
            key = Some(respondent_key(q.id, registration_id));
            if let Some(r) = registration::Entity::find_by_id(registration_id)
                .one(&db.conn)
                .await?
            {
                unit = r.unit_id;
                territory = r.territory_id;
            }
            "phone"
        }
        Channel::Paper {
            form_number: n,
            typed_by: by,
            unit: u,
        } => {
            form_number = errs.take(self::form_number(n));
            typed_by = Some(by);
            unit = u.as_ref().map(|u| u.id);
            territory = u.as_ref().map(|u| u.territory_id);
            "paper"
        }
    };
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let answers = checked.unwrap_or_default();
    let tx = db.write().await?;
    // Read again inside the transaction: the status may have changed.
    let fresh = questionnaire::Entity::find_by_id(q.id)
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    if fresh.status != QuestionnaireStatus::Open && channel_code != "paper" {
        return Err(Invalid::one("form", "Este questionário não recebe mais respostas").into());
    }
    if let Some(k) = &key {
        let dup = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(q.id))
            .filter(questionnaire_response::Column::RespondentKey.eq(k.clone()))
            .count(&tx)
            .await?;
        if dup > 0 {
            return Err(already_answered());
        }
    }
    if let Some(n) = form_number {
        let dup = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(q.id))
            .filter(questionnaire_response::Column::FormNumber.eq(n))
            .count(&tx)
            .await?;
        if dup > 0 {
            return Err(paper_typed(n));
        }
    }
    let id = Uuid::now_v7();
    let ins = questionnaire_response::Entity::insert(questionnaire_response::ActiveModel {
        id: Set(id),
        questionnaire_id: Set(q.id),
        conference_id: Set(c.id),
        channel: Set(channel_code.to_owned()),
        form_number: Set(form_number),
        typed_by: Set(typed_by),
        respondent_key: Set(key),
        unit_id: Set(unit),
        territory_id: Set(territory),
        submitted_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await;
    if let Err(e) = ins {
        let e = store::Error::from_db(e);
        if e.is_conflict_on("ux_response_respondent") {
            return Err(already_answered());
        }
        if e.is_conflict_on("ux_response_form_number") {
            return Err(paper_typed(form_number.unwrap_or(0)));
        }
        return Err(e.into());
    }
    let rows: Vec<questionnaire_answer::ActiveModel> = qs
        .iter()
        .zip(answers)
        .filter_map(|(m, a)| {
            a.map(|a| questionnaire_answer::ActiveModel {
                response_id: Set(id),
                question_id: Set(m.id),
                value: Set(a.encode()),
            })
        })
        .collect();
    if !rows.is_empty() {
        questionnaire_answer::Entity::insert_many(rows)
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

fn already_answered() -> Fail {
    Invalid::one(
        "form",
        "Você já respondeu este questionário: cada pessoa responde uma vez",
    )
    .into()
}

fn paper_typed(n: i32) -> Fail {
    Invalid::one(
        "form_number",
        format!("O formulário em papel nº {n} já foi digitado neste questionário"),
    )
    .into()
}

/// An answer from the public link. `unit` is the unit id the link carried (`?unidade=`) or the
/// person chose: counted for an anonymous questionnaire, ignored when it names no unit of the
/// conference; an identified answer takes the unit of the person's registration instead.
pub async fn answer_online(
    db: &Db,
    slug: &str,
    id: &str,
    raw: &[Vec<String>],
    code: &str,
    unit: &str,
) -> Result<Uuid, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let q = load(&db.conn, &c, id).await?;
    if q.status != QuestionnaireStatus::Open {
        return Err(Fail::NotFound);
    }
    let unit = if q.identified {
        None
    } else {
        unit_in(&db.conn, &c, unit).await.ok().flatten()
    };
    store_response(
        db,
        &c,
        &q,
        raw,
        Channel::Online { code, unit },
        Invalid::default(),
    )
    .await
}

/// An answer from a paired delegate phone (its registration; one per person).
pub async fn answer_phone(
    db: &Db,
    c: &conference::Model,
    registration_id: Uuid,
    id: &str,
    raw: &[Vec<String>],
) -> Result<Uuid, Fail> {
    let q = load(&db.conn, c, id).await?;
    if q.status != QuestionnaireStatus::Open {
        return Err(Fail::NotFound);
    }
    store_response(
        db,
        c,
        &q,
        raw,
        Channel::Phone { registration_id },
        Invalid::default(),
    )
    .await
}

/// Whether this delegate answered the questionnaire already (the phone page says so).
pub async fn answered_by(
    db: &Db,
    questionnaire_id: Uuid,
    registration_id: Uuid,
) -> store::Result<bool> {
    Ok(questionnaire_response::Entity::find()
        .filter(questionnaire_response::Column::QuestionnaireId.eq(questionnaire_id))
        .filter(
            questionnaire_response::Column::RespondentKey
                .eq(respondent_key(questionnaire_id, registration_id)),
        )
        .count(&db.conn)
        .await?
        > 0)
}

/// A paper form typed in by staff, marked as paper with its number, who typed it and the unit
/// it counts for (optional; `unit` is its id, and one not of this conference is refused).
pub async fn answer_paper(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    form_number: &str,
    unit: &str,
    raw: &[Vec<String>],
) -> Result<Uuid, Fail> {
    let (c, me, q) = typing(db, me, slug, id).await?;
    typeable(&q)?;
    let mut errs = Invalid::default();
    let unit = unit_noted(&db.conn, &c, unit, &mut errs).await?;
    store_response(
        db,
        &c,
        &q,
        raw,
        Channel::Paper {
            form_number,
            typed_by: me.account.id,
            unit,
        },
        errs,
    )
    .await
}
