//! IBGE population and porte on both databases: the shipped list loads the Censo 2022 population
//! with the porte it gives, an installation loaded before it gets the population at the next
//! start without losing a porte set by the administration, every porte boundary, and the public
//! view of an entity by IBGE code.

use crate::admin::entity;
use app::Fail;
use app::platform::tenancy::{self, EntityView};
use conferencia_app as app;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::federative_entity as fe;
use testkit::both_dbs;

/// Sets the porte of `code` by hand, as `platform::admin::set_porte` stores it.
async fn admin_porte(db: &app::Db, code: &str, porte: &str, reason: &str) {
    let mut a: fe::ActiveModel = entity(db, code).await.into();
    a.porte = Set(Some(porte.into()));
    a.porte_source = Set(Some("admin".into()));
    a.porte_reason = Set(Some(reason.into()));
    fe::Entity::update(a).exec(&db.conn).await.unwrap();
}

async fn with_population(db: &app::Db) -> u64 {
    fe::Entity::find()
        .filter(fe::Column::Kind.eq("municipality"))
        .filter(fe::Column::Population.is_not_null())
        .count(&db.conn)
        .await
        .unwrap()
}

fn porte(m: &fe::Model) -> (Option<&str>, Option<&str>) {
    (m.porte.as_deref(), m.porte_source.as_deref())
}

both_dbs!(
    a_new_installation_has_population_and_porte,
    |db| async move {
        tenancy::ensure_entities(&db).await.unwrap();
        assert_eq!(with_population(&db).await, 5570);
        let sp = entity(&db, "3550308").await;
        assert_eq!(
            (sp.population, sp.population_year),
            (Some(11_451_999), Some(2022))
        );
        assert_eq!(porte(&sp), (Some("METROPOLE"), Some("population")));
        // The smallest municipality of the census, and one city of 723,682 (Grande, not PP I).
        let serra = entity(&db, "3166600").await;
        assert_eq!(serra.population, Some(833));
        assert_eq!(porte(&serra), (Some("PP1"), Some("population")));
        let sorocaba = entity(&db, "3552205").await;
        assert_eq!(porte(&sorocaba), (Some("GRANDE"), Some("population")));
        // Created after the census: no population, so no porte either.
        let boa = entity(&db, "5101837").await;
        assert_eq!((boa.population, boa.population_year), (None, None));
        assert_eq!(porte(&boa), (None, None));
        // Nothing is out of date right after the load.
        assert_eq!(
            tenancy::sync_population(&db, include_str!("../../../../data/ibge/municipios.csv"))
                .await
                .unwrap(),
            0
        );
    }
);

both_dbs!(
    an_existing_installation_gets_population_on_upgrade,
    |db| async move {
        tenancy::ensure_entities(&db).await.unwrap();
        // As loaded before the population was shipped: no population, no porte anywhere, one porte
        // typed by an admin (with a reason), one typed before reasons existed, and one porte that
        // says "population" but does not match it.
        fe::Entity::update_many()
            .col_expr(
                fe::Column::Population,
                sea_orm::sea_query::Expr::value(Option::<i64>::None),
            )
            .col_expr(
                fe::Column::PopulationYear,
                sea_orm::sea_query::Expr::value(Option::<i32>::None),
            )
            .col_expr(
                fe::Column::Porte,
                sea_orm::sea_query::Expr::value(Option::<String>::None),
            )
            .col_expr(
                fe::Column::PorteSource,
                sea_orm::sea_query::Expr::value(Option::<String>::None),
            )
            .filter(fe::Column::Kind.eq("municipality"))
            .exec(&db.conn)
            .await
            .unwrap();
        assert_eq!(with_population(&db).await, 0);
        admin_porte(&db, "3133808", "GRANDE", "Estimativa 2025 acima de 100 mil").await;
        let mut old: fe::ActiveModel = entity(&db, "3147105").await.into();
        old.porte = Set(Some("PP1".into()));
        old.porte_source = Set(Some("admin".into()));
        fe::Entity::update(old).exec(&db.conn).await.unwrap();
        let mut wrong: fe::ActiveModel = entity(&db, "3552205").await.into();
        wrong.population = Set(Some(723_682));
        wrong.population_year = Set(Some(2022));
        wrong.porte = Set(Some("PP1".into()));
        wrong.porte_source = Set(Some("population".into()));
        fe::Entity::update(wrong).exec(&db.conn).await.unwrap();

        // The next start.
        tenancy::ensure_entities(&db).await.unwrap();
        assert_eq!(with_population(&db).await, 5570);
        let rio = entity(&db, "3304557").await;
        assert_eq!(
            (rio.population, rio.population_year),
            (Some(6_211_223), Some(2022))
        );
        assert_eq!(porte(&rio), (Some("METROPOLE"), Some("population")));
        assert_eq!(
            porte(&entity(&db, "3552205").await),
            (Some("GRANDE"), Some("population")),
            "a porte computed from the population follows it"
        );
        // The admin's porte and reason stay; the population is filled in all the same.
        let itauna = entity(&db, "3133808").await;
        assert_eq!(itauna.population, Some(97_669));
        assert_eq!(porte(&itauna), (Some("GRANDE"), Some("admin")));
        assert_eq!(
            itauna.porte_reason.as_deref(),
            Some("Estimativa 2025 acima de 100 mil")
        );
        let para = entity(&db, "3147105").await;
        assert_eq!(para.population, Some(97_139));
        assert_eq!(porte(&para), (Some("PP1"), Some("admin")));
        // Still nothing for the municipality the census does not have.
        assert_eq!(porte(&entity(&db, "5101837").await), (None, None));
        // A third start writes nothing.
        assert_eq!(
            tenancy::sync_population(&db, include_str!("../../../../data/ibge/municipios.csv"))
                .await
                .unwrap(),
            0
        );
    }
);

// The PNAS 2004 classes with inclusive bounds (`/work/shared/data/porte_classes.csv`): each
// bound and the next population, stored through the loader.
both_dbs!(porte_at_every_boundary, |db| async move {
    tenancy::ensure_entities(&db).await.unwrap();
    let cases = [
        ("3166600", 1, "PP1"),
        ("3147105", 20_000, "PP1"),
        ("3133808", 20_001, "PP2"),
        ("3550308", 50_000, "PP2"),
        ("3304557", 50_001, "MEDIO"),
        ("5300108", 100_000, "MEDIO"),
        ("2927408", 100_001, "GRANDE"),
        ("2304400", 900_000, "GRANDE"),
        ("1302603", 900_001, "METROPOLE"),
    ];
    let mut list = String::from("ibge_code,name,uf,population,population_year\n");
    for (code, p, _) in cases {
        list.push_str(&format!("{code},x,XX,{p},2030\n"));
    }
    // An admin porte in the list is kept whatever the population says.
    admin_porte(
        &db,
        "2605459",
        "GRANDE",
        "Arquipélago com população flutuante",
    )
    .await;
    list.push_str("2605459,x,XX,3167,2030\n");
    // Only the listed municipalities change; the others keep what they have.
    assert_eq!(tenancy::sync_population(&db, &list).await.unwrap(), 10);
    for (code, p, expected) in cases {
        let m = entity(&db, code).await;
        assert_eq!(
            (m.population, m.population_year),
            (Some(p), Some(2030)),
            "{code}"
        );
        assert_eq!(
            porte(&m),
            (Some(expected), Some("population")),
            "{code}: {p}"
        );
    }
    let noronha = entity(&db, "2605459").await;
    assert_eq!(noronha.population_year, Some(2030));
    assert_eq!(porte(&noronha), (Some("GRANDE"), Some("admin")));
    assert_eq!(entity(&db, "3552205").await.population, Some(723_682));
    assert_eq!(tenancy::sync_population(&db, &list).await.unwrap(), 0);
});

both_dbs!(entity_view_by_ibge_code, |db| async move {
    tenancy::ensure_entities(&db).await.unwrap();
    let e: EntityView = tenancy::entity(&db, "3147105").await.unwrap();
    assert_eq!(
        (e.ibge_code.as_str(), e.name.as_str(), e.uf.as_str()),
        ("3147105", "Pará de Minas", "MG")
    );
    assert_eq!(
        (e.population, e.population_year),
        (Some(97_139), Some(2022))
    );
    assert_eq!(e.porte.as_deref(), Some("MEDIO"));
    assert_eq!(e.porte_label.as_deref(), Some("Médio Porte"));
    assert_eq!(e.porte_source.as_deref(), Some("population"));
    assert_eq!(e.porte_reason, None);
    admin_porte(&db, "3147105", "GRANDE", "Estimativa 2025").await;
    let e = tenancy::entity(&db, "3147105").await.unwrap();
    assert_eq!(
        (
            e.porte.as_deref(),
            e.porte_label.as_deref(),
            e.porte_source.as_deref()
        ),
        (Some("GRANDE"), Some("Grande Porte"), Some("admin"))
    );
    assert_eq!(e.porte_reason.as_deref(), Some("Estimativa 2025"));
    // A UF: no population or porte of its own.
    let mg = tenancy::entity(&db, "31").await.unwrap();
    assert_eq!((mg.name.as_str(), mg.uf.as_str()), ("Minas Gerais", "MG"));
    assert_eq!((mg.population, mg.porte), (None, None));
    // Unknown: not found. Malformed: the field's problem.
    assert!(matches!(
        tenancy::entity(&db, "3199999").await,
        Err(Fail::NotFound)
    ));
    for bad in ["314710", "abc", "9999999", " 3147105", ""] {
        match tenancy::entity(&db, bad).await {
            Err(Fail::Invalid(i)) => assert!(
                i.message_for("ibge_code")
                    .is_some_and(|m| m.starts_with("Código IBGE inválido")),
                "{bad:?}: {i:?}"
            ),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
});
