//! Deterministic `res.partner` records and the exact bytes Odoo answers for them.
//!
//! The values are modelled on the recorded exchanges (`../shared/fixtures/odoo18` and `odoo19`):
//! many2one as `[id, "name"]`, `false` for an empty field, x2many as id lists, datetimes as
//! `"YYYY-MM-DD HH:MM:SS"`. The encoders write what Odoo writes: Python's `json.dumps` with its
//! default separators (`", "`, `": "`) and `ensure_ascii=False` (Odoo's `make_json_response`),
//! and Odoo's XML-RPC `dumps` (Python's `xmlrpc.client.Marshaller` between Odoo's own
//! `<?xml version="1.0"?>` header and `</methodResponse>`). The tests check both against the
//! recorded bytes.

use std::fmt::Write as _;

/// A Python value as Odoo returns it: the subset a `search_read` answer uses.
#[derive(Debug, Clone, PartialEq)]
pub enum Py {
    /// `True` / `False` (`false` is also Odoo's "no value").
    Bool(bool),
    /// `int`.
    Int(i64),
    /// `str`.
    Str(String),
    /// `list` or `tuple`.
    List(Vec<Py>),
    /// `dict`, keys in insertion order.
    Dict(Vec<(String, Py)>),
}

impl Py {
    fn str(s: impl Into<String>) -> Py {
        Py::Str(s.into())
    }
}

/// The fields of the benchmark, in the order they are asked and answered (`id` first).
pub const FIELDS: [&str; 11] = [
    "name",
    "email",
    "phone",
    "street",
    "city",
    "country_id",
    "parent_id",
    "category_id",
    "is_company",
    "create_date",
    "write_date",
];

/// SplitMix64: small, fast, and the same sequence on every machine.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const FIRST: &[&str] = &[
    "Addison", "Brandon", "Chester", "Colleen", "Douglas", "Edwin", "Floyd", "Gemini", "Jesse",
    "Kim", "Lorraine", "Lumber", "Marc", "Nicole", "Oscar", "Paul", "Rachel", "Sandra", "Theodore",
    "Toni", "Willie", "Zoë", "José", "Amélie", "Jürgen", "Søren", "Łukasz", "Ana", "Mei", "Aarav",
];
const LAST: &[&str] = &[
    "Olson",
    "Freeman",
    "Hubbard",
    "Diaz",
    "Hansen",
    "Reynolds",
    "Smith",
    "Furtado",
    "Brown",
    "Miller",
    "Müller",
    "García",
    "Dubois",
    "Kowalski",
    "Nakamura",
    "Rossi",
    "Novák",
    "O'Brien",
    "Lefèvre",
    "Johansson",
    "Chen",
    "Patel",
    "Schmidt",
    "Martin",
    "Lopez",
];
const COMPANY_A: &[&str] = &[
    "Wood",
    "Deco",
    "Gemini",
    "Ready",
    "Lumber",
    "Azure",
    "Acme",
    "Bright",
    "Northern",
    "Pacific",
    "Golden",
    "Silver",
    "Blue",
    "Green",
    "Crystal",
    "Société",
    "Bäckerei",
    "Café",
];
const COMPANY_B: &[&str] = &[
    "Corner",
    "Addict",
    "Furniture",
    "Mat",
    "Inc",
    "Interior",
    "Corporation",
    "Systems",
    "Logistics",
    "Trading",
    "& Sons",
    "Générale",
    "GmbH",
    "Holdings",
    "Partners",
];
const STREETS: &[&str] = &[
    "Main",
    "Oak",
    "Pine",
    "Maple",
    "Cedar",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Church",
    "Rue de la Paix",
    "Hauptstraße",
    "Calle Mayor",
];
const STREET_KIND: &[&str] = &["St", "Ave", "Rd", "Blvd", "Lane", "Drive"];
const CITIES: &[&str] = &[
    "San Francisco",
    "Fremont",
    "Tracy",
    "Pleasant Hill",
    "Bruxelles",
    "Paris",
    "München",
    "Kraków",
    "São Paulo",
    "Tokyo",
    "New York",
    "Chicago",
];
const COUNTRIES: &[(i64, &str)] = &[
    (233, "United States"),
    (233, "United States"),
    (233, "United States"),
    (21, "Belgium"),
    (75, "France"),
    (57, "Germany"),
    (232, "United Kingdom"),
    (68, "Spain"),
    (31, "Brazil"),
    (113, "Japan"),
];

/// One company every `COMPANY_EVERY` records; the contacts in between belong to it or to none.
const COMPANY_EVERY: i64 = 5;

fn company_name(id: i64) -> String {
    let mut rng = Rng::new(id as u64 ^ 0x00C0_FFEE);
    format!("{} {}", rng.pick(COMPANY_A), rng.pick(COMPANY_B))
}

fn datetime(rng: &mut Rng, base_day: u64) -> (u64, String) {
    let day = base_day + rng.below(30);
    let seconds = rng.below(86_400);
    let text = format!(
        "2026-{:02}-{:02} {:02}:{:02}:{:02}",
        1 + (day / 28) % 12,
        1 + day % 28,
        seconds / 3600,
        (seconds / 60) % 60,
        seconds % 60
    );
    (day, text)
}

/// The `res.partner` record `id` (ids start at 1): the same values every time.
pub fn partner(id: i64) -> Py {
    let mut rng = Rng::new(0x0D00_5EED ^ (id as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let is_company = id % COMPANY_EVERY == 1;
    let name = if is_company {
        company_name(id)
    } else {
        format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
    };
    let email = if rng.chance(90) {
        let local: String = name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
            .collect();
        Py::Str(format!("{local}{}@example.com", id % 97))
    } else {
        Py::Bool(false)
    };
    let phone = match rng.below(10) {
        0 => Py::Bool(false),
        1 | 2 => Py::Str(format!("+1 555-555-{:04}", rng.below(10_000))),
        3 => Py::Str(format!(
            "+32 2 {:03} {:02} {:02}",
            rng.below(1000),
            rng.below(100),
            rng.below(100)
        )),
        _ => Py::Str(format!(
            "({:03})-{:03}-{:04}",
            200 + rng.below(800),
            rng.below(1000),
            rng.below(10_000)
        )),
    };
    let street = if rng.chance(85) {
        Py::Str(format!(
            "{} {} {}",
            1 + rng.below(9_999),
            rng.pick(STREETS),
            rng.pick(STREET_KIND)
        ))
    } else {
        Py::Bool(false)
    };
    let city = if rng.chance(85) {
        Py::str(rng.pick(CITIES))
    } else {
        Py::Bool(false)
    };
    let country_id = if rng.chance(90) {
        let (cid, cname) = COUNTRIES[rng.below(COUNTRIES.len() as u64) as usize];
        Py::List(vec![Py::Int(cid), Py::str(cname)])
    } else {
        Py::Bool(false)
    };
    // Contacts belong to the company just before them, most of the time.
    let parent_id = if !is_company && rng.chance(70) {
        let company = id - (id - 1) % COMPANY_EVERY;
        Py::List(vec![Py::Int(company), Py::Str(company_name(company))])
    } else {
        Py::Bool(false)
    };
    let tags = rng.below(4);
    let mut category: Vec<i64> = (0..tags).map(|_| 1 + rng.below(12) as i64).collect();
    category.sort_unstable();
    category.dedup();
    let category_id = Py::List(category.into_iter().map(Py::Int).collect());
    let (day, create_date) = datetime(&mut rng, 0);
    let (_, write_date) = datetime(&mut rng, day);
    Py::Dict(vec![
        ("id".into(), Py::Int(id)),
        ("name".into(), Py::Str(name)),
        ("email".into(), email),
        ("phone".into(), phone),
        ("street".into(), street),
        ("city".into(), city),
        ("country_id".into(), country_id),
        ("parent_id".into(), parent_id),
        ("category_id".into(), category_id),
        ("is_company".into(), Py::Bool(is_company)),
        ("create_date".into(), Py::Str(create_date)),
        ("write_date".into(), Py::Str(write_date)),
    ])
}

/// The records `first ..= last` (ids), as a `search_read` result.
pub fn partners(first: i64, last: i64) -> Py {
    Py::List((first..=last).map(partner).collect())
}

/// Python's `json.dumps(value, ensure_ascii=False)`.
pub fn json_dumps(value: &Py, out: &mut String) {
    match value {
        Py::Bool(true) => out.push_str("true"),
        Py::Bool(false) => out.push_str("false"),
        Py::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Py::Str(s) => json_string(s, out),
        Py::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                json_dumps(item, out);
            }
            out.push(']');
        }
        Py::Dict(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                json_string(key, out);
                out.push_str(": ");
                json_dumps(item, out);
            }
            out.push('}');
        }
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON-RPC answer (`/jsonrpc`, `/web/dataset/call_kw`): `{"jsonrpc": "2.0", "id": .., "result": ..}`.
pub fn json_rpc_body(id: u64, result: &Py) -> Vec<u8> {
    let mut out = String::with_capacity(1024);
    let _ = write!(out, "{{\"jsonrpc\": \"2.0\", \"id\": {id}, \"result\": ");
    json_dumps(result, &mut out);
    out.push('}');
    out.into_bytes()
}

/// A JSON-2 answer (`/json/2/<model>/<method>`): the result itself.
pub fn json2_body(result: &Py) -> Vec<u8> {
    let mut out = String::with_capacity(1024);
    json_dumps(result, &mut out);
    out.into_bytes()
}

/// `xmlrpc.client.escape`.
fn xml_escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// `xmlrpc.client.Marshaller.__dump` of one value.
fn xml_dump(value: &Py, out: &mut String) {
    match value {
        Py::Bool(b) => {
            out.push_str("<value><boolean>");
            out.push(if *b { '1' } else { '0' });
            out.push_str("</boolean></value>\n");
        }
        Py::Int(n) => {
            let _ = writeln!(out, "<value><int>{n}</int></value>");
        }
        Py::Str(s) => {
            out.push_str("<value><string>");
            xml_escape(s, out);
            out.push_str("</string></value>\n");
        }
        Py::List(items) => {
            out.push_str("<value><array><data>\n");
            for item in items {
                xml_dump(item, out);
            }
            out.push_str("</data></array></value>\n");
        }
        Py::Dict(members) => {
            out.push_str("<value><struct>\n");
            for (key, item) in members {
                out.push_str("<member>\n<name>");
                xml_escape(key, out);
                out.push_str("</name>\n");
                xml_dump(item, out);
                out.push_str("</member>\n");
            }
            out.push_str("</struct></value>\n");
        }
    }
}

/// An XML-RPC answer as Odoo 17+ writes it (`odoo.addons.base.controllers.rpc.dumps`).
pub fn xml_rpc_body(result: &Py) -> Vec<u8> {
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n");
    xml_dump(result, &mut out);
    out.push_str("</param>\n</params>\n\n</methodResponse>\n");
    out.into_bytes()
}

/// The three bodies of one `search_read` answer.
#[derive(Debug, Clone)]
pub struct Bodies {
    /// `/jsonrpc`.
    pub json_rpc: Vec<u8>,
    /// `/json/2/res.partner/search_read`.
    pub json2: Vec<u8>,
    /// `/xmlrpc/2/object`.
    pub xml_rpc: Vec<u8>,
}

/// The answers to a `search_read` of the records `first ..= last`.
pub fn bodies(first: i64, last: i64) -> Bodies {
    let result = partners(first, last);
    Bodies {
        json_rpc: json_rpc_body(7, &result),
        json2: json2_body(&result),
        xml_rpc: xml_rpc_body(&result),
    }
}

/// The file names `gen-bodies` writes, per transport.
pub const FILE_NAMES: [(&str, &str); 3] = [
    ("jsonrpc", "search_read_partner_5000.jsonrpc.json"),
    ("json2", "search_read_partner_5000.json2.json"),
    ("xmlrpc", "search_read_partner_5000.xmlrpc.xml"),
];

/// Writes the three bodies of the 5,000-record answer into `dir`; answers their paths
/// (JSON-RPC, JSON-2, XML-RPC).
pub fn write_bodies(dir: &std::path::Path) -> std::io::Result<[std::path::PathBuf; 3]> {
    std::fs::create_dir_all(dir)?;
    let b = bodies(1, 5000);
    let paths = FILE_NAMES.map(|(_, name)| dir.join(name));
    std::fs::write(&paths[0], &b.json_rpc)?;
    std::fs::write(&paths[1], &b.json2)?;
    std::fs::write(&paths[2], &b.xml_rpc)?;
    Ok(paths)
}

/// Writes the answer of `format` to a `search_read` of the records `1 ..= n`, with `n` as
/// large as the body stays within `max_bytes`, record by record (no tree of the whole answer is
/// built, so that answers of hundreds of MiB can be written); answers `(n, body bytes)`. The
/// bytes are those of [`json_rpc_body`] (id 7), [`json2_body`] and [`xml_rpc_body`].
pub fn write_sized_body(
    format: crate::decode::Format,
    max_bytes: usize,
    out: &mut impl std::io::Write,
) -> std::io::Result<(i64, usize)> {
    use crate::decode::Format;
    let (head, separator, tail) = match format {
        Format::JsonRpc => (
            "{\"jsonrpc\": \"2.0\", \"id\": 7, \"result\": [",
            ", ",
            "]}",
        ),
        Format::Json2 => ("[", ", ", "]"),
        Format::XmlRpc => (
            "<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n",
            "",
            "</data></array></value>\n</param>\n</params>\n\n</methodResponse>\n",
        ),
    };
    out.write_all(head.as_bytes())?;
    let mut written = head.len();
    let mut record = String::new();
    let mut count = 0;
    loop {
        record.clear();
        if count > 0 {
            record.push_str(separator);
        }
        match format {
            Format::XmlRpc => xml_dump(&partner(count + 1), &mut record),
            Format::JsonRpc | Format::Json2 => json_dumps(&partner(count + 1), &mut record),
        }
        if written + record.len() + tail.len() > max_bytes {
            break;
        }
        out.write_all(record.as_bytes())?;
        written += record.len();
        count += 1;
    }
    out.write_all(tail.as_bytes())?;
    Ok((count, written + tail.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three records of the recorded `search_read_partner` case (Odoo 18).
    fn recorded() -> Py {
        let rec = |id: i64, name: &str, email: &str, phone: &str, cats: &[i64]| {
            Py::Dict(vec![
                ("id".into(), Py::Int(id)),
                ("name".into(), Py::str(name)),
                ("email".into(), Py::str(email)),
                ("phone".into(), Py::str(phone)),
                ("is_company".into(), Py::Bool(true)),
                ("parent_id".into(), Py::Bool(false)),
                (
                    "category_id".into(),
                    Py::List(cats.iter().copied().map(Py::Int).collect()),
                ),
                (
                    "country_id".into(),
                    Py::List(vec![Py::Int(233), Py::str("United States")]),
                ),
                ("create_date".into(), Py::str("2026-11-28 06:05:04")),
            ])
        };
        Py::List(vec![
            rec(
                1,
                "My Company (San Francisco)",
                "info@yourcompany.com",
                "+1 555-555-5556",
                &[],
            ),
            rec(
                9,
                "Wood Corner",
                "wood.corner26@example.com",
                "(623)-853-7197",
                &[7, 6],
            ),
            rec(
                10,
                "Deco Addict",
                "deco_addict@yourcompany.example.com",
                "(603)-996-3829",
                &[7],
            ),
        ])
    }

    fn recorded_body(root: &std::path::Path, transcript: &str) -> String {
        let path = root.join("odoo18/transcripts").join(transcript);
        let text = std::fs::read_to_string(&path).expect("transcript readable");
        let value: serde_json::Value = serde_json::from_str(&text).expect("transcript is JSON");
        value["response"]["body"]
            .as_str()
            .expect("a response body")
            .to_owned()
    }

    #[test]
    fn encoders_write_the_recorded_bytes() {
        let Some(root) = odoo_test_support::fixtures_or_skip() else {
            return;
        };
        let json = recorded_body(&root, "jsonrpc_search_read_partner.json");
        let xml = recorded_body(&root, "xmlrpc_search_read_partner.json");
        let result = recorded();
        assert_eq!(
            String::from_utf8(json_rpc_body(7, &result)).expect("utf-8"),
            json
        );
        assert_eq!(
            String::from_utf8(xml_rpc_body(&result)).expect("utf-8"),
            xml
        );
    }

    #[test]
    fn sized_bodies_are_the_bodies_of_their_records() {
        for format in crate::decode::Format::ALL {
            let mut out = Vec::new();
            let (n, len) = write_sized_body(format, 40_000, &mut out).expect("written");
            assert_eq!(len, out.len());
            assert!(len <= 40_000 && n > 10, "{n} records, {len} bytes");
            let b = bodies(1, n);
            assert_eq!(out, b.of(format), "{}", format.name());
            let mut more = Vec::new();
            write_sized_body(format, 60_000, &mut more).expect("written");
            assert!(more.len() > len);
        }
    }

    #[test]
    fn records_are_deterministic_and_realistic() {
        assert_eq!(partner(42), partner(42));
        let b = bodies(1, 50);
        let value: serde_json::Value = serde_json::from_slice(&b.json_rpc).expect("valid JSON");
        let rows = value["result"].as_array().expect("a list");
        assert_eq!(rows.len(), 50);
        assert_eq!(rows[0]["id"], 1);
        assert_eq!(rows[0]["is_company"], true);
        assert_eq!(rows[0].as_object().map(|o| o.len()), Some(12));
        let contact = &rows[2];
        assert_eq!(contact["is_company"], false);
        let parent = &contact["parent_id"];
        assert!(parent == &serde_json::json!(false) || parent[0] == 1);
        let json2: serde_json::Value = serde_json::from_slice(&b.json2).expect("valid JSON");
        assert_eq!(&json2, &value["result"]);
        let xml = odoo_core::xmlrpc::decode_method_response(&b.xml_rpc, &Default::default())
            .expect("valid XML-RPC");
        assert_eq!(
            xml,
            odoo_core::xmlrpc::MethodResponse::Success(value["result"].clone())
        );
        for format in crate::decode::Format::ALL {
            let partners = crate::decode::to_partners(format, b.of(format)).expect("decodes");
            assert_eq!(partners.len(), 50);
            assert_eq!(partners[2].id, 3);
        }
    }
}
