//! The emulator's records: one table of JSON records per model, typed by the schema.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::domain::{self, DomainExpr};
use super::error::EmulatorError;
use super::OdooVersion;
use odoo_core::SearchOptions;
use odoo_schema::{FieldSchema, FieldType, ModelSchema, Schema, SelectionKey};

/// The records as they were before a call.
#[derive(Debug)]
pub(crate) struct Snapshot(BTreeMap<String, Table>);

#[derive(Debug, Default, Clone)]
struct Table {
    records: BTreeMap<i64, Map<String, Value>>,
    next_id: i64,
}

/// The records of every model, kept as JSON maps with an `id`, typed by the schema.
///
/// Values are stored in their written form: a many2one as the target id (or `false`), a
/// many2many as a list of ids; a one2many with a known inverse field is computed from the
/// children. Method handlers get a `&mut Store` to read and change records.
#[derive(Debug, Clone)]
pub struct Store {
    schema: Schema,
    version: OdooVersion,
    tables: BTreeMap<String, Table>,
    defaults: BTreeMap<(String, String), Value>,
    uid: i64,
    context: Map<String, Value>,
}

/// Whether a field type reads as `false` when empty (every type but boolean and numbers).
fn empty_value(field: &FieldSchema) -> Value {
    match field.field_type {
        FieldType::Boolean => Value::Bool(false),
        FieldType::Integer => json!(0),
        FieldType::Float | FieldType::Monetary => json!(0.0),
        FieldType::One2many | FieldType::Many2many => json!([]),
        _ => Value::Bool(false),
    }
}

/// `YYYY-MM-DD HH:MM:SS` in UTC, now.
pub(crate) fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

impl Store {
    /// An empty store for this schema.
    pub fn new(schema: Schema, version: OdooVersion) -> Self {
        Self {
            schema,
            version,
            tables: BTreeMap::new(),
            defaults: BTreeMap::new(),
            uid: 1,
            context: Map::new(),
        }
    }

    /// The schema the records follow.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The Odoo version being emulated.
    pub fn version(&self) -> OdooVersion {
        self.version
    }

    /// The uid of the user whose call is running (1 outside calls).
    pub fn uid(&self) -> i64 {
        self.uid
    }

    /// The context of the call that is running.
    pub fn context(&self) -> &Map<String, Value> {
        &self.context
    }

    pub(crate) fn set_env(&mut self, uid: i64, context: Map<String, Value>) {
        self.uid = uid;
        self.context = context;
    }

    /// A copy of every record, to roll a failed call back (Odoo runs each call in a
    /// transaction).
    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot(self.tables.clone())
    }

    /// Puts the records of a [`Store::snapshot`] back.
    pub(crate) fn restore(&mut self, snapshot: Snapshot) {
        self.tables = snapshot.0;
    }

    pub(crate) fn set_default(&mut self, model: &str, field: &str, value: Value) {
        self.defaults
            .insert((model.to_owned(), field.to_owned()), value);
    }

    fn model_schema(&self, model: &str) -> Result<&ModelSchema, EmulatorError> {
        self.schema
            .model(model)
            .ok_or_else(|| EmulatorError::user_error(format!("Object {model} doesn't exist")))
    }

    /// The ids of every record of a model, ascending.
    pub fn ids(&self, model: &str) -> Vec<i64> {
        self.tables
            .get(model)
            .map(|t| t.records.keys().copied().collect())
            .unwrap_or_default()
    }

    /// Whether this record exists.
    pub fn exists(&self, model: &str, id: i64) -> bool {
        self.tables
            .get(model)
            .is_some_and(|t| t.records.contains_key(&id))
    }

    /// The stored record, as kept (many2one as an id, many2many as ids).
    pub fn record(&self, model: &str, id: i64) -> Option<&Map<String, Value>> {
        self.tables.get(model)?.records.get(&id)
    }

    /// The stored value of one field (`null` when never set); a one2many with a known inverse
    /// is computed from its children.
    pub fn stored_value(&self, model: &str, id: i64, field: &str) -> Value {
        if field == "id" {
            return json!(id);
        }
        let schema_field = self.schema.model(model).and_then(|m| m.field(field));
        if let Some(f) = schema_field {
            if f.field_type == FieldType::One2many {
                if let (Some(relation), Some(inverse)) = (&f.relation, &f.relation_field) {
                    if self.schema.model(relation).is_some() {
                        let children: Vec<Value> = self
                            .tables
                            .get(relation)
                            .map(|t| {
                                t.records
                                    .iter()
                                    .filter(|(_, r)| {
                                        r.get(inverse).and_then(Value::as_i64) == Some(id)
                                    })
                                    .map(|(child, _)| json!(child))
                                    .collect()
                            })
                            .unwrap_or_default();
                        return Value::Array(children);
                    }
                }
            }
        }
        let value = self
            .record(model, id)
            .and_then(|r| r.get(field))
            .cloned()
            .unwrap_or(Value::Null);
        if field == "active" && value.is_null() {
            return Value::Bool(true);
        }
        value
    }

    /// The display name of a record: a stored `display_name`, else its `name` (a contact with
    /// a parent company reads `Company, Name` as in Odoo), else `model,id`.
    pub fn display_name(&self, model: &str, id: i64) -> String {
        let Some(record) = self.record(model, id) else {
            return format!("{model},{id}");
        };
        if let Some(Value::String(name)) = record.get("display_name") {
            return name.clone();
        }
        let name = match record.get("name") {
            Some(Value::String(name)) => name.clone(),
            _ => match record.get("login").or_else(|| record.get("code")) {
                Some(Value::String(s)) => s.clone(),
                _ => return format!("{model},{id}"),
            },
        };
        if model == "res.partner" && record.get("is_company") != Some(&Value::Bool(true)) {
            if let Some(parent) = record.get("parent_id").and_then(Value::as_i64) {
                if parent != id && self.exists(model, parent) {
                    return format!("{}, {name}", self.display_name_shallow(model, parent));
                }
            }
        }
        name
    }

    fn display_name_shallow(&self, model: &str, id: i64) -> String {
        match self
            .record(model, id)
            .and_then(|r| r.get("display_name").or_else(|| r.get("name")))
        {
            Some(Value::String(name)) => name.clone(),
            _ => format!("{model},{id}"),
        }
    }

    /// The ids matching a domain, after `active_test` (records with `active = false` are left
    /// out unless the domain mentions `active` or the context sets `active_test` to false),
    /// in `order` (`"name desc, id"`; default `id`), then `offset` and `limit`.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
    /// use odoo_emulator::{Emulator, OdooVersion};
    /// use odoo_core::SearchOptions;
    /// use serde_json::json;
    ///
    /// let emu = Emulator::demo(OdooVersion::V18).await?;
    /// let ids = emu.with_store(|store| {
    ///     store.search("res.partner", &json!([["is_company", "=", true]]), &SearchOptions::new().order("name desc").limit(2))
    /// })?;
    /// assert_eq!(ids.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # })
    /// # }
    /// ```
    pub fn search(
        &self,
        model: &str,
        domain: &Value,
        options: &SearchOptions,
    ) -> Result<Vec<i64>, EmulatorError> {
        let active_test = options
            .get_context()
            .and_then(|c| c.get("active_test"))
            .and_then(Value::as_bool);
        self.search_ids(
            model,
            domain,
            options.get_order(),
            options
                .get_offset()
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0),
            options
                .get_limit()
                .filter(|n| *n > 0)
                .and_then(|n| usize::try_from(n).ok()),
            active_test,
        )
    }

    /// [`Store::search`] with its options spelled out; `active_test` overrides the call's
    /// context.
    pub(crate) fn search_ids(
        &self,
        model: &str,
        domain: &Value,
        order: Option<&str>,
        offset: usize,
        limit: Option<usize>,
        active_test: Option<bool>,
    ) -> Result<Vec<i64>, EmulatorError> {
        let model_schema = self.model_schema(model)?;
        let parsed = DomainExpr::parse(domain)?;
        domain::check(self, model, &parsed, self.version)?;
        let wanted =
            active_test.unwrap_or(self.context.get("active_test") != Some(&Value::Bool(false)));
        let active_test =
            wanted && model_schema.field("active").is_some() && !parsed.mentions("active");
        let mut ids: Vec<i64> = self
            .ids(model)
            .into_iter()
            .filter(|id| {
                (!active_test || self.stored_value(model, *id, "active") != Value::Bool(false))
                    && domain::matches(self, model, *id, &parsed)
            })
            .collect();
        self.sort(model, &mut ids, order.filter(|o| !o.trim().is_empty()))?;
        Ok(ids
            .into_iter()
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .collect())
    }

    fn sort(&self, model: &str, ids: &mut [i64], order: Option<&str>) -> Result<(), EmulatorError> {
        let mut keys: Vec<(String, bool)> = Vec::new();
        for part in order.unwrap_or("id").split(',') {
            let words: Vec<&str> = part.split_whitespace().collect();
            let Some(field) = words.first() else { continue };
            let field = field.trim_matches('"');
            let direction = words.get(1).map(|w| w.to_ascii_lowercase());
            let nulls = words.get(2..).map(|w| w.join(" ").to_ascii_lowercase());
            let valid_direction = matches!(direction.as_deref(), None | Some("asc" | "desc"));
            let valid_nulls = matches!(
                nulls.as_deref(),
                None | Some("") | Some("nulls first" | "nulls last")
            );
            if !valid_direction || !valid_nulls {
                return Err(EmulatorError::value_error(format!(
                    "Invalid order {}",
                    super::error::py_repr(&Value::String(order.unwrap_or_default().to_owned()))
                )));
            }
            if field != "id"
                && self
                    .schema
                    .model(model)
                    .and_then(|m| m.field(field))
                    .is_none()
            {
                return Err(invalid_field(field, model));
            }
            keys.push((field.to_owned(), direction.as_deref() == Some("desc")));
        }
        if keys.is_empty() {
            keys.push(("id".into(), false));
        }
        let sort_value = |id: i64, field: &str| -> Value {
            let value = self.stored_value(model, id, field);
            let f = self.schema.model(model).and_then(|m| m.field(field));
            match (f.map(|f| &f.field_type), &value) {
                (Some(FieldType::Many2one), Value::Number(n)) => {
                    let relation = f.and_then(|f| f.relation.as_deref()).unwrap_or_default();
                    Value::String(self.display_name(relation, n.as_i64().unwrap_or(0)))
                }
                // Booleans order false < true; they are never "empty".
                (Some(FieldType::Boolean), _) => json!(i64::from(value.as_bool().unwrap_or(false))),
                _ => value,
            }
        };
        ids.sort_by(|a, b| {
            for (field, descending) in &keys {
                let (va, vb) = (sort_value(*a, field), sort_value(*b, field));
                let ordering = match (
                    domain::is_empty(&va) && !va.is_number(),
                    domain::is_empty(&vb) && !vb.is_number(),
                ) {
                    (true, true) => std::cmp::Ordering::Equal,
                    // Empty values sort last ascending, first descending (PostgreSQL's NULLS).
                    (true, false) => std::cmp::Ordering::Greater,
                    (false, true) => std::cmp::Ordering::Less,
                    (false, false) => {
                        domain::compare_values(&va, &vb).unwrap_or(std::cmp::Ordering::Equal)
                    }
                };
                let ordering = if *descending {
                    ordering.reverse()
                } else {
                    ordering
                };
                if ordering != std::cmp::Ordering::Equal {
                    return ordering;
                }
            }
            a.cmp(b)
        });
        Ok(())
    }

    /// Puts a record in as given (seeding): keeps its `id` (else takes the next one), accepts
    /// many2one values as an id, `[id, "name"]` or `{"id", "display_name"}` and x2many values as
    /// ids or `{"id", ...}` objects, and creates a stub target (with that name) for any related
    /// record that does not exist yet. Applies no access rule, default or constraint.
    pub fn insert(&mut self, model: &str, record: Value) -> Result<i64, EmulatorError> {
        let Value::Object(values) = record else {
            return Err(EmulatorError::value_error(format!(
                "a record of {model} must be a JSON object"
            )));
        };
        let model_schema = self.model_schema(model)?.clone();
        let id = match values.get("id") {
            Some(Value::Number(n)) => n
                .as_i64()
                .filter(|id| *id > 0)
                .ok_or_else(|| EmulatorError::value_error(format!("invalid id {n} for {model}")))?,
            _ => self.next_id(model),
        };
        let mut stored = Map::new();
        stored.insert("id".into(), json!(id));
        let mut children: Vec<(String, String, Vec<Value>)> = Vec::new();
        for (name, value) in values {
            if name == "id" {
                continue;
            }
            let Some(field) = model_schema.field(&name) else {
                return Err(invalid_field(&name, model));
            };
            match field.field_type {
                FieldType::Many2one => {
                    let (target, label) = match &value {
                        Value::Number(n) => (n.as_i64(), None),
                        Value::Array(pair) => (
                            pair.first().and_then(Value::as_i64),
                            pair.get(1).and_then(Value::as_str).map(str::to_owned),
                        ),
                        Value::Object(o) => (
                            o.get("id").and_then(Value::as_i64),
                            o.get("display_name")
                                .and_then(Value::as_str)
                                .map(str::to_owned),
                        ),
                        _ => (None, None),
                    };
                    match (target, &field.relation) {
                        (Some(target), Some(relation)) => {
                            self.ensure_stub(relation, target, label.as_deref())?;
                            stored.insert(name, json!(target));
                        }
                        (Some(target), None) => {
                            stored.insert(name, json!(target));
                        }
                        _ => {
                            stored.insert(name, Value::Bool(false));
                        }
                    }
                }
                FieldType::One2many | FieldType::Many2many => {
                    let items = match value {
                        Value::Array(items) => items,
                        _ => Vec::new(),
                    };
                    let computed = field.field_type == FieldType::One2many
                        && field.relation_field.is_some()
                        && field
                            .relation
                            .as_deref()
                            .is_some_and(|r| self.schema.model(r).is_some());
                    if computed {
                        children.push((
                            field.relation.clone().unwrap_or_default(),
                            field.relation_field.clone().unwrap_or_default(),
                            items,
                        ));
                        continue;
                    }
                    let mut ids = Vec::new();
                    for item in items {
                        let (target, label) = match &item {
                            Value::Number(n) => (n.as_i64(), None),
                            Value::Object(o) => (
                                o.get("id").and_then(Value::as_i64),
                                o.get("display_name")
                                    .or_else(|| o.get("name"))
                                    .and_then(Value::as_str)
                                    .map(str::to_owned),
                            ),
                            _ => (None, None),
                        };
                        if let Some(target) = target {
                            if let Some(relation) = &field.relation {
                                self.ensure_stub(relation, target, label.as_deref())?;
                            }
                            ids.push(json!(target));
                        }
                    }
                    stored.insert(name, Value::Array(ids));
                }
                _ => {
                    stored.insert(name, value);
                }
            }
        }
        let table = self.tables.entry(model.to_owned()).or_default();
        match table.records.get_mut(&id) {
            // A stub made earlier for this id: the real values win.
            Some(existing) => existing.extend(stored),
            None => {
                table.records.insert(id, stored);
            }
        }
        table.next_id = table.next_id.max(id + 1);
        for (relation, inverse, items) in children {
            for item in items {
                let (child, label) = match &item {
                    Value::Number(n) => (n.as_i64(), None),
                    Value::Object(o) => (
                        o.get("id").and_then(Value::as_i64),
                        o.get("display_name")
                            .or_else(|| o.get("name"))
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                    ),
                    _ => (None, None),
                };
                if let Some(child) = child {
                    self.ensure_stub(&relation, child, label.as_deref())?;
                    if let Some(record) = self
                        .tables
                        .get_mut(&relation)
                        .and_then(|t| t.records.get_mut(&child))
                    {
                        record.insert(inverse.clone(), json!(id));
                    }
                }
            }
        }
        Ok(id)
    }

    /// Makes sure a related record exists, creating `{id, name}` when it does not (only for
    /// models of the schema).
    fn ensure_stub(
        &mut self,
        model: &str,
        id: i64,
        label: Option<&str>,
    ) -> Result<(), EmulatorError> {
        if self.schema.model(model).is_none() || self.exists(model, id) {
            return Ok(());
        }
        let has_name = self
            .schema
            .model(model)
            .is_some_and(|m| m.field("name").is_some());
        let mut stub = Map::new();
        stub.insert("id".into(), json!(id));
        if let Some(label) = label {
            let key = if has_name { "name" } else { "display_name" };
            stub.insert(key.into(), json!(label));
        }
        let table = self.tables.entry(model.to_owned()).or_default();
        table.records.insert(id, stub);
        table.next_id = table.next_id.max(id + 1);
        Ok(())
    }

    fn next_id(&mut self, model: &str) -> i64 {
        let table = self.tables.entry(model.to_owned()).or_default();
        table.next_id = table
            .next_id
            .max(table.records.keys().last().map_or(1, |k| k + 1));
        let id = table.next_id;
        table.next_id += 1;
        id
    }

    /// Creates a record as Odoo's `create` does: defaults, required fields, x2many commands,
    /// one2many children with their inverse field set, `create_date`/`write_date`. Nothing
    /// changes when it fails.
    pub fn create(&mut self, model: &str, vals: &Value) -> Result<i64, EmulatorError> {
        let snapshot = self.snapshot();
        let outcome = self.create_inner(model, vals);
        if outcome.is_err() {
            self.restore(snapshot);
        }
        outcome
    }

    fn create_inner(&mut self, model: &str, vals: &Value) -> Result<i64, EmulatorError> {
        let Value::Object(vals) = vals else {
            return Err(EmulatorError::type_error(format!(
                "create() values of {model} must be a dictionary, not {}",
                super::error::py_repr(vals)
            )));
        };
        let model_schema = self.model_schema(model)?.clone();
        for name in vals.keys() {
            if model_schema.field(name).is_none() {
                return Err(invalid_field(name, model));
            }
        }
        let id = self.next_id(model);
        let mut record = Map::new();
        record.insert("id".into(), json!(id));
        let now = now_utc();
        // Defaults first, then the given values.
        for (name, field) in &model_schema.fields {
            if vals.contains_key(name) {
                continue;
            }
            if let Some(value) = self.default_for(model, name, field, vals, id, &now) {
                record.insert(name.clone(), value);
            }
        }
        let mut x2many: Vec<(String, Value)> = Vec::new();
        for (name, value) in vals {
            let Some(field) = model_schema.field(name) else {
                continue;
            };
            if field.field_type.is_x2many() {
                x2many.push((name.clone(), value.clone()));
            } else {
                record.insert(name.clone(), self.convert(model, name, field, value)?);
            }
        }
        if model_schema.field("display_name").is_some() {
            record.remove("display_name");
        }
        self.check_required(model, &model_schema, &record, &x2many)?;
        let table = self.tables.entry(model.to_owned()).or_default();
        table.records.insert(id, record);
        for (name, commands) in x2many {
            self.apply_x2many(model, id, &name, &commands)?;
        }
        self.check_recursion(model, &[id])?;
        self.recompute(model, &[id]);
        Ok(id)
    }

    /// The values `create` would give these fields when not given (`default_get`).
    pub fn defaults(&self, model: &str, fields: &[String]) -> Map<String, Value> {
        let mut out = Map::new();
        let Some(model_schema) = self.schema.model(model) else {
            return out;
        };
        let now = now_utc();
        for name in fields {
            if matches!(
                name.as_str(),
                "create_date" | "write_date" | "create_uid" | "write_uid"
            ) {
                continue;
            }
            let Some(field) = model_schema.field(name) else {
                continue;
            };
            if model == "sale.order" && name == "name" {
                out.insert(name.clone(), json!("New"));
                continue;
            }
            if let Some(value) = self.default_for(model, name, field, &Map::new(), 0, &now) {
                out.insert(name.clone(), value);
            }
        }
        out
    }

    fn default_for(
        &self,
        model: &str,
        name: &str,
        field: &FieldSchema,
        vals: &Map<String, Value>,
        id: i64,
        now: &str,
    ) -> Option<Value> {
        if let Some(value) = self.defaults.get(&(model.to_owned(), name.to_owned())) {
            return Some(value.clone());
        }
        let exists = |relation: &str, id: i64| self.exists(relation, id);
        let relation = field.relation.as_deref().unwrap_or_default();
        match (name, &field.field_type) {
            ("active", FieldType::Boolean) => Some(Value::Bool(true)),
            ("create_date" | "write_date", FieldType::Datetime) => Some(json!(now)),
            ("create_uid" | "write_uid", FieldType::Many2one) => Some(json!(self.uid)),
            ("user_id", FieldType::Many2one)
                if relation == "res.users" && exists(relation, self.uid) =>
            {
                Some(json!(self.uid))
            }
            ("company_id", FieldType::Many2one) if exists(relation, 1) => Some(json!(1)),
            ("currency_id", FieldType::Many2one) if exists(relation, 1) => Some(json!(1)),
            ("date_order", FieldType::Datetime) => Some(json!(now)),
            ("name", FieldType::Char) if model == "sale.order" => Some(json!(format!("S{id:05}"))),
            ("name", FieldType::Text | FieldType::Char) if model == "sale.order.line" => {
                let product = vals.get("product_id").and_then(Value::as_i64)?;
                Some(json!(self.display_name("product.product", product)))
            }
            ("price_unit", FieldType::Float | FieldType::Monetary)
                if model == "sale.order.line" =>
            {
                let product = vals.get("product_id").and_then(Value::as_i64)?;
                let price = self.stored_value("product.product", product, "lst_price");
                price.is_number().then_some(price)
            }
            ("partner_invoice_id" | "partner_shipping_id", FieldType::Many2one) => {
                vals.get("partner_id").cloned()
            }
            ("state", FieldType::Selection) | (_, FieldType::Selection)
                if field.required || name == "state" =>
            {
                field.selection.as_ref().and_then(|options| {
                    options.iter().find_map(|o| match &o.key {
                        SelectionKey::Str(s) => Some(json!(s)),
                        SelectionKey::Int(i) => Some(json!(i)),
                        SelectionKey::False => None,
                    })
                })
            }
            ("type", FieldType::Selection) if model == "res.partner" => Some(json!("contact")),
            _ => None,
        }
    }

    fn check_required(
        &self,
        model: &str,
        model_schema: &ModelSchema,
        record: &Map<String, Value>,
        x2many: &[(String, Value)],
    ) -> Result<(), EmulatorError> {
        for (name, field) in &model_schema.fields {
            if !field.required || !field.store || field.field_type.is_x2many() {
                continue;
            }
            if matches!(
                field.field_type,
                FieldType::Boolean | FieldType::Integer | FieldType::Float | FieldType::Monetary
            ) {
                continue;
            }
            if let Some(relation) = &field.relation {
                if self.schema.model(relation).is_none() {
                    continue;
                }
            }
            // The inverse of a one2many being created with its parent is set afterwards.
            if x2many.iter().any(|(parent_field, _)| {
                self.schema
                    .model(model)
                    .and_then(|m| m.field(parent_field))
                    .is_some_and(|f| f.relation_field.as_deref() == Some(name))
            }) {
                continue;
            }
            let value = record.get(name).cloned().unwrap_or(Value::Null);
            if domain::is_empty(&value) {
                return Err(self.required_error(model, model_schema, name, field));
            }
        }
        Ok(())
    }

    fn required_error(
        &self,
        model: &str,
        model_schema: &ModelSchema,
        name: &str,
        field: &FieldSchema,
    ) -> EmulatorError {
        let description = model_schema.description.as_deref().unwrap_or(model);
        let label = field.string.as_deref().unwrap_or(name);
        if self.version >= OdooVersion::V19 {
            EmulatorError::validation(format!(
                "The operation cannot be completed: Missing required value for the field '{label}' ({name}).\nModel: '{description}' ({model})\n- create/update: a mandatory field is not set\n- delete: another model requires the record being deleted, you can archive it instead\n"
            ))
        } else {
            EmulatorError::validation(format!(
                "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: {description} ({model})\nField: {label} ({name})\n"
            ))
        }
    }

    /// A written value in its stored form.
    fn convert(
        &mut self,
        model: &str,
        name: &str,
        field: &FieldSchema,
        value: &Value,
    ) -> Result<Value, EmulatorError> {
        Ok(match field.field_type {
            FieldType::Many2one => match value {
                Value::Bool(false) | Value::Null => Value::Bool(false),
                Value::Number(n) => {
                    let id = n.as_i64().ok_or_else(|| bad_value(model, name, value))?;
                    json!(id)
                }
                Value::Array(pair) => match pair.first().and_then(Value::as_i64) {
                    Some(id) => json!(id),
                    None => return Err(bad_value(model, name, value)),
                },
                _ => return Err(bad_value(model, name, value)),
            },
            FieldType::Integer => match value {
                Value::Bool(false) | Value::Null => json!(0),
                Value::Number(n) if n.is_i64() => value.clone(),
                Value::Number(n) => json!(n.as_f64().unwrap_or(0.0) as i64),
                _ => return Err(bad_value(model, name, value)),
            },
            FieldType::Float | FieldType::Monetary => match value {
                Value::Bool(false) | Value::Null => json!(0.0),
                Value::Number(n) => json!(n.as_f64().unwrap_or(0.0)),
                _ => return Err(bad_value(model, name, value)),
            },
            FieldType::Boolean => Value::Bool(match value {
                Value::Bool(b) => *b,
                Value::Null => false,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            }),
            FieldType::Selection => {
                if let (Some(options), false) = (&field.selection, domain::is_empty(value)) {
                    let known = options.iter().any(|o| match (&o.key, value) {
                        (SelectionKey::Str(k), Value::String(v)) => k == v,
                        (SelectionKey::Int(k), Value::Number(v)) => Some(*k) == v.as_i64(),
                        _ => false,
                    });
                    if !known {
                        return Err(EmulatorError::value_error(format!(
                            "Wrong value for {model}.{name}: {}",
                            super::error::py_repr(value)
                        )));
                    }
                }
                if domain::is_empty(value) {
                    Value::Bool(false)
                } else {
                    value.clone()
                }
            }
            _ => match value {
                Value::Null => Value::Bool(false),
                other => other.clone(),
            },
        })
    }

    /// Writes values on existing records as Odoo's `write` does.
    /// Nothing changes when it fails.
    pub fn write(&mut self, model: &str, ids: &[i64], vals: &Value) -> Result<(), EmulatorError> {
        let snapshot = self.snapshot();
        let outcome = self.write_inner(model, ids, vals);
        if outcome.is_err() {
            self.restore(snapshot);
        }
        outcome
    }

    fn write_inner(&mut self, model: &str, ids: &[i64], vals: &Value) -> Result<(), EmulatorError> {
        let Value::Object(vals) = vals else {
            return Err(EmulatorError::type_error(format!(
                "write() values of {model} must be a dictionary, not {}",
                super::error::py_repr(vals)
            )));
        };
        let model_schema = self.model_schema(model)?.clone();
        for name in vals.keys() {
            if model_schema.field(name).is_none() {
                return Err(invalid_field(name, model));
            }
        }
        self.check_exists(model, ids)?;
        let now = now_utc();
        let mut scalars = Map::new();
        let mut x2many = Vec::new();
        for (name, value) in vals {
            let Some(field) = model_schema.field(name) else {
                continue;
            };
            if field.field_type.is_x2many() {
                x2many.push((name.clone(), value.clone()));
            } else {
                scalars.insert(name.clone(), self.convert(model, name, field, value)?);
            }
        }
        if model_schema.field("write_date").is_some() && !scalars.contains_key("write_date") {
            scalars.insert("write_date".into(), json!(now));
        }
        for id in ids {
            if let Some(record) = self
                .tables
                .get_mut(model)
                .and_then(|t| t.records.get_mut(id))
            {
                if scalars.contains_key("name") || scalars.contains_key("parent_id") {
                    record.remove("display_name");
                }
                record.extend(scalars.clone());
            }
            for (name, commands) in &x2many {
                self.apply_x2many(model, *id, name, commands)?;
            }
        }
        // Only the fields written can break a NOT NULL constraint.
        let cleared: Vec<&String> = scalars
            .iter()
            .filter(|(_, v)| domain::is_empty(v))
            .map(|(k, _)| k)
            .collect();
        self.check_recursion(model, ids)?;
        for name in cleared {
            if let Some(field) = model_schema.field(name) {
                let mut probe = Map::new();
                probe.insert(name.clone(), Value::Bool(false));
                let mut only = model_schema.clone();
                only.fields.retain(|k, _| k == name);
                self.check_required(model, &only, &probe, &[])
                    .map_err(|_| self.required_error(model, &model_schema, name, field))?;
            }
        }
        self.recompute(model, ids);
        Ok(())
    }

    /// The few computed fields the emulator keeps up to date: a sales order line's
    /// `price_subtotal` (quantity times unit price) and its order's `amount_untaxed` and
    /// `amount_total` (the sum of the subtotals; no taxes).
    fn recompute(&mut self, model: &str, ids: &[i64]) {
        let has = |store: &Self, m: &str, f: &str| {
            store.schema.model(m).and_then(|s| s.field(f)).is_some()
        };
        let mut orders: Vec<i64> = Vec::new();
        match model {
            "sale.order.line" => {
                for id in ids {
                    let number = |f: &str| self.stored_value(model, *id, f).as_f64().unwrap_or(0.0);
                    let subtotal = number("product_uom_qty") * number("price_unit");
                    if has(self, model, "price_subtotal") {
                        self.set_raw(model, *id, "price_subtotal", json!(subtotal));
                    }
                    if let Some(order) = self.stored_value(model, *id, "order_id").as_i64() {
                        orders.push(order);
                    }
                }
            }
            "sale.order" => orders.extend_from_slice(ids),
            _ => return,
        }
        for order in orders {
            let lines = self.stored_value("sale.order", order, "order_line");
            let untaxed: f64 = lines
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_i64)
                .map(|line| {
                    self.stored_value("sale.order.line", line, "price_subtotal")
                        .as_f64()
                        .unwrap_or(0.0)
                })
                .sum();
            let tax = self
                .stored_value("sale.order", order, "amount_tax")
                .as_f64()
                .unwrap_or(0.0);
            for (field, value) in [("amount_untaxed", untaxed), ("amount_total", untaxed + tax)] {
                if has(self, "sale.order", field) {
                    self.set_raw("sale.order", order, field, json!(value));
                }
            }
        }
    }

    fn check_exists(&self, model: &str, ids: &[i64]) -> Result<(), EmulatorError> {
        let missing: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !self.exists(model, *id))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(EmulatorError::missing_records(model, &missing, self.uid))
        }
    }

    /// Refuses a `parent_id` cycle: `You cannot create recursive Partner hierarchies.` on
    /// contacts, `Recursion Detected.` elsewhere.
    fn check_recursion(&self, model: &str, ids: &[i64]) -> Result<(), EmulatorError> {
        let is_hierarchy = self
            .schema
            .model(model)
            .and_then(|m| m.field("parent_id"))
            .is_some_and(|f| f.relation.as_deref() == Some(model));
        if !is_hierarchy {
            return Ok(());
        }
        for id in ids {
            let mut seen = BTreeSet::new();
            let mut current = *id;
            while let Some(parent) = self.stored_value(model, current, "parent_id").as_i64() {
                if parent == *id || !seen.insert(parent) {
                    let message = if model == "res.partner" {
                        "You cannot create recursive Partner hierarchies.".to_owned()
                    } else {
                        "Recursion Detected.".to_owned()
                    };
                    return Err(EmulatorError::validation(message));
                }
                current = parent;
            }
        }
        Ok(())
    }

    /// Applies x2many commands (or a plain list of ids, read as "set") to one record.
    fn apply_x2many(
        &mut self,
        model: &str,
        id: i64,
        name: &str,
        commands: &Value,
    ) -> Result<(), EmulatorError> {
        let field = self
            .schema
            .model(model)
            .and_then(|m| m.field(name))
            .cloned()
            .ok_or_else(|| invalid_field(name, model))?;
        let relation = field.relation.clone().unwrap_or_default();
        let inverse = field.relation_field.clone().filter(|_| {
            field.field_type == FieldType::One2many && self.schema.model(&relation).is_some()
        });
        let commands: Vec<Value> = match commands {
            Value::Bool(false) | Value::Null => vec![json!([5, 0, 0])],
            Value::Array(items) if items.iter().all(Value::is_number) => {
                vec![json!([6, 0, items])]
            }
            Value::Array(items) => items.clone(),
            other => return Err(bad_value(model, name, other)),
        };
        let mut current: Vec<i64> = match self.stored_value(model, id, name) {
            Value::Array(items) => items.iter().filter_map(Value::as_i64).collect(),
            _ => Vec::new(),
        };
        for command in &commands {
            let parts = command
                .as_array()
                .ok_or_else(|| bad_value(model, name, command))?;
            let code = parts
                .first()
                .and_then(Value::as_i64)
                .ok_or_else(|| bad_value(model, name, command))?;
            let target = parts.get(1).and_then(Value::as_i64);
            match code {
                0 => {
                    let mut vals = parts.get(2).cloned().unwrap_or_else(|| json!({}));
                    if let (Some(inverse), Value::Object(map)) = (&inverse, &mut vals) {
                        map.insert(inverse.clone(), json!(id));
                    }
                    let child = self.create_inner(&relation, &vals)?;
                    current.push(child);
                }
                1 => {
                    let target = target.ok_or_else(|| bad_value(model, name, command))?;
                    let vals = parts.get(2).cloned().unwrap_or_else(|| json!({}));
                    self.write_inner(&relation, &[target], &vals)?;
                }
                2 => {
                    let target = target.ok_or_else(|| bad_value(model, name, command))?;
                    current.retain(|c| *c != target);
                    if self.exists(&relation, target) {
                        self.unlink_raw(&relation, &[target]);
                    }
                }
                3 => {
                    let target = target.ok_or_else(|| bad_value(model, name, command))?;
                    current.retain(|c| *c != target);
                    if let Some(inverse) = &inverse {
                        self.set_raw(&relation, target, inverse, Value::Bool(false));
                    }
                }
                4 => {
                    let target = target.ok_or_else(|| bad_value(model, name, command))?;
                    self.check_exists(&relation, &[target])?;
                    if !current.contains(&target) {
                        current.push(target);
                    }
                    if let Some(inverse) = &inverse {
                        self.set_raw(&relation, target, inverse, json!(id));
                    }
                }
                5 => {
                    if let Some(inverse) = &inverse {
                        for child in &current {
                            self.set_raw(&relation, *child, inverse, Value::Bool(false));
                        }
                    }
                    current.clear();
                }
                6 => {
                    let ids: Vec<i64> = parts
                        .get(2)
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_i64).collect())
                        .unwrap_or_default();
                    self.check_exists(&relation, &ids)?;
                    if let Some(inverse) = &inverse {
                        for child in &current {
                            self.set_raw(&relation, *child, inverse, Value::Bool(false));
                        }
                        for child in &ids {
                            self.set_raw(&relation, *child, inverse, json!(id));
                        }
                    }
                    current = ids;
                }
                _ => return Err(bad_value(model, name, command)),
            }
        }
        if inverse.is_none() {
            let mut unique = Vec::new();
            for c in current {
                if !unique.contains(&c) {
                    unique.push(c);
                }
            }
            self.set_raw(model, id, name, json!(unique));
        }
        Ok(())
    }

    fn set_raw(&mut self, model: &str, id: i64, field: &str, value: Value) {
        if let Some(record) = self
            .tables
            .get_mut(model)
            .and_then(|t| t.records.get_mut(&id))
        {
            record.insert(field.to_owned(), value);
        }
    }

    fn unlink_raw(&mut self, model: &str, ids: &[i64]) {
        if let Some(table) = self.tables.get_mut(model) {
            for id in ids {
                table.records.remove(id);
            }
        }
        // Drop references to the deleted records; children of a one2many go with them when
        // their inverse is required (`ondelete='cascade'` in Odoo), else they are detached.
        let references: Vec<(String, String, bool)> = self
            .schema
            .models
            .iter()
            .flat_map(|(other, model_schema)| {
                model_schema
                    .fields
                    .iter()
                    .filter(|(_, f)| f.relation.as_deref() == Some(model))
                    .map(move |(name, f)| {
                        let cascade = f.required && f.field_type == FieldType::Many2one;
                        (other.clone(), name.clone(), cascade)
                    })
            })
            .collect();
        for (other, name, cascades) in references {
            let Some(table) = self.tables.get_mut(&other) else {
                continue;
            };
            let mut cascade = Vec::new();
            for (rid, record) in table.records.iter_mut() {
                match record.get_mut(&name) {
                    Some(Value::Number(n)) if n.as_i64().is_some_and(|t| ids.contains(&t)) => {
                        if cascades {
                            cascade.push(*rid);
                        } else {
                            record.insert(name.clone(), Value::Bool(false));
                        }
                    }
                    Some(Value::Array(items)) => {
                        items.retain(|v| v.as_i64().is_none_or(|t| !ids.contains(&t)));
                    }
                    _ => {}
                }
            }
            if !cascade.is_empty() && other != model {
                self.unlink_raw(&other, &cascade);
            }
        }
    }

    /// Deletes records as Odoo's `unlink` does (MissingError for ids that do not exist).
    pub fn unlink(&mut self, model: &str, ids: &[i64]) -> Result<(), EmulatorError> {
        self.model_schema(model)?;
        self.check_exists(model, ids)?;
        self.unlink_raw(model, ids);
        Ok(())
    }

    /// Reads records as Odoo's `read` does: `id` plus the fields asked (all when `None`), many2one
    /// as `[id, display_name]`, x2many as id lists, `false` for empty values. Ids that do not
    /// exist are left out.
    pub fn read(
        &self,
        model: &str,
        ids: &[i64],
        fields: Option<&[String]>,
    ) -> Result<Vec<Value>, EmulatorError> {
        self.read_with(model, ids, fields, true)
    }

    /// [`Store::read`]; with `names` false (Odoo's `load=None`), a many2one reads as its bare
    /// id.
    pub fn read_with(
        &self,
        model: &str,
        ids: &[i64],
        fields: Option<&[String]>,
        with_names: bool,
    ) -> Result<Vec<Value>, EmulatorError> {
        let model_schema = self.model_schema(model)?;
        let names: Vec<String> = match fields {
            Some(fields) if !fields.is_empty() => {
                for f in fields {
                    if f != "id" && model_schema.field(f).is_none() {
                        return Err(invalid_field(f, model));
                    }
                }
                fields.to_vec()
            }
            _ => model_schema.fields.keys().cloned().collect(),
        };
        let bin_size = self.context.get("bin_size") == Some(&Value::Bool(true));
        let mut rows = Vec::new();
        for id in ids {
            if !self.exists(model, *id) {
                continue;
            }
            let mut row = Map::new();
            row.insert("id".into(), json!(id));
            for name in &names {
                if name == "id" {
                    continue;
                }
                let Some(field) = model_schema.field(name) else {
                    continue;
                };
                let value = match self.stored_value(model, *id, name) {
                    Value::Number(target)
                        if !with_names && field.field_type == FieldType::Many2one =>
                    {
                        Value::Number(target)
                    }
                    _ => self.read_value(model, *id, name, field, bin_size),
                };
                row.insert(name.clone(), value);
            }
            rows.push(Value::Object(row));
        }
        Ok(rows)
    }

    fn read_value(
        &self,
        model: &str,
        id: i64,
        name: &str,
        field: &FieldSchema,
        bin_size: bool,
    ) -> Value {
        if name == "display_name" {
            return json!(self.display_name(model, id));
        }
        let raw = self.stored_value(model, id, name);
        match field.field_type {
            FieldType::Many2one => match raw.as_i64() {
                Some(target) => {
                    let relation = field.relation.as_deref().unwrap_or_default();
                    json!([target, self.display_name(relation, target)])
                }
                None => Value::Bool(false),
            },
            FieldType::Binary if bin_size => match &raw {
                Value::String(data) if !data.is_empty() => json!(human_size(data)),
                _ => Value::Bool(false),
            },
            _ if raw.is_null() => empty_value(field),
            FieldType::Integer | FieldType::Float | FieldType::Monetary | FieldType::Boolean => raw,
            _ if domain::is_empty(&raw) && !raw.is_array() => Value::Bool(false),
            _ => raw,
        }
    }

    /// Reads records for the web client (`web_read`, `web_search_read` from 17): the fields of
    /// the specification; a many2one as `{"id", "display_name"}` when its spec asks for fields
    /// (else the bare id), an x2many as nested records when its spec asks for fields.
    pub fn read_specification(
        &self,
        model: &str,
        ids: &[i64],
        spec: &Map<String, Value>,
    ) -> Result<Vec<Value>, EmulatorError> {
        let Some(model_schema) = self.schema.model(model) else {
            // A related model the schema does not describe: ids and display names only.
            return Ok(ids
                .iter()
                .map(|id| {
                    let mut row = Map::new();
                    row.insert("id".into(), json!(id));
                    if spec.contains_key("display_name") {
                        row.insert("display_name".into(), json!(self.display_name(model, *id)));
                    }
                    Value::Object(row)
                })
                .collect());
        };
        for name in spec.keys() {
            if name != "id" && model_schema.field(name).is_none() {
                return Err(invalid_field(name, model));
            }
        }
        let mut rows = Vec::new();
        for id in ids {
            if !self.exists(model, *id) {
                continue;
            }
            let mut row = Map::new();
            row.insert("id".into(), json!(id));
            for (name, sub) in spec {
                if name == "id" {
                    continue;
                }
                let Some(field) = model_schema.field(name) else {
                    continue;
                };
                let relation = field.relation.as_deref().unwrap_or_default();
                let sub_fields = sub.get("fields").and_then(Value::as_object);
                let value = match (&field.field_type, sub_fields) {
                    (FieldType::Many2one, sub_fields) => {
                        match self.stored_value(model, *id, name).as_i64() {
                            None => Value::Bool(false),
                            Some(target) => match sub_fields {
                                None => json!(target),
                                Some(sub_spec) => {
                                    let mut nested = self
                                        .read_specification(relation, &[target], sub_spec)?
                                        .pop()
                                        .unwrap_or_else(|| json!({"id": target}));
                                    if let (Some(obj), true) = (
                                        nested.as_object_mut(),
                                        sub_spec.contains_key("display_name"),
                                    ) {
                                        obj.insert(
                                            "display_name".into(),
                                            json!(self.display_name(relation, target)),
                                        );
                                    }
                                    nested
                                }
                            },
                        }
                    }
                    (FieldType::One2many | FieldType::Many2many, Some(sub_spec)) => {
                        let targets: Vec<i64> = self
                            .stored_value(model, *id, name)
                            .as_array()
                            .map(|a| a.iter().filter_map(Value::as_i64).collect())
                            .unwrap_or_default();
                        Value::Array(self.read_specification(relation, &targets, sub_spec)?)
                    }
                    _ => self.read_value(model, *id, name, field, false),
                };
                row.insert(name.clone(), value);
            }
            rows.push(Value::Object(row));
        }
        Ok(rows)
    }
}

fn human_size(base64: &str) -> String {
    let bytes = base64.trim_end_matches('=').len() * 3 / 4;
    let units = ["bytes", "Kb", "Mb", "Gb"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit + 1 < units.len() {
        size /= 1024.0;
        unit += 1;
    }
    format!("{size:.2} {}", units[unit])
}

/// Odoo's error for a field that is not on the model.
pub(crate) fn invalid_field(name: &str, model: &str) -> EmulatorError {
    EmulatorError::value_error(format!("Invalid field '{name}' on model '{model}'"))
}

fn bad_value(model: &str, name: &str, value: &Value) -> EmulatorError {
    EmulatorError::value_error(format!(
        "Wrong value for {model}.{name}: {}",
        super::error::py_repr(value)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        let schema = Schema::from_json(include_str!("../demo/schema.json")).expect("demo schema");
        Store::new(schema, OdooVersion::V18)
    }

    #[test]
    fn create_read_write_unlink() {
        let mut s = store();
        s.insert("res.country", json!({"id": 5, "name": "Belgium"}))
            .expect("seed");
        let id = s
            .create(
                "res.partner",
                &json!({"name": "Ann", "country_id": 5, "email": "a@x.test"}),
            )
            .expect("create");
        let rows = s
            .read(
                "res.partner",
                &[id],
                Some(&[
                    "name".into(),
                    "country_id".into(),
                    "phone".into(),
                    "is_company".into(),
                    "category_id".into(),
                ]),
            )
            .expect("read");
        assert_eq!(
            rows,
            [
                json!({"id": id, "name": "Ann", "country_id": [5, "Belgium"], "phone": false, "is_company": false, "category_id": []})
            ]
        );
        s.write("res.partner", &[id], &json!({"email": false}))
            .expect("write");
        assert_eq!(
            s.stored_value("res.partner", id, "email"),
            Value::Bool(false)
        );
        s.unlink("res.partner", &[id]).expect("unlink");
        assert!(s.read("res.partner", &[id], None).expect("read").is_empty());
        let e = s
            .write("res.partner", &[id], &json!({"name": "x"}))
            .expect_err("missing");
        assert_eq!(e.kind(), &super::super::ExceptionClass::MissingError);
    }

    #[test]
    fn x2many_commands() {
        let mut s = store();
        for (id, name) in [(1, "A"), (2, "B"), (3, "C")] {
            s.insert("res.partner.category", json!({"id": id, "name": name}))
                .expect("seed");
        }
        let id = s
            .create(
                "res.partner",
                &json!({"name": "Co", "is_company": true, "category_id": [[6, 0, [1, 2]]],
                        "child_ids": [[0, 0, {"name": "Kid A"}], [0, 0, {"name": "Kid B"}]]}),
            )
            .expect("create");
        let kids = s.stored_value("res.partner", id, "child_ids");
        let kids: Vec<i64> = kids
            .as_array()
            .expect("list")
            .iter()
            .filter_map(Value::as_i64)
            .collect();
        assert_eq!(kids.len(), 2);
        s.write(
            "res.partner",
            &[id],
            &json!({"category_id": [[4, 3], [3, 1]],
                    "child_ids": [[1, kids[0], {"email": "a@x.test"}], [2, kids[1]], [0, 0, {"name": "Kid C"}]]}),
        )
        .expect("write");
        assert_eq!(
            s.stored_value("res.partner", id, "category_id"),
            json!([2, 3])
        );
        let now: Vec<i64> = s
            .stored_value("res.partner", id, "child_ids")
            .as_array()
            .expect("list")
            .iter()
            .filter_map(Value::as_i64)
            .collect();
        assert_eq!(now.len(), 2);
        assert!(!s.exists("res.partner", kids[1]));
        assert_eq!(s.display_name("res.partner", kids[0]), "Co, Kid A");
        s.write("res.partner", &[id], &json!({"category_id": [[5, 0, 0]]}))
            .expect("clear");
        assert_eq!(s.stored_value("res.partner", id, "category_id"), json!([]));
    }

    #[test]
    fn required_and_recursion() {
        let mut s = store();
        let e = s
            .create("res.partner.category", &json!({"color": 3}))
            .expect_err("required");
        assert_eq!(e.kind(), &super::super::ExceptionClass::ValidationError);
        assert!(
            e.message().contains("(res.partner.category)"),
            "{}",
            e.message()
        );
        let a = s
            .create("res.partner", &json!({"name": "A"}))
            .expect("create");
        let e = s
            .write("res.partner", &[a], &json!({"parent_id": a}))
            .expect_err("recursion");
        assert_eq!(
            e.message(),
            "You cannot create recursive Partner hierarchies."
        );
        assert_eq!(s.stored_value("res.partner", a, "parent_id"), Value::Null);
        let e = s
            .create("res.partner", &json!({"nope": 1}))
            .expect_err("unknown field");
        assert_eq!(e.message(), "Invalid field 'nope' on model 'res.partner'");
    }

    #[test]
    fn order_limit_offset_and_active() {
        let mut s = store();
        for (name, active) in [("b", true), ("a", true), ("c", false), ("d", true)] {
            s.create("res.partner", &json!({"name": name, "active": active}))
                .expect("create");
        }
        let all = s
            .search_ids("res.partner", &json!([]), Some("name desc"), 0, None, None)
            .expect("search");
        let names: Vec<String> = all
            .iter()
            .map(|id| s.display_name("res.partner", *id))
            .collect();
        assert_eq!(names, ["d", "b", "a"]);
        let page = s
            .search(
                "res.partner",
                &json!([]),
                &SearchOptions::new().order("name").offset(1).limit(1),
            )
            .expect("search");
        assert_eq!(s.display_name("res.partner", page[0]), "b");
        let with_inactive = s
            .search(
                "res.partner",
                &json!([["active", "in", [true, false]]]),
                &SearchOptions::new(),
            )
            .expect("search");
        assert_eq!(with_inactive.len(), 4);
        assert!(now_utc().len() == 19);
    }

    #[test]
    fn multi_key_order_and_bad_orders() {
        let mut s = store();
        for (name, company) in [("b", false), ("a", true), ("c", true), ("a", false)] {
            s.create("res.partner", &json!({"name": name, "is_company": company}))
                .expect("create");
        }
        let ids = s
            .search(
                "res.partner",
                &json!([]),
                &SearchOptions::new().order("is_company desc, name asc, id desc"),
            )
            .expect("search");
        let rows: Vec<(bool, String, i64)> = ids
            .iter()
            .map(|id| {
                let r = s.record("res.partner", *id).expect("exists");
                (
                    r["is_company"].as_bool().unwrap_or(false),
                    s.display_name("res.partner", *id),
                    *id,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (true, "a".into(), 2),
                (true, "c".into(), 3),
                (false, "a".into(), 4),
                (false, "b".into(), 1)
            ]
        );
        assert_eq!(
            s.search("res.partner", &json!([]), &SearchOptions::new())
                .expect("search"),
            [1, 2, 3, 4]
        );
        let e = s
            .search(
                "res.partner",
                &json!([]),
                &SearchOptions::new().order("nope"),
            )
            .expect_err("unknown field");
        assert_eq!(e.message(), "Invalid field 'nope' on model 'res.partner'");
        assert!(s
            .search(
                "res.partner",
                &json!([]),
                &SearchOptions::new().order("name sideways")
            )
            .is_err());
        let bare = s
            .read_with("res.partner", &[1], Some(&["country_id".into()]), false)
            .expect("read");
        assert_eq!(bare[0]["country_id"], json!(false));
    }

    #[test]
    fn failed_calls_change_nothing() {
        let mut s = store();
        s.insert("res.partner.category", json!({"id": 1, "name": "A"}))
            .expect("seed");
        let id = s
            .create(
                "res.partner",
                &json!({"name": "Co", "category_id": [[6, 0, [1]]]}),
            )
            .expect("create");
        let before = s.record("res.partner", id).cloned();
        let e = s
            .write(
                "res.partner",
                &[id],
                &json!({"name": "Renamed", "child_ids": [[0, 0, {"name": "Kid"}], [4, 999]]}),
            )
            .expect_err("unknown child");
        assert_eq!(e.kind(), &super::super::ExceptionClass::MissingError);
        assert_eq!(s.record("res.partner", id).cloned(), before);
        assert_eq!(s.ids("res.partner"), [id]);
        let e = s
            .create(
                "res.partner",
                &json!({"name": "X", "child_ids": [[0, 0, {"nope": 1}]]}),
            )
            .expect_err("bad child");
        assert_eq!(e.kind(), &super::super::ExceptionClass::ValueError);
        assert_eq!(s.ids("res.partner"), [id]);
    }
}
