//! The printable forms: one PDF with every form of a numbered run, laid out the same.

use super::{MAX_FORMS, MAX_START, not_draft, printed_number};
use crate::Fail;
use crate::mobilization::questionnaires::{self as qs, Form, form_of, questions_of, to_question};
use crate::platform::auth::{Me, authorize};
use crate::platform::pdf::typeset;
use domain::policy::Action;
use domain::questionnaire::{Question, QuestionKind};
use domain::{FieldError, Invalid};
use sea_orm::EntityTrait;
use serde_json::json;
use store::Db;
use store::entities::unit;

/// One question as printed: its number and text, a hint, then boxes to tick or lines to write on.
fn question_data(number: usize, q: &Question) -> serde_json::Value {
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
    let kind = match q.kind {
        QuestionKind::Single => "single",
        QuestionKind::Multiple => "multiple",
        QuestionKind::Scale => "scale",
        QuestionKind::ShortText => "short_text",
        QuestionKind::LongText => "long_text",
    };
    let (low, high) = q.scale.unwrap_or((1, 5));
    json!({
        "text": format!("{number}. {}", q.text),
        "hint": hint,
        "kind": kind,
        "options": q.options,
        "scale_low": low,
        "scale_high": high,
        "scale_hint": format!("({low} = pior, {high} = melhor)"),
    })
}

/// The groups of questions of form `f` (a title only when the form is grouped by eixo).
fn groups_data(f: &Form, domain_qs: &[Question]) -> Vec<serde_json::Value> {
    f.groups
        .iter()
        .map(|g| {
            json!({
                "title": f.grouped.then_some(&g.title),
                "questions": g
                    .questions
                    .iter()
                    .map(|v| question_data(v.number, &domain_qs[v.index]))
                    .collect::<Vec<_>>(),
            })
        })
        .collect()
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
    let numbers: Vec<String> = (start..start + quantity).map(printed_number).collect();
    let data = json!({
        "title": format!("Formulários: {title}"),
        "author": c.title,
        "conference": c.title,
        "form_title": title,
        "numbers": numbers,
        "number_label": "Formulário nº",
        "sheet_label": "folha {k} de {n}",
        "unit": unit_label.map(|u| format!("Unidade: {u}")),
        "unit_blank": "Unidade de referência: ",
        "intro": f.intro.as_deref().map(str::trim).unwrap_or(""),
        "instructions": "Marque com um X o quadrinho de cada resposta escolhida. Não escreva seu nome nem o seu CPF.",
        "groups": groups_data(&f, &domain_qs),
    });
    let (pdf, pages) = typeset(reports::Template::Forms, data, Vec::new()).await?;
    let last = start + quantity - 1;
    tracing::info!(conference = %c.id, questionnaire = %f.id, start, quantity, "paper forms printed");
    Ok(PaperForms {
        pdf,
        filename: format!(
            "formularios-{}-a-{}.pdf",
            printed_number(start),
            printed_number(last)
        ),
        pages,
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
