//! Throughput of normalisation and segmentation on ~1 MB of Thai text.
//!
//! `cargo bench -p otop-thai --bench segment`; compare with `python3 benches/newmm_reference.py`,
//! which times PyThaiNLP's newmm on the same paragraphs.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use otop_thai::{Segmenter, normalize};

/// Paragraphs of 3 to 8 corpus sentences, taken in a fixed order so that newmm_reference.py builds
/// exactly the same text, until they add up to `target_bytes`. Each is segmented as one document.
fn paragraphs(target_bytes: usize) -> Vec<String> {
    let lines: Vec<&str> = include_str!("corpus_th.txt").lines().filter(|l| !l.is_empty()).collect();
    let mut paragraphs = Vec::new();
    let mut total = 0;
    for k in 0.. {
        if total >= target_bytes {
            break;
        }
        let paragraph: Vec<&str> = (0..3 + k % 6).map(|j| lines[(k * 5 + j) % lines.len()]).collect();
        let paragraph = paragraph.join(" ");
        total += paragraph.len();
        paragraphs.push(paragraph);
    }
    paragraphs
}

fn throughput(c: &mut Criterion) {
    let paragraphs = paragraphs(1_000_000);
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    let domain = Segmenter::shared();
    let plain = Segmenter::plain();

    let mut group = c.benchmark_group("thai_1mb");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(15));
    group.bench_function("normalize", |b| {
        b.iter(|| paragraphs.iter().map(|p| normalize(black_box(p)).len()).sum::<usize>())
    });
    group.bench_function("tokens (normalise + segment + compounds)", |b| {
        b.iter(|| paragraphs.iter().map(|p| domain.tokens(black_box(p)).len()).sum::<usize>())
    });
    group.bench_function("plain words (newmm as PyThaiNLP)", |b| {
        b.iter(|| paragraphs.iter().map(|p| plain.words(black_box(p)).len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
