//! The council's social-assistance network on both databases: forms, archive, participation,
//! the new cycle's carry-over, and the import of a messy council spreadsheet.

use crate::support::{Cell, articulator, commission, invalid, secretariat, xlsx};
use app::Fail;
use app::mobilization::network::{self as net, ImportReport, TerritoryInput, UnitInput};
use app::platform::admin::PersonInput;
use conferencia_app as app;
use sea_orm::{EntityTrait, PaginatorTrait};
use store::entities::{conference_unit, territory, unit};
use testkit::both_dbs;

const DEMO: &str = app::demo::seed::DEMO_SLUG;

/// (territory, unit names) of the conference's public network.
async fn public(db: &app::Db, slug: &str) -> Vec<(String, Vec<String>)> {
    net::public_network(db, slug)
        .await
        .unwrap()
        .territories
        .into_iter()
        .map(|t| (t.name, t.units.into_iter().map(|u| u.name).collect()))
        .collect()
}

async fn public_units(db: &app::Db, slug: &str) -> Vec<String> {
    let mut all: Vec<String> = public(db, slug)
        .await
        .into_iter()
        .flat_map(|(_, us)| us)
        .collect();
    all.sort();
    all
}

async fn rows(db: &app::Db) -> (u64, u64, u64) {
    (
        territory::Entity::find().count(&db.conn).await.unwrap(),
        unit::Entity::find().count(&db.conn).await.unwrap(),
        conference_unit::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
    )
}

fn territory_form(name: &str) -> TerritoryInput {
    TerritoryInput {
        name: name.into(),
        position: String::new(),
    }
}

fn unit_form(territory: &str, kind: &str, name: &str, phone: &str) -> UnitInput {
    UnitInput {
        territory_id: territory.into(),
        kind: kind.into(),
        name: name.into(),
        address: "Rua das Flores, 100".into(),
        phone: phone.into(),
    }
}

both_dbs!(network_forms_archive_and_participation, |db| async move {
    app::demo::seed::seed(&db).await.unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    // The demo network: 4 territories, 8 units, all taking part.
    let v = net::network(&db, Some(&com), DEMO).await.unwrap();
    assert_eq!(v.territories.len(), 4);
    assert_eq!(v.taking_part, 8);
    assert!(matches!(
        net::network(&db, Some(&art), DEMO).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        net::add_territory(&db, None, DEMO, &territory_form("Leste")).await,
        Err(Fail::NeedsLogin)
    ));

    // A territory, named with extra spaces; the same name in another case is refused.
    let before = rows(&db).await;
    let leste = net::add_territory(
        &db,
        Some(&com),
        DEMO,
        &territory_form("  Território   Leste "),
    )
    .await
    .unwrap();
    let e = invalid(
        net::add_territory(&db, Some(&com), DEMO, &territory_form("território leste")).await,
    );
    assert!(
        e.message_for(net::TERRITORY_NAME)
            .unwrap()
            .contains("«Território Leste» já existe"),
        "{e:?}"
    );
    let e = invalid(
        net::add_territory(
            &db,
            Some(&com),
            DEMO,
            &TerritoryInput {
                name: " ".into(),
                position: "primeiro".into(),
            },
        )
        .await,
    );
    assert!(e.message_for(net::TERRITORY_NAME).is_some());
    assert!(e.message_for(net::TERRITORY_POSITION).is_some());

    // A unit: every bad field at once, nothing written.
    let e =
        invalid(net::add_unit(&db, Some(&com), DEMO, &unit_form("", "escola", " ", "123")).await);
    for f in [
        net::UNIT_TERRITORY,
        net::UNIT_KIND,
        net::UNIT_NAME,
        net::UNIT_PHONE,
    ] {
        assert!(e.message_for(f).is_some(), "{f}: {e:?}");
    }
    assert_eq!(rows(&db).await, (before.0 + 1, before.1, before.2));
    let lid = leste.to_string();
    let cras = net::add_unit(
        &db,
        Some(&com),
        DEMO,
        &unit_form(&lid, "cras", "CRAS  Leste", "(37) 3232-4000"),
    )
    .await
    .unwrap();
    assert_eq!(rows(&db).await, (before.0 + 1, before.1 + 1, before.2 + 1));
    // The same name in the same territory, in another case and spacing, is the same unit.
    let e = invalid(
        net::add_unit(
            &db,
            Some(&com),
            DEMO,
            &unit_form(&lid, "cras", "cras leste", ""),
        )
        .await,
    );
    assert!(
        e.message_for(net::UNIT_NAME)
            .unwrap()
            .contains("já tem a unidade «CRAS Leste»")
    );
    // It is public, with its phone, and the commission can appoint its articulator.
    let n = net::public_network(&db, DEMO).await.unwrap();
    let t = n
        .territories
        .iter()
        .find(|t| t.name == "Território Leste")
        .unwrap();
    assert_eq!(t.units[0].name, "CRAS Leste");
    assert_eq!(t.units[0].kind_label, "CRAS");
    assert_eq!(t.units[0].phone.as_deref(), Some("(37) 3232-4000"));
    let roles = app::platform::admin::conference_roles(&db, Some(&com), DEMO)
        .await
        .unwrap();
    assert!(roles.units.iter().any(|(id, _)| *id == cras.to_string()));
    app::platform::admin::grant_conference_role(
        &db,
        Some(&com),
        "http://localhost",
        DEMO,
        &PersonInput {
            name: "Joana Leste".into(),
            username: "joana.leste".into(),
            role: "territorial_articulator".into(),
            unit_id: cras.to_string(),
            act: "Resolução CMAS nº 9/2025".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    // Edit: a kind and a phone.
    let (_, mut f) = net::unit_form(&db, Some(&com), DEMO, &cras.to_string())
        .await
        .unwrap();
    f.phone = "(37) 3232-4001".into();
    net::edit_unit(&db, Some(&com), DEMO, &cras.to_string(), &f)
        .await
        .unwrap();
    let u = unit::Entity::find_by_id(cras)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.phone.as_deref(), Some("(37) 3232-4001"));

    // A territory with a unit in use is not archived; the unit is, then the territory.
    let e = invalid(net::archive_territory(&db, Some(&com), DEMO, &lid, true).await);
    assert!(e.0[0].message.contains("1 unidade(s) em uso"), "{e:?}");
    net::archive_unit(&db, Some(&com), DEMO, &cras.to_string(), true)
        .await
        .unwrap();
    assert!(
        !public_units(&db, DEMO)
            .await
            .contains(&"CRAS Leste".to_string())
    );
    assert!(
        !app::platform::admin::conference_roles(&db, Some(&com), DEMO)
            .await
            .unwrap()
            .units
            .iter()
            .any(|(id, _)| *id == cras.to_string())
    );
    // History still finds it by id: the commission's unit page.
    app::mobilization::units::unit_page(&db, Some(&com), DEMO, cras)
        .await
        .unwrap();
    net::archive_territory(&db, Some(&com), DEMO, &lid, true)
        .await
        .unwrap();
    // Bringing the unit back needs its territory back first.
    let e = invalid(net::archive_unit(&db, Some(&com), DEMO, &cras.to_string(), false).await);
    assert!(e.0[0].message.contains("reative-o antes"), "{e:?}");
    net::archive_territory(&db, Some(&com), DEMO, &lid, false)
        .await
        .unwrap();
    net::archive_unit(&db, Some(&com), DEMO, &cras.to_string(), false)
        .await
        .unwrap();
    assert!(
        public_units(&db, DEMO)
            .await
            .contains(&"CRAS Leste".to_string())
    );
    // Nothing was deleted along the way.
    assert_eq!(rows(&db).await, (before.0 + 1, before.1 + 1, before.2 + 1));

    // Participation: out of this conference and back.
    net::set_participation(&db, Some(&com), DEMO, &cras.to_string(), false)
        .await
        .unwrap();
    assert!(
        !public_units(&db, DEMO)
            .await
            .contains(&"CRAS Leste".to_string())
    );
    net::set_participation(&db, Some(&com), DEMO, &cras.to_string(), true)
        .await
        .unwrap();
    assert!(
        public_units(&db, DEMO)
            .await
            .contains(&"CRAS Leste".to_string())
    );
    // A unit with a meeting in this conference stays in it.
    let pop = testkit::unit_by_name(&db, "Centro POP").await;
    let e =
        invalid(net::set_participation(&db, Some(&com), DEMO, &pop.id.to_string(), false).await);
    assert!(e.0[0].message.contains("já tem reunião"), "{e:?}");
    assert!(matches!(
        net::set_participation(&db, Some(&art), DEMO, &pop.id.to_string(), false).await,
        Err(Fail::Forbidden)
    ));
});

both_dbs!(
    a_new_cycle_starts_with_the_last_cycles_units,
    |db| async move {
        app::demo::seed::seed(&db).await.unwrap();
        let com = commission(&db).await;
        let sec = secretariat(&db).await;
        // Before the new cycle: one unit archived, one left out of the demo conference.
        let rural = testkit::unit_by_name(&db, "CREAS Municipal").await;
        let sul = testkit::unit_by_name(&db, "CRAS São José").await;
        net::archive_unit(&db, Some(&com), DEMO, &rural.id.to_string(), true)
            .await
            .unwrap();
        net::set_participation(&db, Some(&com), DEMO, &sul.id.to_string(), false)
            .await
            .unwrap();
        let demo = testkit::conference_by_slug(&db, DEMO).await;
        let slug = app::setup::conference::create_conference(
            &db,
            Some(&sec),
            &app::setup::conference::ConferenceInput {
                body_id: demo.body_id.to_string(),
                cycle: "2025".into(),
                slug: "para-de-minas-2027".into(),
                title: "XV Conferência Municipal de Assistência Social".into(),
                edition: "15".into(),
                theme: "SUAS: 20 anos".into(),
                process_starts_on: "2027-03-01".into(),
                process_ends_on: "2027-08-31".into(),
                starts_on: "2027-07-10".into(),
                ends_on: "2027-07-11".into(),
                format: "presencial".into(),
                time_zone: "America/Sao_Paulo".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let mut want = public_units(&db, DEMO).await;
        want.sort();
        assert_eq!(want.len(), 6);
        assert_eq!(public_units(&db, &slug).await, want);
        // The same territories (the council's), in their order.
        let names =
            |v: Vec<(String, Vec<String>)>| v.into_iter().map(|(t, _)| t).collect::<Vec<_>>();
        assert_eq!(
            names(public(&db, &slug).await),
            names(public(&db, DEMO).await)
        );
        // One unit's meetings of the last cycle are not this cycle's.
        let centro = testkit::unit_by_name(&db, "Centro POP").await;
        let id = centro.id.to_string();
        let old = app::mobilization::posts::unit_public(&db, DEMO, &id)
            .await
            .unwrap();
        assert!(old.meetings_held > 0);
        let new = app::mobilization::posts::unit_public(&db, &slug, &id)
            .await
            .unwrap();
        assert_eq!((new.meetings_held, new.people), (0, 0));
        assert!(new.upcoming.is_empty());
        // A unit left out of the new conference is not found there by id.
        assert!(matches!(
            app::mobilization::units::unit_page(&db, Some(&sec), &slug, sul.id).await,
            Err(Fail::NotFound)
        ));
        // The commission can bring it in.
        net::set_participation(&db, Some(&sec), &slug, &sul.id.to_string(), true)
            .await
            .unwrap();
        assert_eq!(public_units(&db, &slug).await.len(), 7);
    }
);

/// A council's sheet as Excel saves it on Windows in Brazil: Windows-1252, `;`, mixed-case
/// kinds, extra spaces, a unit repeated, rows without a territory or a unit name, a kind no one
/// knows.
fn messy_csv() -> Vec<u8> {
    let text = "Região;Nome da unidade;TIPO;Endereço;Fone\r\n\
        Território Centro;CRAS Centro;cras;Rua Central, 1;(37) 3231-0001\r\n\
        \u{20} território   norte ;  cras   NORTE ;CRAS;;\r\n\
        Leste;CRAS Leste;Cras;Rua São João, 50;3232-5555\r\n\
        leste ;cras  leste;CRAS;;\r\n\
        ;Centro POP Leste;centro pop;;\r\n\
        Leste;;CRAS;;\r\n\
        Leste;Casa de Passagem Esperança;casa de passagem;;\r\n\
        Leste;Escola Municipal;Escola;;\r\n\
        Rural;Associação Amigos do Bairro;OSC;Av. Brasil, 9;\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really Windows-1252");
    bytes.into_owned()
}

both_dbs!(import_a_messy_council_spreadsheet, |db| async move {
    app::demo::seed::seed(&db).await.unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    assert!(matches!(
        net::import_units(&db, Some(&art), DEMO, &messy_csv()).await,
        Err(Fail::Forbidden)
    ));
    let before = rows(&db).await;
    let r = net::import_units(&db, Some(&com), DEMO, &messy_csv())
        .await
        .unwrap();
    assert_eq!(
        (r.created, r.updated, r.unchanged, r.territories_created),
        (3, 1, 2, 2),
        "{r:?}"
    );
    let lines: Vec<usize> = r.rejected.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [6, 7, 9]);
    assert_eq!(r.rejected[0].1, ["Falta o território"]);
    assert_eq!(r.rejected[1].1, ["Falta o nome da unidade"]);
    assert!(r.rejected[2].1[0].contains("«Escola»"), "{r:?}");
    assert_eq!(rows(&db).await, (before.0 + 2, before.1 + 3, before.2 + 3));
    // The existing unit got its address and phone; the new ones their kinds.
    let centro = testkit::unit_by_name(&db, "CRAS Centro").await;
    assert_eq!(centro.address.as_deref(), Some("Rua Central, 1"));
    assert_eq!(centro.phone.as_deref(), Some("(37) 3231-0001"));
    let casa = testkit::unit_by_name(&db, "Casa de Passagem Esperança").await;
    assert_eq!(casa.kind, "acolhimento");
    let osc = testkit::unit_by_name(&db, "Associação Amigos do Bairro").await;
    assert_eq!(osc.kind, "entidade");
    let n = public(&db, DEMO).await;
    let leste = n.iter().find(|(t, _)| t == "Leste").unwrap();
    // (Ordered by name: the order of "CRAS" and "Casa" is each database's collation.)
    let mut names = leste.1.clone();
    names.sort();
    assert_eq!(names, ["CRAS Leste", "Casa de Passagem Esperança"]);

    // Importing again creates nothing.
    let again = net::import_units(&db, Some(&com), DEMO, &messy_csv())
        .await
        .unwrap();
    assert_eq!(
        (
            again.created,
            again.updated,
            again.unchanged,
            again.territories_created
        ),
        (0, 0, 6, 0)
    );
    assert_eq!(again.rejected.len(), 3);
    assert_eq!(rows(&db).await, (before.0 + 2, before.1 + 3, before.2 + 3));

    // The same network as XLSX, with a unit the CSV did not have.
    let file = xlsx(&[
        vec![
            Cell::S("Zona"),
            Cell::S("Equipamento"),
            Cell::S("Tipo"),
            Cell::S("Telefone"),
        ],
        vec![
            Cell::S("LESTE"),
            Cell::S("Cras Leste"),
            Cell::S("CRAS"),
            Cell::N("3732325555".into()),
        ],
        vec![
            Cell::S("Leste"),
            Cell::S("Centro-Dia Leste"),
            Cell::S("centro-dia"),
            Cell::S(""),
        ],
    ]);
    let x = net::import_units(&db, Some(&com), DEMO, &file)
        .await
        .unwrap();
    assert_eq!(
        x,
        ImportReport {
            created: 1,
            updated: 1,
            unchanged: 0,
            territories_created: 0,
            rejected: vec![],
        }
    );
    assert_eq!(
        testkit::unit_by_name(&db, "Centro-Dia Leste").await.kind,
        "centro_dia"
    );

    // A sheet without a column of units says so; nothing written.
    let e =
        invalid(net::import_units(&db, Some(&com), DEMO, b"Territorio;Tipo\nNorte;CRAS\n").await);
    assert!(
        e.message_for("file").unwrap().contains("nome da unidade"),
        "{e:?}"
    );
    assert!(
        invalid(net::import_units(&db, Some(&com), DEMO, b"").await)
            .message_for("file")
            .is_some()
    );
});
