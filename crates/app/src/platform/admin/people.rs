//! People and roles.

use super::{INVITE_TTL_DAYS, or_conflict};
use crate::Fail;
use chrono::{Duration, Utc};
use domain::policy::Role;
use domain::text::search_key;
use domain::values::{Email, Username, required};
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::Db;
use store::entities::{account, role_grant, unit};
use uuid::Uuid;

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

pub(super) enum Person {
    Existing(account::Model),
    NewEmail(Email, String),
    NewUsername(Username, String),
}

/// Finds or plans the account of `i`; problems go into `inv`.
pub(super) async fn person(
    db: &Db,
    i: &PersonInput,
    inv: &mut Invalid,
) -> Result<Option<Person>, Fail> {
    let email = i.email.trim();
    let username = i.username.trim();
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
            let found = account_with(db, account::Column::Email, e.as_str()).await?;
            Ok(existing_or_new(found, inv, ("email", &i.name), |n| {
                Person::NewEmail(e, n)
            }))
        }
        (true, false) => {
            let Some(u) = inv.take(Username::parse(username)) else {
                return Ok(None);
            };
            let found = account_with(db, account::Column::Username, u.as_str()).await?;
            Ok(existing_or_new(found, inv, ("username", &i.name), |n| {
                Person::NewUsername(u, n)
            }))
        }
    }
}

/// The account whose login `column` (e-mail or username) is `login`.
async fn account_with(
    db: &Db,
    column: account::Column,
    login: &str,
) -> Result<Option<account::Model>, Fail> {
    Ok(account::Entity::find()
        .filter(column.eq(login))
        .one(&db.conn)
        .await?)
}

/// The account `found` under the login `field` (refused when disabled) or, when there is none,
/// a new one (`new`) for the required `name`; problems go into `inv`.
fn existing_or_new(
    found: Option<account::Model>,
    inv: &mut Invalid,
    (field, name): (&str, &str),
    new: impl FnOnce(String) -> Person,
) -> Option<Person> {
    match found {
        Some(a) if a.disabled => {
            inv.push(FieldError::new(
                field,
                "Esta conta está desativada: peça à administração da plataforma para reativá-la",
            ));
            None
        }
        Some(a) => Some(Person::Existing(a)),
        None => inv
            .take(required(
                "name",
                "o nome completo da pessoa (ela ainda não tem conta)",
                name,
                150,
            ))
            .map(new),
    }
}

/// The scope of a grant.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scope {
    pub(super) body: Uuid,
    pub(super) conference: Option<Uuid>,
    pub(super) unit: Option<Uuid>,
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
pub(super) async fn grant(
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
    or_conflict(r, || {
        Invalid::one(
            if email.is_some() { "email" } else { "username" },
            "Uma conta com este login acabou de ser criada por outra pessoa: envie de novo",
        )
    })?;
    Ok(())
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

pub(super) async fn grant_rows(
    db: &Db,
    grants: Vec<role_grant::Model>,
) -> Result<Vec<GrantRow>, Fail> {
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
