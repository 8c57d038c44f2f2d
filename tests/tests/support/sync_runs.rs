#![allow(dead_code)]
//! The runs the offline tests on the emulator and the live ones share:
//!
//! - [`CursorRun`], the incremental export's check: records created with a version `v0` in a
//!   text field, a task writing `v1`, `v2`, ... to them while rounds of the export run, a last
//!   round once it stopped, and the counts of what was missed and what was exported twice;
//! - [`load_rows`], contacts to import with `load`, some of them refused.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use odoo_core::{ChangeCursor, Client};
use serde_json::{json, Value};

/// How a run goes.
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
