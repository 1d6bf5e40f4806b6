//! Entity for table `proposal`: a proposal of a working group (or a pre-conference) and what
//! became of it in the group and in the final plenary.
super::entity! {
    table "proposal";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub eixo_id: Uuid,
    pub group_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// `municipal`, `estadual`, `federal`.
    #[sea_orm(column_type = "Text")]
    pub level: String,
    /// `new` (a new proposal) or `recommendation` (on a past deliberation).
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    /// `draft`, `merged`, `group_approved`, `group_minority`, `group_rejected`, then in the
    /// plenary `approved`, `amended` (approved with new text) or `rejected`.
    #[sea_orm(column_type = "Text")]
    pub status: ProposalStatus,
    pub position: i32,
    pub merged_into: Option<Uuid>,
    pub group_favor: Option<i32>,
    pub group_against: Option<i32>,
    pub group_abstain: Option<i32>,
    pub group_present: Option<i32>,
    /// The text approved in plenary when a destaque amended it.
    #[sea_orm(column_type = "Text", nullable)]
    pub final_text: Option<String>,
    /// The plenary vote that decided it (the eixo's block or its destaque).
    pub plenary_vote_id: Option<Uuid>,
    /// Priority votes counted from paper ballots (added to the phones' choices).
    pub priority_paper: Option<i32>,
    /// Place in its eixo and level once the priorities are closed (1 = first).
    pub priority_rank: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

status_enum!(
    /// Where a proposal stands: in its working group, then in the final plenary.
    ProposalStatus {
        Draft => "draft",
        Merged => "merged",
        GroupApproved => "group_approved",
        GroupMinority => "group_minority",
        GroupRejected => "group_rejected",
        Approved => "approved",
        Amended => "amended",
        Rejected => "rejected",
    }
);

impl ProposalStatus {
    /// Sent by the groups to the plenary and not voted there yet.
    pub const PENDING: [ProposalStatus; 2] =
        [ProposalStatus::GroupApproved, ProposalStatus::GroupMinority];
    /// Deliberations of the conference: approved by the plenary, with or without new text.
    pub const ADOPTED: [ProposalStatus; 2] = [ProposalStatus::Approved, ProposalStatus::Amended];
}

impl From<domain::proposals::GroupOutcome> for ProposalStatus {
    /// The state a proposal takes from its group's vote.
    fn from(o: domain::proposals::GroupOutcome) -> Self {
        match o {
            domain::proposals::GroupOutcome::Approved => ProposalStatus::GroupApproved,
            domain::proposals::GroupOutcome::Minority => ProposalStatus::GroupMinority,
            domain::proposals::GroupOutcome::Rejected => ProposalStatus::GroupRejected,
        }
    }
}
