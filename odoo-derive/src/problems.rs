//! The messages a check against several snapshots gives: one per distinct problem, naming
//! every snapshot that has it. The model's checks and the methods' checks both write them.

use quote::ToTokens;

use crate::ctxt::Ctxt;
use crate::schema::{self, Loaded};

/// Stands for the snapshots a message is about, in a message template.
pub const IN: &str = "\u{1}";

/// The problems found on one item against several snapshots: one message per distinct
/// problem, naming every snapshot that has it.
pub struct Problems {
    list: Vec<(proc_macro2::TokenStream, String, Vec<usize>)>,
}

impl Problems {
    pub fn new() -> Self {
        Self { list: Vec::new() }
    }

    /// Records `template` (with [`IN`] where the snapshots go) for the snapshot `index`.
    pub fn add(&mut self, tokens: &dyn ToTokens, template: String, index: usize) {
        match self
            .list
            .iter_mut()
            .find(|(_, known, _)| *known == template)
        {
            Some((_, _, indices)) => indices.push(index),
            None => self
                .list
                .push((tokens.to_token_stream(), template, vec![index])),
        }
    }

    pub fn report(self, cx: &Ctxt, snapshots: &[Loaded]) {
        for (tokens, template, indices) in self.list {
            let named: Vec<&Loaded> = indices.iter().map(|&index| &snapshots[index]).collect();
            cx.error_spanned_by(tokens, template.replace(IN, &schema::describe(&named)));
        }
    }
}
