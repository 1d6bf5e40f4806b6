//! A body's meetings: the secretariat's pages under `/orgaos/{id}/gestao/reunioes` (rules, the
//! annual calendar, a new meeting, each meeting with its pauta, documents, convocation, moving
//! and cancelling) and the public ones: `/orgaos/{id}/reunioes` (the calendar),
//! `/orgaos/{id}/reunioes/{m}` (a meeting's pauta), `/orgaos/{id}/reunioes.ics` and the PDFs.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::bodies::meetings as mt;
use app::bodies::resolutions as rs;
use app::bodies::sessions as ss;
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, Query, RawForm, State},
    http::header,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use domain::Invalid;
use domain::bodies::{MONTHS, MeetingFormat, Ordinal, WEEKDAYS, weekday_code, weekday_label};

// ---------------------------------------------------------------------------------------------
// The list and the rules

#[derive(Template)]
#[template(path = "bodies/meetings.html")]
struct ListTpl {
    d: mt::Meetings,
    rules: mt::RulesInput,
    errors: Invalid,
    notice: Option<String>,
    zones: Vec<(String, String)>,
    quorums: Vec<(String, String)>,
}

fn list_notice(n: &Notice) -> Option<String> {
    Some(match n.code()? {
        "regras" => "Regras das reuniões salvas.".to_owned(),
        "cancelada" => {
            "Reunião cancelada. Se já tinha sido convocada, os membros foram avisados por e-mail."
                .to_owned()
        }
        code => {
            let n: usize = code.strip_prefix("calendario-")?.parse().ok()?;
            format!("Calendário aprovado: {n} reunião(ões) ordinária(s) marcada(s).")
        }
    })
}

async fn list_page(
    st: &AppState,
    v: &Viewer,
    id: &str,
    rules: Option<mt::RulesInput>,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let d = mt::for_staff(&st.db, v.me(), id).await?;
    let rules = rules.unwrap_or_else(|| mt::RulesInput {
        ordinary_notice_days: d.ordinary_notice_days.to_string(),
        extraordinary_notice_days: d.extraordinary_notice_days.to_string(),
        time_zone: d.time_zone.clone(),
        quorum: d.quorum.to_owned(),
    });
    let zones = domain::values::BRAZIL_TIME_ZONES
        .iter()
        .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
        .collect();
    respond::page(
        !errors.is_empty(),
        ListTpl {
            d,
            rules,
            errors,
            notice,
            zones,
            quorums: respond::opts(
                domain::bodies::Quorum::ALL,
                domain::bodies::Quorum::code,
                domain::bodies::Quorum::label,
            ),
        },
    )
}

/// `/orgaos/{id}/gestao/reunioes`.
pub async fn list(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    list_page(&st, &v, &id, None, Invalid::default(), list_notice(&n)).await
}

/// Saves the rules.
pub async fn save_rules(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<mt::RulesInput>,
) -> Result<Response, WebError> {
    let r = mt::set_rules(&st.db, v.me(), &id, &f).await;
    respond::form(
        r,
        |()| respond::back(&format!("/orgaos/{id}/gestao/reunioes"), "regras"),
        |e| list_page(&st, &v, &id, Some(f.clone()), e, None),
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// The annual calendar

#[derive(Template)]
#[template(path = "bodies/calendar_form.html")]
struct CalendarTpl {
    d: mt::Meetings,
    f: mt::CalendarInput,
    errors: Invalid,
    years: Vec<(String, String)>,
    ordinals: Vec<(String, String)>,
    weekdays: Vec<(String, String)>,
    formats: Vec<(String, String)>,
    /// (number, name, checked).
    months: Vec<(u32, &'static str, bool)>,
}

fn formats() -> Vec<(String, String)> {
    respond::blank_first(
        "Escolha",
        &respond::opts(
            MeetingFormat::ALL,
            MeetingFormat::code,
            MeetingFormat::label,
        ),
    )
}

async fn calendar_page(
    st: &AppState,
    v: &Viewer,
    id: &str,
    f: Option<mt::CalendarInput>,
    errors: Invalid,
) -> Result<Response, WebError> {
    let d = mt::for_staff(&st.db, v.me(), id).await?;
    let f = f.unwrap_or_else(|| mt::CalendarInput {
        year: d
            .open_years
            .first()
            .map(|y| y.to_string())
            .unwrap_or_default(),
        duration_hours: "2".into(),
        ..Default::default()
    });
    let months = (1..=12u32)
        .map(|m| {
            (
                m,
                MONTHS[m as usize - 1],
                f.skipped.iter().any(|s| s.trim() == m.to_string()),
            )
        })
        .collect();
    respond::page(
        !errors.is_empty(),
        CalendarTpl {
            years: d
                .open_years
                .iter()
                .map(|y| (y.to_string(), y.to_string()))
                .collect(),
            ordinals: respond::blank_first(
                "Escolha",
                &respond::opts(Ordinal::ALL, Ordinal::code, Ordinal::label),
            ),
            weekdays: respond::blank_first(
                "Escolha",
                &respond::opts(WEEKDAYS, weekday_code, weekday_label),
            ),
            formats: formats(),
            months,
            d,
            f,
            errors,
        },
    )
}

/// `/orgaos/{id}/gestao/reunioes/calendario`: the annual calendar's form.
pub async fn calendar_form(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    calendar_page(&st, &v, &id, None, Invalid::default()).await
}

/// Approves the annual calendar. The months left out are checkboxes sharing one name, so the
/// form is read as pairs.
pub async fn add_calendar(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    RawForm(raw): RawForm,
) -> Result<Response, WebError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&raw).map_err(|_| {
        WebError::BadRequest("O formulário chegou incompleto. Tente de novo.".into())
    })?;
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let f = mt::CalendarInput {
        year: get("year"),
        ordinal: get("ordinal"),
        weekday: get("weekday"),
        time: get("time"),
        duration_hours: get("duration_hours"),
        format: get("format"),
        place: get("place"),
        online_url: get("online_url"),
        note: get("note"),
        skipped: pairs
            .iter()
            .filter(|(n, _)| n == "skipped")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let r = mt::add_calendar(&st.db, v.me(), &id, &f).await;
    respond::form(
        r,
        |n| {
            respond::back(
                &format!("/orgaos/{id}/gestao/reunioes"),
                &format!("calendario-{n}"),
            )
        },
        |e| calendar_page(&st, &v, &id, Some(f.clone()), e),
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// A new meeting

#[derive(Template)]
#[template(path = "bodies/meeting_form.html")]
struct NewTpl {
    d: mt::Meetings,
    f: mt::MeetingInput,
    errors: Invalid,
    kinds: Vec<(String, String)>,
    formats: Vec<(String, String)>,
}

async fn new_page(
    st: &AppState,
    v: &Viewer,
    id: &str,
    f: Option<mt::MeetingInput>,
    errors: Invalid,
) -> Result<Response, WebError> {
    let d = mt::for_staff(&st.db, v.me(), id).await?;
    respond::page(
        !errors.is_empty(),
        NewTpl {
            d,
            f: f.unwrap_or_else(|| mt::MeetingInput {
                kind: "extraordinaria".into(),
                duration_hours: "2".into(),
                ..Default::default()
            }),
            errors,
            kinds: vec![
                ("extraordinaria".into(), "Extraordinária".into()),
                ("ordinaria".into(), "Ordinária (fora do calendário)".into()),
            ],
            formats: formats(),
        },
    )
}

/// `/orgaos/{id}/gestao/reunioes/nova`.
pub async fn new_form(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    new_page(&st, &v, &id, None, Invalid::default()).await
}

/// Adds a meeting; on to its page, for the pauta.
pub async fn add_meeting(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<mt::MeetingInput>,
) -> Result<Response, WebError> {
    let r = mt::add_meeting(&st.db, v.me(), &id, &f).await;
    respond::form(
        r,
        |m| respond::back(&format!("/orgaos/{id}/gestao/reunioes/{m}"), "marcada"),
        |e| new_page(&st, &v, &id, Some(f.clone()), e),
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// One meeting (the secretariat)

/// The forms of the meeting's page, as typed.
#[derive(Debug, Clone, Default)]
struct Typed {
    item: mt::ItemInput,
    doc: mt::DocumentInput,
    moved: mt::MoveInput,
    cancel: mt::CancelInput,
    /// The attendance as typed: seat id → presence code.
    presence: std::collections::HashMap<String, String>,
    /// The item whose result form was refused, with what was typed.
    result_for: String,
    result: ss::ItemResultInput,
    close: ss::CloseInput,
    res: rs::ResolutionInput,
}

impl Typed {
    /// The presence to show for `seat`: as typed when the form came back, else as recorded.
    fn presence_of<'a>(&'a self, seat: &str, recorded: &'a str) -> &'a str {
        if self.presence.is_empty() {
            recorded
        } else {
            self.presence.get(seat).map(String::as_str).unwrap_or("")
        }
    }

    /// A field of item `item`'s result form: as typed when it came back, else as recorded.
    fn result_of<'a>(&'a self, item: &str, field: &str, recorded: &'a str) -> &'a str {
        if self.result_for != item {
            return recorded;
        }
        match field {
            "outcome" => &self.result.outcome,
            "mode" => &self.result.mode,
            "favor" => &self.result.favor,
            "against" => &self.result.against,
            "abstain" => &self.result.abstain,
            "record" => &self.result.record,
            _ => recorded,
        }
    }

    /// A seat's choice in item `item`'s named vote.
    fn vote_of<'a>(&'a self, item: &str, seat: &str, recorded: &'a str) -> &'a str {
        if self.result_for != item {
            return recorded;
        }
        self.result
            .named
            .iter()
            .find(|(s, _)| s == seat)
            .map(|(_, c)| c.as_str())
            .unwrap_or("")
    }
}

#[derive(Template)]
#[template(path = "bodies/meeting.html")]
struct MeetingTpl {
    d: mt::MeetingDetail,
    s: ss::Session,
    t: Typed,
    errors: Invalid,
    notice: Option<String>,
    choices: Vec<(String, String)>,
    outcomes_deliberative: Vec<(String, String)>,
    /// Approved items, for the resolution form.
    approved: Vec<(String, String)>,
    conferences: Vec<(String, String)>,
    acts: Vec<(String, String)>,
    /// Resolutions published from this meeting.
    resolutions: Vec<rs::ResolutionRow>,
    /// The pauta items for the document form's select.
    items: Vec<(String, String)>,
    max_mb: usize,
    /// The form the errors belong to: "pauta", "documento", "remarcar", "cancelar".
    open: &'static str,
}

fn meeting_notice(n: &Notice) -> Option<String> {
    Some(match n.code()? {
        "marcada" => "Reunião marcada. Monte a pauta e convoque os membros.".to_owned(),
        "item" => "Item incluído na pauta.".to_owned(),
        "resultado" => "Resultado do item registrado.".to_owned(),
        "encerrada" => "Reunião encerrada e registrada. A minuta da ata está publicada; a próxima reunião a aprova.".to_owned(),
        "ata-aprovada" => "Ata aprovada nesta reunião.".to_owned(),
        "resolucao" => "Resolução publicada.".to_owned(),
        code if code.starts_with("presenca-") => {
            let n: usize = code.strip_prefix("presenca-")?.parse().ok()?;
            format!("Presença registrada: {n} cadeira(s) presente(s).")
        }
        "documento" => "Documento incluído; ele fica público com a pauta.".to_owned(),
        "remarcada" => "Reunião remarcada. Convoque os membros para a nova data.".to_owned(),
        "agendada" => {
            "Convocação agendada: ela sai por e-mail no primeiro dia do prazo de antecedência."
                .to_owned()
        }
        code => {
            let n: u32 = code.strip_prefix("convocada-")?.parse().ok()?;
            format!("Convocação enviada por e-mail a {n} membro(s), com a pauta.")
        }
    })
}

async fn meeting_page(
    st: &AppState,
    v: &Viewer,
    (id, m): (&str, &str),
    t: Typed,
    errors: Invalid,
    open: &'static str,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let d = mt::meeting_for_staff(&st.db, v.me(), id, m).await?;
    let s = ss::session(&st.db, id, m).await?;
    let body_uuid = app::platform::auth::parse_id(id)?;
    let conferences = respond::blank_first(
        "Nenhuma (não é ato de conferência)",
        &rs::conferences_of(&st.db, body_uuid).await?,
    );
    let resolutions = rs::list(&st.db, id, "")
        .await?
        .rows
        .into_iter()
        .filter(|r| r.meeting_id == d.m.id)
        .collect();
    let approved = respond::blank_first(
        "Escolha",
        &s.items
            .iter()
            .filter(|i| i.outcome == "aprovado")
            .map(|i| (i.id.clone(), format!("{}. {}", i.position, i.title)))
            .collect::<Vec<_>>(),
    );
    let mut items = vec![(String::new(), "A reunião (nenhum item)".to_owned())];
    items.extend(
        d.items
            .iter()
            .map(|i| (i.id.clone(), format!("{}. {}", i.position, i.title))),
    );
    respond::page(
        !errors.is_empty(),
        MeetingTpl {
            d,
            s,
            t,
            errors,
            notice,
            choices: respond::blank_first(
                "Escolha",
                &respond::opts(
                    domain::bodies::Choice::ALL,
                    domain::bodies::Choice::code,
                    domain::bodies::Choice::label,
                ),
            ),
            outcomes_deliberative: respond::blank_first(
                "Escolha",
                &respond::opts(
                    &domain::bodies::Outcome::ALL[..4],
                    domain::bodies::Outcome::code,
                    domain::bodies::Outcome::label,
                ),
            ),
            approved,
            conferences,
            acts: respond::blank_first(
                "Escolha",
                &respond::opts(
                    domain::bodies::ConferenceAct::ALL,
                    domain::bodies::ConferenceAct::code,
                    domain::bodies::ConferenceAct::label,
                ),
            ),
            resolutions,
            items,
            max_mb: domain::setup::MAX_PDF_BYTES / (1024 * 1024),
            open,
        },
    )
}

/// `/orgaos/{id}/gestao/reunioes/{m}`.
pub async fn meeting(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    meeting_page(
        &st,
        &v,
        (&id, &m),
        Typed::default(),
        Invalid::default(),
        "",
        meeting_notice(&n),
    )
    .await
}

fn here(id: &str, m: &str) -> String {
    format!("/orgaos/{id}/gestao/reunioes/{m}")
}

/// Adds a pauta item.
pub async fn add_item(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m)): Path<(String, String)>,
    Form(f): Form<mt::ItemInput>,
) -> Result<Response, WebError> {
    let r = mt::add_item(&st.db, v.me(), &id, &m, &f).await;
    respond::form(
        r,
        |()| respond::back(&here(&id, &m), "item"),
        |e| {
            let t = Typed {
                item: f.clone(),
                ..Default::default()
            };
            meeting_page(&st, &v, (&id, &m), t, e, "pauta", None)
        },
    )
    .await
}

/// Upload limit of the document form: above the PDF limit, so that a file a little too big gets
/// the field's message rather than a bare 413.
const DOCUMENT_BODY_LIMIT: usize = domain::setup::MAX_PDF_BYTES + 2 * 1024 * 1024;

/// Adds a document (multipart), with the permission checked before the body is read.
pub async fn add_document(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m)): Path<(String, String)>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    app::bodies::members::body_for_staff(&st.db, v.me(), &id).await?;
    let too_big = || {
        WebError::TooLarge(format!(
            "O arquivo passa do limite de {} MB. Reduza o PDF e envie de novo.",
            domain::setup::MAX_PDF_BYTES / (1024 * 1024)
        ))
    };
    let form = crate::upload::read(&mut mp, "file", too_big).await?;
    let f = mt::DocumentInput {
        doc_title: form.text("doc_title"),
        url: form.text("url"),
        item_id: form.text("item_id"),
    };
    let r = mt::add_document(&st.db, v.me(), &id, &m, &f, form.file).await;
    respond::form(
        r,
        |()| respond::back(&here(&id, &m), "documento"),
        |e| {
            let t = Typed {
                doc: f.clone(),
                ..Default::default()
            };
            meeting_page(&st, &v, (&id, &m), t, e, "documento", None)
        },
    )
    .await
}

/// The convocation form: send now, or on the notice day.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ConvokeForm {
    pub quando: String,
}

/// Convokes the meeting.
pub async fn convoke(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m)): Path<(String, String)>,
    Form(f): Form<ConvokeForm>,
) -> Result<Response, WebError> {
    let when = if f.quando == "agendar" {
        mt::SendAt::OnNoticeDay
    } else {
        mt::SendAt::Now
    };
    let r = mt::convoke(&st.db, v.me(), &id, &m, when, &st.settings.public_url).await;
    respond::form(
        r,
        |c| match c {
            mt::Convoked::Sent(n) => respond::back(&here(&id, &m), &format!("convocada-{n}")),
            mt::Convoked::Scheduled(_) => respond::back(&here(&id, &m), "agendada"),
        },
        |e| meeting_page(&st, &v, (&id, &m), Typed::default(), e, "", None),
    )
    .await
}

/// Moves the meeting.
pub async fn reschedule(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m)): Path<(String, String)>,
    Form(f): Form<mt::MoveInput>,
) -> Result<Response, WebError> {
    let r = mt::reschedule(&st.db, v.me(), &id, &m, &f).await;
    respond::form(
        r,
        |()| respond::back(&here(&id, &m), "remarcada"),
        |e| {
            let t = Typed {
                moved: f.clone(),
                ..Default::default()
            };
            meeting_page(&st, &v, (&id, &m), t, e, "remarcar", None)
        },
    )
    .await
}

/// Cancels the meeting.
pub async fn cancel(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m)): Path<(String, String)>,
    Form(f): Form<mt::CancelInput>,
) -> Result<Response, WebError> {
    let r = mt::cancel(&st.db, v.me(), &id, &m, &f).await;
    respond::form(
        r,
        |_| respond::back(&format!("/orgaos/{id}/gestao/reunioes"), "cancelada"),
        |e| {
            let t = Typed {
                cancel: f.clone(),
                ..Default::default()
            };
            meeting_page(&st, &v, (&id, &m), t, e, "cancelar", None)
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// At the meeting (the secretariat)

fn pairs(raw: &[u8]) -> Result<Vec<(String, String)>, WebError> {
    serde_urlencoded::from_bytes(raw)
        .map_err(|_| WebError::BadRequest("O formulário chegou incompleto. Tente de novo.".into()))
}

/// Records the attendance: one `presenca-{seat}` field per seat.
pub async fn attendance(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m)): Path<(String, String)>,
    RawForm(raw): RawForm,
) -> Result<Response, WebError> {
    let typed: Vec<(String, String)> = pairs(&raw)?
        .into_iter()
        .filter_map(|(k, val)| k.strip_prefix("presenca-").map(|s| (s.to_owned(), val)))
        .collect();
    let r = ss::record_attendance(&st.db, v.me(), &id, &m, &typed).await;
    respond::form(
        r,
        |n| respond::back(&here(&id, &m), &format!("presenca-{n}")),
        |e| {
            let t = Typed {
                presence: typed.iter().cloned().collect(),
                ..Default::default()
            };
            meeting_page(&st, &v, (&id, &m), t, e, "presenca", None)
        },
    )
    .await
}

/// Records an item's result: fields `outcome-{item}`, `mode-{item}`, the counts, `record-{item}`
/// and, for a named vote, `voto-{item}-{seat}`.
pub async fn item_result(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m, item)): Path<(String, String, String)>,
    RawForm(raw): RawForm,
) -> Result<Response, WebError> {
    let all = pairs(&raw)?;
    let get = |name: &str| {
        let key = format!("{name}-{item}");
        all.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let vote_prefix = format!("voto-{item}-");
    let f = ss::ItemResultInput {
        outcome: get("outcome"),
        mode: get("mode"),
        favor: get("favor"),
        against: get("against"),
        abstain: get("abstain"),
        record: get("record"),
        named: all
            .iter()
            .filter_map(|(k, val)| {
                k.strip_prefix(&vote_prefix)
                    .filter(|_| !val.is_empty())
                    .map(|s| (s.to_owned(), val.clone()))
            })
            .collect(),
    };
    let r = ss::record_item(&st.db, v.me(), &id, &m, &item, &f).await;
    respond::form(
        r,
        |()| respond::back(&here(&id, &m), "resultado"),
        |e| {
            let t = Typed {
                result_for: item.clone(),
                result: f.clone(),
                ..Default::default()
            };
            meeting_page(&st, &v, (&id, &m), t, e, "resultado", None)
        },
    )
    .await
}

/// Closes the meeting (recorded as held).
pub async fn close(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m)): Path<(String, String)>,
    Form(f): Form<ss::CloseInput>,
) -> Result<Response, WebError> {
    let r = ss::close(&st.db, v.me(), &id, &m, &f).await;
    respond::form(
        r,
        |()| respond::back(&here(&id, &m), "encerrada"),
        |e| {
            let t = Typed {
                close: f.clone(),
                ..Default::default()
            };
            meeting_page(&st, &v, (&id, &m), t, e, "encerrar", None)
        },
    )
    .await
}

/// Approves an earlier meeting's ata at this one.
pub async fn approve_minutes(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m, earlier)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let r = ss::approve_minutes(&st.db, v.me(), &id, &m, &earlier).await;
    respond::form(
        r,
        |()| respond::back(&here(&id, &m), "ata-aprovada"),
        |e| meeting_page(&st, &v, (&id, &m), Typed::default(), e, "", None),
    )
    .await
}

/// Publishes a resolution from an approved item.
pub async fn publish_resolution(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, m)): Path<(String, String)>,
    Form(f): Form<rs::ResolutionInput>,
) -> Result<Response, WebError> {
    let r = rs::publish(&st.db, v.me(), &id, &m, &f).await;
    respond::form(
        r,
        |_| respond::back(&here(&id, &m), "resolucao"),
        |e| {
            let t = Typed {
                res: f.clone(),
                ..Default::default()
            };
            meeting_page(&st, &v, (&id, &m), t, e, "resolucao", None)
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Public

#[derive(Template)]
#[template(path = "bodies/meetings_public.html")]
struct PublicListTpl {
    d: mt::Meetings,
}

/// `/orgaos/{id}/reunioes`: the public calendar.
pub async fn public_list(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let d = mt::public(&st.db, &id).await?;
    respond::html(PublicListTpl { d })
}

#[derive(Template)]
#[template(path = "bodies/meeting_public.html")]
struct PublicMeetingTpl {
    d: mt::MeetingDetail,
    s: ss::Session,
    resolutions: Vec<rs::ResolutionRow>,
}

/// `/orgaos/{id}/reunioes/{m}`: a meeting's pauta, public.
pub async fn public_meeting(
    State(st): State<AppState>,
    Path((id, m)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let d = mt::meeting_public(&st.db, &id, &m).await?;
    let s = ss::session(&st.db, &id, &m).await?;
    let resolutions = rs::list(&st.db, &id, "")
        .await?
        .rows
        .into_iter()
        .filter(|r| r.meeting_id == d.m.id)
        .collect();
    respond::html(PublicMeetingTpl { d, s, resolutions })
}

/// `/orgaos/{id}/reunioes.ics`.
pub async fn ical(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let body = mt::ical(&st.db, &id, &st.settings.public_url).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response())
}

/// The ata of a held meeting, as a tagged PDF.
pub async fn minutes(
    State(st): State<AppState>,
    Path((id, m)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, bytes) = ss::minutes_pdf(&st.db, &id, &m).await?;
    Ok(pdf_inline(&name, bytes))
}

#[derive(Template)]
#[template(path = "bodies/resolutions.html")]
struct ResolutionsTpl {
    r: rs::Resolutions,
}

/// The search of `/orgaos/{id}/resolucoes`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Search {
    pub q: String,
}

/// `/orgaos/{id}/resolucoes`: the body's resolutions, searchable.
pub async fn resolutions(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<Search>,
) -> Result<Response, WebError> {
    let r = rs::list(&st.db, &id, &q.q).await?;
    respond::html(ResolutionsTpl { r })
}

#[derive(Template)]
#[template(path = "bodies/resolution.html")]
struct ResolutionTpl {
    r: rs::ResolutionView,
}

/// `/orgaos/{id}/resolucoes/{r}`.
pub async fn resolution(
    State(st): State<AppState>,
    Path((id, r)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let r = rs::view(&st.db, &id, &r).await?;
    respond::html(ResolutionTpl { r })
}

/// `/orgaos/{id}/resolucoes/{r}/pdf`.
pub async fn resolution_pdf(
    State(st): State<AppState>,
    Path((id, r)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, bytes) = rs::pdf(&st.db, &id, &r).await?;
    Ok(pdf_inline(&name, bytes))
}

fn pdf_inline(name: &str, bytes: Vec<u8>) -> Response {
    respond::inline_file(name, "application/pdf", bytes)
}

/// A PDF of a pauta.
pub async fn document(
    State(st): State<AppState>,
    Path((id, doc)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, bytes) = mt::document_file(&st.db, &id, &doc).await?;
    Ok(pdf_inline(&name, bytes))
}

pub(crate) fn routes(_st: &AppState) -> axum::Router<AppState> {
    let g = "/orgaos/{id}/gestao/reunioes";
    axum::Router::new()
        .route(g, get(list))
        .route(&format!("{g}/regras"), post(save_rules))
        .route(
            &format!("{g}/calendario"),
            get(calendar_form).post(add_calendar),
        )
        .route(&format!("{g}/nova"), get(new_form).post(add_meeting))
        .route(&format!("{g}/{{m}}"), get(meeting))
        .route(&format!("{g}/{{m}}/pauta"), post(add_item))
        .route(
            &format!("{g}/{{m}}/documentos"),
            post(add_document).layer(axum::extract::DefaultBodyLimit::max(DOCUMENT_BODY_LIMIT)),
        )
        .route(&format!("{g}/{{m}}/convocar"), post(convoke))
        .route(&format!("{g}/{{m}}/remarcar"), post(reschedule))
        .route(&format!("{g}/{{m}}/cancelar"), post(cancel))
        .route(&format!("{g}/{{m}}/presenca"), post(attendance))
        .route(
            &format!("{g}/{{m}}/itens/{{item}}/resultado"),
            post(item_result),
        )
        .route(&format!("{g}/{{m}}/encerrar"), post(close))
        .route(
            &format!("{g}/{{m}}/atas/{{earlier}}/aprovar"),
            post(approve_minutes),
        )
        .route(&format!("{g}/{{m}}/resolucoes"), post(publish_resolution))
        .route("/orgaos/{id}/reunioes/{m}/ata", get(minutes))
        .route("/orgaos/{id}/resolucoes", get(resolutions))
        .route("/orgaos/{id}/resolucoes/{r}", get(resolution))
        .route("/orgaos/{id}/resolucoes/{r}/pdf", get(resolution_pdf))
        .route("/orgaos/{id}/reunioes", get(public_list))
        .route("/orgaos/{id}/reunioes.ics", get(ical))
        .route("/orgaos/{id}/reunioes/{m}", get(public_meeting))
        .route("/orgaos/{id}/documentos/{doc}", get(document))
}
