//! Where the demo enterprises are: every province with its real subdistricts and postal
//! codes, weighted toward the north as the programme's story is (Lamphun longan, Mae Hong
//! Son roadshow). Built once and shared.

use std::sync::OnceLock;

use otop_domain::PostalCode;
use otop_geo::{Region, geography};

use crate::products::{ProductTpl, regional, specialities};

pub(crate) struct Place {
    pub subdistrict: u32,
    pub district: u16,
    pub name_th: &'static str,
    pub postal_code: PostalCode,
}

pub(crate) struct ProvinceInfo {
    pub code: u8,
    pub name_th: &'static str,
    pub region: Region,
    /// Lower-case ASCII name for demo e-mail addresses, e.g. "maehongson".
    pub slug: String,
    pub places: Vec<Place>,
    pub specialities: &'static [ProductTpl],
    pub regional: &'static [ProductTpl],
}

pub(crate) struct Tables {
    pub provinces: Vec<ProvinceInfo>,
    /// Relative weights of `provinces`, same order.
    pub weights: Vec<u32>,
    pub total_weight: u32,
}

/// How many enterprises a province gets, relative to the others.
pub(crate) fn weight(code: u8, region: Region) -> u32 {
    match code {
        51 => 36, // ลำพูน
        58 => 24, // แม่ฮ่องสอน
        50 => 14, // เชียงใหม่
        52 => 10, // ลำปาง
        _ => match region {
            Region::North => 6,
            Region::Northeast => 2,
            Region::Central => 1,
            Region::East | Region::West | Region::South => 2,
        },
    }
}

pub(crate) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build)
}

fn build() -> Tables {
    let g = geography();
    let mut provinces = Vec::with_capacity(g.provinces().len());
    for p in g.provinces() {
        let mut places = Vec::new();
        for d in g.districts_of(p.code) {
            for s in g.subdistricts_of(d.code) {
                let Some(postal) = s.postal_codes.first() else { continue };
                // Keep only places that a person can name unambiguously, so an address
                // written out by name finds its way back to the same subdistrict.
                if g.find_subdistrict(p.name_th, d.name_th, s.name_th).map(|x| x.code) != Some(s.code) {
                    continue;
                }
                let Ok(postal_code) = PostalCode::parse("postal_code", postal) else { continue };
                places.push(Place { subdistrict: s.code, district: d.code, name_th: s.name_th, postal_code });
            }
        }
        assert!(!places.is_empty(), "otop-demo: no usable subdistrict in province {}", p.code);
        provinces.push(ProvinceInfo {
            code: p.code,
            name_th: p.name_th,
            region: p.region,
            slug: p.name_en.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect(),
            places,
            specialities: specialities(p.code),
            regional: regional(p.region),
        });
    }
    let weights: Vec<u32> = provinces.iter().map(|p| weight(p.code, p.region)).collect();
    let total_weight = weights.iter().sum();
    Tables { provinces, weights, total_weight }
}

impl Tables {
    /// The province at a uniform draw `x` in `0..total_weight`.
    pub(crate) fn province_at(&self, mut x: u32) -> &ProvinceInfo {
        for (p, w) in self.provinces.iter().zip(&self.weights) {
            if x < *w {
                return p;
            }
            x -= w;
        }
        self.provinces.last().expect("provinces")
    }
}
