//! The snapshot that several snapshots have in common: one set of models and fields that
//! reads and writes the same on each server they were taken from (several Odoo versions, or
//! several instances of one).
//!
//! A model is kept when every snapshot has it; a field when every snapshot has it with the
//! same type and the same relation target. The attributes are combined so that what is
//! generated from the result holds on each server: required (non-`Option`) only when it is
//! required and stored everywhere, writable only when it is writable everywhere, exportable
//! only when exportable everywhere, selection choices the union of all. Labels and help come
//! from the last snapshot. Methods (snapshots taken with them) are kept when every snapshot
//! documents them with the same calling convention; a snapshot without methods for a model
//! leaves the common one without them. What is left out is reported in [`Merged::dropped`].

use std::collections::{BTreeMap, BTreeSet};

use crate::{
    FieldSchema, MethodSchema, ModelSchema, ParameterKind, ParameterSchema, Schema, SchemaError,
    SelectionOption,
};

/// The result of [`common`].
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The models and fields every snapshot has; `server_version` lists the versions, such
    /// as `"16.0, 17.0, 18.0, 19.0"`.
    pub schema: Schema,
    /// What some snapshot lacks or disagrees on, sorted by model and field.
    pub dropped: Vec<Dropped>,
}

/// A model, field or method left out of the common snapshot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dropped {
    /// The model.
    pub model: String,
    /// The field, or the method followed by `()`; `None` when the whole model is left out.
    pub field: Option<String>,
    /// Why, naming the versions: "not in 16.0", "many2one on 16.0, many2many on 19.0".
    pub reason: String,
}

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}.{field}: {}", self.model, self.reason),
            None => write!(f, "{}: {}", self.model, self.reason),
        }
    }
}

/// The name of a snapshot in messages: its server version, or its position.
pub fn label(schema: &Schema, index: usize) -> String {
    schema
        .server_version
        .clone()
        .unwrap_or_else(|| format!("snapshot {}", index + 1))
}

/// The models and fields that all of `snapshots` have (see the module documentation).
pub fn common(snapshots: &[Schema]) -> Result<Merged, SchemaError> {
    merge(snapshots, Mode::Common)
}

/// The models and fields that any of `snapshots` has, each Odoo version's snapshot given
/// once: what only some versions have is kept with the versions it exists on
/// ([`FieldSchema::since`] / [`FieldSchema::until`], and the same on [`ModelSchema`]), when
/// those versions follow each other (a field that a version in the middle lacks is left out).
/// A field kept that way is not required (other versions do not read it). Types, relation
/// targets and the other attributes merge as in [`common`]; methods are kept when every
/// version of the model documents them, with the parameters every version takes (see
/// [`merge_method`]).
///
/// Every snapshot must name its server version; they are ordered by it.
pub fn union(snapshots: &[Schema]) -> Result<Merged, SchemaError> {
    merge(snapshots, Mode::Union)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Common,
    Union,
}

fn merge(snapshots: &[Schema], mode: Mode) -> Result<Merged, SchemaError> {
    if snapshots.is_empty() {
        return Err(SchemaError::new("no snapshot to merge"));
    }
    let mut ordered: Vec<&Schema> = snapshots.iter().collect();
    let mut majors: Vec<u32> = Vec::new();
    if mode == Mode::Union {
        for (index, schema) in snapshots.iter().enumerate() {
            let major = schema.server_major().ok_or_else(|| {
                SchemaError::new(format!(
                    "snapshot {} names no server version: a union is ordered by version",
                    index + 1
                ))
            })?;
            majors.push(major);
        }
        let mut pairs: Vec<(u32, &Schema)> = majors.iter().copied().zip(ordered).collect();
        pairs.sort_by_key(|(major, _)| *major);
        if pairs.windows(2).any(|pair| pair[0].0 == pair[1].0) {
            return Err(SchemaError::new(
                "two snapshots of one Odoo version: a union takes one per version",
            ));
        }
        majors = pairs.iter().map(|(major, _)| *major).collect();
        ordered = pairs.into_iter().map(|(_, schema)| schema).collect();
    }
    let last = ordered[ordered.len() - 1];
    let labels: Vec<String> = ordered
        .iter()
        .enumerate()
        .map(|(index, schema)| label(schema, index))
        .collect();
    let mut schema = Schema::new(Some(labels.join(", ")));
    schema.format = last.format;
    let mut dropped = Vec::new();
    let all_models: BTreeSet<&String> = ordered.iter().flat_map(|s| s.models.keys()).collect();
    for name in all_models {
        let models: Vec<Option<&ModelSchema>> =
            ordered.iter().map(|s| s.models.get(name)).collect();
        let missing = missing_in(&models, &labels);
        let span = match mode {
            Mode::Union => span(&models, &majors),
            Mode::Common => missing.is_empty().then_some((None, None)),
        };
        let Some((since, until)) = span else {
            dropped.push(Dropped {
                model: name.clone(),
                field: None,
                reason: format!("not in {}", missing.join(", ")),
            });
            continue;
        };
        let (present, present_labels, present_majors) = present(&models, &labels, &majors);
        let mut merged = merge_model(
            name,
            &present,
            &present_labels,
            &present_majors,
            mode,
            &mut dropped,
        );
        merged.since = since;
        merged.until = until;
        schema.models.insert(name.clone(), merged);
    }
    dropped.sort();
    Ok(Merged { schema, dropped })
}

/// The items present, with their labels and majors (majors empty when not known).
fn present<T: Copy>(
    items: &[Option<T>],
    labels: &[String],
    majors: &[u32],
) -> (Vec<T>, Vec<String>, Vec<u32>) {
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for (index, item) in items.iter().enumerate() {
        if let Some(item) = item {
            out.0.push(*item);
            out.1.push(labels[index].clone());
            if let Some(major) = majors.get(index) {
                out.2.push(*major);
            }
        }
    }
    out
}

/// The versions an item present in `items` (one per version, in order) exists on: `None`
/// when it is missing between two versions that have it; `(None, None)` when all have it.
fn span<T>(items: &[Option<T>], majors: &[u32]) -> Option<(Option<u32>, Option<u32>)> {
    let first = items.iter().position(Option::is_some)?;
    let last = items.iter().rposition(Option::is_some)?;
    if items[first..=last].iter().any(Option::is_none) {
        return None;
    }
    let since = (first > 0).then(|| majors[first]);
    let until = (last + 1 < items.len()).then(|| majors[last]);
    Some((since, until))
}

fn missing_in<T>(items: &[Option<T>], labels: &[String]) -> Vec<String> {
    items
        .iter()
        .zip(labels)
        .filter(|(item, _)| item.is_none())
        .map(|(_, label)| label.clone())
        .collect()
}

fn merge_model(
    name: &str,
    models: &[&ModelSchema],
    labels: &[String],
    majors: &[u32],
    mode: Mode,
    dropped: &mut Vec<Dropped>,
) -> ModelSchema {
    let last = models[models.len() - 1];
    let mut modules: Vec<String> = models.iter().flat_map(|m| m.modules.clone()).collect();
    modules.sort();
    modules.dedup();
    let unreadable = models.iter().zip(labels).find_map(|(model, label)| {
        model
            .unreadable
            .as_ref()
            .map(|why| format!("{why} (on {label})"))
    });
    let mut out = ModelSchema {
        description: last.description.clone(),
        transient: models.iter().any(|m| m.transient),
        modules,
        order: same(models.iter().map(|m| &m.order)).flatten(),
        unreadable,
        fields: Default::default(),
        methods: merge_methods(name, models, labels, mode, dropped),
        since: None,
        until: None,
    };
    let all_fields: BTreeSet<&String> = models.iter().flat_map(|m| m.fields.keys()).collect();
    for field in all_fields {
        let fields: Vec<Option<&FieldSchema>> =
            models.iter().map(|m| m.fields.get(field)).collect();
        let missing = missing_in(&fields, labels);
        let drop = |reason: String, dropped: &mut Vec<Dropped>| {
            dropped.push(Dropped {
                model: name.to_owned(),
                field: Some(field.clone()),
                reason,
            });
        };
        let span = match mode {
            Mode::Union => span(&fields, majors),
            Mode::Common => missing.is_empty().then_some((None, None)),
        };
        let Some((since, until)) = span else {
            drop(format!("not in {}", missing.join(", ")), dropped);
            continue;
        };
        let (fields, present_labels, _) = present(&fields, labels, majors);
        if same(fields.iter().map(|f| &f.field_type)).is_none() {
            drop(
                per_version(&fields, &present_labels, |f| f.field_type.to_string()),
                dropped,
            );
            continue;
        }
        if same(fields.iter().map(|f| &f.relation)).is_none() {
            let describe =
                |f: &FieldSchema| f.relation.clone().unwrap_or_else(|| "no relation".into());
            drop(per_version(&fields, &present_labels, describe), dropped);
            continue;
        }
        let mut merged = merge_field(&fields);
        if since.is_some() || until.is_some() {
            // Not read on the other versions: it reads as empty there.
            merged.required = false;
        }
        merged.since = since;
        merged.until = until;
        out.fields.insert(field.clone(), merged);
    }
    out
}

/// The methods every snapshot documents: with the same calling convention in [`common`],
/// with the parameters all take in [`union`] (docs from the last). When a snapshot holds no
/// methods for the model (taken without them, or of a version before 19), the merged snapshot
/// holds none either, and nothing is reported.
fn merge_methods(
    name: &str,
    models: &[&ModelSchema],
    labels: &[String],
    mode: Mode,
    dropped: &mut Vec<Dropped>,
) -> BTreeMap<String, MethodSchema> {
    let mut out = BTreeMap::new();
    if models.iter().any(|m| m.methods.is_empty()) {
        return out;
    }
    let all: BTreeSet<&String> = models.iter().flat_map(|m| m.methods.keys()).collect();
    for method in all {
        let methods: Vec<Option<&MethodSchema>> =
            models.iter().map(|m| m.methods.get(method)).collect();
        let missing = missing_in(&methods, labels);
        let reason = if missing.is_empty() {
            let methods: Vec<&MethodSchema> = methods.iter().flatten().copied().collect();
            let conventions: Vec<String> = methods.iter().map(|m| m.calling_convention()).collect();
            if conventions.windows(2).all(|pair| pair[0] == pair[1]) {
                out.insert(method.clone(), methods[methods.len() - 1].clone());
                continue;
            }
            if mode == Mode::Union {
                if let Some(merged) = merge_method(&methods) {
                    out.insert(method.clone(), merged);
                    continue;
                }
            }
            let described: Vec<String> = conventions
                .iter()
                .zip(labels)
                .map(|(convention, label)| format!("{convention} on {label}"))
                .collect();
            described.join(", ")
        } else {
            format!("not in {}", missing.join(", "))
        };
        dropped.push(Dropped {
            model: name.to_owned(),
            field: Some(format!("{method}()")),
            reason,
        });
    }
    out
}

/// One method of several versions (oldest first) as a call that works on each: on records or
/// on the model alike, the same required parameters in the same places; the optional
/// parameters every version takes, by name only (`KEYWORD_ONLY`) from the first whose place
/// differs; `*args`/`**kwargs` when all take them. Annotations and docs from the newest that
/// has them. `None` when no such call exists.
pub fn merge_method(methods: &[&MethodSchema]) -> Option<MethodSchema> {
    let last = *methods.last()?;
    let on_model: Vec<bool> = methods.iter().map(|m| m.is_model_method()).collect();
    same(on_model.iter())?;
    let required = |m: &MethodSchema| -> Vec<String> {
        m.parameters
            .iter()
            .filter(|p| p.is_required())
            .map(|p| p.name.clone())
            .collect()
    };
    let requireds: Vec<Vec<String>> = methods.iter().map(|m| required(m)).collect();
    same(requireds.iter())?;
    let mut out = last.clone();
    let mut by_name = false;
    out.parameters = Vec::new();
    for (place, parameter) in last.parameters.iter().enumerate() {
        let all: Option<Vec<&ParameterSchema>> = methods
            .iter()
            .map(|m| m.parameter(&parameter.name))
            .collect();
        let Some(all) = all else { continue };
        if all.iter().any(|p| p.kind != parameter.kind) {
            if parameter.is_required() {
                return None;
            }
            continue;
        }
        let same_place = methods
            .iter()
            .all(|m| m.parameters.iter().position(|p| p.name == parameter.name) == Some(place));
        if !same_place && parameter.is_required() {
            return None;
        }
        by_name |= !same_place;
        let mut kept = parameter.clone();
        if by_name && kept.kind.is_positional() {
            kept.kind = ParameterKind::KeywordOnly;
        }
        kept.annotation = all.iter().rev().find_map(|p| p.annotation.clone());
        out.parameters.push(kept);
    }
    out.returns = methods.iter().rev().find_map(|m| m.returns.clone());
    Some(out)
}

/// "many2one on 16.0, many2many on 17.0, 18.0"
fn per_version(
    fields: &[&FieldSchema],
    labels: &[String],
    describe: impl Fn(&FieldSchema) -> String,
) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for (field, label) in fields.iter().zip(labels) {
        let text = describe(field);
        match groups.iter_mut().find(|(seen, _)| *seen == text) {
            Some((_, versions)) => versions.push(label),
            None => groups.push((text, vec![label])),
        }
    }
    groups
        .iter()
        .map(|(text, versions)| format!("{text} on {}", versions.join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value when every item is equal, else `None`.
fn same<'a, T: PartialEq + Clone + 'a>(mut items: impl Iterator<Item = &'a T>) -> Option<T> {
    let first = items.next()?;
    items.all(|item| item == first).then(|| first.clone())
}

fn merge_field(fields: &[&FieldSchema]) -> FieldSchema {
    let last = fields[fields.len() - 1];
    let all = |flag: fn(&FieldSchema) -> bool| fields.iter().all(|f| flag(f));
    let any = |flag: fn(&FieldSchema) -> bool| fields.iter().any(|f| flag(f));
    // Selection choices: the union, in the order first seen, labels from the latest.
    let selection = if fields.iter().any(|f| f.selection.is_some()) {
        let mut options: Vec<SelectionOption> = Vec::new();
        for field in fields.iter().rev() {
            for option in field.selection.iter().flatten() {
                if !options.iter().any(|seen| seen.key == option.key) {
                    options.push(option.clone());
                }
            }
        }
        // Keep the order of the oldest snapshot for the keys it has, newer keys after.
        let mut ordered: Vec<SelectionOption> = Vec::new();
        for field in fields {
            for option in field.selection.iter().flatten() {
                if !ordered.iter().any(|seen| seen.key == option.key) {
                    if let Some(latest) = options.iter().find(|o| o.key == option.key) {
                        ordered.push(latest.clone());
                    }
                }
            }
        }
        Some(ordered)
    } else {
        None
    };
    FieldSchema {
        field_type: last.field_type.clone(),
        string: last.string.clone(),
        help: last.help.clone(),
        required: all(|f| f.required),
        readonly: any(|f| f.readonly),
        store: all(|f| f.store),
        relation: last.relation.clone(),
        relation_field: same(fields.iter().map(|f| &f.relation_field)).flatten(),
        selection,
        currency_field: same(fields.iter().map(|f| &f.currency_field)).flatten(),
        company_dependent: any(|f| f.company_dependent),
        groups: fields.iter().find_map(|f| f.groups.clone()),
        translate: any(|f| f.translate),
        searchable: all(|f| f.searchable),
        sortable: all(|f| f.sortable),
        related: fields.iter().find_map(|f| f.related.clone()),
        aggregator: same(fields.iter().map(|f| &f.aggregator)).flatten(),
        size: same(fields.iter().map(|f| &f.size)).flatten(),
        // Computed somewhere: the union of what it depends on, sorted.
        depends: {
            let mut depends: Vec<String> = fields.iter().flat_map(|f| f.depends.clone()).collect();
            depends.sort();
            depends.dedup();
            depends
        },
        exportable: all(|f| f.exportable),
        since: None,
        until: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FieldType, SelectionKey};

    fn schema(version: &str, fields: &[(&str, FieldSchema)]) -> Schema {
        let mut schema = Schema::new(Some(version.into()));
        let mut model = ModelSchema::default();
        for (name, field) in fields {
            model.fields.insert((*name).into(), field.clone());
        }
        schema.models.insert("stock.move".into(), model);
        schema
    }

    fn field(field_type: FieldType) -> FieldSchema {
        FieldSchema {
            field_type,
            store: true,
            ..FieldSchema::default()
        }
    }

    fn choice(key: &str, label: &str) -> SelectionOption {
        SelectionOption {
            key: SelectionKey::Str(key.into()),
            label: label.into(),
        }
    }

    #[test]
    fn keeps_what_all_have_and_says_what_it_drops() {
        let required = FieldSchema {
            required: true,
            ..field(FieldType::Char)
        };
        let v16 = schema(
            "16.0",
            &[
                ("name", required.clone()),
                ("quantity_done", field(FieldType::Float)),
                ("picked", field(FieldType::Integer)),
                (
                    "state",
                    FieldSchema {
                        selection: Some(vec![choice("draft", "Draft"), choice("done", "Done")]),
                        ..field(FieldType::Selection)
                    },
                ),
            ],
        );
        let mut v17 = schema(
            "17.0",
            &[
                ("name", field(FieldType::Char)),
                ("picked", field(FieldType::Boolean)),
                (
                    "state",
                    FieldSchema {
                        readonly: true,
                        depends: vec!["move_ids.state".into()],
                        selection: Some(vec![
                            choice("draft", "New"),
                            choice("cancel", "Cancelled"),
                        ]),
                        ..field(FieldType::Selection)
                    },
                ),
            ],
        );
        v17.models
            .insert("stock.move.new".into(), ModelSchema::default());
        let merged = common(&[v16, v17]).expect("merges");
        assert_eq!(merged.schema.server_version.as_deref(), Some("16.0, 17.0"));
        let model = &merged.schema.models["stock.move"];
        assert_eq!(model.fields.len(), 2, "{:?}", model.fields.keys());
        assert!(!model.fields["name"].required, "required in 16 only");
        let state = &model.fields["state"];
        assert!(!state.writable(), "computed readonly in 17");
        let keys: Vec<String> = state
            .selection
            .iter()
            .flatten()
            .map(|o| o.key.to_string())
            .collect();
        assert_eq!(keys, ["draft", "done", "cancel"]);
        assert_eq!(
            state.selection.as_ref().map(|s| s[0].label.as_str()),
            Some("New")
        );
        let reasons: Vec<String> = merged.dropped.iter().map(ToString::to_string).collect();
        assert_eq!(
            reasons,
            [
                "stock.move.picked: integer on 16.0, boolean on 17.0",
                "stock.move.quantity_done: not in 17.0",
                "stock.move.new: not in 16.0",
            ]
        );
    }

    #[test]
    fn no_snapshot_is_an_error() {
        assert!(common(&[]).is_err());
        assert!(union(&[]).is_err());
    }

    #[test]
    fn the_union_marks_what_some_versions_lack() {
        let f = field(FieldType::Float);
        let v16 = schema("16.0", &[("name", f.clone()), ("quantity_done", f.clone())]);
        let v17 = schema("17.0", &[("name", f.clone()), ("quantity", f.clone())]);
        let v18 = schema("18.0", &[("name", f.clone()), ("quantity", f.clone())]);
        let v19 = schema(
            "19.0",
            &[
                ("name", f.clone()),
                ("quantity", f.clone()),
                ("gap", f.clone()),
            ],
        );
        let mut v16_gap = v16.clone();
        let model = v16_gap.models.get_mut("stock.move").expect("model");
        model.fields.insert("gap".into(), f.clone());
        // Given out of order: the union orders by version.
        let merged = union(&[v19, v17, v16_gap, v18]).expect("merges");
        assert_eq!(
            merged.schema.server_version.as_deref(),
            Some("16.0, 17.0, 18.0, 19.0")
        );
        let fields = &merged.schema.models["stock.move"].fields;
        let marks = |name: &str| (fields[name].since, fields[name].until);
        assert_eq!(marks("name"), (None, None));
        assert_eq!(marks("quantity_done"), (None, Some(16)));
        assert_eq!(marks("quantity"), (Some(17), None));
        // Missing between two versions that have it: left out, said why.
        assert!(!fields.contains_key("gap"));
        let reasons: Vec<String> = merged.dropped.iter().map(ToString::to_string).collect();
        assert_eq!(reasons, ["stock.move.gap: not in 17.0, 18.0"]);
        // One snapshot per version, each naming it.
        let unnamed = Schema::new(None);
        assert!(union(&[unnamed, schema("16.0", &[])]).is_err());
        assert!(union(&[schema("16.0", &[]), schema("16.0", &[])]).is_err());
    }

    #[test]
    fn a_method_of_every_version_keeps_the_parameters_all_take() {
        let parameter = |name: &str, required: bool| ParameterSchema {
            default: (!required).then_some(serde_json::Value::Null),
            ..ParameterSchema::new(name)
        };
        let method = |parameters: Vec<ParameterSchema>| MethodSchema {
            parameters,
            ..MethodSchema::default()
        };
        let old = method(vec![parameter("body", false), parameter("subject", false)]);
        let new = method(vec![
            parameter("body", false),
            parameter("outgoing", false),
            parameter("subject", false),
        ]);
        let merged = merge_method(&[&old, &new]).expect("one call for both");
        let kept: Vec<(&str, ParameterKind)> = merged
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.kind))
            .collect();
        // `subject` moved: it goes by name.
        assert_eq!(
            kept,
            [
                ("body", ParameterKind::PositionalOrKeyword),
                ("subject", ParameterKind::KeywordOnly)
            ]
        );
        // A required parameter one version lacks: no call fits both.
        let strict = method(vec![parameter("partner", true)]);
        assert!(merge_method(&[&old, &strict]).is_none());
    }

    #[test]
    fn the_table_of_methods_reads_for_every_version() {
        for major in 16..=19 {
            let table = crate::known_methods::for_major(major).expect("a table");
            let partner = &table.models["res.partner"];
            let post = partner.method("message_post").expect("message_post");
            let returns = post.returns.as_ref().and_then(|r| r.annotation.as_deref());
            assert_eq!(returns, Some("mail.message"), "{major}");
            assert!(table.models["stock.picking"]
                .method("button_validate")
                .is_some());
        }
        assert!(crate::known_methods::for_major(15).is_none());
        // A newer server gets the newest table.
        let mut newer = Schema::new(Some("20.0".into()));
        newer
            .models
            .insert("sale.order".into(), ModelSchema::default());
        assert_eq!(newer.add_known_methods().expect("a version"), 1);
        assert!(newer.models["sale.order"]
            .method("action_confirm")
            .is_some());
    }
}
