//! What each category may do, over HTTP on both databases: the staff form (422 keeps the values
//! and ties each problem to its field), and the rights on the registration forms, the conference
//! page and the JSON API.

use crate::support::{cookie, get, post_form, send_location as send};
use axum::http::StatusCode;
use conferencia_web as web;
use testkit::both_dbs;

const FORM: &str = "/c/para-de-minas-2025/gestao/categorias";

both_dbs!(
    refused_form_keeps_values_and_saved_rights_show,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await;
        let r = web::router(db);

        // The defaults, and the link in the staff navigation.
        let (s, _, page) = send(&r, get(FORM, &com)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("href=\"/c/para-de-minas-2025/gestao/categorias\""));
        assert!(page.contains("id=\"delegado_vote\" name=\"delegado_vote\" value=\"1\" checked"));
        assert!(page.contains("id=\"convidado_vote\" name=\"convidado_vote\" value=\"1\">"));
        // The demo's regimento (art. 5) gives observers a voice: set by the seed.
        assert!(
            page.contains("id=\"observador_voice\" name=\"observador_voice\" value=\"1\" checked>")
        );
        // (The demo's registration window is closed, so the forms are seen through the assisted one;
        // both take the categories from `participants::form_context`.)
        let assisted = "/c/para-de-minas-2025/gestao/inscricoes/nova";
        let (_, _, form) = send(&r, get(assisted, &com)).await;
        assert!(form.contains(">Convidado(a): voz</option>"));
        assert!(form.contains(">Observador(a): voz</option>"));

        // Observers with a vote and no voice, and the delegates without the vote: 422, nothing saved,
        // every value back as it was typed.
        let (s, _, page) = send(
        &r,
        post_form(
            FORM,
            &com,
            "delegado_voice=1&delegado_note=at%C3%A9+20+vagas&convidado_voice=1&observador_vote=1&observador_note=s%C3%B3+na+plen%C3%A1ria",
        ),
    )
    .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("role=\"alert\""));
        assert!(page.contains("Corrija os 2 problemas abaixo"));
        assert!(page.contains("href=\"#delegado_vote\""));
        assert!(page.contains(
        "id=\"observador_voice\" name=\"observador_voice\" value=\"1\" aria-invalid=\"true\" aria-describedby=\"observador_voice-erro\">"
    ));
        assert!(page.contains(
            "id=\"delegado_vote\" name=\"delegado_vote\" value=\"1\" aria-invalid=\"true\""
        ));
        assert!(
            page.contains("id=\"observador_vote\" name=\"observador_vote\" value=\"1\" checked>")
        );
        assert!(page.contains("value=\"até 20 vagas\""));
        assert!(page.contains("value=\"só na plenária\""));
        let (_, _, form) = send(&r, get(assisted, &com)).await;
        assert!(form.contains(">Observador(a): voz</option>"));

        // Saved: a note for the delegates, guests may be elected; the forms, the conference page and
        // the API say so.
        let (s, loc, _) = send(
        &r,
        post_form(
            FORM,
            &com,
            "delegado_voice=1&delegado_vote=1&delegado_may_be_elected=1&delegado_note=at%C3%A9+20+vagas&convidado_voice=1&convidado_may_be_elected=1&observador_voice=1",
        ),
    )
    .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(
            loc.as_deref(),
            Some("/c/para-de-minas-2025/gestao/categorias?salvo=1")
        );
        let (_, _, page) = send(&r, get(&format!("{FORM}?salvo=1"), &com)).await;
        assert!(page.contains("Categorias salvas."));
        assert!(
            page.contains("id=\"observador_voice\" name=\"observador_voice\" value=\"1\" checked>")
        );
        let (_, _, form) = send(&r, get(assisted, &com)).await;
        assert!(form.contains(">Observador(a): voz</option>"));
        assert!(form.contains(
        ">Delegado(a): voz e voto; pode ser eleito(a) delegado(a) para a etapa seguinte (até 20 vagas)</option>"
    ));
        assert!(form.contains(
            ">Convidado(a): voz; pode ser eleito(a) delegado(a) para a etapa seguinte</option>"
        ));
        let (_, _, conf) = send(&r, get("/c/para-de-minas-2025", "")).await;
        assert!(conf.contains("Quem participa e como"));
        assert!(conf.contains("<strong>Observador(a)</strong>: voz."));
        let (s, _, json) = send(&r, get("/api/v1/conferences/para-de-minas-2025", "")).await;
        assert_eq!(s, StatusCode::OK);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let cats = v["categories"].as_array().unwrap();
        assert_eq!(cats.len(), 3);
        assert_eq!(cats[2]["category"], "observador");
        assert_eq!(cats[2]["voice"], true);
        assert_eq!(cats[2]["vote"], false);
        assert_eq!(cats[0]["note"], "até 20 vagas");
        assert_eq!(cats[1]["may_be_elected"], true);
        let (_, _, spec) = send(&r, get("/api/v1/openapi.json", "")).await;
        assert!(spec.contains("\"CategoryRights\""));
    }
);
