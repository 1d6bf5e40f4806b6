//! The state's orientation over HTTP on both databases, on the whole demo (whose state
//! conference of 2025 published one): the state commission's page and its 422 with every
//! problem next to its cell, the public page, and the municipal pages that show and use it
//! (elections with the state's table, the report's extra questions, the state's eixos).

use crate::support::{COMMISSION, cookie, get, get_maybe, post_form, send, send_body};
use axum::http::StatusCode;
use conferencia_web as web;
use testkit::both_dbs;

both_dbs!(
    the_state_publishes_and_the_municipality_sees_and_uses_it,
    |db| async move {
        app::demo::seed::seed_with_history(&db).await.unwrap();
        let app = web::router(db.clone());
        let state = app::demo::seed::STATE_2025_SLUG;
        let demo = app::demo::seed::DEMO_SLUG;
        let (login, pw, _) = app::demo::seed::DEMO_STATE_LOGIN;
        let ceas = cookie(&db, login, pw).await;

        // The state commission's page: the published table, the deadline, the questions.
        let (s, page) = send_body(&app, get(&format!("/c/{state}/gestao/orientacao"), &ceas)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains(
            r#"name="t_MEDIO_governo" type="number" min="0" inputmode="numeric" value="3""#
        ));
        assert!(page.contains("Publicar orientação"));
        assert!(page.contains(app::demo::seed::DEMO_QUESTIONS[0]));

        // A broken table: 422, the message next to its cell, what was typed kept, nothing changed.
        let mut body = String::new();
        for (porte, n) in [
            ("PP1", 2),
            ("PP2", 4),
            ("MEDIO", 6),
            ("GRANDE", 8),
            ("METROPOLE", 10),
        ] {
            let s = domain::elections::Seats::apportion(n).table();
            for (k, seg) in ["governo", "usuarios", "trabalhadores", "entidades"]
                .iter()
                .enumerate()
            {
                let t = if porte == "PP2" && *seg == "governo" {
                    5
                } else {
                    s[k].0
                };
                body.push_str(&format!("t_{porte}_{seg}={t}&s_{porte}_{seg}={}&", s[k].1));
            }
        }
        let refused = format!("{body}deadline=2025-13-40&questions=");
        let a = send(
            &app,
            post_form(&format!("/c/{state}/gestao/orientacao"), &ceas, &refused),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(a.body.contains(r#"<p class="erro" id="t_PP2_governo-erro">Pequeno Porte II: sem paridade nos titulares: 5 do governo e 2 da sociedade civil"#), "{}", a.body);
        assert!(a.body.contains(r#"name="t_PP2_governo" type="number" min="0" inputmode="numeric" value="5" aria-invalid="true""#));
        assert!(
            a.body
                .contains("o prazo de envio do relatório: data inválida")
        );
        let (_, public) = send_body(&app, get_maybe(&format!("/c/{state}/orientacao"), None)).await;
        assert!(
            public.contains(app::demo::seed::DEMO_QUESTIONS[0]),
            "nothing changed"
        );

        // Published again with one question: redirected, and the public page shows it.
        let ok = format!("{body}deadline=2025-09-30&questions=Quantos+CRAS+participaram%3F")
            .replace("t_PP2_governo=5", "t_PP2_governo=2");
        let a = send(
            &app,
            post_form(&format!("/c/{state}/gestao/orientacao"), &ceas, &ok),
        )
        .await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
        let (s, public) = send_body(&app, get_maybe(&format!("/c/{state}/orientacao"), None)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(public.contains("30/09/2025"));
        assert!(public.contains("Quantos CRAS participaram?"));
        assert!(public.contains("<th scope=\"row\">Médio Porte</th><td>3 / 3</td>"));

        // The municipal commission: the elections use the state's table, labelled as such.
        let com = cookie(&db, COMMISSION.0, COMMISSION.1).await;
        let (s, page) = send_body(&app, get(&format!("/c/{demo}/plenaria/eleicao"), &com)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("Vagas da Tabela do Conselho Estadual, publicada pela XV Conferência Estadual de Assistência Social de Minas Gerais, para Médio Porte."));
        assert!(!page.contains("Tabela de exemplo (dados de amostra"));
        assert!(
            page.contains(
                "<strong>6</strong> vaga(s) titular(es) e <strong>6</strong> suplente(s)"
            )
        );
        // The report asks the state's question; the eixos page offers the state's eixos.
        let (_, page) = send_body(&app, get(&format!("/c/{demo}/gestao/relatorio"), &com)).await;
        assert!(
            page.contains(r#"<label for="extra_1">Quantos CRAS participaram?</label>"#),
            "{page}"
        );
        let (_, page) = send_body(&app, get(&format!("/c/{demo}/gestao/eixos"), &com)).await;
        assert!(
            page.contains("Eixos da XV Conferência Estadual de Assistência Social de Minas Gerais")
        );
        assert!(
            page.contains("ajuste os eixos à mão"),
            "the demo's eixos carry proposals"
        );
        let (_, page) = send_body(&app, get(&format!("/c/{demo}/gestao"), &com)).await;
        assert!(page.contains("Prazo para enviar o relatório final: <strong>30/09/2025</strong>"));
        // The municipal commission may not edit the state's orientation.
        let (s, _) = send_body(&app, get(&format!("/c/{state}/gestao/orientacao"), &com)).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);
