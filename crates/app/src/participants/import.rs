//! Importing participants from the spreadsheets councils keep (natural delegates from the
//! council's membership, delegates elected in the territories, guest lists): CSV in UTF-8, UTF-16
//! or Windows-1252 with `;`, `,` or tab, and XLSX/ODS (read within caps by `crate::platform::workbook`; XLS
//! and XLSB are refused with a message). First a preview with each row's problems
//! in pt-BR; then the valid rows go in one transaction. Importing the same file again creates
//! nothing new: each row carries an `import_key` derived from the person (CPF, or name and date of
//! birth), unique per conference.
//!
//! The uploaded file waits in `import_upload` between preview and commit (any instance can serve
//! either step) and is deleted after 24 hours.

use crate::Fail;
use crate::participants::registration::{RegistrationInput, Source, Valid, insert, validate};
use crate::platform::auth::{Me, allow, conference_scope};
use chrono::{Duration, Utc};
use domain::FieldError;
use domain::import::{self as rules, Field};
use domain::policy::Action;
use domain::text::search_key;
use domain::values::{Category, Cpf, DelegateOrigin};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use store::Db;
use store::entities::{conference, import_upload, registration, territory, unit};
use uuid::Uuid;

/// Largest file accepted (bytes).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Most data rows accepted in one file.
pub const MAX_ROWS: usize = 10_000;
/// How long an upload waits for its commit.
const KEEP_HOURS: i64 = 24;
/// Rows shown as ready in the preview (all problems are always shown).
const READY_SHOWN: usize = 50;

/// A spreadsheet read into text cells: the header row and the data rows (blank rows dropped; each
/// keeps its line number in the file, counting the header as line 1).
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

fn unreadable(msg: impl Into<String>) -> FieldError {
    FieldError::new("file", msg)
}

const HOW_TO_SAVE: &str = "Salve a planilha como CSV (UTF-8) ou como XLSX e envie de novo";

/// Reads a file as a spreadsheet: XLSX or ODS by their signature (XLS refused), anything else as
/// CSV text.
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet, FieldError> {
    read_table(bytes, "pessoas")
}

/// [`read_sheet`] for a spreadsheet whose rows are `what` (plural, for the messages:
/// "pessoas", "deliberações").
pub fn read_table(bytes: &[u8], what: &str) -> Result<Sheet, FieldError> {
    if bytes.is_empty() {
        return Err(unreadable("O arquivo está vazio"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(unreadable(format!(
            "O arquivo tem {:.1} MB; o limite é {} MB. Divida a lista em arquivos menores",
            bytes.len() as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        )));
    }
    let cells = if crate::platform::workbook::is_workbook(bytes) {
        read_workbook(bytes, what)?
    } else {
        read_csv(&decode(bytes)?)?
    };
    let mut it = cells
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i + 1, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
    let Some((_, headers)) = it.next() else {
        return Err(unreadable("A planilha está vazia: não há nenhuma linha"));
    };
    let headers: Vec<String> = headers.into_iter().map(|h| h.trim().to_owned()).collect();
    let rows: Vec<(usize, Vec<String>)> = it.take(MAX_ROWS + 1).collect();
    if rows.len() > MAX_ROWS {
        return Err(unreadable(format!(
            "A planilha tem mais de {} linhas; o limite é {} {what} por arquivo. Divida a lista em arquivos menores",
            fmt_int(MAX_ROWS),
            fmt_int(MAX_ROWS)
        )));
    }
    if rows.is_empty() {
        return Err(unreadable(format!(
            "A planilha só tem a linha de títulos: não há {what} para importar"
        )));
    }
    Ok(Sheet { headers, rows })
}

fn fmt_int(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 (what Excel
/// writes on Windows in Brazil). Refuses what is not text or was already corrupted.
pub fn decode(bytes: &[u8]) -> Result<String, FieldError> {
    let broken = || {
        unreadable(format!(
            "Não foi possível ler o arquivo: a codificação do texto está corrompida ou ele não é uma planilha. {HOW_TO_SAVE}"
        ))
    };
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8(rest.to_vec()).map_err(|_| broken())?
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(broken());
        }
        text.into_owned()
    } else if bytes.contains(&0) {
        return Err(broken());
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                text.into_owned()
            }
        }
    };
    let bad = text
        .chars()
        .filter(|c| *c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\r' | '\n')))
        .count();
    if bad > 0 {
        return Err(broken());
    }
    Ok(text)
}

/// A text cell as read: trimmed, without the `'` our own CSVs put in front of a cell a
/// spreadsheet would take for a formula ([`domain::csv_text::restore`]), so that a file we wrote
/// (the territorial delegates, the rejected rows, the follow-up sheet) imports as it was.
fn read_cell(c: &str) -> String {
    domain::csv_text::restore(c.trim()).trim().to_owned()
}

fn read_csv(text: &str) -> Result<Vec<Vec<String>>, FieldError> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(rules::separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            unreadable(format!(
                "O CSV está mal formado perto da linha {line} (aspas sem fechar?). {HOW_TO_SAVE}"
            ))
        })?;
        out.push(rec.iter().map(read_cell).collect());
        if out.len() > MAX_ROWS + 10 {
            // Enough to know the file is over the limit; stop reading.
            out.push(vec!["…".into()]);
            break;
        }
    }
    Ok(out)
}

/// An XLSX or ODS read within the row, column and size caps ([`crate::platform::workbook`]: nothing is
/// built past them, so a small file cannot claim huge memory); XLS and XLSB are refused.
fn read_workbook(bytes: &[u8], what: &str) -> Result<Vec<Vec<String>>, FieldError> {
    use calamine::Data;
    let caps = crate::platform::workbook::Caps {
        rows: MAX_ROWS,
        what,
    };
    let rows = crate::platform::workbook::first_sheet(bytes, caps)?;
    Ok(rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty | Data::Error(_) => String::new(),
                    Data::String(s) => read_cell(s),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => if *b { "sim" } else { "não" }.to_owned(),
                    Data::DateTime(d) => excel_date(d.as_f64()),
                    Data::DateTimeIso(s) => s.chars().take(10).collect(),
                    Data::DurationIso(s) => s.clone(),
                })
                .collect()
        })
        .collect())
}

/// A date from its spreadsheet serial number (days since 1899-12-30, the 1900 date system);
/// empty when there is no such date. `Duration::days` panics past about 2.5 × 10¹⁴ days, which a
/// date-styled cell can hold (found by fuzzing, crates/fuzz): `try_days`.
fn excel_date(serial: f64) -> String {
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .zip(Duration::try_days(serial.floor() as i64))
        .and_then(|(d, days)| d.checked_add_signed(days))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

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

fn mapping_to_json(m: &Mapping) -> String {
    serde_json::to_string(
        &m.iter()
            .map(|f| f.map(|f| f.code()).unwrap_or(""))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|_| "[]".into())
}

fn mapping_from_json(s: &str, columns: usize) -> Mapping {
    let codes: Vec<String> = serde_json::from_str(s).unwrap_or_default();
    let mut m: Mapping = codes.iter().map(|c| Field::from_code(c)).collect();
    m.resize(columns, None);
    m
}

/// What happened (or would happen) to one row.
#[derive(Clone)]
enum Outcome {
    Ready { valid: Box<Valid>, key: String },
    Unchanged,
    Rejected(Vec<String>),
}

/// The conference's reference data a row is checked against.
struct Context {
    conference_id: Uuid,
    territories: HashMap<String, Uuid>,
    units: HashMap<String, Uuid>,
    import_keys: HashSet<String>,
    cpfs: HashSet<String>,
    name_births: HashSet<(String, chrono::NaiveDate)>,
}

async fn context(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<Context> {
    let territories = territory::Entity::find()
        .filter(territory::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (search_key(&t.name), t.id))
        .collect();
    let units = unit::Entity::find()
        .filter(unit::Column::ConferenceId.eq(conference_id))
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

fn cell<'a>(row: &'a [String], mapping: &Mapping, f: Field) -> &'a str {
    mapping
        .iter()
        .position(|m| *m == Some(f))
        .and_then(|i| row.get(i))
        .map(|s| s.trim())
        .unwrap_or("")
}

/// Checks every row; the identity of each person decides duplicates and the import key.
fn evaluate(ctx: &Context, sheet: &Sheet, mapping: &Mapping, defaults: Defaults) -> Vec<Outcome> {
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

/// One column in the preview, with the field it is read as.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub index: usize,
    pub header: String,
    /// Field code, or empty when the column is ignored.
    pub field: String,
    /// The first non-empty value, to help the person map it (never a CPF: shown masked).
    pub sample: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowReport {
    pub line: usize,
    pub name: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadyRow {
    pub line: usize,
    pub name: String,
    pub category: String,
    pub segment: String,
}

/// The preview of an upload.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub slug: String,
    pub title: String,
    pub upload_id: String,
    pub file_name: String,
    pub columns: Vec<ColumnView>,
    /// The fields a column can be read as: (code, label).
    pub fields: Vec<(String, String)>,
    pub default_category: String,
    pub categories: Vec<(String, String)>,
    pub default_origin: String,
    pub origins: Vec<(String, String)>,
    pub total: usize,
    pub ready: usize,
    pub unchanged: usize,
    pub rejected: Vec<RowReport>,
    pub ready_rows: Vec<ReadyRow>,
    /// A required field no column holds (the name).
    pub missing: Vec<String>,
    pub imported: bool,
}

/// Counts of an import.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub imported: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

async fn delete_expired(db: &impl ConnectionTrait) -> store::Result<()> {
    import_upload::Entity::delete_many()
        .filter(import_upload::Column::CreatedAt.lt(Utc::now() - Duration::hours(KEEP_HOURS)))
        .exec(db)
        .await?;
    Ok(())
}

/// What applies to rows that leave a column empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Defaults {
    pub category: Option<Category>,
    /// For delegates only: natural delegates from a list of council members, say.
    pub origin: Option<DelegateOrigin>,
}

/// The defaults as typed in the form (codes; empty = none).
#[derive(Debug, Clone, Default)]
pub struct DefaultsInput {
    pub category: String,
    pub origin: String,
}

impl DefaultsInput {
    pub fn category(c: &str) -> Self {
        Self {
            category: c.into(),
            origin: String::new(),
        }
    }

    fn parse(&self, inv: &mut domain::Invalid) -> Option<Defaults> {
        let category = inv.take(parse_default_category(&self.category));
        let origin = if self.origin.trim().is_empty() {
            Some(None)
        } else {
            inv.take(
                DelegateOrigin::parse(&self.origin)
                    .map(Some)
                    .map_err(|_| FieldError::new("default_origin", "Escolha a origem da lista")),
            )
        };
        Some(Defaults {
            category: category?,
            origin: origin?,
        })
    }
}

fn parse_default_category(s: &str) -> Result<Option<Category>, FieldError> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        Category::parse(s)
            .map(Some)
            .map_err(|_| FieldError::new("default_category", "Escolha a categoria da lista"))
    }
}

/// The conference (slug, title) whose import page `me` may open.
pub async fn page_context(db: &Db, me: Option<&Me>, slug: &str) -> Result<(String, String), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ImportParticipants(scope))?;
    Ok((c.slug, c.title))
}

/// Receives a file for preview. Checks it can be read, then keeps it for 24 hours.
pub async fn upload(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    file_name: &str,
    bytes: &[u8],
    defaults: &DefaultsInput,
    consent: bool,
) -> Result<Uuid, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ImportParticipants(scope))?;
    let mut inv = domain::Invalid::default();
    let sheet = inv.take(read_sheet(bytes));
    let defaults = defaults.parse(&mut inv);
    if !consent {
        inv.push(FieldError::new(
            "consent",
            "Confirme que as pessoas da lista foram informadas do aviso de privacidade e concordaram com a inscrição",
        ));
    }
    inv.into_result()?;
    let (Some(sheet), Some(defaults)) = (sheet, defaults) else {
        unreachable!("errors returned above")
    };
    let id = Uuid::new_v4();
    let tx = db.write().await?;
    delete_expired(&tx).await?;
    import_upload::Entity::insert(import_upload::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        created_by: Set(me.map(|m| m.account.id)),
        file_name: Set(clean_file_name(file_name)),
        bytes: Set(bytes.to_vec()),
        mapping: Set(mapping_to_json(&recognize(&sheet.headers))),
        default_category: Set(defaults.category.map(|c| c.code().to_owned())),
        default_origin: Set(defaults.origin.map(|c| c.code().to_owned())),
        created_at: Set(Utc::now()),
        imported_at: Set(None),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    tracing::info!(upload = %id, rows = sheet.rows.len(), "import upload received");
    Ok(id)
}

fn clean_file_name(s: &str) -> String {
    let base = s.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.trim().is_empty() {
        "planilha".into()
    } else {
        cleaned
    }
}

async fn load(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
) -> Result<(conference::Model, import_upload::Model), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ImportParticipants(scope))?;
    let id = Uuid::parse_str(id).map_err(|_| Fail::NotFound)?;
    let u = import_upload::Entity::find_by_id(id)
        .filter(import_upload::Column::ConferenceId.eq(c.id))
        .filter(import_upload::Column::CreatedAt.gt(Utc::now() - Duration::hours(KEEP_HOURS)))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    Ok((c, u))
}

fn sheet_of(u: &import_upload::Model) -> Result<(Sheet, Mapping, Defaults), Fail> {
    let sheet = read_sheet(&u.bytes)?;
    let mapping = mapping_from_json(&u.mapping, sheet.headers.len());
    let defaults = Defaults {
        category: u
            .default_category
            .as_deref()
            .and_then(|c| Category::parse(c).ok()),
        origin: u
            .default_origin
            .as_deref()
            .and_then(|c| DelegateOrigin::parse(c).ok()),
    };
    Ok((sheet, mapping, defaults))
}

fn masked_sample(field: Option<Field>, v: &str) -> String {
    match field {
        Some(Field::Cpf) => match Cpf::parse(v) {
            Ok(c) => c.masked(),
            Err(_) => "•••".into(),
        },
        _ => v.chars().take(40).collect(),
    }
}

/// The preview: columns with their fields, counts, every rejected row with its reasons.
pub async fn preview(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<Preview, Fail> {
    let (c, u) = load(db, me, slug, id).await?;
    let (sheet, mapping, default) = sheet_of(&u)?;
    let ctx = context(&db.conn, c.id).await?;
    let outcomes = evaluate(&ctx, &sheet, &mapping, default);
    let mut p = Preview {
        slug: c.slug.clone(),
        title: c.title.clone(),
        upload_id: u.id.to_string(),
        file_name: u.file_name.clone(),
        columns: sheet
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| ColumnView {
                index: i,
                header: if h.is_empty() {
                    format!("(coluna {})", i + 1)
                } else {
                    h.clone()
                },
                field: mapping[i].map(|f| f.code().to_owned()).unwrap_or_default(),
                sample: sheet
                    .rows
                    .iter()
                    .filter_map(|(_, r)| r.get(i))
                    .find(|v| !v.is_empty())
                    .map(|v| masked_sample(mapping[i], v))
                    .unwrap_or_default(),
            })
            .collect(),
        fields: Field::ALL
            .iter()
            .map(|f| (f.code().to_owned(), f.label().to_owned()))
            .collect(),
        default_category: default
            .category
            .map(|c| c.code().to_owned())
            .unwrap_or_default(),
        default_origin: default
            .origin
            .map(|c| c.code().to_owned())
            .unwrap_or_default(),
        origins: std::iter::once((String::new(), "Nenhuma".to_owned()))
            .chain(
                DelegateOrigin::ALL
                    .iter()
                    .map(|c| (c.code().to_owned(), c.label().to_owned())),
            )
            .collect(),
        categories: std::iter::once((
            String::new(),
            "Nenhuma: linhas sem categoria são rejeitadas".to_owned(),
        ))
        .chain(
            Category::ALL
                .iter()
                .map(|c| (c.code().to_owned(), c.label().to_owned())),
        )
        .collect(),
        total: sheet.rows.len(),
        ready: 0,
        unchanged: 0,
        rejected: Vec::new(),
        ready_rows: Vec::new(),
        missing: Vec::new(),
        imported: u.imported_at.is_some(),
    };
    if !mapping.contains(&Some(Field::Name)) {
        p.missing.push(
            "Nenhuma coluna está marcada como “Nome completo”: escolha abaixo qual coluna tem o nome"
                .into(),
        );
    }
    for ((line, row), o) in sheet.rows.iter().zip(outcomes) {
        match o {
            Outcome::Ready { valid, .. } => {
                p.ready += 1;
                if p.ready_rows.len() < READY_SHOWN {
                    p.ready_rows.push(ReadyRow {
                        line: *line,
                        name: valid.social_name.clone().unwrap_or(valid.name.clone()),
                        category: valid.category.label().into(),
                        segment: valid.segment.map(|s| s.label().into()).unwrap_or_default(),
                    });
                }
            }
            Outcome::Unchanged => p.unchanged += 1,
            Outcome::Rejected(problems) => p.rejected.push(RowReport {
                line: *line,
                name: cell(row, &mapping, Field::Name).chars().take(80).collect(),
                problems,
            }),
        }
    }
    Ok(p)
}

/// Changes which field each column is read as (form keys `col_{index}` → field code) and the
/// category for rows without one.
pub async fn set_mapping(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    pairs: &[(String, String)],
) -> Result<(), Fail> {
    let (_, u) = load(db, me, slug, id).await?;
    let sheet = read_sheet(&u.bytes)?;
    let mut mapping: Mapping = vec![None; sheet.headers.len()];
    let mut inv = domain::Invalid::default();
    let mut default_category = u.default_category.clone();
    let mut default_origin = u.default_origin.clone();
    let mut used: HashMap<Field, usize> = HashMap::new();
    for (k, v) in pairs {
        if k == "default_origin" {
            default_origin =
                if v.trim().is_empty() {
                    None
                } else {
                    inv.take(DelegateOrigin::parse(v).map_err(|_| {
                        FieldError::new("default_origin", "Escolha a origem da lista")
                    }))
                    .map(|o| o.code().to_owned())
                };
            continue;
        }
        if k == "default_category" {
            default_category = inv
                .take(parse_default_category(v))
                .flatten()
                .map(|c| c.code().to_owned());
            continue;
        }
        let Some(i) = k.strip_prefix("col_").and_then(|i| i.parse::<usize>().ok()) else {
            continue;
        };
        if i >= mapping.len() || v.is_empty() {
            continue;
        }
        match Field::from_code(v) {
            Some(f) => {
                if let Some(prev) = used.insert(f, i) {
                    inv.push(FieldError::new(
                        format!("col_{i}"),
                        format!(
                            "“{}” foi escolhido para duas colunas ({} e {}): escolha uma só",
                            f.label(),
                            prev + 1,
                            i + 1
                        ),
                    ));
                }
                mapping[i] = Some(f);
            }
            None => inv.push(FieldError::new(
                format!("col_{i}"),
                "Escolha o campo da lista",
            )),
        }
    }
    inv.into_result()?;
    let tx = db.write().await?;
    let mut am = u.into_active_model();
    am.mapping = Set(mapping_to_json(&mapping));
    am.default_category = Set(default_category);
    am.default_origin = Set(default_origin);
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

async fn commit_sheet(
    db: &Db,
    me: Option<&Me>,
    c: &conference::Model,
    sheet: &Sheet,
    mapping: &Mapping,
    default: Defaults,
    upload: Option<import_upload::Model>,
) -> Result<(Counts, Vec<(usize, Vec<String>)>), Fail> {
    if !mapping.contains(&Some(Field::Name)) {
        return Err(domain::Invalid::one(
            "form",
            "Nenhuma coluna está marcada como “Nome completo”: escolha qual coluna tem o nome antes de importar",
        )
        .into());
    }
    let tx = db.write().await?;
    // Checked again inside the write transaction: what the preview showed may have changed.
    let ctx = context(&tx, c.id).await?;
    let outcomes = evaluate(&ctx, sheet, mapping, default);
    let mut counts = Counts {
        imported: 0,
        unchanged: 0,
        rejected: 0,
    };
    let mut rejected = Vec::new();
    for ((line, _), o) in sheet.rows.iter().zip(outcomes) {
        match o {
            Outcome::Ready { valid, key } => {
                match insert(
                    &tx,
                    c.id,
                    &valid,
                    Source::Import,
                    me.map(|m| m.account.id),
                    Some(key),
                )
                .await
                {
                    Ok(_) => counts.imported += 1,
                    Err(e) if e.is_conflict_on("cpf") || e.is_conflict_on("import_key") => {
                        // Someone registered the same person meanwhile: nothing is half-written.
                        return Err(domain::Invalid::one(
                            "form",
                            "Outra inscrição da mesma pessoa entrou enquanto a importação rodava. Nada foi importado: confira a prévia e importe de novo",
                        )
                        .into());
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Outcome::Unchanged => counts.unchanged += 1,
            Outcome::Rejected(p) => {
                counts.rejected += 1;
                rejected.push((*line, p));
            }
        }
    }
    if let Some(u) = upload {
        let mut am = u.into_active_model();
        am.imported_at = Set(Some(Utc::now()));
        am.update(&tx).await?;
    }
    tx.commit().await?;
    tracing::info!(
        conference = %c.id,
        imported = counts.imported,
        unchanged = counts.unchanged,
        rejected = counts.rejected,
        "participants imported"
    );
    Ok((counts, rejected))
}

/// Imports the valid rows of an upload in one transaction.
pub async fn commit(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<Counts, Fail> {
    let (c, u) = load(db, me, slug, id).await?;
    let (sheet, mapping, default) = sheet_of(&u)?;
    Ok(commit_sheet(db, me, &c, &sheet, &mapping, default, Some(u))
        .await?
        .0)
}

/// The rejected rows as CSV (UTF-8 with BOM, `;`, for Excel in pt-BR): the original columns, the
/// line number and the reasons.
pub async fn rejected_csv(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
) -> Result<(String, Vec<u8>), Fail> {
    let (c, u) = load(db, me, slug, id).await?;
    let (sheet, mapping, default) = sheet_of(&u)?;
    let ctx = context(&db.conn, c.id).await?;
    let outcomes = evaluate(&ctx, &sheet, &mapping, default);
    let rejected: Vec<(usize, Vec<String>)> = sheet
        .rows
        .iter()
        .zip(outcomes)
        .filter_map(|((line, _), o)| match o {
            Outcome::Rejected(p) => Some((*line, p)),
            _ => None,
        })
        .collect();
    let stem = u
        .file_name
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(&u.file_name)
        .to_owned();
    Ok((
        format!("{stem}-rejeitadas.csv"),
        rejected_to_csv(&sheet, &rejected),
    ))
}

/// The rejected rows as CSV ([`domain::csv_text`]: a cell a spreadsheet would take for a
/// formula gets a `'` in front, which [`read_table`] drops when the fixed file comes back).
fn rejected_to_csv(sheet: &Sheet, rejected: &[(usize, Vec<String>)]) -> Vec<u8> {
    let mut w = domain::csv_text::Writer::new();
    let mut head = vec!["Linha".to_owned()];
    head.extend(sheet.headers.iter().cloned());
    head.push("Motivos".into());
    w.row(&head);
    let by_line: HashMap<usize, &Vec<String>> = sheet.rows.iter().map(|(l, r)| (*l, r)).collect();
    for (line, problems) in rejected {
        let mut rec = vec![line.to_string()];
        let row = by_line.get(line).map(|r| r.as_slice()).unwrap_or(&[]);
        for i in 0..sheet.headers.len() {
            rec.push(row.get(i).cloned().unwrap_or_default());
        }
        rec.push(problems.join("; "));
        w.row(&rec);
    }
    w.finish()
}

/// The result of a command-line import.
#[derive(Debug, Clone)]
pub struct CliReport {
    pub counts: Counts,
    /// (line, reasons) of every rejected row.
    pub rejected: Vec<(usize, Vec<String>)>,
}

/// Imports a file from the command line (`conferencia import participants`): whoever runs it has
/// the database itself, so there is no actor to check. Headers must be recognizable (the UI is
/// where unusual columns get mapped); rows without a category or origin take `defaults`.
pub async fn import_file(
    db: &Db,
    slug: &str,
    bytes: &[u8],
    defaults: &DefaultsInput,
) -> Result<CliReport, Fail> {
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let mut inv = domain::Invalid::default();
    let sheet = inv.take(read_sheet(bytes));
    let default = defaults.parse(&mut inv);
    inv.into_result()?;
    let (Some(sheet), Some(default)) = (sheet, default) else {
        unreachable!("errors returned above")
    };
    let mapping = recognize(&sheet.headers);
    let (counts, rejected) = commit_sheet(db, None, &c, &sheet, &mapping, default, None).await?;
    Ok(CliReport { counts, rejected })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing (crates/fuzz, target `xlsx`): a date-styled cell holding 1e20 made
    /// `Duration::days` panic while the sheet was turned into text.
    #[test]
    fn serial_dates_out_of_range_are_empty_not_a_panic() {
        assert_eq!(excel_date(45_000.75), "2023-03-15");
        assert_eq!(excel_date(1.0), "1899-12-31");
        for serial in [1e20, -1e20, 1e300, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(excel_date(serial), "", "{serial}");
        }
        let _ = excel_date(f64::NAN);
    }

    #[test]
    fn rejected_rows_are_formula_safe_and_read_back() {
        // Issue 19: what a council typed goes back to it as text, and the fixed file imports
        // with the cells as they were.
        let sheet = Sheet {
            headers: vec!["Nome".into(), "Telefone".into()],
            rows: vec![(2, vec!["=1+1".into(), "+55 37 3333-0000".into()])],
        };
        let csv = rejected_to_csv(&sheet, &[(2, vec!["Falta a categoria".into()])]);
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "Linha;Nome;Telefone;Motivos\r\n2;'=1+1;'+55 37 3333-0000;Falta a categoria\r\n"
        );
        let back = read_sheet(&csv).unwrap();
        assert_eq!(back.rows[0].1[1..3], ["=1+1", "+55 37 3333-0000"]);
    }

    #[test]
    fn decodes_the_encodings_councils_send() {
        let utf8 = "Nome;Segmento\nJoão;Usuário\n";
        assert_eq!(decode(utf8.as_bytes()).unwrap(), utf8);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(utf8.as_bytes());
        assert_eq!(decode(&bom).unwrap(), utf8);
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(utf8);
        assert_ne!(&cp1252[..], utf8.as_bytes());
        assert_eq!(decode(&cp1252).unwrap(), utf8);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in utf8.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap(), utf8);
        // UTF-16 without its BOM, binary data and already-mangled text are refused.
        assert!(decode(&utf16[2..]).is_err());
        assert!(decode(&[0x00, 0x01, 0x02, 0xff]).is_err());
        assert!(decode("Jo\u{FFFD}o;Usuário".as_bytes()).is_err());
    }

    #[test]
    fn limits_are_messages() {
        let mut big = String::from("Nome\n");
        for i in 0..(MAX_ROWS + 5) {
            big.push_str(&format!("Pessoa {i}\n"));
        }
        let e = read_sheet(big.as_bytes()).unwrap_err();
        assert!(e.message.contains("10.000"), "{}", e.message);
        assert!(
            read_sheet(&vec![b'a'; MAX_BYTES + 1])
                .unwrap_err()
                .message
                .contains("limite")
        );
        assert!(read_sheet(b"").unwrap_err().message.contains("vazio"));
        assert!(
            read_sheet(b"Nome;CPF\n")
                .unwrap_err()
                .message
                .contains("títulos")
        );
        assert_eq!(fmt_int(10_000), "10.000");
        assert_eq!(fmt_int(999), "999");
    }

    #[test]
    fn recognition_gives_a_field_to_one_column() {
        let h: Vec<String> = ["Nome", "Celular", "Telefone", "Obs"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            recognize(&h),
            vec![Some(Field::Name), Some(Field::Phone), None, None]
        );
        let m = recognize(&h);
        assert_eq!(mapping_from_json(&mapping_to_json(&m), 4), m);
        assert_eq!(clean_file_name("C:\\Users\\x\\lista.csv"), "lista.csv");
        assert_eq!(clean_file_name(""), "planilha");
    }
}
