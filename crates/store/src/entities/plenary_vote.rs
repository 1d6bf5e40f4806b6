//! Entity for table `plenary_vote` (see migrations for constraints).
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plenary_vote")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    /// `regimento_destaque` or `regimento_block`.
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    pub subject_id: Option<Uuid>,
    /// `analog` (counted at the table), `electronic` (phones) or `mixed` (phones and the room's
    /// raised badges, nobody counted twice).
    #[sea_orm(column_type = "Text")]
    pub channel: String,
    pub present: i32,
    pub credentialed: i32,
    #[sea_orm(column_type = "Text")]
    pub quorum_rule: String,
    pub favor: i32,
    pub against: i32,
    pub abstain: i32,
    #[sea_orm(column_type = "Text")]
    pub outcome: String,
    pub recorded_by: Option<Uuid>,
    /// When the result was recorded (for an electronic vote: when it closed).
    pub recorded_at: DateTimeUtc,
    /// `open` (phones may vote) or `closed` (result recorded).
    pub status: VoteStatus,
    /// Secret ballot: who voted is kept apart from what was voted.
    pub secret: bool,
    pub opened_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    /// The part of the counts that came from phones.
    pub phone_favor: i32,
    pub phone_against: i32,
    pub phone_abstain: i32,
    /// The last sequence number and hash of this vote's `ballot_log` chain.
    pub log_seq: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub log_head: Option<String>,
    /// The least number of delegates present the quorum rule required when the vote opened
    /// (m0038; 0 for votes before it).
    pub quorum_min: i32,
    /// Of `present`, the delegates present from a distance (m0048; 0 before it).
    pub present_remote: i32,
}

status_enum!(
    /// State of a plenary vote: open while phones may vote, closed once the result is recorded.
    VoteStatus {
        Open => "open",
        Closed => "closed",
    }
);

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
