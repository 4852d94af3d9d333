//! Generating an organisation's project from a framework: clauses and controls as the tree,
//! every control an item with its SoA entry.

use super::space_for;
use crate::clock::{new_id, now};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::frameworks::{self, keeps_register, no_register};
use crate::schema::{items, soa_entries, spaces};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::frameworks::catalogue::{Framework, Requirement, RequirementKind};
use annex_domain::frameworks::soa::ImplementationStatus;
use annex_domain::work::items::ItemKind;
use annex_domain::work::spaces::{CreateSpace, SpaceKind};
use annex_domain::work::workflow::TODO;
use annex_domain::{OrgId, UserId};
use diesel::prelude::*;
use uuid::Uuid;

/// One multi-row INSERT. diesel writes batch inserts per backend, not over the multi-connection,
/// so the statement is run on the connection underneath.
macro_rules! insert_many {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            DbConnection::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c)?,
            DbConnection::Postgres(c) => diesel::insert_into($table).values($rows).execute(c)?,
        }
    };
}

#[derive(Insertable)]
#[diesel(table_name = items)]
struct NewItem {
    id: String,
    org_id: String,
    space_id: String,
    number: i64,
    parent_id: Option<String>,
    kind: String,
    title: String,
    description: String,
    status_id: Option<String>,
    progress: f64,
    created_by: Option<String>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    version: i64,
    position: i64,
}

#[derive(Insertable)]
#[diesel(table_name = soa_entries)]
struct NewEntry {
    item_id: String,
    org_id: String,
    space_id: String,
    framework_id: String,
    reference: String,
    theme: String,
    position: i32,
    applicable: bool,
    reasons: String,
    justification: String,
    implementation_status: String,
    implementation_text: String,
}

/// How a requirement is shown as an item: its reference before its title.
pub fn control_title(r: &Requirement) -> String {
    format!("{} {}", r.reference, r.title)
}

/// What a control item's description says: our guidance on evidence, in markdown.
fn description_of(r: &Requirement) -> String {
    match &r.guidance {
        Some(g) => {
            let list: Vec<String> = g.evidence.iter().map(|e| format!("- {e}")).collect();
            format!(
                "**What an auditor usually asks to see**\n\n{}",
                list.join("\n")
            )
        }
        None => r.description.clone(),
    }
}

/// Lays a framework's tree out as items: sections are phases, a requirement or objective with
/// children a deliverable, everything else an activity (deeper nodes join the nearest deliverable).
struct Layout<'a> {
    org_id: String,
    space_id: String,
    actor: Option<String>,
    todo: Option<String>,
    framework: &'a Framework,
    /// Whether the framework has controls: they alone are entries, as in an SoA.
    with_controls: bool,
    items: Vec<NewItem>,
    entries: Vec<NewEntry>,
    theme: String,
}

impl Layout<'_> {
    /// Whether a node gets a register entry: a control of a framework with controls (the SoA),
    /// else every leaf requirement (a compliance register).
    fn is_entry(&self, node: &Requirement) -> bool {
        if self.with_controls {
            node.kind == RequirementKind::Control
        } else {
            node.kind == RequirementKind::Requirement && node.children.is_empty()
        }
    }

    fn place(&mut self, node: &Requirement, parent: Option<&str>, depth: usize) {
        let kind = match (depth, node.children.is_empty()) {
            (0, _) => ItemKind::Phase,
            (1, false) => ItemKind::Deliverable,
            _ => ItemKind::Activity,
        };
        if depth == 0 {
            self.theme = node.reference.clone();
        }
        let id = new_id().to_string();
        let number = self.items.len() as i64 + 1;
        let at = now();
        self.items.push(NewItem {
            id: id.clone(),
            org_id: self.org_id.clone(),
            space_id: self.space_id.clone(),
            number,
            parent_id: parent.map(str::to_string),
            kind: kind.as_str().to_string(),
            title: control_title(node),
            description: description_of(node),
            status_id: self.todo.clone(),
            progress: 0.0,
            created_by: self.actor.clone(),
            created_at: at,
            updated_at: at,
            version: 1,
            position: number,
        });
        if self.is_entry(node) {
            self.entries.push(NewEntry {
                item_id: id.clone(),
                org_id: self.org_id.clone(),
                space_id: self.space_id.clone(),
                framework_id: self.framework.id.clone(),
                reference: node.reference.clone(),
                theme: self.theme.clone(),
                position: self.entries.len() as i32,
                applicable: true,
                reasons: String::new(),
                justification: String::new(),
                implementation_status: ImplementationStatus::NotStarted.key().to_string(),
                implementation_text: node
                    .guidance
                    .as_ref()
                    .map(|g| g.starting_text.clone())
                    .unwrap_or_default(),
            });
        }
        // An activity holds nothing: its children hang from the same parent as it does.
        let children_parent = if kind == ItemKind::Activity {
            parent.map(str::to_string)
        } else {
            Some(id)
        };
        for child in &node.children {
            self.place(child, children_parent.as_deref(), depth + 1);
        }
    }
}

/// Generates the organisation's project for a framework: clauses and controls as the tree, every
/// control an item with its SoA entry (applicable, not started, our starting text). A handful of
/// statements whatever the framework's size; one event records it. 409 when a live one exists.
pub fn adopt(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: Option<UserId>,
    framework_id: &str,
) -> StoreResult<Uuid> {
    let framework_id = framework_id.trim();
    if !keeps_register(framework_id) {
        return Err(StoreError::rule(no_register(framework_id)));
    }
    let framework = frameworks::find(framework_id)?;
    if space_for(conn, org_id, framework_id)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "the organisation already keeps its SoA on {}",
            framework.name
        )));
    }
    let taken: i64 = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::name.like(format!("{}%", framework.name)))
        .count()
        .get_result(conn)?;
    let name = match taken {
        0 => framework.name.clone(),
        n => format!("{} ({})", framework.name, n + 1),
    };
    let space = crate::work::spaces::create_space(
        conn,
        org_id,
        actor,
        &CreateSpace {
            kind: SpaceKind::Project,
            name,
            description: framework.description.clone(),
            owner_id: None,
            template: None,
        },
    )?;
    let todo = space
        .statuses
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(TODO))
        .map(|s| s.id.to_string());
    let mut layout = Layout {
        org_id: org_id.to_string(),
        space_id: space.id.to_string(),
        actor: actor.map(|a| a.to_string()),
        todo,
        framework,
        with_controls: framework
            .all()
            .iter()
            .any(|r| r.kind == RequirementKind::Control),
        items: Vec::new(),
        entries: Vec::new(),
        theme: String::new(),
    };
    for node in &framework.requirements {
        layout.place(node, None, 0);
    }
    for chunk in layout.items.chunks(200) {
        insert_many!(conn, items::table, chunk);
    }
    for chunk in layout.entries.chunks(400) {
        insert_many!(conn, soa_entries::table, chunk);
    }
    diesel::update(spaces::table.find(space.id.to_string()))
        .set((
            spaces::next_number.eq(layout.items.len() as i64 + 1),
            spaces::template_key.eq(framework_id),
        ))
        .execute(conn)?;
    events::record(
        conn,
        Change::new(
            org_id,
            actor,
            SubjectKind::Space,
            space.id,
            Verb::FrameworkAdopted,
        )
        .after(&serde_json::json!({
            "framework": framework.id,
            "items": layout.items.len(),
            "controls": layout.entries.len(),
        })),
    )?;
    Ok(space.id)
}
