//! Mobilization questionnaires on both databases: questions grouped by eixo,
//! answers attributed to units (public link, the person's choice, paper typing), the printed
//! numbered forms, the second typing that flags differences and staff's decision, and the
//! results by territory and unit. Every bad input is refused in pt-BR with nothing written.

use crate::support::{articulator, commission, conference_by_slug, invalid};
use app::Fail;
use app::mobilization::questionnaire_paper::{self as paper, PrintInput};
use app::mobilization::questionnaires::{self as qs, NewInput, QuestionInput, ResultsFilter};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{
    conference, eixo, question, questionnaire_answer, questionnaire_response, questionnaire_retype,
    unit,
};
use testkit::both_dbs;
use uuid::Uuid;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

fn fields(e: &domain::Invalid) -> Vec<&str> {
    e.0.iter().map(|x| x.field.as_str()).collect()
}

fn a(v: &[&[&str]]) -> Vec<Vec<String>> {
    v.iter()
        .map(|x| x.iter().map(|s| (*s).to_owned()).collect())
        .collect()
}

async fn conf(db: &app::Db) -> conference::Model {
    conference_by_slug(db, SLUG).await
}

async fn eixos(db: &app::Db) -> Vec<eixo::Model> {
    let c = conf(db).await;
    testkit::eixos(db, c.id).await
}

async fn unit_named(db: &app::Db, name: &str) -> unit::Model {
    testkit::unit_by_name(db, name).await
}

async fn response(db: &app::Db, id: Uuid) -> questionnaire_response::Model {
    questionnaire_response::Entity::find_by_id(id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
}

async fn counts(db: &app::Db) -> (u64, u64, u64) {
    (
        questionnaire_response::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        questionnaire_answer::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        questionnaire_retype::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
    )
}

fn question(kind: &str, text: &str, options: &str, required: bool, eixo: &str) -> QuestionInput {
    QuestionInput {
        kind: kind.into(),
        text: text.into(),
        options: options.into(),
        required,
        eixo: eixo.into(),
        ..Default::default()
    }
}

/// A mobilization questionnaire (anonymous unless `identified`), open, with three questions
/// written in this order: one of eixo 2 (single choice), one without eixo (short text,
/// optional), one of eixo 1 (scale 1–5, required). Display order: Geral, eixo 1, eixo 2.
async fn mobilization(db: &app::Db, identified: bool) -> String {
    let com = commission(db).await;
    let id = qs::create(
        db,
        Some(&com),
        SLUG,
        &NewInput {
            title: "Escuta nos territórios".into(),
            purpose: "mobilization".into(),
            identified,
            template: false,
        },
    )
    .await
    .unwrap()
    .to_string();
    let ex = eixos(db).await;
    for q in [
        question(
            "single",
            "O CRAS fica perto da sua casa?",
            "Sim\nNão",
            true,
            &ex[1].id.to_string(),
        ),
        question("short_text", "Seu bairro", "", false, ""),
        QuestionInput {
            scale_min: "1".into(),
            scale_max: "5".into(),
            ..question(
                "scale",
                "De 1 a 5, como você avalia o atendimento?",
                "",
                true,
                &ex[0].id.to_string(),
            )
        },
    ] {
        qs::add_question(db, Some(&com), SLUG, &id, &q)
            .await
            .unwrap();
    }
    qs::set_status(db, Some(&com), SLUG, &id, "open")
        .await
        .unwrap();
    id
}

/// Answers in writing order: eixo 2's choice, the neighbourhood, eixo 1's scale.
fn answers(choice: &str, bairro: &str, scale: &str) -> Vec<Vec<String>> {
    a(&[&[choice], &[bairro], &[scale]])
}

both_dbs!(questions_are_grouped_by_eixo, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let id = mobilization(&db, false).await;
    let ex = eixos(&db).await;
    let f = qs::editor(&db, Some(&com), SLUG, &id).await.unwrap();
    assert!(f.grouped);
    assert_eq!(
        f.groups.iter().map(|g| g.title.clone()).collect::<Vec<_>>(),
        vec![
            "Geral".to_owned(),
            format!("Eixo 1: {}", ex[0].title),
            format!("Eixo 2: {}", ex[1].title),
        ]
    );
    // Numbered in display order; the form fields keep the writing order.
    let shown: Vec<(usize, usize, &str)> = f
        .groups
        .iter()
        .flat_map(|g| g.questions.iter())
        .map(|q| (q.number, q.index, q.text.as_str()))
        .collect();
    assert_eq!(
        shown,
        vec![
            (1, 1, "Seu bairro"),
            (2, 2, "De 1 a 5, como você avalia o atendimento?"),
            (3, 0, "O CRAS fica perto da sua casa?"),
        ]
    );
    assert_eq!(f.eixos.len(), ex.len());
    // The public form and the paper form show the same groups.
    let p = qs::public_form(&db, SLUG, &id).await.unwrap();
    assert_eq!(p.groups.len(), 3);
    let art = articulator(&db).await;
    let pf = qs::paper_form(&db, Some(&art), SLUG, &id).await.unwrap();
    assert_eq!(pf.groups[1].questions[0].index, 2);

    // Results and the CSV follow the groups.
    qs::answer_online(&db, SLUG, &id, &answers("0", "Centro", "4"), "", "")
        .await
        .unwrap();
    let r = qs::results(&db, Some(&com), SLUG, &id, &ResultsFilter::default())
        .await
        .unwrap();
    assert_eq!(r.groups.len(), 3);
    assert_eq!(r.groups[1].items[0].0, 2);
    assert_eq!(r.groups[1].items[0].1.mean, Some(4.0));
    let csv = String::from_utf8(qs::results_csv(&r)).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}eixo;pergunta;tipo;respostas;opcao;quantidade;media"
    );
    assert_eq!(lines[1], "Geral;Seu bairro;short_text;1;Centro;;");
    assert!(csv.contains(&format!(
        "Eixo 2: {};O CRAS fica perto da sua casa?;single;1;Sim;1;",
        ex[1].title
    )));

    // A questionnaire without eixos shows no headings.
    let plain = qs::create(
        &db,
        Some(&com),
        SLUG,
        &NewInput {
            title: "Avaliação".into(),
            purpose: "evaluation".into(),
            identified: false,
            template: true,
        },
    )
    .await
    .unwrap()
    .to_string();
    let f = qs::editor(&db, Some(&com), SLUG, &plain).await.unwrap();
    assert!(!f.grouped);
    assert_eq!(f.groups.len(), 1);
});

both_dbs!(a_question_eixo_must_be_the_conferences, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let id = qs::create(
        &db,
        Some(&com),
        SLUG,
        &NewInput {
            title: "Mobilização".into(),
            purpose: "mobilization".into(),
            identified: false,
            template: false,
        },
    )
    .await
    .unwrap()
    .to_string();
    let before = question::Entity::find().count(&db.conn).await.unwrap();
    // An eixo of no conference, and one that is not an id: refused, with the text's error too.
    let e = invalid(
        qs::add_question(
            &db,
            Some(&com),
            SLUG,
            &id,
            &question(
                "short_text",
                "Bairro",
                "",
                false,
                &Uuid::now_v7().to_string(),
            ),
        )
        .await,
    );
    assert_eq!(fields(&e), vec!["eixo"]);
    assert_eq!(
        e.0[0].message,
        "Escolha um dos eixos da conferência, ou nenhum"
    );
    let e = invalid(
        qs::add_question(
            &db,
            Some(&com),
            SLUG,
            &id,
            &question("short_text", " ", "", false, "eixo-1"),
        )
        .await,
    );
    assert_eq!(fields(&e), vec!["text", "eixo"]);
    assert_eq!(
        question::Entity::find().count(&db.conn).await.unwrap(),
        before
    );
    let ex = eixos(&db).await;
    qs::add_question(
        &db,
        Some(&com),
        SLUG,
        &id,
        &question("short_text", "Bairro", "", false, &ex[2].id.to_string()),
    )
    .await
    .unwrap();
    let q = question::Entity::find()
        .filter(question::Column::Text.eq("Bairro"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(q.eixo_id, Some(ex[2].id));
});

both_dbs!(answers_count_for_a_unit, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let id = mobilization(&db, false).await;
    let centro = unit_named(&db, "CRAS Centro").await;
    let norte = unit_named(&db, "CREAS Regional Norte").await;
    let f = qs::public_form(&db, SLUG, &id).await.unwrap();
    assert_eq!(f.units.len(), 8);
    assert!(
        f.units
            .iter()
            .any(|u| u.id == centro.id.to_string() && u.territory == "Território Centro")
    );

    // The public link's unit (or the person's choice) counts; an unknown one is ignored.
    let r1 = qs::answer_online(
        &db,
        SLUG,
        &id,
        &answers("0", "", "5"),
        "",
        &centro.id.to_string(),
    )
    .await
    .unwrap();
    let r2 = qs::answer_online(
        &db,
        SLUG,
        &id,
        &answers("1", "", "3"),
        "",
        &Uuid::now_v7().to_string(),
    )
    .await
    .unwrap();
    let r3 = qs::answer_online(&db, SLUG, &id, &answers("1", "", "3"), "", "nada")
        .await
        .unwrap();
    let x = response(&db, r1).await;
    assert_eq!(
        (x.unit_id, x.territory_id),
        (Some(centro.id), Some(centro.territory_id))
    );
    for r in [r2, r3] {
        let x = response(&db, r).await;
        assert_eq!((x.unit_id, x.territory_id), (None, None));
    }

    // Paper: the unit chosen is stored; one not of the conference is refused with the other
    // problems, and nothing is written.
    let p = qs::answer_paper(
        &db,
        Some(&art),
        SLUG,
        &id,
        "3",
        &norte.id.to_string(),
        &answers("0", "Vila", "2"),
    )
    .await
    .unwrap();
    let x = response(&db, p).await;
    assert_eq!(
        (x.unit_id, x.territory_id, x.form_number),
        (Some(norte.id), Some(norte.territory_id), Some(3))
    );
    let before = counts(&db).await;
    let e = invalid(
        qs::answer_paper(
            &db,
            Some(&art),
            SLUG,
            &id,
            "4",
            &Uuid::now_v7().to_string(),
            &answers("", "", "9"),
        )
        .await,
    );
    assert_eq!(fields(&e), vec!["unidade", "q0", "q2"]);
    assert_eq!(
        e.0[0].message,
        "Escolha a unidade da lista, ou deixe “Sem unidade”"
    );
    assert_eq!(counts(&db).await, before);

    // Identified answers keep the unit of the registration, whatever the link says.
    let ident = mobilization(&db, true).await;
    let code = app::participants::registration::register(
        &db,
        Some(&com),
        SLUG,
        &app::participants::registration::RegistrationInput {
            name: "Usuária do CREAS".into(),
            category: "convidado".into(),
            territory_id: norte.territory_id.to_string(),
            unit_id: norte.id.to_string(),
            consent: true,
            ..Default::default()
        },
        app::participants::registration::Source::Assisted,
    )
    .await
    .unwrap()
    .code;
    let r = qs::answer_online(
        &db,
        SLUG,
        &ident,
        &answers("0", "", "4"),
        &code,
        &centro.id.to_string(),
    )
    .await
    .unwrap();
    assert_eq!(response(&db, r).await.unit_id, Some(norte.id));
});

both_dbs!(paper_forms_are_printed_with_numbers, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let id = mobilization(&db, false).await;
    let centro = unit_named(&db, "CRAS Centro").await;
    let p = paper::forms_pdf(
        &db,
        Some(&art),
        SLUG,
        &id,
        &PrintInput {
            start: "1".into(),
            quantity: "3".into(),
            unit: centro.id.to_string(),
        },
    )
    .await
    .unwrap();
    assert!(p.pdf.starts_with(b"%PDF"));
    assert_eq!(p.pages, 3, "one page per short form");
    assert_eq!(p.filename, "formularios-0001-a-0003.pdf");
    assert_eq!(paper::printed_number(7), "0007");
    assert_eq!(paper::printed_number(12345), "12345");
    // Blank start = 1; no unit.
    let p = paper::forms_pdf(
        &db,
        Some(&com),
        SLUG,
        &id,
        &PrintInput {
            start: " ".into(),
            quantity: "1".into(),
            unit: String::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!(p.filename, "formularios-0001-a-0001.pdf");

    // Bad values: every one at once, in pt-BR.
    for (start, quantity, unit, want) in [
        (
            "0",
            "0",
            "x",
            vec!["inicio", "quantidade", "formularios-unidade"],
        ),
        ("1", "501", "", vec!["quantidade"]),
        ("um", "10", "", vec!["inicio"]),
        ("1", "", "", vec!["quantidade"]),
        ("1000000", "1", "", vec!["inicio"]),
    ] {
        let e = invalid(
            paper::forms_pdf(
                &db,
                Some(&art),
                SLUG,
                &id,
                &PrintInput {
                    start: start.into(),
                    quantity: quantity.into(),
                    unit: unit.into(),
                },
            )
            .await,
        );
        assert_eq!(fields(&e), want, "{start} {quantity} {unit}");
    }
    let e = invalid(
        paper::forms_pdf(
            &db,
            Some(&art),
            SLUG,
            &id,
            &PrintInput {
                start: "1".into(),
                quantity: "501".into(),
                unit: String::new(),
            },
        )
        .await,
    );
    assert_eq!(
        e.0[0].message,
        "A quantidade deve ser um número inteiro de 1 a 500 formulários"
    );
    // Not for anyone: a visitor must log in.
    assert!(matches!(
        paper::forms_pdf(&db, None, SLUG, &id, &PrintInput::default()).await,
        Err(Fail::NeedsLogin)
    ));

    // A long questionnaire takes more than one page per form; a draft is not printed.
    let long = qs::create(
        &db,
        Some(&com),
        SLUG,
        &NewInput {
            title: "Diagnóstico longo".into(),
            purpose: "mobilization".into(),
            identified: false,
            template: false,
        },
    )
    .await
    .unwrap()
    .to_string();
    let options = (1..=12)
        .map(|i| format!("Opção número {i} com um texto razoavelmente comprido"))
        .collect::<Vec<_>>()
        .join("\n");
    for i in 0..6 {
        qs::add_question(
            &db,
            Some(&com),
            SLUG,
            &long,
            &question("multiple", &format!("Pergunta {i}"), &options, false, ""),
        )
        .await
        .unwrap();
    }
    let e = invalid(
        paper::forms_pdf(
            &db,
            Some(&com),
            SLUG,
            &long,
            &PrintInput {
                start: "1".into(),
                quantity: "2".into(),
                unit: String::new(),
            },
        )
        .await,
    );
    assert!(e.0[0].message.contains("em preparação"), "{e:?}");
    qs::set_status(&db, Some(&com), SLUG, &long, "open")
        .await
        .unwrap();
    let p = paper::forms_pdf(
        &db,
        Some(&com),
        SLUG,
        &long,
        &PrintInput {
            start: "41".into(),
            quantity: "2".into(),
            unit: String::new(),
        },
    )
    .await
    .unwrap();
    assert!(p.pages >= 4 && p.pages % 2 == 0, "pages {}", p.pages);
    assert_eq!(p.filename, "formularios-0041-a-0042.pdf");
});

both_dbs!(a_second_typing_flags_differences, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let id = mobilization(&db, false).await;
    let centro = unit_named(&db, "CRAS Centro").await;
    let norte = unit_named(&db, "CRAS Norte").await;
    let c = centro.id.to_string();
    qs::answer_paper(
        &db,
        Some(&art),
        SLUG,
        &id,
        "5",
        &c,
        &answers("0", "Centro", "4"),
    )
    .await
    .unwrap();
    qs::answer_paper(&db, Some(&art), SLUG, &id, "6", "", &answers("1", "", "2"))
        .await
        .unwrap();

    // Typing a form the first time again: refused (exists already).
    let before = counts(&db).await;
    let e = invalid(
        qs::answer_paper(&db, Some(&art), SLUG, &id, "5", &c, &answers("0", "", "4")).await,
    );
    assert_eq!(
        e.0[0].message,
        "O formulário em papel nº 5 já foi digitado neste questionário"
    );
    // A second typing of a form never typed, or with a bad number: refused, nothing written.
    let e =
        invalid(paper::retype(&db, Some(&com), SLUG, &id, "7", "", &answers("0", "", "4")).await);
    assert_eq!(
        e.0[0].message,
        "O formulário nº 7 ainda não foi digitado: digite-o primeiro"
    );
    let e = invalid(
        paper::retype(
            &db,
            Some(&com),
            SLUG,
            &id,
            "sete",
            "",
            &answers("", "", "4"),
        )
        .await,
    );
    assert_eq!(fields(&e), vec!["form_number", "q0"]);
    let e =
        invalid(paper::retype(&db, Some(&com), SLUG, &id, "7", "", &answers("0", "", "8")).await);
    assert_eq!(fields(&e), vec!["form_number", "q2"]);
    assert_eq!(counts(&db).await, before);

    // Form 5 typed again with another scale point: one difference; the first stays.
    let o = paper::retype(
        &db,
        Some(&com),
        SLUG,
        &id,
        "5",
        &c,
        &answers("0", " Centro ", "2"),
    )
    .await
    .unwrap();
    assert_eq!(
        o,
        paper::RetypeOutcome {
            form_number: 5,
            differences: 1
        }
    );
    // Form 6 the same (the unit too: none): nothing to decide.
    let o = paper::retype(&db, Some(&art), SLUG, &id, "6", "", &answers("1", "", "2"))
        .await
        .unwrap();
    assert_eq!(o.differences, 0);
    // A third typing is refused.
    let before = counts(&db).await;
    let e =
        invalid(paper::retype(&db, Some(&com), SLUG, &id, "5", &c, &answers("0", "", "4")).await);
    assert_eq!(
        e.0[0].message,
        "O formulário nº 5 já foi digitado pela segunda vez: veja as diferenças, se houver"
    );
    assert_eq!(counts(&db).await, before);
    let r = qs::results(&db, Some(&com), SLUG, &id, &ResultsFilter::default())
        .await
        .unwrap();
    assert_eq!(
        r.questions[2].mean,
        Some(3.0),
        "first typings only: 4 and 2"
    );

    // The page lists form 5 with the first and second values.
    let d = paper::differences(&db, Some(&art), SLUG, &id)
        .await
        .unwrap();
    assert_eq!((d.retyped, d.same, d.resolved), (2, 1, 0));
    assert_eq!(d.pending.len(), 1);
    assert_eq!(d.pending[0].form_number, 5);
    assert_eq!(d.pending[0].first_by, art.account.display_name);
    assert_eq!(d.pending[0].second_by, com.account.display_name);
    let rows: Vec<(&str, &str, &str)> = d.pending[0]
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.first.as_str(), r.second.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![("2. De 1 a 5, como você avalia o atendimento?", "4", "2")]
    );

    // A bad choice is refused; adopting the second replaces the answers.
    let rid = d.pending[0].retype_id.clone();
    let e = invalid(paper::resolve(&db, Some(&art), SLUG, &id, &rid, "ambas").await);
    assert_eq!(fields(&e), vec!["escolha"]);
    assert_eq!(
        paper::resolve(&db, Some(&art), SLUG, &id, &rid, "second")
            .await
            .unwrap(),
        5
    );
    let r = qs::results(&db, Some(&com), SLUG, &id, &ResultsFilter::default())
        .await
        .unwrap();
    assert_eq!(r.questions[2].mean, Some(2.0), "form 5 now says 2");
    assert_eq!(r.questions[1].samples, vec!["Centro".to_owned()]);
    let e = invalid(paper::resolve(&db, Some(&art), SLUG, &id, &rid, "first").await);
    assert_eq!(
        e.0[0].message,
        "As diferenças do formulário nº 5 já foram resolvidas"
    );
    let d = paper::differences(&db, Some(&art), SLUG, &id)
        .await
        .unwrap();
    assert_eq!(
        (d.retyped, d.same, d.resolved, d.pending.len()),
        (2, 1, 1, 0)
    );

    // A difference of unit and answers, kept as first typed.
    qs::answer_paper(&db, Some(&art), SLUG, &id, "8", &c, &answers("0", "", "5"))
        .await
        .unwrap();
    let o = paper::retype(
        &db,
        Some(&com),
        SLUG,
        &id,
        "8",
        &norte.id.to_string(),
        &answers("1", "Norte", "5"),
    )
    .await
    .unwrap();
    assert_eq!(o.differences, 3);
    let d = paper::differences(&db, Some(&art), SLUG, &id)
        .await
        .unwrap();
    let rows: Vec<(&str, &str, &str)> = d.pending[0]
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.first.as_str(), r.second.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Unidade", "CRAS Centro", "CRAS Norte"),
            ("1. Seu bairro", "(sem resposta)", "Norte"),
            ("3. O CRAS fica perto da sua casa?", "Sim", "Não"),
        ]
    );
    let before = counts(&db).await;
    paper::resolve(&db, Some(&com), SLUG, &id, &d.pending[0].retype_id, "first")
        .await
        .unwrap();
    assert_eq!(counts(&db).await, before);
    let x = questionnaire_response::Entity::find()
        .filter(questionnaire_response::Column::FormNumber.eq(8))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(x.unit_id, Some(centro.id));

    // Adopting a second typing that moved the form to another unit moves its territory too.
    qs::answer_paper(&db, Some(&art), SLUG, &id, "9", &c, &answers("0", "", "5"))
        .await
        .unwrap();
    paper::retype(
        &db,
        Some(&com),
        SLUG,
        &id,
        "9",
        &norte.id.to_string(),
        &answers("0", "", "5"),
    )
    .await
    .unwrap();
    let d = paper::differences(&db, Some(&art), SLUG, &id)
        .await
        .unwrap();
    paper::resolve(
        &db,
        Some(&com),
        SLUG,
        &id,
        &d.pending[0].retype_id,
        "second",
    )
    .await
    .unwrap();
    let x = questionnaire_response::Entity::find()
        .filter(questionnaire_response::Column::FormNumber.eq(9))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (x.unit_id, x.territory_id),
        (Some(norte.id), Some(norte.territory_id))
    );

    // Who may: not a visitor, not another conference's id.
    assert!(matches!(
        paper::retype(&db, None, SLUG, &id, "5", "", &answers("0", "", "4")).await,
        Err(Fail::NeedsLogin)
    ));
    assert!(matches!(
        paper::resolve(
            &db,
            Some(&com),
            SLUG,
            &id,
            &Uuid::now_v7().to_string(),
            "first"
        )
        .await,
        Err(Fail::NotFound)
    ));
});

both_dbs!(results_by_territory_and_unit, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let id = mobilization(&db, false).await;
    let centro = unit_named(&db, "CRAS Centro").await;
    let pop = unit_named(&db, "Centro POP").await;
    let norte = unit_named(&db, "CRAS Norte").await;
    for (u, scale) in [(&centro, "5"), (&centro, "4"), (&pop, "3"), (&norte, "1")] {
        qs::answer_online(
            &db,
            SLUG,
            &id,
            &answers("0", "", scale),
            "",
            &u.id.to_string(),
        )
        .await
        .unwrap();
    }
    qs::answer_paper(&db, Some(&art), SLUG, &id, "1", "", &answers("1", "", "2"))
        .await
        .unwrap();
    let all = qs::results(&db, Some(&com), SLUG, &id, &ResultsFilter::default())
        .await
        .unwrap();
    assert_eq!((all.respondents, all.total), (5, 5));
    assert_eq!(all.filter_label, "");
    let t: Vec<(&str, u32)> = all
        .by_territory
        .iter()
        .map(|p| (p.name.as_str(), p.count))
        .collect();
    assert_eq!(
        t,
        vec![
            ("Território Centro", 3),
            ("Território Norte", 1),
            ("Território Sul", 0),
            ("Território Rural", 0),
            ("Sem território", 1),
        ]
    );
    assert_eq!(all.by_unit.len(), 9);
    let u: Vec<(&str, &str, u32)> = all
        .by_unit
        .iter()
        .map(|p| (p.territory.as_str(), p.name.as_str(), p.count))
        .collect();
    assert_eq!(u[0], ("Território Centro", "CRAS Centro", 2));
    assert_eq!(u[1], ("Território Centro", "Centro POP", 1));
    assert!(u.contains(&("Território Sul", "CRAS Sul", 0)));
    assert_eq!(u[8], ("", "Sem unidade", 1));

    // A territory's results: its two units' three responses.
    let by_t = qs::results(
        &db,
        Some(&com),
        SLUG,
        &id,
        &ResultsFilter {
            territory: centro.territory_id.to_string(),
            unit: String::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!((by_t.respondents, by_t.total), (3, 5));
    assert_eq!(by_t.filter_label, "Território Centro");
    assert_eq!(by_t.questions[2].mean, Some(4.0));
    // A unit's.
    let by_u = qs::results(
        &db,
        Some(&com),
        SLUG,
        &id,
        &ResultsFilter {
            territory: String::new(),
            unit: centro.id.to_string(),
        },
    )
    .await
    .unwrap();
    assert_eq!(by_u.respondents, 2);
    assert_eq!(by_u.filter_label, "CRAS Centro");
    assert_eq!(by_u.questions[2].mean, Some(4.5));
    let csv = String::from_utf8(qs::results_csv(&by_u)).unwrap();
    assert!(csv.contains("De 1 a 5, como você avalia o atendimento?;scale;2;5;1;4,50"));
    let units = String::from_utf8(qs::units_csv(&all)).unwrap();
    let lines: Vec<&str> = units.lines().collect();
    assert_eq!(lines[0], "\u{feff}territorio;unidade;respostas");
    assert_eq!(lines[1], "Território Centro;CRAS Centro;2");
    assert_eq!(lines[9], ";Sem unidade;1");

    // Unknown territory or unit: refused, per field.
    let e = invalid(
        qs::results(
            &db,
            Some(&com),
            SLUG,
            &id,
            &ResultsFilter {
                territory: "x".into(),
                unit: Uuid::now_v7().to_string(),
            },
        )
        .await,
    );
    assert_eq!(fields(&e), vec!["territorio", "unidade"]);
    // Only the commission sees results.
    assert!(matches!(
        qs::results(&db, Some(&art), SLUG, &id, &ResultsFilter::default()).await,
        Err(Fail::Forbidden)
    ));
});
