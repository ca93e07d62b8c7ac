//! The built-in knowledge base: size, coverage, everyday sentences, negation, and the
//! bilingual messages for a broken file.

use std::collections::HashSet;

use otop_domain::{Category, Stage};
use otop_matching::{ConceptKind, HitSource, KnowledgeBase, KnowledgeError, normalize};

fn kb() -> &'static KnowledgeBase {
    KnowledgeBase::builtin()
}

/// Ids of the concepts found (not negated) in an everyday sentence.
fn found(text: &str) -> HashSet<String> {
    kb().detect(&normalize(text)).into_iter().filter(|h| !h.negated).map(|h| h.concept_id).collect()
}

fn negated(text: &str) -> HashSet<String> {
    kb().detect(&normalize(text)).into_iter().filter(|h| h.negated).map(|h| h.concept_id).collect()
}

#[test]
fn builtin_file_loads_with_at_least_300_concepts() {
    let kb = kb();
    assert!(kb.concepts().len() >= 300, "only {} concepts", kb.concepts().len());
    println!("concepts: {}", kb.concepts().len());
    for (stage, n) in kb.stage_counts() {
        println!("  stage {:<20} {n}", stage.code());
    }
    for (category, n) in kb.category_counts() {
        println!("  category {:<17} {n}", category.code());
    }
}

#[test]
fn every_stage_and_every_category_has_at_least_ten_concepts() {
    let kb = kb();
    let stages = kb.stage_counts();
    assert_eq!(stages.len(), Stage::ALL.len());
    for (stage, n) in stages {
        assert!(n >= 10, "stage {} has only {n} concepts", stage.code());
    }
    let categories = kb.category_counts();
    assert_eq!(categories.len(), Category::ALL.len());
    for (category, n) in categories {
        assert!(n >= 10, "category {} has only {n} concepts", category.code());
    }
}

#[test]
fn ids_are_unique_and_every_concept_is_complete() {
    let kb = kb();
    let mut ids = HashSet::new();
    for c in kb.concepts() {
        assert!(ids.insert(c.id.clone()), "duplicate id {}", c.id);
        assert!(!c.name_th.is_empty() && !c.name_en.is_empty(), "{} lacks a name", c.id);
        assert!(!c.phrases.is_empty(), "{} has no phrases", c.id);
        assert!(!c.stages.is_empty(), "{} has no stages", c.id);
        for p in c.phrases.iter().chain(&c.weak_phrases).chain(&c.terms) {
            assert!(!p.trim().is_empty(), "{} has an empty phrase", c.id);
            assert_eq!(p, &normalize(p), "{}: \"{p}\" is not normalised", c.id);
        }
        assert_eq!(kb.concept(&c.id).map(|x| &x.id), Some(&c.id));
    }
    assert!(kb.concept("no_such_concept").is_none());
}

#[test]
fn every_phrase_and_term_finds_its_own_concept() {
    // A phrase that can never match (cut by the Thai syllable rules, or by a protected
    // word) is dead weight for officers; written alone, each must find its concept.
    let kb = kb();
    let mut dead = Vec::new();
    for (i, c) in kb.concepts().iter().enumerate() {
        for p in c.phrases.iter().chain(&c.weak_phrases).chain(&c.terms) {
            let hits = kb.detect(p);
            if !hits.iter().any(|h| h.concept == i && !h.negated) {
                dead.push(format!("{}: {p}", c.id));
            }
        }
    }
    assert!(dead.is_empty(), "phrases that never match: {dead:#?}");
}

/// Everyday sentences written for this test (informal, as producers type them), each with
/// the concepts it must bring up.
const SENTENCES: &[(&str, &[&str])] = &[
    ("กล้วยตากที่ทำขาย เก็บได้ไม่กี่อาทิตย์ก็ขึ้นราแล้วค่ะ", &["mould_growth", "fruit_processing"]),
    ("ทำข้าวเกรียบขาย แต่พอเปิดถุงทิ้งไว้แป๊บเดียวก็หายกรอบ นิ่มหมด", &["loss_of_crispness", "crispy_snacks"]),
    ("ถั่วทอดเก็บไว้สักพักมีกลิ่นหืน ลูกค้าบ่น", &["rancidity"]),
    ("น้ำพริกเผาทำเองอร่อย แต่อยู่ได้ไม่นาน บูดเร็วมาก", &["chili_paste", "short_shelf_life", "bacterial_spoilage"]),
    ("มะม่วงแช่อิ่มเหนียวติดกันเป็นก้อน แกะไม่ออก", &["sticking_caking", "fruit_processing"]),
    ("น้ำกระเจี๊ยบใส่ขวดไว้สองสามวัน ฝาโป่ง มีฟองขึ้น", &["herbal_drinks", "gas_swelling"]),
    ("น้ำมะพร้าวตั้งไว้แล้วตกตะกอน ขุ่นไม่ใสเหมือนเดิม", &["beverage_sediment_cloudiness", "coconut_products"]),
    ("อยากคั่วกาแฟเองให้ได้รสชาติเหมือนเดิมทุกครั้ง ตอนนี้คั่วไม่สม่ำเสมอ", &["coffee_roasting"]),
    ("อยากทำไวน์ลูกหม่อนขาย แต่หมักแล้วเปรี้ยวเกิน", &["fruit_wine", "fermentation_control"]),
    ("ปลาร้าของกลุ่มอยากทำให้ปลอดภัย ต้มสุกแล้วบรรจุขวดขาย", &["fermented_fish_sauce"]),
    ("ทำสบู่สมุนไพรแล้วมีเหงื่อ เยิ้ม เป็นฝ้าขาว", &["herbal_soap"]),
    ("ครีมขมิ้นที่ทำ ตั้งไว้เดือนเดียวแยกชั้นเลย", &["skin_care_cosmetics", "cosmetic_stability"]),
    ("ยาหม่องพอโดนร้อนก็เยิ้มเหลว ลูกค้าไม่ชอบ", &["balm_ointment"]),
    ("ลูกประคบที่ทำขาย เก็บไว้ขึ้นราบ่อยมาก", &["herbal_compress", "mould_growth"]),
    ("อยากขายโลชั่นต้องจดแจ้งเครื่องสำอางยังไงคะ", &["cosmetic_notification"]),
    ("ผ้าไหมที่ย้อมครั่ง ซักแล้วสีตกมาก", &["colour_fastness_washing", "natural_dyeing"]),
    ("ผ้าฝ้ายตากแดดไม่กี่ทีสีซีดหมด", &["colour_fading_light"]),
    ("ย้อมครามแล้วสีด่าง แต่ละหม้อสีไม่เหมือนกัน", &["indigo_dyeing", "uneven_dyeing"]),
    ("เสื้อผ้าฝ้ายซักแล้วหด ลูกค้าคืนของ", &["fabric_shrinkage"]),
    ("ลายผ้าเดิมๆ คนรุ่นใหม่ไม่ใส่ อยากได้ลายใหม่ที่ร่วมสมัย", &["textile_pattern_design", "fashion_design_textile"]),
    ("เก็บผ้าไว้ในตู้ หน้าฝนผ้าขึ้นรามีจุดดำ", &["textile_storage_mildew_insects"]),
    ("ชามเซรามิกเคลือบราน ใส่น้ำร้อนแล้วร้าว", &["glaze_crazing"]),
    ("เผาแล้วแตกร้าวเยอะมาก ของเสียจากการเผาเกินครึ่ง", &["ceramic_cracking_warping"]),
    ("จานที่ปั้นขายอยากรู้ว่าใส่อาหารได้ไหม เคลือบมีตะกั่วหรือเปล่า", &["lead_cadmium_ceramics"]),
    ("ตะกร้าไม้ไผ่ขึ้นมอด ขึ้นราตอนหน้าฝน", &["bamboo_rattan_basketry", "wood_pests_fungi"]),
    ("กระเป๋าผักตบชวาเก็บไว้แล้วขึ้นรา", &["natural_fibre_crafts", "mould_growth"]),
    ("เครื่องเงินที่ทำขายหมองดำเร็ว ลูกค้าต้องขัดบ่อย", &["silverware_jewellery", "metal_tarnish_corrosion"]),
    ("ไม้แกะสลักแตกร้าวหลังขายไปได้ไม่นาน เพราะไม้ชื้น", &["wood_carving_furniture", "wood_drying_cracking"]),
    ("ยังไม่มี อ.ย. เลยค่ะ อยากส่งขายในห้าง", &["fda_food_registration", "modern_trade"]),
    ("อยากขอ มผช. ต้องเตรียมอะไรบ้าง", &["community_product_standard"]),
    ("อยากได้เครื่องหมายฮาลาลเพราะลูกค้ามุสลิมเยอะ", &["halal"]),
    ("มีคนเอาชื่อแบรนด์เราไปใช้ อยากจดเครื่องหมายการค้า", &["trademark"]),
    ("สินค้าของจังหวัดอยากขึ้นทะเบียน GI", &["geographical_indication"]),
    ("อยากรู้ว่าขนมเก็บได้กี่เดือน จะใส่วันหมดอายุบนฉลาก", &["shelf_life_testing"]),
    ("ห้างขอฉลากโภชนาการ ไม่รู้จะส่งตรวจที่ไหน", &["nutrition_label_analysis", "lab_testing_general"]),
    ("แพ็กเกจดูบ้านๆ ไม่น่าซื้อ อยากเปลี่ยนให้ดูพรีเมียม", &["packaging_design", "gift_premium_packaging"]),
    ("ส่งของทางไปรษณีย์ ขวดแก้วแตกระหว่างขนส่งบ่อย", &["transport_damage", "ecommerce_logistics"]),
    ("ถุงซีลไม่สนิท ลมเข้า สินค้าเสีย", &["seal_leakage"]),
    ("ซีลถุงด้วยเตารีด ช้ามาก อยากได้เครื่องซีล", &["sealing_machine"]),
    ("กวนกระยาสารทด้วยมือ เหนื่อยมาก อยากได้เครื่องกวน", &["mixer_kneader", "mechanisation_general"]),
    ("ค่าไฟแพงมากเพราะตู้อบ อยากติดโซล่าเซลล์", &["energy_cost", "solar_energy"]),
    ("บดพริกด้วยครกไม่ทันขาย อยากได้เครื่องบด", &["grinder_mill"]),
    ("ขาดเงินทุนหมุนเวียน รับซื้อวัตถุดิบไม่ไหว", &["working_capital"]),
    ("อยากกู้เงินซื้อเครื่องจักร แต่ไม่มีหลักทรัพย์ค้ำประกัน", &["loans_credit", "machinery_investment_loan", "collateral_guarantee"]),
    ("กลุ่มอยากกู้กองทุนหมู่บ้านมาลงทุน", &["village_fund"]),
    ("ทำบัญชีไม่เป็น ไม่รู้ว่ากำไรเท่าไหร่", &["bookkeeping_accounting"]),
    ("ตั้งราคาไม่ถูก ไม่รู้ต้นทุนต่อชิ้น", &["costing_pricing"]),
    ("มีหนี้นอกระบบ ผ่อนไม่ไหว", &["debt_problems"]),
    ("อยากขายออนไลน์ แต่ไม่รู้จะเริ่มยังไง", &["online_selling"]),
    ("อยากขายของทางเน็ต ไลฟ์สดก็ไม่เป็น", &["online_selling", "live_selling"]),
    ("เปิดร้านใน Shopee แล้วไม่มีคนซื้อ", &["marketplace_platforms", "market_access_low_sales"]),
    ("ถ่ายรูปสินค้าไม่สวย รูปไม่น่ากิน", &["product_photography"]),
    ("อยากส่งออกไปญี่ปุ่น ไม่รู้ต้องใช้เอกสารอะไร", &["export"]),
    ("อยากทำให้หมู่บ้านเป็นท่องเที่ยวชุมชน ขายของที่ระลึก", &["community_tourism", "souvenir_design"]),
    ("ขายผ่านพ่อค้าคนกลาง โดนกดราคาตลอด", &["distribution_channels_retail"]),
    ("ลำไยปีนี้ล้นตลาด ราคาตก อยากแปรรูปเพิ่มมูลค่า", &["longan", "oversupply_low_prices", "new_product_development"]),
    ("หอมแดงเก็บไว้ไม่นานก็เน่า งอก", &["bulb_crop_storage"]),
    ("เปลือกทุเรียนเหลือทิ้งเยอะ เอาไปทำอะไรได้บ้าง", &["by_product_valorisation"]),
    ("ซังข้าวโพดเหลือเยอะ ไม่อยากเผา", &["agri_residue_burning"]),
    ("ดินเสื่อม ปุ๋ยเคมีแพง อยากทำปุ๋ยหมักใช้เอง", &["soil_fertility", "organic_fertiliser"]),
    ("สวนมะม่วงเจอเพลี้ยไฟ ฉีดยาฆ่าแมลงแพง", &["crop_insect_pests"]),
    ("อยากปลูกสมุนไพรให้ได้ GAP", &["herb_cultivation", "gap_certification"]),
    ("วัตถุดิบมีแค่ตามฤดู นอกฤดูไม่มีของขาย", &["raw_material_shortage_seasonal"]),
    ("น้ำเสียจากโรงย้อม ชาวบ้านร้องเรียนเรื่องกลิ่น", &["wastewater", "odour_air_pollution"]),
    ("ผลิตไม่ทันออเดอร์ อยากขยายกำลังการผลิต", &["scale_up_capacity"]),
    ("สมาชิกกลุ่มแก่หมดแล้ว คนรุ่นใหม่ไม่ทำ", &["labour_shortage_succession"]),
    ("ยังไม่ได้จดทะเบียนวิสาหกิจชุมชน อยากจดให้ถูกต้อง", &["community_enterprise_registration"]),
    ("อยากได้ฟรีซดรายผลไม้ ขายนักท่องเที่ยว", &["freeze_drying"]),
    ("หมอนยางพาราที่ทำมีกลิ่นยางแรง ยุบตัวเร็ว", &["rubber_products"]),
    ("ทำ GMP ไม่ผ่าน ห้องผลิตไม่ได้มาตรฐาน", &["gmp_food", "food_premises_licence"]),
];

#[test]
fn everyday_sentences_bring_up_the_expected_concepts() {
    assert!(SENTENCES.len() >= 40);
    let mut failures = Vec::new();
    for (text, expected) in SENTENCES {
        let got = found(text);
        for id in *expected {
            assert!(kb().concept(id).is_some(), "test names unknown concept {id}");
            if !got.contains(*id) {
                let mut got: Vec<_> = got.iter().cloned().collect();
                got.sort();
                failures.push(format!("{text}\n    missing {id}; found {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn sentences_spread_over_every_stage_and_category() {
    let kb = kb();
    let mut stages = HashSet::new();
    let mut categories = HashSet::new();
    for (_, ids) in SENTENCES {
        for id in *ids {
            let c = kb.concept(id).unwrap();
            stages.extend(c.stages.iter().copied());
            categories.extend(c.categories.iter().copied());
        }
    }
    assert_eq!(stages.len(), Stage::ALL.len());
    assert_eq!(categories.len(), Category::ALL.len());
}

#[test]
fn words_that_merely_contain_a_phrase_do_not_fire() {
    // ราคา is not mould, มะพร้าว is not a crack, a halal mark is not a machine,
    // อยาก is not อย., กี่วัน is not a loom, หนู (a pronoun) is not a rat.
    assert!(!found("ขึ้นราคาทุกปี ลูกค้าบ่น").contains("mould_growth"));
    assert!(!found("มีรายได้น้อย").contains("mould_growth"));
    assert!(!found("น้ำมะพร้าวหอมๆ").contains("ceramic_cracking_warping"));
    assert!(!found("อยากได้เครื่องหมายฮาลาล").contains("mechanisation_general"));
    assert!(!found("อยากได้ความรู้เรื่องการขาย").contains("fda_food_registration"));
    assert!(!found("เก็บได้ไม่กี่วัน").contains("weaving_loom"));
    assert!(!found("หนูอยากขายของออนไลน์ค่ะ").contains("pest_control_facility"));
    assert!(!found("ของเสียเยอะ").contains("colour_fastness_washing"));
    assert!(!found("ทาสีตกแต่งบ้าน").contains("colour_fastness_washing"));
    assert!(!found("ใช้สารเคมีน้อย ต้นทุนสูง").contains("funding_general"));
    assert!(!found("ขายออนไลน์").contains("social_media_marketing"));
    assert!(!found("อยากให้ขนมกรอบนานๆ").contains("drying_general"));
    assert!(!found("ตอบแชทลูกค้าไม่ทัน").contains("drying_general"));
    assert!(!found("ขายในไลน์กลุ่มกับไลน์ผลิตใหม่").contains("new_product_development"));
}

#[test]
fn phrases_match_inside_longer_words() {
    let kb = kb();
    let (hits, x) = kb.analyse(&normalize("ขาดเงินทุนหมุนเวียนค่ะ"));
    let ids: HashSet<&str> = hits.iter().map(|h| h.concept_id.as_str()).collect();
    assert!(ids.contains("working_capital"), "{ids:?}");
    assert!(ids.contains("funding_general"), "{ids:?}");
    // The specific concept outweighs the general one found inside it.
    assert!(x.concept_weight("working_capital") > x.concept_weight("funding_general"));
    assert_eq!(x.concepts[0].id, "working_capital");
    assert_eq!(x.stage_weight(Stage::Finance), 1.0);
    assert!(x.terms.iter().any(|(t, _)| t == "เงินทุนหมุนเวียน"));
    // Inside a word without spaces, and across spaces typed in the middle of a phrase.
    assert!(found("ผลิตแล้วขึ้นราง่ายมาก").contains("mould_growth"));
    assert!(found("อยาก ขาย ออนไลน์").contains("online_selling"));
}

#[test]
fn negation_rule() {
    // "Not yet have" a requirement is the need itself.
    assert!(found("ยังไม่มี อย. ค่ะ").contains("fda_food_registration"));
    assert!(found("ยังไม่ได้ขอ มผช").contains("community_product_standard"));
    assert!(found("ขาดเงินทุนหมุนเวียน").contains("working_capital"));
    assert!(found("ไม่มีเครื่องซีล ต้องใช้เตารีด").contains("sealing_machine"));
    assert!(found("ยังไม่มีแบรนด์ของตัวเอง").contains("branding_logo"));
    // No problem / not wanted / not the point.
    assert!(negated("ไม่มีปัญหาเรื่องขึ้นรา แต่สีซีด").contains("mould_growth"));
    assert!(found("ไม่มีปัญหาเรื่องขึ้นรา แต่สีซีด").contains("colour_fading_light"));
    assert!(negated("สินค้าไม่มีรา").contains("mould_growth"));
    assert!(negated("ไม่ต้องการกู้เงิน อยากได้ความรู้เรื่องแพ็กเกจ").contains("loans_credit"));
    assert!(found("ไม่ต้องการกู้เงิน อยากได้ความรู้เรื่องแพ็กเกจ").contains("packaging_design"));
    assert!(negated("ไม่สนใจขายออนไลน์").contains("online_selling"));
    assert!(negated("สีตกไม่มีปัญหาแล้ว").contains("colour_fastness_washing"));
    // Already has it.
    assert!(negated("ได้ มผช. แล้ว อยากได้ อย. ต่อ").contains("community_product_standard"));
    assert!(found("ได้ มผช. แล้ว อยากได้ อย. ต่อ").contains("fda_food_registration"));
    // A goal is not a negation; another clause is not in scope.
    assert!(found("ทำยังไงให้ไม่ขึ้นรา").contains("mould_growth"));
    assert!(found("อยากให้ไม่มีมอดในข้าว").contains("stored_product_insects"));
    assert!(found("ไม่อยากให้สีตก").contains("colour_fastness_washing"));
    assert!(found("ไม่มีตลาด ขึ้นราด้วย").contains("mould_growth"));
    // Negated hits add nothing to the expansion.
    let kb = kb();
    let x = kb.expand(&kb.detect(&normalize("ไม่มีปัญหาเรื่องขึ้นรา")));
    assert_eq!(x.concept_weight("mould_growth"), 0.0);
}

#[test]
fn kinds_follow_the_concept() {
    let kb = kb();
    assert_eq!(kb.concept("mould_growth").unwrap().kind, ConceptKind::Problem);
    assert_eq!(kb.concept("fda_food_registration").unwrap().kind, ConceptKind::Requirement);
    assert_eq!(kb.concept("working_capital").unwrap().kind, ConceptKind::Requirement);
}

#[test]
fn weak_phrases_and_terms_weigh_less() {
    let kb = kb();
    let hits = kb.detect(&normalize("อยากได้ขวดสวยๆ"));
    let weak = hits.iter().find(|h| h.concept_id == "glass_bottles_jars").expect("ขวด is a weak phrase");
    assert_eq!(weak.source, HitSource::WeakPhrase);
    assert!(weak.weight < 0.5);
    let hits = kb.detect(&normalize("ต้องการลดค่าวอเตอร์แอคทิวิตี"));
    let term = hits.iter().find(|h| h.concept_id == "water_activity_moisture").unwrap();
    assert_eq!(term.source, HitSource::Term);
    assert!(term.weight < 1.0 && term.weight > 0.5);
}

#[test]
fn expansion_weighs_stages_and_categories() {
    let kb = kb();
    let x = kb.expand(&kb.detect(&normalize("ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา อยากได้ถุงที่กันชื้น")));
    assert!(x.concept_weight("mould_growth") >= 1.0);
    assert!(x.concept_weight("longan") >= 1.0);
    assert_eq!(x.stage_weight(Stage::ProductionProcess), 1.0);
    assert!(x.stage_weight(Stage::Packaging) > 0.0);
    assert_eq!(x.stage_weight(Stage::Finance), 0.0);
    assert_eq!(x.category_weight(Category::Food), 1.0);
    assert_eq!(x.category_weight(Category::Textile), 0.0);
    assert!(x.terms.iter().any(|(t, _)| t == "ยืดอายุการเก็บรักษา"));
    assert!(x.terms.windows(2).all(|w| w[0].1 >= w[1].1), "terms sorted by weight");
}

// ----- broken files: every problem, in Thai and English, naming the concept -------------------

fn problems(toml: &str) -> (KnowledgeError, String) {
    let e = KnowledgeBase::from_toml_str(toml).expect_err("the file should be rejected");
    let s = e.to_string();
    (e, s)
}

const OK_CONCEPT: &str = r#"
[[concept]]
id = "mould"
name_th = "เชื้อรา"
name_en = "Mould"
phrases = ["ขึ้นรา"]
stages = ["production_process"]
"#;

#[test]
fn duplicate_id_is_reported_with_both_lines() {
    let (e, s) = problems(&format!("{OK_CONCEPT}{OK_CONCEPT}"));
    assert!(matches!(e, KnowledgeError::Invalid { .. }));
    let p = &e.problems()[0];
    assert_eq!(p.concept_id.as_deref(), Some("mould"));
    assert_eq!(p.line, Some(10));
    assert!(s.contains("ซ้ำกับแนวคิดที่บรรทัด 3"), "{s}");
    assert!(s.contains("duplicate id \"mould\", already used at line 3"), "{s}");
}

#[test]
fn unknown_stage_and_category_are_reported() {
    let file = r#"
[[concept]]
id = "drying"
name_th = "การอบแห้ง"
name_en = "Drying"
phrases = ["อบแห้ง"]
stages = ["production_process", "marketting"]
categories = ["food", "furniture"]
"#;
    let (e, s) = problems(file);
    assert_eq!(e.problems().len(), 2);
    assert!(s.contains("แนวคิด \"drying\""), "{s}");
    assert!(s.contains("ไม่รู้จักขั้นของห่วงโซ่คุณค่า \"marketting\""), "{s}");
    assert!(s.contains("unknown stage \"marketting\""), "{s}");
    assert!(s.contains("ไม่รู้จักประเภทผลิตภัณฑ์ \"furniture\""), "{s}");
    assert!(s.contains("unknown category \"furniture\""), "{s}");
    assert!(s.contains("line 3"), "{s}");
}

#[test]
fn stage_and_category_may_be_written_in_thai() {
    let file = r#"
[[concept]]
id = "drying"
name_th = "การอบแห้ง"
name_en = "Drying"
phrases = ["อบแห้ง"]
stages = ["กระบวนการผลิต", "เครื่องจักร"]
categories = ["อาหาร"]
"#;
    let kb = KnowledgeBase::from_toml_str(file).unwrap();
    assert_eq!(kb.concepts()[0].stages, vec![Stage::ProductionProcess, Stage::Machinery]);
    assert_eq!(kb.concepts()[0].categories, vec![Category::Food]);
}

#[test]
fn empty_phrases_and_duplicate_phrases_are_reported() {
    let file = r#"
[[concept]]
id = "empty"
name_th = "ว่าง"
name_en = "Empty"
phrases = []
stages = ["packaging"]

[[concept]]
id = "twice"
name_th = "ซ้ำ"
name_en = "Twice"
phrases = ["ขึ้นรา", "ขึ้นรา", "ขึ้น รา", " ", "่ไม่"]
stages = ["packaging"]
"#;
    let (e, s) = problems(file);
    let ps = e.problems();
    assert!(ps.iter().any(|p| p.concept_id.as_deref() == Some("empty") && p.message.en.contains("phrases is empty")));
    assert!(s.contains("ไม่มีวลี (phrases)"), "{s}");
    // The same entry written twice is a mistake; a spacing or spelling variant that
    // normalises to an entry already there is simply folded into it.
    assert!(s.contains("\"ขึ้นรา\" ซ้ำกันในแนวคิดเดียวกัน"), "{s}");
    assert!(!s.contains("\"ขึ้น รา\""), "{s}");
    assert!(s.contains("is listed twice in this concept"), "{s}");
    assert!(s.contains("ว่างเปล่า") && s.contains("is empty"), "{s}");
    assert!(s.contains("starts with a vowel or tone mark"), "{s}");
    assert_eq!(ps.iter().filter(|p| p.concept_id.as_deref() == Some("twice")).count(), 3);
}

#[test]
fn malformed_toml_names_the_line_and_the_concept() {
    let file = r#"
[[concept]]
id = "mould"
name_th = "เชื้อรา"
name_en = "Mould"
phrases = ["ขึ้นรา", "ราขึ้น"
stages = ["production_process"]
"#;
    let (e, s) = problems(file);
    let KnowledgeError::Syntax { problem } = &e else { panic!("expected a syntax error, got {e:?}") };
    assert_eq!(problem.concept_id.as_deref(), Some("mould"));
    assert!(problem.line.is_some_and(|l| (6..=7).contains(&l)), "{s}");
    assert!(s.contains("ไฟล์ไม่ใช่ TOML ที่ถูกต้อง"), "{s}");
    assert!(s.contains("not valid TOML"), "{s}");
}

#[test]
fn unknown_field_is_a_syntax_error_naming_the_concept() {
    let file = r#"
[[concept]]
id = "mould"
name_th = "เชื้อรา"
name_en = "Mould"
phrase = ["ขึ้นรา"]
stages = ["production_process"]
"#;
    let (e, s) = problems(file);
    let KnowledgeError::Syntax { problem } = &e else { panic!("expected a syntax error, got {e:?}") };
    assert_eq!(problem.concept_id.as_deref(), Some("mould"));
    assert_eq!(problem.line, Some(6));
    assert!(s.contains("phrase"), "{s}");
}

#[test]
fn missing_id_bad_id_and_bad_kind_are_reported() {
    let file = r#"
[[concept]]
name_th = "ไม่มีไอดี"
name_en = "No id"
phrases = ["อะไรสักอย่าง"]
stages = ["finance"]

[[concept]]
id = "Bad-Id"
name_th = "ไอดีผิด"
name_en = "Bad id"
kind = "sometimes"
phrases = ["อีกอย่าง"]
stages = ["finance"]
"#;
    let (_, s) = problems(file);
    assert!(s.contains("แนวคิดลำดับที่ 1 ไม่มี id"), "{s}");
    assert!(s.contains("concept number 1 has no id"), "{s}");
    assert!(s.contains("id \"Bad-Id\" must be lower-case"), "{s}");
    assert!(s.contains("unknown kind \"sometimes\""), "{s}");
}

#[test]
fn officers_may_write_dotted_abbreviations_and_capitals() {
    let file = r#"
[[concept]]
id = "fda"
name_th = "อย"
name_en = "FDA"
phrases = ["อ.ย.", "GMP", "เลข อ.ย."]
stages = ["standards"]
"#;
    let kb = KnowledgeBase::from_toml_str(file).unwrap();
    assert_eq!(kb.concepts()[0].phrases, vec!["อย", "gmp", "เลข อย"]);
    // "อย" inside "เลข อย" is the same concept: one hit for both, one for gmp.
    let hits = kb.detect(&normalize("ยังไม่มีเลข อ.ย. และ GMP"));
    assert_eq!(hits.iter().map(|h| h.matched.as_str()).collect::<Vec<_>>(), vec!["เลข อย", "gmp"]);
    assert!(hits.iter().all(|h| !h.negated));
}

#[test]
fn a_file_on_disk_loads_and_a_missing_one_says_so() {
    let dir = std::env::temp_dir().join(format!("otop-matching-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("knowledge.toml");
    std::fs::write(&path, OK_CONCEPT).unwrap();
    assert_eq!(KnowledgeBase::from_file(&path).unwrap().concepts().len(), 1);
    let missing = dir.join("missing.toml");
    let e = KnowledgeBase::from_file(&missing).unwrap_err().to_string();
    assert!(e.contains("อ่านไฟล์ฐานความรู้") && e.contains("Cannot read the knowledge file"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `detect_concepts` (used for every service of an index) says what `detect` says, on the
/// development catalogue and needs, whole and cut into pieces.
#[test]
fn detect_concepts_agrees_with_detect() {
    let kb = kb();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/matching/");
    let mut texts = Vec::new();
    for file in ["services.jsonl", "needs-dev.jsonl"] {
        let data = std::fs::read_to_string(format!("{root}{file}")).expect("development data");
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let o = v.as_object().expect("object");
            let whole: Vec<&str> =
                ["title", "description", "provider", "text"].iter().filter_map(|k| o.get(*k)?.as_str()).collect();
            texts.push(whole.join("\n"));
            texts.extend(whole.iter().map(|t| t.to_string()));
        }
    }
    texts.extend(["ไม่มีปัญหาเรื่องขึ้นรา แต่ขาดเงินทุนหมุนเวียน", "ยังไม่มี อย ค่ะ มี อย แล้ว", "ขึ้นราขึ้นรา ไม่ขึ้นรา"].map(String::from));
    assert!(texts.len() > 300);
    for t in &texts {
        let n = normalize(t);
        let mut expected: Vec<usize> = kb.detect(&n).into_iter().filter(|h| !h.negated).map(|h| h.concept).collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(kb.detect_concepts(&n), expected, "{t}");
    }
}
