//! Paper questionnaire forms: the printable forms, each with its number
//! ("Formulário nº 0001") and, optionally, the unit it is for; and the optional second typing of
//! a typed form ("Conferência da digitação", ADR 0023), stored apart from the first typing and
//! compared with it answer by answer. A form whose two typings differ waits on a page where
//! staff keep the first typing or adopt the second (which then replaces the stored answers, in
//! one transaction). Everything here is for staff who may type paper forms (`TypePaperForms`).

use crate::Fail;
use crate::mobilization::questionnaires::{self as qs, Form, form_of, questions_of, to_question};
use crate::platform::auth::{Me, authorize};
use crate::platform::pdf::{BLACK, Doc, GREY, Page, fit, wrap};
use chrono::Utc;
use domain::policy::Action;
use domain::questionnaire::{self as qn, Answer, Question, QuestionKind};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};
use store::Db;
use store::entities::{
    account, question, questionnaire, questionnaire_answer, questionnaire_response,
    questionnaire_retype, unit,
};
use uuid::Uuid;

/// At most this many forms in one file.
pub const MAX_FORMS: i32 = 500;
/// The highest first number (keeps "nº" readable and the arithmetic far from overflow).
pub const MAX_START: i32 = 999_999;

fn not_draft(q: &questionnaire::Model) -> Result<(), Fail> {
    if q.status == questionnaire::QuestionnaireStatus::Draft {
        return Err(Invalid::one(
            "form",
            "O questionário ainda está em preparação: abra-o antes de imprimir ou digitar formulários em papel",
        )
        .into());
    }
    Ok(())
}

/// A form's number as printed: at least four digits.
pub fn printed_number(n: i32) -> String {
    format!("{n:04}")
}

// ---------------------------------------------------------------------------------------------
// Printable forms

/// One drawing operation of a page's body, in mm from the page's top-left corner.
enum Op {
    Text {
        s: String,
        size: f32,
        x: f32,
        y: f32,
        bold: bool,
        grey: bool,
    },
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Line {
        x: f32,
        y: f32,
        w: f32,
    },
}

const LEFT: f32 = 15.0;
const WIDTH: f32 = 180.0;
const TOP: f32 = 36.0;
const BOTTOM: f32 = 280.0;
const BOX: f32 = 3.6;

/// A row of a question: its height and its operations, `y` relative to the row's top.
struct Row {
    h: f32,
    ops: Vec<Op>,
}

fn text_rows(s: &str, size: f32, bold: bool, grey: bool, x: f32, width: f32) -> Vec<Row> {
    let lh = size * 0.3528 * 1.35;
    wrap(s, size, bold, width)
        .into_iter()
        .map(|line| Row {
            h: lh,
            ops: vec![Op::Text {
                s: line,
                size,
                x,
                y: lh * 0.8,
                bold,
                grey,
            }],
        })
        .collect()
}

/// The rows of one question as printed: its number and text, a hint, then boxes to tick or
/// lines to write on.
fn question_rows(number: usize, q: &Question) -> Vec<Row> {
    let mut rows = text_rows(
        &format!("{number}. {}", q.text),
        10.0,
        true,
        false,
        LEFT,
        WIDTH,
    );
    let hint = match q.kind {
        QuestionKind::Single => "Marque só uma opção.",
        QuestionKind::Multiple => "Marque quantas opções quiser.",
        QuestionKind::Scale => "Marque só um número.",
        QuestionKind::ShortText | QuestionKind::LongText => "Escreva com letra legível.",
    };
    let hint = if q.required {
        format!("{hint} Resposta obrigatória.")
    } else {
        hint.to_owned()
    };
    rows.extend(text_rows(&hint, 8.0, false, true, LEFT, WIDTH));
    match q.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            for o in &q.options {
                let lines = wrap(o, 9.5, false, WIDTH - 12.0);
                let lh = 4.6;
                let h = (lines.len() as f32 * lh).max(BOX) + 1.8;
                let mut ops = vec![Op::Frame {
                    x: LEFT + 3.0,
                    y: 0.8,
                    w: BOX,
                    h: BOX,
                }];
                for (i, l) in lines.into_iter().enumerate() {
                    ops.push(Op::Text {
                        s: l,
                        size: 9.5,
                        x: LEFT + 9.0,
                        y: 3.9 + i as f32 * lh,
                        bold: false,
                        grey: false,
                    });
                }
                rows.push(Row { h, ops });
            }
        }
        QuestionKind::Scale => {
            let (a, b) = q.scale.unwrap_or((1, 5));
            let mut ops = Vec::new();
            let step = (WIDTH - 40.0) / ((b - a + 1).max(1) as f32);
            let step = step.min(16.0);
            for (i, n) in (a..=b).enumerate() {
                let x = LEFT + 3.0 + i as f32 * step;
                ops.push(Op::Frame {
                    x,
                    y: 0.8,
                    w: BOX,
                    h: BOX,
                });
                ops.push(Op::Text {
                    s: n.to_string(),
                    size: 9.5,
                    x: x + BOX + 1.5,
                    y: 3.9,
                    bold: false,
                    grey: false,
                });
            }
            ops.push(Op::Text {
                s: format!("({a} = pior, {b} = melhor)"),
                size: 8.0,
                x: LEFT + 3.0,
                y: 9.0,
                bold: false,
                grey: true,
            });
            rows.push(Row { h: 11.0, ops });
        }
        QuestionKind::ShortText => rows.push(Row {
            h: 9.0,
            ops: vec![Op::Line {
                x: LEFT,
                y: 7.5,
                w: WIDTH,
            }],
        }),
        QuestionKind::LongText => {
            for _ in 0..4 {
                rows.push(Row {
                    h: 8.0,
                    ops: vec![Op::Line {
                        x: LEFT,
                        y: 7.0,
                        w: WIDTH,
                    }],
                });
            }
        }
    }
    rows.push(Row {
        h: 3.5,
        ops: Vec::new(),
    });
    rows
}

/// Lays the body of one form out on pages (the same for every number): a question starts on a
/// new page when it does not fit and would fit on one; a heading stays with what follows it.
fn plan(f: &Form, domain_qs: &[Question]) -> Vec<Vec<Op>> {
    let mut pages: Vec<Vec<Op>> = vec![Vec::new()];
    let mut y = TOP;
    let place = |pages: &mut Vec<Vec<Op>>, y: &mut f32, row: Row| {
        if *y + row.h > BOTTOM && *y > TOP {
            pages.push(Vec::new());
            *y = TOP;
        }
        let page = pages.last_mut().expect("one page at least");
        for op in row.ops {
            page.push(match op {
                Op::Text {
                    s,
                    size,
                    x,
                    y: oy,
                    bold,
                    grey,
                } => Op::Text {
                    s,
                    size,
                    x,
                    y: *y + oy,
                    bold,
                    grey,
                },
                Op::Frame { x, y: oy, w, h } => Op::Frame {
                    x,
                    y: *y + oy,
                    w,
                    h,
                },
                Op::Line { x, y: oy, w } => Op::Line { x, y: *y + oy, w },
            });
        }
        *y += row.h;
    };
    let mut intro = Vec::new();
    if let Some(i) = f.intro.as_deref().filter(|i| !i.trim().is_empty()) {
        intro.extend(text_rows(i, 9.5, false, false, LEFT, WIDTH));
    }
    intro.extend(text_rows(
        "Marque com um X o quadrinho de cada resposta escolhida. Não escreva seu nome nem o seu CPF.",
        8.5,
        false,
        true,
        LEFT,
        WIDTH,
    ));
    intro.push(Row {
        h: 3.0,
        ops: Vec::new(),
    });
    for r in intro {
        place(&mut pages, &mut y, r);
    }
    for g in &f.groups {
        let mut heading = Vec::new();
        if f.grouped {
            heading = text_rows(&g.title, 11.5, true, false, LEFT, WIDTH);
            heading.push(Row {
                h: 1.5,
                ops: vec![Op::Line {
                    x: LEFT,
                    y: 0.5,
                    w: WIDTH,
                }],
            });
            heading.push(Row {
                h: 2.0,
                ops: Vec::new(),
            });
        }
        for (k, v) in g.questions.iter().enumerate() {
            let rows = question_rows(v.number, &domain_qs[v.index]);
            let head_h: f32 = if k == 0 {
                heading.iter().map(|r| r.h).sum()
            } else {
                0.0
            };
            let total: f32 = head_h + rows.iter().map(|r| r.h).sum::<f32>();
            // A new page when the whole question would fit on one but not here, or when not
            // even its start (the heading, its text and first choice) fits here.
            let fits_a_page = total <= BOTTOM - TOP;
            let start_h = head_h + rows.iter().take(3).map(|r| r.h).sum::<f32>();
            let break_whole = fits_a_page && y + total > BOTTOM;
            if y > TOP && (break_whole || y + start_h > BOTTOM) {
                pages.push(Vec::new());
                y = TOP;
            }
            if k == 0 {
                for r in std::mem::take(&mut heading) {
                    place(&mut pages, &mut y, r);
                }
            }
            for r in rows {
                place(&mut pages, &mut y, r);
            }
        }
    }
    pages
}

#[allow(clippy::too_many_arguments)]
fn draw_page(
    p: &Page,
    body: &[Op],
    conference_title: &str,
    title: &str,
    number: &str,
    unit: Option<&str>,
    sheet: usize,
    sheets: usize,
) {
    p.text(
        &fit(conference_title, 8.5, false, 118.0),
        8.5,
        LEFT,
        13.0,
        false,
        GREY,
    );
    p.text(
        &fit(title, 13.0, true, 118.0),
        13.0,
        LEFT,
        20.5,
        true,
        BLACK,
    );
    p.frame(136.0, 8.0, 59.0, 13.0, BLACK, 0.8);
    p.text(
        &format!("Formulário nº {number}"),
        12.0,
        139.0,
        16.5,
        true,
        BLACK,
    );
    match unit {
        Some(u) => p.text(
            &fit(&format!("Unidade: {u}"), 9.5, false, WIDTH),
            9.5,
            LEFT,
            29.0,
            false,
            BLACK,
        ),
        None => {
            p.text("Unidade de referência:", 9.5, LEFT, 29.0, false, BLACK);
            p.hline(LEFT + 40.0, 29.5, 90.0, BLACK, 0.4);
        }
    }
    p.hline(LEFT, 31.5, WIDTH, BLACK, 0.8);
    for op in body {
        match op {
            Op::Text {
                s,
                size,
                x,
                y,
                bold,
                grey,
            } => p.text(s, *size, *x, *y, *bold, if *grey { GREY } else { BLACK }),
            Op::Frame { x, y, w, h } => p.frame(*x, *y, *w, *h, BLACK, 0.6),
            Op::Line { x, y, w } => p.hline(*x, *y, *w, GREY, 0.4),
        }
    }
    p.text(
        &format!("Formulário nº {number} · folha {sheet} de {sheets}"),
        8.0,
        LEFT,
        290.0,
        false,
        GREY,
    );
}

/// Which forms to print, as typed in the small form (strings as the query carried them).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PrintInput {
    pub start: String,
    pub quantity: String,
    pub unit: String,
}

/// The printed forms: the PDF, its file name and how many pages it has.
#[derive(Debug)]
pub struct PaperForms {
    pub pdf: Vec<u8>,
    pub filename: String,
    pub pages: usize,
}

/// Prints `quantity` forms numbered from `start` (one form per page, more when long), each page
/// headed with the form's number and, when given, the unit. Every bad value at once, in pt-BR:
/// quantity 1 to 500, start from 1, a unit of this conference.
pub async fn forms_pdf(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &PrintInput,
) -> Result<PaperForms, Fail> {
    let c = authorize(db, me, slug, Action::TypePaperForms).await?;
    let q = qs::load(&db.conn, &c, id).await?;
    let mut errs = Invalid::default();
    let start = match i.start.trim() {
        "" => Some(1),
        s => match s.parse::<i32>() {
            Ok(n) if (1..=MAX_START).contains(&n) => Some(n),
            _ => {
                errs.push(FieldError::new(
                    "inicio",
                    format!("O primeiro número deve ser um número inteiro de 1 a {MAX_START}"),
                ));
                None
            }
        },
    };
    let quantity = match i.quantity.trim().parse::<i32>() {
        Ok(n) if (1..=MAX_FORMS).contains(&n) => Some(n),
        _ => {
            errs.push(FieldError::new(
                "quantidade",
                format!("A quantidade deve ser um número inteiro de 1 a {MAX_FORMS} formulários"),
            ));
            None
        }
    };
    let unit = match qs::unit_in(&db.conn, &c, &i.unit).await {
        Ok(u) => u,
        Err(Fail::Invalid(_)) => {
            errs.push(FieldError::new(
                "formularios-unidade",
                "Escolha a unidade da lista, ou deixe “Sem unidade”",
            ));
            None
        }
        Err(e) => return Err(e),
    };
    if let Err(Fail::Invalid(e)) = not_draft(&q) {
        errs.0.extend(e.0);
    }
    let (Some(start), Some(quantity)) = (start, quantity) else {
        return Err(errs.into());
    };
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let unit_label = match &unit {
        Some(u) => Some(unit_name(db, u).await?),
        None => None,
    };
    let qs_models = questions_of(&db.conn, q.id).await?;
    let domain_qs: Vec<Question> = qs_models.iter().map(to_question).collect();
    let title = q.title.clone();
    let f = form_of(&db.conn, &c, q).await?;
    let body = plan(&f, &domain_qs);
    let mut doc = Doc::a4(&format!("Formulários: {title}"), false)?;
    let sheets = body.len();
    for n in start..start + quantity {
        let number = printed_number(n);
        for (k, ops) in body.iter().enumerate() {
            let p = doc.page();
            draw_page(
                &p,
                ops,
                &c.title,
                &title,
                &number,
                unit_label.as_deref(),
                k + 1,
                sheets,
            );
        }
    }
    let last = start + quantity - 1;
    tracing::info!(conference = %c.id, questionnaire = %f.id, start, quantity, "paper forms printed");
    Ok(PaperForms {
        pdf: doc.finish()?,
        filename: format!(
            "formularios-{}-a-{}.pdf",
            printed_number(start),
            printed_number(last)
        ),
        pages: sheets * quantity as usize,
    })
}

async fn unit_name(db: &Db, u: &unit::Model) -> Result<String, Fail> {
    let t = store::entities::territory::Entity::find_by_id(u.territory_id)
        .one(&db.conn)
        .await?;
    Ok(match t {
        Some(t) => format!("{} ({})", u.name, t.name),
        None => u.name.clone(),
    })
}

// ---------------------------------------------------------------------------------------------
// Second typing

/// What a second typing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetypeOutcome {
    pub form_number: i32,
    /// How many answers (and the unit) differ from the first typing; 0 = the same.
    pub differences: usize,
}

fn never_typed(n: i32) -> FieldError {
    FieldError::new(
        "form_number",
        format!("O formulário nº {n} ainda não foi digitado: digite-o primeiro"),
    )
}

fn already_retyped(n: i32) -> FieldError {
    FieldError::new(
        "form_number",
        format!(
            "O formulário nº {n} já foi digitado pela segunda vez: veja as diferenças, se houver"
        ),
    )
}

async fn first_answers(
    db: &impl ConnectionTrait,
    response_id: Uuid,
) -> store::Result<HashMap<Uuid, String>> {
    Ok(questionnaire_answer::Entity::find()
        .filter(questionnaire_answer::Column::ResponseId.eq(response_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.question_id, a.value))
        .collect())
}

/// Per question (writing order), whether both typings agree.
fn compare(
    qs_models: &[question::Model],
    first: &HashMap<Uuid, String>,
    second: &BTreeMap<String, String>,
) -> Vec<bool> {
    qs_models
        .iter()
        .map(|m| {
            qn::same_typing(
                first.get(&m.id).map(String::as_str),
                second.get(&m.id.to_string()).map(String::as_str),
            )
        })
        .collect()
}

/// Types a paper form a second time: the same checks as the first typing, for a form number
/// typed already and not yet typed twice. Stored apart (`questionnaire_retype`) and compared
/// answer by answer with the first typing, which stays as it is. Every problem at once, nothing
/// written on error.
pub async fn retype(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    form_number: &str,
    unit: &str,
    raw: &[Vec<String>],
) -> Result<RetypeOutcome, Fail> {
    let c = authorize(db, me, slug, Action::TypePaperForms).await?;
    let me = me.ok_or(Fail::NeedsLogin)?;
    let q = qs::load(&db.conn, &c, id).await?;
    not_draft(&q)?;
    let qs_models = questions_of(&db.conn, q.id).await?;
    let domain_qs: Vec<Question> = qs_models.iter().map(to_question).collect();
    let mut errs = Invalid::default();
    let number = errs.take(qs::form_number(form_number));
    let unit = match qs::unit_in(&db.conn, &c, unit).await {
        Ok(u) => u,
        Err(Fail::Invalid(e)) => {
            errs.0.extend(e.0);
            None
        }
        Err(e) => return Err(e),
    };
    let checked = match qn::answers(&domain_qs, raw) {
        Ok(a) => Some(a),
        Err(e) => {
            errs.0.extend(e);
            None
        }
    };
    if let Some(n) = number
        && let Err(e) = retypable(&db.conn, q.id, n).await?
    {
        errs.0.insert(0, e);
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let (Some(n), Some(checked)) = (number, checked) else {
        return Err(errs.into());
    };
    let second: BTreeMap<String, String> = qs_models
        .iter()
        .zip(&checked)
        .filter_map(|(m, a)| a.as_ref().map(|a| (m.id.to_string(), a.encode())))
        .collect();
    let tx = db.write().await?;
    let response = match retypable(&tx, q.id, n).await? {
        Ok(r) => r,
        Err(e) => return Err(Invalid(vec![e]).into()),
    };
    let first = first_answers(&tx, response.id).await?;
    let same = compare(&qs_models, &first, &second);
    let unit_id = unit.as_ref().map(|u| u.id);
    let differences =
        same.iter().filter(|s| !**s).count() + usize::from(response.unit_id != unit_id);
    let ins = questionnaire_retype::Entity::insert(questionnaire_retype::ActiveModel {
        id: Set(Uuid::now_v7()),
        questionnaire_id: Set(q.id),
        response_id: Set(response.id),
        answers: Set(serde_json::to_string(&second)
            .map_err(|e| store::Error::Other(format!("second typing as JSON: {e}")))?),
        unit_id: Set(unit_id),
        typed_by: Set(me.account.id),
        typed_at: Set(Utc::now()),
        resolution: Set((differences == 0).then(|| "same".to_owned())),
        resolved_by: Set(None),
        resolved_at: Set(None),
    })
    .exec(&tx)
    .await;
    if let Err(e) = ins {
        let e = store::Error::from_db(e);
        if e.is_conflict_on("ux_retype_response") {
            return Err(Invalid(vec![already_retyped(n)]).into());
        }
        return Err(e.into());
    }
    tx.commit().await?;
    Ok(RetypeOutcome {
        form_number: n,
        differences,
    })
}

/// The first typing of form `n`, if it may be typed a second time; else why not.
async fn retypable(
    db: &impl ConnectionTrait,
    questionnaire_id: Uuid,
    n: i32,
) -> store::Result<Result<questionnaire_response::Model, FieldError>> {
    let Some(r) = questionnaire_response::Entity::find()
        .filter(questionnaire_response::Column::QuestionnaireId.eq(questionnaire_id))
        .filter(questionnaire_response::Column::FormNumber.eq(n))
        .one(db)
        .await?
    else {
        return Ok(Err(never_typed(n)));
    };
    let done = questionnaire_retype::Entity::find()
        .filter(questionnaire_retype::Column::ResponseId.eq(r.id))
        .one(db)
        .await?;
    Ok(if done.is_some() {
        Err(already_retyped(n))
    } else {
        Ok(r)
    })
}

/// One question of a form whose typings differ.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DiffRow {
    pub label: String,
    pub first: String,
    pub second: String,
}

/// A form whose two typings differ, waiting for staff.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Difference {
    pub retype_id: String,
    pub form_number: i32,
    pub first_by: String,
    pub second_by: String,
    pub rows: Vec<DiffRow>,
}

/// The page of second typings.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Differences {
    pub form: Form,
    /// Forms typed twice.
    pub retyped: usize,
    /// Of those, how many agreed.
    pub same: usize,
    /// Of those, how many differed and were decided.
    pub resolved: usize,
    /// The forms whose typings differ and wait, by number.
    pub pending: Vec<Difference>,
}

const UNANSWERED: &str = "(sem resposta)";

/// An answer as a person reads it: the options' labels, the number, the text.
fn shown(q: &Question, v: Option<&str>) -> String {
    let Some(v) = v.filter(|v| !v.trim().is_empty()) else {
        return UNANSWERED.to_owned();
    };
    match Answer::decode(q, v) {
        Some(Answer::Choices(ix)) => ix
            .iter()
            .map(|i| q.options.get(*i).cloned().unwrap_or_else(|| i.to_string()))
            .collect::<Vec<_>>()
            .join("; "),
        Some(Answer::Scale(n)) => n.to_string(),
        Some(Answer::Text(t)) => t,
        None => v.to_owned(),
    }
}

/// The second typings of a questionnaire: how many agreed, and each form whose typings differ
/// with, per differing question, the first and the second value.
pub async fn differences(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
) -> Result<Differences, Fail> {
    let c = authorize(db, me, slug, Action::TypePaperForms).await?;
    let q = qs::load(&db.conn, &c, id).await?;
    let qs_models = questions_of(&db.conn, q.id).await?;
    let retypes = questionnaire_retype::Entity::find()
        .filter(questionnaire_retype::Column::QuestionnaireId.eq(q.id))
        .order_by_asc(questionnaire_retype::Column::TypedAt)
        .all(&db.conn)
        .await?;
    let f = form_of(&db.conn, &c, q).await?;
    let units: HashMap<Uuid, String> = qs::units_of(&db.conn, c.id)
        .await?
        .into_iter()
        .map(|(u, _)| (u.id, u.name))
        .collect();
    let unit_shown = |u: Option<Uuid>| {
        u.map(|u| {
            units
                .get(&u)
                .cloned()
                .unwrap_or_else(|| "(unidade removida)".into())
        })
        .unwrap_or_else(|| "Sem unidade".into())
    };
    let mut names: HashMap<Uuid, String> = HashMap::new();
    let mut pending = Vec::new();
    for r in retypes.iter().filter(|r| r.resolution.is_none()) {
        let Some(resp) = questionnaire_response::Entity::find_by_id(r.response_id)
            .one(&db.conn)
            .await?
        else {
            continue;
        };
        let first = first_answers(&db.conn, resp.id).await?;
        let second: BTreeMap<String, String> = serde_json::from_str(&r.answers).unwrap_or_default();
        let mut rows = Vec::new();
        if resp.unit_id != r.unit_id {
            rows.push(DiffRow {
                label: "Unidade".into(),
                first: unit_shown(resp.unit_id),
                second: unit_shown(r.unit_id),
            });
        }
        for g in &f.groups {
            for v in &g.questions {
                let m = &qs_models[v.index];
                let a = first.get(&m.id).map(String::as_str);
                let b = second.get(&m.id.to_string()).map(String::as_str);
                if !qn::same_typing(a, b) {
                    let dq = to_question(m);
                    rows.push(DiffRow {
                        label: format!("{}. {}", v.number, v.text),
                        first: shown(&dq, a),
                        second: shown(&dq, b),
                    });
                }
            }
        }
        for who in [resp.typed_by, Some(r.typed_by)].into_iter().flatten() {
            if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(who) {
                let n = account::Entity::find_by_id(who)
                    .one(&db.conn)
                    .await?
                    .map(|a| a.display_name)
                    .unwrap_or_default();
                slot.insert(n);
            }
        }
        pending.push(Difference {
            retype_id: r.id.to_string(),
            form_number: resp.form_number.unwrap_or(0),
            first_by: resp
                .typed_by
                .and_then(|x| names.get(&x).cloned())
                .unwrap_or_default(),
            second_by: names.get(&r.typed_by).cloned().unwrap_or_default(),
            rows,
        });
    }
    pending.sort_by_key(|d| d.form_number);
    Ok(Differences {
        form: f,
        retyped: retypes.len(),
        same: retypes
            .iter()
            .filter(|r| r.resolution.as_deref() == Some("same"))
            .count(),
        resolved: retypes
            .iter()
            .filter(|r| matches!(r.resolution.as_deref(), Some("first" | "second")))
            .count(),
        pending,
    })
}

/// Decides a form whose typings differ: `first` keeps the stored answers, `second` replaces
/// them (and the unit) with the second typing's, in one transaction. Returns the form's number.
pub async fn resolve(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    retype_id: &str,
    choice: &str,
) -> Result<i32, Fail> {
    let c = authorize(db, me, slug, Action::TypePaperForms).await?;
    let me = me.ok_or(Fail::NeedsLogin)?;
    let choice = match choice.trim() {
        "first" => "first",
        "second" => "second",
        _ => {
            return Err(Invalid::one(
                "escolha",
                "Escolha qual digitação fica: a primeira ou a segunda",
            )
            .into());
        }
    };
    let rid = Uuid::parse_str(retype_id.trim()).map_err(|_| Fail::NotFound)?;
    let q = qs::load(&db.conn, &c, id).await?;
    let tx = db.write().await?;
    let r = questionnaire_retype::Entity::find_by_id(rid)
        .one(&tx)
        .await?
        .filter(|r| r.questionnaire_id == q.id)
        .ok_or(Fail::NotFound)?;
    let resp = questionnaire_response::Entity::find_by_id(r.response_id)
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    let n = resp.form_number.unwrap_or(0);
    // Guarded: only a waiting difference is decided, once.
    let done = questionnaire_retype::Entity::update_many()
        .col_expr(questionnaire_retype::Column::Resolution, choice.into())
        .col_expr(
            questionnaire_retype::Column::ResolvedBy,
            Some(me.account.id).into(),
        )
        .col_expr(
            questionnaire_retype::Column::ResolvedAt,
            Some(Utc::now()).into(),
        )
        .filter(questionnaire_retype::Column::Id.eq(r.id))
        .filter(questionnaire_retype::Column::Resolution.is_null())
        .exec(&tx)
        .await?;
    if done.rows_affected == 0 {
        return Err(Invalid::one(
            "form",
            format!("As diferenças do formulário nº {n} já foram resolvidas"),
        )
        .into());
    }
    if choice == "second" {
        let qs_models = questions_of(&tx, q.id).await?;
        let second: BTreeMap<String, String> = serde_json::from_str(&r.answers).map_err(|e| {
            store::Error::Other(format!("second typing of form {n} unreadable: {e}"))
        })?;
        questionnaire_answer::Entity::delete_many()
            .filter(questionnaire_answer::Column::ResponseId.eq(resp.id))
            .exec(&tx)
            .await?;
        let rows: Vec<questionnaire_answer::ActiveModel> = qs_models
            .iter()
            .filter_map(|m| {
                second
                    .get(&m.id.to_string())
                    .map(|v| questionnaire_answer::ActiveModel {
                        response_id: Set(resp.id),
                        question_id: Set(m.id),
                        value: Set(v.clone()),
                    })
            })
            .collect();
        if !rows.is_empty() {
            questionnaire_answer::Entity::insert_many(rows)
                .exec(&tx)
                .await?;
        }
        let territory = match r.unit_id {
            Some(u) => unit::Entity::find_by_id(u)
                .one(&tx)
                .await?
                .map(|u| u.territory_id),
            None => None,
        };
        questionnaire_response::Entity::update_many()
            .col_expr(questionnaire_response::Column::UnitId, r.unit_id.into())
            .col_expr(
                questionnaire_response::Column::TerritoryId,
                territory.into(),
            )
            .filter(questionnaire_response::Column::Id.eq(resp.id))
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(conference = %c.id, questionnaire = %q.id, form = n, choice, "paper typing difference resolved");
    Ok(n)
}
