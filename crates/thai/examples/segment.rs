//! Prints the words of each line of standard input (or of the arguments), `|` between words:
//! `cargo run --release -p otop-thai --example segment -- "ลำไยอบแห้ง"`. With `--tokens`, the
//! normalised search tokens instead of PyThaiNLP-style words, as `text@start-end:position+length`.
//! For comparing two builds' output on a file, and a quick way to see the segmenter's memory:
//! `/usr/bin/time -v target/release/examples/segment ลำไย`.

use std::io::BufRead;

use otop_thai::Segmenter;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let tokens = args.first().is_some_and(|a| a == "--tokens");
    if tokens {
        args.remove(0);
    }
    let segmenter = Segmenter::shared();
    let print = |line: &str| {
        let words: Vec<String> = if tokens {
            let tokens = segmenter.tokens(line).into_iter();
            tokens.map(|t| format!("{}@{}-{}:{}+{}", t.text, t.start, t.end, t.position, t.position_length)).collect()
        } else {
            segmenter.words(line)
        };
        println!("{}", words.join("|"));
    };
    if args.is_empty() {
        for line in std::io::stdin().lock().lines() {
            print(&line.expect("UTF-8 input"));
        }
    } else {
        args.iter().for_each(|a| print(a));
    }
}
