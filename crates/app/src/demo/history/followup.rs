//! The follow-up two years on (monitoramento) of the 2023 deliberations.

use crate::demo::rows::sao_paulo;
use crate::reporting::followup::SeedMilestone;
use chrono::NaiveDate;
use domain::followup::Status;
use sea_orm::EntityTrait;
use store::entities::conference;
use store::{Db, Result};
use uuid::Uuid;

const SMAS: &str = "Secretaria Municipal de Assistência Social";
const SEDESE: &str = "Secretaria de Estado de Desenvolvimento Social (SEDESE)";

/// (status, responsible body, note) of the 2023 deliberations, in the order of their codes in
/// the report.
const STATES: &[(Status, &str, &str)] = &[
    (
        Status::InProgress,
        SMAS,
        "Reajuste pela inflação incluído na LOA 2025; recursos próprios ainda abaixo do custo dos CRAS.",
    ),
    (Status::NotStarted, SEDESE, ""),
    (
        Status::InProgress,
        "Conselho Nacional de Assistência Social (CNAS)",
        "PEC em tramitação no Congresso Nacional.",
    ),
    (
        Status::Done,
        SMAS,
        "Vale-transporte e lanche garantidos em todas as reuniões ordinárias do CMAS desde 2024.",
    ),
    (Status::Done, SEDESE, "Curso regional realizado em 2024."),
    (
        Status::InProgress,
        SMAS,
        "Protocolo com Saúde e Educação em elaboração.",
    ),
    (
        Status::NotFeasible,
        "Prefeitura Municipal",
        "Limite da Lei de Responsabilidade Fiscal com pessoal atingido; o CMAS acompanha o processo seletivo simplificado.",
    ),
];

const fn dt(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

/// Milestones of that follow-up: (position in [`STATES`], milestone), in order.
const MILESTONES: &[(usize, SeedMilestone<'static>)] = &[
    (
        0,
        (
            "Proposta incluída no PPA 2026–2029",
            dt(2025, 8, 29),
            dt(2025, 8, 29),
            Some("https://www.parademinas.mg.gov.br/"),
        ),
    ),
    (
        0,
        (
            "Lei orçamentária de 2026 com o reajuste",
            dt(2025, 12, 20),
            None,
            None,
        ),
    ),
    (
        3,
        (
            "Resolução do CMAS sobre apoio à participação",
            dt(2024, 3, 15),
            dt(2024, 3, 12),
            None,
        ),
    ),
    (
        5,
        (
            "Primeira reunião intersetorial",
            dt(2024, 9, 10),
            dt(2024, 9, 10),
            None,
        ),
    ),
];

/// Writes the follow-up of the deliberations of `conf_id`: statuses, responsible bodies and
/// milestones.
pub(super) async fn followup(db: &Db, conf_id: Uuid) -> Result<()> {
    let c = conference::Entity::find_by_id(conf_id)
        .one(&db.conn)
        .await?
        .ok_or(store::Error::NotFound)?;
    let items: Vec<_> = crate::reporting::report::coded_deliberations(&db.conn, &c)
        .await?
        .into_iter()
        .flat_map(|(_, levels)| levels.into_iter().flat_map(|(_, ds)| ds))
        .collect();
    let tx = db.write().await?;
    for (k, (d, &state)) in items.iter().zip(STATES).enumerate() {
        let milestones: Vec<SeedMilestone> = MILESTONES
            .iter()
            .filter(|(of, _)| *of == k)
            .map(|(_, m)| *m)
            .collect();
        crate::reporting::followup::seed_state(
            &tx,
            &c,
            d.proposal.id,
            state,
            &milestones,
            sao_paulo(2025, 10, 30, 17, 0),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
