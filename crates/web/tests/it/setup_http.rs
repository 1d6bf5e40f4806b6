//! The setup forms over HTTP on both databases: login redirect (and no open redirect), 422 pages
//! with pt-BR messages tied to their fields, the multipart convocation upload.

use crate::support::{cookie, get, post_form, send_location as send};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use testkit::both_dbs;
use tower::ServiceExt;

fn multipart(
    uri: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Request<Body> {
    let b = "XyZboundary42";
    let mut body: Vec<u8> = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(format!("--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    Request::post(uri)
        .header(header::COOKIE, cookie)
        .header("sec-fetch-site", "same-origin")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={b}"),
        )
        .body(Body::from(body))
        .unwrap()
}

both_dbs!(login_redirect_goes_back_and_only_locally, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let r = web::router(db);
    let (s, loc, _) = send(&r, get("/c/para-de-minas-2025/gestao/calendario", "")).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(
        loc.as_deref(),
        Some("/entrar?volta=%2Fc%2Fpara-de-minas-2025%2Fgestao%2Fcalendario")
    );
    let (_, _, page) = send(
        &r,
        get("/entrar?volta=%2Fc%2Fpara-de-minas-2025%2Fgestao", ""),
    )
    .await;
    assert!(page.contains("name=\"volta\" value=\"/c/para-de-minas-2025/gestao\""));
    let body = "login=comissao%40demo.conferencia.local&password=demo-comissao-2025&volta=%2Fc%2Fpara-de-minas-2025%2Fgestao";
    let (s, loc, _) = send(&r, post_form("/entrar", "", body)).await;
    assert_eq!(
        (s, loc.as_deref()),
        (StatusCode::SEE_OTHER, Some("/c/para-de-minas-2025/gestao"))
    );
    // Another site is never a destination.
    for evil in [
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%5Cevil.example",
    ] {
        let body = format!(
            "login=comissao%40demo.conferencia.local&password=demo-comissao-2025&volta={evil}"
        );
        let (_, loc, _) = send(&r, post_form("/entrar", "", &body)).await;
        // Where the commission of one conference lands without a page to return to.
        assert_eq!(
            loc.as_deref(),
            Some("/c/para-de-minas-2025/gestao"),
            "volta={evil}"
        );
    }
});

both_dbs!(
    forms_answer_422_in_portuguese_and_keep_values,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let sec = cookie(
            &db,
            "secretaria@demo.conferencia.local",
            "demo-secretaria-2025",
        )
        .await;
        let r = web::router(db.clone());
        let (s, _, page) = send(&r, get("/gestao/nova-conferencia", &sec)).await;
        assert_eq!(s, StatusCode::OK);
        let body_id = page
            .split("name=\"body_id\"")
            .nth(1)
            .unwrap()
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let form = format!(
            "body_id={body_id}&cycle=2025&slug=para-de-minas-2025&title=Teste&edition=14&theme=Tema&process_starts_on=2025-04-01&process_ends_on=2025-07-30&starts_on=2025-07-10&ends_on=2025-07-09&format=presencial&time_zone=America%2FSao_Paulo"
        );
        let (s, _, page) = send(&r, post_form("/gestao/nova-conferencia", &sec, &form)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("A conferência não pode terminar antes de começar"));
        assert!(page.contains("já é usado por outra conferência"));
        assert!(page.contains("id=\"ends_on\" name=\"ends_on\" type=\"date\" value=\"2025-07-09\" required aria-invalid=\"true\" aria-describedby=\"ends_on-erro\""));
        assert!(page.contains("role=\"alert\""));
        assert!(page.contains("value=\"Teste\""), "values are kept");
        assert_eq!(
            app::setup::public::list_conferences(&db, None)
                .await
                .unwrap()
                .len(),
            1,
            "nothing written"
        );

        let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
        let (s, _, page) = send(
            &r,
            post_form(
                "/c/para-de-minas-2025/gestao/calendario",
                &com,
                "kind=conference&title=Fora&starts_at=2026-01-10T09%3A00",
            ),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(
            "A etapa deve ficar dentro do período da conferência (31/03/2025 a 11/07/2025)"
        ));
        let (s, loc, _) = send(
            &r,
            post_form(
                "/c/para-de-minas-2025/gestao/comissao",
                &com,
                "name=Ana&side=civil_society&represents=Usu%C3%A1rios",
            ),
        )
        .await;
        assert_eq!(
            (s, loc.as_deref()),
            (
                StatusCode::SEE_OTHER,
                Some("/c/para-de-minas-2025/gestao/comissao?salvo=1")
            )
        );
        let (_, _, page) = send(
            &r,
            get("/c/para-de-minas-2025/gestao/comissao?salvo=1", &com),
        )
        .await;
        assert!(page.contains("Paridade não respeitada: 3 do governo e 4 da sociedade civil"));
        assert!(page.contains("Comissão atualizada."));
    }
);

both_dbs!(convocation_upload_over_http, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let r = web::router(db.clone());
    let url = "/c/para-de-minas-2025/gestao/convocacao";
    let fields = [
        ("act_type", "decreto"),
        ("number", "9/2025"),
        ("signed_on", "2025-04-01"),
        ("signatories", "Prefeita"),
    ];
    let (s, _, page) = send(
        &r,
        multipart(
            url,
            &com,
            &fields,
            Some(("ato.pdf", b"<html>not a pdf</html>")),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("O arquivo não é um PDF"));
    assert!(page.contains("value=\"9/2025\""));
    // Bigger than the form's body limit: a pt-BR 413 page, nothing written.
    let huge = vec![b'%'; web::CONVOCATION_BODY_LIMIT + 1024];
    let (s, _, page) = send(
        &r,
        multipart(url, &com, &fields, Some(("grande.pdf", &huge))),
    )
    .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("O arquivo passa do limite de 10 MB"));
    let (_, before) = app::setup::conference::convocation_file(&db, "para-de-minas-2025")
        .await
        .unwrap();
    let pdf = app::demo::seed::demo_pdf(&["novo"]);
    let (s, loc, _) = send(&r, multipart(url, &com, &fields, Some(("novo.pdf", &pdf)))).await;
    assert_eq!(
        (s, loc.as_deref()),
        (
            StatusCode::SEE_OTHER,
            Some("/c/para-de-minas-2025/gestao/convocacao?salvo=1")
        )
    );
    let res = r
        .clone()
        .oneshot(get("/c/para-de-minas-2025/convocacao.pdf", ""))
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/pdf");
    let got = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap();
    assert_eq!(got.as_ref(), pdf.as_slice());
    assert_ne!(before, pdf);
    // Without a session the upload is refused before the body is read.
    let (s, loc, _) = send(&r, multipart(url, "", &fields, None)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(loc.unwrap().starts_with("/entrar?volta="));
});

both_dbs!(credentialing_events_stream_counters, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let r = web::router(db.clone());
    // Not for the articulator; for the commission, an event stream whose first event is the counters.
    let art = cookie(&db, "articulador.cras.centro", "demo-articulador-2025").await;
    let (s, _, _) = send(
        &r,
        get("/c/para-de-minas-2025/credenciamento/eventos", &art),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let res = r
        .clone()
        .oneshot(get("/c/para-de-minas-2025/credenciamento/eventos", &com))
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = res.into_body().into_data_stream();
    use futures_util::StreamExt;
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), body.next())
        .await
        .expect("an event at once")
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&first);
    assert!(text.starts_with("event: contadores\ndata: {"), "{text}");
    assert!(text.contains("\"total\":0"));
});

fn post_json(uri: &str, cookie: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::COOKIE, cookie)
        // A script with a session cookie shows where it comes from (CSRF check).
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

both_dbs!(api_registration_and_checkin_answers, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let r = web::router(db.clone());
    let reg = "/api/v1/conferences/para-de-minas-2025/registrations";
    let (s, _, body) = send(
        &r,
        post_json(
            reg,
            "",
            r#"{"name":"Ana","category":"delegado","segment":"usuarios","consent":true}"#,
        ),
    )
    .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the demo's window is past"
    );
    assert!(
        body.contains("\"field\":\"form\"") && body.contains("não estão abertas"),
        "{body}"
    );
    let chk = "/api/v1/conferences/para-de-minas-2025/checkins";
    let (s, _, body) = send(&r, post_json(chk, "", r#"{"code":"K7Q4-MZP9"}"#)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{body}");
    let art = cookie(&db, "articulador.cras.centro", "demo-articulador-2025").await;
    let (s, _, _) = send(&r, post_json(chk, &art, r#"{"code":"K7Q4-MZP9"}"#)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let (s, _, body) = send(&r, post_json(chk, &com, r#"{"code":"K7Q4-MZP9"}"#)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("fechado"), "{body}");
    let (s, _, body) = send(
        &r,
        get(
            "/api/v1/conferences/para-de-minas-2025/checkins/counters",
            &com,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("\"total\":0"));
});

both_dbs!(api_checkout_and_return, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    testkit::open_stage(
        &db,
        "para-de-minas-2025",
        "credentialing",
        "Credenciamento",
        chrono::Duration::hours(1),
    )
    .await;
    let com_me = Some(
        crate::support::me(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await,
    );
    let code = crate::support::register_at_desk(
        &db,
        com_me.as_ref(),
        "para-de-minas-2025",
        &app::participants::registration::RegistrationInput {
            name: "Olga Porta".into(),
            category: "delegado".into(),
            segment: "usuarios".into(),
            seat: "titular".into(),
            consent: true,
            ..Default::default()
        },
    )
    .await;
    let r = web::router(db.clone());
    let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let out = "/api/v1/conferences/para-de-minas-2025/checkouts";
    let chk = "/api/v1/conferences/para-de-minas-2025/checkins";
    let body = format!(r#"{{"code":"{code}"}}"#);
    let (s, _, _) = send(&r, post_json(out, "", &body)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, b) = send(&r, post_json(out, &com, &body)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("não foi credenciado(a) hoje"), "{b}");
    let (s, _, b) = send(&r, post_json(chk, &com, &body)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert!(b.contains("\"voting\":true"), "{b}");
    let (s, _, b) = send(&r, post_json(out, &com, &body)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert!(b.contains("Saída registrada"), "{b}");
    let (s, _, b) = send(&r, post_json(out, &com, &body)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("já saiu às"), "{b}");
    let (_, _, b) = send(
        &r,
        get(
            "/api/v1/conferences/para-de-minas-2025/checkins/counters",
            &com,
        ),
    )
    .await;
    assert!(
        b.contains("\"total\":0") && b.contains("\"out_now\":1"),
        "{b}"
    );
    // A return is a check-in again.
    let (s, _, b) = send(&r, post_json(chk, &com, &body)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert!(b.contains("voltou à plenária"), "{b}");
});
