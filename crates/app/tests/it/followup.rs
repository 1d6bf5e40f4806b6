//! Follow-up of deliberations (monitoramento) on both databases: the demo's statuses of 2023,
//! who may record, a status with its history, milestones with a link or a PDF, the public board,
//! and the spreadsheet import (all or nothing, each bad line named; an empty cell keeps what is
//! there; the exported spreadsheet imports back unchanged).

use crate::support::{commission, secretariat};
use app::Fail;
use app::demo::history::HISTORY_SLUG;
use app::reporting::followup::{self as fu, MilestoneInput, StatusInput};
use app::setup::conference::Upload;
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{deliberation_followup, followup_change, followup_milestone, stored_file};
use testkit::both_dbs;

fn refusals<T: std::fmt::Debug>(r: Result<T, Fail>) -> Vec<(String, String)> {
    match r {
        Err(Fail::Invalid(i)) => i.0.into_iter().map(|e| (e.field, e.message)).collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn rows(db: &app::Db) -> (u64, u64, u64) {
    (
        deliberation_followup::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        followup_change::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        followup_milestone::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
    )
}

fn item<'a>(b: &'a fu::Board, code: &str) -> &'a fu::Item {
    b.items()
        .find(|i| i.code == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

both_dbs!(the_demo_has_follow_up_statuses, |db| async move {
    app::demo::seed::seed_with_history(&db).await.unwrap();
    let b = fu::public_board(&db, HISTORY_SLUG).await.unwrap();
    assert_eq!(b.total, 10);
    let counts: Vec<(&str, u32)> = b.counts.iter().map(|c| (c.code, c.count)).collect();
    // 7 followed up (3 in progress, 2 done, 1 not feasible, 1 explicitly not started) and 3
    // without a row (not started).
    assert_eq!(
        counts,
        vec![
            ("not_started", 4),
            ("in_progress", 3),
            ("done", 2),
            ("not_feasible", 1)
        ]
    );
    assert_eq!(b.counts.iter().map(|c| c.pct).sum::<u32>(), 100);
    assert_eq!(b.last_update, "30/10/2025");
    let first = item(&b, "E1-M-1");
    assert_eq!(first.status_label, "Em andamento");
    assert_eq!(first.milestones.len(), 2);
    assert_eq!(first.milestones[0].done_on, "29/08/2025");
    assert!(first.milestones[0].evidence_url.is_some());
    // The public conference page links the follow-up.
    let p = app::setup::public::conference_page(&db, HISTORY_SLUG)
        .await
        .unwrap();
    assert_eq!(p.deliberations, 10);
});

both_dbs!(
    statuses_and_milestones_are_recorded_with_their_history,
    |db| async move {
        app::demo::seed::seed_with_history(&db).await.unwrap();
        let sec = secretariat(&db).await;
        // The commission of the 2025 conference has no role in the 2023 one.
        let com = commission(&db).await;
        let b = fu::board(&db, Some(&sec), HISTORY_SLUG).await.unwrap();
        let target = item(&b, "E4-E-1").clone();
        assert_eq!(target.status, "not_started");
        assert!(target.updated_on.is_empty());
        assert!(matches!(
            fu::board(&db, Some(&com), HISTORY_SLUG).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            fu::board(&db, None, HISTORY_SLUG).await,
            Err(Fail::NeedsLogin)
        ));
        let ok = StatusInput {
            status: "in_progress".into(),
            responsible: "Secretaria Municipal de Administração".into(),
            note: "Edital em preparação.".into(),
        };
        assert!(matches!(
            fu::save_status(&db, Some(&com), HISTORY_SLUG, &target.id, &ok).await,
            Err(Fail::Forbidden)
        ));

        // Bad input: nothing written, every problem named.
        let before = rows(&db).await;
        let bad = refusals(
            fu::save_status(
                &db,
                Some(&sec),
                HISTORY_SLUG,
                &target.id,
                &StatusInput {
                    status: "talvez".into(),
                    responsible: "x".repeat(201),
                    note: String::new(),
                },
            )
            .await,
        );
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert_eq!(bad[0].0, "status");
        assert!(bad[1].1.contains("até 200 caracteres"), "{bad:?}");
        let no_body = refusals(
            fu::save_status(
                &db,
                Some(&sec),
                HISTORY_SLUG,
                &target.id,
                &StatusInput {
                    status: "done".into(),
                    ..Default::default()
                },
            )
            .await,
        );
        assert!(no_body[0].1.contains("órgão responsável"), "{no_body:?}");
        assert_eq!(rows(&db).await, before);
        // A proposal of another conference, or not approved, is not found.
        assert!(matches!(
            fu::save_status(
                &db,
                Some(&sec),
                HISTORY_SLUG,
                &uuid::Uuid::now_v7().to_string(),
                &ok
            )
            .await,
            Err(Fail::NotFound)
        ));

        fu::save_status(&db, Some(&sec), HISTORY_SLUG, &target.id, &ok)
            .await
            .unwrap();
        fu::save_status(
            &db,
            Some(&sec),
            HISTORY_SLUG,
            &target.id,
            &StatusInput {
                status: "done".into(),
                ..ok.clone()
            },
        )
        .await
        .unwrap();
        let d = fu::detail(&db, Some(&sec), HISTORY_SLUG, &target.id)
            .await
            .unwrap();
        assert_eq!(d.item.status_label, "Concluída");
        assert_eq!(d.history.len(), 2);
        assert_eq!(d.history[0].status_label, "Concluída");
        assert_eq!(d.history[1].status_label, "Em andamento");
        assert_eq!(d.history[0].source, "formulário");
        assert!(!d.history[0].by.is_empty());
        // One follow-up row per deliberation, whatever the number of changes.
        assert_eq!(rows(&db).await.0, before.0 + 1);

        // Milestones: a date is needed; a link must be a web address; a PDF must be a PDF.
        let bad = refusals(
            fu::add_milestone(
                &db,
                Some(&sec),
                HISTORY_SLUG,
                &target.id,
                &MilestoneInput {
                    description: "Concurso homologado".into(),
                    evidence_url: "javascript:alert(1)".into(),
                    ..Default::default()
                },
                Some(Upload {
                    file_name: "foto.pdf".into(),
                    bytes: b"\x89PNG not a pdf".to_vec(),
                }),
            )
            .await,
        );
        let fields: Vec<&str> = bad.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, vec!["evidence_url", "due_on", "file"], "{bad:?}");
        assert_eq!(rows(&db).await.2, before.2);
        let files = stored_file::Entity::find().count(&db.conn).await.unwrap();
        let mid = fu::add_milestone(
            &db,
            Some(&sec),
            HISTORY_SLUG,
            &target.id,
            &MilestoneInput {
                description: "Concurso homologado".into(),
                due_on: "2025-06-30".into(),
                done_on: "10/07/2025".into(),
                evidence_url: "https://www.parademinas.mg.gov.br/concurso".into(),
            },
            Some(Upload {
                file_name: "homologação \"final\".pdf".into(),
                bytes: b"%PDF-1.4\n% evidence\n%%EOF\n".to_vec(),
            }),
        )
        .await
        .unwrap();
        let public = fu::public_board(&db, HISTORY_SLUG).await.unwrap();
        let m = &item(&public, "E4-E-1").milestones[0];
        assert_eq!(m.done_on, "10/07/2025");
        assert_eq!(m.due_on, "30/06/2025");
        assert_eq!(m.evidence_file.as_deref(), Some("homologação final.pdf"));
        let (name, bytes) = fu::evidence(&db, HISTORY_SLUG, &mid.to_string())
            .await
            .unwrap();
        assert_eq!(name, "homologação final.pdf");
        assert!(bytes.starts_with(b"%PDF-"));
        // Another conference's address does not serve it.
        assert!(matches!(
            fu::evidence(&db, app::demo::seed::DEMO_SLUG, &mid.to_string()).await,
            Err(Fail::NotFound)
        ));
        fu::remove_milestone(&db, Some(&sec), HISTORY_SLUG, &target.id, &mid.to_string())
            .await
            .unwrap();
        assert_eq!(
            stored_file::Entity::find().count(&db.conn).await.unwrap(),
            files
        );
        assert!(
            item(
                &fu::public_board(&db, HISTORY_SLUG).await.unwrap(),
                "E4-E-1"
            )
            .milestones
            .is_empty()
        );
    }
);

both_dbs!(
    a_spreadsheet_updates_statuses_all_or_nothing,
    |db| async move {
        app::demo::seed::seed_with_history(&db).await.unwrap();
        let sec = secretariat(&db).await;
        let com = commission(&db).await;
        let before = rows(&db).await;
        let board = fu::board(&db, Some(&sec), HISTORY_SLUG).await.unwrap();

        // Unknown code, a code twice, an unknown status, a status without a responsible body: each
        // named with its line, nothing written.
        let bad = "\u{feff}codigo;situacao;orgao_responsavel\n\
               E1-M-1;Concluída;Secretaria Municipal de Assistência Social\n\
               E9-M-9;Concluída;SMAS\n\
               e1-m-1;Em andamento;\n\
               E2-M-1;talvez;\n\
               E5-M-1;Concluída;\n";
        let errs = refusals(fu::import(&db, Some(&sec), HISTORY_SLUG, bad.as_bytes()).await);
        assert_eq!(errs.len(), 1);
        let msg = &errs[0].1;
        assert!(msg.starts_with("Nada foi importado"), "{msg}");
        for part in [
            "Linha 3: não há deliberação com o código E9-M-9",
            "Linha 4: a deliberação E1-M-1 já está na linha 2",
            "Linha 5: a situação \"talvez\"",
            "Linha 6: a deliberação E5-M-1 está como \"Concluída\" mas não tem órgão responsável",
        ] {
            assert!(msg.contains(part), "{part} in {msg}");
        }
        assert_eq!(rows(&db).await, before);
        // Headers that are not ours.
        let errs = refusals(fu::import(&db, Some(&sec), HISTORY_SLUG, b"nome;idade\nA;3\n").await);
        assert!(errs[0].1.contains("coluna \"codigo\""), "{errs:?}");
        // Not the commission of another conference.
        assert!(matches!(
            fu::import(&db, Some(&com), HISTORY_SLUG, bad.as_bytes()).await,
            Err(Fail::Forbidden)
        ));

        // A good sheet (comma-separated, labels without accents): an empty cell keeps what is there.
        let e1 = item(&board, "E1-M-1").clone();
        let good = "Código,Situação,Órgão responsável,Observação\n\
                E1-M-1,concluida,,Lei sancionada.\n\
                E5-M-1,Em andamento,Secretaria Municipal de Saúde,\n";
        let r = fu::import(&db, Some(&sec), HISTORY_SLUG, good.as_bytes())
            .await
            .unwrap();
        assert_eq!(r.updated, 2);
        assert_eq!(r.unchanged, 0);
        let after = fu::board(&db, Some(&sec), HISTORY_SLUG).await.unwrap();
        let a1 = item(&after, "E1-M-1");
        assert_eq!(a1.status, "done");
        assert_eq!(a1.responsible, e1.responsible);
        assert_eq!(a1.note, "Lei sancionada.");
        assert_eq!(
            item(&after, "E5-M-1").responsible,
            "Secretaria Municipal de Saúde"
        );
        let d = fu::detail(&db, Some(&sec), HISTORY_SLUG, &a1.id)
            .await
            .unwrap();
        assert_eq!(d.history[0].source, "planilha");
        // A note a spreadsheet would take for a formula.
        fu::import(
            &db,
            Some(&sec),
            HISTORY_SLUG,
            "codigo;observacao\nE5-M-1;-3 unidades ainda sem equipe\n".as_bytes(),
        )
        .await
        .unwrap();

        // The exported spreadsheet imports back unchanged: nothing changes, no history is added.
        let csv = fu::sheet_csv(&db, Some(&sec), HISTORY_SLUG).await.unwrap();
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(
            text.contains("codigo;eixo;nivel;deliberacao;situacao;orgao_responsavel;observacao")
        );
        // Written as text ('-…), read back without the quote (the import below changes nothing).
        assert!(
            text.contains(";'-3 unidades ainda sem equipe\r\n"),
            "{text}"
        );
        assert!(text.contains("E1-M-1;1;municipal;"), "{text}");
        let history = rows(&db).await.1;
        let r = fu::import(&db, Some(&sec), HISTORY_SLUG, &csv)
            .await
            .unwrap();
        assert_eq!((r.updated, r.unchanged), (0, 10), "{r:?}");
        assert_eq!(rows(&db).await.1, history);
        let again = fu::board(&db, Some(&sec), HISTORY_SLUG).await.unwrap();
        let st = |b: &fu::Board| {
            b.items()
                .map(|i| (i.code.clone(), i.status))
                .collect::<Vec<_>>()
        };
        assert_eq!(st(&again), st(&after));
    }
);

both_dbs!(follow_up_codes_are_the_reports_codes, |db| async move {
    app::demo::seed::seed_with_history(&db).await.unwrap();
    let r = app::reporting::report::published(&db, HISTORY_SLUG)
        .await
        .unwrap()
        .expect("accepted report");
    let b = fu::public_board(&db, HISTORY_SLUG).await.unwrap();
    let in_report: Vec<(String, String)> = r
        .deliberations()
        .map(|(_, _, d)| (d.code.clone(), d.text.clone()))
        .collect();
    let on_board: Vec<(String, String)> = b
        .items()
        .map(|i| (i.code.clone(), i.text.clone()))
        .collect();
    assert_eq!(in_report, on_board);
    let n = deliberation_followup::Entity::find()
        .filter(deliberation_followup::Column::Status.eq("done"))
        .count(&db.conn)
        .await
        .unwrap();
    assert_eq!(n, 2);
});
