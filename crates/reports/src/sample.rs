//! A large synthetic report for benchmarks and the speed test.

use domain::report::{
    Count, Deliberation, EixoSection, ElectedDelegate, LevelDeliberations, Mocao, Photo,
    QuestionResult, Report,
};

const EIXO_TITLES: [&str; 5] = [
    "Financiamento e orçamento do SUAS",
    "Controle social e participação",
    "Gestão do trabalho e educação permanente",
    "Vigilância socioassistencial e informação",
    "Proteção social básica e especial",
];

const LEVELS: [(&str, &str, &str); 3] = [
    ("municipal", "municipal", "M"),
    ("estadual", "estadual", "E"),
    ("federal", "federal (União)", "F"),
];

const SENTENCES: [&str; 6] = [
    "Ampliar o cofinanciamento dos serviços socioassistenciais com reajuste anual pelo IPCA",
    "garantir equipes de referência completas por concurso público",
    "assegurar transporte e alimentação aos(às) usuários(as) nas conferências e nos conselhos",
    "implantar a vigilância socioassistencial com dados abertos e publicados a cada trimestre",
    "fortalecer os CRAS e CREAS nos territórios rurais, quilombolas e indígenas",
    "criar programa de educação permanente para trabalhadores(as) do SUAS",
];

/// [`Report::sample`] grown to `deliberations` deliberations (spread over 5 eixos and 3
/// levels, 2–3 sentences each), 300 participants, 40 elected delegates, 10 moções, 6
/// evaluation questions and 2 photos: the benchmark's workload.
pub fn large_sample(deliberations: usize) -> Report {
    let mut r = Report::sample();
    let c = |code: String, label: String, count: u32| Count { code, label, count };

    r.general.total_participants = 300;
    r.general.participants_by_category = vec![
        c("delegado".into(), "Delegado(a)".into(), 180),
        c("convidado".into(), "Convidado(a)".into(), 80),
        c("observador".into(), "Observador(a)".into(), 40),
    ];

    let mut eixos: Vec<EixoSection> = EIXO_TITLES
        .iter()
        .enumerate()
        .map(|(i, title)| EixoSection {
            number: i as i32 + 1,
            title: (*title).to_owned(),
            levels: LEVELS
                .iter()
                .map(|(level, label, _)| LevelDeliberations {
                    level: (*level).to_owned(),
                    level_label: (*label).to_owned(),
                    items: Vec::new(),
                })
                .collect(),
        })
        .collect();
    for n in 0..deliberations {
        let e = n % EIXO_TITLES.len();
        let l = (n / EIXO_TITLES.len()) % LEVELS.len();
        let items = &mut eixos[e].levels[l].items;
        let pos = items.len() + 1;
        let count = 2 + n % 2;
        let text = (0..count)
            .map(|k| SENTENCES[(n + k) % SENTENCES.len()])
            .collect::<Vec<_>>()
            .join("; ");
        items.push(Deliberation {
            code: format!("E{}-{}-{}", e + 1, LEVELS[l].2, pos),
            text: format!("{text} (proposta {}).", n + 1),
            amended: n % 7 == 0,
            kind: if n % 5 == 0 { "recommendation" } else { "new" }.into(),
            kind_label: if n % 5 == 0 {
                "Recomendação"
            } else {
                "Proposta nova"
            }
            .into(),
            priority: (pos <= 10).then_some(pos as i32),
            origins: vec![
                format!("Grupo {} (Eixo {})", e + 1, e + 1),
                format!("Pré-conferência do território {}", n % 12 + 1),
            ],
        });
    }
    r.eixos = eixos;

    let segments = [
        ("governo", "Governo"),
        ("usuarios", "Usuários(as)"),
        ("trabalhadores", "Trabalhadores(as) do SUAS"),
        ("entidades", "Entidades de assistência social"),
    ];
    r.delegation.delegates = (0..40)
        .map(|i| {
            let (seg, seg_label) = segments[i % 4];
            let titular = i < 20;
            ElectedDelegate {
                name: format!("Pessoa Delegada {:02}", i + 1),
                segment: seg.into(),
                segment_label: seg_label.into(),
                seat: if titular { "titular" } else { "suplente" }.into(),
                seat_label: if titular { "Titular" } else { "Suplente" }.into(),
                position: (i % 20 / 4 + 1) as i32,
                quota_groups: None,
                contact: None,
            }
        })
        .collect();
    r.delegation.titulares = 20;
    r.delegation.suplentes = 20;
    r.delegation.titulares_by_segment = segments
        .iter()
        .map(|(code, label)| c((*code).into(), (*label).into(), 5))
        .collect();
    r.delegation.quota_titulares = 7;
    r.delegation.quota_minimum = 6;

    r.mocoes = (1..=10)
        .map(|i| Mocao {
            kind_label: if i % 2 == 0 { "Repúdio" } else { "Apoio" }.into(),
            addressee: "Câmara Municipal".into(),
            text: format!("Moção número {i} sobre o financiamento do SUAS no município."),
        })
        .collect();

    if let Some(ev) = r.evaluation.as_mut() {
        ev.respondents = 200;
        ev.on_paper = 60;
        for q in 1..=4 {
            ev.questions.push(QuestionResult {
                text: format!("Como você avalia o item {q} da conferência?"),
                kind: "scale".into(),
                answered: 190,
                options: (1..=5)
                    .map(|p| c(p.to_string(), p.to_string(), (p * 7 + q) as u32))
                    .collect(),
                mean: Some(3.7),
                samples: vec![],
            });
        }
    }

    r.photos = vec![
        Photo::sample("Plenária final no Centro Cultural"),
        Photo::sample("Grupo de trabalho do eixo 2"),
    ];
    r
}
