//! Columns to fields, and checking each row against the conference's places and registrations.

use super::*;

/// Which field each column holds (`None`: ignored).
pub type Mapping = Vec<Option<Field>>;

/// The fields recognized from the headers; a field is given to its first column only.
pub fn recognize(headers: &[String]) -> Mapping {
    let mut seen = HashSet::new();
    headers
        .iter()
        .map(|h| Field::recognize(h).filter(|f| seen.insert(*f)))
        .collect()
}

pub(super) fn mapping_to_json(m: &Mapping) -> String {
    serde_json::to_string(
        &m.iter()
            .map(|f| f.map(|f| f.code()).unwrap_or(""))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|_| "[]".into())
}

pub(super) fn mapping_from_json(s: &str, columns: usize) -> Mapping {
    let codes: Vec<String> = serde_json::from_str(s).unwrap_or_default();
    let mut m: Mapping = codes.iter().map(|c| Field::from_code(c)).collect();
    m.resize(columns, None);
    m
}

/// What happened (or would happen) to one row.
#[derive(Clone)]
pub(super) enum Outcome {
    Ready { valid: Box<Valid>, key: String },
    Unchanged,
    Rejected(Vec<String>),
}

/// The conference's reference data a row is checked against.
pub(super) struct Context {
    conference_id: Uuid,
    territories: HashMap<String, Uuid>,
    units: HashMap<String, Uuid>,
    import_keys: HashSet<String>,
    cpfs: HashSet<String>,
    name_births: HashSet<(String, chrono::NaiveDate)>,
}

pub(super) async fn context(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Context> {
    let territories = crate::mobilization::shared::territories_of(conference_id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| (search_key(&t.name), t.id))
        .collect();
    let units = crate::mobilization::shared::listed_units(conference_id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (search_key(&u.name), u.id))
        .collect();
    let mut ctx = Context {
        conference_id,
        territories,
        units,
        import_keys: HashSet::new(),
        cpfs: HashSet::new(),
        name_births: HashSet::new(),
    };
    for r in registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
    {
        if let Some(k) = r.import_key {
            ctx.import_keys.insert(k);
        }
        if let Some(c) = r.cpf {
            ctx.cpfs.insert(c);
        }
        if let Some(b) = r.birth_date {
            ctx.name_births.insert((search_key(&r.name), b));
        }
    }
    Ok(ctx)
}

pub(super) fn cell<'a>(row: &'a [String], mapping: &Mapping, f: Field) -> &'a str {
    mapping
        .iter()
        .position(|m| *m == Some(f))
        .and_then(|i| row.get(i))
        .map(|s| s.trim())
        .unwrap_or("")
}

/// Checks every row; the identity of each person decides duplicates and the import key.
pub(super) fn evaluate(
    ctx: &Context,
    sheet: &Sheet,
    mapping: &Mapping,
    defaults: Defaults,
) -> Vec<Outcome> {
    let default_category = defaults.category;
    // Spreadsheets carry no preferred eixo.
    let places = crate::participants::registration::Places {
        territories: ctx.territories.values().copied().collect(),
        units: ctx.units.values().copied().collect(),
        eixos: Vec::new(),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    sheet
        .rows
        .iter()
        .map(|(line, row)| {
            let mut problems = Vec::new();
            let get = |f| cell(row, mapping, f);
            let mut i = RegistrationInput {
                name: get(Field::Name).into(),
                social_name: get(Field::SocialName).into(),
                represents: get(Field::Represents).into(),
                email: get(Field::Email).into(),
                phone: get(Field::Phone).into(),
                birth_date: get(Field::BirthDate).into(),
                consent: true,
                ..Default::default()
            };
            let cpf = get(Field::Cpf);
            let digits: String = cpf.chars().filter(char::is_ascii_digit).collect();
            i.cpf = if !digits.is_empty()
                && digits.len() < 11
                && cpf.chars().all(|c| c.is_ascii_digit())
            {
                // A CPF typed into a number cell loses its leading zeros.
                format!("{digits:0>11}")
            } else {
                cpf.into()
            };
            let category = get(Field::Category);
            match (rules::category(category), default_category) {
                (Some(c), _) => i.category = c.code().into(),
                (None, Some(d)) if category.is_empty() => i.category = d.code().into(),
                (None, _) if category.is_empty() => problems.push(
                    "Categoria em branco: preencha (Delegado, Convidado ou Observador) ou escolha uma categoria para as linhas sem categoria".to_owned(),
                ),
                (None, _) => problems.push(format!(
                    "Categoria não reconhecida: “{category}” (use Delegado, Convidado ou Observador)"
                )),
            }
            let segment = get(Field::Segment);
            if !segment.is_empty() {
                match rules::segment(segment) {
                    Some(s) => i.segment = s.code().into(),
                    None => problems.push(format!(
                        "Segmento não reconhecido: “{segment}” (use Governo, Usuários, Trabalhadores ou Entidades)"
                    )),
                }
            }
            let seat = get(Field::Seat);
            if !seat.is_empty() {
                match rules::seat(seat) {
                    Some(s) => i.seat = s.code().into(),
                    None => problems.push(format!(
                        "Titularidade não reconhecida: “{seat}” (use Titular ou Suplente)"
                    )),
                }
            }
            let origin = get(Field::Origin);
            if !origin.is_empty() {
                match rules::origin(origin) {
                    Some(o) => i.origin = o.code().into(),
                    None => problems.push(format!(
                        "Origem não reconhecida: “{origin}” (use Nato, Eleito(a) em pré-conferência ou Indicado(a))"
                    )),
                }
            } else if let Some(o) = defaults.origin
                && i.category == Category::Delegate.code()
            {
                i.origin = o.code().into();
            }
            for (f, names, what) in [
                (Field::Territory, &ctx.territories, "Território"),
                (Field::Unit, &ctx.units, "Unidade"),
            ] {
                let v = get(f);
                if v.is_empty() {
                    continue;
                }
                match names.get(&search_key(v)) {
                    Some(id) if f == Field::Territory => i.territory_id = id.to_string(),
                    Some(id) => i.unit_id = id.to_string(),
                    None => problems.push(format!(
                        "{what} não encontrado nesta conferência: “{v}” (confira a grafia ou cadastre-o antes)"
                    )),
                }
            }
            if let Some(b) = i.birth_date.split_whitespace().next() {
                i.birth_date = b.to_owned();
            }
            let valid = match validate(&i, Source::Import, &places) {
                Ok(v) => Some(v),
                Err(e) => {
                    // A cell already reported as unrecognized is not reported again as missing.
                    let category_known = !i.category.is_empty();
                    let segment_known = segment.is_empty() || !i.segment.is_empty();
                    problems.extend(
                        e.0.into_iter()
                            .filter(|fe| category_known || fe.field != "category")
                            .filter(|fe| segment_known || fe.field != "segment")
                            .map(|fe| fe.message),
                    );
                    None
                }
            };
            // Who the row is: CPF when there is one, else name and date of birth.
            let name_key = search_key(&i.name);
            let identity = match valid.as_ref().and_then(|v| v.cpf.as_ref()) {
                Some(c) => format!("cpf:{}", c.digits()),
                None => format!(
                    "nome:{name_key}|{}",
                    valid
                        .as_ref()
                        .and_then(|v| v.birth_date)
                        .map(|b| b.to_string())
                        .unwrap_or_default()
                ),
            };
            if !name_key.is_empty() {
                if let Some(first) = seen.get(&identity) {
                    problems.push(format!(
                        "Repetida: a mesma pessoa já está na linha {first} do arquivo"
                    ));
                } else {
                    seen.insert(identity.clone(), *line);
                }
            }
            let key = import_key(ctx.conference_id, &identity);
            if problems.is_empty() && ctx.import_keys.contains(&key) {
                return Outcome::Unchanged;
            }
            if let Some(v) = &valid {
                if let Some(c) = &v.cpf
                    && ctx.cpfs.contains(c.digits())
                {
                    problems.push("Este CPF já está inscrito nesta conferência".into());
                }
                if v.cpf.is_none()
                    && let Some(b) = v.birth_date
                    && ctx.name_births.contains(&(name_key, b))
                {
                    problems.push(
                        "Já existe inscrição com este nome e data de nascimento nesta conferência"
                            .into(),
                    );
                }
            }
            match valid {
                Some(v) if problems.is_empty() => Outcome::Ready {
                    valid: Box::new(v),
                    key,
                },
                _ => Outcome::Rejected(problems),
            }
        })
        .collect()
}

fn import_key(conference_id: Uuid, identity: &str) -> String {
    let mut h = Sha256::new();
    h.update(conference_id.as_bytes());
    h.update(identity.as_bytes());
    hex::encode(&h.finalize()[..16])
}
