//! Where an ISO/IEC 27001 control sits in the other edition: the 2013 controls a 2022 control
//! comes from (or "new in 2022"), and the 2022 controls a 2013 control went into.

use annex_client::domain::frameworks::mapping::Mapping;

/// The year of an edition from its framework id: `iso27001-2013` → `2013`.
fn edition(id: &str) -> &str {
    id.rsplit('-').next().unwrap_or(id)
}

/// Where this framework stands in a mapping between two editions.
#[derive(Debug, Clone)]
pub struct Crossing {
    mapping: Mapping,
    /// This framework is the later edition (the mapping's `to`).
    later: bool,
}

/// A control's place in the other edition.
pub enum Counterpart {
    /// A later-edition control without a predecessor.
    New(String),
    /// The earlier controls it comes from.
    From(String, Vec<String>),
    /// The later controls it went into.
    To(String, Vec<String>),
}

impl Crossing {
    /// The mapping that has framework `id` at one end, if any.
    pub fn for_framework(id: &str, all: Vec<Mapping>) -> Option<Crossing> {
        all.into_iter().find_map(|mapping| {
            let later = mapping.to == id;
            (later || mapping.from == id).then_some(Crossing { mapping, later })
        })
    }

    /// One sentence on what the mapping column says.
    pub fn note(&self) -> String {
        let (from, to) = (edition(&self.mapping.from), edition(&self.mapping.to));
        if self.later {
            format!(
                "Each control shows the {from} control(s) it comes from; a control with none is new in {to}."
            )
        } else {
            format!("Each control shows the {to} control(s) it went into.")
        }
    }

    pub fn counterpart(&self, reference: &str) -> Counterpart {
        let refs = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<_>>();
        if self.later {
            let before = self.mapping.predecessors(reference);
            if before.is_empty() {
                Counterpart::New(edition(&self.mapping.to).to_owned())
            } else {
                Counterpart::From(edition(&self.mapping.from).to_owned(), refs(before))
            }
        } else {
            Counterpart::To(
                edition(&self.mapping.to).to_owned(),
                refs(self.mapping.successors(reference)),
            )
        }
    }
}
