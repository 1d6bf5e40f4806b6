//! `/senha/esqueci` and `/senha/nova` on both databases: same answer for unknown addresses,
//! 422 with pt-BR field messages, a clear page for a dead link, and the whole reset.

use crate::support::send_body as send;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use conferencia_web as web;
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::entities::{account, mail_outbox};
use testkit::both_dbs;
use tower::ServiceExt;

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post(uri: &str, body: &str) -> Request<Body> {
    // The site's own origin: the public URL's scheme and host (CSRF check).
    Request::post(uri)
        .header(header::HOST, "conf.example.org")
        .header(header::ORIGIN, "https://conf.example.org")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

async fn add_account(db: &app::Db, email: &str) {
    account::Entity::insert(account::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        email: Set(Some(email.into())),
        username: Set(None),
        display_name: Set("Pessoa de Teste".into()),
        password_hash: Set(app::demo::seed::hash_password("senha-antiga-123").unwrap()),
        disabled: Set(false),
        must_change_password: Set(false),
        created_at: Set(Utc::now()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
}

fn router(db: &app::Db) -> axum::Router {
    web::router_with(
        db.clone(),
        web::Settings {
            public_url: "https://conf.example.org/".into(),
            ..Default::default()
        },
    )
}

both_dbs!(forgot_page_answers_the_same_for_everyone, |db| async move {
    add_account(&db, "existe@exemplo.org").await;
    let app = router(&db);
    let (s, login) = send(&app, get("/entrar")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(login.contains("href=\"/senha/esqueci\">Esqueci minha senha</a>"));
    let (s, page) = send(&app, get("/senha/esqueci")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("<label for=\"email\">E-mail</label>"));
    assert!(page.contains("peça uma nova senha à secretaria"));

    let (s1, known) = send(
        &app,
        post("/senha/esqueci", &form(&[("email", "existe@exemplo.org")])),
    )
    .await;
    let (s2, unknown) = send(
        &app,
        post(
            "/senha/esqueci",
            &form(&[("email", "nao-existe@exemplo.org")]),
        ),
    )
    .await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    assert_eq!(
        known, unknown,
        "the answer does not tell whether the account exists"
    );
    assert!(known.contains("Se houver uma conta com este e-mail"));
    let mails = mail_outbox::Entity::find().all(&db.conn).await.unwrap();
    assert_eq!(mails.len(), 1, "only the real account gets an e-mail");
    assert!(
        mails[0]
            .body
            .contains("https://conf.example.org/senha/nova?token=")
    );

    // Validation: 422 with the message next to the field, nothing written.
    for (input, msg) in [
        (
            "articulador.centro",
            "peça uma nova senha à secretaria da conferência",
        ),
        ("sem-dominio@", "Informe um e-mail válido"),
        ("", "Informe o e-mail da sua conta"),
    ] {
        let (s, body) = send(&app, post("/senha/esqueci", &form(&[("email", input)]))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{input}");
        assert!(body.contains(msg), "{input}: {body}");
        assert!(body.contains("aria-invalid=\"true\""));
        assert!(
            body.contains(&format!("value=\"{input}\"")),
            "the input is kept"
        );
    }
    assert_eq!(
        mail_outbox::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
            .len(),
        1
    );
});

both_dbs!(new_password_page_validates_and_resets, |db| async move {
    add_account(&db, "pessoa@exemplo.org").await;
    let app = router(&db);

    // A dead or made-up link gets a clear page, never a form.
    for q in [
        "",
        "?token=",
        "?token=abc",
        &format!("?token={}", "0".repeat(64)),
    ] {
        let res = app
            .clone()
            .oneshot(get(&format!("/senha/nova{q}")))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::GONE, "{q}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    }
    let (_, dead) = send(&app, get("/senha/nova?token=abc")).await;
    assert!(dead.contains("Este link não vale mais") && dead.contains("href=\"/senha/esqueci\""));

    send(
        &app,
        post("/senha/esqueci", &form(&[("email", "pessoa@exemplo.org")])),
    )
    .await;
    let body = &mail_outbox::Entity::find().all(&db.conn).await.unwrap()[0].body;
    let at = body.find("?token=").unwrap() + 7;
    let token = body[at..at + 64].to_owned();

    let res = app
        .clone()
        .oneshot(get(&format!("/senha/nova?token={token}")))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let (_, page) = send(&app, get(&format!("/senha/nova?token={token}"))).await;
    assert!(page.contains(&format!("name=\"token\" value=\"{token}\"")));
    assert!(page.contains("<label for=\"confirm\">Repita a nova senha</label>"));

    for (password, confirm, msgs) in [
        (
            "nova-senha-forte-1",
            "nova-senha-forte-2",
            vec!["As duas senhas não são iguais"],
        ),
        (
            "curta",
            "curta",
            vec!["A senha deve ter pelo menos 10 caracteres"],
        ),
        (
            "curta",
            "outra",
            vec![
                "A senha deve ter pelo menos 10 caracteres",
                "As duas senhas não são iguais",
            ],
        ),
        ("", "", vec!["A senha deve ter pelo menos 10 caracteres"]),
    ] {
        let (s, body) = send(
            &app,
            post(
                "/senha/nova",
                &form(&[
                    ("token", &token),
                    ("password", password),
                    ("confirm", confirm),
                ]),
            ),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{password}/{confirm}");
        for m in msgs {
            assert!(body.contains(m), "{m}: {body}");
        }
        assert!(body.contains("A senha não foi trocada"));
        assert!(
            body.contains(&format!("value=\"{token}\"")),
            "the form keeps the token"
        );
        if !password.is_empty() {
            assert!(
                !body.contains(&format!("value=\"{password}\"")),
                "passwords are never sent back"
            );
        }
    }
    // Nothing was written: the old password works and the link still does.
    assert!(matches!(
        app::platform::accounts::login(&db, "pessoa@exemplo.org", "senha-antiga-123")
            .await
            .unwrap(),
        app::platform::accounts::LoginOutcome::Ok(_)
    ));
    assert!(
        app::platform::accounts::reset_token_valid(&db, &token)
            .await
            .unwrap()
    );

    let good = form(&[
        ("token", &token),
        ("password", "nova-senha-forte-1"),
        ("confirm", "nova-senha-forte-1"),
    ]);
    let (s, done) = send(&app, post("/senha/nova", &good)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(done.contains("Senha trocada") && done.contains("href=\"/entrar\""));
    let res = app
        .clone()
        .oneshot(post(
            "/entrar",
            &form(&[
                ("login", "pessoa@exemplo.org"),
                ("password", "nova-senha-forte-1"),
            ]),
        ))
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the new password logs in"
    );
    let (s, old) = send(
        &app,
        post(
            "/entrar",
            &form(&[
                ("login", "pessoa@exemplo.org"),
                ("password", "senha-antiga-123"),
            ]),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(old.contains("incorretos"));

    // The link worked once.
    let (s, again) = send(&app, post("/senha/nova", &good)).await;
    assert_eq!(s, StatusCode::GONE);
    assert!(again.contains("Este link não vale mais"));
    assert_eq!(
        send(&app, get(&format!("/senha/nova?token={token}")))
            .await
            .0,
        StatusCode::GONE
    );
});

both_dbs!(reset_forms_are_csrf_protected, |db| async move {
    let app = router(&db);
    let req = Request::post("/senha/esqueci")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("email=a%40exemplo.org"))
        .unwrap();
    assert_eq!(send(&app, req).await.0, StatusCode::FORBIDDEN);
});

/// The token in the link an e-mail to `to` carries.
async fn link_token(db: &app::Db, to: &str) -> String {
    let mail = mail_outbox::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .rfind(|m| m.to_addr == to)
        .unwrap();
    mail.body
        .split("/senha/nova?token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

// A new staff member's invitation used to open "Criar nova senha", which said the person would
// be logged out "em todos os aparelhos": they have no password and no session yet.
both_dbs!(
    invitation_link_creates_the_first_password,
    |db| async move {
        app::demo::seed::seed(&db).await.unwrap();
        let sec = app::platform::auth::me(
            &db,
            Some(&match app::platform::accounts::login(
                &db,
                "secretaria@demo.conferencia.local",
                "demo-secretaria-2025",
            )
            .await
            .unwrap()
            {
                app::platform::accounts::LoginOutcome::Ok(t) => t,
                other => panic!("{other:?}"),
            }),
        )
        .await
        .unwrap()
        .unwrap();
        app::platform::admin::grant_conference_role(
            &db,
            Some(&sec),
            "https://conf.example.org/",
            "para-de-minas-2025",
            &app::platform::admin::PersonInput {
                name: "Beatriz Costa".into(),
                email: "bia@exemplo.org".into(),
                role: "credentialing_staff".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let token = link_token(&db, "bia@exemplo.org").await;
        let app = router(&db);
        let (s, page) = send(&app, get(&format!("/senha/nova?token={token}"))).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("<h1>Criar sua senha</h1>"), "{page}");
        assert!(page.contains("Criar a senha"));
        for wrong in ["aparelhos", "nova senha", "Trocar a senha", "troca"] {
            assert!(!page.contains(wrong), "{wrong}: {page}");
        }
        // Refused: the same words.
        let (s, page) = send(
            &app,
            post(
                "/senha/nova",
                &form(&[
                    ("token", &token),
                    ("password", "curta"),
                    ("confirm", "curta"),
                ]),
            ),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("A senha não foi criada") && !page.contains("aparelhos"));
        let (s, done) = send(
            &app,
            post(
                "/senha/nova",
                &form(&[
                    ("token", &token),
                    ("password", "minha-senha-de-agora"),
                    ("confirm", "minha-senha-de-agora"),
                ]),
            ),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(done.contains("<h1>Senha criada</h1>") && !done.contains("aparelhos"));
        assert!(matches!(
            app::platform::accounts::login(&db, "bia@exemplo.org", "minha-senha-de-agora")
                .await
                .unwrap(),
            app::platform::accounts::LoginOutcome::Ok(_)
        ));

        // Later, a reset of that (now real) password is the usual one, which does end sessions.
        app::platform::accounts::request_password_reset(
            &db,
            "https://conf.example.org/",
            "bia@exemplo.org",
        )
        .await
        .unwrap();
        let token = link_token(&db, "bia@exemplo.org").await;
        let (_, page) = send(&app, get(&format!("/senha/nova?token={token}"))).await;
        assert!(page.contains("<h1>Criar nova senha</h1>") && page.contains("todos os aparelhos"));
    }
);
