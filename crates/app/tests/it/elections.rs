//! Delegate elections on both databases: seats from the porte (sample table, labelled), candidates
//! per segment, a segment's poll voted from phones (secret; every refusal with nothing counted),
//! counts typed from the room, the result with the quota over titulares and suplentes (and its
//! swap), the public view with counts only, the carry-over to the parent conference, which runs
//! once, the government's delegates appointed by the manager with the act, and a second round of
//! a segment's poll (both kept, only the last counts, both in the minutes).

use crate::support::{
    articulator, check_in_today, commission, conference_by_slug, present_with_phone, refusal,
    register_at_desk,
};
use app::Fail;
use app::participants::devices as dv;
use app::participants::registration::RegistrationInput;
use app::plenary::elections as el;
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{
    checkin, conference, election_ballot, election_participation, registration,
    registration_sensitive,
};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

struct Person<'a> {
    name: &'a str,
    category: &'a str,
    segment: &'a str,
    birth: &'a str,
    quota: bool,
    cpf: &'a str,
}

fn person<'a>(name: &'a str, segment: &'a str) -> Person<'a> {
    Person {
        name,
        category: "delegado",
        segment,
        birth: "",
        quota: false,
        cpf: "",
    }
}

async fn register(
    db: &app::Db,
    com: &app::platform::auth::Me,
    x: Person<'_>,
) -> registration::Model {
    let input = RegistrationInput {
        name: x.name.into(),
        category: x.category.into(),
        segment: x.segment.into(),
        birth_date: x.birth.into(),
        cpf: x.cpf.into(),
        quotas: if x.quota {
            vec!["pessoa_negra".into()]
        } else {
            vec![]
        },
        sensitive_consent: x.quota,
        consent: true,
        ..Default::default()
    };
    register_at_desk(db, com, &input).await
}

/// Present today with a paired phone: returns the phone's token.
fn candidate_id(console: &el::Console, segment: &str, name: &str) -> String {
    console
        .segments
        .iter()
        .find(|s| s.code == segment)
        .unwrap()
        .candidates
        .iter()
        .find(|c| c.name == name)
        .unwrap()
        .id
        .clone()
}

fn poll_id(console: &el::Console, segment: &str) -> String {
    console
        .segments
        .iter()
        .find(|s| s.code == segment)
        .unwrap()
        .poll_id
        .clone()
        .unwrap()
}

async fn demo_conference(db: &app::Db) -> conference::Model {
    conference_by_slug(db, SLUG).await
}

/// A state conference above the demo's, the demo linked to it.
async fn add_parent(db: &app::Db) -> uuid::Uuid {
    let c = demo_conference(db).await;
    let id = uuid::Uuid::now_v7();
    let mut parent = c.clone();
    parent.id = id;
    parent.slug = "estadual-mg-2025".into();
    parent.level = "estadual".into();
    parent.title = "XIV Conferência Estadual de Assistência Social de Minas Gerais".into();
    parent.parent_id = None;
    conference::Entity::insert(sea_orm::IntoActiveModel::into_active_model(parent))
        .exec(&db.conn)
        .await
        .unwrap();
    conference::Entity::update_many()
        .col_expr(conference::Column::ParentId, Some(id).into())
        .filter(conference::Column::Id.eq(c.id))
        .exec(&db.conn)
        .await
        .unwrap();
    id
}

both_dbs!(
    a_segment_elects_by_phone_counts_the_quota_and_carries_once,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let art = articulator(&db).await;

        // Seats: the demo municipality is Médio porte → 6 titulares in the sample table.
        let s = el::setup(&db, Some(&com), SLUG).await.unwrap();
        assert!(s.sample);
        assert!(s.sample_label.contains("exemplo"));
        assert_eq!(s.porte_label, Some("Médio Porte"));
        assert_eq!(s.titulares, 6);
        let seats: Vec<(&str, u32)> = s.seats.iter().map(|x| (x.code, x.titulares)).collect();
        assert_eq!(
            seats,
            vec![
                ("governo", 3),
                ("usuarios", 1),
                ("trabalhadores", 1),
                ("entidades", 1)
            ]
        );
        // 30% of titulares and suplentes: ⌈0.3 × 12⌉.
        assert_eq!(s.quota_minimum, 4);
        assert_eq!(s.government, "elected");
        assert!(matches!(
            el::setup(&db, Some(&art), SLUG).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            el::setup(&db, None, SLUG).await,
            Err(Fail::NeedsLogin)
        ));
        let odd = el::SetupInput {
            titulares: "5".into(),
            tie_rule: "older_first".into(),
            ..Default::default()
        };
        assert!(refusal(el::save_setup(&db, Some(&com), SLUG, &odd).await).contains("par"));
        let bad_rule = el::SetupInput {
            tie_rule: "moeda".into(),
            ..Default::default()
        };
        assert!(
            refusal(el::save_setup(&db, Some(&com), SLUG, &bad_rule).await).contains("desempate")
        );
        let manual = el::save_setup(
            &db,
            Some(&com),
            SLUG,
            &el::SetupInput {
                titulares: "4".into(),
                tie_rule: "draw".into(),
                seed: "42".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(!manual.sample);
        assert_eq!(manual.titulares, 4);
        assert_eq!(manual.seed, "42");
        // Back to the sample table.
        let s = el::save_setup(
            &db,
            Some(&com),
            SLUG,
            &el::SetupInput {
                titulares: String::new(),
                tie_rule: "older_first".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(s.sample);
        assert_eq!(s.titulares, 6);
        // With 2 titulares (1 government, 1 users), workers have no seat and no candidates.
        el::save_setup(
            &db,
            Some(&com),
            SLUG,
            &el::SetupInput {
                titulares: "2".into(),
                tie_rule: "older_first".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let worker = register(&db, &com, person("Wal Trabalhador", "trabalhadores")).await;
        assert!(
            refusal(el::add_candidate(&db, Some(&com), SLUG, &worker.code).await)
                .contains("não tem vagas")
        );
        el::save_setup(
            &db,
            Some(&com),
            SLUG,
            &el::SetupInput {
                tie_rule: "older_first".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();

        // Candidates: users' delegates; refusals for a guest, a repeat, a bad code, the articulator.
        let ana = register(
            &db,
            &com,
            Person {
                quota: true,
                cpf: "529.982.247-25",
                ..person("Ana Usuária", "usuarios")
            },
        )
        .await;
        let bruno = register(&db, &com, person("Bruno Usuário", "usuarios")).await;
        let carla = register(&db, &com, person("Carla Usuária", "usuarios")).await;
        let dora = register(&db, &com, person("Dora Usuária", "usuarios")).await;
        let gil = register(&db, &com, person("Gil Gestor", "governo")).await;
        let guest = register(
            &db,
            &com,
            Person {
                category: "convidado",
                ..person("Hugo Convidado", "usuarios")
            },
        )
        .await;
        for r in [&ana, &bruno] {
            el::add_candidate(&db, Some(&com), SLUG, &r.code)
                .await
                .unwrap();
        }
        assert!(
            refusal(el::add_candidate(&db, Some(&com), SLUG, &guest.code).await)
                .contains("Só delegados(as)")
        );
        assert!(
            refusal(el::add_candidate(&db, Some(&com), SLUG, &ana.code).await).contains("já é")
        );
        assert!(refusal(el::add_candidate(&db, Some(&com), SLUG, "zz").await).contains("inválido"));
        assert!(matches!(
            el::add_candidate(&db, Some(&art), SLUG, &carla.code).await,
            Err(Fail::Forbidden)
        ));

        // Opening: the articulator may not; a segment without candidates or without anyone present
        // cannot; the users' poll opens once.
        let ta = present_with_phone(&db, &com, &ana).await;
        let tb = present_with_phone(&db, &com, &bruno).await;
        let tc = present_with_phone(&db, &com, &carla).await;
        let td = present_with_phone(&db, &com, &dora).await;
        let tg = present_with_phone(&db, &com, &gil).await;
        // Dora leaves: her check-in of today is undone (as if it were the next day).
        checkin::Entity::delete_many()
            .filter(checkin::Column::RegistrationId.eq(dora.id))
            .exec(&db.conn)
            .await
            .unwrap();
        assert!(matches!(
            el::open_poll(&db, Some(&art), SLUG, "usuarios").await,
            Err(Fail::Forbidden)
        ));
        assert!(
            refusal(el::open_poll(&db, Some(&com), SLUG, "trabalhadores").await)
                .contains("ao menos uma candidatura")
        );
        el::open_poll(&db, Some(&com), SLUG, "usuarios")
            .await
            .unwrap();
        assert!(
            refusal(el::open_poll(&db, Some(&com), SLUG, "usuarios").await)
                .contains("já foi aberta")
        );
        assert!(
            refusal(el::add_candidate(&db, Some(&com), SLUG, &carla.code).await)
                .contains("já foi aberta")
        );
        let console = el::console(&db, Some(&com), SLUG).await.unwrap();
        let users = console
            .segments
            .iter()
            .find(|s| s.code == "usuarios")
            .unwrap();
        assert_eq!(users.poll_status, "open");
        assert_eq!(users.present_at_open, Some(3));
        let poll = poll_id(&console, "usuarios");
        let k_ana = candidate_id(&console, "usuarios", "Ana Usuária");
        let k_bruno = candidate_id(&console, "usuarios", "Bruno Usuário");

        // The phone shows the poll of the delegate's own segment only.
        let home = dv::home(&db, SLUG, Some(&ta)).await.unwrap();
        let pp = home.poll.unwrap();
        assert_eq!(pp.candidates.len(), 2);
        assert!(!pp.already_voted);
        assert!(dv::home(&db, SLUG, Some(&tg)).await.unwrap().poll.is_none());

        // Votes: Ana for herself, Bruno and Carla for Bruno (Carla first picks nothing valid).
        assert!(refusal(el::cast(&db, SLUG, Some(&tc), &poll, "nada").await).contains("Escolha"));
        assert!(
            refusal(
                el::cast(
                    &db,
                    SLUG,
                    Some(&tc),
                    &poll,
                    &uuid::Uuid::now_v7().to_string()
                )
                .await
            )
            .contains("Escolha")
        );
        el::cast(&db, SLUG, Some(&ta), &poll, &k_ana).await.unwrap();
        el::cast(&db, SLUG, Some(&tb), &poll, &k_bruno)
            .await
            .unwrap();
        el::cast(&db, SLUG, Some(&tc), &poll, &k_bruno)
            .await
            .unwrap();
        // Refusals, nothing counted.
        assert!(
            refusal(el::cast(&db, SLUG, Some(&ta), &poll, &k_bruno).await).contains("já votou")
        );
        assert!(refusal(el::cast(&db, SLUG, Some(&tg), &poll, &k_ana).await).contains("segmento"));
        assert!(
            refusal(el::cast(&db, SLUG, Some(&td), &poll, &k_ana).await)
                .contains("não foi credenciado(a) hoje")
        );
        assert!(matches!(
            el::cast(&db, SLUG, None, &poll, &k_ana).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            el::cast(&db, SLUG, Some("token-falso"), &poll, &k_ana).await,
            Err(Fail::Forbidden)
        ));
        assert!(
            dv::home(&db, SLUG, Some(&ta))
                .await
                .unwrap()
                .poll
                .unwrap()
                .already_voted
        );

        // Secret: who voted and the ballots are apart; three of each.
        let pid = uuid::Uuid::parse_str(&poll).unwrap();
        assert_eq!(
            election_participation::Entity::find()
                .filter(election_participation::Column::PollId.eq(pid))
                .count(&db.conn)
                .await
                .unwrap(),
            3
        );
        // (Sealed while the poll is open: readable only from the closing on.)
        assert_eq!(
            store::entities::sealed_ballot::Entity::find()
                .filter(store::entities::sealed_ballot::Column::ScopeId.eq(pid))
                .count(&db.conn)
                .await
                .unwrap(),
            3
        );
        // The telão: how many voted, never for whom.
        let board = app::plenary::regimento::board(&db, SLUG).await.unwrap();
        let be = board.election.clone().unwrap();
        assert_eq!(be.open, vec![("Usuários(as)".to_owned(), 3, 3)]);
        let json = serde_json::to_value(&board).unwrap();
        assert!(json.get("election").is_some());

        // Closing: a room count beyond the present is refused; then closed; nothing after.
        assert!(matches!(
            el::close_poll(&db, Some(&art), SLUG, &poll, &vec![]).await,
            Err(Fail::Forbidden)
        ));
        assert!(
            refusal(
                el::close_poll(
                    &db,
                    Some(&com),
                    SLUG,
                    &poll,
                    &vec![(k_ana.clone(), "1".into())]
                )
                .await
            )
            .contains("conte de novo")
        );
        assert!(
            refusal(
                el::close_poll(
                    &db,
                    Some(&com),
                    SLUG,
                    &poll,
                    &vec![(k_ana.clone(), "x".into())]
                )
                .await
            )
            .contains("número inteiro")
        );
        el::close_poll(&db, Some(&com), SLUG, &poll, &vec![])
            .await
            .unwrap();
        assert!(
            refusal(el::close_poll(&db, Some(&com), SLUG, &poll, &vec![]).await)
                .contains("já foi encerrada")
        );
        assert!(refusal(el::cast(&db, SLUG, Some(&tc), &poll, &k_ana).await).contains("encerrada"));
        assert!(dv::home(&db, SLUG, Some(&ta)).await.unwrap().poll.is_none());
        let console = el::console(&db, Some(&com), SLUG).await.unwrap();
        let users = console
            .segments
            .iter()
            .find(|s| s.code == "usuarios")
            .unwrap();
        let votes: Vec<(String, Option<u32>)> = users
            .candidates
            .iter()
            .map(|c| (c.name.clone(), c.votes))
            .collect();
        assert_eq!(
            votes,
            vec![
                ("Ana Usuária".to_owned(), Some(1)),
                ("Bruno Usuário".to_owned(), Some(2))
            ]
        );

        // The result: Bruno (more votes) titular, Ana suplente. The quota counts titulares and
        // suplentes: 2 elected, the minimum is 1, and Ana (quota) is one of them: no swap.
        assert!(matches!(
            el::compute(&db, Some(&art), SLUG).await,
            Err(Fail::Forbidden)
        ));
        el::compute(&db, Some(&com), SLUG).await.unwrap();
        let r = el::result(&db, Some(&com), SLUG).await.unwrap();
        assert!(r.computed);
        let tit: Vec<(&str, Option<bool>)> = r
            .titulares
            .iter()
            .map(|e| (e.name.as_str(), e.by_quota))
            .collect();
        assert_eq!(tit, vec![("Bruno Usuário", Some(false))]);
        let sup: Vec<&str> = r.suplentes.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(sup, vec!["Ana Usuária"]);
        assert_eq!(
            (r.quota_elected, r.elected_count, r.quota_minimum),
            (1, 2, 1)
        );
        assert!(r.quota_met && r.shortfall.is_none());
        assert!(r.swaps.is_empty());
        // Public: names and seats; the quota only as counts.
        let public = el::public_result(&db, SLUG).await.unwrap();
        assert!(public.swaps.is_empty());
        assert_eq!(public.swaps_count, 0);
        assert_eq!(public.quota_elected, 1);
        assert!(
            public
                .titulares
                .iter()
                .all(|e| e.by_quota.is_none() && e.votes.is_none())
        );
        let json = serde_json::to_string(&public).unwrap();
        assert!(!json.contains("\"by_quota\":true"));
        let board = app::plenary::regimento::board(&db, SLUG).await.unwrap();
        assert_eq!(board.election.unwrap().elected.len(), 2);

        // Carry: refused without a parent; then once.
        assert!(refusal(el::carry(&db, Some(&com), SLUG).await).contains("não está ligada"));
        let parent = add_parent(&db).await;
        assert!(matches!(
            el::carry(&db, Some(&art), SLUG).await,
            Err(Fail::Forbidden)
        ));
        let first = el::carry(&db, Some(&com), SLUG).await.unwrap();
        assert_eq!((first.created, first.already), (2, 0));
        let again = el::carry(&db, Some(&com), SLUG).await.unwrap();
        assert_eq!((again.created, again.already), (0, 2));
        let carried = registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(parent))
            .all(&db.conn)
            .await
            .unwrap();
        assert_eq!(carried.len(), 2);
        let mut seen: Vec<String> = carried
            .iter()
            .map(|r| {
                format!(
                    "{}|{}|{}|{}|{}",
                    r.name,
                    r.segment.as_deref().unwrap_or(""),
                    r.seat.as_deref().unwrap_or(""),
                    r.origin.as_deref().unwrap_or(""),
                    r.source
                )
            })
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            vec![
                "Ana Usuária|usuarios|suplente|eleito|election",
                "Bruno Usuário|usuarios|titular|eleito|election",
            ]
        );
        assert!(carried.iter().all(|r| r.category == "delegado"));
        let ana_there = carried.iter().find(|r| r.name == "Ana Usuária").unwrap();
        assert_eq!(ana_there.cpf.as_deref(), Some("52998224725"));
        assert!(
            registration_sensitive::Entity::find_by_id(ana_there.id)
                .one(&db.conn)
                .await
                .unwrap()
                .is_some()
        );
        assert!(el::result(&db, Some(&com), SLUG).await.unwrap().carried);
        // After carrying, the result is final.
        assert!(refusal(el::compute(&db, Some(&com), SLUG).await).contains("já foi levado"));
        assert!(
            refusal(el::open_poll(&db, Some(&com), SLUG, "governo").await)
                .contains("já foi levado")
        );
    }
);

both_dbs!(room_counts_and_the_older_first_tie_rule, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    // Government: 3 seats. Four candidates, two tied for the third seat.
    let older = register(
        &db,
        &com,
        Person {
            birth: "1960-03-01",
            quota: true,
            ..person("Olga Mais Velha", "governo")
        },
    )
    .await;
    let younger = register(
        &db,
        &com,
        Person {
            birth: "1990-03-01",
            ..person("Yuri Mais Novo", "governo")
        },
    )
    .await;
    let a = register(&db, &com, person("Alice Gestora", "governo")).await;
    let b = register(&db, &com, person("Beto Gestor", "governo")).await;
    let extra = register(&db, &com, person("Eva Gestora", "governo")).await;
    for r in [&older, &younger, &a, &b, &extra] {
        el::add_candidate(&db, Some(&com), SLUG, &r.code)
            .await
            .unwrap();
        check_in_today(&db, r).await;
    }
    // Withdrawn before the poll.
    let console = el::console(&db, Some(&com), SLUG).await.unwrap();
    let k_extra = candidate_id(&console, "governo", "Eva Gestora");
    el::remove_candidate(&db, Some(&com), SLUG, &k_extra)
        .await
        .unwrap();
    el::open_poll(&db, Some(&com), SLUG, "governo")
        .await
        .unwrap();
    let fabio = register(&db, &com, person("Fábio Gestor", "governo")).await;
    check_in_today(&db, &fabio).await;
    let console = el::console(&db, Some(&com), SLUG).await.unwrap();
    assert!(
        refusal(
            el::remove_candidate(
                &db,
                Some(&com),
                SLUG,
                &candidate_id(&console, "governo", "Alice Gestora")
            )
            .await
        )
        .contains("já foi aberta")
    );
    let poll = poll_id(&console, "governo");
    let id = |n: &str| candidate_id(&console, "governo", n);
    // Paper count: Alice 2, Beto 2, Olga 1, Yuri 1 (six present).
    let room = vec![
        (id("Alice Gestora"), "2".to_owned()),
        (id("Beto Gestor"), "2".to_owned()),
        (id("Olga Mais Velha"), "1".to_owned()),
        (id("Yuri Mais Novo"), "1".to_owned()),
    ];
    el::close_poll(&db, Some(&com), SLUG, &poll, &room)
        .await
        .unwrap();
    el::compute(&db, Some(&com), SLUG).await.unwrap();
    let r = el::result(&db, Some(&com), SLUG).await.unwrap();
    // Alice and Beto (tied, no birth dates: registration order), then the older of the tied
    // Olga and Yuri; Yuri first suplente.
    let tit: Vec<&str> = r.titulares.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(tit, vec!["Alice Gestora", "Beto Gestor", "Olga Mais Velha"]);
    let sup: Vec<&str> = r.suplentes.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(sup, vec!["Yuri Mais Novo"]);
    // Three titulares and a suplente elected → at least two from quota groups: only Olga is, and
    // no other quota candidate had votes: the shortfall is reported.
    assert_eq!(
        (r.quota_elected, r.elected_count, r.quota_minimum),
        (1, 4, 2)
    );
    assert!(r.swaps.is_empty());
    assert!(!r.quota_met);
    let why = r.shortfall.clone().unwrap();
    assert!(
        why.contains("A cota não foi atingida: 1 de 4 eleitos(as) (titulares e suplentes)"),
        "{why}"
    );
    assert_eq!(r.ties.len(), 2);
    assert!(r.ties.iter().all(|t| t.contains("mais velha")));
    let t = r.ties.iter().find(|t| t.contains("Olga")).unwrap();
    assert!(t.find("Olga").unwrap() < t.find("Yuri").unwrap());
    // Without a parent conference the staff result says nothing was carried.
    assert!(!r.carried);
});

both_dbs!(
    receipts_the_hash_chain_and_the_minutes_of_an_election,
    |db| async move {
        use store::entities::election_log;
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let ana = register(
            &db,
            &com,
            Person {
                quota: true,
                ..person("Ana Usuária", "usuarios")
            },
        )
        .await;
        let bruno = register(&db, &com, person("Bruno Usuário", "usuarios")).await;
        let carla = register(&db, &com, person("Carla Usuária", "usuarios")).await;
        let dora = register(&db, &com, person("Dora Usuária", "usuarios")).await;
        for r in [&ana, &bruno] {
            el::add_candidate(&db, Some(&com), SLUG, &r.code)
                .await
                .unwrap();
        }
        let ta = present_with_phone(&db, &com, &ana).await;
        let tb = present_with_phone(&db, &com, &bruno).await;
        let tc = present_with_phone(&db, &com, &carla).await;
        check_in_today(&db, &dora).await;
        el::open_poll(&db, Some(&com), SLUG, "usuarios")
            .await
            .unwrap();
        let console = el::console(&db, Some(&com), SLUG).await.unwrap();
        let poll = poll_id(&console, "usuarios");
        let k_ana = candidate_id(&console, "usuarios", "Ana Usuária");
        let k_bruno = candidate_id(&console, "usuarios", "Bruno Usuário");

        // Each vote answers with a receipt: a code in three groups, the candidate named.
        let ra = el::cast(&db, SLUG, Some(&ta), &poll, &k_ana).await.unwrap();
        let rb = el::cast(&db, SLUG, Some(&tb), &poll, &k_bruno)
            .await
            .unwrap();
        let rc = el::cast(&db, SLUG, Some(&tc), &poll, &k_ana).await.unwrap();
        assert_eq!(rb.candidate, "Bruno Usuário");
        assert_eq!(rb.segment, "Usuários(as)");
        assert_eq!(rb.code.len(), 14);
        assert_eq!(rb.code.matches('-').count(), 2);
        assert_ne!(ra.code, rc.code);
        // While the poll is open its ballots are sealed: nothing readable is stored.
        assert_eq!(
            election_ballot::Entity::find()
                .count(&db.conn)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            store::entities::sealed_ballot::Entity::find()
                .count(&db.conn)
                .await
                .unwrap(),
            3
        );

        // The check: the right code (any case), a wrong one, a malformed one, an unknown poll.
        let ok = el::check_receipt(&db, SLUG, &poll, &rb.code.to_lowercase())
            .await
            .unwrap();
        assert!(ok.found);
        assert_eq!(ok.candidate.as_deref(), Some("Bruno Usuário"));
        assert!(!ok.closed);
        let wrong = el::check_receipt(&db, SLUG, &poll, "AAAA-BBBB-CCCC")
            .await
            .unwrap();
        assert!(!wrong.found && wrong.candidate.is_none());
        assert!(
            refusal(el::check_receipt(&db, SLUG, &poll, "123").await)
                .contains("três grupos de quatro letras e números")
        );
        assert!(matches!(
            el::check_receipt(&db, SLUG, &uuid::Uuid::now_v7().to_string(), &rb.code).await,
            Err(Fail::NotFound)
        ));
        // A receipt is bound to its poll.
        assert!(matches!(
            el::record(&db, SLUG, &k_ana).await,
            Err(Fail::NotFound)
        ));

        // The chain while open: the opening only (the ballots are chained at closing); intact.
        let rec = el::record(&db, SLUG, &poll).await.unwrap();
        assert!(rec.intact, "{:?}", rec.problems);
        let kinds: Vec<&str> = rec.links.iter().map(|l| l.kind.as_str()).collect();
        assert_eq!(kinds, vec!["open"]);
        assert_eq!(rec.links[0].prev_hash, app::platform::chain::GENESIS);
        assert_eq!(rec.links[0].body["present"], 4);
        let json = serde_json::to_string(&rec).unwrap();
        assert!(
            !json.contains(&ana.id.to_string()),
            "no voter in the record"
        );
        assert!(!json.contains(&rb.code));

        // Dora voted on paper for Ana: the room's count and the closing are chained.
        el::close_poll(
            &db,
            Some(&com),
            SLUG,
            &poll,
            &vec![(k_ana.clone(), "1".to_owned())],
        )
        .await
        .unwrap();
        let rec = el::record(&db, SLUG, &poll).await.unwrap();
        assert!(rec.intact, "{:?}", rec.problems);
        let kinds: Vec<&str> = rec.links.iter().map(|l| l.kind.as_str()).collect();
        assert_eq!(kinds, ["open", "ballots", "room", "close"]);
        assert_eq!(rec.links[1].body["ballots"].as_array().unwrap().len(), 3);
        assert_eq!(rec.links[3].body["voters_by_phone"], 3);
        // Only the hash of the code is stored with the ballot; the voter is not.
        let keys: Vec<String> = election_ballot::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
            .into_iter()
            .map(|b| b.ballot_key)
            .collect();
        assert_eq!(keys.len(), 3);
        assert!(keys.iter().all(|k| k.len() == 64 && !k.contains(&rb.code)));
        assert!(
            el::check_receipt(&db, SLUG, &poll, &ra.code)
                .await
                .unwrap()
                .closed
        );

        // The minutes: the election's section, per candidate and the result; quota as counts.
        el::compute(&db, Some(&com), SLUG).await.unwrap();
        let text = app::plenary::regimento::minutes_text(&db, Some(&com), SLUG)
            .await
            .unwrap();
        let all = text.join("\n");
        for expected in [
            "Eleição de delegados(as) para a etapa seguinte",
            "Segmento Usuários(as)",
            "Delegados(as) do segmento presentes na abertura: 4. Votos: 3 pelo celular e 1 contados na sala.",
            "Votos por candidato(a): Ana Usuária: 3 (2 pelo celular, 1 na sala); Bruno Usuário: 1 (1 pelo celular, 0 na sala).",
            "Registro encadeado: 4 elos",
            "Titulares: Ana Usuária (Usuários(as)).",
            "Suplentes: Bruno Usuário (Usuários(as)).",
            "1 de 2 eleitos(as) (titulares e suplentes) são de grupos de cota; o mínimo é 1 (30%). Ajuste da cota: 0 substituição(ões)",
            "Desempate: Mais velho(a) primeiro",
            "Vagas: 6 titulares e 6 suplentes, da tabela de exemplo para o porte Médio Porte. Tabela de exemplo (dados de amostra",
        ] {
            assert!(all.contains(expected), "missing {expected:?} in\n{all}");
        }
        assert!(all.contains("encerrada às"), "{all}");
        // No one's quota membership: a paragraph about the quota names no one.
        for p in text.iter().filter(|p| p.to_lowercase().contains("cota")) {
            assert!(
                !p.contains("Ana") && !p.contains("Bruno"),
                "quota paragraph names a person: {p}"
            );
        }
        assert!(!all.contains("pessoa_negra") && !all.to_lowercase().contains("pessoa negra"));
        let pdf = app::plenary::regimento::minutes_pdf(&db, Some(&com), SLUG)
            .await
            .unwrap();
        assert!(pdf.starts_with(b"%PDF"));

        // Tampering: a ballot moved to another candidate breaks the record.
        election_ballot::Entity::update_many()
            .col_expr(
                election_ballot::Column::CandidateId,
                uuid::Uuid::parse_str(&k_bruno).unwrap().into(),
            )
            .filter(election_ballot::Column::CandidateId.eq(uuid::Uuid::parse_str(&k_ana).unwrap()))
            .exec(&db.conn)
            .await
            .unwrap();
        let broken = el::record(&db, SLUG, &poll).await.unwrap();
        assert!(!broken.intact);
        assert!(
            broken
                .problems
                .contains(&"os votos guardados não são os da cadeia".to_owned()),
            "{:?}",
            broken.problems
        );
        // And a link rewritten in the log breaks its hash.
        election_log::Entity::update_many()
            .col_expr(election_log::Column::Body, "{\"ballots\":[]}".into())
            .filter(election_log::Column::PollId.eq(uuid::Uuid::parse_str(&poll).unwrap()))
            .filter(election_log::Column::Seq.eq(1))
            .exec(&db.conn)
            .await
            .unwrap();
        let broken = el::record(&db, SLUG, &poll).await.unwrap();
        assert!(
            broken
                .problems
                .iter()
                .any(|p| p.contains("elo 1: o hash não confere")),
            "{:?}",
            broken.problems
        );
    }
);

fn setup(titulares: &str, government: &str) -> el::SetupInput {
    el::SetupInput {
        titulares: titulares.into(),
        tie_rule: "older_first".into(),
        seed: String::new(),
        government: government.into(),
    }
}

fn appoint_input(act: &str, seats: &[(&registration::Model, &str)]) -> el::AppointInput {
    el::AppointInput {
        act: act.into(),
        seats: seats
            .iter()
            .map(|(r, s)| (r.id.to_string(), (*s).to_owned()))
            .collect(),
    }
}

both_dbs!(
    government_delegates_appointed_by_the_manager_with_the_act,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let art = articulator(&db).await;
        // Médio Porte, sample table: 3 government seats.
        let g1 = register(
            &db,
            &com,
            Person {
                quota: true,
                cpf: "529.982.247-25",
                ..person("Gina Gestora", "governo")
            },
        )
        .await;
        let g2 = register(&db, &com, person("Gil Gestor", "governo")).await;
        let g3 = register(&db, &com, person("Gal Gestora", "governo")).await;
        let g4 = register(&db, &com, person("Guto Gestor", "governo")).await;
        let guest = register(
            &db,
            &com,
            Person {
                category: "convidado",
                ..person("Gabi Convidada", "governo")
            },
        )
        .await;
        let u1 = register(&db, &com, person("Ulla Usuária", "usuarios")).await;
        let u2 = register(&db, &com, person("Ugo Usuário", "usuarios")).await;
        let u3 = register(
            &db,
            &com,
            Person {
                quota: true,
                ..person("Uiara Usuária", "usuarios")
            },
        )
        .await;

        // Elected by default: no appointment then.
        assert!(
            refusal(
                el::appoint(
                    &db,
                    Some(&com),
                    SLUG,
                    &appoint_input("Portaria 1", &[(&g1, "titular")])
                )
                .await
            )
            .contains("são eleitos(as)")
        );
        // A government candidacy must go before the switch to appointment.
        el::add_candidate(&db, Some(&com), SLUG, &g2.code)
            .await
            .unwrap();
        assert!(
            refusal(el::save_setup(&db, Some(&com), SLUG, &setup("", "appointed")).await)
                .contains("retire-a(s)")
        );
        let console = el::console(&db, Some(&com), SLUG).await.unwrap();
        el::remove_candidate(
            &db,
            Some(&com),
            SLUG,
            &candidate_id(&console, "governo", "Gil Gestor"),
        )
        .await
        .unwrap();
        assert!(
            refusal(el::save_setup(&db, Some(&com), SLUG, &setup("", "sorteio")).await)
                .contains("delegados(as) do governo")
        );
        let s = el::save_setup(&db, Some(&com), SLUG, &setup("", "appointed"))
            .await
            .unwrap();
        assert_eq!(s.government, "appointed");
        assert_eq!(s.government_seats, 3);
        // Only active delegates of the government are offered.
        let offered: Vec<&str> = s
            .government_delegates
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert!(offered.contains(&"Gina Gestora") && !offered.contains(&"Gabi Convidada"));
        assert!(!offered.contains(&"Ulla Usuária"));

        // No candidacy and no poll in the government segment now.
        assert!(
            refusal(el::add_candidate(&db, Some(&com), SLUG, &g3.code).await)
                .contains("indicados(as) pelo órgão gestor")
        );
        check_in_today(&db, &g1).await;
        assert!(
            refusal(el::open_poll(&db, Some(&com), SLUG, "governo").await)
                .contains("não há votação no segmento Governo")
        );

        // The appointment's refusals: who may not, the wrong count, too many suplentes, no act,
        // a long act, someone not a government delegate.
        let full = [
            (&g1, "titular"),
            (&g2, "titular"),
            (&g3, "titular"),
            (&g4, "suplente"),
        ];
        assert!(matches!(
            el::appoint(&db, Some(&art), SLUG, &appoint_input("Portaria 1", &full)).await,
            Err(Fail::Forbidden)
        ));
        assert!(
            refusal(
                el::appoint(
                    &db,
                    Some(&com),
                    SLUG,
                    &appoint_input("Portaria 1", &[(&g1, "titular"), (&g2, "titular")])
                )
                .await
            )
            .contains("exatamente 3 titular(es)")
        );
        assert!(
            refusal(
                el::appoint(
                    &db,
                    Some(&com),
                    SLUG,
                    &appoint_input(
                        "Portaria 1",
                        &[
                            (&g1, "suplente"),
                            (&g2, "suplente"),
                            (&g3, "suplente"),
                            (&g4, "suplente"),
                        ]
                    )
                )
                .await
            )
            .contains("exatamente 3")
        );
        let too_many = match el::appoint(
            &db,
            Some(&com),
            SLUG,
            &appoint_input(
                "Portaria 1",
                &[
                    (&g1, "titular"),
                    (&g2, "titular"),
                    (&g3, "titular"),
                    (&g4, "suplente"),
                    (&u1, "suplente"),
                    (&u2, "suplente"),
                    (&u3, "suplente"),
                ],
            ),
        )
        .await
        {
            Err(Fail::Invalid(i)) => i.0.iter().map(|e| e.message.clone()).collect::<Vec<_>>(),
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert!(
            too_many
                .iter()
                .any(|m| m.contains("no máximo 3 suplente(s)")),
            "{too_many:?}"
        );
        assert!(
            refusal(el::appoint(&db, Some(&com), SLUG, &appoint_input("   ", &full)).await)
                .contains("Ato de indicação")
        );
        assert!(
            refusal(
                el::appoint(
                    &db,
                    Some(&com),
                    SLUG,
                    &appoint_input(&"P".repeat(201), &full)
                )
                .await
            )
            .contains("até 200 caracteres")
        );
        for other in [&u1, &guest] {
            let msg = refusal(
                el::appoint(
                    &db,
                    Some(&com),
                    SLUG,
                    &appoint_input(
                        "Portaria 1",
                        &[(&g1, "titular"), (&g2, "titular"), (other, "titular")],
                    ),
                )
                .await,
            );
            assert!(
                msg.contains("não é delegado(a) do segmento Governo"),
                "{msg}"
            );
        }
        assert!(
            el::setup(&db, Some(&com), SLUG)
                .await
                .unwrap()
                .appointed
                .is_empty(),
            "nothing was saved"
        );
        let s = el::appoint(
            &db,
            Some(&com),
            SLUG,
            &appoint_input("  Portaria SMAS  nº 12/2027 ", &full),
        )
        .await
        .unwrap();
        assert_eq!(
            s.government_act.as_deref(),
            Some("Portaria SMAS nº 12/2027")
        );
        let appointed: Vec<(&str, &str, i32)> = s
            .appointed
            .iter()
            .map(|a| (a.name.as_str(), a.seat, a.position))
            .collect();
        assert_eq!(
            appointed,
            vec![
                ("Gina Gestora", "Titular", 1),
                ("Gil Gestor", "Titular", 2),
                ("Gal Gestora", "Titular", 3),
                ("Guto Gestor", "Suplente", 1),
            ]
        );
        // Settings are fixed once a poll opens.
        let console = el::console(&db, Some(&com), SLUG).await.unwrap();
        assert!(
            console
                .segments
                .iter()
                .find(|s| s.code == "governo")
                .unwrap()
                .appointed
        );

        // The users' poll: Ulla 3, Ugo 2, Uiara (quota) 1, counted in the room.
        for r in [&u1, &u2, &u3] {
            el::add_candidate(&db, Some(&com), SLUG, &r.code)
                .await
                .unwrap();
        }
        for r in [&u1, &u2, &u3] {
            check_in_today(&db, r).await;
        }
        let extra: Vec<registration::Model> = {
            let mut v = Vec::new();
            for n in ["Uma", "Ulisses", "Úrsula"] {
                let r = register(&db, &com, person(n, "usuarios")).await;
                check_in_today(&db, &r).await;
                v.push(r);
            }
            v
        };
        assert_eq!(extra.len(), 3);
        el::open_poll(&db, Some(&com), SLUG, "usuarios")
            .await
            .unwrap();
        let console = el::console(&db, Some(&com), SLUG).await.unwrap();
        let poll = poll_id(&console, "usuarios");
        let id = |n: &str| candidate_id(&console, "usuarios", n);
        el::close_poll(
            &db,
            Some(&com),
            SLUG,
            &poll,
            &vec![
                (id("Ulla Usuária"), "3".to_owned()),
                (id("Ugo Usuário"), "2".to_owned()),
                (id("Uiara Usuária"), "1".to_owned()),
            ],
        )
        .await
        .unwrap();
        el::compute(&db, Some(&com), SLUG).await.unwrap();

        // The appointed are the government's titulares and suplente, with the act.
        let r = el::result(&db, Some(&com), SLUG).await.unwrap();
        let note = "indicado(a) pelo órgão gestor (ato Portaria SMAS nº 12/2027)";
        let gov: Vec<(&str, &str, Option<&str>, Option<i32>)> = r
            .titulares
            .iter()
            .chain(&r.suplentes)
            .filter(|e| e.segment == "Governo")
            .map(|e| (e.name.as_str(), e.seat, e.appointed.as_deref(), e.votes))
            .collect();
        assert_eq!(
            gov,
            vec![
                ("Gina Gestora", "Titular", Some(note), None),
                ("Gil Gestor", "Titular", Some(note), None),
                ("Gal Gestora", "Titular", Some(note), None),
                ("Guto Gestor", "Suplente", Some(note), None),
            ]
        );
        assert_eq!(
            r.government_act.as_deref(),
            Some("Portaria SMAS nº 12/2027")
        );
        // 6 elected → at least 2 from quota groups: Gina (appointed) counts, and Uiara enters as
        // the users' suplente in the place of Ugo.
        assert_eq!(
            (r.quota_elected, r.elected_count, r.quota_minimum),
            (2, 6, 2)
        );
        assert!(r.quota_met);
        assert_eq!(r.swaps.len(), 1);
        assert!(r.swaps[0].contains("Uiara Usuária") && r.swaps[0].contains("Ugo Usuário"));
        let users_sup: Vec<&str> = r
            .suplentes
            .iter()
            .filter(|e| e.segment == "Usuários(as)")
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(users_sup, vec!["Uiara Usuária"]);
        // Public: names, segment and seat, the note; no votes.
        let public = el::public_result(&db, SLUG).await.unwrap();
        let gina = public
            .titulares
            .iter()
            .find(|e| e.name == "Gina Gestora")
            .unwrap();
        assert_eq!(gina.appointed.as_deref(), Some(note));
        assert!(gina.votes.is_none() && gina.by_quota.is_none());
        // The minutes.
        let text = app::plenary::regimento::minutes_text(&db, Some(&com), SLUG)
            .await
            .unwrap()
            .join("\n");
        for expected in [
            "Delegados(as) do governo indicados(as) pelo órgão gestor, sem votação no segmento (ato Portaria SMAS nº 12/2027). Titulares: Gina Gestora; Gil Gestor; Gal Gestora. Suplentes: Guto Gestor.",
            "Gina Gestora (Governo, indicado(a) pelo órgão gestor (ato Portaria SMAS nº 12/2027))",
            "2 de 6 eleitos(as) (titulares e suplentes) são de grupos de cota",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }

        // Carried: the appointed arrive as "indicado", the elected as "eleito".
        let parent = add_parent(&db).await;
        let carried = el::carry(&db, Some(&com), SLUG).await.unwrap();
        assert_eq!(carried.created, 6);
        let mut seen: Vec<String> = registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(parent))
            .all(&db.conn)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{}|{}|{}",
                    r.name,
                    r.seat.as_deref().unwrap_or(""),
                    r.origin.as_deref().unwrap_or("")
                )
            })
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            vec![
                "Gal Gestora|titular|indicado",
                "Gil Gestor|titular|indicado",
                "Gina Gestora|titular|indicado",
                "Guto Gestor|suplente|indicado",
                "Uiara Usuária|suplente|eleito",
                "Ulla Usuária|titular|eleito",
            ]
        );
        // After carrying, the appointment is final too.
        assert!(
            refusal(el::appoint(&db, Some(&com), SLUG, &appoint_input("Portaria 2", &full)).await)
                .contains("já foi levado")
        );
    }
);

both_dbs!(the_quota_counts_titulares_and_suplentes, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    // 2 titulares: 1 government, 1 users (and a suplente each).
    let s = el::save_setup(&db, Some(&com), SLUG, &setup("2", ""))
        .await
        .unwrap();
    assert_eq!(s.quota_minimum, 2, "30% of 2 titulares and 2 suplentes");
    let g1 = register(
        &db,
        &com,
        Person {
            quota: true,
            ..person("Gina Gestora", "governo")
        },
    )
    .await;
    let g2 = register(&db, &com, person("Gil Gestor", "governo")).await;
    let u1 = register(&db, &com, person("Ulla Usuária", "usuarios")).await;
    let u2 = register(&db, &com, person("Ugo Usuário", "usuarios")).await;
    let u3 = register(
        &db,
        &com,
        Person {
            quota: true,
            ..person("Uiara Usuária", "usuarios")
        },
    )
    .await;
    for r in [&g1, &g2, &u1, &u2, &u3] {
        el::add_candidate(&db, Some(&com), SLUG, &r.code)
            .await
            .unwrap();
    }
    // Five government and six users' delegates present.
    for r in [&g1, &g2, &u1, &u2, &u3] {
        check_in_today(&db, r).await;
    }
    for (n, seg) in [
        ("Gui", "governo"),
        ("Guga", "governo"),
        ("Greta", "governo"),
        ("Uri", "usuarios"),
        ("Una", "usuarios"),
        ("Ute", "usuarios"),
    ] {
        let r = register(&db, &com, person(n, seg)).await;
        check_in_today(&db, &r).await;
    }
    for seg in ["governo", "usuarios"] {
        el::open_poll(&db, Some(&com), SLUG, seg).await.unwrap();
    }
    let console = el::console(&db, Some(&com), SLUG).await.unwrap();
    let votes = |seg: &str, v: &[(&str, &str)]| -> el::RoomCounts {
        v.iter()
            .map(|(n, k)| (candidate_id(&console, seg, n), (*k).to_owned()))
            .collect()
    };
    el::close_poll(
        &db,
        Some(&com),
        SLUG,
        &poll_id(&console, "governo"),
        &votes("governo", &[("Gina Gestora", "3"), ("Gil Gestor", "2")]),
    )
    .await
    .unwrap();
    el::close_poll(
        &db,
        Some(&com),
        SLUG,
        &poll_id(&console, "usuarios"),
        &votes(
            "usuarios",
            &[
                ("Ulla Usuária", "3"),
                ("Ugo Usuário", "2"),
                ("Uiara Usuária", "1"),
            ],
        ),
    )
    .await
    .unwrap();
    el::compute(&db, Some(&com), SLUG).await.unwrap();
    let r = el::result(&db, Some(&com), SLUG).await.unwrap();
    // Counting titulares only (the old rule), Gina alone was 1 of 2: enough. Counting the 4
    // elected, 2 are needed: Uiara enters as the users' suplente in Ugo's place, the swap that
    // loses the fewest votes (1; Ulla's titular seat would lose 2).
    let tit: Vec<(&str, Option<bool>)> = r
        .titulares
        .iter()
        .map(|e| (e.name.as_str(), e.by_quota))
        .collect();
    assert_eq!(
        tit,
        vec![("Gina Gestora", Some(false)), ("Ulla Usuária", Some(false))]
    );
    let sup: Vec<(&str, Option<bool>)> = r
        .suplentes
        .iter()
        .map(|e| (e.name.as_str(), e.by_quota))
        .collect();
    assert_eq!(
        sup,
        vec![("Gil Gestor", Some(false)), ("Uiara Usuária", Some(true))]
    );
    assert_eq!(
        (r.quota_elected, r.elected_count, r.quota_minimum),
        (2, 4, 2)
    );
    assert!(r.quota_met && r.shortfall.is_none());
    assert_eq!(r.swaps.len(), 1);
    assert!(
            r.swaps[0].contains(
                "Uiara Usuária (1 voto(s)), de grupo de cota, entra como suplente no lugar de Ugo Usuário (2 voto(s))"
            ),
            "{}",
            r.swaps[0]
        );
    let public = el::public_result(&db, SLUG).await.unwrap();
    assert_eq!((public.quota_elected, public.elected_count), (2, 4));
    assert_eq!(public.swaps_count, 1);
    assert!(public.swaps.is_empty());
    assert!(public.suplentes.iter().all(|e| e.by_quota.is_none()));
});

both_dbs!(
    a_second_round_keeps_both_rounds_and_only_the_last_counts,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        // Sample table: the users have 1 titular seat and 1 suplente.
        let alba = register(&db, &com, person("Alba Usuária", "usuarios")).await;
        let bia = register(&db, &com, person("Bia Usuária", "usuarios")).await;
        let caio = register(&db, &com, person("Caio Usuário", "usuarios")).await;
        let davi = register(&db, &com, person("Davi Usuário", "usuarios")).await;
        for r in [&alba, &bia, &caio] {
            el::add_candidate(&db, Some(&com), SLUG, &r.code)
                .await
                .unwrap();
        }
        let ta = present_with_phone(&db, &com, &alba).await;
        let tb = present_with_phone(&db, &com, &bia).await;
        let tc = present_with_phone(&db, &com, &caio).await;
        let td = present_with_phone(&db, &com, &davi).await;
        // No second round before the first.
        assert!(
            refusal(el::open_round(&db, Some(&com), SLUG, "usuarios", &[]).await)
                .contains("abra o 1º turno antes")
        );
        el::open_poll(&db, Some(&com), SLUG, "usuarios")
            .await
            .unwrap();
        let console = el::console(&db, Some(&com), SLUG).await.unwrap();
        let first = poll_id(&console, "usuarios");
        let k = |n: &str| candidate_id(&console, "usuarios", n);
        // Nor while a round is open.
        assert!(
            refusal(
                el::open_round(
                    &db,
                    Some(&com),
                    SLUG,
                    "usuarios",
                    &[k("Alba Usuária"), k("Bia Usuária")]
                )
                .await
            )
            .contains("encerre-o")
        );
        // 1º turno: Alba 2, Bia 2, Caio 0: a tie for the titular seat.
        let r1 = el::cast(&db, SLUG, Some(&ta), &first, &k("Alba Usuária"))
            .await
            .unwrap();
        el::cast(&db, SLUG, Some(&tb), &first, &k("Bia Usuária"))
            .await
            .unwrap();
        el::cast(&db, SLUG, Some(&tc), &first, &k("Alba Usuária"))
            .await
            .unwrap();
        el::cast(&db, SLUG, Some(&td), &first, &k("Bia Usuária"))
            .await
            .unwrap();
        el::close_poll(&db, Some(&com), SLUG, &first, &vec![])
            .await
            .unwrap();

        // The console offers the 2º turno with the tied candidates checked.
        let console = el::console(&db, Some(&com), SLUG).await.unwrap();
        let users = console
            .segments
            .iter()
            .find(|s| s.code == "usuarios")
            .unwrap();
        let next = users.next_round.clone().unwrap();
        assert_eq!(next.label, "2º turno");
        let checked: Vec<(&str, bool)> = next
            .candidates
            .iter()
            .map(|c| (c.name.as_str(), c.checked))
            .collect();
        assert_eq!(
            checked,
            vec![
                ("Alba Usuária", true),
                ("Bia Usuária", true),
                ("Caio Usuário", false)
            ]
        );
        // Refusals: one candidate, a stranger.
        assert!(
            refusal(el::open_round(&db, Some(&com), SLUG, "usuarios", &[k("Alba Usuária")]).await)
                .contains("ao menos dois(duas)")
        );
        assert!(
            refusal(
                el::open_round(
                    &db,
                    Some(&com),
                    SLUG,
                    "usuarios",
                    &[k("Alba Usuária"), uuid::Uuid::now_v7().to_string()]
                )
                .await
            )
            .contains("Marque só candidatos(as) do segmento")
        );
        el::open_round(
            &db,
            Some(&com),
            SLUG,
            "usuarios",
            &[k("Alba Usuária"), k("Bia Usuária")],
        )
        .await
        .unwrap();
        let console = el::console(&db, Some(&com), SLUG).await.unwrap();
        let users = console
            .segments
            .iter()
            .find(|s| s.code == "usuarios")
            .unwrap();
        assert_eq!((users.round, users.poll_status), (2, "open"));
        assert_eq!(users.rounds.len(), 2);
        assert_eq!(users.rounds[0].label, "1º turno");
        assert_eq!(users.rounds[0].status, "closed");
        assert!(users.next_round.is_none());
        let second = poll_id(&console, "usuarios");
        assert_ne!(first, second);

        // The phone shows the 2º turno with its two candidates; each delegate votes again, once.
        let pp = dv::home(&db, SLUG, Some(&tc)).await.unwrap().poll.unwrap();
        assert_eq!(pp.id, second);
        assert_eq!(pp.round_label.as_deref(), Some("2º turno"));
        let names: Vec<&str> = pp.candidates.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, vec!["Alba Usuária", "Bia Usuária"]);
        assert!(
            refusal(el::cast(&db, SLUG, Some(&tc), &second, &k("Caio Usuário")).await)
                .contains("Escolha")
        );
        let r2 = el::cast(&db, SLUG, Some(&ta), &second, &k("Bia Usuária"))
            .await
            .unwrap();
        el::cast(&db, SLUG, Some(&tb), &second, &k("Bia Usuária"))
            .await
            .unwrap();
        el::cast(&db, SLUG, Some(&tc), &second, &k("Alba Usuária"))
            .await
            .unwrap();
        assert!(
            refusal(el::cast(&db, SLUG, Some(&tc), &second, &k("Bia Usuária")).await)
                .contains("já votou")
        );
        // Davi votes on paper for Bia.
        el::close_poll(
            &db,
            Some(&com),
            SLUG,
            &second,
            &vec![(k("Bia Usuária"), "1".to_owned())],
        )
        .await
        .unwrap();

        // Both rounds are kept: receipts and chains of each.
        let c1 = el::check_receipt(&db, SLUG, &first, &r1.code)
            .await
            .unwrap();
        assert!(c1.found && c1.closed);
        assert_eq!(c1.candidate.as_deref(), Some("Alba Usuária"));
        let c2 = el::check_receipt(&db, SLUG, &second, &r2.code)
            .await
            .unwrap();
        assert_eq!(c2.candidate.as_deref(), Some("Bia Usuária"));
        assert!(
            !el::check_receipt(&db, SLUG, &second, &r1.code)
                .await
                .unwrap()
                .found
        );
        for p in [&first, &second] {
            let rec = el::record(&db, SLUG, p).await.unwrap();
            assert!(rec.intact, "{:?}", rec.problems);
        }
        let open2 = el::record(&db, SLUG, &second).await.unwrap();
        assert_eq!(open2.links[0].body["round"], 2);
        let console = el::console(&db, Some(&com), SLUG).await.unwrap();
        let users = console
            .segments
            .iter()
            .find(|s| s.code == "usuarios")
            .unwrap();
        let counts: Vec<Vec<(String, Option<u32>)>> = users
            .rounds
            .iter()
            .map(|t| t.counts.iter().map(|c| (c.name.clone(), c.votes)).collect())
            .collect();
        assert_eq!(
            counts,
            vec![
                vec![
                    ("Alba Usuária".to_owned(), Some(2)),
                    ("Bia Usuária".to_owned(), Some(2)),
                    ("Caio Usuário".to_owned(), Some(0)),
                ],
                vec![
                    ("Bia Usuária".to_owned(), Some(3)),
                    ("Alba Usuária".to_owned(), Some(1)),
                ],
            ]
        );

        // Only the last round counts: the 1º turno's tie rule would have made Alba titular.
        el::compute(&db, Some(&com), SLUG).await.unwrap();
        let r = el::result(&db, Some(&com), SLUG).await.unwrap();
        let tit: Vec<(&str, Option<i32>)> = r
            .titulares
            .iter()
            .map(|e| (e.name.as_str(), e.votes))
            .collect();
        assert_eq!(tit, vec![("Bia Usuária", Some(3))]);
        let sup: Vec<(&str, Option<i32>)> = r
            .suplentes
            .iter()
            .map(|e| (e.name.as_str(), e.votes))
            .collect();
        assert_eq!(sup, vec![("Alba Usuária", Some(1))]);
        assert!(r.ties.is_empty(), "{:?}", r.ties);

        // The minutes tell both rounds.
        let text = app::plenary::regimento::minutes_text(&db, Some(&com), SLUG)
            .await
            .unwrap();
        let all = text.join("\n");
        for expected in [
            "Segmento Usuários(as)",
            "1º turno. Votação aberta às",
            "Votos: 4 pelo celular e 0 contados na sala.",
            "Votos por candidato(a): Alba Usuária: 2 (2 pelo celular, 0 na sala); Bia Usuária: 2 (2 pelo celular, 0 na sala); Caio Usuário: 0 (0 pelo celular, 0 na sala).",
            "2º turno, entre Alba Usuária, Bia Usuária (o último turno, que vale para o resultado). Votação aberta às",
            "Votos: 3 pelo celular e 1 contados na sala.",
            "Votos por candidato(a): Bia Usuária: 3 (2 pelo celular, 1 na sala); Alba Usuária: 1 (1 pelo celular, 0 na sala).",
            "Titulares: Bia Usuária (Usuários(as)).",
            "Suplentes: Alba Usuária (Usuários(as)).",
        ] {
            assert!(all.contains(expected), "missing {expected:?} in\n{all}");
        }
        assert_eq!(
            text.iter()
                .filter(|p| p.as_str() == "Segmento Usuários(as)")
                .count(),
            1
        );

        // After carrying, no new round.
        add_parent(&db).await;
        el::carry(&db, Some(&com), SLUG).await.unwrap();
        assert!(
            refusal(
                el::open_round(
                    &db,
                    Some(&com),
                    SLUG,
                    "usuarios",
                    &[k("Alba Usuária"), k("Bia Usuária")]
                )
                .await
            )
            .contains("já foi levado")
        );
    }
);
