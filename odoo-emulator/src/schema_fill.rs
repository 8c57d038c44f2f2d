//! Filling the gaps of a schema from another one: the models and fields it lacks are taken
//! from a schema that has them, and what it has is kept as it is.
//!
//! The demo data fills a user's snapshot with the models its records need, and each
//! [`Flow`](crate::Flow) fills it with the models and fields its methods read and write.

use std::collections::BTreeSet;

use odoo_schema::Schema;

/// Adds to `schema` the models of `from` that `wanted` accepts and `schema` lacks, and, on the
/// models both have, the fields of `from` that `schema` lacks. A model or field `schema`
/// already has is never changed. An added relational field whose target model is in neither
/// schema is left out (a many2one to a model the server does not have cannot be read).
///
/// Returns the names of the models added.
pub(crate) fn fill(
    schema: &mut Schema,
    from: &Schema,
    wanted: impl Fn(&str) -> bool,
) -> Vec<String> {
    let chosen: Vec<&String> = from.models.keys().filter(|name| wanted(name)).collect();
    let mut added_models = Vec::new();
    let mut added_fields: BTreeSet<(String, String)> = BTreeSet::new();
    for name in chosen {
        let Some(model) = from.models.get(name) else {
            continue;
        };
        match schema.models.get_mut(name) {
            Some(own) => {
                for (field, definition) in &model.fields {
                    if !own.fields.contains_key(field) {
                        own.fields.insert(field.clone(), definition.clone());
                        added_fields.insert((name.clone(), field.clone()));
                    }
                }
            }
            None => {
                schema.models.insert(name.clone(), model.clone());
                added_models.push(name.clone());
                for field in model.fields.keys() {
                    added_fields.insert((name.clone(), field.clone()));
                }
            }
        }
    }
    // Relations are checked once every model is in: an added field may point at a model
    // added after it.
    for (model, field) in added_fields {
        let dangling = schema
            .models
            .get(&model)
            .and_then(|m| m.fields.get(&field))
            .and_then(|f| f.relation.as_deref())
            .is_some_and(|relation| !schema.models.contains_key(relation));
        if dangling {
            if let Some(m) = schema.models.get_mut(&model) {
                m.fields.remove(&field);
            }
        }
    }
    added_models
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(text: &str) -> Schema {
        Schema::from_json(text).expect("test schema")
    }

    #[test]
    fn the_schemas_own_models_and_fields_win_and_dangling_relations_are_left_out() {
        let mut own = schema(
            r#"{"format": 1, "models": {"res.partner": {"description": "Mine", "fields": {
                "name": {"type": "text", "string": "My name"}}}}}"#,
        );
        let from = schema(
            r#"{"format": 1, "models": {
              "res.partner": {"description": "Contact", "fields": {
                "name": {"type": "char", "string": "Name"},
                "email": {"type": "char", "string": "Email"},
                "country_id": {"type": "many2one", "relation": "res.country"},
                "user_id": {"type": "many2one", "relation": "res.users"}}},
              "res.country": {"fields": {"name": {"type": "char"}}},
              "res.users": {"fields": {"login": {"type": "char"}}}}}"#,
        );
        let added = fill(&mut own, &from, |name| name != "res.users");
        assert_eq!(added, ["res.country"]);
        let partner = own.model("res.partner").expect("kept");
        assert_eq!(partner.description.as_deref(), Some("Mine"));
        assert_eq!(partner.fields["name"].string.as_deref(), Some("My name"));
        assert!(partner.fields.contains_key("email"));
        assert!(partner.fields.contains_key("country_id"));
        assert!(
            !partner.fields.contains_key("user_id"),
            "res.users was not added"
        );
    }
}
