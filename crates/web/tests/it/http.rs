//! The router on both databases: health, public pages, CSRF, login errors.

use crate::support::send_body as send;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use testkit::both_dbs;
use tower::ServiceExt;

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn login_post(origin: &str, body: &str) -> Request<Body> {
    Request::post("/entrar")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, origin)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

both_dbs!(public_pages_health_and_api, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router(db);
    assert_eq!(send(&app, get("/healthz")).await.0, StatusCode::OK);
    let res = app.clone().oneshot(get("/")).await.unwrap();
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let (s, home) = send(&app, get("/")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        home.contains("<html lang=\"pt-BR\">") && home.contains("href=\"/c/para-de-minas-2025\"")
    );
    let (s, page) = send(&app, get("/c/para-de-minas-2025")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Alterações no calendário") && page.contains("Feriado municipal"));
    let (s, nf) = send(&app, get("/c/nao-existe")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(nf.contains("Página não encontrada"));
    let (s, ics) = send(&app, get("/c/para-de-minas-2025/calendario.ics")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        9 + 3,
        "9 stages and 3 unit meetings"
    );
    assert!(ics.contains("SUMMARY:Reunião com usuários: CRAS Centro"));
    let (s, json) = send(&app, get("/api/v1/conferences?q=para%20de%20minas")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(json.contains("\"slug\":\"para-de-minas-2025\""));
    let (s, spec) = send(&app, get("/api/v1/openapi.json")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(spec.contains("\"openapi\":\"3.1.0\""));
    let (s, m) = send(&app, get("/metrics")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(m.contains("conferencia_http_requests_total"));
});

both_dbs!(csrf_and_login_errors, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router(db);
    let (s, body) = send(
        &app,
        login_post("https://evil.example", "login=a&password=b"),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(body.contains("não veio deste site"));
    let (s, body) = send(&app, login_post("http://localhost", "login=&password=")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Preencha o e-mail"));
    let (s, body) = send(
        &app,
        login_post(
            "http://localhost",
            "login=comissao%40demo.conferencia.local&password=errada",
        ),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("incorretos"));
    let res = app
        .clone()
        .oneshot(login_post(
            "http://localhost",
            "login=comissao%40demo.conferencia.local&password=demo-comissao-2025",
        ))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let (s, panel) = send(
        &app,
        Request::get("/painel")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(panel.contains("Comissão organizadora"));
});

both_dbs!(public_report_and_follow_up_pages, |db| async move {
    app::demo::seed::seed_with_history(&db).await.unwrap();
    let app = web::router(db);
    // The conference page links the accepted report and the follow-up.
    let (s, page) = send(&app, get("/c/para-de-minas-2023")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("href=\"/c/para-de-minas-2023/relatorio\""));
    assert!(page.contains("href=\"/c/para-de-minas-2023/monitoramento\""));
    // The accepted report, public: every section, no delegate's contact or quota group.
    let (s, r) = send(&app, get("/c/para-de-minas-2023/relatorio")).await;
    assert_eq!(s, StatusCode::OK);
    for h in [
        "I. Informações gerais",
        "IV. Deliberações",
        "V. Delegados",
        "IX. Registro",
    ] {
        assert!(r.contains(h), "{h}");
    }
    // Names and seats only: the contacts travel in the package to the upper council alone.
    assert!(r.contains("rel-eleitos") && !r.contains("mailto:") && !r.contains("Telefone"));
    let res = app
        .clone()
        .oneshot(get("/c/para-de-minas-2023/relatorio/baixar/csv"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(
        send(&app, get("/c/para-de-minas-2023/relatorio/baixar/exe"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    // A conference without an accepted report has no public report, and no link to it.
    let (s, _) = send(&app, get("/c/para-de-minas-2025/relatorio")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, page) = send(&app, get("/c/para-de-minas-2025")).await;
    assert!(!page.contains("/relatorio\""));
    // The follow-up, public.
    let (s, m) = send(&app, get("/c/para-de-minas-2023/monitoramento")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(m.contains("E1-M-1") && m.contains("Em andamento") && m.contains("40%"));
});

both_dbs!(the_header_says_entrar_or_meu_painel, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router(db);
    let (_, page) = send(&app, get("/")).await;
    assert!(page.contains(r#"<a href="/entrar">Entrar</a>"#));
    assert!(!page.contains("Meu painel") && !page.contains("<!-- conta -->"));
    let with_session = Request::get("/acessibilidade")
        .header(header::COOKIE, "tema=claro; sid=abc123")
        .body(Body::empty())
        .unwrap();
    let (s, page) = send(&app, with_session).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains(r#"<a href="/painel">Meu painel</a>"#));
    assert!(!page.contains(r#"href="/entrar""#));
    // Error pages get the link too; other responses are left alone.
    let (s, nf) = send(&app, get("/c/nao-existe")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(nf.contains("Entrar"));
    let (_, ics) = send(&app, get("/c/para-de-minas-2025/calendario.ics")).await;
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
});

both_dbs!(a_pending_contribution_is_private, |db| async move {
    use app::platform::accounts::LoginOutcome;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let (login, pw, _) = app::demo::seed::DEMO_PARTICIPANT;
    let LoginOutcome::Ok(sid) = app::platform::accounts::login(&db, login, pw)
        .await
        .unwrap()
    else {
        panic!("login");
    };
    let me = app::platform::auth::me(&db, Some(&sid))
        .await
        .unwrap()
        .unwrap();
    let unit = store::entities::unit::Entity::find()
        .filter(store::entities::unit::Column::Name.eq("CRAS Sul"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let i = app::mobilization::unit_media::MediaInput {
        caption: "Ata da oficina".into(),
        ..Default::default()
    };
    app::mobilization::unit_media::contribute(
        &db,
        Some(&me),
        "para-de-minas-2025",
        unit.id,
        &i,
        Some(app::setup::conference::Upload {
            file_name: "ata.pdf".into(),
            bytes: b"%PDF-1.4\n%ata\n".to_vec(),
        }),
    )
    .await
    .unwrap();
    let item = store::entities::unit_media::Entity::find()
        .filter(store::entities::unit_media::Column::Caption.eq("Ata da oficina"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let app = web::router(db);
    let path = format!("/c/para-de-minas-2025/midia/{}", item.id);
    let (s, _) = send(&app, get(&path)).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "not public while it waits");
    let res = app
        .clone()
        .oneshot(
            Request::get(&path)
                .header(header::COOKIE, format!("sid={sid}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "the sender sees it");
    assert_eq!(res.headers()[header::CACHE_CONTROL], "private, no-store");
});

// The conference page and its feed are served from memory for a moment; any write through the
// instance drops them (a POST, even one refused), another instance's writes show after the TTL.
both_dbs!(public_cache_drops_on_any_write, |db| async move {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    use store::entities::conference;
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let conn = db.conn.clone();
    let settings = web::Settings {
        public_cache: std::time::Duration::from_secs(600),
        ..web::Settings::default()
    };
    let app = web::router_with(db, settings);
    let page = "/c/para-de-minas-2025";
    let (s, before) = send(&app, get(page)).await;
    assert_eq!(s, StatusCode::OK);
    let (_, ics_before) = send(&app, get("/c/para-de-minas-2025/calendario.ics")).await;
    let retitle = |t: &'static str| {
        conference::Entity::update_many()
            .col_expr(conference::Column::Title, Expr::value(t))
            .filter(conference::Column::Slug.eq("para-de-minas-2025"))
            .exec(&conn)
    };
    // Another instance (here: the database directly) renames the conference.
    retitle("Conferência Renomeada por Outra Instância")
        .await
        .unwrap();
    let (_, cached) = send(&app, get(page)).await;
    assert_eq!(cached, before, "within the TTL the page comes from memory");
    let (_, ics_cached) = send(&app, get("/c/para-de-minas-2025/calendario.ics")).await;
    assert_eq!(ics_cached, ics_before);
    // Any write through this instance drops the copies, even a refused login.
    let (s, _) = send(&app, login_post("http://localhost", "login=&password=")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, fresh) = send(&app, get(page)).await;
    assert!(fresh.contains("Conferência Renomeada por Outra Instância"));
    let (_, ics_fresh) = send(&app, get("/c/para-de-minas-2025/calendario.ics")).await;
    assert!(ics_fresh.contains("Conferência Renomeada por Outra Instância"));
});

// A new installation's home page says how to start (the command that creates the first
// administrator), and once there is one, that the council's staff log in to create the
// conference; a search that finds nothing still says only that.
both_dbs!(empty_installation_home_says_how_to_start, |db| async move {
    let app = web::router(db.clone());
    let (s, home) = send(&app, get("/")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        home.contains("Nenhuma conferência publicada ainda"),
        "{home}"
    );
    assert!(home.contains("conferencia admin create"));
    let (_, found) = send(&app, get("/?q=sorocaba")).await;
    assert!(found.contains("Nenhuma conferência encontrada para “sorocaba”"));
    assert!(!found.contains("admin create"));
    app::platform::admin::create_admin(&db, "http://x", "Rita", "rita@municipio.gov.br")
        .await
        .unwrap();
    let (_, home) = send(&app, get("/")).await;
    assert!(home.contains("Nenhuma conferência publicada ainda"));
    assert!(!home.contains("admin create"), "an administrator exists");
    assert!(home.contains(r#"<a href="/entrar">entre com sua conta</a>"#));
});

// Logging in without a page to return to lands where the person's work is: an articulator on
// their unit; the commission of one conference on it; someone with several on the panel.
both_dbs!(login_lands_where_the_work_is, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router(db);
    for (login, pw, to) in [
        (
            "articulador.cras.centro",
            "demo-articulador-2025",
            "/c/para-de-minas-2025/unidade/",
        ),
        (
            "comissao%40demo.conferencia.local",
            "demo-comissao-2025",
            "/c/para-de-minas-2025/gestao",
        ),
        (
            "admin%40demo.conferencia.local",
            "demo-admin-2025",
            "/painel",
        ),
    ] {
        let res = app
            .clone()
            .oneshot(login_post(
                "http://localhost",
                &format!("login={login}&password={pw}"),
            ))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let loc = res.headers()[header::LOCATION].to_str().unwrap();
        assert!(loc.starts_with(to), "{login} landed on {loc}");
    }
});
