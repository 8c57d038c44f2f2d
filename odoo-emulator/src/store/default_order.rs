//! The order of a search that names none, and of a one2many's records: the model's own
//! (`_order`, which the schema keeps from `ir.model`), as Odoo sorts them. Only its terms on
//! fields the model stores are played (`priority desc, default_code, name, id` of a 16
//! `product.product` sorts by `default_code, id`: `priority` and `name` are its template's);
//! the ids break ties.

use super::Store;

impl Store {
    /// The model's default order, as an `order` argument; `None` when it has none the
    /// emulator can play.
    pub(crate) fn default_order(&self, model: &str) -> Option<String> {
        let model_schema = self.schema.model(model)?;
        let order = model_schema.order.as_deref()?;
        let terms: Vec<&str> = order
            .split(',')
            .map(str::trim)
            .filter(|term| {
                let field = term.split_whitespace().next().unwrap_or_default();
                let field = field.trim_matches('"');
                field == "id"
                    || model_schema
                        .field(field)
                        .is_some_and(|f| f.store && self.inherited(model, field).is_none())
            })
            .collect();
        (!terms.is_empty()).then(|| terms.join(", "))
    }

    /// Sorts records of `model` in its default order (left as they are when it has none).
    pub(super) fn sort_default(&self, model: &str, ids: &mut [i64]) {
        if let Some(order) = self.default_order(model) {
            // The terms are the model's stored fields: sorting on them cannot fail.
            let _ = self.sort(model, ids, Some(&order));
        }
    }
}
