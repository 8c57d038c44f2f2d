//! How derived models read Odoo records and write values, without a server.

use odoo_core::types::{Command, Date, Many2one, X2many};
use odoo_core::{Domain, Model, OdooModel, OdooSelection, RustKind, Values};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum State {
    Draft,
    #[odoo(value = "sale")]
    Confirmed,
    #[odoo(other)]
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum Level {
    #[odoo(value = 1)]
    Low,
    #[odoo(value = 2)]
    High,
    #[odoo(other)]
    Unknown(String),
}

#[derive(Debug, PartialEq, OdooModel)]
#[odoo(model = "sale.order", schema = false)]
pub struct Order {
    pub id: i64,
    pub name: String,
    pub note: Option<String>,
    pub state: Option<State>,
    pub level: Option<Level>,
    pub locked: bool,
    pub amount_total: f64,
    pub partner_id: Option<Many2one>,
    pub order_line: X2many,
    pub validity_date: Option<Date>,
    #[odoo(skip)]
    pub cache: Vec<u8>,
}

fn order(value: serde_json::Value) -> Result<Order, String> {
    serde_path_to_error::deserialize::<_, Order>(value).map_err(|e| e.to_string())
}

#[test]
fn false_reads_as_none_and_values_as_some() {
    let o = order(json!({
        "id": 7, "name": "S007", "note": false, "state": "sale", "level": 2, "locked": false,
        "amount_total": 10, "partner_id": [3, "Acme"], "order_line": [1, 2],
        "validity_date": "2026-12-01", "unknown_field": {"ignored": true}
    }))
    .expect("reads");
    assert_eq!(o.note, None);
    assert_eq!(o.state, Some(State::Confirmed));
    assert_eq!(o.level, Some(Level::High));
    assert!(!o.locked);
    assert!((o.amount_total - 10.0).abs() < f64::EPSILON);
    assert_eq!(o.partner_id.as_ref().and_then(Many2one::name), Some("Acme"));
    assert_eq!(o.order_line.ids(), &[1, 2]);
    assert_eq!(o.validity_date, Date::from_ymd(2026, 12, 1));
    assert!(o.cache.is_empty());
}

#[test]
fn unknown_selection_keys_read_into_the_fallback() {
    let o = order(json!({
        "id": 1, "name": "x", "state": "archived", "level": 9, "locked": true,
        "amount_total": 0.0, "order_line": []
    }))
    .expect("reads");
    assert_eq!(o.state, Some(State::Unknown("archived".into())));
    assert_eq!(o.level, Some(Level::Unknown("9".into())));
    // Keys absent from the record: Option fields are None; others are errors.
    assert_eq!(o.note, None);
    assert_eq!(o.partner_id, None);
}

#[test]
fn errors_name_the_field_and_the_fix() {
    let empty_name =
        order(json!({"id": 1, "name": false, "locked": true, "amount_total": 0, "order_line": []}))
            .expect_err("false into String");
    assert!(empty_name.contains("name"), "{empty_name}");
    assert!(empty_name.contains("Option<String>"), "{empty_name}");

    let missing = order(json!({"id": 1, "locked": true, "amount_total": 0, "order_line": []}))
        .expect_err("no name");
    assert!(missing.contains("missing field `name`"), "{missing}");

    let wrong =
        order(json!({"id": 1, "name": "x", "locked": "yes", "amount_total": 0, "order_line": []}))
            .expect_err("string into bool");
    assert!(wrong.starts_with("locked"), "{wrong}");

    let twice = serde_json::from_str::<Order>(
        r#"{"id": 1, "name": "x", "name": "y", "locked": true, "amount_total": 0, "order_line": []}"#,
    )
    .expect_err("duplicate");
    assert!(
        twice.to_string().contains("duplicate field `name`"),
        "{twice}"
    );

    let not_a_record = order(json!([1, 2])).expect_err("a list");
    assert!(
        not_a_record.contains("a record of sale.order"),
        "{not_a_record}"
    );
}

#[test]
fn values_send_set_and_cleared_fields_only() {
    let f = Order::fields();
    let vals = Values::<Order>::new()
        .set(&f.name, "S1")
        .set(&f.partner_id, 3)
        .set(&f.state, State::Draft)
        .set(&f.level, Level::Low)
        .set(&f.order_line, [Command::link(4), Command::set([5, 6])])
        .clear(&f.note)
        .set(&f.locked, false)
        .set(&f.validity_date, Date::from_ymd(2026, 1, 2).expect("date"));
    assert_eq!(
        serde_json::to_value(&vals).expect("serializes"),
        json!({
            "name": "S1", "partner_id": 3, "state": "draft", "level": 1,
            "order_line": [[4, 4], [6, 0, [5, 6]]], "note": false, "locked": false,
            "validity_date": "2026-01-02"
        })
    );
    let cleared = Values::<Order>::new()
        .clear(&f.order_line)
        .clear(&f.partner_id);
    assert_eq!(
        serde_json::to_value(&cleared).expect("serializes"),
        json!({"order_line": [[5, 0, 0]], "partner_id": false})
    );
    assert!(Values::<Order>::new().is_empty());
}

#[test]
fn metadata_describes_each_field() {
    let kinds: Vec<(&str, RustKind, bool)> = Order::FIELDS
        .iter()
        .map(|f| (f.name, f.kind, f.optional))
        .collect();
    assert_eq!(kinds[0], ("id", RustKind::Int, false));
    assert_eq!(kinds[2], ("note", RustKind::Text, true));
    assert_eq!(kinds[3], ("state", RustKind::Selection, true));
    assert_eq!(kinds[8], ("order_line", RustKind::X2many, true));
    assert_eq!(Order::FIELDS.len(), 10, "skip fields are not read");
    assert!(!Order::field_names().contains(&"id"));
}

#[test]
fn selection_values_compare_in_domains() {
    let f = Order::fields();
    let d: Domain<Order> =
        f.state.is_in([State::Draft, State::Confirmed]) | f.level.eq(Level::High);
    assert_eq!(
        d.to_value(),
        json!(["|", ["state", "in", ["draft", "sale"]], ["level", "=", 2]])
    );
}

#[test]
fn integers_beyond_32_bits_arrive_as_floats_and_still_read() {
    let o = order(json!({
        "id": 3_000_000_000.0_f64, "name": "x", "locked": true, "amount_total": 0, "order_line": []
    }))
    .expect("an integral float reads as i64");
    assert_eq!(o.id, 3_000_000_000);
    let fraction =
        order(json!({"id": 1.5, "name": "x", "locked": true, "amount_total": 0, "order_line": []}))
            .expect_err("1.5 is not an integer");
    assert!(fraction.starts_with("id"), "{fraction}");
}

#[test]
fn builder_debug_hides_credentials_in_the_url() {
    let builder = odoo_core::Client::builder("https://bot:hunter2@odoo.example.com/?token=hunter2");
    let text = format!("{builder:?}");
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("odoo.example.com"), "{text}");
}

/// `amount_total` is marked read-only; the others are writable (no snapshot: `schema = false`).
#[derive(Debug, OdooModel)]
#[odoo(model = "sale.order", schema = false)]
pub struct Totals {
    pub id: i64,
    pub name: String,
    #[odoo(readonly)]
    pub amount_total: f64,
    pub partner_id: Option<Many2one<Customer>>,
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner", schema = false)]
pub struct Customer {
    pub id: i64,
    pub name: Option<String>,
}

#[test]
fn read_only_fields_are_in_domains_and_only_in_deliberate_writes() {
    let f = Totals::fields();
    let readonly: Vec<(&str, bool)> = Totals::FIELDS
        .iter()
        .map(|field| (field.name, field.readonly))
        .collect();
    assert_eq!(
        readonly,
        [
            ("id", false),
            ("name", false),
            ("amount_total", true),
            ("partner_id", false)
        ]
    );
    let domain: Domain<Totals> =
        f.amount_total.gt(100.0) & f.partner_id.path(|p| p.name).ilike("acme");
    assert_eq!(
        domain.to_value(),
        json!([
            "&",
            ["amount_total", ">", 100.0],
            ["partner_id.name", "ilike", "acme"]
        ])
    );
    assert_eq!(f.amount_total.desc().as_string(), "amount_total desc");
    let forced = Values::<Totals>::new()
        .set(&f.name, "S1")
        .set_readonly(&f.amount_total, 12.5)
        .set_readonly(&f.partner_id.path(|p| p.name), "Acme");
    assert_eq!(
        serde_json::to_value(&forced).expect("serializes"),
        json!({"name": "S1", "amount_total": 12.5, "partner_id.name": "Acme"})
    );
    // A hand-made read-only handle, and a writable one turned read-only.
    let total: odoo_core::Field<Totals, f64, odoo_core::ReadOnly> =
        odoo_core::Field::new_readonly("amount_total");
    assert_eq!(total.name(), "amount_total");
    assert_eq!(f.name.to_readonly().name(), "name");
}

/// Checked against both mini snapshots of the UI tests, named in the attribute: `reference`
/// is computed without an inverse in 19 only, and so read-only here.
#[derive(Debug, OdooModel)]
#[odoo(
    model = "stock.move",
    schema = ["../ui-tests/ui/snapshots/odoo16-mini.json", "../ui-tests/ui/snapshots/odoo19-mini.json"]
)]
pub struct Move {
    pub id: i64,
    pub name: String,
    pub product_uom_qty: f64,
    pub reference: Option<String>,
}

#[test]
fn a_struct_checked_against_two_snapshots_is_read_only_where_either_says_so() {
    let readonly: Vec<&str> = Move::FIELDS
        .iter()
        .filter(|field| field.readonly)
        .map(|field| field.name)
        .collect();
    // `id` is automatic, so read-only everywhere; `reference` is read-only in 19.
    assert_eq!(readonly, ["id", "reference"]);
    let f = Move::fields();
    let values = Values::<Move>::new()
        .set(&f.product_uom_qty, 2.0)
        .set_readonly(&f.reference, "WH/OUT/1");
    assert_eq!(
        serde_json::to_value(&values).expect("serializes"),
        json!({"product_uom_qty": 2.0, "reference": "WH/OUT/1"})
    );
}
