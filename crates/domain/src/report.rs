//! The final report of a conference (docs/domain.md §9, `../shared/data/report_form_fields.json`):
//! one value assembled at one moment from the database (`app::reporting::report`), then written as PDF,
//! DOCX, ODT (`crates/reports`), CSV or JSON. Nothing here does I/O.
//!
//! Two audiences: [`Audience::Public`] (what may be published: the quota only as counts, no
//! contact data) and [`Audience::Council`] (the package sent to the upper council: also each
//! elected delegate's contact and quota groups).

use serde::{Deserialize, Serialize};

/// Version of the report's JSON shape; a reader refuses other majors.
pub const SCHEMA: &str = "conferencia.relatorio/1";

/// Who the report is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Publishable: counts only for self-declarations, no contact data.
    Public,
    /// The package for the upper council: adds each elected delegate's contact and quota groups.
    Council,
}

/// A count with its code and pt-BR label (segments, categories, markers…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: u32,
}

/// Section I of the national form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct General {
    /// Title of the conference ("12ª Conferência Municipal de Assistência Social de …").
    pub title: String,
    /// `municipal`, `regional`, `estadual`, `nacional`.
    pub level: String,
    /// Municipality (in full), state or "Brasil".
    pub place_name: String,
    pub uf: Option<String>,
    pub ibge_code: Option<String>,
    /// PNAS porte code (`PP1` …) and its label.
    pub porte: Option<String>,
    pub porte_label: Option<String>,
    /// The council that ran it.
    pub body: String,
    /// Sequence number of this conference (how many were held).
    pub edition: i32,
    pub cycle_year: i32,
    pub theme: String,
    pub lema: Option<String>,
    /// ISO dates, preparatory events excluded.
    pub starts_on: String,
    pub ends_on: String,
    /// Sum over all days, preparatory events and lunch breaks excluded (typed by the commission).
    pub total_hours: Option<f64>,
    pub venue: Option<String>,
    pub venue_address: Option<String>,
    /// Everyone present (checked in at least once), whatever the segment or category.
    pub total_participants: u32,
    pub participants_by_category: Vec<Count>,
    pub participants_by_segment: Vec<Count>,
}

/// One deliberation (an approved or amended proposal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliberation {
    /// "E1-M-3": eixo, level initial, position in the eixo and level; stable within one report.
    pub code: String,
    pub text: String,
    /// The plenary changed the group's wording.
    pub amended: bool,
    /// `new` or `recommendation`.
    pub kind: String,
    pub kind_label: String,
    /// Position in the priority order of its eixo and level, when the plenary ranked them.
    pub priority: Option<i32>,
    /// Where it came from: the group, a unit's pre-conference, a territory.
    pub origins: Vec<String>,
}

/// The deliberations of one eixo addressed to one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelDeliberations {
    /// `municipal`, `estadual`, `federal`.
    pub level: String,
    pub level_label: String,
    pub items: Vec<Deliberation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EixoSection {
    pub number: i32,
    pub title: String,
    pub levels: Vec<LevelDeliberations>,
}

/// Contact data of an elected delegate: only in the council's package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectedDelegate {
    pub name: String,
    pub segment: String,
    pub segment_label: String,
    /// `titular` or `suplente`.
    pub seat: String,
    pub seat_label: String,
    /// Order within the segment and seat.
    pub position: i32,
    /// Council audience only: the quota groups the person declared (labels).
    pub quota_groups: Option<Vec<String>>,
    /// Council audience only.
    pub contact: Option<Contact>,
}

/// The delegation elected to the next level, with the quota as counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegation {
    pub computed: bool,
    pub delegates: Vec<ElectedDelegate>,
    pub titulares: u32,
    pub suplentes: u32,
    pub titulares_by_segment: Vec<Count>,
    /// Titulares from quota groups, and the minimum (30%).
    pub quota_titulares: u32,
    pub quota_minimum: u32,
    pub quota_met: bool,
    /// Government titulares equal to civil-society titulares.
    pub parity_ok: bool,
    /// "Mais velho(a) primeiro" or the draw with its seed.
    pub tie_rule: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mocao {
    pub kind_label: String,
    pub addressee: String,
    pub text: String,
}

/// One question's results in the evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub text: String,
    /// `single`, `multiple`, `scale`, `short_text`, `long_text`.
    pub kind: String,
    pub answered: u32,
    /// Choices and scale points with their counts (empty for text questions).
    pub options: Vec<Count>,
    /// Mean of a scale question.
    pub mean: Option<f64>,
    /// Up to a few text answers (text questions), as typed.
    pub samples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Questionnaires answered, online and on paper.
    pub respondents: u32,
    pub on_paper: u32,
    pub questions: Vec<QuestionResult>,
}

/// A photo the commission chose for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub caption: String,
    /// `image/jpeg` or `image/png`.
    pub media_type: String,
    /// The image bytes, base64 (standard alphabet), so the JSON carries everything.
    pub data_base64: String,
}

/// A 16×8 PNG (two coloured halves), base64: a stand-in photo for tests and examples.
pub const SAMPLE_PNG_BASE64: &str = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAICAIAAAB/FOjAAAAAGElEQVR42mOQi1qAFT1boIEVMYxqoIUGADxisYFYZMi1AAAAAElFTkSuQmCC";

impl Photo {
    /// A photo with [`SAMPLE_PNG_BASE64`] as its image, for tests and examples.
    pub fn sample(caption: &str) -> Photo {
        Photo {
            caption: caption.to_owned(),
            media_type: "image/png".to_owned(),
            data_base64: SAMPLE_PNG_BASE64.to_owned(),
        }
    }
}

/// One territory's pre-conferences (the last row of a report's list is the total).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerritoryResults {
    pub territory: String,
    pub units: u32,
    pub meetings_held: u32,
    pub people: u32,
    pub proposals: u32,
    pub delegates_titular: u32,
    pub delegates_suplente: u32,
}

/// The participants' consultation on the proposals (issue 23), when the conference held one:
/// counts only, never who chose what.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    /// Accounts that voted on at least one proposal.
    pub participants: u32,
    pub items: Vec<ConsultationItem>,
}

/// One proposal in the consultation, with what the groups and the plenary made of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationItem {
    /// "Eixo 2".
    pub eixo: String,
    pub text: String,
    pub favor: u32,
    pub against: u32,
    pub abstain: u32,
    /// "aprovada na plenária", "rejeitada no grupo", ...
    pub outcome: String,
}

/// The heading of the consultation in every format.
pub const CONSULTATION_HEADING: &str = "Consulta on-line aos participantes";

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub audience: Audience,
    /// RFC 3339, the moment every figure was read at.
    pub generated_at: String,
    pub conference_slug: String,
    pub general: General,
    /// Section II: delegates per LOAS segment (registered as delegates).
    pub delegates_by_segment: Vec<Count>,
    /// Present participants by quota group they self-declared (counts only).
    pub participants_by_marker: Vec<Count>,
    /// Present participants by accessibility need asked at registration (counts only).
    pub participants_by_need: Vec<Count>,
    pub eixos: Vec<EixoSection>,
    pub delegation: Delegation,
    /// The pre-conferences per territory (meetings held, people, proposals, territorial
    /// delegates); empty when the units held none. Absent from reports made before it existed.
    #[serde(default)]
    pub preconferences: Vec<TerritoryResults>,
    pub mocoes: Vec<Mocao>,
    /// Accessibility resources offered at the conference (typed by the commission).
    pub accessibility: Vec<String>,
    pub evaluation: Option<Evaluation>,
    pub photos: Vec<Photo>,
    /// Per-conference settings that shaped the results (docs/domain.md §13), as "name: value".
    pub settings: Vec<String>,
    /// Free text the commission adds (observações).
    pub notes: Option<String>,
    /// Answers to the extra questions of the state's orientation (ADR 0036), each with its
    /// question as asked; empty when the state asked none.
    #[serde(default)]
    pub extra_answers: Vec<ExtraAnswer>,
    /// The participants' consultation on the proposals; absent when none was held (and from
    /// reports made before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation: Option<Consultation>,
}

/// One answer to an extra question of the state's orientation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraAnswer {
    pub question: String,
    pub answer: String,
}

/// The heading of the extra answers in every format.
pub const EXTRA_HEADING: &str = "Perguntas do Conselho Estadual";

/// A section of the report, in the form's order, with the pt-BR heading every format uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    General,
    Delegates,
    Markers,
    Deliberations,
    Delegation,
    Mocoes,
    Accessibility,
    Evaluation,
    Photos,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Self::General,
        Self::Delegates,
        Self::Markers,
        Self::Deliberations,
        Self::Delegation,
        Self::Mocoes,
        Self::Accessibility,
        Self::Evaluation,
        Self::Photos,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            Self::General => "I. Informações gerais",
            Self::Delegates => "II. Delegados(as) por segmento",
            Self::Markers => "III. Participantes por marcador social e acessibilidade",
            Self::Deliberations => "IV. Deliberações por eixo e nível",
            Self::Delegation => "V. Delegados(as) eleitos(as)",
            Self::Mocoes => "VI. Moções",
            Self::Accessibility => "VII. Recursos de acessibilidade oferecidos",
            Self::Evaluation => "VIII. Avaliação da conferência",
            Self::Photos => "IX. Registro fotográfico",
        }
    }
}

/// Hours are written with a comma ("12,5").
pub fn hours_pt(h: f64) -> String {
    let s = format!("{h:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s).to_owned();
    s.replace('.', ",")
}

/// A decimal with one digit and a comma ("4,1"), as a mean is written in Portuguese.
pub fn decimal_pt(x: &f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// ISO date → "dd/mm/aaaa" (unchanged when it is not an ISO date).
pub fn date_pt(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => iso.to_owned(),
    }
}

impl Report {
    /// "19/08/2025 a 20/08/2025" (or one date).
    pub fn dates_pt(&self) -> String {
        let (a, b) = (
            date_pt(&self.general.starts_on),
            date_pt(&self.general.ends_on),
        );
        if a == b { a } else { format!("{a} a {b}") }
    }

    /// "12,5 horas", or "não informado".
    pub fn hours_label(&self) -> String {
        match self.general.total_hours {
            Some(h) => format!("{} horas", hours_pt(h)),
            None => "não informado".to_owned(),
        }
    }

    /// The sections a submission cannot go without, each named as the form names it, in order.
    /// Moções and photos are optional (a conference may have none); the evaluation is required.
    pub fn missing_sections(&self) -> Vec<String> {
        let mut out = Vec::new();
        let g = &self.general;
        let mut general = Vec::new();
        if g.total_hours.is_none() {
            general.push("total de horas");
        }
        if g.venue.as_deref().is_none_or(|v| v.trim().is_empty()) {
            general.push("local de realização");
        }
        if g.total_participants == 0 {
            general.push("participantes presentes");
        }
        if !general.is_empty() {
            out.push(format!(
                "{} ({})",
                Section::General.heading(),
                general.join(", ")
            ));
        }
        if self.delegates_by_segment.iter().all(|c| c.count == 0) {
            out.push(Section::Delegates.heading().to_owned());
        }
        if self
            .eixos
            .iter()
            .all(|e| e.levels.iter().all(|l| l.items.is_empty()))
        {
            out.push(format!(
                "{} (nenhuma deliberação aprovada)",
                Section::Deliberations.heading()
            ));
        }
        if !self.delegation.computed {
            out.push(format!(
                "{} (a eleição não foi apurada)",
                Section::Delegation.heading()
            ));
        }
        if self.accessibility.is_empty() {
            out.push(Section::Accessibility.heading().to_owned());
        }
        if self.evaluation.as_ref().is_none_or(|e| e.respondents == 0) {
            out.push(format!(
                "{} (nenhum questionário respondido)",
                Section::Evaluation.heading()
            ));
        }
        out
    }

    /// Every approved deliberation, in report order.
    pub fn deliberations(
        &self,
    ) -> impl Iterator<Item = (&EixoSection, &LevelDeliberations, &Deliberation)> {
        self.eixos.iter().flat_map(|e| {
            e.levels
                .iter()
                .flat_map(move |l| l.items.iter().map(move |d| (e, l, d)))
        })
    }

    /// A small complete report for tests and the renderers' examples (fictional data).
    pub fn sample() -> Report {
        let c = |code: &str, label: &str, count: u32| Count {
            code: code.into(),
            label: label.into(),
            count,
        };
        let d = |code: &str, text: &str, priority: Option<i32>, origins: &[&str]| Deliberation {
            code: code.into(),
            text: text.into(),
            amended: false,
            kind: "new".into(),
            kind_label: "Proposta nova".into(),
            priority,
            origins: origins.iter().map(|s| (*s).to_owned()).collect(),
        };
        let elected =
            |name: &str, seg: &str, seg_label: &str, seat: &str, pos: i32| ElectedDelegate {
                name: name.into(),
                segment: seg.into(),
                segment_label: seg_label.into(),
                seat: seat.into(),
                seat_label: if seat == "titular" {
                    "Titular"
                } else {
                    "Suplente"
                }
                .into(),
                position: pos,
                quota_groups: None,
                contact: None,
            };
        Report {
            schema: SCHEMA.into(),
            audience: Audience::Public,
            generated_at: "2025-08-20T18:00:00Z".into(),
            conference_slug: "exemplo-2025".into(),
            general: General {
                title: "14ª Conferência Municipal de Assistência Social de Exemplo".into(),
                level: "municipal".into(),
                place_name: "Exemplo".into(),
                uf: Some("MG".into()),
                ibge_code: Some("3100000".into()),
                porte: Some("PP2".into()),
                porte_label: Some("Pequeno Porte II".into()),
                body: "Conselho Municipal de Assistência Social de Exemplo".into(),
                edition: 14,
                cycle_year: 2025,
                theme: "20 anos do SUAS: construção, proteção social e resistência".into(),
                lema: Some("Assistência social não é favor, é direito!".into()),
                starts_on: "2025-08-19".into(),
                ends_on: "2025-08-20".into(),
                total_hours: Some(12.5),
                venue: Some("Centro Cultural Municipal".into()),
                venue_address: Some("Rua das Flores, 100, Centro".into()),
                total_participants: 120,
                participants_by_category: vec![
                    c("delegado", "Delegado(a)", 60),
                    c("convidado", "Convidado(a)", 40),
                    c("observador", "Observador(a)", 20),
                ],
                participants_by_segment: vec![
                    c("governo", "Governo", 30),
                    c("usuarios", "Usuários(as)", 50),
                    c("trabalhadores", "Trabalhadores(as) do SUAS", 25),
                    c("entidades", "Entidades de assistência social", 15),
                ],
            },
            delegates_by_segment: vec![
                c("governo", "Governo", 30),
                c("usuarios", "Usuários(as)", 12),
                c("trabalhadores", "Trabalhadores(as) do SUAS", 10),
                c("entidades", "Entidades de assistência social", 8),
            ],
            participants_by_marker: vec![
                c("pessoa_negra", "Pessoa negra (preta ou parda)", 48),
                c("pessoa_com_deficiencia", "Pessoa com deficiência", 9),
                c("pessoa_idosa", "Pessoa idosa (60 anos ou mais)", 14),
            ],
            participants_by_need: vec![
                c("libras", "Intérprete de Libras", 3),
                c(
                    "local_acessivel",
                    "Local acessível (cadeira de rodas, mobilidade reduzida)",
                    4,
                ),
            ],
            eixos: vec![
                EixoSection {
                    number: 1,
                    title: "Financiamento e orçamento do SUAS".into(),
                    levels: vec![
                        LevelDeliberations {
                            level: "municipal".into(),
                            level_label: "municipal".into(),
                            items: vec![
                                d(
                                    "E1-M-1",
                                    "Ampliar o cofinanciamento municipal dos CRAS, com reajuste anual pelo IPCA.",
                                    Some(1),
                                    &["Grupo 1 (Eixo 1)", "Pré-conferência do CRAS Centro"],
                                ),
                                d(
                                    "E1-M-2",
                                    "Garantir concurso público para as equipes de referência.",
                                    Some(2),
                                    &["Grupo 1 (Eixo 1)"],
                                ),
                            ],
                        },
                        LevelDeliberations {
                            level: "federal".into(),
                            level_label: "federal (União)".into(),
                            items: vec![d(
                                "E1-F-1",
                                "Aprovar a PEC que vincula recursos ao SUAS.",
                                None,
                                &["Grupo 1 (Eixo 1)"],
                            )],
                        },
                    ],
                },
                EixoSection {
                    number: 2,
                    title: "Controle social e participação".into(),
                    levels: vec![LevelDeliberations {
                        level: "estadual".into(),
                        level_label: "estadual".into(),
                        items: vec![Deliberation {
                            amended: true,
                            ..d(
                                "E2-E-1",
                                "Custear o transporte de usuários(as) às conferências regionais.",
                                None,
                                &["Grupo 2 (Eixo 2)", "Território Norte"],
                            )
                        }],
                    }],
                },
            ],
            delegation: Delegation {
                computed: true,
                delegates: vec![
                    elected("Ana Souza", "governo", "Governo", "titular", 1),
                    elected("Bruno Lima", "usuarios", "Usuários(as)", "titular", 1),
                    elected("Carla Dias", "governo", "Governo", "suplente", 1),
                    elected("Davi Rocha", "usuarios", "Usuários(as)", "suplente", 1),
                ],
                titulares: 2,
                suplentes: 2,
                titulares_by_segment: vec![
                    c("governo", "Governo", 1),
                    c("usuarios", "Usuários(as)", 1),
                ],
                quota_titulares: 1,
                quota_minimum: 1,
                quota_met: true,
                parity_ok: true,
                tie_rule: "A pessoa mais velha primeiro".into(),
            },
            preconferences: vec![
                TerritoryResults {
                    territory: "Território Centro".into(),
                    units: 2,
                    meetings_held: 3,
                    people: 74,
                    proposals: 9,
                    delegates_titular: 4,
                    delegates_suplente: 4,
                },
                TerritoryResults {
                    territory: "Território Norte".into(),
                    units: 1,
                    meetings_held: 1,
                    people: 31,
                    proposals: 4,
                    delegates_titular: 2,
                    delegates_suplente: 2,
                },
                TerritoryResults {
                    territory: "Total".into(),
                    units: 3,
                    meetings_held: 4,
                    people: 105,
                    proposals: 13,
                    delegates_titular: 6,
                    delegates_suplente: 6,
                },
            ],
            mocoes: vec![Mocao {
                kind_label: "Apoio".into(),
                addressee: "Câmara Municipal".into(),
                text: "Apoio à aprovação da lei municipal do SUAS.".into(),
            }],
            accessibility: vec![
                "Intérprete de Libras em todas as sessões".into(),
                "Material em fonte ampliada".into(),
            ],
            evaluation: Some(Evaluation {
                respondents: 80,
                on_paper: 30,
                questions: vec![
                    QuestionResult {
                        text: "Como você avalia a organização da conferência?".into(),
                        kind: "scale".into(),
                        answered: 78,
                        options: vec![
                            c("1", "1", 2),
                            c("2", "2", 4),
                            c("3", "3", 12),
                            c("4", "4", 30),
                            c("5", "5", 30),
                        ],
                        mean: Some(4.06),
                        samples: vec![],
                    },
                    QuestionResult {
                        text: "O que pode melhorar?".into(),
                        kind: "long_text".into(),
                        answered: 20,
                        options: vec![],
                        mean: None,
                        samples: vec!["Mais tempo nos grupos.".into()],
                    },
                ],
            }),
            photos: vec![],
            settings: vec![
                "Quórum da plenária: maioria dos(as) delegados(as) credenciados(as)".into(),
                "Vagas de delegados(as): tabela de exemplo por porte (Pequeno Porte II: 4)".into(),
            ],
            notes: None,
            extra_answers: Vec::new(),
            consultation: Some(Consultation {
                participants: 64,
                items: vec![
                    ConsultationItem {
                        eixo: "Eixo 1".into(),
                        text: "Ampliar as equipes dos CRAS.".into(),
                        favor: 51,
                        against: 6,
                        abstain: 4,
                        outcome: "aprovada na plenária".into(),
                    },
                    ConsultationItem {
                        eixo: "Eixo 2".into(),
                        text: "Criar um Centro POP regional.".into(),
                        favor: 20,
                        against: 31,
                        abstain: 9,
                        outcome: "rejeitada no grupo".into(),
                    },
                ],
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_is_complete_and_round_trips() {
        let r = Report::sample();
        assert_eq!(r.missing_sections(), Vec::<String>::new());
        let json = serde_json::to_string(&r).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
        assert_eq!(r.deliberations().count(), 4);
    }

    #[test]
    fn missing_sections_are_named() {
        let mut r = Report::sample();
        r.general.total_hours = None;
        r.accessibility.clear();
        r.evaluation = None;
        r.delegation.computed = false;
        let m = r.missing_sections();
        assert_eq!(m.len(), 4, "{m:?}");
        assert!(m[0].starts_with("I. Informações gerais (total de horas"));
        assert!(m[1].starts_with("V. Delegados(as) eleitos(as)"));
        assert_eq!(m[2], "VII. Recursos de acessibilidade oferecidos");
        assert!(m[3].starts_with("VIII. Avaliação"));
    }

    #[test]
    fn pt_formats() {
        assert_eq!(hours_pt(12.5), "12,5");
        assert_eq!(hours_pt(16.0), "16");
        assert_eq!(date_pt("2025-08-19"), "19/08/2025");
        assert_eq!(date_pt("x"), "x");
        assert_eq!(decimal_pt(&4.06), "4,1");
    }
}
