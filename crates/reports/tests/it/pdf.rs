//! The PDF: text, sections, structure tree (tagging), metadata and escaping of user text.

use crate::common;

use common::*;
use conferencia_reports::{Format, render};
use domain::report::Section;

#[test]
fn pdf_has_every_section_heading_and_deliberation() {
    let report = rich_sample();
    let pdf = render(&report, Format::Pdf).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let Some(text) = pdftotext(&pdf) else { return };
    let text = normalize(&text);
    for s in Section::ALL {
        assert!(
            text.contains(s.heading()),
            "missing heading {:?}",
            s.heading()
        );
    }
    for d in deliberation_texts(&report) {
        assert!(text.contains(&d), "missing deliberation {d:?}");
    }
    for needle in [
        "Página 1 de",
        "Plenária final no Centro Cultural",
        "Repúdio ao corte de recursos",
        "Intérprete de Libras em todas as sessões",
        "Como você avalia a organização da conferência?",
        "Origem: Grupo 1 (Eixo 1); Pré-conferência do CRAS Centro",
        "E1-M-1 · Prioridade 1 · Proposta nova",
        "alterada na plenária",
        "Perguntas do Conselho Estadual",
        "Quantas pré-conferências foram realizadas?",
        "Oito, uma em cada unidade.",
        "Sem resposta.",
        "Resultados das pré-conferências por território",
        "Território Centro",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in {text}");
    }
}

#[test]
fn empty_sections_say_so() {
    let mut report = domain::report::Report::sample();
    report.mocoes.clear();
    report.eixos.clear();
    report.evaluation = None;
    let pdf = render(&report, Format::Pdf).expect("pdf");
    let Some(text) = pdftotext(&pdf) else { return };
    let text = normalize(&text);
    for needle in [
        "Nenhuma moção aprovada.",
        "Nenhuma deliberação aprovada.",
        "Nenhum questionário de avaliação respondido.",
        "Nenhuma foto selecionada.",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn user_text_is_never_typst_markup() {
    let mut report = domain::report::Report::sample();
    let text = format!("{TRICKY}\n= não é título\n- nem lista\n/ nem termo: x\n#let y = 1");
    report.eixos[0].levels[0].items[0].text = text.clone();
    report.general.title = format!("Conferência {TRICKY}");
    report.accessibility.push("#image(\"/etc/passwd\")".into());
    let pdf = render(&report, Format::Pdf).expect("markup in user text must not break the PDF");
    let Some(out) = pdftotext(&pdf) else { return };
    let out = normalize(&out);
    assert!(out.contains(&normalize(&text)), "text not literal: {out}");
    assert!(out.contains(&normalize(TRICKY)));
    assert!(out.contains("#image(\"/etc/passwd\")"));
}

#[test]
fn pdf_is_tagged_with_headings_tables_and_figures() {
    let pdf = render(&rich_sample(), Format::Pdf).expect("pdf");
    let Some(info) = pdfinfo(&pdf, &[]) else {
        return;
    };
    let field = |key: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(field("Tagged"), "yes", "{info}");
    assert_eq!(
        field("Title"),
        "14ª Conferência Municipal de Assistência Social de Exemplo"
    );
    assert_eq!(
        field("Author"),
        "Conselho Municipal de Assistência Social de Exemplo"
    );
    let Some(tree) = pdfinfo(&pdf, &["-struct"]) else {
        return;
    };
    for tag in [
        "H1", "H2", "H3", "Table", "TR", "TH", "TD", "Figure", "L", "LI",
    ] {
        assert!(
            tree.lines().any(|l| l.trim_start().starts_with(tag)),
            "no {tag} in the structure tree:\n{tree}"
        );
    }
    // The chart and the photos are figures with alternative text.
    let Some(tree_text) = pdfinfo(&pdf, &["-struct-text"]) else {
        return;
    };
    assert!(tree_text.contains("Figure"), "{tree_text}");
}

#[test]
fn pdf_declares_pdf_ua_and_language() {
    let pdf = render(&rich_sample(), Format::Pdf).expect("pdf");
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("pdfuaid"), "no PDF/UA identification in XMP");
    let Some(meta) = pdfinfo(&pdf, &["-meta"]) else {
        return;
    };
    assert!(meta.contains("pdfuaid:part"), "{meta}");
    assert!(raw.contains("/Lang"), "no document language");
}
