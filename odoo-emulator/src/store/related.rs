//! Related fields (`related="country_id.code"`): a record without its own value reads the
//! value at the end of the path, through each many2one on the way, as Odoo computes them.

use serde_json::Value;

use super::Store;

impl Store {
    /// The value of a related field of the record that holds none of its own: the path
    /// followed from it, `null` where a many2one on the way is empty; `None` for a field that
    /// is not related or a record that holds the value.
    pub(super) fn related_value(&self, model: &str, id: i64, field: &str) -> Option<Value> {
        let schema = self.schema.model(model)?.field(field)?;
        let path = schema.related.as_deref()?;
        let own = self.record(model, id)?.get(field);
        if own.is_some_and(|value| !value.is_null()) {
            return None;
        }
        let mut steps = path.split('.').peekable();
        let (mut at_model, mut at_id) = (model.to_owned(), id);
        while let Some(step) = steps.next() {
            if steps.peek().is_none() {
                return Some(self.stored_value(&at_model, at_id, step));
            }
            let relation = self
                .schema
                .model(&at_model)?
                .field(step)?
                .relation
                .clone()?;
            match self.stored_value(&at_model, at_id, step) {
                Value::Number(next) => {
                    at_id = next.as_i64()?;
                    at_model = relation;
                }
                _ => return Some(Value::Null),
            }
        }
        None
    }
}
