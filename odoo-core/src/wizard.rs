//! Wizards: fill in a transient record and press its button, the way the web client does.
//!
//! A button that needs more from the user answers a window action on a wizard model
//! (`stock.backorder.confirmation`, `sale.order.cancel`); some wizards are opened by hand
//! from a list of records (`sale.advance.payment.inv` on sale orders). Either way the web
//! client creates the wizard record with the action's context (its `default_*` keys fill the
//! wizard in), then calls the button method on it with that same context, and carries out
//! whatever comes back, which may be another wizard. [`Wizard`] does exactly that.
//!
//! ```no_run
//! # async fn demo(client: odoo_core::Client, picking: i64) -> odoo_core::Result<()> {
//! use odoo_core::action::Action;
//! use odoo_core::Wizard;
//!
//! // Validate a delivery; if Odoo asks whether to make a backorder, say yes.
//! let mut answer: Action = client
//!     .execute_kw_as("stock.picking", "button_validate", serde_json::json!([[picking]]), serde_json::json!({}))
//!     .await?;
//! while let Some(wizard) = answer.as_wizard() {
//!     let button = match wizard.res_model.as_str() {
//!         "stock.backorder.confirmation" => "process",
//!         "confirm.stock.sms" => "dont_send_sms",
//!         other => {
//!             eprintln!("validating opened {other}, which this program does not answer");
//!             break;
//!         }
//!     };
//!     answer = Wizard::from_action(&client, wizard).run(button).await?;
//! }
//!
//! // Invoice a sale order through the advance-payment wizard, opened on the order.
//! let answer = Wizard::new(&client, "sale.advance.payment.inv")
//!     .active("sale.order", &[42])
//!     .value("advance_payment_method", "delivered")
//!     .run("create_invoices")
//!     .await?;
//! # Ok(()) }
//! ```

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::action::{Action, WindowAction};
use crate::error::{Error, ErrorContext, Result};
use crate::model::Model;
use crate::transport::Call;
use crate::typed_call::{ModelMethods, TypedCall};
use crate::values::Values;
use crate::{Client, Context};

/// A wizard to fill in and confirm: created with its context, then one button method called
/// on it. See [the module docs](crate::wizard).
#[must_use = "a wizard does nothing until `run` or `create`"]
pub struct Wizard {
    client: Client,
    model: String,
    context: Context,
    values: Map<String, Value>,
    record: Option<i64>,
    /// The first value that could not be used, reported when the wizard runs.
    invalid: Option<String>,
}

impl fmt::Debug for Wizard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wizard")
            .field("model", &self.model)
            .field("context", &self.context)
            .field("values", &self.values)
            .field("record", &self.record)
            .finish_non_exhaustive()
    }
}

impl Wizard {
    /// A new wizard record of `model`, with no context yet.
    pub fn new(client: &Client, model: impl Into<String>) -> Self {
        Self {
            client: client.clone(),
            model: model.into(),
            context: Context::new(),
            values: Map::new(),
            record: None,
            invalid: None,
        }
    }

    /// The wizard a window action opens: its model and context, and its record when the
    /// server made it already (`res_id`), which is then used instead of creating one.
    pub fn from_action(client: &Client, action: &WindowAction) -> Self {
        let mut wizard = Self::new(client, action.res_model.clone());
        wizard.context = action.context.clone();
        wizard.record = action.res_id;
        wizard
    }

    /// A wizard of the model of `M`, whose values can then be set with typed [`Values`].
    pub fn of<M: Model>(client: &Client) -> Self {
        Self::new(client, M::MODEL)
    }

    /// Opens the wizard on records, as the web client does from a list or a form:
    /// `active_model`, `active_ids` and `active_id` (the first id) in its context. Wizards such
    /// as `sale.advance.payment.inv` and `account.payment.register` work on these.
    pub fn active(mut self, model: &str, ids: &[i64]) -> Self {
        self.context.insert("active_model", model);
        self.context.insert(
            "active_ids",
            Value::Array(ids.iter().copied().map(Value::from).collect()),
        );
        match ids.first() {
            Some(id) => self.context.insert("active_id", *id),
            None => self.context.insert("active_id", false),
        }
        self
    }

    /// Merges `context` over the wizard's (its keys win).
    pub fn context(mut self, context: Context) -> Self {
        self.context = self.context.merged(&context);
        self
    }

    /// Sets one field of the wizard record (what the user would type into the dialog).
    pub fn value(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => {
                self.values.insert(name.into(), value);
            }
            Err(error) => {
                let name = name.into();
                self.invalid
                    .get_or_insert_with(|| format!("the value of `{name}` is not JSON: {error}"));
            }
        }
        self
    }

    /// Sets fields of the wizard record with typed values of the wizard's generated model.
    /// `M` must be the wizard's model; running it otherwise is an error.
    pub fn values<M: Model>(mut self, values: Values<M>) -> Self {
        if M::MODEL != self.model {
            self.invalid.get_or_insert_with(|| {
                format!(
                    "values of `{}` given to a wizard of `{}`",
                    M::MODEL,
                    self.model
                )
            });
            return self;
        }
        self.values.extend(values.into_map());
        self
    }

    /// The wizard's model.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// Its context as it stands.
    pub fn current_context(&self) -> &Context {
        &self.context
    }

    /// Creates the wizard record (with the values set, under the wizard's context) and
    /// returns its id; a wizard the server made already is written the values instead.
    pub async fn create(&mut self) -> Result<i64> {
        if let Some(error) = self.invalid.take() {
            return Err(Error::invalid(
                error,
                ErrorContext::call(self.model.clone(), "create").on(self.client.transport_kind()),
            ));
        }
        let client = self.client.with_context(self.context.clone());
        match self.record {
            Some(id) => {
                if !self.values.is_empty() {
                    client.write(&self.model, &[id], &self.values).await?;
                    self.values.clear();
                }
                Ok(id)
            }
            None => {
                let id = client.create(&self.model, &self.values).await?;
                self.values.clear();
                self.record = Some(id);
                Ok(id)
            }
        }
    }

    /// Creates the wizard record if needed, then presses a button given as a typed call of the
    /// wizard's generated model `M` (`StockBackorderConfirmationMethods::process`, or a
    /// closure `|m, ids| m.process(ids)`), with the wizard's context, and reads its answer as
    /// the call's type. `M` must be the wizard's model; pressing it otherwise is an error, and
    /// nothing is sent.
    ///
    /// ```no_run
    /// # #[cfg(feature = "derive")] {
    /// # use odoo_core::{OdooModel, TypedCall, ModelMethods, ModelClient, Action, Wizard};
    /// # #[derive(Debug, OdooModel)]
    /// # #[odoo(model = "stock.backorder.confirmation")]
    /// # struct Backorder { id: i64 }
    /// # pub struct BackorderMethods(ModelClient<Backorder>);
    /// # impl BackorderMethods { fn process(&self, ids: &[i64]) -> TypedCall<Backorder, Action> { TypedCall::on_records(&self.0, "process", ids, &[]) } }
    /// # impl ModelMethods for Backorder { type Methods = BackorderMethods; fn methods(client: ModelClient<Self>) -> BackorderMethods { BackorderMethods(client) } }
    /// # async fn demo(client: odoo_core::Client, action: odoo_core::action::WindowAction) -> odoo_core::Result<()> {
    /// let next: Action = Wizard::from_action(&client, &action)
    ///     .press(BackorderMethods::process)
    ///     .await?;
    /// # Ok(()) } }
    /// ```
    pub async fn press<M, R>(
        mut self,
        button: impl FnOnce(&M::Methods, &[i64]) -> TypedCall<M, R>,
    ) -> Result<R>
    where
        M: ModelMethods,
        R: DeserializeOwned,
    {
        if M::MODEL != self.model {
            return Err(Error::invalid(
                format!(
                    "a button of `{}` pressed on a wizard of `{}`",
                    M::MODEL,
                    self.model
                ),
                ErrorContext::call(self.model.clone(), "press").on(self.client.transport_kind()),
            ));
        }
        let id = self.create().await?;
        let client = self.client.with_context(self.context.clone());
        let methods = M::methods(client.model::<M>());
        button(&methods, &[id]).send().await
    }

    /// Creates the wizard record if needed, then presses `button` (calls that method on the
    /// record with the wizard's context) and reads what it answers, which may be another
    /// action: a further wizard to run, a window to show, or [`Action::Done`].
    pub async fn run(mut self, button: &str) -> Result<Action> {
        let id = self.create().await?;
        let mut call = Call::new(self.model.clone(), button)
            .arg(Value::Array(vec![Value::from(id)]))
            .arg_names(["ids"]);
        if !self.context.is_empty() {
            call = call.kwarg("context", Value::Object(self.context.into_map()));
        }
        self.client.call(call).await.map(Action::from_value)
    }
}
