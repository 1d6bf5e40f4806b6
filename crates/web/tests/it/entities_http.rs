//! Municipalities over HTTP, on both databases: `GET /api/v1/entities/{ibge_code}` (population
//! and porte as JSON; problems for unknown and malformed codes), the porte form on `/admin`
//! (nothing preselected without a porte, a reason required, back to the IBGE porte), and finding
//! a municipality by name to register its council on `/admin/orgaos`.

use crate::support::{Answer, cookie, get, post_form, send};
use axum::http::{StatusCode, header};
use conferencia_web as web;
use testkit::both_dbs;

fn json(a: &Answer, status: StatusCode, ty: &str, what: &str) -> serde_json::Value {
    assert_eq!(a.status, status, "{what}: {}", a.body);
    assert_eq!(a.header(header::CONTENT_TYPE), ty, "{what}");
    serde_json::from_str(&a.body).expect(what)
}

both_dbs!(entity_api, |db| async move {
    app::demo::seed::seed(&db).await.unwrap();
    let app = web::router(db);
    // Public: no session needed.
    let a = send(&app, get("/api/v1/entities/3550308", "")).await;
    let v = json(&a, StatusCode::OK, "application/json", "São Paulo");
    assert_eq!(
        v,
        serde_json::json!({
            "ibge_code": "3550308",
            "name": "São Paulo",
            "uf": "SP",
            "population": 11451999,
            "population_year": 2022,
            "porte": "METROPOLE",
            "porte_label": "Metrópole",
            "porte_source": "population",
            "porte_reason": null
        })
    );
    // A UF, and the municipality the census does not have.
    let v = json(
        &send(&app, get("/api/v1/entities/35", "")).await,
        StatusCode::OK,
        "application/json",
        "SP",
    );
    assert_eq!(
        (v["name"].as_str(), v["population"].is_null()),
        (Some("São Paulo"), true)
    );
    let v = json(
        &send(&app, get("/api/v1/entities/5101837", "")).await,
        StatusCode::OK,
        "application/json",
        "Boa Esperança do Norte",
    );
    assert!(v["population"].is_null() && v["porte"].is_null() && v["porte_source"].is_null());

    // Unknown code: 404 problem naming the code.
    let v = json(
        &send(&app, get("/api/v1/entities/3199999", "")).await,
        StatusCode::NOT_FOUND,
        "application/problem+json",
        "unknown",
    );
    assert_eq!(v["title"], "Ente não encontrado");
    assert_eq!(
        v["detail"],
        "Não há município nem UF com o código IBGE 3199999."
    );
    // A code of the documented form whose UF does not exist: not found, like any unknown code.
    for unknown in ["00", "9999999"] {
        let v = json(
            &send(&app, get(&format!("/api/v1/entities/{unknown}"), "")).await,
            StatusCode::NOT_FOUND,
            "application/problem+json",
            unknown,
        );
        assert_eq!(v["title"], "Ente não encontrado", "{unknown}");
    }
    // Malformed codes: 422 problem with the field's error.
    for bad in ["abc", "0", "314710", "31471050", "%203147105"] {
        let v = json(
            &send(&app, get(&format!("/api/v1/entities/{bad}"), "")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "application/problem+json",
            bad,
        );
        assert_eq!(v["errors"][0]["field"], "ibge_code", "{bad}");
        assert!(
            v["errors"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with("Código IBGE inválido"),
            "{bad}: {v}"
        );
    }
    // A path that is not UTF-8: 400 problem.
    let v = json(
        &send(&app, get("/api/v1/entities/%FF", "")).await,
        StatusCode::BAD_REQUEST,
        "application/problem+json",
        "not UTF-8",
    );
    assert_eq!(v["status"], 400);
    // The document lists the operation.
    let doc = json(
        &send(&app, get("/api/v1/openapi.json", "")).await,
        StatusCode::OK,
        "application/json",
        "openapi",
    );
    assert_eq!(
        doc["paths"]["/api/v1/entities/{ibge_code}"]["get"]["operationId"],
        "getEntity"
    );
});

both_dbs!(porte_form_and_council_by_name, |db| async move {
    app::demo::seed::seed(&db).await.unwrap();
    let admin = cookie(&db, "admin@demo.conferencia.local", "demo-admin-2025").await;
    let app = web::router(db);

    // A municipality with a porte: it is shown and preselected. Without one: nothing is.
    let page = send(&app, get("/admin?q=itauna", &admin)).await.body;
    assert!(page.contains("Médio Porte <span class=\"dica\">(pela população (IBGE))</span>"));
    assert!(page.contains("<option value=\"MEDIO\" selected>Médio Porte</option>"));
    assert!(page.contains("97669 (2022)"));
    let page = send(&app, get("/admin?q=5101837", &admin)).await.body;
    assert!(page.contains("<option value=\"\" selected>Escolha o porte</option>"));
    assert!(!page.contains("<option value=\"PP1\" selected>"));

    // No reason: 422, the message next to this row's reason field, the chosen porte kept.
    let a = send(
        &app,
        post_form(
            "/admin/porte",
            &admin,
            "ibge_code=3133808&porte=GRANDE&reason=&q=itauna",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("id=\"motivo-3133808-erro\""));
    assert!(a.body.contains("Informe o motivo de definir o porte à mão"));
    assert!(
        a.body
            .contains("<option value=\"GRANDE\" selected>Grande Porte</option>")
    );

    // With a reason: saved, shown next to the porte, and a way back to the IBGE porte.
    let a = send(
        &app,
        post_form(
            "/admin/porte",
            &admin,
            "ibge_code=3133808&porte=GRANDE&reason=Estimativa+2025&q=itauna",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let page = send(&app, get("/admin?q=itauna", &admin)).await.body;
    assert!(page.contains("(definido pela administração: Estimativa 2025)"));
    assert!(page.contains("Voltar ao porte pela população (Médio Porte)"));
    let a = send(
        &app,
        post_form("/admin/porte/ibge", &admin, "ibge_code=3133808&q=itauna"),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let page = send(&app, get("/admin?q=itauna", &admin)).await.body;
    assert!(page.contains("Médio Porte <span class=\"dica\">(pela população (IBGE))</span>"));
    assert!(!page.contains("Voltar ao porte pela população"));

    // Registering a council: find the municipality by name, choose it, register.
    let page = send(&app, get("/admin/orgaos?municipio=BETIM", &admin))
        .await
        .body;
    assert!(page.contains("Betim/MG"), "{page}");
    assert!(page.contains("name=\"ibge_code\" value=\"3106705\""));
    let page = send(
        &app,
        get("/admin/orgaos?kind=cmas&ibge_code=3106705", &admin),
    )
    .await
    .body;
    assert!(page.contains("<strong>Betim/MG</strong>, população 411846 (2022), Grande Porte (pela população do IBGE)"), "{page}");
    assert!(page.contains("id=\"ibge_code\" name=\"ibge_code\" type=\"text\" value=\"3106705\""));
    let a = send(
        &app,
        post_form(
            "/admin/orgaos",
            &admin,
            "kind=cmas&ibge_code=3106705&region_id=&name=&acronym=",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let page = send(&app, get("/admin/orgaos", &admin)).await.body;
    assert!(page.contains("Conselho Municipal de Assistência Social de Betim"));
    let page = send(&app, get("/admin/orgaos?municipio=zzzz", &admin))
        .await
        .body;
    assert!(page.contains("Nenhum município encontrado para \"zzzz\"."));
    // A state council: the state is chosen by name, none preselected.
    assert!(page.contains(r#"<option value="">Escolha o estado</option>"#));
    assert!(
        page.contains(r#"<option value="52">Goiás (GO)</option>"#),
        "{page}"
    );
    let page = send(&app, get("/admin/orgaos?kind=ceas&ibge_code=52", &admin))
        .await
        .body;
    assert!(page.contains(r#"<option value="52" selected>Goiás (GO)</option>"#));
    assert!(page.contains("<strong>Goiás</strong>"), "{page}");
});
