//! Ballots that stay secret (ADR 0011 and 0013), on both databases: while a secret vote or an
//! election poll is open its ballots are sealed and the public record lists none; at closing they
//! are written readable in one pass sorted by receipt hash and chained in ONE link. Afterwards
//! nothing stored follows the order of arrival:
//!
//! - SQLite: the database file's b-tree pages (cell pointers and the physical offsets of cells) of
//!   the readable ballots follow the receipt hashes, the receipt hashes appear nowhere else than
//!   there and in the one `ballots` link, and no byte of the sealed rows or of the salt is left
//!   (not even in free pages or the WAL).
//! - PostgreSQL: every readable ballot and every participation row of the vote carries the
//!   closing transaction's `xmin`, also after VACUUM; while open, a join on `xmin` reaches only
//!   sealed bytes.
//!
//! And no acknowledged ballot is lost when the process goes away before the closing.

use crate::support::{commission, present_with_phone, register_at_desk, registration_form};
use app::plenary::elections as el;
use app::plenary::regimento::CountInput;
use app::plenary::voting;
use conferencia_app as app;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Statement};
use std::collections::{BTreeSet, HashMap};
use store::Backend;
use store::entities::{
    ballot, ballot_seal, election_ballot, plenary_vote, registration, sealed_ballot,
};
use testkit::both_dbs;
use uuid::Uuid;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

async fn register(
    db: &app::Db,
    com: &app::platform::auth::Me,
    name: &str,
    segment: &str,
) -> registration::Model {
    register_at_desk(db, com, &registration_form(name, "delegado", segment)).await
}

/// Checked in today, with a paired phone: returns the phone's token.
async fn rows(db: &app::Db, sql: &str) -> Vec<sea_orm::QueryResult> {
    db.conn
        .query_all_raw(Statement::from_string(db.db_backend(), sql.to_owned()))
        .await
        .unwrap()
}

async fn texts(db: &app::Db, sql: &str) -> Vec<String> {
    rows(db, sql)
        .await
        .into_iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

/// Closes every connection to the database and opens it again, as a restarted server does.
async fn reconnect(db: app::Db) -> app::Db {
    let url = match db.backend {
        Backend::Sqlite => {
            let file = rows(&db, "PRAGMA database_list")
                .await
                .into_iter()
                .find(|r| r.try_get::<String>("", "name").unwrap() == "main")
                .unwrap()
                .try_get::<String>("", "file")
                .unwrap();
            format!("sqlite://{file}")
        }
        Backend::Postgres => {
            let name = texts(&db, "SELECT current_database()::text")
                .await
                .remove(0);
            let base = std::env::var("TEST_PG_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            format!("{}/{name}", base.rsplit_once('/').unwrap().0)
        }
    };
    db.conn.close().await.unwrap();
    let db = app::Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    db
}

/// The stored form of a receipt code (ADR 0011): SHA-256 of the vote or poll and the normalized
/// code.
fn receipt_hash(scope: Uuid, code: &str) -> String {
    use sha2::Digest;
    let norm: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hex::encode(sha2::Sha256::digest(format!("{scope}:{norm}").as_bytes()))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn occurrences(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// What a sealed row holds, as bytes: nothing readable, one length for every choice.
fn assert_opaque(sealed: &[sealed_ballot::Model], secrets: &[&str]) {
    let len = sealed[0].sealed.len();
    for s in sealed {
        assert_eq!(s.sealed.len(), len, "one length whatever the choice");
        let raw = hex::decode(&s.sealed).unwrap();
        for x in secrets {
            assert!(
                !contains(&raw, x.as_bytes()) && !contains(s.sealed.as_bytes(), x.as_bytes()),
                "{x} readable in a sealed row"
            );
            assert!(!s.lookup.contains(x), "{x} in a lookup");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A reader of the SQLite file format (https://sqlite.org/fileformat2.html), just enough to walk a
// table's b-tree and see its cells as they lie in the pages.

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    fn text(&self) -> &str {
        match self {
            Value::Text(s) => s,
            other => panic!("not text: {other:?}"),
        }
    }

    fn is_uuid(&self, id: Uuid) -> bool {
        match self {
            Value::Blob(b) => b.as_slice() == id.as_bytes(),
            Value::Text(t) => Uuid::parse_str(t).ok() == Some(id),
            _ => false,
        }
    }
}

fn varint(b: &[u8]) -> (u64, usize) {
    let mut v: u64 = 0;
    for (i, &x) in b.iter().enumerate().take(9) {
        if i == 8 {
            return ((v << 8) | x as u64, 9);
        }
        v = (v << 7) | (x & 0x7f) as u64;
        if x & 0x80 == 0 {
            return (v, i + 1);
        }
    }
    unreachable!()
}

fn record(payload: &[u8]) -> Vec<Value> {
    let (header_len, mut at) = varint(payload);
    let mut types = Vec::new();
    while at < header_len as usize {
        let (t, n) = varint(&payload[at..]);
        types.push(t);
        at += n;
    }
    let mut body = header_len as usize;
    let mut out = Vec::new();
    for t in types {
        let int = |n: usize, b: &[u8]| {
            let mut v: i64 = if b[0] & 0x80 != 0 { -1 } else { 0 };
            for &x in &b[..n] {
                v = (v << 8) | x as i64;
            }
            v
        };
        let (v, n) = match t {
            0 => (Value::Null, 0),
            1..=4 => (Value::Int(int(t as usize, &payload[body..])), t as usize),
            5 => (Value::Int(int(6, &payload[body..])), 6),
            6 | 7 => (Value::Int(int(8, &payload[body..])), 8),
            8 => (Value::Int(0), 0),
            9 => (Value::Int(1), 0),
            t if t >= 12 && t % 2 == 0 => {
                let n = ((t - 12) / 2) as usize;
                (Value::Blob(payload[body..body + n].to_vec()), n)
            }
            t if t >= 13 => {
                let n = ((t - 13) / 2) as usize;
                (
                    Value::Text(String::from_utf8_lossy(&payload[body..body + n]).into_owned()),
                    n,
                )
            }
            _ => panic!("serial type {t}"),
        };
        out.push(v);
        body += n;
    }
    out
}

struct Cell {
    page: usize,
    /// Position in the page's cell pointer array (the b-tree's key order).
    index: usize,
    /// Where the cell lies in its page (insertion order: cells are carved downwards).
    offset: usize,
    /// The cell's bytes in the file.
    span: std::ops::Range<usize>,
    values: Vec<Value>,
}

struct SqliteFile {
    bytes: Vec<u8>,
    page_size: usize,
}

impl SqliteFile {
    fn read(path: &str) -> Self {
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..16], b"SQLite format 3\0");
        let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
            1 => 65536,
            n => n as usize,
        };
        SqliteFile { bytes, page_size }
    }

    fn page(&self, n: usize) -> &[u8] {
        &self.bytes[(n - 1) * self.page_size..n * self.page_size]
    }

    /// The leaf cells of the b-tree rooted at `root`, and every page of that b-tree.
    fn btree(&self, root: usize) -> (Vec<Cell>, BTreeSet<usize>) {
        let mut cells = Vec::new();
        let mut pages = BTreeSet::new();
        let mut todo = vec![root];
        while let Some(n) = todo.pop() {
            pages.insert(n);
            let page = self.page(n);
            let h = if n == 1 { 100 } else { 0 };
            let kind = page[h];
            let count = u16::from_be_bytes([page[h + 3], page[h + 4]]) as usize;
            let interior = kind == 2 || kind == 5;
            let ptrs = h + if interior { 12 } else { 8 };
            if interior {
                todo.push(u32::from_be_bytes(page[h + 8..h + 12].try_into().unwrap()) as usize);
            }
            let usable = self.page_size - self.bytes[20] as usize;
            for i in 0..count {
                let off = u16::from_be_bytes([page[ptrs + 2 * i], page[ptrs + 2 * i + 1]]) as usize;
                let c = &page[off..];
                if interior {
                    todo.push(u32::from_be_bytes(c[..4].try_into().unwrap()) as usize);
                    continue;
                }
                let (len, mut at) = varint(c);
                if kind == 13 {
                    at += varint(&c[at..]).1; // the rowid
                }
                let max_local = if kind == 13 {
                    usable - 35
                } else {
                    (usable - 12) * 64 / 255 - 23
                };
                assert!(
                    len as usize <= max_local,
                    "no overflow pages in these tests"
                );
                let payload = &c[at..at + len as usize];
                let start = (n - 1) * self.page_size + off;
                cells.push(Cell {
                    page: n,
                    index: i,
                    offset: off,
                    span: start..start + at + len as usize,
                    values: record(payload),
                });
            }
        }
        (cells, pages)
    }
}

/// The root page of a table, read from `sqlite_schema`.
async fn root_page(db: &app::Db, table: &str) -> usize {
    rows(
        db,
        &format!("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = '{table}'"),
    )
    .await[0]
        .try_get_by_index::<i64>(0)
        .unwrap() as usize
}

/// Writes everything into the main file and empties the WAL; returns the file's path.
async fn checkpoint(db: &app::Db) -> String {
    // (The closing's own checkpoint may be running: a second one is then refused as busy.)
    let mut tries = 0;
    while rows(db, "PRAGMA wal_checkpoint(TRUNCATE)").await[0]
        .try_get_by_index::<i32>(0)
        .unwrap()
        != 0
    {
        tries += 1;
        assert!(tries < 50, "checkpoint busy");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    rows(db, "PRAGMA database_list")
        .await
        .into_iter()
        .find(|r| r.try_get::<String>("", "name").unwrap() == "main")
        .unwrap()
        .try_get::<String>("", "file")
        .unwrap()
}

/// The forensic reading of a closed secret vote's SQLite file: `ballots` is the readable ballot
/// table (columns scope, receipt hash, choice), `log` the chain's table; `hashes` the receipt
/// hashes in order of arrival; `gone` strings that must have left the file (sealed rows, salt);
/// `who` the participation table and the voters in order of arrival.
async fn sqlite_forensics(
    db: &app::Db,
    scope: Uuid,
    (ballots, log): (&str, &str),
    hashes: &[String],
    gone: &[String],
    (who, voters): (&str, &[Uuid]),
) {
    let path = checkpoint(db).await;
    let file = SqliteFile::read(&path);
    let wal = std::fs::read(format!("{path}-wal")).unwrap_or_default();
    assert!(wal.is_empty(), "the WAL was truncated");

    // The control: this reading does see an order of arrival where one is stored. Participation
    // rows are keyed by registration id, but each was carved in the page when its vote came, so
    // their physical offsets give who voted when (not what: that is the point of what follows).
    let (cells, _) = file.btree(root_page(db, who).await);
    let mut mine: Vec<&Cell> = cells
        .iter()
        .filter(|c| c.values[0].is_uuid(scope))
        .collect();
    assert_eq!(mine.len(), voters.len());
    if mine.iter().all(|c| c.page == mine[0].page) {
        mine.sort_by_key(|c| std::cmp::Reverse(c.offset));
        let came: Vec<bool> = mine
            .iter()
            .zip(voters)
            .map(|(c, v)| c.values[1].is_uuid(*v))
            .collect();
        assert!(
            came.iter().all(|x| *x),
            "participation cells lie in order of arrival"
        );
    }

    // The readable ballots: key order and physical order are both receipt-hash order.
    let (cells, ballot_pages) = file.btree(root_page(db, ballots).await);
    let mine: Vec<&Cell> = cells
        .iter()
        .filter(|c| c.values[0].is_uuid(scope))
        .collect();
    assert_eq!(mine.len(), hashes.len());
    let mut sorted = hashes.to_vec();
    sorted.sort();
    let by_key: Vec<String> = {
        let mut m = mine.clone();
        m.sort_by_key(|c| (c.page, c.index));
        m.iter().map(|c| c.values[1].text().to_owned()).collect()
    };
    assert_eq!(by_key, sorted, "cell pointers in receipt-hash order");
    for page in mine.iter().map(|c| c.page).collect::<BTreeSet<_>>() {
        let mut here: Vec<&&Cell> = mine.iter().filter(|c| c.page == page).collect();
        // Cells are carved from the end of the page downwards: the highest offset came first.
        here.sort_by_key(|c| std::cmp::Reverse(c.offset));
        let written: Vec<&str> = here.iter().map(|c| c.values[1].text()).collect();
        let mut expected = written.clone();
        expected.sort();
        assert_eq!(
            written, expected,
            "cells written in receipt-hash order, not in order of arrival ({hashes:?})"
        );
    }

    // The chain: exactly one link holds receipt hashes, sorted.
    let (links, _) = file.btree(root_page(db, log).await);
    let with_hashes: Vec<&Cell> = links
        .iter()
        .filter(|c| {
            c.values.iter().any(
                |v| matches!(v, Value::Text(t) if hashes.iter().any(|h| t.contains(h.as_str()))),
            )
        })
        .collect();
    assert_eq!(with_hashes.len(), 1, "one chain link lists the ballots");
    let link = with_hashes[0];
    assert!(
        link.values
            .iter()
            .any(|v| v == &Value::Text("ballots".into()))
    );
    let body = link
        .values
        .iter()
        .find_map(|v| match v {
            Value::Text(t) if t.starts_with('{') => Some(t.clone()),
            _ => None,
        })
        .unwrap();
    let listed: Vec<String> = serde_json::from_str::<serde_json::Value>(&body).unwrap()["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b[0].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, sorted, "the link lists the ballots by receipt hash");

    // Every byte of the file (free pages too): a receipt hash appears only in the ballot table's
    // pages and in that one link; what was sealed, and the salt, appear nowhere.
    for h in hashes {
        for at in occurrences(&file.bytes, h.as_bytes()) {
            let page = at / file.page_size + 1;
            assert!(
                ballot_pages.contains(&page) || link.span.contains(&at),
                "receipt hash {h} found at byte {at} (page {page}), outside the sorted ballots"
            );
        }
    }
    for g in gone {
        assert!(
            !contains(&file.bytes, g.as_bytes()),
            "{g} is still in the file"
        );
    }
}

/// On PostgreSQL after the closing (and VACUUM): the ballots and the participation of the scope
/// were all written by one transaction, so joining them on `xmin` pairs everyone with everyone.
async fn postgres_forensics(db: &app::Db, scope: Uuid, ballots: &str, who: &str, key: &str) {
    db.conn
        .execute_unprepared(&format!(
            "VACUUM {ballots}, {who}, sealed_ballot, ballot_seal"
        ))
        .await
        .unwrap();
    let b = texts(
        db,
        &format!("SELECT DISTINCT xmin::text FROM {ballots} WHERE {key} = '{scope}'"),
    )
    .await;
    let p = texts(
        db,
        &format!("SELECT DISTINCT xmin::text FROM {who} WHERE {key} = '{scope}'"),
    )
    .await;
    assert_eq!(
        b.len(),
        1,
        "every ballot written by the closing transaction"
    );
    assert_eq!(
        p, b,
        "every participation row rewritten by the closing transaction"
    );
    let n = texts(
        db,
        &format!("SELECT count(*)::text FROM {who} WHERE {key} = '{scope}'"),
    )
    .await[0]
        .parse::<usize>()
        .unwrap();
    let joined = texts(
        db,
        &format!(
            "SELECT count(*)::text FROM {who} w JOIN {ballots} b ON w.xmin = b.xmin \
             WHERE w.{key} = '{scope}' AND b.{key} = '{scope}'"
        ),
    )
    .await[0]
        .parse::<usize>()
        .unwrap();
    assert_eq!(
        joined,
        n * n,
        "a join on xmin pairs each voter with every ballot"
    );
    assert_eq!(
        texts(
            db,
            &format!("SELECT count(*)::text FROM sealed_ballot WHERE scope_id = '{scope}'"),
        )
        .await[0],
        "0"
    );
    // Neither heap keeps an order of arrival.
    let stored = texts(
        db,
        &format!("SELECT registration_id::text FROM {who} WHERE {key} = '{scope}' ORDER BY ctid"),
    )
    .await;
    let mut sorted = stored.clone();
    sorted.sort();
    assert_eq!(stored, sorted, "participation stored in id order");
}

/// On PostgreSQL while open: joining participation on `xmin` reaches only sealed rows, never a
/// readable ballot or a chain link.
async fn postgres_while_open(
    db: &app::Db,
    scope: Uuid,
    who: &str,
    key: &str,
    log: &str,
    ballots: &str,
    secrets: &[&str],
) {
    let pairs = rows(
        db,
        &format!(
            "SELECT w.registration_id::text, s.sealed FROM {who} w \
             JOIN sealed_ballot s ON w.xmin = s.xmin \
             WHERE w.{key} = '{scope}' AND s.scope_id = '{scope}'"
        ),
    )
    .await;
    assert!(
        !pairs.is_empty(),
        "the batches are visible to a join on xmin"
    );
    for r in &pairs {
        let sealed: String = r.try_get_by_index(1).unwrap();
        let raw = hex::decode(&sealed).unwrap();
        for x in secrets {
            assert!(!contains(&raw, x.as_bytes()), "{x} readable through xmin");
        }
    }
    for table in [ballots, log] {
        let n = texts(
            db,
            &format!(
                "SELECT count(*)::text FROM {who} w JOIN {table} t ON w.xmin = t.xmin \
                 WHERE w.{key} = '{scope}' AND t.{key} = '{scope}'"
            ),
        )
        .await;
        assert_eq!(n[0], "0", "no {table} row written with a participation");
    }
}

// ---------------------------------------------------------------------------------------------

both_dbs!(a_secret_vote_leaves_no_order_of_arrival, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let writer = voting::Writer::start(db.clone());
    let mut phones = Vec::new();
    let mut regs = Vec::new();
    for n in 0..6 {
        let r = register(&db, &com, &format!("Delegada Secreta {n}"), "usuarios").await;
        phones.push(present_with_phone(&db, &com, &r).await);
        regs.push(r);
    }
    let vote = voting::open(&db, Some(&com), SLUG, "bloco", true)
        .await
        .unwrap();
    let vs = vote.to_string();
    // A known order of arrival, with known choices.
    let arrival = [3usize, 0, 5, 1, 4, 2];
    let choices = ["favor", "against", "favor", "abstain", "favor", "against"];
    let mut receipts = Vec::new();
    for (&i, ch) in arrival.iter().zip(choices) {
        let r = writer.cast(SLUG, Some(&phones[i]), &vs, ch).await.unwrap();
        receipts.push((r.code, ch));
    }
    let hashes: Vec<String> = receipts
        .iter()
        .map(|(code, _)| receipt_hash(vote, code))
        .collect();

    // While open: the record shows the opening only and holds; nothing readable is stored.
    let rec = voting::record(&db, SLUG, &vs).await.unwrap();
    assert!(rec.intact, "{:?}", rec.problems);
    let kinds: Vec<&str> = rec.links.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["open"],
        "no ballots in the public record while open"
    );
    let json = serde_json::to_string(&rec).unwrap();
    assert!(hashes.iter().all(|h| !json.contains(h.as_str())));
    assert_eq!(
        ballot::Entity::find()
            .filter(ballot::Column::VoteId.eq(vote))
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );
    let sealed = sealed_ballot::Entity::find()
        .filter(sealed_ballot::Column::ScopeId.eq(vote))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(sealed.len(), 6);
    let mut secrets: Vec<&str> = vec!["favor", "against", "abstain"];
    secrets.extend(hashes.iter().map(String::as_str));
    assert_opaque(&sealed, &secrets);
    // The voter's receipt finds the sealed ballot.
    for (code, ch) in &receipts {
        let c = voting::check_receipt(&db, SLUG, &vs, code).await.unwrap();
        assert!(c.found && !c.closed);
        assert_eq!(
            c.choice,
            Some(domain::plenary::Choice::parse(ch).unwrap().label())
        );
    }
    let salt = ballot_seal::Entity::find_by_id(vote)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    if db.backend == Backend::Postgres {
        postgres_while_open(
            &db,
            vote,
            "vote_participation",
            "vote_id",
            "ballot_log",
            "ballot",
            &secrets,
        )
        .await;
    }

    let zero = CountInput {
        favor: String::new(),
        against: String::new(),
        abstain: String::new(),
    };
    voting::close(&db, Some(&com), SLUG, &vs, &zero)
        .await
        .unwrap();
    let v = plenary_vote::Entity::find_by_id(vote)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((v.phone_favor, v.phone_against, v.phone_abstain), (3, 2, 1));

    // After: one `ballots` link, sorted by receipt hash; the record holds; receipts still work.
    let rec = voting::record(&db, SLUG, &vs).await.unwrap();
    assert!(rec.intact, "{:?}", rec.problems);
    let kinds: Vec<&str> = rec.links.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(kinds, ["open", "ballots", "close"]);
    let listed: Vec<&str> = rec.links[1].body["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b[0].as_str().unwrap())
        .collect();
    let mut sorted = hashes.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    for (code, ch) in &receipts {
        let c = voting::check_receipt(&db, SLUG, &vs, code).await.unwrap();
        assert!(c.found && c.closed);
        assert_eq!(
            c.choice,
            Some(domain::plenary::Choice::parse(ch).unwrap().label())
        );
    }
    assert_eq!(
        sealed_ballot::Entity::find()
            .filter(sealed_ballot::Column::ScopeId.eq(vote))
            .count(&db.conn)
            .await
            .unwrap()
            + ballot_seal::Entity::find_by_id(vote)
                .count(&db.conn)
                .await
                .unwrap(),
        0,
        "sealed rows and the salt are gone"
    );

    match db.backend {
        Backend::Sqlite => {
            let mut gone: Vec<String> = vec![salt.salt.clone(), salt.key_check.clone()];
            for s in &sealed {
                gone.push(s.sealed.clone());
                gone.push(s.lookup.clone());
            }
            let voters: Vec<Uuid> = arrival.iter().map(|&i| regs[i].id).collect();
            sqlite_forensics(
                &db,
                vote,
                ("ballot", "ballot_log"),
                &hashes,
                &gone,
                ("vote_participation", &voters),
            )
            .await;
        }
        Backend::Postgres => {
            postgres_forensics(&db, vote, "ballot", "vote_participation", "vote_id").await;
        }
    }
});

both_dbs!(
    acknowledged_sealed_ballots_survive_a_restart,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let writer = voting::Writer::start(db.clone());
        let mut phones = Vec::new();
        for n in 0..4 {
            let r = register(&db, &com, &format!("Delegado Reinício {n}"), "usuarios").await;
            phones.push(present_with_phone(&db, &com, &r).await);
        }
        let vote = voting::open(&db, Some(&com), SLUG, "bloco", true)
            .await
            .unwrap()
            .to_string();
        let mut receipts = Vec::new();
        for (t, ch) in phones
            .iter()
            .zip(["favor", "against", "against", "abstain"])
        {
            receipts.push((writer.cast(SLUG, Some(t), &vote, ch).await.unwrap(), ch));
        }
        // The process goes away with the vote open; a new one opens the same database.
        drop(writer);
        let db = reconnect(db).await;
        let com = commission(&db).await;
        let zero = CountInput {
            favor: String::new(),
            against: String::new(),
            abstain: String::new(),
        };
        voting::close(&db, Some(&com), SLUG, &vote, &zero)
            .await
            .unwrap();
        let v = plenary_vote::Entity::find_by_id(Uuid::parse_str(&vote).unwrap())
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((v.phone_favor, v.phone_against, v.phone_abstain), (1, 2, 1));
        let rec = voting::record(&db, SLUG, &vote).await.unwrap();
        assert!(rec.intact, "{:?}", rec.problems);
        for (r, ch) in &receipts {
            let c = voting::check_receipt(&db, SLUG, &vote, &r.code)
                .await
                .unwrap();
            assert!(c.found && c.closed);
            assert_eq!(
                c.choice,
                Some(domain::plenary::Choice::parse(ch).unwrap().label())
            );
        }
    }
);

both_dbs!(an_election_leaves_no_order_of_arrival, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let mut regs = Vec::new();
    let mut phones = Vec::new();
    for n in 0..6 {
        let r = register(&db, &com, &format!("Usuária Eleitora {n}"), "usuarios").await;
        phones.push(present_with_phone(&db, &com, &r).await);
        regs.push(r);
    }
    for r in &regs[..3] {
        el::add_candidate(&db, Some(&com), SLUG, &r.code)
            .await
            .unwrap();
    }
    let poll = el::open_poll(&db, Some(&com), SLUG, "usuarios")
        .await
        .unwrap();
    let ps = poll.to_string();
    let console = el::console(&db, Some(&com), SLUG).await.unwrap();
    let cands: HashMap<String, String> = console
        .segments
        .iter()
        .find(|s| s.code == "usuarios")
        .unwrap()
        .candidates
        .iter()
        .map(|c| (c.name.clone(), c.id.clone()))
        .collect();
    let k = |n: usize| cands[&format!("Usuária Eleitora {n}")].clone();
    let arrival = [4usize, 1, 5, 0, 3, 2];
    let votes = [k(0), k(1), k(0), k(2), k(0), k(1)];
    let mut receipts = Vec::new();
    for (&i, cand) in arrival.iter().zip(&votes) {
        let r = el::cast(&db, SLUG, Some(&phones[i]), &ps, cand)
            .await
            .unwrap();
        receipts.push((r.code, r.candidate));
    }
    let hashes: Vec<String> = receipts
        .iter()
        .map(|(code, _)| receipt_hash(poll, code))
        .collect();

    // While open: the opening only, intact; nothing readable; receipts find their candidate.
    let rec = el::record(&db, SLUG, &ps).await.unwrap();
    assert!(rec.intact, "{:?}", rec.problems);
    let kinds: Vec<&str> = rec.links.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["open"],
        "no ballots in the public record while open"
    );
    assert_eq!(
        election_ballot::Entity::find()
            .filter(election_ballot::Column::PollId.eq(poll))
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );
    let sealed = sealed_ballot::Entity::find()
        .filter(sealed_ballot::Column::ScopeId.eq(poll))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(sealed.len(), 6);
    let mut secrets: Vec<&str> = votes.iter().map(String::as_str).collect();
    secrets.extend(hashes.iter().map(String::as_str));
    assert_opaque(&sealed, &secrets);
    for (code, name) in &receipts {
        let c = el::check_receipt(&db, SLUG, &ps, code).await.unwrap();
        assert!(c.found && !c.closed);
        assert_eq!(c.candidate.as_deref(), Some(name.as_str()));
    }
    // The staff's minutes say nothing per candidate before the closing.
    let minutes = app::plenary::regimento::minutes_text(&db, Some(&com), SLUG)
        .await
        .unwrap()
        .join("\n");
    assert!(
        minutes.contains("Votos pelo celular até agora: 6"),
        "{minutes}"
    );
    assert!(!minutes.contains("Votos por candidato(a)"), "{minutes}");
    let salt = ballot_seal::Entity::find_by_id(poll)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    if db.backend == Backend::Postgres {
        postgres_while_open(
            &db,
            poll,
            "election_participation",
            "poll_id",
            "election_log",
            "election_ballot",
            &secrets,
        )
        .await;
    }

    // The process goes away before the closing; every acknowledged ballot is counted after it.
    let db = reconnect(db).await;
    let com = commission(&db).await;
    el::close_poll(&db, Some(&com), SLUG, &ps, &vec![])
        .await
        .unwrap();
    let rec = el::record(&db, SLUG, &ps).await.unwrap();
    assert!(rec.intact, "{:?}", rec.problems);
    let kinds: Vec<&str> = rec.links.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(kinds, ["open", "ballots", "room", "close"]);
    let listed: Vec<&str> = rec.links[1].body["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b[0].as_str().unwrap())
        .collect();
    let mut sorted = hashes.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    let phone: HashMap<String, u64> = rec.links[3].body["phone"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x[0].as_str().unwrap().to_owned(), x[1].as_u64().unwrap()))
        .collect();
    assert_eq!(
        phone,
        HashMap::from([(k(0), 3), (k(1), 2), (k(2), 1)]),
        "every ballot counted"
    );
    for (code, name) in &receipts {
        let c = el::check_receipt(&db, SLUG, &ps, code).await.unwrap();
        assert!(c.found && c.closed);
        assert_eq!(c.candidate.as_deref(), Some(name.as_str()));
    }

    match db.backend {
        Backend::Sqlite => {
            let mut gone: Vec<String> = vec![salt.salt.clone(), salt.key_check.clone()];
            for s in &sealed {
                gone.push(s.sealed.clone());
                gone.push(s.lookup.clone());
            }
            let voters: Vec<Uuid> = arrival.iter().map(|&i| regs[i].id).collect();
            sqlite_forensics(
                &db,
                poll,
                ("election_ballot", "election_log"),
                &hashes,
                &gone,
                ("election_participation", &voters),
            )
            .await;
        }
        Backend::Postgres => {
            postgres_forensics(
                &db,
                poll,
                "election_ballot",
                "election_participation",
                "poll_id",
            )
            .await;
        }
    }
});
