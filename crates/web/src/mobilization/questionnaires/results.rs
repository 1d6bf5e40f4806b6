//! A questionnaire's results, filtered by territory or unit, and their CSV files.

use super::unit_options;
use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::questionnaires as qs;
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use domain::Invalid;

#[derive(Template)]
#[template(path = "mobilization/questionnaires/results.html")]
struct ResultsPage {
    slug: String,
    r: qs::Results,
    errors: Invalid,
    territory_options: Vec<(String, String)>,
    unit_options: Vec<(String, String)>,
    /// The filter's query string ("?territorio=…&unidade=…"), for the CSV links.
    query: String,
}

impl ResultsPage {
    fn place_pct(&self, count: &u32) -> String {
        self.pct(count, &self.r.total)
    }
    /// Width of a territory's bar, in percent of the largest territory.
    fn territory_bar(&self, count: &u32) -> u32 {
        widest(*count, self.r.by_territory.iter().map(|p| p.count))
    }
    /// Width of a unit's bar, in percent of the largest unit.
    fn place_bar(&self, count: &u32) -> u32 {
        widest(*count, self.r.by_unit.iter().map(|p| p.count))
    }
    /// Width of a bar in percent of the largest count (at least 1 when non-zero).
    fn bar(&self, count: &u32, all: &[domain::report::Count]) -> u32 {
        widest(*count, all.iter().map(|c| c.count))
    }
    fn pct(&self, count: &u32, answered: &u32) -> String {
        if *answered == 0 {
            "0%".into()
        } else {
            format!("{}%", (*count * 100 + answered / 2) / answered)
        }
    }
}

/// `count` in percent of the largest of `all` (at least 1 when non-zero).
fn widest(count: u32, all: impl Iterator<Item = u32>) -> u32 {
    let max = all.max().unwrap_or(0);
    (count * 100)
        .checked_div(max)
        .map_or(0, |w| w.max(u32::from(count > 0)))
}

#[derive(serde::Deserialize, Default)]
pub struct ResultsQuery {
    #[serde(default)]
    territorio: String,
    #[serde(default)]
    unidade: String,
}

impl ResultsQuery {
    fn filter(&self) -> qs::ResultsFilter {
        qs::ResultsFilter {
            territory: self.territorio.chars().take(64).collect(),
            unit: self.unidade.chars().take(64).collect(),
        }
    }
}

/// The results of the filter; a filter naming no territory or unit of the conference gives
/// every response's results with the error (422).
async fn filtered(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    q: &ResultsQuery,
) -> Result<(qs::Results, Invalid), WebError> {
    match qs::results(&st.db, v.me(), slug, id, &q.filter()).await {
        Ok(r) => Ok((r, Invalid::default())),
        Err(Fail::Invalid(e)) => {
            let r = qs::results(&st.db, v.me(), slug, id, &qs::ResultsFilter::default()).await?;
            Ok((r, e))
        }
        Err(f) => Err(f.into()),
    }
}

fn filter_query(f: &qs::ResultsFilter) -> String {
    let mut parts = Vec::new();
    if !f.territory.is_empty() {
        parts.push(format!("territorio={}", f.territory));
    }
    if !f.unit.is_empty() {
        parts.push(format!("unidade={}", f.unit));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

pub async fn results(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let (r, errors) = filtered(&st, &v, (&slug, &id), &q).await?;
    let territory_options = respond::blank_first("Todos os territórios", &r.territories);
    let unit_options = unit_options(&r.form, "Todas as unidades");
    respond::page(
        !errors.is_empty(),
        ResultsPage {
            slug,
            query: filter_query(&r.filter),
            r,
            errors,
            territory_options,
            unit_options,
        },
    )
}

pub async fn results_csv(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let r = qs::results(&st.db, v.me(), &slug, &id, &q.filter()).await?;
    Ok(respond::csv_file(
        qs::results_csv(&r),
        "resultados-questionario.csv",
    ))
}

pub async fn units_csv(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let all = qs::ResultsFilter::default();
    let r = qs::results(&st.db, v.me(), &slug, &id, &all).await?;
    Ok(respond::csv_file(
        qs::units_csv(&r),
        "respostas-por-unidade.csv",
    ))
}
