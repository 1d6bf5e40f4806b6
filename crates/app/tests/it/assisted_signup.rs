//! Accounts for people without e-mail (ADR 0041) on both databases: the staff issues single-use
//! codes (a participant may not; 1 to 50 at once); a person creates an account with a code,
//! a username and a password typed twice, and logs in with the username; a code works once, a
//! wrong or expired one is refused before anything about usernames is said, a username already
//! taken is refused, and a refused form writes nothing.

use crate::support::{articulator, commission, invalid, me};
use app::Fail;
use app::platform::accounts::{self as acc, CodeSignUpInput, LoginOutcome};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{account, signup_code};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

fn form(code: &str, username: &str) -> CodeSignUpInput {
    CodeSignUpInput {
        codigo: code.into(),
        name: "Dona Cida".into(),
        username: username.into(),
        password: "uma senha longa".into(),
        password2: "uma senha longa".into(),
        consent: "on".into(),
    }
}

async fn accounts(db: &app::Db) -> u64 {
    account::Entity::find().count(&db.conn).await.unwrap()
}

both_dbs!(accounts_without_email_by_code, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;

    // Who issues: the staff, a CRAS's articulator; not a participant nor someone logged out.
    assert!(matches!(
        acc::issue_codes(&db, None, SLUG, "3").await,
        Err(Fail::NeedsLogin)
    ));
    for n in ["0", "51", "dez", ""] {
        assert!(
            invalid(acc::issue_codes(&db, Some(&com), SLUG, n).await)
                .message_for("quantidade")
                .is_some(),
            "{n}"
        );
    }
    let issued = acc::issue_codes(&db, Some(&com), SLUG, "3").await.unwrap();
    assert_eq!(issued.codes.len(), 3);
    let art = articulator(&db).await;
    acc::issue_codes(&db, Some(&art), SLUG, "1").await.unwrap();
    let s = acc::codes_summary(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!((s.issued, s.used), (4, 0));
    // Only hashes are stored.
    let c = testkit::conference_by_slug(&db, SLUG).await;
    let stored = signup_code::Entity::find()
        .filter(signup_code::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await
        .unwrap();
    assert!(stored.iter().all(|r| !issued.codes.contains(&r.code_hash)));

    // Bad input: each field named, nothing written.
    let before = accounts(&db).await;
    let e = invalid(
        acc::sign_up_with_code(
            &db,
            &CodeSignUpInput {
                codigo: "abc".into(),
                name: " ".into(),
                username: "é".into(),
                password: "curta".into(),
                password2: String::new(),
                consent: String::new(),
            },
        )
        .await,
    );
    for f in ["codigo", "name", "username", "password", "consent"] {
        assert!(e.message_for(f).is_some(), "{f}");
    }
    let mut two = form(&issued.codes[0], "dona.cida");
    two.password2 = "outra senha longa".into();
    assert!(
        invalid(acc::sign_up_with_code(&db, &two).await)
            .message_for("password2")
            .is_some()
    );
    // A well-formed code that was never issued: refused, nothing said about the username.
    let e = invalid(acc::sign_up_with_code(&db, &form("K7Q4-MZP9-3HXA", "comissao")).await);
    assert!(e.message_for("codigo").is_some() && e.message_for("username").is_none());
    assert_eq!(accounts(&db).await, before);

    // The code creates the account (lower case and spaces in the code do not matter); the
    // username logs in.
    let typed = issued.codes[0].to_lowercase().replace('-', " ");
    let created = acc::sign_up_with_code(&db, &form(&typed, "Dona.Cida"))
        .await
        .unwrap();
    assert_eq!(created.username, "dona.cida");
    assert!(matches!(
        acc::login(&db, "dona.cida", "uma senha longa")
            .await
            .unwrap(),
        LoginOutcome::Ok(_)
    ));
    let a = account::Entity::find()
        .filter(account::Column::Username.eq("dona.cida"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert!(a.email.is_none());
    // It takes part in the etapa digital like any account.
    let cida = me(&db, "dona.cida", "uma senha longa").await;
    assert!(
        app::mobilization::online::index(&db, Some(&cida), SLUG, &Default::default())
            .await
            .is_ok()
    );
    // The participant may not issue codes.
    assert!(matches!(
        acc::issue_codes(&db, Some(&cida), SLUG, "1").await,
        Err(Fail::Forbidden)
    ));

    // A code works once; a taken username is refused; an expired code is refused.
    let e = invalid(acc::sign_up_with_code(&db, &form(&issued.codes[0], "outra.pessoa")).await);
    assert!(e.message_for("codigo").is_some());
    let e = invalid(acc::sign_up_with_code(&db, &form(&issued.codes[1], "dona.cida")).await);
    assert!(
        e.message_for("username")
            .unwrap()
            .contains("já é de outra pessoa")
    );
    signup_code::Entity::update_many()
        .col_expr(
            signup_code::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::hours(1)),
        )
        .exec(&db.conn)
        .await
        .unwrap();
    let e = invalid(acc::sign_up_with_code(&db, &form(&issued.codes[1], "seu.ze")).await);
    assert!(e.message_for("codigo").is_some());
    let s = acc::codes_summary(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!((s.issued, s.used), (4, 1));
});
