//! Which fields of a model a generated struct reads.
//!
//! A read asks the server for every field of the struct, and Odoo computes each one, so a
//! struct of every field costs many times one of the few fields an integration uses. By
//! default a generated struct holds every field a read can return as its declared type,
//! except the costly ones ([`FieldSchema::costly`]: binary content such as images, and fields
//! that are not stored, which Odoo computes on every read). Per model glob, a project can
//! name exactly the fields it wants ([`FieldChoice::only`]), add fields to the default
//! ([`FieldChoice::extra`], e.g. `image_128`), or leave fields out ([`FieldChoice::exclude`]);
//! [`FieldChoice::all`] turns the default into every field but the binary fields that may come
//! as something other than base64 (computed on read, [`FieldSchema::is_computed_binary`], or
//! holding raw text, `rust_type::RAW_TEXT_BINARY`), which are generated only when named.
//!
//! Whatever is asked, `id` is always there, and fields that do not round-trip are never
//! generated ([`FieldSchema::round_trips`]: Odoo cannot export them; a hand-written struct
//! may still read one as `serde_json::Value`).

use std::collections::BTreeMap;

use odoo_schema::{FieldSchema, ModelSchema};
use serde::{Deserialize, Serialize};

use crate::select::glob_match;

/// The field choice of a generation run. Keys of the maps are model name globs; a model
/// matched by several keys gets the union of their lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldChoice {
    /// Every field that round-trips, costly ones included (but computed binary fields, which
    /// must be named), unless a list below says otherwise.
    pub all: bool,
    /// Exactly these fields (and `id`) for the models matched; costly ones included when named.
    pub only: BTreeMap<String, Vec<String>>,
    /// These fields in addition to the default choice (costly ones included when named).
    pub extra: BTreeMap<String, Vec<String>>,
    /// These fields left out.
    pub exclude: BTreeMap<String, Vec<String>>,
}

/// Why a field is not generated, for the struct's documentation and warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// Odoo cannot export it: reading it fails or gives another type than declared.
    DoesNotRoundTrip,
    /// Binary content or not stored, and not asked for.
    Costly,
    /// Not in the `only` list, or in an `exclude` list.
    NotChosen,
    /// A binary field that may come as JSON, raw bytes or raw text instead of base64
    /// (`odoo_schema::rust_type::binary_not_base64`), left out of `all`; generated only
    /// when named.
    ComputedBinary,
}

impl FieldChoice {
    /// Whether nothing was configured (the default choice).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    fn lists<'a>(
        map: &'a BTreeMap<String, Vec<String>>,
        model: &'a str,
    ) -> impl Iterator<Item = &'a String> + 'a {
        map.iter()
            .filter(move |(glob, _)| glob_match(glob, model))
            .flat_map(|(_, fields)| fields)
    }

    /// Whether the struct of `model` reads `name`; `Err` says why not.
    pub fn decide(&self, model: &str, name: &str, field: &FieldSchema) -> Result<(), LeftOut> {
        if name == "id" {
            return Ok(());
        }
        if !field.round_trips() {
            return Err(LeftOut::DoesNotRoundTrip);
        }
        if Self::lists(&self.exclude, model).any(|f| f == name) {
            return Err(LeftOut::NotChosen);
        }
        let mut only = Self::lists(&self.only, model).peekable();
        if only.peek().is_some() {
            return if only.any(|f| f == name) {
                Ok(())
            } else {
                Err(LeftOut::NotChosen)
            };
        }
        if !field.costly() || Self::lists(&self.extra, model).any(|f| f == name) {
            Ok(())
        } else if self.all && odoo_schema::rust_type::binary_not_base64(model, name, field) {
            Err(LeftOut::ComputedBinary)
        } else if self.all {
            Ok(())
        } else {
            Err(LeftOut::Costly)
        }
    }

    /// The fields of `model` that are read, and the warnings for names in the lists that
    /// the model does not have or that cannot be generated.
    pub fn choose<'a>(
        &self,
        model: &str,
        schema: &'a ModelSchema,
        warnings: &mut Vec<String>,
    ) -> BTreeMap<&'a str, &'a FieldSchema> {
        let named = Self::lists(&self.only, model).chain(Self::lists(&self.extra, model));
        for name in named {
            match schema.fields.get(name) {
                None => warnings.push(format!(
                    "{model}: no field `{name}` in the snapshot{}",
                    odoo_schema::did_you_mean(name, schema.fields.keys().map(String::as_str))
                        .map(|close| format!(" (did you mean `{close}`?)"))
                        .unwrap_or_default()
                )),
                Some(field) if !field.round_trips() => warnings.push(format!(
                    "{model}.{name}: not generated, Odoo cannot export it (read it as serde_json::Value in a struct of your own)"
                )),
                Some(_) => {}
            }
        }
        schema
            .fields
            .iter()
            .filter(|(name, field)| self.decide(model, name, field).is_ok())
            .map(|(name, field)| (name.as_str(), field))
            .collect()
    }

    /// Parses a command-line value `GLOB=field,field` into the map.
    pub fn parse_arg(
        map: &mut BTreeMap<String, Vec<String>>,
        text: &str,
    ) -> Result<(), crate::Error> {
        let (glob, fields) = text.split_once('=').ok_or_else(|| {
            crate::Error::Config(format!(
                "`{text}`: expected MODEL_GLOB=field,field (such as res.partner=name,email)"
            ))
        })?;
        let fields: Vec<String> = fields
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect();
        if glob.trim().is_empty() || fields.is_empty() {
            return Err(crate::Error::Config(format!(
                "`{text}`: expected MODEL_GLOB=field,field (such as res.partner=name,email)"
            )));
        }
        map.entry(glob.trim().to_owned())
            .or_default()
            .extend(fields);
        Ok(())
    }

    /// Adds `other`'s lists and flag to this one.
    pub fn extend(&mut self, other: &FieldChoice) {
        self.all |= other.all;
        for (target, source) in [
            (&mut self.only, &other.only),
            (&mut self.extra, &other.extra),
            (&mut self.exclude, &other.exclude),
        ] {
            for (glob, fields) in source {
                target
                    .entry(glob.clone())
                    .or_default()
                    .extend(fields.iter().cloned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use odoo_schema::FieldType;

    fn model() -> ModelSchema {
        let mut model = ModelSchema::default();
        let stored = |t: FieldType| FieldSchema {
            field_type: t,
            store: true,
            ..FieldSchema::default()
        };
        model.fields.insert("id".into(), stored(FieldType::Integer));
        model.fields.insert("name".into(), stored(FieldType::Char));
        model.fields.insert("email".into(), stored(FieldType::Char));
        model
            .fields
            .insert("image_128".into(), stored(FieldType::Binary));
        model
            .fields
            .insert("display_name".into(), FieldSchema::default());
        // Computed on read, not stored: base64 here, JSON or raw bytes elsewhere.
        model.fields.insert(
            "datas".into(),
            FieldSchema {
                field_type: FieldType::Binary,
                depends: vec!["db_datas".into()],
                ..FieldSchema::default()
            },
        );
        model.fields.insert(
            "tax_totals".into(),
            FieldSchema {
                exportable: false,
                ..stored(FieldType::Binary)
            },
        );
        model
    }

    fn names(choice: &FieldChoice, warnings: &mut Vec<String>) -> Vec<String> {
        let model = model();
        choice
            .choose("res.partner", &model, warnings)
            .keys()
            .map(|name| (*name).to_owned())
            .collect()
    }

    #[test]
    fn default_leaves_out_costly_and_unexportable_fields() {
        let mut warnings = Vec::new();
        assert_eq!(
            names(&FieldChoice::default(), &mut warnings),
            ["email", "id", "name"]
        );
        let all = FieldChoice {
            all: true,
            ..FieldChoice::default()
        };
        assert_eq!(
            names(&all, &mut warnings),
            ["display_name", "email", "id", "image_128", "name"]
        );
        assert!(warnings.is_empty());
        let model = model();
        assert_eq!(
            all.decide("res.partner", "datas", &model.fields["datas"]),
            Err(LeftOut::ComputedBinary)
        );
        // Named, it is generated (as `Binary`), with `all` or without.
        let mut named = all.clone();
        FieldChoice::parse_arg(&mut named.extra, "res.partner=datas").expect("parses");
        assert!(names(&named, &mut warnings).contains(&"datas".to_owned()));
        named.all = false;
        assert_eq!(
            names(&named, &mut warnings),
            ["datas", "email", "id", "name"]
        );
    }

    #[test]
    fn lists_per_glob() {
        let mut choice = FieldChoice::default();
        FieldChoice::parse_arg(&mut choice.extra, "res.*=image_128").expect("parses");
        FieldChoice::parse_arg(&mut choice.exclude, "res.partner=email").expect("parses");
        let mut warnings = Vec::new();
        assert_eq!(names(&choice, &mut warnings), ["id", "image_128", "name"]);

        let mut only = FieldChoice::default();
        FieldChoice::parse_arg(
            &mut only.only,
            "res.partner=name,display_name,emial,tax_totals",
        )
        .expect("parses");
        FieldChoice::parse_arg(&mut only.only, "sale.order=amount_total").expect("parses");
        assert_eq!(names(&only, &mut warnings), ["display_name", "id", "name"]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("did you mean `email`"), "{warnings:?}");
        assert!(warnings[1].contains("cannot export"), "{warnings:?}");

        assert!(FieldChoice::parse_arg(&mut only.only, "res.partner").is_err());
        assert!(FieldChoice::parse_arg(&mut only.only, "=name").is_err());
    }
}
