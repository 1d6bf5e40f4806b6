//! Admin pages over HTTP, on both databases: a refused form is a 422 that keeps the values, the
//! temporary password page is not cached, and a temporary password must be replaced before any
//! staff page opens.

use crate::support::{get, post_form_maybe as post, send_headers as send};
use axum::http::{StatusCode, header};
use conferencia_web as web;
use testkit::both_dbs;

fn sid(h: &axum::http::HeaderMap) -> String {
    h[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

both_dbs!(temporary_password_flow, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let app = web::router(db);
    let (s, h, _) = send(
        &app,
        post(
            "/entrar",
            None,
            "login=secretaria%40demo.conferencia.local&password=demo-secretaria-2025",
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let sec = sid(&h);

    // A refused grant: 422, the typed values kept, the message next to the field.
    let (s, _, page) = send(
        &app,
        post(
            "/c/para-de-minas-2025/gestao/papeis",
            Some(&sec),
            "role=territorial_articulator&unit_id=&username=pedro.alves&name=Pedro+Alves",
        ),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Escolha a unidade"));
    assert!(page.contains("value=\"pedro.alves\"") && page.contains("value=\"Pedro Alves\""));

    // Granted: the temporary password is on this page only, which is not cached.
    let (s, h, page) = send(
        &app,
        post(
            "/c/para-de-minas-2025/gestao/papeis",
            Some(&sec),
            "role=participant&username=pedro.alves&name=Pedro+Alves",
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h[header::CACHE_CONTROL], "no-store");
    let pw = page
        .split("class=\"senha-provisoria\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(pw.split('-').count(), 4, "{pw}");
    let (_, _, again) = send(&app, get("/c/para-de-minas-2025/gestao/papeis", &sec)).await;
    assert!(!again.contains(&pw) && again.contains("pedro.alves"));

    // First login: straight to the password change; other pages send there too.
    let (s, h, _) = send(
        &app,
        post(
            "/entrar",
            None,
            &format!("login=pedro.alves&password={pw}&volta=%2Fpainel"),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(h[header::LOCATION], "/senha/trocar");
    let pedro = sid(&h);
    for path in ["/painel", "/c/para-de-minas-2025/gestao", "/admin"] {
        let (s, h, _) = send(&app, get(path, &pedro)).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(h[header::LOCATION], "/senha/trocar", "{path}");
    }
    let (s, _, page) = send(&app, get("/senha/trocar", &pedro)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Crie a sua senha") && page.contains("Senha provisória"));
    let (s, _, page) = send(
        &app,
        post(
            "/senha/trocar",
            Some(&pedro),
            &format!("current={pw}&password=uma+senha+nova&confirm=outra+senha"),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("As duas senhas não são iguais"));
    let (s, h, _) = send(
        &app,
        post(
            "/senha/trocar",
            Some(&pedro),
            &format!("current={pw}&password=uma+senha+nova&confirm=uma+senha+nova"),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(h[header::LOCATION], "/painel");
    let (s, _, page) = send(&app, get("/painel", &pedro)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Participante"));
    assert!(
        !page.contains("href=\"/admin\""),
        "no admin link for a participant"
    );
    let (s, h, _) = send(
        &app,
        post(
            "/entrar",
            None,
            "login=admin%40demo.conferencia.local&password=demo-admin-2025",
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, _, page) = send(&app, get("/painel", &sid(&h))).await;
    assert!(page.contains("href=\"/admin\""), "the admin sees the link");
});
