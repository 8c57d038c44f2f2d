//! Typed CRUD of derived models on the wire: each call below must send exactly the request
//! recorded from a real Odoo 16, 17, 18 or 19 (the replay server answers nothing else), and
//! the recorded answer must decode into the struct.
//!
//! The structs are checked at compile time against `odoo-schema.json` of this package (Odoo
//! 19, the default file) or `schemas/odoo16.json` (fields that 19 no longer has, such as
//! `res.partner.mobile`).

use crate::support;

use odoo_core::types::{
    AnyModel, Binary, Command, Date, DateTime, Many2one, Many2oneReference, X2many,
};
use odoo_core::{Client, Domain, ErrorKind, Model, OdooModel, OdooSelection, Values};
use support::session::{connect, find, support as support_exchanges};
use support::{load_transcripts, require_fixtures, ReplayServer, Transcript, VERSIONS};

/// `res.partner.type`
#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum PartnerType {
    Contact,
    Invoice,
    Delivery,
    Other,
    #[odoo(other)]
    Unknown(String),
}

/// `res.partner.company_type`
#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum CompanyType {
    Person,
    Company,
    #[odoo(other)]
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner.category")]
pub struct PartnerCategory {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.country")]
pub struct Country {
    pub id: i64,
    pub name: String,
    pub code: Option<String>,
}

/// The fields of the recorded `search_read_partner` case.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct PartnerSummary {
    pub id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub is_company: bool,
    pub parent_id: Option<Many2one<PartnerSummary>>,
    pub category_id: X2many<PartnerCategory>,
    pub country_id: Option<Many2one<Country>>,
    pub create_date: Option<DateTime>,
}

/// Defines a partner struct with the fields of the recorded `read_partner` case; `$extra`
/// goes after `phone` (Odoo 16 to 18 still have `mobile`).
macro_rules! partner_struct {
    ($name:ident, $schema:literal, { $($extra:tt)* }) => {
        #[derive(Debug, Clone, PartialEq, OdooModel)]
        #[odoo(model = "res.partner", schema = $schema)]
        pub struct $name {
            pub id: i64,
            pub name: Option<String>,
            pub is_company: bool,
            pub company_type: Option<CompanyType>,
            #[odoo(rename = "type")]
            pub kind: Option<PartnerType>,
            pub parent_id: Option<Many2one<$name>>,
            pub child_ids: X2many<$name>,
            pub category_id: X2many<PartnerCategory>,
            pub country_id: Option<Many2one<Country>>,
            pub email: Option<String>,
            pub phone: Option<String>,
            $($extra)*
            pub website: Option<String>,
            pub comment: Option<String>,
            pub barcode: Option<String>,
            pub vat: Option<String>,
            pub lang: Option<String>,
            pub tz: Option<String>,
            pub color: i64,
            pub partner_latitude: f64,
            pub credit_limit: f64,
            pub active: bool,
            pub image_128: Option<Binary>,
            pub create_date: Option<DateTime>,
            pub write_date: Option<DateTime>,
        }
    };
}

partner_struct!(Partner, "odoo-schema.json", {});
partner_struct!(Partner16, "schemas/odoo16.json", { pub mobile: Option<String>, });

/// `sale.order.state`
#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum OrderState {
    Draft,
    Sent,
    Sale,
    Done,
    Cancel,
    #[odoo(other)]
    Unknown(String),
}

/// Defines a sale order struct with the fields of the recorded `read_sale_order` case;
/// `$extra` goes after `state` (`locked` from Odoo 17).
macro_rules! order_struct {
    ($name:ident, $schema:literal, { $($extra:tt)* }) => {
        #[derive(Debug, Clone, PartialEq, OdooModel)]
        #[odoo(model = "sale.order", schema = $schema)]
        pub struct $name {
            pub id: i64,
            pub name: String,
            pub partner_id: Many2one<PartnerSummary>,
            pub user_id: Option<Many2one>,
            pub order_line: X2many<OrderLine>,
            pub tag_ids: X2many<AnyModel>,
            pub date_order: DateTime,
            pub validity_date: Option<Date>,
            pub commitment_date: Option<DateTime>,
            pub state: Option<OrderState>,
            $($extra)*
            pub amount_untaxed: f64,
            pub amount_tax: f64,
            pub amount_total: f64,
            pub currency_id: Option<Many2one>,
            pub pricelist_id: Option<Many2one>,
            pub note: Option<String>,
            pub client_order_ref: Option<String>,
            pub invoice_status: Option<String>,
        }
    };
}

order_struct!(SaleOrder, "odoo-schema.json", { pub locked: bool, });
order_struct!(SaleOrder16, "schemas/odoo16.json", {});

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "sale.order.line")]
pub struct OrderLine {
    pub id: i64,
    pub order_id: Many2one<SaleOrder>,
    pub product_id: Option<Many2one>,
    pub name: String,
    pub product_uom_qty: f64,
    pub price_unit: f64,
}

/// `ir.attachment.type`
#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum AttachmentType {
    Url,
    Binary,
    #[odoo(other)]
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "ir.attachment")]
pub struct Attachment {
    pub id: i64,
    pub name: String,
    #[odoo(rename = "type")]
    pub kind: AttachmentType,
    pub datas: Option<Binary>,
    pub mimetype: Option<String>,
    pub file_size: i64,
    pub checksum: Option<String>,
    pub res_model: Option<String>,
    pub res_id: Option<Many2oneReference>,
    pub url: Option<String>,
    pub public: bool,
    pub create_date: Option<DateTime>,
}

/// The families that can carry each version's calls.
fn families(version: &str) -> &'static [&'static str] {
    if version == "odoo19" {
        &["jsonrpc", "xmlrpc", "web", "json2"]
    } else {
        &["jsonrpc", "xmlrpc", "web"]
    }
}

/// A client of `family` connected through a replay server that knows the login exchanges
/// and the case `family_case`.
struct Replay {
    server: ReplayServer,
    client: Client,
    case: Transcript,
}

impl Replay {
    async fn start(all: &[Transcript], family: &str, case: &str) -> Replay {
        let name = format!("{family}_{case}");
        let case = find(all, &name)
            .unwrap_or_else(|| panic!("no transcript {name}"))
            .clone();
        let mut exchanges = support_exchanges(all, family, "admin", true);
        exchanges.push(case.clone());
        let server = ReplayServer::start(exchanges).await;
        let database = support::session::database_of(all);
        let client = connect(&server.url(), family, Some(&database), "admin", "admin")
            .await
            .unwrap_or_else(|e| panic!("{name}: connect: {e}"));
        Replay {
            server,
            client,
            case,
        }
    }

    /// The recorded request must have been the one sent, once.
    fn assert_sent(&self) {
        assert_eq!(
            self.server.times_served(&self.case.name),
            1,
            "{} (Odoo {}): the typed call did not send the recorded request\n{}",
            self.case.name,
            self.case.version,
            self.server.format_log()
        );
    }

    /// The recorded request body as JSON (XML-RPC bodies parsed into their values).
    fn recorded_request(&self) -> serde_json::Value {
        let body = self.case.request.body.as_deref().unwrap_or_default();
        if body.starts_with('<') {
            support::xmlrpc::parse(body).unwrap_or_else(|e| panic!("{}: {e}", self.case.name))
        } else {
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{}: {e}", self.case.name))
        }
    }

    /// The ids of the records a case works on: the first list of integers in the request.
    fn recorded_ids(&self) -> Vec<i64> {
        let ids = find_ids(&self.recorded_request());
        assert!(
            !ids.is_empty(),
            "{}: no ids in the recorded request",
            self.case.name
        );
        ids
    }
}

/// The first list of integers in a JSON request (the ids of a read, write or unlink).
fn find_ids(value: &serde_json::Value) -> Vec<i64> {
    match value {
        serde_json::Value::Array(items)
            if !items.is_empty() && items.iter().all(serde_json::Value::is_i64) =>
        {
            items.iter().filter_map(serde_json::Value::as_i64).collect()
        }
        serde_json::Value::Array(items) => items
            .iter()
            .map(find_ids)
            .find(|ids| !ids.is_empty())
            .unwrap_or_default(),
        serde_json::Value::Object(map) => ["params", "args", "ids", "params"]
            .iter()
            .filter_map(|key| map.get(*key))
            .map(find_ids)
            .find(|ids| !ids.is_empty())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The record id of the first x2many command with this code (`[1, id, vals]`, `[2, id]`).
fn command_target(value: &serde_json::Value, code: i64) -> Option<i64> {
    match value {
        serde_json::Value::Array(items) => {
            if items.len() >= 2 && items[0].as_i64() == Some(code) {
                if let Some(id) = items[1].as_i64().filter(|id| *id > 0) {
                    return Some(id);
                }
            }
            items.iter().find_map(|item| command_target(item, code))
        }
        serde_json::Value::Object(map) => map.values().find_map(|item| command_target(item, code)),
        _ => None,
    }
}

/// An integer field of the first object that has it.
fn find_int(value: &serde_json::Value, key: &str) -> Option<i64> {
    match value {
        serde_json::Value::Object(map) => map
            .get(key)
            .and_then(serde_json::Value::as_i64)
            .or_else(|| map.values().find_map(|item| find_int(item, key))),
        serde_json::Value::Array(items) => items.iter().find_map(|item| find_int(item, key)),
        _ => None,
    }
}

#[tokio::test]
async fn search_read_with_domain_order_and_limit() {
    require_fixtures!();
    for version in VERSIONS {
        let all = load_transcripts(version);
        for family in families(version) {
            let replay = Replay::start(&all, family, "search_read_partner").await;
            let f = PartnerSummary::fields();
            let rows = replay
                .client
                .model::<PartnerSummary>()
                .search(f.is_company.eq(true))
                .order(f.id.asc())
                .limit(3)
                .fetch()
                .await
                .unwrap_or_else(|e| panic!("{version} {family}: {e}"));
            replay.assert_sent();
            assert_eq!(rows.len(), 3, "{version} {family}");
            assert_eq!(rows[0].id, 1);
            assert!(rows.iter().all(|p| p.is_company));
            let wood = rows
                .iter()
                .find(|p| p.name.as_deref() == Some("Wood Corner"));
            let wood = wood.unwrap_or_else(|| panic!("{version} {family}: {rows:?}"));
            assert_eq!(wood.category_id.ids(), &[7, 6]);
            assert_eq!(wood.country_id.as_ref().map(Many2one::id), Some(233));
            assert_eq!(
                wood.country_id.as_ref().and_then(Many2one::name),
                Some("United States")
            );
            assert!(rows[0].parent_id.is_none());
            assert!(rows[0].create_date.is_some());
        }
    }
}

#[tokio::test]
async fn read_decodes_every_field_kind() {
    require_fixtures!();
    for version in VERSIONS {
        let all = load_transcripts(version);
        for family in families(version) {
            let replay = Replay::start(&all, family, "read_partner").await;
            let ids = replay.recorded_ids();
            // Odoo 16 to 18 ask for `mobile` too; 19 has no such field.
            let (name, kind, image, children, website) = if version == "odoo19" {
                let rows = replay.client.model::<Partner>().read(&ids).await;
                let p = rows
                    .unwrap_or_else(|e| panic!("{version} {family}: {e}"))
                    .remove(0);
                (p.name, p.kind, p.image_128, p.child_ids.len(), p.website)
            } else {
                let rows = replay.client.model::<Partner16>().read(&ids).await;
                let p = rows
                    .unwrap_or_else(|e| panic!("{version} {family}: {e}"))
                    .remove(0);
                assert_eq!(p.company_type, Some(CompanyType::Company));
                (p.name, p.kind, p.image_128, p.child_ids.len(), p.website)
            };
            replay.assert_sent();
            assert_eq!(name.as_deref(), Some("Wood Corner"), "{version} {family}");
            assert_eq!(kind, Some(PartnerType::Contact));
            assert_eq!(children, 3);
            assert_eq!(website.as_deref(), Some("http://www.wood-corner.com"));
            let image = image.unwrap_or_else(|| panic!("{version} {family}: no image"));
            // A PNG or SVG, base64-decoded.
            assert!(
                image.len() > 100,
                "{version} {family}: {} bytes",
                image.len()
            );
        }
    }
}

#[tokio::test]
async fn sale_orders_decode_with_money_dates_and_lines() {
    require_fixtures!();
    for version in VERSIONS {
        let all = load_transcripts(version);
        for family in families(version) {
            let replay = Replay::start(&all, family, "read_sale_order").await;
            let ids = replay.recorded_ids();
            let (name, partner, lines, state, total, date_order) = if version == "odoo16" {
                let o = replay.client.model::<SaleOrder16>().get(ids[0]).await;
                let o = o.unwrap_or_else(|e| panic!("{version} {family}: {e}"));
                let o = o.unwrap_or_else(|| panic!("{version} {family}: no row"));
                (
                    o.name,
                    o.partner_id,
                    o.order_line,
                    o.state,
                    o.amount_total,
                    o.date_order,
                )
            } else {
                let o = replay.client.model::<SaleOrder>().get(ids[0]).await;
                let o = o.unwrap_or_else(|e| panic!("{version} {family}: {e}"));
                let o = o.unwrap_or_else(|| panic!("{version} {family}: no row"));
                assert!(!o.locked);
                (
                    o.name,
                    o.partner_id,
                    o.order_line,
                    o.state,
                    o.amount_total,
                    o.date_order,
                )
            };
            replay.assert_sent();
            assert_eq!(name, "S00002", "{version} {family}");
            assert_eq!(partner.name(), Some("Ready Mat"));
            assert_eq!(lines.len(), 2);
            assert_eq!(state, Some(OrderState::Draft));
            assert!(total > 0.0, "{version} {family}: {total}");
            assert_eq!(date_order.date().to_string().len(), 10);
        }
    }
}

#[tokio::test]
async fn binary_attachment_decodes_to_bytes() {
    require_fixtures!();
    for version in VERSIONS {
        let all = load_transcripts(version);
        for family in families(version) {
            let replay = Replay::start(&all, family, "read_attachment_binary").await;
            let ids = replay.recorded_ids();
            let rows = replay.client.model::<Attachment>().read(&ids).await;
            let a = rows
                .unwrap_or_else(|e| panic!("{version} {family}: {e}"))
                .remove(0);
            replay.assert_sent();
            assert_eq!(a.kind, AttachmentType::Binary);
            assert_eq!(
                a.datas.as_ref().map(Binary::as_bytes),
                Some(&b"Hello, Odoo!\n"[..]),
                "{version} {family}"
            );
            assert_eq!(a.file_size, 13);
            assert_eq!(a.res_model.as_deref(), Some("res.partner"));
            assert!(a.res_id.is_some());
            assert!(a.url.is_none());
        }
    }
}

#[tokio::test]
async fn create_write_and_unlink_send_only_the_fields_set() {
    require_fixtures!();
    let f = Partner::fields();
    for version in VERSIONS {
        let all = load_transcripts(version);
        for family in families(version) {
            let prefix = if *family == "web" { "web" } else { family };
            let replay = Replay::start(&all, family, "create_partner").await;
            let id = replay
                .client
                .model::<Partner>()
                .create(
                    &Values::new()
                        .set(&f.name, format!("Toolkit {prefix} partner"))
                        .set(&f.email, format!("{prefix}@example.com"))
                        .set(&f.is_company, true)
                        .set(&f.comment, "<p>created by recorder</p>"),
                )
                .await;
            replay.assert_sent();
            assert!(id.unwrap_or_else(|e| panic!("{version} {family}: {e}")) > 0);

            // phone and website set, email cleared, everything else left alone.
            let replay = Replay::start(&all, family, "write_partner").await;
            let ids = replay.recorded_ids();
            let done = replay
                .client
                .model::<Partner>()
                .write(
                    &ids,
                    &Values::new()
                        .set(&f.phone, "+1 555 0100")
                        .set(&f.website, "https://example.com")
                        .clear(&f.email),
                )
                .await;
            replay.assert_sent();
            assert!(done.unwrap_or_else(|e| panic!("{version} {family}: {e}")));

            let replay = Replay::start(&all, family, "unlink_partner").await;
            let ids = replay.recorded_ids();
            let done = replay.client.model::<Partner>().unlink(&ids).await;
            replay.assert_sent();
            assert!(done.unwrap_or_else(|e| panic!("{version} {family}: {e}")));
        }
    }
}

#[tokio::test]
async fn create_many_sends_one_list() {
    require_fixtures!();
    let f = Partner::fields();
    for version in VERSIONS {
        let all = load_transcripts(version);
        for family in families(version) {
            let replay = Replay::start(&all, family, "create_partner_multi").await;
            let vals: Vec<Values<Partner>> = ["A", "B"]
                .iter()
                .map(|tag| Values::new().set(&f.name, format!("Toolkit {family} multi {tag}")))
                .collect();
            let ids = replay.client.model::<Partner>().create_many(&vals).await;
            replay.assert_sent();
            assert_eq!(
                ids.unwrap_or_else(|e| panic!("{version} {family}: {e}"))
                    .len(),
                2
            );
        }
    }
}

#[tokio::test]
async fn x2many_commands_on_create_and_write() {
    require_fixtures!();
    let f = Partner::fields();
    for version in VERSIONS {
        let all = load_transcripts(version);
        for family in families(version) {
            let child = |name: &str, kind: PartnerType| -> Command<Partner> {
                Command::create(
                    Values::<Partner>::new()
                        .set(&f.name, name)
                        .set(&f.kind, kind),
                )
            };
            let replay = Replay::start(&all, family, "create_x2many_commands").await;
            let id = replay
                .client
                .model::<Partner>()
                .create(
                    &Values::new()
                        .set(&f.name, format!("Toolkit {family} x2many"))
                        .set(&f.is_company, true)
                        .set(&f.category_id, [Command::set([1, 2])])
                        .set(
                            &f.child_ids,
                            [
                                child("Child A", PartnerType::Contact),
                                child("Child B", PartnerType::Invoice),
                            ],
                        ),
                )
                .await;
            replay.assert_sent();
            assert!(id.unwrap_or_else(|e| panic!("{version} {family}: {e}")) > 0);

            let replay = Replay::start(&all, family, "write_x2many_commands").await;
            let ids = replay.recorded_ids();
            // The ids of the children the recording updated and deleted.
            let recorded = replay.recorded_request();
            let updated = command_target(&recorded, 1).unwrap_or_else(|| panic!("no [1, id, ...]"));
            let deleted = command_target(&recorded, 2).unwrap_or_else(|| panic!("no [2, id]"));
            let done = replay
                .client
                .model::<Partner>()
                .write(
                    &ids,
                    &Values::new()
                        .set(&f.category_id, [Command::link(3), Command::unlink(1)])
                        .set(
                            &f.child_ids,
                            [
                                Command::update(
                                    updated,
                                    Values::<Partner>::new().set(&f.email, "child.a@example.com"),
                                ),
                                Command::delete(deleted),
                                Command::create(Values::<Partner>::new().set(&f.name, "Child C")),
                            ],
                        ),
                )
                .await;
            replay.assert_sent();
            assert!(done.unwrap_or_else(|e| panic!("{version} {family}: {e}")));

            let replay = Replay::start(&all, family, "write_x2many_clear").await;
            let ids = replay.recorded_ids();
            let done = replay
                .client
                .model::<Partner>()
                .write(&ids, &Values::new().clear(&f.category_id))
                .await;
            replay.assert_sent();
            assert!(done.unwrap_or_else(|e| panic!("{version} {family}: {e}")));

            let replay = Replay::start(&all, family, "read_x2many_after_write").await;
            let ids = replay.recorded_ids();
            let rows: Vec<PartnerTags> = replay
                .client
                .model::<PartnerTags>()
                .read(&ids)
                .await
                .unwrap_or_else(|e| panic!("{version} {family}: {e}"));
            replay.assert_sent();
            assert_eq!(rows[0].child_ids.len(), 2, "{version} {family}");
        }
    }
}

/// The fields of the recorded `read_x2many` cases.
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct PartnerTags {
    pub id: i64,
    pub category_id: X2many<PartnerCategory>,
    pub child_ids: X2many<PartnerTags>,
}

#[tokio::test]
async fn sale_order_with_lines_and_a_custom_method() {
    require_fixtures!();
    let o = SaleOrder::fields();
    let l = OrderLine::fields();
    for version in VERSIONS {
        let all = load_transcripts(version);
        for family in families(version) {
            let replay = Replay::start(&all, family, "create_sale_order_with_lines").await;
            let partner = find_int(&replay.recorded_request(), "partner_id")
                .unwrap_or_else(|| panic!("{version} {family}: no partner_id"));
            let line = |product: i64, qty: f64, price: Option<f64>| {
                let mut vals = Values::<OrderLine>::new()
                    .set(&l.product_id, product)
                    .set(&l.product_uom_qty, qty);
                if let Some(price) = price {
                    vals = vals.set(&l.price_unit, price);
                }
                Command::create(vals)
            };
            let id = replay
                .client
                .model::<SaleOrder>()
                .create(&Values::new().set(&o.partner_id, partner).set(
                    &o.order_line,
                    [line(1, 2.0, Some(12.5)), line(2, 1.0, None)],
                ))
                .await;
            replay.assert_sent();
            assert!(id.unwrap_or_else(|e| panic!("{version} {family}: {e}")) > 0);

            let replay = Replay::start(&all, family, "method_returns_none").await;
            let ids = replay.recorded_ids();
            let result = replay
                .client
                .model::<SaleOrder>()
                .call("action_unlock")
                .ids(&ids)
                .send()
                .await;
            replay.assert_sent();
            assert_eq!(
                result.unwrap_or_else(|e| panic!("{version} {family}: {e}")),
                serde_json::Value::Null
            );
        }
    }
}

#[tokio::test]
async fn missing_records_read_as_no_row_and_write_as_missing_error() {
    require_fixtures!();
    let f = Partner::fields();
    for version in VERSIONS {
        let all = load_transcripts(version);
        for family in families(version) {
            let replay = Replay::start(&all, family, "write_missing_record").await;
            let ids = replay.recorded_ids();
            let outcome = replay
                .client
                .model::<Partner>()
                .write(&ids, &Values::new().set(&f.name, "x"))
                .await;
            replay.assert_sent();
            assert!(
                outcome
                    .as_ref()
                    .is_err_and(|e| e.kind() == ErrorKind::MissingError),
                "{version} {family}: {outcome:?}"
            );
        }
    }
}

#[tokio::test]
async fn count_and_context_per_call() {
    require_fixtures!();
    for version in VERSIONS {
        let all = load_transcripts(version);
        for family in families(version) {
            let replay = Replay::start(&all, family, "search_count_partner").await;
            let f = Partner::fields();
            let count = replay
                .client
                .model::<Partner>()
                .count(f.is_company.eq(true))
                .await;
            replay.assert_sent();
            assert!(count.unwrap_or_else(|e| panic!("{version} {family}: {e}")) > 0);
        }
    }
    // JSON-2 recorded a search_count with a context of its own.
    let all = load_transcripts("odoo19");
    let replay = Replay::start(&all, "json2", "context_lang_and_active_test").await;
    let count = replay
        .client
        .model::<Partner>()
        .search(Domain::all())
        .context(odoo_core::Context::new().lang("en_US").active_test(false))
        .count()
        .await;
    replay.assert_sent();
    assert!(count.unwrap_or_else(|e| panic!("{e}")) > 0);
}

#[test]
fn the_derive_lists_fields_in_order_with_their_odoo_names() {
    let names = Partner::field_names();
    assert_eq!(
        names[..5],
        ["name", "is_company", "company_type", "type", "parent_id"]
    );
    assert_eq!(Partner::FIELDS[0].name, "id");
    assert_eq!(
        Partner16::FIELDS
            .iter()
            .filter(|f| f.name == "mobile")
            .count(),
        1
    );
    assert_eq!(Partner::MODEL, "res.partner");
    let kind = Partner::FIELDS
        .iter()
        .find(|f| f.name == "type")
        .map(|f| f.rust_name);
    assert_eq!(kind, Some("kind"));
}
