//! The demo's etapa digital.

use super::DEMO_PARTICIPANT;
use crate::demo::rows::account_model;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::Result;
use store::entities::{account, eixo};
use uuid::Uuid;

/// The demo's etapa digital, open: the role-less participant account, three people from the
/// public (accounts without a password: they cannot log in), their proposals with supports and
/// comments, and one comment hidden by the moderation with its reason.
pub(super) async fn seed_online(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    now: chrono::DateTime<Utc>,
    participant_hash: String,
) -> Result<()> {
    use store::entities::{online_comment, online_proposal, online_stage, online_support};
    let eixos: Vec<Uuid> = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(conf_id))
        .order_by_asc(eixo::Column::Number)
        .all(tx)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let (Some(&e1), Some(&e2)) = (eixos.first(), eixos.get(1)) else {
        return Ok(());
    };
    online_stage::Entity::insert(online_stage::ActiveModel {
        conference_id: Set(conf_id),
        open: Set(true),
        changed_by: Set(None),
        changed_at: Set(now),
    })
    .exec(tx)
    .await?;
    let people = [
        (
            DEMO_PARTICIPANT.0,
            "Participante da Demonstração",
            participant_hash,
        ),
        (
            "maria.dores@demo.conferencia.local",
            "Maria das Dores Silva",
            String::new(),
        ),
        (
            "jose.aparecido@demo.conferencia.local",
            "José Aparecido Lima",
            String::new(),
        ),
        (
            "ana.rocha@demo.conferencia.local",
            "Ana Cristina Rocha",
            String::new(),
        ),
    ];
    let mut ids = Vec::new();
    for (email, name, hash) in people {
        let id = Uuid::now_v7();
        account::Entity::insert(account_model(id, email, name, hash, now))
            .exec(tx)
            .await?;
        ids.push(id);
    }
    // (author, eixo, level, text, supporters, comments by (author, text, hidden reason))
    type Comment = (usize, &'static str, Option<&'static str>);
    type Seed<'a> = (usize, Uuid, &'a str, &'a str, &'a [usize], &'a [Comment]);
    let proposals: [Seed; 3] = [
        (
            1,
            e1,
            "municipal",
            "Ampliar o horário de atendimento dos CRAS até as 20h em pelo menos dois dias da semana, para quem trabalha durante o dia",
            &[2, 3],
            &[
                (
                    2,
                    "Apoio. Eu só consigo ir ao CRAS depois do serviço.",
                    None,
                ),
                (
                    3,
                    "Isso é coisa de quem não quer trabalhar!!!",
                    Some("Ofensa a quem trabalha no CRAS; critique a proposta, não as pessoas"),
                ),
            ],
        ),
        (
            2,
            e1,
            "estadual",
            "Garantir transporte para as famílias da zona rural chegarem às unidades do SUAS nos dias de atendimento",
            &[1],
            &[(
                1,
                "Na comunidade do Córrego Fundo o ônibus passa só duas vezes por semana.",
                None,
            )],
        ),
        (
            3,
            e2,
            "federal",
            "Recompor o orçamento federal do SUAS com reajuste anual pela inflação, para os municípios manterem as equipes",
            &[],
            &[],
        ),
    ];
    for (k, (author, eixo_id, level, text, supporters, comments)) in proposals.iter().enumerate() {
        let pid = Uuid::now_v7();
        let at = now - chrono::Duration::hours(30 - 6 * k as i64);
        online_proposal::Entity::insert(online_proposal::ActiveModel {
            id: Set(pid),
            conference_id: Set(conf_id),
            eixo_id: Set(*eixo_id),
            level: Set((*level).into()),
            kind: Set("new".into()),
            text: Set((*text).into()),
            author_id: Set(ids[*author]),
            supports: Set(supporters.len() as i32),
            comments: Set(comments.len() as i32),
            created_at: Set(at),
            hidden_at: Set(None),
            hidden_reason: Set(None),
            hidden_by: Set(None),
            proposal_id: Set(None),
        })
        .exec(tx)
        .await?;
        for s in *supporters {
            online_support::Entity::insert(online_support::ActiveModel {
                proposal_id: Set(pid),
                account_id: Set(ids[*s]),
                created_at: Set(at + chrono::Duration::hours(1)),
            })
            .exec(tx)
            .await?;
        }
        for (j, (who, text, hidden)) in comments.iter().enumerate() {
            online_comment::Entity::insert(online_comment::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(conf_id),
                online_proposal_id: Set(Some(pid)),
                group_id: Set(None),
                author_id: Set(ids[*who]),
                text: Set((*text).into()),
                created_at: Set(at + chrono::Duration::hours(2 + j as i64)),
                hidden_at: Set(hidden.map(|_| at + chrono::Duration::hours(4))),
                hidden_reason: Set(hidden.map(Into::into)),
                hidden_by: Set(None),
            })
            .exec(tx)
            .await?;
        }
    }
    Ok(())
}
