//! What each participant category (delegate, guest, observer) may do at a conference: voice,
//! vote, may be elected delegate to the next stage, and a short note ("até 20 vagas"). Each
//! conference's regimento decides; the organizing commission sets it at
//! `/c/{slug}/gestao/categorias`. A category never set has `domain::participants::default_rights`.
//!
//! The registration forms and the conference page describe the categories from here, and the
//! plenary voting asks [`CategoryRights::may_vote`].

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::Utc;
use domain::Invalid;
use domain::participants::{
    CategoryRule, Rights, check_rights, default_rights, describe, rights_field, rights_text,
};
use domain::policy::Action;
use domain::values::Category;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::category_rights;
use uuid::Uuid;

/// One category's effective rights at one conference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryRight {
    /// The category code: `delegado`, `convidado`, `observador`.
    pub category: String,
    /// The category's name: "Delegado(a)".
    pub label: String,
    pub voice: bool,
    pub vote: bool,
    pub may_be_elected: bool,
    pub note: Option<String>,
    /// The rights in words: "voz e voto; pode ser eleito(a) delegado(a) para a etapa seguinte".
    pub rights_text: String,
    /// The category with its rights and note: "Convidado(a): voz (até 20 vagas)".
    pub description: String,
    /// True when the conference has not set this category (the defaults apply).
    pub is_default: bool,
    #[serde(skip)]
    kind: Category,
}

impl CategoryRight {
    fn new(kind: Category, r: Rights, note: Option<String>, is_default: bool) -> Self {
        Self {
            category: kind.code().into(),
            label: kind.label().into(),
            voice: r.voice,
            vote: r.vote,
            may_be_elected: r.may_be_elected,
            rights_text: rights_text(r),
            description: describe(kind, r, note.as_deref()),
            note,
            is_default,
            kind,
        }
    }
    pub fn kind(&self) -> Category {
        self.kind
    }
    pub fn rights(&self) -> Rights {
        Rights {
            voice: self.voice,
            vote: self.vote,
            may_be_elected: self.may_be_elected,
        }
    }
}

/// Every category of a conference with its effective rights, in `Category::ALL` order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CategoryRights(pub Vec<CategoryRight>);

impl CategoryRights {
    /// The defaults, for a conference that has set nothing.
    pub fn defaults() -> Self {
        Self(
            Category::ALL
                .iter()
                .map(|c| CategoryRight::new(*c, default_rights(*c), None, true))
                .collect(),
        )
    }
    pub fn get(&self, c: Category) -> &CategoryRight {
        self.0
            .iter()
            .find(|r| r.kind == c)
            .expect("every category is present")
    }
    pub fn may_speak(&self, c: Category) -> bool {
        self.get(c).voice
    }
    /// Whether people of this category vote (who may vote in the plenary).
    pub fn may_vote(&self, c: Category) -> bool {
        self.get(c).vote
    }
    pub fn may_be_elected(&self, c: Category) -> bool {
        self.get(c).may_be_elected
    }
    /// (code, description) pairs for a category `<select>`.
    pub fn options(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|r| (r.category.clone(), r.description.clone()))
            .collect()
    }
    /// The setting as a form would send it.
    pub fn input(&self) -> RightsInput {
        RightsInput {
            rows: self
                .0
                .iter()
                .map(|r| RightsRow {
                    category: r.category.clone(),
                    voice: r.voice,
                    vote: r.vote,
                    may_be_elected: r.may_be_elected,
                    note: r.note.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }
}

/// The effective rights of every category at a conference (public).
pub async fn rights(db: &Db, conference_id: Uuid) -> store::Result<CategoryRights> {
    let rows = category_rights::Entity::find()
        .filter(category_rights::Column::ConferenceId.eq(conference_id))
        .all(&db.conn)
        .await?;
    Ok(CategoryRights(
        Category::ALL
            .iter()
            .map(|c| match rows.iter().find(|r| r.category == c.code()) {
                Some(r) => CategoryRight::new(
                    *c,
                    Rights {
                        voice: r.voice,
                        vote: r.vote,
                        may_be_elected: r.may_be_elected,
                    },
                    r.note.clone(),
                    false,
                ),
                None => CategoryRight::new(*c, default_rights(*c), None, true),
            })
            .collect(),
    ))
}

/// One category's row of the settings form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct RightsRow {
    /// The category code.
    pub category: String,
    pub voice: bool,
    pub vote: bool,
    pub may_be_elected: bool,
    pub note: String,
}

/// The settings form as typed: one row per category, in `Category::ALL` order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct RightsInput {
    pub rows: Vec<RightsRow>,
}

impl RightsInput {
    /// From the posted pairs `{code}_voice`, `{code}_vote`, `{code}_may_be_elected` (checkboxes:
    /// absent = unchecked) and `{code}_note`; every category gets a row.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let value = |name: String| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v);
        let checked = |name: String| value(name).is_some_and(|v| !v.is_empty() && v != "0");
        Self {
            rows: Category::ALL
                .iter()
                .map(|c| RightsRow {
                    category: c.code().into(),
                    voice: checked(rights_field(*c, "voice")),
                    vote: checked(rights_field(*c, "vote")),
                    may_be_elected: checked(rights_field(*c, "may_be_elected")),
                    note: value(rights_field(*c, "note")).cloned().unwrap_or_default(),
                })
                .collect(),
        }
    }
}

/// Checks every category of the input; every problem is reported at once.
fn validate(i: &RightsInput) -> Result<Vec<CategoryRule>, Invalid> {
    let mut inv = Invalid::default();
    let mut rules = Vec::new();
    for c in Category::ALL {
        let Some(row) = i.rows.iter().find(|r| r.category == c.code()) else {
            inv.push(domain::FieldError::new(
                rights_field(*c, "voice"),
                format!("{}: informe o que esta categoria pode fazer", c.label()),
            ));
            continue;
        };
        let r = Rights {
            voice: row.voice,
            vote: row.vote,
            may_be_elected: row.may_be_elected,
        };
        match check_rights(*c, r, &row.note) {
            Ok(rule) => rules.push(rule),
            Err(e) => inv.0.extend(e.0),
        }
    }
    inv.into_result()?;
    Ok(rules)
}

/// The settings for the staff form (`EditConference`).
pub async fn rights_for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<CategoryRights, Fail> {
    crate::setup::for_staff(db, me, slug, |id| rights(db, id)).await
}

/// Saves what every category may do (`EditConference`): all categories are validated first and
/// written in one transaction, so bad input writes nothing.
pub async fn save_rights(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    input: &RightsInput,
) -> Result<CategoryRights, Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let rules = validate(input)?;
    let now = Utc::now();
    let tx = db.write().await?;
    for rule in &rules {
        // Upsert on (conference, category), so two saves at once do not trip the unique index.
        category_rights::Entity::insert(category_rights::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            category: Set(rule.category.code().into()),
            voice: Set(rule.rights.voice),
            vote: Set(rule.rights.vote),
            may_be_elected: Set(rule.rights.may_be_elected),
            note: Set(rule.note.clone()),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                category_rights::Column::ConferenceId,
                category_rights::Column::Category,
            ])
            .update_columns([
                category_rights::Column::Voice,
                category_rights::Column::Vote,
                category_rights::Column::MayBeElected,
                category_rights::Column::Note,
                category_rights::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(rights(db, c.id).await?)
}
