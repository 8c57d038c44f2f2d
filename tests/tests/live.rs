//! Live tests against a real Odoo server, with these variables set:
//!
//! * `ODOO_URL` (such as `http://127.0.0.1:8069`), `ODOO_DB`, `ODOO_USER`,
//! * `ODOO_PASSWORD` for JSON-RPC, XML-RPC and the web session, and/or `ODOO_API_KEY` (JSON-2 on
//!   Odoo 19+, and in place of the password elsewhere).
//!
//! The server is expected to have `contacts` and `sale_management` installed, with demo data
//! (docker-compose.yml). Each test is ignored by a plain `cargo test`;
//! `cargo test -p odoo-tests --test live -- --ignored` runs them, and without the variables
//! each fails naming the ones to set. They create, change and delete their own records only.

use odoo_core::{Client, ErrorKind, ReadOptions, SearchOptions, TransportKind};
use serde::Deserialize;
use serde_json::{json, Value};

use odoo_test_support::live_settings;

use live_settings::Settings as Live;

/// The live settings; panics naming the variables to set.
#[track_caller]
fn live() -> Live {
    live_settings::settings()
}

#[derive(Debug, Deserialize)]
struct Partner {
    id: i64,
    name: String,
    #[serde(with = "odoo_core::types::odoo_option", default)]
    email: Option<String>,
    #[serde(with = "odoo_core::types::odoo_option", default)]
    phone: Option<String>,
    is_company: bool,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn crud_a_partner_on_every_transport() {
    let live = live();
    for transport in live.transports().await {
        let client = live
            .builder(transport)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("connect over {transport}: {e}"));
        assert_eq!(client.transport_kind(), transport);
        let name = format!("odoo-rs live {transport}");
        let id = client
            .create(
                "res.partner",
                json!({"name": name, "email": "live@example.com", "is_company": true}),
            )
            .await
            .unwrap_or_else(|e| panic!("create over {transport}: {e}"));
        let rows: Vec<Partner> = client
            .read(
                "res.partner",
                &[id],
                &["name", "email", "phone", "is_company"],
                ReadOptions::new(),
            )
            .await
            .expect("read");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].id, id);
        assert_eq!(rows[0].name, name);
        assert_eq!(rows[0].email.as_deref(), Some("live@example.com"));
        assert_eq!(rows[0].phone, None);
        assert!(rows[0].is_company);

        assert!(client
            .write(
                "res.partner",
                &[id],
                json!({"phone": "+1 555 0100", "email": false})
            )
            .await
            .expect("write"));
        let found: Vec<Partner> = client
            .search_read(
                "res.partner",
                json!([["id", "=", id]]),
                &["name", "email", "phone", "is_company"],
                SearchOptions::new().limit(1),
            )
            .await
            .expect("search_read");
        assert_eq!(found[0].phone.as_deref(), Some("+1 555 0100"));
        assert_eq!(found[0].email, None);
        let count = client
            .search_count(
                "res.partner",
                json!([["id", "=", id]]),
                SearchOptions::new(),
            )
            .await
            .expect("search_count");
        assert_eq!(count, 1);

        assert!(client.unlink("res.partner", &[id]).await.expect("unlink"));
        let gone: Vec<Value> = client
            .read("res.partner", &[id], &["name"], ReadOptions::new())
            .await
            .expect("read of a deleted id");
        assert!(gone.is_empty(), "a deleted id reads as no row");
        let err = client
            .write("res.partner", &[id], json!({"name": "x"}))
            .await
            .expect_err("writing a deleted record fails");
        assert_eq!(err.kind(), ErrorKind::MissingError, "{err:?}");
        eprintln!("live: CRUD over {transport} ok");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn a_wrong_password_is_access_denied_at_connect() {
    let live = live();
    for transport in live.transports().await {
        let mut bad = Live {
            url: live.url.clone(),
            db: live.db.clone(),
            user: live.user.clone(),
            password: None,
            api_key: None,
        };
        if transport == TransportKind::Json2 {
            bad.api_key = Some("0000000000000000000000000000000000000000".into());
        } else {
            bad.password = Some("wrong-password-for-live-test".into());
        }
        let err = bad
            .builder(transport)
            .connect()
            .await
            .expect_err("a wrong secret cannot connect");
        assert!(
            (err.kind() == ErrorKind::AccessDenied),
            "{transport}: expected AccessDenied, got {err:?}"
        );
        let text = format!("{err} {err:?}");
        assert!(!text.contains("wrong-password-for-live-test"));
        assert!(!text.contains("0000000000000000000000000000000000000000"));
        eprintln!("live: AccessDenied over {transport} ok");
    }
}

/// `res.partner.type` for the typed round trip.
#[derive(Debug, Clone, PartialEq, Eq, odoo_core::OdooSelection)]
enum LiveKind {
    Contact,
    Invoice,
    Delivery,
    #[odoo(other)]
    Unknown(String),
}

#[derive(Debug, Clone, odoo_core::OdooModel)]
#[odoo(model = "res.partner.category")]
struct LiveCategory {
    id: i64,
    name: String,
}

#[derive(Debug, Clone, odoo_core::OdooModel)]
#[odoo(model = "res.partner")]
struct LivePartner {
    id: i64,
    name: Option<String>,
    email: Option<String>,
    is_company: bool,
    parent_id: Option<odoo_core::types::Many2one<LivePartner>>,
    category_id: odoo_core::types::X2many<LiveCategory>,
    #[odoo(rename = "type")]
    kind: Option<LiveKind>,
}

/// Typed CRUD through derived models: a many2one, many2many commands and a selection, on
/// every transport; everything it creates it deletes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn typed_crud_round_trip_on_every_transport() {
    use odoo_core::types::Command;
    use odoo_core::{Model, Values};

    let live = live();
    let p = LivePartner::fields();
    let c = LiveCategory::fields();
    for transport in live.transports().await {
        let client = live.connect(transport).await;
        let marker = format!("odoo-rs typed {} {}", transport, std::process::id());
        let partners = client.model::<LivePartner>();
        let categories = client.model::<LiveCategory>();

        let tag = categories
            .create(&Values::new().set(&c.name, format!("{marker} tag")))
            .await
            .unwrap_or_else(|e| panic!("{transport}: create tag: {e}"));
        let company = partners
            .create(
                &Values::new()
                    .set(&p.name, format!("{marker} company"))
                    .set(&p.is_company, true),
            )
            .await
            .unwrap_or_else(|e| panic!("{transport}: create company: {e}"));
        let contact = partners
            .create(
                &Values::new()
                    .set(&p.name, format!("{marker} contact"))
                    .set(&p.email, "typed@example.com")
                    .set(&p.parent_id, company)
                    .set(&p.category_id, [Command::set([tag])])
                    .set(&p.kind, LiveKind::Invoice),
            )
            .await
            .unwrap_or_else(|e| panic!("{transport}: create contact: {e}"));

        let found = partners
            .search(p.name.ilike(marker.as_str()) & p.parent_id.eq(company))
            .order(p.id.asc())
            .fetch()
            .await
            .unwrap_or_else(|e| panic!("{transport}: search: {e}"));
        assert_eq!(found.len(), 1, "{transport}: {found:?}");
        let read = &found[0];
        assert_eq!(read.id, contact);
        assert_eq!(read.email.as_deref(), Some("typed@example.com"));
        assert_eq!(read.parent_id.as_ref().map(|m| m.id()), Some(company));
        assert_eq!(read.category_id.ids(), &[tag]);
        assert_eq!(read.kind, Some(LiveKind::Invoice));

        partners
            .write(
                &[contact],
                &Values::new()
                    .clear(&p.email)
                    .set(&p.category_id, [Command::unlink(tag)])
                    .set(&p.kind, LiveKind::Delivery),
            )
            .await
            .unwrap_or_else(|e| panic!("{transport}: write: {e}"));
        let after = partners
            .get(contact)
            .await
            .unwrap_or_else(|e| panic!("{transport}: read: {e}"))
            .unwrap_or_else(|| panic!("{transport}: the contact is gone"));
        assert_eq!(after.email, None);
        assert!(after.category_id.is_empty());
        assert_eq!(after.kind, Some(LiveKind::Delivery));
        assert_eq!(
            after.name.as_deref(),
            Some(format!("{marker} contact").as_str())
        );

        // Both records, in pages of one, following the id.
        let family = partners
            .search(p.id.child_of([company]))
            .pages(1)
            .collect_all()
            .await
            .unwrap_or_else(|e| panic!("{transport}: pages: {e}"));
        let mut ids: Vec<i64> = family.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        assert_eq!(ids, vec![company, contact], "{transport}");
        assert!(family.iter().any(|r| r.id == company && r.is_company));
        let tags = categories
            .read(&[tag])
            .await
            .unwrap_or_else(|e| panic!("{transport}: read tag: {e}"));
        assert_eq!(tags.len(), 1);
        assert_eq!(
            (tags[0].id, tags[0].name.as_str()),
            (tag, format!("{marker} tag").as_str())
        );
        let count = partners
            .count(p.name.ilike(marker.as_str()))
            .await
            .unwrap_or_else(|e| panic!("{transport}: count: {e}"));
        assert_eq!(count, 2);

        partners
            .unlink(&[contact, company])
            .await
            .unwrap_or_else(|e| panic!("{transport}: unlink: {e}"));
        categories
            .unlink(&[tag])
            .await
            .unwrap_or_else(|e| panic!("{transport}: unlink tag: {e}"));
        let gone = partners
            .get(contact)
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert!(gone.is_none(), "{transport}: deleted record still reads");
    }
}

#[derive(Debug, Clone, odoo_core::OdooModel)]
#[odoo(model = "sale.order")]
struct LiveOrder {
    id: i64,
    name: String,
    partner_id: odoo_core::types::Many2one<LivePartner>,
    order_line: odoo_core::types::X2many<LiveOrderLine>,
    state: Option<String>,
    amount_total: f64,
    date_order: odoo_core::types::DateTime,
}

#[derive(Debug, Clone, odoo_core::OdooModel)]
#[odoo(model = "sale.order.line")]
struct LiveOrderLine {
    id: i64,
    order_id: odoo_core::types::Many2one<LiveOrder>,
    product_id: Option<odoo_core::types::Many2one>,
    name: String,
    product_uom_qty: f64,
    price_unit: f64,
}

#[derive(Debug, Clone, odoo_core::OdooModel)]
#[odoo(model = "product.product")]
struct LiveProduct {
    id: i64,
    sale_ok: bool,
}

/// A sale order with lines through typed commands, its lines read back into their own
/// struct, and workflow methods called by name (`sale` installed, two saleable products).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn typed_sale_order_with_lines() {
    use odoo_core::types::Command;
    use odoo_core::{Model, Values};

    let live = live();
    let o = LiveOrder::fields();
    let l = LiveOrderLine::fields();
    for transport in live.transports().await {
        let client = live.connect(transport).await;
        let products = client
            .model::<LiveProduct>()
            .search(LiveProduct::fields().sale_ok.eq(true))
            .limit(2)
            .fetch()
            .await;
        let products = match products {
            Err(e) if e.kind() == ErrorKind::NotFound => panic!(
                "{transport}: no product.product model on this server: the live tests need \
                 sale_management installed ({e})"
            ),
            other => other.unwrap_or_else(|e| panic!("{transport}: products: {e}")),
        };
        assert!(products.iter().all(|p| p.sale_ok));
        let products: Vec<i64> = products.iter().map(|p| p.id).collect();
        assert!(
            products.len() >= 2,
            "{transport}: fewer than two saleable products: the live tests need a database \
             with demo data"
        );
        let partner = client
            .model::<LivePartner>()
            .create(&Values::new().set(&LivePartner::fields().name, "odoo-rs typed order customer"))
            .await
            .unwrap_or_else(|e| panic!("{transport}: partner: {e}"));
        let line = |product: i64, qty: f64, price: f64| {
            Command::create(
                Values::<LiveOrderLine>::new()
                    .set(&l.product_id, product)
                    .set(&l.product_uom_qty, qty)
                    .set(&l.price_unit, price),
            )
        };
        let orders = client.model::<LiveOrder>();
        let id = orders
            .create(&Values::new().set(&o.partner_id, partner).set(
                &o.order_line,
                [line(products[0], 2.0, 12.5), line(products[1], 1.0, 100.0)],
            ))
            .await
            .unwrap_or_else(|e| panic!("{transport}: create order: {e}"));
        let order = orders
            .get(id)
            .await
            .unwrap_or_else(|e| panic!("{transport}: read order: {e}"))
            .unwrap_or_else(|| panic!("{transport}: no order"));
        assert_eq!((order.id, order.partner_id.id()), (id, partner));
        assert_eq!(order.order_line.len(), 2);
        assert_eq!(order.state.as_deref(), Some("draft"));
        assert!(
            order.amount_total >= 125.0,
            "{transport}: {}",
            order.amount_total
        );
        assert!(!order.name.is_empty() && order.date_order.date().to_string().len() == 10);

        let lines = client
            .model::<LiveOrderLine>()
            .read(order.order_line.ids())
            .await
            .unwrap_or_else(|e| panic!("{transport}: read lines: {e}"));
        let mut line_ids: Vec<i64> = lines.iter().map(|line| line.id).collect();
        line_ids.sort_unstable();
        let mut expected = order.order_line.ids().to_vec();
        expected.sort_unstable();
        assert_eq!(line_ids, expected);
        assert!(lines
            .iter()
            .all(|line| line.order_id.id() == id && !line.name.is_empty()));
        let quantities: Vec<f64> = lines.iter().map(|line| line.product_uom_qty).collect();
        assert!(
            quantities.contains(&2.0) && quantities.contains(&1.0),
            "{quantities:?}"
        );
        assert!(lines
            .iter()
            .any(|line| (line.price_unit - 12.5).abs() < 1e-9));
        assert!(lines.iter().all(|line| line.product_id.is_some()));

        orders
            .call("action_confirm")
            .ids(&[id])
            .send()
            .await
            .unwrap_or_else(|e| panic!("{transport}: confirm: {e}"));
        let confirmed = orders.get(id).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(confirmed.and_then(|o| o.state).as_deref(), Some("sale"));
        // A confirmed order cannot be deleted: Odoo says so, typed.
        let refused = orders.unlink(&[id]).await;
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.kind() == ErrorKind::UserError),
            "{transport}: {refused:?}"
        );
        // Odoo 16 to 18 answer a confirmed order's cancel with a `sale.order.cancel` wizard
        // (to mail the customer) unless the context turns that warning off; 19 cancels.
        orders
            .call("action_cancel")
            .ids(&[id])
            .context(odoo_core::Context::new().with("disable_cancel_warning", true))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{transport}: cancel: {e}"));
        let cancelled = orders.get(id).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            cancelled.and_then(|o| o.state).as_deref(),
            Some("cancel"),
            "{transport}: the order is cancelled"
        );
        orders
            .unlink(&[id])
            .await
            .unwrap_or_else(|e| panic!("{transport}: unlink: {e}"));
        client
            .model::<LivePartner>()
            .unlink(&[partner])
            .await
            .unwrap_or_else(|e| panic!("{transport}: unlink partner: {e}"));
    }
}

use odoo_test_support::groups;

/// Typed grouped reads of the server's orders over each transport (`read_group` before 19,
/// `formatted_read_group` on 19): each group's count, sum, average, latest date and (on 19)
/// distinct customers equal what the orders themselves say.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn typed_grouped_reads_equal_the_orders() {
    let live = live();
    for transport in live.transports().await {
        let client = live.connect(transport).await;
        let compared = groups::check_grouped_orders(&client, &transport.to_string()).await;
        groups::check_date_grouped_without_period(&client, &transport.to_string()).await;
        eprintln!(
            "Odoo {} over {transport}: {compared} groups compared",
            client.server_version()
        );
    }
}

/// A new sale line's onchange (the older `onchange(values, field_name, field_onchange)` on
/// 16, the spec-based one from 17): choosing a product fills in its price and description.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn onchange_fills_in_a_new_order_line() {
    use odoo_core::Model;
    let live = live();
    let l = LiveOrderLine::fields();
    for transport in live.transports().await {
        let client = live.connect(transport).await;
        let order = client
            .search(
                "sale.order",
                json!([["state", "=", "draft"]]),
                SearchOptions::new().limit(1),
            )
            .await
            .unwrap_or_else(|e| panic!("{transport}: orders: {e}"));
        let products: Vec<Value> = client
            .search_read(
                "product.product",
                json!([["sale_ok", "=", true], ["list_price", ">", 0]]),
                &["display_name", "list_price"],
                SearchOptions::new().limit(1).order("id"),
            )
            .await
            .unwrap_or_else(|e| panic!("{transport}: products: {e}"));
        let (Some(order), Some(product)) = (order.first(), products.first()) else {
            panic!(
                "{transport}: no draft sale order or no saleable product with a price: the \
                 live tests need a database with demo data"
            );
        };
        let product_id = product["id"].as_i64().expect("id");
        let changes = client
            .model::<LiveOrderLine>()
            .onchange(
                odoo_core::Values::new()
                    .set(&l.order_id, *order)
                    .set(&l.product_id, product_id)
                    .set(&l.product_uom_qty, 1.0),
            )
            .changed(&l.product_id)
            .want(&l.price_unit)
            .want(&l.name)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{transport}: onchange: {e}"));
        let price = changes
            .get(&l.price_unit)
            .unwrap_or_else(|e| panic!("{transport}: {e}"))
            .unwrap_or_else(|| panic!("{transport}: no price in {:?}", changes.raw()));
        assert!(price > 0.0, "{transport}: {price}");
        let name = changes
            .get(&l.name)
            .unwrap_or_else(|e| panic!("{transport}: {e}"))
            .unwrap_or_default();
        let product_name = product["display_name"].as_str().unwrap_or_default();
        assert!(
            name.starts_with(product_name),
            "{transport}: {name:?} for {product_name:?}"
        );
        eprintln!(
            "Odoo {} over {transport}: {product_name} at {price}",
            client.server_version()
        );
    }
}

/// A database the server does not have: one kind and one line on every transport, without the
/// database server's host, and the server's own text kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn a_wrong_database_is_one_kind_on_every_transport() {
    let live = live();
    let database = format!("no_such_db_{}", std::process::id());
    let expected = format!(
        "the server has no database named \"{database}\" (ClientBuilder::database, ODOO_DB)"
    );
    for transport in live.transports().await {
        let error = live
            .builder(transport)
            .database(&database)
            .connect()
            .await
            .expect_err("no such database");
        assert_eq!(
            error.kind(),
            ErrorKind::DatabaseNotFound,
            "{transport}: {error:?}"
        );
        assert_eq!(error.message(), expected, "{transport}");
        for leak in ["5432", "127.0.0.1", "<", "psycopg2"] {
            assert!(
                !error.message().contains(leak),
                "{transport}: {leak} in {error}"
            );
        }
        assert!(
            error.debug_info().is_some_and(|raw| !raw.is_empty()),
            "{transport}"
        );
        eprintln!("{transport}: {error}");
    }
}

/// With both secrets set, each transport sends the one the rule names: a wrong one of those is
/// refused and named, a wrong one of the other kind is never sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn each_transport_sends_the_secret_the_rule_names() {
    use odoo_core::CredentialKind;

    let live = live();
    let (Some(password), Some(key)) = (live.password.clone(), live.api_key.clone()) else {
        panic!("this test needs both ODOO_PASSWORD and ODOO_API_KEY (an API key of the same user: Preferences > Account Security)");
    };
    for transport in live.transports().await {
        let sends = if transport == TransportKind::WebSession {
            CredentialKind::Password
        } else {
            CredentialKind::ApiKey
        };
        let with = |password: &str, key: &str| {
            Client::builder(&live.url)
                .database(&live.db)
                .login(&live.user)
                .password(password)
                .api_key(key)
                .transport(transport)
        };
        // The secret that is not sent may be anything.
        let (good_sent, bad_other) = match sends {
            CredentialKind::Password => (with(&password, "not-the-key"), "key"),
            _ => (with("not-the-password", &key), "password"),
        };
        let client = good_sent
            .connect()
            .await
            .unwrap_or_else(|e| panic!("{transport}: a wrong {bad_other}, never sent: {e}"));
        assert_eq!(client.credential_kind(), Some(sends), "{transport}");
        client
            .search_count("res.partner", json!([]), SearchOptions::new())
            .await
            .unwrap_or_else(|e| panic!("{transport}: a call: {e}"));
        // The secret that is sent, wrong: refused, and the error says which.
        let bad_sent = match sends {
            CredentialKind::Password => with("not-the-password", &key),
            _ => with(&password, "not-the-key"),
        };
        let error = bad_sent.connect().await.expect_err("refused");
        assert_eq!(
            error.kind(),
            ErrorKind::AccessDenied,
            "{transport}: {error:?}"
        );
        assert_eq!(
            error.odoo_error().and_then(|e| e.credential),
            Some(sends),
            "{transport}"
        );
        assert!(
            error
                .to_string()
                .ends_with(&format!("the server refused the {sends}")),
            "{transport}: {error}"
        );
        eprintln!("{transport}: {error}");
    }
}

/// A posted customer invoice of the server: the first there is, else one made and posted.
async fn posted_invoice(client: &Client) -> (i64, String) {
    #[derive(Deserialize)]
    struct Move {
        id: i64,
        name: String,
    }
    let domain = json!([["move_type", "=", "out_invoice"], ["state", "=", "posted"]]);
    let found: Vec<Move> = client
        .search_read(
            "account.move",
            domain.clone(),
            &["name"],
            SearchOptions::new().limit(1),
        )
        .await
        .expect("search posted invoices");
    if let Some(invoice) = found.into_iter().next() {
        return (invoice.id, invoice.name);
    }
    let partner = client
        .create("res.partner", json!({"name": "odoo-rs report test"}))
        .await
        .expect("create a partner");
    let id = client
        .create(
            "account.move",
            json!({
                "move_type": "out_invoice",
                "partner_id": partner,
                "invoice_line_ids": [[0, 0, {"name": "odoo-rs report test", "quantity": 1, "price_unit": 10}]],
            }),
        )
        .await
        .expect("create an invoice");
    client
        .execute_kw("account.move", "action_post", json!([[id]]), json!({}))
        .await
        .expect("post the invoice");
    let posted: Vec<Move> = client
        .search_read(
            "account.move",
            json!([["id", "=", id]]),
            &["name"],
            SearchOptions::new(),
        )
        .await
        .expect("read the invoice");
    (
        id,
        posted
            .into_iter()
            .next()
            .map(|m| m.name)
            .unwrap_or_default(),
    )
}

/// The invoice report through every transport: a whole PDF over 1 KiB, and HTML naming the
/// invoice. A client with an API key alone is told that Odoo renders reports only for a web
/// session, which takes a password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn the_invoice_report_on_every_transport() {
    let live = live();
    assert!(
        live.password.is_some(),
        "this test needs ODOO_PASSWORD: Odoo renders reports only for a web session"
    );
    let (invoice, name) = posted_invoice(&live.connect(TransportKind::JsonRpc).await).await;
    for transport in live.transports().await {
        let client = live.connect(transport).await;
        let pdf = client
            .report("account.report_invoice", &[invoice])
            .pdf()
            .await
            .unwrap_or_else(|e| panic!("{transport}: the PDF: {e}"));
        assert!(pdf.bytes.starts_with(b"%PDF-"), "{transport}");
        assert!(pdf.bytes.len() > 1024, "{transport}: {pdf:?}");
        let parsed = lopdf::Document::load_mem(&pdf.bytes)
            .unwrap_or_else(|e| panic!("{transport}: the PDF does not parse: {e}"));
        assert!(!parsed.get_pages().is_empty(), "{transport}: no page");
        assert!(
            pdf.filename.as_deref().is_some_and(|f| f.ends_with(".pdf")),
            "{pdf:?}"
        );
        let html = client
            .report("account.report_invoice", &[invoice])
            .html()
            .await
            .unwrap_or_else(|e| panic!("{transport}: the HTML: {e}"));
        assert!(
            html.text().is_some_and(|t| t.contains(&name)),
            "{transport}: the HTML does not name {name}"
        );
        // The same report by its action's external ID.
        let by_xmlid = client
            .report_by_xmlid("account.account_invoices", &[invoice])
            .await
            .unwrap_or_else(|e| panic!("{transport}: the report action: {e}"))
            .pdf()
            .await
            .unwrap_or_else(|e| panic!("{transport}: the PDF by external ID: {e}"));
        assert!(by_xmlid.bytes.starts_with(b"%PDF-"), "{transport}");
        assert_eq!(by_xmlid.filename, pdf.filename, "{transport}");
        let not_a_report = client
            .report_by_xmlid("base.main_company", &[invoice])
            .await
            .expect_err("a company is not a report");
        assert_eq!(
            not_a_report.kind(),
            ErrorKind::InvalidInput,
            "{not_a_report:?}"
        );
        // Copied to a writer as it comes: the same document.
        let mut copied = Vec::new();
        let saved = client
            .report("account.report_invoice", &[invoice])
            .pdf_to(&mut copied)
            .await
            .unwrap_or_else(|e| panic!("{transport}: the PDF to a writer: {e}"));
        assert!(copied.starts_with(b"%PDF-"), "{transport}");
        assert_eq!(saved.length, copied.len() as u64, "{transport}");
        assert_eq!(saved.filename, pdf.filename, "{transport}");
        lopdf::Document::load_mem(&copied)
            .unwrap_or_else(|e| panic!("{transport}: the copied PDF does not parse: {e}"));
        eprintln!("{transport}: {pdf:?}, HTML {} bytes", html.bytes.len());
    }
    if let Some(client) = live.key_only().await {
        // The key alone: no web session can be had, and the client says so before sending.
        let error = client
            .report("account.report_invoice", &[invoice])
            .pdf()
            .await
            .expect_err("a key alone opens no web session");
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error:?}");
        eprintln!("{}: {error}", client.transport_kind());
    }
}

/// Files of 1 byte, 1 MiB and 50 MiB attached and read back byte for byte on every transport:
/// through `/web/content` with a web session, and with an API key alone through the ORM.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn attachments_round_trip_on_every_transport() {
    let live = live();
    assert!(
        live.password.is_some(),
        "this test needs ODOO_PASSWORD: Odoo serves files only to a web session"
    );
    let mut clients = Vec::new();
    for transport in live.transports().await {
        clients.push((format!("{transport}"), live.connect(transport).await));
    }
    if let Some(key_only) = live.key_only().await {
        clients.push((
            format!("{} with the key alone", key_only.transport_kind()),
            key_only,
        ));
    }
    for len in [1_usize, 1 << 20, 50 << 20] {
        let bytes: Vec<u8> = (0..len).map(|i| ((i * 7 + 3) % 256) as u8).collect();
        for (what, client) in &clients {
            let files = client.attachments();
            let id = files
                .attach("res.partner", 1, "odoo-rs test.bin", &bytes)
                .await
                .unwrap_or_else(|e| panic!("{what}: attach {len}: {e}"));
            let info = files.info(id).await.expect("info");
            let file = files.download(id).await;
            let mut copied = Vec::new();
            let saved = files.download_to(id, &mut copied).await;
            client.unlink("ir.attachment", &[id]).await.expect("remove");
            let file = file.unwrap_or_else(|e| panic!("{what}: download {len}: {e}"));
            let saved = saved.unwrap_or_else(|e| panic!("{what}: download_to {len}: {e}"));
            assert!(copied == bytes, "{what}: {len} bytes copied: {saved:?}");
            assert_eq!(saved.length, len as u64, "{what}");
            assert_eq!(info.file_size, len as u64, "{what}");
            assert_eq!(info.checksum.as_ref().map(String::len), Some(40), "{what}");
            assert!(file.bytes == bytes, "{what}: {len} bytes: {file:?}");
            assert_eq!(file.filename.as_deref(), Some("odoo-rs test.bin"), "{what}");
            eprintln!("{what}: {len} bytes: {info:?}");
        }
    }
}

/// Routes that are not ORM calls, through the client: a `type='json'` route with the web
/// session (its errors typed), and on 19 the API key as a bearer token on `/json/2`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn web_routes_with_the_session_and_the_key() {
    let live = live();
    assert!(
        live.password.is_some(),
        "this test needs ODOO_PASSWORD: the web client's routes take a web session"
    );
    let client = live.connect(TransportKind::JsonRpc).await;
    // Countries: no test changes them while this one runs.
    let expected = client
        .search_count("res.country", json!([]), Default::default())
        .await
        .expect("search_count");
    let count: i64 = client
        .web("/web/dataset/call_kw/res.country/search_count")
        .json_rpc(&json!({
            "model": "res.country", "method": "search_count", "args": [[]], "kwargs": {},
        }))
        .await
        .expect("a type='json' route");
    assert_eq!(count as u64, expected);
    let error = client
        .web("/web/dataset/call_kw/res.partner/no_such_method")
        .json_rpc::<Value, _>(&json!({
            "model": "res.partner", "method": "no_such_method", "args": [[]], "kwargs": {},
        }))
        .await
        .expect_err("no such method");
    assert!(error.kind().is_server_side(), "{error:?}");
    assert!(error.to_string().contains("no_such_method"), "{error}");
    eprintln!("call_kw: {count} countries; {error}");
    let Some(key_only) = live.key_only().await else {
        return;
    };
    let version = key_only.server_version().major;
    let answer = key_only
        .web("/json/2/res.country/search_count")
        .bearer()
        .json(&json!({"domain": []}))
        .send()
        .await;
    if version >= 19 {
        let answer = answer.expect("/json/2 with the key as a bearer token");
        assert_eq!(answer.json::<u64>().expect("a count"), expected);
    } else {
        // No `/json/2` before 19: 404, or on 18 the login page (a route that takes a session).
        let error = answer.expect_err("no /json/2 before 19");
        assert!(
            error.http_status() == Some(404) || error.kind() == ErrorKind::AccessDenied,
            "{error:?}"
        );
        eprintln!("{version}: {error}");
    }
}
