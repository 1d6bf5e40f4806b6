//! Entity for table `registration` (see migrations for constraints). CPF: 11 digits, never logged.
use sea_orm::entity::prelude::*;
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub code: String,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub social_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub search_key: String,
    #[sea_orm(column_type = "Text")]
    pub category: String,
    #[sea_orm(column_type = "Text")]
    pub segment: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub seat: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub origin: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub represents: Option<String>,
    pub territory_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    /// The eixo chosen for the working groups; `None` = "tanto faz" (m0018).
    pub preferred_eixo_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub cpf: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub email: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub phone: Option<String>,
    pub birth_date: Option<Date>,
    pub trust_position: bool,
    /// Comma-separated `AccessNeed` codes.
    #[sea_orm(column_type = "Text")]
    pub needs: String,
    #[sea_orm(column_type = "Text")]
    pub needs_other: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub consent_version: String,
    pub consented_at: DateTimeUtc,
    /// `self`, `assisted`, `import`, `walk_in`, `council`.
    #[sea_orm(column_type = "Text")]
    pub source: String,
    pub assisted_by: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub import_key: Option<String>,
    /// `active`, `cancelled`, `anonymized`.
    pub status: RegistrationStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    /// The name shown everywhere: the social name when there is one.
    pub fn display_name(&self) -> &str {
        self.social_name.as_deref().unwrap_or(&self.name)
    }
}

/// Debug without personal data (CPF, e-mail, phone, birth date), so it can never reach a log.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("registration")
            .field("id", &self.id)
            .field("conference_id", &self.conference_id)
            .field("category", &self.category)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

status_enum!(
    /// State of a registration.
    RegistrationStatus {
        Active => "active",
        Cancelled => "cancelled",
        Anonymized => "anonymized",
    }
);

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
