//! The evaluation of the 2023 conference: the template's questions, 20 answers from phones and
//! 6 typed from paper.

use crate::demo::rows::sao_paulo as at;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Result;
use store::entities::questionnaire::QuestionnaireStatus;
use store::entities::{question, questionnaire, questionnaire_answer, questionnaire_response};
use uuid::Uuid;

/// Inserts the closed evaluation questionnaire of conference `conf_id` with its answers.
pub(super) async fn insert_evaluation(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let qid = Uuid::now_v7();
    questionnaire::Entity::insert(questionnaire::ActiveModel {
        id: Set(qid),
        conference_id: Set(conf_id),
        purpose: Set("evaluation".into()),
        title: Set("Avaliação da XIII Conferência".into()),
        intro: Set(None),
        identified: Set(false),
        status: Set(QuestionnaireStatus::Closed),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(tx)
    .await?;
    let mut qids = Vec::new();
    for (pos, q) in domain::questionnaire::evaluation_template()
        .iter()
        .enumerate()
    {
        let id = Uuid::now_v7();
        qids.push((id, q.kind));
        question::Entity::insert(question::ActiveModel {
            id: Set(id),
            questionnaire_id: Set(qid),
            position: Set(pos as i32),
            kind: Set(q.kind.code().into()),
            text: Set(q.text.clone()),
            options: Set(q.options.join("\n")),
            scale_min: Set(q.scale.map(|s| s.0)),
            scale_max: Set(q.scale.map(|s| s.1)),
            required: Set(q.required),
            eixo_id: Set(None),
        })
        .exec(tx)
        .await?;
    }
    let comments = [
        "Mais tempo para os grupos de trabalho.",
        "Começar no horário.",
        "Ótima acolhida e intérprete de Libras o tempo todo.",
    ];
    for n in 0..26usize {
        let rid = Uuid::now_v7();
        let paper = n >= 20;
        questionnaire_response::Entity::insert(questionnaire_response::ActiveModel {
            id: Set(rid),
            questionnaire_id: Set(qid),
            conference_id: Set(conf_id),
            channel: Set(if paper { "paper" } else { "phone" }.into()),
            form_number: Set(paper.then_some(n as i32 - 19)),
            typed_by: Set(None),
            respondent_key: Set(None),
            unit_id: Set(None),
            territory_id: Set(None),
            submitted_at: Set(at(2023, 7, 6, 17, 0)),
        })
        .exec(tx)
        .await?;
        for (k, (question_id, kind)) in qids.iter().enumerate() {
            use domain::questionnaire::QuestionKind as K;
            let value = match kind {
                K::Single => Some(if n % 6 == 5 { "1" } else { "0" }.to_owned()),
                K::Scale => Some((3 + ((n + k) % 3)).to_string()),
                K::Multiple => Some(if n % 2 == 0 { "0,2" } else { "1" }.to_owned()),
                _ => (n % 4 == 0).then(|| comments[n / 4 % comments.len()].to_owned()),
            };
            if let Some(v) = value {
                questionnaire_answer::Entity::insert(questionnaire_answer::ActiveModel {
                    response_id: Set(rid),
                    question_id: Set(*question_id),
                    value: Set(v),
                })
                .exec(tx)
                .await?;
            }
        }
    }
    Ok(())
}
