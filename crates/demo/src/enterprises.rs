//! The enterprise generator: deterministic in (seed, index), fast enough for a million
//! enterprises in a second or two. Values are built directly as domain types (they are
//! valid by construction; the tests round-trip a sample through the domain's drafts).

use chrono::{Datelike, Months, NaiveDate};
use otop_domain::{
    Address, Category, CertificationHeld, CertificationKind, Email, EnterpriseData, EnterpriseKind, NationalId,
    NeedData, NeedStatus, Phone, ProductData, Quadrant, Registration, Satang, Stars,
};
use otop_geo::Region;

use crate::people::{Person, community_enterprise_code, juristic_number, mobile, national_id};
use crate::places::{Place, ProvinceInfo, Tables, tables};
use crate::problems::{ENDINGS, Pr, generic, problem};
use crate::products::ProductTpl;
use crate::rng::Rng;
use crate::{DemoEnterprise, DemoNeed};

/// Needs are dated in fiscal years 2569–2570: from 1 Oct 2025 to this day.
pub const NEEDS_FROM: NaiveDate = NaiveDate::from_ymd_opt(2025, 10, 1).expect("date");
/// The demo's "today": 25 Nov 2026 (25 พ.ย. 2569).
pub const DEMO_TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
const NEED_DAYS: usize = 421; // NEEDS_FROM ..= DEMO_TODAY

/// `n` enterprises for `seed`, each with 1–3 products and 0–3 needs. Enterprise `i` depends
/// only on `(seed, i)`, so a longer run starts with the same enterprises as a shorter one.
/// Every province appears once among the first 308 (one in four of them), so any run of
/// 308 or more covers all 77 provinces; the rest are drawn with a northern weight.
pub fn enterprises(n: usize, seed: u64) -> impl ExactSizeIterator<Item = DemoEnterprise> + Clone {
    let t = tables();
    (0..n).map(move |i| generate(t, seed, i))
}

/// Enterprise `index` of `seed`'s sequence, the same as `enterprises(n, seed).nth(index)`;
/// lets a loader generate in parallel chunks.
pub fn enterprise_at(seed: u64, index: usize) -> DemoEnterprise {
    generate(tables(), seed, index)
}

fn generate(t: &Tables, seed: u64, i: usize) -> DemoEnterprise {
    let mut r = Rng::for_item(seed, i as u64);
    let prov = if i % 4 == 3 && i / 4 < t.provinces.len() {
        &t.provinces[i / 4]
    } else {
        t.province_at(r.below(t.total_weight as usize) as u32)
    };
    let place = r.pick(&prov.places);
    let kind = [
        EnterpriseKind::CommunityEnterprise,
        EnterpriseKind::ProducerGroup,
        EnterpriseKind::Individual,
        EnterpriseKind::Sme,
    ][r.weighted(&[45, 25, 20, 10])];

    let (chosen, count) = choose_products(&mut r, prov);
    let chosen = &chosen[..count];
    let main = chosen[0];

    let stars = if r.percent(8) { None } else { Some(1 + r.weighted(&[22, 30, 28, 13, 7]) as u8) };
    let quadrant = if r.percent(10) {
        None
    } else {
        let q = match stars {
            Some(4 | 5) => [Quadrant::A, Quadrant::B, Quadrant::B, Quadrant::C],
            Some(3) => [Quadrant::B, Quadrant::C, Quadrant::C, Quadrant::D],
            _ => [Quadrant::C, Quadrant::D, Quadrant::D, Quadrant::D],
        };
        Some(*r.pick(&q))
    };

    let owner = Person::draw(&mut r);
    let partnership = r.percent(30);
    let name = enterprise_name(&mut r, kind, main, prov, place, &owner, partnership);
    let registration = match kind {
        EnterpriseKind::CommunityEnterprise => {
            Registration::CommunityEnterprise(community_enterprise_code(&mut r, place.subdistrict))
        }
        EnterpriseKind::ProducerGroup if r.percent(60) => {
            Registration::CommunityEnterprise(community_enterprise_code(&mut r, place.subdistrict))
        }
        EnterpriseKind::Sme => Registration::Juristic(juristic_number(&mut r, prov.code, partnership)),
        _ => Registration::NationalId(
            NationalId::parse("registration_no", &national_id(&mut r, prov.code, place.district))
                .expect("valid by construction"),
        ),
    };

    let line = if prov.code == 10 {
        format!("{} ซอย {}", house_number(&mut r), r.between(1, 120))
    } else {
        format!("{} หมู่ {}", house_number(&mut r), r.between(1, 15))
    };
    let address = Address {
        line,
        subdistrict_code: place.subdistrict,
        district_code: place.district,
        province_code: prov.code,
        postal_code: place.postal_code.clone(),
    };
    let contact_name = owner.full_name(&mut r);
    let phone = r.percent(95).then(|| Phone::parse("phone", &mobile(&mut r)).expect("valid by construction"));
    let email = r.percent(20).then(|| {
        let e = format!("{}.{}{}@example.com", main.slug, prov.slug, i % 1000);
        Email::parse("email", &e).expect("valid by construction")
    });

    let mut categories: Vec<Category> = chosen.iter().map(|p| p.category).collect();
    categories.sort();
    categories.dedup();

    let certifications = certifications(&mut r, stars, main, prov);

    let products = chosen
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let steps = (p.price.1 - p.price.0) / 5;
            let baht = p.price.0 + 5 * r.between(0, steps);
            let product_stars = match stars {
                Some(s) if k == 0 => Some(s),
                Some(s) if r.percent(85) => Some(s.saturating_sub(r.below(2) as u8).max(1)),
                _ => None,
            };
            ProductData {
                enterprise_id: 0,
                name: p.name.to_string(),
                category: p.category,
                description: p.description.to_string(),
                stars: product_stars.and_then(Stars::new),
                price: Some(Satang::from_baht(i64::from(baht))),
            }
        })
        .collect();

    let needs = needs(&mut r, chosen, prov.code);

    DemoEnterprise {
        data: EnterpriseData {
            kind,
            name,
            registration,
            address,
            contact_name,
            phone,
            email,
            stars: stars.and_then(Stars::new),
            quadrant,
            categories,
            certifications,
        },
        products,
        needs,
    }
}

/// The main product (a provincial speciality three times in four) and up to two more.
fn choose_products(r: &mut Rng, prov: &ProvinceInfo) -> ([&'static ProductTpl; 3], usize) {
    let spec = prov.specialities;
    let reg = prov.regional;
    let main = if !spec.is_empty() && r.percent(75) { r.pick(spec) } else { r.pick(reg) };
    let want = 1 + r.weighted(&[55, 30, 15]);
    let mut chosen = [main; 3];
    let mut count = 1;
    for _ in 0..6 {
        if count == want {
            break;
        }
        let k = r.below(spec.len() + reg.len());
        let cand = if k < spec.len() { &spec[k] } else { &reg[k - spec.len()] };
        if chosen[..count].iter().all(|c| c.name != cand.name) {
            chosen[count] = cand;
            count += 1;
        }
    }
    (chosen, count)
}

fn house_number(r: &mut Rng) -> String {
    let n = r.between(1, 250);
    if r.percent(20) { format!("{n}/{}", r.between(1, 9)) } else { n.to_string() }
}

/// How the trade reads before a person's name: "ทอผ้าไหม" → "ผ้าไหม", "แปรรูปกาแฟ" →
/// "กาแฟ", "ปักผ้าชาวเขา" → "ผ้าปักชาวเขา"; as (head, tail) to be written one after the other.
fn trade_word(group: &'static str) -> (&'static str, &'static str) {
    const RENAMES: [(&str, &str); 7] =
        [("ทอผ้า", "ผ้า"), ("ทอเสื่อ", "เสื่อ"), ("ปักผ้า", "ผ้าปัก"), ("แปรรูป", ""), ("ผลิต", ""), ("ทำ", ""), ("สาน", "")];
    for (prefix, head) in RENAMES {
        if let Some(rest) = group.strip_prefix(prefix) {
            return (head, rest);
        }
    }
    ("", group)
}

/// "บ้านแซม", or "ตำบลในเมือง" where "บ้าน…" would sound wrong.
fn village(place: &Place) -> (&'static str, &'static str) {
    let n = place.name_th;
    if n.starts_with("บ้าน") {
        ("", n)
    } else if n.starts_with("ใน") || n.contains("เมือง") || n.contains("เวียง") {
        ("ตำบล", n)
    } else {
        ("บ้าน", n)
    }
}

fn enterprise_name(
    r: &mut Rng,
    kind: EnterpriseKind,
    main: &ProductTpl,
    prov: &ProvinceInfo,
    place: &Place,
    owner: &Person,
    partnership: bool,
) -> String {
    let (vp, vn) = village(place);
    match kind {
        EnterpriseKind::CommunityEnterprise => {
            let group = if r.percent(25) { "กลุ่ม" } else { "" };
            format!("วิสาหกิจชุมชน{group}{}{vp}{vn}", main.group)
        }
        EnterpriseKind::ProducerGroup => {
            let head = *r.pick(&["กลุ่ม", "กลุ่ม", "กลุ่มแม่บ้าน", "กลุ่มอาชีพ"]);
            format!("{head}{}{vp}{vn}", main.group)
        }
        EnterpriseKind::Individual => {
            let kin = if owner.woman {
                *r.pick(&["แม่", "ป้า", "ยาย"])
            } else {
                *r.pick(&["ลุง", "พ่อ", "ตา"])
            };
            let shop = if r.percent(30) { "ร้าน" } else { "" };
            let (head, tail) = trade_word(main.group);
            format!("{shop}{head}{tail}{kin}{}", owner.first)
        }
        EnterpriseKind::Sme => {
            let suffix = match main.category {
                Category::Food => *r.pick(&["", " ฟู้ดส์", " ฟู้ดโปรดักส์"]),
                Category::Beverage => *r.pick(&["", " เบฟเวอเรจ"]),
                Category::Textile => *r.pick(&["", " แฟบริค", " ผ้าไทย"]),
                Category::DecorSouvenir => *r.pick(&["", " ดีไซน์", " หัตถศิลป์"]),
                Category::HerbalNonFood => *r.pick(&["", " เฮิร์บ", " เนเชอรัล"]),
            };
            let (head, tail) = trade_word(main.group);
            if partnership {
                format!("ห้างหุ้นส่วนจำกัด {head}{tail}{}{suffix}", prov.name_th)
            } else {
                format!("บริษัท {head}{tail}{}{suffix} จำกัด", prov.name_th)
            }
        }
    }
}

fn certifications(r: &mut Rng, stars: Option<u8>, main: &ProductTpl, prov: &ProvinceInfo) -> Vec<CertificationHeld> {
    let chance = match stars {
        None => 5,
        Some(1) => 10,
        Some(2) => 25,
        Some(3) => 45,
        Some(4) => 75,
        _ => 95,
    };
    if !r.percent(chance) {
        return Vec::new();
    }
    let food = matches!(main.category, Category::Food | Category::Beverage);
    let mut kinds: [Option<CertificationKind>; 4] = [None; 4];
    kinds[0] = Some(match main.category {
        Category::Food | Category::Beverage if r.percent(60) => CertificationKind::Fda,
        Category::HerbalNonFood if r.percent(50) => CertificationKind::Fda,
        _ => CertificationKind::Tcps,
    });
    if stars.unwrap_or(0) >= 4 && r.percent(50) {
        kinds[1] = Some(if food && stars == Some(5) && r.percent(30) {
            CertificationKind::Haccp
        } else if food && r.percent(40) {
            CertificationKind::Gmp
        } else if kinds[0] == Some(CertificationKind::Tcps) {
            if food { CertificationKind::Fda } else { CertificationKind::Q }
        } else {
            CertificationKind::Tcps
        });
    }
    if food && prov.region == Region::South && r.percent(50) {
        kinds[2] = Some(CertificationKind::Halal);
    } else if main.problems.contains(&Pr::Pesticide) && r.percent(50) {
        kinds[2] = Some(if r.percent(50) { CertificationKind::Organic } else { CertificationKind::Gap });
    }
    if main.gi && r.percent(50) {
        kinds[3] = Some(CertificationKind::Gi);
    }
    kinds.iter().flatten().map(|k| certification(r, *k, prov.code, main.category)).collect()
}

fn certification(r: &mut Rng, kind: CertificationKind, province: u8, category: Category) -> CertificationHeld {
    let issued = NEEDS_FROM - chrono::Days::new(r.between(0, 3 * 365) as u64);
    let be = issued.year() + 543;
    let after = |months: u32| issued.checked_add_months(Months::new(months));
    let (number, expires_on) = match kind {
        CertificationKind::Fda if category == Category::HerbalNonFood => {
            (format!("{province:02}-1-{:02}{:08}", be % 100, r.between(1, 99_999_999)), after(36))
        }
        CertificationKind::Fda => (
            format!(
                "{province:02}-{}-{:05}-{}-{:04}",
                r.between(1, 2),
                r.between(1, 99_999),
                [1, 2, 5][r.below(3)],
                r.between(1, 60)
            ),
            None,
        ),
        CertificationKind::Tcps => (format!("{}/{be}", r.between(1, 1500)), after(36)),
        CertificationKind::Gmp => (format!("{province:02}-{:04}/{be}", r.between(1, 9999)), after(36)),
        CertificationKind::Haccp => (format!("TH-HACCP-{:05}", r.between(1, 99_999)), after(36)),
        CertificationKind::Halal => (format!("{province:02}-{:04}/{be}", r.between(1, 9999)), after(12)),
        CertificationKind::Organic => (format!("OT-{province:02}-{:05}", r.between(1, 99_999)), after(24)),
        CertificationKind::Gap => (format!("{province:02}-9001-{:06}", r.between(1, 999_999)), after(36)),
        CertificationKind::Gi => (format!("สช {:02}100{:03}", be % 100, r.between(1, 250)), None),
        CertificationKind::Q => (format!("Q-{province:02}-{:05}", r.between(1, 99_999)), after(24)),
        CertificationKind::Tis => (format!("ท{}-{}/{be}", r.between(1, 9999), r.between(1, 2999)), after(36)),
    };
    CertificationHeld { kind, number, expires_on }
}

fn needs(r: &mut Rng, chosen: &[&'static ProductTpl], province_code: u8) -> Vec<DemoNeed> {
    let n = r.weighted(&[30, 35, 25, 10]);
    let mut out = Vec::with_capacity(n);
    let mut used: [Option<Pr>; 3] = [None; 3];
    for slot in 0..n {
        let pi = r.below(chosen.len());
        let prod = chosen[pi];
        let mut pr = if r.percent(70) { *r.pick(prod.problems) } else { *r.pick(generic(prod.category)) };
        if used.contains(&Some(pr)) {
            pr = *r.pick(generic(prod.category));
            if used.contains(&Some(pr)) {
                continue;
            }
        }
        used[slot] = Some(pr);
        let pb = problem(pr);
        let tpl = *r.pick(pb.texts);
        let tied = tpl.contains("{p}");
        let mut text = tpl.replace("{p}", prod.name);
        let ending = *r.pick(ENDINGS);
        text.push_str(ending);
        if r.percent(6) {
            // The common typo of two sara e for sara ae.
            text = text.replace('แ', "เเ");
        }
        let day = r.below(NEED_DAYS);
        let created_on = NEEDS_FROM + chrono::Days::new(day as u64);
        let age = NEED_DAYS - 1 - day;
        // A need is referred, in progress or solved only through referrals, which the
        // workflow's demo makes; a generated need is open or, when old, closed by an officer
        // (solved elsewhere, or withdrawn). The weights keep the draw as it was.
        let statuses = [NeedStatus::Open, NeedStatus::Open, NeedStatus::Open, NeedStatus::Closed, NeedStatus::Closed];
        let status = statuses[match age {
            0..120 => r.weighted(&[70, 25, 5, 0, 0]),
            120..=300 => r.weighted(&[35, 25, 30, 8, 2]),
            _ => r.weighted(&[10, 10, 25, 40, 15]),
        }];
        let stages = if r.percent(60) { pb.stages.to_vec() } else { Vec::new() };
        out.push(DemoNeed {
            product_index: tied.then_some(pi),
            data: NeedData {
                enterprise_id: 0,
                product_id: None,
                text,
                province_code,
                category: Some(prod.category),
                stages,
                status,
                created_on,
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trade_words_read_naturally() {
        let w = |g| {
            let (h, t) = trade_word(g);
            format!("{h}{t}")
        };
        assert_eq!(w("ทอผ้าไหม"), "ผ้าไหม");
        assert_eq!(w("ทอเสื่อกก"), "เสื่อกก");
        assert_eq!(w("แปรรูปกาแฟ"), "กาแฟ");
        assert_eq!(w("ทองโบราณ"), "ทองโบราณ");
        assert_eq!(w("ปักผ้าชาวเขา"), "ผ้าปักชาวเขา");
        assert_eq!(w("ลำไยอบแห้ง"), "ลำไยอบแห้ง");
    }

    #[test]
    fn dates_bound_fiscal_years_2569_and_2570() {
        use otop_domain::FiscalYear;
        assert_eq!(FiscalYear::of(NEEDS_FROM), FiscalYear(2569));
        assert_eq!(FiscalYear::of(DEMO_TODAY), FiscalYear(2570));
        assert_eq!(NEEDS_FROM + chrono::Days::new(NEED_DAYS as u64 - 1), DEMO_TODAY);
    }
}
