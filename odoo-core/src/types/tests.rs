//! Tests against values cut from recorded exchanges with Odoo 16 to 19, and against the
//! recordings themselves when they are on disk.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};

use super::{
    odoo_option, selection, AnyModel, Binary, Command, Date, DateTime, FieldUpdate, Json, Many2one,
    Many2oneReference, Reference, SelectionKey, SelectionValue, ValueError, X2many,
};

// ---------------------------------------------------------------------------------------
// Model markers and selection enums, as a code generator would write them.

#[derive(Debug)]
struct Partner;
#[derive(Debug)]
struct Category;
#[derive(Debug)]
struct Country;
#[derive(Debug)]
struct SaleOrderLine;

/// `res.partner.type`
#[derive(Debug, Clone, PartialEq, Eq)]
enum PartnerType {
    Contact,
    Invoice,
    Delivery,
    Other,
    Private,
    Unknown(String),
}

impl SelectionValue for PartnerType {
    fn from_key(key: SelectionKey) -> Self {
        match key.as_str() {
            Some("contact") => Self::Contact,
            Some("invoice") => Self::Invoice,
            Some("delivery") => Self::Delivery,
            Some("other") => Self::Other,
            Some("private") => Self::Private,
            _ => Self::Unknown(key.into_string()),
        }
    }

    fn key(&self) -> SelectionKey {
        match self {
            Self::Contact => "contact".into(),
            Self::Invoice => "invoice".into(),
            Self::Delivery => "delivery".into(),
            Self::Other => "other".into(),
            Self::Private => "private".into(),
            Self::Unknown(key) => key.as_str().into(),
        }
    }
}

impl Serialize for PartnerType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        selection::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for PartnerType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        selection::deserialize(deserializer)
    }
}

/// `sale.order.state`; used without serde impls, through `selection` helpers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum SaleState {
    Draft,
    Sent,
    Sale,
    Cancel,
    Unknown(SelectionKey),
}

impl SelectionValue for SaleState {
    fn from_key(key: SelectionKey) -> Self {
        match key.as_str() {
            Some("draft") => Self::Draft,
            Some("sent") => Self::Sent,
            Some("sale") => Self::Sale,
            Some("cancel") => Self::Cancel,
            _ => Self::Unknown(key),
        }
    }

    fn key(&self) -> SelectionKey {
        match self {
            Self::Draft => "draft".into(),
            Self::Sent => "sent".into(),
            Self::Sale => "sale".into(),
            Self::Cancel => "cancel".into(),
            Self::Unknown(key) => key.clone(),
        }
    }
}

/// `res.users.sel_groups_1_10_11` (Odoo 16-18): integer keys, the ids of groups.
#[derive(Debug, Clone, PartialEq, Eq)]
enum UserType {
    Internal,
    Portal,
    Public,
    Unknown(SelectionKey),
}

impl SelectionValue for UserType {
    fn from_key(key: SelectionKey) -> Self {
        match key.as_int() {
            Some(1) => Self::Internal,
            Some(10) => Self::Portal,
            Some(11) => Self::Public,
            _ => Self::Unknown(key),
        }
    }

    fn key(&self) -> SelectionKey {
        match self {
            Self::Internal => 1.into(),
            Self::Portal => 10.into(),
            Self::Public => 11.into(),
            Self::Unknown(key) => key.clone(),
        }
    }
}

impl Serialize for UserType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        selection::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for UserType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        selection::deserialize(deserializer)
    }
}

// ---------------------------------------------------------------------------------------
// Read structs for the recorded `read` calls.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerRead {
    id: i64,
    name: String,
    is_company: bool,
    #[serde(default, with = "odoo_option")]
    company_type: Option<SelectionKey>,
    #[serde(rename = "type", default, with = "odoo_option")]
    kind: Option<PartnerType>,
    #[serde(default, with = "odoo_option")]
    parent_id: Option<Many2one<Partner>>,
    child_ids: X2many<Partner>,
    category_id: X2many<Category>,
    #[serde(default, with = "odoo_option")]
    country_id: Option<Many2one<Country>>,
    #[serde(default, with = "odoo_option")]
    email: Option<String>,
    #[serde(default, with = "odoo_option")]
    phone: Option<String>,
    /// Gone in Odoo 19.
    #[serde(default, with = "odoo_option")]
    mobile: Option<String>,
    #[serde(default, with = "odoo_option")]
    website: Option<String>,
    #[serde(default, with = "odoo_option")]
    comment: Option<String>,
    #[serde(default, with = "odoo_option")]
    barcode: Option<String>,
    #[serde(default, with = "odoo_option")]
    vat: Option<String>,
    #[serde(default, with = "odoo_option")]
    lang: Option<String>,
    #[serde(default, with = "odoo_option")]
    tz: Option<String>,
    color: i64,
    partner_latitude: f64,
    credit_limit: f64,
    active: bool,
    #[serde(default, with = "odoo_option")]
    image_128: Option<Binary>,
    create_date: DateTime,
    write_date: DateTime,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SaleOrderRead {
    id: i64,
    name: String,
    partner_id: Many2one<Partner>,
    #[serde(default, with = "odoo_option")]
    user_id: Option<Many2one>,
    order_line: X2many<SaleOrderLine>,
    tag_ids: X2many,
    date_order: DateTime,
    #[serde(default, with = "odoo_option")]
    validity_date: Option<Date>,
    #[serde(default, with = "odoo_option")]
    commitment_date: Option<DateTime>,
    #[serde(with = "selection")]
    state: SaleState,
    /// Absent in Odoo 16.
    #[serde(default)]
    locked: bool,
    amount_untaxed: f64,
    amount_tax: f64,
    amount_total: f64,
    currency_id: Many2one,
    #[serde(default, with = "odoo_option")]
    pricelist_id: Option<Many2one>,
    #[serde(default, with = "odoo_option")]
    note: Option<String>,
    #[serde(default, with = "odoo_option")]
    client_order_ref: Option<String>,
    #[serde(default, with = "selection::option")]
    invoice_status: Option<SelectionKey>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AttachmentRead {
    id: i64,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, with = "odoo_option")]
    datas: Option<Binary>,
    #[serde(default, with = "odoo_option")]
    mimetype: Option<String>,
    file_size: i64,
    #[serde(default, with = "odoo_option")]
    checksum: Option<String>,
    #[serde(default, with = "odoo_option")]
    res_model: Option<String>,
    #[serde(default, with = "odoo_option")]
    res_id: Option<Many2oneReference>,
    #[serde(default, with = "odoo_option")]
    url: Option<String>,
    public: bool,
    create_date: DateTime,
}

// ---------------------------------------------------------------------------------------
// many2one

#[test]
fn many2one_reads_every_recorded_shape() {
    let pair: Many2one<Country> = serde_json::from_str(r#"[233, "United States"]"#).unwrap();
    assert_eq!((pair.id(), pair.name()), (233, Some("United States")));

    let no_name: Many2one = serde_json::from_str("[12, false]").unwrap();
    assert_eq!((no_name.id(), no_name.name()), (12, None));

    let spec: Many2one<Partner> =
        serde_json::from_str(r#"{"id": 12, "display_name": "Ready Mat"}"#).unwrap();
    assert_eq!(spec, Many2one::with_name(12, "Ready Mat"));

    let extra: Many2one =
        serde_json::from_str(r#"{"id": 3, "display_name": "X", "email": false, "tags": [1, 2]}"#)
            .unwrap();
    assert_eq!(extra, Many2one::with_name(3, "X"));

    let only_name: Many2one = serde_json::from_str(r#"{"name": "Y", "id": 4}"#).unwrap();
    assert_eq!(only_name, Many2one::with_name(4, "Y"));

    let bare_id: Many2one = serde_json::from_str(r#"{"id": 5}"#).unwrap();
    assert_eq!(bare_id, Many2one::new(5));

    let int: Many2one = serde_json::from_str("42").unwrap();
    assert_eq!(int, Many2one::new(42));

    // From a serde_json::Value too, as transports may hand over parsed values.
    let from_value: Many2one = serde_json::from_value(json!([1, "USD"])).unwrap();
    assert_eq!(from_value, Many2one::with_name(1, "USD"));
}

#[test]
fn many2one_writes_the_bare_id_and_casts() {
    let link: Many2one<Partner> = Many2one::with_name(12, "Ready Mat");
    assert_eq!(serde_json::to_string(&link).unwrap(), "12");
    let any: Many2one = link.clone().cast();
    assert_eq!(any.id(), 12);
    assert_eq!(i64::from(any), 12);
    assert_eq!(
        format!("{link:?}"),
        r#"Many2one { id: 12, name: Some("Ready Mat") }"#
    );
}

#[test]
fn many2one_rejects_false_and_other_shapes_clearly() {
    let err = serde_json::from_str::<Many2one>("false")
        .unwrap_err()
        .to_string();
    assert!(err.contains("found `false`"), "{err}");
    assert!(err.contains("Option<_>"), "{err}");
    assert!(err.contains("odoo_option"), "{err}");

    let err = serde_json::from_str::<Many2one>("null")
        .unwrap_err()
        .to_string();
    assert!(err.contains("found `null`"), "{err}");

    for bad in [
        r#""abc""#,
        "[]",
        r#"[1, "a", 3]"#,
        r#"{"display_name": "x"}"#,
        "true",
        "1.5",
    ] {
        assert!(
            serde_json::from_str::<Many2one>(bad).is_err(),
            "{bad} should fail"
        );
    }
    let err = serde_json::from_value::<Many2one>(json!(false))
        .unwrap_err()
        .to_string();
    assert!(err.contains("odoo_option"), "{err}");
}

#[test]
fn optional_many2one_reads_false_and_writes_false() {
    #[derive(Debug, Deserialize, Serialize)]
    struct Row {
        #[serde(default, with = "odoo_option")]
        parent_id: Option<Many2one<Partner>>,
    }
    let empty: Row = serde_json::from_str(r#"{"parent_id": false}"#).unwrap();
    assert!(empty.parent_id.is_none());
    let null: Row = serde_json::from_str(r#"{"parent_id": null}"#).unwrap();
    assert!(null.parent_id.is_none());
    let missing: Row = serde_json::from_str("{}").unwrap();
    assert!(missing.parent_id.is_none());
    let set: Row = serde_json::from_str(r#"{"parent_id": [9, "Wood Corner"]}"#).unwrap();
    assert_eq!(set.parent_id, Some(Many2one::with_name(9, "Wood Corner")));

    assert_eq!(
        serde_json::to_string(&empty).unwrap(),
        r#"{"parent_id":false}"#
    );
    assert_eq!(serde_json::to_string(&set).unwrap(), r#"{"parent_id":9}"#);
}

// ---------------------------------------------------------------------------------------
// one2many / many2many

#[test]
fn x2many_reads_id_lists_objects_and_false() {
    let ids: X2many<Partner> = serde_json::from_str("[18, 33, 17]").unwrap();
    assert_eq!(ids.ids(), &[18, 33, 17]);
    assert_eq!(ids.len(), 3);
    assert!(ids.contains(33));
    assert_eq!((&ids).into_iter().sum::<i64>(), 68);

    let empty: X2many = serde_json::from_str("[]").unwrap();
    assert!(empty.is_empty());
    let from_false: X2many = serde_json::from_str("false").unwrap();
    assert!(from_false.is_empty());
    let from_null: X2many = serde_json::from_str("null").unwrap();
    assert!(from_null.is_empty());

    // web_search_read / JSON-2 with a specification (Odoo 17-19).
    let tags: X2many<Category> = serde_json::from_str(
        r#"[{"id": 7, "display_name": "Vendor / Desk Manufacturers"}, {"id": 6, "display_name": "Vendor / Office Supplies"}]"#,
    )
    .unwrap();
    assert_eq!(tags.ids(), &[7, 6]);
    // web_read of sale order lines with their own sub-fields.
    let lines: X2many<SaleOrderLine> = serde_json::from_str(
        r#"[{"id": 4, "name": "Virtual Interior Design", "price_subtotal": 1800.0}, {"id": 5, "name": "Virtual Home Staging", "price_subtotal": 1147.5}]"#,
    )
    .unwrap();
    assert_eq!(lines.into_ids(), vec![4, 5]);

    for bad in ["true", r#""1,2""#, r#"[1, "a"]"#, r#"[{"name": "x"}]"#] {
        assert!(
            serde_json::from_str::<X2many>(bad).is_err(),
            "{bad} should fail"
        );
    }
}

#[test]
fn x2many_writes_the_id_list() {
    let tags: X2many<Category> = [7, 6].into_iter().collect();
    assert_eq!(serde_json::to_string(&tags).unwrap(), "[7,6]");
    assert_eq!(format!("{tags:?}"), "X2many([7, 6])");
    let cast: X2many<AnyModel> = tags.cast();
    assert_eq!(Vec::from(cast), vec![7, 6]);
}

// ---------------------------------------------------------------------------------------
// Commands

#[test]
fn commands_serialize_to_the_recorded_shapes() {
    let cases: Vec<(Command<Partner>, &str)> = vec![
        (
            Command::try_create(json!({"name": "Child C"})).unwrap(),
            r#"[0,0,{"name":"Child C"}]"#,
        ),
        (
            Command::try_update(70, json!({"email": "child.a@example.com"})).unwrap(),
            r#"[1,70,{"email":"child.a@example.com"}]"#,
        ),
        (Command::delete(71), "[2,71]"),
        (Command::unlink(1), "[3,1]"),
        (Command::link(3), "[4,3]"),
        (Command::clear(), "[5,0,0]"),
        (Command::set([1, 2]), "[6,0,[1,2]]"),
        (Command::set(Vec::new()), "[6,0,[]]"),
    ];
    for (command, wire) in cases {
        assert_eq!(serde_json::to_string(&command).unwrap(), wire);
        // And back, as an emulator reads them.
        let back: Command<Partner> = serde_json::from_str(wire).unwrap();
        assert_eq!(back, command);
    }
}

#[test]
fn commands_take_any_serializable_object_for_vals() {
    #[derive(Serialize)]
    struct ChildVals<'a> {
        name: &'a str,
        #[serde(rename = "type")]
        kind: PartnerType,
    }
    let command: Command = Command::try_create(ChildVals {
        name: "Child B",
        kind: PartnerType::Invoice,
    })
    .unwrap();
    assert_eq!(
        serde_json::to_string(&command).unwrap(),
        r#"[0,0,{"name":"Child B","type":"invoice"}]"#
    );

    let err = Command::<AnyModel>::try_create(json!([1, 2])).unwrap_err();
    assert!(matches!(err, ValueError::CommandValues { .. }));
    assert!(err.to_string().contains("an array"), "{err}");
    assert!(Command::<AnyModel>::try_update(1, "text").is_err());
}

#[test]
fn commands_read_every_accepted_shape() {
    let read = |text: &str| serde_json::from_str::<Command>(text);
    assert_eq!(read("[2, 71]").unwrap(), Command::Delete(71));
    assert_eq!(read("[2, 71, 0]").unwrap(), Command::Delete(71));
    assert_eq!(read("[3, 1, false]").unwrap(), Command::Unlink(1));
    assert_eq!(read("[4, 3]").unwrap(), Command::Link(3));
    assert_eq!(read("[5]").unwrap(), Command::Clear);
    assert_eq!(read("[5, 0]").unwrap(), Command::Clear);
    assert_eq!(read("[5, 0, 0]").unwrap(), Command::Clear);
    assert_eq!(read("[6, 0, [1, 2]]").unwrap(), Command::Set(vec![1, 2]));
    assert_eq!(read("[6, false, []]").unwrap(), Command::Set(vec![]));
    assert_eq!(
        read(r#"[0, "virtual_12", {"name": "X"}]"#).unwrap(),
        Command::try_create(json!({"name": "X"})).unwrap()
    );
    assert_eq!(
        serde_json::from_value::<Vec<Command>>(json!([[1, 7, {}], [4, 8]])).unwrap(),
        vec![Command::try_update(7, json!({})).unwrap(), Command::Link(8)]
    );

    for bad in [
        "[]",
        "[7, 1]",
        "[-1]",
        "[4]",
        "[1, 2]",
        "[0, 0]",
        "[0, 0, false]",
        "[6, 0]",
        "[6, 0, [\"a\"]]",
        "[4, 1, 0, 0]",
        "[5, 0, 0, 0]",
        "[0, 0, {}, 1]",
        "4",
        "false",
    ] {
        assert!(read(bad).is_err(), "{bad} should fail");
    }
    let err = read("[7, 1]").unwrap_err().to_string();
    assert!(err.contains("from 0 to 6"), "{err}");
}

#[test]
fn command_helpers() {
    let command: Command<Partner> = Command::try_update(5, json!({"a": 1})).unwrap();
    assert_eq!(command.code(), 1);
    assert_eq!(command.id(), Some(5));
    assert_eq!(Command::<Partner>::set([1]).id(), None);
    let cast: Command<AnyModel> = command.clone().cast();
    assert_eq!(cast.code(), 1);
    // Matching by value needs only the seven real variants.
    let described = match command {
        Command::Create(_) => "create",
        Command::Update(..) => "update",
        Command::Delete(_) => "delete",
        Command::Unlink(_) => "unlink",
        Command::Link(_) => "link",
        Command::Clear => "clear",
        Command::Set(_) => "set",
    };
    assert_eq!(described, "update");
}

// ---------------------------------------------------------------------------------------
// Dates and datetimes

#[test]
fn dates_read_and_write_odoo_format() {
    let date: Date = serde_json::from_str(r#""2026-12-28""#).unwrap();
    assert_eq!(date, Date::from_ymd(2026, 12, 28).unwrap());
    assert_eq!(serde_json::to_string(&date).unwrap(), r#""2026-12-28""#);
    assert_eq!(
        "0999-01-05".parse::<Date>().unwrap().to_string(),
        "0999-01-05"
    );
    let naive: chrono::NaiveDate = date.into();
    assert_eq!(Date::from(naive), date);
}

#[test]
fn datetimes_read_and_write_odoo_format() {
    let at: DateTime = serde_json::from_str(r#""2026-10-28 06:06:00""#).unwrap();
    assert_eq!(at.to_string(), "2026-10-28 06:06:00");
    assert_eq!(
        serde_json::to_value(at).unwrap(),
        json!("2026-10-28 06:06:00")
    );
    assert_eq!(at.to_utc().to_rfc3339(), "2026-10-28T06:06:00+00:00");
    assert_eq!(at.date(), Date::from_ymd(2026, 10, 28).unwrap());

    let fraction: DateTime = "2026-10-28 06:06:00.123456".parse().unwrap();
    assert_eq!(
        fraction.into_inner().and_utc().timestamp_subsec_micros(),
        123_456
    );
    // The fraction is dropped on the way out: Odoo keeps whole seconds.
    assert_eq!(fraction.to_string(), "2026-10-28 06:06:00");
    let iso: DateTime = "2026-10-28T06:06:00".parse().unwrap();
    assert_eq!(iso, at);

    let utc: chrono::DateTime<chrono::Utc> = at.into();
    assert_eq!(DateTime::from(utc), at);
    assert_eq!(DateTime::now().to_string().len(), 19);
}

#[test]
fn bad_dates_name_the_text_and_the_format() {
    for bad in [
        "2026-13-01",
        "28/12/2026",
        "2026-12-28 25:00:00",
        "2026-12-28T10:00:00x",
        "",
        "2026-02-30",
    ] {
        let err = bad.parse::<Date>().unwrap_err();
        assert_eq!(
            err,
            ValueError::Date {
                text: bad.to_owned()
            }
        );
        let message = err.to_string();
        assert!(message.contains("YYYY-MM-DD"), "{message}");
        assert!(message.contains(&format!("{bad:?}")), "{message}");
    }
    // A datetime read where a date is declared gives its date, as Odoo's `Date.to_date` does.
    let date: Date = "2026-12-28 10:00:00".parse().unwrap();
    assert_eq!(date.to_string(), "2026-12-28");
    for bad in [
        "2026-10-28",
        "2026-10-28 25:00:00",
        "2026-10-28 06:06",
        "yesterday",
    ] {
        let err = serde_json::from_value::<DateTime>(json!(bad))
            .unwrap_err()
            .to_string();
        assert!(err.contains("YYYY-MM-DD HH:MM:SS"), "{err}");
        assert!(err.contains(bad), "{err}");
    }
    let err = serde_json::from_str::<Date>("false")
        .unwrap_err()
        .to_string();
    assert!(err.contains("odoo_option"), "{err}");
    let err = serde_json::from_str::<DateTime>("20261028")
        .unwrap_err()
        .to_string();
    assert!(err.contains("Odoo datetime string"), "{err}");

    let long = "x".repeat(10_000);
    let err = long.parse::<Date>().unwrap_err().to_string();
    assert!(
        err.len() < 200,
        "error text should be bounded: {} bytes",
        err.len()
    );
}

// ---------------------------------------------------------------------------------------
// Binary

#[test]
fn binary_round_trips_recorded_base64() {
    let data: Binary = serde_json::from_str(r#""SGVsbG8sIE9kb28hCg==""#).unwrap();
    assert_eq!(data.as_bytes(), b"Hello, Odoo!\n");
    assert_eq!(
        serde_json::to_string(&data).unwrap(),
        r#""SGVsbG8sIE9kb28hCg==""#
    );
    assert_eq!(format!("{data:?}"), "Binary(13 bytes)");

    let wrapped: Binary = serde_json::from_str(r#""SGVsbG8s\nIE9kb28h\r\nCg==\n""#).unwrap();
    assert_eq!(wrapped, data);
    let unpadded = Binary::from_base64("SGVsbG8sIE9kb28hCg").unwrap();
    assert_eq!(unpadded, data);
    assert!(Binary::from_base64("").unwrap().is_empty());
    assert_eq!(Binary::new(b"\xff\x00".to_vec()).to_base64(), "/wA=");
}

#[test]
fn binary_reads_the_content_object_of_builds_after_19() {
    let read: Binary =
        serde_json::from_str(r#"{"content": "SGVsbG8=", "size": 5, "filename": "a.txt"}"#)
            .expect("the content object reads");
    assert_eq!(read.as_bytes(), b"Hello");
    let err = serde_json::from_str::<Binary>(r#"{"size": 5}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("content"), "{err}");
    let err = serde_json::from_str::<Binary>(r#"{"content": "not base64!"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid base64"), "{err}");
}

#[test]
fn binary_rejects_bin_size_text_and_bad_base64() {
    let err = serde_json::from_str::<Binary>(r#""10.08 Kb""#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("bin_size"), "{err}");
    assert!(err.contains("10.08 Kb"), "{err}");
    let err = Binary::from_base64("12.00 bytes").unwrap_err();
    assert!(matches!(err, ValueError::Base64 { .. }));

    let err = Binary::from_base64("not base64!").unwrap_err().to_string();
    assert!(err.contains("invalid base64"), "{err}");
    assert!(!err.contains("bin_size"), "{err}");
    assert!(
        Binary::from_base64("SGVsbG8_").is_err(),
        "URL-safe alphabet is not Odoo's"
    );
    let err = serde_json::from_str::<Binary>("false")
        .unwrap_err()
        .to_string();
    assert!(err.contains("odoo_option"), "{err}");

    // A bin_size read decodes into a String instead.
    #[derive(Deserialize)]
    struct SizeRead {
        #[serde(default, with = "odoo_option")]
        image_128: Option<String>,
    }
    let row: SizeRead =
        serde_json::from_str(r#"{"id": 9, "name": "Wood Corner", "image_128": "10.08 Kb"}"#)
            .unwrap();
    assert_eq!(row.image_128.as_deref(), Some("10.08 Kb"));
}

// ---------------------------------------------------------------------------------------
// Reference and many2one_reference

#[test]
fn references_round_trip() {
    let link: Reference = serde_json::from_str(r#""res.partner,12""#).unwrap();
    assert_eq!(link, Reference::new("res.partner", 12));
    assert_eq!(serde_json::to_string(&link).unwrap(), r#""res.partner,12""#);
    assert_eq!(link.to_string(), "res.partner,12");

    for bad in [
        "res.partner",
        ",12",
        "res.partner,abc",
        "res.partner,",
        "a b,1",
    ] {
        let err = bad.parse::<Reference>().unwrap_err().to_string();
        assert!(err.contains("model,id"), "{err}");
    }

    #[derive(Deserialize)]
    struct Row {
        #[serde(default, with = "odoo_option")]
        origin: Option<Reference>,
    }
    let row: Row = serde_json::from_str(r#"{"origin": false}"#).unwrap();
    assert!(row.origin.is_none());
    assert!(serde_json::from_str::<Reference>("false").is_err());
}

#[test]
fn many2one_references_are_bare_ids() {
    let res_id: Many2oneReference = serde_json::from_str("9").unwrap();
    assert_eq!(res_id.id(), 9);
    assert_eq!(
        res_id.to_reference("res.partner"),
        Some(Reference::new("res.partner", 9))
    );
    assert_eq!(res_id.to_reference(""), None);
    assert_eq!(serde_json::to_string(&res_id).unwrap(), "9");

    let zero: Many2oneReference = serde_json::from_str("0").unwrap();
    assert_eq!(zero.get(), None);
    assert!(serde_json::from_str::<Many2oneReference>("false").is_err());
    let none: Option<Many2oneReference> =
        odoo_option::deserialize(&mut serde_json::Deserializer::from_str("false")).unwrap();
    assert!(none.is_none());
}

// ---------------------------------------------------------------------------------------
// Selections

#[test]
fn selection_enums_read_known_and_unknown_keys() {
    let kind: PartnerType = serde_json::from_str(r#""contact""#).unwrap();
    assert_eq!(kind, PartnerType::Contact);
    let newer: PartnerType = serde_json::from_str(r#""followup""#).unwrap();
    assert_eq!(newer, PartnerType::Unknown("followup".to_owned()));
    assert_eq!(serde_json::to_string(&newer).unwrap(), r#""followup""#);
    assert_eq!(
        serde_json::to_string(&PartnerType::Private).unwrap(),
        r#""private""#
    );

    #[derive(Debug, Deserialize, Serialize)]
    struct Row {
        #[serde(rename = "type", default, with = "odoo_option")]
        kind: Option<PartnerType>,
    }
    let empty: Row = serde_json::from_str(r#"{"type": false}"#).unwrap();
    assert!(empty.kind.is_none());
    assert_eq!(serde_json::to_string(&empty).unwrap(), r#"{"type":false}"#);

    let err = serde_json::from_str::<PartnerType>("false")
        .unwrap_err()
        .to_string();
    assert!(err.contains("odoo_option"), "{err}");
}

#[test]
fn integer_keyed_selections_round_trip_as_integers() {
    let user_type: UserType = serde_json::from_str("10").unwrap();
    assert_eq!(user_type, UserType::Portal);
    assert_eq!(serde_json::to_string(&user_type).unwrap(), "10");
    let unknown: UserType = serde_json::from_str("99").unwrap();
    assert_eq!(unknown, UserType::Unknown(SelectionKey::Int(99)));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "99");
    // A string "10" is a different key.
    let text: UserType = serde_json::from_str(r#""10""#).unwrap();
    assert_eq!(text, UserType::Unknown(SelectionKey::Str("10".to_owned())));
    assert_eq!(serde_json::to_string(&text).unwrap(), r#""10""#);

    // The recorded selection list of this field, keys decoded as SelectionKey.
    let choices: Vec<(SelectionKey, String)> =
        serde_json::from_str(r#"[[1, "Internal User"], [10, "Portal"], [11, "Public"]]"#).unwrap();
    let typed: Vec<UserType> = choices
        .into_iter()
        .map(|(k, _)| UserType::from_key(k))
        .collect();
    assert_eq!(
        typed,
        vec![UserType::Internal, UserType::Portal, UserType::Public]
    );
}

#[test]
fn digit_string_keys_stay_strings() {
    // `priority` of stock.picking: [["0", "Normal"], ["1", "Urgent"]].
    let key: SelectionKey = serde_json::from_str(r#""1""#).unwrap();
    assert_eq!(key, SelectionKey::Str("1".to_owned()));
    assert_eq!(serde_json::to_string(&key).unwrap(), r#""1""#);
    let text: String =
        selection::deserialize(&mut serde_json::Deserializer::from_str("11")).unwrap();
    assert_eq!(text, "11");
    assert_eq!(SelectionKey::Int(5).to_string(), "5");
}

#[test]
fn selection_option_helpers_work_on_fields() {
    #[derive(Debug, Deserialize, Serialize)]
    struct Row {
        #[serde(with = "selection")]
        state: SaleState,
        #[serde(default, with = "selection::option")]
        previous: Option<SaleState>,
    }
    let row: Row = serde_json::from_str(r#"{"state": "sale", "previous": false}"#).unwrap();
    assert_eq!(row.state, SaleState::Sale);
    assert_eq!(row.previous, None);
    assert_eq!(
        serde_json::to_string(&row).unwrap(),
        r#"{"state":"sale","previous":false}"#
    );
    let row: Row = serde_json::from_str(r#"{"state": "done", "previous": "sent"}"#).unwrap();
    assert_eq!(row.state, SaleState::Unknown("done".into()));
    assert_eq!(row.previous, Some(SaleState::Sent));
}

// ---------------------------------------------------------------------------------------
// odoo_option on plain values

#[test]
fn odoo_option_maps_false_and_null_to_none_only() {
    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Row {
        #[serde(default, with = "odoo_option")]
        text: Option<String>,
        #[serde(default, with = "odoo_option")]
        number: Option<f64>,
        #[serde(default, with = "odoo_option")]
        data: Option<Json>,
        #[serde(default, with = "odoo_option")]
        ids: Option<Vec<i64>>,
        #[serde(default, with = "odoo_option")]
        borrowed: Option<Box<str>>,
    }
    let empty: Row = serde_json::from_str(
        r#"{"text": false, "number": null, "data": false, "ids": false, "borrowed": false}"#,
    )
    .unwrap();
    assert_eq!(
        empty,
        Row {
            text: None,
            number: None,
            data: None,
            ids: None,
            borrowed: None
        }
    );
    let full: Row = serde_json::from_str(
        r#"{"text": "x", "number": 1.5, "data": {"a": [1, false]}, "ids": [1, 2], "borrowed": "y"}"#,
    )
    .unwrap();
    assert_eq!(full.text.as_deref(), Some("x"));
    assert_eq!(full.number, Some(1.5));
    assert_eq!(full.data, Some(json!({"a": [1, false]})));
    assert_eq!(full.ids, Some(vec![1, 2]));
    assert_eq!(full.borrowed.as_deref(), Some("y"));

    // The same from a parsed Value.
    let from_value: Row = serde_json::from_value(json!({"text": false, "number": 2})).unwrap();
    assert_eq!(from_value.text, None);
    assert_eq!(from_value.number, Some(2.0));

    // `true` is not a string.
    assert!(serde_json::from_str::<Row>(r#"{"text": true}"#).is_err());
    assert_eq!(
        serde_json::to_value(&empty).unwrap(),
        json!({"text": false, "number": false, "data": false, "ids": false, "borrowed": false})
    );
}

// ---------------------------------------------------------------------------------------
// FieldUpdate

#[derive(Debug, Default, Deserialize, Serialize, PartialEq)]
struct PartnerWrite {
    #[serde(default, skip_serializing_if = "FieldUpdate::is_unset")]
    name: FieldUpdate<String>,
    #[serde(default, skip_serializing_if = "FieldUpdate::is_unset")]
    email: FieldUpdate<String>,
    #[serde(default, skip_serializing_if = "FieldUpdate::is_unset")]
    parent_id: FieldUpdate<Many2one<Partner>>,
    #[serde(default, skip_serializing_if = "FieldUpdate::is_unset")]
    category_id: FieldUpdate<Vec<Command<Category>>>,
}

#[test]
fn field_updates_write_only_what_is_set() {
    let vals = PartnerWrite {
        email: FieldUpdate::Set("info@example.com".to_owned()),
        parent_id: FieldUpdate::Clear,
        category_id: FieldUpdate::Set(vec![Command::Clear]),
        ..PartnerWrite::default()
    };
    assert_eq!(
        serde_json::to_value(&vals).unwrap(),
        json!({"email": "info@example.com", "parent_id": false, "category_id": [[5, 0, 0]]})
    );
    assert_eq!(
        serde_json::to_string(&PartnerWrite::default()).unwrap(),
        "{}"
    );

    // Reading it back (emulator side).
    let back: PartnerWrite = serde_json::from_value(
        json!({"email": "info@example.com", "parent_id": false, "category_id": [[5, 0, 0]]}),
    )
    .unwrap();
    assert_eq!(back, vals);
    assert!(back.name.is_unset());
    assert!(back.parent_id.is_clear());
    assert_eq!(
        back.email.as_set().map(String::as_str),
        Some("info@example.com")
    );
}

#[test]
fn unset_field_update_refuses_to_serialize() {
    #[derive(Serialize)]
    struct Careless {
        name: FieldUpdate<String>,
    }
    let err = serde_json::to_string(&Careless {
        name: FieldUpdate::Unset,
    })
    .unwrap_err();
    assert!(err.to_string().contains("skip_serializing_if"), "{err}");
    assert_eq!(FieldUpdate::from(Some(3)), FieldUpdate::Set(3));
    assert_eq!(FieldUpdate::<i32>::from(None), FieldUpdate::Clear);
    assert_eq!(FieldUpdate::Set(2).map(|v| v * 2).into_set(), Some(4));
}

// ---------------------------------------------------------------------------------------
// Specification reads (web_read / web_search_read / JSON-2), cut from Odoo 17-19.

#[test]
fn specification_reads_decode() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct PartnerSpec {
        id: i64,
        name: String,
        #[serde(default, with = "odoo_option")]
        parent_id: Option<Many2one<Partner>>,
        category_id: X2many<Category>,
        create_date: DateTime,
        #[serde(default, with = "odoo_option")]
        image_128: Option<Binary>,
    }
    #[derive(Debug, Deserialize)]
    struct Page {
        length: usize,
        records: Vec<PartnerSpec>,
    }
    let page: Page = serde_json::from_str(
        r#"{"length": 16, "records": [{"id": 1, "name": "My Company (San Francisco)", "parent_id": false, "category_id": [], "create_date": "2026-11-28 06:05:03", "image_128": "iVBORw0KGgo="}, {"id": 8, "name": "Wood Corner", "parent_id": false, "category_id": [{"id": 7, "display_name": "Vendor / Desk Manufacturers"}, {"id": 6, "display_name": "Vendor / Office Supplies"}], "create_date": "2026-11-28 06:05:03", "image_128": false}]}"#,
    )
    .unwrap();
    assert_eq!(page.length, 16);
    assert_eq!(page.records[1].category_id.ids(), &[7, 6]);
    assert_eq!(
        page.records[0].image_128.as_ref().map(Binary::as_bytes),
        Some(&b"\x89PNG\r\n\x1a\n"[..])
    );
    assert!(page.records[1].image_128.is_none());
    assert_eq!(page.records[1].name, "Wood Corner");
    assert!(page.records[1].parent_id.is_none());
    assert_eq!(
        page.records[0].create_date.to_string(),
        "2026-11-28 06:05:03"
    );
    assert_eq!(page.records[0].id, 1);

    #[derive(Debug, Deserialize)]
    struct OrderSpec {
        partner_id: Many2one<Partner>,
        order_line: X2many<SaleOrderLine>,
        tag_ids: X2many,
        date_order: DateTime,
        state: SelectionKey,
    }
    let orders: Vec<OrderSpec> = serde_json::from_str(
        r#"[{"id": 2, "name": "S00002", "partner_id": {"id": 12, "display_name": "Ready Mat"}, "date_order": "2026-10-28 06:26:00", "order_line": [{"id": 4, "name": "Virtual Interior Design", "price_subtotal": 1800.0}, {"id": 5, "name": "Virtual Home Staging", "price_subtotal": 1147.5}], "tag_ids": [{"id": 7, "display_name": "Consulting"}], "amount_total": 3389.63, "state": "draft"}]"#,
    )
    .unwrap();
    assert_eq!(orders[0].partner_id, Many2one::with_name(12, "Ready Mat"));
    assert_eq!(orders[0].order_line.ids(), &[4, 5]);
    assert_eq!(orders[0].tag_ids.ids(), &[7]);
    assert_eq!(orders[0].date_order.to_string(), "2026-10-28 06:26:00");
    assert_eq!(orders[0].state.as_str(), Some("draft"));
}

// ---------------------------------------------------------------------------------------
// The recordings themselves

fn fixtures_dir() -> Option<PathBuf> {
    crate::test_fixtures::root()
}

const VERSIONS: [&str; 4] = ["odoo16", "odoo17", "odoo18", "odoo19"];

/// The request and response bodies of one transcript, parsed; `None` when absent.
fn transcript(dir: &std::path::Path, version: &str, name: &str) -> Option<(Value, Value, String)> {
    let path = dir
        .join(version)
        .join("transcripts")
        .join(format!("{name}.json"));
    if !path.is_file() {
        println!("skipped: {} is not on disk", path.display());
        return None;
    }
    let text = std::fs::read_to_string(&path).expect("transcript is readable");
    let exchange: Value = serde_json::from_str(&text).expect("transcript is JSON");
    let request_text = exchange["request"]["body"]
        .as_str()
        .unwrap_or("null")
        .to_owned();
    let request: Value = serde_json::from_str(&request_text).unwrap_or(Value::Null);
    let response: Value = serde_json::from_str(
        exchange["response"]["body"]
            .as_str()
            .expect("response body is text"),
    )
    .expect("response body is JSON");
    Some((request, response, request_text))
}

#[test]
fn recorded_partner_and_sale_order_reads_decode() {
    let Some(dir) = fixtures_dir() else {
        println!("skipped: no fixtures directory (set ODOO_FIXTURES to run this test)");
        return;
    };
    let mut decoded = 0;
    for version in VERSIONS {
        if let Some((_, response, _)) = transcript(&dir, version, "jsonrpc_read_partner") {
            let records: Vec<PartnerRead> = serde_json::from_value(response["result"].clone())
                .unwrap_or_else(|err| panic!("{version} read_partner: {err}"));
            let p = &records[0];
            assert_eq!(p.name, "Wood Corner", "{version}");
            assert!(p.is_company && p.active, "{version}");
            assert_eq!(
                p.company_type.as_ref().and_then(SelectionKey::as_str),
                Some("company")
            );
            assert_eq!(p.kind, Some(PartnerType::Contact), "{version}");
            assert!(p.parent_id.is_none(), "{version}");
            assert_eq!(p.child_ids.len(), 3, "{version}");
            assert_eq!(p.category_id.ids(), &[7, 6], "{version}");
            let country = p.country_id.as_ref().expect("country is set");
            assert_eq!((country.id(), country.name()), (233, Some("United States")));
            assert!(
                p.mobile.is_none() && p.tz.is_none() && p.comment.is_none(),
                "{version}"
            );
            assert_eq!(
                p.email.as_deref(),
                Some("wood.corner26@example.com"),
                "{version}"
            );
            let image = p.image_128.as_ref().expect("image is set");
            assert!(
                image.as_bytes().starts_with(b"\x89PNG\r\n\x1a\n"),
                "{version}"
            );
            assert!(p.create_date <= p.write_date, "{version}");
            assert_eq!(
                p.create_date.date().into_inner().format("%Y").to_string(),
                "2026"
            );
            let _ = (
                p.id, &p.phone, &p.website, &p.barcode, &p.vat, &p.lang, p.color,
            );
            let _ = (p.partner_latitude, p.credit_limit);
            decoded += 1;
        }
        if let Some((_, response, _)) = transcript(&dir, version, "jsonrpc_read_sale_order") {
            let records: Vec<SaleOrderRead> = serde_json::from_value(response["result"].clone())
                .unwrap_or_else(|err| panic!("{version} read_sale_order: {err}"));
            let o = &records[0];
            assert_eq!((o.id, o.name.as_str()), (2, "S00002"), "{version}");
            assert_eq!(o.partner_id.name(), Some("Ready Mat"), "{version}");
            assert_eq!(o.user_id.as_ref().map(Many2one::id), Some(2), "{version}");
            assert_eq!(o.order_line.ids(), &[4, 5], "{version}");
            assert_eq!(o.tag_ids.ids(), &[7], "{version}");
            assert_eq!(o.state, SaleState::Draft, "{version}");
            assert!(o.commitment_date.is_none() && o.note.is_none(), "{version}");
            assert_eq!(o.date_order.to_string().len(), 19, "{version}");
            // The order recorded on 16 has no validity date; the others have one.
            let expected_validity = match version {
                "odoo16" => None,
                _ => Date::from_ymd(2026, 12, 28),
            };
            assert_eq!(o.validity_date, expected_validity, "{version}");
            assert_eq!(
                o.invoice_status,
                Some(SelectionKey::from("no")),
                "{version}"
            );
            assert!(o.currency_id.name().is_some(), "{version}");
            assert!(!o.locked, "{version}");
            let _ = (
                o.amount_untaxed,
                o.amount_tax,
                o.amount_total,
                &o.pricelist_id,
            );
            let _ = &o.client_order_ref;
            decoded += 1;
        }
        if let Some((_, response, _)) = transcript(&dir, version, "jsonrpc_read_attachment_binary")
        {
            let records: Vec<AttachmentRead> = serde_json::from_value(response["result"].clone())
                .unwrap_or_else(|err| panic!("{version} read_attachment_binary: {err}"));
            let a = &records[0];
            assert_eq!(
                a.datas.as_ref().map(Binary::as_bytes),
                Some(&b"Hello, Odoo!\n"[..])
            );
            assert_eq!(a.file_size, 13);
            let target = a
                .res_id
                .and_then(|id| id.to_reference(a.res_model.clone().unwrap_or_default()))
                .expect("attachment points to a partner");
            assert_eq!(target.model, "res.partner");
            assert!(a.url.is_none() && !a.public, "{version}");
            let _ = (
                a.id,
                &a.name,
                &a.kind,
                &a.mimetype,
                &a.checksum,
                a.create_date,
            );
            decoded += 1;
        }
        if let Some((_, response, _)) = transcript(&dir, version, "jsonrpc_read_partner_bin_size") {
            let image = &response["result"][0]["image_128"];
            let err = serde_json::from_value::<Binary>(image.clone())
                .unwrap_err()
                .to_string();
            assert!(err.contains("bin_size"), "{version}: {err}");
            decoded += 1;
        }
    }
    println!("decoded {decoded} recorded responses");
}

/// Renders JSON the way Python's `json.dumps` does by default (`", "` and `": "`), which
/// is how the recorded request bodies were written.
fn python_json(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python_json).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), python_json(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// The `vals` of a recorded `create` or `write`, from JSON-RPC or JSON-2 bodies.
fn recorded_vals(request: &Value, method: &str) -> Value {
    if let Some(vals) = request.get("vals") {
        return vals.clone(); // JSON-2 write
    }
    if let Some(list) = request.get("vals_list") {
        return list[0].clone(); // JSON-2 create
    }
    let args = &request["params"]["args"];
    match method {
        "write" => args[5][1].clone(),
        _ => args[5][0].clone(),
    }
}

/// The id of the record a recorded `write` is about.
fn recorded_write_id(request: &Value) -> i64 {
    request
        .get("ids")
        .unwrap_or(&request["params"]["args"][5][0])[0]
        .as_i64()
        .expect("write has an id")
}

#[test]
fn commands_match_recorded_request_bodies() {
    let Some(dir) = fixtures_dir() else {
        println!("skipped: no fixtures directory (set ODOO_FIXTURES to run this test)");
        return;
    };
    #[derive(Serialize)]
    struct X2manyVals {
        category_id: Vec<Command<Category>>,
        child_ids: Vec<Command<Partner>>,
    }
    let mut compared = 0;
    let mut names: Vec<(&str, &str)> = VERSIONS.iter().map(|v| (*v, "jsonrpc_")).collect();
    names.push(("odoo19", "json2_"));
    for (version, prefix) in names {
        if let Some((request, _, body)) =
            transcript(&dir, version, &format!("{prefix}write_x2many_commands"))
        {
            // The children of the written partner were created right after it.
            let parent = recorded_write_id(&request);
            let ours = X2manyVals {
                category_id: vec![Command::link(3), Command::unlink(1)],
                child_ids: vec![
                    Command::try_update(parent + 1, json!({"email": "child.a@example.com"}))
                        .unwrap(),
                    Command::delete(parent + 2),
                    Command::try_create(json!({"name": "Child C"})).unwrap(),
                ],
            };
            let ours = serde_json::to_value(&ours).unwrap();
            let recorded = recorded_vals(&request, "write");
            assert_eq!(ours, recorded, "{version} {prefix}write_x2many_commands");
            for field in ["category_id", "child_ids"] {
                let text = format!("\"{field}\": {}", python_json(&ours[field]));
                assert!(body.contains(&text), "{version}: {text} not in {body}");
            }
            // And the recorded commands read back into the same values.
            let back: Vec<Command<Partner>> =
                serde_json::from_value(recorded["child_ids"].clone()).unwrap();
            assert_eq!(serde_json::to_value(&back).unwrap(), recorded["child_ids"]);
            compared += 1;
        }
        if let Some((request, _, body)) =
            transcript(&dir, version, &format!("{prefix}create_x2many_commands"))
        {
            let category_id: Vec<Command<Category>> = vec![Command::set([1, 2])];
            let child_ids: Vec<Command<Partner>> = vec![
                Command::try_create(json!({"name": "Child A", "type": "contact"})).unwrap(),
                Command::try_create(json!({"name": "Child B", "type": "invoice"})).unwrap(),
            ];
            let recorded = recorded_vals(&request, "create");
            assert_eq!(
                serde_json::to_value(&category_id).unwrap(),
                recorded["category_id"]
            );
            assert_eq!(
                serde_json::to_value(&child_ids).unwrap(),
                recorded["child_ids"]
            );
            let text = format!(
                "\"category_id\": {}, \"child_ids\": {}",
                python_json(&serde_json::to_value(&category_id).unwrap()),
                python_json(&serde_json::to_value(&child_ids).unwrap())
            );
            assert!(body.contains(&text), "{version}: {text} not in {body}");
            compared += 1;
        }
        if let Some((request, _, body)) =
            transcript(&dir, version, &format!("{prefix}write_x2many_clear"))
        {
            let clear: Vec<Command<Category>> = vec![Command::clear()];
            let ours = serde_json::to_value(&clear).unwrap();
            assert_eq!(ours, recorded_vals(&request, "write")["category_id"]);
            assert!(body.contains(&format!("\"category_id\": {}", python_json(&ours))));
            let back: Vec<Command<Category>> = serde_json::from_value(ours).unwrap();
            assert_eq!(back, clear);
            compared += 1;
        }
    }
    println!("compared {compared} recorded request bodies");
}

#[test]
fn field_update_default_needs_no_default_value_type() {
    struct NoDefault;
    let update: FieldUpdate<NoDefault> = FieldUpdate::default();
    assert!(update.is_unset());
}

/// A small deterministic generator of JSON values (xorshift), biased towards the shapes
/// Odoo uses, to check that no input makes a reader panic.
struct Shapes(u64);

impl Shapes {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn value(&mut self, depth: u32) -> Value {
        let pick = self.next() % if depth == 0 { 7 } else { 10 };
        match pick {
            0 => Value::Null,
            1 => Value::Bool(self.next() % 2 == 0),
            2 => json!((self.next() % 20) as i64 - 3),
            3 => json!(u64::MAX - self.next() % 3),
            4 => json!(1.5),
            5 => {
                let texts = [
                    "",
                    "res.partner,12",
                    "2026-12-28",
                    "2026-10-28 06:06:00",
                    "10.08 Kb",
                    "SGVsbG8=",
                    ",",
                    "é,1",
                    "2026-10-28 06:06:00.5",
                    "x,9999999999999999999999",
                ];
                json!(texts[(self.next() % texts.len() as u64) as usize])
            }
            6 => json!(i64::MIN),
            7 | 8 => {
                let len = self.next() % 5;
                Value::Array((0..len).map(|_| self.value(depth - 1)).collect())
            }
            _ => {
                let keys = ["id", "display_name", "name", "x"];
                let len = self.next() % 4;
                let map = (0..len)
                    .map(|_| {
                        let key = keys[(self.next() % keys.len() as u64) as usize].to_owned();
                        (key, self.value(depth - 1))
                    })
                    .collect();
                Value::Object(map)
            }
        }
    }
}

#[test]
fn arbitrary_values_never_panic() {
    fn exercise<T: for<'de> Deserialize<'de> + Serialize>(value: &Value) -> bool {
        let text = value.to_string();
        let from_text = serde_json::from_str::<T>(&text);
        let from_value = serde_json::from_value::<T>(value.clone());
        // Both paths agree on success, and what reads can be written.
        assert_eq!(from_text.is_ok(), from_value.is_ok(), "{text}");
        let optional =
            odoo_option::deserialize::<T, _>(&mut serde_json::Deserializer::from_str(&text));
        if let Ok(Some(inner)) = &optional {
            let _ = serde_json::to_string(inner);
        }
        match from_text {
            Ok(parsed) => serde_json::to_string(&parsed).is_ok(),
            Err(_) => false,
        }
    }
    let mut shapes = Shapes(0x2545_f491_4f6c_dd1d);
    let mut accepted = 0;
    for _ in 0..3000 {
        let value = shapes.value(3);
        let results = [
            exercise::<Many2one>(&value),
            exercise::<X2many>(&value),
            exercise::<Command>(&value),
            exercise::<Date>(&value),
            exercise::<DateTime>(&value),
            exercise::<Binary>(&value),
            exercise::<Reference>(&value),
            exercise::<Many2oneReference>(&value),
            exercise::<SelectionKey>(&value),
            exercise::<PartnerType>(&value),
            exercise::<UserType>(&value),
        ];
        accepted += results.iter().filter(|ok| **ok).count();
        let _ = serde_json::from_value::<FieldUpdate<Many2one>>(value.clone());
    }
    assert!(accepted > 0);
}
