//! The models generated once for Odoo 16, 17, 18 and 19 together (`src/common`, the fields the
//! four snapshots share) against a real Odoo: up to 3 records read through every struct, and
//! a partner and a sale order with lines created, written, read and deleted through them.
//! The same build serves each version; run it against each.
//!
//! A live test: ignored by a plain `cargo test`, run by
//! `cargo test -p fixture-models --test live_common -- --ignored` with `ODOO_URL`, `ODOO_DB`,
//! `ODOO_USER` and `ODOO_PASSWORD` or `ODOO_API_KEY` set (optionally `ODOO_TRANSPORT`), and
//! failing, naming the variables to set, without them.

use fixture_models::common;
use odoo_core::types::Command;
use odoo_core::{Client, Model, Values};

use odoo_test_support::live_settings;

/// A client with the live settings (and `ODOO_TRANSPORT`, if set); panics naming the variables
/// that are not set.
async fn connect() -> Client {
    live_settings::settings();
    odoo_core::ClientBuilder::from_env()
        .expect("the live settings")
        .connect()
        .await
        .expect("connect")
}

async fn read<M: Model>(client: &Client, failures: &mut Vec<String>) {
    if let Err(error) = client.model::<M>().all().limit(3).fetch().await {
        failures.push(format!("{}: {error}", M::MODEL));
    }
}

#[tokio::test]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn live_common_models_read_and_write_on_this_version() {
    let client = connect().await;
    let mut failures = Vec::new();
    macro_rules! read_all {
        ($($module:ident::$model:ident),* $(,)?) => {
            $( read::<common::$module::$model>(&client, &mut failures).await; )*
        };
    }
    read_all!(
        account_move::AccountMove,
        account_move_line::AccountMoveLine,
        account_tax::AccountTax,
        ir_attachment::IrAttachment,
        ir_model::IrModel,
        ir_model_fields::IrModelFields,
        mail_message::MailMessage,
        product_category::ProductCategory,
        product_product::ProductProduct,
        product_template::ProductTemplate,
        res_company::ResCompany,
        res_country::ResCountry,
        res_currency::ResCurrency,
        res_partner::ResPartner,
        res_partner_category::ResPartnerCategory,
        res_users::ResUsers,
        sale_order::SaleOrder,
        sale_order_line::SaleOrderLine,
        stock_move::StockMove,
        stock_picking::StockPicking,
        stock_quant::StockQuant,
        uom_uom::UomUom,
    );
    assert!(
        failures.is_empty(),
        "on Odoo {}: {failures:#?}",
        client.server_version().version
    );

    use common::product_product::ProductProduct;
    use common::res_partner::ResPartner;
    use common::sale_order::SaleOrder;
    use common::sale_order_line::SaleOrderLine;
    let partners = client.model::<ResPartner>();
    let p = ResPartner::fields();
    let partner = partners
        .create(
            &Values::new()
                .set(&p.name, "odoo-rs common partner")
                .set(&p.is_company, true),
        )
        .await
        .expect("create partner");
    partners
        .write(
            &[partner],
            &Values::new().set(&p.email, "common@example.com"),
        )
        .await
        .expect("write partner");
    let product = client
        .model::<ProductProduct>()
        .search(ProductProduct::fields().sale_ok.eq(true))
        .limit(1)
        .ids()
        .await
        .expect("a product")[0];
    let orders = client.model::<SaleOrder>();
    let o = SaleOrder::fields();
    let l = SaleOrderLine::fields();
    let line = || {
        Command::create(
            Values::<SaleOrderLine>::new()
                .set(&l.product_id, product)
                .set(&l.product_uom_qty, 2.0),
        )
    };
    let order = orders
        .create(
            &Values::new()
                .set(&o.partner_id, partner)
                .set(&o.order_line, [line(), line()]),
        )
        .await
        .expect("create order");
    orders
        .write(
            &[order],
            &Values::new().set(&o.client_order_ref, "ODOO-RS-COMMON"),
        )
        .await
        .expect("write order");
    let read = orders.get(order).await.expect("read").expect("the order");
    assert_eq!(read.order_line.len(), 2);
    assert_eq!(read.partner_id.id(), partner);
    assert_eq!(read.client_order_ref.as_deref(), Some("ODOO-RS-COMMON"));
    orders.unlink(&[order]).await.expect("unlink order");
    partners.unlink(&[partner]).await.expect("unlink partner");
    eprintln!(
        "Odoo {}: 22 common models read; partner {partner} and order {order} created, written, read and deleted",
        client.server_version().version
    );
}
