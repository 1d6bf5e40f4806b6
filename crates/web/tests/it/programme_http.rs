//! The day's programme, the participant kit, "o que avançou" and the telão's pre-conference
//! results over HTTP, on both databases: the public pages and their links, the commission's
//! form given back with what was typed and each problem (422), the kit for the person (from
//! "meus dados", never cached) and for the desk.

use crate::support::{
    COMMISSION, between, cookie, get, get_maybe, post_form, post_form_maybe, send,
};
use axum::http::{StatusCode, header};
use conferencia_web as web;
use testkit::both_dbs;

const D: &str = "/c/para-de-minas-2025";

both_dbs!(programme_kit_and_results_over_http, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = cookie(&db, COMMISSION.0, COMMISSION.1).await;
    let app = web::router(db.clone());

    // Public: the conference page links the programme, which shows the demo's day.
    let page = send(&app, get_maybe(D, None)).await;
    assert!(page.body.contains(&format!("href=\"{D}/programacao\"")));
    let res = send(&app, get_maybe(&format!("{D}/programacao"), None)).await;
    assert_eq!(res.status, StatusCode::OK);
    for want in [
        "<h1>Programação</h1>",
        "03/07/2025",
        "08:30–09:15</time> · Mesa de abertura",
        "Palestrante: Profa. Dra. Helena Vasconcelos Prado, Assistente social",
        "Grupos de trabalho por eixo",
    ] {
        assert!(res.body.contains(want), "public programme lacks {want}");
    }
    assert_eq!(
        send(&app, get_maybe("/c/nao-existe/programacao", None))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The commission's editor: a refused form comes back as typed, each problem at its field.
    let res = send(&app, get(&format!("{D}/gestao/programacao"), &com)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body.contains("value=\"2025-07-03T08:00\""),
        "new item starts on the day"
    );
    let res = send(
        &app,
        post_form(
            &format!("{D}/gestao/programacao"),
            &com,
            "kind=keynote&title=Palestra+sobre+o+SUAS&starts_at=2025-07-04T10%3A00&speaker_role=Professora",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("value=\"Palestra sobre o SUAS\""));
    assert!(res.body.contains("value=\"Professora\""));
    assert!(
        res.body
            .contains("A atividade precisa ser no dia da conferência, 03/07/2025")
    );
    assert!(
        res.body
            .contains("Preencha o nome de quem faz a palestra magna")
    );
    assert!(res.body.contains("Nada foi salvo"));
    let res = send(
        &app,
        post_form(
            &format!("{D}/gestao/programacao"),
            &com,
            "kind=keynote&title=Palestra+sobre+o+SUAS&starts_at=2025-07-03T18%3A00&speaker_name=Ana+Paula+Reis&speaker_role=Professora",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.get(header::LOCATION).as_deref(),
        Some(&*format!("{D}/gestao/programacao?salvo=1"))
    );
    let res = send(&app, get_maybe(&format!("{D}/programacao"), None)).await;
    assert!(res.body.contains("18:00</time> · Palestra sobre o SUAS"));
    assert!(res.body.contains("Palestrante: Ana Paula Reis, Professora"));
    // The commission's menu lists the editor.
    let res = send(&app, get(&format!("{D}/gestao"), &com)).await;
    assert!(
        res.body
            .contains(&format!("href=\"{D}/gestao/programacao\""))
    );

    // The kit: from "meus dados" after the proof, never cached, a PDF.
    let res = send(
        &app,
        post_form(
            &format!("{D}/gestao/inscricoes/nova"),
            &com,
            "name=Maria+da+Concei%C3%A7%C3%A3o+Silva&category=delegado&segment=usuarios&cpf=111.444.777-35&consent=1",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let code = between(&res.body, "class=\"codigo\">", "<").to_owned();
    let res = send(
        &app,
        post_form_maybe(
            &format!("{D}/meus-dados"),
            None,
            &format!("codigo={code}&prova=111.444.777-35"),
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body
            .contains(&format!("action=\"{D}/meus-dados/kit.pdf\""))
    );
    let access = between(&res.body, "name=\"acesso\" value=\"", "\"").to_owned();
    let res = send(
        &app,
        post_form_maybe(
            &format!("{D}/meus-dados/kit.pdf"),
            None,
            &format!("acesso={access}"),
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(res.header(header::CACHE_CONTROL), "private, no-store");
    assert!(res.bytes.starts_with(b"%PDF"));
    assert!(
        res.header(header::CONTENT_DISPOSITION)
            .contains(&format!("kit-para-de-minas-2025-{code}.pdf"))
    );
    // A made-up token: back to the proof, 422, no PDF.
    let res = send(
        &app,
        post_form_maybe(&format!("{D}/meus-dados/kit.pdf"), None, "acesso=AAAA"),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!res.bytes.starts_with(b"%PDF"));

    // The desk's copy, linked from the list of registrations.
    let res = send(&app, get(&format!("{D}/gestao/inscricoes"), &com)).await;
    assert!(
        res.body
            .contains(&format!("href=\"{D}/gestao/inscricoes/{code}/kit.pdf\""))
    );
    let res = send(
        &app,
        get(&format!("{D}/gestao/inscricoes/{code}/kit.pdf"), &com),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.bytes.starts_with(b"%PDF"));

    // The telão shows the pre-conference results per territory (counts only).
    let res = send(&app, get_maybe(&format!("{D}/telao"), None)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body
            .contains("Resultados das pré-conferências por território")
    );
    let row = between(
        &res.body,
        "<th scope=\"row\">Território Centro</th>",
        "</tr>",
    );
    assert_eq!(
        row,
        "<td>2</td><td>2</td><td>53</td><td>0</td><td>1</td><td>1</td>"
    );
    assert!(!res.body.contains("Dalva Ramos"), "no names on the telão");

    // "O que avançou" without an earlier conference says so.
    let res = send(&app, get_maybe(&format!("{D}/o-que-avancou"), None)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body
            .contains("não tem deliberações de uma conferência anterior")
    );
});

both_dbs!(what_advanced_is_public, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let c = testkit::conference_by_slug(&db, app::demo::seed::DEMO_SLUG).await;
    app::demo::history::seed(&db, c.body_id).await.unwrap();
    let app = web::router(db.clone());
    let page = send(&app, get_maybe(D, None)).await;
    assert!(page.body.contains(&format!("href=\"{D}/o-que-avancou\"")));
    let res = send(&app, get_maybe(&format!("{D}/o-que-avancou"), None)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body
            .contains("href=\"/c/para-de-minas-2023/monitoramento\"")
    );
    assert!(res.body.contains("<strong>E1-M-1</strong>"));
    assert!(res.body.contains("Em andamento"));
});
