//! The offline desk's endpoints over HTTP on both databases: the list for the device (JSON,
//! never cached, without CPF), a queue sent (JSON in, the outcomes out) and sent again (answered
//! from before), a body that is not a queue (422 with the message in pt-BR, nothing applied),
//! and the conflicts page.

use crate::support::{COMMISSION, cookie, get, send};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use testkit::both_dbs;

const SLUG: &str = "para-de-minas-2025";

fn post_json(uri: &str, cookie: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::COOKIE, cookie)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

both_dbs!(a_desk_syncs_over_http, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    testkit::open_stage(
        &db,
        SLUG,
        "credentialing",
        "Credenciamento",
        chrono::Duration::hours(1),
    )
    .await;
    let com = cookie(&db, COMMISSION.0, COMMISSION.1).await;
    let r = web::router(db.clone());
    let me = crate::support::me(&db, COMMISSION.0, COMMISSION.1).await;
    let code = crate::support::register_at_desk(
        &db,
        Some(&me),
        SLUG,
        &app::participants::registration::RegistrationInput {
            name: "Rita Offline".into(),
            category: "convidado".into(),
            consent: true,
            ..Default::default()
        },
    )
    .await;

    let list = send(
        &r,
        get(&format!("/c/{SLUG}/credenciamento/offline.json"), &com),
    )
    .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.header(header::CONTENT_TYPE)
            .starts_with("application/json")
    );
    assert_eq!(list.header(header::CACHE_CONTROL), "private, no-store");
    assert!(list.body.contains("Rita Offline") && !list.body.contains("cpf"));

    let at = (chrono::Utc::now() - chrono::Duration::minutes(3)).to_rfc3339();
    let queue = format!(
        r#"{{"desk":"Mesa 1","actions":[{{"key":"k-1","kind":"checkin","code":"{code}","at":"{at}"}}]}}"#
    );
    let path = format!("/c/{SLUG}/credenciamento/sincronizar");
    let first = send(&r, post_json(&path, &com, &queue)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let v: serde_json::Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(v["results"][0]["outcome"], "applied");
    assert_eq!(v["results"][0]["replayed"], false);
    assert!(v["conflicts"].as_array().unwrap().is_empty());
    let again = send(&r, post_json(&path, &com, &queue)).await;
    let v: serde_json::Value = serde_json::from_str(&again.body).unwrap();
    assert_eq!(v["results"][0]["replayed"], true);
    assert_eq!(v["results"][0]["outcome"], "applied");

    let bad = send(&r, post_json(&path, &com, "{\"desk\":1}")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains("O envio da mesa não veio no formato esperado")
    );
    let unknown = send(
        &r,
        post_json(
            &path,
            &com,
            &format!(r#"{{"desk":"Mesa 1","actions":[{{"key":"k-2","kind":"voar","code":"{code}","at":"{at}"}}]}}"#),
        ),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("Tipo de ação desconhecido: voar"));

    let page = send(
        &r,
        get(&format!("/c/{SLUG}/credenciamento/conflitos"), &com),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Nenhum conflito em aberto."));
    assert!(
        page.body
            .contains("1 ação(ões) das mesas offline aplicada(s)")
    );
});
