//! Cycle templates.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TemplateEixo {
    pub n: i32,
    pub title: String,
    #[serde(default)]
    pub ementa: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CycleTemplate {
    pub edition: String,
    pub year: i32,
    pub theme: String,
    #[serde(default)]
    pub lema: Option<String>,
    pub eixos: Vec<TemplateEixo>,
}

#[derive(Deserialize)]
struct CycleFile {
    cycles: Vec<CycleTemplate>,
}

/// The national cycles shipped as templates (2025, 2023, 2021), newest first.
pub fn cycle_templates() -> Vec<CycleTemplate> {
    let f: CycleFile = serde_json::from_str(include_str!("../../../../../data/cycles/eixos.json"))
        .expect("data/cycles/eixos.json is valid (checked by a test)");
    let mut c = f.cycles;
    c.sort_by_key(|c| -c.year);
    c
}

/// The national edition number of a cycle year (2025 → XIV): the conferences are every two years.
pub fn edition_of_year(year: i32) -> i32 {
    14 + (year - 2025) / 2
}

/// The theme stored for a conference of a cycle whose theme CNAS has not published yet; the
/// commission replaces it in the conference's data when it is published.
pub const THEME_TO_BE_DEFINED: &str = "Tema a definir (aguardando a publicação do CNAS)";

/// The next national cycle after the newest shipped one (2025 → 2027): its theme and eixos are
/// not published yet, so the template carries none and the commission fills them in later.
pub fn next_cycle() -> CycleTemplate {
    let newest = cycle_templates().first().map_or(2025, |c| c.year);
    let year = newest + 2;
    let n = edition_of_year(year);
    CycleTemplate {
        edition: format!("{} ({n}ª)", domain::text::roman(n)),
        year,
        theme: String::new(),
        lema: None,
        eixos: Vec::new(),
    }
}

/// The cycles a new conference may follow: the next one first, then the shipped ones.
pub fn cycle_choices() -> Vec<CycleTemplate> {
    let mut all = vec![next_cycle()];
    all.extend(cycle_templates());
    all
}

/// The cycle a new conference most likely belongs to on `today`: the earliest cycle whose year
/// is this year or later (conferences of a cycle are held in its year), else the newest.
pub fn likely_cycle(today: chrono::NaiveDate) -> CycleTemplate {
    use chrono::Datelike;
    let all = cycle_choices();
    all.iter()
        .filter(|c| c.year >= today.year())
        .min_by_key(|c| c.year)
        .or_else(|| all.iter().max_by_key(|c| c.year))
        .cloned()
        .expect("there is always the next cycle")
}
