//! Checking a registration form: the valid registration and the conference's places it points to.

use super::*;

fn pick_uuid(
    field: &str,
    label: &str,
    input: &str,
    allowed: &[Uuid],
    inv: &mut Invalid,
) -> Option<Uuid> {
    if input.trim().is_empty() {
        return None;
    }
    match Uuid::parse_str(input.trim()) {
        Ok(id) if allowed.contains(&id) => Some(id),
        _ => {
            inv.push(FieldError::new(field, format!("Escolha {label} da lista")));
            None
        }
    }
}

/// The error when no category was chosen (the form preselects none).
pub(crate) const CATEGORY_MISSING: &str =
    "Escolha a categoria: delegado(a), convidado(a) ou observador(a)";

/// A registration that passed every check that needs no database.
#[derive(Clone)]
pub(crate) struct Valid {
    pub name: String,
    pub social_name: Option<String>,
    pub category: Category,
    pub segment: Option<Segment>,
    pub seat: Option<Seat>,
    pub origin: Option<DelegateOrigin>,
    pub represents: Option<String>,
    pub territory_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub preferred_eixo_id: Option<Uuid>,
    pub cpf: Option<Cpf>,
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub trust_position: bool,
    pub needs: Vec<AccessNeed>,
    pub needs_other: Option<String>,
    pub quotas: Vec<QuotaGroup>,
}

/// A field that may be left blank: `Some(None)` when blank, else its parsed value (`None` with
/// the error kept in `inv`).
fn blank_or<T>(
    inv: &mut Invalid,
    v: &str,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Option<Option<T>> {
    if v.trim().is_empty() {
        Some(None)
    } else {
        inv.take(parse(v)).map(Some)
    }
}

/// Every field check of a registration (all errors at once), against the conference's
/// territories, units and eixos. Uniqueness of the CPF is the caller's (it needs the database).
pub(crate) fn validate(
    i: &RegistrationInput,
    source: Source,
    places: &Places,
) -> Result<Valid, Invalid> {
    let (territories, units) = (&places.territories[..], &places.units[..]);
    let mut inv = Invalid::default();
    let name = inv.take(required("name", "o nome completo", &i.name, 150));
    let social_name = inv.take(optional(
        "social_name",
        "O nome social",
        &i.social_name,
        150,
    ));
    let category = if i.category.trim().is_empty() {
        inv.push(FieldError::new("category", CATEGORY_MISSING));
        None
    } else {
        inv.take(Category::parse(&i.category))
    };
    // Titular or suplente, origin of the delegation and the trust position are asked of
    // delegates only: for any other category (or none yet) a choice left in the form is ignored.
    // A value no form offers is refused whatever the category (found by the API fuzzer).
    let delegate = category == Some(Category::Delegate);
    let seat = blank_or(&mut inv, &i.seat, Seat::parse);
    let origin = blank_or(&mut inv, &i.origin, DelegateOrigin::parse);
    let (seat, origin, trust_position) = if delegate {
        (seat, origin, i.trust_position)
    } else {
        (Some(None), Some(None), false)
    };
    let segment = blank_or(&mut inv, &i.segment, Segment::parse);
    let represents = inv.take(optional(
        "represents",
        "O órgão, entidade ou unidade que representa",
        &i.represents,
        200,
    ));
    let territory_id = pick_uuid(
        "territory_id",
        "o território",
        &i.territory_id,
        territories,
        &mut inv,
    );
    let unit_id = pick_uuid("unit_id", "a unidade", &i.unit_id, units, &mut inv);
    let preferred_eixo_id = pick_uuid(
        "preferred_eixo",
        "o eixo",
        &i.preferred_eixo,
        &places.eixos,
        &mut inv,
    );
    let cpf = blank_or(&mut inv, &i.cpf, Cpf::parse);
    let email = blank_or(&mut inv, &i.email, Email::parse);
    let phone = inv.take(optional("phone", "O telefone", &i.phone, 30));
    if let Some(Some(p)) = &phone
        && p.chars().filter(char::is_ascii_digit).count() < 10
    {
        inv.push(FieldError::new(
            "phone",
            "Telefone com DDD: pelo menos 10 números, como (37) 99999-1234",
        ));
    }
    let birth_date: Option<Option<NaiveDate>> = blank_or(&mut inv, &i.birth_date, |v| {
        parse_date("birth_date", "a data de nascimento", v)
    });
    if let Some(Some(b)) = birth_date
        && (b > Utc::now().date_naive() || chrono::Datelike::year(&b) < 1900)
    {
        inv.push(FieldError::new(
            "birth_date",
            "Data de nascimento fora do possível",
        ));
    }
    let needs = inv.take(parse_codes(&i.needs, AccessNeed::parse));
    let needs_other = inv.take(optional(
        "needs_other",
        "Outras necessidades",
        &i.needs_other,
        300,
    ));
    let quotas = inv.take(parse_codes(&i.quotas, QuotaGroup::parse));
    if !i.consent {
        inv.push(FieldError::new(
            "consent",
            if source == Source::SelfService {
                "Para se inscrever, leia o aviso de privacidade e marque que concorda"
            } else {
                "Confirme que a pessoa ouviu o aviso de privacidade e concordou"
            },
        ));
    }
    if quotas.as_ref().is_some_and(|q| !q.is_empty()) && !i.sensitive_consent {
        inv.push(FieldError::new(
            "sensitive_consent",
            "Para registrar a autodeclaração de cotas, marque a autorização específica logo abaixo dela (ou desmarque os grupos)",
        ));
    }
    if let (Some(category), Some(segment), Some(needs), Some(quotas)) =
        (category, segment, needs.clone(), quotas.clone())
        && let Err(e) = check_profile(&Profile {
            category,
            segment,
            trust_position,
            needs,
            quotas,
        })
    {
        e.0.into_iter().for_each(|x| inv.push(x));
    }
    if !inv.is_empty() {
        return Err(inv);
    }
    let valid = || {
        Some(Valid {
            name: name?,
            social_name: social_name?,
            category: category?,
            segment: segment?,
            seat: seat?,
            origin: origin?,
            represents: represents?,
            territory_id,
            unit_id,
            preferred_eixo_id,
            cpf: cpf?,
            email: email?,
            phone: phone?,
            birth_date: birth_date?,
            trust_position,
            needs: needs?,
            needs_other: needs_other?,
            quotas: quotas?,
        })
    };
    valid().ok_or(inv)
}

/// The ids of the conference's territories, units and eixos (what a registration may point to).
#[derive(Debug, Clone, Default)]
pub(crate) struct Places {
    pub territories: Vec<Uuid>,
    pub units: Vec<Uuid>,
    pub eixos: Vec<Uuid>,
}

pub(crate) async fn places(db: &Db, conference_id: Uuid) -> store::Result<Places> {
    use crate::mobilization::shared::{listed_units, territories_of};
    use store::entities::{eixo as e, territory as t, unit as u};
    Ok(Places {
        territories: ids_of(db, territories_of(conference_id), t::Column::Id).await?,
        units: ids_of(db, listed_units(conference_id), u::Column::Id).await?,
        eixos: ids_of(
            db,
            e::Entity::find().filter(e::Column::ConferenceId.eq(conference_id)),
            e::Column::Id,
        )
        .await?,
    })
}

/// The ids (column `id`) of the rows `q` selects.
async fn ids_of<E: EntityTrait>(
    db: &Db,
    q: sea_orm::Select<E>,
    id: E::Column,
) -> store::Result<Vec<Uuid>> {
    use sea_orm::QuerySelect;
    Ok(q.select_only()
        .column(id)
        .into_tuple()
        .all(&db.conn)
        .await?)
}
