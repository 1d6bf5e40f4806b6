//! The attendance list of a pre-conference (counts by segment derived from it,
//! the counts-only path still valid, the list private) and the territorial delegates elected
//! there (the commission's setting, the seat limit, the board and its CSV, public counts), on
//! both databases.

use crate::support::{articulator, commission, invalid, me};
use app::Fail;
use app::mobilization::attendance::{self as at, AttendeeInput};
use app::mobilization::territorial::{self as tr, DelegateInput, SettingInput};
use app::mobilization::units::{self as u, MeetingInput, ReportInput};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{stage, unit_attendee, unit_delegate};
use testkit::both_dbs;
use uuid::Uuid;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

async fn unit_id(db: &app::Db, name: &str) -> Uuid {
    testkit::unit_by_name(db, name).await.id
}

async fn meeting(db: &app::Db, art: &app::platform::auth::Me, unit: Uuid, when: &str) -> Uuid {
    let st = stage::Entity::find()
        .filter(stage::Column::Kind.eq("unit_meeting"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    u::schedule_meeting(
        db,
        Some(art),
        SLUG,
        unit,
        &MeetingInput {
            stage_id: st.id.to_string(),
            starts_at: when.into(),
            place: "Salão do CRAS".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

async fn report(db: &app::Db, art: &app::platform::auth::Me, unit: Uuid, m: Uuid, i: ReportInput) {
    u::report_meeting(db, Some(art), SLUG, unit, m, &i)
        .await
        .unwrap();
}

fn person(name: &str, segment: &str) -> AttendeeInput {
    AttendeeInput {
        name: name.into(),
        segment: segment.into(),
        contact: String::new(),
    }
}

async fn attendees(db: &app::Db) -> u64 {
    unit_attendee::Entity::find().count(&db.conn).await.unwrap()
}

both_dbs!(the_list_gives_the_meeting_its_numbers, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let art = articulator(&db).await;
    let com = commission(&db).await;
    let centro = unit_id(&db, "CRAS Centro").await;
    let norte = unit_id(&db, "CRAS Norte").await;
    let m = meeting(&db, &art, centro, "2025-05-08T15:00").await;
    let base = attendees(&db).await;

    // Not held yet: no list, nothing written.
    let e = invalid(
        at::add(
            &db,
            Some(&art),
            SLUG,
            centro,
            m,
            &person("Ana Lima", "usuarios"),
        )
        .await,
    );
    assert!(
        e.message_for("name")
            .unwrap()
            .contains("ainda não foi informada como realizada"),
        "{e}"
    );
    // The counts-only path: 30 people, by segment.
    report(
        &db,
        &art,
        centro,
        m,
        ReportInput {
            participants: "30".into(),
            by_segment: ["2".into(), "20".into(), "8".into(), "0".into()],
            ..Default::default()
        },
    )
    .await;
    let page = u::meeting_record(&db, Some(&art), SLUG, centro, m)
        .await
        .unwrap();
    assert_eq!(page.meeting.participants, Some(30));
    assert!(
        page.meeting
            .by_segment
            .as_deref()
            .unwrap()
            .contains("Usuários(as): 20")
    );
    assert!(page.attendance.as_ref().unwrap().people.is_empty());
    assert!(page.attendance.unwrap().counts.is_none());

    // Only the unit's own articulator (or the commission); every field checked at once; no CPF.
    assert!(matches!(
        at::add(&db, Some(&art), SLUG, norte, m, &person("Ana", "usuarios")).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        at::add(&db, None, SLUG, centro, m, &person("Ana", "usuarios")).await,
        Err(Fail::NeedsLogin)
    ));
    let e = invalid(
        at::add(
            &db,
            Some(&art),
            SLUG,
            centro,
            m,
            &AttendeeInput {
                name: "  ".into(),
                segment: "sociedade".into(),
                contact: "529.982.247-25".into(),
            },
        )
        .await,
    );
    assert_eq!(e.0.len(), 3, "{e}");
    assert!(e.message_for("contact").unwrap().contains("CPF"));
    assert_eq!(attendees(&db).await, base);

    // Three people: the meeting's numbers now come from the list.
    at::add(
        &db,
        Some(&art),
        SLUG,
        centro,
        m,
        &person("Ana Lima", "usuarios"),
    )
    .await
    .unwrap();
    at::add(
        &db,
        Some(&art),
        SLUG,
        centro,
        m,
        &AttendeeInput {
            name: "Bruno Costa".into(),
            segment: "usuarios".into(),
            contact: "(37) 99999-0000".into(),
        },
    )
    .await
    .unwrap();
    let carla = at::add(
        &db,
        Some(&com),
        SLUG,
        centro,
        m,
        &person("Carla Souza", "trabalhadores"),
    )
    .await
    .unwrap();
    let page = u::meeting_record(&db, Some(&art), SLUG, centro, m)
        .await
        .unwrap();
    let list = page.attendance.unwrap();
    assert_eq!(list.people.len(), 3);
    assert_eq!(list.people[1].contact.as_deref(), Some("(37) 99999-0000"));
    assert_eq!(list.reported, Some(30));
    assert_eq!(
        list.counts.as_deref(),
        Some(
            "Governo: 0 · Usuários(as): 2 · Trabalhadores(as) do SUAS: 1 · Entidades de assistência social: 0"
        )
    );
    assert_eq!(page.meeting.participants, Some(3));
    // The unit's page and the public pages show the same numbers, never the names.
    let unit_page = u::unit_page(&db, Some(&art), SLUG, centro).await.unwrap();
    let mv = unit_page
        .stages
        .iter()
        .flat_map(|s| &s.meetings)
        .find(|x| x.id == m)
        .unwrap();
    assert_eq!(mv.participants, Some(3));
    let public = app::setup::public::conference_page(&db, SLUG)
        .await
        .unwrap();
    let pm = public
        .stages
        .iter()
        .flat_map(|s| &s.meetings)
        .find(|x| x.id == m)
        .unwrap();
    assert_eq!(pm.participants, Some(3));
    assert!(
        pm.by_segment
            .as_deref()
            .unwrap()
            .contains("Usuários(as): 2")
    );
    let json = serde_json::to_string(&public).unwrap();
    assert!(!json.contains("Ana Lima") && !json.contains("99999-0000"));
    let up = app::mobilization::posts::unit_public(&db, SLUG, &centro.to_string())
        .await
        .unwrap();
    let json = serde_json::to_string(&up).unwrap();
    assert!(!json.contains("Ana Lima"));

    // Another conference's staff and the credentialing staff see no list.
    // (The participant role sees nothing of the unit either: ManageUnit first.)
    let part = me(
        &db,
        app::demo::seed::DEMO_PARTICIPANT.0,
        app::demo::seed::DEMO_PARTICIPANT.1,
    )
    .await;
    assert!(matches!(
        u::meeting_record(&db, Some(&part), SLUG, centro, m).await,
        Err(Fail::Forbidden)
    ));

    // Removing goes back, one row at a time; an empty list gives the reported numbers back.
    at::remove(&db, Some(&art), SLUG, centro, m, &carla.to_string())
        .await
        .unwrap();
    assert!(matches!(
        at::remove(&db, Some(&art), SLUG, centro, m, &carla.to_string()).await,
        Err(Fail::NotFound)
    ));
    assert!(matches!(
        at::remove(&db, Some(&art), SLUG, norte, m, &carla.to_string()).await,
        Err(Fail::Forbidden)
    ));
    let page = u::meeting_record(&db, Some(&art), SLUG, centro, m)
        .await
        .unwrap();
    assert_eq!(page.meeting.participants, Some(2));
    for p in page.attendance.unwrap().people {
        at::remove(&db, Some(&art), SLUG, centro, m, &p.id.to_string())
            .await
            .unwrap();
    }
    let page = u::meeting_record(&db, Some(&art), SLUG, centro, m)
        .await
        .unwrap();
    assert_eq!(page.meeting.participants, Some(30));
    assert!(
        page.meeting
            .by_segment
            .unwrap()
            .contains("Usuários(as): 20")
    );
    assert_eq!(attendees(&db).await, base);
});

both_dbs!(territorial_delegates_within_the_seats, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let art = articulator(&db).await;
    let com = commission(&db).await;
    let centro = unit_id(&db, "CRAS Centro").await;
    let m = meeting(&db, &art, centro, "2025-05-09T15:00").await;
    report(
        &db,
        &art,
        centro,
        m,
        ReportInput {
            participants: "12".into(),
            ..Default::default()
        },
    )
    .await;
    let delegate = |name: &str, seat: &str| DelegateInput {
        name: name.into(),
        segment: "usuarios".into(),
        seat: seat.into(),
        contact: String::new(),
    };

    // The commission only sets it; a bad number of seats is refused, nothing saved.
    assert!(matches!(
        tr::board(&db, Some(&art), SLUG).await,
        Err(Fail::Forbidden)
    ));
    let one_seat = SettingInput {
        enabled: "on".into(),
        seats_per_unit: "1".into(),
        note: "Paridade entre os segmentos".into(),
    };
    assert!(matches!(
        tr::save_setting(&db, Some(&art), SLUG, &one_seat).await,
        Err(Fail::Forbidden)
    ));
    let e = invalid(
        tr::save_setting(
            &db,
            Some(&com),
            SLUG,
            &SettingInput {
                enabled: "on".into(),
                seats_per_unit: "0".into(),
                note: String::new(),
            },
        )
        .await,
    );
    assert!(e.message_for("seats_per_unit").is_some());
    let b = tr::board(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(b.seats_per_unit, 2, "the demo's setting stays");

    // Disabled: the meeting's page has no delegates block and none is recorded.
    tr::save_setting(
        &db,
        Some(&com),
        SLUG,
        &SettingInput {
            enabled: String::new(),
            seats_per_unit: "1".into(),
            note: String::new(),
        },
    )
    .await
    .unwrap();
    let page = u::meeting_record(&db, Some(&art), SLUG, centro, m)
        .await
        .unwrap();
    assert!(page.delegates.is_none());
    let e = invalid(
        tr::add(
            &db,
            Some(&art),
            SLUG,
            centro,
            m,
            &delegate("Ana", "titular"),
        )
        .await,
    );
    assert!(e.to_string().contains("não definiu"), "{e}");
    assert!(
        tr::public_counts(&db, SLUG).await.unwrap().is_empty(),
        "nothing public while disabled"
    );

    // Enabled with 1 seat: one titular, the second refused in pt-BR, a suplente accepted.
    tr::save_setting(&db, Some(&com), SLUG, &one_seat)
        .await
        .unwrap();
    let before = unit_delegate::Entity::find().count(&db.conn).await.unwrap();
    let ana = tr::add(
        &db,
        Some(&art),
        SLUG,
        centro,
        m,
        &delegate("Ana Lima", "titular"),
    )
    .await
    .unwrap();
    let e = invalid(
        tr::add(
            &db,
            Some(&art),
            SLUG,
            centro,
            m,
            &delegate("Bruno Costa", "titular"),
        )
        .await,
    );
    assert_eq!(
        e.message_for("seat"),
        Some(
            "A unidade já tem 1 delegado(a) titular e o regimento permite 1 titular por unidade: registre como suplente ou retire um titular antes"
        )
    );
    tr::add(
        &db,
        Some(&art),
        SLUG,
        centro,
        m,
        &delegate("Bruno Costa", "suplente"),
    )
    .await
    .unwrap();
    assert!(
        invalid(
            tr::add(
                &db,
                Some(&art),
                SLUG,
                centro,
                m,
                &delegate("Carla", "suplente")
            )
            .await
        )
        .message_for("seat")
        .is_some()
    );
    let e = invalid(tr::add(&db, Some(&art), SLUG, centro, m, &delegate("", "vice")).await);
    assert!(e.message_for("name").is_some() && e.message_for("seat").is_some());
    assert_eq!(
        unit_delegate::Entity::find().count(&db.conn).await.unwrap(),
        before + 2
    );
    let page = u::meeting_record(&db, Some(&art), SLUG, centro, m)
        .await
        .unwrap();
    let block = page.delegates.unwrap();
    assert_eq!((block.titulares, block.suplentes), (1, 1));
    assert_eq!(block.delegates[0].name, "Ana Lima");

    // The commission's board: by territory and unit, the units still missing, the CSV.
    let b = tr::board(&db, Some(&com), SLUG).await.unwrap();
    assert!(b.enabled);
    let centro_row = b
        .territories
        .iter()
        .flat_map(|t| &t.units)
        .find(|x| x.id == centro)
        .unwrap();
    assert_eq!(centro_row.delegates.len(), 2);
    assert!(!b.missing.iter().any(|x| x.starts_with("CRAS Centro")));
    assert!(b.missing.iter().any(|x| x.starts_with("CRAS Norte")));
    let csv = tr::csv(&b);
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Nome completo;Categoria;Segmento;Titular ou suplente;Origem;Território;Unidade;Telefone;E-mail"
    );
    assert!(
        text.contains("Ana Lima;Delegado(a);Usuários(as);Titular;Eleito(a) em pré-conferência;")
    );
    // The import recognizes every column of it.
    let headers: Vec<String> = text
        .lines()
        .next()
        .unwrap()
        .split(';')
        .map(str::to_owned)
        .collect();
    assert!(
        headers
            .iter()
            .all(|h| domain::import::Field::recognize(h).is_some()),
        "{headers:?}"
    );

    // The participants import reads it without a rejected row: the delegates become participants.
    let upload = app::participants::import::upload(
        &db,
        Some(&com),
        SLUG,
        "delegados-territoriais.csv",
        &csv,
        &app::participants::import::DefaultsInput::default(),
        true,
    )
    .await
    .unwrap();
    let preview = app::participants::import::preview(&db, Some(&com), SLUG, &upload.to_string())
        .await
        .unwrap();
    assert!(preview.rejected.is_empty(), "{:?}", preview.rejected);
    let counts = app::participants::import::commit(&db, Some(&com), SLUG, &upload.to_string())
        .await
        .unwrap();
    assert_eq!(counts.rejected, 0);
    assert!(counts.imported >= 2, "{}", counts.imported);

    // Public: counts per unit, never names.
    let public = tr::public_counts(&db, SLUG).await.unwrap();
    let row = public
        .iter()
        .flat_map(|t| &t.units)
        .find(|x| x.0 == "CRAS Centro")
        .unwrap();
    assert_eq!((row.1, row.2), (1, 1));
    assert!(!serde_json::to_string(&public).unwrap().contains("Ana Lima"));

    // Removing the titular frees the seat.
    assert!(matches!(
        tr::remove(
            &db,
            Some(&art),
            SLUG,
            unit_id(&db, "CRAS Norte").await,
            &ana.to_string()
        )
        .await,
        Err(Fail::Forbidden)
    ));
    tr::remove(&db, Some(&art), SLUG, centro, &ana.to_string())
        .await
        .unwrap();
    tr::add(
        &db,
        Some(&art),
        SLUG,
        centro,
        m,
        &delegate("Bruno Costa", "titular"),
    )
    .await
    .unwrap();
});

both_dbs!(
    two_people_cannot_take_the_last_seat_at_once,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let art = articulator(&db).await;
        let com = commission(&db).await;
        let centro = unit_id(&db, "CRAS Centro").await;
        let m = meeting(&db, &art, centro, "2025-05-10T15:00").await;
        report(
            &db,
            &art,
            centro,
            m,
            ReportInput {
                participants: "8".into(),
                ..Default::default()
            },
        )
        .await;
        tr::save_setting(
            &db,
            Some(&com),
            SLUG,
            &SettingInput {
                enabled: "on".into(),
                seats_per_unit: "1".into(),
                note: String::new(),
            },
        )
        .await
        .unwrap();
        let art = std::sync::Arc::new(art);
        let tasks: Vec<_> = (0..4)
            .map(|k| {
                let (db, art) = (db.clone(), art.clone());
                tokio::spawn(async move {
                    let i = DelegateInput {
                        name: format!("Pessoa {k}"),
                        segment: "usuarios".into(),
                        seat: "titular".into(),
                        contact: String::new(),
                    };
                    tr::add(&db, Some(&art), SLUG, centro, m, &i).await.is_ok()
                })
            })
            .collect();
        let mut ok = 0;
        for t in tasks {
            if t.await.unwrap() {
                ok += 1;
            }
        }
        assert_eq!(ok, 1, "exactly one titular recorded");
        let titulares = unit_delegate::Entity::find()
            .filter(unit_delegate::Column::UnitId.eq(centro))
            .filter(unit_delegate::Column::Seat.eq("titular"))
            .count(&db.conn)
            .await
            .unwrap();
        assert_eq!(titulares, 1);
    }
);

// A delegate's name or phone that a spreadsheet would run as a formula is exported as
// text (a `'` in front), and the participants import drops that `'` again: the round trip keeps
// the name and the phone as they were typed.
both_dbs!(
    territorial_csv_is_formula_safe_and_imports_back,
    |db| async move {
        use store::entities::registration;
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let art = articulator(&db).await;
        let com = commission(&db).await;
        let centro = unit_id(&db, "CRAS Centro").await;
        let m = meeting(&db, &art, centro, "2025-05-11T15:00").await;
        report(
            &db,
            &art,
            centro,
            m,
            ReportInput {
                participants: "10".into(),
                ..Default::default()
            },
        )
        .await;
        tr::save_setting(
            &db,
            Some(&com),
            SLUG,
            &SettingInput {
                enabled: "on".into(),
                seats_per_unit: "1".into(),
                note: String::new(),
            },
        )
        .await
        .unwrap();
        let name = "=HYPERLINK(\"http://evil.example\";\"Ana\")";
        let phone = "+55 37 99999-1234";
        tr::add(
            &db,
            Some(&art),
            SLUG,
            centro,
            m,
            &DelegateInput {
                name: name.into(),
                segment: "usuarios".into(),
                seat: "titular".into(),
                contact: phone.into(),
            },
        )
        .await
        .unwrap();
        let csv = tr::csv(&tr::board(&db, Some(&com), SLUG).await.unwrap());
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        assert!(
            text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Ana\"\")\";Delegado(a);"),
            "{text}"
        );
        assert!(text.contains(";'+55 37 99999-1234;"), "{text}");
        for line in text.lines() {
            for cell in line.split(';') {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell} in {line}");
            }
        }

        let upload = app::participants::import::upload(
            &db,
            Some(&com),
            SLUG,
            "delegados-territoriais.csv",
            &csv,
            &app::participants::import::DefaultsInput::default(),
            true,
        )
        .await
        .unwrap();
        let preview =
            app::participants::import::preview(&db, Some(&com), SLUG, &upload.to_string())
                .await
                .unwrap();
        assert!(preview.rejected.is_empty(), "{:?}", preview.rejected);
        app::participants::import::commit(&db, Some(&com), SLUG, &upload.to_string())
            .await
            .unwrap();
        let r = registration::Entity::find()
            .filter(registration::Column::Name.eq(name))
            .one(&db.conn)
            .await
            .unwrap()
            .expect("the delegate imported under the name typed");
        assert_eq!(r.phone.as_deref(), Some(phone));
    }
);
