//! The VLibras setting: off by default (no widget, strict CSP); on, every HTML page carries the
//! widget and the CSP admits VLibras's hosts and nothing else.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use std::collections::{BTreeMap, BTreeSet};
use testkit::both_dbs;
use tower::ServiceExt;

struct Page {
    status: StatusCode,
    csp: String,
    content_type: String,
    body: String,
}

async fn get(app: &axum::Router, uri: &str) -> Page {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let h = |n| {
        res.headers()
            .get(n)
            .map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (csp, content_type) = (h(header::CONTENT_SECURITY_POLICY), h(header::CONTENT_TYPE));
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
        .await
        .unwrap();
    Page {
        status,
        csp,
        content_type,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// directive → its sources
fn directives(csp: &str) -> BTreeMap<String, BTreeSet<String>> {
    csp.split(';')
        .map(str::split_whitespace)
        .filter_map(|mut parts| {
            let name = parts.next()?.to_owned();
            Some((name, parts.map(str::to_owned).collect()))
        })
        .collect()
}

const VLIBRAS_SOURCES: &[&str] = &[
    "https://vlibras.gov.br",
    "https://*.vlibras.gov.br",
    // where vlibras.gov.br/app redirects its files: the project's own releases only
    "https://cdn.jsdelivr.net/gh/spbgovbr-vlibras/",
];

both_dbs!(vlibras_off_by_default, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    assert!(!web::Settings::default().vlibras);
    let app = web::router(db);
    for uri in [
        "/",
        "/c/para-de-minas-2025",
        "/acessibilidade",
        "/entrar",
        "/nada",
    ] {
        let p = get(&app, uri).await;
        assert!(p.content_type.starts_with("text/html"), "{uri}");
        assert_eq!(p.csp, web::CSP, "{uri}: strict CSP");
        assert!(
            !p.body.contains("vlibras.gov.br"),
            "{uri}: no VLibras script"
        );
        assert!(!p.body.contains("<div vw"), "{uri}: no widget markup");
        assert!(!p.body.contains("/static/vlibras.js"), "{uri}");
    }
    let a11y = get(&app, "/acessibilidade").await;
    assert!(
        a11y.body.contains("<strong>não está ativado</strong>"),
        "the accessibility page says VLibras is off"
    );
});

both_dbs!(vlibras_on_adds_widget_and_its_csp, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router_with(
        db,
        web::Settings {
            vlibras: true,
            ..Default::default()
        },
    );

    // Every HTML page, error pages included, carries the widget once, at the end of <body>.
    for (uri, status) in [
        ("/", StatusCode::OK),
        ("/c/para-de-minas-2025", StatusCode::OK),
        ("/acessibilidade", StatusCode::OK),
        ("/entrar", StatusCode::OK),
        ("/nada", StatusCode::NOT_FOUND),
    ] {
        let p = get(&app, uri).await;
        assert_eq!(p.status, status, "{uri}");
        assert_eq!(p.csp, web::CSP_VLIBRAS, "{uri}");
        assert_eq!(
            p.body.matches("<div vw class=\"enabled\">").count(),
            1,
            "{uri}"
        );
        assert_eq!(
            p.body
                .matches("<div vw-access-button class=\"active\">")
                .count(),
            1
        );
        assert!(p.body.contains("<div vw-plugin-wrapper>"));
        let plugin = p
            .body
            .find(r#"<script src="https://vlibras.gov.br/app/vlibras-plugin.js"></script>"#)
            .expect("plugin script");
        let init = p
            .body
            .find(r#"<script src="/static/vlibras.js"></script>"#)
            .expect("our init script");
        assert!(plugin < init, "the plugin loads before our init");
        assert!(p.body[init..].trim_start_matches(|c| c != '\n').trim() == "</body>\n</html>");
        assert!(!p.body.contains("<!-- vlibras -->"), "marker replaced");
        // Still no inline script anywhere: every <script> has a src.
        assert_eq!(
            p.body.matches("<script").count(),
            p.body.matches("<script src=").count(),
            "{uri}: inline script"
        );
    }

    // Non-HTML responses are left alone (the CSP header is the same policy on every response).
    for uri in [
        "/api/v1/conferences",
        "/c/para-de-minas-2025/calendario.ics",
        "/static/site.css",
    ] {
        let p = get(&app, uri).await;
        assert_eq!(p.status, StatusCode::OK, "{uri}");
        assert!(!p.content_type.starts_with("text/html"));
        assert!(!p.body.contains("<div vw"), "{uri}");
    }

    // The init script is ours, served from our origin.
    let js = get(&app, "/static/vlibras.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type.starts_with("text/javascript"));
    assert!(
        js.body
            .contains("new window.VLibras.Widget('https://vlibras.gov.br/app')")
    );

    // The accessibility page says it is on and how to use it.
    let a11y = get(&app, "/acessibilidade").await;
    assert!(a11y.body.contains("<strong>ativado</strong>"));
    assert!(a11y.body.contains("ícone azul de mãos"));

    // The CSP grows only by VLibras's hosts (and inline styles, which the widget writes).
    let strict = directives(web::CSP);
    let vl = directives(web::CSP_VLIBRAS);
    let fallback = &strict["default-src"];
    for (name, sources) in &vl {
        let before = strict.get(name).unwrap_or(fallback);
        for s in sources.difference(before) {
            let allowed = VLIBRAS_SOURCES.contains(&s.as_str())
                || (name == "style-src" && s == "'unsafe-inline'");
            assert!(allowed, "{name} gained {s}");
        }
    }
    for name in strict.keys() {
        assert!(vl.contains_key(name), "{name} kept");
    }
    for name in [
        "default-src",
        "form-action",
        "frame-ancestors",
        "base-uri",
        "object-src",
    ] {
        assert_eq!(strict[name], vl[name], "{name} unchanged");
    }
    for s in [
        "'unsafe-inline'",
        "'unsafe-eval'",
        "'wasm-unsafe-eval'",
        "data:",
        "*",
    ] {
        assert!(!vl["script-src"].contains(s), "script-src has no {s}");
    }
    for (name, needs) in [
        ("script-src", "https://vlibras.gov.br"),
        (
            "script-src",
            "https://cdn.jsdelivr.net/gh/spbgovbr-vlibras/",
        ),
        ("connect-src", "https://*.vlibras.gov.br"),
        ("frame-src", "https://vlibras.gov.br"),
        ("img-src", "https://vlibras.gov.br"),
        ("font-src", "https://vlibras.gov.br"),
    ] {
        assert!(vl[name].contains(needs), "{name} allows {needs}");
    }
});
