//! Which tables hold an organisation, their columns as the archive writes them, and the order
//! that satisfies every foreign key when they are put back. A migration that adds a table or a
//! column without a line here fails the guard test at the bottom.

/// How a column's values are stored, and so how the archive writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Written `YYYY-MM-DDTHH:MM:SS.ffffff` (UTC, microseconds: what both databases keep).
    Timestamp,
    /// Written `YYYY-MM-DD`.
    Date,
    Bool,
    Integer,
    BigInt,
    /// Written as the shortest JSON number that reads back as the same `f64`.
    Double,
}

/// One column of an archived table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    /// Names a user: the users it names go into the archive with the organisation.
    pub user: bool,
}

/// How a table's rows are known to belong to the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The row is the organisation (`organisations.id`).
    Id,
    /// The row carries the organisation's id in `org_id`.
    OrgId,
    /// A user who is a member, or whom an archived row names in a [`Column::user`] column.
    Named,
}

/// One table of the archive.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [Column],
    /// The primary key: rows are written in its order, so an export is the same every time.
    pub key: &'static [&'static str],
    pub owner: Owner,
}

impl Table {
    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const fn col(name: &'static str, kind: Kind, nullable: bool) -> Column {
    Column {
        name,
        kind,
        nullable,
        user: false,
    }
}
const fn text(name: &'static str) -> Column {
    col(name, Kind::Text, false)
}
const fn opt_text(name: &'static str) -> Column {
    col(name, Kind::Text, true)
}
/// A required reference to a user.
const fn user(name: &'static str) -> Column {
    Column {
        user: true,
        ..text(name)
    }
}
/// An optional reference to a user (who created, assigned, recorded…).
const fn opt_user(name: &'static str) -> Column {
    Column {
        user: true,
        ..opt_text(name)
    }
}
const fn ts(name: &'static str) -> Column {
    col(name, Kind::Timestamp, false)
}
const fn opt_ts(name: &'static str) -> Column {
    col(name, Kind::Timestamp, true)
}
const fn date(name: &'static str) -> Column {
    col(name, Kind::Date, false)
}
const fn opt_date(name: &'static str) -> Column {
    col(name, Kind::Date, true)
}
const fn flag(name: &'static str) -> Column {
    col(name, Kind::Bool, false)
}
const fn int(name: &'static str) -> Column {
    col(name, Kind::Integer, false)
}
const fn opt_int(name: &'static str) -> Column {
    col(name, Kind::Integer, true)
}
const fn big(name: &'static str) -> Column {
    col(name, Kind::BigInt, false)
}
const fn opt_big(name: &'static str) -> Column {
    col(name, Kind::BigInt, true)
}
const fn double(name: &'static str) -> Column {
    col(name, Kind::Double, false)
}
const fn opt_double(name: &'static str) -> Column {
    col(name, Kind::Double, true)
}

const fn table(
    name: &'static str,
    columns: &'static [Column],
    key: &'static [&'static str],
    owner: Owner,
) -> Table {
    Table {
        name,
        columns,
        key,
        owner,
    }
}

/// Tables of the schema that are not an organisation's data, and why.
pub const EXCLUDED: &[(&str, &str)] = &[
    (
        "login_attempts",
        "the sign-in limiter's counters: transient, keyed by address, of no organisation",
    ),
    (
        "refresh_tokens",
        "sessions: people sign in anew on the restored instance",
    ),
    (
        "mail_outbox",
        "mail on its way out belongs to the instance that queued it: a restore sends nothing again",
    ),
    (
        "mail_digests",
        "which days' digests this instance sent: a restored organisation's next digest starts afresh",
    ),
    (
        "reminders_sent",
        "which reminders this instance gave: a restored organisation is reminded afresh",
    ),
    (
        "job_leases",
        "the instance's scheduler, not an organisation's",
    ),
    (
        "pending_upgrades",
        "the instance's own one-off upgrade steps, not an organisation's",
    ),
];

/// Every table of an organisation, parents before children: the order rows are inserted in.
pub const TABLES: &[Table] = &[
    table(
        "organisations",
        &[
            text("id"),
            text("name"),
            ts("created_at"),
            big("version"),
            int("digest_hour"),
            int("reminder_days"),
        ],
        &["id"],
        Owner::Id,
    ),
    table(
        "users",
        &[
            text("id"),
            text("email"),
            text("display_name"),
            opt_text("password_hash"),
            opt_text("invitation_hash"),
            ts("created_at"),
        ],
        &["id"],
        Owner::Named,
    ),
    table(
        "memberships",
        &[
            text("org_id"),
            user("user_id"),
            text("role"),
            flag("active"),
            ts("created_at"),
            big("version"),
            flag("pending"),
            opt_text("invitation_hash"),
            opt_text("invited_name"),
        ],
        &["org_id", "user_id"],
        Owner::OrgId,
    ),
    table(
        "groups",
        &[
            text("id"),
            text("org_id"),
            text("name"),
            text("description"),
            ts("created_at"),
            big("version"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "group_members",
        &[text("org_id"), text("group_id"), user("user_id")],
        &["group_id", "user_id"],
        Owner::OrgId,
    ),
    table(
        "api_tokens",
        &[
            text("id"),
            text("org_id"),
            user("user_id"),
            text("name"),
            text("scope"),
            text("prefix"),
            text("token_hash"),
            ts("created_at"),
            opt_ts("last_used_at"),
            opt_ts("expires_at"),
            opt_ts("revoked_at"),
            big("version"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "events",
        &[
            text("id"),
            text("org_id"),
            opt_user("actor_id"),
            text("subject_kind"),
            text("subject_id"),
            text("verb"),
            opt_text("before_json"),
            opt_text("after_json"),
            ts("created_at"),
            opt_big("notified"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "spaces",
        &[
            text("id"),
            text("org_id"),
            text("kind"),
            text("name"),
            text("description"),
            opt_user("owner_id"),
            opt_user("created_by"),
            ts("created_at"),
            opt_ts("archived_at"),
            big("next_number"),
            big("version"),
            opt_text("template_key"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "space_statuses",
        &[
            text("id"),
            text("org_id"),
            text("space_id"),
            int("position"),
            text("name"),
            text("colour"),
            flag("resolved"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "space_fields",
        &[
            text("id"),
            text("org_id"),
            text("space_id"),
            int("position"),
            text("name"),
            text("kind"),
            flag("required"),
            text("options_json"),
            opt_text("template_key"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    // Items name their parent item: the import puts parents first (see `write::parents_first`).
    table(
        "items",
        &[
            text("id"),
            text("org_id"),
            text("space_id"),
            big("number"),
            opt_text("parent_id"),
            text("kind"),
            text("title"),
            text("description"),
            opt_text("status_id"),
            opt_user("assignee_id"),
            opt_date("start_date"),
            opt_date("due_date"),
            opt_double("days_estimated"),
            opt_double("days_taken"),
            double("progress"),
            opt_user("created_by"),
            ts("created_at"),
            ts("updated_at"),
            opt_ts("archived_at"),
            big("version"),
            big("position"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "item_values",
        &[
            text("org_id"),
            text("item_id"),
            text("field_id"),
            text("value_json"),
            opt_text("sort_text"),
            opt_double("sort_number"),
        ],
        &["item_id", "field_id"],
        Owner::OrgId,
    ),
    table(
        "links",
        &[
            text("id"),
            text("org_id"),
            text("a_id"),
            text("b_id"),
            opt_user("created_by"),
            ts("created_at"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "item_notes",
        &[
            text("id"),
            text("org_id"),
            text("item_id"),
            opt_user("author_id"),
            text("body"),
            ts("created_at"),
            ts("updated_at"),
            big("version"),
            big("notified"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "item_documents",
        &[
            text("id"),
            text("org_id"),
            text("item_id"),
            text("title"),
            text("url"),
            opt_user("added_by"),
            ts("created_at"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "item_todos",
        &[
            text("id"),
            text("org_id"),
            text("item_id"),
            text("description"),
            opt_user("assignee_id"),
            opt_user("set_by"),
            opt_date("due_date"),
            opt_ts("done_at"),
            opt_user("done_by"),
            ts("created_at"),
            ts("updated_at"),
            big("notified"),
            big("version"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "item_discussions",
        &[
            text("id"),
            text("org_id"),
            text("item_id"),
            text("title"),
            opt_user("started_by"),
            ts("created_at"),
            ts("last_post_at"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "discussion_posts",
        &[
            text("id"),
            text("org_id"),
            text("discussion_id"),
            opt_user("author_id"),
            text("body"),
            ts("created_at"),
            opt_ts("edited_at"),
            big("notified"),
            big("version"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "notifications",
        &[
            text("id"),
            text("org_id"),
            user("user_id"),
            text("kind"),
            text("item_id"),
            opt_user("actor_id"),
            text("text"),
            ts("created_at"),
            opt_ts("read_at"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "item_recurrences",
        &[
            text("item_id"),
            text("org_id"),
            text("rule"),
            ts("created_at"),
        ],
        &["item_id"],
        Owner::OrgId,
    ),
    table(
        "notification_settings",
        &[
            text("org_id"),
            user("user_id"),
            text("kind"),
            text("delivery"),
        ],
        &["org_id", "user_id", "kind"],
        Owner::OrgId,
    ),
    table(
        "soa_entries",
        &[
            text("item_id"),
            text("org_id"),
            text("space_id"),
            text("framework_id"),
            text("reference"),
            text("theme"),
            int("position"),
            flag("applicable"),
            text("reasons"),
            text("justification"),
            text("implementation_status"),
            opt_date("last_reviewed"),
            text("implementation_text"),
        ],
        &["item_id"],
        Owner::OrgId,
    ),
    table(
        "risk_matrices",
        &[
            text("org_id"),
            text("matrix_json"),
            big("version"),
            opt_user("updated_by"),
            ts("updated_at"),
        ],
        &["org_id"],
        Owner::OrgId,
    ),
    table(
        "risk_readings",
        &[
            text("id"),
            text("org_id"),
            text("item_id"),
            text("kind"),
            int("likelihood"),
            int("impact"),
            opt_int("confidentiality"),
            opt_int("integrity"),
            opt_int("availability"),
            text("note"),
            flag("latest"),
            opt_user("recorded_by"),
            ts("recorded_at"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "policy_packs",
        &[
            text("item_id"),
            text("org_id"),
            text("state"),
            int("version"),
            text("documents_json"),
            text("audience_json"),
            big("row_version"),
            ts("updated_at"),
        ],
        &["item_id"],
        Owner::OrgId,
    ),
    table(
        "policy_pack_versions",
        &[
            text("pack_id"),
            text("org_id"),
            int("version"),
            text("documents_json"),
            opt_user("published_by"),
            ts("published_at"),
        ],
        &["pack_id", "version"],
        Owner::OrgId,
    ),
    table(
        "policy_pack_reads",
        &[
            text("pack_id"),
            text("org_id"),
            int("version"),
            user("user_id"),
            text("document_id"),
            ts("read_at"),
        ],
        &["pack_id", "version", "user_id", "document_id"],
        Owner::OrgId,
    ),
    table(
        "policy_pack_acceptances",
        &[
            text("pack_id"),
            text("org_id"),
            int("version"),
            user("user_id"),
            ts("accepted_at"),
        ],
        &["pack_id", "version", "user_id"],
        Owner::OrgId,
    ),
    table(
        "questionnaires",
        &[
            text("audit_id"),
            text("org_id"),
            text("title"),
            text("intro"),
            text("questions_json"),
            text("audience_json"),
            text("state"),
            opt_date("closes_on"),
            opt_ts("sent_at"),
            opt_user("sent_by"),
            opt_ts("closed_at"),
            opt_user("created_by"),
            ts("created_at"),
            big("row_version"),
            ts("updated_at"),
        ],
        &["audit_id"],
        Owner::OrgId,
    ),
    table(
        "questionnaire_answers",
        &[
            text("audit_id"),
            text("org_id"),
            user("user_id"),
            text("question_id"),
            text("value"),
            ts("answered_at"),
            opt_text("finding_id"),
        ],
        &["audit_id", "user_id", "question_id"],
        Owner::OrgId,
    ),
    table(
        "questionnaire_submissions",
        &[
            text("audit_id"),
            text("org_id"),
            user("user_id"),
            ts("submitted_at"),
        ],
        &["audit_id", "user_id"],
        Owner::OrgId,
    ),
    table(
        "kpi_definitions",
        &[
            text("item_id"),
            text("org_id"),
            text("unit"),
            text("kind"),
            text("direction"),
            opt_double("green"),
            opt_double("amber"),
            opt_double("exceptional"),
            text("frequency"),
            opt_text("source"),
            ts("defined_at"),
            opt_user("updated_by"),
            ts("updated_at"),
            big("version"),
        ],
        &["item_id"],
        Owner::OrgId,
    ),
    table(
        "kpi_readings",
        &[
            text("id"),
            text("org_id"),
            text("item_id"),
            date("period"),
            double("value"),
            text("note"),
            opt_user("recorded_by"),
            ts("recorded_at"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "clusters",
        &[
            text("id"),
            text("org_id"),
            text("name"),
            text("description"),
            opt_text("template_key"),
            opt_user("created_by"),
            ts("created_at"),
            big("version"),
        ],
        &["id"],
        Owner::OrgId,
    ),
    table(
        "cluster_spaces",
        &[
            text("cluster_id"),
            text("space_id"),
            text("org_id"),
            big("position"),
        ],
        &["cluster_id", "space_id"],
        Owner::OrgId,
    ),
];

/// The archived table called `name`.
pub fn find(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}
