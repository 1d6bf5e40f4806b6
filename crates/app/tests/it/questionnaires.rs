//! Questionnaires on both databases: built from the evaluation template, questions checked and
//! frozen once open, answers online (anonymous and identified: once per person), from a phone
//! and typed from paper (a form number typed twice is refused with nothing written), results
//! tallied, and the evaluation in the final report.

use crate::support::{articulator, commission, conference_by_slug, invalid};
use app::Fail;
use app::mobilization::questionnaires::{self as qs, NewInput, QuestionInput};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{questionnaire_answer, questionnaire_response, registration};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

fn a(v: &[&[&str]]) -> Vec<Vec<String>> {
    v.iter()
        .map(|x| x.iter().map(|s| (*s).to_owned()).collect())
        .collect()
}

/// A full answer to the evaluation template.
fn full(scale: &str) -> Vec<Vec<String>> {
    a(&[
        &["0"],
        &[scale],
        &["4"],
        &["3"],
        &["0", "2"],
        &["Mais tempo nos grupos."],
    ])
}

async fn counts(db: &app::Db) -> (u64, u64) {
    (
        questionnaire_response::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        questionnaire_answer::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
    )
}

both_dbs!(
    an_evaluation_is_answered_online_by_phone_and_on_paper,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let art = articulator(&db).await;
        // Who may build: the commission; an articulator may type paper forms only.
        assert!(matches!(
            qs::list(&db, Some(&art), SLUG).await,
            Err(Fail::Forbidden)
        ));
        let e = invalid(
            qs::create(
                &db,
                Some(&com),
                SLUG,
                &NewInput {
                    title: " ".into(),
                    purpose: "x".into(),
                    ..Default::default()
                },
            )
            .await,
        );
        assert_eq!(e.0.len(), 2);
        let id = qs::create(
            &db,
            Some(&com),
            SLUG,
            &NewInput {
                title: "Avaliação da XIV Conferência".into(),
                purpose: "evaluation".into(),
                identified: false,
                template: true,
            },
        )
        .await
        .unwrap()
        .to_string();
        let f = qs::editor(&db, Some(&com), SLUG, &id).await.unwrap();
        assert_eq!(f.questions.len(), 6);
        // Not open yet: the public form does not exist, paper typing is refused.
        assert!(matches!(
            qs::public_form(&db, SLUG, &id).await,
            Err(Fail::NotFound)
        ));
        let m = invalid(qs::answer_paper(&db, Some(&art), SLUG, &id, "1", "", &full("5")).await);
        assert!(m.0[0].message.contains("em preparação"));
        // A bad question: every error at once; a good one is added.
        let e = invalid(
            qs::add_question(
                &db,
                Some(&com),
                SLUG,
                &id,
                &QuestionInput {
                    kind: "single".into(),
                    options: "Só uma".into(),
                    ..Default::default()
                },
            )
            .await,
        );
        assert_eq!(e.0.len(), 2);
        qs::add_question(
            &db,
            Some(&com),
            SLUG,
            &id,
            &QuestionInput {
                kind: "short_text".into(),
                text: "Seu bairro".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        qs::set_status(&db, Some(&com), SLUG, &id, "open")
            .await
            .unwrap();
        // Frozen once open.
        let m = invalid(
            qs::add_question(
                &db,
                Some(&com),
                SLUG,
                &id,
                &QuestionInput {
                    kind: "short_text".into(),
                    text: "Outra".into(),
                    ..Default::default()
                },
            )
            .await,
        );
        assert!(m.0[0].message.contains("em preparação"));

        // Online, anonymous: a missing required answer is refused with nothing written.
        let before = counts(&db).await;
        let e =
            invalid(qs::answer_online(&db, SLUG, &id, &a(&[&["0"], &[], &["9"]]), "", "").await);
        assert_eq!(
            e.0.iter().map(|x| x.field.as_str()).collect::<Vec<_>>(),
            vec!["q1", "q2", "q3"]
        );
        assert_eq!(counts(&db).await, before);
        qs::answer_online(&db, SLUG, &id, &full("5"), "", "")
            .await
            .unwrap();
        qs::answer_online(&db, SLUG, &id, &full("3"), "", "")
            .await
            .unwrap();

        // A delegate's phone: once.
        let c = conference_by_slug(&db, SLUG).await;
        let code = app::participants::registration::register(
            &db,
            Some(&com),
            SLUG,
            &app::participants::registration::RegistrationInput {
                name: "Delegada da Avaliação".into(),
                category: "delegado".into(),
                segment: "usuarios".into(),
                consent: true,
                ..Default::default()
            },
            app::participants::registration::Source::Assisted,
        )
        .await
        .unwrap()
        .code;
        let r = registration::Entity::find()
            .filter(registration::Column::Code.eq(code.clone()))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let qid = uuid::Uuid::parse_str(&id).unwrap();
        assert!(!qs::answered_by(&db, qid, r.id).await.unwrap());
        qs::answer_phone(&db, &c, r.id, &id, &full("4"))
            .await
            .unwrap();
        assert!(qs::answered_by(&db, qid, r.id).await.unwrap());
        let m = invalid(qs::answer_phone(&db, &c, r.id, &id, &full("4")).await);
        assert!(m.0[0].message.contains("já respondeu"));

        // Paper: marked with its number and who typed it; a number typed twice is refused.
        qs::answer_paper(&db, Some(&art), SLUG, &id, "12", "", &full("2"))
            .await
            .unwrap();
        let before = counts(&db).await;
        let m = invalid(qs::answer_paper(&db, Some(&art), SLUG, &id, "12", "", &full("2")).await);
        assert_eq!(
            m.0[0].message,
            "O formulário em papel nº 12 já foi digitado neste questionário"
        );
        let m = invalid(qs::answer_paper(&db, Some(&art), SLUG, &id, "doze", "", &full("2")).await);
        assert_eq!(m.0[0].field, "form_number");
        assert_eq!(counts(&db).await, before);
        let paper = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::Channel.eq("paper"))
            .filter(questionnaire_response::Column::QuestionnaireId.eq(qid))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(paper.form_number, Some(12));
        assert_eq!(paper.typed_by, Some(art.account.id));
        assert!(paper.respondent_key.is_none());

        // Results: 4 responses; the organization's scale 5, 3, 4, 2 → mean 3.5.
        let res = qs::results(&db, Some(&com), SLUG, &id, &Default::default())
            .await
            .unwrap();
        assert_eq!(
            (res.respondents, res.online, res.phone, res.paper),
            (4, 2, 1, 1)
        );
        assert_eq!(res.questions[1].mean, Some(3.5));
        assert_eq!(res.questions[4].options[0].count, 4);
        assert_eq!(res.questions[6].answered, 0);
        let csv = String::from_utf8(qs::results_csv(&res)).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert!(
            csv.contains(
                "De 1 a 5, como você avalia a organização da conferência?;scale;4;5;1;3,50"
            )
        );

        // The report's evaluation section reads it.
        let report = app::reporting::report::for_cli(&db, SLUG, domain::report::Audience::Public)
            .await
            .unwrap();
        let ev = report.evaluation.unwrap();
        assert_eq!((ev.respondents, ev.on_paper), (4, 1));

        // Closed: online answers are refused, paper forms still typed.
        qs::set_status(&db, Some(&com), SLUG, &id, "closed")
            .await
            .unwrap();
        assert!(matches!(
            qs::answer_online(&db, SLUG, &id, &full("5"), "", "").await,
            Err(Fail::NotFound)
        ));
        qs::answer_paper(&db, Some(&art), SLUG, &id, "13", "", &full("5"))
            .await
            .unwrap();
    }
);

both_dbs!(
    an_identified_questionnaire_takes_one_answer_per_person,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let id = qs::create(
            &db,
            Some(&com),
            SLUG,
            &NewInput {
                title: "Escuta dos usuários".into(),
                purpose: "mobilization".into(),
                identified: true,
                template: false,
            },
        )
        .await
        .unwrap()
        .to_string();
        let m = invalid(qs::set_status(&db, Some(&com), SLUG, &id, "open").await);
        assert!(m.0[0].message.contains("pelo menos uma pergunta"));
        qs::add_question(
            &db,
            Some(&com),
            SLUG,
            &id,
            &QuestionInput {
                kind: "scale".into(),
                text: "O CRAS atende bem?".into(),
                scale_min: "0".into(),
                scale_max: "10".into(),
                required: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        qs::set_status(&db, Some(&com), SLUG, &id, "open")
            .await
            .unwrap();
        let code = app::participants::registration::register(
            &db,
            Some(&com),
            SLUG,
            &app::participants::registration::RegistrationInput {
                name: "Usuária Identificada".into(),
                category: "convidado".into(),
                consent: true,
                ..Default::default()
            },
            app::participants::registration::Source::Assisted,
        )
        .await
        .unwrap()
        .code;
        let e = invalid(qs::answer_online(&db, SLUG, &id, &a(&[&["7"]]), "", "").await);
        assert_eq!(e.0[0].field, "code");
        let e = invalid(qs::answer_online(&db, SLUG, &id, &a(&[&["7"]]), "ZZZZZ", "").await);
        assert_eq!(e.0[0].field, "code");
        qs::answer_online(&db, SLUG, &id, &a(&[&["10"]]), &code.to_lowercase(), "")
            .await
            .unwrap();
        let before = counts(&db).await;
        let m = invalid(qs::answer_online(&db, SLUG, &id, &a(&[&["0"]]), &code, "").await);
        assert!(m.0[0].message.contains("já respondeu"));
        assert_eq!(counts(&db).await, before);
        // The response does not carry the registration's id.
        let r = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::Channel.eq("online"))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let reg = registration::Entity::find()
            .filter(registration::Column::Code.eq(code))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert!(
            !r.respondent_key
                .unwrap()
                .contains(&reg.id.simple().to_string())
        );
    }
);
