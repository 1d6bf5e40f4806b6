//! The staff menu of a conference, grouped by the phases of the cycle and fitted to the person:
//! an entry is listed only when [`policy::decide`](crate::policy::decide) allows the action its
//! page checks, so nobody is shown a link that answers "Acesso negado". A conference that
//! receives reports (regional, state, national) shows its inbox first.

use crate::policy::{Action, Actor, ConferenceScope, Decision, decide};
use crate::values::Level;

/// One link: its path after `/c/{slug}` and its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub path: &'static str,
    pub label: &'static str,
}

/// A phase of the cycle and its links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub title: &'static str,
    pub entries: Vec<Entry>,
}

type Gate = fn(ConferenceScope) -> Action;

/// Each entry with the action its page checks.
type Table = &'static [(&'static str, &'static [(&'static str, &'static str, Gate)])];

const INBOX: Table = &[(
    "Relatórios das conferências abaixo",
    &[
        (
            "/gestao/relatorios-recebidos",
            "Relatórios recebidos",
            Action::ReviewReports,
        ),
        (
            "/gestao/sistematizacao",
            "Sistematização das propostas",
            Action::Systematize,
        ),
        (
            "/gestao/orientacao",
            "Orientação às conferências abaixo",
            Action::PublishOrientation,
        ),
    ],
)];

const PHASES: Table = &[
    (
        "Preparação",
        &[
            ("/gestao", "Resumo", Action::ViewConferenceAdmin),
            ("/gestao/dados", "Dados", Action::EditConference),
            ("/gestao/eixos", "Eixos", Action::EditConference),
            ("/gestao/calendario", "Calendário", Action::ManageCalendar),
            (
                "/gestao/programacao",
                "Programação do dia",
                Action::ManageProgramme,
            ),
            ("/gestao/convocacao", "Convocação", Action::EditConference),
            ("/gestao/comissao", "Comissão", Action::EditConference),
            ("/gestao/documentos", "Documentos", Action::EditConference),
            ("/gestao/regimento", "Regimento", Action::EditConference),
            ("/gestao/categorias", "Categorias", Action::EditConference),
            (
                "/gestao/papeis",
                "Papéis e acessos",
                Action::ManageConferenceRoles,
            ),
        ],
    ),
    (
        "Mobilização",
        &[
            (
                "/gestao/questionarios",
                "Questionários",
                Action::ManageQuestionnaires,
            ),
            (
                "/gestao/galeria",
                "Galeria das unidades",
                Action::ManageReport,
            ),
            ("/gestao/engajamento", "Engajamento", Action::ManageCalendar),
            (
                "/gestao/delegados-territoriais",
                "Delegados(as) territoriais",
                Action::ManageTerritorialDelegates,
            ),
            ("/participe", "Etapa digital", Action::ParticipateOnline),
            ("/consulta", "Consulta on-line", Action::ModerateOnline),
            (
                "/gestao/codigos-de-cadastro",
                "Contas sem e-mail",
                Action::IssueSignupCodes,
            ),
        ],
    ),
    (
        "Inscrições e credenciamento",
        &[
            ("/gestao/inscricoes", "Inscrições", Action::ViewParticipants),
            (
                "/gestao/inscricoes/nova",
                "Inscrever alguém",
                Action::RegisterParticipants,
            ),
            (
                "/gestao/importar",
                "Importar planilha",
                Action::ImportParticipants,
            ),
            (
                "/gestao/quorum",
                "Quórum e suplentes",
                Action::EditConference,
            ),
            (
                "/gestao/impressos",
                "Crachás e listas",
                Action::ViewParticipants,
            ),
            (
                "/credenciamento",
                "Credenciamento (mesa)",
                Action::Credential,
            ),
            (
                "/credenciamento/conflitos",
                "Conflitos das mesas offline",
                Action::ViewParticipants,
            ),
            (
                "/credenciamento-online/pedidos",
                "Verificação por vídeo (online)",
                Action::VerifyRemoteIdentity,
            ),
            (
                "/gestao/certificados",
                "Certificados",
                Action::EditConference,
            ),
        ],
    ),
    (
        "Plenária",
        &[("/plenaria/regimento", "Plenária", Action::RunPlenary)],
    ),
    (
        "Relatório e monitoramento",
        &[
            ("/gestao/relatorio", "Relatório final", Action::ManageReport),
            ("/gestao/monitoramento", "Monitoramento", Action::FollowUp),
            (
                "/gestao/pedidos-de-dados",
                "Pedidos sobre dados",
                Action::HandleDataRequests,
            ),
        ],
    ),
];

fn groups(table: Table, actor: &Actor, scope: ConferenceScope) -> Vec<Group> {
    table
        .iter()
        .map(|(title, entries)| Group {
            title,
            entries: entries
                .iter()
                .filter(|(_, _, gate)| decide(Some(actor), gate(scope)) == Decision::Allow)
                .map(|(path, label, _)| Entry { path, label })
                .collect(),
        })
        .filter(|g| !g.entries.is_empty())
        .collect()
}

/// The menu of `actor` on a conference of `level` (empty for someone with no staff page there).
pub fn conference_menu(actor: &Actor, scope: ConferenceScope, level: Level) -> Vec<Group> {
    let mut out = Vec::new();
    if level != Level::Municipal {
        out.extend(groups(INBOX, actor, scope));
    }
    out.extend(groups(PHASES, actor, scope));
    // The etapa digital is open to every account: on its own it is not a staff menu.
    if out
        .iter()
        .all(|g| g.entries.iter().all(|e| e.path == "/participe"))
    {
        return Vec::new();
    }
    out
}

/// Where the person's work on this conference starts: the inbox of a conference that receives
/// reports, the desk for credentialing staff, else the first entry of the menu.
pub fn landing(menu: &[Group]) -> Option<&'static str> {
    let all = || menu.iter().flat_map(|g| g.entries.iter());
    let has = |p: &str| all().any(|e| e.path == p);
    if has("/gestao/relatorios-recebidos") {
        return Some("/gestao/relatorios-recebidos");
    }
    if has("/credenciamento") && !has("/gestao/dados") {
        return Some("/credenciamento");
    }
    all().next().map(|e| e.path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{BodyId, ConferenceId, UserId};
    use crate::policy::{Grant, Role};
    use uuid::Uuid;

    fn scope() -> ConferenceScope {
        ConferenceScope {
            body: BodyId(Uuid::from_u128(1)),
            conference: ConferenceId(Uuid::from_u128(2)),
        }
    }

    fn actor(role: Role) -> Actor {
        let s = scope();
        let grant = match role {
            Role::PlatformAdmin => Grant {
                role,
                body: None,
                conference: None,
                unit: None,
            },
            Role::BodySecretariat => Grant {
                role,
                body: Some(s.body),
                conference: None,
                unit: None,
            },
            _ => Grant {
                role,
                body: Some(s.body),
                conference: Some(s.conference),
                unit: None,
            },
        };
        Actor {
            user: UserId(Uuid::from_u128(9)),
            grants: vec![grant],
        }
    }

    fn paths(m: &[Group]) -> Vec<&'static str> {
        m.iter()
            .flat_map(|g| g.entries.iter().map(|e| e.path))
            .collect()
    }

    #[test]
    fn every_entry_is_allowed_for_whom_it_is_listed() {
        for role in Role::ALL {
            let a = actor(*role);
            for level in Level::ALL {
                for g in conference_menu(&a, scope(), *level) {
                    assert!(!g.entries.is_empty(), "no empty group");
                    for e in g.entries {
                        let (_, _, gate) = PHASES
                            .iter()
                            .chain(INBOX)
                            .flat_map(|(_, es)| es.iter())
                            .find(|(p, _, _)| *p == e.path)
                            .unwrap();
                        assert_eq!(decide(Some(&a), gate(scope())), Decision::Allow);
                    }
                }
            }
        }
    }

    #[test]
    fn each_role_sees_its_own_work() {
        let desk = conference_menu(&actor(Role::CredentialingStaff), scope(), Level::Municipal);
        let p = paths(&desk);
        assert!(p.contains(&"/credenciamento"));
        assert!(!p.contains(&"/gestao/dados") && !p.contains(&"/gestao/relatorio"));
        assert_eq!(landing(&desk), Some("/credenciamento"));

        let com = conference_menu(
            &actor(Role::OrganizingCommission),
            scope(),
            Level::Municipal,
        );
        assert_eq!(
            com.iter().map(|g| g.title).collect::<Vec<_>>(),
            [
                "Preparação",
                "Mobilização",
                "Inscrições e credenciamento",
                "Plenária",
                "Relatório e monitoramento"
            ]
        );
        assert!(!paths(&com).contains(&"/gestao/relatorios-recebidos"));
        assert_eq!(landing(&com), Some("/gestao"));

        let state = conference_menu(&actor(Role::OrganizingCommission), scope(), Level::Estadual);
        assert_eq!(state[0].title, "Relatórios das conferências abaixo");
        assert_eq!(landing(&state), Some("/gestao/relatorios-recebidos"));

        let part = conference_menu(&actor(Role::Participant), scope(), Level::Municipal);
        assert!(part.is_empty(), "a participant has no staff menu");
    }
}
