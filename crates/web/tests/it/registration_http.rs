//! The public registration form over HTTP on both databases: nothing preselected, the delegates'
//! questions apart, Post/Redirect/Get to a receipt behind an unguessable token (reloading it
//! creates nothing), and the typed "outra necessidade" in the staff pages.

use crate::support::{COMMISSION, between, cookie, get, get_maybe, post_form_maybe, send};
use axum::http::{StatusCode, header};
use conferencia_web as web;
use sea_orm::{EntityTrait, PaginatorTrait};
use store::entities::{mail_outbox, registration};
use testkit::both_dbs;

const SLUG: &str = "para-de-minas-2025";

async fn count(db: &app::Db) -> u64 {
    registration::Entity::find().count(&db.conn).await.unwrap()
}

fn body(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

both_dbs!(public_form_post_redirect_get, |db| async move {
    app::demo::seed::seed(&db).await.unwrap();
    testkit::open_stage(
        &db,
        SLUG,
        "registration",
        "Inscrições extras",
        chrono::Duration::days(1),
    )
    .await;
    let app = web::router(db.clone());
    let uri = format!("/c/{SLUG}/inscricao");

    // The form: no category chosen, the delegates' questions in their own fieldset, a key.
    let form = send(&app, get_maybe(&uri, None)).await;
    assert_eq!(form.status, StatusCode::OK);
    let category = between(&form.body, "<select id=\"category\"", "</select>");
    assert!(
        category.contains("<option value=\"\" selected>Escolha</option>"),
        "{category}"
    );
    assert!(!category.contains("value=\"delegado\" selected"));
    let delegates = between(&form.body, "<fieldset id=\"so-delegados\">", "</fieldset>");
    assert!(delegates.contains("<legend>Somente para delegados(as)</legend>"));
    for field in ["trust_position", "seat", "origin"] {
        assert!(delegates.contains(&format!("name=\"{field}\"")), "{field}");
    }
    assert!(form.body.contains("<script src=\"/static/inscricao.js\">"));
    let key = between(&form.body, "name=\"chave\" value=\"", "\"").to_owned();
    assert_eq!(key.len(), 32);
    let js = send(&app, get_maybe("/static/inscricao.js", None)).await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.body.contains("so-delegados"));

    // No category: 422, the message next to the field, nothing written.
    let before = count(&db).await;
    let person = [
        ("chave", key.as_str()),
        ("name", "Rita Convidada"),
        ("segment", "usuarios"),
        ("cpf", "529.982.247-25"),
        ("email", "rita@example.org"),
        ("needs", "libras"),
        ("needs_other", "Cão-guia no plenário"),
        ("seat", "titular"),
        ("origin", "indicado"),
        ("trust_position", "1"),
        ("consent", "1"),
    ];
    let refused = send(&app, post_form_maybe(&uri, None, &body(&person))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(
        "<p class=\"erro\" id=\"category-erro\">Escolha a categoria: delegado(a), convidado(a) ou observador(a)</p>"
    ));
    assert!(
        refused.body.contains(&format!("value=\"{key}\"")),
        "the key is kept"
    );
    assert_eq!(count(&db).await, before);

    // A guest: 303 to the receipt; the address holds a token, nothing personal.
    let mut guest = person.to_vec();
    guest.push(("category", "convidado"));
    let sent = send(&app, post_form_maybe(&uri, None, &body(&guest))).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let to = sent.header(header::LOCATION);
    let token = to
        .strip_prefix(&format!("/c/{SLUG}/inscricao/recibo/"))
        .unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    for leak in ["52998224725", "529.982", "Rita", "rita@"] {
        assert!(!to.contains(leak), "{leak} in {to}");
    }
    assert_eq!(count(&db).await, before + 1);
    let row = registration::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.name == "Rita Convidada")
        .unwrap();
    assert_eq!(
        (row.seat, row.origin, row.trust_position),
        (None, None, false)
    );

    // The receipt: never cached, no referrer, as often as reloaded, creating nothing.
    let receipt = send(&app, get_maybe(&to, None)).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert_eq!(receipt.header(header::CACHE_CONTROL), "no-store");
    assert_eq!(receipt.header(header::REFERRER_POLICY), "no-referrer");
    assert!(receipt.body.contains("<h1>Inscrição recebida</h1>"));
    assert!(receipt.body.contains(&row.code));
    assert!(receipt.body.contains("Outra: Cão-guia no plenário"));
    let reload = send(&app, get_maybe(&to, None)).await;
    assert_eq!(reload.body, receipt.body);
    assert_eq!(count(&db).await, before + 1);
    // The same form sent again (a reload of the POST): the same receipt, nothing new, no
    // "someone used your CPF" e-mail.
    let mails = mail_outbox::Entity::find().count(&db.conn).await.unwrap();
    let again = send(&app, post_form_maybe(&uri, None, &body(&guest))).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.header(header::LOCATION), to);
    assert_eq!(count(&db).await, before + 1);
    assert_eq!(
        mail_outbox::Entity::find().count(&db.conn).await.unwrap(),
        mails
    );
    // An unknown token: a page that says where the code is, 404.
    let gone = send(
        &app,
        get_maybe(
            &format!("/c/{SLUG}/inscricao/recibo/{}", "0".repeat(64)),
            None,
        ),
    )
    .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(
        gone.body
            .contains("Este comprovante não está disponível aqui")
    );

    // Staff see the typed need in the list, the needs page and at the desk.
    let com = cookie(&db, COMMISSION.0, COMMISSION.1).await;
    for path in [
        format!("/c/{SLUG}/gestao/inscricoes?q=Rita"),
        format!("/c/{SLUG}/gestao/necessidades"),
        format!("/c/{SLUG}/credenciamento?q=Rita+Convidada"),
    ] {
        let page = send(&app, get(&path, &com)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains("Cão-guia no plenário"), "{path}");
    }
});
