//! The demo council's members (issue 24): eight seats, paritário (four of the government, four
//! of the civil society), in a two-year mandate under way, and one seat of the previous mandate in
//! the history. The names and their e-mails (at the demo's own domain) are invented.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Result;
use store::entities::body_seat;
use uuid::Uuid;

/// (segment, organization, titular, suplente).
const SEATS: &[(&str, &str, &str, &str)] = &[
    (
        "governo",
        "Secretaria Municipal de Assistência Social",
        "Helena Martins",
        "Rodrigo Alves",
    ),
    (
        "governo",
        "Secretaria Municipal de Saúde",
        "Paulo Henrique Costa",
        "Lúcia Ferreira",
    ),
    (
        "governo",
        "Secretaria Municipal de Educação",
        "Marta Ribeiro",
        "André Gomes",
    ),
    (
        "governo",
        "Secretaria Municipal de Fazenda",
        "Sérgio Almeida",
        "Beatriz Nunes",
    ),
    (
        "usuarios",
        "Fórum Municipal de Usuários do SUAS",
        "Dona Aparecida Santos",
        "José Carlos Pereira",
    ),
    (
        "usuarios",
        "Associação de Moradores do Bairro São José",
        "Rosângela Silva",
        "Antônio Moreira",
    ),
    (
        "trabalhadores",
        "Fórum Municipal de Trabalhadores do SUAS",
        "Fernanda Lopes",
        "Ricardo Teixeira",
    ),
    (
        "entidades",
        "APAE de Pará de Minas",
        "Cláudia Rezende",
        "Marcos Vinícius Rocha",
    ),
];

/// An invented address at the demo's domain, for the convocations: "helena.martins@…".
fn email_of(name: &str) -> String {
    format!(
        "{}@demo.conferencia.local",
        domain::text::slugify(name).replace('-', ".")
    )
}

pub(super) async fn seed_members(
    tx: &sea_orm::DatabaseTransaction,
    body_id: Uuid,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let start = day - Duration::days(400);
    let end = start + Duration::days(729);
    let row = |(segment, org, titular, suplente): (&str, &str, &str, &str),
               (from, to): (NaiveDate, NaiveDate),
               act: &str| body_seat::ActiveModel {
        id: Set(Uuid::now_v7()),
        body_id: Set(body_id),
        segment: Set(segment.into()),
        organization: Set(org.into()),
        titular_name: Set(titular.into()),
        titular_email: Set(Some(email_of(titular))),
        suplente_name: Set(Some(suplente.into())),
        suplente_email: Set(Some(email_of(suplente))),
        mandate_start: Set(from),
        mandate_end: Set(to),
        act: Set(act.into()),
        ended_on: Set(None),
        end_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        entity_id: Set(None),
    };
    let mut rows: Vec<body_seat::ActiveModel> = SEATS
        .iter()
        .map(|s| {
            row(
                *s,
                (start, end),
                "Decreto municipal nº 4.512 (mandato atual)",
            )
        })
        .collect();
    rows.push(row(
        (
            "usuarios",
            "Fórum Municipal de Usuários do SUAS",
            "Geraldo Batista",
            "Maria José Campos",
        ),
        (start - Duration::days(730), start - Duration::days(1)),
        "Decreto municipal nº 3.977 (mandato anterior)",
    ));
    body_seat::Entity::insert_many(rows).exec(tx).await?;
    Ok(())
}
