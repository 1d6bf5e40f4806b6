//! Spreadsheet import on both databases: every encoding and separator councils send, XLSX,
//! header and value recognition, every rejection reason, duplicates inside the file and against
//! existing registrations, one transaction, idempotence, limits, the column mapping, permissions.

use crate::support::{Cell, articulator, commission, conference_by_slug, invalid, xlsx};
use app::Fail;
use app::participants::import::{self as imp, Counts};
use app::participants::registration::{self as p, RegistrationInput, Source};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{import_upload, registration};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

/// A valid CPF built from nine digits.
fn cpf(n: u64) -> String {
    let base = format!("{n:09}");
    let mut d: Vec<u32> = base.bytes().map(|b| u32::from(b - b'0')).collect();
    for len in [9usize, 10] {
        let sum: u32 = (0..len).map(|i| d[i] * (len as u32 + 1 - i as u32)).sum();
        d.push((sum * 10 % 11) % 10);
    }
    d.iter()
        .map(|x| char::from_digit(*x, 10).unwrap())
        .collect()
}

async fn registrations(db: &app::Db) -> u64 {
    let c = conference_by_slug(db, SLUG).await;
    registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .count(&db.conn)
        .await
        .unwrap()
}

/// The list of the tests: a header in its pt-BR variants and one row per case.
fn council_list(sep: &str) -> String {
    let rows = [
        // line 2..: valid rows in several spellings
        format!(
            "Ana Maria Souza;{};Usuária;Delegada;Território Centro;ana@example.org;(37) 99999-1111;12/03/1980",
            cpf(1)
        ),
        format!(
            "Bruno Lima;{};TRABALHADORES DO SUAS;delegado(a);territorio norte;;;",
            cpf(2)
        ),
        "Carla Dias;;Entidade;Convidado(a);;;;01/01/1990".to_owned(),
        format!("Davi Rocha;{};Governo;Observador;;;;", cpf(3)),
        // line 6: bad CPF
        "Edite Bad CPF;123.456.789-00;Usuário;Delegado;;;;".to_owned(),
        // line 7: unknown segment
        format!("Fábio Segmento;{};Sociedade;Delegado;;;;", cpf(4)),
        // line 8: missing name
        format!(";{};Usuário;Delegado;;;;", cpf(5)),
        // line 9: duplicate inside the file (same CPF as line 2)
        format!("Ana M. Souza;{};Usuário;Delegado;;;;", cpf(1)),
        // line 10: duplicate of an existing registration
        format!("Gabriela Existente;{};Usuário;Delegado;;;;", cpf(6)),
        // line 11: delegate without segment (required field for delegates)
        format!("Hugo Sem Segmento;{};;Delegado;;;;", cpf(7)),
        // line 12: unknown category
        format!("Iara Categoria;{};Usuário;Participante;;;;", cpf(8)),
        // line 13: unknown territory
        format!(
            "João Território;{};Usuário;Delegado;Território Leste;;;",
            cpf(9)
        ),
        // line 14: bad e-mail and bad date
        format!(
            "Karina Dados;{};Usuário;Delegado;;karina@;;31/02/1990",
            cpf(10)
        ),
        // an empty line is ignored
        ";;;;;;;".to_owned(),
    ];
    let mut s =
        "Nome completo;CPF;Segmento;Categoria;Território;E-mail;Celular;Data de Nascimento\n"
            .replace(';', sep);
    for r in rows {
        s.push_str(&r.replace(';', sep));
        s.push('\n');
    }
    s
}

async fn existing_registration(db: &app::Db, com: &app::platform::auth::Me) {
    p::register(
        db,
        Some(com),
        SLUG,
        &RegistrationInput {
            name: "Gabriela Existente".into(),
            category: "delegado".into(),
            segment: "usuarios".into(),
            cpf: cpf(6),
            consent: true,
            ..Default::default()
        },
        Source::Assisted,
    )
    .await
    .unwrap();
}

fn problems_of(pv: &imp::Preview, line: usize) -> String {
    pv.rejected
        .iter()
        .find(|r| r.line == line)
        .unwrap_or_else(|| panic!("line {line} not rejected: {:?}", pv.rejected))
        .problems
        .join(" | ")
}

both_dbs!(preview_commit_and_every_rejection_reason, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    existing_registration(&db, &com).await;
    let before = registrations(&db).await;
    let file = council_list(";");
    let id = imp::upload(
        &db,
        Some(&com),
        SLUG,
        "lista.csv",
        file.as_bytes(),
        &imp::DefaultsInput::default(),
        true,
    )
    .await
    .unwrap();
    let pv = imp::preview(&db, Some(&com), SLUG, &id.to_string())
        .await
        .unwrap();
    // Headers recognized in their common forms.
    let fields: Vec<&str> = pv.columns.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "nome",
            "cpf",
            "segmento",
            "categoria",
            "territorio",
            "email",
            "telefone",
            "nascimento"
        ]
    );
    // The CPF sample is masked.
    assert!(
        !pv.columns[1].sample.contains(&cpf(1)[..9]),
        "{}",
        pv.columns[1].sample
    );
    assert_eq!(pv.total, 13, "the blank line is not a row");
    assert_eq!(pv.ready, 4);
    assert_eq!(pv.unchanged, 0);
    assert_eq!(pv.rejected.len(), 9);
    assert!(
        problems_of(&pv, 6).contains("CPF"),
        "{}",
        problems_of(&pv, 6)
    );
    assert!(problems_of(&pv, 7).contains("Segmento não reconhecido: “Sociedade”"));
    assert!(
        problems_of(&pv, 8).contains("nome"),
        "{}",
        problems_of(&pv, 8)
    );
    assert!(
        problems_of(&pv, 9).contains("linha 2"),
        "{}",
        problems_of(&pv, 9)
    );
    assert!(problems_of(&pv, 10).contains("já está inscrito"));
    assert!(
        problems_of(&pv, 11).to_lowercase().contains("segmento"),
        "{}",
        problems_of(&pv, 11)
    );
    assert!(problems_of(&pv, 12).contains("Categoria não reconhecida"));
    assert!(problems_of(&pv, 13).contains("Território não encontrado"));
    let p14 = problems_of(&pv, 14);
    assert!(p14.to_lowercase().contains("e-mail"), "{p14}");
    assert!(p14.contains("data"), "{p14}");
    // Preview wrote nothing.
    assert_eq!(registrations(&db).await, before);

    let counts = imp::commit(&db, Some(&com), SLUG, &id.to_string())
        .await
        .unwrap();
    assert_eq!(
        counts,
        Counts {
            imported: 4,
            unchanged: 0,
            rejected: 9
        }
    );
    assert_eq!(registrations(&db).await, before + 4);
    let ana = registration::Entity::find()
        .filter(registration::Column::Cpf.eq(cpf(1)))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ana.source, "import");
    assert_eq!(ana.segment.as_deref(), Some("usuarios"));
    assert_eq!(ana.category, "delegado");
    assert_eq!(ana.email.as_deref(), Some("ana@example.org"));
    assert_eq!(ana.birth_date.unwrap().to_string(), "1980-03-12");
    assert!(
        ana.territory_id.is_some(),
        "territory matched ignoring accents and case"
    );
    assert!(ana.import_key.is_some());
    assert_eq!(ana.assisted_by, Some(com.account.id));

    // The rejected rows, with their reasons, for Excel.
    let (name, csv) = imp::rejected_csv(&db, Some(&com), SLUG, &id.to_string())
        .await
        .unwrap();
    assert_eq!(name, "lista-rejeitadas.csv");
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.starts_with("Linha;Nome completo;CPF;"), "{text}");
    assert_eq!(text.lines().count(), 10, "{text}");
    assert!(text.contains("Segmento não reconhecido"));

    // Committing again, or uploading the same file again, creates nothing new.
    let again = imp::commit(&db, Some(&com), SLUG, &id.to_string())
        .await
        .unwrap();
    assert_eq!((again.imported, again.unchanged), (0, 4));
    let id2 = imp::upload(
        &db,
        Some(&com),
        SLUG,
        "lista.csv",
        file.as_bytes(),
        &imp::DefaultsInput::default(),
        true,
    )
    .await
    .unwrap();
    let pv2 = imp::preview(&db, Some(&com), SLUG, &id2.to_string())
        .await
        .unwrap();
    assert_eq!((pv2.ready, pv2.unchanged), (0, 4));
    let c = imp::commit(&db, Some(&com), SLUG, &id2.to_string())
        .await
        .unwrap();
    assert_eq!(c.imported, 0);
    assert_eq!(registrations(&db).await, before + 4);
    // And a person registered by import is registered: their CPF now blocks the public form.
    let e = invalid(
        p::register(
            &db,
            Some(&com),
            SLUG,
            &RegistrationInput {
                name: "Ana".into(),
                category: "convidado".into(),
                cpf: cpf(1),
                consent: true,
                ..Default::default()
            },
            Source::Assisted,
        )
        .await,
    );
    assert!(e.message_for("cpf").is_some());
});

both_dbs!(windows_1252_comma_and_the_command_line, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    // Excel on Windows: cp1252, commas, no category column (the default category applies).
    let text = format!(
        "NOME,Nome Social,cpf,SEGMENTO,Unidade/Equipamento\r\nJosé Antônio Conceição,Zezé,{},usuário,CRAS São José\r\nMaría Ñúñez,,{},trabalhadora,cras centro\r\n",
        cpf(11),
        cpf(12)
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let r = imp::import_file(&db, SLUG, &bytes, &imp::DefaultsInput::category("delegado"))
        .await
        .unwrap();
    assert_eq!(
        r.counts,
        Counts {
            imported: 2,
            unchanged: 0,
            rejected: 0
        },
        "{:?}",
        r.rejected
    );
    let jose = registration::Entity::find()
        .filter(registration::Column::Cpf.eq(cpf(11)))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(jose.name, "José Antônio Conceição");
    assert_eq!(jose.social_name.as_deref(), Some("Zezé"));
    assert_eq!(jose.category, "delegado");
    assert!(jose.unit_id.is_some());
    assert_eq!(jose.assisted_by, None);
    // Without a default category the rows are rejected with the reason.
    let again = imp::import_file(&db, SLUG, &bytes, &imp::DefaultsInput::category("delegado"))
        .await
        .unwrap();
    assert_eq!(
        (again.counts.imported, again.counts.unchanged),
        (0, 2),
        "already imported rows stay unchanged"
    );
    let other = "Nome\nSem Categoria\n";
    let r = imp::import_file(&db, SLUG, other.as_bytes(), &imp::DefaultsInput::default())
        .await
        .unwrap();
    assert_eq!(r.counts.rejected, 1);
    assert!(r.rejected[0].1[0].contains("Categoria em branco"));
    // A conference that does not exist.
    assert!(matches!(
        imp::import_file(
            &db,
            "nao-existe",
            other.as_bytes(),
            &imp::DefaultsInput::default()
        )
        .await,
        Err(Fail::NotFound)
    ));
});

both_dbs!(utf8_bom_utf16_and_tabs, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let text = format!("Nome\tCPF\tCategoria\nLúcia Tab\t{}\tConvidada\n", cpf(21));
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let r = imp::import_file(&db, SLUG, &utf16, &imp::DefaultsInput::default())
        .await
        .unwrap();
    assert_eq!(r.counts.imported, 1, "{:?}", r.rejected);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(
        format!(
            "\"Nome, completo\",CPF,Categoria\n\"Silva, Márcio\",{},Observador\n",
            cpf(22)
        )
        .replace("\"Nome, completo\"", "Nome completo")
        .as_bytes(),
    );
    let r = imp::import_file(&db, SLUG, &bom, &imp::DefaultsInput::default())
        .await
        .unwrap();
    assert_eq!(r.counts.imported, 1, "{:?}", r.rejected);
    let m = registration::Entity::find()
        .filter(registration::Column::Cpf.eq(cpf(22)))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        m.name, "Silva, Márcio",
        "quoted separator kept inside the name"
    );
});

both_dbs!(xlsx_with_numeric_cpf_and_duplicates, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    // A CPF typed into a number cell loses its leading zero: 0XXXXXXXXXX.
    let zero = cpf(12_345_678);
    assert!(zero.starts_with('0'));
    let as_number: u64 = zero.parse().unwrap();
    let file = xlsx(&[
        vec![
            Cell::S("Nome"),
            Cell::S("CPF"),
            Cell::S("Segmento"),
            Cell::S("Categoria"),
        ],
        vec![
            Cell::S("Rosa Planilha"),
            Cell::N(as_number.to_string()),
            Cell::S("Usuários"),
            Cell::S("Delegado"),
        ],
        vec![
            Cell::S("Rosa Planilha de Novo"),
            Cell::S(Box::leak(zero.clone().into_boxed_str())),
            Cell::S("Usuários"),
            Cell::S("Delegado"),
        ],
        vec![
            Cell::S("Tiago Sem CPF"),
            Cell::S(""),
            Cell::S("Trabalhador"),
            Cell::S("Convidado"),
        ],
        vec![
            Cell::S("TIAGO SEM CPF"),
            Cell::S(""),
            Cell::S("Trabalhador"),
            Cell::S("Convidado"),
        ],
    ]);
    let id = imp::upload(
        &db,
        Some(&com),
        SLUG,
        "delegados.xlsx",
        &file,
        &imp::DefaultsInput::default(),
        true,
    )
    .await
    .unwrap();
    let pv = imp::preview(&db, Some(&com), SLUG, &id.to_string())
        .await
        .unwrap();
    assert_eq!(pv.total, 4);
    assert_eq!(pv.ready, 2, "{:?}", pv.rejected);
    assert!(problems_of(&pv, 3).contains("linha 2"), "same CPF");
    assert!(problems_of(&pv, 5).contains("linha 4"), "same name, no CPF");
    let c = imp::commit(&db, Some(&com), SLUG, &id.to_string())
        .await
        .unwrap();
    assert_eq!(c.imported, 2);
    assert_eq!(
        registration::Entity::find()
            .filter(registration::Column::Cpf.eq(zero))
            .count(&db.conn)
            .await
            .unwrap(),
        1
    );
    // A file that is a zip but not a spreadsheet.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "x.txt",
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
    )
    .unwrap();
    let not_a_sheet = w.finish().unwrap().into_inner();
    let e = invalid(
        imp::upload(
            &db,
            Some(&com),
            SLUG,
            "x.xlsx",
            &not_a_sheet,
            &imp::DefaultsInput::default(),
            true,
        )
        .await,
    );
    assert!(
        e.message_for("file")
            .unwrap()
            .contains("Não foi possível abrir")
    );
});

both_dbs!(bad_files_write_nothing, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let before = registrations(&db).await;
    let uploads = || async { import_upload::Entity::find().count(&db.conn).await.unwrap() };
    // Broken encoding (UTF-16 without its mark), binary data.
    let mut utf16 = Vec::new();
    for u in "Nome;CPF\nAna;1\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    for bytes in [utf16, vec![0x00, 0x9f, 0x92, 0x96]] {
        let e = invalid(
            imp::upload(
                &db,
                Some(&com),
                SLUG,
                "x.csv",
                &bytes,
                &imp::DefaultsInput::default(),
                true,
            )
            .await,
        );
        assert!(
            e.message_for("file").unwrap().contains("codificação"),
            "{e:?}"
        );
    }
    // 100,000 rows: a limit with a message.
    let mut big = String::from("Nome;Categoria\n");
    for i in 0..100_000 {
        big.push_str(&format!("Pessoa {i};Delegado\n"));
    }
    assert!(
        big.len() < imp::MAX_BYTES,
        "the row limit speaks, not the byte limit"
    );
    let e = invalid(
        imp::upload(
            &db,
            Some(&com),
            SLUG,
            "grande.csv",
            big.as_bytes(),
            &imp::DefaultsInput::default(),
            true,
        )
        .await,
    );
    assert!(e.message_for("file").unwrap().contains("10.000"));
    let e =
        invalid(imp::import_file(&db, SLUG, big.as_bytes(), &imp::DefaultsInput::default()).await);
    assert!(e.message_for("file").unwrap().contains("10.000"));
    // An empty file, no consent, a bad default category.
    let e = invalid(
        imp::upload(
            &db,
            Some(&com),
            SLUG,
            "x.csv",
            b"",
            &imp::DefaultsInput::default(),
            true,
        )
        .await,
    );
    assert!(e.message_for("file").unwrap().contains("vazio"));
    let e = invalid(
        imp::upload(
            &db,
            Some(&com),
            SLUG,
            "x.csv",
            b"Nome\nAna\n",
            &imp::DefaultsInput::category("chefe"),
            false,
        )
        .await,
    );
    assert!(e.message_for("consent").is_some());
    assert!(e.message_for("default_category").is_some());
    assert_eq!(uploads().await, 0);
    assert_eq!(registrations(&db).await, before);
});

both_dbs!(columns_mapped_by_hand, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let file = format!(
        "Conselheiro(a);Documento;Seg.\nPaula Mapeada;{};Usuária\n",
        cpf(31)
    );
    let id = imp::upload(
        &db,
        Some(&com),
        SLUG,
        "cmas.csv",
        file.as_bytes(),
        &imp::DefaultsInput::category("delegado"),
        true,
    )
    .await
    .unwrap()
    .to_string();
    let pv = imp::preview(&db, Some(&com), SLUG, &id).await.unwrap();
    assert!(!pv.missing.is_empty(), "no name column recognized");
    let e = invalid(imp::commit(&db, Some(&com), SLUG, &id).await);
    assert!(e.0[0].message.contains("Nome completo"), "{e:?}");
    // The same field for two columns is refused.
    let pairs = |a: &str, b: &str| {
        vec![
            ("col_0".to_owned(), a.to_owned()),
            ("col_1".to_owned(), b.to_owned()),
            ("col_2".to_owned(), "segmento".to_owned()),
            ("default_category".to_owned(), "delegado".to_owned()),
        ]
    };
    let e = invalid(imp::set_mapping(&db, Some(&com), SLUG, &id, &pairs("nome", "nome")).await);
    assert!(e.message_for("col_1").unwrap().contains("duas colunas"));
    imp::set_mapping(&db, Some(&com), SLUG, &id, &pairs("nome", "cpf"))
        .await
        .unwrap();
    let pv = imp::preview(&db, Some(&com), SLUG, &id).await.unwrap();
    assert!(pv.missing.is_empty());
    assert_eq!(pv.ready, 1, "{:?}", pv.rejected);
    assert_eq!(
        imp::commit(&db, Some(&com), SLUG, &id)
            .await
            .unwrap()
            .imported,
        1
    );
});

both_dbs!(only_those_who_run_the_conference_import, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let articulator = articulator(&db).await;
    let file = b"Nome;Categoria\nAna;Delegado\n";
    assert!(matches!(
        imp::upload(
            &db,
            None,
            SLUG,
            "x.csv",
            file,
            &imp::DefaultsInput::default(),
            true
        )
        .await,
        Err(Fail::NeedsLogin)
    ));
    assert!(matches!(
        imp::upload(
            &db,
            Some(&articulator),
            SLUG,
            "x.csv",
            file,
            &imp::DefaultsInput::default(),
            true
        )
        .await,
        Err(Fail::Forbidden)
    ));
    let id = imp::upload(
        &db,
        Some(&com),
        SLUG,
        "x.csv",
        file,
        &imp::DefaultsInput::default(),
        true,
    )
    .await
    .unwrap()
    .to_string();
    assert!(matches!(
        imp::preview(&db, Some(&articulator), SLUG, &id).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        imp::commit(&db, None, SLUG, &id).await,
        Err(Fail::NeedsLogin)
    ));
    // Unknown or malformed upload ids are not found.
    for bad in ["x", &uuid::Uuid::new_v4().to_string()] {
        assert!(matches!(
            imp::preview(&db, Some(&com), SLUG, bad).await,
            Err(Fail::NotFound)
        ));
    }
});

both_dbs!(natural_and_elected_delegates_by_origin, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    // The council's membership: natural delegates by default; a delegate elected in a territory
    // says so in the Origem column; a bad origin is a reason.
    let file = format!(
        "Nome;CPF;Segmento;Categoria;Origem;Território\nConselheira Nata;{};Governo;Delegada;;\nEleito do Norte;{};Usuário;Delegado;Eleito(a);Território Norte\nConvidada Sem Origem;;Entidade;Convidada;;\nOrigem Estranha;{};Usuário;Delegado;Sorteio;\n",
        cpf(41),
        cpf(42),
        cpf(43)
    );
    let id = imp::upload(
        &db,
        Some(&com),
        SLUG,
        "conselho.csv",
        file.as_bytes(),
        &imp::DefaultsInput {
            category: String::new(),
            origin: "nato".into(),
        },
        true,
    )
    .await
    .unwrap()
    .to_string();
    let pv = imp::preview(&db, Some(&com), SLUG, &id).await.unwrap();
    assert_eq!(pv.default_origin, "nato");
    assert!(problems_of(&pv, 5).contains("Origem não reconhecida: “Sorteio”"));
    assert_eq!(
        imp::commit(&db, Some(&com), SLUG, &id)
            .await
            .unwrap()
            .imported,
        3
    );
    let origin_of = |n: u64| {
        let db = db.clone();
        async move {
            registration::Entity::find()
                .filter(registration::Column::Cpf.eq(cpf(n)))
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap()
        }
    };
    assert_eq!(origin_of(41).await.origin.as_deref(), Some("nato"));
    let elected = origin_of(42).await;
    assert_eq!(elected.origin.as_deref(), Some("preconferencia"));
    assert!(elected.territory_id.is_some());
    let guest = registration::Entity::find()
        .filter(registration::Column::Name.eq("Convidada Sem Origem"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        guest.origin, None,
        "the default origin is for delegates only"
    );
    // A bad default origin is refused with the field named.
    let e = invalid(
        imp::upload(
            &db,
            Some(&com),
            SLUG,
            "x.csv",
            b"Nome\nAna\n",
            &imp::DefaultsInput {
                category: "delegado".into(),
                origin: "sorteio".into(),
            },
            true,
        )
        .await,
    );
    assert!(e.message_for("default_origin").is_some());
});
