//! A tracker's view kept in its address (`/spaces/{id}?status=…&sort=title&view=board`), so a
//! filtered and sorted view can be bookmarked, reloaded and shared. Only what differs from the
//! default view is written; a parameter that is unknown or cannot be read is ignored, never an
//! error.

use crate::pages::work::tracker::{Filters, Layout, Sort};
use annex_client::domain::work::items::ItemSort;
use leptos_router::params::ParamsMap;

const Q: &str = "q";
const STATUS: &str = "status";
const ASSIGNEE: &str = "assignee";
/// A select field and one of its options, as `<field id>:<option id>`.
const CATEGORY: &str = "category";
const ARCHIVED: &str = "archived";
const SORT: &str = "sort";
const DESCENDING: &str = "descending";
const VIEW: &str = "view";

/// What a tracker shows, as its address says it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackerQuery {
    pub filters: Filters,
    pub sort: Sort,
    /// The layout, when the address names one (otherwise the one this browser last used).
    pub layout: Option<Layout>,
}

impl TrackerQuery {
    /// Reads the view from an address's query.
    pub fn read(query: &ParamsMap) -> TrackerQuery {
        Self::read_with(|name| query.get_str(name))
    }

    /// Reads the view from the query parameters `param` gives by name.
    fn read_with<'a>(param: impl Fn(&str) -> Option<&'a str>) -> TrackerQuery {
        let text = |name: &str| param(name).map(str::trim).filter(|v| !v.is_empty());
        let id = |name: &str| text(name).and_then(|v| v.parse().ok());
        let yes = |name: &str| text(name) == Some("true");
        let sort = text(SORT)
            .filter(|key| ItemSort::parse(Some(key)).is_ok())
            .map(|key| Sort {
                key: key.to_owned(),
                descending: yes(DESCENDING),
            })
            .unwrap_or_default();
        TrackerQuery {
            filters: Filters {
                q: text(Q).unwrap_or_default().to_owned(),
                status: id(STATUS),
                assignee: id(ASSIGNEE),
                category: text(CATEGORY)
                    .and_then(|v| v.split_once(':'))
                    .and_then(|(f, o)| Some((f.parse().ok()?, o.parse().ok()?))),
                archived: yes(ARCHIVED),
            },
            sort,
            layout: text(VIEW).and_then(Layout::parse),
        }
    }

    /// The query that gives this view (`?…`), or an empty string for the default view.
    pub fn to_query_string(&self) -> String {
        let mut query = ParamsMap::new();
        for (name, value) in self.params() {
            query.insert(name, value);
        }
        query.to_query_string()
    }

    /// The parameters that differ from the default view, by name.
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        let mut insert = |name, value| query.push((name, value));
        let filters = &self.filters;
        let q = filters.q.trim();
        if !q.is_empty() {
            insert(Q, q.to_owned());
        }
        if let Some(status) = filters.status {
            insert(STATUS, status.to_string());
        }
        if let Some(assignee) = filters.assignee {
            insert(ASSIGNEE, assignee.to_string());
        }
        if let Some((field, option)) = filters.category {
            insert(CATEGORY, format!("{field}:{option}"));
        }
        if filters.archived {
            insert(ARCHIVED, "true".to_owned());
        }
        if self.sort != Sort::default() {
            insert(SORT, self.sort.key.clone());
            if self.sort.descending {
                insert(DESCENDING, "true".to_owned());
            }
        }
        if let Some(layout) = self.layout.filter(|l| *l != Layout::Table) {
            insert(VIEW, layout.key().to_owned());
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    /// Reads a query written as `a=1&b=2` (no escaping needed in these tests).
    fn parse(query: &str) -> TrackerQuery {
        let pairs: Vec<(&str, &str)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .collect();
        TrackerQuery::read_with(|name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v))
    }

    /// The query a view writes, as `a=1&b=2`.
    fn written(view: &TrackerQuery) -> String {
        let pairs: Vec<String> = view
            .params()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        pairs.join("&")
    }

    #[test]
    fn a_view_survives_its_address() {
        let (status, person, field, option) = (
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            Uuid::from_u128(3),
            Uuid::from_u128(4),
        );
        let view = TrackerQuery {
            filters: Filters {
                q: "backup".to_owned(),
                status: Some(status),
                assignee: Some(person),
                category: Some((field, option)),
                archived: true,
            },
            sort: Sort {
                key: format!("field:{field}"),
                descending: true,
            },
            layout: Some(Layout::Board),
        };
        let query = written(&view);
        assert!(query.contains("view=board"), "{query}");
        assert_eq!(parse(&query), view);
    }

    #[test]
    fn the_default_view_has_no_query_and_table_is_not_written() {
        assert_eq!(written(&TrackerQuery::default()), "");
        let table = TrackerQuery {
            layout: Some(Layout::Table),
            ..TrackerQuery::default()
        };
        assert_eq!(written(&table), "");
        assert_eq!(parse(""), TrackerQuery::default());
    }

    #[test]
    fn what_cannot_be_read_is_ignored() {
        let read = parse(
            "status=nope&assignee=&category=1:2&sort=colour&descending=true&view=grid&archived=yes&x=1",
        );
        assert_eq!(read, TrackerQuery::default());
        assert_eq!(parse("sort=title").sort.key, "title");
        assert!(!parse("sort=title").sort.descending);
        assert_eq!(parse("view=list").layout, Some(Layout::List));
    }
}
