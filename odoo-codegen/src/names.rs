//! Rust names for Odoo names: struct, module, field, enum and variant identifiers.
//!
//! Every name this module returns is a valid, non-raw Rust identifier that the default lints
//! accept (`non_snake_case`, `non_camel_case_types`, the confusable-character lints): keywords
//! get a suffix (`type` -> `type_`, `Self` -> `SelfValue`), a leading digit gets a prefix
//! (`2fa` -> `field_2fa`, `0` -> `V0`), accented Latin letters lose their accent and other
//! non-ASCII characters are spelled as their code point (`U4E2D`). Two Odoo names that give
//! the same Rust name are told apart by [`Namer`], deterministically.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Whether `name` is an identifier Rust accepts as is (not a keyword, not `_`).
pub fn is_ident(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

/// The snake-case Rust name of an Odoo field (`__last_update` -> `last_update`,
/// `type` -> `type_`, `2fa` -> `field_2fa`).
pub fn field_name(odoo: &str) -> String {
    safe_snake(odoo, "field")
}

/// The snake-case module name of a model (`res.partner` -> `res_partner`).
pub fn module_name(model: &str) -> String {
    safe_snake(model, "model")
}

/// The upper-camel-case struct name of a model (`res.partner` -> `ResPartner`).
pub fn struct_name(model: &str) -> String {
    safe_camel(model, "Model")
}

/// The upper-camel-case form of any name, for enum names built from a field
/// (`invoice_status` -> `InvoiceStatus`).
pub fn camel_name(name: &str) -> String {
    safe_camel(name, "Field")
}

/// The variant name of a selection key (`draft` -> `Draft`, `Sent by email` -> `SentByEmail`,
/// `0` -> `V0`, `""` -> `Empty`). `None` when nothing of the key can make a name (only
/// punctuation): the caller then names it by position.
pub fn variant_name(key: &str) -> Option<String> {
    if key.is_empty() {
        return Some("Empty".to_owned());
    }
    let words = ascii_words(key);
    if words.is_empty() {
        return None;
    }
    Some(safe_camel(key, "V"))
}

/// Splits into the ASCII words heck works on: accents dropped, other non-ASCII letters
/// spelled `U<hex>`, everything else a separator.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else if let Some(plain) = deaccent(c) {
            out.push_str(plain);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" U{:04x} ", u32::from(c)));
        } else {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

fn safe_snake(name: &str, prefix: &str) -> String {
    let mut snake = ascii_words(name).to_snake_case();
    if snake.is_empty() {
        snake = prefix.to_owned();
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake = format!("{prefix}_{snake}");
    }
    if !is_ident(&snake) {
        // A keyword (`type`, `self`, `move`, `ref`, `async`...).
        snake.push('_');
    }
    snake
}

fn safe_camel(name: &str, prefix: &str) -> String {
    let mut camel = ascii_words(name).to_upper_camel_case();
    if camel.is_empty() {
        camel = prefix.to_owned();
    } else if camel.starts_with(|c: char| c.is_ascii_digit()) {
        camel = format!("{prefix}{camel}");
    }
    if !is_ident(&camel) {
        // `Self` is the only upper-camel keyword.
        camel.push_str("Value");
    }
    camel
}

/// Hands out unique names in one namespace: a name already taken gets the first free numeric
/// suffix (`name_2`, `name_3`... for snake case, `Name2`, `Name3`... for camel case).
#[derive(Debug, Default, Clone)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// An empty namespace.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as used, so that [`Namer::unique`] never hands it out. Returns whether it
    /// was free.
    pub fn reserve(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_owned())
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `wanted` if free, else `wanted` with the first free suffix; the result is then taken.
    pub fn unique(&mut self, wanted: &str) -> String {
        if self.reserve(wanted) {
            return wanted.to_owned();
        }
        let snake = wanted.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        let base = wanted.trim_end_matches('_');
        (2..)
            .map(|n| {
                if snake {
                    format!("{base}_{n}")
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|candidate| self.reserve(candidate))
            .unwrap_or_default()
    }
}

/// Gives each of `names` (Odoo names, any order) a unique Rust name made by `convert`.
/// Names that convert to themselves keep that name; the others are served in sorted order of
/// their Odoo name, so the result does not depend on the input order. `reserved` names are
/// never handed out.
pub fn assign<'a>(
    names: impl IntoIterator<Item = &'a str>,
    convert: impl Fn(&str) -> String,
    reserved: &[&str],
) -> Vec<(String, String)> {
    let mut names: Vec<&str> = names.into_iter().collect();
    names.sort_unstable();
    names.dedup();
    let mut namer = Namer::new();
    for name in reserved {
        namer.reserve(name);
    }
    let converted: Vec<String> = names.iter().map(|name| convert(name)).collect();
    let mut out: Vec<Option<String>> = vec![None; names.len()];
    // First pass: exact names win their own spelling.
    for (i, (odoo, rust)) in names.iter().zip(&converted).enumerate() {
        if odoo == rust && namer.reserve(rust) {
            out[i] = Some(rust.clone());
        }
    }
    for (i, rust) in converted.iter().enumerate() {
        if out[i].is_none() {
            out[i] = Some(namer.unique(rust));
        }
    }
    names
        .into_iter()
        .map(str::to_owned)
        .zip(out.into_iter().map(Option::unwrap_or_default))
        .collect()
}

fn deaccent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'æ' => "ae",
        'Æ' => "Ae",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ğ' => "g",
        'Ğ' => "G",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ł' | 'ľ' => "l",
        'Ł' | 'Ľ' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "Oe",
        'ŕ' | 'ř' => "r",
        'Ŕ' | 'Ř' => "R",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_get_a_trailing_underscore() {
        for keyword in [
            "type", "self", "move", "ref", "async", "fn", "match", "crate", "super",
        ] {
            let name = field_name(keyword);
            assert_eq!(name, format!("{keyword}_"));
            assert!(is_ident(&name), "{name}");
        }
        assert_eq!(field_name("name"), "name");
        assert_eq!(camel_name("self"), "SelfValue");
        assert_eq!(variant_name("self").as_deref(), Some("SelfValue"));
        assert_eq!(module_name("type"), "type_");
        assert_eq!(struct_name("self"), "SelfValue");
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(field_name("2fa_enabled"), "field_2fa_enabled");
        assert_eq!(variant_name("0").as_deref(), Some("V0"));
        assert_eq!(variant_name("10").as_deref(), Some("V10"));
        assert_eq!(variant_name("1_month").as_deref(), Some("V1Month"));
        assert_eq!(struct_name("3d.model"), "Model3dModel");
        assert_eq!(module_name("3d.model"), "model_3d_model");
    }

    #[test]
    fn unicode_becomes_ascii() {
        assert_eq!(variant_name("Société").as_deref(), Some("Societe"));
        assert_eq!(variant_name("Größe").as_deref(), Some("Grosse"));
        let cjk = variant_name("中文").expect("a name");
        assert!(cjk.is_ascii() && is_ident(&cjk), "{cjk}");
        assert_eq!(cjk, "U4e2dU6587");
        assert_eq!(field_name("x_état"), "x_etat");
        assert!(field_name("x_日本").is_ascii());
    }

    #[test]
    fn double_underscore_names_are_snake_case() {
        assert_eq!(field_name("__last_update"), "last_update");
        assert_eq!(field_name("x_Studio_Field"), "x_studio_field");
    }

    #[test]
    fn selection_keys_that_are_not_identifiers() {
        assert_eq!(variant_name("draft").as_deref(), Some("Draft"));
        assert_eq!(
            variant_name("Sent by email").as_deref(),
            Some("SentByEmail")
        );
        assert_eq!(variant_name("no-message").as_deref(), Some("NoMessage"));
        assert_eq!(variant_name("").as_deref(), Some("Empty"));
        assert_eq!(variant_name("-"), None);
        assert_eq!(variant_name("+/-"), None);
        assert_eq!(variant_name("a.b").as_deref(), Some("AB"));
    }

    #[test]
    fn collisions_after_conversion_are_resolved_deterministically() {
        // `__last_update` converts to `last_update`, which a real field already has: the exact
        // name keeps its spelling, the converted one gets a suffix, whatever the input order.
        let one = assign(["last_update", "__last_update"], field_name, &[]);
        let two = assign(["__last_update", "last_update"], field_name, &[]);
        assert_eq!(one, two);
        assert_eq!(
            one,
            vec![
                ("__last_update".to_owned(), "last_update_2".to_owned()),
                ("last_update".to_owned(), "last_update".to_owned()),
            ]
        );
        let models = assign(["sale.order", "sale_order", "sale.Order"], struct_name, &[]);
        let names: Vec<&str> = models.iter().map(|(_, rust)| rust.as_str()).collect();
        assert_eq!(names, ["SaleOrder", "SaleOrder2", "SaleOrder3"]);
        // `type_` exists and `type` converts to `type_`.
        let fields = assign(["type", "type_"], field_name, &[]);
        assert_eq!(fields[0], ("type".to_owned(), "type_2".to_owned()));
        assert_eq!(fields[1], ("type_".to_owned(), "type_".to_owned()));
        // Reserved names are never handed out.
        let reserved = assign(["other"], camel_name, &["Other"]);
        assert_eq!(reserved[0].1, "Other2");
    }

    #[test]
    fn every_result_is_an_identifier() {
        let samples = [
            "",
            "_",
            "__",
            "0",
            "a",
            "A",
            "type",
            "Self",
            "self",
            "é",
            "ß",
            "中",
            "__last_update",
            "x y z",
            "1 2 3",
            "true",
            "false",
            "None",
            "Ok",
            "r#type",
            "$",
            "union",
            "dyn",
        ];
        for sample in samples {
            for name in [
                field_name(sample),
                module_name(sample),
                struct_name(sample),
                camel_name(sample),
            ] {
                assert!(is_ident(&name), "{sample:?} -> {name:?}");
                assert!(name.is_ascii(), "{sample:?} -> {name:?}");
            }
            if let Some(variant) = variant_name(sample) {
                assert!(is_ident(&variant), "{sample:?} -> {variant:?}");
            }
        }
    }
}
