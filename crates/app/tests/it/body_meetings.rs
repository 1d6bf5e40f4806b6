//! A standing body's meetings (issue 24), on both databases, for a council that is not the demo's
//! (created by the platform's administration, with no member and no meeting): the rules of
//! notice, the annual calendar from a monthly rule with months left out (every bad field named,
//! nothing written; one calendar per year), an extraordinary meeting, the pauta and its
//! documents (a PDF or a link, one of the two), the convocation by e-mail to the current titulars
//! and suplentes (refused without pauta, without e-mail or too late for the body's notice; sent
//! once even when asked twice at once; or sent by the worker on the notice day, once), moving
//! and cancelling (the convoked are told); the public iCalendar feed read back by a real
//! iCalendar parser.

use crate::support::{commission, invalid, platform_admin, secretariat};
use app::Fail;
use app::bodies::meetings::{
    self as mt, CalendarInput, CancelInput, Convoked, DocumentInput, ItemInput, MeetingInput,
    MoveInput, RulesInput, SendAt,
};
use app::bodies::members::{self as mb, SeatInput};
use app::platform::admin::{self as a, BodyInput, PersonInput};
use app::setup::conference::Upload;
use chrono::{Datelike, Duration, Timelike, Utc, Weekday};
use conferencia_app as app;
use icalendar::{CalendarComponent, Component, EventLike};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{body_calendar, body_meeting, body_rules, mail_outbox};
use testkit::both_dbs;

const URL: &str = "http://conferencia.test";

async fn outbox(db: &app::Db, subject: &str) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Subject.contains(subject))
        .all(&db.conn)
        .await
        .unwrap()
}

async fn meetings(db: &app::Db, body: uuid::Uuid) -> Vec<body_meeting::Model> {
    body_meeting::Entity::find()
        .filter(body_meeting::Column::BodyId.eq(body))
        .all(&db.conn)
        .await
        .unwrap()
}

fn local(t: chrono::DateTime<Utc>) -> chrono::DateTime<chrono_tz::Tz> {
    t.with_timezone(&chrono_tz::America::Sao_Paulo)
}

both_dbs!(a_council_keeps_its_meetings, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    // A council that is not the demo's: Itaúna's, with the demo secretary as its secretariat.
    let adm = platform_admin(&db).await;
    let body_id = a::create_body(
        &db,
        Some(&adm),
        &BodyInput {
            kind: "cmas".into(),
            ibge_code: "3133808".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    a::grant_secretariat(
        &db,
        Some(&adm),
        URL,
        body_id,
        &PersonInput {
            email: "secretaria@demo.conferencia.local".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let sec = secretariat(&db).await;
    let body = body_id.to_string();
    let empty = mt::for_staff(&db, Some(&sec), &body).await.unwrap();
    assert!(empty.upcoming.is_empty() && empty.calendars.is_empty());
    assert_eq!(empty.ordinary_notice_days, mt::DEFAULT_ORDINARY_NOTICE_DAYS);

    // Only the body's secretariat keeps them.
    let com = commission(&db).await;
    assert!(matches!(
        mt::for_staff(&db, Some(&com), &body).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        mt::set_rules(&db, None, &body, &RulesInput::default()).await,
        Err(Fail::NeedsLogin)
    ));

    // Rules: every bad field named, nothing written.
    let bad = invalid(
        mt::set_rules(
            &db,
            Some(&sec),
            &body,
            &RulesInput {
                ordinary_notice_days: "sete".into(),
                extraordinary_notice_days: "90".into(),
                time_zone: "Marte/Olimpo".into(),
                quorum: "metade".into(),
            },
        )
        .await,
    );
    for f in [
        "ordinary_notice_days",
        "extraordinary_notice_days",
        "time_zone",
        "quorum",
    ] {
        assert!(bad.message_for(f).is_some(), "{f}: {bad}");
    }
    assert_eq!(body_rules::Entity::find().count(&db.conn).await.unwrap(), 0);
    mt::set_rules(
        &db,
        Some(&sec),
        &body,
        &RulesInput {
            ordinary_notice_days: "7".into(),
            extraordinary_notice_days: "2".into(),
            time_zone: "America/Sao_Paulo".into(),
            quorum: "maioria_absoluta".into(),
        },
    )
    .await
    .unwrap();

    // The annual calendar: a bad form names every field and writes nothing.
    let next = Utc::now().year() + 1;
    let bad = invalid(
        mt::add_calendar(
            &db,
            Some(&sec),
            &body,
            &CalendarInput {
                year: "1999".into(),
                ordinal: "quinta".into(),
                weekday: "xx".into(),
                time: "25:00".into(),
                duration_hours: "40".into(),
                format: "presencial".into(),
                online_url: "ftp://sala".into(),
                skipped: vec!["13".into()],
                ..Default::default()
            },
        )
        .await,
    );
    for f in [
        "year",
        "ordinal",
        "weekday",
        "time",
        "duration_hours",
        "place",
        "online_url",
        "skipped",
    ] {
        assert!(bad.message_for(f).is_some(), "{f}: {bad}");
    }
    assert!(meetings(&db, body_id).await.is_empty());
    assert_eq!(
        body_calendar::Entity::find()
            .filter(body_calendar::Column::BodyId.eq(body_id))
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );
    let calendar = CalendarInput {
        year: next.to_string(),
        ordinal: "2".into(),
        weekday: "ter".into(),
        time: "14:00".into(),
        duration_hours: "3".into(),
        format: "hibrida".into(),
        place: "Sala dos Conselhos, Rua Direita, 100".into(),
        online_url: "https://meet.exemplo.org/cmas-itauna".into(),
        note: "Aprovado na reunião de dezembro".into(),
        skipped: vec!["1".into(), "7".into()],
    };
    let n = mt::add_calendar(&db, Some(&sec), &body, &calendar)
        .await
        .unwrap();
    assert_eq!(n, 10, "twelve months but January and July");
    let all = meetings(&db, body_id).await;
    assert_eq!(all.len(), 10);
    for m in &all {
        let l = local(m.starts_at);
        assert_eq!(l.weekday(), Weekday::Tue);
        assert!((8..=14).contains(&l.day()), "the second Tuesday: {l}");
        assert_eq!((l.hour(), l.minute()), (14, 0));
        assert!(l.month() != 1 && l.month() != 7);
        assert_eq!(m.ends_at, Some(m.starts_at + Duration::hours(3)));
        assert_eq!(m.calendar_year, Some(next));
    }
    // One calendar per year.
    let again = invalid(mt::add_calendar(&db, Some(&sec), &body, &calendar).await);
    assert!(
        again
            .message_for("year")
            .unwrap()
            .contains("já foi aprovado")
    );
    assert_eq!(meetings(&db, body_id).await.len(), 10);
    let view = mt::for_staff(&db, Some(&sec), &body).await.unwrap();
    assert_eq!(view.calendars[0].rule, "segunda terça-feira do mês, às 14h");
    assert_eq!(
        view.calendars[0].skipped.as_deref(),
        Some("sem reunião ordinária em janeiro e julho")
    );

    // An extraordinary meeting in five days; one for tomorrow cannot be convoked in time.
    let at = |days: i64| {
        local(Utc::now() + Duration::days(days))
            .format("%Y-%m-%dT10:00")
            .to_string()
    };
    let extra = |days: i64| MeetingInput {
        kind: "extraordinaria".into(),
        starts_at: at(days),
        duration_hours: "2".into(),
        format: "online".into(),
        online_url: "https://meet.exemplo.org/extra".into(),
        ..Default::default()
    };
    let bad = invalid(
        mt::add_meeting(
            &db,
            Some(&sec),
            &body,
            &MeetingInput {
                starts_at: at(-3),
                format: "online".into(),
                ..Default::default()
            },
        )
        .await,
    );
    for f in ["kind", "starts_at", "online_url"] {
        assert!(bad.message_for(f).is_some(), "{f}: {bad}");
    }
    let soon = mt::add_meeting(&db, Some(&sec), &body, &extra(1))
        .await
        .unwrap()
        .to_string();
    let x = mt::add_meeting(&db, Some(&sec), &body, &extra(5))
        .await
        .unwrap()
        .to_string();
    assert_eq!(meetings(&db, body_id).await.len(), 12);

    // Nothing to convoke without a pauta, nor to nobody.
    let item = |t: &str| ItemInput {
        title: t.into(),
        description: "Parecer da comissão de normas".into(),
        deliberative: "sim".into(),
    };
    let e = invalid(mt::convoke(&db, Some(&sec), &body, &x, SendAt::Now, URL).await);
    assert!(e.message_for("form").unwrap().contains("ao menos um item"));
    mt::add_item(
        &db,
        Some(&sec),
        &body,
        &x,
        &item("Reprogramação de saldo do FMAS"),
    )
    .await
    .unwrap();
    let e = invalid(mt::convoke(&db, Some(&sec), &body, &x, SendAt::Now, URL).await);
    assert!(e.message_for("form").unwrap().contains("e-mail"), "{e}");
    assert!(
        invalid(mt::add_item(&db, Some(&sec), &body, &x, &ItemInput::default()).await)
            .message_for("title")
            .is_some()
    );

    // Members: two current seats with e-mails (three addresses), one ended (not convoked).
    let today = Utc::now().date_naive();
    let seat = |org: &str, t: &str, te: &str, s: &str, se: &str| SeatInput {
        segment: "governo".into(),
        organization: org.into(),
        titular_name: t.into(),
        titular_email: te.into(),
        suplente_name: s.into(),
        suplente_email: se.into(),
        mandate_start: (today - Duration::days(30)).to_string(),
        mandate_end: (today + Duration::days(700)).to_string(),
        act: "Decreto nº 10/2026".into(),
        municipality: String::new(),
    };
    mb::add_seat(
        &db,
        Some(&sec),
        &body,
        &seat(
            "SMAS",
            "Ana Lima",
            "ana@itauna.mg.gov.br",
            "Bruno Reis",
            "bruno@itauna.mg.gov.br",
        ),
    )
    .await
    .unwrap();
    mb::add_seat(
        &db,
        Some(&sec),
        &body,
        &seat(
            "Fórum de Usuários",
            "Célia Dias",
            "celia@exemplo.org",
            "",
            "",
        ),
    )
    .await
    .unwrap();
    let gone = mb::add_seat(
        &db,
        Some(&sec),
        &body,
        &seat("SMS", "Davi Rocha", "davi@exemplo.org", "", ""),
    )
    .await
    .unwrap();
    mb::end_seat(
        &db,
        Some(&sec),
        &body,
        &gone.to_string(),
        &mb::EndInput {
            ended_on: today.to_string(),
            reason: "exoneração".into(),
        },
    )
    .await
    .unwrap();
    // The same seat ended today is still current today; the meeting is in five days.

    // Too late for the body's notice of two days.
    mt::add_item(
        &db,
        Some(&sec),
        &body,
        &soon,
        &item("Calamidade: enchentes"),
    )
    .await
    .unwrap();
    let late = invalid(mt::convoke(&db, Some(&sec), &body, &soon, SendAt::Now, URL).await);
    assert!(
        late.message_for("form")
            .unwrap()
            .contains("2 dias de antecedência"),
        "{late}"
    );

    // Asked twice at once, the convocation goes once.
    let (r1, r2) = tokio::join!(
        mt::convoke(&db, Some(&sec), &body, &x, SendAt::Now, URL),
        mt::convoke(&db, Some(&sec), &body, &x, SendAt::Now, URL)
    );
    let sent: Vec<&Convoked> = [&r1, &r2]
        .into_iter()
        .filter_map(|r| r.as_ref().ok())
        .collect();
    assert_eq!(sent, vec![&Convoked::Sent(3)], "{r1:?} {r2:?}");
    let mails = outbox(&db, "Convocação: Reunião extraordinária").await;
    assert_eq!(mails.len(), 3);
    let to: Vec<&str> = mails.iter().map(|m| m.to_addr.as_str()).collect();
    assert!(to.contains(&"bruno@itauna.mg.gov.br") && !to.contains(&"davi@exemplo.org"));
    assert!(
        mails[0]
            .body
            .contains("1. Reprogramação de saldo do FMAS (para deliberação)")
    );
    assert!(
        mails[0]
            .body
            .contains(&format!("{URL}/orgaos/{body}/reunioes/{x}"))
    );
    let d = mt::meeting_for_staff(&db, Some(&sec), &body, &x)
        .await
        .unwrap();
    assert_eq!(
        d.m.convocation
            .as_deref()
            .map(|c| c.ends_with("a 3 e-mail(s)")),
        Some(true)
    );
    assert!(!d.m.convocation_open);

    // An ordinary meeting of the calendar: convoked on its notice day, by the worker, once.
    let first = meetings(&db, body_id)
        .await
        .into_iter()
        .filter(|m| m.calendar_year == Some(next))
        .min_by_key(|m| m.starts_at)
        .unwrap();
    let o = first.id.to_string();
    mt::add_item(
        &db,
        Some(&sec),
        &body,
        &o,
        &item("Aprovação da ata anterior"),
    )
    .await
    .unwrap();
    let Convoked::Scheduled(day) =
        mt::convoke(&db, Some(&sec), &body, &o, SendAt::OnNoticeDay, URL)
            .await
            .unwrap()
    else {
        panic!("scheduled")
    };
    assert_eq!(day, local(first.starts_at - Duration::days(7)).date_naive());
    assert_eq!(
        mt::send_due_convocations(&db, URL, Utc::now())
            .await
            .unwrap(),
        0
    );
    let on_day = first.starts_at - Duration::days(6);
    assert_eq!(
        mt::send_due_convocations(&db, URL, on_day).await.unwrap(),
        3
    );
    assert_eq!(
        mt::send_due_convocations(&db, URL, on_day).await.unwrap(),
        0
    );
    assert_eq!(outbox(&db, "Convocação: Reunião ordinária").await.len(), 3);

    // Moving a convoked meeting asks for a new convocation; the past is refused.
    assert!(
        invalid(mt::reschedule(&db, Some(&sec), &body, &o, &MoveInput { starts_at: at(-1) }).await)
            .message_for("starts_at")
            .is_some()
    );
    let moved_to = local(first.starts_at + Duration::days(7))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    mt::reschedule(
        &db,
        Some(&sec),
        &body,
        &o,
        &MoveInput {
            starts_at: moved_to,
        },
    )
    .await
    .unwrap();
    let d = mt::meeting_for_staff(&db, Some(&sec), &body, &o)
        .await
        .unwrap();
    assert!(
        d.m.moved
            .as_deref()
            .unwrap()
            .starts_with("Remarcada: antes em terça-feira")
    );
    assert!(d.m.convocation.is_none() && d.m.convocation_open);

    // Documents: a PDF or a link, one of the two; public with the pauta.
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let up = |bytes: &[u8]| {
        Some(Upload {
            file_name: "parecer.pdf".into(),
            bytes: bytes.to_vec(),
        })
    };
    let doc = |t: &str, url: &str| DocumentInput {
        doc_title: t.into(),
        url: url.into(),
        item_id: String::new(),
    };
    let e = invalid(mt::add_document(&db, Some(&sec), &body, &x, &doc("", ""), None).await);
    assert!(e.message_for("doc_title").is_some() && e.message_for("file").is_some());
    let e = invalid(
        mt::add_document(
            &db,
            Some(&sec),
            &body,
            &x,
            &doc("Parecer", ""),
            up(b"GIF89a"),
        )
        .await,
    );
    assert!(e.message_for("file").unwrap().contains("não é um PDF"));
    let e = invalid(
        mt::add_document(
            &db,
            Some(&sec),
            &body,
            &x,
            &doc("Parecer", "https://exemplo.org/p.pdf"),
            up(&pdf),
        )
        .await,
    );
    assert!(e.message_for("url").is_some());
    let item_id = mt::meeting_for_staff(&db, Some(&sec), &body, &x)
        .await
        .unwrap()
        .items[0]
        .id
        .clone();
    mt::add_document(
        &db,
        Some(&sec),
        &body,
        &x,
        &DocumentInput {
            item_id,
            ..doc("Parecer da comissão", "")
        },
        up(&pdf),
    )
    .await
    .unwrap();
    mt::add_document(
        &db,
        Some(&sec),
        &body,
        &x,
        &doc(
            "Demonstrativo do FMAS",
            "https://transparencia.itauna.mg.gov.br/fmas",
        ),
        None,
    )
    .await
    .unwrap();
    mt::add_item(
        &db,
        Some(&sec),
        &body,
        &x,
        &ItemInput {
            title: "Informe: conferência municipal".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let p = mt::meeting_public(&db, &body, &x).await.unwrap();
    let pdf_doc = &p.items[0].documents[0];
    assert_eq!(pdf_doc.what, "PDF, 1 KB");
    assert!(
        !p.items[0].late && p.items[1].late,
        "added after the convocation"
    );
    assert!(!p.items[1].deliberative);
    assert_eq!(p.documents[0].what, "link");
    let doc_id = pdf_doc.href.rsplit('/').next().unwrap();
    assert_eq!(mt::document_file(&db, &body, doc_id).await.unwrap().1, pdf);
    // Through another body's address, it is not found.
    let demo_body = crate::support::conference_by_slug(&db, app::demo::seed::DEMO_SLUG)
        .await
        .body_id
        .to_string();
    assert!(matches!(
        mt::document_file(&db, &demo_body, doc_id).await,
        Err(Fail::NotFound)
    ));

    // Cancelling the convoked extraordinary meeting tells the three.
    assert!(
        invalid(mt::cancel(&db, Some(&sec), &body, &x, &CancelInput::default()).await)
            .message_for("reason")
            .is_some()
    );
    let told = mt::cancel(
        &db,
        Some(&sec),
        &body,
        &x,
        &CancelInput {
            reason: "assunto resolvido pela ordinária".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(told, 3);
    assert_eq!(
        outbox(&db, "Cancelada: Reunião extraordinária").await.len(),
        3
    );
    assert!(
        invalid(mt::convoke(&db, Some(&sec), &body, &x, SendAt::Now, URL).await)
            .message_for("form")
            .unwrap()
            .contains("cancelada")
    );

    // The public feed, read back by a real iCalendar parser.
    let ics = mt::ical(&db, &body, URL).await.unwrap();
    let cal: icalendar::Calendar = ics.parse().expect("a valid iCalendar feed");
    let events: Vec<&icalendar::Event> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 12);
    let cancelled = events
        .iter()
        .filter(|e| e.property_value("STATUS") == Some("CANCELLED"))
        .count();
    assert_eq!(cancelled, 1);
    let page = format!("{URL}/orgaos/{body}/reunioes/{o}");
    let ordinary = events
        .iter()
        .find(|e| e.property_value("URL") == Some(page.as_str()))
        .expect("the moved meeting's event");
    let acronym = store::entities::body::Entity::find_by_id(body_id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .acronym;
    assert_eq!(
        ordinary.get_summary(),
        Some(format!("Reunião ordinária: {acronym}").as_str())
    );
    assert_eq!(
        ordinary.get_description(),
        Some("Pauta:\n1. Aprovação da ata anterior")
    );
    assert_eq!(
        ordinary.get_location(),
        Some("Sala dos Conselhos, Rua Direita, 100 · https://meet.exemplo.org/cmas-itauna")
    );
    let Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(start))) =
        ordinary.get_start()
    else {
        panic!("a start in UTC")
    };
    assert_eq!(start, first.starts_at + Duration::days(7));
    // The public list shows the same meetings, never an e-mail.
    let pubv = mt::public(&db, &body).await.unwrap();
    assert_eq!(pubv.upcoming.len() + pubv.past.len(), 12);
    assert!(!serde_json::to_string(&pubv).unwrap().contains("@itauna"));
});

/// The Itaúna council of the test above, with four seats (two with a suplente) and its
/// secretariat; returns (body id, the secretary, the seats' ids).
async fn itauna(db: &app::Db) -> (uuid::Uuid, app::platform::auth::Me, Vec<String>) {
    let adm = platform_admin(db).await;
    let body_id = a::create_body(
        db,
        Some(&adm),
        &BodyInput {
            kind: "cmas".into(),
            ibge_code: "3133808".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    a::grant_secretariat(
        db,
        Some(&adm),
        URL,
        body_id,
        &PersonInput {
            email: "secretaria@demo.conferencia.local".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let sec = secretariat(db).await;
    let today = Utc::now().date_naive();
    let mut seats = Vec::new();
    for (seg, org, t, s) in [
        ("governo", "SMAS", "Ana Lima", "Bruno Reis"),
        ("governo", "SMS", "Carla Nunes", ""),
        ("usuarios", "Fórum de Usuários", "Dora Prado", "Elias Souza"),
        ("entidades", "APAE", "Fábio Melo", ""),
    ] {
        let id = mb::add_seat(
            db,
            Some(&sec),
            &body_id.to_string(),
            &SeatInput {
                segment: seg.into(),
                organization: org.into(),
                titular_name: t.into(),
                suplente_name: s.into(),
                mandate_start: (today - Duration::days(60)).to_string(),
                mandate_end: (today + Duration::days(600)).to_string(),
                act: "Decreto nº 11/2026".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        seats.push(id.to_string());
    }
    (body_id, sec, seats)
}

/// A meeting under way (it started an hour ago, or `minutes` before), with a pauta of an
/// item for deliberation, a second one and an informe.
async fn under_way(
    db: &app::Db,
    body: uuid::Uuid,
    sec: &app::platform::auth::Me,
    minutes: i64,
) -> String {
    use sea_orm::ActiveValue::Set;
    let id = uuid::Uuid::now_v7();
    let starts = Utc::now() - Duration::minutes(minutes);
    body_meeting::Entity::insert(body_meeting::ActiveModel {
        id: Set(id),
        body_id: Set(body),
        kind: Set("ordinaria".into()),
        starts_at: Set(starts),
        ends_at: Set(Some(starts + Duration::hours(3))),
        format: Set("presencial".into()),
        place: Set(Some("Sala dos Conselhos".into())),
        status: Set("scheduled".into()),
        recipients: Set(0),
        created_at: Set(starts),
        updated_at: Set(starts),
        ..Default::default()
    })
    .exec(&db.conn)
    .await
    .unwrap();
    let m = id.to_string();
    for (t, d) in [
        ("Plano de Ação 2027", "sim"),
        ("Critérios de partilha do cofinanciamento", "sim"),
        ("Informe da vigilância socioassistencial", ""),
    ] {
        mt::add_item(
            db,
            Some(sec),
            &body.to_string(),
            &m,
            &ItemInput {
                title: t.into(),
                deliberative: d.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    m
}

both_dbs!(a_meeting_is_held_and_its_acts_published, |db| async move {
    use app::bodies::resolutions::{self as rs, ResolutionInput};
    use app::bodies::sessions::{self as ss, CloseInput, ItemResultInput};
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let (body_id, sec, seats) = itauna(&db).await;
    let body = body_id.to_string();
    let m = under_way(&db, body_id, &sec, 90).await;
    let items: Vec<String> = mt::meeting_for_staff(&db, Some(&sec), &body, &m)
        .await
        .unwrap()
        .items
        .iter()
        .map(|i| i.id.clone())
        .collect();
    let pres = |v: [&str; 4]| -> Vec<(String, String)> {
        seats
            .iter()
            .zip(v)
            .map(|(s, p)| (s.clone(), p.to_owned()))
            .collect()
    };
    // Only the secretariat.
    assert!(matches!(
        ss::record_attendance(
            &db,
            Some(&commission(&db).await),
            &body,
            &m,
            &pres(["titular"; 4])
        )
        .await,
        Err(Fail::Forbidden)
    ));
    // Every seat marked; a suplente only where there is one.
    let e = invalid(
        ss::record_attendance(
            &db,
            Some(&sec),
            &body,
            &m,
            &pres(["titular", "suplente", "titular", ""])[..4],
        )
        .await,
    );
    assert!(
        e.message_for(&format!("presenca-{}", seats[1]))
            .unwrap()
            .contains("não tem suplente")
    );
    assert!(e.message_for(&format!("presenca-{}", seats[3])).is_some());
    // Two of four present: no quorum (an absolute majority is three).
    let n = ss::record_attendance(
        &db,
        Some(&sec),
        &body,
        &m,
        &pres(["suplente", "titular", "ausente", "justificada"]),
    )
    .await
    .unwrap();
    assert_eq!(n, 2);
    let approve = |f: &str, a: &str, ab: &str| ItemResultInput {
        outcome: "aprovado".into(),
        mode: "contado".into(),
        favor: f.into(),
        against: a.into(),
        abstain: ab.into(),
        ..Default::default()
    };
    let e = invalid(
        ss::record_item(
            &db,
            Some(&sec),
            &body,
            &m,
            &items[0],
            &approve("2", "0", "0"),
        )
        .await,
    );
    assert!(
        e.message_for(&format!("outcome-{}", items[0]))
            .unwrap()
            .contains("Sem quórum")
    );
    // The titular of the users' seat arrives: three of four, one seat still counted once.
    let n = ss::record_attendance(
        &db,
        Some(&sec),
        &body,
        &m,
        &pres(["suplente", "titular", "titular", "justificada"]),
    )
    .await
    .unwrap();
    assert_eq!(n, 3);
    let e = invalid(
        ss::record_item(
            &db,
            Some(&sec),
            &body,
            &m,
            &items[0],
            &approve("3", "1", "0"),
        )
        .await,
    );
    assert!(
        e.message_for(&format!("favor-{}", items[0]))
            .unwrap()
            .contains("cada cadeira vota uma vez")
    );
    let e = invalid(
        ss::record_item(
            &db,
            Some(&sec),
            &body,
            &m,
            &items[0],
            &approve("1", "1", "1"),
        )
        .await,
    );
    assert!(
        e.message_for(&format!("outcome-{}", items[0]))
            .unwrap()
            .contains("não foi aprovado")
    );
    ss::record_item(
        &db,
        Some(&sec),
        &body,
        &m,
        &items[0],
        &approve("2", "0", "1"),
    )
    .await
    .unwrap();
    // A named vote: only seats present, every one of them.
    let named = |v: Vec<(usize, &str)>| ItemResultInput {
        outcome: "aprovado".into(),
        mode: "nominal".into(),
        record: "A conselheira Dora declarou voto favorável.".into(),
        named: v
            .into_iter()
            .map(|(i, c)| (seats[i].clone(), c.to_owned()))
            .collect(),
        ..Default::default()
    };
    let e = invalid(
        ss::record_item(
            &db,
            Some(&sec),
            &body,
            &m,
            &items[1],
            &named(vec![(0, "favor"), (3, "favor")]),
        )
        .await,
    );
    let msg = e.message_for(&format!("mode-{}", items[1])).unwrap();
    assert!(
        msg.contains("Só as cadeiras presentes") || msg.contains("faltam"),
        "{msg}"
    );
    ss::record_item(
        &db,
        Some(&sec),
        &body,
        &m,
        &items[1],
        &named(vec![(0, "favor"), (1, "contra"), (2, "favor")]),
    )
    .await
    .unwrap();
    // Closing needs every item's result.
    let e = invalid(ss::close(&db, Some(&sec), &body, &m, &CloseInput::default()).await);
    assert!(
        e.message_for("form")
            .unwrap()
            .contains("3. Informe da vigilância")
    );
    ss::record_item(
        &db,
        Some(&sec),
        &body,
        &m,
        &items[2],
        &ItemResultInput {
            outcome: "informado".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    ss::close(
        &db,
        Some(&sec),
        &body,
        &m,
        &CloseInput {
            record: "Aberta às 14h pela presidente; encerrada às 16h.".into(),
        },
    )
    .await
    .unwrap();
    assert!(
        invalid(ss::close(&db, Some(&sec), &body, &m, &CloseInput::default()).await)
            .message_for("form")
            .is_some()
    );
    assert!(
        invalid(ss::record_attendance(&db, Some(&sec), &body, &m, &pres(["titular"; 4])).await)
            .message_for("form")
            .unwrap()
            .contains("encerrada")
    );
    let s = ss::session(&db, &body, &m).await.unwrap();
    assert!(s.held && s.present == 3 && s.needed == 3);
    assert_eq!(
        s.items[1].summary.as_deref(),
        Some("Aprovado por 2 voto(s) a favor, 1 contra e 0 abstenção(ões) (votação nominal)")
    );
    // The ata: a tagged PDF, a minuta until the next meeting approves it.
    let (_, pdf) = ss::minutes_pdf(&db, &body, &m).await.unwrap();
    crate::support::assert_tagged(&pdf, &["H1"]);
    let text = crate::support::pdf_text(&pdf).unwrap();
    assert!(
        text.contains("Bruno Reis (suplente, no lugar de Ana Lima)"),
        "{text}"
    );
    assert!(text.contains("Minuta da ata"), "{text}");
    assert!(text.contains("Dora Prado (titular): A favor"), "{text}");
    let next = under_way(&db, body_id, &sec, 10).await;
    let e = invalid(ss::approve_minutes(&db, Some(&sec), &body, &next, &m).await);
    assert!(e.message_for("form").unwrap().contains("quórum"));
    ss::record_attendance(&db, Some(&sec), &body, &next, &pres(["titular"; 4]))
        .await
        .unwrap();
    ss::approve_minutes(&db, Some(&sec), &body, &next, &m)
        .await
        .unwrap();
    assert!(
        invalid(ss::approve_minutes(&db, Some(&sec), &body, &next, &m).await)
            .message_for("form")
            .unwrap()
            .contains("já foi aprovada")
    );
    let (_, pdf) = ss::minutes_pdf(&db, &body, &m).await.unwrap();
    assert!(
        crate::support::pdf_text(&pdf)
            .unwrap()
            .contains("Ata aprovada na reunião de")
    );

    // Resolutions: from an approved item only; numbered per year, even two at once.
    let res = |item: &str, title: &str| ResolutionInput {
        item_id: item.into(),
        title: title.into(),
        text: "Art. 1º Fica aprovado.\nArt. 2º Entra em vigor na publicação.".into(),
        ..Default::default()
    };
    let e = invalid(rs::publish(&db, Some(&sec), &body, &m, &res(&items[2], "Informe")).await);
    assert!(e.message_for("item_id").is_some());
    let e = invalid(
        rs::publish(
            &db,
            Some(&sec),
            &body,
            &m,
            &ResolutionInput {
                conference_id: crate::support::conference_by_slug(&db, app::demo::seed::DEMO_SLUG)
                    .await
                    .id
                    .to_string(),
                act: "convocacao".into(),
                ..res(&items[0], "Aprova o Plano de Ação 2027")
            },
        )
        .await,
    );
    assert!(
        e.message_for("conference_id")
            .unwrap()
            .contains("deste órgão")
    );
    rs::publish(
        &db,
        Some(&sec),
        &body,
        &m,
        &res(&items[0], "Aprova o Plano de Ação 2027"),
    )
    .await
    .unwrap();
    let (a, b) = (
        res(&items[1], "Aprova os critérios de partilha"),
        res(&items[1], "Aprova os critérios de partilha, bis"),
    );
    let (r1, r2) = tokio::join!(
        rs::publish(&db, Some(&sec), &body, &m, &a),
        rs::publish(&db, Some(&sec), &body, &m, &b)
    );
    r1.unwrap();
    r2.unwrap();
    let list = rs::list(&db, &body, "").await.unwrap();
    let year = Utc::now().year();
    let mut labels: Vec<String> = list.rows.iter().map(|r| r.label.clone()).collect();
    labels.sort();
    let acronym = store::entities::body::Entity::find_by_id(body_id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .acronym;
    assert_eq!(
        labels,
        (1..=3)
            .map(|n| format!("Resolução {acronym} nº {n}/{year}"))
            .collect::<Vec<_>>()
    );
    let found = rs::list(&db, &body, "plano acao").await.unwrap();
    assert_eq!(found.rows.len(), 1);
    assert_eq!(found.rows[0].title, "Aprova o Plano de Ação 2027");
    let v = rs::view(&db, &body, &found.rows[0].id).await.unwrap();
    assert_eq!(
        v.vote.as_deref(),
        Some("Aprovada por 2 voto(s) a favor, 0 contra e 1 abstenção(ões).")
    );
    let (_, pdf) = rs::pdf(&db, &body, &found.rows[0].id).await.unwrap();
    crate::support::assert_tagged(&pdf, &["H1"]);
    assert!(
        crate::support::pdf_text(&pdf)
            .unwrap()
            .contains(&format!("Resolução {acronym} nº 1/{year}"))
    );

    // The demo conference's acts link to the demo council's resolutions.
    let c = crate::support::conference_by_slug(&db, app::demo::seed::DEMO_SLUG).await;
    let acts = rs::acts_of_conference(&db.conn, &c).await.unwrap();
    let names: Vec<&str> = acts.iter().map(|(a, _, _)| *a).collect();
    assert_eq!(
        names,
        vec![
            "Convocação da conferência",
            "Nomeação dos articuladores territoriais"
        ]
    );
});
