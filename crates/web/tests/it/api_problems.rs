//! every error under `/api/v1` is an RFC 9457 problem
//! (`application/problem+json` with type, title, status and detail in pt-BR), whatever refused the
//! request: the router (unknown route, wrong method), the extractors (no or wrong content type,
//! malformed JSON, wrong fields, body too large, unreadable path or query), the CSRF check, a
//! use case, or the database (500). On both databases.

use crate::support::{Answer, send};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use conferencia_web as web;
use sea_orm::ConnectionTrait;
use testkit::both_dbs;

const SLUG: &str = "para-de-minas-2025";

/// Asserts an RFC 9457 problem with this status and returns its JSON.
fn problem(a: &Answer, status: StatusCode, what: &str) -> serde_json::Value {
    assert_eq!(a.status, status, "{what}: {}", a.body);
    assert_eq!(
        a.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json",
        "{what}: {}",
        a.body
    );
    let v: serde_json::Value = serde_json::from_str(&a.body).expect(what);
    assert_eq!(v["type"], "about:blank", "{what}");
    assert_eq!(v["status"], status.as_u16(), "{what}");
    for member in ["title", "detail"] {
        let text = v[member].as_str().unwrap_or_default();
        assert!(!text.is_empty(), "{what}: no {member}: {v}");
    }
    v
}

fn req(method: Method, uri: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(uri)
}

fn json_post(uri: &str, body: impl Into<Body>) -> Request<Body> {
    req(Method::POST, uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

fn registrations() -> String {
    format!("/api/v1/conferences/{SLUG}/registrations")
}

both_dbs!(router_refusals_are_problems, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router(db);

    // Unknown routes under /api/v1 (and the rest of /api/), any method.
    for (m, uri) in [
        (Method::GET, "/api/v1/nada"),
        (Method::GET, "/api/v1"),
        (Method::GET, "/api/v1/conferences/"),
        (Method::POST, "/api/v1/conferences/x/y/z"),
        (Method::GET, "/api/v2/conferences"),
    ] {
        let a = send(&app, req(m.clone(), uri).body(Body::empty()).unwrap()).await;
        let v = problem(&a, StatusCode::NOT_FOUND, uri);
        assert_eq!(v["title"], "Não encontrado", "{m} {uri}");
    }

    // A route with another method: 405 with `Allow`.
    let a = send(
        &app,
        req(Method::DELETE, "/api/v1/conferences")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let v = problem(&a, StatusCode::METHOD_NOT_ALLOWED, "DELETE list");
    assert!(v["detail"].as_str().unwrap().contains("DELETE"));
    assert_eq!(a.headers.get(header::ALLOW).unwrap(), "GET,HEAD");
    let a = send(
        &app,
        req(Method::GET, &registrations())
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    problem(&a, StatusCode::METHOD_NOT_ALLOWED, "GET registrations");
    assert_eq!(a.headers.get(header::ALLOW).unwrap(), "POST");
    let a = send(
        &app,
        req(Method::PUT, "/api/v1/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    problem(&a, StatusCode::METHOD_NOT_ALLOWED, "PUT openapi");

    // The pages keep their HTML errors.
    let a = send(&app, req(Method::GET, "/nada").body(Body::empty()).unwrap()).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(
        a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
});

both_dbs!(body_rejections_are_problems, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router(db);
    let uri = registrations();

    // No content type, and another one.
    let a = send(
        &app,
        req(Method::POST, &uri).body(Body::from("{}")).unwrap(),
    )
    .await;
    let v = problem(&a, StatusCode::UNSUPPORTED_MEDIA_TYPE, "no content type");
    assert!(v["detail"].as_str().unwrap().contains("application/json"));
    let a = send(
        &app,
        req(Method::POST, &uri)
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    problem(&a, StatusCode::UNSUPPORTED_MEDIA_TYPE, "text/plain");

    // Malformed JSON, and an empty body: 400 with the reader's message.
    for body in ["{\"name\": ", "", "{]", "nul"] {
        let a = send(&app, json_post(&uri, body)).await;
        let v = problem(&a, StatusCode::BAD_REQUEST, body);
        assert_eq!(v["title"], "JSON malformado");
        assert!(v["cause"].is_string(), "{v}");
    }

    // Well-formed JSON of the wrong shape or types: 422.
    for body in [r#"{"name": 1}"#, r#"{"needs": "libras"}"#, "[]", "42"] {
        let a = send(&app, json_post(&uri, body)).await;
        let v = problem(&a, StatusCode::UNPROCESSABLE_ENTITY, body);
        assert_eq!(v["title"], "Dados inválidos");
    }
    let a = send(
        &app,
        json_post(&format!("/api/v1/conferences/{SLUG}/checkins"), "{}"),
    )
    .await;
    let v = problem(&a, StatusCode::UNPROCESSABLE_ENTITY, "checkin without code");
    assert!(v["cause"].as_str().unwrap().contains("code"), "{v}");

    // A body over the API's limit (64 KiB): 413, by its declared length or by reading it.
    let big = format!(r#"{{"name": "{}"}}"#, "a".repeat(70 * 1024));
    let a = send(&app, json_post(&uri, big.clone())).await;
    let v = problem(&a, StatusCode::PAYLOAD_TOO_LARGE, "declared length");
    assert!(v["detail"].as_str().unwrap().contains("64 KiB"), "{v}");
    let stream = futures_util::stream::iter(
        big.into_bytes()
            .chunks(8192)
            .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
            .collect::<Vec<_>>(),
    );
    let a = send(&app, json_post(&uri, Body::from_stream(stream))).await;
    problem(&a, StatusCode::PAYLOAD_TOO_LARGE, "streamed");

    // The use case's own refusal keeps its field errors (the demo's registration window is past).
    let a = send(
        &app,
        json_post(
            &uri,
            r#"{"name":"Ana","category":"delegado","segment":"usuarios","consent":true}"#,
        ),
    )
    .await;
    let v = problem(&a, StatusCode::UNPROCESSABLE_ENTITY, "window closed");
    assert_eq!(v["errors"][0]["field"], "form", "{v}");
    assert!(
        v["detail"].as_str().unwrap().contains("não estão abertas"),
        "{v}"
    );
});

both_dbs!(
    path_query_auth_and_csrf_refusals_are_problems,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let app = web::router(db.clone());
        let get = |uri: &str| req(Method::GET, uri).body(Body::empty()).unwrap();

        // A path segment that is not UTF-8 once decoded: 400.
        let a = send(&app, get("/api/v1/conferences/%FF%FE")).await;
        let v = problem(&a, StatusCode::BAD_REQUEST, "bad path");
        assert_eq!(v["title"], "Endereço inválido");
        // A slug no conference can have (a NUL byte, capitals, too short) never reaches the
        // database: 404, on PostgreSQL too.
        for slug in ["a%00b", "Para-De-Minas", "ab", "x%20y"] {
            let uri = format!("/api/v1/conferences/{slug}");
            let v = problem(&send(&app, get(&uri)).await, StatusCode::NOT_FOUND, &uri);
            assert_eq!(v["title"], "Conferência não encontrada");
            let uri = format!("/api/v1/conferences/{slug}/checkins/counters");
            problem(&send(&app, get(&uri)).await, StatusCode::NOT_FOUND, &uri);
        }
        let v = problem(
            &send(&app, get("/api/v1/conferences/nao-existe-2099")).await,
            StatusCode::NOT_FOUND,
            "unknown conference",
        );
        assert_eq!(v["title"], "Conferência não encontrada");

        // A query that cannot be read: 400.
        let a = send(&app, get("/api/v1/conferences?q=a&q=b")).await;
        let v = problem(&a, StatusCode::BAD_REQUEST, "repeated q");
        assert_eq!(v["title"], "Consulta inválida");
        // A NUL in the search is only a character that matches nothing.
        let a = send(&app, get("/api/v1/conferences?q=%00")).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);

        // No session, and an unknown one: 401.
        let counters = format!("/api/v1/conferences/{SLUG}/checkins/counters");
        problem(
            &send(&app, get(&counters)).await,
            StatusCode::UNAUTHORIZED,
            "no session",
        );
        let a = send(
            &app,
            req(Method::GET, &counters)
                .header(header::COOKIE, "sid=nao-existe")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        problem(&a, StatusCode::UNAUTHORIZED, "unknown session");

        // The CSRF check (before routing): a POST with a session cookie from another site.
        let a = send(
            &app,
            req(
                Method::POST,
                &format!("/api/v1/conferences/{SLUG}/checkins"),
            )
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, "sid=qualquer")
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::from(r#"{"code":"K7Q4-MZP9"}"#))
            .unwrap(),
        )
        .await;
        let v = problem(&a, StatusCode::FORBIDDEN, "csrf");
        assert!(v["detail"].as_str().unwrap().contains("Origin"), "{v}");
    }
);

both_dbs!(
    server_errors_are_problems_without_the_cause,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let app = web::router(db.clone());
        // The conferences table goes away under the running app: every read of it fails.
        db.conn
            .execute_unprepared("ALTER TABLE conference RENAME TO conference_gone")
            .await
            .unwrap();
        for uri in [
            "/api/v1/conferences".to_owned(),
            format!("/api/v1/conferences/{SLUG}"),
            format!("/api/v1/conferences/{SLUG}/checkins/counters"),
        ] {
            let a = send(&app, req(Method::GET, &uri).body(Body::empty()).unwrap()).await;
            let v = problem(&a, StatusCode::INTERNAL_SERVER_ERROR, &uri);
            assert_eq!(v["title"], "Erro interno");
            assert!(!a.body.contains("conference"), "no cause: {}", a.body);
        }
    }
);

/// The served document is the one in the repository and names every operation's statuses.
#[tokio::test]
async fn openapi_is_served_and_documents_the_problems() {
    let db = testkit::sqlite().await;
    let app = web::router(db);
    let a = send(
        &app,
        req(Method::GET, "/api/v1/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers[header::CONTENT_TYPE], "application/json");
    let doc: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    let reg = &doc["paths"]["/api/v1/conferences/{slug}/registrations"]["post"]["responses"];
    for code in [
        "201", "400", "403", "404", "413", "415", "422", "429", "500",
    ] {
        assert!(reg.get(code).is_some(), "registrations: {code}");
    }
    assert_eq!(
        doc["components"]["responses"]["BadRequest"]["content"]["application/problem+json"]["schema"]
            ["$ref"],
        "#/components/schemas/Problem"
    );
    assert_eq!(
        doc["components"]["schemas"]["Problem"]["required"],
        serde_json::json!(["type", "title", "status", "detail"])
    );
}

// With the registration and credentialing windows open, text the databases refuse (a NUL byte,
// which PostgreSQL rejects in text) or odd (control characters, very long) in every field is a
// 4xx problem or a success, never a 500.
both_dbs!(open_windows_hostile_text_is_never_a_500, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    for kind in ["registration", "credentialing"] {
        testkit::open_stage(&db, SLUG, kind, kind, chrono::Duration::hours(1)).await;
    }
    let app = web::router(db.clone());
    let sid =
        crate::support::cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let hostile = [
        "\u{0}",
        "a\u{0}b",
        "\u{1b}[31m",
        "\u{202e}x",
        &"z".repeat(5000),
    ];
    let fields = [
        "name",
        "social_name",
        "category",
        "segment",
        "seat",
        "cpf",
        "email",
        "phone",
        "preferred_eixo",
    ];
    let mut created = 0;
    for h in hostile {
        for f in fields {
            let mut body = serde_json::json!({
                "name": "Pessoa Teste", "category": "convidado", "consent": true,
            });
            body[f] = h.into();
            for arr in ["needs", "quotas"] {
                let mut b = body.clone();
                b[arr] = serde_json::json!([h]);
                if arr == "quotas" {
                    b["sensitive_consent"] = true.into();
                }
                let a = send(&app, json_post(&registrations(), b.to_string())).await;
                assert!(
                    a.status.is_client_error() || a.status.is_success(),
                    "{f} {arr}: {} {}",
                    a.status,
                    a.body
                );
                created += usize::from(a.status == StatusCode::CREATED);
            }
            let a = send(&app, json_post(&registrations(), body.to_string())).await;
            assert!(
                a.status.is_client_error() || a.status.is_success(),
                "{f}: {} {}",
                a.status,
                a.body
            );
            created += usize::from(a.status == StatusCode::CREATED);
            if a.status.is_client_error() {
                problem(&a, a.status, f);
            }
        }
        for (op, body) in [
            ("checkins", serde_json::json!({ "code": h })),
            (
                "checkins",
                serde_json::json!({ "code": "K7Q4-MZP9", "replaces": h }),
            ),
            (
                "checkins",
                serde_json::json!({ "code": format!("{h}{}", "Q".repeat(30)) }),
            ),
            ("checkouts", serde_json::json!({ "code": h })),
        ] {
            let a = send(
                &app,
                req(Method::POST, &format!("/api/v1/conferences/{SLUG}/{op}"))
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::COOKIE, &sid)
                    .body(Body::from(body.to_string()))
                    .unwrap(),
            )
            .await;
            assert!(
                a.status.is_client_error() || a.status.is_success(),
                "{op} {body}: {} {}",
                a.status,
                a.body
            );
            if a.status.is_client_error() {
                problem(&a, a.status, op);
            }
        }
    }
    // The harmless ones go through (a long social name, an odd optional field), so the writes
    // were reached too.
    assert!(created > 0, "no registration went through");
    eprintln!("{created} registrations created");
});
