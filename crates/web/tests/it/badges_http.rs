//! Badges, attendance lists and certificates over HTTP on both databases: who may download,
//! content types, 422 pages, the public verification page.

use crate::support::{cookie, get, post_form};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use testkit::both_dbs;

struct Res {
    status: StatusCode,
    location: Option<String>,
    content_type: String,
    body: Vec<u8>,
}

impl Res {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send(app: &axum::Router, req: Request<Body>) -> Res {
    let a = crate::support::send(app, req).await;
    Res {
        status: a.status,
        location: a.get(header::LOCATION),
        content_type: a.header(header::CONTENT_TYPE),
        body: a.bytes,
    }
}

const BASE: &str = "/c/para-de-minas-2025/gestao";

both_dbs!(badges_and_lists_over_http, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let art = cookie(&db, "articulador.cras.centro", "demo-articulador-2025").await;
    let r = web::router(db.clone());
    let res = send(
        &r,
        post_form(
            &format!("{BASE}/inscricoes/nova"),
            &com,
            "name=Rita+de+C%C3%A1ssia&category=delegado&segment=trabalhadores&consent=on",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let code = {
        use sea_orm::EntityTrait;
        store::entities::registration::Entity::find()
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap()
            .code
    };
    let url = format!("{BASE}/crachas.pdf?codigos={code}");
    // Anonymous: to the login page, and back here after.
    let res = send(&r, get(&url, "")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location.unwrap().starts_with("/entrar"));
    // An articulator registers people but does not print badges.
    assert_eq!(
        send(&r, get(&url, &art)).await.status,
        StatusCode::FORBIDDEN
    );
    let res = send(&r, get(&url, &com)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.content_type, "application/pdf");
    assert!(res.body.starts_with(b"%PDF"));
    // A bad code: the page again with the reason, 422.
    let res = send(&r, get(&format!("{BASE}/crachas.pdf?codigos=ZZ"), &com)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().contains("Códigos de inscrição inválidos"));
    // The page with the forms, and the attendance list of the first day.
    let res = send(&r, get(&format!("{BASE}/impressos"), &com)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.text().contains("Lista de presença"));
    let res = send(
        &r,
        get(&format!("{BASE}/presenca.pdf?dia=2025-07-03"), &com),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.content_type, "application/pdf");
    let res = send(
        &r,
        get(&format!("{BASE}/presenca.pdf?dia=2030-01-01"), &com),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Certificates: nobody credentialed, so the form says so with 422.
    let res = send(
        &r,
        post_form(&format!("{BASE}/certificados"), &com, "horas=8"),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().contains("pelo menos um dia"));
    assert_eq!(
        send(
            &r,
            post_form(&format!("{BASE}/certificados"), &art, "horas=8")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
});

both_dbs!(certificate_verification_page, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let r = web::router(db.clone());
    send(
        &r,
        post_form(
            &format!("{BASE}/inscricoes/nova"),
            &com,
            "name=Rita+de+C%C3%A1ssia&social_name=Rita+Flor&category=convidado&cpf=111.444.777-35&consent=on",
        ),
    )
    .await;
    {
        use sea_orm::{ActiveValue::Set, EntityTrait};
        let reg = store::entities::registration::Entity::find()
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        store::entities::checkin::Entity::insert(store::entities::checkin::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            conference_id: Set(reg.conference_id),
            registration_id: Set(reg.id),
            day: Set(chrono::NaiveDate::from_ymd_opt(2025, 7, 3).unwrap()),
            checked_at: Set(chrono::Utc::now()),
            checked_by: Set(None),
            replaces_registration_id: Set(None),
            method: Set("code".into()),
        })
        .exec(&db.conn)
        .await
        .unwrap();
    }
    let res = send(
        &r,
        post_form(&format!("{BASE}/certificados"), &com, "horas=4"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let page = send(&r, get(&format!("{BASE}/certificados"), &com))
        .await
        .text();
    let at = page.find("/certificados/").unwrap() + "/certificados/".len();
    let code = page[at..at + 14].to_owned();
    // Public: no login needed.
    let res = send(&r, get(&format!("/verificar?codigo={code}"), "")).await;
    assert_eq!(res.status, StatusCode::OK);
    let t = res.text();
    assert!(t.contains("Certificado válido") && t.contains("Rita Flor") && t.contains("4 horas"));
    assert!(
        !t.contains("444.777") && !t.contains("11144477735"),
        "no CPF"
    );
    let res = send(&r, get("/verificar?codigo=ZZZZ-ZZZZ-ZZZZ", "")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.text().contains("Nenhum certificado com este código"));
    assert_eq!(send(&r, get("/verificar", "")).await.status, StatusCode::OK);
    let res = send(&r, get(&format!("/certificados/{code}.pdf"), "")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.content_type, "application/pdf");
    assert_eq!(
        send(&r, get("/certificados/ZZZZ-ZZZZ-ZZZZ.pdf", ""))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
});
