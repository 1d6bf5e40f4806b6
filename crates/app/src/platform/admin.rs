//! Platform administration and the body secretariat: porte of municipalities, regions, bodies,
//! and who holds which role.
//!
//! Like `setup`, every function checks the permission first (`auth::allow`), validates every field
//! into `domain::Invalid`, and writes in one transaction, so bad input writes nothing.
//!
//! People get roles by e-mail or, when they have no e-mail, by a staff-issued username. A new
//! e-mail account gets an invitation with a link to choose a password (a password-reset token
//! valid for [`INVITE_TTL_DAYS`] days); a new username account gets a readable temporary password
//! that is shown once to the staff member and must be changed at the first login. Neither
//! addresses nor passwords are logged.

use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use chrono::{Duration, Utc};
use domain::policy::{Action, Role};
use domain::text::search_key;
use domain::values::{
    BodyKind, Email, IbgeCode, Porte, RegionKind, UFS, Username, optional, required,
};
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use store::Db;
use store::entities::{
    account, body, conference, federative_entity as fe, region, region_member, role_grant, unit,
};
use uuid::Uuid;

/// An invitation link is valid for this many days.
pub const INVITE_TTL_DAYS: i64 = 7;
/// Most municipalities a search lists.
pub const SEARCH_LIMIT: u64 = 50;

// ---------------------------------------------------------------------------------------------
// Municipalities and their porte

#[derive(Debug, Clone, Serialize)]
pub struct MunicipalityRow {
    pub ibge_code: String,
    pub name: String,
    pub uf: String,
    pub population: Option<i64>,
    pub population_year: Option<i32>,
    /// Porte code (`PP1`…), empty when unknown.
    pub porte: String,
    pub porte_label: String,
    pub porte_source_label: String,
}

fn municipality_row(m: fe::Model) -> MunicipalityRow {
    let porte = m.porte.clone().unwrap_or_default();
    MunicipalityRow {
        porte_label: Porte::parse(&porte)
            .map(|p| p.label())
            .unwrap_or("Sem porte")
            .into(),
        porte_source_label: match m.porte_source.as_deref() {
            Some("population") => "pela população (IBGE)",
            Some("admin") => "definido pela administração",
            _ => "a definir",
        }
        .into(),
        porte,
        ibge_code: m.ibge_code.unwrap_or_default(),
        name: m.name,
        uf: m.uf.unwrap_or_default(),
        population: m.population,
        population_year: m.population_year,
    }
}

/// Municipalities whose name (accents and case ignored) contains `q`, or whose IBGE code starts
/// with `q` when it is all digits. At most [`SEARCH_LIMIT`]; empty `q` finds nothing.
pub async fn search_municipalities(
    db: &Db,
    me: Option<&Me>,
    q: &str,
) -> Result<Vec<MunicipalityRow>, Fail> {
    allow(me, Action::ManageTenancy)?;
    let q = q.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let mut find = fe::Entity::find().filter(fe::Column::Kind.eq("municipality"));
    if q.bytes().all(|b| b.is_ascii_digit()) {
        find = find.filter(fe::Column::IbgeCode.starts_with(q));
    } else {
        let key = search_key(q);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        find = find.filter(fe::Column::SearchKey.contains(key));
    }
    Ok(find
        .order_by_asc(fe::Column::SearchKey)
        .order_by_asc(fe::Column::Uf)
        .limit(SEARCH_LIMIT)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(municipality_row)
        .collect())
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PorteInput {
    pub ibge_code: String,
    pub porte: String,
    /// The search to go back to.
    pub q: String,
}

/// A municipality by its 7-digit IBGE code, or the pt-BR problem with the code.
async fn municipality<C: ConnectionTrait>(
    conn: &C,
    field: &str,
    code: &str,
) -> Result<Result<fe::Model, FieldError>, Fail> {
    let code = code.trim();
    let c = match IbgeCode::parse(code) {
        Ok(c) if c.as_str().len() == 7 => c,
        Ok(_) => {
            return Ok(Err(FieldError::new(
                field,
                format!("{code} é o código de uma UF: informe o código de 7 dígitos do município"),
            )));
        }
        Err(e) => {
            return Ok(Err(FieldError::new(
                field,
                format!("{code}: {}", e.message),
            )));
        }
    };
    Ok(fe::Entity::find()
        .filter(fe::Column::IbgeCode.eq(c.as_str()))
        .filter(fe::Column::Kind.eq("municipality"))
        .one(conn)
        .await?
        .ok_or_else(|| {
            FieldError::new(field, format!("Não há município com o código IBGE {code}"))
        }))
}

/// Sets the porte of a municipality by hand (`porte_source = "admin"`), for municipalities
/// without a population count or whose count is out of date.
pub async fn set_porte(db: &Db, me: Option<&Me>, i: &PorteInput) -> Result<(), Fail> {
    allow(me, Action::ManageTenancy)?;
    let mut inv = Invalid::default();
    let m = inv.take(municipality(&db.conn, "ibge_code", &i.ibge_code).await?);
    let porte = inv.take(Porte::parse(&i.porte));
    let (Some(m), Some(porte)) = (m, porte) else {
        return Err(inv.into());
    };
    let tx = db.write().await?;
    let mut a: fe::ActiveModel = m.into();
    a.porte = Set(Some(porte.code().into()));
    a.porte_source = Set(Some("admin".into()));
    fe::Entity::update(a).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Regions

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RegionInput {
    pub uf: String,
    pub kind: String,
    pub name: String,
    /// IBGE codes of member municipalities, separated by spaces, commas or new lines.
    pub ibge_codes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    pub id: Uuid,
    pub uf: String,
    pub kind_label: String,
    pub name: String,
    pub members: usize,
}

fn kind_label(kind: &str) -> String {
    RegionKind::parse(kind)
        .map(|k| k.label())
        .unwrap_or("")
        .into()
}

pub async fn regions(db: &Db, me: Option<&Me>) -> Result<Vec<RegionRow>, Fail> {
    allow(me, Action::ManageTenancy)?;
    let rs = region::Entity::find()
        .order_by_asc(region::Column::Uf)
        .order_by_asc(region::Column::SearchKey)
        .all(&db.conn)
        .await?;
    let mut counts: HashMap<Uuid, usize> = HashMap::new();
    for m in region_member::Entity::find().all(&db.conn).await? {
        *counts.entry(m.region_id).or_default() += 1;
    }
    Ok(rs
        .into_iter()
        .map(|r| RegionRow {
            members: counts.get(&r.id).copied().unwrap_or(0),
            kind_label: kind_label(&r.kind),
            id: r.id,
            uf: r.uf,
            name: r.name,
        })
        .collect())
}

/// The municipalities named by `codes` (all in `uf`), or every problem in one message on `field`.
async fn members_of<C: ConnectionTrait>(
    conn: &C,
    field: &str,
    uf: &str,
    codes: &str,
) -> Result<Result<Vec<fe::Model>, FieldError>, Fail> {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for code in codes
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|c| !c.is_empty())
    {
        if !seen.insert(code.to_owned()) {
            continue;
        }
        match municipality(conn, field, code).await? {
            Err(e) => problems.push(e.message),
            Ok(m) if m.uf.as_deref() != Some(uf) => problems.push(format!(
                "{} ({code}) fica em {}, não em {uf}: uma região reúne municípios de uma só UF",
                m.name,
                m.uf.as_deref().unwrap_or("?"),
            )),
            Ok(m) => found.push(m),
        }
    }
    if problems.is_empty() {
        Ok(Ok(found))
    } else {
        Ok(Err(FieldError::new(field, problems.join("; "))))
    }
}

fn uf_of(input: &str) -> Result<String, FieldError> {
    let u = input.trim().to_uppercase();
    if UFS.iter().any(|(_, a)| *a == u) {
        Ok(u)
    } else {
        Err(FieldError::new("uf", "Escolha a UF da lista"))
    }
}

/// Creates a region of one UF, with its first member municipalities (optional).
pub async fn create_region(db: &Db, me: Option<&Me>, i: &RegionInput) -> Result<Uuid, Fail> {
    allow(me, Action::ManageTenancy)?;
    let mut inv = Invalid::default();
    let uf = inv.take(uf_of(&i.uf));
    let kind = inv.take(RegionKind::parse(&i.kind));
    let name = inv.take(required("name", "o nome da região", &i.name, 150));
    if let (Some(uf), Some(name)) = (&uf, &name)
        && region::Entity::find()
            .filter(region::Column::Uf.eq(uf.as_str()))
            .filter(region::Column::SearchKey.eq(search_key(name)))
            .one(&db.conn)
            .await?
            .is_some()
    {
        inv.push(FieldError::new(
            "name",
            format!("Já existe uma região com o nome {name} em {uf}"),
        ));
    }
    let members = match &uf {
        Some(uf) => inv.take(members_of(&db.conn, "ibge_codes", uf, &i.ibge_codes).await?),
        None => None,
    };
    let (Some(uf), Some(kind), Some(name), Some(members)) = (uf, kind, name, members) else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    let ins = region::Entity::insert(region::ActiveModel {
        id: Set(id),
        uf: Set(uf.clone()),
        kind: Set(kind.code().into()),
        search_key: Set(search_key(&name)),
        name: Set(name.clone()),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await;
    if let Err(e) = ins {
        let e = store::Error::from_db(e);
        if matches!(e, store::Error::Conflict(_)) {
            return Err(Invalid::one(
                "name",
                format!("Já existe uma região com o nome {name} em {uf}"),
            )
            .into());
        }
        return Err(e.into());
    }
    insert_members(&tx, id, &members).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_members<C: ConnectionTrait>(
    conn: &C,
    region_id: Uuid,
    members: &[fe::Model],
) -> Result<usize, Fail> {
    let have: BTreeSet<Uuid> = region_member::Entity::find()
        .filter(region_member::Column::RegionId.eq(region_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.entity_id)
        .collect();
    let new: Vec<_> = members
        .iter()
        .filter(|m| !have.contains(&m.id))
        .map(|m| region_member::ActiveModel {
            region_id: Set(region_id),
            entity_id: Set(m.id),
        })
        .collect();
    let n = new.len();
    if n > 0 {
        region_member::Entity::insert_many(new).exec(conn).await?;
    }
    Ok(n)
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    pub id: Uuid,
    pub uf: String,
    pub kind_label: String,
    pub name: String,
    pub members: Vec<MunicipalityRow>,
}

pub async fn region(db: &Db, me: Option<&Me>, id: Uuid) -> Result<RegionView, Fail> {
    allow(me, Action::ManageTenancy)?;
    let r = region::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let ids: Vec<Uuid> = region_member::Entity::find()
        .filter(region_member::Column::RegionId.eq(id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|m| m.entity_id)
        .collect();
    let members = if ids.is_empty() {
        Vec::new()
    } else {
        fe::Entity::find()
            .filter(fe::Column::Id.is_in(ids))
            .order_by_asc(fe::Column::SearchKey)
            .all(&db.conn)
            .await?
            .into_iter()
            .map(municipality_row)
            .collect()
    };
    Ok(RegionView {
        id: r.id,
        kind_label: kind_label(&r.kind),
        uf: r.uf,
        name: r.name,
        members,
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MembersInput {
    pub ibge_codes: String,
}

/// Adds member municipalities (all of the region's UF) by IBGE code; returns how many were new.
pub async fn add_members(
    db: &Db,
    me: Option<&Me>,
    region_id: Uuid,
    i: &MembersInput,
) -> Result<usize, Fail> {
    allow(me, Action::ManageTenancy)?;
    let r = region::Entity::find_by_id(region_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    if i.ibge_codes.trim().is_empty() {
        return Err(Invalid::one(
            "ibge_codes",
            "Informe ao menos um código IBGE de município (7 dígitos)",
        )
        .into());
    }
    let members = members_of(&db.conn, "ibge_codes", &r.uf, &i.ibge_codes).await??;
    let tx = db.write().await?;
    let n = insert_members(&tx, r.id, &members).await?;
    tx.commit().await?;
    Ok(n)
}

// ---------------------------------------------------------------------------------------------
// Bodies

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct BodyInput {
    pub kind: String,
    /// IBGE code of the municipality (CMAS) or UF (CEAS); empty for CNAS and câmaras técnicas.
    pub ibge_code: String,
    /// Region of a câmara técnica.
    pub region_id: String,
    /// Optional: made from the kind and the place when empty.
    pub name: String,
    pub acronym: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BodyRow {
    pub id: Uuid,
    pub kind_label: String,
    pub name: String,
    pub acronym: String,
    pub place: String,
}

/// Where a body sits, for display: "Pará de Minas/MG", "Minas Gerais", "Brasil", "Região X/MG".
async fn places(db: &Db, bodies: &[body::Model]) -> Result<HashMap<Uuid, String>, Fail> {
    let eids: Vec<Uuid> = bodies.iter().filter_map(|b| b.entity_id).collect();
    let rids: Vec<Uuid> = bodies.iter().filter_map(|b| b.region_id).collect();
    let mut out = HashMap::new();
    if !eids.is_empty() {
        for e in fe::Entity::find()
            .filter(fe::Column::Id.is_in(eids))
            .all(&db.conn)
            .await?
        {
            let p = match (e.kind.as_str(), &e.uf) {
                ("municipality", Some(uf)) => format!("{}/{uf}", e.name),
                _ => e.name.clone(),
            };
            out.insert(e.id, p);
        }
    }
    if !rids.is_empty() {
        for r in region::Entity::find()
            .filter(region::Column::Id.is_in(rids))
            .all(&db.conn)
            .await?
        {
            out.insert(r.id, format!("{}/{}", r.name, r.uf));
        }
    }
    Ok(out)
}

async fn body_rows(db: &Db, bodies: Vec<body::Model>) -> Result<Vec<BodyRow>, Fail> {
    let places = places(db, &bodies).await?;
    Ok(bodies
        .into_iter()
        .map(|b| BodyRow {
            kind_label: BodyKind::parse(&b.kind)
                .map(|k| k.label())
                .unwrap_or("")
                .into(),
            place: b
                .entity_id
                .or(b.region_id)
                .and_then(|id| places.get(&id).cloned())
                .unwrap_or_default(),
            id: b.id,
            name: b.name,
            acronym: b.acronym,
        })
        .collect())
}

pub async fn bodies(db: &Db, me: Option<&Me>) -> Result<Vec<BodyRow>, Fail> {
    allow(me, Action::ManageTenancy)?;
    let all = body::Entity::find()
        .order_by_asc(body::Column::Name)
        .all(&db.conn)
        .await?;
    body_rows(db, all).await
}

/// Regions a câmara técnica may belong to, as (id, "name/UF").
pub async fn region_choices(db: &Db, me: Option<&Me>) -> Result<Vec<(String, String)>, Fail> {
    Ok(regions(db, me)
        .await?
        .into_iter()
        .map(|r| (r.id.to_string(), format!("{}/{}", r.name, r.uf)))
        .collect())
}

enum Seat {
    Entity(fe::Model),
    Region(region::Model),
}

/// Where a body of `kind` sits, from the code or region typed; problems go into `inv`.
async fn seat_of(
    db: &Db,
    kind: BodyKind,
    i: &BodyInput,
    inv: &mut Invalid,
) -> Result<Option<Seat>, Fail> {
    let code = i.ibge_code.trim();
    let rid = i.region_id.trim();
    if kind != BodyKind::CamaraTecnica && !rid.is_empty() {
        inv.push(FieldError::new(
            "region_id",
            "Só câmaras técnicas são ligadas a uma região: deixe este campo em branco",
        ));
    }
    let by_code = |kind_code: &str, c: &str| {
        fe::Entity::find()
            .filter(fe::Column::Kind.eq(kind_code.to_owned()))
            .filter(fe::Column::IbgeCode.eq(c.to_owned()))
            .one(&db.conn)
    };
    let err = |m: String| FieldError::new("ibge_code", m);
    Ok(match kind {
        BodyKind::Cmas => {
            if code.is_empty() {
                inv.push(err(
                    "Para um CMAS, informe o código IBGE do município (7 dígitos)".into(),
                ));
                return Ok(None);
            }
            match IbgeCode::parse(code) {
                Err(e) => {
                    inv.push(e);
                    None
                }
                Ok(c) if c.as_str().len() == 2 => {
                    inv.push(err(format!(
                        "{code} é o código de uma UF: um CMAS é de um município, informe o código IBGE de 7 dígitos"
                    )));
                    None
                }
                Ok(c) => match by_code("municipality", c.as_str()).await? {
                    Some(m) => Some(Seat::Entity(m)),
                    None => {
                        inv.push(err(format!("Não há município com o código IBGE {code}")));
                        None
                    }
                },
            }
        }
        BodyKind::Ceas => {
            if code.is_empty() {
                inv.push(err(
                    "Para um CEAS, informe o código IBGE da UF (2 dígitos, por exemplo 31 para MG)"
                        .into(),
                ));
                return Ok(None);
            }
            match IbgeCode::parse(code) {
                Err(e) => {
                    inv.push(e);
                    None
                }
                Ok(c) if c.as_str().len() == 7 => {
                    inv.push(err(format!(
                        "{code} é o código de um município: um CEAS é de uma UF, informe o código de 2 dígitos da UF"
                    )));
                    None
                }
                Ok(c) => match by_code("uf", c.as_str()).await? {
                    Some(m) => Some(Seat::Entity(m)),
                    None => {
                        inv.push(err(format!("Não há UF com o código IBGE {code}")));
                        None
                    }
                },
            }
        }
        BodyKind::Cnas => {
            if !code.is_empty() {
                inv.push(err(
                    "O CNAS é nacional: deixe o código IBGE em branco".into()
                ));
                return Ok(None);
            }
            fe::Entity::find()
                .filter(fe::Column::Kind.eq("nation"))
                .one(&db.conn)
                .await?
                .map(Seat::Entity)
        }
        BodyKind::CamaraTecnica => {
            if !code.is_empty() {
                inv.push(err(
                    "Uma câmara técnica é de uma região: deixe o código IBGE em branco e escolha a região"
                        .into(),
                ));
            }
            let r = match Uuid::parse_str(rid) {
                Ok(id) => region::Entity::find_by_id(id).one(&db.conn).await?,
                Err(_) => None,
            };
            match r {
                Some(r) => Some(Seat::Region(r)),
                None => {
                    inv.push(FieldError::new(
                        "region_id",
                        "Escolha a região da câmara técnica (crie a região antes, se preciso)",
                    ));
                    None
                }
            }
        }
    })
}

/// Creates a body attached to its entity (CMAS: municipality, CEAS: UF, CNAS: the nation) or to a
/// region (câmara técnica). One body of each kind per entity or region.
pub async fn create_body(db: &Db, me: Option<&Me>, i: &BodyInput) -> Result<Uuid, Fail> {
    allow(me, Action::ManageTenancy)?;
    let mut inv = Invalid::default();
    let kind = inv.take(BodyKind::parse(&i.kind));
    let name = inv.take(optional("name", "O nome", &i.name, 200));
    let acronym = inv.take(optional("acronym", "A sigla", &i.acronym, 60));
    let seat = match kind {
        Some(k) => seat_of(db, k, i, &mut inv).await?,
        None => None,
    };
    let (Some(kind), Some(name), Some(acronym), Some(seat)) = (kind, name, acronym, seat) else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let (entity_id, region_id, place, short) = match &seat {
        Seat::Entity(e) => (
            Some(e.id),
            None,
            e.name.clone(),
            e.uf.clone().unwrap_or_default(),
        ),
        Seat::Region(r) => (None, Some(r.id), r.name.clone(), r.uf.clone()),
    };
    let dup = body::Entity::find()
        .filter(body::Column::Kind.eq(kind.code()))
        .filter(match (entity_id, region_id) {
            (Some(e), _) => body::Column::EntityId.eq(e),
            (_, Some(r)) => body::Column::RegionId.eq(r),
            _ => body::Column::Id.is_null(),
        })
        .one(&db.conn)
        .await?;
    let dup_error = |existing: &str| {
        Invalid::one(
            if region_id.is_some() {
                "region_id"
            } else {
                "ibge_code"
            },
            format!(
                "Já existe um órgão deste tipo em {place}: {existing}. Não é possível cadastrar outro"
            ),
        )
    };
    if let Some(d) = dup {
        return Err(dup_error(&d.name).into());
    }
    let (default_name, default_acronym) = match kind {
        BodyKind::Cmas => (
            format!("{} de {place}", kind.label()),
            format!("CMAS {place}"),
        ),
        BodyKind::Ceas => (
            format!("{} de {place}", kind.label()),
            format!("CEAS-{short}"),
        ),
        BodyKind::Cnas => (kind.label().to_owned(), "CNAS".to_owned()),
        BodyKind::CamaraTecnica => (
            format!("{} da {place}", kind.label()),
            format!("CT {place}"),
        ),
    };
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    let ins = body::Entity::insert(body::ActiveModel {
        id: Set(id),
        kind: Set(kind.code().into()),
        name: Set(name.unwrap_or(default_name)),
        acronym: Set(acronym.unwrap_or(default_acronym)),
        entity_id: Set(entity_id),
        region_id: Set(region_id),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await;
    if let Err(e) = ins {
        let e = store::Error::from_db(e);
        if matches!(e, store::Error::Conflict(_)) {
            return Err(dup_error("cadastrado agora mesmo por outra pessoa").into());
        }
        return Err(e.into());
    }
    tx.commit().await?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------------
// People and roles

/// A staff-issued temporary password, shown once. Never logged (its `Debug` hides it).
#[derive(Clone, PartialEq, Eq)]
pub struct TempPassword(String);

impl TempPassword {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for TempPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TempPassword(***)")
    }
}

/// Short, common pt-BR words without accents, easy to read aloud and to type on a phone.
const WORDS: &[&str] = &[
    "abacate", "agua", "alegre", "amigo", "anel", "arroz", "asa", "azul", "banco", "barco", "bola",
    "bolo", "cafe", "caju", "calma", "campo", "canto", "casa", "caderno", "cedro", "certo",
    "chuva", "cidade", "coco", "cor", "corda", "costa", "dado", "dia", "doce", "escola", "estrela",
    "faca", "farol", "festa", "figo", "flor", "folha", "forte", "fruta", "fundo", "gato", "gente",
    "girafa", "goiaba", "grama", "horta", "ilha", "janela", "jardim", "lago", "lapis", "leite",
    "limao", "livro", "lua", "luz", "manga", "mapa", "mar", "massa", "mel", "mesa", "milho",
    "morro", "mundo", "musica", "navio", "neve", "ninho", "noite", "nuvem", "onda", "ouro", "ovo",
    "palma", "pao", "papel", "pato", "paz", "pedra", "peixe", "pena", "pipa", "ponte", "porta",
    "praia", "prato", "quadro", "queijo", "rede", "rio", "roda", "rosa", "rua", "sal", "samba",
    "sapo", "selo", "serra", "sino", "sol", "sonho", "suco", "tatu", "teia", "terra", "trem",
    "trigo", "tucano", "uva", "vaca", "vale", "vela", "vento", "verde", "vila", "viola", "zebra",
];

/// A readable temporary password: three short words and three digits, like `sol-pipa-rio-482`.
pub fn temporary_password() -> TempPassword {
    let w = || WORDS[rand::random_range(0..WORDS.len())];
    TempPassword(format!(
        "{}-{}-{}-{:03}",
        w(),
        w(),
        w(),
        rand::random_range(0..1000u32)
    ))
}

/// The person a role is given to: an existing account by e-mail or username, or a new one.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PersonInput {
    /// Full name; needed only when the account does not exist yet.
    pub name: String,
    pub email: String,
    /// For people without e-mail: a login name the staff issue.
    pub username: String,
    /// Role code (conference roles only; the body page grants the secretariat).
    pub role: String,
    /// Unit of a territorial articulator.
    pub unit_id: String,
    /// The council act that appointed a territorial articulator (optional).
    pub act: String,
}

/// What happened to the account when a role was granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountOutcome {
    /// The person already had an account (an e-mail notice was queued if it has an address).
    Existing,
    /// A new account: an invitation with a link to choose a password was queued.
    Invited,
    /// A new username account: the temporary password to hand over, shown only this once.
    TemporaryPassword {
        username: String,
        password: TempPassword,
    },
}

#[derive(Debug, Clone)]
pub struct Granted {
    pub display_name: String,
    pub role_label: String,
    pub account: AccountOutcome,
}

enum Person {
    Existing(account::Model),
    NewEmail(Email, String),
    NewUsername(Username, String),
}

/// Finds or plans the account of `i`; problems go into `inv`.
async fn person(db: &Db, i: &PersonInput, inv: &mut Invalid) -> Result<Option<Person>, Fail> {
    let email = i.email.trim();
    let username = i.username.trim();
    let name = |inv: &mut Invalid| {
        inv.take(required(
            "name",
            "o nome completo da pessoa (ela ainda não tem conta)",
            &i.name,
            150,
        ))
    };
    let existing = |a: account::Model, inv: &mut Invalid, field: &str| {
        if a.disabled {
            inv.push(FieldError::new(
                field,
                "Esta conta está desativada: peça à administração da plataforma para reativá-la",
            ));
            None
        } else {
            Some(Person::Existing(a))
        }
    };
    match (email.is_empty(), username.is_empty()) {
        (true, true) => {
            inv.push(FieldError::new(
                "email",
                "Informe o e-mail da pessoa ou, se ela não tiver e-mail, um nome de usuário",
            ));
            Ok(None)
        }
        (false, false) => {
            inv.push(FieldError::new(
                "username",
                "Preencha só um dos dois: o e-mail ou, para quem não tem e-mail, o nome de usuário",
            ));
            Ok(None)
        }
        (false, true) => {
            let Some(e) = inv.take(Email::parse(email)) else {
                return Ok(None);
            };
            match account::Entity::find()
                .filter(account::Column::Email.eq(e.as_str()))
                .one(&db.conn)
                .await?
            {
                Some(a) => Ok(existing(a, inv, "email")),
                None => Ok(name(inv).map(|n| Person::NewEmail(e, n))),
            }
        }
        (true, false) => {
            let Some(u) = inv.take(Username::parse(username)) else {
                return Ok(None);
            };
            match account::Entity::find()
                .filter(account::Column::Username.eq(u.as_str()))
                .one(&db.conn)
                .await?
            {
                Some(a) => Ok(existing(a, inv, "username")),
                None => Ok(name(inv).map(|n| Person::NewUsername(u, n))),
            }
        }
    }
}

/// The scope of a grant.
#[derive(Debug, Clone, Copy)]
struct Scope {
    body: Uuid,
    conference: Option<Uuid>,
    unit: Option<Uuid>,
}

fn same_scope(s: Scope) -> Condition {
    let opt = |col: role_grant::Column, v: Option<Uuid>| match v {
        Some(v) => col.eq(v),
        None => col.is_null(),
    };
    Condition::all()
        .add(role_grant::Column::BodyId.eq(s.body))
        .add(opt(role_grant::Column::ConferenceId, s.conference))
        .add(opt(role_grant::Column::UnitId, s.unit))
}

const INVITE_SUBJECT: &str = "Convite para a plataforma das conferências";

/// Writes the account (when new), the grant and the e-mail (when there is an address), in one
/// transaction. `place` names the body or conference in the e-mail.
async fn grant(
    db: &Db,
    public_url: &str,
    person: Person,
    role: Role,
    scope: Scope,
    act: Option<String>,
    place: &str,
) -> Result<Granted, Fail> {
    let temp = matches!(person, Person::NewUsername(..)).then(temporary_password);
    let hash = match &temp {
        Some(t) => Some(crate::platform::passwords::hash(t.expose()).await?),
        None => None,
    };
    let now = Utc::now();
    let tx = db.write().await?;
    let (account_id, display_name, email, outcome, field) = match person {
        Person::Existing(a) => {
            let field = if a.email.is_some() {
                "email"
            } else {
                "username"
            };
            (
                a.id,
                a.display_name,
                a.email,
                AccountOutcome::Existing,
                field,
            )
        }
        Person::NewEmail(e, name) => {
            let id = Uuid::now_v7();
            insert_account(&tx, id, Some(e.as_str()), None, &name, "!invited", false).await?;
            (
                id,
                name,
                Some(e.as_str().to_owned()),
                AccountOutcome::Invited,
                "email",
            )
        }
        Person::NewUsername(u, name) => {
            let id = Uuid::now_v7();
            let hash = hash.unwrap_or_default();
            insert_account(&tx, id, None, Some(u.as_str()), &name, &hash, true).await?;
            let password = temp.clone().unwrap_or_else(temporary_password);
            (
                id,
                name,
                None,
                AccountOutcome::TemporaryPassword {
                    username: u.as_str().to_owned(),
                    password,
                },
                "username",
            )
        }
    };
    let dup = role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(account_id))
        .filter(role_grant::Column::Role.eq(role.code()))
        .filter(same_scope(scope))
        .one(&tx)
        .await?;
    if dup.is_some() {
        return Err(Invalid::one(
            field,
            format!("{display_name} já tem o papel {} aqui", role.label()),
        )
        .into());
    }
    role_grant::Entity::insert(role_grant::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(account_id),
        role: Set(role.code().into()),
        body_id: Set(Some(scope.body)),
        conference_id: Set(scope.conference),
        unit_id: Set(scope.unit),
        appointment_act: Set(act),
        created_at: Set(now),
    })
    .exec(&tx)
    .await?;
    let base = public_url.trim_end_matches('/');
    let mut queued = false;
    if let Some(to) = &email {
        let text = if outcome == AccountOutcome::Invited {
            let token = crate::platform::accounts::issue_reset_token(
                &tx,
                account_id,
                Duration::days(INVITE_TTL_DAYS),
            )
            .await?;
            format!(
                "Olá, {display_name}.\n\n\
Você foi convidado(a) para a plataforma das Conferências de Assistência Social com o papel \
de {role} ({place}).\n\n\
Para criar sua senha e entrar, abra este endereço em até {INVITE_TTL_DAYS} dias:\n\n\
{base}/senha/nova?token={token}\n\n\
O endereço só pode ser usado uma vez. Depois, entre em {base}/entrar com este e-mail e a senha \
que você criou.\n\n\
Se você não esperava este convite, ignore esta mensagem.\n\n\
-- \n\
Conferências de Assistência Social (mensagem automática, não responda)\n",
                role = role.label()
            )
        } else {
            format!(
                "Olá, {display_name}.\n\n\
Sua conta na plataforma das Conferências de Assistência Social recebeu o papel de {role} \
({place}).\n\n\
Entre em {base}/entrar com este e-mail e a sua senha de sempre.\n\n\
-- \n\
Conferências de Assistência Social (mensagem automática, não responda)\n",
                role = role.label()
            )
        };
        crate::platform::mail::enqueue(&tx, to, INVITE_SUBJECT, &text).await?;
        queued = true;
    }
    tx.commit().await?;
    if queued {
        crate::platform::mail::wake();
    }
    Ok(Granted {
        display_name,
        role_label: role.label().into(),
        account: outcome,
    })
}

pub(crate) async fn insert_account<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    email: Option<&str>,
    username: Option<&str>,
    name: &str,
    hash: &str,
    must_change_password: bool,
) -> Result<(), Fail> {
    let r = account::Entity::insert(account::ActiveModel {
        id: Set(id),
        email: Set(email.map(Into::into)),
        username: Set(username.map(Into::into)),
        display_name: Set(name.into()),
        password_hash: Set(hash.into()),
        disabled: Set(false),
        must_change_password: Set(must_change_password),
        created_at: Set(Utc::now()),
    })
    .exec(conn)
    .await;
    match r {
        Ok(_) => Ok(()),
        Err(e) => match store::Error::from_db(e) {
            store::Error::Conflict(_) => Err(Invalid::one(
                if email.is_some() { "email" } else { "username" },
                "Uma conta com este login acabou de ser criada por outra pessoa: envie de novo",
            )
            .into()),
            other => Err(other.into()),
        },
    }
}

/// One grant, for listings.
#[derive(Debug, Clone, Serialize)]
pub struct GrantRow {
    pub id: Uuid,
    pub name: String,
    /// The e-mail or username the person logs in with.
    pub login: String,
    pub role_label: String,
    pub unit: String,
    /// The act that appointed an articulator, or empty.
    pub act: String,
}

async fn grant_rows(db: &Db, grants: Vec<role_grant::Model>) -> Result<Vec<GrantRow>, Fail> {
    let ids: Vec<Uuid> = grants.iter().map(|g| g.account_id).collect();
    let uids: Vec<Uuid> = grants.iter().filter_map(|g| g.unit_id).collect();
    let accounts: HashMap<Uuid, account::Model> = if ids.is_empty() {
        HashMap::new()
    } else {
        account::Entity::find()
            .filter(account::Column::Id.is_in(ids))
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    };
    let units: HashMap<Uuid, String> = if uids.is_empty() {
        HashMap::new()
    } else {
        unit::Entity::find()
            .filter(unit::Column::Id.is_in(uids))
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect()
    };
    let mut rows: Vec<GrantRow> = grants
        .into_iter()
        .map(|g| {
            let a = accounts.get(&g.account_id);
            GrantRow {
                id: g.id,
                name: a.map(|a| a.display_name.clone()).unwrap_or_default(),
                login: a
                    .and_then(|a| a.email.clone().or_else(|| a.username.clone()))
                    .unwrap_or_default(),
                role_label: Role::parse(&g.role).map(|r| r.label()).unwrap_or("").into(),
                unit: g
                    .unit_id
                    .and_then(|u| units.get(&u).cloned())
                    .unwrap_or_default(),
                act: g.appointment_act.clone().unwrap_or_default(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.role_label, search_key(&a.name)).cmp(&(&b.role_label, search_key(&b.name)))
    });
    Ok(rows)
}

/// A body's page for the platform admin: who is its secretariat, which conferences it has.
#[derive(Debug, Clone, Serialize)]
pub struct BodyView {
    pub body: BodyRow,
    pub secretariat: Vec<GrantRow>,
    /// (slug, title)
    pub conferences: Vec<(String, String)>,
}

async fn the_body(db: &Db, id: Uuid) -> Result<body::Model, Fail> {
    body::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)
}

pub async fn body_view(db: &Db, me: Option<&Me>, id: Uuid) -> Result<BodyView, Fail> {
    allow(me, Action::ManageBodyStaff(id.into()))?;
    let b = the_body(db, id).await?;
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(Role::BodySecretariat.code()))
        .filter(role_grant::Column::BodyId.eq(id))
        .all(&db.conn)
        .await?;
    let conferences = conference::Entity::find()
        .filter(conference::Column::BodyId.eq(id))
        .order_by_desc(conference::Column::StartsOn)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|c| (c.slug, c.title))
        .collect();
    Ok(BodyView {
        body: body_rows(db, vec![b]).await?.pop().ok_or(Fail::NotFound)?,
        secretariat: grant_rows(db, grants).await?,
        conferences,
    })
}

/// Gives `i`'s person the secretariat of a body (creating the account when new).
pub async fn grant_secretariat(
    db: &Db,
    me: Option<&Me>,
    public_url: &str,
    body_id: Uuid,
    i: &PersonInput,
) -> Result<Granted, Fail> {
    allow(me, Action::ManageBodyStaff(body_id.into()))?;
    let b = the_body(db, body_id).await?;
    let mut inv = Invalid::default();
    let p = person(db, i, &mut inv).await?;
    let Some(p) = p.filter(|_| inv.is_empty()) else {
        return Err(inv.into());
    };
    let scope = Scope {
        body: b.id,
        conference: None,
        unit: None,
    };
    grant(
        db,
        public_url,
        p,
        Role::BodySecretariat,
        scope,
        None,
        &b.name,
    )
    .await
}

pub async fn revoke_secretariat(
    db: &Db,
    me: Option<&Me>,
    body_id: Uuid,
    grant_id: Uuid,
) -> Result<(), Fail> {
    allow(me, Action::ManageBodyStaff(body_id.into()))?;
    let r = role_grant::Entity::delete_many()
        .filter(role_grant::Column::Id.eq(grant_id))
        .filter(role_grant::Column::BodyId.eq(body_id))
        .filter(role_grant::Column::Role.eq(Role::BodySecretariat.code()))
        .exec(&db.conn)
        .await?;
    if r.rows_affected == 0 {
        return Err(Fail::NotFound);
    }
    Ok(())
}

/// Roles a body secretariat or commission may give on a conference.
pub const CONFERENCE_ROLES: &[Role] = &[
    Role::OrganizingCommission,
    Role::TerritorialArticulator,
    Role::CredentialingStaff,
    Role::Participant,
];

#[derive(Debug, Clone, Serialize)]
pub struct RolesView {
    pub slug: String,
    pub title: String,
    pub grants: Vec<GrantRow>,
    /// (id, "unit — territory") of the conference's units.
    pub units: Vec<(String, String)>,
}

pub async fn conference_roles(db: &Db, me: Option<&Me>, slug: &str) -> Result<RolesView, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageConferenceRoles(scope))?;
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?;
    let units = unit::Entity::find()
        .filter(unit::Column::ConferenceId.eq(c.id))
        .order_by_asc(unit::Column::Name)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), u.name))
        .collect();
    Ok(RolesView {
        grants: grant_rows(db, grants).await?,
        units,
        slug: c.slug,
        title: c.title,
    })
}

/// Gives a conference role (commission, articulator of a unit, credentialing staff, participant).
pub async fn grant_conference_role(
    db: &Db,
    me: Option<&Me>,
    public_url: &str,
    slug: &str,
    i: &PersonInput,
) -> Result<Granted, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageConferenceRoles(scope))?;
    let mut inv = Invalid::default();
    let role = match Role::parse(i.role.trim()) {
        Some(r) if CONFERENCE_ROLES.contains(&r) => Some(r),
        _ => {
            inv.push(FieldError::new("role", "Escolha um papel da lista"));
            None
        }
    };
    let uid = i.unit_id.trim();
    let mut unit_id = None;
    match role {
        Some(Role::TerritorialArticulator) => {
            let u = match Uuid::parse_str(uid) {
                Ok(id) => unit::Entity::find_by_id(id)
                    .one(&db.conn)
                    .await?
                    .filter(|u| u.conference_id == c.id),
                Err(_) => None,
            };
            match u {
                Some(u) => unit_id = Some(u.id),
                None => inv.push(FieldError::new(
                    "unit_id",
                    "Escolha a unidade (CRAS, CREAS…) que o(a) articulador(a) acompanha",
                )),
            }
        }
        Some(_) if !uid.is_empty() => inv.push(FieldError::new(
            "unit_id",
            "A unidade só vale para articulador(a) territorial: deixe em branco para este papel",
        )),
        _ => {}
    }
    let act = i.act.trim();
    let act = match role {
        _ if act.is_empty() => None,
        Some(Role::TerritorialArticulator) if act.chars().count() <= 200 => Some(act.to_owned()),
        Some(Role::TerritorialArticulator) => {
            inv.push(FieldError::new(
                "act",
                "O ato de nomeação pode ter até 200 caracteres (por exemplo: Resolução CMAS nº 5/2025)",
            ));
            None
        }
        _ => {
            inv.push(FieldError::new(
                "act",
                "O ato de nomeação só vale para articulador(a) territorial: deixe em branco para este papel",
            ));
            None
        }
    };
    let p = person(db, i, &mut inv).await?;
    let (Some(role), Some(p)) = (role, p) else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let scope = Scope {
        body: c.body_id,
        conference: Some(c.id),
        unit: unit_id,
    };
    grant(db, public_url, p, role, scope, act, &c.title).await
}

pub async fn revoke_conference_role(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    grant_id: Uuid,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageConferenceRoles(scope))?;
    let r = role_grant::Entity::delete_many()
        .filter(role_grant::Column::Id.eq(grant_id))
        .filter(role_grant::Column::ConferenceId.eq(c.id))
        .exec(&db.conn)
        .await?;
    if r.rows_affected == 0 {
        return Err(Fail::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_are_readable_and_valid() {
        for _ in 0..200 {
            let p = temporary_password();
            let parts: Vec<&str> = p.expose().split('-').collect();
            assert_eq!(parts.len(), 4, "{:?}", parts);
            assert!(parts[..3].iter().all(|w| WORDS.contains(w)));
            assert!(parts[3].len() == 3 && parts[3].bytes().all(|b| b.is_ascii_digit()));
            assert!(domain::values::NewPassword::parse(p.expose()).is_ok());
            assert_eq!(format!("{p:?}"), "TempPassword(***)");
        }
        assert!(
            WORDS
                .iter()
                .all(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }
}
