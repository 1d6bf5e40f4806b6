//! Who may do what. The one place that decides; every use case asks here.
//!
//! Roles are granted to a user *scoped* to a body, a conference or a unit. A role on a body
//! covers every conference of that body.

use crate::ids::{BodyId, ConferenceId, GroupId, UnitId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PlatformAdmin,
    BodySecretariat,
    OrganizingCommission,
    TerritorialArticulator,
    CredentialingStaff,
    Participant,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::PlatformAdmin,
        Role::BodySecretariat,
        Role::OrganizingCommission,
        Role::TerritorialArticulator,
        Role::CredentialingStaff,
        Role::Participant,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::BodySecretariat => "body_secretariat",
            Role::OrganizingCommission => "organizing_commission",
            Role::TerritorialArticulator => "territorial_articulator",
            Role::CredentialingStaff => "credentialing_staff",
            Role::Participant => "participant",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "Administração da plataforma",
            Role::BodySecretariat => "Secretaria executiva do conselho",
            Role::OrganizingCommission => "Comissão organizadora",
            Role::TerritorialArticulator => "Articulador(a) territorial",
            Role::CredentialingStaff => "Equipe de credenciamento",
            Role::Participant => "Participante",
        }
    }
}

/// One role held by a user, with its scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub role: Role,
    pub body: Option<BodyId>,
    pub conference: Option<ConferenceId>,
    pub unit: Option<UnitId>,
}

/// A logged-in person and their grants.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: UserId,
    pub grants: Vec<Grant>,
}

/// The conference an action is about, with the body that owns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConferenceScope {
    pub body: BodyId,
    pub conference: ConferenceId,
}

/// Everything that needs a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Porte of municipalities, regions, bodies.
    ManageTenancy,
    /// Grant the secretariat role of a body.
    ManageBodyStaff(BodyId),
    /// Create a conference owned by a body.
    CreateConference(BodyId),
    /// Keep a standing body's own records all year (issue 24): its members and their mandates
    /// (the body's secretariat).
    ManageBody(BodyId),
    /// Record what a member municipality did for a regional campaign of a consortium's technical
    /// chamber (issue 24, ADR 0046): the chamber's secretariat for any member municipality, and
    /// the secretariat of the municipality's own council (`Some`, when it has one here) for it.
    ReportRegionalAction(BodyId, Option<BodyId>),
    /// See the staff area of a conference.
    ViewConferenceAdmin(ConferenceScope),
    /// Edit the data of a conference: cycle, eixos, dates, venue, documents, regimento, commission.
    EditConference(ConferenceScope),
    /// Change the calendar of stages.
    ManageCalendar(ConferenceScope),
    /// Edit the conference day's programme (programação: mesa de abertura, palestra magna,
    /// groups, plenary, election); the programme itself is public.
    ManageProgramme(ConferenceScope),
    /// Print a participant's kit (badge, working group, programme, what advanced since the last
    /// conference) for them: the desk staff, the commission, the secretariat. The person
    /// themselves downloads their own from `meus-dados`, with their proof of identity.
    PrintParticipantKit(ConferenceScope),
    /// Grant conference-scoped roles (commission, articulators, credentialing staff).
    ManageConferenceRoles(ConferenceScope),
    /// Edit a unit's pages and report its meetings.
    ManageUnit(ConferenceScope, UnitId),
    /// See and record the people of a unit's meetings by name: the attendance list and the
    /// territorial delegates elected there (personal data: the unit's own articulators and the
    /// conference staff only; public pages show counts).
    ManageUnitPeople(ConferenceScope, UnitId),
    /// Set whether the pre-conferences elect territorial delegates and how many per unit, see
    /// every unit's delegates and download them for the participants import (the organizing
    /// commission and the secretariat).
    ManageTerritorialDelegates(ConferenceScope),
    /// Keep the council's social-assistance network (territories and units: add, edit, archive,
    /// import a spreadsheet) and choose which units take part in the conference (the
    /// organizing commission and the secretariat).
    ManageNetwork(ConferenceScope),
    /// Check people in at the door.
    Credential(ConferenceScope),
    /// Register someone else (assisted registration, walk-in at the desk).
    RegisterParticipants(ConferenceScope),
    /// See the list of registrations with contact data (CPF always masked).
    ViewParticipants(ConferenceScope),
    /// See quota self-declarations person by person (sensitive data; public outputs are counts).
    ViewSensitive(ConferenceScope),
    /// Correct a registration's data (a person's request, a typo at the desk). Quota
    /// self-declarations are not part of it.
    CorrectRegistration(ConferenceScope),
    /// Conduct the plenary at the table: record destaques raised by hand, enter counted votes,
    /// approve the regimento.
    RunPlenary(ConferenceScope),
    /// Import participants from a spreadsheet (the council's lists: natural delegates, delegates
    /// elected in the territories).
    ImportParticipants(ConferenceScope),
    /// See and answer the data-subject requests (LGPD art. 18: corrections) of a conference.
    HandleDataRequests(ConferenceScope),
    /// Edit the text, level and kind of a working group's proposals and order them: the table
    /// staff for every group; from a paired phone, the group's rapporteur for their own group
    /// only (`decide_phone`).
    EditGroupProposals(ConferenceScope, GroupId),
    /// Fill in, confirm and submit the conference's final report (the commission).
    ManageReport(ConferenceScope),
    /// See the reports sent to this conference by the conferences below, return or accept them
    /// (the state's or the nation's team, on the parent conference).
    ReviewReports(ConferenceScope),
    /// Edit and publish the orientation for the conferences below (seat table by porte, report
    /// deadline, extra report questions; ADR 0036): the state's (or region's) commission and
    /// secretariat, on their own conference.
    PublishOrientation(ConferenceScope),
    /// Build questionnaires (the evaluation, mobilization questionnaires), open and close them,
    /// see their results.
    ManageQuestionnaires(ConferenceScope),
    /// Type paper questionnaire forms in (commission, credentialing staff, articulators).
    TypePaperForms(ConferenceScope),
    /// Record the follow-up of the conference's deliberations after it (monitoramento):
    /// status, responsible body, milestones with evidence, the spreadsheet import.
    FollowUp(ConferenceScope),
    /// Group the received proposals of this conference's pool, review the groups, merge their
    /// texts and send them to its working groups (the state's or the nation's team).
    Systematize(ConferenceScope),
    /// Set the weights of the units' engagement ranking, confirm the counts that score and reveal
    /// the winners: the organizing commission only ("a score change by someone who is
    /// not in the commission" is refused, the secretariat included).
    ScoreEngagement(ConferenceScope),
    /// Take part in the etapa digital: send proposals, support, comment. Any
    /// logged-in account, with or without a role: the etapa digital is open to the population.
    /// Whether it is open now is the use case's check, not a permission.
    ParticipateOnline(ConferenceScope),
    /// Moderate the etapa digital: hide a proposal or a comment with a reason, show it again,
    /// open and close the etapa, set a working group's video-call link (the commission and the
    /// secretariat).
    ModerateOnline(ConferenceScope),
    /// Send a photo, a PDF or a video link to a unit's gallery ("units and
    /// participants upload"). Any logged-in account: what a participant sends waits for the
    /// unit's review (`ManageUnit`) before anyone else sees it.
    ContributeMedia(ConferenceScope),
    /// Hand out single-use sign-up codes for people without e-mail (assisted sign-up, ADR
    /// 0041): whoever runs the conference, a CRAS's articulator, the credentialing staff.
    IssueSignupCodes(ConferenceScope),
    /// Check the identity of a delegate who asked to be credentialed online by a video call,
    /// and confirm or refuse it (ADR 0040): whoever runs the conference, the credentialing staff.
    VerifyRemoteIdentity(ConferenceScope),
}

/// A paired delegate phone (no account): the conference it was paired for and the working group
/// whose rapporteur the person is, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phone {
    pub conference: ConferenceId,
    pub rapporteur_of: Option<GroupId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// No one is logged in: the answer is "log in first" (401).
    NeedsLogin,
    /// Logged in, but not allowed (403).
    Forbidden,
}

impl Actor {
    pub fn is_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::PlatformAdmin)
    }

    fn has(&self, role: Role, scope: &ConferenceScope) -> bool {
        self.grants.iter().any(|g| {
            g.role == role
                && (g.conference == Some(scope.conference)
                    || (g.conference.is_none() && g.body == Some(scope.body)))
        })
    }

    fn secretariat_of(&self, body: BodyId) -> bool {
        self.grants
            .iter()
            .any(|g| g.role == Role::BodySecretariat && g.body == Some(body))
    }

    /// Conference-level staff: the body's secretariat or the organizing commission.
    fn runs(&self, s: &ConferenceScope) -> bool {
        self.secretariat_of(s.body) || self.has(Role::OrganizingCommission, s)
    }
}

/// The decision for `actor` (None when nobody is logged in) doing `action`.
pub fn decide(actor: Option<&Actor>, action: Action) -> Decision {
    let Some(a) = actor else {
        return Decision::NeedsLogin;
    };
    if a.is_admin() {
        return Decision::Allow;
    }
    let ok = match action {
        Action::ManageTenancy => false,
        Action::ManageBodyStaff(_) => false,
        Action::CreateConference(body) | Action::ManageBody(body) => a.secretariat_of(body),
        Action::ReportRegionalAction(chamber, council) => {
            a.secretariat_of(chamber) || council.is_some_and(|c| a.secretariat_of(c))
        }
        Action::EditConference(s) | Action::ManageCalendar(s) | Action::ManageProgramme(s) => {
            a.runs(&s)
        }
        Action::PrintParticipantKit(s) => a.runs(&s) || a.has(Role::CredentialingStaff, &s),
        Action::ManageConferenceRoles(s) => a.runs(&s),
        Action::ViewConferenceAdmin(s) => {
            a.runs(&s)
                || a.has(Role::TerritorialArticulator, &s)
                || a.has(Role::CredentialingStaff, &s)
        }
        Action::ManageUnit(s, unit) | Action::ManageUnitPeople(s, unit) => {
            a.runs(&s)
                || a.grants.iter().any(|g| {
                    g.role == Role::TerritorialArticulator
                        && g.conference == Some(s.conference)
                        && g.unit == Some(unit)
                })
        }
        Action::Credential(s) => a.runs(&s) || a.has(Role::CredentialingStaff, &s),
        Action::RegisterParticipants(s) => {
            a.runs(&s)
                || a.has(Role::CredentialingStaff, &s)
                || a.has(Role::TerritorialArticulator, &s)
        }
        Action::ViewParticipants(s) | Action::CorrectRegistration(s) => {
            a.runs(&s) || a.has(Role::CredentialingStaff, &s)
        }
        Action::ViewSensitive(s) | Action::ImportParticipants(s) | Action::RunPlenary(s) => {
            a.runs(&s)
        }
        Action::HandleDataRequests(s) => a.runs(&s),
        Action::EditGroupProposals(s, _) => a.runs(&s),
        Action::ManageReport(s) | Action::ReviewReports(s) | Action::ManageQuestionnaires(s) => {
            a.runs(&s)
        }
        Action::PublishOrientation(s) => a.runs(&s),
        Action::TypePaperForms(s) => {
            a.runs(&s)
                || a.has(Role::CredentialingStaff, &s)
                || a.has(Role::TerritorialArticulator, &s)
        }
        Action::FollowUp(s) => a.runs(&s),
        Action::ManageTerritorialDelegates(s) | Action::ManageNetwork(s) => a.runs(&s),
        Action::Systematize(s) => a.runs(&s),
        Action::ScoreEngagement(s) => a.has(Role::OrganizingCommission, &s),
        Action::ParticipateOnline(_) | Action::ContributeMedia(_) => true,
        Action::ModerateOnline(s) => a.runs(&s),
        Action::VerifyRemoteIdentity(s) => a.runs(&s) || a.has(Role::CredentialingStaff, &s),
        Action::IssueSignupCodes(s) => {
            a.runs(&s)
                || a.has(Role::CredentialingStaff, &s)
                || a.has(Role::TerritorialArticulator, &s)
        }
    };
    if ok {
        Decision::Allow
    } else {
        Decision::Forbidden
    }
}

/// The decision for a paired phone (None when the phone is not paired) doing `action`: only a
/// group's rapporteur, on their own group's proposals; nothing else is done from a phone
/// through the staff actions.
pub fn decide_phone(phone: Option<&Phone>, action: Action) -> Decision {
    let Some(p) = phone else {
        return Decision::NeedsLogin;
    };
    let ok = match action {
        Action::EditGroupProposals(s, g) => {
            s.conference == p.conference && p.rapporteur_of == Some(g)
        }
        _ => false,
    };
    if ok {
        Decision::Allow
    } else {
        Decision::Forbidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(
        role: Role,
        body: Option<BodyId>,
        conf: Option<ConferenceId>,
        unit: Option<UnitId>,
    ) -> Actor {
        Actor {
            user: UserId::new(),
            grants: vec![Grant {
                role,
                body,
                conference: conf,
                unit,
            }],
        }
    }

    /// Every role against every action, on its own conference and on another one.
    #[test]
    fn matrix() {
        let body = BodyId::new();
        let conf = ConferenceId::new();
        let unit = UnitId::new();
        let other_body = BodyId::new();
        let other_conf = ConferenceId::new();
        let group = GroupId::new();
        let own = ConferenceScope {
            body,
            conference: conf,
        };
        let foreign = ConferenceScope {
            body: other_body,
            conference: other_conf,
        };
        // Each action with the roles allowed on their own scope, in the order of `Role::ALL`:
        // platform admin, body secretariat, organizing commission, territorial articulator,
        // credentialing staff, participant (`x` allowed, `.` forbidden).
        #[rustfmt::skip]
        let actions = |s: ConferenceScope| {
            [
                ("tenancy",         Action::ManageTenancy,                 "x....."),
                ("body_staff",      Action::ManageBodyStaff(s.body),       "x....."),
                ("create",          Action::CreateConference(s.body),      "xx...."),
                ("body",            Action::ManageBody(s.body),            "xx...."),
                ("regional_action", Action::ReportRegionalAction(s.body, None), "xx...."),
                ("view_admin",      Action::ViewConferenceAdmin(s),        "xxxxx."),
                ("edit",            Action::EditConference(s),             "xxx..."),
                ("calendar",        Action::ManageCalendar(s),             "xxx..."),
                ("programme",       Action::ManageProgramme(s),            "xxx..."),
                ("kit",             Action::PrintParticipantKit(s),        "xxx.x."),
                ("roles",           Action::ManageConferenceRoles(s),      "xxx..."),
                ("unit",            Action::ManageUnit(s, unit),           "xxxx.."),
                ("unit_people",     Action::ManageUnitPeople(s, unit),     "xxxx.."),
                ("territorial",     Action::ManageTerritorialDelegates(s), "xxx..."),
                ("network",         Action::ManageNetwork(s),              "xxx..."),
                ("credential",      Action::Credential(s),                 "xxx.x."),
                ("register",        Action::RegisterParticipants(s),       "xxxxx."),
                ("participants",    Action::ViewParticipants(s),           "xxx.x."),
                ("sensitive",       Action::ViewSensitive(s),              "xxx..."),
                ("import",          Action::ImportParticipants(s),         "xxx..."),
                ("correct",         Action::CorrectRegistration(s),        "xxx.x."),
                ("plenary",         Action::RunPlenary(s),                 "xxx..."),
                ("data_requests",   Action::HandleDataRequests(s),         "xxx..."),
                ("group_proposals", Action::EditGroupProposals(s, group),  "xxx..."),
                ("report",          Action::ManageReport(s),               "xxx..."),
                ("review_reports",  Action::ReviewReports(s),              "xxx..."),
                ("orientation",     Action::PublishOrientation(s),         "xxx..."),
                ("questionnaires",  Action::ManageQuestionnaires(s),       "xxx..."),
                ("paper_forms",     Action::TypePaperForms(s),             "xxxxx."),
                ("follow_up",       Action::FollowUp(s),                   "xxx..."),
                ("systematize",     Action::Systematize(s),                "xxx..."),
                ("engagement",      Action::ScoreEngagement(s),            "x.x..."),
                ("participate",     Action::ParticipateOnline(s),          "xxxxxx"),
                ("moderate",        Action::ModerateOnline(s),             "xxx..."),
                ("contribute",      Action::ContributeMedia(s),            "xxxxxx"),
                ("signup_codes",    Action::IssueSignupCodes(s),           "xxxxx."),
                ("verify_remote",   Action::VerifyRemoteIdentity(s),       "xxx.x."),
            ]
        };
        let named = |s| actions(s).map(|(name, action, _)| (name, action));
        for (i, role) in Role::ALL.iter().enumerate() {
            let a = match role {
                Role::PlatformAdmin => actor(*role, None, None, None),
                Role::BodySecretariat => actor(*role, Some(body), None, None),
                Role::TerritorialArticulator => actor(*role, Some(body), Some(conf), Some(unit)),
                _ => actor(*role, Some(body), Some(conf), None),
            };
            for (name, action, mask) in actions(own) {
                let expect = if mask.as_bytes()[i] == b'x' {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                };
                assert_eq!(decide(Some(&a), action), expect, "{role:?} {name} own");
            }
            for (name, action) in named(foreign) {
                // The etapa digital is open to any account, of any conference.
                let expect = if *role == Role::PlatformAdmin
                    || matches!(name, "participate" | "contribute")
                {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                };
                assert_eq!(decide(Some(&a), action), expect, "{role:?} {name} foreign");
            }
        }
        for (_, action) in named(own) {
            assert_eq!(decide(None, action), Decision::NeedsLogin);
        }
        // An account without any role (someone who signed up for the etapa digital).
        let nobody = Actor {
            user: UserId::new(),
            grants: Vec::new(),
        };
        for (name, action) in named(own) {
            let expect = if matches!(name, "participate" | "contribute") {
                Decision::Allow
            } else {
                Decision::Forbidden
            };
            assert_eq!(decide(Some(&nobody), action), expect, "no role {name}");
        }
        // Paired phones: the rapporteur of `group` edits that group's proposals and nothing
        // else; another group's rapporteur, a phone of another conference and a phone without
        // a group get nothing; an unpaired phone is told to pair first.
        let phones = [
            ("rapporteur", conf, Some(group), &["group_proposals"][..]),
            ("other_group", conf, Some(GroupId::new()), &[][..]),
            (
                "other_conference",
                ConferenceId::new(),
                Some(group),
                &[][..],
            ),
            ("no_group", conf, None, &[][..]),
        ];
        for (who, conference, rapporteur_of, allowed) in phones {
            let p = Phone {
                conference,
                rapporteur_of,
            };
            for (name, action) in named(own) {
                let expect = if allowed.contains(&name) {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                };
                assert_eq!(decide_phone(Some(&p), action), expect, "phone {who} {name}");
            }
            for (name, action) in named(foreign) {
                assert_eq!(
                    decide_phone(Some(&p), action),
                    Decision::Forbidden,
                    "phone {who} {name} foreign"
                );
            }
        }
        for (_, action) in named(own) {
            assert_eq!(decide_phone(None, action), Decision::NeedsLogin);
        }
    }

    #[test]
    fn articulator_only_for_own_unit() {
        let body = BodyId::new();
        let conf = ConferenceId::new();
        let unit = UnitId::new();
        let a = actor(
            Role::TerritorialArticulator,
            Some(body),
            Some(conf),
            Some(unit),
        );
        let s = ConferenceScope {
            body,
            conference: conf,
        };
        assert_eq!(
            decide(Some(&a), Action::ManageUnit(s, unit)),
            Decision::Allow
        );
        assert_eq!(
            decide(Some(&a), Action::ManageUnit(s, UnitId::new())),
            Decision::Forbidden
        );
        // The people of a unit's meetings (attendance list, delegates) likewise.
        assert_eq!(
            decide(Some(&a), Action::ManageUnitPeople(s, unit)),
            Decision::Allow
        );
        assert_eq!(
            decide(Some(&a), Action::ManageUnitPeople(s, UnitId::new())),
            Decision::Forbidden
        );
        assert_eq!(
            decide(Some(&a), Action::ManageTerritorialDelegates(s)),
            Decision::Forbidden
        );
    }

    /// A regional campaign's action: the chamber's secretariat for any member municipality; a
    /// municipal council's secretariat for its own municipality only; nobody else.
    #[test]
    fn regional_actions() {
        let chamber = BodyId::new();
        let council = BodyId::new();
        let other_council = BodyId::new();
        let of = |b| actor(Role::BodySecretariat, Some(b), None, None);
        let act = |c| Action::ReportRegionalAction(chamber, c);
        assert_eq!(decide(Some(&of(chamber)), act(None)), Decision::Allow);
        assert_eq!(
            decide(Some(&of(chamber)), act(Some(council))),
            Decision::Allow
        );
        assert_eq!(
            decide(Some(&of(council)), act(Some(council))),
            Decision::Allow
        );
        assert_eq!(
            decide(Some(&of(council)), act(Some(other_council))),
            Decision::Forbidden
        );
        assert_eq!(decide(Some(&of(council)), act(None)), Decision::Forbidden);
        // The commission of one of the council's conferences is not its secretariat.
        let commission = actor(
            Role::OrganizingCommission,
            Some(council),
            Some(ConferenceId::new()),
            None,
        );
        assert_eq!(
            decide(Some(&commission), act(Some(council))),
            Decision::Forbidden
        );
        // Keeping the chamber's own records stays with the chamber's secretariat.
        assert_eq!(
            decide(Some(&of(council)), Action::ManageBody(chamber)),
            Decision::Forbidden
        );
    }
}
