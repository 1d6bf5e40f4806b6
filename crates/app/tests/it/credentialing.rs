//! Check-in on both databases: windows, codes, duplicates, suplentes, counters, permissions.

use crate::support::{articulator, commission, invalid, open_desk};
use app::Fail;
use app::participants::credentialing::{self as cr, Method};
use app::participants::registration::{self as p, RegistrationInput, Source};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use store::entities::checkin;
use testkit::both_dbs;

fn delegate(name: &str, segment: &str, seat: &str) -> RegistrationInput {
    RegistrationInput {
        name: name.into(),
        category: "delegado".into(),
        segment: segment.into(),
        seat: seat.into(),
        consent: true,
        ..Default::default()
    }
}

both_dbs!(check_in_rules_and_counters, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let slug = app::demo::seed::DEMO_SLUG;
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let titular = p::register(
        &db,
        Some(&com),
        slug,
        &delegate("Ana Titular", "usuarios", "titular"),
        Source::Assisted,
    )
    .await
    .unwrap();
    let suplente = p::register(
        &db,
        Some(&com),
        slug,
        &delegate("Bia Suplente", "usuarios", "suplente"),
        Source::Assisted,
    )
    .await
    .unwrap();
    let worker = p::register(
        &db,
        Some(&com),
        slug,
        &delegate("Caio Trabalhador", "trabalhadores", "titular"),
        Source::Assisted,
    )
    .await
    .unwrap();

    // Closed desk (the demo conference was in 2025): a clear message.
    let e = invalid(cr::check_in(&db, Some(&com), slug, &titular.code, None, Method::Code).await);
    assert!(e.message_for("code").unwrap().contains("fechado"), "{e}");
    open_desk(&db).await;
    // Only credentialing roles.
    assert!(matches!(
        cr::check_in(&db, Some(&art), slug, &worker.code, None, Method::Code).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        cr::check_in(&db, None, slug, &worker.code, None, Method::Code).await,
        Err(Fail::NeedsLogin)
    ));
    assert!(
        invalid(cr::check_in(&db, Some(&com), slug, "XXXX", None, Method::Code).await)
            .message_for("code")
            .unwrap()
            .contains("8 letras")
    );
    assert!(
        invalid(cr::check_in(&db, Some(&com), slug, "2222-2222", None, Method::Code).await)
            .message_for("code")
            .unwrap()
            .contains("Nenhuma")
    );

    // A suplente in place of a titular of another segment, or of someone who is no titular: refused.
    assert!(
        invalid(
            cr::check_in(
                &db,
                Some(&com),
                slug,
                &suplente.code,
                Some(&worker.code),
                Method::Code
            )
            .await
        )
        .message_for("replaces")
        .unwrap()
        .contains("mesmo segmento")
    );
    assert!(
        invalid(
            cr::check_in(
                &db,
                Some(&com),
                slug,
                &worker.code,
                Some(&titular.code),
                Method::Code
            )
            .await
        )
        .message_for("replaces")
        .unwrap()
        .contains("Só um(a) suplente")
    );
    // The suplente replaces the absent titular; the record shows it; the titular cannot come in twice.
    let done = cr::check_in(
        &db,
        Some(&com),
        slug,
        &suplente.code.to_lowercase(),
        Some(&titular.code),
        Method::Code,
    )
    .await
    .unwrap();
    assert_eq!(done.replaces.as_deref(), Some("Ana Titular"));
    let row = checkin::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert!(row.replaces_registration_id.is_some());
    // Walk-in of the same person again: refused with the time.
    let e = invalid(cr::check_in(&db, Some(&com), slug, &suplente.code, None, Method::Code).await);
    assert!(
        e.message_for("code")
            .unwrap()
            .contains("já foi credenciado(a) hoje às"),
        "{e}"
    );
    cr::check_in(&db, Some(&com), slug, &worker.code, None, Method::Search)
        .await
        .unwrap();

    // The QR of a badge: the signed token checks in; a forged one is refused in pt-BR.
    let third = p::register(
        &db,
        Some(&com),
        slug,
        &delegate("Dan QR", "entidades", "titular"),
        Source::Assisted,
    )
    .await
    .unwrap();
    let id = store::entities::registration::Entity::find()
        .filter(store::entities::registration::Column::Code.eq(third.code.clone()))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .id;
    let token = app::platform::tokens::token_for(&db, id).await.unwrap();
    let mut forged = token.clone().into_bytes();
    forged[30] = if forged[30] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    assert!(
        invalid(cr::check_in(&db, Some(&com), slug, &forged, None, Method::Code).await)
            .message_for("code")
            .unwrap()
            .contains("assinatura inválida")
    );
    let done = cr::check_in(&db, Some(&com), slug, &token, None, Method::Code)
        .await
        .unwrap();
    assert_eq!(done.person.display_name, "Dan QR");
    let n = cr::counters(&db, Some(&com), slug).await.unwrap();
    // Registered voting seats: the titulares (Bia is a suplente, in Ana's seat today).
    assert_eq!((n.total, n.delegates, n.registered_delegates), (3, 3, 3));
    assert_eq!(
        n.by_segment
            .iter()
            .find(|(l, _)| l.starts_with("Usuários"))
            .unwrap()
            .1,
        1
    );
    assert_eq!(
        n.by_segment
            .iter()
            .find(|(l, _)| l.starts_with("Trabalhadores"))
            .unwrap()
            .1,
        1
    );
    // The desk search shows who is in, accent-insensitively.
    let found = cr::search(&db, Some(&com), slug, "caio trabalhador")
        .await
        .unwrap();
    assert!(found[0].checked_in_at.is_some());
    let found = cr::search(&db, Some(&com), slug, "ANA titular")
        .await
        .unwrap();
    assert!(found[0].checked_in_at.is_none());
});
