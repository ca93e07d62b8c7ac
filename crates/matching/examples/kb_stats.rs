//! Prints the size of the built-in knowledge base, per stage and per category, and the
//! concepts found in texts given as arguments.
//!
//! `cargo run -p otop-matching --example kb_stats -- "ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา"`

use otop_matching::{KnowledgeBase, normalize};

fn main() {
    let kb = KnowledgeBase::builtin();
    let concepts = kb.concepts();
    let phrases: usize = concepts.iter().map(|c| c.phrases.len() + c.weak_phrases.len()).sum();
    let terms: usize = concepts.iter().map(|c| c.terms.len()).sum();
    println!("concepts: {}  phrases: {phrases}  terms: {terms}", concepts.len());
    println!("per stage (concepts listing the stage):");
    for (stage, n) in kb.stage_counts() {
        println!("  {:<20} {n}", stage.code());
    }
    println!("per category (concepts naming the category; {} fit any category):", {
        concepts.iter().filter(|c| c.categories.is_empty()).count()
    });
    for (category, n) in kb.category_counts() {
        println!("  {:<20} {n}", category.code());
    }
    for text in std::env::args().skip(1) {
        let text = normalize(&text);
        println!("\n{text}");
        let (hits, expansion) = kb.analyse(&text);
        for h in &hits {
            println!(
                "  {:<34} {:<24} {:?} w={:.2}{}",
                h.concept_id,
                h.matched,
                h.source,
                h.weight,
                if h.negated { " NEGATED" } else { "" }
            );
        }
        let stages: Vec<String> = expansion.stages.iter().map(|(s, w)| format!("{}={w:.2}", s.code())).collect();
        println!("  stages: {}", stages.join(" "));
        let terms: Vec<&str> = expansion.terms.iter().take(12).map(|(t, _)| t.as_str()).collect();
        println!("  terms: {}", terms.join(", "));
    }
}
