//! What a button method answers: an `ir.actions.*` dictionary, or a plain value.
//!
//! Odoo's buttons (`action_confirm`, `button_validate`, `action_cancel`, a wizard's
//! `process` or `create_invoices`, ...) answer either a plain value (`true`, `false`, `None`)
//! or an action for the client to carry out: open a window (often a wizard), close the
//! wizard, follow a URL, print a report, run a client-side or server action. [`Action`] reads
//! any of them, keeps every key Odoo sent, and never fails on a shape it does not know
//! (a new kind becomes [`Action::Other`]).
//!
//! ```
//! use odoo_core::action::{Action, Target};
//! use serde_json::json;
//!
//! // What `stock.picking.button_validate` answers when some quantities are not done.
//! let answer = json!({
//!     "name": "Create Backorder?", "type": "ir.actions.act_window",
//!     "res_model": "stock.backorder.confirmation", "views": [[788, "form"]],
//!     "view_id": 788, "target": "new", "view_mode": "form",
//!     "context": {"button_validate_picking_ids": [36], "default_pick_ids": [[4, 36]]},
//! });
//! let Action::Window(window) = Action::from_value(answer) else { panic!() };
//! assert!(window.is_wizard());
//! assert_eq!(window.res_model, "stock.backorder.confirmation");
//! assert_eq!(window.target, Some(Target::New));
//! assert_eq!(window.views, [(Some(788), "form".to_owned())]);
//! assert!(Action::from_value(json!(true)).is_done());
//! ```

use serde::de::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::Context;

/// What a method answered: an action for the client to carry out, or a plain value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Action {
    /// Not an action: the method finished and answered this value (`true`, `false`, `null`,
    /// a number, a list, or a dictionary without an action `type`).
    Done(Value),
    /// `ir.actions.act_window`: open a view of a model, a wizard when [`WindowAction::is_wizard`].
    Window(WindowAction),
    /// `ir.actions.act_window_close`: close the wizard; nothing more to do.
    Close(OtherAction),
    /// `ir.actions.act_url`: open a URL.
    Url(UrlAction),
    /// `ir.actions.report`: print a report.
    Report(ReportAction),
    /// `ir.actions.client`: a client-side action (a notification, a reload, a dashboard).
    Client(ClientAction),
    /// `ir.actions.server`: a server action for the client to run.
    Server(OtherAction),
    /// An action of a kind this version does not know, as Odoo sent it.
    Other(OtherAction),
}

impl Action {
    /// Reads a method's answer. Never fails: an unknown action kind is [`Action::Other`],
    /// anything that is not an action is [`Action::Done`].
    pub fn from_value(value: Value) -> Self {
        let Value::Object(map) = value else {
            return Self::Done(value);
        };
        let Some(kind) = map.get("type").and_then(Value::as_str).map(str::to_owned) else {
            return Self::Done(Value::Object(map));
        };
        if !kind.starts_with("ir.actions.") {
            return Self::Done(Value::Object(map));
        }
        match kind.as_str() {
            "ir.actions.act_window" => match WindowAction::from_map(map) {
                Ok(window) => Self::Window(window),
                Err(map) => Self::Other(OtherAction::new(kind, map)),
            },
            "ir.actions.act_window_close" => Self::Close(OtherAction::new(kind, map)),
            "ir.actions.act_url" => Self::Url(UrlAction::from_map(map)),
            "ir.actions.report" => Self::Report(ReportAction::from_map(map)),
            "ir.actions.client" => Self::Client(ClientAction::from_map(map)),
            "ir.actions.server" => Self::Server(OtherAction::new(kind, map)),
            _ => Self::Other(OtherAction::new(kind, map)),
        }
    }

    /// Whether the method answered a plain value rather than an action.
    pub fn is_done(&self) -> bool {
        matches!(self, Self::Done(_))
    }

    /// Whether there is nothing left to do: a plain value or a window close.
    pub fn is_finished(&self) -> bool {
        matches!(self, Self::Done(_) | Self::Close(_))
    }

    /// The window action, if this is one.
    pub fn as_window(&self) -> Option<&WindowAction> {
        match self {
            Self::Window(window) => Some(window),
            _ => None,
        }
    }

    /// The record a window action opens (`res_id`): the invoice that `create_invoices`
    /// made, the payment of the payment wizard.
    pub fn record(&self) -> Option<i64> {
        self.as_window().and_then(|window| window.res_id)
    }

    /// The wizard to fill in and confirm, if this action opens one.
    pub fn as_wizard(&self) -> Option<&WindowAction> {
        self.as_window().filter(|window| window.is_wizard())
    }

    /// The action's `type` (`ir.actions.act_window`, ...); `None` for [`Action::Done`].
    pub fn kind(&self) -> Option<&str> {
        match self {
            Self::Done(_) => None,
            Self::Window(_) => Some("ir.actions.act_window"),
            Self::Url(_) => Some("ir.actions.act_url"),
            Self::Report(_) => Some("ir.actions.report"),
            Self::Client(_) => Some("ir.actions.client"),
            Self::Close(other) | Self::Server(other) | Self::Other(other) => Some(&other.kind),
        }
    }

    /// Every key Odoo sent, as it sent them (`None` for [`Action::Done`]).
    pub fn raw(&self) -> Option<&Map<String, Value>> {
        match self {
            Self::Done(_) => None,
            Self::Window(action) => Some(&action.raw),
            Self::Url(action) => Some(&action.raw),
            Self::Report(action) => Some(&action.raw),
            Self::Client(action) => Some(&action.raw),
            Self::Close(other) | Self::Server(other) | Self::Other(other) => Some(&other.raw),
        }
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Self::from_value)
    }
}

/// Where a window opens (`target`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// `new`: a dialog; a wizard.
    New,
    /// `current`: in place of the current view.
    Current,
    /// `main`: as the main action, clearing the breadcrumbs.
    Main,
    /// `fullscreen`.
    Fullscreen,
    /// `inline`: an embedded form.
    Inline,
    /// Another value, as sent.
    Other(String),
}

impl Target {
    fn parse(text: &str) -> Self {
        match text {
            "new" => Self::New,
            "current" => Self::Current,
            "main" => Self::Main,
            "fullscreen" => Self::Fullscreen,
            "inline" => Self::Inline,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// `ir.actions.act_window`: open a model's view, or a wizard (`target: new`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WindowAction {
    /// The title.
    pub name: Option<String>,
    /// The model to open (`stock.backorder.confirmation`).
    pub res_model: String,
    /// The record to open, when one is named (a wizard record the server made already, the
    /// invoice just created).
    pub res_id: Option<i64>,
    /// The context the window opens with, when Odoo sent it as an object. The web client
    /// passes it to every call the window makes; a wizard needs it.
    pub context: Context,
    /// The context as Odoo stored it, when it sent the Python expression instead of an object
    /// (an action read from the database: `"{'default_move_type': 'out_invoice'}"`). Not
    /// evaluated; [`WindowAction::context`] is empty then.
    pub context_expression: Option<String>,
    /// The domain, as sent: a list, or the Python expression of one.
    pub domain: Option<Value>,
    /// Where it opens.
    pub target: Option<Target>,
    /// The view modes offered, such as `form` or `list,kanban,form`.
    pub view_mode: Option<String>,
    /// The views: `(view id, mode)`; `None` for the model's default view of that mode.
    pub views: Vec<(Option<i64>, String)>,
    /// The view to use, when one is named.
    pub view_id: Option<i64>,
    /// Every key Odoo sent.
    pub raw: Map<String, Value>,
}

impl WindowAction {
    fn from_map(raw: Map<String, Value>) -> Result<Self, Map<String, Value>> {
        let Some(res_model) = raw.get("res_model").and_then(Value::as_str) else {
            return Err(raw);
        };
        let (context, context_expression) = match raw.get("context") {
            Some(Value::Object(map)) => (Context::from(map.clone()), None),
            Some(Value::String(text)) if !text.trim().is_empty() => {
                (Context::new(), Some(text.clone()))
            }
            _ => (Context::new(), None),
        };
        let views = raw
            .get("views")
            .and_then(Value::as_array)
            .map(|views| {
                views
                    .iter()
                    .filter_map(|view| {
                        let pair = view.as_array()?;
                        let mode = pair.get(1)?.as_str()?.to_owned();
                        Some((pair.first().and_then(Value::as_i64), mode))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            name: text(&raw, "name"),
            res_model: res_model.to_owned(),
            res_id: raw.get("res_id").and_then(id_of).filter(|id| *id > 0),
            context,
            context_expression,
            domain: raw.get("domain").filter(|d| !is_empty(d)).cloned(),
            target: raw.get("target").and_then(Value::as_str).map(Target::parse),
            view_mode: text(&raw, "view_mode"),
            views,
            view_id: raw.get("view_id").and_then(id_of),
            raw,
        })
    }

    /// Whether this opens a wizard: a dialog (`target: new`) on a form.
    pub fn is_wizard(&self) -> bool {
        self.target == Some(Target::New)
    }
}

/// `ir.actions.act_url`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UrlAction {
    /// The URL, absolute or relative to the server.
    pub url: Option<String>,
    /// `self`, `new` or `download`, as sent.
    pub target: Option<String>,
    /// Every key Odoo sent.
    pub raw: Map<String, Value>,
}

impl UrlAction {
    fn from_map(raw: Map<String, Value>) -> Self {
        Self {
            url: text(&raw, "url"),
            target: text(&raw, "target"),
            raw,
        }
    }
}

/// `ir.actions.report`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReportAction {
    /// The report's technical name (`sale.report_saleorder`).
    pub report_name: Option<String>,
    /// `qweb-pdf`, `qweb-html`, `qweb-text`, as sent.
    pub report_type: Option<String>,
    /// The model the report prints.
    pub model: Option<String>,
    /// The records to print, from the action's context (`active_ids`) when it names them.
    pub ids: Vec<i64>,
    /// Every key Odoo sent.
    pub raw: Map<String, Value>,
}

impl ReportAction {
    fn from_map(raw: Map<String, Value>) -> Self {
        let ids = raw
            .get("context")
            .and_then(|context| context.get("active_ids"))
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default();
        Self {
            report_name: text(&raw, "report_name"),
            report_type: text(&raw, "report_type"),
            model: text(&raw, "model"),
            ids,
            raw,
        }
    }
}

/// `ir.actions.client`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ClientAction {
    /// What the client runs (`display_notification`, `reload`, ...).
    pub tag: Option<String>,
    /// Its parameters (a notification's `title`, `message`, `type`, `next`, ...).
    pub params: Value,
    /// Every key Odoo sent.
    pub raw: Map<String, Value>,
}

impl ClientAction {
    fn from_map(raw: Map<String, Value>) -> Self {
        Self {
            tag: text(&raw, "tag"),
            params: raw.get("params").cloned().unwrap_or(Value::Null),
            raw,
        }
    }
}

/// An action kept as sent: a window close, a server action, or a kind this version does not
/// know.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OtherAction {
    /// Its `type`.
    pub kind: String,
    /// Every key Odoo sent.
    pub raw: Map<String, Value>,
}

impl OtherAction {
    fn new(kind: String, raw: Map<String, Value>) -> Self {
        Self { kind, raw }
    }
}

fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// An id sent as a number or as a many2one pair `[id, name]`.
fn id_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(_) => value.as_i64(),
        Value::Array(pair) => pair.first().and_then(Value::as_i64),
        _ => None,
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_values_are_done() {
        for value in [
            json!(true),
            json!(false),
            json!(null),
            json!(3),
            json!({"a": 1}),
        ] {
            assert_eq!(Action::from_value(value.clone()), Action::Done(value));
        }
        // A dictionary whose `type` is not an action type is a plain value too.
        let value = json!({"type": "out_invoice"});
        assert!(Action::from_value(value).is_done());
    }

    #[test]
    fn a_window_action_read_from_the_database() {
        let action = Action::from_value(json!({
            "id": 262, "name": "Invoices", "type": "ir.actions.act_window",
            "view_id": [737, "account.out.invoice.list"],
            "domain": "[('move_type', 'in', ['out_invoice'])]",
            "context": "{'default_move_type': 'out_invoice'}",
            "res_id": 59, "res_model": "account.move", "target": "current",
            "views": [[743, "form"], [false, "kanban"]],
        }));
        let window = action.as_window().expect("a window");
        assert!(!window.is_wizard() && action.as_wizard().is_none());
        assert_eq!(window.view_id, Some(737));
        assert_eq!(window.res_id, Some(59));
        assert_eq!(window.target, Some(Target::Current));
        assert!(window.context.is_empty());
        assert_eq!(
            window.context_expression.as_deref(),
            Some("{'default_move_type': 'out_invoice'}")
        );
        assert_eq!(
            window.views,
            [(Some(743), "form".to_owned()), (None, "kanban".to_owned())]
        );
        assert_eq!(window.raw["id"], 262);
        assert_eq!(action.kind(), Some("ir.actions.act_window"));
    }

    #[test]
    fn the_other_kinds() {
        let close = Action::from_value(json!({"type": "ir.actions.act_window_close"}));
        assert!(close.is_finished() && !close.is_done());
        let url = Action::from_value(
            json!({"type": "ir.actions.act_url", "url": "/web/content/1", "target": "download"}),
        );
        assert!(matches!(&url, Action::Url(u) if u.url.as_deref() == Some("/web/content/1")));
        let report = Action::from_value(json!({
            "type": "ir.actions.report", "report_name": "sale.report_saleorder",
            "report_type": "qweb-pdf", "model": "sale.order", "context": {"active_ids": [4, 5]},
        }));
        assert!(matches!(&report, Action::Report(r) if r.ids == [4, 5]));
        let client = Action::from_value(json!({
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {"title": "Done", "type": "success"},
        }));
        assert!(matches!(&client, Action::Client(c) if c.params["title"] == "Done"));
        let server = Action::from_value(json!({"type": "ir.actions.server", "id": 9}));
        assert_eq!(server.kind(), Some("ir.actions.server"));
        let new = Action::from_value(json!({"type": "ir.actions.act_future", "x": 1}));
        assert!(matches!(&new, Action::Other(o) if o.kind == "ir.actions.act_future"));
        // A window without a model cannot be opened: kept whole, as an unknown shape.
        let broken = Action::from_value(json!({"type": "ir.actions.act_window"}));
        assert!(matches!(broken, Action::Other(_)));
    }

    #[test]
    fn deserializes_through_serde() {
        let action: Action = serde_json::from_str(
            r#"{"type": "ir.actions.act_window", "res_model": "sale.order.cancel",
                "target": "new", "context": {"default_order_id": 32}}"#,
        )
        .expect("decodes");
        let wizard = action.as_wizard().expect("a wizard");
        assert_eq!(wizard.context.get("default_order_id"), Some(&json!(32)));
    }
}
