#![allow(dead_code)]
//! A check of typed grouped reads against what plain reads give, on any server (the emulator
//! or a live Odoo): the groups of `sale.order` by state, by customer and by month, with the
//! count, sum, average, largest date and number of distinct customers of each group, must
//! equal what the orders themselves say.

use std::collections::BTreeMap;

use odoo_core::group::Granularity;
use odoo_core::types::{DateTime, Many2one};
use odoo_core::{Client, Model, OdooModel};

#[derive(Debug, OdooModel)]
#[odoo(model = "sale.order", schema = false)]
pub struct GroupedOrder {
    pub id: i64,
    pub state: Option<String>,
    pub partner_id: Many2one,
    pub date_order: DateTime,
    pub amount_total: f64,
    pub amount_untaxed: f64,
}

#[derive(Default, Debug)]
struct Expected {
    count: i64,
    sum: f64,
    untaxed: f64,
    max_date: Option<DateTime>,
    partners: std::collections::BTreeSet<i64>,
}

/// Checks the grouped reads of `client`'s orders; `label` names the server in messages.
/// Returns the number of groups compared.
pub async fn check_grouped_orders(client: &Client, label: &str) -> usize {
    let f = GroupedOrder::fields();
    let orders = client
        .model::<GroupedOrder>()
        .all()
        .fetch()
        .await
        .unwrap_or_else(|e| panic!("{label}: orders: {e}"));
    assert!(!orders.is_empty(), "{label}: no orders to group");
    let major = client.server_version().major;

    // By state and month: count, sum, avg, max (and on 19, the distinct customers too).
    let mut query = client
        .model::<GroupedOrder>()
        .read_group()
        .by(&f.state)
        .by_period(&f.date_order, Granularity::Month)
        .sum(&f.amount_total)
        .avg(&f.amount_untaxed);
    // Odoo 16 answers no aggregate of a field it groups by, even by period.
    if major >= 17 {
        query = query.max(&f.date_order);
    }
    if major >= 19 {
        query = query.count_distinct(&f.partner_id);
    }
    let groups = query
        .fetch()
        .await
        .unwrap_or_else(|e| panic!("{label}: read_group: {e}"));
    let mut expected: BTreeMap<(Option<String>, String), Expected> = BTreeMap::new();
    for order in &orders {
        let month = order.date_order.to_string()[..7].to_owned();
        let e = expected.entry((order.state.clone(), month)).or_default();
        e.count += 1;
        e.sum += order.amount_total;
        e.untaxed += order.amount_untaxed;
        e.max_date = e.max_date.max(Some(order.date_order));
        e.partners.insert(order.partner_id.id());
    }
    assert_eq!(groups.len(), expected.len(), "{label}: {groups:?}");
    for group in &groups {
        let state: Option<String> = group.key(&f.state).expect("state");
        let period = group.period(&f.date_order).expect("a month");
        let month = period.start[..7].to_owned();
        assert!(
            period
                .end
                .as_deref()
                .is_some_and(|end| end > period.start.as_str()),
            "{label}: {period:?}"
        );
        assert!(!period.label.is_empty());
        let e = expected
            .get(&(state.clone(), month.clone()))
            .unwrap_or_else(|| panic!("{label}: unexpected group {state:?} {month}"));
        assert_eq!(group.count(), e.count, "{label}: {state:?} {month}");
        let close = |a: f64, b: f64| (a - b).abs() < 0.01;
        assert!(
            close(group.sum(&f.amount_total).expect("sum"), e.sum),
            "{label}: {state:?} {month}"
        );
        assert!(
            close(
                group.avg(&f.amount_untaxed).expect("avg"),
                e.untaxed / e.count as f64
            ),
            "{label}: {state:?} {month}"
        );
        if major >= 17 {
            assert_eq!(
                Some(group.max(&f.date_order).expect("max")),
                e.max_date,
                "{label}"
            );
        }
        if major >= 19 {
            assert_eq!(
                group.count_distinct(&f.partner_id).expect("distinct"),
                e.partners.len() as i64
            );
        }
    }

    // By customer: the key is the customer, as a many2one.
    let by_partner = client
        .model::<GroupedOrder>()
        .read_group()
        .by(&f.partner_id)
        .sum(&f.amount_total)
        .fetch()
        .await
        .unwrap_or_else(|e| panic!("{label}: by customer: {e}"));
    let mut totals: BTreeMap<i64, (i64, f64)> = BTreeMap::new();
    for order in &orders {
        let t = totals.entry(order.partner_id.id()).or_default();
        t.0 += 1;
        t.1 += order.amount_total;
    }
    assert_eq!(by_partner.len(), totals.len(), "{label}");
    for group in &by_partner {
        let partner: Many2one = group.key(&f.partner_id).expect("customer");
        assert!(
            partner.name().is_some_and(|name| !name.is_empty()),
            "{label}: {partner:?}"
        );
        let (count, sum) = totals[&partner.id()];
        assert_eq!(group.count(), count, "{label}");
        assert!(
            (group.sum(&f.amount_total).expect("sum") - sum).abs() < 0.01,
            "{label}"
        );
    }

    // Before 19 a field cannot be grouped by and aggregated at once: refused, not sent.
    if major < 19 {
        if major < 17 {
            let refused = client
                .model::<GroupedOrder>()
                .read_group()
                .by_period(&f.date_order, Granularity::Month)
                .max(&f.date_order)
                .fetch()
                .await;
            let error = refused.expect_err("refused on 16").to_string();
            assert!(error.contains("Odoo 16"), "{error}");
        }
        let refused = client
            .model::<GroupedOrder>()
            .read_group()
            .by(&f.partner_id)
            .count_distinct(&f.partner_id)
            .fetch()
            .await;
        let error = refused.expect_err("refused before 19").to_string();
        assert!(error.contains("formatted_read_group"), "{error}");
    }
    groups.len() + by_partner.len()
}

/// A date grouped with `by` (no period named) groups by month, as Odoo does, and its groups
/// have a period all the same.
pub async fn check_date_grouped_without_period(client: &Client, label: &str) {
    let f = GroupedOrder::fields();
    let groups = client
        .model::<GroupedOrder>()
        .read_group()
        .by(&f.date_order)
        .fetch()
        .await
        .unwrap_or_else(|e| panic!("{label}: by date: {e}"));
    assert!(!groups.is_empty(), "{label}");
    for group in &groups {
        let period = group.period(&f.date_order).expect("a month");
        let start: DateTime = group.key(&f.date_order).expect("the month's start");
        assert_eq!(
            start.to_string().get(..10),
            period.start.get(..10),
            "{label}"
        );
        assert_eq!(&period.start[8..10], "01", "{label}: {period:?}");
    }
}
