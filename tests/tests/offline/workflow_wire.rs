//! The recorded workflows of real Odoo 16, 17, 18 and 19 (`workflows/` of each fixture) on the
//! wire: the order-to-cash and cancel flows replayed through [`Action`] and [`Wizard`], and the
//! grouped reads through the typed [`ReadGroup`](odoo_core::group::ReadGroup). The replay
//! server answers only the recorded requests, so each step must send exactly what the
//! recording holds (the wizard made with the action's context, its button called with that
//! context; `read_group` before 19, `formatted_read_group` on 19), and every answer must read
//! as the right kind of action or group.

use crate::support;

use odoo_core::action::{Action, Target};
use odoo_core::group::Granularity;
use odoo_core::types::DateTime;
use odoo_core::{Client, Model, OdooModel, OdooSelection, Values, Wizard};
use serde_json::{json, Value};
use support::session::{body_json, connect, database_of, support as support_exchanges};
use support::{load_transcripts, require_fixtures, ReplayServer, Transcript, VERSIONS};

/// The JSON-RPC workflow recordings of a version.
fn workflow(root: &std::path::Path, version: &str) -> Vec<Transcript> {
    workflow_of(root, version, "jsonrpc")
}

/// The workflow recordings of a version over one transport family.
fn workflow_of(root: &std::path::Path, version: &str, family: &str) -> Vec<Transcript> {
    let prefix = format!("{family}_workflow_");
    let dir = root.join(version).join("workflows");
    let mut all: Vec<Transcript> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".json"))
        })
        .map(|path| Transcript::from_file(&path).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

fn step<'a>(steps: &'a [Transcript], name: &str) -> Option<&'a Transcript> {
    let name = format!("jsonrpc_workflow_{name}");
    steps.iter().find(|t| t.name == name)
}

/// The positional arguments of a recorded `execute_kw` (after database, uid, password, model
/// and method).
fn recorded_args(t: &Transcript) -> Vec<Value> {
    let body = body_json(t.request.body.as_deref());
    body["params"]["args"]
        .as_array()
        .map(|args| args.iter().skip(5).cloned().collect())
        .unwrap_or_default()
}

fn recorded_result(t: &Transcript) -> Value {
    body_json(Some(&t.response.body))["result"].clone()
}

struct Flow {
    server: ReplayServer,
    client: Client,
    steps: Vec<Transcript>,
    version: &'static str,
}

impl Flow {
    async fn start(root: &std::path::Path, version: &'static str, names: &[&str]) -> Option<Flow> {
        Self::start_over(root, version, "jsonrpc", names).await
    }

    /// The flow over the transport family `family` (`jsonrpc` or `json2`), whose recorded
    /// steps are named `<family>_workflow_<step>`.
    async fn start_over(
        root: &std::path::Path,
        version: &'static str,
        family: &str,
        names: &[&str],
    ) -> Option<Flow> {
        let all = load_transcripts(version);
        let steps = workflow_of(root, version, family);
        let mut exchanges = support_exchanges(&all, family, "admin", true);
        for name in names {
            let name = format!("{family}_workflow_{name}");
            exchanges.push(steps.iter().find(|t| t.name == name)?.clone());
        }
        let server = ReplayServer::start(exchanges).await;
        let client = connect(
            &server.url(),
            family,
            Some(&database_of(&all)),
            "admin",
            "admin",
        )
        .await
        .unwrap_or_else(|e| panic!("{version}: connect: {e}"));
        Some(Flow {
            server,
            client,
            steps,
            version,
        })
    }

    fn step(&self, name: &str) -> &Transcript {
        step(&self.steps, name).unwrap_or_else(|| panic!("{}: no step {name}", self.version))
    }

    /// Each of these steps was sent exactly once, as recorded.
    fn assert_sent(&self, names: &[&str]) {
        for name in names {
            assert_eq!(
                self.server
                    .times_served(&format!("jsonrpc_workflow_{name}")),
                1,
                "{}: step {name} was not sent as recorded\n{}",
                self.version,
                self.server.format_log()
            );
        }
    }
}

/// `button_validate` with a partly done move answers the backorder wizard; processing it
/// answers the SMS wizard (a record the server made, `res_id`), whose `dont_send_sms` ends
/// the chain. Every version 16-19.
#[tokio::test]
async fn validate_a_delivery_through_its_wizards() {
    let root = require_fixtures!();
    let names = [
        "validate_picking",
        "validate_0_create_stock_backorder_confirmation",
        "validate_0_stock_backorder_confirmation_process",
        "validate_1_confirm_stock_sms_dont_send_sms",
    ];
    for version in VERSIONS {
        let Some(flow) = Flow::start(&root, version, &names).await else {
            panic!("{version}: the recorded delivery steps are missing");
        };
        // The positional arguments: `[[picking id]]`.
        let args = recorded_args(flow.step("validate_picking"))[0].clone();
        let mut answer: Action = flow
            .client
            .execute_kw_as("stock.picking", "button_validate", args, json!({}))
            .await
            .unwrap_or_else(|e| panic!("{version}: button_validate: {e}"));
        let mut wizards = Vec::new();
        while let Some(wizard) = answer.as_wizard() {
            assert_eq!(wizard.target, Some(Target::New));
            assert!(
                wizard
                    .views
                    .iter()
                    .any(|(id, mode)| id.is_some() && mode == "form"),
                "{version}: {wizard:?}"
            );
            let button = match wizard.res_model.as_str() {
                "stock.backorder.confirmation" => {
                    assert_eq!(wizard.res_id, None, "{version}: made by the client");
                    "process"
                }
                "confirm.stock.sms" => {
                    assert!(wizard.res_id.is_some(), "{version}: made by the server");
                    // The server's wizard keeps the first wizard's context and adds its own.
                    assert_eq!(wizard.context.get("skip_backorder"), Some(&json!(true)));
                    "dont_send_sms"
                }
                other => panic!("{version}: unexpected wizard {other}"),
            };
            wizards.push(wizard.res_model.clone());
            answer = Wizard::from_action(&flow.client, wizard)
                .run(button)
                .await
                .unwrap_or_else(|e| panic!("{version}: {button}: {e}"));
        }
        assert_eq!(answer, Action::Done(json!(true)), "{version}");
        assert_eq!(
            wizards,
            ["stock.backorder.confirmation", "confirm.stock.sms"],
            "{version}"
        );
        flow.assert_sent(&names);
    }
}

/// The advance-payment wizard opened on an order (`active_*` context) makes the invoice: 16
/// closes the wizard, 17-19 open the invoice; the payment wizard opened on the invoice
/// answers a window on the payment.
#[tokio::test]
async fn invoice_and_pay_through_wizards_opened_on_records() {
    let root = require_fixtures!();
    let names = [
        "create_invoice_wizard",
        "create_invoices",
        "create_payment_wizard",
        "create_payments",
    ];
    for version in VERSIONS {
        let Some(flow) = Flow::start(&root, version, &names).await else {
            panic!("{version}: the recorded invoicing steps are missing");
        };
        let context = &recorded_args(flow.step("create_invoice_wizard"))[1]["context"];
        let order = context["active_id"].as_i64().expect("the order");
        let answer = Wizard::new(&flow.client, "sale.advance.payment.inv")
            .active("sale.order", &[order])
            .value("advance_payment_method", "delivered")
            .run("create_invoices")
            .await
            .unwrap_or_else(|e| panic!("{version}: create_invoices: {e}"));
        assert_eq!(
            answer,
            Action::from_value(recorded_result(flow.step("create_invoices")))
        );
        let invoice = match &answer {
            // Odoo 16 closes the wizard; the invoice is found from the order.
            Action::Close(_) => None,
            Action::Window(window) => {
                assert_eq!(window.res_model, "account.move", "{version}");
                assert_eq!(window.target, Some(Target::Current));
                assert!(window.context_expression.is_none() && !window.context.is_empty());
                window.res_id
            }
            other => panic!("{version}: {other:?}"),
        };
        assert_eq!(invoice.is_some(), version != "odoo16", "{version}");

        let context = &recorded_args(flow.step("create_payment_wizard"))[1]["context"];
        let invoice = invoice.or(context["active_id"].as_i64()).expect("invoice");
        let answer = Wizard::new(&flow.client, "account.payment.register")
            .active("account.move", &[invoice])
            .run("action_create_payments")
            .await
            .unwrap_or_else(|e| panic!("{version}: action_create_payments: {e}"));
        let window = answer.as_window().expect("a window on the payment");
        assert_eq!(window.res_model, "account.payment");
        assert!(window.res_id.is_some() && !window.is_wizard());
        flow.assert_sent(&names);
    }
}

/// Cancelling a confirmed order: 16-18 answer the `sale.order.cancel` wizard, made with the
/// action's `default_*` context and confirmed with its own `action_cancel`; 19 cancels at once.
#[tokio::test]
async fn cancel_an_order_through_the_wizard_where_there_is_one() {
    let root = require_fixtures!();
    for version in VERSIONS {
        let with_wizard = version != "odoo19";
        let mut names = vec!["cancel_order"];
        if with_wizard {
            names.extend([
                "cancel_0_create_sale_order_cancel",
                "cancel_0_sale_order_cancel_action_cancel",
            ]);
        }
        let Some(flow) = Flow::start(&root, version, &names).await else {
            panic!("{version}: the recorded cancel steps are missing");
        };
        // The positional arguments: `[[order id]]`.
        let args = recorded_args(flow.step("cancel_order"))[0].clone();
        let order = args[0][0].clone();
        let answer: Action = flow
            .client
            .execute_kw_as("sale.order", "action_cancel", args, json!({}))
            .await
            .unwrap_or_else(|e| panic!("{version}: action_cancel: {e}"));
        let answer = match answer.as_wizard() {
            Some(wizard) => {
                assert_eq!(wizard.res_model, "sale.order.cancel");
                assert_eq!(
                    wizard.context.get("default_order_id"),
                    Some(&order),
                    "{version}"
                );
                Wizard::from_action(&flow.client, wizard)
                    .run("action_cancel")
                    .await
                    .unwrap_or_else(|e| panic!("{version}: the wizard's action_cancel: {e}"))
            }
            None => answer,
        };
        assert_eq!(answer, Action::Done(json!(true)), "{version}");
        assert_eq!(
            flow.server
                .times_served("jsonrpc_workflow_cancel_0_sale_order_cancel_action_cancel"),
            usize::from(with_wizard)
        );
        flow.assert_sent(&names);
    }
}

/// Every answer of every recorded workflow step reads as an action without loss: its kind is
/// the recorded `type`, and every key Odoo sent is kept.
#[test]
fn every_recorded_answer_reads_as_an_action() {
    let root = require_fixtures!();
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for version in VERSIONS {
        for t in workflow(&root, version) {
            let result = recorded_result(&t);
            let action = Action::from_value(result.clone());
            let recorded_kind = result.get("type").and_then(Value::as_str);
            match recorded_kind.filter(|kind| kind.starts_with("ir.actions.")) {
                Some(kind) => {
                    assert_eq!(action.kind(), Some(kind), "{version} {}", t.name);
                    assert_eq!(
                        action.raw().map(|raw| Value::Object(raw.clone())),
                        Some(result.clone()),
                        "{version} {}",
                        t.name
                    );
                    *kinds.entry(kind.to_owned()).or_default() += 1;
                }
                None => assert_eq!(action, Action::Done(result), "{version} {}", t.name),
            }
        }
    }
    // Window actions (wizards and records), and 16's window close, are in the recordings.
    assert!(
        kinds.get("ir.actions.act_window").is_some_and(|n| *n >= 16),
        "{kinds:?}"
    );
    assert_eq!(
        kinds.get("ir.actions.act_window_close"),
        Some(&1),
        "{kinds:?}"
    );
}

/// `sale.order` as the grouped reads of the recordings use it.
#[derive(Debug, OdooModel)]
#[odoo(model = "sale.order", schema = false)]
pub struct Order {
    pub id: i64,
    pub state: Option<String>,
    pub date_order: DateTime,
    pub amount_total: f64,
}

/// Orders grouped by state with their total: `read_group` with `lazy=False` on 16-18 (the
/// recorded request, positional as recorded), `formatted_read_group` by state and month on 19
/// over JSON-RPC and JSON-2. Each group's key, count and sum equal the recorded answer.
#[tokio::test]
async fn grouped_reads_send_the_recorded_request_and_read_its_groups() {
    let root = require_fixtures!();
    let f = Order::fields();
    for version in VERSIONS {
        let families: &[&str] = if version == "odoo19" {
            &["jsonrpc", "json2"]
        } else {
            &["jsonrpc"]
        };
        for family in families {
            let name = if version == "odoo19" {
                "formatted_read_group_orders"
            } else {
                "read_group_orders_by_state"
            };
            let Some(flow) = Flow::start_over(&root, version, family, &[name]).await else {
                panic!("{version}: no recorded {family} {name}");
            };
            let recorded = flow
                .steps
                .iter()
                .find(|t| t.name == format!("{family}_workflow_{name}"))
                .map(|t| {
                    let body = body_json(Some(&t.response.body));
                    body.get("result").cloned().unwrap_or(body)
                })
                .expect("recorded");
            let mut query = flow.client.model::<Order>().read_group().by(&f.state);
            if version == "odoo19" {
                query = query.by_period(&f.date_order, Granularity::Month);
            }
            let groups = query
                .sum(&f.amount_total)
                .fetch()
                .await
                .unwrap_or_else(|e| panic!("{version} {family}: {e}"));
            assert_eq!(
                flow.server
                    .times_served(&format!("{family}_workflow_{name}")),
                1,
                "{version} {family}: not the recorded request\n{}",
                flow.server.format_log()
            );
            let recorded = recorded.as_array().expect("a list of groups");
            assert_eq!(groups.len(), recorded.len(), "{version} {family}");
            assert!(!groups.is_empty());
            for (group, row) in groups.iter().zip(recorded) {
                assert_eq!(
                    group.key(&f.state).expect("state").as_deref(),
                    row["state"].as_str()
                );
                assert_eq!(Some(group.count()), row["__count"].as_i64());
                let sum_key = if version == "odoo19" {
                    "amount_total:sum"
                } else {
                    "amount_total"
                };
                assert_eq!(
                    Some(group.sum(&f.amount_total).expect("sum")),
                    row[sum_key].as_f64()
                );
                if version == "odoo19" {
                    let period = group.period(&f.date_order).expect("a month");
                    assert_eq!(
                        Some(period.label.as_str()),
                        row["date_order:month"][1].as_str()
                    );
                    assert_eq!(
                        Some(period.start.as_str()),
                        row["date_order:month"][0].as_str()
                    );
                    let end = period.end.expect("the end, from __extra_domain");
                    assert!(end > period.start, "{end}");
                    // The group's records: the query's domain and the group's own.
                    assert_eq!(group.domain(), &row["__extra_domain"]);
                } else {
                    assert_eq!(group.domain(), &row["__domain"]);
                    assert!(group.period(&f.date_order).is_none());
                }
            }
        }
    }
}

/// `sale.order.line` as the recorded onchange uses it.
#[derive(Debug, OdooModel)]
#[odoo(model = "sale.order.line", schema = false)]
pub struct Line {
    pub id: i64,
    pub order_id: odoo_core::types::Many2one,
    pub product_id: Option<odoo_core::types::Many2one>,
    pub product_uom_qty: f64,
    pub price_unit: f64,
    pub name: String,
}

/// A new order line's onchange, spec-based as 17-19 take it (over JSON-RPC, and JSON-2 on
/// 19): the recorded request is sent, and the price and description come back typed.
#[tokio::test]
async fn onchange_of_a_new_order_line_sends_the_recorded_request() {
    let root = require_fixtures!();
    let l = Line::fields();
    for version in ["odoo17", "odoo18", "odoo19"] {
        let families: &[&str] = if version == "odoo19" {
            &["jsonrpc", "json2"]
        } else {
            &["jsonrpc"]
        };
        for family in families {
            let name = "onchange_order_line";
            let Some(flow) = Flow::start_over(&root, version, family, &[name]).await else {
                panic!("{version}: no recorded {family} {name}");
            };
            let step = format!("{family}_workflow_{name}");
            let recorded = flow
                .steps
                .iter()
                .find(|t| t.name == step)
                .expect("recorded");
            let body = body_json(recorded.request.body.as_deref());
            // The order id of the recording: in `values`, positional or named.
            let values = if *family == "json2" {
                body["values"].clone()
            } else {
                body["params"]["args"][5][1].clone()
            };
            let order = values["order_id"].as_i64().expect("order id");
            let taxes: odoo_core::Field<Line, odoo_core::types::X2many> =
                odoo_core::Field::new(if version == "odoo19" {
                    "tax_ids"
                } else {
                    "tax_id"
                });
            let changes = flow
                .client
                .model::<Line>()
                .onchange(
                    odoo_core::Values::new()
                        .set(&l.order_id, order)
                        .set(&l.product_id, 5)
                        .set(&l.product_uom_qty, 1.0),
                )
                .changed(&l.product_id)
                .want(&l.product_uom_qty)
                .want(&l.price_unit)
                .want(&l.name)
                .want(&taxes)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{version} {family}: onchange: {e}"));
            assert_eq!(
                flow.server.times_served(&step),
                1,
                "{version} {family}: not the recorded request\n{}",
                flow.server.format_log()
            );
            assert_eq!(changes.get(&l.price_unit).expect("price"), Some(70.0));
            let name = changes.get(&l.name).expect("name").expect("a description");
            assert!(name.starts_with("[FURN_7777] Office Chair"), "{name}");
            assert!(!changes.changes(&l.product_uom_qty));
            assert_eq!(changes.get(&l.product_uom_qty).expect("qty"), None);
            assert!(changes.warning().is_none());
        }
    }
}

/// `sale.advance.payment.inv.advance_payment_method`.
#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum AdvancePaymentMethod {
    Delivered,
    Percentage,
    Fixed,
    #[odoo(other)]
    Unknown(String),
}

/// The advance-payment wizard as a typed (transient) model.
#[derive(Debug, OdooModel)]
#[odoo(model = "sale.advance.payment.inv", schema = false)]
pub struct AdvancePaymentInv {
    pub id: i64,
    pub advance_payment_method: AdvancePaymentMethod,
}

/// A wizard whose model is typed takes typed values, and sends the recorded request; values
/// of another model are refused before anything is sent.
#[tokio::test]
async fn a_typed_wizard_sends_the_recorded_request() {
    let root = require_fixtures!();
    let w = AdvancePaymentInv::fields();
    for version in VERSIONS {
        let names = ["create_invoice_wizard", "create_invoices"];
        let Some(flow) = Flow::start(&root, version, &names).await else {
            panic!("{version}: the recorded invoicing steps are missing");
        };
        let context = &recorded_args(flow.step("create_invoice_wizard"))[1]["context"];
        let order = context["active_id"].as_i64().expect("the order");
        let answer = Wizard::of::<AdvancePaymentInv>(&flow.client)
            .active("sale.order", &[order])
            .values(Values::new().set(&w.advance_payment_method, AdvancePaymentMethod::Delivered))
            .run("create_invoices")
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(
            answer,
            Action::from_value(recorded_result(flow.step("create_invoices")))
        );
        flow.assert_sent(&names);

        let l = Line::fields();
        let refused = Wizard::of::<AdvancePaymentInv>(&flow.client)
            .values(Values::<Line>::new().set(&l.price_unit, 1.0))
            .run("create_invoices")
            .await
            .expect_err("values of another model");
        assert!(
            refused.to_string().contains(
                "values of `sale.order.line` given to a wizard of `sale.advance.payment.inv`"
            ),
            "{refused}"
        );
    }
}
