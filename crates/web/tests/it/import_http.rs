//! The import pages over HTTP on both databases: multipart upload → preview → commit → rejected
//! rows as CSV; 422 pages that keep the form; the body limit answers in pt-BR.

use crate::support::COMMISSION;
use crate::support::{get, send_headers as send};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use testkit::both_dbs;

async fn cookie(db: &app::Db) -> String {
    crate::support::cookie(db, COMMISSION.0, COMMISSION.1).await
}

fn multipart(uri: &str, cookie: &str, file: &[u8], consent: bool) -> Request<Body> {
    let mut body = Vec::new();
    body.extend_from_slice(b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lista.csv\"\r\nContent-Type: text/csv\r\n\r\n");
    body.extend_from_slice(file);
    body.extend_from_slice(
        b"\r\n--B\r\nContent-Disposition: form-data; name=\"default_category\"\r\n\r\ndelegado\r\n",
    );
    if consent {
        body.extend_from_slice(
            b"--B\r\nContent-Disposition: form-data; name=\"consent\"\r\n\r\n1\r\n",
        );
    }
    body.extend_from_slice(b"--B--\r\n");
    Request::post(uri)
        .header(header::HOST, "localhost")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B")
        .body(Body::from(body))
        .unwrap()
}

fn post(uri: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::HOST, "localhost")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap()
}

both_dbs!(upload_preview_commit_over_http, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let c = cookie(&db).await;
    let app = web::router(db.clone());
    let base = format!("/c/{}/gestao/importar", app::demo::seed::DEMO_SLUG);
    let (s, _, page) = send(&app, get(&base, &c)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Importar planilha de participantes"));

    // Without consent: 422, the form comes back with the message and the chosen category.
    let file = "Nome;Segmento\nAna Importada;Usuária\nBeto;Desconhecido\n".as_bytes();
    let (s, _, page) = send(&app, multipart(&base, &c, file, false)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("aviso de privacidade e concordaram"));
    assert!(page.contains(r#"value="delegado" selected"#));

    let (s, h, _) = send(&app, multipart(&base, &c, file, true)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let preview = h[header::LOCATION].to_str().unwrap().to_owned();
    assert!(preview.starts_with(&base));
    let (s, _, page) = send(&app, get(&preview, &c)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("Segmento não reconhecido: “Desconhecido”"),
        "{page}"
    );
    assert!(page.contains("Importar 1 pessoa"));

    // A field chosen for two columns: 422 with the message next to the column.
    let (s, _, page) = send(&app, post(&preview, &c, "col_0=nome&col_1=nome")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("duas colunas"));
    assert!(page.contains(r#"aria-invalid="true""#));

    let (s, h, _) = send(&app, post(&format!("{preview}/confirmar"), &c, "")).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let done = h[header::LOCATION].to_str().unwrap().to_owned();
    assert!(
        done.contains("importadas=1&inalteradas=0&rejeitadas=1"),
        "{done}"
    );
    let (_, _, page) = send(&app, get(&done, &c)).await;
    assert!(page.contains("Importação concluída"));

    let (s, h, csv) = send(&app, get(&format!("{preview}/rejeitadas.csv"), &c)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        h[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("lista-rejeitadas.csv")
    );
    assert!(
        csv.contains("3;Beto;Desconhecido;Segmento não reconhecido"),
        "{csv}"
    );
    assert!(
        !csv.contains("precisam informar o segmento"),
        "reported once: {csv}"
    );

    // Over the body limit: 413 with a pt-BR page, nothing stored.
    let big = vec![b'a'; web_limit() + 1];
    let (s, _, page) = send(&app, multipart(&base, &c, &big, true)).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("Divida a lista"), "{page}");
});

fn web_limit() -> usize {
    app::participants::import::MAX_BYTES + 64 * 1024
}
