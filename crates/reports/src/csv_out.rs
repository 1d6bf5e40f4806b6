//! CSV as open data: deliberation rows first, then key/value rows for every other section
//! (layout in the crate docs).

use domain::report::{Audience, Count, Report, Section};

use crate::Error;

pub(crate) const HEADER: [&str; 10] = [
    "secao",
    "eixo",
    "eixo_titulo",
    "nivel",
    "codigo",
    "prioridade",
    "tipo",
    "texto",
    "alterada",
    "origens",
];

struct Rows {
    rows: Vec<[String; 10]>,
}

impl Rows {
    fn fact(&mut self, section: &str, key: impl Into<String>, value: impl Into<String>) {
        self.fact_typed(section, key, "", value);
    }

    /// A fact with something in `tipo` (an option's label next to its count).
    fn fact_typed(
        &mut self,
        section: &str,
        key: impl Into<String>,
        tipo: &str,
        value: impl Into<String>,
    ) {
        let mut row: [String; 10] = Default::default();
        row[0] = section.to_owned();
        row[4] = key.into();
        row[6] = tipo.to_owned();
        row[7] = value.into();
        self.rows.push(row);
    }

    fn counts(&mut self, section: &str, prefix: &str, counts: &[Count]) {
        for c in counts {
            self.fact_typed(
                section,
                format!("{prefix}.{}", c.code),
                &c.label,
                c.count.to_string(),
            );
        }
    }

    fn opt(&mut self, section: &str, key: &str, value: Option<&String>) {
        if let Some(v) = value {
            self.fact(section, key, v.clone());
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "sim" } else { "não" }
}

pub(crate) fn render(report: &Report) -> Result<Vec<u8>, Error> {
    let mut out = Rows { rows: Vec::new() };

    let s = Section::Deliberations.heading();
    for (eixo, level, d) in report.deliberations() {
        out.rows.push([
            s.to_owned(),
            eixo.number.to_string(),
            eixo.title.clone(),
            level.level.clone(),
            d.code.clone(),
            d.priority.map(|p| p.to_string()).unwrap_or_default(),
            d.kind.clone(),
            d.text.clone(),
            yes_no(d.amended).to_owned(),
            d.origins.join(" | "),
        ]);
    }

    let g = &report.general;
    let s = Section::General.heading();
    out.fact(s, "titulo", &g.title);
    out.fact(s, "nivel", &g.level);
    out.fact(s, "municipio", &g.place_name);
    out.opt(s, "uf", g.uf.as_ref());
    out.opt(s, "codigo_ibge", g.ibge_code.as_ref());
    out.opt(s, "porte", g.porte.as_ref());
    out.fact(s, "conselho", &g.body);
    out.fact(s, "edicao", g.edition.to_string());
    out.fact(s, "ano_ciclo", g.cycle_year.to_string());
    out.fact(s, "tema", &g.theme);
    out.opt(s, "lema", g.lema.as_ref());
    out.fact(s, "data_inicio", &g.starts_on);
    out.fact(s, "data_fim", &g.ends_on);
    if let Some(h) = g.total_hours {
        out.fact(s, "total_horas", h.to_string());
    }
    out.opt(s, "local", g.venue.as_ref());
    out.opt(s, "endereco", g.venue_address.as_ref());
    out.fact(s, "total_participantes", g.total_participants.to_string());
    out.counts(s, "participantes_categoria", &g.participants_by_category);
    out.counts(s, "participantes_segmento", &g.participants_by_segment);

    let s = Section::Delegates.heading();
    out.counts(s, "delegados_segmento", &report.delegates_by_segment);

    let s = Section::Markers.heading();
    out.counts(s, "marcador", &report.participants_by_marker);
    out.counts(s, "necessidade", &report.participants_by_need);

    let s = Section::Delegation.heading();
    let del = &report.delegation;
    out.fact(s, "apurada", yes_no(del.computed));
    if del.computed {
        out.fact(s, "titulares", del.titulares.to_string());
        out.fact(s, "suplentes", del.suplentes.to_string());
        out.counts(s, "titulares_segmento", &del.titulares_by_segment);
        out.fact(s, "cota_titulares", del.quota_titulares.to_string());
        out.fact(s, "cota_minimo", del.quota_minimum.to_string());
        out.fact(s, "cota_atendida", yes_no(del.quota_met));
        out.fact(s, "paridade", yes_no(del.parity_ok));
        out.fact(s, "criterio_desempate", &del.tie_rule);
        let council = report.audience == Audience::Council;
        for (i, d) in del.delegates.iter().enumerate() {
            let k = |f: &str| format!("delegado.{}.{f}", i + 1);
            out.fact(s, k("nome"), &d.name);
            out.fact_typed(s, k("segmento"), &d.segment_label, &d.segment);
            out.fact_typed(s, k("vaga"), &d.seat_label, &d.seat);
            out.fact(s, k("ordem"), d.position.to_string());
            if council {
                if let Some(q) = &d.quota_groups {
                    out.fact(s, k("grupos_cota"), q.join(" | "));
                }
                if let Some(c) = &d.contact {
                    out.opt(s, &k("email"), c.email.as_ref());
                    out.opt(s, &k("telefone"), c.phone.as_ref());
                }
            }
        }
    }

    let s = Section::Mocoes.heading();
    for (i, m) in report.mocoes.iter().enumerate() {
        out.fact(s, format!("mocao.{}.tipo", i + 1), &m.kind_label);
        out.fact(s, format!("mocao.{}.destinatario", i + 1), &m.addressee);
        out.fact(s, format!("mocao.{}.texto", i + 1), &m.text);
    }

    let s = Section::Accessibility.heading();
    for (i, a) in report.accessibility.iter().enumerate() {
        out.fact(s, format!("recurso.{}", i + 1), a);
    }

    let s = Section::Evaluation.heading();
    if let Some(ev) = &report.evaluation {
        out.fact(s, "respondentes", ev.respondents.to_string());
        out.fact(s, "em_papel", ev.on_paper.to_string());
        for (i, q) in ev.questions.iter().enumerate() {
            let k = |f: &str| format!("pergunta.{}.{f}", i + 1);
            out.fact(s, k("texto"), &q.text);
            out.fact(s, k("tipo"), &q.kind);
            out.fact(s, k("respostas"), q.answered.to_string());
            if let Some(m) = q.mean {
                out.fact(s, k("media"), m.to_string());
            }
            for o in &q.options {
                out.fact_typed(
                    s,
                    k(&format!("opcao.{}", o.code)),
                    &o.label,
                    o.count.to_string(),
                );
            }
            for (j, sample) in q.samples.iter().enumerate() {
                out.fact(s, k(&format!("amostra.{}", j + 1)), sample);
            }
        }
    }

    let s = Section::Photos.heading();
    for (i, p) in report.photos.iter().enumerate() {
        out.fact(s, format!("foto.{}.legenda", i + 1), &p.caption);
    }

    for (i, a) in report.extra_answers.iter().enumerate() {
        let s = domain::report::EXTRA_HEADING;
        out.fact(s, format!("pergunta.{}", i + 1), &a.question);
        out.fact(s, format!("resposta.{}", i + 1), &a.answer);
    }
    let s = crate::model::PRECONFERENCES;
    for (i, t) in report.preconferences.iter().enumerate() {
        let k = |f: &str| format!("territorio.{}.{f}", i + 1);
        out.fact(s, k("nome"), &t.territory);
        out.fact(s, k("unidades"), t.units.to_string());
        out.fact(s, k("reunioes_realizadas"), t.meetings_held.to_string());
        out.fact(s, k("pessoas"), t.people.to_string());
        out.fact(s, k("propostas"), t.proposals.to_string());
        out.fact(s, k("delegados_titulares"), t.delegates_titular.to_string());
        out.fact(
            s,
            k("delegados_suplentes"),
            t.delegates_suplente.to_string(),
        );
    }

    if let Some(k) = &report.consultation {
        let s = domain::report::CONSULTATION_HEADING;
        out.fact(s, "participantes", k.participants.to_string());
        for (i, p) in k.items.iter().enumerate() {
            let key = |f: &str| format!("proposta.{}.{f}", i + 1);
            out.fact(s, key("eixo"), &p.eixo);
            out.fact(s, key("texto"), &p.text);
            out.fact(s, key("aprovam"), p.favor.to_string());
            out.fact(s, key("nao_aprovam"), p.against.to_string());
            out.fact(s, key("abstencoes"), p.abstain.to_string());
            out.fact(s, key("decisao"), &p.outcome);
        }
    }

    for (i, p) in report.settings.iter().enumerate() {
        out.fact("Parâmetros", format!("parametro.{}", i + 1), p);
    }
    if let Some(n) = &report.notes {
        out.fact("Observações", "observacoes", n);
    }
    out.fact("Relatório", "esquema", &report.schema);
    out.fact(
        "Relatório",
        "publico",
        match report.audience {
            Audience::Public => "public",
            Audience::Council => "council",
        },
    );
    out.fact("Relatório", "gerado_em", &report.generated_at);

    // `;`, CRLF, UTF-8 with BOM; a cell a spreadsheet would take for a formula gets a `'` in
    // front (domain::csv_text).
    let mut w = domain::csv_text::Writer::new();
    w.row(HEADER);
    for row in &out.rows {
        w.row(row);
    }
    Ok(w.finish())
}
