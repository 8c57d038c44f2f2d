//! The generated models at work: metadata, selection keys both ways, records read.

use fixture_models::edge::x_edge_case::{
    Priority as XEdgeCasePriority, State as XEdgeCaseState, XEdgeCase,
};
use fixture_models::edge::x_edge_other::{Type as XEdgeOtherType, XEdgeOther};
use fixture_models::{edge, edge_from_build_script, odoo16, odoo19};
use odoo_core::Model;
use serde_json::{json, Value};

fn key<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

fn read<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("deserializes")
}

#[test]
fn awkward_selection_keys_read_and_write_as_odoo_sends_them() {
    let cases = [
        (json!("draft"), XEdgeCaseState::Draft),
        (json!("Sent by email"), XEdgeCaseState::SentByEmail),
        (json!("0"), XEdgeCaseState::V0),
        (json!("Société"), XEdgeCaseState::Societe),
        (json!("中文"), XEdgeCaseState::U4e2dU6587),
        (json!(""), XEdgeCaseState::Empty),
        (json!("-"), XEdgeCaseState::Value6),
        (json!("a-b"), XEdgeCaseState::AB),
        (json!("a_b"), XEdgeCaseState::AB2),
        (json!("other"), XEdgeCaseState::Other),
        (json!("self"), XEdgeCaseState::SelfValue),
        (json!("Self"), XEdgeCaseState::SelfValue2),
        (
            json!("added later"),
            XEdgeCaseState::Unknown("added later".into()),
        ),
    ];
    for (wire, value) in cases {
        assert_eq!(read::<XEdgeCaseState>(wire.clone()), value, "{wire}");
        assert_eq!(key(&value), wire);
    }
    assert_eq!(
        read::<XEdgeCasePriority>(json!(-1)),
        XEdgeCasePriority::VMinus1
    );
    assert_eq!(read::<XEdgeCasePriority>(json!(10)), XEdgeCasePriority::V10);
    assert_eq!(key(&XEdgeCasePriority::V1), json!(1));
    assert!(matches!(
        read::<XEdgeCasePriority>(json!(7)),
        XEdgeCasePriority::Other(_)
    ));
    // Real keys `other` and `unknown` push the fallback to another name.
    assert_eq!(
        read::<XEdgeOtherType>(json!("unknown")),
        XEdgeOtherType::Unknown
    );
    assert_eq!(
        read::<XEdgeOtherType>(json!("new")),
        XEdgeOtherType::UnknownValue("new".into())
    );
}

#[test]
fn records_read_with_renamed_fields_and_false_for_empty() {
    let other: XEdgeOther = read(json!({
        "id": 7, "name": false, "case_id": [3, "Case 3"], "type": "other"
    }));
    assert_eq!(other.id, 7);
    assert_eq!(other.name, None);
    assert_eq!(other.case_id.as_ref().map(|case| case.id()), Some(3));
    assert_eq!(other.type_, Some(XEdgeOtherType::Other));
}

#[test]
fn metadata_keeps_the_odoo_names() {
    assert_eq!(XEdgeCase::MODEL, "x.edge.case");
    let names = XEdgeCase::field_names();
    for odoo in [
        "type",
        "type_",
        "__last_update",
        "last_update",
        "2fa",
        "self",
        "async",
    ] {
        assert!(names.contains(&odoo), "{odoo}: {names:?}");
    }
    // The build-script copy is the same model.
    assert_eq!(
        edge_from_build_script::XEdgeCase::field_names(),
        edge::XEdgeCase::field_names()
    );
    // Every field of the snapshot is generated (id is never asked for), but the binary fields
    // Odoo computes on read (the avatars), which must be named to be generated.
    assert_eq!(
        odoo19::ResPartner::field_names().len(),
        odoo19_partner_fields() - 1
    );
    assert_eq!(odoo16::SaleOrder::MODEL, "sale.order");
}

fn odoo19_partner_fields() -> usize {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/odoo19.json"))
        .expect("snapshot");
    let schema: Value = serde_json::from_str(&text).expect("json");
    schema["models"]["res.partner"]["fields"]
        .as_object()
        .expect("fields")
        .values()
        .filter(|field| !(field["type"] == "binary" && field["store"] != true))
        .count()
}

/// A narrow struct of one's own reuses the generated enums and relation targets: it reads
/// only its fields, and the derive checks it against the same snapshot.
#[test]
fn narrow_struct_reuses_generated_enums_and_relations() {
    use fixture_models::odoo19::res_partner::ResPartner;
    use fixture_models::odoo19::sale_order::State;
    use odoo_core::types::Many2one;

    #[derive(Debug, odoo_core::OdooModel)]
    #[odoo(model = "sale.order", schema = "schemas/odoo19.json")]
    struct OrderSummary {
        id: i64,
        name: String,
        state: Option<State>,
        partner_id: Many2one<ResPartner>,
        amount_total: f64,
    }

    assert_eq!(
        OrderSummary::field_names(),
        ["name", "state", "partner_id", "amount_total"]
    );
    let order: OrderSummary = read(json!({
        "id": 7, "name": "S00007", "state": "sale", "partner_id": [3, "Deco Addict"],
        "amount_total": 1740.0,
    }));
    assert_eq!(order.state, Some(State::Sale));
    assert_eq!(
        (order.id, order.name.as_str(), order.amount_total),
        (7, "S00007", 1740.0)
    );
    assert_eq!(order.partner_id.id(), 3);
    let f = OrderSummary::fields();
    // Domains through the generated relation target's own handles.
    let domain = f.state.eq(State::Sale) & f.partner_id.path(|p| p.is_company).eq(true);
    assert_eq!(
        domain.to_value(),
        json!([
            "&",
            ["state", "=", "sale"],
            ["partner_id.is_company", "=", true]
        ])
    );
}
