//! Hardening, sessions and headers, on both databases: `Secure` cookies and HSTS over
//! HTTPS, the staff idle timeout, the current password on a password change, the login limits
//! (per client across names; known devices keep their owner in), `no-store` on personal pages,
//! `Permissions-Policy` and `Cross-Origin-Opener-Policy`.

use crate::support::{get_maybe as get, post_form_maybe as post, send_headers as send};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use conferencia_web as web;
use testkit::both_dbs;

const SLUG: &str = "para-de-minas-2025";
const STAFF: (&str, &str) = ("comissao@demo.conferencia.local", "demo-comissao-2025");

/// A login form post from the client at `ip`, with `cookie` (the known-device cookie) if any.
fn login_from(ip: &str, login: &str, password: &str, cookie: Option<&str>) -> Request<Body> {
    let body = serde_urlencoded::to_string([("login", login), ("password", password)]).unwrap();
    let mut req = post("/entrar", cookie, &body);
    req.extensions_mut().insert(ConnectInfo(
        format!("{ip}:40000")
            .parse::<std::net::SocketAddr>()
            .unwrap(),
    ));
    req
}

/// The `name=value` of cookie `name` among the response's `Set-Cookie`s, with its attributes.
fn set_cookie(h: &HeaderMap, name: &str) -> Option<String> {
    h.get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

fn value(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

async fn staff_sid(db: &app::Db) -> String {
    match app::platform::accounts::login(db, STAFF.0, STAFF.1)
        .await
        .unwrap()
    {
        app::platform::accounts::LoginOutcome::Ok(t) => t,
        other => panic!("login: {other:?}"),
    }
}

both_dbs!(secure_cookies_and_hsts_only_over_https, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let https = web::router_with(
        db.clone(),
        web::Settings {
            public_url: "https://conferencias.example.gov.br".into(),
            ..Default::default()
        },
    );
    let (s, h, _) = send(&https, login_from("192.0.2.1", STAFF.0, STAFF.1, None)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    // The session cookie is the first one set (clients that read one cookie read it).
    assert!(h[header::SET_COOKIE].to_str().unwrap().starts_with("sid="));
    for name in ["sid", "kd"] {
        let c = set_cookie(&h, name).unwrap_or_else(|| panic!("{name} set"));
        assert!(c.ends_with("; Secure") && c.contains("HttpOnly"), "{c}");
    }
    let sid = value(&set_cookie(&h, "sid").unwrap());
    let (_, h, _) = send(&https, get("/", None)).await;
    assert_eq!(h[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
    let (_, h, _) = send(&https, post("/sair", Some(&sid), "")).await;
    assert!(set_cookie(&h, "sid").unwrap().ends_with("; Secure"));
    assert_eq!(h[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");

    // Over plain HTTP (development): no `Secure` (the browser would drop the cookie), no HSTS.
    let http = web::router(db);
    let (s, h, _) = send(&http, login_from("192.0.2.1", STAFF.0, STAFF.1, None)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    for name in ["sid", "kd"] {
        let c = set_cookie(&h, name).unwrap();
        assert!(!c.to_ascii_lowercase().contains("secure"), "{c}");
    }
    assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY));
    let (_, h, _) = send(&http, get("/", None)).await;
    assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY));
});

both_dbs!(staff_sessions_end_after_idle_time, |db| async move {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    use store::entities::session;
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let staff = staff_sid(&db).await;
    let (login, pw, _) = app::demo::seed::DEMO_PARTICIPANT;
    let app::platform::accounts::LoginOutcome::Ok(participant) =
        app::platform::accounts::login(&db, login, pw)
            .await
            .unwrap()
    else {
        panic!("participant login");
    };
    let age = |min: i64| chrono::Utc::now() - chrono::Duration::minutes(min);
    let set_seen = |at: chrono::DateTime<chrono::Utc>| {
        let db = db.clone();
        async move {
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(at))
                .exec(&db.conn)
                .await
                .unwrap();
        }
    };
    let seen = || {
        let db = db.clone();
        async move {
            session::Entity::find()
                .all(&db.conn)
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.last_seen_at)
                .max()
                .unwrap()
        }
    };
    let app = web::router(db.clone());

    // Used 20 minutes ago: still in, and the use slides `last_seen_at` forward.
    set_seen(age(20)).await;
    let (s, _, _) = send(&app, get("/painel", Some(&format!("sid={staff}")))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(seen().await > age(1), "last_seen_at slid forward");
    // Seen 30 seconds ago: not written again (at most one write a minute).
    let recent = chrono::Utc::now() - chrono::Duration::seconds(30);
    set_seen(recent).await;
    let (s, _, _) = send(&app, get("/painel", Some(&format!("sid={staff}")))).await;
    assert_eq!(s, StatusCode::OK);
    let kept = seen().await;
    assert!(
        (kept - recent).num_milliseconds().abs() < 5,
        "no write within the minute: {kept} vs {recent}"
    );

    // 31 minutes idle: the staff session is over (the absolute lifetime is days away) and the
    // page asks to log in again; a participant's session (no staff role) stays.
    set_seen(age(31)).await;
    let (s, h, _) = send(&app, get("/painel", Some(&format!("sid={staff}")))).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(h[header::LOCATION].to_str().unwrap().starts_with("/entrar"));
    assert!(
        app::platform::auth::me(&db, Some(&staff))
            .await
            .unwrap()
            .is_none()
    );
    let (s, _, _) = send(&app, get("/painel", Some(&format!("sid={participant}")))).await;
    assert_eq!(
        s,
        StatusCode::OK,
        "a participant is not logged out when idle"
    );
    assert!(
        session::Entity::find()
            .filter(session::Column::ExpiresAt.gt(chrono::Utc::now() + chrono::Duration::days(6)))
            .all(&db.conn)
            .await
            .unwrap()
            .len()
            == 1,
        "the participant's session keeps its absolute lifetime; the staff one is gone"
    );
});

both_dbs!(password_change_asks_for_the_current_one, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let sid = format!("sid={}", staff_sid(&db).await);
    let app = web::router(db.clone());
    let (s, _, page) = send(&app, get("/senha/trocar", Some(&sid))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Senha atual") && page.contains("autocomplete=\"current-password\""));
    let (s, _, page) = send(
        &app,
        post(
            "/senha/trocar",
            Some(&sid),
            "current=nao-e-esta&password=uma+senha+nova&confirm=uma+senha+nova",
        ),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("A senha atual não confere"), "{page}");
    let (s, _, page) = send(
        &app,
        post(
            "/senha/trocar",
            Some(&sid),
            "password=uma+senha+nova&confirm=uma+senha+nova",
        ),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Informe a sua senha atual"));
    // Nothing changed: the old password still logs in.
    assert!(matches!(
        app::platform::accounts::login(&db, STAFF.0, STAFF.1)
            .await
            .unwrap(),
        app::platform::accounts::LoginOutcome::Ok(_)
    ));
    let (s, h, _) = send(
        &app,
        post(
            "/senha/trocar",
            Some(&sid),
            &format!(
                "current={}&password=uma+senha+nova&confirm=uma+senha+nova",
                STAFF.1
            ),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(h[header::LOCATION], "/painel");
    assert!(matches!(
        app::platform::accounts::login(&db, STAFF.0, "uma senha nova")
            .await
            .unwrap(),
        app::platform::accounts::LoginOutcome::Ok(_)
    ));
});

both_dbs!(one_client_cannot_try_many_names, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router(db);
    let attacker = "203.0.113.5";
    for i in 0..app::platform::accounts::CLIENT_LIMIT {
        let (s, _, page) = send(
            &app,
            login_from(
                attacker,
                &format!("pessoa{i}@exemplo.org"),
                "chute-123",
                None,
            ),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
        assert!(page.contains("incorretos"));
    }
    // One more name, never tried before: refused for the client, saying when to come back.
    let (s, _, page) = send(
        &app,
        login_from(attacker, "outra.pessoa@exemplo.org", "chute-123", None),
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("a partir desta rede") && page.contains("15 minutos"));
    let (s, _, _) = send(&app, login_from(attacker, STAFF.0, STAFF.1, None)).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "the whole client waits");
    // Another client is not affected, and the account itself is not locked.
    let (s, _, _) = send(&app, login_from("198.51.100.7", STAFF.0, STAFF.1, None)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    // IPv6 clients count per /64: another address of the same network is the same client.
    for i in 0..app::platform::accounts::CLIENT_LIMIT {
        let ip = format!("[2001:db8:1:2::{:x}]", i + 1);
        let (s, _, _) = send(&app, login_from(&ip, &format!("p{i}@x.org"), "x", None)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (s, _, _) = send(
        &app,
        login_from("[2001:db8:1:2::ffff]", "q@x.org", "x", None),
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
});

both_dbs!(behind_a_proxy_the_client_is_its_header, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router_with(
        db,
        web::Settings {
            client_ip_header: Some("x-forwarded-for".into()),
            ..Default::default()
        },
    );
    let via_proxy = |client: &str, login: &str| {
        let mut req = login_from("127.0.0.1", login, "chute-123", None);
        // A client may send its own X-Forwarded-For: the proxy appends the real address last.
        req.headers_mut().insert(
            "x-forwarded-for",
            format!("10.9.9.9, {client}").parse().unwrap(),
        );
        req
    };
    for i in 0..app::platform::accounts::CLIENT_LIMIT {
        let (s, _, _) = send(&app, via_proxy("203.0.113.9", &format!("n{i}@x.org"))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (s, _, _) = send(&app, via_proxy("203.0.113.9", "last@x.org")).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    // Same proxy, another client behind it.
    let (s, _, _) = send(&app, via_proxy("203.0.113.10", "last@x.org")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
});

both_dbs!(a_known_device_keeps_its_owner_in, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router(db);
    // The owner logged in on their phone last week: the phone got the known-device cookie, only
    // for the login page.
    let (s, h, _) = send(&app, login_from("192.0.2.10", STAFF.0, STAFF.1, None)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let kd_set = set_cookie(&h, "kd").expect("known-device cookie");
    assert!(kd_set.contains("Path=/entrar") && kd_set.contains("HttpOnly"));
    let kd = value(&kd_set);
    // A shared computer remembers several accounts: the admin logs in there, then the owner.
    let (s, h, _) = send(
        &app,
        login_from(
            "192.0.2.11",
            "admin@demo.conferencia.local",
            "demo-admin-2025",
            None,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let admin_kd = value(&set_cookie(&h, "kd").unwrap());
    let (s, h, _) = send(
        &app,
        login_from("192.0.2.11", STAFF.0, STAFF.1, Some(&admin_kd)),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let shared_kd = value(&set_cookie(&h, "kd").unwrap());
    assert_eq!(
        shared_kd.matches('~').count(),
        1,
        "two accounts: {shared_kd}"
    );

    // During the plenary, someone types wrong passwords for that name from several places.
    for i in 0..app::platform::accounts::LOGIN_LIMIT {
        let (s, _, _) = send(
            &app,
            login_from(
                &format!("203.0.113.{}", 20 + i),
                STAFF.0,
                "chute-errado",
                None,
            ),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Unknown devices are now refused, even with the right password.
    let (s, _, page) = send(&app, login_from("192.0.2.99", STAFF.0, STAFF.1, None)).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        page.contains("aparelhos novos") && page.contains("15 minutos"),
        "{page}"
    );
    // A forged or tampered cookie does not help.
    let forged = {
        let mut k = kd.clone();
        let last = k.pop().unwrap();
        k.push(if last == '0' { '1' } else { '0' });
        k
    };
    let (s, _, _) = send(
        &app,
        login_from("192.0.2.10", STAFF.0, STAFF.1, Some(&forged)),
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    // Another account's known-device entry does not vouch for this one.
    let (s, _, _) = send(
        &app,
        login_from("192.0.2.12", STAFF.0, STAFF.1, Some(&admin_kd)),
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    // The owner's own phone still logs in, and so does the shared computer.
    let (s, h, _) = send(&app, login_from("192.0.2.10", STAFF.0, STAFF.1, Some(&kd))).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(set_cookie(&h, "sid").is_some());
    let (s, _, _) = send(
        &app,
        login_from("192.0.2.11", STAFF.0, STAFF.1, Some(&shared_kd)),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    // …while the lock still holds for unknown devices.
    let (s, _, _) = send(&app, login_from("192.0.2.99", STAFF.0, STAFF.1, None)).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    // Wrong passwords on the known device have their own count, and a message about it.
    for _ in 0..app::platform::accounts::LOGIN_LIMIT {
        let (s, _, _) = send(&app, login_from("192.0.2.10", STAFF.0, "errada", Some(&kd))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (s, _, page) = send(&app, login_from("192.0.2.10", STAFF.0, STAFF.1, Some(&kd))).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("neste aparelho"), "{page}");
});

both_dbs!(no_store_on_personal_pages_only, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let sid = format!("sid={}", staff_sid(&db).await);
    let app = web::router(db);
    for path in [
        "/painel".to_owned(),
        format!("/c/{SLUG}/gestao/inscricoes"),
        format!("/c/{SLUG}/gestao/necessidades"),
        format!("/c/{SLUG}/gestao/delegados-territoriais.csv"),
        format!("/c/{SLUG}/credenciamento"),
        // A public page, asked by someone logged in: it shows their account link.
        format!("/c/{SLUG}"),
    ] {
        let (s, h, _) = send(&app, get(&path, Some(&sid))).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert_eq!(h[header::CACHE_CONTROL], "no-store", "{path}");
    }
    // A paired phone's cookie makes a request personal too.
    let (_, h, _) = send(&app, get(&format!("/c/{SLUG}"), Some("dlg=abc"))).await;
    assert_eq!(h[header::CACHE_CONTROL], "no-store");
    // Routes that are not public pages are no-store even without a cookie.
    for path in ["/entrar", "/senha/esqueci", "/painel"] {
        let (_, h, _) = send(&app, get(path, None)).await;
        assert_eq!(h[header::CACHE_CONTROL], "no-store", "{path}");
    }
    // Public pages keep their caching: none of ours for pages, an hour for static files.
    for path in [
        "/".to_owned(),
        format!("/c/{SLUG}"),
        format!("/c/{SLUG}/calendario.ics"),
        format!("/c/{SLUG}/regimento"),
    ] {
        let (s, h, _) = send(&app, get(&path, None)).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(!h.contains_key(header::CACHE_CONTROL), "{path}");
    }
    let (_, h, _) = send(&app, get("/static/site.css", Some(&sid))).await;
    assert_eq!(h[header::CACHE_CONTROL], "public, max-age=3600");
});

both_dbs!(permissions_and_opener_policies, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let sid = format!("sid={}", staff_sid(&db).await);
    let app = web::router(db);
    let (_, h, _) = send(&app, get("/", None)).await;
    let pp = h["permissions-policy"].to_str().unwrap();
    for f in ["camera=()", "microphone=()", "geolocation=()", "payment=()"] {
        assert!(pp.contains(f), "{pp}");
    }
    assert_eq!(h["cross-origin-opener-policy"], "same-origin");
    // The credentialing desk reads badges' QR codes with the camera: this site only.
    let (s, h, _) = send(&app, get(&format!("/c/{SLUG}/credenciamento"), Some(&sid))).await;
    assert_eq!(s, StatusCode::OK);
    let pp = h["permissions-policy"].to_str().unwrap();
    assert!(
        pp.contains("camera=(self)") && pp.contains("microphone=()"),
        "{pp}"
    );
    assert_eq!(h["cross-origin-opener-policy"], "same-origin");
    // Not the other staff pages, nor the phone-pairing desk (it shows a QR, reads none).
    for path in [
        format!("/c/{SLUG}/gestao"),
        format!("/c/{SLUG}/credenciamento/celular"),
    ] {
        let (_, h, _) = send(&app, get(&path, Some(&sid))).await;
        assert!(
            h["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("camera=()"),
            "{path}"
        );
    }
});
