//! Three neighbouring municipalities of the 2023 cycle, each with its CMAS and its finished
//! conference, whose reports the state conference accepted: their deliberations for the state
//! and the Union say much of what Pará de Minas's say, in other words, so the state's pool has
//! near-duplicates from several municipalities to group.

use super::finished::{Town, finished_town};
use super::outcomes::Deliberation;
use super::submit_and_accept;
use crate::demo::rows::{insert_body, slug_exists};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{body, federative_entity as fe};
use store::{Db, Result};

/// (IBGE code, city, slug, title, edition, deliberations, its people's surnames).
type Neighbour = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
    &'static [Deliberation],
    &'static [&'static str],
);

pub const NEIGHBOURS: &[Neighbour] = &[
    (
        "3122306",
        "Divinópolis",
        "divinopolis-2023",
        "XII Conferência Municipal de Assistência Social de Divinópolis",
        12,
        &[
            (
                1,
                "municipal",
                "Ampliar as equipes de referência dos CRAS com recursos próprios do orçamento municipal.",
                "Grupo de trabalho do Eixo 1",
            ),
            (
                1,
                "estadual",
                "Regularizar o cofinanciamento estadual dos serviços da proteção social básica, com os repasses fundo a fundo em dia.",
                "Grupo de trabalho do Eixo 1",
            ),
            (
                1,
                "federal",
                "Garantir a vinculação constitucional de recursos para o SUAS na União, nos estados e nos municípios.",
                "Grupo de trabalho do Eixo 1",
            ),
            (
                2,
                "estadual",
                "Promover formação continuada para conselheiros(as) de assistência social em todas as regiões de Minas Gerais.",
                "Grupo de trabalho do Eixo 2",
            ),
            (
                4,
                "estadual",
                "Implantar CREAS regionais para atender os municípios de pequeno porte da região.",
                "Pré-conferência do CREAS",
            ),
        ],
        &["Alvarenga", "Brito", "Coutinho", "Damasceno", "Esteves"],
    ),
    (
        "3133808",
        "Itaúna",
        "itauna-2023",
        "X Conferência Municipal de Assistência Social de Itaúna",
        10,
        &[
            (
                1,
                "estadual",
                "Garantir o cofinanciamento estadual regular dos serviços de proteção social básica, com repasses fundo a fundo sem atraso.",
                "Grupo de trabalho do Eixo 1",
            ),
            (
                1,
                "estadual",
                "Criar um programa estadual de capacitação permanente para trabalhadores do SUAS.",
                "Pré-conferência do CRAS Santanense",
            ),
            (
                3,
                "municipal",
                "Criar comissão intersetorial entre assistência social, saúde e educação para o acompanhamento das famílias.",
                "Grupo de trabalho do Eixo 3",
            ),
            (
                5,
                "federal",
                "Ampliar o valor e a cobertura dos benefícios eventuais, com cofinanciamento federal regular.",
                "Grupo de trabalho do Eixo 5",
            ),
        ],
        &["Fagundes", "Gontijo", "Horta", "Inácio", "Jardim"],
    ),
    (
        "3145208",
        "Nova Serrana",
        "nova-serrana-2023",
        "IX Conferência Municipal de Assistência Social de Nova Serrana",
        9,
        &[
            (
                1,
                "municipal",
                "Garantir no orçamento municipal recursos para a manutenção dos CRAS, com reajuste anual.",
                "Grupo de trabalho do Eixo 1",
            ),
            (
                2,
                "estadual",
                "Promover formação continuada para os conselheiros municipais de assistência social em todas as regiões do estado.",
                "Grupo de trabalho do Eixo 2",
            ),
            (
                4,
                "estadual",
                "Implantar CREAS regional para os municípios de pequeno porte, com equipe completa.",
                "Pré-conferência do CRAS Centro",
            ),
            (
                5,
                "federal",
                "Ampliar a cobertura e o valor dos benefícios eventuais com cofinanciamento federal.",
                "Grupo de trabalho do Eixo 5",
            ),
        ],
        &["Lacerda", "Maciel", "Nepomuceno", "Orsini", "Pereira"],
    ),
];

/// Seeds each neighbour that is missing: its CMAS (found or created), its finished conference
/// and its report, submitted and accepted through the report's use cases. Runs after
/// [`super::seed`] (which creates the state conference); a neighbour whose slug exists is left
/// as it is.
pub async fn neighbours(db: &Db) -> Result<()> {
    if !slug_exists(&db.conn, super::STATE_SLUG).await? {
        return Ok(());
    }
    for (ibge, city, slug, title, edition, deliberations, surnames) in NEIGHBOURS {
        if slug_exists(&db.conn, slug).await? {
            continue;
        }
        let cmas_body = council_of(db, ibge, city).await?;
        let town = Town {
            cmas_body,
            slug,
            title,
            edition: *edition,
            city,
            deliberations,
            surnames,
        };
        if let Some(conf_id) = finished_town(db, &town).await? {
            submit_and_accept(db, conf_id, slug).await?;
        }
    }
    Ok(())
}

/// The CMAS of the municipality `ibge`, created if missing (one exclusive transaction).
async fn council_of(db: &Db, ibge: &str, city: &str) -> Result<uuid::Uuid> {
    let tx = db.write_exclusive().await?;
    let entity = fe::Entity::find()
        .filter(fe::Column::IbgeCode.eq(ibge))
        .one(&tx)
        .await?
        .ok_or(store::Error::NotFound)?;
    if let Some(b) = body::Entity::find()
        .filter(body::Column::Kind.eq("cmas"))
        .filter(body::Column::EntityId.eq(entity.id))
        .one(&tx)
        .await?
    {
        return Ok(b.id);
    }
    let id = insert_body(
        &tx,
        (
            "cmas",
            &format!("Conselho Municipal de Assistência Social de {city}"),
            &format!("CMAS {city}"),
        ),
        entity.id,
        chrono::Utc::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
