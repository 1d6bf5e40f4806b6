//! The delegate's phone over HTTP on both databases: the code typed in the pairing page (errors
//! with the text kept), the vote's choice confirmed on a second page that writes nothing, the
//! cast answered with the receipt, the election's candidate confirmed the same way, `no-store`
//! on every personal page, and the telão's counts once a vote closes.

use crate::support::{get, me, post_form as post, send};
use axum::http::{StatusCode, header};
use conferencia_web as web;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{
    ballot, destaque, election_ballot, election_participation, registration, vote_participation,
};
use testkit::both_dbs;

const SLUG: &str = "para-de-minas-2025";

/// A delegate of the users' segment, checked in today.
async fn delegate(db: &app::Db, com: &app::platform::auth::Me, name: &str) -> registration::Model {
    let code = crate::support::register_at_desk(
        db,
        Some(com),
        SLUG,
        &app::participants::registration::RegistrationInput {
            name: name.into(),
            category: "delegado".into(),
            segment: "usuarios".into(),
            consent: true,
            ..Default::default()
        },
    )
    .await;
    let r = testkit::registration_by_code(db, &code).await;
    testkit::check_in_today(db, &r).await;
    r
}

fn hidden(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no hidden {name} in\n{page}"));
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_owned()
}

both_dbs!(
    phone_pairs_by_typed_code_and_confirms_each_vote,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = me(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
        let r = web::router(db.clone());
        let ana = delegate(&db, &com, "Ana do Celular").await;
        delegate(&db, &com, "Bia Sem Celular").await;

        // The pairing page asks for the code the desk shows.
        let res = send(&r, get(&format!("/c/{SLUG}/celular"), "")).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(
            res.body
                .contains("<label for=\"codigo\">Código do celular</label>")
        );
        assert!(
            res.body
                .contains("<form method=\"get\" action=\"/c/para-de-minas-2025/celular\"")
        );
        assert_eq!(res.header(header::CACHE_CONTROL), "no-store");
        // Malformed: said so, the text kept, the field marked.
        let res = send(&r, get(&format!("/c/{SLUG}/celular?codigo=abcd-ef"), "")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("incompleto"), "{}", res.body);
        assert!(res.body.contains("value=\"abcd-ef\""));
        assert!(res.body.contains("aria-invalid=\"true\""));
        // Empty: asked to type it.
        let res = send(&r, get(&format!("/c/{SLUG}/celular?codigo=+"), "")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Digite o código do celular"));
        // Well formed but not open (wrong, used or expired): the same, with its reason.
        let res = send(
            &r,
            get(&format!("/c/{SLUG}/celular?codigo=AAAA-BBBB-CCCC"), ""),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("não vale") && res.body.contains("value=\"AAAA-BBBB-CCCC\""));

        // The code typed as the desk shows it (any case, without hyphens) names the delegate.
        let pairing = app::participants::devices::start_pairing(&db, Some(&com), SLUG, &ana.code)
            .await
            .unwrap();
        let typed = pairing.code.replace('-', "").to_lowercase();
        let res = send(&r, get(&format!("/c/{SLUG}/celular?codigo={typed}"), "")).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(
            res.body.contains("Ana do Celular") && res.body.contains("Sou eu: ligar este celular")
        );
        assert_eq!(res.header(header::CACHE_CONTROL), "no-store");
        assert_eq!(res.header(header::REFERRER_POLICY), "no-referrer");
        let res = send(
            &r,
            post(
                &format!("/c/{SLUG}/celular"),
                "",
                &format!("codigo={typed}"),
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let phone = res
            .header(header::SET_COOKIE)
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        assert!(phone.starts_with("dlg="));
        let res = send(&r, get(&format!("/c/{SLUG}/meu-celular"), &phone)).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header(header::CACHE_CONTROL), "no-store");
        assert!(!res.body.contains("Votação aberta"));
        // Nothing open: the phone says it is waiting.
        assert!(res.body.contains("<p class=\"estado-selo\">Aguardando</p>"));

        // A secret vote opens: the phone's buttons go to the confirmation.
        app::plenary::regimento::add_destaque(
            &db,
            Some(&com),
            SLUG,
            &app::plenary::regimento::DestaqueInput {
                article: "2".into(),
                kind: "modify".into(),
                proposed_text: "Novo texto do artigo 2.".into(),
                raised_by: String::new(),
            },
        )
        .await
        .unwrap();
        let d = destaque::Entity::find()
            .filter(destaque::Column::Status.eq(destaque::DestaqueStatus::Open))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let vote =
            app::plenary::voting::open(&db, Some(&com), SLUG, &format!("destaque:{}", d.id), true)
                .await
                .unwrap()
                .to_string();
        let home = send(&r, get(&format!("/c/{SLUG}/meu-celular"), &phone)).await;
        assert!(
            home.body
                .contains("action=\"/c/para-de-minas-2025/meu-celular/votar/confirmar\"")
        );
        for (value, label) in [
            ("favor", "A favor"),
            ("against", "Contra"),
            ("abstain", "Abstenção"),
        ] {
            assert!(
                home.body
                    .contains(&format!("name=\"choice\" value=\"{value}\""))
                    && home.body.contains(&format!(">{label}</button>")),
                "{label}"
            );
        }

        // The choice: a page to confirm or change it; nothing written.
        let confirm = format!("/c/{SLUG}/meu-celular/votar/confirmar");
        let res = send(
            &r,
            post(&confirm, &phone, &format!("vote={vote}&choice=favor")),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.header(header::CACHE_CONTROL), "no-store");
        assert!(
            res.body
                .contains("Você escolheu: <strong>A favor</strong>.")
        );
        assert!(res.body.contains(">Confirmar</button>") && res.body.contains(">Mudar</button>"));
        assert!(
            res.body
                .contains("action=\"/c/para-de-minas-2025/meu-celular/votar\"")
        );
        assert_eq!(hidden(&res.body, "vote"), vote);
        assert_eq!(hidden(&res.body, "choice"), "favor");
        let res = send(
            &r,
            post(&confirm, &phone, &format!("vote={vote}&choice=against")),
        )
        .await;
        assert!(res.body.contains("Você escolheu: <strong>Contra</strong>."));
        assert_eq!(
            vote_participation::Entity::find()
                .count(&db.conn)
                .await
                .unwrap()
                + ballot::Entity::find().count(&db.conn).await.unwrap(),
            0,
            "a choice writes nothing"
        );
        // A choice that cannot be cast: the phone's page with the reason.
        let res = send(
            &r,
            post(&confirm, &phone, &format!("vote={vote}&choice=talvez")),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Escolha uma opção"));
        assert_eq!(res.header(header::CACHE_CONTROL), "no-store");
        let res = send(&r, post(&confirm, "", &format!("vote={vote}&choice=favor"))).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert!(res.body.contains("Este celular não está ligado"));

        // Confirmed: cast once, the receipt page answers.
        let res = send(
            &r,
            post(
                &format!("/c/{SLUG}/meu-celular/votar"),
                &phone,
                &format!("vote={vote}&choice=favor"),
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header(header::CACHE_CONTROL), "no-store");
        assert!(res.body.contains("Voto registrado") && res.body.contains("id=\"comprovante\""));
        assert_eq!(
            vote_participation::Entity::find()
                .count(&db.conn)
                .await
                .unwrap(),
            1
        );
        let res = send(
            &r,
            post(&confirm, &phone, &format!("vote={vote}&choice=favor")),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.body.contains("Você já votou nesta votação"),
            "{}",
            res.body
        );

        // The telão: while open, how many voted; closed, the counts of each option.
        let screen = send(&r, get(&format!("/c/{SLUG}/telao"), "")).await;
        assert!(screen.body.contains("id=\"t-votantes\">1</span> voto(s)"));
        assert!(screen.body.contains("id=\"t-placar\" hidden"));
        app::plenary::voting::close(
            &db,
            Some(&com),
            SLUG,
            &vote,
            &app::plenary::regimento::CountInput {
                favor: String::new(),
                against: "1".into(),
                abstain: String::new(),
            },
        )
        .await
        .unwrap();
        let screen = send(&r, get(&format!("/c/{SLUG}/telao"), "")).await;
        // Each count with its word, its number and its bar (the largest count is the full bar).
        for (label, id, n, bar) in [
            ("A favor", "t-favor", 1, 100),
            ("Contra", "t-contra", 1, 100),
            ("Abstenção", "t-abstencao", 0, 0),
        ] {
            let item = screen
                .body
                .split("<li class=")
                .find(|li| li.contains(&format!("<span class=\"telao-rotulo\">{label}</span>")))
                .unwrap_or_else(|| panic!("{label} in\n{}", screen.body));
            assert!(
                item.contains(&format!(
                    "<span class=\"telao-numero\" id=\"{id}\">{n}</span>"
                )),
                "{label}: {item}"
            );
            assert!(
                item.contains(&format!(
                    "id=\"{id}-barra\" x=\"0\" y=\"0\" width=\"{bar}\""
                )),
                "{label}: {item}"
            );
        }
        assert!(!screen.body.contains("id=\"t-placar\" hidden"));
        // The phone, with nothing open now, shows the vote that closed and its result.
        let home = send(&r, get(&format!("/c/{SLUG}/meu-celular"), &phone)).await;
        assert!(
            home.body.contains("<p class=\"estado-selo\">Encerrada</p>"),
            "{}",
            home.body
        );
        assert!(
            home.body.contains("A favor: 1. Contra: 1. Abstenção: 0."),
            "{}",
            home.body
        );

        // The election of the segment: the candidate is confirmed the same way.
        app::plenary::elections::add_candidate(&db, Some(&com), SLUG, &ana.code)
            .await
            .unwrap();
        app::plenary::elections::open_poll(&db, Some(&com), SLUG, "usuarios")
            .await
            .unwrap();
        let home = send(&r, get(&format!("/c/{SLUG}/meu-celular"), &phone)).await;
        assert!(
            home.body
                .contains("action=\"/c/para-de-minas-2025/meu-celular/eleger/confirmar\"")
        );
        assert!(home.body.contains(">Votar em Ana do Celular</button>"));
        let poll = hidden(&home.body, "poll");
        let at = home.body.find("name=\"candidate\" value=\"").unwrap();
        let rest = &home.body[at + 24..];
        let candidate = rest[..rest.find('"').unwrap()].to_owned();
        let res = send(
            &r,
            post(
                &format!("/c/{SLUG}/meu-celular/eleger/confirmar"),
                &phone,
                &format!("poll={poll}&candidate={candidate}"),
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.header(header::CACHE_CONTROL), "no-store");
        assert!(
            res.body
                .contains("Você escolheu: <strong>Ana do Celular</strong>.")
        );
        assert_eq!(hidden(&res.body, "candidate"), candidate);
        assert_eq!(
            election_ballot::Entity::find()
                .count(&db.conn)
                .await
                .unwrap()
                + election_participation::Entity::find()
                    .count(&db.conn)
                    .await
                    .unwrap(),
            0,
            "a choice writes nothing"
        );
        let res = send(
            &r,
            post(
                &format!("/c/{SLUG}/meu-celular/eleger"),
                &phone,
                &format!("poll={poll}&candidate={candidate}"),
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("Voto registrado na eleição"));
        assert_eq!(
            election_participation::Entity::find()
                .count(&db.conn)
                .await
                .unwrap(),
            1
        );
    }
);
