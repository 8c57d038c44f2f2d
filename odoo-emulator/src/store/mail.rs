//! The chatter of thread models (`mail.thread`): a model whose schema has its own
//! `message_ids` (one2many to `mail.message`, linked by `res_id` and `model`).
//!
//! - [`Store::post_message`] creates the `mail.message` of a post: `model`, `res_id`,
//!   `record_name`, the author (the user's partner unless given), the subtype (`Note` unless
//!   given), the date;
//! - creating a record of a thread model logs `<Model> created` (a `notification` with the
//!   `Note` subtype, as Odoo's creation message), unless the context sets
//!   `tracking_disable` or `mail_create_nolog`; unlinking it deletes its messages;
//! - a schema with `mail.message` gets the model `mail.message.subtype` if it lacks it, with
//!   Odoo's subtypes `Discussions` (1, `mail.mt_comment`), `Note` (2, `mail.mt_note`) and
//!   `Activities` (3, `mail.mt_activities`), the ids they have in every Odoo 16 to 19 database.

use serde_json::{json, Map, Value};

use super::Store;
use crate::error::EmulatorError;
use odoo_schema::{FieldSchema, FieldType, ModelSchema, Schema};

/// The messages.
pub(crate) const MESSAGE: &str = "mail.message";
/// The message subtypes.
const SUBTYPE: &str = "mail.message.subtype";
/// Odoo's subtypes: id, name, external ID, internal, sequence.
const SUBTYPES: &[(i64, &str, &str, bool, i64)] = &[
    (1, "Discussions", "mail.mt_comment", false, 0),
    (2, "Note", "mail.mt_note", true, 100),
    (3, "Activities", "mail.mt_activities", true, 90),
];
/// The subtype of a post that names none.
const NOTE: i64 = 2;

/// Adds `mail.message.subtype` to a schema that has messages pointing at it but lacks it.
pub(super) fn add_subtype_model(schema: &mut Schema) {
    let points_at_subtypes = schema
        .model(MESSAGE)
        .and_then(|m| m.field("subtype_id"))
        .is_some_and(|f| f.relation.as_deref() == Some(SUBTYPE));
    if !points_at_subtypes || schema.model(SUBTYPE).is_some() {
        return;
    }
    let field = |field_type: FieldType, string: &str| FieldSchema {
        field_type,
        string: Some(string.to_owned()),
        store: true,
        searchable: true,
        sortable: true,
        ..FieldSchema::default()
    };
    let mut model = ModelSchema {
        description: Some("Message subtypes".to_owned()),
        modules: vec!["mail".to_owned()],
        order: Some("sequence, id".to_owned()),
        ..ModelSchema::default()
    };
    let mut name = field(FieldType::Char, "Message Type");
    name.required = true;
    for (key, schema) in [
        ("name", name),
        ("description", field(FieldType::Text, "Description")),
        ("internal", field(FieldType::Boolean, "Internal Only")),
        ("sequence", field(FieldType::Integer, "Sequence")),
        ("default", field(FieldType::Boolean, "Default")),
        ("hidden", field(FieldType::Boolean, "Hidden")),
        ("res_model", field(FieldType::Char, "Model")),
        ("display_name", field(FieldType::Char, "Display Name")),
    ] {
        model.fields.insert(key.to_owned(), schema);
    }
    if let Some(display) = model.fields.get_mut("display_name") {
        display.store = false;
        display.readonly = true;
        display.sortable = false;
    }
    schema.models.insert(SUBTYPE.to_owned(), model);
}

impl Store {
    /// Seeds Odoo's message subtypes when the schema has the model and none is there.
    pub(super) fn seed_subtypes(&mut self) {
        if self.schema.model(SUBTYPE).is_none() || !self.ids(SUBTYPE).is_empty() {
            return;
        }
        for (id, name, _, internal, sequence) in SUBTYPES {
            let record = json!({
                "id": id, "name": name, "internal": internal, "sequence": sequence,
                "default": !internal,
            });
            // Every field is the model's own (added above, or the schema's): seeding succeeds;
            // a schema that declares the model differently keeps what it accepts.
            let _ = self.insert(SUBTYPE, record);
        }
    }

    /// Whether `model` is a thread: it has its own `message_ids` and the schema has messages.
    pub fn is_thread(&self, model: &str) -> bool {
        self.schema.model(MESSAGE).is_some()
            && self
                .schema
                .model(model)
                .and_then(|m| m.field("message_ids"))
                .is_some_and(|f| {
                    f.field_type == FieldType::One2many
                        && f.relation.as_deref() == Some(MESSAGE)
                        && f.related.is_none()
                })
    }

    /// The subtype an external ID names: a row of `ir.model.data`, else one of Odoo's own
    /// subtypes; `None` for an unknown one (Odoo then posts a note).
    pub(crate) fn subtype_by_xmlid(&self, xmlid: &str) -> Option<i64> {
        self.xmlid_lookup(xmlid)
            .filter(|(model, _)| model == SUBTYPE)
            .map(|(_, id)| id)
            .or_else(|| {
                SUBTYPES
                    .iter()
                    .find(|(_, _, known, _, _)| *known == xmlid)
                    .map(|(id, ..)| *id)
            })
            .filter(|id| self.exists(SUBTYPE, *id))
    }

    /// Creates the message of a post on the record `id` of the thread `model`: the given
    /// `values` (fields of `mail.message`; a `body` is stored as an `html` field), with the
    /// record's `model`, `res_id` and `record_name`, and by default the user's partner as
    /// author and the `Note` subtype. The context's `default_*` keys do not apply, as in
    /// Odoo. The new message's id.
    pub fn post_message(
        &mut self,
        model: &str,
        id: i64,
        mut values: Map<String, Value>,
    ) -> Result<i64, EmulatorError> {
        self.check_exists(model, &[id])?;
        let record_name = self.display_name(model, id);
        let fields = self
            .schema
            .model(MESSAGE)
            .map(|m| m.fields.clone())
            .unwrap_or_default();
        values.insert("model".into(), json!(model));
        values.insert("res_id".into(), json!(id));
        values.insert("record_name".into(), json!(record_name));
        if !values.get("subtype_id").is_some_and(Value::is_i64) && self.exists(SUBTYPE, NOTE) {
            values.insert("subtype_id".into(), json!(NOTE));
        }
        if let Some(author) = values.get("author_id").and_then(Value::as_i64) {
            if let Some(email) = self.author_email(author) {
                values.entry("email_from").or_insert(json!(email));
            }
        }
        values.retain(|name, _| fields.contains_key(name));
        let context = self.context.clone();
        self.context.retain(|key, _| !key.starts_with("default_"));
        let created = self.create_inner(MESSAGE, &Value::Object(values));
        self.context = context;
        created
    }

    /// Logs the creation of the record `id` of a thread model, as Odoo's chatter does.
    pub(super) fn log_creation(&mut self, model: &str, id: i64) -> Result<(), EmulatorError> {
        let quiet = ["tracking_disable", "mail_create_nolog"]
            .iter()
            .any(|key| self.context.get(*key).is_some_and(is_true));
        if quiet || !self.is_thread(model) {
            return Ok(());
        }
        let description = self
            .schema
            .model(model)
            .and_then(|m| m.description.clone())
            .unwrap_or_else(|| model.to_owned());
        let mut values = Map::new();
        values.insert("body".into(), json!(format!("{description} created")));
        values.insert("message_type".into(), json!("notification"));
        self.post_message(model, id, values)?;
        Ok(())
    }

    /// Deletes the messages of unlinked records of a thread model, as Odoo's chatter does.
    pub(super) fn forget_messages(&mut self, model: &str, ids: &[i64]) {
        if !self.is_thread(model) {
            return;
        }
        let messages: Vec<i64> = self
            .ids(MESSAGE)
            .into_iter()
            .filter(|m| {
                self.record(MESSAGE, *m).is_some_and(|r| {
                    r.get("model") == Some(&json!(model))
                        && r.get("res_id")
                            .and_then(Value::as_i64)
                            .is_some_and(|id| ids.contains(&id))
                })
            })
            .collect();
        self.unlink_raw(MESSAGE, &messages);
    }

    /// `"Name" <email>` of an author with an email address.
    fn author_email(&self, partner: i64) -> Option<String> {
        let email = self.stored_value("res.partner", partner, "email");
        let email = email.as_str().filter(|e| !e.is_empty())?;
        let name = self.stored_value("res.partner", partner, "name");
        Some(format!(
            "\"{}\" <{email}>",
            name.as_str().unwrap_or_default()
        ))
    }
}

/// Python's truth of a context value.
fn is_true(value: &Value) -> bool {
    !matches!(value, Value::Null | Value::Bool(false))
        && value.as_i64() != Some(0)
        && value.as_str() != Some("")
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map};

    use super::*;
    use crate::OdooVersion;
    use odoo_schema::{SelectionKey, SelectionOption};

    /// The demo schema with messages, and a chatter on contacts.
    fn store() -> Store {
        let mut schema =
            Schema::from_json(include_str!("../demo/schema.json")).expect("demo schema");
        let field = |field_type: FieldType, relation: Option<&str>| FieldSchema {
            field_type,
            relation: relation.map(str::to_owned),
            store: true,
            searchable: true,
            sortable: true,
            ..FieldSchema::default()
        };
        let mut message = ModelSchema {
            order: Some("id desc".into()),
            ..ModelSchema::default()
        };
        let mut kind = field(FieldType::Selection, None);
        kind.required = true;
        kind.selection = Some(
            ["email", "comment", "notification"]
                .iter()
                .map(|k| SelectionOption {
                    key: SelectionKey::Str((*k).into()),
                    label: (*k).into(),
                })
                .collect(),
        );
        for (name, f) in [
            ("body", field(FieldType::Html, None)),
            ("model", field(FieldType::Char, None)),
            ("res_id", field(FieldType::Many2oneReference, None)),
            ("record_name", field(FieldType::Char, None)),
            ("message_type", kind),
            ("subtype_id", field(FieldType::Many2one, Some(SUBTYPE))),
            ("author_id", field(FieldType::Many2one, Some("res.partner"))),
        ] {
            message.fields.insert(name.into(), f);
        }
        schema.models.insert(MESSAGE.into(), message);
        let mut messages = field(FieldType::One2many, Some(MESSAGE));
        messages.relation_field = Some("res_id".into());
        if let Some(partner) = schema.models.get_mut("res.partner") {
            partner.description = Some("Contact".into());
            partner.fields.insert("message_ids".into(), messages);
        }
        Store::new(schema, OdooVersion::V17)
    }

    #[test]
    fn creating_a_thread_record_logs_it_and_posts_read_back_newest_first() {
        let mut s = store();
        assert_eq!(s.display_name(SUBTYPE, NOTE), "Note");
        assert!(s.is_thread("res.partner"));
        assert!(!s.is_thread("res.users"));
        let partner = s
            .create("res.partner", &json!({"name": "Ann"}))
            .expect("create");
        let created = s.stored_value("res.partner", partner, "message_ids");
        let [logged] = created.as_array().expect("messages").as_slice() else {
            panic!("one creation message: {created}");
        };
        let logged = logged.as_i64().expect("an id");
        assert_eq!(
            s.stored_value(MESSAGE, logged, "body"),
            json!("<p>Contact created</p>")
        );
        let mut values = Map::new();
        values.insert("body".into(), json!("hello"));
        values.insert("message_type".into(), json!("comment"));
        let posted = s
            .post_message("res.partner", partner, values)
            .expect("post");
        assert_eq!(
            s.stored_value("res.partner", partner, "message_ids"),
            json!([posted, logged])
        );
        assert_eq!(s.stored_value(MESSAGE, posted, "subtype_id"), json!(NOTE));
        assert_eq!(s.stored_value(MESSAGE, posted, "record_name"), json!("Ann"));
        // Another model's message with the same res_id is not the contact's.
        let other = json!({"model": "sale.order", "res_id": partner, "message_type": "comment"});
        s.create(MESSAGE, &other).expect("a message of an order");
        assert_eq!(
            s.stored_value("res.partner", partner, "message_ids"),
            json!([posted, logged])
        );
        s.unlink("res.partner", &[partner]).expect("unlink");
        assert!(!s.exists(MESSAGE, posted) && !s.exists(MESSAGE, logged));
        assert_eq!(s.ids(MESSAGE).len(), 1, "the order's message stays");
        assert_eq!(s.subtype_by_xmlid("mail.mt_comment"), Some(1));
        assert_eq!(s.subtype_by_xmlid("mail.no_such"), None);
    }

    #[test]
    fn the_context_can_keep_the_creation_quiet() {
        let mut s = store();
        let mut context = serde_json::Map::new();
        context.insert("tracking_disable".into(), json!(true));
        s.set_env(2, context, None);
        let partner = s
            .create("res.partner", &json!({"name": "Quiet"}))
            .expect("create");
        assert_eq!(
            s.stored_value("res.partner", partner, "message_ids"),
            json!([])
        );
    }
}
