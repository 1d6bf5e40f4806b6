//! JSON API, version 1, and its OpenAPI document.

use crate::{AppState, WebError};
use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

#[derive(serde::Deserialize)]
pub struct ListQuery {
    q: Option<String>,
}

pub async fn conferences(
    State(s): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let list = app::public::list_conferences(&s.db, q.q.as_deref()).await?;
    Ok(Json(json!({ "conferences": list })).into_response())
}

pub async fn conference(State(s): State<AppState>, Path(slug): Path<String>) -> Response {
    match app::public::conference_page(&s.db, &slug).await {
        Ok(p) => Json(p).into_response(),
        Err(store::Error::NotFound) => (
            StatusCode::NOT_FOUND,
            Json(json!({ "type": "about:blank", "title": "Conferência não encontrada", "status": 404 })),
        )
            .into_response(),
        Err(e) => WebError::from(e).into_response(),
    }
}

/// A refusal as an RFC 9457 problem, with the field errors in pt-BR when the input was bad.
fn problem(f: app::Fail) -> Response {
    let (status, title, errors) = match f {
        app::Fail::Invalid(i) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Dados inválidos",
            serde_json::to_value(&i.0).unwrap_or_default(),
        ),
        app::Fail::NeedsLogin => (
            StatusCode::UNAUTHORIZED,
            "Entre com uma conta da equipe (cookie de sessão de POST /entrar)",
            json!([]),
        ),
        app::Fail::Forbidden => (
            StatusCode::FORBIDDEN,
            "Sua conta não tem permissão para isto",
            json!([]),
        ),
        app::Fail::NotFound => (StatusCode::NOT_FOUND, "Não encontrado", json!([])),
        app::Fail::Store(e) => return WebError::from(e).into_response(),
    };
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/problem+json")],
        Json(json!({ "type": "about:blank", "title": title, "status": status.as_u16(), "errors": errors })),
    )
        .into_response()
}

/// Body of `POST /api/v1/conferences/{slug}/registrations` (self-registration; the window applies).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RegistrationBody {
    name: String,
    social_name: String,
    category: String,
    segment: String,
    seat: String,
    cpf: String,
    email: String,
    phone: String,
    trust_position: bool,
    preferred_eixo: String,
    needs: Vec<String>,
    quotas: Vec<String>,
    consent: bool,
    sensitive_consent: bool,
}

pub async fn register(
    State(s): State<AppState>,
    Path(slug): Path<String>,
    Json(b): Json<RegistrationBody>,
) -> Response {
    let input = app::participants::RegistrationInput {
        name: b.name,
        social_name: b.social_name,
        category: b.category,
        segment: b.segment,
        seat: b.seat,
        cpf: b.cpf,
        email: b.email,
        phone: b.phone,
        trust_position: b.trust_position,
        preferred_eixo: b.preferred_eixo,
        needs: b.needs,
        quotas: b.quotas,
        consent: b.consent,
        sensitive_consent: b.sensitive_consent,
        ..Default::default()
    };
    match app::participants::register(
        &s.db,
        None,
        &slug,
        &input,
        app::participants::Source::SelfService,
    )
    .await
    {
        Ok(r) => (StatusCode::CREATED, Json(r)).into_response(),
        Err(f) => problem(f),
    }
}

#[derive(serde::Deserialize)]
pub struct CheckinBody {
    code: String,
    #[serde(default)]
    replaces: Option<String>,
}

/// `POST /api/v1/conferences/{slug}/checkins`: a scripted check-in station (staff session cookie).
pub async fn checkin(
    State(s): State<AppState>,
    h: axum::http::HeaderMap,
    Path(slug): Path<String>,
    Json(b): Json<CheckinBody>,
) -> Result<Response, WebError> {
    let me = crate::setup::me(&s, &h).await?;
    Ok(
        match app::credentialing::check_in(
            &s.db,
            me.as_ref(),
            &slug,
            &b.code,
            b.replaces.as_deref(),
            app::credentialing::Method::Api,
        )
        .await
        {
            Ok(c) => (StatusCode::CREATED, Json(c)).into_response(),
            Err(f) => problem(f),
        },
    )
}

/// `POST /api/v1/conferences/{slug}/checkouts`: the person left the plenary (a return is a
/// check-in again).
pub async fn checkout(
    State(s): State<AppState>,
    h: axum::http::HeaderMap,
    Path(slug): Path<String>,
    Json(b): Json<CheckinBody>,
) -> Result<Response, WebError> {
    let me = crate::setup::me(&s, &h).await?;
    Ok(
        match app::credentialing::check_out(
            &s.db,
            me.as_ref(),
            &slug,
            &b.code,
            app::credentialing::Method::Api,
        )
        .await
        {
            Ok(c) => (StatusCode::CREATED, Json(c)).into_response(),
            Err(f) => problem(f),
        },
    )
}

/// `GET /api/v1/conferences/{slug}/checkins/counters`.
pub async fn counters(
    State(s): State<AppState>,
    h: axum::http::HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = crate::setup::me(&s, &h).await?;
    Ok(
        match app::credentialing::counters(&s.db, me.as_ref(), &slug).await {
            Ok(c) => Json(c).into_response(),
            Err(f) => problem(f),
        },
    )
}

pub async fn openapi() -> Response {
    Json(json!({
        "openapi": "3.1.0",
        "info": { "title": "conferencia API", "version": "1", "description": "Dados públicos das conferências de assistência social." },
        "paths": {
            "/api/v1/conferences": { "get": {
                "summary": "Lista as conferências, mais recentes primeiro",
                "parameters": [{ "name": "q", "in": "query", "required": false, "schema": { "type": "string" },
                                 "description": "Filtra por município ou título, sem diferenciar acentos e maiúsculas" }],
                "responses": { "200": { "description": "Lista", "content": { "application/json": { "schema": {
                    "type": "object", "properties": { "conferences": { "type": "array", "items": { "$ref": "#/components/schemas/ConferenceSummary" } } } } } } } }
            } },
            "/api/v1/conferences/{slug}": { "get": {
                "summary": "Dados públicos de uma conferência: tema, eixos, calendário e alterações, e o que cada categoria de participante pode fazer",
                "parameters": [{ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "Conferência", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ConferencePage" } } } },
                    "404": { "description": "Não encontrada", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
                }
            } },
            "/api/v1/conferences/{slug}/registrations": { "post": {
                "summary": "Inscrição própria (só no período de inscrições da conferência)",
                "parameters": [{ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["name", "category", "consent"], "properties": {
                    "name": { "type": "string" }, "social_name": { "type": "string" },
                    "category": { "type": "string", "enum": ["delegado", "convidado", "observador"] },
                    "segment": { "type": "string", "enum": ["governo", "usuarios", "trabalhadores", "entidades"] },
                    "seat": { "type": "string", "enum": ["titular", "suplente"] },
                    "cpf": { "type": "string", "description": "Opcional; validado pelos dígitos verificadores; único por conferência" },
                    "email": { "type": "string" }, "phone": { "type": "string" },
                    "trust_position": { "type": "boolean", "description": "Cargo comissionado, de direção ou de confiança (proíbe o segmento trabalhadores)" },
                    "preferred_eixo": { "type": "string", "format": "uuid", "description": "Opcional: o eixo (id) em que a pessoa quer participar do grupo de trabalho; vazio = tanto faz" },
                    "needs": { "type": "array", "items": { "type": "string", "enum": ["libras", "audiodescricao", "fonte_ampliada", "braille", "local_acessivel", "acompanhante", "alimentacao"] } },
                    "quotas": { "type": "array", "items": { "type": "string" }, "description": "Autodeclaração (Res. CNAS/MDS 187/2025): dado sensível; exige sensitive_consent" },
                    "consent": { "type": "boolean" }, "sensitive_consent": { "type": "boolean" } } } } } },
                "responses": {
                    "201": { "description": "Comprovante com o código de inscrição", "content": { "application/json": { "schema": { "type": "object", "properties": { "code": { "type": "string" }, "display_name": { "type": "string" }, "category_label": { "type": "string" } } } } } },
                    "422": { "description": "Dados inválidos ou inscrições fechadas", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
                }
            } },
            "/api/v1/conferences/{slug}/checkins": { "post": {
                "summary": "Credencia pelo código de inscrição (equipe de credenciamento; cookie de sessão)",
                "parameters": [{ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["code"], "properties": {
                    "code": { "type": "string", "description": "Como K7Q4-MZP9; maiúsculas e espaços tanto faz" },
                    "replaces": { "type": "string", "description": "Código do(a) titular ausente, quando um(a) suplente entra no lugar; sem ele (ou \"ninguem\"), suplente fica só com voz" } } } } } },
                "responses": {
                    "201": { "description": "Credenciado(a)", "content": { "application/json": { "schema": { "type": "object" } } } },
                    "401": { "description": "Sem sessão", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                    "403": { "description": "Sem o papel de credenciamento", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                    "422": { "description": "Código inválido, já credenciado(a) hoje, fora do horário", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
                }
            } },
            "/api/v1/conferences/{slug}/checkouts": { "post": {
                "summary": "Registra a saída da plenária (equipe de credenciamento; cookie de sessão). A volta é um novo credenciamento em /checkins",
                "parameters": [{ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["code"], "properties": {
                    "code": { "type": "string", "description": "Como K7Q4-MZP9; maiúsculas e espaços tanto faz" } } } } } },
                "responses": {
                    "201": { "description": "Saída registrada", "content": { "application/json": { "schema": { "type": "object" } } } },
                    "401": { "description": "Sem sessão", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                    "403": { "description": "Sem o papel de credenciamento", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                    "404": { "description": "Conferência não encontrada", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                    "422": { "description": "Código inválido, não credenciado(a) hoje ou já saiu", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
                }
            } },
            "/api/v1/conferences/{slug}/checkins/counters": { "get": {
                "summary": "Presentes hoje por categoria e segmento (base do quórum)",
                "parameters": [{ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": { "description": "Contadores", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "day": { "type": "string" }, "total": { "type": "integer" }, "delegates": { "type": "integer" }, "registered_delegates": { "type": "integer" } } } } } } }
            } }
        },
        "components": { "schemas": {
            "ConferenceSummary": { "type": "object", "required": ["slug", "title", "level", "place_name", "cycle_year", "starts_on", "ends_on"], "properties": {
                "slug": { "type": "string" }, "title": { "type": "string" }, "level": { "type": "string", "enum": ["municipal", "regional", "estadual", "nacional"] },
                "level_label": { "type": "string" }, "place_name": { "type": "string" }, "cycle_year": { "type": "integer" },
                "starts_on": { "type": "string", "format": "date" }, "ends_on": { "type": "string", "format": "date" } } },
            "ConferencePage": { "type": "object", "properties": {
                "summary": { "$ref": "#/components/schemas/ConferenceSummary" }, "body_name": { "type": "string" }, "edition": { "type": "integer" },
                "theme": { "type": "string" }, "lema": { "type": ["string", "null"] }, "format_label": { "type": "string" },
                "venue": { "type": ["string", "null"] }, "venue_address": { "type": ["string", "null"] }, "time_zone": { "type": "string" },
                "eixos": { "type": "array", "items": { "type": "object", "properties": { "number": { "type": "integer" }, "title": { "type": "string" }, "questions": { "type": "array", "items": { "type": "string" } } } } },
                "stages": { "type": "array", "items": { "type": "object" } }, "changes": { "type": "array", "items": { "type": "object" } },
                "convocation": { "oneOf": [{ "type": "null" }, { "type": "object", "properties": {
                    "act_label": { "type": "string" }, "number": { "type": "string" }, "signed_on": { "type": "string", "format": "date" },
                    "signatories": { "type": "array", "items": { "type": "string" } }, "published_in": { "type": ["string", "null"] },
                    "has_file": { "type": "boolean", "description": "PDF at /c/{slug}/convocacao.pdf" }, "file_size_kb": { "type": ["integer", "null"] } } }] },
                "commission": { "type": "object", "properties": {
                    "members": { "type": "array", "items": { "type": "object", "properties": { "name": { "type": "string" }, "side": { "type": "string", "enum": ["government", "civil_society"] }, "side_label": { "type": "string" }, "represents": { "type": "string" }, "duty": { "type": ["string", "null"] } } } },
                    "parity_holds": { "type": "boolean" }, "parity_text": { "type": "string" } } },
                "documents": { "type": "array", "items": { "type": "object", "properties": { "title": { "type": "string" }, "kind_label": { "type": "string" }, "is_video": { "type": "boolean" }, "url": { "type": "string", "format": "uri" }, "description": { "type": ["string", "null"] } } } },
                "regimento_articles": { "type": "integer", "description": "Articles of the draft regimento, at /c/{slug}/regimento" },
                "registration_open": { "type": "boolean" },
                "categories": { "type": "array", "description": "O que cada categoria pode fazer nesta conferência (definido pela comissão; sem definição valem os padrões: delegado(a) voz e voto, convidado(a) voz, observador(a) sem voz e sem voto)",
                    "items": { "$ref": "#/components/schemas/CategoryRights" } } } },
            "CategoryRights": { "type": "object", "required": ["category", "label", "voice", "vote", "may_be_elected", "note", "rights_text", "description", "is_default"], "properties": {
                "category": { "type": "string", "enum": ["delegado", "convidado", "observador"] }, "label": { "type": "string" },
                "voice": { "type": "boolean", "description": "Voz" }, "vote": { "type": "boolean", "description": "Voto (exige voz)" },
                "may_be_elected": { "type": "boolean", "description": "Pode ser eleito(a) delegado(a) para a etapa seguinte" },
                "note": { "type": ["string", "null"], "description": "Observação curta, como \"até 20 vagas\"" },
                "rights_text": { "type": "string" }, "description": { "type": "string", "description": "Como aparece no formulário de inscrição" },
                "is_default": { "type": "boolean", "description": "A conferência ainda não definiu esta categoria" } } },
            "Problem": { "type": "object", "properties": { "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" },
                "errors": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "message": { "type": "string" } } } } } }
        } }
    }))
    .into_response()
}
