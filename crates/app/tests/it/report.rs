//! The final report on both databases: assembled at one moment from the conference's data, the
//! commission's part checked, confirmations per version, the submission (refused with the
//! missing section named, without confirmations, twice = one round), the state's inbox and
//! checks, a return with a comment, the resubmission and the acceptance (elected delegates
//! become state registrations, deliberations for the state and the Union enter its pool), and
//! the demo's accepted report of 2023.

use crate::support::{articulator, conference_by_slug, platform_admin, refusal, secretariat};
use app::Fail;
use app::demo::history::{self as history, HISTORY_SLUG, STATE_SLUG};
use app::reporting::report::{self as rp, Decision, DraftInput};
use conferencia_app as app;
use domain::report::Audience;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use store::entities::{conference, proposal, received_proposal, registration, report_submission};
use testkit::both_dbs;

async fn by_slug(db: &app::Db, slug: &str) -> conference::Model {
    conference_by_slug(db, slug).await
}

async fn registrations(db: &app::Db, conference_id: uuid::Uuid) -> u64 {
    registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(conference_id))
        .count(&db.conn)
        .await
        .unwrap()
}

both_dbs!(the_demo_has_an_accepted_report_of_2023, |db| async move {
    crate::support::demo_with_2023(&db).await;
    // Seeding again does nothing more.
    crate::support::demo_with_2023(&db).await;
    let state = by_slug(&db, STATE_SLUG).await;
    let r = rp::published(&db, HISTORY_SLUG)
        .await
        .unwrap()
        .expect("accepted report");
    assert_eq!(r.audience, Audience::Public);
    assert!(
        r.missing_sections().is_empty(),
        "{:?}",
        r.missing_sections()
    );
    assert_eq!(r.deliberations().count(), 10);
    assert_eq!(r.general.total_participants, 26);
    assert_eq!(r.general.total_hours, Some(15.0));
    assert_eq!(r.delegation.titulares, 6);
    assert_eq!(r.delegation.suplentes, 6);
    assert!(r.delegation.parity_ok);
    assert!(
        r.delegation
            .delegates
            .iter()
            .all(|d| d.contact.is_none() && d.quota_groups.is_none())
    );
    // Counts only for the markers.
    assert!(
        r.participants_by_marker
            .iter()
            .any(|c| c.code == "pessoa_negra" && c.count > 0)
    );
    // The state received 12 delegates and the 5 deliberations for the state and the Union.
    assert_eq!(registrations(&db, state.id).await, 12);
    let pool = received_proposal::Entity::find()
        .filter(received_proposal::Column::ConferenceId.eq(state.id))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(pool.len(), 5);
    assert!(
        pool.iter()
            .all(|p| p.level == "estadual" || p.level == "federal")
    );
    assert!(
        pool.iter()
            .all(|p| p.source_title.starts_with("XIII Conferência Municipal"))
    );
    // The 2025 conference has no published report.
    assert!(
        rp::published(&db, app::demo::seed::DEMO_SLUG)
            .await
            .unwrap()
            .is_none()
    );
});

both_dbs!(
    a_report_is_confirmed_submitted_returned_resubmitted_and_accepted,
    |db| async move {
        crate::support::demo_with_2023(&db).await;
        let sec = secretariat(&db).await;
        let adm = platform_admin(&db).await;
        let art = articulator(&db).await;
        let cmas = by_slug(&db, app::demo::seed::DEMO_SLUG).await.body_id;
        let slug = "teste-relatorio-2023";
        history::finished_conference(&db, cmas, slug, "Conferência de teste do relatório")
            .await
            .unwrap()
            .unwrap();
        let state = by_slug(&db, STATE_SLUG).await;
        let state_regs = registrations(&db, state.id).await;

        // Who may: the CMAS secretariat yes; an articulator no; nobody logged in: log in.
        assert!(matches!(
            rp::status(&db, Some(&art), slug).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            rp::status(&db, None, slug).await,
            Err(Fail::NeedsLogin)
        ));
        let s = rp::status(&db, Some(&sec), slug).await.unwrap();
        assert!(s.missing.is_empty(), "{:?}", s.missing);
        assert!(!s.can_submit);
        assert_eq!(s.parent_title.as_deref(), Some(state.title.as_str()));
        let hash = s.hash.clone();

        // Without confirmations: refused, nothing written.
        let m = refusal(rp::submit(&db, Some(&sec), slug, &hash).await);
        assert!(m.contains("pelo menos 2 membros"), "{m}");
        // A stale version cannot be confirmed.
        let m = refusal(rp::sign_off(&db, Some(&sec), slug, "abc").await);
        assert!(m.contains("mudou"), "{m}");
        rp::sign_off(&db, Some(&sec), slug, &hash).await.unwrap();
        rp::sign_off(&db, Some(&sec), slug, &hash).await.unwrap();
        let s = rp::status(&db, Some(&sec), slug).await.unwrap();
        assert_eq!(s.signers.len(), 1, "confirming twice counts once");
        rp::sign_off(&db, Some(&adm), slug, &hash).await.unwrap();
        let s = rp::status(&db, Some(&sec), slug).await.unwrap();
        assert!(s.can_submit);

        // Bad input in the commission's part: every error, nothing saved, same version.
        let e = match rp::save_draft(
            &db,
            Some(&sec),
            slug,
            &DraftInput {
                total_hours: "doze".into(),
                accessibility: "x".repeat(301),
                notes: String::new(),
                ..Default::default()
            },
        )
        .await
        {
            Err(Fail::Invalid(e)) => e,
            other => panic!("{other:?}"),
        };
        assert_eq!(e.0.len(), 2);
        assert!(e.message_for("total_hours").unwrap().contains("12,5"));
        assert_eq!(rp::status(&db, Some(&sec), slug).await.unwrap().hash, hash);

        // Submitted twice: one round.
        let id = rp::submit(&db, Some(&sec), slug, &hash).await.unwrap();
        let again = rp::submit(&db, Some(&sec), slug, &hash).await.unwrap();
        assert_eq!(id, again);
        let me_conf = by_slug(&db, slug).await;
        let rounds = || async {
            report_submission::Entity::find()
                .filter(report_submission::Column::ConferenceId.eq(me_conf.id))
                .count(&db.conn)
                .await
                .unwrap()
        };
        assert_eq!(rounds().await, 1);

        // The state's inbox: its staff only.
        assert!(matches!(
            rp::inbox(&db, Some(&sec), STATE_SLUG).await,
            Err(Fail::Forbidden)
        ));
        let i = rp::inbox(&db, Some(&adm), STATE_SLUG).await.unwrap();
        assert_eq!(i.waiting, 1);
        assert!(
            i.rows
                .iter()
                .any(|r| r.source_title == "Conferência de teste do relatório")
        );
        let v = rp::review(&db, Some(&adm), STATE_SLUG, &id.to_string())
            .await
            .unwrap();
        assert_eq!(v.checks.len(), 4);
        assert!(
            v.checks[0].ok && v.checks[1].ok && v.checks[2].ok,
            "{:?}",
            v.checks
        );
        // Sent today, after the 2023 deadline.
        assert!(!v.checks[3].ok && v.checks[3].label.contains("fora do prazo"));
        assert_eq!(v.signers.len(), 2);
        // Another conference's round is not found through this inbox.
        assert!(matches!(
            rp::review(&db, Some(&adm), app::demo::seed::DEMO_SLUG, &id.to_string()).await,
            Err(Fail::NotFound)
        ));

        // Returned: a comment is required.
        let m = refusal(
            rp::decide(
                &db,
                Some(&adm),
                STATE_SLUG,
                &id.to_string(),
                Decision::Return,
                " ",
            )
            .await,
        );
        assert!(m.contains("comentário"), "{m}");
        rp::decide(
            &db,
            Some(&adm),
            STATE_SLUG,
            &id.to_string(),
            Decision::Return,
            "Informe os recursos de acessibilidade com mais detalhe.",
        )
        .await
        .unwrap();
        let m = refusal(
            rp::decide(
                &db,
                Some(&adm),
                STATE_SLUG,
                &id.to_string(),
                Decision::Accept,
                "",
            )
            .await,
        );
        assert!(m.contains("já foi decidido"), "{m}");
        let s = rp::status(&db, Some(&sec), slug).await.unwrap();
        assert_eq!(s.rounds[0].status, "returned");
        assert_eq!(
            s.rounds[0].comment.as_deref(),
            Some("Informe os recursos de acessibilidade com mais detalhe.")
        );
        assert_eq!(
            registrations(&db, state.id).await,
            state_regs,
            "nothing carried yet"
        );

        // Corrected: a new version, which needs its own confirmations.
        rp::save_draft(
            &db,
            Some(&sec),
            slug,
            &DraftInput {
                total_hours: "15".into(),
                accessibility: "Intérprete de Libras nas plenárias e nos grupos\nRampa de acesso"
                    .into(),
                notes: String::new(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let s = rp::status(&db, Some(&sec), slug).await.unwrap();
        assert_ne!(s.hash, hash);
        assert!(s.signers.is_empty() && !s.can_submit);
        let m = refusal(rp::submit(&db, Some(&sec), slug, &hash).await);
        assert!(m.contains("mudou"), "{m}");
        rp::sign_off(&db, Some(&sec), slug, &s.hash).await.unwrap();
        rp::sign_off(&db, Some(&adm), slug, &s.hash).await.unwrap();
        let id2 = rp::submit(&db, Some(&sec), slug, &s.hash).await.unwrap();
        assert_ne!(id, id2);
        assert_eq!(rounds().await, 2);

        // Accepted: the elected become state registrations, the deliberations enter its pool.
        let a = rp::decide(
            &db,
            Some(&adm),
            STATE_SLUG,
            &id2.to_string(),
            Decision::Accept,
            "",
        )
        .await
        .unwrap();
        assert_eq!(a.registrations_created, 12);
        assert_eq!(a.proposals_received, 5);
        assert_eq!(registrations(&db, state.id).await, state_regs + 12);
        let s = rp::status(&db, Some(&sec), slug).await.unwrap();
        assert!(s.accepted && !s.can_submit);
        // The accepted version again: the same round; another version: refused.
        assert_eq!(
            rp::submit(&db, Some(&sec), slug, &s.hash).await.unwrap(),
            id2
        );
        let m = refusal(rp::submit(&db, Some(&sec), slug, "outra-versao").await);
        assert!(m.contains("já foi aceito"), "{m}");
        assert_eq!(rounds().await, 2);
        let published = rp::published(&db, slug).await.unwrap().unwrap();
        assert!(published.accessibility[0].starts_with("Intérprete de Libras nas plenárias"));
    }
);

both_dbs!(
    a_missing_section_is_named_and_nothing_is_sent,
    |db| async move {
        crate::support::demo_with_2023(&db).await;
        let sec = secretariat(&db).await;
        let adm = platform_admin(&db).await;
        let cmas = by_slug(&db, app::demo::seed::DEMO_SLUG).await.body_id;
        let slug = "teste-secao-2023";
        history::finished_conference(&db, cmas, slug, "Conferência sem horas")
            .await
            .unwrap()
            .unwrap();
        rp::save_draft(&db, Some(&sec), slug, &DraftInput::default())
            .await
            .unwrap();
        let s = rp::status(&db, Some(&sec), slug).await.unwrap();
        assert_eq!(s.missing.len(), 2, "{:?}", s.missing);
        rp::sign_off(&db, Some(&sec), slug, &s.hash).await.unwrap();
        rp::sign_off(&db, Some(&adm), slug, &s.hash).await.unwrap();
        let m = refusal(rp::submit(&db, Some(&sec), slug, &s.hash).await);
        assert!(m.contains("total de horas"), "{m}");
        assert!(m.contains("VII. Recursos de acessibilidade"), "{m}");
        assert_eq!(
            report_submission::Entity::find()
                .filter(report_submission::Column::SourceTitle.eq("Conferência sem horas"))
                .count(&db.conn)
                .await
                .unwrap(),
            0
        );
    }
);

both_dbs!(
    the_council_audience_adds_contacts_only_for_staff_who_may_see_them,
    |db| async move {
        crate::support::demo_with_2023(&db).await;
        let sec = secretariat(&db).await;
        let council = rp::for_staff(&db, Some(&sec), HISTORY_SLUG, Audience::Council)
            .await
            .unwrap();
        assert!(
            council
                .delegation
                .delegates
                .iter()
                .all(|d| d.contact.as_ref().is_some_and(|c| c.email.is_some()))
        );
        let public = rp::for_staff(&db, Some(&sec), HISTORY_SLUG, Audience::Public)
            .await
            .unwrap();
        let json = serde_json::to_string(&public).unwrap();
        assert!(!json.contains("@exemplo.invalid"));
        assert!(!json.contains("(37) 9"));
        // The same data gives the same version; the generation time does not count.
        assert_eq!(
            rp::content_hash(&council),
            rp::content_hash(
                &rp::for_cli(&db, HISTORY_SLUG, Audience::Council)
                    .await
                    .unwrap()
            )
        );
    }
);

async fn count(conn: &sea_orm::DatabaseTransaction, id: uuid::Uuid) -> u64 {
    proposal::Entity::find()
        .filter(proposal::Column::ConferenceId.eq(id))
        .count(conn)
        .await
        .unwrap()
}

both_dbs!(
    a_snapshot_reads_one_moment_while_others_write,
    |db| async move {
        crate::support::demo_with_2023(&db).await;
        let c = by_slug(&db, HISTORY_SLUG).await;
        let snap = db.snapshot().await.unwrap();
        let before = count(&snap, c.id).await;
        // Another connection approves one more proposal and commits.
        let w = db.conn.begin().await.unwrap();
        let eixo = store::entities::eixo::Entity::find()
            .filter(store::entities::eixo::Column::ConferenceId.eq(c.id))
            .one(&w)
            .await
            .unwrap()
            .unwrap();
        let now = chrono::Utc::now();
        proposal::Entity::insert(proposal::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            conference_id: Set(c.id),
            eixo_id: Set(eixo.id),
            group_id: Set(None),
            text: Set("Proposta aprovada durante a leitura".into()),
            level: Set("municipal".into()),
            kind: Set("new".into()),
            status: Set(proposal::ProposalStatus::Approved),
            position: Set(99),
            merged_into: Set(None),
            group_favor: Set(None),
            group_against: Set(None),
            group_abstain: Set(None),
            group_present: Set(None),
            final_text: Set(None),
            plenary_vote_id: Set(None),
            priority_paper: Set(None),
            priority_rank: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(&w)
        .await
        .unwrap();
        w.commit().await.unwrap();
        assert_eq!(
            count(&snap, c.id).await,
            before,
            "the snapshot still sees its moment"
        );
        snap.rollback().await.unwrap();
        let r = rp::for_cli(&db, HISTORY_SLUG, Audience::Public)
            .await
            .unwrap();
        assert_eq!(r.deliberations().count() as u64, before + 1);
    }
);

both_dbs!(
    the_state_dashboard_shows_who_reported_and_reminds_the_late,
    |db| async move {
        crate::support::demo_with_2023(&db).await;
        let adm = platform_admin(&db).await;
        let sec = secretariat(&db).await;
        assert!(
            app::demo::history::practice(&db, "treino-painel")
                .await
                .unwrap()
        );
        assert!(matches!(
            app::reporting::dashboard::dashboard(&db, Some(&sec), STATE_SLUG).await,
            Err(Fail::Forbidden)
        ));
        let d = app::reporting::dashboard::dashboard(&db, Some(&adm), STATE_SLUG)
            .await
            .unwrap();
        assert_eq!(d.rows.len(), 2);
        // Late first: the practice conference's 2023 deadline passed with nothing sent.
        assert_eq!(d.rows[0].slug, "treino-painel");
        assert_eq!(
            d.rows[0].standing,
            app::reporting::dashboard::Standing::Late
        );
        assert_eq!(d.rows[1].slug, HISTORY_SLUG);
        assert_eq!(
            d.rows[1].standing,
            app::reporting::dashboard::Standing::Accepted
        );
        assert_eq!(d.late, 1);
        // Both are Pará de Minas: every other municipality of MG has no conference here.
        let missing = d.without_conference.unwrap();
        assert!(missing.len() > 800, "{}", missing.len());
        assert!(!missing.iter().any(|m| m == "Pará de Minas"));
        assert_eq!(d.proposals_total, 5);
        assert_eq!(d.delegates_total, 12);
        assert_eq!(
            d.delegates
                .iter()
                .find(|c| c.code == "governo")
                .unwrap()
                .count,
            6
        );
        assert!(d.quota.iter().all(|c| c.count > 0));
        // The reminder goes to the CMAS secretariat's e-mail through the outbox.
        let sent =
            app::reporting::dashboard::remind_late(&db, Some(&adm), STATE_SLUG, "http://exemplo")
                .await
                .unwrap();
        assert_eq!(sent, 1);
        let mail = store::entities::mail_outbox::Entity::find()
            .filter(
                store::entities::mail_outbox::Column::ToAddr
                    .eq("secretaria@demo.conferencia.local"),
            )
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert!(
            mail.subject
                .contains("Conferência de treino (treino-painel)")
        );
        assert!(
            mail.body
                .contains("http://exemplo/c/treino-painel/gestao/relatorio")
        );
    }
);
