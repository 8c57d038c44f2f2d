use odoo_core::OdooSelection;

#[derive(Debug, OdooSelection)]
pub enum State {
    Draft,
    Done,
}

fn main() {}
