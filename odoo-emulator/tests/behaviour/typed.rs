//! Derived models against the emulator, on every transport of Odoo 16 to 19: typed CRUD
//! with a many2one, many2many commands and a selection, domains through a many2one path,
//! pages, workflow methods, access errors; and 200 concurrent typed reads and writes
//! through clones of one client, none lost.
//!
//! The structs are checked at compile time against the emulator's own demo snapshot.

use crate::support;

use support::emulator::{connect, transports};

use odoo_core::types::{Command, DateTime, Many2one, X2many};
use odoo_core::{Client, Error, ErrorKind, Model, OdooModel, OdooSelection, TransportKind, Values};
use odoo_emulator::{Emulator, OdooVersion};

const DEMO_SCHEMA: &str = "../odoo-emulator/src/demo/schema.json";

#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum AddressType {
    Contact,
    Invoice,
    Delivery,
    Other,
    #[odoo(other)]
    Unknown(String),
}

#[derive(Debug, Clone, OdooModel)]
#[odoo(
    model = "res.partner.category",
    schema = "../odoo-emulator/src/demo/schema.json"
)]
pub struct Tag {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, OdooModel)]
#[odoo(
    model = "res.partner",
    schema = "../odoo-emulator/src/demo/schema.json"
)]
pub struct Contact {
    pub id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub is_company: bool,
    pub parent_id: Option<Many2one<Contact>>,
    pub child_ids: X2many<Contact>,
    pub category_id: X2many<Tag>,
    #[odoo(rename = "type")]
    pub kind: Option<AddressType>,
    pub color: i64,
    pub write_date: Option<DateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum OrderState {
    Draft,
    Sent,
    Sale,
    Cancel,
    #[odoo(other)]
    Unknown(String),
}

#[derive(Debug, Clone, OdooModel)]
#[odoo(model = "sale.order", schema = "../odoo-emulator/src/demo/schema.json")]
pub struct Order {
    pub id: i64,
    pub name: String,
    pub partner_id: Many2one<Contact>,
    pub state: Option<OrderState>,
    pub order_line: X2many<OrderLine>,
    pub amount_total: f64,
}

#[derive(Debug, Clone, OdooModel)]
#[odoo(
    model = "sale.order.line",
    schema = "../odoo-emulator/src/demo/schema.json"
)]
pub struct OrderLine {
    pub id: i64,
    pub order_id: Many2one<Order>,
    pub name: String,
    pub product_uom_qty: f64,
    pub price_unit: f64,
}

async fn typed_round_trip(version: OdooVersion, transport: TransportKind) {
    let emu = Emulator::demo(version)
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    let client = connect(&emu, transport, "admin").await;
    let at = format!("{version:?} {transport}");
    let f = Contact::fields();
    let contacts = client.model::<Contact>();
    let tags = client.model::<Tag>();

    let vip = tags
        .create(&Values::new().set(&Tag::fields().name, "VIP"))
        .await
        .unwrap_or_else(|e| panic!("{at}: tag: {e}"));
    let company = contacts
        .create(
            &Values::new()
                .set(&f.name, "Typed Holdings")
                .set(&f.is_company, true),
        )
        .await
        .unwrap_or_else(|e| panic!("{at}: company: {e}"));
    let child = |name: &str, kind: AddressType| {
        Command::create(
            Values::<Contact>::new()
                .set(&f.name, name)
                .set(&f.kind, kind),
        )
    };
    let person = contacts
        .create(
            &Values::new()
                .set(&f.name, "Ada Typed")
                .set(&f.email, "ada@typed.example")
                .set(&f.parent_id, company)
                .set(&f.category_id, [Command::set([vip])])
                .set(&f.kind, AddressType::Contact)
                .set(
                    &f.child_ids,
                    [
                        child("Ada invoices", AddressType::Invoice),
                        child("Ada deliveries", AddressType::Delivery),
                    ],
                ),
        )
        .await
        .unwrap_or_else(|e| panic!("{at}: person: {e}"));

    // A domain through the many2one, ordered, limited.
    let found = contacts
        .search(f.parent_id.path(|p| p.name).eq("Typed Holdings") & f.email.ilike("@typed."))
        .order(f.name.desc())
        .limit(5)
        .fetch()
        .await
        .unwrap_or_else(|e| panic!("{at}: search: {e}"));
    assert_eq!(found.len(), 1, "{at}: {found:?}");
    let ada = &found[0];
    assert_eq!(ada.id, person);
    assert_eq!(
        ada.parent_id.as_ref().and_then(Many2one::name),
        Some("Typed Holdings")
    );
    assert_eq!(ada.category_id.ids(), &[vip]);
    assert_eq!(ada.kind, Some(AddressType::Contact));
    assert_eq!(
        ada.child_ids.len(),
        2,
        "{at}: one2many commands created the children"
    );
    let children = contacts
        .read(ada.child_ids.ids())
        .await
        .unwrap_or_else(|e| panic!("{at}: children: {e}"));
    let mut kinds: Vec<Option<AddressType>> = children.into_iter().map(|c| c.kind).collect();
    kinds.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(
        kinds,
        vec![Some(AddressType::Delivery), Some(AddressType::Invoice)]
    );

    // Set, clear and leave alone; many2many unlink.
    contacts
        .write(
            &[person],
            &Values::new()
                .clear(&f.email)
                .set(&f.color, 4)
                .set(&f.category_id, [Command::unlink(vip)]),
        )
        .await
        .unwrap_or_else(|e| panic!("{at}: write: {e}"));
    let after = contacts
        .get(person)
        .await
        .unwrap_or_else(|e| panic!("{at}: get: {e}"))
        .unwrap_or_else(|| panic!("{at}: gone"));
    assert_eq!((after.email, after.color), (None, 4));
    assert!(after.category_id.is_empty());
    assert_eq!(
        after.name.as_deref(),
        Some("Ada Typed"),
        "{at}: untouched field kept"
    );

    // The whole family in pages of two, following the id.
    let family = contacts
        .search(f.id.child_of([company]))
        .pages(2)
        .collect_all()
        .await
        .unwrap_or_else(|e| panic!("{at}: pages: {e}"));
    assert_eq!(family.len(), 4, "{at}: company, person and two addresses");
    let count = contacts
        .count(f.id.child_of([company]))
        .await
        .unwrap_or_else(|e| panic!("{at}: count: {e}"));
    assert_eq!(count, 4);

    // A sales order with lines, confirmed by name; a limited user may not read it.
    let o = Order::fields();
    let l = OrderLine::fields();
    let orders = client.model::<Order>();
    let order = orders
        .create(
            &Values::new().set(&o.partner_id, person).set(
                &o.order_line,
                [Command::create(
                    Values::<OrderLine>::new()
                        .set(&l.name, "Typed widget")
                        .set(&l.product_uom_qty, 3.0)
                        .set(&l.price_unit, 2.5),
                )],
            ),
        )
        .await
        .unwrap_or_else(|e| panic!("{at}: order: {e}"));
    orders
        .call("action_confirm")
        .ids(&[order])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{at}: confirm: {e}"));
    let confirmed = orders
        .get(order)
        .await
        .unwrap_or_else(|e| panic!("{at}: read order: {e}"))
        .unwrap_or_else(|| panic!("{at}: no order"));
    assert_eq!(confirmed.state, Some(OrderState::Sale), "{at}");
    assert_eq!(confirmed.partner_id.id(), person);
    let lines = client
        .model::<OrderLine>()
        .read(confirmed.order_line.ids())
        .await
        .unwrap_or_else(|e| panic!("{at}: lines: {e}"));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].order_id.id(), order);
    assert!((lines[0].product_uom_qty - 3.0).abs() < 1e-9 && lines[0].name == "Typed widget");
    assert!(confirmed.amount_total > 0.0 && !confirmed.name.is_empty());

    let limited = connect(&emu, transport, "limited").await;
    let denied = limited.model::<Order>().get(order).await;
    assert!(
        denied
            .as_ref()
            .is_err_and(|e| e.kind() == ErrorKind::AccessError),
        "{at}: {denied:?}"
    );

    contacts
        .unlink(&[person])
        .await
        .unwrap_or_else(|e| panic!("{at}: unlink: {e}"));
    let gone = contacts
        .get(person)
        .await
        .unwrap_or_else(|e| panic!("{at}: {e}"));
    assert!(gone.is_none(), "{at}: a deleted record reads as no row");
    let missing = contacts
        .write(&[person], &Values::new().set(&f.color, 1))
        .await;
    assert!(
        missing
            .as_ref()
            .is_err_and(|e| e.kind() == ErrorKind::MissingError),
        "{at}: {missing:?}"
    );
}

#[tokio::test]
async fn typed_crud_on_every_transport_of_every_version() {
    for version in [
        OdooVersion::V16,
        OdooVersion::V17,
        OdooVersion::V18,
        OdooVersion::V19,
    ] {
        for transport in transports(version) {
            typed_round_trip(version, transport).await;
        }
    }
}

fn assert_shareable<T: Clone + Send + Sync + 'static>() {}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_typed_reads_and_writes_lose_nothing() {
    assert_shareable::<Client>();
    assert_shareable::<odoo_core::ModelClient<Contact>>();
    let emu = Emulator::demo(OdooVersion::V19)
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    for transport in [TransportKind::JsonRpc, TransportKind::Json2] {
        let client = connect(&emu, transport, "admin").await;
        let f = Contact::fields();
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..200_i64 {
            let contacts = client.model::<Contact>();
            let f = f.clone();
            tasks.spawn(async move {
                if n % 2 == 0 {
                    // A write task: create, then change a field, then read it back.
                    let name = format!("concurrent {transport} {n}");
                    let id = contacts
                        .create(&Values::new().set(&f.name, name.clone()))
                        .await?;
                    contacts
                        .write(&[id], &Values::new().set(&f.color, n))
                        .await?;
                    let row = contacts.get(id).await?;
                    Ok::<_, Error>(row.map(|r| (r.name == Some(name), r.color == n)))
                } else {
                    // A read task.
                    let rows = contacts
                        .search(f.is_company.eq(true))
                        .limit(5)
                        .fetch()
                        .await?;
                    Ok(Some((!rows.is_empty(), true)))
                }
            });
        }
        let mut done = 0;
        while let Some(joined) = tasks.join_next().await {
            let outcome = joined.unwrap_or_else(|e| panic!("{transport}: task: {e}"));
            let checked = outcome.unwrap_or_else(|e| panic!("{transport}: call: {e}"));
            assert_eq!(checked, Some((true, true)), "{transport}");
            done += 1;
        }
        assert_eq!(done, 200);
        // Every write is there: 100 records, each with its own color.
        let written = client
            .model::<Contact>()
            .search(f.name.like(format!("concurrent {transport} %")))
            .fetch()
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert_eq!(written.len(), 100, "{transport}");
        let mut colors: Vec<i64> = written.iter().map(|r| r.color).collect();
        colors.sort_unstable();
        assert_eq!(
            colors,
            (0..200).step_by(2).collect::<Vec<i64>>(),
            "{transport}"
        );
    }
}

#[test]
fn the_demo_snapshot_is_the_one_the_structs_were_checked_against() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO_SCHEMA);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema = odoo_core::schema::Schema::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    for model in [Contact::MODEL, Tag::MODEL, Order::MODEL, OrderLine::MODEL] {
        assert!(schema.model(model).is_some(), "{model}");
    }
}

/// A model whose `name` may not be empty: a row without one fails to decode.
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner", schema = false)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

#[tokio::test]
async fn a_page_that_fails_to_decode_is_asked_again_not_skipped() {
    let emu = Emulator::demo_builder(OdooVersion::V18)
        .record(
            "res.partner",
            serde_json::json!({"name": "Page A", "ref": "pager"}),
        )
        .record(
            "res.partner",
            serde_json::json!({"name": false, "ref": "pager"}),
        )
        .record(
            "res.partner",
            serde_json::json!({"name": "Page C", "ref": "pager"}),
        )
        .start()
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    let client = connect(&emu, TransportKind::JsonRpc, "admin").await;
    let domain = odoo_core::Domain::raw(serde_json::json!([["ref", "=", "pager"]]))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut pages = client.model::<Named>().search(domain).pages(1);
    let first = pages.next_page().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.map(|p| p[0].name.clone()).as_deref(), Some("Page A"));
    for _ in 0..2 {
        let failed = pages.next_page().await;
        assert!(
            failed
                .as_ref()
                .is_err_and(|e| e.kind() == ErrorKind::Decode),
            "{failed:?}"
        );
    }
}

/// Typed grouped reads on the demo orders: `read_group` as 16-18 answer it, and
/// `formatted_read_group` as 19 does, over every transport; the groups equal what the orders
/// themselves give.
#[tokio::test]
async fn typed_grouped_reads_on_every_transport_of_every_version() {
    let mut total = 0;
    for version in [
        OdooVersion::V16,
        OdooVersion::V17,
        OdooVersion::V18,
        OdooVersion::V19,
    ] {
        let emu = Emulator::demo(version).await.expect("emulator");
        for transport in transports(version) {
            let client = connect(&emu, transport, "admin").await;
            let compared =
                support::groups::check_grouped_orders(&client, &format!("{version:?} {transport}"))
                    .await;
            assert!(compared >= 3, "{version:?} {transport}: {compared} groups");
            support::groups::check_date_grouped_without_period(&client, &format!("{version:?}"))
                .await;
            total += compared;
        }
    }
    eprintln!("{total} groups compared");
}
