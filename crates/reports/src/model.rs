//! The report laid out as a list of neutral blocks (headings, paragraphs, tables, charts,
//! photos). Every paginated format (PDF, DOCX, ODT) renders the same blocks, so the wording,
//! the order and the "nothing here" sentences are decided once, here.

use domain::report::{Audience, Count, Report, Section, date_pt, hours_pt};
use serde::Serialize;

use crate::Error;
use crate::photo::{self, PhotoData};

/// The document: metadata plus blocks in reading order.
#[derive(Debug, Serialize)]
pub(crate) struct Doc {
    pub title: String,
    /// The council that ran the conference (document author).
    pub author: String,
    /// Lines printed under the title.
    pub subtitle: Vec<String>,
    pub blocks: Vec<Block>,
    /// RFC 3339 moment the figures were read at (document date).
    pub generated_at: String,
    #[serde(skip)]
    pub photos: Vec<PhotoData>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Field {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Bar {
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Block {
    /// Level 1 = a section of the form, 2 = eixo / question, 3 = level.
    Heading {
        level: u8,
        text: String,
    },
    Para {
        text: String,
    },
    /// "Nothing in this section" sentence (printed in italics).
    Empty {
        text: String,
    },
    /// "Label: value" lines.
    Fields {
        items: Vec<Field>,
    },
    /// A bulleted list.
    List {
        items: Vec<String>,
    },
    /// A table with one header row; `numeric[i]` right-aligns column i; `weights[i]` is the
    /// share of the free width column i gets (0: as wide as its content).
    Table {
        caption: String,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        numeric: Vec<bool>,
        weights: Vec<u16>,
    },
    /// A numbered item with a bold head line, its text, and a small line under it
    /// (deliberations, moções).
    Entry {
        head: String,
        text: String,
        foot: Option<String>,
    },
    /// A bar chart; the same counts always follow as a table (the text alternative).
    Chart {
        alt: String,
        bars: Vec<Bar>,
        max: u32,
        caption: String,
    },
    /// `index` into [`Doc::photos`]; `path` is its name in the typst world.
    Photo {
        index: usize,
        caption: String,
        path: String,
    },
}

fn count_table(caption: &str, first: &str, counts: &[Count], total: bool) -> Block {
    let mut rows: Vec<Vec<String>> = counts
        .iter()
        .map(|c| vec![c.label.clone(), c.count.to_string()])
        .collect();
    if total && counts.len() > 1 {
        let sum: u64 = counts.iter().map(|c| u64::from(c.count)).sum();
        rows.push(vec!["Total".to_owned(), sum.to_string()]);
    }
    Block::Table {
        caption: caption.to_owned(),
        header: vec![first.to_owned(), "Quantidade".to_owned()],
        rows,
        numeric: vec![false, true],
        weights: vec![1, 0],
    }
}

fn field(label: &str, value: impl Into<String>) -> Field {
    Field {
        label: label.to_owned(),
        value: value.into(),
    }
}

fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

fn empty(text: &str) -> Block {
    Block::Empty {
        text: text.to_owned(),
    }
}

fn yes_no(ok: bool, yes: &str, no: &str) -> String {
    if ok { yes } else { no }.to_owned()
}

/// Percentage with one decimal and a comma ("37,5%").
pub(crate) fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "0%".to_owned();
    }
    let p = f64::from(part) * 100.0 / f64::from(whole);
    format!("{}%", hours_pt(p))
}

/// "Proposta nova · alterada na plenária · prioridade 1 · origens: A | B".
pub(crate) fn deliberation_head(d: &domain::report::Deliberation) -> String {
    let mut head = d.code.clone();
    if let Some(p) = d.priority {
        head.push_str(&format!(" · Prioridade {p}"));
    }
    head.push_str(" · ");
    head.push_str(&d.kind_label);
    if d.amended {
        head.push_str(" · alterada na plenária");
    }
    head
}

/// The heading of the pre-conferences per territory (after the form's sections).
pub(crate) const PRECONFERENCES: &str = "Resultados das pré-conferências por território";

pub(crate) fn build(report: &Report) -> Result<Doc, Error> {
    let g = &report.general;
    let mut b: Vec<Block> = Vec::new();
    let council = report.audience == Audience::Council;

    // I. General information.
    b.push(heading(1, Section::General.heading()));
    let mut items = vec![
        field("Conferência", &g.title),
        field("Nível", &g.level),
        field(
            "Local",
            match &g.uf {
                // "Pará de Minas/MG" already names its UF.
                Some(uf) if !uf.is_empty() && !g.place_name.ends_with(&format!("/{uf}")) => {
                    format!("{} – {}", g.place_name, uf)
                }
                _ => g.place_name.clone(),
            },
        ),
    ];
    if let Some(ibge) = &g.ibge_code {
        items.push(field("Código IBGE", ibge));
    }
    if let Some(label) = &g.porte_label {
        let porte = match &g.porte {
            Some(code) => format!("{label} ({code})"),
            None => label.clone(),
        };
        items.push(field("Porte", porte));
    }
    items.push(field("Conselho responsável", &g.body));
    items.push(field("Edição", format!("{}ª", g.edition)));
    items.push(field("Ano do ciclo", g.cycle_year.to_string()));
    items.push(field("Tema", &g.theme));
    if let Some(lema) = &g.lema {
        items.push(field("Lema", lema));
    }
    items.push(field(
        "Período",
        if g.starts_on == g.ends_on {
            date_pt(&g.starts_on)
        } else {
            format!("{} a {}", date_pt(&g.starts_on), date_pt(&g.ends_on))
        },
    ));
    items.push(field(
        "Carga horária total",
        g.total_hours
            .map(|h| format!("{} horas", hours_pt(h)))
            .unwrap_or_else(|| "não informada".to_owned()),
    ));
    items.push(field(
        "Local de realização",
        g.venue
            .clone()
            .unwrap_or_else(|| "não informado".to_owned()),
    ));
    if let Some(addr) = &g.venue_address {
        items.push(field("Endereço", addr));
    }
    items.push(field(
        "Total de participantes presentes",
        g.total_participants.to_string(),
    ));
    b.push(Block::Fields { items });
    if !g.participants_by_category.is_empty() {
        b.push(count_table(
            "Participantes por categoria",
            "Categoria",
            &g.participants_by_category,
            true,
        ));
    }
    if !g.participants_by_segment.is_empty() {
        b.push(count_table(
            "Participantes por segmento",
            "Segmento",
            &g.participants_by_segment,
            true,
        ));
    }

    // II. Delegates by segment.
    b.push(heading(1, Section::Delegates.heading()));
    if report.delegates_by_segment.is_empty() {
        b.push(empty("Nenhum(a) delegado(a) registrado(a)."));
    } else {
        b.push(count_table(
            "Delegados(as) por segmento",
            "Segmento",
            &report.delegates_by_segment,
            true,
        ));
    }

    // III. Markers and accessibility needs.
    b.push(heading(1, Section::Markers.heading()));
    if report.participants_by_marker.is_empty() && report.participants_by_need.is_empty() {
        b.push(empty(
            "Nenhum marcador social ou necessidade de acessibilidade declarado.",
        ));
    } else {
        b.push(Block::Para {
            text: "Contagens das autodeclarações dos(as) participantes presentes.".to_owned(),
        });
        if report.participants_by_marker.is_empty() {
            b.push(empty("Nenhum marcador social declarado."));
        } else {
            b.push(count_table(
                "Participantes por marcador social",
                "Marcador social",
                &report.participants_by_marker,
                false,
            ));
        }
        if report.participants_by_need.is_empty() {
            b.push(empty("Nenhuma necessidade de acessibilidade declarada."));
        } else {
            b.push(count_table(
                "Participantes por necessidade de acessibilidade",
                "Necessidade",
                &report.participants_by_need,
                false,
            ));
        }
    }

    // IV. Deliberations, grouped by eixo then level.
    b.push(heading(1, Section::Deliberations.heading()));
    if report.deliberations().next().is_none() {
        b.push(empty("Nenhuma deliberação aprovada."));
    } else {
        for eixo in &report.eixos {
            b.push(heading(2, format!("Eixo {}: {}", eixo.number, eixo.title)));
            if eixo.levels.iter().all(|l| l.items.is_empty()) {
                b.push(empty("Nenhuma deliberação aprovada neste eixo."));
            }
            for level in eixo.levels.iter().filter(|l| !l.items.is_empty()) {
                b.push(heading(3, format!("Nível {}", level.level_label)));
                for d in &level.items {
                    b.push(Block::Entry {
                        head: deliberation_head(d),
                        text: d.text.clone(),
                        foot: (!d.origins.is_empty())
                            .then(|| format!("Origem: {}", d.origins.join("; "))),
                    });
                }
            }
        }
    }

    // V. Elected delegation.
    b.push(heading(1, Section::Delegation.heading()));
    let del = &report.delegation;
    if !del.computed {
        b.push(empty("A eleição de delegados(as) ainda não foi apurada."));
    } else {
        b.push(Block::Fields {
            items: vec![
                field("Titulares", del.titulares.to_string()),
                field("Suplentes", del.suplentes.to_string()),
                field(
                    "Titulares de grupos da cota",
                    format!(
                        "{} (mínimo de {}: {})",
                        del.quota_titulares,
                        del.quota_minimum,
                        yes_no(del.quota_met, "cota atendida", "cota não atendida")
                    ),
                ),
                field(
                    "Paridade entre governo e sociedade civil",
                    yes_no(del.parity_ok, "respeitada", "não respeitada"),
                ),
                field("Critério de desempate", &del.tie_rule),
            ],
        });
        if !del.titulares_by_segment.is_empty() {
            b.push(count_table(
                "Titulares por segmento",
                "Segmento",
                &del.titulares_by_segment,
                true,
            ));
        }
        if del.delegates.is_empty() {
            b.push(empty("Nenhum(a) delegado(a) eleito(a)."));
        } else {
            let mut header = vec![
                "Nome".to_owned(),
                "Segmento".to_owned(),
                "Vaga".to_owned(),
                "Ordem".to_owned(),
            ];
            let mut numeric = vec![false, false, false, true];
            let mut weights = vec![3, 3, 2, 0];
            if council {
                header.push("Grupos da cota".to_owned());
                header.push("Contato".to_owned());
                numeric.extend([false, false]);
                weights.extend([3, 5]);
            }
            let rows = del
                .delegates
                .iter()
                .map(|d| {
                    let mut row = vec![
                        d.name.clone(),
                        d.segment_label.clone(),
                        d.seat_label.clone(),
                        d.position.to_string(),
                    ];
                    if council {
                        row.push(
                            d.quota_groups
                                .as_ref()
                                .filter(|q| !q.is_empty())
                                .map(|q| q.join(", "))
                                .unwrap_or_else(|| "—".to_owned()),
                        );
                        row.push(contact_text(d.contact.as_ref()));
                    }
                    row
                })
                .collect();
            b.push(Block::Table {
                caption: "Delegados(as) eleitos(as)".to_owned(),
                header,
                rows,
                numeric,
                weights,
            });
        }
    }

    // VI. Moções.
    b.push(heading(1, Section::Mocoes.heading()));
    if report.mocoes.is_empty() {
        b.push(empty("Nenhuma moção aprovada."));
    }
    for (i, m) in report.mocoes.iter().enumerate() {
        b.push(Block::Entry {
            head: format!("Moção {} · {}", i + 1, m.kind_label),
            text: m.text.clone(),
            foot: Some(format!("Destinatário: {}", m.addressee)),
        });
    }

    // VII. Accessibility resources.
    b.push(heading(1, Section::Accessibility.heading()));
    if report.accessibility.is_empty() {
        b.push(empty("Nenhum recurso de acessibilidade informado."));
    } else {
        b.push(Block::List {
            items: report.accessibility.clone(),
        });
    }

    // VIII. Evaluation.
    b.push(heading(1, Section::Evaluation.heading()));
    match &report.evaluation {
        None => b.push(empty("Nenhum questionário de avaliação respondido.")),
        Some(ev) if ev.respondents == 0 => {
            b.push(empty("Nenhum questionário de avaliação respondido."))
        }
        Some(ev) => {
            b.push(Block::Fields {
                items: vec![
                    field("Questionários respondidos", ev.respondents.to_string()),
                    field("Em papel", ev.on_paper.to_string()),
                    field(
                        "Pela internet",
                        ev.respondents.saturating_sub(ev.on_paper).to_string(),
                    ),
                ],
            });
            for (i, q) in ev.questions.iter().enumerate() {
                b.push(heading(2, format!("Pergunta {}: {}", i + 1, q.text)));
                let mut facts = vec![field("Respostas", q.answered.to_string())];
                if let Some(mean) = q.mean {
                    facts.push(field("Média", hours_pt(mean)));
                }
                b.push(Block::Fields { items: facts });
                if !q.options.is_empty() {
                    let max = q.options.iter().map(|o| o.count).max().unwrap_or(0);
                    b.push(Block::Chart {
                        alt: format!(
                            "Gráfico de barras das respostas à pergunta {}; os números estão na tabela a seguir.",
                            i + 1
                        ),
                        caption: format!("Respostas à pergunta {}", i + 1),
                        bars: q
                            .options
                            .iter()
                            .map(|o| Bar {
                                label: o.label.clone(),
                                count: o.count,
                            })
                            .collect(),
                        max,
                    });
                    b.push(Block::Table {
                        caption: format!("Respostas à pergunta {} (números do gráfico)", i + 1),
                        header: vec![
                            "Opção".to_owned(),
                            "Respostas".to_owned(),
                            "Percentual".to_owned(),
                        ],
                        rows: q
                            .options
                            .iter()
                            .map(|o| {
                                vec![
                                    o.label.clone(),
                                    o.count.to_string(),
                                    percent(o.count, q.answered),
                                ]
                            })
                            .collect(),
                        numeric: vec![false, true, true],
                        weights: vec![1, 0, 0],
                    });
                }
                if !q.samples.is_empty() {
                    b.push(Block::Para {
                        text: "Algumas respostas:".to_owned(),
                    });
                    b.push(Block::List {
                        items: q.samples.clone(),
                    });
                }
            }
        }
    }

    // IX. Photos.
    b.push(heading(1, Section::Photos.heading()));
    let mut photos = Vec::new();
    if report.photos.is_empty() {
        b.push(empty("Nenhuma foto selecionada."));
    }
    for (index, p) in report.photos.iter().enumerate() {
        let data = photo::decode(index, p)?;
        b.push(Block::Photo {
            index,
            caption: p.caption.clone(),
            path: format!("/fotos/{}", data.file_name(index)),
        });
        photos.push(data);
    }

    // The state's extra questions (its orientation, ADR 0036), each with the answer.
    if !report.extra_answers.is_empty() {
        b.push(heading(1, domain::report::EXTRA_HEADING));
        for a in &report.extra_answers {
            b.push(heading(2, a.question.clone()));
            if a.answer.trim().is_empty() {
                b.push(empty("Sem resposta."));
            }
            for para in a.answer.split("\n\n").filter(|p| !p.trim().is_empty()) {
                b.push(Block::Para {
                    text: para.trim().to_owned(),
                });
            }
        }
    }

    // Not sections of the form, but part of the record.
    if !report.preconferences.is_empty() {
        b.push(heading(1, PRECONFERENCES));
        b.push(Block::Table {
            caption: "Reuniões realizadas, pessoas, propostas e delegados(as) eleitos(as) nas pré-conferências, por território".to_owned(),
            header: [
                "Território",
                "Unidades",
                "Reuniões realizadas",
                "Pessoas",
                "Propostas",
                "Delegados(as) titulares",
                "Suplentes",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: report
                .preconferences
                .iter()
                .map(|t| {
                    vec![
                        t.territory.clone(),
                        t.units.to_string(),
                        t.meetings_held.to_string(),
                        t.people.to_string(),
                        t.proposals.to_string(),
                        t.delegates_titular.to_string(),
                        t.delegates_suplente.to_string(),
                    ]
                })
                .collect(),
            numeric: vec![false, true, true, true, true, true, true],
            weights: vec![2, 1, 1, 1, 1, 1, 1],
        });
    }
    if let Some(k) = &report.consultation {
        b.push(heading(1, domain::report::CONSULTATION_HEADING));
        b.push(Block::Para {
            text: format!(
                "Consulta consultiva, prevista no regimento: {} pessoa(s) com conta votaram em pelo menos uma proposta, cada uma com um voto por proposta. O resultado não decide: a decisão é da plenária.",
                k.participants
            ),
        });
        b.push(Block::Table {
            caption: "Votos da consulta on-line em cada proposta dos grupos de trabalho, com o que o grupo e a plenária decidiram".to_owned(),
            header: ["Eixo", "Proposta", "Aprovam", "Não aprovam", "Abstenções", "Decisão"]
                .map(str::to_owned)
                .to_vec(),
            rows: k
                .items
                .iter()
                .map(|i| {
                    vec![
                        i.eixo.clone(),
                        i.text.clone(),
                        i.favor.to_string(),
                        i.against.to_string(),
                        i.abstain.to_string(),
                        i.outcome.clone(),
                    ]
                })
                .collect(),
            numeric: vec![false, false, true, true, true, false],
            weights: vec![1, 4, 1, 1, 1, 2],
        });
    }
    if !report.settings.is_empty() {
        b.push(heading(1, "Parâmetros da conferência"));
        b.push(Block::List {
            items: report.settings.clone(),
        });
    }
    if let Some(notes) = report.notes.as_ref().filter(|n| !n.trim().is_empty()) {
        b.push(heading(1, "Observações da comissão"));
        for para in notes.split("\n\n").filter(|p| !p.trim().is_empty()) {
            b.push(Block::Para {
                text: para.trim().to_owned(),
            });
        }
    }

    let mut subtitle = vec![
        "Relatório final".to_owned(),
        g.body.clone(),
        format!("Tema: {}", g.theme),
    ];
    subtitle.push(format!(
        "Gerado em {} · {}",
        date_pt(
            report
                .generated_at
                .get(..10)
                .unwrap_or(report.generated_at.as_str())
        ),
        match report.audience {
            Audience::Public => "versão pública",
            Audience::Council => "versão para o conselho (contém dados pessoais)",
        }
    ));

    Ok(Doc {
        title: g.title.clone(),
        author: g.body.clone(),
        subtitle,
        blocks: b,
        generated_at: report.generated_at.clone(),
        photos,
    })
}

fn contact_text(c: Option<&domain::report::Contact>) -> String {
    let parts: Vec<&str> = c
        .map(|c| {
            [c.email.as_deref(), c.phone.as_deref()]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join("\n")
    }
}
