//! Differences between two snapshots, for people and for CI.
//!
//! Compared: the models present, and per model the transient flag and the fields; per field
//! what changes the generated code or what a client may send: type, required, readonly, store,
//! relation, relation field, selection keys, currency field, company dependence, translate,
//! related path and size. Labels, help texts and descriptions are left out (they follow the
//! language of the user who took the snapshot).
//!
//! Methods (snapshots taken with them) are compared too: those added and removed, and per
//! method what a caller depends on: records or model, each parameter's kind, annotation and
//! default, the order of the positional ones, and the return annotation. Docs are left out.

use std::collections::BTreeSet;
use std::fmt;

use odoo_schema::methods::python_repr;
use odoo_schema::{FieldSchema, MethodSchema, ModelSchema, ParameterSchema, Schema, SelectionKey};

use crate::select::ModelSelection;

/// The differences between an old and a new snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaDiff {
    /// Old and new server versions, when they differ.
    pub server_version: Option<(Option<String>, Option<String>)>,
    /// Models only in the new snapshot.
    pub added_models: Vec<String>,
    /// Models only in the old snapshot.
    pub removed_models: Vec<String>,
    /// Models in both that differ.
    pub changed_models: Vec<ModelDiff>,
}

/// The differences of one model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelDiff {
    /// The model.
    pub model: String,
    /// Model-level changes, such as `transient: false -> true`.
    pub changes: Vec<String>,
    /// Fields only in the new snapshot, with their type.
    pub added_fields: Vec<(String, String)>,
    /// Fields only in the old snapshot, with their type.
    pub removed_fields: Vec<(String, String)>,
    /// Fields in both that differ: the field and one line per changed attribute.
    pub changed_fields: Vec<(String, Vec<String>)>,
    /// Methods only in the new snapshot, with their signature.
    pub added_methods: Vec<(String, String)>,
    /// Methods only in the old snapshot, with their signature.
    pub removed_methods: Vec<(String, String)>,
    /// Methods in both whose calling convention differs: the method and one line per change.
    pub changed_methods: Vec<(String, Vec<String>)>,
}

impl SchemaDiff {
    /// Compares `old` with `new`. With `models`, only models in that set are compared.
    pub fn between(old: &Schema, new: &Schema, models: Option<&BTreeSet<String>>) -> Self {
        let keep = |name: &String| models.is_none_or(|set| set.contains(name));
        let mut diff = Self::default();
        if old.server_version != new.server_version {
            diff.server_version = Some((old.server_version.clone(), new.server_version.clone()));
        }
        for (name, new_model) in new.models.iter().filter(|(name, _)| keep(name)) {
            match old.models.get(name) {
                None => diff.added_models.push(name.clone()),
                Some(old_model) => {
                    let model_diff = ModelDiff::between(name, old_model, new_model);
                    if !model_diff.is_empty() {
                        diff.changed_models.push(model_diff);
                    }
                }
            }
        }
        diff.removed_models = old
            .models
            .keys()
            .filter(|name| keep(name) && !new.models.contains_key(*name))
            .cloned()
            .collect();
        diff
    }

    /// Compares the models `selection` picks in `old` or in `new` (depth applied on each side);
    /// a selection that names no models and no modules compares every model.
    pub fn of_selection(old: &Schema, new: &Schema, selection: &ModelSelection) -> Self {
        if selection.is_empty() {
            return Self::between(old, new, None);
        }
        let mut models = selection.resolve(old);
        models.extend(selection.resolve(new));
        Self::between(old, new, Some(&models))
    }

    /// Whether the models are the same (a different server version alone does not count).
    pub fn is_empty(&self) -> bool {
        self.added_models.is_empty()
            && self.removed_models.is_empty()
            && self.changed_models.is_empty()
    }
}

/// What to read from a live server to compare it with the snapshot `old`: `selection`, or when
/// it names no models and no modules, the models `old` holds (transient ones included).
pub fn live_selection(old: &Schema, selection: ModelSelection) -> ModelSelection {
    if !selection.is_empty() {
        return selection;
    }
    ModelSelection {
        models: old.models.keys().cloned().collect(),
        transient: true,
        ..selection
    }
}

impl ModelDiff {
    fn between(model: &str, old: &ModelSchema, new: &ModelSchema) -> Self {
        let mut diff = Self {
            model: model.to_owned(),
            ..Self::default()
        };
        if old.transient != new.transient {
            diff.changes
                .push(format!("transient: {} -> {}", old.transient, new.transient));
        }
        for (name, new_field) in &new.fields {
            match old.fields.get(name) {
                None => diff
                    .added_fields
                    .push((name.clone(), describe_type(new_field))),
                Some(old_field) => {
                    let changes = field_changes(old_field, new_field);
                    if !changes.is_empty() {
                        diff.changed_fields.push((name.clone(), changes));
                    }
                }
            }
        }
        for (name, old_field) in &old.fields {
            if !new.fields.contains_key(name) {
                diff.removed_fields
                    .push((name.clone(), describe_type(old_field)));
            }
        }
        diff.compare_methods(old, new);
        diff
    }

    fn compare_methods(&mut self, old: &ModelSchema, new: &ModelSchema) {
        for (name, new_method) in &new.methods {
            match old.methods.get(name) {
                None => self
                    .added_methods
                    .push((name.clone(), new_method.signature())),
                Some(old_method) => {
                    let changes = method_changes(old_method, new_method);
                    if !changes.is_empty() {
                        self.changed_methods.push((name.clone(), changes));
                    }
                }
            }
        }
        for (name, old_method) in &old.methods {
            if !new.methods.contains_key(name) {
                self.removed_methods
                    .push((name.clone(), old_method.signature()));
            }
        }
    }

    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self.added_fields.is_empty()
            && self.removed_fields.is_empty()
            && self.changed_fields.is_empty()
            && self.added_methods.is_empty()
            && self.removed_methods.is_empty()
            && self.changed_methods.is_empty()
    }

    fn method_differences(&self) -> usize {
        self.added_methods.len() + self.removed_methods.len() + self.changed_methods.len()
    }
}

/// What changed in a method for its callers.
fn method_changes(old: &MethodSchema, new: &MethodSchema) -> Vec<String> {
    let mut changes = Vec::new();
    let target = |m: &MethodSchema| {
        if m.is_model_method() {
            "model"
        } else {
            "records"
        }
    };
    if target(old) != target(new) {
        changes.push(format!("acts on: {} -> {}", target(old), target(new)));
    }
    for parameter in &new.parameters {
        match old.parameter(&parameter.name) {
            None => changes.push(format!(
                "parameter added: {}",
                describe_parameter(parameter)
            )),
            Some(before) if before != parameter => {
                let (was, is) = (describe_parameter(before), describe_parameter(parameter));
                if was != is {
                    changes.push(format!("parameter {was} -> {is}"));
                }
            }
            Some(_) => {}
        }
    }
    for parameter in &old.parameters {
        if new.parameter(&parameter.name).is_none() {
            changes.push(format!(
                "parameter removed: {}",
                describe_parameter(parameter)
            ));
        }
    }
    let (was, is) = (old.argument_names(), new.argument_names());
    if was != is && changes.is_empty() {
        changes.push(format!(
            "positional order: ({}) -> ({})",
            was.join(", "),
            is.join(", ")
        ));
    }
    let returns = |m: &MethodSchema| {
        m.returns
            .as_ref()
            .and_then(|r| r.annotation.clone())
            .unwrap_or_else(|| "not documented".to_owned())
    };
    if returns(old) != returns(new) {
        changes.push(format!("returns: {} -> {}", returns(old), returns(new)));
    }
    changes
}

/// `limit: int = 100`, `*kwargs`, `body (keyword-only): str = ''`.
fn describe_parameter(parameter: &ParameterSchema) -> String {
    use odoo_schema::ParameterKind;
    let mut text = match parameter.kind {
        ParameterKind::VarPositional => format!("*{}", parameter.name),
        ParameterKind::VarKeyword => format!("**{}", parameter.name),
        ParameterKind::KeywordOnly => format!("{} (keyword-only)", parameter.name),
        ParameterKind::PositionalOnly => format!("{} (positional-only)", parameter.name),
        _ => parameter.name.clone(),
    };
    if let Some(annotation) = &parameter.annotation {
        text.push_str(&format!(": {annotation}"));
    }
    if let Some(default) = &parameter.default {
        text.push_str(&format!(" = {}", python_repr(default)));
    }
    text
}

fn key_text(key: &SelectionKey) -> String {
    match key {
        SelectionKey::Str(key) => format!("{key:?}"),
        other => other.to_string(),
    }
}

fn describe_type(field: &FieldSchema) -> String {
    let mut text = field.field_type.to_string();
    if let Some(relation) = &field.relation {
        text.push_str(&format!(" -> {relation}"));
    }
    if field.required {
        text.push_str(", required");
    }
    text
}

fn field_changes(old: &FieldSchema, new: &FieldSchema) -> Vec<String> {
    let mut changes = Vec::new();
    let mut compare = |what: &str, old: String, new: String| {
        if old != new {
            changes.push(format!("{what}: {old} -> {new}"));
        }
    };
    let opt = |value: &Option<String>| value.clone().unwrap_or_else(|| "none".to_owned());
    compare(
        "type",
        old.field_type.to_string(),
        new.field_type.to_string(),
    );
    compare(
        "required",
        old.required.to_string(),
        new.required.to_string(),
    );
    compare(
        "readonly",
        old.readonly.to_string(),
        new.readonly.to_string(),
    );
    compare("store", old.store.to_string(), new.store.to_string());
    compare("relation", opt(&old.relation), opt(&new.relation));
    compare(
        "relation_field",
        opt(&old.relation_field),
        opt(&new.relation_field),
    );
    compare(
        "currency_field",
        opt(&old.currency_field),
        opt(&new.currency_field),
    );
    compare(
        "company_dependent",
        old.company_dependent.to_string(),
        new.company_dependent.to_string(),
    );
    compare(
        "translate",
        old.translate.to_string(),
        new.translate.to_string(),
    );
    compare("related", opt(&old.related), opt(&new.related));
    compare(
        "size",
        old.size
            .map_or_else(|| "none".to_owned(), |s| s.to_string()),
        new.size
            .map_or_else(|| "none".to_owned(), |s| s.to_string()),
    );
    changes.extend(selection_changes(old, new));
    changes
}

/// The selection keys added and removed.
fn selection_changes(old: &FieldSchema, new: &FieldSchema) -> Vec<String> {
    let mut changes = Vec::new();
    let keys = |field: &FieldSchema| -> Vec<SelectionKey> {
        field
            .selection
            .iter()
            .flatten()
            .map(|option| option.key.clone())
            .collect()
    };
    let (old_keys, new_keys) = (keys(old), keys(new));
    let added: Vec<String> = new_keys
        .iter()
        .filter(|key| !old_keys.contains(key))
        .map(key_text)
        .collect();
    let removed: Vec<String> = old_keys
        .iter()
        .filter(|key| !new_keys.contains(key))
        .map(key_text)
        .collect();
    if !added.is_empty() {
        changes.push(format!("selection keys added: {}", added.join(", ")));
    }
    if !removed.is_empty() {
        changes.push(format!("selection keys removed: {}", removed.join(", ")));
    }
    changes
}

impl fmt::Display for SchemaDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((old, new)) = &self.server_version {
            writeln!(
                f,
                "server version: {} -> {}",
                old.as_deref().unwrap_or("unknown"),
                new.as_deref().unwrap_or("unknown")
            )?;
        }
        if self.is_empty() {
            return writeln!(f, "no differences in models and fields");
        }
        for model in &self.added_models {
            writeln!(f, "+ model {model}")?;
        }
        for model in &self.removed_models {
            writeln!(f, "- model {model}")?;
        }
        for model in &self.changed_models {
            writeln!(f, "~ model {}", model.model)?;
            for change in &model.changes {
                writeln!(f, "    {change}")?;
            }
            for (field, ty) in &model.added_fields {
                writeln!(f, "    + {field} ({ty})")?;
            }
            for (field, ty) in &model.removed_fields {
                writeln!(f, "    - {field} ({ty})")?;
            }
            for (field, changes) in &model.changed_fields {
                writeln!(f, "    ~ {field}")?;
                for change in changes {
                    writeln!(f, "        {change}")?;
                }
            }
            write_methods(f, model)?;
        }
        let fields: usize = self
            .changed_models
            .iter()
            .map(|m| m.added_fields.len() + m.removed_fields.len() + m.changed_fields.len())
            .sum();
        let methods: usize = self
            .changed_models
            .iter()
            .map(ModelDiff::method_differences)
            .sum();
        let methods = if methods > 0 {
            format!(", {methods} method difference(s)")
        } else {
            String::new()
        };
        writeln!(
            f,
            "{} model(s) added, {} removed, {} changed ({fields} field difference(s){methods})",
            self.added_models.len(),
            self.removed_models.len(),
            self.changed_models.len()
        )
    }
}

fn write_methods(f: &mut fmt::Formatter<'_>, model: &ModelDiff) -> fmt::Result {
    for (method, signature) in &model.added_methods {
        writeln!(f, "    + {method}{signature}")?;
    }
    for (method, signature) in &model.removed_methods {
        writeln!(f, "    - {method}{signature}")?;
    }
    for (method, changes) in &model.changed_methods {
        writeln!(f, "    ~ {method}()")?;
        for change in changes {
            writeln!(f, "        {change}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use odoo_schema::{FieldType, SelectionOption};

    fn field(field_type: FieldType) -> FieldSchema {
        FieldSchema {
            field_type,
            ..FieldSchema::default()
        }
    }

    #[test]
    fn reports_models_fields_and_attributes() {
        let mut old = Schema::new(Some("17.0".into()));
        let mut partner = ModelSchema::default();
        partner.fields.insert("name".into(), field(FieldType::Char));
        partner
            .fields
            .insert("gone".into(), field(FieldType::Integer));
        let mut kind = field(FieldType::Selection);
        kind.selection = Some(vec![SelectionOption {
            key: SelectionKey::Str("contact".into()),
            label: "Contact".into(),
        }]);
        partner.fields.insert("type".into(), kind.clone());
        old.models.insert("res.partner".into(), partner.clone());
        old.models
            .insert("old.model".into(), ModelSchema::default());

        let mut new = Schema::new(Some("18.0".into()));
        let mut partner2 = partner;
        partner2.fields.remove("gone");
        partner2
            .fields
            .insert("added".into(), field(FieldType::Boolean));
        let mut name = field(FieldType::Text);
        name.required = true;
        partner2.fields.insert("name".into(), name);
        kind.selection = Some(vec![SelectionOption {
            key: SelectionKey::Str("invoice".into()),
            label: "Invoice".into(),
        }]);
        partner2.fields.insert("type".into(), kind);
        new.models.insert("res.partner".into(), partner2);
        new.models
            .insert("new.model".into(), ModelSchema::default());

        let diff = SchemaDiff::between(&old, &new, None);
        assert_eq!(diff.added_models, ["new.model"]);
        assert_eq!(diff.removed_models, ["old.model"]);
        let partner = &diff.changed_models[0];
        assert_eq!(partner.added_fields, [("added".into(), "boolean".into())]);
        assert_eq!(partner.removed_fields, [("gone".into(), "integer".into())]);
        assert_eq!(partner.changed_fields[0].0, "name");
        assert_eq!(
            partner.changed_fields[0].1,
            ["type: char -> text", "required: false -> true"]
        );
        assert_eq!(
            partner.changed_fields[1].1,
            [
                "selection keys added: \"invoice\"",
                "selection keys removed: \"contact\""
            ]
        );
        let text = diff.to_string();
        assert!(text.contains("server version: 17.0 -> 18.0"), "{text}");
        assert!(text.contains("+ model new.model"), "{text}");
        assert!(
            text.contains("    ~ name\n        type: char -> text"),
            "{text}"
        );
        assert!(SchemaDiff::between(&old, &old, None).is_empty());
    }

    #[test]
    fn reports_methods_added_removed_and_changed_signatures() {
        let page = |text: &str| {
            odoo_schema::api_doc::ApiDocPage::from_json(text)
                .expect("page")
                .methods
        };
        let with = |methods| {
            let mut schema = Schema::new(Some("19.0".into()));
            let model = ModelSchema {
                methods,
                ..ModelSchema::default()
            };
            schema.models.insert("res.partner".into(), model);
            schema
        };
        let old = with(page(
            r#"{"methods": {
                "gone": {"parameters": {}},
                "name_search": {"api": ["model"], "parameters": {"name": {"default": ""}, "limit": {"default": 100, "annotation": "int"}},
                    "return": {"annotation": "list"}},
                "same": {"parameters": {"a": {}}, "doc": "<p>old words</p>"}
            }}"#,
        ));
        let new = with(page(
            r#"{"methods": {
                "added": {"parameters": {"x": {"annotation": "int"}}},
                "name_search": {"parameters": {"name": {"default": ""}, "limit": {"default": 80, "annotation": "int"},
                    "domain": {"kind": "KEYWORD_ONLY", "default": null}},
                    "return": {"annotation": "list[tuple[int, str]]"}},
                "same": {"parameters": {"a": {}}, "doc": "<p>new words</p>"}
            }}"#,
        ));
        let diff = SchemaDiff::between(&old, &new, None);
        let partner = &diff.changed_models[0];
        assert_eq!(partner.added_methods, [("added".into(), "(x)".into())]);
        assert_eq!(partner.removed_methods, [("gone".into(), "()".into())]);
        assert_eq!(partner.changed_methods.len(), 1, "docs are not compared");
        assert_eq!(
            partner.changed_methods[0].1,
            [
                "acts on: model -> records",
                "parameter limit: int = 100 -> limit: int = 80",
                "parameter added: domain (keyword-only) = None",
                "returns: list -> list[tuple[int, str]]",
            ]
        );
        let text = diff.to_string();
        assert!(text.contains("    + added(x)\n"), "{text}");
        assert!(
            text.contains("    ~ name_search()\n        acts on"),
            "{text}"
        );
        assert!(
            text.ends_with("(0 field difference(s), 3 method difference(s))\n"),
            "{text}"
        );
        assert!(SchemaDiff::between(&new, &new, None).is_empty());
    }

    #[test]
    fn a_selection_picks_models_on_either_side() {
        let mut old = Schema::new(Some("18.0".into()));
        old.models
            .insert("sale.order".into(), ModelSchema::default());
        old.models
            .insert("res.partner".into(), ModelSchema::default());
        let mut new = Schema::new(Some("19.0".into()));
        new.models
            .insert("sale.order.line".into(), ModelSchema::default());
        new.models
            .insert("res.users".into(), ModelSchema::default());
        let sale = ModelSelection {
            models: vec!["sale.*".into()],
            ..ModelSelection::default()
        };
        let diff = SchemaDiff::of_selection(&old, &new, &sale);
        assert_eq!(diff.added_models, ["sale.order.line"]);
        assert_eq!(diff.removed_models, ["sale.order"]);
        let every = SchemaDiff::of_selection(&old, &new, &ModelSelection::default());
        assert_eq!(every.added_models.len() + every.removed_models.len(), 4);

        let live = live_selection(&old, ModelSelection::default());
        assert_eq!(live.models, ["res.partner", "sale.order"]);
        assert!(live.transient);
        assert_eq!(live_selection(&old, sale.clone()), sale);
    }
}
