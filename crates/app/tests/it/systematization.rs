//! Systematization of the received proposals on both databases (ADR 0019): the
//! demo's state conference (`minas-gerais-2023`, whose pool holds the accepted 2023 report of
//! Pará de Minas) plus near-duplicates from other municipalities; grouping per eixo and level,
//! a bad threshold refused with nothing written, the permission, move / split / merge, the
//! merged text, sending to a working group (one draft proposal with every origin; twice = once)
//! and regrouping that keeps what was sent.

use crate::support::{commission, conference_by_slug, me, secretariat};
use app::Fail;
use app::demo::history::STATE_SLUG;
use app::reporting::systematization::{self as sy, Overview};
use conferencia_app as app;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{
    conference, eixo, proposal, proposal_origin, received_proposal, systematization_group,
    systematization_member,
};
use testkit::both_dbs;
use uuid::Uuid;

fn refusal<T: std::fmt::Debug>(r: Result<T, Fail>) -> (String, String) {
    match r {
        Err(Fail::Invalid(i)) => (i.0[0].field.clone(), i.0[0].message.clone()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

const PARA: &str = "XIII Conferência Municipal de Assistência Social de Pará de Minas";
const DIVI: &str = "XII Conferência Municipal de Assistência Social de Divinópolis";
const ITAU: &str = "X Conferência Municipal de Assistência Social de Itaúna";

/// The demo with its accepted 2023 report in the state's pool (without the demo's neighbouring
/// municipalities, so the pool is known here), and near-duplicates from two more municipalities
/// (rows as an accepted report writes them, on the same submission).
async fn setup(db: &app::Db) -> (app::platform::auth::Me, conference::Model) {
    crate::support::demo_with_2023(db).await;
    let adm = me(db, "admin@demo.conferencia.local", "demo-admin-2025").await;
    let state = conference_by_slug(db, STATE_SLUG).await;
    let pool = received_proposal::Entity::find()
        .filter(received_proposal::Column::ConferenceId.eq(state.id))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(pool.len(), 5);
    let submission = pool[0].submission_id;
    let extra: &[(&str, i32, &str, &str, &str)] = &[
        (
            DIVI,
            1,
            "estadual",
            "E1-E-1",
            "Regularizar o cofinanciamento estadual dos serviços da proteção social básica, com os repasses fundo a fundo em dia.",
        ),
        (
            ITAU,
            1,
            "estadual",
            "E1-E-3",
            "Garantir o cofinanciamento estadual regular dos serviços de proteção social básica, com repasses fundo a fundo sem atraso.",
        ),
        (
            ITAU,
            1,
            "estadual",
            "E1-E-4",
            "Criar um programa estadual de capacitação permanente para trabalhadores do SUAS.",
        ),
        (
            DIVI,
            1,
            "federal",
            "E1-F-1",
            "Regularizar o cofinanciamento dos serviços de proteção social básica, com repasses fundo a fundo em dia.",
        ),
        (
            DIVI,
            4,
            "estadual",
            "E4-E-1",
            "Implantar CREAS regionais para atender os municípios de pequeno porte da região.",
        ),
    ];
    let titles = [
        "Financiamento",
        "Controle social",
        "Articulação entre os segmentos",
        "Serviços, programas e projetos",
        "Benefício e transferência de renda",
    ];
    for (source, n, level, code, text) in extra {
        received_proposal::Entity::insert(received_proposal::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(state.id),
            submission_id: Set(submission),
            source_title: Set((*source).into()),
            eixo_number: Set(*n),
            eixo_title: Set(titles[(*n - 1) as usize].into()),
            level: Set((*level).into()),
            code: Set((*code).into()),
            text: Set((*text).into()),
            priority: Set(None),
            origins: Set("[]".into()),
            created_at: Set(chrono::Utc::now()),
        })
        .exec(&db.conn)
        .await
        .unwrap();
    }
    (adm, state)
}

/// The group (id, number, member codes with their source) holding `code` of `source`.
fn group_with<'a>(o: &'a Overview, source: &str, code: &str) -> &'a sy::GroupView {
    o.buckets
        .iter()
        .flat_map(|b| &b.groups)
        .find(|g| {
            g.members
                .iter()
                .any(|m| m.code == code && m.source_title == source)
        })
        .unwrap_or_else(|| panic!("no group with {source} {code}"))
}

fn codes(g: &sy::GroupView) -> Vec<String> {
    let mut v: Vec<String> = g
        .members
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                m.source_title.split(" de ").last().unwrap(),
                m.code
            )
        })
        .collect();
    v.sort();
    v
}

async fn groups_in_db(db: &app::Db, state: &conference::Model) -> u64 {
    systematization_group::Entity::find()
        .filter(systematization_group::Column::ConferenceId.eq(state.id))
        .count(&db.conn)
        .await
        .unwrap()
}

/// The code of Pará de Minas's state deliberation of eixo 1 (as its report numbered it).
fn para_e1(o: &Overview) -> String {
    o.buckets
        .iter()
        .find(|b| b.eixo_number == 1 && b.level == "estadual")
        .unwrap()
        .groups
        .iter()
        .flat_map(|g| &g.members)
        .find(|m| m.source_title == PARA)
        .unwrap()
        .code
        .clone()
}

both_dbs!(
    near_duplicates_group_within_eixo_and_level,
    |db| async move {
        let (adm, state) = setup(&db).await;
        let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
        assert_eq!((o.received, o.groups, o.ungrouped), (10, 0, 10));
        assert_eq!(o.threshold, "0,35");
        let r = sy::regroup(&db, Some(&adm), STATE_SLUG, "0,35")
            .await
            .unwrap();
        assert_eq!(r.proposals, 10);
        assert_eq!(r.kept_sent, 0);
        let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
        assert_eq!((o.received, o.ungrouped), (10, 0));
        assert_eq!(o.groups, r.groups);
        let pe1 = para_e1(&o);
        // The three rewordings of the state's co-financing join; the training programme of the
        // same eixo does not, nor the Union's version of the same text (another level).
        let g = group_with(&o, PARA, &pe1);
        assert_eq!(
            codes(g),
            vec![
                "Divinópolis E1-E-1".to_string(),
                "Itaúna E1-E-3".into(),
                format!("Minas {pe1}"),
            ]
        );
        assert_eq!(g.status, "open");
        // The merged text starts as one member's text.
        assert!(g.members.iter().any(|m| m.text == g.text), "{}", g.text);
        // Each member shows where it came from in its municipality (its report's origins).
        let para = g.members.iter().find(|m| m.source_title == PARA).unwrap();
        assert_eq!(
            para.origins,
            vec!["Pré-conferência do CRAS Centro".to_string()]
        );
        assert_eq!(group_with(&o, ITAU, "E1-E-4").members.len(), 1);
        let fed = group_with(&o, DIVI, "E1-F-1");
        assert!(fed.members.iter().all(|m| m.code.contains("-F-")));
        // The regional CREAS of eixo 4, worded twice.
        assert_eq!(group_with(&o, DIVI, "E4-E-1").members.len(), 2);
        assert_eq!(r.of_two_or_more, 2);
        // Buckets: per eixo and level, in order.
        let keys: Vec<(i32, String)> = o
            .buckets
            .iter()
            .map(|b| (b.eixo_number, b.level.clone()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert!(keys.contains(&(1, "estadual".into())) && keys.contains(&(1, "federal".into())));
        // Every received proposal in exactly one group.
        let members = systematization_member::Entity::find()
            .filter(systematization_member::Column::ConferenceId.eq(state.id))
            .count(&db.conn)
            .await
            .unwrap();
        assert_eq!(members, 10);
        // Grouping again at another threshold replaces the groups (none was sent).
        let r2 = sy::regroup(&db, Some(&adm), STATE_SLUG, "0.95")
            .await
            .unwrap();
        assert_eq!(groups_in_db(&db, &state).await, r2.groups as u64);
        let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
        assert_eq!(o.threshold, "0,95");
        assert!(r2.groups >= r.groups);
    }
);

both_dbs!(
    a_bad_threshold_is_refused_with_nothing_written,
    |db| async move {
        let (adm, state) = setup(&db).await;
        for bad in ["0,05", "0,96", "abc", "", "1,5"] {
            let (field, msg) = refusal(sy::regroup(&db, Some(&adm), STATE_SLUG, bad).await);
            assert_eq!(field, "threshold");
            assert!(msg.contains("entre 0,10 e 0,95"), "{msg}");
        }
        assert_eq!(groups_in_db(&db, &state).await, 0);
        // A grouping made earlier stays when a later one is refused.
        let r = sy::regroup(&db, Some(&adm), STATE_SLUG, "0,35")
            .await
            .unwrap();
        refusal(sy::regroup(&db, Some(&adm), STATE_SLUG, "0,01").await);
        assert_eq!(groups_in_db(&db, &state).await, r.groups as u64);
    }
);

both_dbs!(only_the_conferences_team_systematizes, |db| async move {
    let (adm, state) = setup(&db).await;
    // The demo CMAS's secretariat and commission run the municipal conferences, not the state's.
    let sec = secretariat(&db).await;
    let com = commission(&db).await;
    for who in [&sec, &com] {
        assert!(matches!(
            sy::overview(&db, Some(who), STATE_SLUG).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            sy::regroup(&db, Some(who), STATE_SLUG, "0,35").await,
            Err(Fail::Forbidden)
        ));
    }
    assert!(matches!(
        sy::regroup(&db, None, STATE_SLUG, "0,35").await,
        Err(Fail::NeedsLogin)
    ));
    assert_eq!(groups_in_db(&db, &state).await, 0);
    sy::regroup(&db, Some(&adm), STATE_SLUG, "0,35")
        .await
        .unwrap();
    let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
    let g = group_with(&o, DIVI, "E4-E-1").clone();
    let m = g.members[0].id.clone();
    assert!(matches!(
        sy::split(&db, Some(&sec), STATE_SLUG, &m).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        sy::edit_text(&db, Some(&sec), STATE_SLUG, &g.id, "Outro texto").await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        sy::mark_reviewed(&db, Some(&com), STATE_SLUG, &g.id).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        sy::send(&db, Some(&com), STATE_SLUG, &g.id, "").await,
        Err(Fail::Forbidden)
    ));
    let o2 = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
    assert_eq!(group_with(&o2, DIVI, "E4-E-1").members.len(), 2);
    assert_eq!(group_with(&o2, DIVI, "E4-E-1").status, "open");
});

both_dbs!(the_team_moves_splits_and_merges, |db| async move {
    let (adm, _state) = setup(&db).await;
    sy::regroup(&db, Some(&adm), STATE_SLUG, "0,35")
        .await
        .unwrap();
    let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
    let pe1 = para_e1(&o);
    let big = group_with(&o, PARA, &pe1).clone();
    let itau = big
        .members
        .iter()
        .find(|m| m.code == "E1-E-3")
        .unwrap()
        .id
        .clone();
    // Split: Itaúna's wording goes into a group of its own, with its own text.
    let new = sy::split(&db, Some(&adm), STATE_SLUG, &itau).await.unwrap();
    let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
    let alone = group_with(&o, ITAU, "E1-E-3");
    assert_eq!(alone.id, new.to_string());
    assert_eq!(alone.members.len(), 1);
    assert_eq!(alone.text, alone.members[0].text);
    assert_eq!(group_with(&o, PARA, &pe1).members.len(), 2);
    // A proposal alone is not split again.
    let (field, msg) = refusal(sy::split(&db, Some(&adm), STATE_SLUG, &itau).await);
    assert_eq!(field, format!("mover-{itau}"));
    assert!(msg.contains("sozinha"), "{msg}");
    // Move it back by the group's number: its own group, left empty, goes away.
    let big_number = group_with(&o, PARA, &pe1).number.to_string();
    sy::move_member(&db, Some(&adm), STATE_SLUG, &itau, &big_number)
        .await
        .unwrap();
    let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
    assert_eq!(group_with(&o, PARA, &pe1).members.len(), 3);
    assert!(
        o.buckets
            .iter()
            .flat_map(|b| &b.groups)
            .all(|g| g.id != new.to_string())
    );
    // Moving into the group it is in, to a missing number, or to another level is refused.
    let (_, msg) = refusal(sy::move_member(&db, Some(&adm), STATE_SLUG, &itau, &big_number).await);
    assert!(msg.contains("já está neste grupo"), "{msg}");
    let (_, msg) = refusal(sy::move_member(&db, Some(&adm), STATE_SLUG, &itau, "9999").await);
    assert!(msg.contains("Não há grupo nº 9999"), "{msg}");
    let (_, msg) = refusal(sy::move_member(&db, Some(&adm), STATE_SLUG, &itau, "x").await);
    assert!(msg.contains("número do grupo"), "{msg}");
    let fed = group_with(&o, DIVI, "E1-F-1").number.to_string();
    let (field, msg) = refusal(sy::move_member(&db, Some(&adm), STATE_SLUG, &itau, &fed).await);
    assert_eq!(field, format!("mover-{itau}"));
    assert!(msg.contains("outro eixo ou nível"), "{msg}");
    // Merge the training programme's group into the big one: four members, one group less.
    let before = o.groups;
    let training = group_with(&o, ITAU, "E1-E-4").number.to_string();
    let big_id = group_with(&o, PARA, &pe1).id.clone();
    sy::mark_reviewed(&db, Some(&adm), STATE_SLUG, &big_id)
        .await
        .unwrap();
    sy::merge(&db, Some(&adm), STATE_SLUG, &big_id, &training)
        .await
        .unwrap();
    let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
    assert_eq!(o.groups, before - 1);
    let merged = group_with(&o, PARA, &pe1);
    assert_eq!(merged.members.len(), 4);
    assert!(merged.members.iter().any(|m| m.code == "E1-E-4"));
    // Changing its members sends a reviewed group back to review.
    assert_eq!(merged.status, "open");
    // Merging across levels, or a group with itself, is refused.
    let (field, msg) = refusal(sy::merge(&db, Some(&adm), STATE_SLUG, &big_id, &fed).await);
    assert_eq!(field, format!("juntar-{big_id}"));
    assert!(msg.contains("outro eixo ou nível"), "{msg}");
    let own = merged.number.to_string();
    let (_, msg) = refusal(sy::merge(&db, Some(&adm), STATE_SLUG, &big_id, &own).await);
    assert!(msg.contains("a si mesmo"), "{msg}");
    // The merged text: checked, then saved.
    let (field, msg) = refusal(sy::edit_text(&db, Some(&adm), STATE_SLUG, &big_id, "   ").await);
    assert_eq!(field, format!("texto-{big_id}"));
    assert!(msg.contains("Escreva"), "{msg}");
    sy::edit_text(
        &db,
        Some(&adm),
        STATE_SLUG,
        &big_id,
        "  Garantir o cofinanciamento estadual regular   da proteção social básica. ",
    )
    .await
    .unwrap();
    let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
    assert_eq!(
        group_with(&o, PARA, &pe1).text,
        "Garantir o cofinanciamento estadual regular da proteção social básica."
    );
});

both_dbs!(
    a_reviewed_group_is_sent_once_with_every_origin_and_regrouping_keeps_it,
    |db| async move {
        let (adm, state) = setup(&db).await;
        sy::regroup(&db, Some(&adm), STATE_SLUG, "0,35")
            .await
            .unwrap();
        let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
        let pe1 = para_e1(&o);
        let g = group_with(&o, PARA, &pe1).clone();
        let text = "Garantir o cofinanciamento estadual regular dos serviços de proteção social básica, com repasses fundo a fundo em dia.";
        sy::edit_text(&db, Some(&adm), STATE_SLUG, &g.id, text)
            .await
            .unwrap();
        // Not reviewed yet.
        let (field, msg) = refusal(sy::send(&db, Some(&adm), STATE_SLUG, &g.id, "").await);
        assert_eq!(field, format!("enviar-{}", g.id));
        assert!(msg.contains("revisado"), "{msg}");
        sy::mark_reviewed(&db, Some(&adm), STATE_SLUG, &g.id)
            .await
            .unwrap();
        // The state's eixo 1 has no working group yet.
        let (_, msg) = refusal(sy::send(&db, Some(&adm), STATE_SLUG, &g.id, "").await);
        assert!(msg.contains("ainda não tem grupo de trabalho"), "{msg}");
        let e1 = eixo::Entity::find()
            .filter(eixo::Column::ConferenceId.eq(state.id))
            .filter(eixo::Column::Number.eq(1))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let wg_a = app::plenary::groups::create_group(
            &db,
            Some(&adm),
            STATE_SLUG,
            &e1.id.to_string(),
            "Grupo A do eixo 1",
        )
        .await
        .unwrap();
        let wg_b = app::plenary::groups::create_group(
            &db,
            Some(&adm),
            STATE_SLUG,
            &e1.id.to_string(),
            "Grupo B do eixo 1",
        )
        .await
        .unwrap();
        // Two groups for the eixo: the team must choose.
        let (_, msg) = refusal(sy::send(&db, Some(&adm), STATE_SLUG, &g.id, "").await);
        assert!(msg.contains("Escolha"), "{msg}");
        let (_, msg) = refusal(
            sy::send(
                &db,
                Some(&adm),
                STATE_SLUG,
                &g.id,
                &Uuid::now_v7().to_string(),
            )
            .await,
        );
        assert!(msg.contains("Escolha"), "{msg}");
        assert_eq!(
            proposal::Entity::find()
                .filter(proposal::Column::ConferenceId.eq(state.id))
                .count(&db.conn)
                .await
                .unwrap(),
            0
        );
        let pid = sy::send(&db, Some(&adm), STATE_SLUG, &g.id, &wg_b.to_string())
            .await
            .unwrap();
        let p = proposal::Entity::find_by_id(pid)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.conference_id, state.id);
        assert_eq!(p.group_id, Some(wg_b));
        assert_eq!(p.eixo_id, e1.id);
        assert_eq!(p.text, text);
        assert_eq!(p.level, "estadual");
        assert_eq!(p.status, proposal::ProposalStatus::Draft);
        let origins = proposal_origin::Entity::find()
            .filter(proposal_origin::Column::ProposalId.eq(pid))
            .all(&db.conn)
            .await
            .unwrap();
        assert_eq!(origins.len(), 3);
        assert!(origins.iter().all(|o| o.kind == "report"));
        let mut refs: Vec<String> = origins
            .iter()
            .map(|o| o.ref_id.unwrap().to_string())
            .collect();
        refs.sort();
        let mut ids: Vec<String> = g.members.iter().map(|m| m.id.clone()).collect();
        ids.sort();
        assert_eq!(refs, ids);
        for (source, code) in [(PARA, pe1.as_str()), (DIVI, "E1-E-1"), (ITAU, "E1-E-3")] {
            assert!(
                origins
                    .iter()
                    .any(|o| o.label.contains(source) && o.label.contains(code)),
                "{source} {code}: {origins:?}"
            );
        }
        // The working group's page lists the proposal with its origins.
        let page = app::plenary::groups::group(&db, Some(&adm), STATE_SLUG, &wg_b.to_string())
            .await
            .unwrap();
        let shown = page
            .proposals
            .iter()
            .find(|v| v.id == pid.to_string())
            .unwrap();
        assert_eq!(shown.origins.len(), 3);
        assert!(
            shown
                .origins
                .iter()
                .any(|l| l.contains("Itaúna") && l.contains("E1-E-3"))
        );
        let page_a = app::plenary::groups::group(&db, Some(&adm), STATE_SLUG, &wg_a.to_string())
            .await
            .unwrap();
        assert!(page_a.proposals.is_empty());
        // Sending twice sends once.
        let again = sy::send(&db, Some(&adm), STATE_SLUG, &g.id, &wg_a.to_string())
            .await
            .unwrap();
        assert_eq!(again, pid);
        assert_eq!(
            proposal::Entity::find()
                .filter(proposal::Column::ConferenceId.eq(state.id))
                .count(&db.conn)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            proposal_origin::Entity::find()
                .filter(proposal_origin::Column::ProposalId.eq(pid))
                .count(&db.conn)
                .await
                .unwrap(),
            3
        );
        // A sent group no longer changes.
        let (_, msg) = refusal(sy::edit_text(&db, Some(&adm), STATE_SLUG, &g.id, "Outro").await);
        assert!(msg.contains("já foi enviado"), "{msg}");
        let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
        let sent = group_with(&o, PARA, &pe1);
        assert_eq!(sent.status, "sent");
        assert_eq!(
            sent.sent_to,
            Some(("Grupo B do eixo 1".to_string(), wg_b.to_string()))
        );
        let divi = sent
            .members
            .iter()
            .find(|m| m.code == "E1-E-1")
            .unwrap()
            .id
            .clone();
        let (_, msg) = refusal(sy::split(&db, Some(&adm), STATE_SLUG, &divi).await);
        assert!(msg.contains("já foi enviado"), "{msg}");
        let sent_number = sent.number.to_string();
        let training = group_with(&o, ITAU, "E1-E-4").members[0].id.clone();
        let (_, msg) =
            refusal(sy::move_member(&db, Some(&adm), STATE_SLUG, &training, &sent_number).await);
        assert!(msg.contains("já foi enviado"), "{msg}");
        // Regrouping, even at the loosest threshold, keeps the sent group as it was and does not
        // group its members again.
        let r = sy::regroup(&db, Some(&adm), STATE_SLUG, "0,10")
            .await
            .unwrap();
        assert_eq!(r.kept_sent, 1);
        assert_eq!(r.proposals, 7);
        let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
        let kept = group_with(&o, PARA, &pe1);
        assert_eq!(kept.id, g.id);
        assert_eq!(kept.status, "sent");
        assert_eq!(kept.members.len(), 3);
        assert_eq!(kept.text, text);
        assert_eq!((o.received, o.ungrouped, o.sent), (10, 0, 1));
        let members = systematization_member::Entity::find()
            .filter(systematization_member::Column::ConferenceId.eq(state.id))
            .count(&db.conn)
            .await
            .unwrap();
        assert_eq!(members, 10);
    }
);

#[test]
fn plan_groups_per_eixo_and_level() {
    let items = [
        sy::Item {
            eixo_number: 1,
            level: "estadual",
            text: "Ampliar o número de CRAS nos municípios de pequeno porte",
        },
        sy::Item {
            eixo_number: 1,
            level: "federal",
            text: "Ampliar o número de CRAS nos municípios de pequeno porte",
        },
        sy::Item {
            eixo_number: 2,
            level: "estadual",
            text: "Ampliar o número de CRAS nos municípios de pequeno porte",
        },
        sy::Item {
            eixo_number: 1,
            level: "estadual",
            text: "Ampliação do número de CRAS em municípios de pequeno porte",
        },
    ];
    let p = sy::plan(&items, 0.35);
    assert_eq!(p.len(), 3);
    assert_eq!(p[0].eixo_number, 1);
    assert_eq!(p[0].level, "estadual");
    assert_eq!(p[0].members, vec![0, 3]);
    assert!(p[0].members.contains(&p[0].representative));
    assert_eq!((p[1].eixo_number, p[1].level.as_str()), (1, "federal"));
    assert_eq!(p[1].members, vec![1]);
    assert_eq!((p[2].eixo_number, p[2].members.clone()), (2, vec![2]));
}

both_dbs!(two_sends_at_once_make_one_proposal, |db| async move {
    let (adm, state) = setup(&db).await;
    sy::regroup(&db, Some(&adm), STATE_SLUG, "0,35")
        .await
        .unwrap();
    let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
    let g = group_with(&o, DIVI, "E4-E-1").clone();
    sy::mark_reviewed(&db, Some(&adm), STATE_SLUG, &g.id)
        .await
        .unwrap();
    let e4 = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(state.id))
        .filter(eixo::Column::Number.eq(4))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    app::plenary::groups::create_group(
        &db,
        Some(&adm),
        STATE_SLUG,
        &e4.id.to_string(),
        "Grupo do eixo 4",
    )
    .await
    .unwrap();
    // The eixo has one working group: it is chosen without asking.
    let (a, b) = tokio::join!(
        sy::send(&db, Some(&adm), STATE_SLUG, &g.id, ""),
        sy::send(&db, Some(&adm), STATE_SLUG, &g.id, "")
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a, b);
    assert_eq!(
        proposal::Entity::find()
            .filter(proposal::Column::ConferenceId.eq(state.id))
            .count(&db.conn)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        proposal_origin::Entity::find()
            .filter(proposal_origin::Column::ProposalId.eq(a))
            .count(&db.conn)
            .await
            .unwrap(),
        2
    );
});
