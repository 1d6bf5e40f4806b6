//! HTTP: pages (askama, pt-BR), the JSON API under `/api/v1`, health and metrics.
//!
//! Request flow: router → middleware (metrics, CSRF origin check) → handler → `app::…` use case
//! → page or JSON. Errors become a pt-BR page or a JSON problem; causes are logged, never shown.

mod account_link;
mod accounts;
mod admin;
mod api;
mod categories;
mod client_limit;
mod credentialing;
mod devices;
mod documents;
mod elections;
mod engagement;
mod followup;
mod groups;
mod import;
mod mocoes;
mod my_data;
mod online;
mod pages;
mod participants;
mod plenary;
mod priorities;
pub mod public_cache;
mod questionnaires;
mod report;
mod reset;
mod seats;
mod setup;
mod systematization;
mod territorial;
mod units;
mod upload;
mod vlibras;
mod voting;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::{self, Next},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Clone)]
pub struct AppState {
    pub db: app::Db,
    /// The vote writer (group commit of phones' votes).
    pub votes: app::voting::Writer,
    pub metrics: Arc<Metrics>,
    pub settings: Arc<Settings>,
    pub public_cache: Arc<public_cache::PublicCache>,
    /// Per-client counts of public writes (`client_limit`).
    pub limiter: Arc<client_limit::Limiter>,
}

/// Deployment settings the web layer needs (from `conferencia serve` flags / env vars).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Public address of the site, without a trailing `/`, for links sent by e-mail.
    pub public_url: String,
    /// Show the VLibras (Portuguese → Libras) widget on every page and allow its government
    /// script in the CSP. Off by default: it loads third-party code.
    pub vlibras: bool,
    /// How long the conference page and its iCalendar feed may be served from memory
    /// (`public_cache::PublicCache`); zero turns the cache off.
    pub public_cache: std::time::Duration,
    /// Behind a reverse proxy, the request header holding the client's address (its last entry:
    /// `X-Forwarded-For`, `X-Real-IP`), for the per-client login limit. None: the connection's
    /// peer. Only set it when every request comes through that proxy.
    pub client_ip_header: Option<String>,
}

impl Settings {
    /// Served over HTTPS (the public URL says so): cookies get `Secure`, responses HSTS.
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".into(),
            vlibras: false,
            public_cache: std::time::Duration::ZERO,
            client_ip_header: None,
        }
    }
}

#[derive(Default)]
pub struct Metrics {
    requests: AtomicU64,
    client_errors: AtomicU64,
    server_errors: AtomicU64,
}

/// The router with default [`Settings`].
pub fn router(db: app::Db) -> Router {
    router_with(db, Settings::default())
}

pub fn router_with(db: app::Db, mut settings: Settings) -> Router {
    settings.public_url = settings.public_url.trim_end_matches('/').to_owned();
    let state = AppState {
        votes: app::voting::Writer::start(db.clone()),
        db,
        metrics: Arc::new(Metrics::default()),
        public_cache: Arc::new(public_cache::PublicCache::new(settings.public_cache)),
        settings: Arc::new(settings),
        limiter: Arc::default(),
    };
    // The forms anyone may post without an account: a per-client limit (issue 19).
    let public_writes =
        || middleware::from_fn_with_state(state.clone(), client_limit::public_writes);
    Router::new()
        .route("/", get(pages::home))
        .route("/acessibilidade", get(pages::accessibility))
        .route("/c/{slug}", get(pages::conference))
        .route("/c/{slug}/calendario.ics", get(pages::ical))
        .route("/entrar", get(accounts::login_form).post(accounts::login))
        .route("/sair", post(accounts::logout))
        .route("/painel", get(accounts::panel))
        // Conference setup (organizing commission); every handler asks app::auth / domain::policy.
        .route(
            "/gestao/nova-conferencia",
            get(setup::new_conference_form).post(setup::create_conference),
        )
        .route("/c/{slug}/gestao", get(setup::overview))
        .route(
            "/c/{slug}/gestao/dados",
            get(setup::edit_conference_form).post(setup::edit_conference),
        )
        .route(
            "/c/{slug}/gestao/eixos",
            get(setup::eixos_form).post(setup::save_eixos),
        )
        .route(
            "/c/{slug}/gestao/calendario",
            get(setup::calendar).post(setup::add_stage),
        )
        .route(
            "/c/{slug}/gestao/calendario/lembrar",
            post(setup::remind_unit),
        )
        .route(
            "/c/{slug}/gestao/calendario/{id}",
            get(setup::stage_form).post(setup::update_stage),
        )
        .route(
            "/c/{slug}/gestao/calendario/{id}/cancelar",
            post(setup::cancel_stage),
        )
        .route(
            "/c/{slug}/gestao/convocacao",
            get(setup::convocation_form)
                .post(setup::save_convocation)
                .layer(DefaultBodyLimit::max(setup::CONVOCATION_BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/gestao/comissao",
            get(setup::commission).post(setup::add_member),
        )
        .route(
            "/c/{slug}/gestao/comissao/{id}/remover",
            post(setup::remove_member),
        )
        .route(
            "/c/{slug}/gestao/documentos",
            get(setup::documents).post(setup::add_document),
        )
        .route(
            "/c/{slug}/gestao/documentos/{id}/remover",
            post(setup::remove_document),
        )
        .route(
            "/c/{slug}/gestao/regimento",
            get(setup::regimento_form).post(setup::save_regimento),
        )
        .route(
            "/c/{slug}/gestao/categorias",
            get(categories::form).post(categories::save),
        )
        .route(
            "/c/{slug}/inscricao",
            get(participants::public_form)
                .post(participants::public_register)
                .layer(public_writes()),
        )
        // LGPD self-service (public, POST only for anything personal) and the staff's answers.
        .route(
            "/c/{slug}/meus-dados",
            get(my_data::form)
                .post(my_data::prove)
                .layer(public_writes()),
        )
        .route(
            "/c/{slug}/meus-dados/link",
            get(my_data::link_form)
                .post(my_data::link_open)
                .layer(public_writes()),
        )
        .route("/c/{slug}/meus-dados/dados.json", post(my_data::download))
        .route("/c/{slug}/meus-dados/correcao", post(my_data::correction))
        .route("/c/{slug}/gestao/pedidos-de-dados", get(my_data::requests))
        .route(
            "/c/{slug}/gestao/pedidos-de-dados/{id}/atender",
            post(my_data::handle),
        )
        .route("/c/{slug}/gestao/inscricoes", get(participants::listing))
        .route(
            "/c/{slug}/gestao/inscricoes/tentativas/{id}/resolver",
            post(participants::resolve_attempt),
        )
        .route("/c/{slug}/gestao/necessidades", get(participants::needs))
        .route(
            "/c/{slug}/gestao/inscricoes/{code}/corrigir",
            get(participants::correction_form).post(participants::correction_save),
        )
        .route(
            "/c/{slug}/gestao/inscricoes/nova",
            get(participants::assisted_form).post(participants::assisted_register),
        )
        .route(
            "/c/{slug}/gestao/importar",
            get(import::form)
                .post(import::upload)
                .layer(DefaultBodyLimit::max(import::BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/gestao/importar/{id}",
            get(import::preview).post(import::remap),
        )
        .route(
            "/c/{slug}/gestao/importar/{id}/confirmar",
            post(import::confirm),
        )
        .route(
            "/c/{slug}/gestao/importar/{id}/rejeitadas.csv",
            get(import::rejected_csv),
        )
        // The plenary at the table (issue 4, first part).
        .route("/c/{slug}/plenaria/regimento", get(plenary::console))
        .route("/c/{slug}/plenaria/ata.pdf", get(plenary::minutes))
        .route("/c/{slug}/telao", get(plenary::board))
        .route(
            "/c/{slug}/credenciamento/celular",
            get(devices::desk_form).post(devices::desk_open),
        )
        .route(
            "/c/{slug}/celular",
            get(devices::phone_confirm).post(devices::phone_pair),
        )
        .route("/c/{slug}/meu-celular", get(devices::phone_home))
        .route("/c/{slug}/meu-celular/destaques", post(devices::phone_flag))
        .route(
            "/c/{slug}/meu-celular/relatoria/{id}/editar",
            post(devices::report_edit),
        )
        .route(
            "/c/{slug}/meu-celular/relatoria/{id}/ordem",
            post(devices::report_move),
        )
        .route("/c/{slug}/meu-celular/votar", post(voting::cast))
        .route(
            "/c/{slug}/meu-celular/votar/confirmar",
            post(voting::choose),
        )
        .route(
            "/c/{slug}/meu-celular/destaques-propostas",
            post(devices::phone_flag_proposal),
        )
        .route(
            "/c/{slug}/plenaria/grupos",
            get(groups::overview).post(groups::create),
        )
        .route("/c/{slug}/plenaria/grupos/distribuir", post(groups::assign))
        .route("/c/{slug}/plenaria/grupos/config", post(groups::settings))
        .route("/c/{slug}/plenaria/grupos/{id}", get(groups::group))
        .route(
            "/c/{slug}/plenaria/grupos/{id}/membros",
            post(groups::add_member),
        )
        .route("/c/{slug}/plenaria/grupos/{id}/papeis", post(groups::roles))
        .route(
            "/c/{slug}/plenaria/grupos/{id}/propostas",
            post(groups::add_proposal),
        )
        .route(
            "/c/{slug}/plenaria/grupos/{id}/pre-conferencias",
            post(groups::bring_from_units),
        )
        .route(
            "/c/{slug}/plenaria/grupos/{id}/etapa-digital",
            post(groups::bring_from_online),
        )
        .route(
            "/c/{slug}/plenaria/propostas/{id}/editar",
            post(groups::edit_proposal),
        )
        .route(
            "/c/{slug}/plenaria/propostas/{id}/juntar",
            post(groups::merge),
        )
        .route(
            "/c/{slug}/plenaria/propostas/{id}/ordem",
            post(groups::move_proposal),
        )
        .route(
            "/c/{slug}/plenaria/propostas/{id}/votacao",
            post(groups::group_vote),
        )
        .route("/c/{slug}/plenaria/final", get(groups::final_console))
        .route(
            "/c/{slug}/plenaria/final/destaques",
            post(groups::final_destaque),
        )
        .route(
            "/c/{slug}/plenaria/final/destaques/{id}/falas",
            post(groups::add_speaker),
        )
        .route(
            "/c/{slug}/plenaria/final/destaques/{id}/votacao",
            post(groups::final_vote_destaque),
        )
        .route(
            "/c/{slug}/plenaria/final/destaques/{id}/retirar",
            post(groups::final_withdraw),
        )
        .route(
            "/c/{slug}/plenaria/final/falas/{id}/iniciar",
            post(groups::start_speech),
        )
        .route(
            "/c/{slug}/plenaria/final/falas/{id}/encerrar",
            post(groups::end_speech),
        )
        .route(
            "/c/{slug}/plenaria/final/eixos/{id}/bloco",
            post(groups::final_vote_block),
        )
        .route("/c/{slug}/deliberacoes", get(groups::deliberations))
        .route(
            "/c/{slug}/plenaria/prioridades",
            get(priorities::console).post(priorities::save_cap),
        )
        .route(
            "/c/{slug}/plenaria/prioridades/papel",
            post(priorities::paper),
        )
        .route(
            "/c/{slug}/plenaria/prioridades/fechar",
            post(priorities::close),
        )
        .route(
            "/c/{slug}/meu-celular/prioridades",
            post(priorities::choose),
        )
        .route(
            "/c/{slug}/plenaria/mocoes",
            get(mocoes::console).post(mocoes::propose),
        )
        .route("/c/{slug}/plenaria/mocoes/config", post(mocoes::settings))
        .route(
            "/c/{slug}/plenaria/mocoes/{id}/assinaturas",
            post(mocoes::paper),
        )
        .route(
            "/c/{slug}/plenaria/mocoes/{id}/decisao",
            post(mocoes::decide),
        )
        .route("/c/{slug}/plenaria/mocoes/{id}/votacao", post(mocoes::vote))
        .route("/c/{slug}/meu-celular/mocoes", post(mocoes::phone_propose))
        .route(
            "/c/{slug}/meu-celular/mocoes/{id}/assinar",
            post(mocoes::phone_sign),
        )
        .route("/c/{slug}/plenaria/votacao/abrir", post(plenary::open_vote))
        .route(
            "/c/{slug}/plenaria/votacao/{id}/encerrar",
            post(plenary::close_vote),
        )
        .route(
            "/c/{slug}/votacoes/{id}/comprovante",
            get(voting::receipt_form).post(voting::receipt_check),
        )
        .route("/c/{slug}/votacoes/{id}/registro.json", get(voting::record))
        .route("/c/{slug}/telao/eventos", get(plenary::board_events))
        // Delegate elections to the next level (issue 4 item 6; ADR 0013).
        .route("/c/{slug}/plenaria/eleicao", get(elections::console))
        .route(
            "/c/{slug}/plenaria/eleicao/vagas",
            post(elections::save_setup),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/candidaturas",
            post(elections::add_candidate),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/candidaturas/{id}/retirar",
            post(elections::remove_candidate),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/segmentos/{segment}/abrir",
            post(elections::open_poll),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/segmentos/{segment}/novo-turno",
            post(elections::open_round),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/governo",
            post(elections::appoint),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/votacoes/{id}/encerrar",
            post(elections::close_poll),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/apurar",
            post(elections::compute),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/resultado",
            get(elections::result),
        )
        .route("/c/{slug}/plenaria/eleicao/levar", post(elections::carry))
        .route("/c/{slug}/meu-celular/eleger", post(elections::cast))
        .route(
            "/c/{slug}/meu-celular/eleger/confirmar",
            post(elections::choose),
        )
        .route("/c/{slug}/eleicao", get(elections::public_result))
        .route(
            "/c/{slug}/gestao/questionarios",
            get(questionnaires::list).post(questionnaires::create),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}",
            get(questionnaires::editor),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/perguntas",
            post(questionnaires::add_question),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/perguntas/{qid}/remover",
            post(questionnaires::remove_question),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/abrir",
            post(questionnaires::open),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/encerrar",
            post(questionnaires::close),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/papel",
            get(questionnaires::paper_form).post(questionnaires::paper_answer),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/resultados",
            get(questionnaires::results),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/resultados/csv",
            get(questionnaires::results_csv),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/resultados/unidades.csv",
            get(questionnaires::units_csv),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/formularios.pdf",
            get(questionnaires::forms_pdf),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/conferencia",
            get(questionnaires::retype_form).post(questionnaires::retype_answer),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/diferencas",
            get(questionnaires::differences),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/diferencas/{retype}",
            post(questionnaires::resolve),
        )
        .route(
            "/c/{slug}/questionarios/{id}",
            get(questionnaires::public_form).post(questionnaires::public_answer),
        )
        .route(
            "/c/{slug}/questionario/{id}",
            get(questionnaires::public_form_alias),
        )
        .route(
            "/c/{slug}/meu-celular/avaliacao/{id}",
            get(questionnaires::phone_form).post(questionnaires::phone_answer),
        )
        .route("/c/{slug}/gestao/relatorio", get(report::status))
        .route("/c/{slug}/gestao/relatorio/dados", post(report::save_draft))
        .route(
            "/c/{slug}/gestao/relatorio/conferir",
            post(report::sign_off),
        )
        .route("/c/{slug}/gestao/relatorio/enviar", post(report::submit))
        .route(
            "/c/{slug}/gestao/relatorio/fotos",
            post(report::add_photo).layer(DefaultBodyLimit::max(report::PHOTO_BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/gestao/relatorio/fotos/{n}",
            get(report::staff_photo),
        )
        .route(
            "/c/{slug}/gestao/relatorio/fotos/{id}/remover",
            post(report::remove_photo),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/{id}/fotos/{n}",
            get(report::round_photo),
        )
        .route("/c/{slug}/relatorio/fotos/{n}", get(report::public_photo))
        .route(
            "/c/{slug}/gestao/relatorio/baixar/{format}",
            get(report::download),
        )
        .route("/c/{slug}/gestao/relatorios-recebidos", get(report::inbox))
        .route(
            "/c/{slug}/gestao/relatorio/pacote",
            post(report::export_package),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/pacotes",
            get(report::keys),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/pacotes/chaves",
            post(report::trust_key),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/pacotes/chaves/{id}/remover",
            post(report::revoke_key),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/pacotes/importar",
            post(report::import_package).layer(DefaultBodyLimit::max(report::PACKAGE_BODY_LIMIT)),
        )
        .route("/c/{slug}/gestao/etapa-anterior", get(report::dashboard))
        .route("/c/{slug}/gestao/monitoramento", get(followup::board))
        .route(
            "/c/{slug}/gestao/monitoramento/planilha.csv",
            get(followup::sheet),
        )
        .route(
            "/c/{slug}/gestao/monitoramento/importar",
            post(followup::import).layer(DefaultBodyLimit::max(followup::BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/gestao/monitoramento/{id}",
            get(followup::detail).post(followup::save_status),
        )
        .route(
            "/c/{slug}/gestao/monitoramento/{id}/marcos",
            post(followup::add_milestone).layer(DefaultBodyLimit::max(followup::BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/gestao/monitoramento/{id}/marcos/{mid}/remover",
            post(followup::remove_milestone),
        )
        .route("/c/{slug}/monitoramento", get(followup::public))
        .route("/c/{slug}/relatorio", get(report::public_report))
        .route(
            "/c/{slug}/relatorio/baixar/{format}",
            get(report::public_download),
        )
        .route(
            "/c/{slug}/monitoramento/evidencias/{mid}",
            get(followup::evidence),
        )
        .route(
            "/c/{slug}/gestao/etapa-anterior/lembrar",
            post(report::remind),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/{id}",
            get(report::review),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/{id}/devolver",
            post(report::return_round),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/{id}/aceitar",
            post(report::accept),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao",
            get(systematization::page),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/agrupar",
            post(systematization::regroup),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/grupos/{id}/texto",
            post(systematization::edit_text),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/grupos/{id}/revisado",
            post(systematization::reviewed),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/grupos/{id}/enviar",
            post(systematization::send),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/grupos/{id}/juntar",
            post(systematization::merge),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/propostas/{id}/mover",
            post(systematization::move_member),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/propostas/{id}/separar",
            post(systematization::split),
        )
        .route(
            "/c/{slug}/eleicao/votacoes/{id}/comprovante",
            get(elections::receipt_form).post(elections::receipt_check),
        )
        .route(
            "/c/{slug}/eleicao/votacoes/{id}/registro.json",
            get(elections::record),
        )
        .route(
            "/c/{slug}/plenaria/regimento/destaques",
            post(plenary::add_destaque),
        )
        .route(
            "/c/{slug}/plenaria/regimento/destaques/{id}/votacao",
            post(plenary::vote_destaque),
        )
        .route(
            "/c/{slug}/plenaria/regimento/destaques/{id}/retirar",
            post(plenary::withdraw),
        )
        .route(
            "/c/{slug}/plenaria/regimento/aprovar",
            post(plenary::approve),
        )
        .route(
            "/c/{slug}/credenciamento",
            get(credentialing::page).post(credentialing::check),
        )
        .route("/c/{slug}/credenciamento/saida", post(credentialing::exit))
        .route(
            "/c/{slug}/credenciamento/devolver",
            post(credentialing::give_back),
        )
        .route(
            "/c/{slug}/gestao/quorum",
            get(seats::form).post(seats::save),
        )
        .route(
            "/c/{slug}/credenciamento/eventos",
            get(credentialing::events),
        )
        // Badges, attendance lists, certificates, anonymization (issue 3 items 4-6).
        .route("/c/{slug}/gestao/impressos", get(documents::prints))
        .route("/c/{slug}/gestao/crachas.pdf", get(documents::badges_pdf))
        .route(
            "/c/{slug}/gestao/presenca.pdf",
            get(documents::attendance_pdf),
        )
        .route(
            "/c/{slug}/gestao/inscricoes/anonimizar",
            post(documents::anonymize),
        )
        .route(
            "/c/{slug}/gestao/certificados",
            get(documents::certificates).post(documents::issue_certificates),
        )
        .route("/certificados/{file}", get(documents::certificate_pdf))
        .route("/verificar", get(documents::verify))
        .route("/c/{slug}/unidade/{unit}", get(units::unit))
        .route("/c/{slug}/unidade/{unit}/reunioes", post(units::schedule))
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/realizada",
            post(units::report),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}",
            get(units::meeting),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/propostas",
            post(units::add_proposal),
        )
        .route(
            "/c/{slug}/unidade/{unit}/propostas/{id}/retirar",
            post(units::remove_proposal),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/presenca",
            post(units::add_attendee),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/presenca/{id}/remover",
            post(units::remove_attendee),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/delegados",
            post(units::add_delegate),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/delegados/{id}/remover",
            post(units::remove_delegate),
        )
        .route(
            "/c/{slug}/gestao/delegados-territoriais",
            get(territorial::board).post(territorial::save),
        )
        .route(
            "/c/{slug}/gestao/delegados-territoriais.csv",
            get(territorial::csv),
        )
        .route(
            "/c/{slug}/unidade/{unit}/midia",
            post(units::add_media).layer(DefaultBodyLimit::max(units::MEDIA_BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/unidade/{unit}/midia/{id}/remover",
            post(units::remove_media),
        )
        .route("/c/{slug}/unidade/{unit}/publicacoes", post(units::publish))
        .route(
            "/c/{slug}/unidade/{unit}/publicacoes/{id}/remover",
            post(units::remove_post),
        )
        .route("/c/{slug}/acoes", get(units::timeline))
        .route("/c/{slug}/unidades/{unit}", get(units::unit_public))
        .route(
            "/c/{slug}/unidades/{unit}/envios",
            post(units::contribute).layer(DefaultBodyLimit::max(units::MEDIA_BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/unidade/{unit}/envios/{id}/publicar",
            post(units::publish_contribution),
        )
        .route(
            "/c/{slug}/unidade/{unit}/envios/{id}/recusar",
            post(units::refuse_contribution),
        )
        .route(
            "/cadastro",
            get(online::signup_form)
                .post(online::signup)
                .layer(public_writes()),
        )
        .route(
            "/c/{slug}/participe",
            get(online::index).post(online::propose),
        )
        .route("/c/{slug}/participe/abrir", post(online::set_open))
        .route("/c/{slug}/participe/minhas", get(online::mine))
        .route("/c/{slug}/participe/{id}", get(online::proposal))
        .route("/c/{slug}/participe/{id}/apoio", post(online::support))
        .route(
            "/c/{slug}/participe/{id}/comentarios",
            post(online::comment),
        )
        .route(
            "/c/{slug}/participe/{id}/ocultar",
            post(online::hide_proposal),
        )
        .route(
            "/c/{slug}/participe/{id}/mostrar",
            post(online::show_proposal),
        )
        .route(
            "/c/{slug}/participe/comentarios/{id}/ocultar",
            post(online::hide_comment),
        )
        .route(
            "/c/{slug}/participe/comentarios/{id}/mostrar",
            post(online::show_comment),
        )
        .route("/c/{slug}/participe/grupos/{id}", get(online::room))
        .route(
            "/c/{slug}/participe/grupos/{id}/comentarios",
            post(online::room_comment),
        )
        .route(
            "/c/{slug}/participe/grupos/{id}/video",
            post(online::room_video),
        )
        .route("/c/{slug}/midia/{id}", get(units::media_file))
        .route("/c/{slug}/midia/{id}/miniatura", get(units::media_thumb))
        .route("/c/{slug}/gestao/galeria", get(units::gallery))
        .route("/c/{slug}/gestao/engajamento", get(engagement::board))
        .route(
            "/c/{slug}/gestao/engajamento/pesos",
            post(engagement::save_weights),
        )
        .route(
            "/c/{slug}/gestao/engajamento/confirmar",
            post(engagement::confirm),
        )
        .route(
            "/c/{slug}/gestao/engajamento/revelar",
            post(engagement::reveal),
        )
        .route("/c/{slug}/ranking", get(engagement::ranking))
        .route(
            "/c/{slug}/gestao/galeria/{id}/relatorio",
            post(units::pick_for_report),
        )
        // Platform administration and conference roles; every handler asks app::auth / domain::policy.
        .route("/admin", get(admin::home))
        .route("/admin/porte", post(admin::set_porte))
        .route(
            "/admin/regioes",
            get(admin::regions).post(admin::create_region),
        )
        .route(
            "/admin/regioes/{id}",
            get(admin::region).post(admin::add_members),
        )
        .route("/admin/orgaos", get(admin::bodies).post(admin::create_body))
        .route(
            "/admin/orgaos/{id}",
            get(admin::body).post(admin::grant_secretariat),
        )
        .route(
            "/admin/orgaos/{id}/secretaria/{grant}/revogar",
            post(admin::revoke_secretariat),
        )
        .route(
            "/c/{slug}/gestao/papeis",
            get(admin::roles).post(admin::grant_role),
        )
        .route(
            "/c/{slug}/gestao/papeis/{id}/revogar",
            post(admin::revoke_role),
        )
        .route("/senha/trocar", get(admin::change_form).post(admin::change))
        .route("/c/{slug}/convocacao.pdf", get(setup::convocation_pdf))
        .route("/c/{slug}/regimento", get(pages::regimento))
        .route(
            "/senha/esqueci",
            get(reset::forgot_form)
                .post(reset::forgot)
                .layer(public_writes()),
        )
        .route(
            "/senha/nova",
            get(reset::new_password_form)
                .post(reset::new_password)
                .layer(public_writes()),
        )
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        // The JSON API: its own 404/405 fallbacks, body limit and panic catcher (`api::router`).
        .nest("/api/v1", api::router(&state))
        .route("/static/{file}", get(static_file))
        .fallback(|| async { WebError::NotFound })
        .layer(middleware::from_fn_with_state(state.clone(), csrf))
        // Outside the CSRF check, so its refusal under /api/ becomes a problem+json too.
        .layer(middleware::from_fn(api::problems))
        .layer(middleware::from_fn(account_link::insert))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            vlibras::insert_widget,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), count))
        // Outermost, so the pages are compressed after the middleware above rewrote them. The
        // default predicate leaves server-sent events, images and small bodies alone.
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

async fn healthz(State(s): State<AppState>) -> Response {
    match s.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn metrics(State(s): State<AppState>) -> Response {
    let m = &s.metrics;
    let body = format!(
        "# HELP conferencia_http_requests_total HTTP requests served.\n# TYPE conferencia_http_requests_total counter\nconferencia_http_requests_total {}\n\
# HELP conferencia_http_client_errors_total Responses with a 4xx status.\n# TYPE conferencia_http_client_errors_total counter\nconferencia_http_client_errors_total {}\n\
# HELP conferencia_http_server_errors_total Responses with a 5xx status.\n# TYPE conferencia_http_server_errors_total counter\nconferencia_http_server_errors_total {}\n",
        m.requests.load(Ordering::Relaxed),
        m.client_errors.load(Ordering::Relaxed),
        m.server_errors.load(Ordering::Relaxed),
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

async fn count(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    if writes {
        s.public_cache.bump();
    }
    let res = next.run(req).await;
    if writes {
        s.public_cache.bump();
    }
    s.metrics.requests.fetch_add(1, Ordering::Relaxed);
    if res.status().is_client_error() {
        s.metrics.client_errors.fetch_add(1, Ordering::Relaxed);
    } else if res.status().is_server_error() {
        s.metrics.server_errors.fetch_add(1, Ordering::Relaxed);
    }
    res
}

/// Content Security Policy: only our own scripts, styles and forms; no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

pub use setup::CONVOCATION_BODY_LIMIT;
pub use vlibras::CSP_VLIBRAS;

/// `Permissions-Policy` of every page: no powerful feature, not even for this site.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), display-capture=(), geolocation=(), \
gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()";
/// The same, with the camera for this site: the credentialing desk reads badges' QR codes.
pub const PERMISSIONS_POLICY_CAMERA: &str = "accelerometer=(), camera=(self), display-capture=(), \
geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()";

/// The pages that read QR codes with the camera: the credentialing desk (its form posts render it).
fn reads_qr(path: &str) -> bool {
    let seg: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(
        seg.as_slice(),
        ["c", _, "credenciamento"] | ["c", _, "credenciamento", "saida" | "devolver"]
    )
}

/// Public pages a browser may keep as it does today (no `Cache-Control` of ours) when asked
/// without a session or phone cookie: the same for everyone, no personal data. Every other
/// route is `no-store` unless its handler chose a policy.
fn public_page(path: &str) -> bool {
    let seg: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(
        seg.as_slice(),
        [""] | ["acessibilidade"]
            | ["static", _]
            | ["api", "v1", "openapi.json" | "conferences"]
            | ["api", "v1", "conferences", _]
            | ["c", _]
            | [
                "c",
                _,
                "calendario.ics"
                    | "regimento"
                    | "convocacao.pdf"
                    | "deliberacoes"
                    | "eleicao"
                    | "acoes"
                    | "ranking"
                    | "relatorio"
                    | "monitoramento"
                    | "telao"
                    | "participe"
            ]
            | ["c", _, "unidades", _]
            | ["c", _, "relatorio", "baixar" | "fotos", _]
            | ["c", _, "monitoramento", "evidencias", _]
            | ["c", _, "votacoes", _, "registro.json"]
            | ["c", _, "eleicao", "votacoes", _, "registro.json"]
    ) || matches!(seg.as_slice(), ["c", _, "participe", id] if *id != "minhas")
}

/// True when the request carries the staff session or a delegate phone's cookie.
fn personal_request(h: &HeaderMap) -> bool {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .any(|(k, v)| (k == accounts::COOKIE || k == devices::COOKIE) && !v.is_empty())
}

async fn security_headers(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let personal = personal_request(req.headers());
    let path = req.uri().path().to_owned();
    let public = matches!(*req.method(), Method::GET | Method::HEAD) && public_page(&path);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // Personal data never stays in a cache: a response to a logged-in person or a paired phone,
    // and anything outside the public pages, is `no-store`, unless it is the same for everyone
    // (`public`: static files, published media) or already `no-store`.
    let cache = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !(cache.contains("public") || cache.contains("no-store") || (!personal && public)) {
        h.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    h.insert(
        "permissions-policy",
        header::HeaderValue::from_static(if reads_qr(&path) {
            PERMISSIONS_POLICY_CAMERA
        } else {
            PERMISSIONS_POLICY
        }),
    );
    h.insert(
        "cross-origin-opener-policy",
        header::HeaderValue::from_static("same-origin"),
    );
    if s.settings.https() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            header::HeaderValue::from_static("max-age=31536000"),
        );
        // Every cookie the app sets travels over HTTPS only.
        let cookies: Vec<_> = h.get_all(header::SET_COOKIE).iter().cloned().collect();
        if !cookies.is_empty() {
            h.remove(header::SET_COOKIE);
            for c in cookies {
                let secure = c.to_str().is_ok_and(|v| {
                    v.split(';')
                        .any(|a| a.trim().eq_ignore_ascii_case("secure"))
                });
                let c = if secure {
                    c
                } else {
                    let mut v = c.as_bytes().to_vec();
                    v.extend_from_slice(b"; Secure");
                    header::HeaderValue::from_bytes(&v).unwrap_or(c)
                };
                h.append(header::SET_COOKIE, c);
            }
        }
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(if s.settings.vlibras { CSP_VLIBRAS } else { CSP }),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    // A page may ask for a stricter policy (the phone's pairing page: `no-referrer`).
    h.entry(header::REFERRER_POLICY)
        .or_insert(header::HeaderValue::from_static("same-origin"));
    h.insert(
        header::X_FRAME_OPTIONS,
        header::HeaderValue::from_static("DENY"),
    );
    res
}

/// CSRF defence (issue 19): an unsafe method (anything but GET, HEAD, OPTIONS) must come from
/// this same site; see [`same_origin`].
async fn csrf(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || same_origin(req.headers(), req.uri(), &s.settings.public_url)
    {
        return next.run(req).await;
    }
    WebError::Forbidden(
        "Pedido recusado: o formulário não veio deste site. Recarregue a página e tente de novo."
            .into(),
    )
    .into_response()
}

/// Whether a request comes from this site:
/// - `Sec-Fetch-Site` (every current browser sends it, and a page cannot forge it) must be
///   `same-origin` or `none`. It is asked first because a page with `Referrer-Policy:
///   no-referrer` (the phone's) makes the browser send `Origin: null` on its own forms;
/// - else `Origin` must be this site: the scheme of the public URL with the request's `Host`
///   (port included), or the public URL's own origin (behind a proxy that rewrites `Host`);
/// - else, with neither header, the request must carry no session (`sid`) or phone (`dlg`)
///   cookie: a script without them passes (its own login, public API calls), a cookie with no
///   provenance does not (a script calling the API with a session cookie sends one of the two
///   headers).
fn same_origin(h: &HeaderMap, uri: &axum::http::Uri, public_url: &str) -> bool {
    if let Some(site) = h.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    if let Some(origin) = h.get(header::ORIGIN) {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        let (scheme, rest) = public_url.split_once("://").unwrap_or(("http", ""));
        let public_host = rest.split('/').next().unwrap_or_default();
        let host = h
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| uri.authority().map(|a| a.as_str()));
        return [host, Some(public_host)]
            .into_iter()
            .flatten()
            .filter(|h| !h.is_empty())
            .any(|h| origin.eq_ignore_ascii_case(&format!("{scheme}://{h}")));
    }
    !h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .any(|(k, _)| k == accounts::COOKIE || k == devices::COOKIE)
}

/// A file name safe inside a `Content-Disposition` header: ASCII letters, digits, `.`, `-`, `_`.
pub(crate) fn ascii_file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (body, ty): (&'static str, &str) = match file.as_str() {
        "site.css" => (
            include_str!("../static/site.css"),
            "text/css; charset=utf-8",
        ),
        "a11y.js" => (
            include_str!("../static/a11y.js"),
            "text/javascript; charset=utf-8",
        ),
        "credenciamento.js" => (
            include_str!("../static/credenciamento.js"),
            "text/javascript; charset=utf-8",
        ),
        "a11y-buttons.js" => (
            include_str!("../static/a11y-buttons.js"),
            "text/javascript; charset=utf-8",
        ),
        "plenaria.js" => (
            include_str!("../static/plenaria.js"),
            "text/javascript; charset=utf-8",
        ),
        "celular.js" => (
            include_str!("../static/celular.js"),
            "text/javascript; charset=utf-8",
        ),
        "telao.js" => (
            include_str!("../static/telao.js"),
            "text/javascript; charset=utf-8",
        ),
        "vlibras.js" => (
            include_str!("../static/vlibras.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return WebError::NotFound.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, ty),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Every error a handler can return; rendered as a pt-BR page.
#[derive(Debug)]
pub enum WebError {
    NotFound,
    /// Nobody is logged in: go to the login page, then come back to this path.
    NeedsLogin(String),
    /// Logged in with a temporary password: go and replace it first.
    MustChangePassword,
    Forbidden(String),
    BadRequest(String),
    TooLarge(String),
    Unprocessable(String),
    Internal(String),
}

impl From<store::Error> for WebError {
    fn from(e: store::Error) -> Self {
        match e {
            store::Error::NotFound => WebError::NotFound,
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(e.to_string())
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self {
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "Página não encontrada",
                "O endereço não existe ou foi mudado.".to_string(),
            ),
            WebError::NeedsLogin(back) => {
                let to = format!(
                    "/entrar?volta={}",
                    serde_urlencoded::to_string([("", back.as_str())])
                        .unwrap_or_default()
                        .trim_start_matches('=')
                );
                return axum::response::Redirect::to(&to).into_response();
            }
            WebError::MustChangePassword => {
                return axum::response::Redirect::to("/senha/trocar").into_response();
            }
            WebError::Forbidden(m) => (StatusCode::FORBIDDEN, "Acesso negado", m),
            WebError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Pedido inválido", m),
            WebError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, "Arquivo grande demais", m),
            WebError::Unprocessable(m) => (StatusCode::UNPROCESSABLE_ENTITY, "Dados inválidos", m),
            WebError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Erro interno",
                    "Algo deu errado do nosso lado. Tente de novo em instantes.".to_string(),
                )
            }
        };
        let page = pages::ErrorPage {
            title,
            message: &message,
        };
        match askama::Template::render(&page) {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, message).into_response(),
        }
    }
}
