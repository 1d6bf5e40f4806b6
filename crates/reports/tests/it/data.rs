//! CSV and JSON: open data that parses back.

use crate::common;

use common::*;
use conferencia_reports::{Format, render};
use domain::report::{Report, Section};

fn parse_csv(bytes: &[u8]) -> Vec<csv::StringRecord> {
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "no BOM");
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        .from_reader(&bytes[3..]);
    let header = r.headers().expect("header").clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "secao",
            "eixo",
            "eixo_titulo",
            "nivel",
            "codigo",
            "prioridade",
            "tipo",
            "texto",
            "alterada",
            "origens"
        ]
    );
    r.records().map(|rec| rec.expect("record")).collect()
}

#[test]
fn csv_has_one_row_per_deliberation_then_facts() {
    let report = rich_sample();
    let bytes = render(&report, Format::Csv).expect("csv");
    assert!(
        String::from_utf8(bytes[3..].to_vec())
            .expect("utf-8")
            .contains("\r\n")
    );
    let rows = parse_csv(&bytes);
    let delib: Vec<_> = rows
        .iter()
        .filter(|r| &r[0] == Section::Deliberations.heading())
        .collect();
    assert_eq!(delib.len(), report.deliberations().count());
    let first = delib[0];
    assert_eq!(&first[1], "1");
    assert_eq!(&first[2], "Financiamento e orçamento do SUAS");
    assert_eq!(&first[3], "municipal");
    assert_eq!(&first[4], "E1-M-1");
    assert_eq!(&first[5], "1");
    assert_eq!(&first[6], "new");
    assert!(first[7].starts_with("Ampliar o cofinanciamento"));
    assert_eq!(&first[8], "não");
    assert_eq!(
        &first[9],
        "Grupo 1 (Eixo 1) | Pré-conferência do CRAS Centro"
    );
    let amended = delib.iter().find(|r| &r[4] == "E2-E-1").expect("E2-E-1");
    assert_eq!(&amended[8], "sim");
    assert_eq!(&amended[5], "");

    let fact = |section: Section, key: &str| {
        rows.iter()
            .find(|r| &r[0] == section.heading() && &r[4] == key)
            .map(|r| r[7].to_owned())
    };
    assert_eq!(
        fact(Section::General, "total_participantes").as_deref(),
        Some("120")
    );
    assert_eq!(
        fact(Section::General, "total_horas").as_deref(),
        Some("12.5")
    );
    assert_eq!(
        fact(Section::Delegates, "delegados_segmento.governo").as_deref(),
        Some("30")
    );
    assert_eq!(
        fact(Section::Markers, "necessidade.libras").as_deref(),
        Some("3")
    );
    assert_eq!(
        fact(Section::Delegation, "delegado.1.nome").as_deref(),
        Some("Ana Souza")
    );
    assert_eq!(
        fact(Section::Mocoes, "mocao.1.destinatario").as_deref(),
        Some("Câmara Municipal")
    );
    assert!(fact(Section::Accessibility, "recurso.1").is_some());
    assert_eq!(
        fact(Section::Evaluation, "pergunta.1.opcao.5").as_deref(),
        Some("30")
    );
    assert_eq!(
        fact(Section::Photos, "foto.1.legenda").as_deref(),
        Some("Plenária final no Centro Cultural")
    );
    // The answers to the state's extra questions.
    let extra: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| &r[0] == domain::report::EXTRA_HEADING)
        .map(|r| (&r[4], &r[7]))
        .collect();
    assert_eq!(
        extra,
        vec![
            ("pergunta.1", "Quantas pré-conferências foram realizadas?"),
            ("resposta.1", "Oito, uma em cada unidade."),
            ("pergunta.2", "O que mais faltou?"),
            ("resposta.2", ""),
        ]
    );
    // The pre-conferences per territory, the total last.
    let territory = |key: &str| {
        rows.iter()
            .find(|r| &r[0] == "Resultados das pré-conferências por território" && &r[4] == key)
            .map(|r| r[7].to_owned())
    };
    assert_eq!(
        territory("territorio.1.nome").as_deref(),
        Some("Território Centro")
    );
    assert_eq!(territory("territorio.1.pessoas").as_deref(), Some("74"));
    assert_eq!(territory("territorio.3.nome").as_deref(), Some("Total"));
    assert_eq!(territory("territorio.3.propostas").as_deref(), Some("13"));
    // The example line of the crate docs, byte for byte.
    let raw = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    assert!(raw.contains("I. Informações gerais;;;;total_participantes;;;120;;\r\n"));
    // Every row has the 10 columns.
    assert!(rows.iter().all(|r| r.len() == 10));
}

#[test]
fn csv_round_trips_separators_quotes_and_newlines() {
    let mut report = Report::sample();
    let text = "Texto com ; ponto e vírgula, \"aspas\" e\r\nquebra de linha\nsegunda; fim";
    report.eixos[0].levels[0].items[0].text = text.into();
    report.eixos[0].levels[0].items[0].origins = vec!["A; B".into(), "C \"D\"".into()];
    let rows = parse_csv(&render(&report, Format::Csv).expect("csv"));
    let row = rows.iter().find(|r| &r[4] == "E1-M-1").expect("row");
    assert_eq!(&row[7], text);
    assert_eq!(&row[9], "A; B | C \"D\"");
}

#[test]
fn csv_cells_that_look_like_formulas_are_text() {
    // OWASP "CSV injection": a spreadsheet must not run what a participant typed.
    let mut report = Report::sample();
    report.eixos[0].levels[0].items[0].text = "=HYPERLINK(\"http://evil.example\";\"x\")".into();
    report.eixos[0].levels[0].items[0].origins = vec!["@SUM(1+1)".into()];
    report.general.title = "+Conferência".into();
    report.notes = Some("-2 votos".into());
    let bytes = render(&report, Format::Csv).expect("csv");
    let rows = parse_csv(&bytes);
    let row = rows.iter().find(|r| &r[4] == "E1-M-1").expect("row");
    assert_eq!(&row[7], "'=HYPERLINK(\"http://evil.example\";\"x\")");
    assert_eq!(&row[9], "'@SUM(1+1)");
    let fact = |key: &str| rows.iter().find(|r| &r[4] == key).map(|r| r[7].to_owned());
    assert_eq!(fact("titulo").as_deref(), Some("'+Conferência"));
    assert_eq!(fact("observacoes").as_deref(), Some("'-2 votos"));
    for r in &rows {
        for c in r.iter() {
            assert!(!c.starts_with(['=', '+', '-', '@', '\t', '\r']), "{c:?}");
        }
    }
}

#[test]
fn json_round_trips() {
    for report in [rich_sample(), council_sample()] {
        let bytes = render(&report, Format::Json).expect("json");
        let back: Report = serde_json::from_slice(&bytes).expect("parse");
        assert_eq!(back, report);
    }
}
