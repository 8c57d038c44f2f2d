#![allow(dead_code)]
//! The runs the offline tests on the emulator and the live ones share:
//!
//! - [`CursorRun`], the incremental export's check: records created with a version `v0` in a
//!   text field, a task writing `v1`, `v2`, ... to them while rounds of the export run, a last
//!   round once it stopped, and the counts of what was missed and what was exported twice;
//! - [`load_rows`], contacts to import with `load`, some of them refused;
//! - [`resolve_checks`] and [`save_checks`], the external-ID round trip.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use odoo_core::types::Many2one;
use odoo_core::{ChangeCursor, Client, ErrorKind};
use serde_json::{json, Value};

/// How a run goes.
#[derive(Debug)]
pub struct CursorRun {
    /// The text field that holds the version (`ref`, `function`).
    pub field: &'static str,
    /// The name the records get, followed by a number; also how the export finds them.
    pub prefix: &'static str,
    pub records: usize,
    pub rounds: usize,
    /// How long the writer writes, and how long it waits between writes.
    pub writing: Duration,
    pub pause: Duration,
    /// The pause between rounds.
    pub between: Duration,
    pub settle: Duration,
    pub page_size: u64,
}

/// What a run saw.
#[derive(Debug)]
pub struct CursorOutcome {
    pub writes: usize,
    pub exported: usize,
    /// Records whose last version on the server was not exported.
    pub missed: Vec<(i64, String)>,
    /// Versions exported more than once.
    pub twice: usize,
    /// Writes that no later export of their record covers.
    pub uncovered: Vec<(i64, u64)>,
    /// The cursor after the last round.
    pub cursor: ChangeCursor,
}

impl CursorRun {
    /// Creates the records, runs the writer and the rounds, and counts.
    pub async fn run(&self, client: &Client) -> CursorOutcome {
        let start = client.server_time().await.expect("the server's clock");
        let values: Vec<Value> = (0..self.records)
            .map(|i| json!({"name": format!("{}{i}", self.prefix), self.field: "v0"}))
            .collect();
        let ids = client
            .create_many("res.partner", &values)
            .await
            .expect("create");
        let writer = self.spawn_writer(client, &ids);
        let mut cursor = ChangeCursor::starting_at(start);
        let mut exported = Vec::new();
        for _ in 0..self.rounds {
            let (rows, next) = self.round(client, &cursor).await;
            exported.extend(rows);
            cursor = next;
            tokio::time::sleep(self.between).await;
        }
        let written = writer.await.expect("the writer");
        tokio::time::sleep(self.settle + Duration::from_millis(1100)).await;
        let (rows, cursor) = self.round(client, &cursor).await;
        exported.extend(rows);

        let distinct: BTreeSet<&(i64, String)> = exported.iter().collect();
        let last: Vec<Value> = client
            .read("res.partner", &ids, &[self.field], Default::default())
            .await
            .expect("read");
        let missed = last
            .iter()
            .map(|row| version(row, self.field))
            .filter(|v| !distinct.contains(v))
            .collect();
        let mut latest: BTreeMap<i64, u64> = BTreeMap::new();
        for (id, v) in &exported {
            let n = v.trim_start_matches('v').parse::<u64>().expect("vN");
            let entry = latest.entry(*id).or_insert(0);
            *entry = (*entry).max(n);
        }
        let uncovered = written
            .iter()
            .filter(|(id, n)| latest.get(id).is_none_or(|v| v < n))
            .copied()
            .collect();
        CursorOutcome {
            writes: written.len(),
            exported: exported.len(),
            missed,
            twice: exported.len() - distinct.len(),
            uncovered,
            cursor,
        }
    }

    /// A task writing a new version to one record after another.
    fn spawn_writer(
        &self,
        client: &Client,
        ids: &[i64],
    ) -> tokio::task::JoinHandle<Vec<(i64, u64)>> {
        let (client, ids) = (client.clone(), ids.to_vec());
        let (field, writing, pause) = (self.field, self.writing, self.pause);
        tokio::spawn(async move {
            let mut written = Vec::new();
            let stop = tokio::time::Instant::now() + writing;
            let mut n = 0u64;
            while tokio::time::Instant::now() < stop {
                n += 1;
                let id = ids[(n as usize * 7) % ids.len()];
                client
                    .write("res.partner", &[id], json!({field: format!("v{n}")}))
                    .await
                    .expect("write");
                written.push((id, n));
                tokio::time::sleep(pause).await;
            }
            written
        })
    }

    /// One run of the export from `cursor`: the versions exported, and the next cursor.
    pub async fn round(
        &self,
        client: &Client,
        cursor: &ChangeCursor,
    ) -> (Vec<(i64, String)>, ChangeCursor) {
        let mut changes = client
            .changes("res.partner", cursor)
            .fields(&[self.field])
            .domain(json!([["name", "=like", format!("{}%", self.prefix)]]))
            .page_size(self.page_size)
            .settle(self.settle);
        let mut rows = Vec::new();
        while let Some(page) = changes.next_page::<Value>().await.expect("page") {
            rows.extend(page.iter().map(|row| version(row, self.field)));
        }
        assert!(changes.next_page::<Value>().await.expect("done").is_none());
        (rows, changes.cursor().expect("every page read"))
    }
}

/// A record's id and version.
fn version(row: &Value, field: &str) -> (i64, String) {
    (
        row["id"].as_i64().expect("id"),
        row[field].as_str().expect("a version").to_owned(),
    )
}

/// The columns of [`load_rows`].
pub const LOAD_COLUMNS: [&str; 5] = ["id", "name", "color", "type", "parent_id/id"];

/// `count` contacts to import under the external IDs `<module>.<name>_<i>`, each the child of
/// the first, with the rows of `bad` refused for the field they name (`color`: not an integer;
/// `parent_id`: no such record; `type`: no such choice).
pub fn load_rows<'b>(
    count: usize,
    xmlid: &'b str,
    name: &'b str,
    bad: &'b BTreeMap<usize, &'b str>,
) -> impl Iterator<Item = Vec<String>> + 'b {
    (0..count).map(move |i| {
        let mut row = vec![
            format!("{xmlid}_{i}"),
            format!("{name} {i}"),
            (i % 10).to_string(),
            "contact".to_owned(),
            if i > 0 {
                format!("{xmlid}_0")
            } else {
                String::new()
            },
        ];
        match bad.get(&i) {
            Some(&"color") => row[2] = "abc".to_owned(),
            Some(&"parent_id") => row[4] = "odoo_rs_test.no_such_parent".to_owned(),
            Some(&"type") => row[3] = "bogus".to_owned(),
            _ => {}
        }
        row
    })
}

#[derive(Debug, Clone, odoo_core::OdooModel)]
#[odoo(model = "res.company")]
#[allow(dead_code)] // declared for the model it names
pub struct Company {
    id: i64,
    name: String,
}

#[derive(Debug, Clone, odoo_core::OdooModel)]
#[odoo(model = "res.partner")]
#[allow(dead_code)] // declared for the model it names
pub struct Contact {
    id: i64,
    name: Option<String>,
}

/// Resolving: `base.main_company` as a typed company and not as a contact, two names in one
/// call, and `missing` (names no record has) refused naming them.
pub async fn resolve_checks(client: &Client, what: &str, missing: &[&str]) {
    let ids = client.external_ids();
    let company: Many2one<Company> = ids
        .record("base.main_company")
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(company.id(), 1, "{what}");
    let wrong = ids
        .record::<Contact>("base.main_company")
        .await
        .expect_err("a company is not a contact");
    assert_eq!(wrong.kind(), ErrorKind::InvalidInput, "{what}: {wrong:?}");
    assert!(wrong.to_string().contains("res.company"), "{wrong}");
    let both = ids
        .resolve_many(&["base.main_company", "base.main_partner"])
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(
        (both[0].model.as_str(), both[0].id),
        ("res.company", 1),
        "{what}"
    );
    assert_eq!(both[1].model, "res.partner", "{what}");
    let mut names = vec!["base.main_company"];
    names.extend(missing);
    let refused = ids.resolve_many(&names).await.expect_err("missing names");
    assert_eq!(refused.kind(), ErrorKind::NotFound, "{what}: {refused:?}");
    assert!(
        refused.to_string().contains(&missing.join(", ")),
        "{what}: {refused}"
    );
}

/// Saving a contact under `xmlid` twice (the same record, renamed and its parent emptied),
/// reading the external ID back, and a parent that does not exist refused naming the field:
/// the contact's id.
pub async fn save_checks(client: &Client, what: &str, xmlid: &str, name: &str) -> i64 {
    let ids = client.external_ids();
    let save = |values: Value| ids.save(xmlid, "res.partner", values);
    let id = save(json!({"name": name, "parent_id": "base.main_partner"}))
        .await
        .unwrap_or_else(|e| panic!("{what}: save: {e}"));
    let again = save(json!({"name": format!("{name} renamed"), "parent_id": false}))
        .await
        .unwrap_or_else(|e| panic!("{what}: save again: {e}"));
    assert_eq!(again, id, "{what}: saved again under the same external ID");
    assert_eq!(ids.resolve(xmlid).await.expect("resolve").id, id, "{what}");
    let of = ids.of("res.partner", &[id, 1]).await.expect("of");
    assert_eq!(of.get(&id).map(String::as_str), Some(xmlid), "{what}");
    let main = of.get(&1).map(String::as_str);
    assert_eq!(main, Some("base.main_partner"), "{what}");
    let rows: Vec<Value> = client
        .read(
            "res.partner",
            &[id],
            &["name", "parent_id"],
            Default::default(),
        )
        .await
        .expect("read");
    assert_eq!(rows[0]["name"], json!(format!("{name} renamed")), "{what}");
    assert_eq!(rows[0]["parent_id"], json!(false), "{what}");
    let refused = save(json!({"name": name, "parent_id": "odoo_rs_test.nope"}))
        .await
        .expect_err("no such parent");
    assert_eq!(
        refused.kind(),
        ErrorKind::ValidationError,
        "{what}: {refused:?}"
    );
    assert!(
        refused.to_string().contains("field parent_id"),
        "{what}: {refused}"
    );
    id
}
