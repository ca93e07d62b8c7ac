use super::*;

fn geo() -> &'static Geography {
    geography()
}

#[test]
fn counts_match_dopa() {
    let g = geo();
    assert_eq!(g.provinces().len(), 77);
    assert_eq!(g.districts().len(), 928);
    assert_eq!(g.subdistricts().len(), 7436);
    // Every area hangs under an existing parent, and the per-parent slices cover everything.
    let by_province: usize = g.provinces().iter().map(|p| g.districts_of(p.code).len()).sum();
    assert_eq!(by_province, 928);
    let by_district: usize = g.districts().iter().map(|d| g.subdistricts_of(d.code).len()).sum();
    assert_eq!(by_district, 7436);
    assert!(g.provinces().iter().all(|p| !g.districts_of(p.code).is_empty()));
    assert!(g.districts().iter().all(|d| !g.subdistricts_of(d.code).is_empty()));
}

#[test]
fn well_known_sizes() {
    let g = geo();
    let bangkok = g.province_by_name("กรุงเทพมหานคร").unwrap();
    assert_eq!(g.districts_of(bangkok.code).len(), 50);
    let khwaeng: usize = g.districts_of(bangkok.code).iter().map(|d| g.subdistricts_of(d.code).len()).sum();
    assert_eq!(khwaeng, 180);
    assert_eq!(g.districts_of(50).len(), 25); // เชียงใหม่
    assert_eq!(g.districts_of(51).len(), 8); // ลำพูน
}

#[test]
fn regions_have_the_official_sizes() {
    let g = geo();
    let counts: Vec<(Region, usize)> = Region::ALL.iter().map(|&r| (r, g.provinces_in(r).count())).collect();
    assert_eq!(
        counts,
        vec![
            (Region::North, 9),
            (Region::Northeast, 20),
            (Region::Central, 22),
            (Region::East, 7),
            (Region::West, 5),
            (Region::South, 14),
        ]
    );
}

#[test]
fn regions_of_tricky_provinces() {
    let g = geo();
    let region = |code| g.province(code).unwrap().region;
    assert_eq!(region(10), Region::Central); // Bangkok
    assert_eq!(region(26), Region::Central); // Nakhon Nayok, not east
    assert_eq!(region(27), Region::East); // Sa Kaeo
    assert_eq!(region(38), Region::Northeast); // Bueng Kan, the newest province
    assert_eq!(region(63), Region::West); // Tak
    assert_eq!(region(67), Region::Central); // Phetchabun
    assert_eq!(region(77), Region::West); // Prachuap Khiri Khan
    assert_eq!(region(96), Region::South); // Narathiwat
}

#[test]
fn lamphun() {
    let g = geo();
    let p = g.province_by_name("ลำพูน").unwrap();
    assert_eq!(p.code, 51);
    assert_eq!(p.name_en, "Lamphun");
    assert_eq!(p.region, Region::North);
    assert_eq!(p.full_name_th(), "จังหวัดลำพูน");

    let d = &g.districts_of(51)[0];
    assert_eq!(d.code, 5101);
    assert_eq!(d.name_th, "เมืองลำพูน");
    assert_eq!(d.full_name_th(), "อำเภอเมืองลำพูน");
    assert_eq!(g.district(5101), Some(d));

    let s = g.find_subdistrict("ลำพูน", "เมืองลำพูน", "ในเมือง").unwrap();
    assert_eq!(s.code, 510101);
    assert_eq!(s.district_code, 5101);
    assert_eq!(s.province_code(), 51);
    assert_eq!(s.postal_codes, vec!["51000"]);
    assert!(g.postal_code_valid_for(510101, "51000"));
    assert!(g.postal_code_valid_for(510101, " 51000 "));
    assert!(!g.postal_code_valid_for(510101, "51150"));
    assert!(!g.postal_code_valid_for(510101, "5100"));
    assert!(!g.postal_code_valid_for(999999, "51000"));
    // อุโมงค์ in the same district has another postal code.
    let umong = g.subdistrict_by_name(5101, "ต.อุโมงค์").unwrap();
    assert_eq!(umong.code, 510103);
    assert!(g.postal_code_valid_for(umong.code, "51150"));
    assert!(!g.postal_code_valid_for(umong.code, "51000"));
}

#[test]
fn province_name_variants() {
    let g = geo();
    let code = |name: &str| g.province_by_name(name).map(|p| p.code);
    for name in ["ลำพูน", "จังหวัดลำพูน", "จ.ลำพูน", "จ. ลำพูน", " ลำพูน ", "Lamphun", "LAMPHUN"]
    {
        assert_eq!(code(name), Some(51), "{name}");
    }
    assert_eq!(code("lamphun province"), Some(51));
    for name in ["กรุงเทพมหานคร", "กรุงเทพฯ", "กรุงเทพ", "กทม.", "กทม", "Bangkok", "bangkok", "Krung Thep Maha Nakhon"]
    {
        assert_eq!(code(name), Some(10), "{name}");
    }
    assert_eq!(code("จ.พระนครศรีอยุธยา"), Some(14));
    assert_eq!(code("อยุธยา"), Some(14));
    assert_eq!(code("Phang-nga"), Some(82));
    assert_eq!(code("Phang Nga"), Some(82));
    assert_eq!(code("Chiang mai"), Some(50));
    assert_eq!(code("Chiangmai"), Some(50));
    assert_eq!(code("โคราช"), Some(30));
    // Sara am typed as nikhahit + sara aa.
    assert_eq!(code("ล\u{0e4d}\u{0e32}พูน"), Some(51));
}

#[test]
fn unknown_names_are_none() {
    let g = geo();
    for name in ["", "   ", "จังหวัด", "จ.", "ลำพู", "ลำพูนน", "Atlantis", "เชียง", "อ่าง"]
    {
        assert!(g.province_by_name(name).is_none(), "{name}");
    }
    assert!(g.province(0).is_none());
    assert!(g.province(28).is_none());
    assert!(g.province(97).is_none());
    assert!(g.district(5109).is_none());
    assert!(g.subdistrict(510114).is_none()); // an abolished code
    assert!(g.districts_of(99).is_empty());
    assert!(g.subdistricts_of(9999).is_empty());
    assert!(g.district_by_name(51, "อ.").is_none());
    assert!(g.district_by_name(51, "เชียงดาว").is_none()); // a district of Chiang Mai
    assert!(g.find_subdistrict("ลำพูน", "เมืองลำพูน", "ไม่มีตำบลนี้").is_none());
    assert!(g.find_subdistrict("ไม่มีจังหวัดนี้", "เมือง", "ในเมือง").is_none());
    assert!(g.find_subdistrict("ลำพูน", "ไม่มีอำเภอนี้", "ในเมือง").is_none());
}

#[test]
fn district_and_subdistrict_prefixes() {
    let g = geo();
    for d in ["อำเภอเมืองลำพูน", "อ.เมืองลำพูน", "อ. เมืองลำพูน", "อ.เมือง", "เมือง", "Mueang Lamphun", "Amphoe Mueang Lamphun"]
    {
        for s in ["ในเมือง", "ตำบลในเมือง", "ต.ในเมือง", "ต. ในเมือง", "Nai Mueang", "Tambon Nai Mueang"]
        {
            assert_eq!(g.find_subdistrict("จ.ลำพูน", d, s).map(|s| s.code), Some(510101), "{d} / {s}");
        }
    }
    // Bangkok: the data writes its districts "เขต…"; either form is accepted.
    for d in ["เขตพระนคร", "พระนคร", "Phra Nakhon", "Khet Phra Nakhon"] {
        for s in ["แขวงพระบรมมหาราชวัง", "พระบรมมหาราชวัง", "Phra Borom Maha Ratchawang"]
        {
            let found = g.find_subdistrict("กทม.", d, s).map(|s| s.code);
            assert_eq!(found, Some(100101), "{d} / {s}");
        }
    }
    // "เมือง" alone is not a Bangkok district.
    assert!(g.district_by_name(10, "เมือง").is_none());
    // The capital district of Ayutthaya has no "เมือง" in its name, but people write it so.
    assert_eq!(g.district_by_name(14, "อ.เมือง").map(|d| d.code), Some(1401));
    // A district whose name starts with "เมือง" is not the capital.
    assert_eq!(g.district_by_name(52, "อ.เมืองปาน").map(|d| d.code), Some(5213));
    // An "อ"-initial name is not read as the short form อ. + name.
    let p = g.province_by_name("อ่างทอง").unwrap();
    assert_eq!(g.district_by_name(p.code, "เมืองอ่างทอง").map(|d| d.code), Some(1501));
}

#[test]
fn ambiguous_english_names_need_thai() {
    let g = geo();
    // Ayutthaya has บางไทร (1404) and บางซ้าย (1413), both "Bang Sai" in English.
    assert!(g.district_by_name(14, "Bang Sai").is_none());
    assert_eq!(g.district_by_name(14, "บางไทร").map(|d| d.code), Some(1404));
    assert_eq!(g.district_by_name(14, "อ.บางซ้าย").map(|d| d.code), Some(1413));
    // Saraphi (5009) has แม่คะ and แม่ข่า, both "Mae Kha".
    assert!(g.subdistrict_by_name(5009, "Mae Kha").is_none());
    assert_eq!(g.subdistrict_by_name(5009, "ต.แม่ข่า").map(|s| s.code), Some(500911));
}

#[test]
fn multi_postal_subdistricts_and_postal_index() {
    let g = geo();
    let s = g.subdistrict(100203).unwrap(); // สวนจิตรลดา, Dusit
    assert_eq!(s.postal_codes, vec!["10300", "10303"]);
    assert!(g.postal_code_valid_for(100203, "10300"));
    assert!(g.postal_code_valid_for(100203, "10303"));
    let multi = g.subdistricts().iter().filter(|s| s.postal_codes.len() > 1).count();
    assert_eq!(multi, 160);
    assert!(g.subdistricts().iter().all(|s| {
        !s.postal_codes.is_empty()
            && s.postal_codes.iter().all(|p| p.len() == 5 && p.bytes().all(|b| b.is_ascii_digit()))
    }));

    assert!(g.postal_code_exists("51000"));
    assert!(!g.postal_code_exists("00000"));
    let lamphun_town: Vec<u32> = g.subdistricts_by_postal_code("51150").iter().map(|s| s.code).collect();
    assert!(lamphun_town.contains(&510103));
    assert!(lamphun_town.is_sorted());
    assert!(g.subdistricts_by_postal_code("99999").is_empty());
}

#[test]
fn address_lines() {
    let g = geo();
    let a = g.address(510101).unwrap();
    assert_eq!(a.line_th(), "ตำบลในเมือง อำเภอเมืองลำพูน จังหวัดลำพูน");
    assert_eq!(a.line_en(), "Nai Mueang, Mueang Lamphun, Lamphun");
    let b = g.address(100101).unwrap();
    assert_eq!(b.line_th(), "แขวงพระบรมมหาราชวัง เขตพระนคร กรุงเทพมหานคร");
    assert!(g.address(1).is_none());
}

#[test]
fn region_names_and_parse() {
    assert_eq!(Region::North.code(), "north");
    assert_eq!(Region::Northeast.name_th(), "ภาคตะวันออกเฉียงเหนือ");
    assert_eq!(Region::Central.name_th(), "ภาคกลาง");
    assert_eq!(Region::South.name_en(), "South");
    for r in Region::ALL {
        assert_eq!(Region::parse(r.code()), Some(r));
        assert_eq!(Region::parse(r.name_th()), Some(r));
        assert_eq!(Region::parse(r.name_en()), Some(r));
        assert_eq!(r.code().parse::<Region>(), Ok(r));
        assert_eq!(r.to_string(), r.code());
    }
    assert_eq!(Region::parse("North-East"), Some(Region::Northeast));
    assert_eq!(Region::parse("อีสาน"), Some(Region::Northeast));
    assert_eq!(Region::parse("  SOUTHERN region "), Some(Region::South));
    assert_eq!(Region::parse("เหนือ"), Some(Region::North));
    assert_eq!(Region::parse("ภาค"), None);
    assert_eq!(Region::parse("middle"), None);
    assert!("nowhere".parse::<Region>().is_err());
}

#[test]
fn region_serde_is_the_code() {
    assert_eq!(serde_json::to_string(&Region::Northeast).unwrap(), "\"northeast\"");
    assert_eq!(serde_json::from_str::<Region>("\"west\"").unwrap(), Region::West);
    assert!(serde_json::from_str::<Region>("\"West\"").is_err());
    let p = serde_json::to_value(geo().province(51).unwrap()).unwrap();
    assert_eq!(p["region"], "north");
    assert_eq!(p["code"], 51);
}

#[test]
fn names_are_clean_and_unique() {
    let g = geo();
    let mut th: Vec<&str> = g.provinces().iter().map(|p| p.name_th).collect();
    th.sort_unstable();
    th.dedup();
    assert_eq!(th.len(), 77);
    for p in g.provinces() {
        // Each province finds itself by both names.
        assert_eq!(g.province_by_name(p.name_th).map(|x| x.code), Some(p.code));
        assert_eq!(g.province_by_name(p.name_en).map(|x| x.code), Some(p.code));
        assert!(!p.name_th.starts_with("จังหวัด"));
    }
    // Every district and subdistrict finds itself by its Thai name.
    for d in g.districts() {
        assert_eq!(g.district_by_name(d.province_code, d.name_th).map(|x| x.code), Some(d.code));
    }
    for s in g.subdistricts() {
        assert_eq!(g.subdistrict_by_name(s.district_code, s.name_th).map(|x| x.code), Some(s.code));
    }
}

#[test]
fn version_and_attribution() {
    assert_eq!(data_version(), "geothai 3.2.1 (GeoThai/data 2026.10.23)");
    assert!(ATTRIBUTION_TH.contains("GeoThai") && ATTRIBUTION_TH.contains("CC BY 4.0"));
    assert!(ATTRIBUTION_EN.contains("GeoThai") && ATTRIBUTION_EN.contains("CC BY 4.0"));
    assert!(NOTICE.contains("Pongsakorn Thipayanate"));
    assert!(NOTICE.contains("Joe Takara"));
    assert!(NOTICE.contains("region column added, reduced to current areas"));
}
