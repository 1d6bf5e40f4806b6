//! The network page and its API over HTTP on both databases: forms that keep what was typed on
//! 422, the import's report with each rejected line, `GET /api/v1/conferences/{slug}/units`, and
//! the page that no longer says "all units" about none.

use crate::support::{COMMISSION, get, post_form, send, send_body, send_location};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use testkit::both_dbs;

const DEMO: &str = app::demo::seed::DEMO_SLUG;

fn sheet(uri: &str, cookie: &str, file: &[u8]) -> Request<Body> {
    let mut body = Vec::new();
    body.extend_from_slice(b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rede.csv\"\r\nContent-Type: text/csv\r\n\r\n");
    body.extend_from_slice(file);
    body.extend_from_slice(b"\r\n--B--\r\n");
    Request::post(uri)
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B")
        .body(Body::from(body))
        .unwrap()
}

both_dbs!(network_page_import_and_api, |db| async move {
    app::demo::seed::seed(&db).await.unwrap();
    let c = crate::support::cookie(&db, COMMISSION.0, COMMISSION.1).await;
    let app = web::router(db.clone());
    let base = format!("/c/{DEMO}/gestao/rede");
    let (s, page) = send_body(&app, get(&base, &c)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Rede socioassistencial"));
    assert!(page.contains("CREAS Regional Norte"));
    assert!(page.contains("<strong>8</strong> unidade(s) participam"));

    // A refused territory keeps what was typed, with the message next to its field.
    let (s, page) = send_body(
        &app,
        post_form(
            &format!("{base}/territorios"),
            &c,
            "territorio_nome=&territorio_ordem=abc",
        ),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"territorio_ordem-erro\""));
    assert!(page.contains("value=\"abc\""));
    let (s, to, _) = send_location(
        &app,
        post_form(&format!("{base}/territorios"), &c, "territorio_nome=Leste"),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(to.unwrap(), format!("{base}?ok=territorio"));

    // The import: created, updated, rejected with its line and reason.
    let csv = "Território;Unidade;Tipo;Telefone\nLeste;CRAS Leste;cras;(37) 3232-1111\n;Sem território;CRAS;\n";
    let a = send(&app, sheet(&format!("{base}/importar"), &c, csv.as_bytes())).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body.contains("Unidades criadas: <strong>1</strong>"),
        "{}",
        a.body
    );
    assert!(a.body.contains("Linhas rejeitadas: <strong>1</strong>"));
    assert!(a.body.contains("<td>3</td><td>Falta o território</td>"));
    // A file that is not a network sheet: 422 with the reason at the file field.
    let a = send(
        &app,
        sheet(&format!("{base}/importar"), &c, b"Nome;CPF\nAna;1\n"),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("id=\"file-erro\""));

    // The public API lists the new unit with its public fields.
    let (s, body) = send_body(
        &app,
        Request::get(format!("/api/v1/conferences/{DEMO}/units"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let j: serde_json::Value = serde_json::from_str(&body).unwrap();
    let leste = j["territories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Leste")
        .unwrap();
    assert_eq!(leste["units"][0]["name"], "CRAS Leste");
    assert_eq!(leste["units"][0]["kind"], "cras");
    assert_eq!(leste["units"][0]["phone"], "(37) 3232-1111");
    let (s, body) = send_body(
        &app,
        Request::get("/api/v1/conferences/nao-existe-2025/units")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(body.contains("problem") || body.contains("title"), "{body}");

    // A conference without units says so instead of "all units", and points to this page.
    let sec = crate::support::cookie(
        &db,
        "secretaria@demo.conferencia.local",
        "demo-secretaria-2025",
    )
    .await;
    for u in app::mobilization::network::public_network(&db, DEMO)
        .await
        .unwrap()
        .territories
        .iter()
        .flat_map(|t| &t.units)
    {
        let (s, _, _) = send_location(
            &app,
            post_form(&format!("{base}/unidades/{}/arquivo", u.id), &sec, "sim=1"),
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
    }
    let (_, page) = send_body(
        &app,
        get(&format!("/c/{DEMO}/gestao/delegados-territoriais"), &c),
    )
    .await;
    assert!(!page.contains("Todas as unidades já elegeram"));
    assert!(page.contains("Nenhuma unidade participa desta conferência ainda"));
    assert!(page.contains(&format!("href=\"{base}\"")));
    let (_, page) = send_body(&app, get(&format!("/c/{DEMO}/gestao/papeis"), &c)).await;
    assert!(page.contains("id=\"sem-unidades\""));
});
