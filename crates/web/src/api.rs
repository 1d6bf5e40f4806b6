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
                "summary": "Dados públicos de uma conferência: tema, eixos, calendário e alterações",
                "parameters": [{ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "Conferência", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ConferencePage" } } } },
                    "404": { "description": "Não encontrada", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
                }
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
                "stages": { "type": "array", "items": { "type": "object" } }, "changes": { "type": "array", "items": { "type": "object" } } } },
            "Problem": { "type": "object", "properties": { "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" } } }
        } }
    }))
    .into_response()
}
