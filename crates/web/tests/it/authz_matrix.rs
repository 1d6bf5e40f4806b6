//! Route-level authorization matrix, on both databases: every protected route of the app (GET and
//! an empty POST) against every role.
//!
//! - Anonymous: a 303 to `/entrar?volta=<path>`.
//! - Allowed (`x`): GET answers 200; an empty POST answers 422 (validation), 303 (done) or 404
//!   (an id that does not exist) — never 403.
//! - Forbidden (`-`): exactly 403.
//!
//! Roles: the platform admin, the secretariat of the demo CMAS, the organizing commission of the
//! demo conference, the territorial articulator of its CRAS Centro, its credentialing staff, a
//! participant, and the organizing commission of ANOTHER conference (of another CMAS).

use crate::support::cookie;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use conferencia_web as web;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{account, body, conference, role_grant, stage};
use testkit::both_dbs;
use tower::ServiceExt;
use uuid::Uuid;

/// Columns of the table, in order.
const ROLES: [&str; 7] = ["admin", "sec", "com", "art", "cred", "part", "other"];

/// (method, path, expectations per role in `ROLES` order). Placeholders: `{demo}` the demo
/// conference slug, `{stage}` one of its stages, `{body}` the demo CMAS, `{region}` a region, `{unit}` the articulator's unit,
/// `{upload}` a spreadsheet uploaded for import, `{reg}` a registration code, `{item}` an item of the demo's programme, `{meeting}` a meeting of the demo CMAS, `{chamber}` a consortium's technical chamber with Pará de Minas as a member, `{campaign}` its campaign, `{caction}` Pará de Minas's action in it, `{x}` an id that does not exist.
#[rustfmt::skip]
const MATRIX: &[(&str, &str, &str)] = &[
    //                                                          admin sec com art cred part other
    ("GET",  "/painel",                                         "x     x   x   x   x    x    x"),
    ("GET",  "/senha/trocar",                                   "x     x   x   x   x    x    x"),
    ("POST", "/senha/trocar",                                   "x     x   x   x   x    x    x"),
    ("GET",  "/gestao/nova-conferencia",                        "x     x   -   -   -    -    -"),
    ("POST", "/gestao/nova-conferencia",                        "x     x   -   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao",                                "x     x   x   x   x    -    -"),
    ("GET",  "/c/{demo}/gestao/dados",                          "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/dados",                          "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/eixos",                          "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/eixos",                          "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/calendario",                     "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/calendario",                     "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/calendario/{stage}",             "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/calendario/{stage}",             "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/calendario/{stage}/cancelar",    "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/programacao",                    "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/programacao",                    "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/programacao/{item}",             "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/programacao/{item}",             "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/programacao/{x}/remover",        "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/convocacao",                     "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/convocacao",                     "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/comissao",                       "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/comissao",                       "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/comissao/{x}/remover",           "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/documentos",                     "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/documentos",                     "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/documentos/{x}/remover",         "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/regimento",                      "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/regimento",                      "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/categorias",                     "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/categorias",                     "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/quorum",                         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/quorum",                         "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/papeis",                         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/papeis",                         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/papeis/{x}/revogar",             "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/inscricoes",                     "x     x   x   -   x    -    -"),
    ("GET",  "/c/{demo}/gestao/inscricoes/nova",                "x     x   x   x   x    -    -"),
    ("GET",  "/c/{demo}/gestao/inscricoes/nova?no_local=1",     "x     x   x   x   x    -    -"),
    ("GET",  "/c/{demo}/gestao/inscricoes/{reg}/corrigir",     "x     x   x   -   x    -    -"),
    ("POST", "/c/{demo}/gestao/inscricoes/{reg}/corrigir",     "x     x   x   -   x    -    -"),
    ("GET",  "/c/{demo}/gestao/inscricoes/{reg}/kit.pdf",      "x     x   x   -   x    -    -"),
    ("POST", "/c/{demo}/gestao/inscricoes/tentativas/{x}/resolver", "x     x   x   -   x    -    -"),
    ("GET",  "/c/{demo}/gestao/necessidades",                   "x     x   x   -   x    -    -"),
    ("POST", "/c/{demo}/gestao/inscricoes/nova",                "x     x   x   x   x    -    -"),
    ("GET",  "/c/{demo}/gestao/importar",                       "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/importar",                       "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/importar/{upload}",              "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/importar/{upload}",              "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/importar/{upload}/rejeitadas.csv", "x   x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/importar/{x}/confirmar",         "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/pedidos-de-dados",               "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/pedidos-de-dados/{x}/atender",   "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/credenciamento/celular",                "x     x   x   -   x    -    -"),
    ("POST", "/c/{demo}/credenciamento/celular",                "x     x   x   -   x    -    -"),
    ("GET",  "/c/{demo}/plenaria/regimento",                    "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/plenaria/ata.pdf",                      "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/regimento/destaques",          "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/regimento/destaques/{x}/votacao", "x  x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/regimento/destaques/{x}/retirar", "x  x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/regimento/aprovar",            "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/votacao/abrir",                "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/plenaria/grupos",                       "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/grupos",                       "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/grupos/distribuir",            "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/grupos/config",                "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/grupos/{x}/membros",           "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/grupos/{x}/papeis",            "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/grupos/{x}/propostas",         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/propostas/{x}/editar",         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/propostas/{x}/juntar",         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/propostas/{x}/ordem",          "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/propostas/{x}/votacao",        "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/final/falas/{x}/iniciar",      "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/final/falas/{x}/encerrar",     "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/plenaria/mocoes",                       "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/plenaria/chamada",                      "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/chamada/abrir",                "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/chamada/encerrar",             "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/codigos-de-cadastro",            "x     x   x   x   x    -    -"),
    ("GET",  "/c/{demo}/credenciamento-online/pedidos",         "x     x   x   -   x    -    -"),
    ("POST", "/c/{demo}/credenciamento-online/pedidos/{x}/confirmar", "x x   x   -   x    -    -"),
    ("POST", "/c/{demo}/credenciamento-online/pedidos/{x}/recusar", "x   x   x   -   x    -    -"),
    ("POST", "/c/{demo}/gestao/codigos-de-cadastro",            "x     x   x   x   x    -    -"),
    ("POST", "/c/{demo}/consulta/abrir",                        "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/ordem",                        "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/ordem/{x}/iniciar",            "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/ordem/{x}/encerrar",           "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/ordem/{x}/dispensar",          "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/mocoes",                       "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/mocoes/config",                "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/mocoes/{x}/assinaturas",       "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/mocoes/{x}/decisao",           "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/mocoes/{x}/votacao",           "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/plenaria/prioridades",                  "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/prioridades",                  "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/prioridades/papel",            "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/prioridades/fechar",           "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/plenaria/final",                        "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/final/destaques",              "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/final/destaques/{x}/falas",    "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/final/destaques/{x}/votacao",  "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/final/destaques/{x}/retirar",  "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/final/eixos/{x}/bloco",        "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/votacao/{x}/encerrar",         "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/plenaria/eleicao",                      "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/eleicao/vagas",                "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/eleicao/candidaturas",         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/eleicao/candidaturas/{x}/retirar", "x x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/eleicao/segmentos/usuarios/abrir", "x x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/eleicao/segmentos/usuarios/novo-turno", "x x x -  -    -    -"),
    ("POST", "/c/{demo}/plenaria/eleicao/governo",              "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/eleicao/votacoes/{x}/encerrar", "x    x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/eleicao/apurar",               "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/plenaria/eleicao/resultado",            "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/plenaria/eleicao/levar",                "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/relatorio",                      "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/relatorio/dados",                "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/relatorio/conferir",             "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/relatorio/enviar",               "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/relatorio/baixar/json",          "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/relatorios-recebidos",           "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/etapa-anterior",                 "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/orientacao",                     "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/orientacao",                     "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/eixos/adotar",                   "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/relatorio/pacote",               "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/relatorios-recebidos/pacotes",   "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/relatorios-recebidos/pacotes/importar", "x x x -   -    -    -"),
    ("POST", "/c/{demo}/gestao/relatorios-recebidos/pacotes/chaves", "x x  x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/relatorios-recebidos/pacotes/chaves/{x}/remover", "x x x - - - -"),
    ("POST", "/c/{demo}/gestao/etapa-anterior/lembrar",         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/relatorios-recebidos/{x}/devolver", "x  x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/relatorios-recebidos/{x}/aceitar", "x   x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/monitoramento",                  "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/monitoramento/planilha.csv",     "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/monitoramento/importar",         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/monitoramento/{x}",              "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/monitoramento/{x}/marcos",       "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/monitoramento/{x}/marcos/{x}/remover", "x x x -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/sistematizacao",                 "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/sistematizacao/agrupar",         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/sistematizacao/grupos/{x}/texto", "x    x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/sistematizacao/grupos/{x}/revisado", "x x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/sistematizacao/grupos/{x}/enviar", "x   x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/sistematizacao/grupos/{x}/juntar", "x   x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/sistematizacao/propostas/{x}/mover", "x x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/sistematizacao/propostas/{x}/separar", "x x x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/questionarios",                  "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/questionarios",                  "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/questionarios/{x}/perguntas",    "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/questionarios/{x}/perguntas/{x}/remover", "x x x -   -    -    -"),
    ("POST", "/c/{demo}/gestao/questionarios/{x}/abrir",        "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/questionarios/{x}/encerrar",     "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/questionarios/{x}/papel",        "x     x   x   x   x    -    -"),
    ("POST", "/c/{demo}/gestao/questionarios/{x}/conferencia",  "x     x   x   x   x    -    -"),
    ("POST", "/c/{demo}/gestao/questionarios/{x}/diferencas/{x}", "x   x   x   x   x    -    -"),
    ("GET",  "/c/{demo}/unidade/{unit}",                        "x     x   x   x   -    -    -"),
    ("POST", "/c/{demo}/unidade/{unit}/reunioes",               "x     x   x   x   -    -    -"),
    ("POST", "/c/{demo}/unidade/{unit}/reunioes/{x}/realizada", "x     x   x   x   -    -    -"),
    ("POST", "/c/{demo}/unidade/{unit}/reunioes/{x}/presenca",  "x     x   x   x   -    -    -"),
    ("POST", "/c/{demo}/unidade/{unit}/reunioes/{x}/presenca/{x}/remover", "x x x x -    -    -"),
    ("POST", "/c/{demo}/unidade/{unit}/reunioes/{x}/delegados", "x     x   x   x   -    -    -"),
    ("POST", "/c/{demo}/unidade/{unit}/reunioes/{x}/delegados/{x}/remover", "x x x x -   -    -"),
    ("POST", "/c/{demo}/unidade/{unit}/midia",                  "x     x   x   x   -    -    -"),
    ("POST", "/c/{demo}/unidade/{unit}/envios/{x}/publicar",    "x     x   x   x   -    -    -"),
    ("POST", "/c/{demo}/unidade/{unit}/envios/{x}/recusar",     "x     x   x   x   -    -    -"),
    ("POST", "/c/{demo}/unidades/{unit}/envios",                "x     x   x   x   x    x    x"),
    ("GET",  "/c/{demo}/gestao/rede",                           "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/rede/territorios",               "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/rede/territorios/{x}",           "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/rede/territorios/{x}/arquivo",   "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/rede/unidades",                  "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/rede/unidades/{unit}",           "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/rede/unidades/{unit}",           "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/rede/unidades/{unit}/arquivo",   "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/rede/unidades/{unit}/participacao", "x  x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/rede/importar",                  "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/delegados-territoriais",         "x     x   x   -   -    -    -"),
    ("POST", "/c/{demo}/gestao/delegados-territoriais",         "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/gestao/delegados-territoriais.csv",     "x     x   x   -   -    -    -"),
    ("GET",  "/c/{demo}/credenciamento",                        "x     x   x   -   x    -    -"),
    ("GET",  "/c/{demo}/credenciamento?q=ana",                  "x     x   x   -   x    -    -"),
    ("POST", "/c/{demo}/credenciamento",                        "x     x   x   -   x    -    -"),
    ("POST", "/c/{demo}/credenciamento/saida",                  "x     x   x   -   x    -    -"),
    ("POST", "/c/{demo}/credenciamento/devolver",               "x     x   x   -   x    -    -"),
    ("GET",  "/c/{demo}/credenciamento/offline.json",           "x     x   x   -   x    -    -"),
    ("POST", "/c/{demo}/credenciamento/sincronizar",            "x     x   x   -   x    -    -"),
    ("GET",  "/c/{demo}/credenciamento/conflitos",              "x     x   x   -   x    -    -"),
    ("POST", "/c/{demo}/credenciamento/conflitos/{x}",          "x     x   x   -   x    -    -"),
    ("GET",  "/admin",                                          "x     -   -   -   -    -    -"),
    ("GET",  "/admin?q=itauna",                                 "x     -   -   -   -    -    -"),
    ("POST", "/admin/porte",                                    "x     -   -   -   -    -    -"),
    ("POST", "/admin/porte/ibge",                               "x     -   -   -   -    -    -"),
    ("GET",  "/admin/regioes",                                  "x     -   -   -   -    -    -"),
    ("POST", "/admin/regioes",                                  "x     -   -   -   -    -    -"),
    ("GET",  "/admin/regioes/{region}",                         "x     -   -   -   -    -    -"),
    ("POST", "/admin/regioes/{region}",                         "x     -   -   -   -    -    -"),
    ("GET",  "/admin/orgaos",                                   "x     -   -   -   -    -    -"),
    ("GET",  "/admin/orgaos?municipio=itauna",                  "x     -   -   -   -    -    -"),
    ("POST", "/admin/orgaos",                                   "x     -   -   -   -    -    -"),
    ("GET",  "/admin/orgaos/{body}",                            "x     -   -   -   -    -    -"),
    ("POST", "/admin/orgaos/{body}",                            "x     -   -   -   -    -    -"),
    ("POST", "/admin/orgaos/{body}/secretaria/{x}/revogar",     "x     -   -   -   -    -    -"),
    ("GET",  "/orgaos/{body}/gestao/membros",                   "x     x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/membros",                   "x     x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/membros/{x}/encerrar",      "x     x   -   -   -    -    -"),
    ("GET",  "/orgaos/{body}/gestao/reunioes",                  "x     x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/regras",           "x     x   -   -   -    -    -"),
    ("GET",  "/orgaos/{body}/gestao/reunioes/calendario",       "x     x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/calendario",       "x     x   -   -   -    -    -"),
    ("GET",  "/orgaos/{body}/gestao/reunioes/nova",             "x     x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/nova",             "x     x   -   -   -    -    -"),
    ("GET",  "/orgaos/{body}/gestao/reunioes/{meeting}",        "x     x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/{meeting}/pauta",  "x     x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/{meeting}/documentos", "x x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/{x}/convocar",     "x     x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/{meeting}/remarcar", "x   x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/{meeting}/cancelar", "x   x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/{meeting}/presenca", "x   x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/{meeting}/itens/{x}/resultado", "x x - - - - -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/{meeting}/encerrar", "x   x   -   -   -    -    -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/{meeting}/atas/{x}/aprovar", "x x - - - - -"),
    ("POST", "/orgaos/{body}/gestao/reunioes/{meeting}/resolucoes", "x x   -   -   -    -    -"),
    // A consortium's chamber (Pará de Minas, the demo council's municipality, is a member): its
    // campaigns are kept by its secretariat; the demo council's secretariat records Pará de
    // Minas's actions.
    ("GET",  "/orgaos/{chamber}/gestao/campanhas",              "x     -   -   -   -    -    -"),
    ("POST", "/orgaos/{chamber}/gestao/campanhas",              "x     -   -   -   -    -    -"),
    ("GET",  "/orgaos/{chamber}/gestao/campanhas/{campaign}",   "x     x   -   -   -    -    -"),
    ("POST", "/orgaos/{chamber}/gestao/campanhas/{campaign}/materiais", "x - - - - - -"),
    ("POST", "/orgaos/{chamber}/gestao/campanhas/{campaign}/acoes", "x  x   -   -   -    -    -"),
    ("POST", "/orgaos/{chamber}/gestao/campanhas/{campaign}/acoes/{caction}/fotos", "x x - - - - -"),
    ("POST", "/orgaos/{chamber}/gestao/campanhas/{campaign}/acoes/{x}/remover", "x x - - - - -"),
];

const PASSWORD: &str = "senha-da-matriz-1";

/// A username account with one grant, for roles the demo has no login for.
async fn account_with(
    db: &app::Db,
    username: &str,
    role: &str,
    body: Uuid,
    conference: Uuid,
) -> String {
    let id = Uuid::now_v7();
    account::Entity::insert(account::ActiveModel {
        id: Set(id),
        email: Set(None),
        username: Set(Some(username.into())),
        display_name: Set(username.into()),
        password_hash: Set(app::demo::seed::hash_password(PASSWORD).unwrap()),
        disabled: Set(false),
        must_change_password: Set(false),
        created_at: Set(Utc::now()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
    role_grant::Entity::insert(role_grant::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(id),
        role: Set(role.into()),
        body_id: Set(Some(body)),
        conference_id: Set(Some(conference)),
        unit_id: Set(None),
        appointment_act: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
    username.into()
}

fn request(method: &str, path: &str, cookie: Option<&str>, form: &str) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "localhost");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    if method == "POST" {
        b = b.header("sec-fetch-site", "same-origin");
        if path.ends_with("/gestao/convocacao")
            || path.ends_with("/documentos")
            || path.ends_with("/gestao/importar")
            || path.ends_with("/pacotes/importar")
            || path.ends_with("/monitoramento/importar")
            || path.ends_with("/rede/importar")
            || path.ends_with("/marcos")
            || path.ends_with("/midia")
            || path.ends_with("/envios")
            || path.ends_with("/materiais")
            || path.ends_with("/acoes")
            || path.ends_with("/fotos")
        {
            // The convocation form is multipart: an empty but well-formed one.
            return b
                .header(header::CONTENT_TYPE, "multipart/form-data; boundary=X")
                .body(Body::from("--X--\r\n"))
                .unwrap();
        }
        b = b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    b.body(Body::from(form.to_owned())).unwrap()
}

/// A consortium of Pará de Minas and Itaúna with its chamber, a campaign and Pará de Minas's
/// action in it: (chamber, campaign, action).
async fn consortium(
    db: &store::Db,
    admin: Option<&app::platform::auth::Me>,
) -> (String, String, String) {
    use app::platform::admin as a;
    let region = a::create_region(
        db,
        admin,
        &a::RegionInput {
            uf: "MG".into(),
            kind: "consorcio".into(),
            name: "Consórcio da Matriz".into(),
            ibge_codes: "3147105 3133808".into(),
        },
    )
    .await
    .unwrap();
    let chamber = a::create_body(
        db,
        admin,
        &a::BodyInput {
            kind: "camara_tecnica".into(),
            region_id: region.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .to_string();
    let today = Utc::now().date_naive();
    let campaign = app::bodies::campaigns::create(
        db,
        admin,
        &chamber,
        &app::bodies::campaigns::CampaignInput {
            title: "Campanha da matriz".into(),
            summary: "Uma campanha regional.".into(),
            starts_on: (today - chrono::Duration::days(5)).to_string(),
            ends_on: (today + chrono::Duration::days(5)).to_string(),
        },
    )
    .await
    .unwrap()
    .to_string();
    let para = store::entities::federative_entity::Entity::find()
        .filter(store::entities::federative_entity::Column::IbgeCode.eq("3147105"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .id;
    let action = app::bodies::campaigns::add_action(
        db,
        admin,
        &chamber,
        &campaign,
        &app::bodies::campaigns::ActionInput {
            municipality: para.to_string(),
            action_title: "Ação da matriz".into(),
            happened_on: (today - chrono::Duration::days(1)).to_string(),
            description: "Uma ação.".into(),
            people_reached: "10".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap()
    .to_string();
    (chamber, campaign, action)
}

both_dbs!(every_route_against_every_role, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let demo = conference::Entity::find()
        .filter(conference::Column::Slug.eq(app::demo::seed::DEMO_SLUG))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let demo_stage = stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(demo.id))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let admin_cookie = cookie(&db, "admin@demo.conferencia.local", "demo-admin-2025").await;
    let admin = app::platform::auth::me(&db, Some(admin_cookie.trim_start_matches("sid=")))
        .await
        .unwrap();

    // Another CMAS with its own conference and commission.
    let other_body = app::platform::admin::create_body(
        &db,
        admin.as_ref(),
        &app::platform::admin::BodyInput {
            kind: "cmas".into(),
            ibge_code: "3133808".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let other_slug = app::setup::conference::create_conference(
        &db,
        admin.as_ref(),
        &app::setup::conference::ConferenceInput {
            body_id: other_body.to_string(),
            cycle: "2025".into(),
            slug: "itauna-2025".into(),
            title: "XIV Conferência Municipal de Itaúna".into(),
            edition: "14".into(),
            theme: "20 anos do SUAS".into(),
            process_starts_on: "2025-04-01".into(),
            process_ends_on: "2025-07-31".into(),
            starts_on: "2025-07-10".into(),
            ends_on: "2025-07-11".into(),
            format: "presencial".into(),
            time_zone: "America/Sao_Paulo".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let other = conference::Entity::find()
        .filter(conference::Column::Slug.eq(other_slug))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let region = app::platform::admin::create_region(
        &db,
        admin.as_ref(),
        &app::platform::admin::RegionInput {
            uf: "MG".into(),
            kind: "regiao".into(),
            name: "Região Centro-Oeste".into(),
            ibge_codes: "3147105".into(),
        },
    )
    .await
    .unwrap();
    let demo_body = body::Entity::find_by_id(demo.body_id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();

    let cred = account_with(
        &db,
        "credenciamento.t",
        "credentialing_staff",
        demo.body_id,
        demo.id,
    )
    .await;
    let part = account_with(&db, "participante.t", "participant", demo.body_id, demo.id).await;
    let other_com = account_with(
        &db,
        "comissao.itauna",
        "organizing_commission",
        other.body_id,
        other.id,
    )
    .await;
    let cookies = [
        admin_cookie.clone(),
        cookie(
            &db,
            "secretaria@demo.conferencia.local",
            "demo-secretaria-2025",
        )
        .await,
        cookie(&db, "comissao@demo.conferencia.local", "demo-comissao-2025").await,
        cookie(&db, "articulador.cras.centro", "demo-articulador-2025").await,
        cookie(&db, &cred, PASSWORD).await,
        cookie(&db, &part, PASSWORD).await,
        cookie(&db, &other_com, PASSWORD).await,
    ];

    let cras_centro = store::entities::unit::Entity::find()
        .filter(store::entities::unit::Column::Name.eq("CRAS Centro"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .id;
    let upload = app::participants::import::upload(
        &db,
        admin.as_ref(),
        app::demo::seed::DEMO_SLUG,
        "lista.csv",
        "Nome;Categoria\nAna;Convidada\nSem Categoria;\n".as_bytes(),
        &app::participants::import::DefaultsInput::default(),
        true,
    )
    .await
    .unwrap();
    let reg = crate::support::register_at_desk(
        &db,
        admin.as_ref(),
        app::demo::seed::DEMO_SLUG,
        &app::participants::registration::RegistrationInput {
            name: "Pessoa da Matriz".into(),
            category: "convidado".into(),
            consent: true,
            ..Default::default()
        },
    )
    .await;
    let demo_item = app::setup::programme::public(&db, app::demo::seed::DEMO_SLUG)
        .await
        .unwrap()
        .items[0]
        .id;
    let demo_meeting = store::entities::body_meeting::Entity::find()
        .filter(store::entities::body_meeting::Column::BodyId.eq(demo_body.id))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .id;
    let (chamber, campaign, caction) = consortium(&db, admin.as_ref()).await;
    let app = web::router(db.clone());
    let mut failures = Vec::new();
    for (method, template, expect) in MATRIX {
        let path = template
            .replace("{demo}", app::demo::seed::DEMO_SLUG)
            .replace("{stage}", &demo_stage.id.to_string())
            .replace("{body}", &demo_body.id.to_string())
            .replace("{region}", &region.to_string())
            .replace("{unit}", &cras_centro.to_string())
            .replace("{upload}", &upload.to_string())
            .replace("{reg}", &reg)
            .replace("{item}", &demo_item.to_string())
            .replace("{meeting}", &demo_meeting.to_string())
            .replace("{chamber}", &chamber)
            .replace("{campaign}", &campaign)
            .replace("{caction}", &caction)
            .replace("{x}", &Uuid::now_v7().to_string());
        // Creating a conference names its body, so that refusal is about permission, not input.
        let form = if template == &"/gestao/nova-conferencia" {
            format!("body_id={}", demo_body.id)
        } else {
            String::new()
        };
        let marks: Vec<&str> = expect.split_whitespace().collect();
        assert_eq!(marks.len(), ROLES.len(), "row {method} {template}");

        // Anonymous: to the login page, coming back here afterwards.
        let res = app
            .clone()
            .oneshot(request(method, &path, None, &form))
            .await
            .unwrap();
        let bare = path.split('?').next().unwrap_or(&path);
        let want = format!(
            "/entrar?volta={}",
            serde_urlencoded::to_string([("", bare)])
                .unwrap()
                .trim_start_matches('=')
        );
        let location = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if res.status() != StatusCode::SEE_OTHER || location != want {
            failures.push(format!(
                "anonymous {method} {path}: {} {location} (want 303 {want})",
                res.status()
            ));
        }

        for ((role, mark), c) in ROLES.iter().zip(&marks).zip(&cookies) {
            let res = app
                .clone()
                .oneshot(request(method, &path, Some(c), &form))
                .await
                .unwrap();
            let s = res.status();
            let ok = match (*mark, *method) {
                ("x", "GET") => s == StatusCode::OK,
                ("x", _) => matches!(
                    s,
                    StatusCode::UNPROCESSABLE_ENTITY
                        | StatusCode::SEE_OTHER
                        | StatusCode::NOT_FOUND
                ),
                ("-", _) => s == StatusCode::FORBIDDEN,
                _ => panic!("mark must be x or -: {mark}"),
            };
            if !ok {
                failures.push(format!("{role} {method} {path}: got {s}, expected {mark}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} authorization mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
});

/// The hrefs of the conference menu written into `page` (empty when there is none).
fn menu_links(page: &str) -> Vec<String> {
    let Some(start) = page.find(r#"<nav aria-label="Menu da conferência""#) else {
        return Vec::new();
    };
    let nav = &page[start..start + page[start..].find("</nav>").unwrap()];
    nav.split(r#"href=""#)
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .collect()
}

async fn answer(app: &axum::Router, uri: &str, cookie: &str) -> (StatusCode, String) {
    crate::support::send_body(app, crate::support::get(uri, cookie)).await
}

// Menus by role: every link a person's menu shows opens (never "Acesso negado"), the desk staff
// get the desk and not the commission's pages, the articulator their unit, a state conference
// its inbox first; the panel opens each conference where the person's work starts.
both_dbs!(
    every_menu_link_opens_for_whom_it_is_shown,
    |db| async move {
        app::demo::seed::seed_with_history(&db).await.unwrap();
        let demo = conference::Entity::find()
            .filter(conference::Column::Slug.eq(app::demo::seed::DEMO_SLUG))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let state = conference::Entity::find()
            .filter(conference::Column::Level.eq("estadual"))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let app = web::router(db.clone());
        let slug = app::demo::seed::DEMO_SLUG;
        let cred = account_with(
            &db,
            "mesa.menu",
            "credentialing_staff",
            demo.body_id,
            demo.id,
        )
        .await;
        let state_com = account_with(
            &db,
            "comissao.estadual",
            "organizing_commission",
            state.body_id,
            state.id,
        )
        .await;
        let mut people = Vec::new();
        for (login, pw, _) in app::demo::seed::DEMO_LOGINS {
            people.push((login.to_string(), cookie(&db, login, pw).await));
        }
        people.push((cred.clone(), cookie(&db, &cred, PASSWORD).await));
        for (who, sid) in &people {
            let (s, page) = answer(&app, &format!("/c/{slug}/gestao"), sid).await;
            assert_eq!(s, StatusCode::OK, "{who}");
            let links = menu_links(&page);
            assert!(!links.is_empty(), "{who} has a menu");
            for l in links {
                let (s, _) = answer(&app, &l, sid).await;
                assert!(
                    s == StatusCode::OK || s == StatusCode::SEE_OTHER,
                    "{who}: {l} answered {s}"
                );
            }
        }
        let by = |who: &str| people.iter().find(|(w, _)| w == who).unwrap().1.clone();

        // The breadcrumb names the page shown and its phase, first in the main content; the menu
        // is one disclosure ("Menu da conferência"), the phase of the page marked.
        let (_, page) = answer(
            &app,
            &format!("/c/{slug}/gestao/calendario"),
            &by("comissao@demo.conferencia.local"),
        )
        .await;
        let main = page.find(r#"<main id="conteudo" tabindex="-1">"#).unwrap();
        let trail = page
            .find(r#"<nav class="trilha" aria-label="Você está aqui">"#)
            .unwrap();
        assert!(
            trail > main && trail < page.find("<h1>").unwrap(),
            "trail before the title"
        );
        assert!(page.contains(
            r#"<li>Preparação</li><li><span aria-current="page">Calendário</span></li>"#
        ));
        assert!(page.contains(r#"<details class="menu-conferencia" open>"#));
        assert!(page.contains(r#"<div class="menu-fase menu-fase-atual">"#));
        // Tabs mark the page shown: the plenary's sections.
        let (_, page) = answer(
            &app,
            &format!("/c/{slug}/plenaria/mocoes"),
            &by("comissao@demo.conferencia.local"),
        )
        .await;
        assert!(page.contains(&format!(
            r#"<a href="/c/{slug}/plenaria/mocoes" aria-current="page">Moções</a>"#
        )));
        assert_eq!(page.matches(r#"aria-current="page""#).count(), 1);

        let (_, page) = answer(&app, &format!("/c/{slug}/gestao"), &by(&cred)).await;
        let links = menu_links(&page);
        assert!(links.contains(&format!("/c/{slug}/credenciamento")));
        assert!(
            !links
                .iter()
                .any(|l| l.ends_with("/gestao/dados") || l.ends_with("/gestao/relatorio"))
        );
        let (_, panel) = answer(&app, "/painel", &by(&cred)).await;
        assert!(
            panel.contains(&format!(r#"href="/c/{slug}/credenciamento""#)),
            "the desk is where they start"
        );

        let art = by("articulador.cras.centro");
        let (_, page) = answer(&app, &format!("/c/{slug}/gestao"), &art).await;
        assert!(page.contains("Suas unidades"));
        assert!(menu_links(&page).iter().any(|l| l.contains("/unidade/")));
        assert!(
            !menu_links(&page)
                .iter()
                .any(|l| l.ends_with("/gestao/papeis"))
        );
        let (_, panel) = answer(&app, "/painel", &art).await;
        assert!(panel.contains(&format!(r#"<a href="/c/{slug}/unidade/"#)));

        let sc = cookie(&db, &state_com, PASSWORD).await;
        let (s, page) = answer(&app, &format!("/c/{}/gestao", state.slug), &sc).await;
        assert_eq!(s, StatusCode::OK);
        let links = menu_links(&page);
        assert_eq!(
            links[0],
            format!("/c/{}/gestao/relatorios-recebidos", state.slug),
            "inbox first"
        );
        let (_, panel) = answer(&app, "/painel", &sc).await;
        assert!(panel.contains(&format!(
            r#"href="/c/{}/gestao/relatorios-recebidos""#,
            state.slug
        )));

        // A participant has no staff menu; the public page of the conference shows none either.
        let part = account_with(
            &db,
            "participante.menu",
            "participant",
            demo.body_id,
            demo.id,
        )
        .await;
        let pc = cookie(&db, &part, PASSWORD).await;
        let (_, page) = answer(&app, &format!("/c/{slug}/plenaria/grupos"), &pc).await;
        assert!(menu_links(&page).is_empty());
        let (_, page) = crate::support::send_body(
            &app,
            crate::support::get_maybe(&format!("/c/{slug}/gestao/dados"), None),
        )
        .await;
        assert!(!page.contains("<!-- menu:"), "the marker never leaks");
    }
);
