//! Decoding a 5,000-record `res.partner` `search_read` answer (11 fields) from the bytes of
//! each transport, into a JSON value and into the derived model: what the client does after
//! the body has arrived. The bodies come from `odoo_benches::gen`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use odoo_benches::decode::{to_partners, to_value, Format};
use odoo_benches::gen;

fn decode(c: &mut Criterion) {
    let bodies = gen::bodies(1, 5000);
    let mut group = c.benchmark_group("decode_5000");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(5000));
    for format in Format::ALL {
        let body = bodies.of(format);
        assert_eq!(to_partners(format, body).map(|p| p.len()).ok(), Some(5000));
        group.bench_function(format!("{}/value", format.name()), |b| {
            b.iter(|| to_value(format, black_box(body)))
        });
        group.bench_function(format!("{}/typed", format.name()), |b| {
            b.iter(|| to_partners(format, black_box(body)))
        });
    }
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
