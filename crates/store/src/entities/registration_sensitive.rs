//! Entity for table `registration_sensitive`: quota self-declarations (Res. CNAS/MDS 187/2025),
//! sensitive data (LGPD art. 5 II) kept apart, read only by roles that need them, published only
//! as counts.
use sea_orm::entity::prelude::*;
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_sensitive")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub registration_id: Uuid,
    pub conference_id: Uuid,
    /// Comma-separated `QuotaGroup` codes.
    #[sea_orm(column_type = "Text")]
    pub quotas: String,
    pub declared_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("registration_sensitive { .. }")
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
