//! The people of the demo conference on its day: 60 registrations (titulares and suplentes of
//! every segment, observers and guests; some with accessibility needs, one typed by hand), most
//! already credentialed this morning (two suplentes in the seats of absent titulares, one with
//! voice only), the rest still at the door, and a few phones already paired. Names are
//! invented; CPFs are synthetic (base 000.000.1NN, valid check digits).

use crate::participants::credentialing::arrive;
use crate::participants::registration::{Places, RegistrationInput, Source, insert, validate};
use chrono::{DateTime, NaiveDate, Utc};
use domain::values::{AccessNeed, Category, QuotaGroup, Segment};
use sea_orm::{ActiveValue::Set, EntityTrait};
use sha2::Digest;
use store::Result;
use store::entities::{conference, delegate_device, registration};
use uuid::Uuid;

/// 60 invented names, in the order the people are registered: delegates by segment (titulares,
/// then suplentes), then observers, then guests.
const NAMES: [&str; 60] = [
    // governo: 16 titulares, 6 suplentes
    "Aline Duarte",
    "Bruno Salgado",
    "Carla Menezes",
    "Daniel Figueiredo",
    "Elaine Prado",
    "Fernando Quintão",
    "Gisele Amorim",
    "Heitor Vasconcelos",
    "Ingrid Paiva",
    "Júlio Cordeiro",
    "Karina Bastos",
    "Leandro Queiroz",
    "Mirian Tavares",
    "Nilton Rezende",
    "Olga Fagundes",
    "Paulo Henrique Valadares",
    "Renata Siqueira",
    "Sérgio Brandão",
    "Tereza Guimarães",
    "Ulisses Mota",
    "Vera Lúcia Antunes",
    "Wellington Coelho",
    // usuários: 6 titulares, 3 suplentes
    "Rosa Amaral",
    "Sebastião Lacerda",
    "Joana Darc Ferraz",
    "Marlene Cunha",
    "Expedito Nogueira",
    "Luzia Fontes",
    "Raimunda Bezerra",
    "Valdemar Pimenta",
    "Cícera Marques",
    // trabalhadores: 5 titulares, 2 suplentes
    "Priscila Andrade",
    "Rodrigo Moura Leite",
    "Simone Castanheira",
    "Thiago Resende",
    "Vanessa Lobato",
    "André Magalhães",
    "Débora Caldeira",
    // entidades: 5 titulares, 2 suplentes
    "Irmã Conceição Parreiras",
    "Otávio Drummond",
    "Lívia Sampaio",
    "Geraldo Magela Couto",
    "Marta Rocha Lima",
    "Hugo Bittencourt",
    "Nair Peixoto",
    // observadores(as)
    "Camila Soares",
    "Diogo Ventura",
    "Estela Marinho",
    "Flávio Torres",
    "Helena Brito",
    "Igor Sales",
    "Jussara Leal",
    "Kléber Aguiar",
    // convidados(as)
    "Vereadora Laura Mendonça",
    "Promotora Sandra Reis",
    "Defensor Público Márcio Aguiar",
    "Conselheira do CEAS-MG Beatriz Lins",
    "Secretário de Saúde Roberto Assis",
    "Coordenadora do CRAS São José Edna Viana",
    "Professor Caio Ventura",
];

/// (segment, titulares, suplentes, what they represent), in the order of [`NAMES`].
const DELEGATES: [(Segment, usize, usize, &str); 4] = [
    (
        Segment::Government,
        16,
        6,
        "Secretaria Municipal de Assistência Social",
    ),
    (Segment::Users, 6, 3, "Usuários(as) dos serviços"),
    (Segment::Workers, 5, 2, "Trabalhadores(as) do SUAS"),
    (Segment::Entities, 5, 2, "Lar São Vicente de Paulo"),
];
const OBSERVERS: usize = 8;
const GUESTS: usize = 7;

/// One person to register and what happens to them this morning.
struct Person {
    input: RegistrationInput,
    /// Credentialed this morning.
    present: bool,
    /// A suplente credentialed in the place of this titular (an index into the people).
    replaces: Option<usize>,
    /// A phone paired at the desk.
    phone: bool,
}

/// A synthetic CPF: base `000.000.1NN` with its two check digits.
fn synthetic_cpf(n: usize) -> String {
    let base: Vec<u32> = format!("{:09}", 100 + n)
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect();
    let digit = |d: &[u32]| {
        let len = d.len() as u32 + 1;
        let sum: u32 = d
            .iter()
            .enumerate()
            .map(|(i, x)| x * (len - i as u32))
            .sum();
        (sum * 10 % 11) % 10
    };
    let mut all = base;
    all.push(digit(&all));
    all.push(digit(&all));
    all.iter().map(|d| char::from(b'0' + *d as u8)).collect()
}

/// The accessibility needs of the person at `k` (a few of them), the last typed by hand.
fn needs_of(k: usize) -> (Vec<AccessNeed>, &'static str) {
    match k {
        2 => (vec![AccessNeed::Libras], ""),
        23 => (vec![AccessNeed::AccessibleVenue, AccessNeed::Companion], ""),
        25 => (vec![AccessNeed::LargePrint], ""),
        33 => (vec![AccessNeed::Dietary], ""),
        45 => (
            vec![AccessNeed::Braille],
            "Cão-guia: precisa de espaço ao lado da cadeira e de água para o cão",
        ),
        47 => (vec![AccessNeed::AudioDescription], ""),
        53 => (vec![AccessNeed::Libras], ""),
        _ => (vec![], ""),
    }
}

/// Everyone, with the morning's arrivals: three in four titulares of each segment, the first
/// suplente of government and of users in the seat of an absent titular, the second suplente of
/// government with voice only, five observers and four guests; phones for the first two
/// titulares of each segment.
fn people(unit_ids: &[Uuid]) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::with_capacity(NAMES.len());
    let base = |name: &str, category: Category| RegistrationInput {
        name: name.into(),
        category: category.code().into(),
        consent: true,
        ..RegistrationInput::default()
    };
    for (segment, titulares, suplentes, represents) in DELEGATES {
        let first = out.len();
        for j in 0..titulares + suplentes {
            let k = out.len();
            let titular = j < titulares;
            let mut input = base(NAMES[k], Category::Delegate);
            input.segment = segment.code().into();
            input.seat = if titular { "titular" } else { "suplente" }.into();
            input.origin = match (segment, j) {
                (Segment::Government, _) => "indicado",
                (_, 0) => "nato",
                _ => "preconferencia",
            }
            .into();
            input.represents = match segment {
                Segment::Users if !unit_ids.is_empty() => {
                    input.unit_id = unit_ids[j % unit_ids.len()].to_string();
                    String::new()
                }
                _ => represents.into(),
            };
            input.cpf = synthetic_cpf(k);
            input.email = format!(
                "{}@exemplo.invalid",
                domain::text::search_key(NAMES[k]).replace(' ', ".")
            );
            input.phone = format!("(37) 9 98{:02}-{:04}", k, 2000 + k * 13);
            input.birth_date = format!("{}-{:02}-15", 1955 + (k * 7) % 45, 1 + k % 12);
            let (needs, other) = needs_of(k);
            input.needs = needs.iter().map(|n| n.code().into()).collect();
            input.needs_other = other.into();
            if k % 5 == 1 {
                input.quotas = vec![QuotaGroup::Negra.code().into()];
                input.sensitive_consent = true;
            }
            let suplente = j.checked_sub(titulares);
            let replaces = match (segment, suplente) {
                (Segment::Government | Segment::Users, Some(0)) => Some(first + 3),
                _ => None,
            };
            let present = match suplente {
                None => j % 4 != 3,
                Some(s) => replaces.is_some() || (segment == Segment::Government && s == 1),
            };
            out.push(Person {
                input,
                present,
                replaces,
                phone: titular && j < 2,
            });
        }
    }
    for n in 0..OBSERVERS + GUESTS {
        let k = out.len();
        let observer = n < OBSERVERS;
        let mut input = base(
            NAMES[k],
            if observer {
                Category::Observer
            } else {
                Category::Guest
            },
        );
        let (needs, other) = needs_of(k);
        input.needs = needs.iter().map(|n| n.code().into()).collect();
        input.needs_other = other.into();
        out.push(Person {
            input,
            present: if observer { n < 5 } else { n - OBSERVERS < 4 },
            replaces: None,
            phone: false,
        });
    }
    // A worker registered under her social name.
    if let Some(p) = out.get_mut(32) {
        p.input.social_name = "Rebeca Moura Leite".into();
    }
    out
}

/// Registers the demo's people in conference `c` (whose day is `day`), credentials this
/// morning's arrivals through the desk's seating rules and pairs a few phones, in the caller's
/// transaction. Arrivals are spread over the minutes before `now`, never before `day` began.
pub(super) async fn seed_people(
    tx: &sea_orm::DatabaseTransaction,
    c: &conference::Model,
    unit_ids: &[Uuid],
    (day, now): (NaiveDate, DateTime<Utc>),
) -> Result<()> {
    let fail = |e: crate::Fail| store::Error::Other(e.to_string());
    let places = Places {
        territories: vec![],
        units: unit_ids.to_vec(),
        eixos: vec![],
    };
    let people = people(unit_ids);
    let mut ids = Vec::with_capacity(people.len());
    for p in &people {
        let valid = validate(&p.input, Source::Import, &places)
            .map_err(|e| store::Error::Other(format!("demo person: {e:?}")))?;
        let (id, _) = insert(tx, c.id, &valid, Source::Import, None, None).await?;
        ids.push(id);
    }
    let opened = crate::demo::rows::around(day, 0, 0, 0);
    let arrivals = people.iter().filter(|p| p.present).count() as i64;
    let mut n = 0i64;
    for (k, p) in people.iter().enumerate() {
        if !p.present {
            continue;
        }
        let r = registration::Entity::find_by_id(ids[k])
            .one(tx)
            .await?
            .ok_or(store::Error::NotFound)?;
        let replaces = p.replaces.map(|t| ids[t]);
        let at = (now - chrono::Duration::minutes(2 * (arrivals - n))).max(opened);
        n += 1;
        arrive(tx, c, &r, replaces, (at, None))
            .await
            .map_err(fail)?;
        if p.phone {
            let token = hex::encode(rand::random::<[u8; 32]>());
            delegate_device::Entity::insert(delegate_device::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(c.id),
                registration_id: Set(r.id),
                token_hash: Set(hex::encode(sha2::Sha256::digest(token.as_bytes()))),
                revoked: Set(false),
                created_at: Set(at),
                channel: Set("desk".into()),
                last_seen_at: Set(None),
            })
            .exec(tx)
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_cpfs_are_valid_and_distinct() {
        let all: Vec<String> = (0..NAMES.len()).map(synthetic_cpf).collect();
        for c in &all {
            assert!(domain::values::Cpf::parse(c).is_ok(), "{c}");
            assert!(c.starts_with("0000001"), "{c}");
        }
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
    }

    #[test]
    fn every_name_has_its_place() {
        let total: usize = DELEGATES.iter().map(|d| d.1 + d.2).sum::<usize>() + OBSERVERS + GUESTS;
        assert_eq!(total, NAMES.len());
        let people = people(&[]);
        assert_eq!(people.len(), NAMES.len());
        let present = people.iter().filter(|p| p.present).count();
        assert!((30..NAMES.len() - 10).contains(&present), "{present}");
    }
}
