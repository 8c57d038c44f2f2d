//! Ask the server to fill in dependent fields the way a form does: `onchange`.
//!
//! Set a few fields of a record being made (a sale line's order, product and quantity) and
//! Odoo answers what its form would show next (the price, the description, the taxes), with
//! any warning. Odoo 17 and later take a field specification (`onchange(ids, values,
//! field_names, fields_spec)`); Odoo 16 the older form (`onchange(ids, values, field_name,
//! field_onchange)`). [`Onchange`] sends whichever the server speaks.
//!
//! ```no_run
//! # #[cfg(feature = "derive")]
//! # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
//! use odoo_core::types::Many2one;
//! use odoo_core::{Model, OdooModel, Values};
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "sale.order.line", schema = false)]
//! struct Line {
//!     id: i64,
//!     order_id: Many2one,
//!     product_id: Option<Many2one>,
//!     product_uom_qty: f64,
//!     price_unit: f64,
//!     name: String,
//! }
//!
//! let l = Line::fields();
//! let filled = client
//!     .model::<Line>()
//!     .onchange(Values::new().set(&l.order_id, 36).set(&l.product_id, 5).set(&l.product_uom_qty, 1.0))
//!     .changed(&l.product_id)
//!     .want(&l.price_unit)
//!     .want(&l.name)
//!     .send()
//!     .await?;
//! let price: Option<f64> = filled.get(&l.price_unit)?; // None: the form would not change it
//! # Ok(()) }
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde_json::{Map, Value};

use crate::availability::Needs;
use crate::error::{Error, ErrorContext, Result};
use crate::model::{Field, Model, OdooField};
use crate::transport::Call;
use crate::values::Values;
use crate::version::Feature;
use crate::{Client, Context};

/// An `onchange` of model `M`, from [`ModelClient::onchange`](crate::ModelClient::onchange).
#[must_use = "an onchange does nothing until `send`"]
pub struct Onchange<M> {
    client: Client,
    values: Map<String, Value>,
    needs: Needs,
    changed: Vec<String>,
    wanted: Vec<String>,
    context: Option<Context>,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> fmt::Debug for Onchange<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Onchange")
            .field("model", &M::MODEL)
            .field("values", &self.values)
            .field("changed", &self.changed)
            .field("wanted", &self.wanted)
            .finish_non_exhaustive()
    }
}

impl<M: Model> Onchange<M> {
    pub(crate) fn new(client: Client, values: Values<M::Base>) -> Self {
        Self {
            client,
            needs: values.needs().clone(),
            values: values.into_map(),
            changed: Vec::new(),
            wanted: Vec::new(),
            context: None,
            marker: PhantomData,
        }
    }

    /// The field the user just changed (call again for several). Default: every field of
    /// the values.
    pub fn changed<T, A>(mut self, field: &Field<M::Base, T, A>) -> Self {
        self.changed.push(field.name().to_owned());
        self.needs.add(field.need());
        self
    }

    /// A field whose new value to ask for (the changed fields are asked for too).
    pub fn want<T, A>(mut self, field: &Field<M::Base, T, A>) -> Self {
        self.needs.add(field.need());
        let name = field.name().to_owned();
        if !self.wanted.contains(&name) {
            self.wanted.push(name);
        }
        self
    }

    /// Merges `context` over the client's for this call.
    pub fn context(mut self, context: Context) -> Self {
        self.context = Some(context);
        self
    }

    fn call(&self) -> Result<Call> {
        let context = ErrorContext::call(M::MODEL, "onchange").on(self.client.transport_kind());
        if self.values.is_empty() {
            return Err(Error::invalid(
                "an onchange needs the values of the record being edited",
                context,
            ));
        }
        let changed: Vec<String> = if self.changed.is_empty() {
            self.values.keys().cloned().collect()
        } else {
            self.changed.clone()
        };
        // The fields asked about: the changed ones, then the ones wanted.
        let mut fields: Vec<&String> = changed.iter().collect();
        fields.extend(self.wanted.iter().filter(|w| !changed.contains(*w)));
        let names = Value::Array(changed.iter().cloned().map(Value::String).collect());
        let values = Value::Object(self.values.clone());
        let mut call = if self.client.server_version().has(Feature::OnchangeFieldSpec) {
            let spec: Map<String, Value> = fields
                .into_iter()
                .map(|name| (name.clone(), Value::Object(Map::new())))
                .collect();
            Call::new(M::MODEL, "onchange")
                .arg(Value::Array(Vec::new()))
                .arg(values)
                .arg(names)
                .arg(Value::Object(spec))
        } else {
            let spec: Map<String, Value> = fields
                .into_iter()
                .map(|name| (name.clone(), Value::String("1".into())))
                .collect();
            Call::new(M::MODEL, "onchange")
                .arg(Value::Array(Vec::new()))
                .arg(values)
                .arg(names)
                .arg(Value::Object(spec))
        };
        if let Some(context) = &self.context {
            call = call.kwarg("context", Value::Object(context.clone().into_map()));
        }
        Ok(call)
    }

    /// Sends it; what the form would show next.
    pub async fn send(self) -> Result<Changes<M>> {
        crate::server_check::check::<M>(&self.client, "onchange", &[&self.needs])?;
        let call = self.call()?;
        let mut answer: Map<String, Value> = self.client.call_as(call).await?;
        let value = match answer.remove("value") {
            Some(Value::Object(value)) => value,
            _ => Map::new(),
        };
        Ok(Changes {
            value,
            warning: answer.remove("warning").filter(|w| w.is_object()),
            marker: PhantomData,
        })
    }
}

/// What an [`Onchange`] answered: the fields the form would change, and any warning.
pub struct Changes<M> {
    value: Map<String, Value>,
    warning: Option<Value>,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> fmt::Debug for Changes<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Changes")
            .field("model", &M::MODEL)
            .field("value", &self.value)
            .field("warning", &self.warning)
            .finish()
    }
}

impl<M: Model> Changes<M> {
    /// The new value of a field, as its own type; `None` when the form would not change it.
    ///
    /// # Errors
    ///
    /// When the value does not fit the type. Odoo sends a changed x2many as commands
    /// (`[[4, id, {...}]]`), which an `X2many` does not read: use [`Changes::raw`] for those.
    pub fn get<T: OdooField, A>(&self, field: &Field<M::Base, T, A>) -> Result<Option<T>> {
        let Some(value) = self.value.get(field.name()) else {
            return Ok(None);
        };
        T::deserialize_field(value.clone())
            .map(Some)
            .map_err(|error| {
                Error::decode(
                    field.name(),
                    error.to_string(),
                    ErrorContext::call(M::MODEL, "onchange"),
                )
            })
    }

    /// Whether the form would change this field.
    pub fn changes<T, A>(&self, field: &Field<M::Base, T, A>) -> bool {
        self.value.contains_key(field.name())
    }

    /// Every changed field as Odoo sent it.
    pub fn raw(&self) -> &Map<String, Value> {
        &self.value
    }

    /// The warning the form would show (`{"title", "message", ...}`), if any.
    pub fn warning(&self) -> Option<&Value> {
        self.warning.as_ref()
    }
}
