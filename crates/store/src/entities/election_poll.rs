//! Entity for table `election_poll`: one round of a segment's election (rounds 1, 2, … per
//! conference and segment).
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "election_poll")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub segment: String,
    /// `open`, `closed`.
    pub status: PollStatus,
    /// Delegates of the segment present when the poll opened.
    pub present: i32,
    pub opened_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub opened_by: Option<Uuid>,
    /// Sequence number of the last link of the poll's hash chain (`election_log`).
    pub log_seq: i32,
    /// Hash of that link; `None` for a poll opened before the chain existed.
    #[sea_orm(column_type = "Text", nullable)]
    pub log_head: Option<String>,
    /// 1 for the first round, 2 for the second (2º turno), …; unique per conference and segment.
    pub round: i32,
    /// JSON array of the candidate ids a later round is restricted to; `None`: every candidate of
    /// the segment.
    #[sea_orm(column_type = "Text", nullable)]
    pub candidates: Option<String>,
}

status_enum!(
    /// State of an election poll.
    PollStatus {
        Open => "open",
        Closed => "closed",
    }
);

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
