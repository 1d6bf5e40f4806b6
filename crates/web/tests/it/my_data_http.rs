//! "Meus dados" over HTTP on both databases: status codes, one answer for wrong proofs, the
//! rate limit (429), the JSON download headers, the correction request and its answer by staff,
//! no CPF or registration code in any URL, link, form action or redirect, and code + e-mail
//! sending a single-use link instead of showing anything.

use crate::support::{between, cookie, get_maybe as get};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use sea_orm::EntityTrait;
use testkit::both_dbs;

struct Res {
    status: StatusCode,
    location: Option<String>,
    content_type: String,
    disposition: Option<String>,
    cache: Option<String>,
    referrer: Option<String>,
    body: String,
}

async fn send(app: &axum::Router, req: Request<Body>) -> Res {
    let a = crate::support::send(app, req).await;
    Res {
        status: a.status,
        location: a.get(header::LOCATION),
        content_type: a.header(header::CONTENT_TYPE),
        disposition: a.get(header::CONTENT_DISPOSITION),
        cache: a.get(header::CACHE_CONTROL),
        referrer: a.get(header::REFERRER_POLICY),
        body: a.body,
    }
}

fn post(uri: &str, cookie: Option<&str>, pairs: &[(&str, &str)]) -> Request<Body> {
    let mut b = Request::post(uri)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(serde_urlencoded::to_string(pairs).unwrap()))
        .unwrap()
}

/// Every `href="…"` and `action="…"` of a page.
fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "action=\""] {
        for part in html.split(attr).skip(1) {
            out.push(part.split('"').next().unwrap_or("").to_owned());
        }
    }
    out
}

const D: &str = "/c/para-de-minas-2025";
const DENIED_START: &str = "Não foi possível confirmar a inscrição com estes dados";

both_dbs!(meus_dados_over_http, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let app = web::router(db.clone());

    // The public page and the links to it.
    let res = send(&app, get(&format!("{D}/meus-dados"), None)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("method=\"post\""));
    assert_eq!(res.cache.as_deref(), Some("private, no-store"));
    assert!(res.body.contains("secretaria do conselho ou o CRAS"));
    let page = send(&app, get(D, None)).await;
    assert!(page.body.contains(&format!("href=\"{D}/meus-dados\"")));
    assert_eq!(
        send(&app, get("/c/nao-existe/meus-dados", None))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Registered by staff, with CPF and e-mail; the receipt links to "Meus dados".
    let res = send(
        &app,
        post(
            &format!("{D}/gestao/inscricoes/nova"),
            Some(&com),
            &[
                ("name", "Maria da Conceição Silva"),
                ("social_name", "Maria Flor"),
                ("category", "delegado"),
                ("segment", "usuarios"),
                ("cpf", "111.444.777-35"),
                ("email", "maria@example.org"),
                ("quotas", "pessoa_negra"),
                ("sensitive_consent", "1"),
                ("consent", "1"),
            ],
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert!(res.body.contains(&format!("href=\"{D}/meus-dados\"")));
    let code = between(&res.body, "class=\"codigo\">", "<").to_owned();
    // Someone with nothing but a name: told to ask the secretariat or the CRAS.
    let res = send(
        &app,
        post(
            &format!("{D}/gestao/inscricoes/nova"),
            Some(&com),
            &[
                ("name", "Sebastião Sem Documento"),
                ("category", "delegado"),
                ("segment", "usuarios"),
                ("consent", "1"),
            ],
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED);
    assert!(
        res.body
            .contains("procure a secretaria do conselho ou o CRAS")
    );
    let nameless = between(&res.body, "class=\"codigo\">", "<").to_owned();

    // Blank fields: 422 with both fields marked.
    let res = send(&app, post(&format!("{D}/meus-dados"), None, &[])).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.body.matches("aria-invalid=\"true\"").count(), 2);

    // Wrong proofs: one answer, 422, the typed data never echoed.
    for (c, proof) in [
        (code.as_str(), "529.982.247-25"),
        ("ZZZZ-ZZZZ", "111.444.777-35"),
        (nameless.as_str(), "01/01/1970"),
    ] {
        let res = send(
            &app,
            post(
                &format!("{D}/meus-dados"),
                None,
                &[("codigo", c), ("prova", proof)],
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{c}");
        assert!(res.body.contains(DENIED_START), "{c}");
        assert!(res.body.contains("role=\"alert\""));
        assert!(!res.body.contains(proof), "the proof is not echoed");
        assert!(!res.body.contains("11144477735"));
    }

    // Right: 200, not cached, CPF masked on screen, nothing personal in any URL.
    let res = send(
        &app,
        post(
            &format!("{D}/meus-dados"),
            None,
            &[
                ("codigo", &code.to_lowercase()),
                ("prova", "111.444.777-35"),
            ],
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.cache.as_deref(), Some("private, no-store"));
    assert!(res.location.is_none());
    assert!(res.body.contains("Maria Flor"));
    assert!(res.body.contains("***.444.777-**"));
    assert!(!res.body.contains("111.444.777-35") && !res.body.contains("11144477735"));
    assert!(
        res.body
            .contains(domain::participants::PRIVACY_NOTICE_VERSION),
        "consent version shown"
    );
    for u in urls(&res.body) {
        assert!(
            !u.contains("11144477735") && !u.contains(&code) && !u.contains("acesso"),
            "personal data in a URL: {u}"
        );
    }
    let access = between(&res.body, "name=\"acesso\" value=\"", "\"").to_owned();
    assert!(!access.contains(&code));

    // The download: JSON attachment, not cached, whole CPF.
    let res = send(
        &app,
        post(
            &format!("{D}/meus-dados/dados.json"),
            None,
            &[("acesso", &access)],
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.content_type, "application/json; charset=utf-8");
    assert_eq!(
        res.disposition.as_deref(),
        Some("attachment; filename=\"meus-dados.json\"")
    );
    assert_eq!(res.cache.as_deref(), Some("private, no-store"));
    let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(json["inscricao"]["cpf"], "111.444.777-35");
    assert_eq!(json["inscricao"]["codigo_de_inscricao"], code.as_str());
    assert!(json["autodeclaracao_de_cotas"]["grupos"].is_array());
    // Only by POST; a forged access gets the proof form back.
    assert_eq!(
        send(&app, get(&format!("{D}/meus-dados/dados.json"), None))
            .await
            .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    let res = send(
        &app,
        post(
            &format!("{D}/meus-dados/dados.json"),
            None,
            &[("acesso", "AAAA")],
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("30 minutos"));
    // From another site: refused.
    let cross = Request::post(format!("{D}/meus-dados/dados.json"))
        .header("sec-fetch-site", "cross-site")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("acesso={access}")))
        .unwrap();
    assert_eq!(send(&app, cross).await.status, StatusCode::FORBIDDEN);

    // Correction: 422 with values kept, then sent.
    let res = send(
        &app,
        post(
            &format!("{D}/meus-dados/correcao"),
            None,
            &[
                ("acesso", &access),
                ("campos", "nome_social"),
                ("texto", ""),
            ],
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("aria-invalid=\"true\""));
    assert!(res.body.contains("value=\"nome_social\" checked"));
    let res = send(
        &app,
        post(
            &format!("{D}/meus-dados/correcao"),
            None,
            &[
                ("acesso", &access),
                ("campos", "nome_social"),
                ("texto", "Meu nome social é Maria Flor de Lis."),
            ],
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Pedido de correção enviado"));
    assert!(res.body.contains("Maria Flor de Lis"));

    // Staff: the list, a refused empty answer (422), the answer (303).
    let res = send(
        &app,
        get(&format!("{D}/gestao/pedidos-de-dados"), Some(&com)),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Maria Flor de Lis"));
    let action = between(&res.body, "action=\"", "\"").to_owned();
    let action = if action.contains("/atender") {
        action
    } else {
        urls(&res.body)
            .into_iter()
            .find(|u| u.ends_with("/atender"))
            .unwrap()
    };
    let id = action.split('/').nth(5).unwrap().to_owned();
    let field = format!("resposta-{id}");
    let res = send(&app, post(&action, Some(&com), &[(&field, " ")])).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("aria-invalid=\"true\""));
    let res = send(
        &app,
        post(&action, Some(&com), &[(&field, "Corrigido, Maria.")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.location.as_deref(),
        Some(format!("{D}/gestao/pedidos-de-dados?salvo=1").as_str())
    );
    let res = send(
        &app,
        get(&format!("{D}/gestao/pedidos-de-dados?salvo=1"), Some(&com)),
    )
    .await;
    assert!(res.body.contains("Pedido marcado como atendido"));
    assert!(res.body.contains("Corrigido, Maria."));

    // Rate limit: after 5 wrong tries with one code, 429 even with the right data.
    for _ in 0..5 {
        let res = send(
            &app,
            post(
                &format!("{D}/meus-dados"),
                None,
                &[("codigo", &code), ("prova", "01/01/2000")],
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let res = send(
        &app,
        post(
            &format!("{D}/meus-dados"),
            None,
            &[("codigo", &code), ("prova", "111.444.777-35")],
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("Espere 15 minutos"));
});

both_dbs!(email_proof_sends_a_link_over_http, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let app = web::router_with(
        db.clone(),
        web::Settings {
            public_url: "https://conf.example.org".into(),
            ..Default::default()
        },
    );
    let res = send(
        &app,
        post(
            &format!("{D}/gestao/inscricoes/nova"),
            Some(&com),
            &[
                ("name", "Maria da Conceição Silva"),
                ("social_name", "Maria Flor"),
                ("category", "delegado"),
                ("segment", "usuarios"),
                ("cpf", "111.444.777-35"),
                ("email", "maria@example.org"),
                ("quotas", "pessoa_negra"),
                ("sensitive_consent", "1"),
                ("consent", "1"),
            ],
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let code = between(&res.body, "class=\"codigo\">", "<").to_owned();
    // The page says what each proof does.
    let page = send(&app, get(&format!("{D}/meus-dados"), None)).await;
    assert!(page.body.contains("envia para esse e-mail um link"));

    // Code + the right e-mail: nothing personal on the page, a link by e-mail.
    let right = send(
        &app,
        post(
            &format!("{D}/meus-dados"),
            None,
            &[("codigo", &code), ("prova", "maria@example.org")],
        ),
    )
    .await;
    assert_eq!(right.status, StatusCode::OK);
    assert!(
        right
            .body
            .contains("enviamos agora para esse e-mail um link")
    );
    assert!(right.body.contains("role=\"status\""));
    for leak in [
        "Maria Flor",
        "***.444.777-**",
        "Pessoa negra",
        "name=\"acesso\"",
        &code,
    ] {
        assert!(!right.body.contains(leak), "{leak} on the page");
    }
    // A wrong e-mail: the very same page.
    let wrong = send(
        &app,
        post(
            &format!("{D}/meus-dados"),
            None,
            &[("codigo", &code), ("prova", "colega@example.org")],
        ),
    )
    .await;
    assert_eq!((wrong.status, &wrong.body), (right.status, &right.body));

    // The e-mailed link: a page with one button (a mail scanner following it uses nothing).
    let mail = store::entities::mail_outbox::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .find(|m| m.to_addr == "maria@example.org" && m.body.contains("meus-dados/link"))
        .expect("link e-mailed");
    let link = between(&mail.body, "https://conf.example.org", "\n").to_owned();
    assert!(link.starts_with(&format!("{D}/meus-dados/link?token=")));
    let token = link.rsplit('=').next().unwrap().to_owned();
    for _ in 0..2 {
        let res = send(&app, get(&link, None)).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.cache.as_deref(), Some("private, no-store"));
        assert_eq!(res.referrer.as_deref(), Some("no-referrer"));
        assert!(
            res.body
                .contains(&format!("action=\"{D}/meus-dados/link\""))
        );
        assert!(!res.body.contains("Maria Flor"));
    }
    // The button: the data, once.
    let res = send(
        &app,
        post(&format!("{D}/meus-dados/link"), None, &[("token", &token)]),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.cache.as_deref(), Some("private, no-store"));
    assert!(res.body.contains("Maria Flor") && res.body.contains("***.444.777-**"));
    let res = send(
        &app,
        post(&format!("{D}/meus-dados/link"), None, &[("token", &token)]),
    )
    .await;
    assert_eq!(res.status, StatusCode::GONE);
    assert!(res.body.contains("Este link não vale mais"));
    assert!(!res.body.contains("Maria Flor"));
    let res = send(&app, get(&link, None)).await;
    assert_eq!(res.status, StatusCode::GONE);
});
