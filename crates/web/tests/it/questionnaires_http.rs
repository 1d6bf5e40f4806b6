//! Mobilization questionnaires over HTTP on both databases: the unit a public
//! link carries (kept as a hidden field, an unknown one ignored), the singular address, the
//! printed forms (422 with the values kept, or a PDF), the second typing's refusal, the results'
//! filter and the per-unit CSV.

use crate::support::{get, post_form};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conferencia_web as web;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{questionnaire_response, unit};
use testkit::both_dbs;

const SLUG: &str = "para-de-minas-2025";

struct Res {
    status: StatusCode,
    location: String,
    content_type: String,
    body: String,
}

async fn send(app: &axum::Router, req: Request<Body>) -> Res {
    let a = crate::support::send(app, req).await;
    Res {
        status: a.status,
        location: a.header(header::LOCATION),
        content_type: a.header(header::CONTENT_TYPE),
        body: a.body,
    }
}

async fn login(db: &app::Db, login: &str, pw: &str) -> (String, app::platform::auth::Me) {
    match app::platform::accounts::login(db, login, pw).await.unwrap() {
        app::platform::accounts::LoginOutcome::Ok(t) => (
            format!("sid={t}"),
            app::platform::auth::me(db, Some(&t))
                .await
                .unwrap()
                .unwrap(),
        ),
        _ => panic!("login failed"),
    }
}

both_dbs!(mobilization_pages_over_http, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let (com_cookie, com) =
        login(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let (art_cookie, _) = login(&db, "articulador.cras.centro", "demo-articulador-2025").await;
    let id = app::mobilization::questionnaires::create(
        &db,
        Some(&com),
        SLUG,
        &app::mobilization::questionnaires::NewInput {
            title: "Escuta".into(),
            purpose: "mobilization".into(),
            identified: false,
            template: false,
        },
    )
    .await
    .unwrap();
    app::mobilization::questionnaires::add_question(
        &db,
        Some(&com),
        SLUG,
        &id.to_string(),
        &app::mobilization::questionnaires::QuestionInput {
            kind: "single".into(),
            text: "Conhece o CRAS?".into(),
            options: "Sim\nNão".into(),
            required: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    app::mobilization::questionnaires::set_status(&db, Some(&com), SLUG, &id.to_string(), "open")
        .await
        .unwrap();
    let centro = unit::Entity::find()
        .filter(unit::Column::Name.eq("CRAS Centro"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let app = web::router(db.clone());
    let public = format!("/c/{SLUG}/questionarios/{id}");

    // The link's unit: a hidden field and its name; the singular address sends there.
    let r = send(
        &app,
        get(
            &format!("/c/{SLUG}/questionario/{id}?unidade={}", centro.id),
            "",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.location, format!("{public}?unidade={}", centro.id));
    let r = send(&app, get(&r.location, "")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&format!(
        "<input type=\"hidden\" name=\"unidade\" value=\"{}\">",
        centro.id
    )));
    assert!(
        r.body
            .contains("contam para a unidade <strong>CRAS Centro</strong>")
    );
    assert!(!r.body.contains("Sua unidade de referência"));
    // An unknown unit is ignored: the person may choose theirs.
    let r = send(
        &app,
        get(&format!("{public}?unidade={}", uuid::Uuid::now_v7()), ""),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("type=\"hidden\" name=\"unidade\""));
    assert!(r.body.contains("Sua unidade de referência (opcional)"));
    // A missing answer: 422 with the unit kept; then stored for the unit.
    let r = send(
        &app,
        post_form(&public, "", &format!("unidade={}", centro.id)),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains(&format!("name=\"unidade\" value=\"{}\"", centro.id))
    );
    let r = send(
        &app,
        post_form(&public, "", &format!("unidade={}&q0=1", centro.id)),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let stored = questionnaire_response::Entity::find()
        .filter(questionnaire_response::Column::QuestionnaireId.eq(id))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.unit_id, Some(centro.id));

    // Printed forms: 422 on the paper page with the values kept, or the PDF.
    let base = format!("/c/{SLUG}/gestao/questionarios/{id}");
    let r = send(
        &app,
        get(
            &format!("{base}/formularios.pdf?inicio=0&quantidade=501&unidade="),
            &art_cookie,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("O primeiro número deve ser um número inteiro de 1 a 999999")
    );
    assert!(
        r.body
            .contains("A quantidade deve ser um número inteiro de 1 a 500 formulários")
    );
    assert!(
        r.body
            .contains("name=\"quantidade\" type=\"text\" value=\"501\"")
    );
    let r = send(
        &app,
        get(
            &format!(
                "{base}/formularios.pdf?inicio=3&quantidade=2&unidade={}",
                centro.id
            ),
            &art_cookie,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "application/pdf");
    assert!(r.body.starts_with("%PDF"));
    let r = send(
        &app,
        get(&format!("{base}/formularios.pdf?quantidade=2"), ""),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // A second typing of a form never typed: 422, the number kept.
    let r = send(
        &app,
        post_form(
            &format!("{base}/conferencia"),
            &art_cookie,
            "form_number=9&q0=0",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("O formulário nº 9 ainda não foi digitado: digite-o primeiro")
    );
    assert!(r.body.contains("value=\"9\""));

    // Results: a filter naming no unit is refused; the per-unit CSV.
    let r = send(
        &app,
        get(&format!("{base}/resultados?unidade=xyz"), &com_cookie),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Escolha uma das unidades da lista"));
    let r = send(
        &app,
        get(
            &format!("{base}/resultados?unidade={}", centro.id),
            &com_cookie,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("<strong>1</strong> resposta(s) de CRAS Centro (de 1 no total)")
    );
    let r = send(
        &app,
        get(&format!("{base}/resultados/unidades.csv"), &com_cookie),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/csv"));
    assert!(r.body.contains("Território Centro;CRAS Centro;1"));
});
