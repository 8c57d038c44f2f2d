//! Decoding a 5,000-record `res.partner` `search_read` answer (11 fields) from the bytes of
//! each transport, into a JSON value and into the derived model: what the client does after
//! the body has arrived. The bodies come from `odoo_benches::gen`.
//!
//! Measured in CPU time of the process (`CLOCK_PROCESS_CPUTIME_ID`), not wall time: the
//! machines this runs on are shared, and a preempted iteration would otherwise count the
//! other jobs' time. `cargo bench -p odoo-benches --bench decode`

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use odoo_benches::decode::{to_partners, to_value, Format};
use odoo_benches::gen;
use odoo_benches::measure::cpu_time;

/// Process CPU time, for criterion.
struct CpuTime;

impl Measurement for CpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        cpu_time()
    }

    fn end(&self, start: Duration) -> Duration {
        cpu_time().saturating_sub(start)
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

/// Nanoseconds, shown as CPU time.
struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = if typical < 1e3 {
            (1.0, "ns cpu")
        } else if typical < 1e6 {
            (1e-3, "µs cpu")
        } else if typical < 1e9 {
            (1e-6, "ms cpu")
        } else {
            (1e-9, "s cpu")
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }

    fn scale_throughputs(
        &self,
        _typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        let (n, scale, unit) = match throughput {
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) => (*n, 1_048_576.0, "MiB/s cpu"),
            Throughput::Elements(n) | Throughput::Bits(n) => (*n, 1e3, "Kelem/s cpu"),
        };
        values
            .iter_mut()
            .for_each(|v| *v = n as f64 * 1e9 / v.max(1.0) / scale);
        unit
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn decode(c: &mut Criterion<CpuTime>) {
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

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = decode
}
criterion_main!(benches);
