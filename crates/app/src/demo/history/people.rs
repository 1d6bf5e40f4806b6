//! The people of the 2023 conference: delegates of every segment and guests, all present.

use crate::demo::rows::{d, sao_paulo as at};
use crate::participants::registration::{Source, Valid, insert};
use domain::values::{AccessNeed, Category, DelegateOrigin, QuotaGroup, Seat, Segment};
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Result;
use store::entities::checkin;
use uuid::Uuid;

const PEOPLE: &[&str] = &[
    "Adriana Martins",
    "Benedito Carvalho",
    "Cláudia Ferreira",
    "Diego Nascimento",
    "Eliane Moreira",
    "Fábio Teixeira",
    "Geralda Pinto",
    "Hélio Barbosa",
    "Iracema Lopes",
    "Jonas Ribeiro",
    "Kátia Mendes",
    "Lourdes Cardoso",
    "Marcos Vieira",
    "Neusa Araújo",
    "Osvaldo Rocha",
    "Patrícia Gomes",
    "Quitéria Souza",
    "Raimundo Dias",
    "Sônia Castro",
    "Tadeu Fonseca",
    "Úrsula Campos",
    "Valdir Monteiro",
    "Wanda Correia",
    "Zélia Batista",
];

/// Registers a person imported into conference `conf_id`; returns the registration id.
async fn register(tx: &sea_orm::DatabaseTransaction, conf_id: Uuid, v: &Valid) -> Result<Uuid> {
    let (id, _) = insert(tx, conf_id, v, Source::Import, None, None).await?;
    Ok(id)
}

/// Six delegates per segment and two guests, all checked in on the first day; returns the
/// delegates' registrations with their segments. With `surnames`, each person keeps the first
/// name of [`PEOPLE`] with one of these surnames (the people of another town).
pub(super) async fn insert_present(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    surnames: &[&str],
) -> Result<Vec<(Uuid, Segment)>> {
    let mut delegates: Vec<(Uuid, Segment)> = Vec::new();
    let names: Vec<String> = PEOPLE
        .iter()
        .enumerate()
        .map(|(i, n)| match (surnames.is_empty(), n.split_once(' ')) {
            (false, Some((first, _))) => format!("{first} {}", surnames[i % surnames.len()]),
            _ => (*n).to_owned(),
        })
        .collect();
    for (i, name) in names.iter().enumerate() {
        let segment = Segment::ALL[i % 4];
        let quotas = match i % 5 {
            0 => vec![QuotaGroup::Negra],
            1 => vec![QuotaGroup::Negra, QuotaGroup::Idosa],
            3 => vec![QuotaGroup::Deficiencia],
            _ => vec![],
        };
        let v = Valid {
            name: name.clone(),
            social_name: None,
            category: Category::Delegate,
            segment: Some(segment),
            seat: Some(Seat::Titular),
            origin: Some(if segment == Segment::Government {
                DelegateOrigin::Indicado
            } else {
                DelegateOrigin::Preconferencia
            }),
            represents: None,
            territory_id: None,
            unit_id: None,
            preferred_eixo_id: None,
            cpf: None,
            email: domain::values::Email::parse(&format!(
                "{}@exemplo.invalid",
                domain::text::search_key(name).replace(' ', ".")
            ))
            .ok(),
            phone: Some(format!("(37) 9 9{:03}-{:04}", 100 + i, 1000 + i * 7)),
            birth_date: Some(d(1950 + (i as i32 * 3) % 50, 1 + (i as u32 % 12), 10)),
            trust_position: false,
            needs: if i % 7 == 2 {
                vec![AccessNeed::Libras]
            } else {
                vec![]
            },
            needs_other: None,
            quotas,
        };
        let id = register(tx, conf_id, &v).await?;
        delegates.push((id, segment));
    }
    let mut present: Vec<Uuid> = delegates.iter().map(|(id, _)| *id).collect();
    for name in ["Convidada do CEAS-MG", "Convidado da Câmara Municipal"] {
        let v = Valid {
            name: name.into(),
            social_name: None,
            category: Category::Guest,
            segment: None,
            seat: None,
            origin: None,
            represents: None,
            territory_id: None,
            unit_id: None,
            preferred_eixo_id: None,
            cpf: None,
            email: None,
            phone: None,
            birth_date: None,
            trust_position: false,
            needs: vec![],
            needs_other: None,
            quotas: vec![],
        };
        let id = register(tx, conf_id, &v).await?;
        present.push(id);
    }
    for id in &present {
        checkin::Entity::insert(checkin::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            registration_id: Set(*id),
            day: Set(d(2023, 7, 5)),
            checked_at: Set(at(2023, 7, 5, 8, 30)),
            checked_by: Set(None),
            replaces_registration_id: Set(None),
            method: Set("code".into()),
        })
        .exec(tx)
        .await?;
    }
    Ok(delegates)
}
