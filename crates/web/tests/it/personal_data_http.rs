//! Hardening, personal data, over HTTP on both databases: the public registration form
//! answers a CPF already registered exactly like a new registration (page and API), and the forms
//! anyone can post get a per-client limit (429 "Muitas tentativas…" with `Retry-After`).

use crate::support::{between, send_headers as send};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use sea_orm::{EntityTrait, PaginatorTrait};
use store::entities::{registration, registration_attempt};
use testkit::both_dbs;

const SLUG: &str = "para-de-minas-2025";

fn form(uri: &str, pairs: &[(&str, &str)]) -> Request<Body> {
    Request::post(uri)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(pairs).unwrap()))
        .unwrap()
}

/// The same request as coming from the client at `ip` (the server gives handlers the peer).
fn from(ip: &str, mut req: Request<Body>) -> Request<Body> {
    req.extensions_mut().insert(ConnectInfo(
        format!("{ip}:40000")
            .parse::<std::net::SocketAddr>()
            .unwrap(),
    ));
    req
}

/// Opens registration now (the demo's 2025 window is past).
async fn open_registration(db: &app::Db) {
    testkit::open_stage(
        db,
        SLUG,
        "registration",
        "Inscrições extras",
        chrono::Duration::days(1),
    )
    .await;
}

fn person<'a>(name: &'a str, cpf: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("category", "delegado"),
        ("segment", "usuarios"),
        ("cpf", cpf),
        ("email", email),
        ("needs", "libras"),
        ("consent", "1"),
    ]
}

/// Sends the public form and follows its redirect (303) to the receipt; answers the receipt page.
async fn submit(app: &axum::Router, uri: &str, pairs: &[(&str, &str)]) -> String {
    let (s, h, body) = send(app, form(uri, pairs)).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let to = h
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let (s, _, page) = send(app, Request::get(to).body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    page
}

both_dbs!(
    public_form_never_says_a_cpf_is_registered,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        open_registration(&db).await;
        let app = web::router(db.clone());
        let uri = format!("/c/{SLUG}/inscricao");

        let first = submit(
            &app,
            &uri,
            &person("Maria Primeira", "111.444.777-35", "maria@example.org"),
        )
        .await;
        assert!(first.contains("<h1>Inscrição recebida</h1>"));
        let first_code = between(&first, "class=\"codigo\">", "<").to_owned();
        let fresh = submit(
            &app,
            &uri,
            &person("Joana Nova", "529.982.247-25", "joana@example.org"),
        )
        .await;
        let fresh_code = between(&fresh, "class=\"codigo\">", "<").to_owned();

        // The same CPF again, by someone else: the same page as for a new registration.
        let again = submit(
            &app,
            &uri,
            &person("Pessoa Que Tenta", "111.444.777-35", "tenta@example.org"),
        )
        .await;
        assert!(!again.contains("já está inscrito"));
        assert!(!again.contains("Maria Primeira") && !again.contains(&first_code));
        let again_code = between(&again, "class=\"codigo\">", "<").to_owned();
        assert_ne!(again_code, first_code);
        assert_eq!(
            again
                .replace("Pessoa Que Tenta", "NOME")
                .replace(&again_code, "CODIGO"),
            fresh
                .replace("Joana Nova", "NOME")
                .replace(&fresh_code, "CODIGO")
        );
        // The API too: 201 with the same fields.
        let api = Request::post(format!("/api/v1/conferences/{SLUG}/registrations"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                serde_json::json!({
                    "name": "Outra Tentativa", "category": "delegado", "segment": "usuarios",
                    "cpf": "11144477735", "consent": true
                })
                .to_string(),
            ))
            .unwrap();
        let (s, _, body) = send(&app, api).await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["display_name"], "Outra Tentativa");
        assert_ne!(json["code"], first_code.as_str());
        // Nothing registered; two attempts kept for the desk.
        assert_eq!(
            registration::Entity::find().count(&db.conn).await.unwrap(),
            2
        );
        assert_eq!(
            registration_attempt::Entity::find()
                .count(&db.conn)
                .await
                .unwrap(),
            2
        );

        // The staff list shows them, with the registration holding the CPF.
        let com = match app::platform::accounts::login(
            &db,
            "comissao@demo.conferencia.local",
            "demo-comissao-2025",
        )
        .await
        .unwrap()
        {
            app::platform::accounts::LoginOutcome::Ok(t) => format!("sid={t}"),
            other => panic!("{other:?}"),
        };
        let list = Request::get(format!("/c/{SLUG}/gestao/inscricoes"))
            .header(header::COOKIE, &com)
            .body(Body::empty())
            .unwrap();
        let (s, _, page) = send(&app, list).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("Inscrições pela internet com CPF já inscrito"));
        assert!(page.contains("Pessoa Que Tenta") && page.contains(&again_code));
        let action = format!(
            "/c/{SLUG}/gestao/inscricoes/tentativas/{}/resolver",
            between(&page, "/gestao/inscricoes/tentativas/", "/resolver")
        );
        let mut resolve = form(&action, &[]);
        resolve
            .headers_mut()
            .insert(header::COOKIE, com.parse().unwrap());
        let (s, h, _) = send(&app, resolve).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(
            h.get(header::LOCATION).unwrap(),
            &format!("/c/{SLUG}/gestao/inscricoes")
        );
        // Without a login: sent to log in.
        let (_, h, _) = send(&app, form(&action, &[])).await;
        assert!(
            h.get(header::LOCATION)
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("/entrar")
        );
    }
);

both_dbs!(public_writes_are_limited_per_client, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router(db.clone());
    let ask = || form("/senha/esqueci", &[("email", "ninguem@example.org")]);
    // Reading the forms is not counted.
    for _ in 0..40 {
        let (s, _, _) = send(
            &app,
            from(
                "203.0.113.9",
                Request::get("/senha/esqueci").body(Body::empty()).unwrap(),
            ),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
    }
    for i in 0..30 {
        let (s, _, _) = send(&app, from("203.0.113.9", ask())).await;
        assert_ne!(s, StatusCode::TOO_MANY_REQUESTS, "post {i}");
    }
    let (s, h, body) = send(&app, from("203.0.113.9", ask())).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("Muitas tentativas"), "{body}");
    assert!(body.contains("lang=\"pt-BR\""));
    let wait: u64 = h
        .get(header::RETRY_AFTER)
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15 * 60).contains(&wait), "{wait}");
    assert_eq!(h.get(header::CACHE_CONTROL).unwrap(), "no-store");

    // Every public form of that client, the API as a problem.
    for uri in [
        format!("/c/{SLUG}/inscricao"),
        format!("/c/{SLUG}/meus-dados"),
        format!("/c/{SLUG}/meus-dados/link"),
        "/cadastro".to_owned(),
        "/senha/nova".to_owned(),
    ] {
        let (s, _, _) = send(&app, from("203.0.113.9", form(&uri, &[("x", "y")]))).await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{uri}");
    }
    let api = Request::post(format!("/api/v1/conferences/{SLUG}/registrations"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let (s, h, body) = send(&app, from("203.0.113.9", api)).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        h.get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json"
    );
    assert!(h.get(header::RETRY_AFTER).is_some());
    assert!(body.contains("Muitas tentativas"));

    // Other clients (IPv6 per /64), reading, and the router called in-process are not affected.
    let (s, _, _) = send(&app, from("198.51.100.4", ask())).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _, _) = send(
        &app,
        from(
            "203.0.113.9",
            Request::get(format!("/c/{SLUG}/inscricao"))
                .body(Body::empty())
                .unwrap(),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _, _) = send(&app, ask()).await;
    assert_eq!(s, StatusCode::OK);
    for i in 0..30 {
        let (s, _, _) = send(&app, from("[2001:db8:1:2::1]", ask())).await;
        assert_ne!(s, StatusCode::TOO_MANY_REQUESTS, "v6 post {i}");
    }
    let (s, _, _) = send(&app, from("[2001:db8:1:2:ffff::9]", ask())).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "same /64");
    let (s, _, _) = send(&app, from("[2001:db8:1:3::1]", ask())).await;
    assert_eq!(s, StatusCode::OK, "another /64");
});
