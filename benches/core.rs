//! In-process costs of the work an import or a list does per item: name
//! normalisation, parsing a row, rendering an item. Run with
//! `cargo bench --bench core`.

use countiq::app::output::{Format, ItemWriter};
use countiq::domain::{Item, ItemName, Quantity, Tags, Timestamp};
use countiq::input::{InputFormat, import_rows};

fn main() {
    divan::main();
}

#[divan::bench(args = ["item 0000001", "  Oat   MILK  ", "cafe\u{301} au lait", "🥛 milk"])]
fn normalise_a_name(name: &str) -> ItemName {
    ItemName::parse(divan::black_box(name)).unwrap()
}

fn ndjson_rows(n: usize) -> String {
    (0..n)
        .map(|i| format!("{{\"name\":\"item {i:07}\",\"quantity\":{i}}}\n"))
        .collect::<Vec<_>>()
        .concat()
}

#[divan::bench]
fn parse_1000_ndjson_rows(bencher: divan::Bencher<'_, '_>) {
    let text = ndjson_rows(1000);
    bencher.bench(|| import_rows(text.as_bytes(), InputFormat::Ndjson).count());
}

#[divan::bench]
fn parse_1000_json_array_rows(bencher: divan::Bencher<'_, '_>) {
    let text = format!("[{}]", ndjson_rows(1000).trim_end().replace('\n', ",\n"));
    bencher.bench(|| import_rows(text.as_bytes(), InputFormat::Json).count());
}

#[divan::bench(args = [Format::Ndjson, Format::Json, Format::Csv])]
fn render_1000_items(bencher: divan::Bencher<'_, '_>, format: Format) {
    let item = Item {
        id: 1,
        owner: "bench".to_owned(),
        name: "item 0000001".to_owned(),
        quantity: Quantity::new(42).unwrap(),
        created_at: Timestamp::from_millis(1_795_627_750_123),
        updated_at: Timestamp::from_millis(1_795_627_750_123),
        unit: None,
        min: None,
        location: None,
        tags: Tags::new(),
        code: None,
        note: None,
    };
    bencher.bench(|| {
        let mut out = Vec::with_capacity(200_000);
        let mut writer = ItemWriter::new(&mut out, format).unwrap();
        for _ in 0..1000 {
            writer.push(&item).unwrap();
        }
        writer.finish().unwrap();
        out.len()
    });
}
