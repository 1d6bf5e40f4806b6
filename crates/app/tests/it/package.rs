//! Signed report packages between two installations (a municipality's on SQLite, the state's on
//! each backend): exported only when ready, refused on import with the reason and nothing
//! written for an untrusted key, a bad signature, a tampered file, another destination or a
//! file that is not a package; imported once however often it arrives; accepted with the
//! delegation registered from the package's contacts.

use crate::support::{conference_by_slug, me, platform_admin, refusal, secretariat};
use app::Fail;
use app::demo::history::STATE_SLUG;
use app::reporting::package as pk;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{registration, report_submission};
use testkit::both_dbs;

fn fake_pdf(_: &domain::report::Report) -> Result<Vec<u8>, String> {
    Ok(b"%PDF-1.7 relatorio de teste".to_vec())
}

async fn rounds(db: &app::Db) -> u64 {
    report_submission::Entity::find()
        .filter(report_submission::Column::Via.eq("package"))
        .count(&db.conn)
        .await
        .unwrap()
}

/// Re-encodes one base64 file of a package after `f` changed its bytes.
fn tamper(pkg: &[u8], file: &str, f: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(pkg).unwrap();
    let mut bytes = B64.decode(v["arquivos"][file].as_str().unwrap()).unwrap();
    f(&mut bytes);
    v["arquivos"][file] = B64.encode(bytes).into();
    serde_json::to_vec(&v).unwrap()
}

both_dbs!(
    a_signed_package_travels_between_installations,
    |db| async move {
        // The municipality's installation.
        let town = testkit::sqlite().await;
        app::demo::seed::seed_with_history(&town).await.unwrap();
        assert!(
            app::demo::history::practice(&town, "itaguara-2023")
                .await
                .unwrap()
        );
        let t_sec = me(
            &town,
            "secretaria@demo.conferencia.local",
            "demo-secretaria-2025",
        )
        .await;
        let t_adm = me(&town, "admin@demo.conferencia.local", "demo-admin-2025").await;
        // Not ready: no confirmations yet.
        let m =
            refusal(pk::export(&town, Some(&t_sec), "itaguara-2023", STATE_SLUG, fake_pdf).await);
        assert!(m.contains("pelo menos 2 membros"), "{m}");
        let s = app::reporting::report::status(&town, Some(&t_sec), "itaguara-2023")
            .await
            .unwrap();
        app::reporting::report::sign_off(&town, Some(&t_sec), "itaguara-2023", &s.hash)
            .await
            .unwrap();
        app::reporting::report::sign_off(&town, Some(&t_adm), "itaguara-2023", &s.hash)
            .await
            .unwrap();
        let m = refusal(
            pk::export(
                &town,
                Some(&t_sec),
                "itaguara-2023",
                "Não é endereço",
                fake_pdf,
            )
            .await,
        );
        assert!(m.contains("endereço da conferência de destino"), "{m}");
        let pkg = pk::export(&town, Some(&t_sec), "itaguara-2023", STATE_SLUG, fake_pdf)
            .await
            .unwrap();
        let elsewhere = pk::export(
            &town,
            Some(&t_sec),
            "itaguara-2023",
            "sao-paulo-2023",
            fake_pdf,
        )
        .await
        .unwrap();
        let (town_key, town_print) = pk::own_key(&town).await.unwrap();
        // Contacts travel in the package (the council audience).
        let text = String::from_utf8_lossy(&pkg).to_string();
        assert!(text.contains("relatorio.pdf"));

        // The state's installation.
        app::demo::seed::seed_with_history(&db).await.unwrap();
        let adm = platform_admin(&db).await;
        let sec = secretariat(&db).await;
        assert!(matches!(
            pk::import(&db, Some(&sec), STATE_SLUG, &pkg).await,
            Err(Fail::Forbidden)
        ));
        let before = rounds(&db).await;
        let m = refusal(pk::import(&db, Some(&adm), STATE_SLUG, &pkg).await);
        assert!(m.contains("não está entre as chaves confiáveis"), "{m}");
        assert!(m.contains(&town_print), "{m}");
        // Trusting the key: checked first.
        let m = refusal(pk::trust_key(&db, Some(&adm), STATE_SLUG, "", "xyz").await);
        assert!(m.contains("de quem é a chave"), "{m}");
        pk::trust_key(
            &db,
            Some(&adm),
            STATE_SLUG,
            "Instalação do CMAS de Itaguara",
            &town_key,
        )
        .await
        .unwrap();
        let keys = pk::trusted_keys(&db, Some(&adm), STATE_SLUG).await.unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].fingerprint, town_print);

        // Every bad package is refused with its reason, nothing written.
        let m = refusal(pk::import(&db, Some(&adm), STATE_SLUG, b"isto nao e um pacote").await);
        assert!(m.contains("não é um pacote"), "{m}");
        let m = refusal(pk::import(&db, Some(&adm), STATE_SLUG, &elsewhere).await);
        assert!(
            m.contains("foi enviado à conferência “sao-paulo-2023”"),
            "{m}"
        );
        let bad_json = tamper(&pkg, "relatorio.json", |b| {
            let s = String::from_utf8(b.clone()).unwrap().replacen(
                "Adriana Martins",
                "Adriana Mart1ns",
                1,
            );
            *b = s.into_bytes();
        });
        let m = refusal(pk::import(&db, Some(&adm), STATE_SLUG, &bad_json).await);
        assert!(m.contains("relatorio.json do pacote foi alterado"), "{m}");
        let bad_pdf = tamper(&pkg, "relatorio.pdf", |b| b.push(b'x'));
        let m = refusal(pk::import(&db, Some(&adm), STATE_SLUG, &bad_pdf).await);
        assert!(m.contains("relatorio.pdf do pacote foi alterado"), "{m}");
        let mut v: serde_json::Value = serde_json::from_slice(&pkg).unwrap();
        let forged = v["manifesto"]
            .as_str()
            .unwrap()
            .replace("itaguara-2023", "itaguara-2024");
        v["manifesto"] = forged.into();
        let m = refusal(
            pk::import(
                &db,
                Some(&adm),
                STATE_SLUG,
                &serde_json::to_vec(&v).unwrap(),
            )
            .await,
        );
        assert!(m.contains("assinatura do pacote não confere"), "{m}");
        assert_eq!(rounds(&db).await, before);

        // Imported once, however often it arrives.
        let id = pk::import(&db, Some(&adm), STATE_SLUG, &pkg).await.unwrap();
        assert_eq!(
            pk::import(&db, Some(&adm), STATE_SLUG, &pkg).await.unwrap(),
            id
        );
        assert_eq!(rounds(&db).await, before + 1);
        let inbox = app::reporting::report::inbox(&db, Some(&adm), STATE_SLUG)
            .await
            .unwrap();
        assert!(
            inbox
                .rows
                .iter()
                .any(|r| r.id == id.to_string() && r.via == "pacote assinado")
        );
        let v = app::reporting::report::review(&db, Some(&adm), STATE_SLUG, &id.to_string())
            .await
            .unwrap();
        assert!(v.checks[0].ok && v.checks[1].ok, "{:?}", v.checks);
        assert_eq!(v.signers.len(), 2);

        // Accepted: the delegation registered from the package, once.
        let state = conference_by_slug(&db, STATE_SLUG).await;
        let regs = registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(state.id))
            .count(&db.conn)
            .await
            .unwrap();
        let a = app::reporting::report::decide(
            &db,
            Some(&adm),
            STATE_SLUG,
            &id.to_string(),
            app::reporting::report::Decision::Accept,
            "",
        )
        .await
        .unwrap();
        assert_eq!((a.registrations_created, a.proposals_received), (12, 5));
        let carried = registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(state.id))
            .filter(registration::Column::ImportKey.like("pacote:%"))
            .all(&db.conn)
            .await
            .unwrap();
        assert_eq!(carried.len(), 12);
        assert_eq!(regs + 12, regs + carried.len() as u64);
        assert!(carried.iter().all(|r| r.email.is_some()
            && r.represents.as_deref() == Some("Conferência de treino (itaguara-2023)")));
        // Another package of an accepted conference is refused.
        let again = pk::export(&town, Some(&t_sec), "itaguara-2023", STATE_SLUG, fake_pdf)
            .await
            .unwrap();
        let m = refusal(pk::import(&db, Some(&adm), STATE_SLUG, &again).await);
        assert!(m.contains("já foi aceito"), "{m}");

        // Revoked: the key's packages are refused again, the accepted round stays.
        assert!(matches!(
            pk::revoke_key(&db, Some(&sec), STATE_SLUG, &keys[0].id).await,
            Err(Fail::Forbidden)
        ));
        pk::revoke_key(&db, Some(&adm), STATE_SLUG, &keys[0].id)
            .await
            .unwrap();
        assert!(
            pk::trusted_keys(&db, Some(&adm), STATE_SLUG)
                .await
                .unwrap()
                .is_empty()
        );
        let m = refusal(pk::import(&db, Some(&adm), STATE_SLUG, &again).await);
        assert!(m.contains("não está entre as chaves confiáveis"), "{m}");
        assert!(matches!(
            pk::revoke_key(&db, Some(&adm), STATE_SLUG, &keys[0].id).await,
            Err(Fail::NotFound)
        ));
        assert_eq!(rounds(&db).await, before + 1);
    }
);
