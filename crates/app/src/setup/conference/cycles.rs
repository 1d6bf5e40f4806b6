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
