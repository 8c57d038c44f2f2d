//! The one table of the ORM's own methods: their parameters on each Odoo version, whether they
//! act on records, and what they do to the database.
//!
//! Everyone who needs to know an ORM method reads it here: the client (and JSON-2, which takes
//! named arguments only) for argument names, the retry policy for which calls change nothing,
//! and the emulator for binding arguments the way Python does.
//!
//! ```
//! use odoo_core::orm::{self, Operation};
//! let write = orm::method("write", 19, "res.partner").expect("an ORM method");
//! assert_eq!(write.argument_names().collect::<Vec<_>>(), ["ids", "vals"]);
//! assert_eq!(write.operation, Operation::Write);
//! // `name_search` named its domain `args` before Odoo 18.
//! let names = |major| orm::method("name_search", major, "res.partner").map(|m| m.params[1].name);
//! assert_eq!((names(17), names(18)), (Some("args"), Some("domain")));
//! ```

use crate::version::{Feature, OdooVersion};

/// What a method does to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// Reads only: safe to send again.
    Read,
    /// Creates records.
    Create,
    /// Changes records.
    Write,
    /// Deletes records.
    Unlink,
}

/// One parameter of a method, after `self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// Its name in the Python signature.
    pub name: &'static str,
    /// Whether it has no default.
    pub required: bool,
}

/// One ORM method, as one range of Odoo versions defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct OrmMethod {
    /// The method's name.
    pub name: &'static str,
    /// The Python class that defines it (`BaseModel`, `Base`, `Users`), as Python names it in
    /// argument errors.
    pub class: &'static str,
    /// Whether it acts on records (`self` is a recordset, so the first positional argument of
    /// `execute_kw` is the ids, and JSON-2 takes them as `ids`).
    pub on_records: bool,
    /// The parameters after `self` (and after the ids), in order.
    pub params: &'static [Param],
    /// Whether it takes any other keyword (`**kwargs`).
    pub var_kwargs: bool,
    /// What it does to the database.
    pub operation: Operation,
    /// The first major version with this signature.
    pub since: u32,
    /// The last major version with this signature, when a later one changed or removed it.
    pub until: Option<u32>,
    /// The only model that has it, for methods of one model (`res.users.context_get`).
    pub model: Option<&'static str>,
}

impl OrmMethod {
    /// Whether the method changes nothing, so that a call of it may be sent again.
    pub fn is_read_only(&self) -> bool {
        self.operation == Operation::Read
    }

    /// The names of its positional arguments as `execute_kw` passes them: `ids` first for a
    /// method on records, then the parameters.
    pub fn argument_names(&self) -> impl Iterator<Item = &'static str> {
        self.on_records
            .then_some("ids")
            .into_iter()
            .chain(self.params.iter().map(|p| p.name))
    }

    fn applies(&self, major: u32, model: &str) -> bool {
        odoo_schema::version::major_in(major, Some(self.since), self.until)
            && self.model.is_none_or(|only| only == model)
    }
}

const fn req(name: &'static str) -> Param {
    Param {
        name,
        required: true,
    }
}

const fn opt(name: &'static str) -> Param {
    Param {
        name,
        required: false,
    }
}

/// A row of the table, for the versions `since..=until`.
const fn row(
    name: &'static str,
    class: &'static str,
    on_records: bool,
    params: &'static [Param],
    operation: Operation,
    (since, until): (u32, Option<u32>),
) -> OrmMethod {
    OrmMethod {
        name,
        class,
        on_records,
        params,
        var_kwargs: false,
        operation,
        since,
        until,
        model: None,
    }
}

const ALL: (u32, Option<u32>) = (16, None);
const MODEL: bool = false;
const RECORDS: bool = true;

use Operation::{Create, Read, Unlink, Write};

/// Every ORM method the crate knows, on Odoo 16 and later.
#[rustfmt::skip]
pub const METHODS: &[OrmMethod] = &[
    row("search", "BaseModel", MODEL, &[req("domain"), opt("offset"), opt("limit"), opt("order"), opt("count")], Read, (16, Some(16))),
    row("search", "BaseModel", MODEL, &[req("domain"), opt("offset"), opt("limit"), opt("order")], Read, (17, None)),
    OrmMethod {
        var_kwargs: true,
        ..row("search_read", "BaseModel", MODEL, &[opt("domain"), opt("fields"), opt("offset"), opt("limit"), opt("order")], Read, ALL)
    },
    row("search_count", "BaseModel", MODEL, &[req("domain"), opt("limit")], Read, ALL),
    row("read", "BaseModel", RECORDS, &[opt("fields"), opt("load")], Read, ALL),
    row("create", "BaseModel", MODEL, &[req("vals_list")], Create, ALL),
    row("write", "BaseModel", RECORDS, &[req("vals")], Write, ALL),
    row("unlink", "BaseModel", RECORDS, &[], Unlink, ALL),
    row("copy", "BaseModel", RECORDS, &[opt("default")], Create, ALL),
    row("fields_get", "BaseModel", MODEL, &[opt("allfields"), opt("attributes")], Read, ALL),
    row("name_search", "BaseModel", MODEL, &[opt("name"), opt("args"), opt("operator"), opt("limit")], Read, (16, Some(17))),
    row("name_search", "BaseModel", MODEL, &[opt("name"), opt("domain"), opt("operator"), opt("limit")], Read, (18, None)),
    row("name_create", "BaseModel", MODEL, &[req("name")], Create, ALL),
    row("name_get", "BaseModel", RECORDS, &[], Read, (16, Some(17))),
    row("default_get", "BaseModel", MODEL, &[req("fields_list")], Read, (16, Some(18))),
    row("default_get", "BaseModel", MODEL, &[req("fields")], Read, (19, None)),
    row("exists", "BaseModel", RECORDS, &[], Read, ALL),
    row("get_metadata", "BaseModel", RECORDS, &[], Read, ALL),
    row("load", "BaseModel", MODEL, &[req("fields"), req("data")], Create, ALL),
    OrmMethod {
        model: Some("ir.model.data"),
        ..row("check_object_reference", "IrModelData", MODEL, &[req("module"), req("xml_id"), opt("raise_on_access_error")], Read, ALL)
    },
    row("has_access", "BaseModel", RECORDS, &[req("operation")], Read, (18, None)),
    row("action_archive", "BaseModel", RECORDS, &[], Write, ALL),
    row("action_unarchive", "BaseModel", RECORDS, &[], Write, ALL),
    row("read_group", "BaseModel", MODEL, &[req("domain"), req("fields"), req("groupby"), opt("offset"), opt("limit"), opt("orderby"), opt("lazy")], Read, ALL),
    row("formatted_read_group", "BaseModel", MODEL, &[opt("domain"), opt("groupby"), opt("aggregates"), opt("having"), opt("offset"), opt("limit"), opt("order")], Read, (19, None)),
    row("web_search_read", "Base", MODEL, &[opt("domain"), opt("fields"), opt("offset"), opt("limit"), opt("order"), opt("count_limit")], Read, (16, Some(16))),
    row("web_search_read", "Base", MODEL, &[req("domain"), req("specification"), opt("offset"), opt("limit"), opt("order"), opt("count_limit")], Read, (17, None)),
    row("web_read", "Base", RECORDS, &[req("specification")], Read, (17, None)),
    row("web_save", "Base", RECORDS, &[req("vals"), req("specification"), opt("next_id")], Write, (17, None)),
    row("onchange", "Base", RECORDS, &[req("values"), req("field_name"), req("field_onchange")], Read, (16, Some(16))),
    row("onchange", "Base", RECORDS, &[req("values"), req("field_names"), req("fields_spec")], Read, (17, None)),
    OrmMethod {
        model: Some("res.users"),
        ..row("context_get", "Users", MODEL, &[], Read, ALL)
    },
];

/// The method `name` of `model` on Odoo `major`, when it is one of the ORM's own.
pub fn method(name: &str, major: u32, model: &str) -> Option<&'static OrmMethod> {
    METHODS
        .iter()
        .find(|m| m.name == name && m.applies(major, model))
}

/// Methods that exist only while a feature of the version table holds: a saas release may
/// remove a method within a major version, which the rows (by major) do not say.
const REQUIRES: &[(&str, Feature)] = &[("read_group", Feature::PublicReadGroup)];

/// The signature of `name` on `version`, as [`method`] finds it, and `None` where the
/// version table says the method is gone (`read_group` from 19.1).
pub fn method_on(name: &str, version: OdooVersion, model: &str) -> Option<&'static OrmMethod> {
    let removed = REQUIRES
        .iter()
        .any(|(method, feature)| *method == name && !version.has(*feature));
    if removed {
        return None;
    }
    method(name, version.major(), model)
}

/// The signature of `name` on the newest version that has it (for callers that do not know
/// the server's version; argument names differ only for a few methods between versions).
pub fn latest(name: &str) -> Option<&'static OrmMethod> {
    METHODS.iter().rev().find(|m| m.name == name)
}

/// The names of the methods that change nothing, on any version: the calls that may be sent
/// again after a failure.
pub fn read_only_methods() -> impl Iterator<Item = &'static str> {
    METHODS
        .iter()
        .enumerate()
        .filter(|(i, m)| m.is_read_only() && !METHODS[..*i].iter().any(|o| o.name == m.name))
        .map(|(_, m)| m.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_has_one_signature_per_version() {
        for m in METHODS {
            for major in 16..=20 {
                let rows = METHODS
                    .iter()
                    .filter(|o| o.name == m.name && o.applies(major, m.model.unwrap_or("x")))
                    .count();
                assert!(rows <= 1, "{} has {rows} rows on {major}", m.name);
            }
        }
    }

    #[test]
    fn versions_pick_their_row() {
        assert!(method("search", 16, "x").is_some_and(|m| m.params.len() == 5));
        assert!(method("search", 19, "x").is_some_and(|m| m.params.len() == 4));
        assert!(method("web_read", 16, "x").is_none());
        assert!(method("context_get", 19, "res.partner").is_none());
        assert!(method("context_get", 19, "res.users").is_some());
        assert_eq!(
            latest("default_get").map(|m| m.params[0].name),
            Some("fields")
        );
    }

    #[test]
    fn read_only_methods_are_listed_once_and_never_write() {
        let names: Vec<&str> = read_only_methods().collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(names.len(), unique.len());
        for never in [
            "create",
            "write",
            "unlink",
            "copy",
            "web_save",
            "action_archive",
        ] {
            assert!(!names.contains(&never), "{never}");
        }
        assert!(names.contains(&"search_read") && names.contains(&"formatted_read_group"));
    }

    #[test]
    fn the_rows_agree_with_the_version_table() {
        for version in [16, 17, 18, 19, 20].map(|major| OdooVersion::new(major, 0)) {
            let formatted = method_on("formatted_read_group", version, "res.partner").is_some();
            assert_eq!(
                formatted,
                version.has(Feature::FormattedReadGroup),
                "{version}"
            );
        }
        assert!(method_on("read_group", OdooVersion::V19, "res.partner").is_some());
        assert!(method_on("read_group", OdooVersion::new(19, 1), "res.partner").is_none());
        assert!(method_on("read_group", OdooVersion::V20, "res.partner").is_none());
    }
}
