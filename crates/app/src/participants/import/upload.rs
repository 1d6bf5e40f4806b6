//! The staff's import: upload, preview, column mapping, commit and the rejected rows.

use super::*;

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

    pub(super) fn parse(&self, inv: &mut domain::Invalid) -> Option<Defaults> {
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
    let c = authorize(db, me, slug, Action::ImportParticipants).await?;
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
    let c = authorize(db, me, slug, Action::ImportParticipants).await?;
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

pub(super) fn clean_file_name(s: &str) -> String {
    let base = s.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.trim().is_empty() {
        "planilha".into()
    } else {
        cleaned
    }
}

pub(super) async fn load(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
) -> Result<(conference::Model, import_upload::Model), Fail> {
    let c = authorize(db, me, slug, Action::ImportParticipants).await?;
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

pub(super) async fn commit_sheet(
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
pub(super) fn rejected_to_csv(sheet: &Sheet, rejected: &[(usize, Vec<String>)]) -> Vec<u8> {
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
