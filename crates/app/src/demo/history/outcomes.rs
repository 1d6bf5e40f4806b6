//! What the 2023 conference decided: its deliberations, a moção and the elected delegation.

use crate::demo::rows::{proposal_defaults, sao_paulo as at};
use chrono::{DateTime, Utc};
use domain::elections::Seats;
use domain::values::Segment;
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Result;
use store::entities::mocao::MocaoStatus;
use store::entities::proposal::ProposalStatus;
use store::entities::{election, election_result, mocao, proposal, proposal_origin};
use uuid::Uuid;

/// A deliberation: (eixo number, level, text, origin).
pub type Deliberation = (i32, &'static str, &'static str, &'static str);

/// What Pará de Minas approved in 2023.
pub(super) const DELIBERATIONS: &[Deliberation] = &[
    (
        1,
        "municipal",
        "Garantir no orçamento municipal recursos próprios para a manutenção dos CRAS e do CREAS, com reajuste anual pela inflação.",
        "Grupo de trabalho do Eixo 1",
    ),
    (
        1,
        "estadual",
        "Regularizar o cofinanciamento estadual dos serviços de proteção social básica, com repasses fundo a fundo em dia.",
        "Pré-conferência do CRAS Centro",
    ),
    (
        1,
        "federal",
        "Aprovar a vinculação constitucional de recursos para o SUAS nos três entes federativos.",
        "Grupo de trabalho do Eixo 1",
    ),
    (
        2,
        "municipal",
        "Garantir transporte e alimentação para usuários(as) participarem das reuniões do CMAS.",
        "Pré-conferência do Centro POP",
    ),
    (
        2,
        "estadual",
        "Promover formação continuada para conselheiros(as) municipais de assistência social em todas as regiões do estado.",
        "Grupo de trabalho do Eixo 2",
    ),
    (
        3,
        "municipal",
        "Criar fluxo integrado entre CRAS, unidades de saúde e escolas para o acompanhamento das famílias.",
        "Grupo de trabalho do Eixo 3",
    ),
    (
        4,
        "municipal",
        "Realizar concurso público para as equipes de referência dos CRAS e do CREAS.",
        "Grupo de trabalho do Eixo 4",
    ),
    (
        4,
        "estadual",
        "Implantar CREAS regional para os municípios de pequeno porte da região.",
        "Pré-conferência do CRAS Rural",
    ),
    (
        5,
        "federal",
        "Ampliar o valor e a cobertura dos benefícios eventuais com cofinanciamento federal.",
        "Grupo de trabalho do Eixo 5",
    ),
    (
        5,
        "municipal",
        "Regulamentar por lei municipal os benefícios eventuais, com critérios públicos de acesso.",
        "Grupo de trabalho do Eixo 5",
    ),
];

/// The `deliberations` approved in the final plenary (with their origins) and the moção to the
/// Câmara Municipal of `city`.
pub(super) async fn insert_deliberations(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    eixo_ids: &[Uuid],
    (deliberations, city): (&[Deliberation], &str),
    now: DateTime<Utc>,
) -> Result<()> {
    for (pos, (n, level, text, origin)) in deliberations.iter().enumerate() {
        let pid = Uuid::now_v7();
        proposal::Entity::insert(proposal::ActiveModel {
            id: Set(pid),
            conference_id: Set(conf_id),
            eixo_id: Set(eixo_ids[(*n - 1) as usize]),
            group_id: Set(None),
            text: Set((*text).into()),
            level: Set((*level).into()),
            kind: Set("new".into()),
            status: Set(ProposalStatus::Approved),
            position: Set(pos as i32),
            ..proposal_defaults(now)
        })
        .exec(tx)
        .await?;
        proposal_origin::Entity::insert(proposal_origin::ActiveModel {
            id: Set(Uuid::now_v7()),
            proposal_id: Set(pid),
            kind: Set(if origin.starts_with("Grupo") {
                "group"
            } else {
                "unit"
            }
            .into()),
            label: Set((*origin).into()),
            ref_id: Set(None),
        })
        .exec(tx)
        .await?;
    }
    mocao::Entity::insert(mocao::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(conf_id),
        kind: Set("apoio".into()),
        addressee: Set(format!("Câmara Municipal de {city}")),
        text: Set("Apoio à aprovação da lei municipal do SUAS, com o cofinanciamento municipal dos serviços.".into()),
        author_id: Set(None),
        author_label: Set("Plenária".into()),
        status: Set(MocaoStatus::Approved),
        vote_id: Set(None),
        decided_by: Set(None),
        created_at: Set(at(2023, 7, 6, 15, 0)),
        updated_at: Set(at(2023, 7, 6, 15, 0)),
    })
    .exec(tx)
    .await?;
    Ok(())
}

/// The delegation: the sample table's 6 titulares for a Médio Porte municipality (3 of
/// government, 1 per civil-society segment) and as many suplentes; 2 titulares of quota
/// groups (the minimum of 30%).
pub(super) async fn insert_delegation(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    delegates: &[(Uuid, Segment)],
    now: DateTime<Utc>,
) -> Result<()> {
    let seats = Seats::apportion(6);
    let per = |s: Segment| match s {
        Segment::Government => seats.government,
        Segment::Users => seats.users,
        Segment::Workers => seats.workers,
        Segment::Entities => seats.entities,
    } as usize;
    for s in Segment::ALL {
        let of: Vec<Uuid> = delegates
            .iter()
            .filter(|(_, g)| g == s)
            .map(|(id, _)| *id)
            .collect();
        for (k, id) in of.iter().take(per(*s) * 2).enumerate() {
            let titular = k < per(*s);
            election_result::Entity::insert(election_result::ActiveModel {
                conference_id: Set(conf_id),
                registration_id: Set(*id),
                segment: Set(s.code().into()),
                seat: Set(if titular { "titular" } else { "suplente" }.into()),
                position: Set(if titular { k } else { k - per(*s) } as i32 + 1),
                votes: Set(20 - k as i32 * 3),
                by_quota: Set(false),
                carried_registration_id: Set(None),
            })
            .exec(tx)
            .await?;
        }
    }
    election::Entity::insert(election::ActiveModel {
        conference_id: Set(conf_id),
        porte: Set(Some("MEDIO".into())),
        titulares: Set(6),
        seats_source: Set("entity".into()),
        tie_rule: Set("older_first".into()),
        seed: Set(0),
        computed_at: Set(Some(at(2023, 7, 6, 16, 30))),
        summary: Set(Some(
            serde_json::json!({
                "titulares": 6, "quota_minimum": 2, "quota_titulares": 2, "quota_met": true,
                "tie_rule": "older_first", "seed": "0", "swaps": [], "ties": []
            })
            .to_string(),
        )),
        carried_at: Set(None),
        updated_by: Set(None),
        updated_at: Set(now),
        government: Set("elected".into()),
        government_act: Set(None),
        seat_table: Set(None),
    })
    .exec(tx)
    .await?;
    Ok(())
}
