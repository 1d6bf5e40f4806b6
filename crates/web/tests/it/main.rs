//! The integration tests of conferencia-web, one binary (one link) for all of them.

mod admin;
mod api_problems;
mod authz_matrix;
mod badges_http;
mod categories_http;
mod entities_http;
mod hardening_http;
mod http;
mod import_http;
mod injection_http;
mod my_data_http;
mod network_http;
mod offline_desk_http;
mod orientation_http;
mod password_reset;
mod personal_data_http;
mod phone_http;
mod programme_http;
mod questionnaires_http;
mod registration_http;
mod setup_http;
mod support;
mod vlibras;
