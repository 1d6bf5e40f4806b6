//! Injection: the login's `volta` never leaves the site, unsafe requests with a cookie
//! must show where they come from, and nothing typed into a stage can add lines to the public
//! iCalendar feed. On both databases.

use crate::support::{cookie, post_form, send_location as send};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{conference, stage};
use testkit::both_dbs;

const SLUG: &str = "para-de-minas-2025";

/// A post with exactly the given provenance headers.
fn post_with(uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut b = Request::post(uri)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::empty()).unwrap()
}

both_dbs!(login_volta_refuses_control_characters, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let r = web::router(db);
    // Browsers drop tabs and line breaks from URLs: `/<TAB>/evil.example` is `//evil.example`.
    for evil in [
        "%2F%09%2Fevil.example",
        "%2F%0A%2Fevil.example",
        "%2F%0D%0ASet-Cookie%3A%20x%3D1",
        "%09%2F%2Fevil.example",
        "%2F%5C%2Fevil.example",
    ] {
        let body = format!(
            "login=comissao%40demo.conferencia.local&password=demo-comissao-2025&volta={evil}"
        );
        let (s, loc, _) = send(&r, post_form("/entrar", "", &body)).await;
        assert_eq!(
            (s, loc.as_deref()),
            (StatusCode::SEE_OTHER, Some("/c/para-de-minas-2025/gestao")),
            "volta={evil}"
        );
        // The login form does not carry it either.
        let (_, _, page) = send(
            &r,
            Request::get(format!("/entrar?volta={evil}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(!page.contains("name=\"volta\""), "volta={evil}");
    }
    // A path of this site still works.
    let body = "login=comissao%40demo.conferencia.local&password=demo-comissao-2025&volta=%2Fc%2Fpara-de-minas-2025%2Fgestao";
    let (_, loc, _) = send(&r, post_form("/entrar", "", body)).await;
    assert_eq!(loc.as_deref(), Some("/c/para-de-minas-2025/gestao"));
    assert!(app::platform::accounts::is_local_path("/c/x?y=1"));
    assert!(!app::platform::accounts::is_local_path("/\t/evil.example"));
    assert_eq!(app::platform::accounts::local_path("/a\nb"), "/");
});

both_dbs!(
    unsafe_requests_with_a_cookie_must_show_their_origin,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
        let r = web::router(db.clone());
        let forbidden = StatusCode::FORBIDDEN;
        // A session cookie and neither Origin nor Sec-Fetch-Site: refused.
        let (s, _, page) = send(&r, post_with("/sair", &[("cookie", &com)])).await;
        assert_eq!(s, forbidden);
        assert!(page.contains("o formulário não veio deste site"));
        // The phone's cookie too.
        let (s, _, _) = send(&r, post_with("/sair", &[("cookie", "dlg=abc")])).await;
        assert_eq!(s, forbidden);
        // Origin with the right host but another scheme (the site is http here), another host or
        // port, or "null": refused.
        for origin in [
            "https://localhost",
            "http://evil.example",
            "http://localhost:8081",
            "null",
        ] {
            let (s, _, _) = send(
                &r,
                post_with("/sair", &[("cookie", &com), ("origin", origin)]),
            )
            .await;
            assert_eq!(s, forbidden, "{origin}");
        }
        let (s, _, _) = send(
            &r,
            post_with(
                "/sair",
                &[("cookie", &com), ("sec-fetch-site", "cross-site")],
            ),
        )
        .await;
        assert_eq!(s, forbidden);
        // The session still works: nothing above logged it out.
        let (s, _, _) = send(
            &r,
            Request::get("/painel")
                .header(header::COOKIE, &com)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        // Same origin (by Origin or by Sec-Fetch-Site): accepted.
        let (s, loc, _) = send(
            &r,
            post_with("/sair", &[("cookie", &com), ("origin", "http://localhost")]),
        )
        .await;
        assert_eq!((s, loc.as_deref()), (StatusCode::SEE_OTHER, Some("/")));
        let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
        let (s, _, _) = send(
            &r,
            post_with(
                "/sair",
                &[("cookie", &com), ("sec-fetch-site", "same-origin")],
            ),
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        // No cookie and no provenance (a script, not a browser): the handler answers.
        let (s, _, _) = send(&r, post_with("/entrar", &[])).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

        // Behind an HTTPS proxy: the scheme is the public URL's, the host the request's or the
        // public URL's own.
        let settings = web::Settings {
            public_url: "https://conferencia.example.gov.br".into(),
            ..Default::default()
        };
        let r = web::router_with(db.clone(), settings);
        let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
        for (origin, ok) in [
            ("http://localhost", false),
            ("https://localhost", true),
            ("https://conferencia.example.gov.br", true),
            ("http://conferencia.example.gov.br", false),
        ] {
            let (s, _, _) = send(
                &r,
                post_with("/entrar", &[("cookie", &com), ("origin", origin)]),
            )
            .await;
            assert_eq!(s == forbidden, !ok, "{origin}: {s}");
        }
    }
);

both_dbs!(
    a_carriage_return_cannot_add_lines_to_the_calendar_feed,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
        let r = web::router(db.clone());
        let url = format!("/c/{SLUG}/gestao/calendario");
        let before = stage::Entity::find().all(&db.conn).await.unwrap().len();

        // The form refuses it, for the name and for the place.
        for field in ["title", "place"] {
            let mut pairs = vec![
                ("kind", "conference"),
                ("title", "Plenária"),
                ("starts_at", "2025-07-10T09:00"),
                ("place", "Centro Cultural"),
            ];
            for p in pairs.iter_mut().filter(|p| p.0 == field) {
                p.1 = "X\rDTSTART:20990101T000000Z";
            }
            let body = serde_urlencoded::to_string(&pairs).unwrap();
            let (s, _, page) = send(&r, post_form(&url, &com, &body)).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
            assert!(
                page.contains("Use apenas texto, numa linha só, sem caracteres de controle"),
                "{field}"
            );
        }
        assert_eq!(
            stage::Entity::find().all(&db.conn).await.unwrap().len(),
            before
        );

        // A row that has one anyway (written before the check) is escaped in the feed.
        let c = conference::Entity::find()
            .filter(conference::Column::Slug.eq(SLUG))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let st = stage::Entity::find()
            .filter(stage::Column::ConferenceId.eq(c.id))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let mut a: stage::ActiveModel = st.into();
        a.title = Set("Plenária\rDTSTART:20990101T000000Z\rX-EVIL:1".into());
        a.place = Set(Some(format!("Rua A, 10; sala 2\r\n{}", "é".repeat(60))));
        a.update(&db.conn).await.unwrap();
        let (s, _, ics) = send(
            &r,
            Request::get(format!("/c/{SLUG}/calendario.ics"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            ics.contains("SUMMARY:Plenária\\nDTSTART:20990101T000000Z\\nX-EVIL:1\r\n"),
            "{ics}"
        );
        assert!(ics.contains("LOCATION:Rua A\\, 10\\; sala 2\\néé"), "{ics}");
        assert_eq!(
            ics.matches("DTSTART:2099").count(),
            1,
            "only inside SUMMARY"
        );
        // Every line ends in CRLF, no bare CR or LF, at most 75 octets; folds start with a space.
        let body = ics.strip_suffix("\r\n").unwrap();
        assert!(!body.replace("\r\n", "").contains(['\r', '\n']));
        for l in body.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
            assert!(!l.starts_with("X-EVIL"), "{l}");
        }
        let unfolded = body.replace("\r\n ", "");
        assert!(unfolded.contains(&format!(
            "LOCATION:Rua A\\, 10\\; sala 2\\n{}",
            "é".repeat(60)
        )));
    }
);
