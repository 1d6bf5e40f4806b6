//! Entity for table `plenary_rules`: a conference's quorum rule and how suplentes are seated, as
//! its regimento says (m0038). No row = the defaults (`app::plenary::seats::Rules::default`).
super::entity! {
    table "plenary_rules";
    key { pub conference_id: Uuid }
    /// `domain::plenary::QuorumRule::code`.
    #[sea_orm(column_type = "Text")]
    pub quorum_rule: String,
    /// A suplente who replaces nobody votes on her own seat.
    pub suplente_votes_alone: bool,
    /// Which titulares a suplente may replace: `segment`, `territory` (same segment and
    /// territory) or `origin` (same segment and origin of the delegation).
    #[sea_orm(column_type = "Text")]
    pub suplente_tie: String,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    /// How long the table's roll call stays open unless it says otherwise (m0047).
    pub roll_call_seconds: i32,
    /// After how long without a sign of their device a remote delegate is no longer present.
    pub disconnect_seconds: i32,
    /// The plenary's transmission link, any video platform (m0048).
    #[sea_orm(column_type = "Text", nullable)]
    pub broadcast_url: Option<String>,
    /// How a delegate credentialed online proves who they are: `link`, `staff` or `both` (m0051).
    #[sea_orm(column_type = "Text")]
    pub online_proof: String,
    /// The regimento provides the consultation on the proposals (m0052).
    pub consultation: bool,
}
