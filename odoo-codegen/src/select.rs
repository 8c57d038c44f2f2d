//! Which models to introspect or generate: name globs, Odoo modules, transient models and
//! relation depth.

use std::collections::{BTreeMap, BTreeSet};

use odoo_schema::Schema;
use serde::{Deserialize, Serialize};

/// Which models to generate (or introspect): the models chosen by name, module and relation
/// depth. Not to be confused with Odoo's selection fields (`fields.Selection`), which the
/// generated code types as enums.
///
/// A model is selected when it matches one of [`ModelSelection::models`] (name globs, `*` and `?`)
/// **or** belongs to one of [`ModelSelection::modules`]; when both lists are empty every model
/// matches. Models matching [`ModelSelection::exclude`] are dropped; transient (wizard) models
/// are dropped unless [`ModelSelection::transient`] is set or their exact name is listed, and so
/// are models the snapshot marks unreadable ([`ModelSchema::unreadable`](crate::schema::ModelSchema::unreadable):
/// abstract, or no access for the user) unless [`ModelSelection::unreadable`] is set or their exact
/// name is listed.
/// [`ModelSelection::depth`] then pulls in the targets of relational fields, that many steps away.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelSelection {
    /// Model name globs: `res.partner`, `sale.*`, `*.line`.
    pub models: Vec<String>,
    /// Odoo modules (`sale`, `stock`): models that these modules define or extend.
    pub modules: Vec<String>,
    /// Model name globs to leave out, even when selected otherwise.
    pub exclude: Vec<String>,
    /// Also select transient (wizard) models.
    pub transient: bool,
    /// Also select models the snapshot's user could not search (abstract models, models
    /// without an access right for that user).
    pub unreadable: bool,
    /// How many relation steps to follow from the selected models, pulling the target models
    /// in (0: relations to unselected models stay typed by id only).
    pub depth: u32,
}

/// What the selection needs to know about a model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelInfo {
    /// A transient (wizard) model.
    pub transient: bool,
    /// The modules that define or extend it.
    pub modules: Vec<String>,
    /// The user cannot search it (see [`ModelSelection::unreadable`]).
    pub unreadable: bool,
}

impl ModelSelection {
    /// Whether a model of that name and info is selected before depth is applied.
    pub fn matches(&self, name: &str, info: &ModelInfo) -> bool {
        if self.exclude.iter().any(|glob| glob_match(glob, name)) {
            return false;
        }
        let listed_exactly = self.models.iter().any(|glob| glob == name);
        if info.transient && !self.transient && !listed_exactly {
            return false;
        }
        if info.unreadable && !self.unreadable && !listed_exactly {
            return false;
        }
        if self.models.is_empty() && self.modules.is_empty() {
            return true;
        }
        self.models.iter().any(|glob| glob_match(glob, name))
            || info
                .modules
                .iter()
                .any(|module| self.modules.iter().any(|wanted| wanted == module))
    }

    /// The models of `available` this selection picks, before depth is applied.
    pub fn roots(&self, available: &BTreeMap<String, ModelInfo>) -> BTreeSet<String> {
        available
            .iter()
            .filter(|(name, info)| self.matches(name, info))
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The models of `schema` this selection picks, depth applied: the targets of relational
    /// fields are added when they are in the snapshot and not excluded. A selection naming no
    /// models and no modules takes every model of the snapshot, transient ones included: a
    /// snapshot is already a selection.
    pub fn resolve(&self, schema: &Schema) -> BTreeSet<String> {
        if self.is_empty() && !self.transient {
            let everything = Self {
                transient: true,
                ..self.clone()
            };
            return everything.resolve(schema);
        }
        let available: BTreeMap<String, ModelInfo> = schema
            .models
            .iter()
            .map(|(name, model)| {
                let info = ModelInfo {
                    transient: model.transient,
                    modules: model.modules.clone(),
                    unreadable: model.unreadable.is_some(),
                };
                (name.clone(), info)
            })
            .collect();
        let mut selected = self.roots(&available);
        let mut frontier = selected.clone();
        for _ in 0..self.depth {
            let mut next = BTreeSet::new();
            for name in &frontier {
                for target in relation_targets(schema, name) {
                    let readable = schema
                        .models
                        .get(&target)
                        .is_some_and(|model| model.unreadable.is_none() || self.unreadable);
                    if readable && !self.is_excluded(&target) && !selected.contains(&target) {
                        next.insert(target);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            selected.extend(next.iter().cloned());
            frontier = next;
        }
        selected
    }

    /// Whether an exclusion glob matches `name`.
    pub fn is_excluded(&self, name: &str) -> bool {
        self.exclude.iter().any(|glob| glob_match(glob, name))
    }

    /// Whether this selection names models or modules at all.
    pub fn is_empty(&self) -> bool {
        self.models.is_empty() && self.modules.is_empty()
    }
}

/// The relation targets of the fields of `model` in `schema`, sorted.
pub fn relation_targets(schema: &Schema, model: &str) -> BTreeSet<String> {
    schema
        .models
        .get(model)
        .into_iter()
        .flat_map(|model| model.fields.values())
        .filter(|field| field.field_type.is_relational())
        .filter_map(|field| field.relation.clone())
        .collect()
}

/// Matches `name` against a glob where `*` stands for any run of characters (dots included)
/// and `?` for one character.
pub fn glob_match(glob: &str, name: &str) -> bool {
    let glob: Vec<char> = glob.chars().collect();
    let name: Vec<char> = name.chars().collect();
    // Iterative matching with backtracking to the last `*`.
    let (mut g, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if g < glob.len() && (glob[g] == '?' || glob[g] == name[n]) {
            g += 1;
            n += 1;
        } else if g < glob.len() && glob[g] == '*' {
            star = Some((g, n));
            g += 1;
        } else if let Some((star_g, star_n)) = star {
            g = star_g + 1;
            n = star_n + 1;
            star = Some((star_g, star_n + 1));
        } else {
            return false;
        }
    }
    glob[g..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("res.partner", "res.partner"));
        assert!(!glob_match("res.partner", "res.partner.category"));
        assert!(glob_match("sale.*", "sale.order"));
        assert!(glob_match("sale.*", "sale.order.line"));
        assert!(!glob_match("sale.*", "sale"));
        assert!(glob_match("*.line", "sale.order.line"));
        assert!(glob_match("res.?artner", "res.partner"));
        assert!(glob_match("*", "anything"));
        assert!(glob_match("a*b*c", "a-x-b-y-c"));
        assert!(!glob_match("a*b*c", "a-x-b-y"));
    }

    fn info(transient: bool, modules: &[&str]) -> ModelInfo {
        ModelInfo {
            transient,
            modules: modules.iter().map(|m| (*m).to_owned()).collect(),
            unreadable: false,
        }
    }

    #[test]
    fn globs_modules_transient_and_exclude() {
        let available: BTreeMap<String, ModelInfo> = [
            ("res.partner", info(false, &["base", "contacts"])),
            ("sale.order", info(false, &["sale"])),
            ("sale.order.line", info(false, &["sale"])),
            ("sale.advance.payment.inv", info(true, &["sale"])),
            ("stock.picking", info(false, &["stock"])),
        ]
        .into_iter()
        .map(|(name, info)| (name.to_owned(), info))
        .collect();
        let names = |selection: &ModelSelection| -> Vec<String> {
            selection.roots(&available).into_iter().collect()
        };
        let all = ModelSelection::default();
        assert_eq!(names(&all).len(), 4, "all but the transient one");
        let sale = ModelSelection {
            models: vec!["sale.*".into()],
            ..ModelSelection::default()
        };
        assert_eq!(names(&sale), ["sale.order", "sale.order.line"]);
        let with_wizards = ModelSelection {
            transient: true,
            ..sale.clone()
        };
        assert_eq!(names(&with_wizards).len(), 3);
        let exact_wizard = ModelSelection {
            models: vec!["sale.advance.payment.inv".into()],
            ..ModelSelection::default()
        };
        assert_eq!(names(&exact_wizard), ["sale.advance.payment.inv"]);
        let by_module = ModelSelection {
            models: vec!["res.partner".into()],
            modules: vec!["stock".into()],
            exclude: vec!["sale.*".into()],
            ..ModelSelection::default()
        };
        assert_eq!(names(&by_module), ["res.partner", "stock.picking"]);
    }

    #[test]
    fn resolve_on_a_snapshot_follows_relations() {
        use odoo_schema::{FieldSchema, FieldType, ModelSchema};
        let mut schema = Schema::new(None);
        let link = |target: &str| FieldSchema {
            field_type: FieldType::Many2one,
            relation: Some(target.to_owned()),
            ..FieldSchema::default()
        };
        let mut order = ModelSchema::default();
        order
            .fields
            .insert("partner_id".into(), link("res.partner"));
        order.fields.insert("wizard_id".into(), link("sale.wizard"));
        let mut partner = ModelSchema::default();
        partner
            .fields
            .insert("country_id".into(), link("res.country"));
        let wizard = ModelSchema {
            transient: true,
            ..ModelSchema::default()
        };
        schema.models.insert("sale.order".into(), order);
        schema.models.insert("res.partner".into(), partner);
        schema
            .models
            .insert("res.country".into(), ModelSchema::default());
        schema.models.insert("sale.wizard".into(), wizard);
        let resolve = |selection: ModelSelection| -> Vec<String> {
            selection.resolve(&schema).into_iter().collect()
        };
        // Nothing named: the whole snapshot, the transient model too.
        assert_eq!(resolve(ModelSelection::default()).len(), 4);
        let order_only = ModelSelection {
            models: vec!["sale.order".into()],
            ..ModelSelection::default()
        };
        assert_eq!(resolve(order_only.clone()), ["sale.order"]);
        let depth_one = ModelSelection {
            depth: 1,
            ..order_only.clone()
        };
        assert_eq!(
            resolve(depth_one),
            ["res.partner", "sale.order", "sale.wizard"]
        );
        let depth_two = ModelSelection {
            depth: 2,
            exclude: vec!["sale.wizard".into()],
            ..order_only
        };
        assert_eq!(
            resolve(depth_two),
            ["res.country", "res.partner", "sale.order"]
        );
    }
}
