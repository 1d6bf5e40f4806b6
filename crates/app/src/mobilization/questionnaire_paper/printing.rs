//! The printable forms: one PDF with every form of a numbered run, laid out the same.

use super::{MAX_FORMS, MAX_START, not_draft, printed_number};
use crate::Fail;
use crate::mobilization::questionnaires::{self as qs, Form, form_of, questions_of, to_question};
use crate::platform::auth::{Me, authorize};
use crate::platform::pdf::{BLACK, Doc, GREY, Page, fit, wrap};
use domain::policy::Action;
use domain::questionnaire::{Question, QuestionKind};
use domain::{FieldError, Invalid};
use sea_orm::EntityTrait;
use store::Db;
use store::entities::unit;

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
